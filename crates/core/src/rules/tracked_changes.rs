//! `tracked-changes`.

use crate::report::{Diagnostic, Severity};
use crate::rules::{Context, declare_check, plural};

declare_check! {
    /// Tracked changes are left in the document.
    ///
    /// ## What it does
    /// Finds revisions recorded with Track Changes: insertions, deletions, moves and formatting
    /// changes, with the authors they name. Deleted and moved-away text is not counted; inserted
    /// text is.
    ///
    /// ## Why
    /// A reviewer who opens the file sees every change, the deleted text and the names of whoever
    /// made them: earlier drafts, a colleague's edits, or your employer's name.
    ///
    /// ## How to fix
    /// In Word: Review > Accept > Accept All Changes (or Reject All), then switch Track Changes
    /// off, and save. Check with Review > Show Markup that nothing is left.
    pub TRACKED_CHANGES = ("EL008", "tracked-changes", Warning);
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(doc) = ctx.doc else {
        return;
    };
    let r = &doc.revisions;
    if r.total() == 0 {
        return;
    }
    let mut kinds = Vec::new();
    for (n, one, many) in [
        (r.insertions, "insertion", "insertions"),
        (r.deletions, "deletion", "deletions"),
        (r.moves, "move", "moves"),
        (r.formatting, "formatting change", "formatting changes"),
    ] {
        if n > 0 {
            kinds.push(plural(u64::from(n), one, many));
        }
    }
    let deleted = ctx.counts.map_or(0, |c| c.deleted_words);
    let mut message = format!(
        "{} left in ({})",
        plural(u64::from(r.total()), "tracked change", "tracked changes"),
        kinds.join(", ")
    );
    if deleted > 0 {
        message.push_str(&format!(
            "; {} of deleted text not counted",
            plural(deleted, "word", "words")
        ));
    }
    if !r.authors.is_empty() {
        let authors: Vec<&str> = r.authors.iter().map(String::as_str).collect();
        message.push_str(&format!("; by {}", authors.join(", ")));
    }
    out.push(TRACKED_CHANGES.diagnostic(
        Severity::Warning,
        message,
        "accept or reject every change (Review > Accept > Accept All Changes), switch Track \
         Changes off, and save",
        None,
    ));
}
