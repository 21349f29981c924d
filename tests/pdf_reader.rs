//! The PDF reader against the shared corpus (`../shared/corpus`) and the text worker against every
//! way it can fail, using the real binary (`CARGO_BIN_EXE_essaylint`) as the worker.
//!
//! Corpus tests skip with a note when the corpus is absent. Worker fault tests rely on the
//! `ESSAYLINT_WORKER_FAULT` injection that debug builds of the worker honour; they run the binary
//! through a small shell script that sets it, so that no test changes its own environment.

mod common;
mod support;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use essaylint::document::{Document, Geometry, Part, PdfPage, TextProblem};
use essaylint::limits::{Limit, Limits};
use essaylint::read::ReadError;
use essaylint::read::pdf_text::TextExtraction;
use essaylint::worker::WorkerProcess;
use std::sync::Arc;

/// The core's PDF reader as the native shells run it: on a deep stack.
fn read_pdf(
    bytes: &[u8],
    limits: &Limits,
    text: &TextExtraction,
) -> Result<essaylint::document::Document, essaylint::read::ReadError> {
    essaylint::check::with_deep_stack(|| essaylint::read::pdf::read_pdf(bytes, limits, text))
}
use essaylint::read::pdf_text::extract_in_process as extract_pdf_text_in_process;
use essaylint::worker::{WorkerError, extract_pdf_text};
use serde_json::Value;

const A4: (f64, f64) = (595.28, 841.89);
const LETTER: (f64, f64) = (612.0, 792.0);

fn exe() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_essaylint"))
}

fn worker() -> TextExtraction {
    TextExtraction::With(Arc::new(WorkerProcess::new(exe())))
}

/// The shared corpus, or `None` when it is absent outside CI (common::corpus).
fn corpus() -> Option<PathBuf> {
    common::corpus()
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn pages(document: &Document) -> &[PdfPage] {
    match &document.geometry {
        Geometry::Pages(pages) => pages,
        Geometry::Sections => panic!("a PDF document has pages, not sections"),
    }
}

fn words(document: &Document) -> usize {
    document
        .paragraphs
        .iter()
        .map(|p| p.text.split_whitespace().count())
        .sum()
}

fn near(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

/// Reads a file and checks what holds for every readable PDF: paragraphs are body text, or a
/// running header or footer line (one line, at the head or the foot of its page), on an existing
/// page, and the text problem agrees with the paragraphs.
fn read_checked(
    path: &Path,
    limits: &Limits,
    text: &TextExtraction,
) -> Result<Document, ReadError> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let result = read_pdf(&bytes, limits, text);
    if let Ok(document) = &result {
        let count = pages(document).len();
        for paragraph in &document.paragraphs {
            assert!(
                matches!(paragraph.part, Part::Body | Part::HeadersFooters),
                "{}",
                path.display()
            );
            if paragraph.part == Part::HeadersFooters {
                assert!(!paragraph.text.contains('\n'), "{}", path.display());
            }
            assert!(!paragraph.text.trim().is_empty(), "{}", path.display());
            let page = paragraph.page.expect("PDF text carries its page") as usize;
            assert!(
                (1..=count).contains(&page),
                "{}: text on page {page} of {count}",
                path.display()
            );
        }
        match (&document.text_problem, text) {
            (_, TextExtraction::Skip) => {
                assert_eq!(document.text_problem, None);
                assert!(document.paragraphs.is_empty());
            }
            (None, _) => assert!(!document.paragraphs.is_empty(), "{}", path.display()),
            (Some(_), _) => assert!(document.paragraphs.is_empty(), "{}", path.display()),
        }
    }
    result
}

#[test]
#[cfg_attr(
    no_shared_corpus,
    ignore = "needs ../shared/corpus beside the checkout"
)]
fn manifest_pdfs_have_exact_pages_sizes_and_encryption() {
    let Some(root) = corpus() else { return };
    let manifest = read_json(&root.join("manifest.json"));
    let records: Vec<&Value> = manifest
        .as_array()
        .expect("manifest is an array")
        .iter()
        .filter(|r| {
            let file = r["file"].as_str().unwrap_or_default();
            file.starts_with("pdf/") && file.ends_with(".pdf")
        })
        .collect();
    assert!(records.len() >= 30, "only {} PDF records", records.len());
    for record in records {
        let file = record["file"].as_str().expect("file");
        let document = read_checked(&root.join(file), &Limits::default(), &worker())
            .unwrap_or_else(|e| panic!("{file}: {e:?}"));
        let got = pages(&document);
        assert_eq!(
            Some(got.len() as u64),
            record["pages"].as_u64(),
            "{file}: pages"
        );
        assert_eq!(
            Some(document.metadata.encrypted),
            record["encrypted"].as_bool(),
            "{file}: encrypted"
        );
        // pdfinfo states sizes before `/Rotate` and lists each distinct size once; compare the
        // sides regardless of orientation (rotation is checked on its own below).
        let expected: Vec<(f64, f64)> = record["page_sizes_pt"]
            .as_array()
            .expect("page_sizes_pt")
            .iter()
            .map(|s| {
                (
                    s[0].as_f64().expect("width"),
                    s[1].as_f64().expect("height"),
                )
            })
            .collect();
        let sides = |(w, h): (f64, f64)| (w.min(h), w.max(h));
        let matches = |page: &PdfPage, size: (f64, f64)| {
            let (a, b) = sides((page.width_pt, page.height_pt));
            let (c, d) = sides(size);
            near(a, c, 1.0) && near(b, d, 1.0)
        };
        for page in got {
            assert!(
                expected.iter().any(|&size| matches(page, size)),
                "{file}: page {page:?} not in {expected:?}"
            );
        }
        for &size in &expected {
            assert!(
                got.iter().any(|page| matches(page, size)),
                "{file}: no page of {size:?}"
            );
        }
    }
}

