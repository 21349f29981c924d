//! The candidate's page in a real browser: `scripts/build-web.sh` builds `web/dist`,
//! `python3 -m http.server` serves it, and `web/tests/page.mjs` drives it in Debian's headless
//! Chromium through playwright-core. This test judges what the page saw against the CLI:
//! - every essay (the shared corpus's, else the bundled ones), .docx and .pdf, checked for its own
//!   posts, gives the CLI's verdict, word range, pages and diagnostic names;
//! - every file of `../shared/corpus/hostile` (and the bundled hostile files) gets a report within
//!   the page's deadline, and the page then still checks the next essay;
//! - the page's own file input shows the verdict;
//! - no request leaves the page once it has loaded.
//!
//! It needs chromium, node with `web/node_modules` (`npm ci --prefix web`), python3, and what
//! build-web.sh needs (the wasm32 target and wasm-bindgen-cli, which it installs). `.ci/run`
//! installs them all; under `CI=true` a missing one fails the test, elsewhere the test says what is
//! missing and skips. `ESSAYLINT_WEB_DIST` names a page already built, to skip the build.

mod common;

use std::io::Read;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The page's deadline for one file (web/src/essaylint.js `DEADLINE_MS`).
const DEADLINE: Duration = Duration::from_secs(10);

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// What is missing to run the browser tests, if anything.
fn missing_tools() -> Vec<String> {
    let mut missing = Vec::new();
    let chromium =
        std::env::var("ESSAYLINT_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        missing.push(format!("chromium ({chromium}; apt-get install chromium)"));
    }
    for (tool, hint) in [("node", "Node.js"), ("python3", "Python 3")] {
        if Command::new(tool).arg("--version").output().is_err() {
            missing.push(format!("{tool} ({hint})"));
        }
    }
    if !root().join("web/node_modules/playwright-core").is_dir() {
        missing.push("web/node_modules/playwright-core (npm ci --prefix web)".into());
    }
    missing
}

/// The posts an essay of the corpus answers, from its name: `a_` the officer's question, `b_`
/// PASP0150, `c_` PASP0024, `d_` both.
fn posts_of(path: &Path) -> Vec<String> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let posts: &[&str] = match name.as_bytes().first() {
        Some(b'a') => &["officer-gps"],
        Some(b'b') => &["PASP0150"],
        Some(b'c') => &["PASP0024"],
        Some(b'd') => &["PASP0150", "PASP0024"],
        _ => &[],
    };
    posts.iter().map(|p| (*p).to_owned()).collect()
}

fn essays() -> Vec<PathBuf> {
    let essay = |p: &Path| {
        p.extension().is_some_and(|e| e == "docx" || e == "pdf")
            && !posts_of(p).is_empty()
            && p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.as_bytes().get(1) == Some(&b'_'))
    };
    let mut files = Vec::new();
    match common::corpus() {
        Some(corpus) => common::files_under(&corpus.join("essays"), &essay, &mut files),
        None => common::files_under(&root().join("fixtures/real"), &essay, &mut files),
    }
    files
}

fn hostile() -> Vec<PathBuf> {
    let mut files = Vec::new();
    common::files_under(&root().join("fixtures/hostile"), &|_| true, &mut files);
    if let Some(corpus) = common::corpus() {
        common::files_under(&corpus.join("hostile"), &|_| true, &mut files);
    }
    files
}

/// The page, built (or as `ESSAYLINT_WEB_DIST` names it).
fn web_dist() -> PathBuf {
    if let Some(dist) = std::env::var_os("ESSAYLINT_WEB_DIST") {
        return PathBuf::from(dist);
    }
    let status = Command::new("bash")
        .arg(root().join("scripts/build-web.sh"))
        .current_dir(root())
        .status()
        .expect("bash runs scripts/build-web.sh");
    assert!(status.success(), "scripts/build-web.sh failed: {status}");
    root().join("web/dist")
}

/// `python3 -m http.server` on a free loopback port, killed on drop.
struct StaticServer {
    child: Child,
    port: u16,
}

impl StaticServer {
    fn start(dir: &Path) -> StaticServer {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new("python3")
            .args(["-m", "http.server", "--bind", "127.0.0.1"])
            .arg(port.to_string())
            .arg("--directory")
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m http.server starts");
        let server = StaticServer { child, port };
        let start = Instant::now();
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "http.server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The CLI's JSON report of one file for these posts.
fn cli_report(path: &Path, posts: &[String]) -> Value {
    let mut command = Command::new(env!("CARGO_BIN_EXE_essaylint"));
    command.args(["check", "--format", "json"]);
    for post in posts {
        command.args(["--post", post]);
    }
    let output = command.arg(path).output().expect("the CLI runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("the CLI writes JSON");
    report["files"][0].clone()
}

/// The value with every number as a float: JavaScript writes `297.0` as `297`, so the page's
/// report, having passed through `JSON.parse`, differs from the CLI's in that alone.
fn numbers_as_floats(value: Value) -> Value {
    match value {
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Number(n), Value::Number),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_floats).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, numbers_as_floats(v)))
                .collect(),
        ),
        other => other,
    }
}

