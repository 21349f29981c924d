//! The PDF reader: exact pages and their sizes from the page tree, a little metadata from the Info
//! dictionary, and the text of each page.
//!
//! One parse serves both jobs, with one library, lopdf 0.47:
//!
//! - **Structure** (in this process): the file is loaded once (`read::pdf_load`), decrypted with
//!   the empty user password if it is encrypted (lopdf tries that itself while loading), and the
//!   page tree is walked here, not by lopdf, so that the page count is the number of page objects
//!   actually reachable from the catalog (never the `/Count` a file claims). The walk keeps an
//!   explicit stack and a set of visited nodes: a node reached a second time (a `/Kids` cycle, or
//!   the same page listed twice) is skipped and the pages already found are kept, as poppler does
//!   (it reports "Loop in Pages tree" and goes on), so a cyclic tree ends and a tree that shares
//!   nodes cannot multiply its pages. A cycle is not an error: the pages found are real and the
//!   report can still judge them. (pdfinfo prints the root's `/Count` as its page count, so for a
//!   cyclic tree it can say more pages than poppler can show: it gives their size as 0 × 0.) The
//!   parse runs behind `catch_unwind`, so a parser panic becomes [`ReadError::BrokenPdf`]; the
//!   native shells give it a large (reserved, not committed) stack for deep nesting.
//! - **Damage**: when the first reading shows damage (no page, a page-tree node that does not
//!   load, objects missing where the cross-reference table puts them), the file is read again with
//!   the table rebuilt by scanning for objects, as poppler, qpdf and pdf.js rebuild it, and the
//!   reading that finds the pages is kept. A file in which no page can be found either way is
//!   [`ReadError::BrokenPdf`]: never a report of 0 pages.
//! - **Text** (pdf-extract, essaylint's copy on lopdf 0.47), through the seam
//!   [`crate::read::pdf_text::PdfText`]: in process it reads the structure's own
//!   [`lopdf::Document`], page by page from the pages the walk found. pdf-extract can hang,
//!   overflow its stack or abort on hostile files, so for untrusted files a shell runs it in a
//!   sandbox (the native shells: a worker process with CPU, memory and wall-clock limits), which
//!   parses the file the same way. When it fails, the pages and sizes are still returned and
//!   [`Document::text_problem`] says why the text is missing.
//!
//! The same structure parse also fills [`Document::hygiene`] (fonts not embedded, annotations, form
//! fields, JavaScript; see the private `read::pdf_hygiene` module), from the pages this walk found.
//!
//! Page sizes follow what viewers display: the CropBox, else the MediaBox, both inherited down the
//! page tree (as poppler carries them from parent to kid while it walks), the CropBox clipped to the
//! MediaBox, and width and height swapped for `/Rotate` 90 and 270. A page without any MediaBox is US
//! Letter, as in every viewer.

use std::collections::HashSet;
use std::panic::{self, AssertUnwindSafe};

use lopdf::{Dictionary, Object, ObjectId};

use crate::document::{
    Document, Format, Geometry, Hygiene, Metadata, Paragraph, Part, PdfPage, TextProblem,
};
use crate::limits::{Limit, Limits};
use crate::read::ReadError;
use crate::read::pdf_hygiene::{self, PageNode};
use crate::read::pdf_info::read_info;
use crate::read::pdf_load;
use crate::read::pdf_running;
use crate::read::pdf_text::{TextError, TextExtraction};

