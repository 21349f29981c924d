//! `file-type`.

use crate::document::Format;
use crate::report::{Diagnostic, Severity};
use crate::rules::{Context, declare_check};

declare_check! {
    /// The file is not of a type the vacancy accepts.
    ///
    /// ## What it does
    /// Recognises the file from its content, not its name: a Word document (.docx), a PDF, or
    /// something else — a legacy Word 97-2003 file (.doc), a macro-enabled document (.docm), a
    /// template (.dotx, .dotm), an OpenDocument file (.odt), RTF, plain text, a picture, another
    /// zip, an empty file. Anything but .docx and PDF fails. With a post given, it also checks the
    /// vacancy's accepted formats: the Global Partnerships officer essay must be an MS Word
    /// document; the two head posts accept Word or PDF.
    ///
    /// ## Why
    /// The notices name the formats ("one MS Word document", "a Word or pdf document"). A file of
    /// another type may not open for the reviewer, or may be refused by the portal.
    ///
    /// ## How to fix
    /// Open the essay in the program you wrote it in and save it again: in Word, File > Save As >
    /// Word Document (.docx); for a PDF, File > Export > PDF. A file renamed to .docx is not a
    /// .docx: save it in the right format instead.
    pub FILE_TYPE = ("EL005", "file-type", Error);
}

fn help_for(format: Format) -> &'static str {
    match format {
        Format::Doc => {
            "open it in Word and save it as a Word Document: File > Save As > Word Document (.docx)"
        }
        Format::Docm => {
            "save it as a plain Word Document without macros: File > Save As > Word Document (.docx)"
        }
        Format::Dotx | Format::Dotm => {
            "this is a template, not a document: open it, then File > Save As > Word Document (.docx)"
        }
        Format::Odt => {
            "in LibreOffice: File > Save As > Word 2007-365 (.docx), or File > Export as PDF"
        }
        Format::Rtf | Format::Text => {
            "open it in Word and save it as a Word Document: File > Save As > Word Document (.docx)"
        }
        Format::Image => {
            "send the essay as a document, not a picture of it: save it from Word as .docx or PDF"
        }
        Format::Empty => "the file is empty: save the essay again and check the file you attach",
        _ => "save the essay from your word processor as a Word Document (.docx) or a PDF",
    }
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // A file that could not be read from disk has no type to judge: `unreadable` says why.
    if matches!(ctx.read_error, Some(crate::read::ReadError::Io(_))) {
        return;
    }
    let format = ctx.format;
    match format {
        Format::Docx | Format::Pdf => {}
        // A password-protected Office file is a Word file essaylint cannot open: `unreadable`.
        Format::Encrypted => return,
        other => {
            let accepted = ctx
                .variant
                .map(|v| accepted_list(&v.formats))
                .unwrap_or_else(|| "a Word document (.docx) or a PDF".to_string());
            out.push(FILE_TYPE.diagnostic(
                Severity::Error,
                format!("this is {}; accepted: {accepted}", other.describe()),
                help_for(other),
                None,
            ));
            return;
        }
    }
    if let Some(variant) = ctx.variant
        && !variant.accepts(format)
    {
        let help = match format {
            Format::Pdf => "send the Word document you wrote the essay in (.docx), not a PDF of it",
            _ => "export the essay as a PDF: File > Export > PDF",
        };
        out.push(FILE_TYPE.diagnostic(
            Severity::Error,
            format!(
                "this is {}; the {} essay must be {}",
                format.describe(),
                variant.id,
                accepted_list(&variant.formats)
            ),
            help,
            None,
        ));
    }
}

fn accepted_list(formats: &[String]) -> String {
    let names: Vec<&str> = formats
        .iter()
        .map(|f| match f.as_str() {
            "docx" => "an MS Word document (.docx)",
            "pdf" => "a PDF",
            other => other,
        })
        .collect();
    names.join(" or ")
}