fn names(file: &Value) -> Vec<String> {
    file["diagnostics"]
        .as_array()
        .map(|d| {
            d.iter()
                .map(|d| d["name"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
#[cfg_attr(
    no_browser,
    ignore = "needs Chromium, Node.js and web/node_modules (npm ci --prefix web)"
)]
fn the_page_checks_as_the_cli_does_and_sends_nothing() {
    let missing = missing_tools();
    if !missing.is_empty() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser tests; missing: {}",
            missing.join(", ")
        );
        eprintln!(
            "note: browser tests skipped; missing: {}",
            missing.join(", ")
        );
        return;
    }
    let dist = web_dist();
    let server = StaticServer::start(&dist);
    let essays = essays();
    assert!(!essays.is_empty(), "no essays to check");
    let hostile = hostile();
    let input = essays
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "docx"))
        .expect("a .docx essay")
        .clone();
    // The largest PDF essay, to miss a deadline of 1 ms.
    let late = essays
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .max_by_key(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .cloned();
    let jobs = json!({
        "essays": essays.iter().map(|p| json!({"path": p, "posts": posts_of(p)})).collect::<Vec<_>>(),
        "hostile": hostile,
        "late": late.as_ref().map(|p| json!({"path": p, "posts": posts_of(p)})),
        "next": {"path": &essays[0], "posts": posts_of(&essays[0])},
        "input": {"path": &input, "posts": posts_of(&input)},
    });
    let jobs_file = tempfile::NamedTempFile::new().expect("a temporary file");
    std::fs::write(jobs_file.path(), jobs.to_string()).expect("jobs written");

    let mut child = Command::new("node")
        .arg(root().join("web/tests/page.mjs"))
        .arg(format!("http://127.0.0.1:{}/", server.port))
        .arg(jobs_file.path())
        .current_dir(root().join("web"))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node runs");
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .expect("piped")
        .read_to_string(&mut stdout)
        .expect("node's output");
    let status = child.wait().expect("node finishes");
    assert!(status.success(), "web/tests/page.mjs failed: {status}");
    let seen: Value = serde_json::from_str(stdout.trim()).expect("page.mjs writes JSON");
    drop(server);

    assert_eq!(seen["ready"], "true", "the page did not start: {seen}");
    assert_eq!(seen["page_errors"], json!([]), "errors in the page");

    // Every essay: the CLI's verdict, word range, pages and diagnostic names.
    let checked = seen["essays"].as_array().expect("essays checked");
    assert_eq!(checked.len(), essays.len());
    let mut identical = 0;
    for (path, got) in essays.iter().zip(checked) {
        let posts = posts_of(path);
        let mut want = numbers_as_floats(cli_report(path, &posts));
        let mut got = numbers_as_floats(got["report"]["files"][0].clone());
        let what = format!("{} for {posts:?}", path.display());
        assert_eq!(got["verdict"], want["verdict"], "verdict of {what}");
        assert_eq!(
            got["counts"]["words_range"], want["counts"]["words_range"],
            "words of {what}"
        );
        for count in [
            "characters",
            "characters_with_spaces",
            "paragraphs",
            "lines",
        ] {
            assert_eq!(
                got["counts"][count], want["counts"][count],
                "{count} of {what}"
            );
        }
        assert_eq!(got["pages"], want["pages"], "pages of {what}");
        assert_eq!(names(&got), names(&want), "diagnostics of {what}");
        got["path"] = Value::Null;
        want["path"] = Value::Null;
        identical += usize::from(got == want);
    }
    eprintln!(
        "browser: {} essays checked as the CLI does ({identical} reports identical but for the path)",
        essays.len()
    );

    // Every hostile file: a report within the deadline (and the time to start a fresh worker).
    let reports = seen["hostile"].as_array().expect("hostile files checked");
    assert_eq!(reports.len(), hostile.len());
    for (path, got) in hostile.iter().zip(reports) {
        let file = &got["report"]["files"][0];
        assert!(
            file["verdict"].is_string(),
            "no report for {}: {got}",
            path.display()
        );
        let ms = got["ms"].as_u64().unwrap_or(u64::MAX);
        assert!(
            ms < (DEADLINE + Duration::from_secs(5)).as_millis() as u64,
            "{} took {ms} ms",
            path.display()
        );
    }
    for (path, got) in hostile.iter().zip(reports) {
        let file = &got["report"]["files"][0];
        let first = file["diagnostics"][0]["message"].as_str().unwrap_or("");
        eprintln!(
            "browser: {} {} ms {}: {}",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("?"),
            got["ms"],
            file["verdict"],
            first.chars().take(110).collect::<String>()
        );
    }
    // The page stops a check that misses its deadline or traps, then reads a PDF again without
    // its text, as the native shells do when their text worker fails: the verdict and the
    // diagnostics are the CLI's.
    let mut stopped = 0;
    for (path, got) in hostile.iter().zip(reports) {
        let got = numbers_as_floats(got["report"]["files"][0].clone());
        let want = numbers_as_floats(cli_report(path, &[]));
        let what = path.display();
        assert_eq!(got["verdict"], want["verdict"], "verdict of {what}");
        assert_eq!(names(&got), names(&want), "diagnostics of {what}");
        assert_eq!(
            got["pages"]["count"], want["pages"]["count"],
            "pages of {what}"
        );
    }
    for (path, got) in hostile.iter().zip(reports) {
        if !got["stopped"].is_null() {
            stopped += 1;
            eprintln!("browser: stopped {}: {}", path.display(), got["stopped"]);
        }
    }
    eprintln!(
        "browser: {} hostile files reported as the CLI reports them, {stopped} of them after the page stopped the check",
        hostile.len()
    );
    // A check past its deadline: stopped, the PDF read again without its text, as the CLI reports
    // a PDF whose text worker ran out of time.
    if let Some(late) = &late {
        let got = &seen["late"];
        assert_eq!(got["stopped"]["kind"], "deadline", "{got}");
        let file = &got["report"]["files"][0];
        let want = cli_report(late, &posts_of(late));
        assert_eq!(file["pages"]["count"], want["pages"]["count"], "{file}");
        assert_eq!(file["counts"], Value::Null, "{file}");
        let unreadable = file["diagnostics"]
            .as_array()
            .and_then(|d| d.iter().find(|d| d["name"] == "unreadable"))
            .and_then(|d| d["message"].as_str())
            .unwrap_or("");
        assert!(
            unreadable.contains("text extraction took longer than 0.001 s"),
            "{file}"
        );
    }
    // ... and the page still checks an essay afterwards.
    let next = &seen["next"]["report"]["files"][0];
    let want = cli_report(&essays[0], &posts_of(&essays[0]));
    assert_eq!(next["verdict"], want["verdict"]);
    assert_eq!(next["counts"]["words_range"], want["counts"]["words_range"]);

    // The page's own file input shows the verdict.
    let want = cli_report(&input, &posts_of(&input));
    assert_eq!(
        seen["input"]["verdict"], want["verdict"],
        "{}",
        seen["input"]
    );
    assert_eq!(seen["input"]["cards"], 1);
    assert!(
        seen["input"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("Download JSON")),
        "{}",
        seen["input"]
    );
    // The Words section shows Word's other statistics, as the report counts them (a table: its
    // cells come out of innerText with white space between them).
    let text = seen["input"]["text"]
        .as_str()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for (name, count) in [
        ("characters (no spaces)", "characters"),
        ("characters (with spaces)", "characters_with_spaces"),
        ("paragraphs", "paragraphs"),
        ("lines", "lines"),
    ] {
        let shown = format!("{name} {}", want["counts"][count]);
        assert!(
            text.contains(&shown),
            "the page does not show {shown}: {text}"
        );
    }
    assert_eq!(seen["input"]["phone_overflow"], 0, "wider than a phone");

    let downloaded = &seen["input"]["downloaded"];
    let input_name = input.file_name().and_then(|n| n.to_str()).unwrap_or("");
    assert_eq!(downloaded["name"], format!("{input_name}.essaylint.json"));
    assert_eq!(downloaded["report"]["schema_version"], 2);
    assert_eq!(downloaded["report"]["files"][0]["verdict"], want["verdict"]);

    // From the keyboard: Tab reaches every post checkbox and the file input; Space ticks a post
    // and the page says which variant it selects. Every control is labelled.
    let reached: Vec<&str> = seen["keyboard"]["reached"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let rules = essaylint::rules::RuleSet::builtin();
    for post in rules.post_ids() {
        assert!(
            reached.contains(&format!("input[checkbox]={post}").as_str()),
            "Tab does not reach {post}: {reached:?}"
        );
    }
    assert!(reached.contains(&"input[file]"), "{reached:?}");
    let ticked = &seen["keyboard"]["ticked"];
    assert_eq!(
        ticked.as_array().map(Vec::len),
        Some(1),
        "{}",
        seen["keyboard"]
    );
    let post = ticked[0].as_str().unwrap_or("").to_owned();
    let variant = rules
        .resolve(&[post])
        .ok()
        .flatten()
        .map(|r| r.variant.id.clone())
        .unwrap_or_default();
    assert!(
        seen["keyboard"]["variant"]
            .as_str()
            .is_some_and(|v| v.contains(&format!("variant {variant}:"))),
        "{}",
        seen["keyboard"]
    );
    assert_eq!(seen["unlabelled"], json!([]), "controls without a label");

    // Nothing but the page's own origin while it loaded, and nothing at all afterwards.
    assert_eq!(seen["requests"], json!([]), "requests after load");
}
