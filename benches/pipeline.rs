//! Benchmarks of each stage, and of whole checks in process.
//!
//! Stages run on a two-page essay (`fixtures/real/b_en_1000__calibri11.docx`, 1,013 words, 1.78
//! pages in Calibri 11) and a one-page PDF (`fixtures/real/a_en_495_footnote__times12.pdf`). The
//! throughput group checks every .docx (and every .pdf) essay of `../shared/corpus/essays` in
//! process, one after another on one thread, and reports essays per second; without the corpus it
//! uses the bundled essays in `fixtures/real`.
//!
//! `cargo bench --bench pipeline`. Speed lives here, never in timed tests.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use essaylint::check::TextExtraction;
use essaylint::check::{Options, check_bytes, read_bytes, report_reading};
use essaylint::count::count;
use essaylint::layout::{layout, lines_per_paragraph};
use essaylint::read::docx::read_docx;
use essaylint::read::pdf_text::extract_in_process as extract_pdf_text_in_process;
use essaylint::render::json;
use essaylint::report::Report;
use essaylint::rules::RuleSet;
use essaylint::sniff::sniff;
use essaylint::worker::extract_pdf_text;

/// The allocator the essaylint binary uses, so that in-process figures are the service's and the
/// batch mode's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("fixtures/real").join(name)).expect("fixture")
}

/// The essays to check, by extension: the shared corpus's, else the bundled ones.
fn essays(extension: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let shared = root().join("../shared/corpus/essays");
    let folder = if shared.is_dir() {
        shared
    } else {
        root().join("fixtures/real")
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("essay folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            ["a_", "b_", "c_", "d_"].iter().any(|s| name.starts_with(s))
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("essay");
            (p, bytes)
        })
        .collect()
}

/// The posts an essay was written for, from its name (`a_` officer, `b_` PASP0150, `c_`
/// PASP0024, `d_` both).
fn posts_of(path: &Path) -> Vec<String> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    match name.get(..2) {
        Some("a_") => vec!["officer-gps".into()],
        Some("b_") => vec!["PASP0150".into()],
        Some("c_") => vec!["PASP0024".into()],
        _ => vec!["PASP0150".into(), "PASP0024".into()],
    }
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
    let lines = layout(&doc).map(|l| lines_per_paragraph(&doc, &l));
    c.bench_function("count", |b| {
        b.iter(|| count(black_box(&doc), lines.as_deref()))
    });
    c.bench_function("layout (two-page essay)", |b| {
        b.iter(|| layout(black_box(&doc)))
    });
    let rules = RuleSet::builtin();
    c.bench_function("load built-in rules", |b| b.iter(RuleSet::builtin));
    let variant = rules
        .resolve(&["PASP0150".to_string()])
        .expect("post")
        .expect("variant");
    let reading = read_bytes(&bytes, &options);
    c.bench_function(
        "count, layout, content and rules (two-page essay, read)",
        |b| b.iter(|| report_reading("essay.docx", black_box(&reading), &rules, Some(&variant))),
    );
    c.bench_function("check docx in process (two-page essay)", |b| {
        b.iter(|| {
            check_bytes(
                "essay.docx",
                black_box(&bytes),
                &rules,
                Some(&variant),
                &options,
            )
        })
    });
    let report = Report::new(vec![check_bytes(
        "essay.docx",
        &bytes,
        &rules,
        Some(&variant),
        &options,
    )]);
    c.bench_function("render JSON (one report)", |b| {
        b.iter(|| json::to_json(black_box(&report)))
    });

    let pdf = fixture("a_en_495_footnote__times12.pdf");
    c.bench_function("read pdf structure (one page)", |b| {
        b.iter(|| read_bytes(black_box(&pdf), &options))
    });
    c.bench_function("pdf text in process (one page)", |b| {
        b.iter(|| extract_pdf_text_in_process(black_box(&pdf)))
    });
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_essaylint"));
    let mut worker = c.benchmark_group("worker");
    worker.sample_size(20);
    worker.bench_function("pdf text through the worker (one page)", |b| {
        b.iter(|| extract_pdf_text(&exe, black_box(&pdf), &options.limits))
    });
    worker.finish();
}

fn throughput(c: &mut Criterion) {
    let rules = RuleSet::builtin();
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_essaylint"));
    for (label, extension, pdf_text) in [
        ("docx", "docx", TextExtraction::Skip),
        ("pdf", "pdf", TextExtraction::Worker(exe.clone())),
        (
            "pdf (warm worker)",
            "pdf",
            TextExtraction::Pool(std::sync::Arc::new(essaylint::worker::WorkerPool::new(
                exe, 1,
            ))),
        ),
    ] {
        let essays = essays(extension);
        let resolved: Vec<_> = essays
            .iter()
            .map(|(path, _)| rules.resolve(&posts_of(path)).expect("posts"))
            .collect();
        let options = Options {
            pdf_text,
            ..Options::default()
        };
        let mut group = c.benchmark_group("essays");
        group.throughput(Throughput::Elements(essays.len() as u64));
        if extension == "pdf" {
            group.sample_size(10);
        }
        group.bench_function(format!("check every {label} essay in process"), |b| {
            b.iter(|| {
                for ((path, bytes), variant) in essays.iter().zip(&resolved) {
                    black_box(check_bytes(
                        &path.display().to_string(),
                        bytes,
                        &rules,
                        variant.as_ref(),
                        &options,
                    ));
                }
            })
        });
        group.finish();
    }
}

/// The two files the page's figures use (`web/bench/figures.mjs`, docs/web.md), checked in process
/// as the page checks them: the core alone, PDF text in this process; with libdeflate (the native
/// build) and with zlib-rs alone (what the WebAssembly build inflates with). Needs the corpus.
fn page_files(c: &mut Criterion) {
    let essays = root().join("../shared/corpus/essays");
    let rules = RuleSet::builtin();
    let mut group = c.benchmark_group("page files in process");
    for (name, post) in [
        ("a_en_480__calibri11.docx", "officer-gps"),
        ("b_en_1000__calibri11.pdf", "PASP0150"),
    ] {
        let Ok(bytes) = std::fs::read(essays.join(name)) else {
            return;
        };
        let variant = rules
            .resolve(&[post.to_string()])
            .expect("post")
            .expect("variant");
        let options = essaylint_core::check::Options::default();
        for native in [true, false] {
            let inflater = if native { "libdeflate" } else { "zlib-rs" };
            group.bench_function(format!("{name} ({inflater})"), |b| {
                essaylint_core::read::use_native_inflate(native);
                b.iter(|| {
                    essaylint_core::check::check_bytes(
                        name,
                        black_box(&bytes),
                        &rules,
                        Some(&variant),
                        &options,
                    )
                });
                essaylint_core::read::use_native_inflate(true);
            });
        }
    }
    group.finish();
}

criterion_group!(benches, stages, throughput, page_files);
criterion_main!(benches);
