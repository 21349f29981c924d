//! The .docx reader: a WordprocessingML package into a [`Document`].
//!
//! Built on `zip` and `quick-xml` rather than docx-rs's reader, which hangs on truncated XML, panics on
//! a CRC mismatch, never reads footnotes and reads entries without bounds. Every part is read through
//! [`Package`] (size limits) and [`XmlStream`] (depth, event and entity limits), and no recursion
//! follows the file's nesting: nested elements are tracked on explicit stacks.
//!
//! What is text follows what Word shows and counts:
//! - a field's result, never its instruction (ECMA-376 §17.16.18), nested fields included;
//! - a text box once: `mc:Choice`, never also its `mc:Fallback` (ECMA-376 Part 3, §10.2.1);
//! - no deleted or moved-away revision text (§17.13.5), but inserted and moved-to text; a paragraph
//!   whose mark is deleted is joined to the next one;
//! - no hidden text (`w:vanish`, §17.3.2.41), set directly or through a style;
//! - tabs and breaks as separators, a non-breaking hyphen as U+2011, a soft hyphen as nothing;
//! - list labels from `numbering.xml` (§17.9) before their paragraph's text, with Word's counters:
//!   per abstract definition, restarted by a `w:startOverride`, through list styles.
//!
//! The parts, in the order they are read: the package relationships and the main part's
//! (`package`), `styles.xml` as far as the document needs it (`styles`), the theme's fonts
//! (`theme`), `settings.xml` (`settings`), the stories (`stories`: body, notes, comments, headers
//! and footers, with their sections and lists from `sections` and `numbering`), and the document
//! properties (`properties`). Styles and direct formatting share one reading of paragraph and run
//! properties (`formatting`).

mod formatting;
mod numbering;
mod package;
mod properties;
mod sections;
mod settings;
mod stories;
mod styles;
mod theme;

use crate::document::{Document, Format, Part, Section};
use crate::limits::Limits;
use crate::read::ReadError;
use crate::read::opc::{self, Relationship, relationships};
use crate::read::zipped::Package;
use numbering::{LazyNumbering, ListCounters};
use package::{read_package_hygiene, read_rel, rel_is, rels_name_for};
use stories::{StoryContext, read_story};
use styles::StyleDefinitions;

/// Reads a .docx (or any WordprocessingML package: the sniffer decides what is accepted).
pub fn read_docx(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    read_package(opc::Package::open(bytes, limits)?)
}

/// Reads an open package (the one the sniffer opened, say), from its package relationships on.
pub(crate) fn read_package(package: opc::Package<'_>) -> Result<Document, ReadError> {
    let main = package.main_part();
    let opc::Package {
        zip: mut package,
        relationships: package_rels,
    } = package;
    let limits = package.limits();
    let package_rels = package_rels?;
    let Some(main_bytes) = package.read(&main)? else {
        return Err(ReadError::MissingMainPart { part: main });
    };

    let rels = match package.read(&rels_name_for(&main))? {
        Some(bytes) => relationships(&bytes, &rels_name_for(&main), &main, limits)?,
        None => Vec::new(),
    };

    let mut doc = Document::new(Format::Docx);
    let mut definitions = read_styles_and_theme(&mut package, &rels, limits, &mut doc)?;
    let numbering = LazyNumbering::new(read_rel(&mut package, &rels, "numbering")?, limits);
    settings::read_settings_part(&mut package, &rels, limits, &mut doc)?;
    read_package_hygiene(&package, &rels, &package_rels, &mut doc);

    let mut counters = ListCounters::default();
    let mut context = StoryContext {
        limits,
        numbering: &numbering,
        definitions: &mut definitions,
        counters: &mut counters,
    };
    read_stories(
        &mut package,
        (&main, &main_bytes),
        &rels,
        &mut context,
        &mut doc,
    )?;
    // A numbering part is read when a paragraph is numbered; if it could not be, the document
    // cannot be read as Word reads it.
    if let Some(error) = numbering.into_error() {
        return Err(error);
    }

    properties::read_properties(&mut package, &package_rels, limits, &mut doc)?;
    Ok(doc)
}

