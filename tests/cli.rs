//! Whole CLI runs: exit codes, stdout, stderr, and the JSON report against its schema.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn essaylint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_essaylint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("essaylint runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A whole run as one reviewable text: the exit code, then stdout and stderr.
fn transcript(out: &Output) -> String {
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        stdout(out),
        stderr(out)
    )
}

const OVER: &str = "fixtures/generated/over_limit_501.docx";
const AT: &str = "fixtures/generated/at_limit_500.docx";

#[test]
fn over_the_word_limit_fails_and_shows_where() {
    let out = essaylint(&["check", "--post", "officer-gps", OVER]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(transcript(&out));
}

#[test]
fn at_the_limit_passes() {
    let out = essaylint(&["check", "--post", "OFFICER-GPS", AT]);
    assert_eq!(out.status.code(), Some(0), "{}", transcript(&out));
    assert!(stdout(&out).starts_with("PASS "), "{}", stdout(&out));
}

#[test]
fn several_files_get_a_summary_with_failures_by_reason() {
    let out = essaylint(&["check", "--post", "officer-gps", AT, OVER]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).ends_with(
            "Summary 2 files · 1 passed · 1 failed\n  failed by reason\n    word-limit      1\n"
        ),
        "{}",
        stdout(&out)
    );
}

/// A folder of copies of fixtures, with things that are not documents and a subfolder.
fn batch_folder() -> (tempfile::TempDir, Vec<&'static str>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = [
        ("1_over.docx", OVER),
        ("2_at.docx", AT),
        (
            "sub/3_pdf.pdf",
            "fixtures/real/a_en_495_footnote__times12.pdf",
        ),
        ("sub/4_legacy.doc", "fixtures/real/Bug53182.doc"),
        ("sub/deeper/5_text.docx", "fixtures/real/essay.txt"),
        ("sub/skipped.txt", "fixtures/real/essay.txt"),
    ];
    for (name, from) in files {
        let to = dir.path().join(name);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("folder");
        std::fs::copy(root.join(from), &to).expect("copy");
    }
    let checked = vec![
        "1_over.docx",
        "2_at.docx",
        "sub/3_pdf.pdf",
        "sub/4_legacy.doc",
        "sub/deeper/5_text.docx",
    ];
    (dir, checked)
}

#[test]
fn a_folder_is_checked_in_parallel_and_reported_in_order() {
    let (dir, checked) = batch_folder();
    let folder = dir.path().to_string_lossy().to_string();
    let expected: Vec<String> = checked
        .iter()
        .map(|n| dir.path().join(n).to_string_lossy().to_string())
        .collect();
    for jobs in ["1", "4"] {
        let out = essaylint(&["check", "--format", "json", "-j", jobs, &folder]);
        assert_eq!(out.status.code(), Some(1), "{}", transcript(&out));
        let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let paths: Vec<&str> = json["files"]
            .as_array()
            .expect("files")
            .iter()
            .filter_map(|f| f["path"].as_str())
            .collect();
        assert_eq!(paths, expected, "--jobs {jobs}");
        let formats: Vec<&str> = json["files"]
            .as_array()
            .expect("files")
            .iter()
            .filter_map(|f| f["format"].as_str())
            .collect();
        assert_eq!(formats, ["docx", "docx", "pdf", "doc", "text"]);
        assert!(schema().is_valid(&json));
    }
    // No progress bar and nothing else on standard error when output is not a terminal.
    let human = essaylint(&["check", "--post", "officer-gps", &folder]);
    assert_eq!(stderr(&human), "");
    assert!(
        stdout(&human).contains("Summary 5 files · 1 passed · 4 failed"),
        "{}",
        stdout(&human)
    );
}

