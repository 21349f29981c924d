//! `no-variant`.

use std::sync::LazyLock;

use crate::report::{Diagnostic, Severity};
use crate::rules::RuleSet;
use crate::rules::prompt_coverage::judgeable_text;
use crate::rules::variant_mismatch::{describe, guess, post_args};
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
    /// answers one variant's question of the built-in rules (as `prompt-coverage` judges it), the
    /// message names that variant.
    pub NO_VARIANT = ("EL011", "no-variant", Warning);
}

/// The built-in rules, for saying which variant an essay appears to answer when no post is given
/// (a check without a post has no rule set of its own).
static BUILTIN: LazyLock<RuleSet> = LazyLock::new(RuleSet::builtin);

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.variant.is_some() {
        return;
    }
    let mut message =
        String::from("no post given: the file was checked, but no vacancy's limits were applied");
    let mut help =
        String::from("add --post with each post you applied for (essaylint rules lists them)");
    if let Some(text) = judgeable_text(ctx)
        && let Some(g) = guess(&BUILTIN, &text)
    {
        message.push_str(&format!(
            "; the essay appears to answer the question for {}: {} of its {} elements addressed",
            describe(g.competition, &g.variant.id),
            g.addressed,
            g.total
        ));
        help.push_str(&format!(
            ", e.g. {} if that is what you applied for",
            post_args(g.variant)
        ));
    }
    out.push(NO_VARIANT.diagnostic(Severity::Warning, message, help, None));
}
