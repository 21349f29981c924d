//! `macros-or-objects`.

use crate::report::{Diagnostic, Severity};
use crate::rules::{Context, declare_check, plural};

declare_check! {
    /// The document contains macros or embedded objects.
    ///
    /// ## What it does
    /// Finds a VBA project (macros: a `vbaProject.bin` part, or a relationship to one) and
    /// embedded objects (OLE objects and packages under `word/embeddings/`: a spreadsheet, a chart's
    /// data, another document, a file dragged into the text).
    ///
    /// ## Why
    /// Macros in an essay are a red flag: portals and mail filters quarantine such files, and
    /// reviewers are told not to open them. An embedded object is a whole other file inside yours,
    /// with its own content and its own author's name, which a reviewer can open with a double
    /// click.
    ///
    /// ## How to fix
    /// Macros: in Word, File > Save As, choose "Word Document (*.docx)" and confirm that the file
    /// is saved without macros. Embedded objects: select each one and delete it, or replace it with
    /// a picture (copy it, then Home > Paste > Paste Special > Picture).
    pub MACROS_OR_OBJECTS = ("EL031", "macros-or-objects", Warning);
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(doc) = ctx.doc else {
        return;
    };
    let hygiene = &doc.hygiene;
    let mut found = Vec::new();
    let mut help = Vec::new();
    if hygiene.macros {
        found.push("macros (a VBA project)".to_owned());
        help.push(
            "save it as a plain Word document to drop the macros (File > Save As > \"Word \
             Document (*.docx)\")",
        );
    }
    if hygiene.embedded_objects > 0 {
        found.push(plural(
            u64::from(hygiene.embedded_objects),
            "embedded object",
            "embedded objects",
        ));
        help.push(
            "delete each embedded object or replace it with a picture (copy it, then Home > \
             Paste > Paste Special > Picture)",
        );
    }
    if found.is_empty() {
        return;
    }
    out.push(MACROS_OR_OBJECTS.diagnostic(
        Severity::Warning,
        format!("the document contains {}", found.join(" and ")),
        help.join("; "),
        None,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};
    use crate::rules::test_support::run_on;

    #[test]
    fn macros_and_objects() {
        let mut doc = Document::new(Format::Docx);
        assert!(run_on(&doc, check).is_empty());
        doc.hygiene.embedded_objects = 2;
        let got = run_on(&doc, check);
        assert_eq!(got[0].message, "the document contains 2 embedded objects");
        doc.hygiene.macros = true;
        let got = run_on(&doc, check);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].severity, Severity::Warning);
        assert_eq!(
            got[0].message,
            "the document contains macros (a VBA project) and 2 embedded objects"
        );
        assert!(got[0].help.contains("Save As"));
    }
}
