//! Property tests on stable Rust (proptest): real small files from `fixtures/`, mutated (bit flips,
//! truncation at every offset, duplicated, deleted, swapped and renamed zip entries), always give a
//! report with a verdict, within a deadline, and through the CLI exit 0 or 1.
//!
//! In process the check runs on a watchdog thread: a mutation that hung the check would fail the
//! test at the deadline instead of hanging it. PDF text is skipped in process (the worker would
//! dominate the time; its failures are `pdf_reader.rs`'s and `bombs.rs`'s business); the CLI runs
//! use the real worker.

mod support;

use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::{OnceLock, mpsc};
use std::time::{Duration, Instant};

use essaylint::check::TextExtraction;
use essaylint::check::{Options, check_bytes};
use essaylint::report::{FileReport, Verdict};
use essaylint::rules::RuleSet;
use proptest::prelude::*;
use support::{DEADLINE, check_cli, zip_of};

/// A real .docx saved by Microsoft Word (11 parts, 9.9 KB).
const DOCX: &str = "fixtures/real/protection_comments.docx";
/// A real PDF made by Microsoft Print To PDF (3.8 KB).
const PDF: &str = "fixtures/real/fonts_not_embedded.pdf";

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("fixture")
}

/// Checks `bytes` in process against PASP0150 on a watchdog thread; fails at the deadline.
fn check_within_deadline(bytes: Vec<u8>, what: &str) -> FileReport {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        static RULES: OnceLock<RuleSet> = OnceLock::new();
        let rules = RULES.get_or_init(RuleSet::builtin);
        let variant = rules
            .resolve(&["PASP0150".to_owned()])
            .expect("a built-in post");
        let options = Options {
            pdf_text: TextExtraction::Skip,
            ..Options::default()
        };
        let _ = send.send(check_bytes(
            "mutated",
            &bytes,
            rules,
            variant.as_ref(),
            &options,
        ));
    });
    match receive.recv_timeout(DEADLINE) {
        Ok(report) => report,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: no report within {DEADLINE:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: the check panicked"),
    }
}

/// What every report must be: a verdict, and `unreadable` or `file-type` wherever the file could
/// not be read as what it claims to be.
fn assert_sound(report: &FileReport, what: &str) {
    let broken = report.counts.is_none() && report.pages.is_none();
    if broken {
        assert!(
            report.has("unreadable") || report.has("file-type"),
            "{what}: nothing read, and neither unreadable nor file-type: {:?}",
            report.diagnostics
        );
        assert_eq!(report.verdict, Verdict::Fail, "{what}");
    }
    if report.has("unreadable") && report.pages.is_none() || report.has("file-type") {
        assert_eq!(report.verdict, Verdict::Fail, "{what}");
    }
}

/// The entries of a zip, in order.
fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(zip)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).expect("inflates");
            (file.name().expect("a UTF-8 name").into_owned(), bytes)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    zip_of(&refs)
}

/// A zip with two entries of the same name: `name` is written a second time under a placeholder
/// of the same length, and the placeholder's bytes are then renamed (the zip writer refuses
/// duplicate names).
fn with_duplicate(parts: &[(String, Vec<u8>)], index: usize, other_content: &[u8]) -> Vec<u8> {
    let name = parts[index].0.clone();
    let placeholder: String = name
        .chars()
        .enumerate()
        .map(|(i, c)| if i == name.len() - 1 { '\u{1}' } else { c })
        .collect();
    let mut all = parts.to_vec();
    all.push((placeholder.clone(), other_content.to_vec()));
    let mut zip = rezip(&all);
    let (from, to) = (placeholder.as_bytes(), name.as_bytes());
    let mut i = 0;
    while i + from.len() <= zip.len() {
        if &zip[i..i + from.len()] == from {
            zip[i..i + to.len()].copy_from_slice(to);
        }
        i += 1;
    }
    zip
}

