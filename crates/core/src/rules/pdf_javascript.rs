//! `pdf-javascript`.

use crate::document::Format;
use crate::report::{Diagnostic, Severity};
use crate::rules::{Context, declare_check};

declare_check! {
    /// The PDF contains JavaScript.
    ///
    /// ## What it does
    /// Looks for JavaScript in the PDF: document-level scripts (the catalog's `/Names`
    /// `/JavaScript`), an action run on opening (`/OpenAction`), document and page actions
    /// (`/AA`), actions of links, annotations and form fields, and any other JavaScript action in
    /// the file.
    ///
    /// ## Why
    /// An essay has no use for scripts, and scripts in a PDF are a classic way to attack the
    /// person who opens it: portals, mail gateways and antivirus software often quarantine or
    /// strip such files, so the essay may never reach a reviewer. Scripts usually come from a form
    /// template or an editing tool, not from Word or LibreOffice.
    ///
    /// ## How to fix
    /// Export the PDF again from the essay itself (Word: File > Save As > PDF; LibreOffice: File >
    /// Export as PDF), which writes no scripts. In Acrobat: Tools > JavaScript > Document
    /// JavaScripts, delete each one; or Print > "Microsoft Print to PDF" (Mac: "Save as PDF").
    pub PDF_JAVASCRIPT = ("EL036", "pdf-javascript", Warning);
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(doc) = ctx.doc else {
        return;
    };
    if doc.format != Format::Pdf || doc.hygiene.javascript.is_empty() {
        return;
    }
    out.push(PDF_JAVASCRIPT.diagnostic(
        Severity::Warning,
        format!(
            "the PDF contains JavaScript ({})",
            doc.hygiene.javascript.join(", ")
        ),
        "export the PDF again from the essay itself (Word: File > Save As > PDF; LibreOffice: \
         File > Export as PDF); portals and mail filters often quarantine PDFs with scripts",
        None,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::rules::test_support::run_on;

    #[test]
    fn names_where() {
        let mut doc = Document::new(Format::Pdf);
        assert!(run_on(&doc, check).is_empty());
        doc.hygiene.javascript = vec!["document scripts", "on opening"];
        let got = run_on(&doc, check);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].severity, Severity::Warning);
        assert_eq!(
            got[0].message,
            "the PDF contains JavaScript (document scripts, on opening)"
        );
    }
}
