//! A [`Context`] around a document built in code, for the checks' unit tests.

use crate::document::Document;
use crate::report::Diagnostic;
use crate::rules::Context;

/// Runs one check on `doc` alone (no counts, pages, layout or variant).
pub(crate) fn run_on(
    doc: &Document,
    check: fn(&Context<'_>, &mut Vec<Diagnostic>),
) -> Vec<Diagnostic> {
    let ctx = Context {
        format: doc.format,
        doc: Some(doc),
        read_error: None,
        counts: None,
        pages: None,
        layout: None,
        content: None,
        rules: None,
        variant: None,
        competition: None,
    };
    let mut out = Vec::new();
    check(&ctx, &mut out);
    out
}