/// Reads a PDF: its exact pages and their sizes, its Info metadata and, as `text` says, the text of
/// each page as [`Part::Body`] paragraphs carrying their 1-based page number.
///
/// Fails with [`ReadError::Encrypted`] when the file needs a user password, [`ReadError::Limit`] past
/// [`Limits::max_file_bytes`], [`Limits::max_pdf_objects`] or [`Limits::max_pdf_pages`] (and when a
/// compressed object stream inflates past [`Limits::max_part_bytes`]), and [`ReadError::BrokenPdf`]
/// when the structure cannot be read. A failure to extract the text is not an error: the document
/// comes back with its pages and a [`TextProblem`].
pub fn read_pdf(
    bytes: &[u8],
    limits: &Limits,
    text: &TextExtraction,
) -> Result<Document, ReadError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ReadError::Limit {
            limit: Limit::FileBytes,
            detail: format!(
                "the file is {} bytes, more than the {} allowed",
                bytes.len(),
                limits.max_file_bytes
            ),
        });
    }
    let structure = read_structure(bytes, limits)?;
    let bytes = structure.parsed.repaired.as_deref().unwrap_or(bytes);
    let mut document = Document::new(Format::Pdf);
    if let Some(extracted) = text.extract_parsed(bytes, &structure.parsed, limits) {
        add_text(&mut document, extracted);
    }
    document.geometry = Geometry::Pages(structure.pages);
    document.metadata = structure.metadata;
    document.hygiene = structure.hygiene;
    Ok(document)
}

/// A PDF parsed for reading: its objects and its pages, in the order the page tree gives them.
pub(crate) struct ParsedPdf {
    pub(crate) pdf: lopdf::Document,
    /// Each page's object, `None` for a page written inline in its parent's `/Kids`.
    pub(crate) page_ids: Vec<Option<ObjectId>>,
    /// The file with a file identifier added, when it needed one to be decrypted.
    pub(crate) repaired: Option<Vec<u8>>,
}

/// What the structure parse found.
struct Structure {
    parsed: ParsedPdf,
    pages: Vec<PdfPage>,
    metadata: Metadata,
    hygiene: Hygiene,
}

/// Parses the structure behind `catch_unwind`, so that a parser panic becomes `BrokenPdf`. lopdf's
/// object parser recurses: native shells run PDF checks on a thread with a deep stack.
fn read_structure(bytes: &[u8], limits: &Limits) -> Result<Structure, ReadError> {
    panic::catch_unwind(AssertUnwindSafe(|| {
        let parsed = parse_unguarded(bytes, limits)?;
        let walked = walk_page_tree(&parsed.pdf, limits.max_pdf_pages)?;
        let nodes: Vec<PageNode<'_>> = walked.pages.iter().map(|page| page.node).collect();
        let hygiene = pdf_hygiene::read_hygiene(&parsed.pdf, catalog(&parsed.pdf)?, &nodes);
        let pages = walked.pages.iter().map(|page| page.size).collect();
        let mut metadata = read_info(&parsed.pdf);
        metadata.encrypted = parsed.pdf.encryption_state.is_some();
        drop(walked);
        Ok(Structure {
            parsed,
            pages,
            metadata,
            hygiene,
        })
    }))
    .unwrap_or_else(|_| Err(parser_failed()))
}

fn parser_failed() -> ReadError {
    ReadError::BrokenPdf {
        detail: "the PDF's structure is broken (the PDF parser failed on it)",
    }
}

/// Parses a PDF into its objects and pages as the structure reader does, behind `catch_unwind`:
/// what the text pass reads when it has only the file's bytes (the text worker).
pub(crate) fn parse_pdf(bytes: &[u8], limits: &Limits) -> Result<ParsedPdf, ReadError> {
    panic::catch_unwind(AssertUnwindSafe(|| parse_unguarded(bytes, limits)))
        .unwrap_or_else(|_| Err(parser_failed()))
}

