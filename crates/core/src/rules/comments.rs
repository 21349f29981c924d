//! `comments`.

use crate::report::{Diagnostic, Severity};
use crate::rules::{Context, declare_check, plural};

declare_check! {
    /// Comments are left in the document.
    ///
    /// ## What it does
    /// Finds comments (Review > New Comment) and the authors they name. Their words are reported
    /// apart and never counted.
    ///
    /// ## Why
    /// A reviewer sees every comment in the margin: notes to yourself, a colleague's advice, names.
    ///
    /// ## How to fix
    /// In Word: Review > Delete > Delete All Comments in Document, and save. In LibreOffice: right
    /// click a comment > Delete All Comments.
    pub COMMENTS = ("EL009", "comments", Warning);
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(doc) = ctx.doc else {
        return;
    };
    let n = doc.comment_authors.len() as u64;
    if n == 0 {
        return;
    }
    let mut authors: Vec<&str> = doc
        .comment_authors
        .iter()
        .map(String::as_str)
        .filter(|a| !a.is_empty())
        .collect();
    authors.sort_unstable();
    authors.dedup();
    let by = if authors.is_empty() {
        String::new()
    } else {
        format!(" by {}", authors.join(", "))
    };
    let words = ctx.counts.map_or(0, |c| c.by_part.comments);
    out.push(COMMENTS.diagnostic(
        Severity::Warning,
        format!(
            "{} left in{by} ({}, not counted)",
            plural(n, "comment", "comments"),
            plural(words, "word", "words")
        ),
        "delete every comment (Review > Delete > Delete All Comments in Document) and save",
        None,
    ));
}
