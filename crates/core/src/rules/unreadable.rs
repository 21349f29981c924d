//! `unreadable`.

use crate::document::{Format, TextProblem};
use crate::read::ReadError;
use crate::report::{Diagnostic, Severity};
use crate::rules::{Context, declare_check};

declare_check! {
    /// The file cannot be read: it is damaged, truncated, password-protected, or too large.
    ///
    /// ## What it does
    /// Reports what stopped essaylint from reading the file: a damaged or truncated zip or PDF,
    /// malformed XML, a password to open it, or a resource limit (a part that inflates to an
    /// unreasonable size, elements nested absurdly deep, a PDF whose text extraction ran out of
    /// time or memory). The message names the limit, so an operator knows which setting is at
    /// stake. The rest of the report (format, pages where known) still comes out. When a PDF's
    /// pages and paper were read but its text could not be, this is an error only if the vacancy
    /// sets a word or character limit (which then cannot be checked), and a warning otherwise:
    /// page counts and paper are exact without the text.
    ///
    /// ## Why
    /// If essaylint cannot read the file, a reviewer's software may not either; an essay that does
    /// not open is not read.
    ///
    /// ## How to fix
    /// Open the essay in your word processor and save it again under a new name (File > Save As),
    /// then attach the new file. Remove any password (in Word: File > Info > Protect Document >
    /// Encrypt with Password, and clear it). If the file opens fine for you, export it as a PDF
    /// (where the vacancy accepts PDF) or report the problem with the message shown.
    pub UNREADABLE = ("EL006", "unreadable", Error);
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.format == Format::Encrypted {
        out.push(UNREADABLE.diagnostic(
            Severity::Error,
            "the file is protected with a password to open it",
            "remove the password: in Word, File > Info > Protect Document > Encrypt with Password, \
             clear the password, and save",
            None,
        ));
        return;
    }
    if let Some(error) = ctx.read_error {
        let help = match (error, miette::Diagnostic::help(error)) {
            // The operator is told which setting is at stake.
            (ReadError::Limit { limit, .. }, Some(help)) => {
                format!(
                    "{help} (whoever runs the check can raise the limit with --{})",
                    limit.name()
                )
            }
            (_, help) => help.map(|h| h.to_string()).unwrap_or_default(),
        };
        out.push(UNREADABLE.diagnostic(Severity::Error, error.to_string(), help, None));
        return;
    }
    if let Some(TextProblem::Failed(reason)) = ctx.doc.and_then(|d| d.text_problem.as_ref()) {
        // Pages and paper are exact without the text; only a word or character limit needs it.
        let severity = if ctx.variant.is_some_and(|v| v.limits_text()) {
            Severity::Error
        } else {
            Severity::Warning
        };
        out.push(UNREADABLE.diagnostic(
            severity,
            format!("the PDF's pages were read but its text could not be: {reason}"),
            "export the PDF again from your word processor (File > Export > PDF) rather than \
             printing or scanning it",
            None,
        ));
    }
}
