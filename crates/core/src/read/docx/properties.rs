//! The document properties (`docProps/app.xml`, `docProps/core.xml`): the statistics the last
//! saving program stored (pages, words, characters, paragraphs, lines), the application, the title
//! and the names in them.

use super::package::{read_rel, shorten};
use crate::document::Document;
use crate::limits::Limits;
use crate::read::ReadError;
use crate::read::opc::Relationship;
use crate::read::xml::{Ev, XmlStream, decode_part};
use crate::read::zipped::Package;

/// Reads the extended and core properties the package relationships `package_rels` relate.
/// Document properties are informative: a damaged app.xml must not make the essay unreadable, so
/// only a part that cannot be inflated is an error.
pub(super) fn read_properties(
    package: &mut Package<'_>,
    package_rels: &[Relationship],
    limits: &Limits,
    doc: &mut Document,
) -> Result<(), ReadError> {
    if let Some(bytes) = read_rel(package, package_rels, "extended-properties")? {
        let _ = read_app_properties(&bytes, limits, doc);
    }
    if let Some(bytes) = read_rel(package, package_rels, "core-properties")? {
        let _ = read_core_properties(&bytes, limits, doc);
    }
    Ok(())
}

/// Reads simple text-valued elements of a properties part into `(local name, text)` pairs.
fn property_texts(
    bytes: &[u8],
    name: &str,
    limits: &Limits,
) -> Result<Vec<(String, String)>, ReadError> {
    let text = decode_part(bytes, name)?;
    let mut stream = XmlStream::new(&text, name, limits);
    let mut out: Vec<(String, String)> = Vec::new();
    let mut current: Option<String> = None;
    loop {
        match stream.next()? {
            Ev::Start { local, empty, .. } => {
                current = (!empty).then_some(local.into());
            }
            Ev::Text(t) => {
                if let Some(name) = &current {
                    match out.last_mut() {
                        Some((n, v)) if n == name => v.push_str(&t),
                        _ => out.push((name.clone(), t.into_owned())),
                    }
                }
            }
            Ev::End { .. } => current = None,
            Ev::Eof => return Ok(out),
        }
    }
}

/// `docProps/app.xml`: stored statistics, the application, and the names of the company, manager
/// and template.
fn read_app_properties(bytes: &[u8], limits: &Limits, doc: &mut Document) -> Result<(), ReadError> {
    for (name, value) in property_texts(bytes, "docProps/app.xml", limits)? {
        let value = value.trim();
        match name.as_str() {
            "Pages" => doc.metadata.stored_pages = value.parse().ok(),
            "Words" => doc.metadata.stored_words = value.parse().ok(),
            "Characters" => doc.metadata.stored_characters = value.parse().ok(),
            "CharactersWithSpaces" => {
                doc.metadata.stored_characters_with_spaces = value.parse().ok()
            }
            "Paragraphs" => doc.metadata.stored_paragraphs = value.parse().ok(),
            "Lines" => doc.metadata.stored_lines = value.parse().ok(),
            "Application" if !value.is_empty() => {
                doc.metadata.application = Some(value.to_string())
            }
            "Company" if !value.is_empty() => doc.hygiene.company = Some(shorten(value)),
            "Manager" if !value.is_empty() => doc.hygiene.manager = Some(shorten(value)),
            "Template" if !value.is_empty() => doc.hygiene.template = Some(shorten(value)),
            _ => {}
        }
    }
    Ok(())
}

/// `docProps/core.xml`: the title, the author and who saved it last.
fn read_core_properties(
    bytes: &[u8],
    limits: &Limits,
    doc: &mut Document,
) -> Result<(), ReadError> {
    for (name, value) in property_texts(bytes, "docProps/core.xml", limits)? {
        let value = value.trim().to_string();
        if value.is_empty() {
            continue;
        }
        match name.as_str() {
            "title" => doc.metadata.title = Some(value),
            "creator" => doc.metadata.creator = Some(value),
            "lastModifiedBy" => doc.metadata.last_modified_by = Some(value),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    #[test]
    fn app_properties_keep_the_stored_statistics() {
        let app = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Template>Normal.dotm</Template><Pages>2</Pages><Words>1013</Words><Characters>5732</Characters><Application>Microsoft Office Word</Application><Lines>47</Lines><Paragraphs>13</Paragraphs><CharactersWithSpaces>6732</CharactersWithSpaces></Properties>"#;
        let mut doc = Document::new(Format::Docx);
        read_app_properties(app, &Limits::default(), &mut doc).expect("reads");
        let m = &doc.metadata;
        assert_eq!((m.stored_pages, m.stored_words), (Some(2), Some(1013)));
        assert_eq!(
            (m.stored_characters, m.stored_characters_with_spaces),
            (Some(5732), Some(6732))
        );
        assert_eq!((m.stored_paragraphs, m.stored_lines), (Some(13), Some(47)));
        assert_eq!(m.application.as_deref(), Some("Microsoft Office Word"));
    }
}