#[test]
#[cfg_attr(
    no_shared_corpus,
    ignore = "needs ../shared/corpus beside the checkout"
)]
fn rotation_turns_the_displayed_size() {
    let Some(root) = corpus() else { return };
    let rotated = read_checked(
        &root.join("pdf/pypdf/015-arabic_habibi-rotated.pdf"),
        &Limits::default(),
        &TextExtraction::Skip,
    )
    .expect("reads");
    // /Rotate 90, 180, 270 and 360 on four A4 portrait pages.
    let expected = [(A4.1, A4.0), A4, (A4.1, A4.0), A4];
    let got = pages(&rotated);
    assert_eq!(got.len(), 4);
    for (page, (width, height)) in got.iter().zip(expected) {
        assert!(
            near(page.width_pt, width, 0.1) && near(page.height_pt, height, 0.1),
            "{page:?}"
        );
    }
    // A landscape MediaBox turned by 270 shows as portrait Letter.
    let jbig2 = read_checked(
        &root.join("pdf/pdfminer/contrib_pdf-with-jbig2.pdf"),
        &Limits::default(),
        &TextExtraction::Skip,
    )
    .expect("reads");
    assert_eq!(
        pages(&jbig2),
        &[PdfPage {
            width_pt: 612.0,
            height_pt: 792.0
        }]
    );
}

