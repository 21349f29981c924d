//! Measures essaylint's Word Count figures (characters without and with spaces, paragraphs, lines)
//! against the statistics the program that last saved each .docx of `../shared/corpus` stored in
//! its `docProps/app.xml`, and the figures of each essay's PDF against its .docx.
//!
//! `cargo run --example word_count_agreement [CORPUS]` prints a Markdown report (kept in
//! `docs/word-count.md`).
//!
//! Stored statistics are compared only where they are fresh: where the stored `Words` equals
//! essaylint's word count. A program writes its statistics when it saves, and many files carry the
//! figures of an earlier text (a template's, or a version saved before an edit by a program that
//! does not update them). Word's stored statistics cover the main text only (not text boxes,
//! footnotes or endnotes, which its Word Count dialog counts by default), so two comparisons are
//! made: with essaylint's counts as reported (the dialog's parts), and with its counts of the main
//! text alone (the parts `w:doNotIncludeSubdocsInStats` leaves).

use std::path::{Path, PathBuf};

use essaylint::check::{Options, TextExtraction, counts_of, read_bytes};
use essaylint::count::Counts;
use essaylint::document::{Document, Metadata};
use essaylint::layout::layout;
use serde_json::Value;

/// One figure: its name, essaylint's value, the stored value.
type Figure = (
    &'static str,
    fn(&Counts) -> u64,
    fn(&Metadata) -> Option<u32>,
);

const FIGURES: [Figure; 4] = [
    ("Characters", |c| c.characters, |m| m.stored_characters),
    (
        "CharactersWithSpaces",
        |c| c.characters_with_spaces,
        |m| m.stored_characters_with_spaces,
    ),
    ("Paragraphs", |c| c.paragraphs, |m| m.stored_paragraphs),
    ("Lines", |c| c.lines, |m| m.stored_lines),
];

/// Agreement of one figure over files: compared, equal, within 1%.
#[derive(Default, Clone, Copy)]
struct Tally {
    compared: usize,
    exact: usize,
    within_1pc: usize,
}

impl Tally {
    fn add(&mut self, ours: u64, stored: u64) {
        self.compared += 1;
        self.exact += usize::from(ours == stored);
        let diff = ours.abs_diff(stored) as f64;
        self.within_1pc += usize::from(diff <= stored as f64 * 0.01);
    }
}

/// A document and its counts: as reported, and of the main text alone.
fn read(path: &Path, pdf_text: TextExtraction) -> Option<(Document, Counts, Counts)> {
    let bytes = std::fs::read(path).ok()?;
    let options = Options {
        pdf_text,
        ..Options::default()
    };
    let mut doc = read_bytes(&bytes, &options).document?;
    let l = layout(&doc);
    let counts = counts_of(&doc, l.as_ref())?;
    let reported = doc.metadata.exclude_subdocs_from_stats;
    doc.metadata.exclude_subdocs_from_stats = true;
    let main_text = counts_of(&doc, l.as_ref())?;
    doc.metadata.exclude_subdocs_from_stats = reported;
    Some((doc, counts, main_text))
}

/// One comparison: which of essaylint's counts, and the tallies.
struct Comparison {
    name: &'static str,
    all: [Tally; 4],
    by_word: [Tally; 4],
    fresh: usize,
}

impl Comparison {
    fn new(name: &'static str) -> Self {
        Comparison {
            name,
            all: [Tally::default(); 4],
            by_word: [Tally::default(); 4],
            fresh: 0,
        }
    }

    /// Compares one file's figures when its stored word count equals `counts.words`; returns the
    /// table cells.
    fn add(&mut self, doc: &Document, counts: &Counts, word: bool) -> Option<Vec<String>> {
        if doc.metadata.stored_words.map(u64::from) != Some(counts.words) {
            return None;
        }
        self.fresh += 1;
        let mut cells = Vec::new();
        for (k, (_, ours, stored)) in FIGURES.iter().enumerate() {
            let ours = ours(counts);
            match stored(&doc.metadata) {
                Some(stored) => {
                    self.all[k].add(ours, u64::from(stored));
                    if word {
                        self.by_word[k].add(ours, u64::from(stored));
                    }
                    let mark = if ours == u64::from(stored) {
                        ""
                    } else {
                        " ≠"
                    };
                    cells.push(format!("{ours} / {stored}{mark}"));
                }
                None => cells.push(format!("{ours} / –")),
            }
        }
        Some(cells)
    }

    fn print(&self) {
        println!("\n{}: {} files compared.\n", self.name, self.fresh);
        println!(
            "| figure | compared | equal | within 1% | saved by Microsoft Word: compared | equal | within 1% |"
        );
        println!("|---|---|---|---|---|---|---|");
        for (k, (name, _, _)) in FIGURES.iter().enumerate() {
            let (t, w) = (self.all[k], self.by_word[k]);
            println!(
                "| {name} | {} | {} | {} | {} | {} | {} |",
                t.compared, t.exact, t.within_1pc, w.compared, w.exact, w.within_1pc
            );
        }
    }
}