/// Reads the document defaults and the default paragraph style from the styles part, and the
/// theme's fonts. Returns the style definitions the styles the stories refer to are loaded from
/// as the stories are read; they are dropped when reading ends.
fn read_styles_and_theme(
    package: &mut Package<'_>,
    rels: &[Relationship],
    limits: &Limits,
    doc: &mut Document,
) -> Result<StyleDefinitions, ReadError> {
    let mut definitions = StyleDefinitions::default();
    if let Some(rel) = rels.iter().find(|r| rel_is(r, "styles"))
        && let Some((styles, read)) = styles::read_styles_part(package, &rel.target, limits)?
    {
        doc.styles = styles;
        definitions = read;
    }
    if let Some(id) = doc.styles.default_para_style.clone() {
        definitions.load(&id, &mut doc.styles);
    }
    // The theme names the fonts that `minorHAnsi` and `majorHAnsi` stand for; a damaged theme
    // only costs the layout its fonts, never the essay its reading.
    if let Some(bytes) = read_rel(package, rels, "theme")?
        && let Ok((minor, major)) = theme::read_theme_fonts(&bytes, limits)
    {
        doc.styles.theme_minor_font = minor;
        doc.styles.theme_major_font = major;
    }
    Ok(definitions)
}

/// Reads the main story `main` (its part name and bytes), then the footnotes, endnotes and
/// comments, then the headers and footers.
fn read_stories(
    package: &mut Package<'_>,
    main: (&str, &[u8]),
    rels: &[Relationship],
    context: &mut StoryContext<'_>,
    doc: &mut Document,
) -> Result<(), ReadError> {
    let (main, main_bytes) = main;
    read_story(main_bytes, main, Part::Body, context, doc)?;
    if doc.sections.is_empty() {
        doc.sections.push(Section::default());
    }

    for (kind, part) in [
        ("footnotes", Part::Footnotes),
        ("endnotes", Part::Endnotes),
        ("comments", Part::Comments),
    ] {
        for rel in rels.iter().filter(|r| rel_is(r, kind)) {
            if let Some(bytes) = package.read(&rel.target)? {
                read_story(&bytes, &rel.target, part, context, doc)?;
            }
        }
    }
    for rel in rels
        .iter()
        .filter(|r| rel_is(r, "header") || rel_is(r, "footer"))
    {
        if let Some(bytes) = package.read(&rel.target)? {
            read_story(&bytes, &rel.target, Part::HeadersFooters, context, doc)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Protection, WriteProtection};
    use settings::read_settings;
    use std::collections::BTreeMap;
    use stories::tests::{DECIMAL, para, texts};

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    fn wrap(root: &str, inner: &str) -> String {
        format!(r#"<w:{root} xmlns:w="{W}">{inner}</w:{root}>"#)
    }

    /// A package of `entries` zipped in memory.
    fn zipped(entries: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("zip entry starts");
            zip.write_all(text.as_bytes()).expect("zip entry written");
        }
        zip.finish().expect("zip finishes").into_inner()
    }

    const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    #[test]
    fn the_numbering_part_is_read_when_a_paragraph_is_numbered() {
        let package_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/></Relationships>"#
        );
        let document_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{R}/numbering" Target="numbering.xml"/></Relationships>"#
        );
        let good = wrap(
            "numbering",
            &format!(r#"{DECIMAL}<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#),
        );
        let damaged = wrap("numbering", "<w:num w:numId=\"1\"></w:numX>");
        let plain = wrap(
            "document",
            "<w:body><w:p><w:r><w:t>Text.</w:t></w:r></w:p></w:body>",
        );
        let numbered = wrap(
            "document",
            &format!("<w:body>{}</w:body>", para(1, "Text.")),
        );
        let read = |document: &str, numbering: &str| {
            read_docx(
                &zipped(&[
                    ("_rels/.rels", &package_rels),
                    ("word/document.xml", document),
                    ("word/_rels/document.xml.rels", &document_rels),
                    ("word/numbering.xml", numbering),
                ]),
                &Limits::default(),
            )
        };
        let doc = read(&numbered, &good).expect("reads");
        assert_eq!(doc.paragraphs[0].label.as_deref(), Some("1."));
        // Damage in a numbering part no paragraph uses is not seen, as in parts never read...
        assert!(read(&plain, &damaged).is_ok());
        // ...and is the document's when a paragraph is numbered.
        let error = read(&numbered, &damaged).expect_err("damaged numbering");
        assert!(error.to_string().contains("numbering.xml"), "{error}");
    }

    #[test]
    fn the_styles_the_stories_refer_to_are_loaded_before_reading_returns() {
        let package_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/></Relationships>"#
        );
        let document_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{R}/styles" Target="styles.xml"/></Relationships>"#
        );
        // Word's order: the defaults and Normal first, then many built-in styles, and the ones
        // this document uses (a paragraph style based on another, a hidden character style)
        // far into the part.
        let filler: String = (0..300)
            .map(|i| format!(r#"<w:style w:type="paragraph" w:styleId="F{i}"><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="{i}"/></w:pPr></w:style>"#))
            .collect();
        let styles = wrap(
            "styles",
            &format!(
                r#"<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:pPr><w:spacing w:after="160"/></w:pPr></w:style>{filler}<w:style w:type="paragraph" w:styleId="Late"><w:basedOn w:val="Base"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Base"><w:rPr><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="character" w:styleId="Secret"><w:rPr><w:vanish/></w:rPr></w:style>"#
            ),
        );
        let document = wrap(
            "document",
            r#"<w:body><w:p><w:pPr><w:pStyle w:val="Late"/></w:pPr><w:r><w:t xml:space="preserve">Shown </w:t></w:r><w:r><w:rPr><w:rStyle w:val="Secret"/></w:rPr><w:t>hidden</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Nowhere"/></w:pPr><w:r><w:t>Plain</w:t></w:r></w:p></w:body>"#,
        );
        let doc = read_docx(
            &zipped(&[
                ("_rels/.rels", &package_rels),
                ("word/document.xml", &document),
                ("word/_rels/document.xml.rels", &document_rels),
                ("word/styles.xml", &styles),
            ]),
            &Limits::default(),
        )
        .expect("reads");
        // Found while reading: the character style hid its run.
        assert_eq!(
            texts(&doc),
            vec![(Part::Body, None, "Shown "), (Part::Body, None, "Plain")]
        );
        assert_eq!(doc.hidden_text, "hidden");
        // Only what the document refers to, with what it is based on; none of the 300 others,
        // and nothing for a style the part does not define.
        let ids: Vec<&str> = doc.styles.by_id.keys().map(String::as_str).collect();
        assert_eq!(ids, ["Base", "Late", "Normal", "Secret"]);
        let late: Vec<_> = doc.styles.chain(Some("Late")).collect();
        assert_eq!(late.len(), 2);
        assert_eq!(late[0].para.alignment.as_deref(), Some("center"));
        assert_eq!(late[1].run.size_half_points, Some(32));
        assert_eq!(doc.styles.default_run.size_half_points, Some(22));
    }

    #[test]
    fn hygiene_facts_of_a_package() {
        let package_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="{R}/extended-properties" Target="docProps/app.xml"/></Relationships>"#
        );
        let document_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{R}/settings" Target="settings.xml"/><Relationship Id="rId2" Type="{R}/hyperlink" Target="https://www.nato.int/" TargetMode="External"/><Relationship Id="rId3" Type="{R}/image" Target="http://example.org/logo.png" TargetMode="External"/><Relationship Id="rId4" Type="{R}/oleObject" Target="embeddings/oleObject1.bin"/><Relationship Id="rId5" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>{}</Relationships>"#,
            (6..12)
                .map(|i| format!(r#"<Relationship Id="rId{i}" Type="{R}/hyperlink" Target="https://example.org/{i}" TargetMode="External"/>"#))
                .collect::<String>()
        );
        let settings_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{R}/attachedTemplate" Target="file:///C:\Users\jsmith\Templates\Ministry.dotx" TargetMode="External"/></Relationships>"#
        );
        let settings = format!(
            r#"<w:settings xmlns:w="{W}" xmlns:r="{R}"><w:writeProtection w:recommended="1"/><w:documentProtection w:edit="trackedChanges" w:enforcement="1" w:cryptProviderType="rsaAES" w:hashValue="x" w:saltValue="y"/><w:attachedTemplate r:id="rId1"/></w:settings>"#
        );
        let app = "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Template>Ministry.dotx</Template><Company> Ministry of X </Company><Manager>A. Boss</Manager><Application>Microsoft Office Word</Application></Properties>";
        let bytes = zipped(&[
            ("_rels/.rels", &package_rels),
            ("docProps/app.xml", app),
            (
                "word/document.xml",
                &wrap(
                    "document",
                    "<w:body><w:p><w:r><w:t>Text.</w:t></w:r></w:p></w:body>",
                ),
            ),
            ("word/_rels/document.xml.rels", &document_rels),
            ("word/settings.xml", &settings),
            ("word/_rels/settings.xml.rels", &settings_rels),
            ("word/embeddings/oleObject1.bin", "ole"),
            ("word/embeddings/Microsoft_Excel_Worksheet.xlsx", "xlsx"),
            ("word/vbaProject.bin", "vba"),
        ]);
        let doc = read_docx(&bytes, &Limits::default()).expect("reads");
        let h = &doc.hygiene;
        assert_eq!(h.company.as_deref(), Some("Ministry of X"));
        assert_eq!(h.manager.as_deref(), Some("A. Boss"));
        assert_eq!(h.template.as_deref(), Some("Ministry.dotx"));
        assert_eq!(
            h.attached_template.as_deref(),
            Some(r"file:///C:\Users\jsmith\Templates\Ministry.dotx")
        );
        assert_eq!(
            h.protection,
            Some(Protection {
                edit: Some("trackedChanges".into()),
                formatting: false,
                enforced: true
            })
        );
        assert_eq!(
            h.write_protection,
            Some(WriteProtection {
                recommended: true,
                password: false
            })
        );
        assert!(h.macros);
        assert_eq!(h.embedded_objects, 2, "parts under word/embeddings/");
        assert_eq!(
            h.external_by_kind,
            BTreeMap::from([("hyperlink".to_string(), 7), ("image".to_string(), 1)])
        );
        let kept: Vec<(&str, &str)> = h
            .external_targets
            .iter()
            .map(|t| (t.kind.as_str(), t.target.as_str()))
            .collect();
        assert_eq!(
            kept,
            vec![
                ("hyperlink", "https://www.nato.int/"),
                ("image", "http://example.org/logo.png"),
                ("hyperlink", "https://example.org/6"),
                ("hyperlink", "https://example.org/7"),
            ]
        );
    }

    #[test]
    fn protection_switched_off_and_a_bare_package() {
        let mut doc = Document::new(Format::Docx);
        let settings = wrap(
            "settings",
            r#"<w:documentProtection w:edit="readOnly" w:enforcement="0"/><w:writeProtection w:hash="abc"/>"#,
        );
        let template = read_settings(settings.as_bytes(), &Limits::default(), &mut doc)
            .expect("settings read");
        assert_eq!(template, None);
        assert_eq!(
            doc.hygiene.protection.as_ref().map(|p| p.enforced),
            Some(false)
        );
        assert_eq!(
            doc.hygiene.write_protection,
            Some(WriteProtection {
                recommended: false,
                password: true
            })
        );

        let package_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/></Relationships>"#
        );
        let bytes = zipped(&[
            ("_rels/.rels", &package_rels),
            ("word/document.xml", &wrap("document", "<w:body/>")),
        ]);
        let doc = read_docx(&bytes, &Limits::default()).expect("reads");
        assert_eq!(doc.hygiene, crate::document::Hygiene::default());
    }
}
