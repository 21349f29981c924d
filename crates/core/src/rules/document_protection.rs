//! `document-protection`.

use crate::report::{Diagnostic, Severity};
use crate::rules::{Context, declare_check};

declare_check! {
    /// The document restricts editing or asks for a password to modify it.
    ///
    /// ## What it does
    /// Reads Word's protection settings: restricted editing in force (`w:documentProtection` with
    /// enforcement on: read only, comments only, tracked changes only, filling in forms only, or
    /// formatting limited to some styles) and write protection (`w:writeProtection`: a password
    /// to modify, or "read-only recommended"). Protection that was switched off, which Word keeps
    /// in the file with enforcement off, is not reported.
    ///
    /// ## Why
    /// A protected essay is awkward to handle: the portal, an HR assistant or a reviewer who needs
    /// to anonymise, annotate or convert it is stopped by a prompt or a password they do not have,
    /// and "comments only" or "tracked changes only" suggests the file is someone else's form.
    ///
    /// ## How to fix
    /// In Word: File > Info > Protect Document > Restrict Editing, then Stop Protection at the
    /// foot of the pane (enter the password if one was set), and save. For a password to modify or
    /// "read-only recommended": File > Save As > More options > Tools > General Options, clear
    /// "Password to modify" and "Read-only recommended", and save. In LibreOffice: Tools > Protect
    /// Document, and File > Properties > Security.
    pub DOCUMENT_PROTECTION = ("EL032", "document-protection", Warning);
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(doc) = ctx.doc else {
        return;
    };
    let hygiene = &doc.hygiene;
    let mut found = Vec::new();
    if let Some(protection) = hygiene.protection.as_ref().filter(|p| p.enforced) {
        // ECMA-376 §17.18.29 ST_DocProtect.
        match protection.edit.as_deref() {
            Some("readOnly") => found.push("editing is restricted to reading only".to_owned()),
            Some("comments") => found.push("editing is restricted to comments".to_owned()),
            Some("trackedChanges") => {
                found.push("every edit is forced into tracked changes".to_owned())
            }
            Some("forms") => found.push("editing is restricted to filling in forms".to_owned()),
            Some("none") | None => {}
            Some(other) => found.push(format!("editing is restricted ({other})")),
        }
        if protection.formatting {
            found.push("formatting is restricted to some styles".to_owned());
        }
    }
    if let Some(write) = &hygiene.write_protection {
        if write.password {
            found.push("a password is needed to modify it".to_owned());
        }
        if write.recommended {
            found.push("Word recommends opening it read-only".to_owned());
        }
        if !write.password && !write.recommended {
            found.push("it is write-protected".to_owned());
        }
    }
    if found.is_empty() {
        return;
    }
    out.push(DOCUMENT_PROTECTION.diagnostic(
        Severity::Warning,
        format!("the document is protected: {}", found.join("; ")),
        "File > Info > Protect Document > Restrict Editing > Stop Protection; for a password to \
         modify or read-only advice: File > Save As > Tools > General Options, clear both; then save",
        None,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format, Protection, WriteProtection};
    use crate::rules::test_support::run_on;

    #[test]
    fn only_enforced_restrictions_count() {
        let mut doc = Document::new(Format::Docx);
        doc.hygiene.protection = Some(Protection {
            edit: Some("readOnly".into()),
            formatting: false,
            enforced: false,
        });
        assert!(run_on(&doc, check).is_empty());
        doc.hygiene.protection = Some(Protection {
            edit: Some("none".into()),
            formatting: false,
            enforced: true,
        });
        assert!(run_on(&doc, check).is_empty());
        doc.hygiene.protection = Some(Protection {
            edit: Some("comments".into()),
            formatting: true,
            enforced: true,
        });
        let got = run_on(&doc, check);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].severity, Severity::Warning);
        assert_eq!(
            got[0].message,
            "the document is protected: editing is restricted to comments; formatting is \
             restricted to some styles"
        );
    }

    #[test]
    fn write_protection() {
        let mut doc = Document::new(Format::Docx);
        doc.hygiene.write_protection = Some(WriteProtection {
            recommended: true,
            password: true,
        });
        assert_eq!(
            run_on(&doc, check)[0].message,
            "the document is protected: a password is needed to modify it; Word recommends \
             opening it read-only"
        );
    }
}
