//! Benchmarks of each stage on a two-page essay (`fixtures/real/b_en_1000__calibri11.docx`, 1,013
//! words, 1.78 pages in Calibri 11), and of the whole check in process.
//!
//! `cargo bench --bench pipeline`. Speed lives here, never in timed tests.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use essaylint::check::{Options, check_bytes, read_bytes};
use essaylint::count::count;
use essaylint::layout::layout;
use essaylint::read::docx::read_docx;
use essaylint::read::pdf::TextExtraction;
use essaylint::rules::RuleSet;
use essaylint::sniff::sniff;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/real")
            .join(name),
    )
    .expect("fixture")
}

fn stages(c: &mut Criterion) {
    let bytes = fixture("b_en_1000__calibri11.docx");
    let options = Options {
        pdf_text: TextExtraction::Skip,
        ..Options::default()
    };
    let doc = read_docx(&bytes, &options.limits).expect("reads");
    c.bench_function("sniff docx", |b| {
        b.iter(|| sniff(black_box(&bytes), &options.limits))
    });
    c.bench_function("read docx (two-page essay)", |b| {
        b.iter(|| read_docx(black_box(&bytes), &options.limits))
    });
    c.bench_function("count", |b| b.iter(|| count(black_box(&doc))));
    c.bench_function("layout (two-page essay)", |b| {
        b.iter(|| layout(black_box(&doc)))
    });
    let rules = RuleSet::builtin();
    let variant = rules
        .resolve(&["PASP0150".to_string()])
        .expect("post")
        .expect("variant");
    c.bench_function("check docx in process (two-page essay)", |b| {
        b.iter(|| check_bytes("essay.docx", black_box(&bytes), Some(&variant), &options))
    });
    let pdf = fixture("a_en_495_footnote__times12.pdf");
    let structure = Options {
        pdf_text: TextExtraction::Skip,
        ..Options::default()
    };
    c.bench_function("read pdf structure (one page)", |b| {
        b.iter(|| read_bytes(black_box(&pdf), &structure))
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
