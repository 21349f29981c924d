//! The .docx reader on `word/document.xml` alone: the fuzz bytes are the main part of an otherwise
//! valid package (stored, not deflated, so the bytes reach the XML reader unchanged). Without the
//! zip layer in the way, the fuzzer works on the XML reader, the body reader and the layout.
#![no_main]

use std::io::{Cursor, Write};
use std::sync::OnceLock;

use essaylint::limits::Limits;
use libfuzzer_sys::fuzz_target;
use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fn package(document_xml: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts: [(&str, &[u8]); 3] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", document_xml),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, stored).expect("in-memory zip");
        zip.write_all(bytes).expect("in-memory zip");
    }
    zip.finish().expect("in-memory zip").into_inner()
}

fuzz_target!(|data: &[u8]| {
    static LIMITS: OnceLock<Limits> = OnceLock::new();
    let limits = LIMITS.get_or_init(Limits::default);
    let bytes = package(data);
    if let Ok(document) = essaylint::read::docx::read_docx(&bytes, limits) {
        let _ = essaylint::count::count(&document);
        let _ = essaylint::layout::layout(&document);
    }
});
