//! The .docx reader on `word/styles.xml` alone: the fuzz bytes are the styles part (deflated, as
//! Word writes it, so that it goes through the reader that inflates it in pieces) of an otherwise
//! valid package whose body names styles that are defined early, late and not at all, so that
//! each lookup may read on through the part. Then the count and the layout, which look styles up
//! again.
#![no_main]

#[path = "package.rs"]
mod package;

use std::sync::OnceLock;

use essaylint::limits::Limits;
use libfuzzer_sys::fuzz_target;
use zip::CompressionMethod;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>A title</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>A heading</w:t></w:r></w:p><w:p><w:r><w:t>Normal text, two words more.</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="NotDefinedAnywhere"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:t>Undefined style.</w:t></w:r></w:p><w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr><w:tr><w:tc><w:p><w:pPr><w:pStyle w:val="ListParagraph"/></w:pPr><w:r><w:t>Cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:sectPr/></w:body></w:document>"#;

fuzz_target!(|data: &[u8]| {
    static LIMITS: OnceLock<Limits> = OnceLock::new();
    let limits = LIMITS.get_or_init(Limits::default);
    let bytes = package::package(
        &[
            ("word/document.xml", DOCUMENT.as_bytes()),
            ("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes()),
            ("word/styles.xml", data),
        ],
        CompressionMethod::Deflated,
    );
    if let Ok(document) = essaylint::read::docx::read_docx(&bytes, limits) {
        let _ = essaylint::count::count(&document, None);
        let _ = essaylint::layout::layout(&document);
        let _ = format!("{:?}", document.styles);
    }
});