#[test]
#[cfg_attr(
    no_shared_corpus,
    ignore = "needs ../shared/corpus beside the checkout"
)]
fn metadata_and_text_of_well_behaved_files() {
    let Some(root) = corpus() else { return };
    // Files where pdf-extract and pdftotext agree on the number of whitespace-separated words.
    let cases = [
        ("pdf/pypdf/006-pdflatex-outline_pdflatex-outline.pdf", 1412),
        ("pdf/pdfminer/simple5.pdf", 23),
        ("pdf/pdfminer/font-size-test.pdf", 68),
        ("pdf/pdfminer/contrib_2b.pdf", 16),
        ("pdf/pypdf/016-libre-office-link_libre-office-link.pdf", 8),
    ];
    for (file, expected) in cases {
        let document = read_checked(&root.join(file), &Limits::default(), &worker()).expect(file);
        assert_eq!(document.text_problem, None, "{file}");
        assert_eq!(words(&document), expected, "{file}");
    }
    // pdflatex numbers each page at its foot: four running lines, reported apart, one a page.
    let latex = read_checked(
        &root.join("pdf/pypdf/006-pdflatex-outline_pdflatex-outline.pdf"),
        &Limits::default(),
        &worker(),
    )
    .expect("reads");
    let running: Vec<(Option<u32>, &str)> = latex
        .paragraphs
        .iter()
        .filter(|p| p.part == Part::HeadersFooters)
        .map(|p| (p.page, p.text.as_str()))
        .collect();
    assert_eq!(
        running,
        [
            (Some(1), "1"),
            (Some(2), "2"),
            (Some(3), "3"),
            (Some(4), "4")
        ]
    );
    let excel = read_checked(
        &root.join("pdf/pdfminer/contrib_issue-00369-excel.pdf"),
        &Limits::default(),
        &TextExtraction::Skip,
    )
    .expect("reads");
    assert_eq!(
        excel.metadata.application.as_deref(),
        Some("Microsoft: Print To PDF")
    );
    assert_eq!(excel.metadata.title.as_deref(), Some("Book1"));
    assert_eq!(excel.metadata.creator.as_deref(), Some("IEUser"));
    assert_eq!(excel.metadata.stored_pages, None);
    // Encrypted with an owner password only: read, and said to be encrypted.
    let encrypted = read_checked(
        &root.join("pdf/pdfminer/contrib_issue-00352-asw-oct96-p41.pdf"),
        &Limits::default(),
        &worker(),
    )
    .expect("reads");
    assert!(encrypted.metadata.encrypted);
    assert_eq!(
        encrypted.metadata.title.as_deref(),
        Some("Losing the Cabin")
    );
    assert!(
        (660..=680).contains(&words(&encrypted)),
        "{}",
        words(&encrypted)
    );
    // Only pictures: no text layer.
    let scan = read_checked(
        &root.join("pdf/pypdf/007-imagemagick-images_imagemagick-CCITTFaxDecode.pdf"),
        &Limits::default(),
        &worker(),
    )
    .expect("reads");
    assert_eq!(scan.text_problem, Some(TextProblem::NoTextLayer));
    // Text that pdf-extract cannot decode is a failure, not a missing text layer.
    let undecodable = read_checked(
        &root.join("pdf/pdfminer/contrib_issue-625-identity-cmap.pdf"),
        &Limits::default(),
        &worker(),
    )
    .expect("reads");
    assert!(
        matches!(&undecodable.text_problem, Some(TextProblem::Failed(m)) if m.contains("decode")),
        "{:?}",
        undecodable.text_problem
    );
}

#[test]
#[cfg_attr(
    no_shared_corpus,
    ignore = "needs ../shared/corpus beside the checkout"
)]
fn essays_have_their_pages_paper_and_words() {
    let Some(root) = corpus() else { return };
    let expected = read_json(&root.join("essays/expected.json"));
    let records = expected.as_array().expect("expected.json is an array");
    assert!(records.len() >= 19);
    for record in records {
        let stem = record["stem"].as_str().expect("stem");
        let path = root.join("essays").join(format!("{stem}.pdf"));
        let document = read_checked(&path, &Limits::default(), &worker()).expect(stem);
        let got = pages(&document);
        assert_eq!(
            Some(got.len() as u64),
            record["libreoffice_pages"].as_u64(),
            "{stem}"
        );
        let paper = match record["paper"].as_str() {
            Some("A4") => A4,
            Some("Letter") => LETTER,
            other => panic!("{stem}: paper {other:?}"),
        };
        for page in got {
            assert!(
                near(page.width_pt, paper.0, 2.0) && near(page.height_pt, paper.1, 2.0),
                "{stem}: {page:?}"
            );
        }
        assert_eq!(document.text_problem, None, "{stem}");
        // Whitespace tokens of the rendered text: the body, footnotes, a header line and struck-out
        // tracked deletions, give or take; a lost page would be far outside.
        let low = record["body_words"][0].as_f64().expect("body_words");
        let high = record["body_words"][1].as_f64().expect("body_words")
            + record["footnote_words"][1]
                .as_f64()
                .expect("footnote_words");
        let count = words(&document) as f64;
        assert!(
            count >= 0.97 * low && count <= 1.05 * high + 15.0,
            "{stem}: {count} words, expected about {low}..{high}"
        );
        let last_page = document.paragraphs.iter().filter_map(|p| p.page).max();
        assert_eq!(
            last_page,
            Some(got.len() as u32),
            "{stem}: text of every page"
        );
        assert_eq!(
            document.metadata.application.as_deref(),
            Some("LibreOffice 7.4")
        );
    }
}