/// Loads the PDF and finds its pages, reading the cross-reference data again rebuilt, as poppler
/// and qpdf do, when the first reading shows damage: it fails (a password it cannot find, say,
/// when the table lost the encryption dictionary's entry), it finds no page, a page-tree node does
/// not load (even when lopdf rebuilt the table itself: its scan misses headers that do not start a
/// line, which `pdf_load::load_rebuilt` puts back on one), or an object the table names could not
/// be read where it says. The rebuilt reading is
/// kept when it finds more pages (or, for objects lost at wrong offsets, as many). A file with no
/// page found either way is broken: there is nothing to judge, and it must not pass.
fn parse_unguarded(bytes: &[u8], limits: &Limits) -> Result<ParsedPdf, ReadError> {
    let first = reading(pdf_load::load_pdf(bytes, limits), limits);
    let damaged = match &first {
        // lopdf may have rebuilt the table itself, but not with the headers it cannot see.
        Ok(first) => {
            first.page_ids.is_empty()
                || first.dangling
                || (!pdf_load::was_rebuilt(&first.loaded.pdf) && first.lost_objects)
        }
        Err(ReadError::Limit { .. }) => false,
        Err(_) => true,
    };
    let mut chosen = first;
    if damaged && let Ok(rebuilt) = reading(pdf_load::load_rebuilt(bytes, limits), limits) {
        let before = chosen.as_ref().map_or(0, |first| first.page_ids.len());
        let lost_objects = chosen.as_ref().is_ok_and(|first| first.lost_objects);
        let after = rebuilt.page_ids.len();
        if after > before || (lost_objects && after > 0 && after == before) {
            chosen = Ok(rebuilt);
        }
    }
    let chosen = chosen?;
    if chosen.page_ids.is_empty() {
        return Err(ReadError::BrokenPdf {
            detail: "the PDF has no page that can be read, even with its cross-reference table rebuilt",
        });
    }
    Ok(ParsedPdf {
        pdf: chosen.loaded.pdf,
        page_ids: chosen.page_ids,
        repaired: chosen.loaded.repaired,
    })
}

/// One reading of the file: what was loaded, the pages found, and the signs of damage.
struct Reading {
    loaded: pdf_load::LoadedPdf,
    page_ids: Vec<Option<ObjectId>>,
    /// The walk met a page-tree node that did not load.
    dangling: bool,
    /// The cross-reference table names objects that could not be read where it says.
    lost_objects: bool,
}

fn reading(
    loaded: Result<pdf_load::LoadedPdf, ReadError>,
    limits: &Limits,
) -> Result<Reading, ReadError> {
    let loaded = loaded?;
    let walked = walk_page_tree(&loaded.pdf, limits.max_pdf_pages)?;
    let page_ids = walked.pages.iter().map(|page| page.id).collect();
    let dangling = walked.dangling;
    let lost_objects = pdf_load::names_missing_objects(&loaded.pdf);
    Ok(Reading {
        loaded,
        page_ids,
        dangling,
        lost_objects,
    })
}

/// A rectangle in default user space units (points), normalised so that `x0 < x1` and `y0 < y1`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    /// US Letter, what viewers assume when a page has no MediaBox.
    const LETTER: Rect = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: 612.0,
        y1: 792.0,
    };

    fn intersect(self, other: Rect) -> Option<Rect> {
        let rect = Rect {
            x0: self.x0.max(other.x0),
            y0: self.y0.max(other.y0),
            x1: self.x1.min(other.x1),
            y1: self.y1.min(other.y1),
        };
        (rect.x1 > rect.x0 && rect.y1 > rect.y0).then_some(rect)
    }
}

/// The inheritable page attributes (ISO 32000-1 §7.7.3.4) in force at a node of the page tree.
#[derive(Debug, Clone, Copy, Default)]
struct Inherited<'a> {
    media_box: Option<Rect>,
    crop_box: Option<Rect>,
    rotate: i64,
    resources: Option<&'a Object>,
}

impl<'a> Inherited<'a> {
    /// The attributes of `node`: its own where it states valid ones, else those of its parent.
    fn at(mut self, pdf: &lopdf::Document, node: &'a Dictionary) -> Self {
        if let Ok(resources) = node.get(b"Resources") {
            self.resources = Some(resources);
        }
        if let Some(rect) = read_box(pdf, node, b"MediaBox") {
            self.media_box = Some(rect);
        }
        if let Some(rect) = read_box(pdf, node, b"CropBox") {
            self.crop_box = Some(rect);
        }
        if let Some(rotate) = read_rotate(pdf, node) {
            self.rotate = rotate;
        }
        self
    }

