//! Loading a PDF's objects with lopdf, for the structure reader and the text pass alike, so that
//! both read the same objects from the same cross-reference data.
//!
//! lopdf (0.47) repairs on its own what other readers repair: when the cross-reference data
//! cannot be read (a `startxref` or `/Prev` that points nowhere, a table cut short, no trailer),
//! it rebuilds the table by scanning the file for `N G obj` headers, the newest copy of each
//! object winning as in an incremental update; a file with no trailer left gets one naming the
//! newest catalog, as pdf.js does. It also rebuilds when the data reads but the catalog or the
//! root of the page tree does not load. What it does not do is rebuild when the data reads and
//! the page tree loads but some of its objects do not: a table with entries missing, or offsets
//! shifted by bytes added or lost. poppler and qpdf rebuild then too, on the first object they
//! fail to fetch; [`load_rebuilt`] gives the structure reader that second reading, and the reader
//! decides when to take it (`read::pdf`).

use lopdf::Object;

use crate::limits::{Limit, Limits};
use crate::read::ReadError;

/// A loaded PDF: its objects, decrypted with the empty user password when encrypted.
pub(crate) struct LoadedPdf {
    pub(crate) pdf: lopdf::Document,
    /// The file with a file identifier added, when it needed one to be decrypted.
    pub(crate) repaired: Option<Vec<u8>>,
}

/// Loads the PDF, reading the cross-reference data as written where it can be read.
///
/// Fails with [`ReadError::Encrypted`] when the file needs a user password, [`ReadError::Limit`]
/// when a compressed object stream inflates past [`Limits::max_part_bytes`] or the file has more
/// than [`Limits::max_pdf_objects`] objects, and [`ReadError::BrokenPdf`] when lopdf cannot read
/// it even by scanning.
pub(crate) fn load_pdf(bytes: &[u8], limits: &Limits) -> Result<LoadedPdf, ReadError> {
    load_with(bytes, limits, false)
}

/// Loads the PDF with its cross-reference table rebuilt by scanning the file for objects, as
/// poppler and qpdf rebuild it when an object the table names cannot be fetched. Fails as
/// [`load_pdf`] does.
///
/// lopdf's scan finds an object's header only at the start of a line; a writer that puts the next
/// header straight after `endobj` (`endobj55 0 obj`, as in an incremental update from pdfminer's
/// test suite) hides that object from it, so the scan reads a copy with a line break put there.
pub(crate) fn load_rebuilt(bytes: &[u8], limits: &Limits) -> Result<LoadedPdf, ReadError> {
    match with_headers_on_their_own_lines(bytes) {
        Some(separated) => load_with(&separated, limits, true),
        None => load_with(bytes, limits, true),
    }
}

/// `bytes` with a line break after every `endobj` that a digit follows; `None` when there is no
/// such `endobj`.
fn with_headers_on_their_own_lines(bytes: &[u8]) -> Option<Vec<u8>> {
    const ENDOBJ: &[u8] = b"endobj";
    let glued = |at: usize| bytes.get(at + ENDOBJ.len()).is_some_and(u8::is_ascii_digit);
    let mut found = memchr::memmem::find_iter(bytes, ENDOBJ)
        .filter(|&at| glued(at))
        .peekable();
    found.peek()?;
    let mut separated = Vec::with_capacity(bytes.len() + 64);
    let mut from = 0;
    for at in found {
        let end = at + ENDOBJ.len();
        separated.extend_from_slice(&bytes[from..end]);
        separated.push(b'\n');
        from = end;
    }
    separated.extend_from_slice(&bytes[from..]);
    Some(separated)
}