/// Every PDF under `hostile/`: within 10 s, never a panic, and either a document or one of the
/// errors a hostile file may give.
#[test]
#[cfg_attr(
    no_shared_corpus,
    ignore = "needs ../shared/corpus beside the checkout"
)]
fn hostile_pdfs_end_cleanly() {
    let Some(root) = corpus() else { return };
    let mut files = Vec::new();
    let mut folders = vec![root.join("hostile")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "pdf")
                // Its own test below: it takes the worker to its CPU limit.
                && !path.ends_with("crafted/flate-bomb.pdf")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 6, "{files:?}");
    let user_password = [
        "hostile/pdfminer/encryption_aes-256.pdf",
        "hostile/pdfminer/encryption_aes-256-m.pdf",
        "hostile/pypdf/005-libreoffice-writer-password_libreoffice-writer-password.pdf",
    ];
    for path in &files {
        let name = path
            .strip_prefix(&root)
            .expect("in corpus")
            .to_string_lossy()
            .into_owned();
        let start = Instant::now();
        let result = read_checked(path, &Limits::default(), &worker());
        let elapsed = start.elapsed();
        println!(
            "{name}: {elapsed:?} {:?}",
            result.as_ref().map(|d| (pages(d).len(), &d.text_problem))
        );
        assert!(elapsed < Duration::from_secs(10), "{name}: {elapsed:?}");
        if user_password.contains(&name.as_str()) {
            assert_eq!(result, Err(ReadError::Encrypted), "{name}");
        }
    }
    for name in user_password {
        assert!(
            files.iter().any(|f| f.ends_with(name)),
            "{name} is in the corpus"
        );
    }

    // A /Kids cycle: the walk ends with the one real page. pdfinfo says "Pages: 2", but that is
    // the root's /Count: asked for each page (`pdfinfo -f 1 -l 2`) it gives page 2 a size of
    // 0 x 0, as there is no second page object, and qpdf reports the loop as an error.
    let cyclic = read_checked(
        &root.join("hostile/crafted/cyclic-page-tree.pdf"),
        &Limits::default(),
        &worker(),
    )
    .expect("reads");
    assert_eq!(
        pages(&cyclic),
        &[PdfPage {
            width_pt: 595.0,
            height_pt: 842.0
        }]
    );
    assert_eq!(cyclic.text_problem, Some(TextProblem::NoTextLayer));

    // Form XObjects that draw each other: pages are read, the worker overflows its stack.
    let evil = read_checked(
        &root.join("hostile/pdfminer/contrib_issue-1113-evil-xobjects.pdf"),
        &Limits::default(),
        &worker(),
    )
    .expect("reads");
    assert_eq!(pages(&evil).len(), 1);
    assert!(
        matches!(&evil.text_problem, Some(TextProblem::Failed(m)) if m.contains("stack")),
        "{:?}",
        evil.text_problem
    );

    // Encrypted without a file identifier, openable with the empty password (as in PDFBox and
    // pypdf): read, not refused.
    let no_id = read_checked(
        &root.join("hostile/pdfminer/encryption_encrypted_doc_no_id.pdf"),
        &Limits::default(),
        &worker(),
    )
    .expect("reads");
    assert!(no_id.metadata.encrypted);
    assert_eq!(
        no_id.metadata.application.as_deref(),
        Some("European Patent Office")
    );
    assert_eq!(pages(&no_id).len(), 3);
}

#[test]
#[cfg_attr(
    no_shared_corpus,
    ignore = "needs ../shared/corpus beside the checkout"
)]
fn flate_bomb_is_stopped_by_a_worker_limit() {
    let Some(root) = corpus() else { return };
    let limits = Limits::default();
    let start = Instant::now();
    let document = read_checked(
        &root.join("hostile/crafted/flate-bomb.pdf"),
        &limits,
        &worker(),
    )
    .expect("the structure reads");
    let elapsed = start.elapsed();
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    assert_eq!(pages(&document).len(), 1);
    let Some(TextProblem::Failed(message)) = &document.text_problem else {
        panic!("{:?}", document.text_problem)
    };
    let names = [Limit::WorkerCpu, Limit::WorkerWall, Limit::WorkerMemory].map(Limit::name);
    assert!(names.iter().any(|name| message.contains(name)), "{message}");
}

/// A one-page A4 PDF showing `text` in Helvetica, with a correct cross-reference table.
fn small_pdf(text: &str) -> Vec<u8> {
    support::pdf_of(&support::text_pdf_objects(text), "")
}

