//! `no-variant`.

use crate::report::{Diagnostic, Severity};
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
    /// `--post PASP0150 --post PASP0024`. `essaylint rules` lists them.
    pub NO_VARIANT = ("EL011", "no-variant", Warning);
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.variant.is_some() {
        return;
    }
    out.push(NO_VARIANT.diagnostic(
        Severity::Warning,
        "no post given: the file was checked, but no vacancy's limits were applied",
        "add --post with each post you applied for (essaylint rules lists them)",
        None,
    ));
}