fn load_with(bytes: &[u8], limits: &Limits, rebuild: bool) -> Result<LoadedPdf, ReadError> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(usize::try_from(limits.max_part_bytes).unwrap_or(usize::MAX)),
        force_reconstruct: rebuild,
        ..lopdf::LoadOptions::default()
    };
    let load = |bytes: &[u8]| {
        lopdf::Document::load_mem_with_options(bytes, options.clone())
            .map_err(|error| load_error(&error, limits))
    };
    let mut pdf = load(bytes)?;
    let mut repaired = None;
    // lopdf authenticates the empty password itself while loading; when that fails it leaves the
    // `/Encrypt` entry in place and loads no objects.
    let locked =
        |pdf: &lopdf::Document| pdf.encryption_state.is_none() && pdf.trailer.has(b"Encrypt");
    if locked(&pdf) && !pdf.trailer.has(b"ID") {
        // The key derivation hashes the first file identifier, and lopdf refuses a file without
        // one; PDFBox, pypdf and pdf.js read it as empty, which opens such files (the European
        // Patent Office writes them).
        let patched = with_empty_file_id(bytes, &pdf);
        if let Some(unlocked) = patched.as_deref().and_then(|patched| load(patched).ok())
            && !locked(&unlocked)
        {
            pdf = unlocked;
            repaired = patched;
        }
    }
    if locked(&pdf) {
        return Err(ReadError::Encrypted);
    }
    if pdf.objects.len() > limits.max_pdf_objects {
        return Err(ReadError::Limit {
            limit: Limit::PdfObjects,
            detail: format!(
                "the PDF has {} objects, more than the {} allowed",
                pdf.objects.len(),
                limits.max_pdf_objects
            ),
        });
    }
    Ok(LoadedPdf { pdf, repaired })
}

/// Whether the cross-reference data was read as written and names an object at an offset where
/// none could be read: a sign of a file that lost or gained bytes, which poppler and qpdf answer
/// by rebuilding the table.
///
/// Not for an encrypted file: lopdf drops its encryption dictionary once it has decrypted it.
pub(crate) fn names_missing_objects(pdf: &lopdf::Document) -> bool {
    pdf.xref_recovery != Some(lopdf::xref::XrefRecovery::Reconstructed)
        && pdf.encryption_state.is_none()
        && pdf.reference_table.entries.iter().any(|(&number, entry)| {
            matches!(entry, lopdf::xref::XrefEntry::Normal { generation, .. }
                if !pdf.objects.contains_key(&(number, *generation)))
        })
}

/// Whether the cross-reference table was rebuilt by scanning.
pub(crate) fn was_rebuilt(pdf: &lopdf::Document) -> bool {
    pdf.xref_recovery == Some(lopdf::xref::XrefRecovery::Reconstructed)
}

/// The file with an incremental update appended whose trailer repeats the loaded one and adds an
/// empty file identifier (`/ID [<> <>]`).
fn with_empty_file_id(bytes: &[u8], pdf: &lopdf::Document) -> Option<Vec<u8>> {
    // lopdf reads from the `%PDF-` header on and counts offsets from there.
    let start = bytes.windows(5).position(|w| w == b"%PDF-").unwrap_or(0);
    let mut patched = bytes.get(start..)?.to_vec();
    let mut trailer = pdf.trailer.clone();
    let empty = Object::String(Vec::new(), lopdf::StringFormat::Hexadecimal);
    trailer.set("ID", Object::Array(vec![empty.clone(), empty]));
    trailer.remove(b"XRefStm");
    trailer.remove(b"Prev");
    if pdf.xref_start > 0 {
        trailer.set("Prev", i64::try_from(pdf.xref_start).ok()?);
    }
    patched.push(b'\n');
    let xref_at = patched.len();
    patched.extend_from_slice(b"xref\n0 1\n0000000000 65535 f \ntrailer\n");
    lopdf::Writer::write_object(&mut patched, &Object::Dictionary(trailer)).ok()?;
    patched.extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    Some(patched)
}

/// A human message for a lopdf load error; never quotes the file.
fn load_error(error: &lopdf::Error, limits: &Limits) -> ReadError {
    use lopdf::{DecompressError, Error, ParseError};
    let message = match error {
        Error::InvalidPassword | Error::Decryption(_) => return ReadError::Encrypted,
        Error::Decompress(DecompressError::MemoryLimitExceeded { .. }) => {
            return ReadError::Limit {
                limit: Limit::PartBytes,
                detail: format!(
                    "a compressed object stream in the PDF inflates to more than {} bytes",
                    limits.max_part_bytes
                ),
            };
        }
        Error::Parse(ParseError::InvalidFileHeader) => "the file does not start like a PDF",
        Error::UnsupportedSecurityHandler(_) => {
            "the PDF is encrypted with a security handler essaylint cannot open"
        }
        Error::Parse(_) | Error::Xref(_) | Error::MissingXrefEntry | Error::InvalidOffset(_) => {
            "the PDF's cross-reference table and trailer cannot be read, even by scanning the file"
        }
        _ => "the PDF's structure is broken and cannot be read",
    };
    ReadError::BrokenPdf { detail: message }
}