#[test]
fn worker_and_in_process_extraction_agree() {
    let pdf = small_pdf("Hello essay world");
    let limits = Limits::default();
    let by_worker = extract_pdf_text(&exe(), &pdf, &limits).expect("the worker extracts");
    let in_process = extract_pdf_text_in_process(&pdf).expect("extracts in process");
    assert_eq!(by_worker, in_process);
    assert_eq!(by_worker.len(), 1);
    assert_eq!(
        by_worker[0].split_whitespace().collect::<Vec<_>>(),
        ["Hello", "essay", "world"]
    );

    let document = read_pdf(&pdf, &limits, &worker()).expect("reads");
    assert_eq!(document.paragraphs.len(), 1);
    assert_eq!(document.paragraphs[0].page, Some(1));
    assert_eq!(document.paragraphs[0].text.trim(), "Hello essay world");
    assert!(near(pages(&document)[0].width_pt, A4.0, 0.01));
    let skipped = read_pdf(&pdf, &limits, &TextExtraction::Skip).expect("reads");
    assert!(skipped.paragraphs.is_empty() && skipped.text_problem.is_none());
}

/// The text read in process from the structure reader's own parse (`TextExtraction::InProcess`)
/// is the text the worker reads from the bytes, on every well-behaved PDF of the corpus: same
/// paragraphs on the same pages, or the same problem.
#[test]
fn text_from_the_structure_parse_is_the_workers_text() {
    let Some(root) = corpus() else { return };
    let mut files = Vec::new();
    for folder in ["pdf", "essays"] {
        let mut folders = vec![root.join(folder)];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).expect("readable folder") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "pdf") {
                    files.push(path);
                }
            }
        }
    }
    files.sort();
    assert!(files.len() >= 45, "{}", files.len());
    let limits = Limits::default();
    let mut with_text = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let in_process = read_pdf(&bytes, &limits, &TextExtraction::InProcess)
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let by_worker = read_pdf(&bytes, &limits, &worker())
            .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
        let paragraphs = |document: &Document| {
            document
                .paragraphs
                .iter()
                .map(|p| (p.page, p.text.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            paragraphs(&in_process),
            paragraphs(&by_worker),
            "{}",
            path.display()
        );
        assert_eq!(
            in_process.text_problem,
            by_worker.text_problem,
            "{}",
            path.display()
        );
        with_text += usize::from(!in_process.paragraphs.is_empty());
    }
    assert!(
        with_text >= 40,
        "{with_text} of {} files have text",
        files.len()
    );
}

