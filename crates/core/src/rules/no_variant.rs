//! `no-variant`.

use crate::report::{Diagnostic, Severity};
use crate::rules::prompt_coverage::judgeable_text;
use crate::rules::variant_mismatch::{describe, guess, post_list};
use crate::rules::{Context, declare_check};

declare_check! {
    /// No post was given, so no essay variant's limits were applied.
    ///
    /// ## What it does
    /// Without `--post`, essaylint counts words and pages and checks the file itself (type,
    /// readability, tracked changes, comments, hidden text), but cannot know the word limit, page
    /// limit, paper or question that apply.
    ///
    /// ## Why
    /// The limits depend on the vacancy and, for the two head posts, on which posts you applied
    /// for: one essay question for PASP0150, another for PASP0024, and a third for both.
    ///
    /// ## How to fix
    /// Run the check again with every post you applied for, e.g. `--post officer-gps`, or
    /// `--post PASP0150 --post PASP0024`. `essaylint rules` lists them. When the essay clearly
    /// answers one variant's question of the rules in force (the built-in rules, or those given
    /// with `--rules`), as `prompt-coverage` judges it, the message names that variant.
    pub NO_VARIANT = ("EL011", "no-variant", Warning);
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.variant.is_some() {
        return;
    }
    let mut message =
        String::from("no post given: the file was checked, but no vacancy's limits were applied");
    // Shell-neutral: the CLI gives posts as `--post`, the service as `post` parameters; each
    // shell words that itself.
    let mut help = String::from("name each post you applied for (the rules list them)");
    if let Some(rules) = ctx.rules
        && let Some(text) = judgeable_text(ctx)
        && let Some(g) = guess(rules, &text)
    {
        message.push_str(&format!(
            "; the essay appears to answer the question for {}: {} of its {} elements addressed",
            describe(g.competition, &g.variant.id),
            g.addressed,
            g.total
        ));
        help.push_str(&format!(
            ", e.g. {} if that is what you applied for",
            post_list(g.variant)
        ));
    }
    out.push(NO_VARIANT.diagnostic(Severity::Warning, message, help, None));
}
