//! `external-content`.

use crate::document::Hygiene;
use crate::report::{Diagnostic, Severity};
use crate::rules::{Context, declare_check, plural};

declare_check! {
    /// The document refers to files outside itself: a template, pictures, objects or links.
    ///
    /// ## What it does
    /// Reads the relationships of the main document that point outside the file
    /// (`TargetMode="External"`) and the template attached in `settings.xml`
    /// (`w:attachedTemplate`). Content that Word fetches when the file is opened (an attached
    /// template, a linked picture, a linked object, a subdocument, a frame) gives a warning with
    /// its location. Hyperlinks to web pages only open when clicked; they are listed as
    /// information.
    ///
    /// ## Why
    /// Linked content is not in the file: on the reviewer's computer a linked picture shows as a
    /// red cross and a linked object as its last cached image, and Word may pause or warn while it
    /// tries to reach a network path such as `\\server\share` or `file:///C:/Users/you/…`, a path
    /// that also shows your login name. Mail filters treat documents that fetch remote templates
    /// as suspect, because that is how many malicious documents work.
    ///
    /// ## How to fix
    /// An attached template: Developer > Document Template (or File > Options > Add-ins >
    /// Manage: Templates > Go), clear the template name or attach Normal, untick "Automatically
    /// update document styles", and save. Linked pictures and objects: File > Info > Edit Links to
    /// Files (at the foot of the Related Documents list), select each link and click "Break Link",
    /// or tick "Save picture in document"; then save. Hyperlinks need nothing, unless a link was
    /// not meant to be there.
    pub EXTERNAL_CONTENT = ("EL033", "external-content", Warning);
}

/// What a reviewer would call a kind of external relationship.
fn label(kind: &str) -> &str {
    match kind {
        "image" => "linked picture",
        "oleObject" => "linked object",
        "package" => "linked package",
        "subDocument" => "subdocument",
        "frame" => "frame",
        "attachedTemplate" => "template",
        "audio" | "video" | "media" => "linked media",
        other => other,
    }
}

fn targets(hygiene: &Hygiene, kind: &str) -> String {
    let shown: Vec<String> = hygiene
        .external_targets
        .iter()
        .filter(|t| t.kind == kind)
        .map(|t| format!("\"{}\"", t.target))
        .collect();
    let total = hygiene.external_by_kind.get(kind).copied().unwrap_or(0) as usize;
    let mut text = shown.join(", ");
    if total > shown.len() {
        text.push_str(&format!(" and {} more", total - shown.len()));
    }
    text
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(doc) = ctx.doc else {
        return;
    };
    let hygiene = &doc.hygiene;
    let mut fetched = Vec::new();
    if let Some(template) = &hygiene.attached_template {
        fetched.push(format!("an attached template \"{template}\""));
    }
    for (kind, &count) in hygiene
        .external_by_kind
        .iter()
        .filter(|(kind, _)| kind.as_str() != "hyperlink")
    {
        let label = label(kind);
        fetched.push(format!(
            "{} {}",
            plural(u64::from(count), label, &format!("{label}s")),
            targets(hygiene, kind)
        ));
    }
    if !fetched.is_empty() {
        out.push(EXTERNAL_CONTENT.diagnostic(
            Severity::Warning,
            format!(
                "the document fetches content from outside the file when opened: {}",
                fetched.join("; ")
            ),
            "detach the template (Developer > Document Template, attach Normal) and break or embed \
             linked pictures and objects (File > Info > Edit Links to Files > Break Link), then save",
            None,
        ));
    }
    if let Some(&links) = hygiene.external_by_kind.get("hyperlink") {
        out.push(EXTERNAL_CONTENT.diagnostic(
            Severity::Info,
            format!(
                "{} to outside the file: {}",
                plural(u64::from(links), "hyperlink", "hyperlinks"),
                targets(hygiene, "hyperlink")
            ),
            "nothing to fix: links open only when clicked; check that each one is meant to be there",
            None,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, ExternalTarget, Format};
    use crate::rules::test_support::run_on;

    fn external(doc: &mut Document, kind: &str, target: &str) {
        *doc.hygiene.external_by_kind.entry(kind.into()).or_insert(0) += 1;
        if doc
            .hygiene
            .external_targets
            .iter()
            .filter(|t| t.kind == kind)
            .count()
            < Hygiene::MAX_TARGETS_PER_KIND
        {
            doc.hygiene.external_targets.push(ExternalTarget {
                kind: kind.into(),
                target: target.into(),
            });
        }
    }

    #[test]
    fn hyperlinks_alone_are_information() {
        let mut doc = Document::new(Format::Docx);
        assert!(run_on(&doc, check).is_empty());
        for i in 0..5 {
            external(&mut doc, "hyperlink", &format!("https://www.nato.int/{i}"));
        }
        let got = run_on(&doc, check);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].severity, Severity::Info);
        assert_eq!(
            got[0].message,
            "5 hyperlinks to outside the file: \"https://www.nato.int/0\", \
             \"https://www.nato.int/1\", \"https://www.nato.int/2\" and 2 more"
        );
    }

    #[test]
    fn templates_pictures_and_objects_warn() {
        let mut doc = Document::new(Format::Docx);
        doc.hygiene.attached_template = Some("file:///C:/Users/jsmith/Ministry.dotx".into());
        external(&mut doc, "image", "http://example.org/logo.png");
        external(&mut doc, "hyperlink", "https://www.nato.int/");
        let got = run_on(&doc, check);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].severity, Severity::Warning);
        assert_eq!(
            got[0].message,
            "the document fetches content from outside the file when opened: an attached \
             template \"file:///C:/Users/jsmith/Ministry.dotx\"; 1 linked picture \
             \"http://example.org/logo.png\""
        );
        assert_eq!(got[1].severity, Severity::Info);
    }
}
