//! The .docx reader on a whole (arbitrary) zip, then counting and the layout of what it read.
#![no_main]

use essaylint::limits::Limits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(document) = essaylint::read::docx::read_docx(data, &Limits::default()) {
        let _ = essaylint::count::count(&document, None);
        let _ = essaylint::layout::layout(&document);
    }
});