    /// The page as displayed: the CropBox clipped to the MediaBox (the MediaBox when they do not
    /// overlap), turned by `/Rotate`.
    fn page(self) -> PdfPage {
        let media = self.media_box.unwrap_or(Rect::LETTER);
        let shown = self
            .crop_box
            .and_then(|crop| crop.intersect(media))
            .unwrap_or(media);
        let (width, height) = (shown.x1 - shown.x0, shown.y1 - shown.y0);
        // `/Rotate` must be a multiple of 90 (ISO 32000-1 §7.7.3.3); pdf.js ignores other values.
        let rotate = self.rotate.rem_euclid(360);
        if rotate == 90 || rotate == 270 {
            PdfPage {
                width_pt: height,
                height_pt: width,
            }
        } else {
            PdfPage {
                width_pt: width,
                height_pt: height,
            }
        }
    }
}

/// Follows references from `object`; `None` for a dangling reference or a reference chain too long.
pub(super) fn resolve<'a>(
    pdf: &'a lopdf::Document,
    object: &'a Object,
) -> Option<(Option<ObjectId>, &'a Object)> {
    pdf.dereference(object).ok()
}

pub(super) fn get<'a>(
    pdf: &'a lopdf::Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Object> {
    let object = dict.get(key).ok()?;
    resolve(pdf, object).map(|(_, object)| object)
}

fn number(pdf: &lopdf::Document, object: &Object) -> Option<f64> {
    let value = match resolve(pdf, object)?.1 {
        Object::Integer(value) => *value as f64,
        Object::Real(value) => f64::from(*value),
        _ => return None,
    };
    value.is_finite().then_some(value)
}

/// A page box: an array of four numbers, normalised; `None` when it is missing, malformed or has
/// no area (viewers then keep the inherited box).
fn read_box(pdf: &lopdf::Document, dict: &Dictionary, key: &[u8]) -> Option<Rect> {
    let Object::Array(values) = get(pdf, dict, key)? else {
        return None;
    };
    let [a, b, c, d] = values.as_slice() else {
        return None;
    };
    let (a, b, c, d) = (
        number(pdf, a)?,
        number(pdf, b)?,
        number(pdf, c)?,
        number(pdf, d)?,
    );
    let rect = Rect {
        x0: a.min(c),
        y0: b.min(d),
        x1: a.max(c),
        y1: b.max(d),
    };
    (rect.x1 > rect.x0 && rect.y1 > rect.y0).then_some(rect)
}

/// `/Rotate`, normalised to 0, 90, 180 or 270; values that are not a multiple of 90 read as 0.
fn read_rotate(pdf: &lopdf::Document, dict: &Dictionary) -> Option<i64> {
    let degrees = match get(pdf, dict, b"Rotate")? {
        Object::Integer(value) => *value,
        Object::Real(value) if value.is_finite() && value.fract() == 0.0 => *value as i64,
        _ => return None,
    };
    let degrees = degrees.rem_euclid(360);
    Some(if degrees % 90 == 0 { degrees } else { 0 })
}

