//! `pdf-producer`.

use crate::document::Format;
use crate::report::{Diagnostic, Severity};
use crate::rules::{Context, declare_check};

declare_check! {
    /// The PDF names the program that made it.
    ///
    /// ## What it does
    /// Reports the PDF's `/Producer` (the Info dictionary's record of the program that wrote the
    /// file: "Microsoft® Word for Microsoft 365", "LibreOffice 7.4", "macOS Quartz PDFContext",
    /// a converter or an editing tool), so that you know what the file says about itself.
    /// Information only.
    ///
    /// ## Why
    /// A reviewer can read it in the viewer's Document Properties. It is normally harmless, but a
    /// converter, a scanner or an online PDF editor you did not expect tells you the file went
    /// through hands or tools you may not have meant it to, and an editor's name can explain other
    /// warnings (annotations, fonts not embedded).
    ///
    /// ## How to fix
    /// Nothing to fix if the program is the one you used. If it is not, export the PDF again from
    /// the essay itself (Word: File > Save As > PDF; LibreOffice: File > Export as PDF).
    pub PDF_PRODUCER = ("EL037", "pdf-producer", Info);
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(doc) = ctx.doc else {
        return;
    };
    let Some(producer) = doc.metadata.application.as_deref() else {
        return;
    };
    if doc.format != Format::Pdf {
        return;
    }
    out.push(PDF_PRODUCER.diagnostic(
        Severity::Info,
        format!("the PDF says it was made with \"{producer}\""),
        "nothing to fix if that is the program you used; otherwise export the PDF again from the \
         essay itself",
        None,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::rules::test_support::run_on;

    #[test]
    fn reports_the_producer_of_a_pdf_only() {
        let mut doc = Document::new(Format::Pdf);
        assert!(run_on(&doc, check).is_empty());
        doc.metadata.application = Some("LibreOffice 7.4".into());
        let got = run_on(&doc, check);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].severity, Severity::Info);
        assert_eq!(
            got[0].message,
            "the PDF says it was made with \"LibreOffice 7.4\""
        );
        let mut docx = Document::new(Format::Docx);
        docx.metadata.application = Some("Microsoft Office Word".into());
        assert!(run_on(&docx, check).is_empty());
    }
}
