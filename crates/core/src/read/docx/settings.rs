//! `settings.xml` (ECMA-376 §17.15): what the statistics include, whether revisions are tracked,
//! the default tab stop, the attached template, and editing restrictions.

use quick_xml::events::BytesStart;

use super::package::{rel_is, rels_name_for, shorten};
use crate::document::{Document, Protection, WriteProtection};
use crate::limits::Limits;
use crate::read::ReadError;
use crate::read::opc::{Relationship, relationships};
use crate::read::xml::{Ev, Ns, XmlStream, attr, attr_i64, decode_part, on_off};
use crate::read::zipped::Package;

/// Reads the settings part `rels` relate, if any, into `doc`, with the attached template its own
/// relationships name.
pub(super) fn read_settings_part(
    package: &mut Package<'_>,
    rels: &[Relationship],
    limits: &Limits,
    doc: &mut Document,
) -> Result<(), ReadError> {
    let Some(settings) = rels.iter().find(|r| rel_is(r, "settings")) else {
        return Ok(());
    };
    let settings_part = settings.target.clone();
    let Some(bytes) = package.read(&settings_part)? else {
        return Ok(());
    };
    let template_id = read_settings(&bytes, limits, doc)?;
    // The attached template is informative: damaged settings relationships cost only it.
    if let Some(id) = template_id
        && let Ok(Some(rels_bytes)) = package.read(&rels_name_for(&settings_part))
        && let Ok(settings_rels) = relationships(
            &rels_bytes,
            &rels_name_for(&settings_part),
            &settings_part,
            limits,
        )
    {
        doc.hygiene.attached_template = settings_rels
            .into_iter()
            .find(|r| r.id == id)
            .map(|r| shorten(&r.target))
            .filter(|t| !t.is_empty());
    }
    Ok(())
}

/// An `ST_OnOff` attribute other than `w:val` (ECMA-376 §17.17.4): on when `1`, `true` or `on`.
fn attr_on(element: &BytesStart<'_>, name: &str) -> bool {
    matches!(attr(element, name).as_deref(), Some("1" | "true" | "on"))
}

/// Reads `settings.xml` into `doc`; returns the relationship id of `w:attachedTemplate`, if any.
pub(super) fn read_settings(
    bytes: &[u8],
    limits: &Limits,
    doc: &mut Document,
) -> Result<Option<String>, ReadError> {
    let text = decode_part(bytes, "settings.xml")?;
    let mut stream = XmlStream::new(&text, "settings.xml", limits);
    let mut template_id = None;
    loop {
        match stream.next()? {
            Ev::Start {
                ns: Ns::W,
                local,
                element,
                ..
            } => match local.as_str() {
                "doNotIncludeSubdocsInStats" => {
                    doc.metadata.exclude_subdocs_from_stats = on_off(&element)
                }
                "trackRevisions" => doc.metadata.track_revisions_on = on_off(&element),
                "defaultTabStop" => {
                    doc.styles.default_tab_stop =
                        attr_i64(&element, "val").map(|v| v.clamp(1, 31_680) as u32)
                }
                "attachedTemplate" => template_id = attr(&element, "id"),
                "doNotUseHTMLParagraphAutoSpacing" => {
                    doc.styles.compat.add_paragraph_spacing = on_off(&element)
                }
                "suppressSpBfAfterPgBrk" => {
                    doc.styles.compat.suppress_space_before_after_page_break = on_off(&element)
                }
                "compatSetting"
                    if attr(&element, "name").as_deref() == Some("compatibilityMode") =>
                {
                    doc.styles.compat.mode =
                        attr_i64(&element, "val").and_then(|v| u32::try_from(v.clamp(0, 100)).ok());
                }
                // ECMA-376 §17.15.1.29; `w:enforcement` says whether it is in force.
                "documentProtection" => {
                    doc.hygiene.protection = Some(Protection {
                        edit: attr(&element, "edit"),
                        formatting: attr_on(&element, "formatting"),
                        enforced: attr_on(&element, "enforcement"),
                    })
                }
                // ECMA-376 §17.15.1.93.
                "writeProtection" => {
                    doc.hygiene.write_protection = Some(WriteProtection {
                        recommended: attr_on(&element, "recommended"),
                        password: attr(&element, "hashValue").is_some()
                            || attr(&element, "hash").is_some(),
                    })
                }
                _ => {}
            },
            Ev::Eof => return Ok(template_id),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    #[test]
    fn the_compatibility_settings_that_change_the_layout_are_read() {
        let xml = br#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
            <w:compat><w:doNotUseHTMLParagraphAutoSpacing/><w:suppressSpBfAfterPgBrk w:val="1"/>
            <w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>
            </w:compat></w:settings>"#;
        let mut doc = Document::new(Format::Docx);
        read_settings(xml, &Limits::default(), &mut doc).expect("read");
        assert_eq!(doc.styles.compat.mode, Some(15));
        assert!(doc.styles.compat.add_paragraph_spacing);
        assert!(doc.styles.compat.suppress_space_before_after_page_break);

        let mut doc = Document::new(Format::Docx);
        let none = br#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>"#;
        read_settings(none, &Limits::default(), &mut doc).expect("read");
        assert_eq!(doc.styles.compat, crate::document::Compat::default());
    }
}