/// Walks the page tree from the catalog's `/Pages` in document order and returns every page found.
///
/// Iterative (an explicit stack, so an attacker's depth costs heap, not call stack) and bounded by a
/// visited set: every node is entered at most once, so the walk ends on a cycle and does at most one
/// step per object. A node is a page when its `/Type` is `/Page`, or when it has no `/Kids` and does
/// not call itself `/Pages` (the rule poppler and pdf.js apply to sloppy writers).
///
/// Each page comes with its dictionary and inherited resources, for [`pdf_hygiene`].
fn walk_page_tree(pdf: &lopdf::Document, max_pages: usize) -> Result<Walk<'_>, ReadError> {
    let catalog = catalog(pdf)?;
    let root = catalog.get(b"Pages").map_err(|_| ReadError::BrokenPdf {
        detail: "the PDF's catalog has no page tree",
    })?;

    let mut pages = Vec::new();
    let mut dangling = false;
    let mut visited: HashSet<ObjectId> = HashSet::new();
    let mut stack: Vec<(&Object, Inherited)> = vec![(root, Inherited::default())];
    while let Some((object, inherited)) = stack.pop() {
        let Some((id, node)) = resolve(pdf, object) else {
            dangling = true;
            continue; // a dangling reference: nothing to show, as in viewers
        };
        if let Some(id) = id
            && !visited.insert(id)
        {
            continue; // a cycle, or a node listed twice: each node counts once
        }
        let Ok(node) = node.as_dict() else {
            continue;
        };
        let attributes = inherited.at(pdf, node);
        let node_type = get(pdf, node, b"Type").and_then(|t| t.as_name().ok());
        let kids = get(pdf, node, b"Kids").and_then(|kids| kids.as_array().ok());
        let is_page = node_type == Some(b"Page".as_slice())
            || (node_type != Some(b"Pages".as_slice()) && kids.is_none());
        if is_page {
            if pages.len() >= max_pages {
                return Err(ReadError::Limit {
                    limit: Limit::PdfPages,
                    detail: format!("the PDF has more than {max_pages} pages"),
                });
            }
            pages.push(WalkedPage {
                size: attributes.page(),
                node: PageNode {
                    dict: node,
                    resources: attributes.resources,
                },
                id,
            });
        } else if let Some(kids) = kids {
            // Reversed, so that the first kid is popped first and pages come in document order.
            stack.extend(kids.iter().rev().map(|kid| (kid, attributes)));
        }
    }
    Ok(Walk { pages, dangling })
}

/// The pages a walk of the page tree found, in document order.
struct Walk<'a> {
    pages: Vec<WalkedPage<'a>>,
    /// Whether a `/Kids` entry (or `/Pages` itself) referred to an object that did not load.
    dangling: bool,
}

/// One page found by the walk.
struct WalkedPage<'a> {
    size: PdfPage,
    node: PageNode<'a>,
    /// Its object; `None` when it is written inline in its parent's `/Kids`.
    id: Option<ObjectId>,
}

/// The document catalog (the trailer's `/Root`).
fn catalog(pdf: &lopdf::Document) -> Result<&Dictionary, ReadError> {
    pdf.trailer
        .get(b"Root")
        .ok()
        .and_then(|root| resolve(pdf, root))
        .and_then(|(_, root)| root.as_dict().ok())
        .ok_or(ReadError::BrokenPdf {
            detail: "the PDF has no document catalog",
        })
}

/// Puts extracted page texts into the document, or says why there are none.
fn add_text(document: &mut Document, extracted: Result<Vec<String>, TextError>) {
    let pages = match extracted {
        Ok(pages) => pages,
        Err(error) => {
            document.text_problem = Some(TextProblem::Failed(error.to_string()));
            return;
        }
    };
    // Running headers and footers are Word's headers and footers: reported apart, not counted.
    for (index, split) in pdf_running::split_running(&pages).into_iter().enumerate() {
        let page = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let head = split
            .head
            .into_iter()
            .map(|line| (Part::HeadersFooters, line));
        let body = split_paragraphs(&split.body)
            .into_iter()
            .map(|text| (Part::Body, text));
        let foot = split
            .foot
            .into_iter()
            .map(|line| (Part::HeadersFooters, line));
        for (part, text) in head.chain(body).chain(foot) {
            let mut paragraph = Paragraph::plain(part, text);
            paragraph.page = Some(page);
            document.paragraphs.push(paragraph);
        }
    }
    if !document.paragraphs.iter().any(|p| p.part == Part::Body) {
        document.text_problem = Some(TextProblem::NoTextLayer);
    }
}