/// How many Word-saved files' stored `Lines`, `Paragraphs` and `CharactersWithSpaces` are what
/// these arithmetic relations give from the stored `Characters` and `Words`: if nearly all are,
/// those three are estimates derived at save time, not counts, and cannot measure essaylint's.
fn estimates(corpus: &Path, files: &[String]) {
    let (mut n, mut lines, mut paragraphs, mut spaces, mut all) = (0, 0, 0, 0, 0);
    let mut others = Vec::new();
    for file in files {
        let Some((doc, _, _)) = read(&corpus.join(file), TextExtraction::Skip) else {
            continue;
        };
        let m = &doc.metadata;
        let app = m.application.as_deref().unwrap_or_default();
        let (Some(c), Some(cs), Some(p), Some(l), Some(w)) = (
            m.stored_characters,
            m.stored_characters_with_spaces,
            m.stored_paragraphs,
            m.stored_lines,
            m.stored_words,
        ) else {
            continue;
        };
        if !(app.contains("Microsoft") && app.contains("Word")) || c == 0 {
            continue;
        }
        n += 1;
        let l_ok = l == (c / 120).max(1);
        let p_ok = p == (cs / 500).max(1);
        let s_ok = cs == c + w.saturating_sub(p);
        lines += usize::from(l_ok);
        paragraphs += usize::from(p_ok);
        spaces += usize::from(s_ok);
        all += usize::from(l_ok && p_ok && s_ok);
        if !(l_ok && p_ok && s_ok) {
            others.push(file.as_str());
        }
    }
    println!("\n## How Word's stored statistics were made\n");
    println!(
        "Of {n} files saved by Microsoft Word that store `Characters` > 0 (stale or not): \
         `Lines` = max(1, ⌊Characters / 120⌋) on {lines}; `Paragraphs` = max(1, \
         ⌊CharactersWithSpaces / 500⌋) on {paragraphs}; `CharactersWithSpaces` = Characters + \
         max(0, Words − Paragraphs) on {spaces}; all three on {all}. The others: {}.",
        others.join(", ")
    );
}

fn main() {
    let corpus = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let manifest: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(corpus.join("manifest.json")).expect("manifest.json"),
    )
    .expect("parses");
    let mut files: Vec<String> = manifest
        .iter()
        .filter_map(|r| r["file"].as_str())
        .filter(|f| f.ends_with(".docx"))
        .map(str::to_string)
        .collect();
    let mut essays: Vec<String> = std::fs::read_dir(corpus.join("essays"))
        .expect("essays")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|name| name.ends_with(".docx"))
        .collect();
    essays.sort();
    files.extend(essays.iter().map(|e| format!("essays/{e}")));

    println!("# Word Count figures against the statistics stored in `docProps/app.xml`\n");
    println!(
        "Files whose stored `Words` equals essaylint's count of the main text; figures are \
         essaylint's / stored, for the main text (≠ where they differ).\n"
    );
    println!(
        "| file | saved by | words | characters | with spaces | paragraphs | lines | as reported |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut reported =
        Comparison::new("Counts as reported (text boxes, footnotes, endnotes included)");
    let mut main_text = Comparison::new("Counts of the main text");
    let (mut read_files, mut with_words) = (0, 0);
    for file in &files {
        let Some((doc, counts, main)) = read(&corpus.join(file), TextExtraction::Skip) else {
            continue;
        };
        read_files += 1;
        if doc.metadata.stored_words.is_none() {
            continue;
        }
        with_words += 1;
        let app = doc.metadata.application.clone().unwrap_or_default();
        let word = app.contains("Microsoft") && app.contains("Word");
        let as_reported = reported.add(&doc, &counts, word).is_some();
        if let Some(cells) = main_text.add(&doc, &main, word) {
            println!(
                "| {file} | {app} | {} | {} | {} |",
                main.words,
                cells.join(" | "),
                if as_reported { "same" } else { "words differ" }
            );
        }
    }
    println!(
        "\n{read_files} .docx files read; {with_words} store a word count; on {} it equals \
         essaylint's count as reported, on {} its count of the main text.",
        reported.fresh, main_text.fresh
    );
    reported.print();
    main_text.print();
    estimates(&corpus, &files);

    println!("\n## Each essay's PDF (LibreOffice 7.4) against its .docx\n");
    println!("| essay | words | characters (docx / pdf) | with spaces | paragraphs | lines |");
    println!("|---|---|---|---|---|---|");
    let mut pdf_tallies = [Tally::default(); 4];
    for essay in &essays {
        let stem = essay.trim_end_matches(".docx");
        let docx = read(&corpus.join("essays").join(essay), TextExtraction::Skip);
        let pdf = read(
            &corpus.join("essays").join(format!("{stem}.pdf")),
            TextExtraction::InProcess,
        );
        let (Some((_, d, _)), Some((_, p, _))) = (docx, pdf) else {
            continue;
        };
        let mut cells = Vec::new();
        for (k, (_, figure, _)) in FIGURES.iter().enumerate() {
            let (ours_docx, ours_pdf) = (figure(&d), figure(&p));
            pdf_tallies[k].add(ours_pdf, ours_docx);
            cells.push(format!("{ours_docx} / {ours_pdf}"));
        }
        println!(
            "| {stem} | {} / {} | {} |",
            d.words,
            p.words,
            cells.join(" | ")
        );
    }
    println!("\n| figure | essays | PDF equal to .docx | within 1% |");
    println!("|---|---|---|---|");
    for (k, (name, _, _)) in FIGURES.iter().enumerate() {
        let t = pdf_tallies[k];
        println!(
            "| {name} | {} | {} | {} |",
            t.compared, t.exact, t.within_1pc
        );
    }
}
