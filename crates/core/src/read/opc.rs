//! The Open Packaging Conventions (ECMA-376 Part 2) over a zip archive: the package's parts, its
//! relationships (`_rels/.rels` and each part's `.rels`, §9.3), its main part and the content types
//! of its parts (`[Content_Types].xml`, §10.1).
//!
//! Both the sniffer (which tells a Word document from a template or a spreadsheet by its main
//! part's content type) and the .docx reader (which reads on from the same open package) stand on
//! this module; it stands on the zip and XML layers alone.

use crate::limits::Limits;
use crate::read::ReadError;
use crate::read::xml::{Ev, XmlStream, attr, attrs, decode_part};
use crate::read::zipped::{self, resolve_target};

/// The relationship type of a package's main part.
const OFFICE_DOCUMENT_REL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
const OFFICE_DOCUMENT_REL_STRICT: &str =
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument";

/// An OPC package: the zip archive, and its package relationships as read (an error is the
/// reader's to report). The sniffer opens one to recognise a Word document, and the .docx reader
/// reads on from it instead of opening the file again.
pub(crate) struct Package<'a> {
    /// The zip archive, read within essaylint's limits.
    pub(crate) zip: zipped::Package<'a>,
    /// `_rels/.rels`, parsed; empty when there is none.
    pub(crate) relationships: Result<Vec<Relationship>, ReadError>,
}

impl<'a> Package<'a> {
    /// Opens a zip archive as a package, reading its package relationships.
    pub(crate) fn open(bytes: &'a [u8], limits: &'a Limits) -> Result<Self, ReadError> {
        Ok(Package::new(zipped::Package::open(bytes, limits)?))
    }

    /// The package an open zip archive is, reading its package relationships.
    pub(crate) fn new(mut zip: zipped::Package<'a>) -> Self {
        let relationships = package_relationships(&mut zip);
        Package { zip, relationships }
    }

    /// The main part's name: the target of the `officeDocument` relationship, or, when the
    /// relationships name none or could not be read, `word/document.xml`.
    pub(crate) fn main_part(&self) -> String {
        self.relationships
            .as_deref()
            .ok()
            .and_then(main_part_of)
            .unwrap_or_else(|| "word/document.xml".to_string())
    }

    /// The content type `[Content_Types].xml` gives `part`: its override, else the default for its
    /// extension; `None` when there is neither, or the content types cannot be read.
    pub(crate) fn content_type_of(&mut self, part: &str) -> Option<String> {
        content_type_of(&mut self.zip, part)
    }
}

/// The package relationships (`_rels/.rels`), none when there is no such part.
fn package_relationships(
    package: &mut zipped::Package<'_>,
) -> Result<Vec<Relationship>, ReadError> {
    match package.read("_rels/.rels")? {
        Some(rels) => relationships(&rels, "_rels/.rels", "", package.limits()),
        None => Ok(Vec::new()),
    }
}

/// The main part's name among the package relationships.
fn main_part_of(package_rels: &[Relationship]) -> Option<String> {
    package_rels
        .iter()
        .find(|r| {
            !r.external && (r.kind == OFFICE_DOCUMENT_REL || r.kind == OFFICE_DOCUMENT_REL_STRICT)
        })
        .map(|r| r.target.clone())
}

fn content_type_of(package: &mut zipped::Package<'_>, part: &str) -> Option<String> {
    let bytes = package.read("[Content_Types].xml").ok()??;
    let text = decode_part(&bytes, "[Content_Types].xml").ok()?;
    let mut stream = XmlStream::new(&text, "[Content_Types].xml", package.limits());
    let extension = part.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let mut by_default = None;
    loop {
        match stream.next().ok()? {
            Ev::Start { local, element, .. } if local == "Override" => {
                let name = attr(&element, "PartName").unwrap_or_default();
                if zipped::normalise(&name).eq_ignore_ascii_case(part) {
                    return attr(&element, "ContentType");
                }
            }
            Ev::Start { local, element, .. }
                if local == "Default"
                    && attr(&element, "Extension")
                        .is_some_and(|e| e.eq_ignore_ascii_case(&extension)) =>
            {
                by_default = attr(&element, "ContentType");
            }
            Ev::Eof => return by_default,
            _ => {}
        }
    }
}

/// One relationship from a `.rels` part.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Relationship {
    /// `Id`.
    pub id: String,
    /// `Type`.
    pub kind: String,
    /// The target part's name, resolved; for an external target, the URI as written.
    pub target: String,
    /// `TargetMode="External"`.
    pub external: bool,
}

/// Parses a relationships part; `source` is the part the relationships belong to ("" for the package).
pub(crate) fn relationships(
    bytes: &[u8],
    rels_name: &str,
    source: &str,
    limits: &Limits,
) -> Result<Vec<Relationship>, ReadError> {
    let text = decode_part(bytes, rels_name)?;
    let mut stream = XmlStream::new(&text, rels_name, limits);
    let mut out = Vec::new();
    loop {
        match stream.next()? {
            Ev::Start { local, element, .. } if local == "Relationship" => {
                let [mode, target, id, kind] =
                    attrs(&element, ["TargetMode", "Target", "Id", "Type"]);
                let external = mode.as_deref() == Some("External");
                let target = target.unwrap_or_default();
                out.push(Relationship {
                    id: id.unwrap_or_default(),
                    kind: kind.unwrap_or_default(),
                    target: if external {
                        target
                    } else {
                        resolve_target(source, &target)
                    },
                    external,
                });
            }
            Ev::Eof => return Ok(out),
            _ => {}
        }
    }
}
