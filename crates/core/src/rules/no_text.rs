//! `no-text`.

use crate::document::TextProblem;
use crate::report::{Diagnostic, Severity};
use crate::rules::{Context, declare_check};

declare_check! {
    /// The file has no text that can be read.
    ///
    /// ## What it does
    /// Reports a PDF whose pages carry no text layer (a scan, or pictures of text) and a Word
    /// document with no words in its main text. It is an error when the vacancy sets a word or
    /// character limit (the limit cannot be checked), a warning otherwise.
    ///
    /// ## Why
    /// A reviewer cannot search, copy or count a scanned essay, and screening tools cannot read
    /// it. An essay with no words in it is usually the wrong file.
    ///
    /// ## How to fix
    /// Export the PDF from the word processor you wrote the essay in (File > Export > PDF) instead
    /// of scanning or printing to an image; check that you attached the right file.
    pub NO_TEXT = ("EL007", "no-text", Warning);
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(doc) = ctx.doc else {
        return;
    };
    let severity = if ctx.variant.is_some_and(|v| v.limits_text()) {
        Severity::Error
    } else {
        Severity::Warning
    };
    match &doc.text_problem {
        Some(TextProblem::NoTextLayer) => out.push(NO_TEXT.diagnostic(
            severity,
            "the PDF has no text layer (it looks scanned or made of pictures): its words cannot be \
             read or counted",
            "export the PDF from your word processor (File > Export > PDF) instead of scanning it",
            None,
        )),
        Some(TextProblem::Failed(_)) => {}
        None => {
            if ctx
                .counts
                .is_some_and(|c| c.by_part.body == 0 && c.by_part.text_boxes == 0)
            {
                out.push(NO_TEXT.diagnostic(
                    severity,
                    "the document has no words in its main text",
                    "check that you attached the essay and not another file",
                    None,
                ));
            }
        }
    }
}
