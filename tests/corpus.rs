//! Walks `../shared/corpus` (when present) through the real CLI.
//!
//! - every essay .docx matches `essays/expected.json`: body and footnote words, paper, tracked
//!   changes, comments, headers, and `word-limit` exactly when an officer essay is over 500 words;
//! - every essay PDF has the exact page count and paper, words within 1% of pdftotext's, and
//!   `file-type` when the variant is Word only;
//! - every essay, Word and PDF, English and French, answers its own question: checked against its
//!   own variant it gets no `prompt-coverage` or `variant-mismatch`, its `language` is the one its
//!   name says, and without a post the `no-variant` message names its variant; the PASP0150 essay
//!   checked for PASP0024 only gets a `variant-mismatch` naming PASP0150;
//! - every file under `docx/`, `pdf/`, `other/` and `hostile/` gives a report with exit 0 or 1 within
//!   a 10 s deadline (a hang is killed and fails the test) and under 300 MiB peak resident memory
//!   for the process and its worker; PDF page counts equal the manifest's;
//! - every report's counts, essays and the rest, keep `words <= characters <= characters_with_spaces`
//!   in both readings of non-breaking spaces.
//!
//! Under `CI=true` a missing corpus or pdftotext is a failure, not a skip.

mod common;
use common::corpus;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const DEADLINE: Duration = Duration::from_secs(10);
const MAX_RSS_KIB: i64 = 300 * 1024;

/// Runs essaylint with a deadline; a run past it is killed and reported as a hang.
fn essaylint(args: &[&str], file: &Path) -> (i32, Value, Duration) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_essaylint"))
        .args(args)
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("essaylint starts");
    let mut stdout = child.stdout.take().expect("stdout piped");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        out
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{}: no report within {DEADLINE:?} (hang)", file.display());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let out = reader.join().expect("reader");
    let json: Value = serde_json::from_slice(&out).unwrap_or_else(|e| {
        panic!(
            "{}: no JSON report ({e}), exit {:?}",
            file.display(),
            status.code()
        )
    });
    (status.code().unwrap_or(-1), json, elapsed)
}

/// The largest resident set of any child this test process has waited for (and their children).
fn max_child_rss_kib() -> i64 {
    // SAFETY: getrusage writes into the struct we pass and reads nothing else.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0, "getrusage");
    usage.ru_maxrss
}

fn names(file: &Value) -> BTreeSet<String> {
    file["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d["name"].as_str().map(str::to_string))
        .collect()
}

fn post_for(stem: &str) -> Vec<&'static str> {
    match &stem[..2] {
        "a_" => vec!["officer-gps"],
        "b_" => vec!["PASP0150"],
        "c_" => vec!["PASP0024"],
        "d_" => vec!["PASP0150", "PASP0024"],
        other => panic!("unexpected essay prefix {other}"),
    }
}

fn check_args(posts: &[&str]) -> Vec<String> {
    let mut args = vec!["check".to_string(), "--format".into(), "json".into()];
    for p in posts {
        args.push("--post".into());
        args.push(p.to_string());
    }
    args
}

/// Why a report's counts break `words <= characters <= characters_with_spaces`, if they do (either
/// reading of non-breaking spaces; `count::characters` says why it holds). No counts, no problem.
fn counts_out_of_order(file: &Value) -> Option<String> {
    let counts = &file["counts"];
    if counts.is_null() {
        return None;
    }
    let [low, high, characters, with_spaces] = [
        &counts["words_range"][0],
        &counts["words_range"][1],
        &counts["characters"],
        &counts["characters_with_spaces"],
    ]
    .map(Value::as_u64);
    match (low, high, characters, with_spaces) {
        (Some(low), Some(high), Some(c), Some(cs)) if low.max(high) <= c && c <= cs => None,
        _ => Some(format!("counts out of order: {counts}")),
    }
}

fn within(value: &Value, range: &Value) -> bool {
    match (value.as_u64(), range[0].as_u64(), range[1].as_u64()) {
        (Some(v), Some(lo), Some(hi)) => lo <= v && v <= hi,
        _ => false,
    }
}

