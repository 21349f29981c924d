//! Measures essaylint's layout model against LibreOffice 7.4 on `../shared/corpus`, and against the
//! page counts Microsoft Word stored in the corpus's Word-saved files.
//!
//! `cargo run --release --example layout_agreement [CORPUS] [REFS]` (REFS: the layout reference
//! set, `fixtures/layout` by default) prints a Markdown report (kept in
//! `docs/layout-agreement.md`). `tests/layout.rs` asserts the same figures.

use std::path::{Path, PathBuf};

use essaylint::check::TextExtraction;
use essaylint::check::{Options, read_bytes};
use essaylint::layout::layout;
use serde_json::Value;

fn main() {
    let corpus = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let refs = std::env::args()
        .nth(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/layout"));
    let options = Options {
        pdf_text: TextExtraction::Skip,
        ..Options::default()
    };
    let expected: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(corpus.join("essays/expected.json")).expect("expected.json"),
    )
    .expect("parses");
    println!("# Layout model agreement\n");
    println!("## Essays against LibreOffice 7.4 (`essays/expected.json`)\n");
    println!(
        "| essay | LibreOffice pages | model pages | LibreOffice fill | model fill | difference |"
    );
    println!("|---|---|---|---|---|---|");
    let (mut same_pages, mut close, mut total, mut worst) = (0, 0, 0, 0.0f64);
    for record in &expected {
        let stem = record["stem"].as_str().unwrap_or_default();
        let bytes = std::fs::read(corpus.join(format!("essays/{stem}.docx"))).expect("essay");
        let reading = read_bytes(&bytes, &options);
        let Some(l) = reading.document.as_ref().and_then(layout) else {
            println!("| {stem} | no layout | | | | |");
            continue;
        };
        let lo_pages = record["libreoffice_pages"].as_u64().unwrap_or(0);
        let lo_fill = record["libreoffice_page_fill"].as_f64().unwrap_or(0.0);
        let diff = l.fill - lo_fill;
        total += 1;
        same_pages += usize::from(u64::from(l.pages) == lo_pages);
        close += usize::from(diff.abs() <= 0.05);
        worst = worst.max(diff.abs());
        println!(
            "| {stem} | {lo_pages} | {} | {lo_fill:.3} | {:.3} | {diff:+.3} |",
            l.pages, l.fill
        );
    }
    println!(
        "\nPage counts equal on {same_pages} of {total}; fill within 0.05 on {close} of {total}; \
         largest difference {worst:.3} pages.\n"
    );

    producers(&options, &refs);

    let manifest: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(corpus.join("manifest.json")).expect("manifest.json"),
    )
    .expect("parses");
    println!("## Word-saved documents against the page count Word stored (`docx/`)\n");
    println!("| file | Word's pages | LibreOffice pages | model pages | approximations |");
    println!("|---|---|---|---|---|");
    let (mut agree, mut lo_agree, mut n) = (0, 0, 0);
    for record in &manifest {
        let file = record["file"].as_str().unwrap_or_default();
        let by_word = record["app_application"]
            .as_str()
            .is_some_and(|a| a.contains("Microsoft") && a.contains("Word"));
        if !file.ends_with(".docx") || !by_word {
            continue;
        }
        let Some(word_pages) = record["app_pages"].as_u64() else {
            continue;
        };
        let bytes = std::fs::read(corpus.join(file)).expect("file");
        let reading = read_bytes(&bytes, &options);
        let Some(l) = reading.document.as_ref().and_then(layout) else {
            continue;
        };
        n += 1;
        agree += usize::from(u64::from(l.pages) == word_pages);
        lo_agree += usize::from(record["libreoffice_pages"].as_u64() == Some(word_pages));
        println!(
            "| {file} | {word_pages} | {} | {} | {} |",
            record["libreoffice_pages"],
            l.pages,
            l.approximations.join("; ")
        );
    }
    println!(
        "\nThe model equals Word's stored count on {agree} of {n}; LibreOffice equals it on \
         {lo_agree} of {n}."
    );
}

/// The layout reference set (`fixtures/layout`, made by `scripts/layout_refs/`): each producer's
/// documents against LibreOffice's rendering of them.
fn producers(options: &Options, refs: &Path) {
    let Ok(text) = std::fs::read_to_string(refs.join("reference.json")) else {
        println!("(no {}/reference.json)\n", refs.display());
        return;
    };
    let reference: Value = serde_json::from_str(&text).expect("reference.json parses");
    let records = reference["files"].as_array().cloned().unwrap_or_default();
    println!(
        "## Documents by producer against {} (`fixtures/layout/reference.json`)\n",
        reference["libreoffice"].as_str().unwrap_or("LibreOffice")
    );
    let mut producers: Vec<String> = records
        .iter()
        .filter_map(|r| r["producer"].as_str().map(str::to_owned))
        .collect();
    producers.dedup();
    let mut summary = Vec::new();
    for producer in producers {
        println!("### {producer}\n");
        println!(
            "| file | LibreOffice pages | model pages | LibreOffice fill | model fill | difference | approximations |"
        );
        println!("|---|---|---|---|---|---|---|");
        let (mut n, mut same, mut close) = (0, 0, 0);
        for record in records
            .iter()
            .filter(|r| r["producer"] == producer.as_str())
        {
            let file = record["file"].as_str().unwrap_or_default();
            let bytes = std::fs::read(refs.join(file)).expect("reference file");
            let reading = read_bytes(&bytes, options);
            let Some(l) = reading.document.as_ref().and_then(layout) else {
                println!("| {file} | no layout | | | | | |");
                n += 1;
                continue;
            };
            let lo_pages = record["libreoffice_pages"].as_u64().unwrap_or(0);
            let lo_fill = record["libreoffice_fill"].as_f64().unwrap_or(0.0);
            let diff = l.fill - lo_fill;
            n += 1;
            same += usize::from(u64::from(l.pages) == lo_pages);
            close += usize::from(diff.abs() <= 0.03);
            println!(
                "| {file} | {lo_pages} | {} | {lo_fill:.3} | {:.3} | {diff:+.3} | {} |",
                l.pages,
                l.fill,
                l.approximations.join("; ")
            );
        }
        println!(
            "\n{producer}: pages equal on {same} of {n}; fill within 0.03 page on {close} of {n}.\n"
        );
        summary.push((producer, n, same, close));
    }
    println!("| producer | documents | pages equal | fill within 0.03 |");
    println!("|---|---|---|---|");
    for (producer, n, same, close) in summary {
        println!("| {producer} | {n} | {same} | {close} |");
    }
    println!();
}
