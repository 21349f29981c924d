//! Recognises what a file is from its content, never from its name.
//!
//! A candidate's file named `essay.docx` may be a legacy `.doc`, a template, a macro-enabled document,
//! an OpenDocument file, a picture or nothing at all; the portal needs to know which before anything
//! else. OOXML packages are told apart by the content type of the main part that `_rels/.rels` points
//! to (ECMA-376 Part 2, §9.3), OLE2 compound files by the streams they hold.

use std::io::Cursor;

use crate::document::Format;
use crate::limits::Limits;
use crate::read::opc::Package;
use crate::read::zipped;

const OLE2_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Recognises a file from its bytes.
pub fn sniff(bytes: &[u8], limits: &Limits) -> Format {
    sniff_package(bytes, limits).0
}

/// Recognises a file from its bytes, handing over the package it opened to recognise a zip (with
/// its package relationships as read: an error is the reader's to report), so that the .docx
/// reader starts from there instead of again.
pub(crate) fn sniff_package<'a>(
    bytes: &'a [u8],
    limits: &'a Limits,
) -> (Format, Option<Package<'a>>) {
    if bytes.is_empty() {
        return (Format::Empty, None);
    }
    if is_pdf(bytes) {
        return (Format::Pdf, None);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes, limits);
    }
    (sniff_other(bytes), None)
}

/// Whether the sniffer takes these bytes for a PDF: a `%PDF-` header in the first 1024 bytes
/// (readers accept junk before the header; Acrobat looks that far). Cheap, so that a shell can
/// choose how to run a check (a PDF parse wants a deep stack) before running it.
pub fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    find(head, b"%PDF-").is_some()
}

/// Neither a PDF nor a zip.
fn sniff_other(bytes: &[u8]) -> Format {
    if bytes.starts_with(&OLE2_MAGIC) {
        return sniff_ole(bytes);
    }
    if bytes.starts_with(b"{\\rtf") {
        return Format::Rtf;
    }
    if is_image(bytes) {
        return Format::Image;
    }
    if is_text(bytes) {
        return Format::Text;
    }
    Format::Unknown
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"GIF87a")
        || bytes.starts_with(b"GIF89a")
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
        || (bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"))
        || bytes.starts_with(b"BM")
}

fn is_text(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return false;
    }
    match std::str::from_utf8(sample) {
        Ok(s) => !s.chars().any(|c| c.is_control() && !c.is_whitespace()),
        // A sample may end inside a character.
        Err(e) => e.error_len().is_none() && e.valid_up_to() + 4 >= sample.len(),
    }
}

fn sniff_ole(bytes: &[u8]) -> Format {
    // Directory entry names are UTF-16LE; cfb reads the directory properly, and a damaged file still
    // shows its names to a scan of the raw bytes.
    let names: Vec<String> = std::panic::catch_unwind(|| {
        cfb::CompoundFile::open(Cursor::new(bytes))
            .map(|file| {
                file.walk()
                    .map(|entry| entry.name().to_string())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    })
    .unwrap_or_default();
    let has = |name: &str| {
        if names.iter().any(|n| n == name) {
            return true;
        }
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        find(bytes, &utf16).is_some()
    };
    if has("EncryptionInfo") || has("EncryptedPackage") {
        Format::Encrypted
    } else if has("WordDocument") {
        Format::Doc
    } else {
        Format::Ole
    }
}

fn sniff_zip<'a>(bytes: &'a [u8], limits: &'a Limits) -> (Format, Option<Package<'a>>) {
    let Ok(mut zip) = zipped::Package::open(bytes, limits) else {
        // A damaged zip whose local headers name Word parts is a damaged Word document: the reader
        // will say what is wrong with it.
        if find(bytes, b"word/document").is_some() || find(bytes, b"[Content_Types].xml").is_some()
        {
            return (Format::Docx, None);
        }
        return (Format::Zip, None);
    };
    if let Ok(Some(mime)) = zip.read("mimetype")
        && mime.starts_with(b"application/vnd.oasis.opendocument")
    {
        return (Format::Odt, None);
    }
    let mut package = Package::new(zip);
    let main = package.main_part();
    let format = match package.content_type_of(&main) {
        Some(ct) => classify_content_type(&ct),
        None if package.zip.has("word/document.xml") => Format::Docx,
        None if package.zip.has_prefix("word/") => Format::Docx,
        None => Format::Zip,
    };
    (format, Some(package))
}

fn classify_content_type(ct: &str) -> Format {
    let ct = ct.to_ascii_lowercase();
    if ct.contains("ms-word.document.macroenabled") {
        Format::Docm
    } else if ct.contains("ms-word.template.macroenabled") {
        Format::Dotm
    } else if ct.contains("wordprocessingml.template") {
        Format::Dotx
    } else if ct.contains("wordprocessingml.document") {
        Format::Docx
    } else {
        Format::Zip
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_simple_signatures() {
        let limits = Limits::default();
        assert_eq!(sniff(b"", &limits), Format::Empty);
        assert_eq!(sniff(b"%PDF-1.7\n", &limits), Format::Pdf);
        assert_eq!(sniff(b"junk\r\n%PDF-1.4\n", &limits), Format::Pdf);
        assert_eq!(sniff(b"{\\rtf1\\ansi hello}", &limits), Format::Rtf);
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", &limits),
            Format::Image
        );
        assert_eq!(
            sniff("Une dissertation.\n".as_bytes(), &limits),
            Format::Text
        );
        assert_eq!(sniff(&[0u8, 1, 2, 3, 0xff, 0x00], &limits), Format::Unknown);
    }

    #[test]
    fn content_types_decide_word_flavours() {
        use Format::*;
        let cases = [
            (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                Docx,
            ),
            (
                "application/vnd.ms-word.document.macroEnabled.main+xml",
                Docm,
            ),
            (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
                Dotx,
            ),
            (
                "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
                Dotm,
            ),
            (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                Zip,
            ),
        ];
        for (ct, want) in cases {
            assert_eq!(classify_content_type(ct), want, "{ct}");
        }
    }

    #[test]
    fn ole_names_found_by_scan_when_the_directory_is_damaged() {
        let mut bytes = OLE2_MAGIC.to_vec();
        bytes.extend_from_slice(&[0u8; 100]);
        let name: Vec<u8> = "EncryptionInfo"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        bytes.extend_from_slice(&name);
        assert_eq!(sniff(&bytes, &Limits::default()), Format::Encrypted);
        let mut doc = OLE2_MAGIC.to_vec();
        doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(sniff(&doc, &Limits::default()), Format::Doc);
    }
}
