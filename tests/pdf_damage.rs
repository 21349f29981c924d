//! Damaged copies of the shared corpus's PDFs, read as poppler and qpdf read them.
//!
//! Each PDF under `../shared/corpus/pdf` and a few essays are damaged here in the ways a file is
//! damaged in transit or by a careless tool: bytes added after the header (every offset shifted),
//! the cross-reference table cut to half its entries, the trailer deleted, the file cut off in the
//! middle of its table, `startxref` pointing a few bytes off, and an incremental update whose
//! `/Prev` points nowhere. For each copy:
//!
//! - where qpdf reconstructs it (`qpdf DAMAGED REPAIRED`), essaylint reads the pages and page sizes
//!   that pdfinfo reads in qpdf's repaired file;
//! - where poppler reads it (pdfinfo on the damaged copy), essaylint reads its pages and sizes;
//! - where neither does, essaylint either reads the undamaged file's pages and sizes (it rebuilt
//!   more than they could, as pdf.js does for a missing trailer) or says the PDF is broken;
//! - never 0 pages.
//!
//! Needs qpdf and pdfinfo (Debian's `qpdf` and `poppler-utils`, which `.ci/run` installs); without
//! them, or without the corpus, it says so and skips (under `CI=true` it fails).

mod common;

use std::path::Path;
use std::process::Command;

use essaylint::document::Geometry;
use essaylint::limits::Limits;
use essaylint::read::ReadError;
use essaylint::read::pdf_text::TextExtraction;

/// Pages as (short side, long side) in points, rounded to a tenth of a point.
type Sides = Vec<(i64, i64)>;

fn sides(width: f64, height: f64) -> (i64, i64) {
    let (a, b) = (width.min(height), width.max(height));
    ((a * 10.0).round() as i64, (b * 10.0).round() as i64)
}

fn ours(bytes: &[u8]) -> Result<Sides, ReadError> {
    let document = essaylint::check::with_deep_stack(|| {
        essaylint::read::pdf::read_pdf(bytes, &Limits::default(), &TextExtraction::Skip)
    })?;
    match document.geometry {
        Geometry::Pages(pages) => Ok(pages
            .iter()
            .map(|page| sides(page.width_pt, page.height_pt))
            .collect()),
        Geometry::Sections => panic!("a PDF has pages"),
    }
}

/// The pages pdfinfo reads, with their sizes; `None` when it cannot read the file.
fn pdfinfo(path: &Path) -> Option<Sides> {
    let out = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "100000"])
        .arg(path)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut pages = Vec::new();
    for line in text.lines() {
        // "Page    1 size: 595.276 x 841.89 pts (A4)"
        let Some(rest) = line.strip_prefix("Page ") else {
            continue;
        };
        let Some((_, size)) = rest.split_once(" size: ") else {
            continue;
        };
        let numbers: Vec<f64> = size
            .split_whitespace()
            .filter_map(|word| word.parse().ok())
            .collect();
        if let [width, height, ..] = numbers[..] {
            pages.push(sides(width, height));
        }
    }
    Some(pages)
}

/// What qpdf reconstructs: pdfinfo's reading of the file qpdf writes from the damaged one.
fn qpdf(damaged: &Path, repaired: &Path) -> Option<Sides> {
    let status = Command::new("qpdf")
        .arg(damaged)
        .arg(repaired)
        .output()
        .ok()?
        .status;
    // 0: no problem; 3: repaired, with warnings; 2: failed.
    if !matches!(status.code(), Some(0 | 3)) {
        return None;
    }
    pdfinfo(repaired)
}

fn find(bytes: &[u8], needle: &[u8]) -> Option<usize> {
    bytes
        .windows(needle.len())
        .rposition(|window| window == needle)
}

