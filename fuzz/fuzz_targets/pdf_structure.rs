//! The PDF reader's structure pass in process (lopdf: cross-reference table, objects, page tree,
//! metadata, hygiene), without text extraction.
#![no_main]

use essaylint::limits::Limits;
use essaylint::read::pdf::read_pdf;
use essaylint::read::pdf_text::TextExtraction;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = read_pdf(data, &Limits::default(), &TextExtraction::Skip);
});