/// Splits one page's text into paragraphs at blank lines (pdf-extract leaves an empty line where
/// the vertical gap between lines is large); whitespace-only paragraphs are dropped.
fn split_paragraphs(text: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join("\n"));
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Stream, StringFormat, dictionary};

    /// A PDF whose page tree `build` makes; returns its bytes. `build` gets the document and the id
    /// reserved for the root `/Pages` node, and returns that node's dictionary.
    fn pdf_with(build: impl FnOnce(&mut lopdf::Document, ObjectId) -> Dictionary) -> Vec<u8> {
        let mut pdf = lopdf::Document::with_version("1.7");
        let pages_id = pdf.new_object_id();
        let pages = build(&mut pdf, pages_id);
        pdf.objects.insert(pages_id, Object::Dictionary(pages));
        let catalog = pdf.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        pdf.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        pdf.save_to(&mut bytes).expect("an in-memory PDF saves");
        bytes
    }

    fn read(bytes: &[u8]) -> Result<Document, ReadError> {
        read_pdf(bytes, &Limits::default(), &TextExtraction::Skip)
    }

    fn sizes(document: &Document) -> Vec<(f64, f64)> {
        match &document.geometry {
            Geometry::Pages(pages) => pages.iter().map(|p| (p.width_pt, p.height_pt)).collect(),
            Geometry::Sections => panic!("a PDF has pages"),
        }
    }

    fn page(parent: ObjectId, extra: Dictionary) -> Dictionary {
        let mut page = dictionary! { "Type" => "Page", "Parent" => parent };
        for (key, value) in extra.iter() {
            page.set(key.clone(), value.clone());
        }
        page
    }

    fn rect(values: [f32; 4]) -> Object {
        Object::Array(values.into_iter().map(Object::Real).collect())
    }

    #[test]
    fn inherits_boxes_and_rotation_down_the_tree() {
        let bytes = pdf_with(|pdf, root| {
            let middle_id = pdf.new_object_id();
            let a = pdf.add_object(page(middle_id, dictionary! {}));
            let b = pdf.add_object(page(middle_id, dictionary! { "Rotate" => 90 }));
            let c = pdf.add_object(page(
                middle_id,
                dictionary! { "CropBox" => rect([-50.0, -50.0, 300.0, 400.0]), "Rotate" => -450 },
            ));
            let d = pdf.add_object(page(
                root,
                dictionary! { "MediaBox" => rect([0.0, 0.0, 100.0, 50.0]) },
            ));
            pdf.objects.insert(
                middle_id,
                Object::Dictionary(dictionary! {
                    "Type" => "Pages", "Parent" => root, "Kids" => vec![a.into(), b.into(), c.into()],
                    "Count" => 3, "Rotate" => 180,
                }),
            );
            dictionary! {
                "Type" => "Pages", "Kids" => vec![middle_id.into(), d.into()], "Count" => 99,
                "MediaBox" => rect([0.0, 0.0, 595.28, 841.89]),
            }
        });
        let document = read(&bytes).expect("reads");
        let got = sizes(&document);
        assert_eq!(got.len(), 4, "the /Count of 99 is not trusted");
        assert!((got[0].0 - 595.28).abs() < 0.01 && (got[0].1 - 841.89).abs() < 0.01);
        assert!((got[1].0 - 841.89).abs() < 0.01 && (got[1].1 - 595.28).abs() < 0.01);
        // CropBox clipped to the inherited MediaBox, -450 degrees is 270.
        assert_eq!(got[2], (400.0, 300.0));
        assert_eq!(got[3], (100.0, 50.0));
        assert!(!document.metadata.encrypted);
        assert_eq!(document.text_problem, None);
        assert!(document.paragraphs.is_empty());
    }

    #[test]
    fn missing_or_degenerate_media_box_is_letter() {
        let bytes = pdf_with(|pdf, root| {
            let a = pdf.add_object(page(root, dictionary! {}));
            let b = pdf.add_object(page(
                root,
                dictionary! { "MediaBox" => rect([0.0, 0.0, 0.0, 10.0]) },
            ));
            let c = pdf.add_object(page(
                root,
                dictionary! { "CropBox" => rect([1000.0, 1000.0, 2000.0, 2000.0]) },
            ));
            dictionary! { "Type" => "Pages", "Kids" => vec![a.into(), b.into(), c.into()] }
        });
        let got = sizes(&read(&bytes).expect("reads"));
        assert_eq!(got, vec![(612.0, 792.0); 3]);
    }

    #[test]
    fn cycles_and_shared_nodes_count_each_page_once() {
        let bytes = pdf_with(|pdf, root| {
            let shared_id = pdf.new_object_id();
            let a = pdf.add_object(page(shared_id, dictionary! {}));
            let b = pdf.add_object(page(shared_id, dictionary! {}));
            // The shared node lists itself, the root, and the same page twice.
            pdf.objects.insert(
                shared_id,
                Object::Dictionary(dictionary! {
                    "Type" => "Pages",
                    "Kids" => vec![a.into(), shared_id.into(), root.into(), a.into(), b.into()],
                }),
            );
            // Untyped leaf without /Kids: a page for viewers.
            let c = pdf.add_object(dictionary! { "Parent" => root });
            dictionary! {
                "Type" => "Pages",
                "Kids" => vec![shared_id.into(), shared_id.into(), c.into(), (999, 0).into()],
            }
        });
        assert_eq!(sizes(&read(&bytes).expect("reads")).len(), 3);
    }

    #[test]
    fn a_deep_page_tree_does_not_recurse() {
        // Walked on the test thread's small stack: 200,000 levels would overflow it if the walk
        // recursed.
        let mut pdf = lopdf::Document::with_version("1.7");
        let mut child = pdf.add_object(dictionary! { "Type" => "Page" });
        for _ in 0..200_000 {
            child = pdf.add_object(dictionary! { "Type" => "Pages", "Kids" => vec![child.into()] });
        }
        let catalog = pdf.add_object(dictionary! { "Type" => "Catalog", "Pages" => child });
        pdf.trailer.set("Root", catalog);
        let pages: Vec<PdfPage> = walk_page_tree(&pdf, 10)
            .expect("walks")
            .pages
            .iter()
            .map(|page| page.size)
            .collect();
        assert_eq!(
            pages,
            vec![PdfPage {
                width_pt: 612.0,
                height_pt: 792.0
            }]
        );
    }

    #[test]
    fn page_and_object_limits() {
        let bytes = pdf_with(|pdf, root| {
            let kids = (0..5)
                .map(|_| pdf.add_object(page(root, dictionary! {})).into())
                .collect::<Vec<Object>>();
            dictionary! { "Type" => "Pages", "Kids" => kids }
        });
        let pages = Limits {
            max_pdf_pages: 4,
            ..Limits::default()
        };
        assert!(matches!(
            read_pdf(&bytes, &pages, &TextExtraction::Skip),
            Err(ReadError::Limit {
                limit: Limit::PdfPages,
                ..
            })
        ));
        let exact = Limits {
            max_pdf_pages: 5,
            ..Limits::default()
        };
        assert!(read_pdf(&bytes, &exact, &TextExtraction::Skip).is_ok());
        let objects = Limits {
            max_pdf_objects: 6,
            ..Limits::default()
        };
        assert!(matches!(
            read_pdf(&bytes, &objects, &TextExtraction::Skip),
            Err(ReadError::Limit {
                limit: Limit::PdfObjects,
                ..
            })
        ));
        let file = Limits {
            max_file_bytes: 10,
            ..Limits::default()
        };
        assert!(matches!(
            read_pdf(&bytes, &file, &TextExtraction::Skip),
            Err(ReadError::Limit {
                limit: Limit::FileBytes,
                ..
            })
        ));
    }

    #[test]
    fn info_dictionary_strings_are_decoded() {
        let mut pdf = lopdf::Document::with_version("1.4");
        let pages_id = pdf.new_object_id();
        let page_id = pdf.add_object(page(pages_id, dictionary! {}));
        pdf.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()] }),
        );
        let catalog = pdf.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        let info = pdf.add_object(dictionary! {
            "Producer" => Object::String(b"LibreOffice 7.4".to_vec(), StringFormat::Literal),
            "Title" => Object::String(
                b"\xFE\xFF\x00E\x00s\x00s\x00a\x00y\x20\x14\x00\xE9".to_vec(),
                StringFormat::Hexadecimal,
            ),
            "Author" => Object::String(b"  Ren\xE9e \x84 \x93  ".to_vec(), StringFormat::Literal),
        });
        pdf.trailer.set("Root", catalog);
        pdf.trailer.set("Info", info);
        let mut bytes = Vec::new();
        pdf.save_to(&mut bytes).expect("saves");
        let metadata = read(&bytes).expect("reads").metadata;
        assert_eq!(metadata.application.as_deref(), Some("LibreOffice 7.4"));
        assert_eq!(metadata.title.as_deref(), Some("Essay—é"));
        assert_eq!(metadata.creator.as_deref(), Some("Renée — ﬁ"));
        assert_eq!(metadata.stored_pages, None);
    }

    #[test]
    fn not_a_pdf_is_corrupt() {
        for bytes in [
            b"".as_slice(),
            b"hello, world",
            b"%PDF-1.7\n1 0 obj\n<< /Type /Cat",
        ] {
            match read(bytes) {
                Err(ReadError::BrokenPdf { detail }) => assert!(!detail.is_empty()),
                other => panic!("expected BrokenPdf, got {other:?}"),
            }
        }
    }

    #[test]
    fn a_catalog_without_pages_is_corrupt() {
        let mut pdf = lopdf::Document::with_version("1.7");
        let catalog = pdf.add_object(dictionary! { "Type" => "Catalog" });
        let _stream = pdf.add_object(Stream::new(dictionary! {}, b"x".to_vec()));
        pdf.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        pdf.save_to(&mut bytes).expect("saves");
        assert_eq!(
            read(&bytes),
            Err(ReadError::BrokenPdf {
                detail: "the PDF's catalog has no page tree"
            })
        );
    }

    #[test]
    fn page_text_becomes_paragraphs() {
        let mut document = Document::new(Format::Pdf);
        add_text(
            &mut document,
            Ok(vec![
                "Title\n\nFirst line\nsecond line\n \n\x0c".to_owned(),
                "  \n".to_owned(),
                "Last".to_owned(),
            ]),
        );
        let got: Vec<(&str, Option<u32>)> = document
            .paragraphs
            .iter()
            .map(|p| (p.text.as_str(), p.page))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Title", Some(1)),
                ("First line\nsecond line", Some(1)),
                ("Last", Some(3)),
            ]
        );
        assert!(document.paragraphs.iter().all(|p| p.part == Part::Body));
        assert_eq!(document.text_problem, None);

        let mut empty = Document::new(Format::Pdf);
        add_text(&mut empty, Ok(vec![" \n\x0c".to_owned(), String::new()]));
        assert_eq!(empty.text_problem, Some(TextProblem::NoTextLayer));

        let mut failed = Document::new(Format::Pdf);
        add_text(&mut failed, Err(TextError::new("the extraction failed")));
        assert_eq!(
            failed.text_problem,
            Some(TextProblem::Failed("the extraction failed".to_owned()))
        );
    }
}