#[test]
fn truncation_at_every_offset_of_a_small_docx_and_pdf() {
    let start = Instant::now();
    for path in [DOCX, PDF] {
        let whole = fixture(path);
        for cut in 0..whole.len() {
            let what = format!("{path} cut at {cut}");
            let report = check_within_deadline(whole[..cut].to_vec(), &what);
            assert_sound(&report, &what);
            if path == DOCX {
                // The central directory is at the end: any cut loses it, and the file is a
                // damaged Word document or (before a Word part's name) not one at all.
                assert!(
                    report.has("unreadable") || report.has("file-type"),
                    "{what}: {:?}",
                    report.diagnostics
                );
                assert_eq!(report.verdict, Verdict::Fail, "{what}");
            }
        }
    }
    eprintln!("every truncation checked in {:?}", start.elapsed());
}

#[test]
fn zip_entries_duplicated_deleted_swapped_and_renamed() {
    let original = entries(&fixture(DOCX));
    let n = original.len();
    let mut checked = 0;
    for i in 0..n {
        // Deleted.
        let mut parts = original.clone();
        let (name, _) = parts.remove(i);
        let report = check_within_deadline(rezip(&parts), &format!("without {name}"));
        assert_sound(&report, &name);
        // Duplicated, with the same content and with another part's content.
        for other in [i, (i + 1) % n] {
            let zip = with_duplicate(&original, i, &original[other].1);
            let what = format!("{name} twice (second as {})", original[other].0);
            assert_sound(&check_within_deadline(zip, &what), &what);
        }
        // Swapped with every other part, and renamed to a near miss.
        for j in i + 1..n {
            let mut parts = original.clone();
            let content = parts[i].1.clone();
            parts[i].1 = parts[j].1.clone();
            parts[j].1 = content;
            let what = format!("{name} swapped with {}", original[j].0);
            assert_sound(&check_within_deadline(rezip(&parts), &what), &what);
            checked += 1;
        }
        let mut parts = original.clone();
        parts[i].0 = parts[i].0.to_uppercase();
        let what = format!("{name} renamed");
        assert_sound(&check_within_deadline(rezip(&parts), &what), &what);
        checked += 4;
    }
    assert!(checked > 50, "{checked}");
}

/// Flips the bits given as (offset fraction, bit) pairs.
fn flip(bytes: &[u8], flips: &[(f64, u8)]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for &(at, bit) in flips {
        let i = ((at * out.len() as f64) as usize).min(out.len() - 1);
        out[i] ^= 1 << (bit % 8);
    }
    out
}

/// Bit flips in the .docx's inflated parts (the zip's checksums would catch flips in the zip).
fn flip_inside(parts: &[(String, Vec<u8>)], part: usize, flips: &[(f64, u8)]) -> Vec<u8> {
    let mut parts = parts.to_vec();
    let index = part % parts.len();
    parts[index].1 = flip(&parts[index].1, flips);
    rezip(&parts)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn bit_flips_in_the_raw_files(
        pdf in any::<bool>(),
        flips in prop::collection::vec((0.0..1.0f64, 0..8u8), 1..16),
    ) {
        let bytes = fixture(if pdf { PDF } else { DOCX });
        let what = format!("{} flipped at {flips:?}", if pdf { "pdf" } else { "docx" });
        let report = check_within_deadline(flip(&bytes, &flips), &what);
        assert_sound(&report, &what);
    }

    #[test]
    fn bit_flips_in_the_docx_parts(
        part in 0..32usize,
        flips in prop::collection::vec((0.0..1.0f64, 0..8u8), 1..16),
    ) {
        let parts = entries(&fixture(DOCX));
        let what = format!("part {part} flipped at {flips:?}");
        let report = check_within_deadline(flip_inside(&parts, part, &flips), &what);
        assert_sound(&report, &what);
    }
}

proptest! {
    // Through the real CLI and its PDF worker: fewer cases, each a process or two.
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_cli_exits_0_or_1_on_mutated_files(
        pdf in any::<bool>(),
        cut in 0.05..1.0f64,
        flips in prop::collection::vec((0.0..1.0f64, 0..8u8), 0..8),
    ) {
        let bytes = fixture(if pdf { PDF } else { DOCX });
        let mut bytes = flip(&bytes, &flips);
        bytes.truncate(((bytes.len() as f64) * cut) as usize);
        let run = check_cli(&bytes, &["--post", "PASP0150"]);
        run.assert_bounded(&format!("pdf {pdf}, cut {cut}, flips {flips:?}"));
        prop_assert!(run.elapsed < Duration::from_secs(10));
    }
}