#[cfg(test)]
mod tests {
    //! Damaged copies of a PDF made here, read as poppler and qpdf read them: the pages and sizes
    //! of the undamaged file, or, where nothing is left to find, an error, never 0 pages.

    use lopdf::{Dictionary, dictionary};

    use crate::document::{Document, Geometry};
    use crate::read::ReadError;
    use crate::read::pdf::read_pdf;
    use crate::read::pdf_text::TextExtraction;

    use super::*;

    const SIZES: [(f32, f32); 3] = [(595.0, 842.0), (612.0, 792.0), (100.0, 50.0)];

    /// A three-page PDF with a classic cross-reference table, pages of three sizes. The catalog
    /// and the root of the page tree are its first objects, the pages its last.
    fn three_pages() -> Vec<u8> {
        let mut pdf = lopdf::Document::with_version("1.4");
        let pages_id = pdf.new_object_id();
        let catalog = pdf.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        let kids: Vec<Object> = SIZES
            .iter()
            .map(|&(w, h)| {
                let media = vec![0.into(), 0.into(), Object::Real(w), Object::Real(h)];
                pdf.add_object(dictionary! {
                    "Type" => "Page", "Parent" => pages_id, "MediaBox" => media,
                })
                .into()
            })
            .collect();
        let count = kids.len() as i64;
        pdf.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
        );
        pdf.trailer.set("Root", catalog);
        // A table, not lopdf's default cross-reference stream: the damage below cuts its lines.
        pdf.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
        let mut bytes = Vec::new();
        pdf.save_to(&mut bytes).expect("an in-memory PDF saves");
        bytes
    }

    fn read(bytes: &[u8]) -> Result<Document, ReadError> {
        read_pdf(bytes, &Limits::default(), &TextExtraction::Skip)
    }

    fn sizes(bytes: &[u8]) -> Vec<(f32, f32)> {
        match read(bytes).map(|document| document.geometry) {
            Ok(Geometry::Pages(pages)) => pages
                .iter()
                .map(|page| (page.width_pt as f32, page.height_pt as f32))
                .collect(),
            other => panic!("expected pages, got {other:?}"),
        }
    }

    fn find(bytes: &[u8], needle: &[u8]) -> usize {
        bytes
            .windows(needle.len())
            .rposition(|window| window == needle)
            .expect("the keyword is in the file")
    }

    fn splice(bytes: &[u8], range: std::ops::Range<usize>, with: &[u8]) -> Vec<u8> {
        [&bytes[..range.start], with, &bytes[range.end..]].concat()
    }

    #[test]
    fn the_undamaged_file_reads_as_written() {
        let bytes = three_pages();
        assert_eq!(sizes(&bytes), SIZES);
        let loaded = load_pdf(&bytes, &Limits::default()).expect("loads");
        assert!(!was_rebuilt(&loaded.pdf));
        assert!(!names_missing_objects(&loaded.pdf));
    }

    #[test]
    fn shifted_offsets_are_rebuilt() {
        // Bytes added after the header move every object away from its offset in the table.
        let bytes = three_pages();
        let header_end = bytes
            .iter()
            .position(|&b| b == b'\n')
            .expect("a header line")
            + 1;
        let shifted = splice(&bytes, header_end..header_end, &[b'%'; 300]);
        assert_eq!(sizes(&shifted), SIZES);
    }

    #[test]
    fn a_table_cut_short_is_rebuilt() {
        // The table's last two entries deleted, the trailer and startxref kept: the catalog and
        // the root of the page tree still load, the last two pages do not. lopdf reads the table
        // as written; poppler and qpdf rebuild it, and so does essaylint.
        let bytes = three_pages();
        let (xref, trailer) = (find(&bytes, b"\nxref"), find(&bytes, b"trailer"));
        let table = String::from_utf8_lossy(&bytes[xref..trailer]).into_owned();
        let lines: Vec<&str> = table.lines().collect();
        let kept = lines[..lines.len() - 2].join("\n") + "\n";
        let cut = splice(&bytes, xref..trailer, kept.as_bytes());
        let loaded = load_pdf(&cut, &Limits::default()).expect("loads");
        assert!(
            !was_rebuilt(&loaded.pdf),
            "lopdf reads the table as written"
        );
        assert_eq!(sizes(&cut), SIZES);
        // And the file cut off in the middle of its table: no trailer left at all.
        let truncated = &bytes[..xref + (trailer - xref) / 2];
        assert_eq!(sizes(truncated), SIZES);
    }

    #[test]
    fn objects_away_from_their_offsets_are_rebuilt() {
        // Bytes added just before the last page, and startxref moved to match: the table reads,
        // the catalog and the first pages load, the last page is not where the table says.
        let bytes = three_pages();
        let last = find(&bytes, b"5 0 obj");
        let junk = "junk ".repeat(40) + "\n";
        let moved = splice(&bytes, last..last, junk.as_bytes());
        let startxref = find(&moved, b"startxref") + b"startxref\n".len();
        let digits = moved[startxref..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let offset: usize = String::from_utf8_lossy(&moved[startxref..startxref + digits])
            .parse()
            .expect("a startxref offset");
        let moved = splice(
            &moved,
            startxref..startxref + digits,
            (offset + junk.len()).to_string().as_bytes(),
        );
        let loaded = load_pdf(&moved, &Limits::default()).expect("loads");
        assert!(!was_rebuilt(&loaded.pdf) && names_missing_objects(&loaded.pdf));
        assert_eq!(sizes(&moved), SIZES);
    }

    #[test]
    fn a_header_straight_after_endobj_is_found_by_the_scan() {
        // The last page's header glued to the `endobj` before it, and the table and trailer cut
        // off, so that only a scan finds the objects.
        let bytes = three_pages();
        let last = find(&bytes, b"\n5 0 obj");
        let glued = splice(&bytes, last..last + 1, b"");
        let cut = &glued[..find(&glued, b"\nxref")];
        assert_eq!(sizes(cut), SIZES);
        assert_eq!(with_headers_on_their_own_lines(&bytes), None);
    }

    #[test]
    fn a_missing_trailer_is_found_from_the_catalog() {
        let bytes = three_pages();
        let (trailer, startxref) = (find(&bytes, b"trailer"), find(&bytes, b"startxref"));
        let without = splice(&bytes, trailer..startxref, b"");
        assert_eq!(sizes(&without), SIZES);
    }

    #[test]
    fn a_broken_prev_chain_is_rebuilt_and_the_newest_copy_wins() {
        // An incremental update that changes the third page, whose /Prev points nowhere: the
        // rebuilt table takes the newest copy of each object, as poppler's and qpdf's do.
        let bytes = three_pages();
        let pdf = lopdf::Document::load_mem(&bytes).expect("loads");
        let third = pdf.page_iter().nth(2).expect("a third page");
        let mut page: Dictionary = pdf.get_dictionary(third).expect("a page").clone();
        let media = vec![0.into(), 0.into(), 200.into(), 300.into()];
        page.set("MediaBox", media);
        let root = pdf.trailer.get(b"Root").expect("a root").clone();
        let mut updated = bytes.clone();
        updated.extend_from_slice(format!("\n{} {} obj\n", third.0, third.1).as_bytes());
        lopdf::Writer::write_object(&mut updated, &Object::Dictionary(page)).expect("writes");
        updated.extend_from_slice(b"\nendobj\n");
        let xref_at = updated.len();
        let trailer = dictionary! {
            "Size" => i64::from(pdf.max_id + 1), "Root" => root, "Prev" => 99_999_999,
        };
        updated.extend_from_slice(b"xref\n0 1\n0000000000 65535 f \ntrailer\n");
        lopdf::Writer::write_object(&mut updated, &Object::Dictionary(trailer)).expect("writes");
        updated.extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
        assert_eq!(sizes(&updated), [SIZES[0], SIZES[1], (200.0, 300.0)]);
    }

    #[test]
    fn a_file_without_a_readable_page_is_broken_not_empty() {
        // An empty page tree, and one whose only kid is not in the file.
        for kids in [vec![], vec![Object::Reference((99, 0))]] {
            let mut pdf = lopdf::Document::with_version("1.4");
            let pages =
                pdf.add_object(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => 1 });
            let catalog = pdf.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
            pdf.trailer.set("Root", catalog);
            let mut bytes = Vec::new();
            pdf.save_to(&mut bytes).expect("saves");
            assert_eq!(
                read(&bytes),
                Err(ReadError::BrokenPdf {
                    detail: "the PDF has no page that can be read, even with its cross-reference table rebuilt"
                })
            );
        }
    }
}
