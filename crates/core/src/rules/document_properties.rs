//! `document-properties`.

use crate::document::{Document, Format};
use crate::report::{Diagnostic, Severity};
use crate::rules::{Context, declare_check};

declare_check! {
    /// The file's properties carry names a reviewer can read.
    ///
    /// ## What it does
    /// Reads the names a file stores about itself: the author (`dc:creator` in a Word document,
    /// `/Author` in a PDF), who saved it last (`cp:lastModifiedBy`), and from a Word document's
    /// `docProps/app.xml` the company, the manager and the template it was made from.
    ///
    /// It warns when the properties name more than the author: a company or a manager, a template
    /// other than Word's blank `Normal` (its name often says whose it is), or a last editor whose
    /// name differs from the author's (someone else's name, or your own login beside your name).
    /// When the only name is the author's, it reports it as information: your own name as author
    /// is normal, but you should know that a reviewer can see it (File > Info, or a PDF viewer's
    /// Document Properties).
    ///
    /// ## Why
    /// Properties travel with the file. A company field filled in by your employer's Word
    /// installation, a colleague's name as last editor or a ministry's template name tell a
    /// reviewer where the essay was written and who touched it.
    ///
    /// ## How to fix
    /// In Word: File > Info > Check for Issues > Inspect Document, tick "Document Properties and
    /// Personal Information", Inspect, then Remove All, and save. To change rather than remove
    /// them: File > Info > Properties > Advanced Properties > Summary (author, manager, company).
    /// A template: Developer > Document Template (or File > Options > Add-ins > Manage:
    /// Templates), and attach Normal. In LibreOffice: File > Properties > General, "Reset
    /// Properties", and clear the Description tab. For a PDF, fix the document it was made from
    /// and export it again (its author comes from the document's properties), or in Acrobat:
    /// File > Properties > Description.
    pub DOCUMENT_PROPERTIES = ("EL030", "document-properties", Warning);
}

/// Template names that mean Word's blank document (`Normal.dotm` and its older forms).
fn is_default_template(name: &str) -> bool {
    let name = name.trim().to_ascii_lowercase();
    let stem = name
        .rsplit(['\\', '/'])
        .next()
        .unwrap_or(&name)
        .trim_end_matches(".dotm")
        .trim_end_matches(".dotx")
        .trim_end_matches(".dot");
    stem == "normal" || stem.is_empty()
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The properties as a reviewer would read them, and whether any of them warrants a warning.
fn describe(doc: &Document) -> Option<(Vec<String>, bool)> {
    let meta = &doc.metadata;
    let hygiene = &doc.hygiene;
    let mut shown = Vec::new();
    let mut warn = false;
    match (meta.creator.as_deref(), meta.last_modified_by.as_deref()) {
        (Some(author), Some(last)) if same_name(author, last) => {
            shown.push(format!("author and last saved by \"{author}\""));
        }
        (Some(author), Some(last)) => {
            shown.push(format!("author \"{author}\""));
            shown.push(format!("last saved by \"{last}\""));
            warn = true;
        }
        (Some(author), None) => shown.push(format!("author \"{author}\"")),
        (None, Some(last)) => shown.push(format!("last saved by \"{last}\"")),
        (None, None) => {}
    }
    if let Some(company) = &hygiene.company {
        shown.push(format!("company \"{company}\""));
        warn = true;
    }
    if let Some(manager) = &hygiene.manager {
        shown.push(format!("manager \"{manager}\""));
        warn = true;
    }
    if let Some(template) = hygiene
        .template
        .as_deref()
        .filter(|t| !is_default_template(t))
    {
        shown.push(format!("template \"{template}\""));
        warn = true;
    }
    (!shown.is_empty()).then_some((shown, warn))
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(doc) = ctx.doc else {
        return;
    };
    let Some((shown, warn)) = describe(doc) else {
        return;
    };
    let help = match (doc.format, warn) {
        (Format::Pdf, _) => {
            "remove the names from the document's properties before exporting it to PDF \
             (Word: File > Info > Check for Issues > Inspect Document > Document Properties and \
             Personal Information > Remove All), or change them in Acrobat: File > Properties > \
             Description"
        }
        (_, true) => {
            "File > Info > Check for Issues > Inspect Document, then Remove All beside \"Document \
             Properties and Personal Information\", and save (or edit them in File > Info > \
             Properties > Advanced Properties)"
        }
        (_, false) => {
            "nothing to fix if you are content for a reviewer to see it; to remove it: File > \
             Info > Check for Issues > Inspect Document > Document Properties and Personal \
             Information > Remove All"
        }
    };
    let (severity, message) = if warn {
        (
            Severity::Warning,
            format!("the document properties show {}", shown.join(", ")),
        )
    } else {
        (
            Severity::Info,
            format!(
                "the document properties show {} (a reviewer can see them)",
                shown.join(", ")
            ),
        )
    };
    out.push(DOCUMENT_PROPERTIES.diagnostic(severity, message, help, None));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(doc: &Document) -> Vec<Diagnostic> {
        crate::rules::test_support::run_on(doc, check)
    }

    #[test]
    fn nothing_when_no_names() {
        let mut doc = Document::new(Format::Docx);
        doc.hygiene.template = Some("Normal.dotm".into());
        assert!(run(&doc).is_empty());
    }

    #[test]
    fn the_author_alone_is_information() {
        let mut doc = Document::new(Format::Docx);
        doc.metadata.creator = Some("Jane Smith".into());
        doc.metadata.last_modified_by = Some("jane smith ".into());
        doc.hygiene.template = Some("Normal".into());
        let got = run(&doc);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].severity, Severity::Info);
        assert_eq!(
            got[0].message,
            "the document properties show author and last saved by \"Jane Smith\" (a reviewer \
             can see them)"
        );
    }

    #[test]
    fn company_template_and_another_editor_warn() {
        let mut doc = Document::new(Format::Docx);
        doc.metadata.creator = Some("J. Smith".into());
        doc.metadata.last_modified_by = Some("jsmith".into());
        doc.hygiene.company = Some("Ministry of X".into());
        doc.hygiene.template = Some("Ministry Letter.dotx".into());
        let got = run(&doc);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].severity, Severity::Warning);
        assert_eq!(
            got[0].message,
            "the document properties show author \"J. Smith\", last saved by \"jsmith\", company \
             \"Ministry of X\", template \"Ministry Letter.dotx\""
        );
        assert!(got[0].help.contains("Inspect Document"));
    }

    #[test]
    fn a_company_alone_warns() {
        let mut doc = Document::new(Format::Docx);
        doc.hygiene.company = Some("Acme".into());
        assert_eq!(run(&doc)[0].severity, Severity::Warning);
    }

    #[test]
    fn default_templates() {
        for name in [
            "Normal",
            "Normal.dotm",
            "normal.dot",
            "Normal.dotx",
            "C:\\x\\Normal.dotm",
        ] {
            assert!(is_default_template(name), "{name}");
        }
        for name in [
            "Essay.dotx",
            "NormalMinistry.dotm",
            "C:\\Users\\jsmith\\Letter.dot",
        ] {
            assert!(!is_default_template(name), "{name}");
        }
    }

    #[test]
    fn a_pdf_author_is_information_with_pdf_help() {
        let mut doc = Document::new(Format::Pdf);
        doc.metadata.creator = Some("Mark Lacagnina".into());
        let got = run(&doc);
        assert_eq!(got[0].severity, Severity::Info);
        assert!(got[0].help.contains("Acrobat"));
    }
}