#[test]
fn jsonl_streams_one_valid_report_per_file() {
    let (dir, checked) = batch_folder();
    let folder = dir.path().to_string_lossy().to_string();
    let out = essaylint(&[
        "check",
        "--format",
        "jsonl",
        "--post",
        "officer-gps",
        &folder,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let validator = schema();
    let mut paths = Vec::new();
    for line in stdout(&out).lines() {
        let json: Value = serde_json::from_str(line).expect("each line is JSON");
        assert!(validator.is_valid(&json), "{line}");
        assert_eq!(json["files"].as_array().map(Vec::len), Some(1));
        paths.push(json["files"][0]["path"].as_str().unwrap_or("").to_string());
    }
    paths.sort();
    let mut expected: Vec<String> = checked
        .iter()
        .map(|n| dir.path().join(n).to_string_lossy().to_string())
        .collect();
    expected.sort();
    assert_eq!(paths, expected);
}

#[test]
fn a_file_that_cannot_be_read_is_a_report_not_the_end_of_the_batch() {
    let (dir, _) = batch_folder();
    // A link to nothing, named like a document: found by the walk, unreadable.
    std::os::unix::fs::symlink(dir.path().join("gone.docx"), dir.path().join("0_link.docx"))
        .expect("symlink");
    let folder = dir.path().to_string_lossy().to_string();
    let out = essaylint(&[
        "check",
        "--format",
        "json",
        "--post",
        "officer-gps",
        &folder,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let files = json["files"].as_array().expect("files");
    assert_eq!(files.len(), 6, "{json}");
    let first = &files[0];
    assert!(
        first["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("0_link.docx"))
    );
    assert_eq!(first["verdict"], "fail");
    assert_eq!(first["diagnostics"][0]["name"], "unreadable", "{json}");
    assert!(
        first["diagnostics"][0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("the file could not be read")),
        "{json}"
    );
    // The rest of the batch is checked as usual.
    assert_eq!(files[2]["verdict"], "pass", "{json}");
    assert!(schema().is_valid(&json));
}

#[test]
fn json_report_for_a_failing_essay() {
    let out = essaylint(&["check", "--format", "json", "--post", "officer-gps", OVER]);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let file = &json["files"][0];
    assert_eq!(json["schema_version"], 2);
    assert_eq!(file["verdict"], "fail");
    assert_eq!(file["variant"]["id"], "officer-gps");
    assert_eq!(file["variant"]["max_words"], 500);
    assert_eq!(file["counts"]["words"], 501);
    let diagnostic = &file["diagnostics"][0];
    assert_eq!(diagnostic["name"], "word-limit");
    assert_eq!(diagnostic["code"], "EL001");
    assert_eq!(diagnostic["message"], "501 words; the limit is 500");
    assert!(
        diagnostic["help"]
            .as_str()
            .is_some_and(|h| h.starts_with("remove at least 1 word ")),
        "{diagnostic}"
    );
    assert_eq!(diagnostic["location"]["part"], "body");
    assert!(diagnostic["location"]["excerpt"].is_string());
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_essaylint"))
        .args(["check", "--format", "json", "--post", "PASP0150", "-"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("starts");
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(AT)).expect("fixture");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&bytes)
        .expect("written");
    let out = child.wait_with_output().expect("finishes");
    assert_eq!(out.status.code(), Some(0));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["files"][0]["path"], "-");
    assert_eq!(json["files"][0]["counts"]["words"], 500);
}

#[test]
fn could_not_run_exits_2() {
    let unknown = essaylint(&["check", "--post", "PASP9999", AT]);
    assert_eq!(unknown.status.code(), Some(2));
    let text = stderr(&unknown);
    assert!(text.contains("unknown post `PASP9999`"), "{text}");
    assert!(text.contains("officer-gps, PASP0150, PASP0024"), "{text}");

    let mixed = essaylint(&["check", "--post", "officer-gps", "--post", "PASP0024", AT]);
    assert_eq!(mixed.status.code(), Some(2));
    assert!(
        stderr(&mixed).contains("different competitions"),
        "{}",
        stderr(&mixed)
    );

    let missing = essaylint(&["check", "no/such/essay.docx"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no/such/essay.docx"));
    assert!(
        stdout(&missing).is_empty(),
        "no report when a path is wrong"
    );

    let no_files = essaylint(&["check"]);
    assert_eq!(no_files.status.code(), Some(2));

    let bad_rules = essaylint(&["check", "--rules", "Cargo.toml", AT]);
    assert_eq!(bad_rules.status.code(), Some(2));
    assert!(stderr(&bad_rules).contains("rules file is not valid"));

    // Errors are for people: no diagnostic code line (`essaylint::unknown_post`) above them.
    for out in [&unknown, &mixed, &missing, &bad_rules] {
        assert!(!stderr(out).contains("essaylint::"), "{}", stderr(out));
    }
}

/// `check` and `count` give the same answer to the same question: a folder without documents is
/// "could not run" for both.
#[test]
fn a_folder_without_documents_could_not_run_for_check_and_count() {
    let empty = tempfile::tempdir().expect("a temp dir");
    let folder = empty.path().to_str().expect("UTF-8");
    for command in ["check", "count"] {
        let out = essaylint(&[command, folder]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{command}: {}",
            transcript(&out)
        );
        assert!(
            stderr(&out).contains("no document files were found"),
            "{command}: {}",
            stderr(&out)
        );
    }
}

/// A closed pipe (`essaylint check DIR | head -1`) stops the output quietly; the exit code is the
/// one the results earned (0: every file passes, 1: one fails), as ripgrep's is.
#[test]
fn a_closed_pipe_is_not_a_failure() {
    for (args, earned) in [
        (vec!["check", "--post", "officer-gps", AT, AT, AT], 0),
        (vec!["check", "--post", "officer-gps", OVER, AT], 1),
        (
            vec![
                "check",
                "--format",
                "jsonl",
                "--post",
                "officer-gps",
                OVER,
                AT,
            ],
            1,
        ),
        (vec!["count", "--show-text", AT, OVER], 0),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_essaylint"))
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("essaylint runs");
        // The reading end closes before essaylint writes a byte.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("essaylint finishes");
        assert_eq!(
            out.status.code(),
            Some(earned),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(stderr(&out).is_empty(), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn explain_documents_every_check() {
    let list = essaylint(&["explain"]);
    assert_eq!(list.status.code(), Some(0));
    for check in essaylint::rules::CHECKS {
        assert!(
            stdout(&list).contains(check.name),
            "{} not listed",
            check.name
        );
        let one = essaylint(&["explain", check.code]);
        assert_eq!(one.status.code(), Some(0));
        assert!(stdout(&one).contains("## How to fix"), "{}", check.name);
    }
    let out = essaylint(&["explain", "word-limit"]);
    insta::assert_snapshot!(transcript(&out));
    let unknown = essaylint(&["explain", "no-such-check"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn rules_round_trip_through_a_rules_file() {
    let listed = essaylint(&["rules"]);
    assert_eq!(listed.status.code(), Some(0));
    for post in ["officer-gps", "PASP0150", "PASP0024"] {
        assert!(stdout(&listed).contains(post));
    }
    assert!(stdout(&listed).contains("variant PASP0150+PASP0024"));

    // A portal adds a vacancy by editing the rules: the officer limit lowered to 400 words.
    let toml =
        stdout(&essaylint(&["rules", "--toml"])).replace("max_words = 500", "max_words = 400");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("rules.toml");
    std::fs::write(&path, toml).expect("written");
    let path = path.to_string_lossy().to_string();
    let out = essaylint(&[
        "check",
        "--rules",
        &path,
        "--format",
        "json",
        "--post",
        "officer-gps",
        AT,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["files"][0]["variant"]["max_words"], 400);
    assert_eq!(
        json["files"][0]["diagnostics"][0]["message"],
        "500 words; the limit is 400"
    );
}

#[test]
fn count_reports_parts_without_rules() {
    let out = essaylint(&["count", "fixtures/generated/footnotes_endnotes.docx"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(transcript(&out));
    let broken = essaylint(&["count", "fixtures/generated/truncated_xml.docx"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(stdout(&broken).contains("unreadable"));
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/report.v2.json"),
    )
    .expect("schema file");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema is valid")
}

/// The schema's severities are the report's, in the same order.
#[test]
fn the_schema_names_the_severities_of_the_report() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/report.v2.json"),
    )
    .expect("schema file");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    let names: Vec<&str> = essaylint::report::Severity::ALL
        .iter()
        .map(|s| s.as_str())
        .collect();
    assert_eq!(
        schema["$defs"]["diagnostic"]["properties"]["severity"]["enum"],
        serde_json::json!(names)
    );
}

#[test]
fn json_output_validates_against_the_schema() {
    let validator = schema();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(root.join("fixtures/generated"))
        .expect("fixtures")
        .flatten()
        .map(|e| e.path().to_string_lossy().to_string())
        .collect();
    files.sort();
    let corpus = root.join("../shared/corpus");
    for extra in [
        "essays/a_en_495_footnote__times12.pdf",
        "essays/d_en_1500__times12.docx",
        "hostile/crafted/zip-bomb-4gib.docx",
        "hostile/crafted/flate-bomb.pdf",
        "other/poi/Bug47958.doc",
    ] {
        let path = corpus.join(extra);
        if path.exists() {
            files.push(path.to_string_lossy().to_string());
        }
    }
    for posts in [&[][..], &["officer-gps"][..], &["PASP0150", "PASP0024"][..]] {
        let mut args = vec!["check", "--format", "json"];
        for p in posts {
            args.extend(["--post", p]);
        }
        args.extend(files.iter().map(String::as_str));
        let out = essaylint(&args);
        let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(json["files"].as_array().map(Vec::len), Some(files.len()));
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{posts:?}:\n{}", errors.join("\n"));
    }
    // The schema rejects what it should: a missing verdict.
    let mut broken: Value =
        serde_json::from_slice(&essaylint(&["check", "--format", "json", AT]).stdout)
            .expect("JSON");
    let report = broken.clone();
    broken["files"][0]
        .as_object_mut()
        .expect("object")
        .remove("verdict");
    assert!(!validator.is_valid(&broken));
    // A report of version 1, and one without a count version 2 added.
    assert!(validator.is_valid(&report));
    let mut old = report.clone();
    old["schema_version"] = 1.into();
    assert!(!validator.is_valid(&old));
    let mut no_lines = report;
    no_lines["files"][0]["counts"]
        .as_object_mut()
        .expect("counts")
        .remove("lines");
    assert!(!validator.is_valid(&no_lines));
}

#[test]
fn readme_lists_every_check() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README");
    let table = essaylint::rules::readme_table();
    assert!(
        readme.contains(&table),
        "the README's rule list is out of date; replace it with:\n{table}"
    );
}

/// `stored-pages-differ` says what the file claims: python-docx writes "Microsoft Macintosh
/// Word" as the application, so "Word stored" would be a guess.
#[test]
fn stored_pages_differ_names_the_program_the_file_claims() {
    let out = essaylint(&[
        "check",
        "--format",
        "json",
        "--post",
        "PASP0150",
        "fixtures/real/b_en_1000__calibri11.docx",
    ]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let message = report["files"][0]["diagnostics"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["name"] == "stored-pages-differ"))
        .and_then(|d| d["message"].as_str())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        message,
        "the file says Microsoft Macintosh Word stored 1 page when it last saved it; \
         essaylint's layout makes it 2 pages"
    );
}

mod common;

/// The widest line of `text`, in terminal columns.
fn widest(text: &str) -> (usize, &str) {
    text.lines()
        .map(|line| (unicode_width::UnicodeWidthStr::width(line), line))
        .max_by_key(|(width, _)| *width)
        .unwrap_or((0, ""))
}

/// The human report of `path` under each variant: the officer's, PASP0150's, and both heads'.
fn human_reports(path: &str) -> Vec<(&'static [&'static str], String)> {
    const VARIANTS: [&[&str]; 3] = [&["officer-gps"], &["PASP0150"], &["PASP0150", "PASP0024"]];
    VARIANTS
        .into_iter()
        .map(|posts| {
            let mut args = vec!["check"];
            for post in posts {
                args.extend(["--post", post]);
            }
            args.push(path);
            (posts, stdout(&essaylint(&args)))
        })
        .collect()
}

/// Every essay under `dir` (`.docx` and `.pdf`), sorted.
fn essays_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    common::files_under(
        dir,
        &|p| p.extension().is_some_and(|e| e == "docx" || e == "pdf"),
        &mut out,
    );
    out
}

/// Output to a pipe has no terminal width: the report is fitted to 80 columns. Every line of the
/// report of a bundled essay fits, under each of the variants, except the first line of a file
/// whose path alone is too long.
#[test]
fn reports_fit_80_columns_when_the_width_is_not_known() {
    let mut essays = essays_in(Path::new("fixtures/real"));
    essays.extend(essays_in(Path::new("fixtures/generated")));
    assert!(essays.len() >= 10, "{essays:?}");
    for essay in &essays {
        let path = essay.to_string_lossy();
        for (posts, text) in human_reports(&path) {
            let body = text.lines().skip(1).collect::<Vec<_>>().join("\n");
            let (width, line) = widest(&body);
            assert!(width <= 80, "{path} {posts:?}: {width} columns: {line:?}");
        }
    }
}

/// The shared essays (their paths fit) get no line wider than 80 columns, the file's line included.
#[test]
#[cfg_attr(
    no_shared_corpus,
    ignore = "needs ../shared/corpus beside the checkout"
)]
fn shared_essays_fit_80_columns() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let essays = essays_in(&corpus.join("essays"));
    assert!(essays.len() >= 30, "{} essays", essays.len());
    for essay in &essays {
        // The path as a candidate would type it from the checkout.
        let path = format!(
            "../shared/corpus/essays/{}",
            essay.file_name().unwrap_or_default().to_string_lossy()
        );
        for (posts, text) in human_reports(&path) {
            let (width, line) = widest(&text);
            assert!(width <= 80, "{path} {posts:?}: {width} columns: {line:?}");
        }
    }
}

/// On a terminal, the report is fitted to the terminal's width: `script` gives essaylint a
/// pseudo-terminal of 60 columns.
#[test]
fn reports_fit_the_terminal_they_are_shown_in() {
    let command = format!(
        "stty cols 60 rows 50; NO_COLOR=1 {} check --post officer-gps {OVER}",
        env!("CARGO_BIN_EXE_essaylint")
    );
    let out = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .expect("script (util-linux) runs");
    let text = stdout(&out).replace('\r', "");
    assert!(text.contains("word 501"), "{text}");
    let (width, line) = widest(&text);
    assert!(width <= 60, "{width} columns: {line:?}\n{text}");
    // 80 columns would have fitted lines of 61 to 80: the terminal's width was used.
    let piped = stdout(&essaylint(&["check", "--post", "officer-gps", OVER]));
    assert!(widest(&piped).0 > 60, "{piped}");
}