#[test]
fn worker_speaks_json_on_stdout() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let pdf = small_pdf("Protocol check");
    let mut child = Command::new(exe())
        .args(["worker", "pdf-text"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&pdf)
        .expect("writes");
    let output = child.wait_with_output().expect("waits");
    assert!(output.status.success());
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let page = answer["pages"][0].as_str().expect("one page of text");
    assert_eq!(
        page.split_whitespace().collect::<Vec<_>>(),
        ["Protocol", "check"]
    );

    let garbage = Command::new(exe())
        .args(["worker", "pdf-text"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().expect("stdin").write_all(b"hello")?;
            child.wait_with_output()
        })
        .expect("runs");
    assert!(garbage.status.success());
    let answer: Value = serde_json::from_slice(&garbage.stdout).expect("JSON");
    assert!(
        answer["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{answer}"
    );
}

/// Shell scripts that run the worker with `ESSAYLINT_WORKER_FAULT` set, made once per test run.
fn fault_exe(fault: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    static SCRIPTS: OnceLock<tempfile::TempDir> = OnceLock::new();
    let folder = SCRIPTS.get_or_init(|| {
        let folder = tempfile::tempdir().expect("temporary folder");
        let quoted = exe().to_string_lossy().replace('\'', r"'\''");
        for fault in [
            "hang", "spin", "abort", "stack", "alloc", "garbage", "flood",
        ] {
            let path = folder.path().join(fault);
            let script =
                format!("#!/bin/sh\nESSAYLINT_WORKER_FAULT={fault} exec '{quoted}' \"$@\"\n");
            std::fs::write(&path, script).expect("writes script");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
            // A child forked by another test while the script was open for writing holds it open
            // until it execs, and exec then fails with ETXTBSY: wait until the script runs.
            for attempt in 0.. {
                match std::process::Command::new(&path)
                    .arg("--version")
                    .stdin(std::process::Stdio::null())
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .status()
                {
                    Err(e) if e.raw_os_error() == Some(libc::ETXTBSY) && attempt < 100 => {
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    _ => break,
                }
            }
        }
        folder
    });
    folder.path().join(fault)
}

/// Runs the worker with a fault injected, checking it ends within `within`.
fn run_fault(fault: &str, limits: &Limits, within: Duration) -> Result<Vec<String>, WorkerError> {
    let pdf = small_pdf("fault");
    let start = Instant::now();
    let result = extract_pdf_text(&fault_exe(fault), &pdf, limits);
    let elapsed = start.elapsed();
    assert!(elapsed < within, "{fault}: took {elapsed:?}");
    result
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "fault injection is compiled into debug builds only"
)]
fn a_hanging_worker_is_killed_at_the_wall_clock() {
    let limits = Limits {
        worker_wall: Duration::from_millis(700),
        ..Limits::default()
    };
    let result = run_fault("hang", &limits, Duration::from_secs(3));
    let error = result.expect_err("hangs");
    assert_eq!(
        error,
        WorkerError::WallClock {
            limit: limits.worker_wall
        }
    );
    assert_eq!(error.limit(), Some(Limit::WorkerWall));
    assert_eq!(
        error.to_string(),
        "text extraction took longer than 0.7 s (limit worker-wall-secs)"
    );

    // Through the reader: pages survive, the text problem names the limit.
    let document = read_pdf(
        &small_pdf("x"),
        &limits,
        &TextExtraction::With(Arc::new(WorkerProcess::new(fault_exe("hang")))),
    )
    .expect("pages still read");
    assert_eq!(pages(&document).len(), 1);
    assert!(document.paragraphs.is_empty());
    assert!(
        matches!(&document.text_problem, Some(TextProblem::Failed(m)) if m.contains("worker-wall")),
        "{:?}",
        document.text_problem
    );
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "fault injection is compiled into debug builds only"
)]
fn a_spinning_worker_hits_the_cpu_limit() {
    let limits = Limits {
        worker_cpu: Duration::from_secs(1),
        worker_wall: Duration::from_secs(20),
        ..Limits::default()
    };
    let error = run_fault("spin", &limits, Duration::from_secs(8)).expect_err("spins");
    assert_eq!(
        error,
        WorkerError::Cpu {
            limit: limits.worker_cpu
        }
    );
    assert!(error.to_string().contains("worker-cpu"));
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "fault injection is compiled into debug builds only"
)]
fn an_aborting_worker_is_a_crash() {
    let error = run_fault("abort", &Limits::default(), Duration::from_secs(5)).expect_err("aborts");
    assert_eq!(error, WorkerError::Crashed { signal: 6 });
    assert_eq!(error.limit(), None);
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "fault injection is compiled into debug builds only"
)]
fn a_stack_overflow_in_the_worker_is_reported() {
    let error =
        run_fault("stack", &Limits::default(), Duration::from_secs(5)).expect_err("overflows");
    assert_eq!(error, WorkerError::StackOverflow);
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "fault injection is compiled into debug builds only"
)]
fn unbounded_allocation_hits_the_memory_limit() {
    let limits = Limits {
        worker_memory_bytes: 512 * 1024 * 1024,
        ..Limits::default()
    };
    let error = run_fault("alloc", &limits, Duration::from_secs(5)).expect_err("runs out");
    assert_eq!(
        error,
        WorkerError::Memory {
            limit: limits.worker_memory_bytes
        }
    );
    assert_eq!(
        error.to_string(),
        "text extraction needed more than 512 MiB of memory (limit worker-memory-mb)"
    );
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "fault injection is compiled into debug builds only"
)]
fn output_that_is_not_json_is_a_protocol_error() {
    let error =
        run_fault("garbage", &Limits::default(), Duration::from_secs(5)).expect_err("garbage");
    assert_eq!(error, WorkerError::Protocol);
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "fault injection is compiled into debug builds only"
)]
fn endless_output_hits_the_text_limit() {
    let limits = Limits {
        max_pdf_text_bytes: 1024 * 1024,
        ..Limits::default()
    };
    let error = run_fault("flood", &limits, Duration::from_secs(5)).expect_err("floods");
    assert_eq!(
        error,
        WorkerError::TextTooLarge {
            limit: limits.max_pdf_text_bytes
        }
    );
    assert_eq!(error.limit(), Some(Limit::PdfTextBytes));
}

#[test]
fn a_missing_worker_executable_is_a_start_error() {
    let error = extract_pdf_text(
        Path::new("/nonexistent/essaylint"),
        b"%PDF-",
        &Limits::default(),
    )
    .expect_err("cannot start");
    assert!(matches!(error, WorkerError::Start(_)), "{error:?}");
}
