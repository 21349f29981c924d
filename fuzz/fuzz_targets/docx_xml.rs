//! The .docx reader on `word/document.xml` alone: the fuzz bytes are the main part of an otherwise
//! valid package (stored, not deflated, so the bytes reach the XML reader unchanged). Without the
//! zip layer in the way, the fuzzer works on the XML reader, the body reader and the layout.
#![no_main]

#[path = "package.rs"]
mod package;

use std::sync::OnceLock;

use essaylint::limits::Limits;
use libfuzzer_sys::fuzz_target;
use zip::CompressionMethod;

fuzz_target!(|data: &[u8]| {
    static LIMITS: OnceLock<Limits> = OnceLock::new();
    let limits = LIMITS.get_or_init(Limits::default);
    let bytes = package::package(&[("word/document.xml", data)], CompressionMethod::Stored);
    if let Ok(document) = essaylint::read::docx::read_docx(&bytes, limits) {
        let _ = essaylint::count::count(&document, None);
        let _ = essaylint::layout::layout(&document);
    }
});