/// The damaged copies of `bytes` that apply to it, by name.
fn damaged_copies(bytes: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let mut copies = Vec::new();
    let header_end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .map_or(0, |at| at + 1);
    copies.push((
        "shifted offsets",
        [
            &bytes[..header_end],
            &[b'%'; 37],
            b"\n",
            &bytes[header_end..],
        ]
        .concat(),
    ));
    let startxref = find(bytes, b"startxref");
    let trailer = find(bytes, b"trailer").filter(|&at| find(bytes, b"endobj") < Some(at));
    let xref = find(bytes, b"\nxref").filter(|&at| trailer > Some(at));
    if let (Some(xref), Some(trailer)) = (xref, trailer) {
        let table = String::from_utf8_lossy(&bytes[xref..trailer]).into_owned();
        let lines: Vec<&str> = table.lines().collect();
        let kept = lines[..(lines.len() / 2).max(3).min(lines.len())].join("\n") + "\n";
        copies.push((
            "table cut to half its entries",
            [&bytes[..xref], kept.as_bytes(), &bytes[trailer..]].concat(),
        ));
        copies.push((
            "file cut off in its table",
            bytes[..xref + (trailer - xref) / 2].to_vec(),
        ));
    }
    if let (Some(trailer), Some(startxref)) = (trailer, startxref)
        && trailer < startxref
    {
        copies.push((
            "trailer deleted",
            [&bytes[..trailer], &bytes[startxref..]].concat(),
        ));
        // An update whose /Prev points nowhere, repeating the trailer's /Root and /Size.
        let dictionary = String::from_utf8_lossy(&bytes[trailer + b"trailer".len()..startxref]);
        let keep = |key: &str| {
            let at = dictionary.find(key)?;
            let value: String = dictionary[at + key.len()..]
                .trim_start()
                .split(['/', '>'])
                .next()?
                .trim()
                .to_owned();
            Some(format!("{key} {value} "))
        };
        if let (Some(root), Some(size)) = (keep("/Root"), keep("/Size")) {
            let mut update = bytes.to_vec();
            update.push(b'\n');
            let at = update.len();
            update.extend_from_slice(
                format!(
                    "xref\n0 1\n0000000000 65535 f \ntrailer\n<< {root}{size}/Prev 99999999 >>\nstartxref\n{at}\n%%EOF\n"
                )
                .as_bytes(),
            );
            copies.push(("broken /Prev", update));
        }
    }
    if let Some(startxref) = startxref {
        let digits = startxref + b"startxref".len();
        let text = String::from_utf8_lossy(&bytes[digits..]);
        let number: String = text
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let Ok(offset) = number.parse::<u64>() {
            let wrong = format!("\n{}\n%%EOF\n", offset + 7);
            copies.push((
                "startxref a few bytes off",
                [&bytes[..digits], wrong.as_bytes()].concat(),
            ));
        }
    }
    copies
}

#[test]
fn damaged_pdfs_read_as_qpdf_and_poppler_read_them() {
    let Some(root) = common::corpus() else { return };
    let have = |tool: &str| Command::new(tool).arg("--version").output().is_ok();
    if !(have("qpdf") && have("pdfinfo")) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install qpdf and poppler-utils for this test"
        );
        eprintln!("note: qpdf or pdfinfo is missing; damaged-PDF test skipped");
        return;
    }
    let mut files = Vec::new();
    common::files_under(
        &root.join("pdf"),
        &|p: &Path| p.extension().is_some_and(|e| e == "pdf"),
        &mut files,
    );
    for essay in [
        "a_en_480__calibri11.pdf",
        "b_en_1000__calibri11-double.pdf",
        "d_en_1500__times12.pdf",
    ] {
        files.push(root.join("essays").join(essay));
    }
    assert!(files.len() >= 30, "{files:?}");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (damaged_path, repaired_path) = (
        dir.path().join("damaged.pdf"),
        dir.path().join("repaired.pdf"),
    );
    let (mut copies, mut recovered, mut broken, mut beyond) = (0, 0, 0, 0);
    let mut problems = Vec::new();
    for file in &files {
        let name = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .display()
            .to_string();
        let original = std::fs::read(file).unwrap_or_else(|e| panic!("{name}: {e}"));
        let undamaged = ours(&original).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (damage, bytes) in damaged_copies(&original) {
            copies += 1;
            std::fs::write(&damaged_path, &bytes).expect("writes the copy");
            let _ = std::fs::remove_file(&repaired_path);
            let got = ours(&bytes);
            if let Ok(pages) = &got {
                assert!(!pages.is_empty(), "{name}, {damage}: 0 pages");
            }
            let references = [
                ("qpdf", qpdf(&damaged_path, &repaired_path)),
                ("poppler", pdfinfo(&damaged_path)),
            ];
            let mut read_by_another = false;
            for (reader, reference) in references {
                let Some(reference) = reference else { continue };
                read_by_another = true;
                if got.as_ref().ok() != Some(&reference) {
                    problems.push(format!(
                        "{name}, {damage}: {reader} {reference:?}, ours {got:?}"
                    ));
                }
            }
            match (&got, read_by_another) {
                (Ok(_), true) => recovered += 1,
                (Ok(pages), false) => {
                    beyond += 1;
                    if *pages != undamaged {
                        problems.push(format!(
                            "{name}, {damage}: neither qpdf nor poppler reads it; ours {pages:?}, undamaged {undamaged:?}"
                        ));
                    }
                }
                (Err(ReadError::BrokenPdf { .. }), false) => broken += 1,
                (Err(error), _) => problems.push(format!("{name}, {damage}: {error:?}")),
            }
        }
    }
    println!(
        "{copies} damaged copies of {} files: {recovered} read as qpdf or poppler reads them, \
         {beyond} read (as undamaged) where neither reads them, {broken} broken",
        files.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The damage must be real: most copies need a rebuilt table, and some defeat both tools.
    assert!(copies >= 150, "{copies}");
    assert!(recovered >= 60, "{recovered}");
    assert!(beyond + broken >= 30, "{beyond} + {broken}");
}
