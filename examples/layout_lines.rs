//! Prints the layout model's lines of a .docx: page, paragraph, the bottom of each line from the
//! top of the body area (points), and words; for comparing with a rendering line by line.
//!
//! `cargo run --release --example layout_lines -- FILE.docx`

use essaylint::check::{Options, TextExtraction, read_bytes};
use essaylint::layout::layout;

fn main() {
    let path = std::env::args().nth(1).expect("a .docx file");
    let bytes = std::fs::read(&path).expect("readable");
    let options = Options {
        pdf_text: TextExtraction::Skip,
        ..Options::default()
    };
    let reading = read_bytes(&bytes, &options);
    let Some(doc) = reading.document.as_ref() else {
        eprintln!("not read: {:?}", reading.error);
        return;
    };
    let Some(l) = layout(doc) else {
        eprintln!("no layout");
        return;
    };
    for line in &l.lines {
        println!(
            "{} {} {:.2} {}",
            line.page, line.paragraph, line.bottom, line.words
        );
    }
    println!("pages {} fill {:.3}", l.pages, l.fill);
}