#[test]
#[cfg_attr(
    no_shared_corpus,
    ignore = "needs ../shared/corpus beside the checkout"
)]
fn essays_match_their_expected_figures() {
    let Some(corpus) = corpus() else { return };
    let essays = corpus.join("essays");
    let expected: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(essays.join("expected.json")).expect("expected.json"),
    )
    .expect("expected.json parses");
    assert!(expected.len() >= 19);
    let mut failures = Vec::new();
    for record in &expected {
        let stem = record["stem"].as_str().expect("stem");
        let posts = post_for(stem);
        let args = check_args(&posts);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, json, _) = essaylint(&args, &essays.join(format!("{stem}.docx")));
        let file = &json["files"][0];
        let found = names(file);
        let mut problems = Vec::new();
        let body = &file["counts"]["by_part"]["body"];
        let notes = &file["counts"]["by_part"]["footnotes"];
        if !within(body, &record["body_words"]) {
            problems.push(format!("body {body}, expected {}", record["body_words"]));
        }
        problems.extend(counts_out_of_order(file));
        if !within(notes, &record["footnote_words"]) {
            problems.push(format!(
                "footnotes {notes}, expected {}",
                record["footnote_words"]
            ));
        }
        if file["pages"]["size"]["name"] != record["paper"] {
            problems.push(format!("paper {}", file["pages"]["size"]["name"]));
        }
        for (flag, name) in [
            ("has_tracked_changes", "tracked-changes"),
            ("has_comments", "comments"),
        ] {
            if record[flag].as_bool() != Some(found.contains(name)) {
                problems.push(format!("{name} should be {}", record[flag]));
            }
        }
        let header = file["counts"]["by_part"]["headers_footers"]
            .as_u64()
            .unwrap_or(0)
            > 0;
        if record["has_header"].as_bool() != Some(header) {
            problems.push(format!(
                "header words {header}, expected {}",
                record["has_header"]
            ));
        }
        if stem.starts_with("a_") {
            let low = record["body_words"][0].as_u64().unwrap_or(0)
                + record["footnote_words"][0].as_u64().unwrap_or(0);
            if found.contains("word-limit") != (low > 500) {
                problems.push(format!("word-limit should be {}", low > 500));
            }
            // Word-only variant: the .docx is the accepted type.
            if found.contains("file-type") {
                problems.push("unexpected file-type".into());
            }
        }
        let want_exit = i32::from(
            file["diagnostics"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|d| d["severity"] == "error"),
        );
        if code != want_exit {
            problems.push(format!("exit {code} with verdict {}", file["verdict"]));
        }
        if !problems.is_empty() {
            failures.push(format!("{stem}.docx: {}", problems.join("; ")));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The variant an essay's name says it answers.
fn variant_for(stem: &str) -> &'static str {
    match &stem[..2] {
        "a_" => "officer-gps",
        "b_" => "PASP0150",
        "c_" => "PASP0024",
        "d_" => "PASP0150+PASP0024",
        other => panic!("unexpected essay prefix {other}"),
    }
}

fn message_of<'v>(file: &'v Value, name: &str) -> Option<&'v str> {
    file["diagnostics"]
        .as_array()?
        .iter()
        .find(|d| d["name"] == name)?["message"]
        .as_str()
}

