//! Counting and layout on arbitrary text: the bytes are paragraphs separated by NUL, each
//! paragraph's first byte choosing its part; the text is the rest, read as UTF-8 (lossy).
#![no_main]

use essaylint::document::{Document, Format, Paragraph, Part, Section};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut document = Document::new(Format::Docx);
    document.sections.push(Section::default());
    for chunk in data.split(|&b| b == 0) {
        let Some((&selector, text)) = chunk.split_first() else {
            continue;
        };
        let part = Part::ALL[usize::from(selector) % Part::ALL.len()];
        let text = String::from_utf8_lossy(text);
        let _ = essaylint::count::count_words(&text);
        document.paragraphs.push(Paragraph::plain(part, text));
    }
    let layout = essaylint::layout::layout(&document);
    let lines = layout
        .as_ref()
        .map(|l| essaylint::layout::lines_per_paragraph(&document, l));
    let counts = essaylint::count::count(&document, lines.as_deref());
    assert!(counts.words_range[1] <= counts.characters);
    assert!(counts.characters <= counts.characters_with_spaces);
    let _ = essaylint::count::locate_word(&document, counts.words);
    let _ = essaylint::count::locate_word(&document, counts.words / 2 + 1);
});
