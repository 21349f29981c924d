//! A PDF's Info dictionary: the producer, title and author a reviewer can see, decoded from PDF
//! text strings (ISO 32000-1 §7.9.2.2).

use lopdf::Object;

use crate::document::Metadata;
use crate::read::pdf::{get, resolve};

/// The longest metadata string kept, in characters (a title is a line, not a chapter).
const MAX_METADATA_CHARS: usize = 1000;

/// `/Producer`, `/Title` and `/Author` from the trailer's Info dictionary.
pub(super) fn read_info(pdf: &lopdf::Document) -> Metadata {
    let mut metadata = Metadata::default();
    let Some(info) = pdf
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|info| resolve(pdf, info))
        .and_then(|(_, info)| info.as_dict().ok())
    else {
        return metadata;
    };
    let field = |key: &[u8]| {
        let Object::String(bytes, _) = get(pdf, info, key)? else {
            return None;
        };
        let text = decode_text_string(bytes);
        let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
        (!text.is_empty()).then(|| text.chars().take(MAX_METADATA_CHARS).collect::<String>())
    };
    metadata.application = field(b"Producer");
    metadata.title = field(b"Title");
    metadata.creator = field(b"Author");
    metadata
}

/// Decodes a PDF text string (ISO 32000-1 §7.9.2.2): UTF-16BE after a byte-order mark, UTF-8 after
/// one (PDF 2.0), else PDFDocEncoding. Lossy: a broken string still reads.
fn decode_text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        let units = rest
            .chunks_exact(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]));
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        // Little-endian with a BOM is not allowed, but some writers produce it and viewers read it.
        let units = rest
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]));
        char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect()
    } else if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        bytes.iter().map(|&byte| pdf_doc_char(byte)).collect()
    }
}

/// One byte of PDFDocEncoding (ISO 32000-1 Annex D.2): Latin-1 except for a few accents below 0x20
/// and typographic characters in 0x80..=0xA0.
fn pdf_doc_char(byte: u8) -> char {
    const LOW: [char; 8] = ['˘', 'ˇ', 'ˆ', '˙', '˝', '˛', '˚', '˜'];
    const HIGH: [char; 33] = [
        '•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘', '’', '‚',
        '™', 'ﬁ', 'ﬂ', 'Ł', 'Œ', 'Š', 'Ÿ', 'Ž', 'ı', 'ł', 'œ', 'š', 'ž', '\u{FFFD}', '€',
    ];
    match byte {
        0x18..=0x1F => LOW[usize::from(byte - 0x18)],
        0x80..=0xA0 => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_doc_encoding_table() {
        assert_eq!(
            decode_text_string(b"\x18\x1F\x80\x9F\xA0\xA1\xFFA"),
            "˘˜•\u{FFFD}€¡ÿA"
        );
        assert_eq!(decode_text_string(b"\xFE\xFF\xD8\x3D\xDE\x00\x00"), "😀");
        assert_eq!(decode_text_string(b"\xFE\xFF\xDC\x00"), "\u{FFFD}");
        assert_eq!(decode_text_string(b"\xEF\xBB\xBFcaf\xC3\xA9"), "café");
    }
}