#[test]
#[cfg_attr(
    no_shared_corpus,
    ignore = "needs ../shared/corpus beside the checkout"
)]
fn essays_answer_their_own_question() {
    let Some(corpus) = corpus() else { return };
    let essays = corpus.join("essays");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&essays)
        .expect("essays")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx" || e == "pdf"))
        .collect();
    files.sort();
    assert!(files.len() >= 38, "the corpus has its essays");
    let mut failures = Vec::new();
    let mut mismatches = 0;
    for path in &files {
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let stem = name.split('.').next().expect("stem");
        let args = check_args(&post_for(stem));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (_, json, _) = essaylint(&args, path);
        let file = &json["files"][0];
        let mut problems = Vec::new();
        for check in [
            "prompt-coverage",
            "variant-mismatch",
            "not-official-language",
        ] {
            if let Some(message) = message_of(file, check) {
                problems.push(format!("{check}: {message}"));
            }
        }
        let language = &stem[2..4];
        if file["language"] != language {
            problems.push(format!(
                "language {}, expected {language}",
                file["language"]
            ));
        }
        // Without a post, the essay is recognised for what it answers.
        let (_, json, _) = essaylint(&["check", "--format", "json"], path);
        let said = message_of(&json["files"][0], "no-variant").unwrap_or("");
        let expected = format!("appears to answer the question for {} (", variant_for(stem));
        if !said.contains(&expected) {
            problems.push(format!("without a post: {said}"));
        }
        // The Russia essay sent for Policy East only.
        if stem.starts_with("b_en_1000") {
            let args = check_args(&["PASP0024"]);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (_, json, _) = essaylint(&args, path);
            match message_of(&json["files"][0], "variant-mismatch") {
                Some(m) if m.starts_with("the essay reads as written for variant PASP0150 (") => {
                    mismatches += 1
                }
                other => problems.push(format!("as PASP0024: variant-mismatch {other:?}")),
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{name}: {}", problems.join("; ")));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    assert_eq!(mismatches, 4, "b_en_1000 in two layouts, Word and PDF");
}

/// pdftotext's text counted under essaylint's rule, so the comparison measures text extraction,
/// not two counting rules. pdftotext writes non-breaking spaces as plain spaces, so its count is
/// the reading where they separate words.
fn pdftotext_words(pdf: &Path) -> Option<u64> {
    let out = Command::new("pdftotext").arg(pdf).arg("-").output().ok()?;
    out.status
        .success()
        .then(|| essaylint::count::count_words(&String::from_utf8_lossy(&out.stdout)).separating)
}

#[test]
#[cfg_attr(
    no_shared_corpus,
    ignore = "needs ../shared/corpus beside the checkout"
)]
fn essay_pdfs_have_exact_pages_paper_and_words() {
    let Some(corpus) = corpus() else { return };
    let essays = corpus.join("essays");
    let expected: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(essays.join("expected.json")).expect("expected.json"),
    )
    .expect("parses");
    let have_pdftotext = Command::new("pdftotext").arg("-v").output().is_ok();
    assert!(
        have_pdftotext || std::env::var_os("CI").is_none(),
        "CI must install poppler-utils (pdftotext) for this test"
    );
    let mut failures = Vec::new();
    for record in &expected {
        let stem = record["stem"].as_str().expect("stem");
        let pdf = essays.join(format!("{stem}.pdf"));
        let posts = post_for(stem);
        let args = check_args(&posts);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (_, json, _) = essaylint(&args, &pdf);
        let file = &json["files"][0];
        let found = names(file);
        let mut problems = Vec::new();
        if file["pages"]["count"] != record["libreoffice_pages"] || file["pages"]["exact"] != true {
            problems.push(format!(
                "pages {}, expected {}",
                file["pages"]["count"], record["libreoffice_pages"]
            ));
        }
        if file["pages"]["size"]["name"] != record["paper"] {
            problems.push(format!("paper {}", file["pages"]["size"]["name"]));
        }
        problems.extend(counts_out_of_order(file));
        if stem.starts_with("a_") != found.contains("file-type") {
            problems.push(format!("file-type is {}", found.contains("file-type")));
        }
        if have_pdftotext {
            let reference = pdftotext_words(&pdf).expect("pdftotext reads the essay");
            let words = file["counts"]["words_range"][1].as_u64().unwrap_or(0);
            if words.abs_diff(reference) as f64 > reference as f64 * 0.01 {
                problems.push(format!("words {words}, pdftotext {reference}"));
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{stem}.pdf: {}", problems.join("; ")));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
#[cfg_attr(
    no_shared_corpus,
    ignore = "needs ../shared/corpus beside the checkout"
)]
fn every_corpus_file_gets_a_bounded_report() {
    let Some(corpus) = corpus() else { return };
    let manifest: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(corpus.join("manifest.json")).expect("manifest.json"),
    )
    .expect("parses");
    let mut files = Vec::new();
    for folder in ["docx", "pdf", "other", "hostile"] {
        // Not pandoc's expected readings beside the documents.
        common::files_under(
            &corpus.join(folder),
            &|path| path.extension().is_none_or(|e| e != "native"),
            &mut files,
        );
    }
    assert!(files.len() > 100, "the corpus has its files");
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, PathBuf::new());
    for path in &files {
        let (code, json, elapsed) = essaylint(&["check", "--format", "json"], path);
        if elapsed > slowest.0 {
            slowest = (elapsed, path.clone());
        }
        let file = &json["files"][0];
        if code != 0 && code != 1 {
            failures.push(format!("{}: exit {code}", path.display()));
        }
        if let Some(problem) = counts_out_of_order(file) {
            failures.push(format!("{}: {problem}", path.display()));
        }
        let relative = path
            .strip_prefix(&corpus)
            .expect("under corpus")
            .to_string_lossy()
            .to_string();
        if let Some(record) = manifest.iter().find(|r| r["file"] == relative.as_str())
            && relative.ends_with(".pdf")
            && record["pdfinfo_ok"] == true
            && file["pages"]["count"] != record["pages"]
        {
            failures.push(format!(
                "{relative}: pages {}, pdfinfo {}",
                file["pages"]["count"], record["pages"]
            ));
        }
    }
    let rss = max_child_rss_kib();
    eprintln!(
        "{} files; slowest {:?} ({}); peak child RSS {} MiB",
        files.len(),
        slowest.0,
        slowest.1.display(),
        rss / 1024
    );
    assert!(rss < MAX_RSS_KIB, "a run used {} MiB", rss / 1024);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
#[cfg_attr(
    no_shared_corpus,
    ignore = "needs ../shared/corpus beside the checkout"
)]
fn hostile_files_are_named_for_what_they_are() {
    let Some(corpus) = corpus() else { return };
    let hostile = corpus.join("hostile");
    let cases: &[(&str, &str)] = &[
        ("crafted/zip-bomb-4gib.docx", "unreadable"),
        ("crafted/billion-laughs.docx", "unreadable"),
        ("crafted/xxe-etc-passwd.docx", "unreadable"),
        ("crafted/not-xml.docx", "unreadable"),
        ("crafted/png-named.docx", "file-type"),
        ("crafted/empty.docx", "file-type"),
        ("poi/truncated62886.docx", "unreadable"),
        ("poi/ExternalEntityInText.docx", "unreadable"),
        ("poi/51921-Word-Crash067.doc", "file-type"),
        ("pdfminer/encryption_aes-256.pdf", "unreadable"),
        (
            "pypdf/005-libreoffice-writer-password_libreoffice-writer-password.pdf",
            "unreadable",
        ),
    ];
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let first_line = passwd.lines().next().unwrap_or("root:x:0:0");
    for (file, name) in cases {
        let path = hostile.join(file);
        let (code, json, _) = essaylint(&["check", "--format", "json"], &path);
        assert_eq!(code, 1, "{file}");
        assert!(names(&json["files"][0]).contains(*name), "{file}: {json}");
        assert!(
            !json.to_string().contains(first_line),
            "{file}: the external entity was read"
        );
    }
}
