//! `hidden-text`.

use crate::report::{Diagnostic, Severity};
use crate::rules::{Context, declare_check, plural};

declare_check! {
    /// The document contains hidden text.
    ///
    /// ## What it does
    /// Finds text formatted as hidden (Font > Hidden), set directly or through a style. Word does
    /// not show or count it, and neither does essaylint, but it is in the file.
    ///
    /// ## Why
    /// Anyone can reveal hidden text (Home > Show/Hide ¶). It is often a leftover: an earlier
    /// draft, notes, text pasted from elsewhere.
    ///
    /// ## How to fix
    /// Show hidden text (Home > ¶), select it and delete it, or clear Hidden in Home > Font if it
    /// should be part of the essay (it will then count).
    pub HIDDEN_TEXT = ("EL010", "hidden-text", Warning);
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(counts) = ctx.counts else {
        return;
    };
    let hidden = counts.hidden_words;
    if hidden == 0 {
        return;
    }
    out.push(HIDDEN_TEXT.diagnostic(
        Severity::Warning,
        format!(
            "{} of hidden text (not shown, not counted, but in the file)",
            plural(hidden, "word", "words")
        ),
        "show hidden text (Home > ¶), delete it, and save",
        None,
    ));
}
