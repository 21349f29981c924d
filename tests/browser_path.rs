//! The path a browser takes gives the native path's reports.
//!
//! In a browser, essaylint is the core alone: zip parts inflated by zlib-rs (no libdeflate), PDF
//! text extracted in the same (Web Worker) process, no child process and no deep-stack thread. The
//! CLI and the service take the native path: libdeflate, and PDF text from the sandboxed worker
//! process. The same essay must get the same report either way, for every variant.

mod common;

use std::path::{Path, PathBuf};

use essaylint::check::{Options, TextExtraction, check_bytes};
use essaylint::rules::RuleSet;
use essaylint_core::read::use_native_inflate;

/// Bundled essays and documents (and the shared corpus's essays, when it is beside the checkout).
fn documents() -> Vec<PathBuf> {
    let keep = |p: &Path| p.extension().is_some_and(|e| e == "docx" || e == "pdf");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    common::files_under(&root.join("fixtures/real"), &keep, &mut files);
    common::files_under(&root.join("fixtures/generated"), &keep, &mut files);
    if let Some(corpus) = common::corpus() {
        common::files_under(&corpus.join("essays"), &keep, &mut files);
    }
    files
}

#[test]
fn the_browser_path_reports_what_the_native_path_reports() {
    let rules = RuleSet::builtin();
    let native = Options {
        pdf_text: TextExtraction::Worker(PathBuf::from(env!("CARGO_BIN_EXE_essaylint"))),
        ..Options::default()
    };
    let mut compared = 0;
    let (mut docx, mut pdf) = (0, 0);
    for path in documents() {
        let bytes = std::fs::read(&path).expect("a bundled document");
        let name = path.display().to_string();
        for posts in [&[][..], &["officer-gps"][..], &["PASP0150", "PASP0024"][..]] {
            let posts: Vec<String> = posts.iter().map(|p| (*p).to_owned()).collect();
            let variant = if posts.is_empty() {
                None
            } else {
                rules.resolve(&posts).expect("built-in posts")
            };
            let on_native = check_bytes(&name, &bytes, &rules, variant.as_ref(), &native);
            // The browser's path, on a thread of the default size with libdeflate off.
            let on_browser = std::thread::scope(|scope| {
                scope
                    .spawn(|| {
                        use_native_inflate(false);
                        essaylint_core::check::check_bytes(
                            &name,
                            &bytes,
                            &rules,
                            variant.as_ref(),
                            &essaylint_core::check::Options::default(),
                        )
                    })
                    .join()
                    .expect("the browser path does not panic")
            });
            assert_eq!(
                serde_json::to_value(&on_browser).expect("serialises"),
                serde_json::to_value(&on_native).expect("serialises"),
                "{name} with posts {posts:?}"
            );
            compared += 1;
        }
        match on_format(&path) {
            "docx" => docx += 1,
            _ => pdf += 1,
        }
    }
    assert!(
        docx >= 20 && pdf >= 5,
        "only {docx} .docx and {pdf} PDF files compared"
    );
    assert!(compared >= 75, "only {compared} reports compared");
}

fn on_format(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("pdf") => "pdf",
        _ => "docx",
    }
}

/// The switch the test relies on is real: with libdeflate off, the parts still inflate (zlib-rs),
/// and a damaged part is refused with the same words either way.
#[test]
fn either_inflater_reads_and_refuses_alike() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let good = std::fs::read(root.join("fixtures/real/b_en_1000__calibri11.docx")).expect("essay");
    let options = essaylint_core::check::Options::default();
    let on = |native: bool, bytes: &[u8]| {
        std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    use_native_inflate(native);
                    let reading = essaylint_core::check::read_bytes(bytes, &options);
                    (
                        reading.document.map(|d| d.paragraphs.len()),
                        reading.error.map(|e| e.to_string()),
                    )
                })
                .join()
                .expect("no panic")
        })
    };
    let (paragraphs, error) = on(false, &good);
    assert!(paragraphs.is_some_and(|n| n > 5), "{error:?}");
    assert_eq!(on(true, &good), on(false, &good));
    // Damage the compressed data of every deflated entry a little way in.
    let mut damaged = good.clone();
    let mut at = 0;
    while let Some(found) = damaged[at..].windows(4).position(|w| w == b"PK\x03\x04") {
        let header = at + found;
        let name_len = usize::from(u16::from_le_bytes([
            damaged[header + 26],
            damaged[header + 27],
        ]));
        let extra_len = usize::from(u16::from_le_bytes([
            damaged[header + 28],
            damaged[header + 29],
        ]));
        let data = header + 30 + name_len + extra_len;
        for byte in damaged.iter_mut().skip(data).take(6) {
            *byte = 0xff;
        }
        at = header + 4;
    }
    let refused = on(false, &damaged);
    assert!(refused.1.is_some(), "a damaged package is refused");
    assert_eq!(on(true, &damaged), refused);
}
