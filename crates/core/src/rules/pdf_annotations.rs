//! `pdf-annotations`.

use crate::document::Format;
use crate::report::{Diagnostic, Severity};
use crate::rules::{Context, declare_check, plural};

declare_check! {
    /// The PDF has annotations or form fields left in it.
    ///
    /// ## What it does
    /// Counts the annotations on the pages (sticky notes, highlights, strike-outs, stamps,
    /// drawings, attached files, …) and the fields of an interactive form (`/AcroForm`). Links
    /// are not reported, nor pop-ups (which belong to a note), nor a form field's widgets apart
    /// from the field they show.
    ///
    /// ## Why
    /// Annotations are a reviewer's or your own notes on the essay, with their authors' names; a
    /// reviewer sees them all in the margin or the comments pane. Form fields can be edited by
    /// whoever opens the file, and their contents may not print or may be lost when a portal
    /// converts the PDF.
    ///
    /// ## How to fix
    /// Best: export the PDF again from the essay itself (Word: File > Save As > PDF; LibreOffice:
    /// File > Export as PDF), after removing comments in the document. In Acrobat: open the
    /// Comments pane, select all comments and delete them; for form fields, Print > "Microsoft
    /// Print to PDF" (or "Save as PDF" on a Mac) flattens them into plain text.
    pub PDF_ANNOTATIONS = ("EL035", "pdf-annotations", Warning);
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(doc) = ctx.doc else {
        return;
    };
    if doc.format != Format::Pdf {
        return;
    }
    let hygiene = &doc.hygiene;
    let mut found = Vec::new();
    let annotations = hygiene.annotation_total();
    if annotations > 0 {
        let kinds: Vec<&str> = hygiene.annotations.keys().map(String::as_str).collect();
        found.push(format!(
            "{} ({})",
            plural(u64::from(annotations), "annotation", "annotations"),
            kinds.join(", ")
        ));
    }
    // Fields are counted in the form; widgets only when a broken form lists none.
    let fields = if hygiene.form_fields > 0 {
        hygiene.form_fields
    } else {
        hygiene.widgets
    };
    if fields > 0 {
        found.push(plural(u64::from(fields), "form field", "form fields"));
    }
    if found.is_empty() {
        return;
    }
    out.push(PDF_ANNOTATIONS.diagnostic(
        Severity::Warning,
        format!("{} left in the PDF", found.join(" and ")),
        "export the PDF again from the essay itself, or delete the comments (Acrobat: Comments \
         pane) and flatten form fields (print to PDF)",
        None,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::rules::test_support::run_on;

    #[test]
    fn annotations_and_fields_but_not_links() {
        let mut doc = Document::new(Format::Pdf);
        doc.hygiene.links = 9;
        assert!(run_on(&doc, check).is_empty());
        doc.hygiene.annotations.insert("Highlight".into(), 3);
        doc.hygiene.annotations.insert("Text".into(), 1);
        doc.hygiene.widgets = 7;
        let got = run_on(&doc, check);
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].message,
            "4 annotations (Highlight, Text) and 7 form fields left in the PDF"
        );
        doc.hygiene.form_fields = 2;
        assert_eq!(
            run_on(&doc, check)[0].message,
            "4 annotations (Highlight, Text) and 2 form fields left in the PDF"
        );
    }
}
