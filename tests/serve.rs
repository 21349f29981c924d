//! `essaylint serve`: the real binary on an ephemeral loopback port, called with a real HTTP client.
//!
//! No test asserts a time: deadlines here only stop a broken server from hanging the run.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use reqwest::blocking::{Client, multipart};
use serde_json::Value;

/// Generous: a check takes milliseconds, but the machine may be busy building.
const PATIENCE: Duration = Duration::from_secs(120);

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A running `essaylint serve`, killed when dropped if it is still running.
struct Server {
    child: Child,
    base: String,
    stderr: Arc<Mutex<Vec<u8>>>,
    drain: Option<JoinHandle<()>>,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        Server::start_with_env(args, &[])
    }

    fn start_with_env(args: &[&str], env: &[(&str, &Path)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_essaylint"));
        command
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("essaylint serve starts");
        let base = common::listening_base(child.stdout.take().expect("stdout"));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let mut pipe = child.stderr.take().expect("stderr");
        let sink = stderr.clone();
        let drain = std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = pipe.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock().expect("lock").extend_from_slice(&buffer[..n]);
            }
        });
        Server {
            child,
            base,
            stderr,
            drain: Some(drain),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn addr(&self) -> &str {
        self.base.trim_start_matches("http://")
    }

    /// Sends SIGTERM and waits for the exit status; returns the logs.
    fn terminate(mut self) -> (Option<i32>, String) {
        let pid = libc::pid_t::try_from(self.child.id()).expect("a pid");
        // SAFETY: kill with our own child's pid and a valid signal.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
        let code = self.wait_exit();
        if let Some(drain) = self.drain.take() {
            let _ = drain.join();
        }
        let logs = String::from_utf8_lossy(&self.stderr.lock().expect("lock")).into_owned();
        (code, logs)
    }

    fn wait_exit(&mut self) -> Option<i32> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status.code();
            }
            assert!(
                start.elapsed() < PATIENCE,
                "the server did not stop after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let status = self.child.try_wait();
        if matches!(status, Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if std::thread::panicking() {
            let logs = String::from_utf8_lossy(&self.stderr.lock().expect("lock")).into_owned();
            let odd: Vec<&str> = logs
                .lines()
                .filter(|l| !l.contains("\"status\":200"))
                .collect();
            eprintln!(
                "server exit: {status:?}; {} log lines, these not about a 200:\n{}",
                logs.lines().count(),
                odd.join("\n")
            );
        }
    }
}

fn client() -> Client {
    Client::builder()
        .timeout(PATIENCE)
        .build()
        .expect("an HTTP client")
}

fn query(posts: &[&str]) -> String {
    let pairs: Vec<String> = posts.iter().map(|p| format!("post={p}")).collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// What `essaylint check --format json` prints for one file.
fn cli_json(file: &Path, posts: &[&str]) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_essaylint"));
    command.args(["check", "--format", "json"]);
    for post in posts {
        command.args(["--post", post]);
    }
    let out = command.arg(file).output().expect("essaylint check runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The CLI's output with the file's path replaced by `name`.
fn with_path(cli: &str, file: &Path, name: &str) -> String {
    let from = serde_json::to_string(&file.display().to_string()).expect("a JSON string");
    let to = serde_json::to_string(name).expect("a JSON string");
    let needle = format!("\"path\": {from}");
    assert!(cli.contains(&needle), "no path in {cli}");
    cli.replacen(&needle, &format!("\"path\": {to}"), 1)
}

fn post_raw(server: &Server, posts: &[&str], bytes: Vec<u8>) -> reqwest::blocking::Response {
    client()
        .post(server.url(&format!("/v1/check{}", query(posts))))
        .header("content-type", "application/octet-stream")
        .body(bytes)
        .send()
        .expect("an answer")
}

fn post_form(
    server: &Server,
    posts: &[&str],
    name: &str,
    bytes: Vec<u8>,
) -> reqwest::blocking::Response {
    let form = multipart::Form::new().text("note", "ignored").part(
        "file",
        multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    client()
        .post(server.url(&format!("/v1/check{}", query(posts))))
        .multipart(form)
        .send()
        .expect("an answer")
}

/// Essays of every variant: the bundled fixtures always, the corpus when present. The corpus has
/// no essay written for PASP0024 alone, so a PASP0150 essay is checked against it (a
/// variant-mismatch warning, which must come out the same too).
fn essays() -> Vec<(PathBuf, Vec<&'static str>)> {
    let mut essays = vec![
        (
            repo("fixtures/generated/over_limit_501.docx"),
            vec!["officer-gps"],
        ),
        (
            repo("fixtures/real/a_en_480__calibri11__tracked__comment.docx"),
            vec!["officer-gps"],
        ),
        (
            repo("fixtures/real/b_en_1000__calibri11.docx"),
            vec!["PASP0150"],
        ),
        (
            repo("fixtures/real/b_en_1000__calibri11-double.pdf"),
            vec!["PASP0024"],
        ),
        (
            repo("fixtures/real/b_en_1000__calibri11.docx"),
            vec!["PASP0150", "PASP0024"],
        ),
        (repo("fixtures/real/a_fr_490__times12.docx"), vec![]),
    ];
    if let Some(corpus) = common::corpus() {
        let essay = |name: &str| corpus.join("essays").join(name);
        essays.extend([
            (essay("a_en_480__calibri11.pdf"), vec!["officer-gps"]),
            (essay("a_en_520__times12-letter.docx"), vec!["officer-gps"]),
            (essay("b_en_1000__calibri11.pdf"), vec!["PASP0150"]),
            (essay("b_en_1000__calibri11-double.docx"), vec!["PASP0024"]),
            (
                essay("d_en_1500__times12.docx"),
                vec!["PASP0150", "PASP0024"],
            ),
            (
                essay("d_en_1500__arial11-narrow.pdf"),
                vec!["PASP0024", "PASP0150"],
            ),
        ]);
    }
    essays
}

#[test]
fn reports_equal_the_cli_for_every_variant_in_both_upload_forms() {
    let server = Server::start(&[]);
    let mut variants = std::collections::BTreeSet::new();
    let mut verdicts = std::collections::BTreeSet::new();
    for (file, posts) in essays() {
        let bytes = std::fs::read(&file).expect("the essay");
        let cli = cli_json(&file, &posts);
        let value: Value = serde_json::from_str(&cli).expect("JSON");
        variants.insert(value["files"][0]["variant"]["id"].to_string());
        verdicts.insert(value["files"][0]["verdict"].to_string());

        let raw = post_raw(&server, &posts, bytes.clone());
        assert_eq!(raw.status(), 200, "{}", file.display());
        assert_eq!(
            raw.headers()["content-type"],
            "application/json",
            "{}",
            file.display()
        );
        assert_eq!(
            raw.text().expect("a body"),
            with_path(&cli, &file, "upload"),
            "raw body, {} {posts:?}",
            file.display()
        );

        let form = post_form(&server, &posts, "my essay.docx", bytes);
        assert_eq!(form.status(), 200, "{}", file.display());
        assert_eq!(
            form.text().expect("a body"),
            with_path(&cli, &file, "my essay.docx"),
            "multipart form, {} {posts:?}",
            file.display()
        );
    }
    for variant in [
        "\"officer-gps\"",
        "\"PASP0150\"",
        "\"PASP0024\"",
        "\"PASP0150+PASP0024\"",
        "null",
    ] {
        assert!(variants.contains(variant), "no essay for {variant}");
    }
    assert!(verdicts.contains("\"pass\"") && verdicts.contains("\"fail\""));
}

#[test]
fn statuses_for_posts_tokens_sizes_and_empty_bodies() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "  s3cret-0123456789\n").expect("token written");
    let server = Server::start(&[
        "--token-file",
        token_file.to_str().expect("UTF-8"),
        "--max-upload-mb",
        "1",
    ]);
    let essay = std::fs::read(repo("fixtures/generated/at_limit_500.docx")).expect("fixture");
    let url = server.url("/v1/check?post=officer-gps");
    let with_token = |r: reqwest::blocking::RequestBuilder| r.bearer_auth("s3cret-0123456789");

    // 401: no token, a wrong one, another scheme; /healthz needs none.
    for request in [
        client().post(&url),
        client().post(&url).bearer_auth("s3cret-012345678"),
        client()
            .post(&url)
            .basic_auth("s3cret-0123456789", None::<&str>),
    ] {
        let answer = request.body(essay.clone()).send().expect("an answer");
        assert_eq!(answer.status(), 401);
        assert_eq!(answer.headers()["www-authenticate"], "Bearer");
        let body: Value = answer.json().expect("JSON");
        assert_eq!(body["error"]["status"], 401);
    }
    for path in ["/v1/rules", "/metrics", "/v1/openapi.json", "/v1/explain"] {
        let answer = client().get(server.url(path)).send().expect("an answer");
        assert_eq!(answer.status(), 401, "{path}");
    }
    let health = client()
        .get(server.url("/healthz"))
        .send()
        .expect("an answer");
    assert_eq!(health.status(), 200);
    assert_eq!(health.json::<Value>().expect("JSON")["status"], "ok");

    // 200 with the token.
    let answer = with_token(client().post(&url))
        .body(essay.clone())
        .send()
        .expect("an answer");
    assert_eq!(answer.status(), 200);
    let report: Value = answer.json().expect("JSON");
    assert_eq!(report["files"][0]["verdict"], "pass");
    assert_eq!(report["files"][0]["counts"]["words"], 500);

    // 400: an unknown post lists the valid ones; posts of two competitions; a stray parameter.
    let answer = with_token(client().post(server.url("/v1/check?post=PASP9999")))
        .body(essay.clone())
        .send()
        .expect("an answer");
    assert_eq!(answer.status(), 400);
    let body: Value = answer.json().expect("JSON");
    assert_eq!(body["error"]["message"], "unknown post `PASP9999`");
    assert_eq!(
        body["error"]["valid_posts"],
        serde_json::json!(["officer-gps", "PASP0150", "PASP0024"])
    );
    for query in ["?post=officer-gps&post=PASP0150", "?posts=PASP0150"] {
        let answer = with_token(client().post(server.url(&format!("/v1/check{query}"))))
            .body(essay.clone())
            .send()
            .expect("an answer");
        assert_eq!(answer.status(), 400, "{query}");
    }

    // 415: an empty body, raw or as the form's file; 400: a form without `file`.
    let answer = with_token(client().post(&url))
        .body(Vec::new())
        .send()
        .expect("an answer");
    assert_eq!(answer.status(), 415);
    let form = multipart::Form::new().part("file", multipart::Part::bytes(Vec::new()));
    let answer = with_token(client().post(&url))
        .multipart(form)
        .send()
        .expect("an answer");
    assert_eq!(answer.status(), 415);
    let form = multipart::Form::new().text("essay", "no file here");
    let answer = with_token(client().post(&url))
        .multipart(form)
        .send()
        .expect("an answer");
    assert_eq!(answer.status(), 400);

    // 413: declared too large, answered before a byte of the body is sent.
    let (code, body) = declared_upload(&server, 1024 * 1024 + 1, Some("s3cret-0123456789"));
    assert_eq!(code, 413, "{body}");
    let body: Value = serde_json::from_str(&body).expect("JSON");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("max-upload-mb")),
        "{body}"
    );
    // 413 too while streaming without a Content-Length, raw and as a form. The server answers
    // before the client has sent everything and closes the connection, so a client may see the
    // connection reset instead; when it reads the answer, it is 413.
    let big = vec![b'x'; 1024 * 1024 + 1];
    let streamed = reqwest::blocking::Body::new(std::io::Cursor::new(big.clone()));
    if let Ok(answer) = with_token(client().post(&url)).body(streamed).send() {
        assert_eq!(answer.status(), 413);
    }
    let form = multipart::Form::new().part("file", multipart::Part::bytes(big));
    if let Ok(answer) = with_token(client().post(&url)).multipart(form).send() {
        assert_eq!(answer.status(), 413);
    }

    // 404 for a check that does not exist, with the names.
    let answer = with_token(client().get(server.url("/v1/explain/no-such-check")))
        .send()
        .expect("an answer");
    assert_eq!(answer.status(), 404);
    let body: Value = answer.json().expect("JSON");
    assert!(
        body["error"]["valid_checks"]
            .as_array()
            .is_some_and(|names| names.iter().any(|n| n == "word-limit"))
    );
    let answer = with_token(client().get(server.url("/v1/explain/EL001")))
        .send()
        .expect("an answer");
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.json::<Value>().expect("JSON")["name"], "word-limit");
}

/// Opens a raw connection and sends the headers and the first `sent` bytes of a `length`-byte
/// upload, so that the request holds its permit while its body is unfinished.
fn unfinished_upload(server: &Server, bytes: &[u8], sent: usize) -> TcpStream {
    let mut stream = TcpStream::connect(server.addr()).expect("a connection");
    stream
        .set_read_timeout(Some(PATIENCE))
        .expect("a read timeout");
    let head = format!(
        "POST /v1/check?post=officer-gps HTTP/1.1\r\nHost: {}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\r\n",
        server.addr(),
        bytes.len()
    );
    stream.write_all(head.as_bytes()).expect("headers sent");
    // The server asks for the body once the handler reads it: the request is then in flight.
    let mut line = [0u8; 25];
    stream.read_exact(&mut line).expect("100 Continue");
    assert_eq!(&line, b"HTTP/1.1 100 Continue\r\n\r\n");
    stream.write_all(&bytes[..sent]).expect("first bytes sent");
    stream
}

/// Sends only the headers of a raw upload declaring `length` bytes, and reads the answer.
fn declared_upload(server: &Server, length: usize, token: Option<&str>) -> (u16, String) {
    let mut stream = TcpStream::connect(server.addr()).expect("a connection");
    stream
        .set_read_timeout(Some(PATIENCE))
        .expect("a read timeout");
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    let head = format!(
        "POST /v1/check HTTP/1.1\r\nHost: {}\r\n{auth}Content-Type: application/pdf\r\nContent-Length: {length}\r\n\r\n",
        server.addr()
    );
    stream.write_all(head.as_bytes()).expect("headers sent");
    read_answer(&mut stream)
}

/// Reads a whole HTTP/1.1 answer from a raw connection (the server closes or sends a length).
fn read_answer(stream: &mut TcpStream) -> (u16, String) {
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).expect("a status line");
    let code = status
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("a header");
        if line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().expect("a length");
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).expect("the body");
    (code, String::from_utf8_lossy(&body).into_owned())
}

/// Polls `/metrics` until it shows `line`.
fn wait_for_metric(server: &Server, line: &str) {
    let start = Instant::now();
    loop {
        let text = client()
            .get(server.url("/metrics"))
            .send()
            .and_then(|a| a.text())
            .unwrap_or_default();
        if text.lines().any(|l| l == line) {
            return;
        }
        assert!(start.elapsed() < PATIENCE, "no {line:?} in\n{text}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn saturation_and_the_deadline_answer_503_with_retry_after() {
    let server = Server::start(&[
        "--max-concurrent",
        "1",
        "--max-queue",
        "0",
        "--request-timeout-secs",
        "5",
    ]);
    let essay = std::fs::read(repo("fixtures/generated/at_limit_500.docx")).expect("fixture");
    // This one holds the only permit, its body unfinished.
    let mut holder = unfinished_upload(&server, &essay, 2048);
    wait_for_metric(&server, "essaylint_admitted_uploads{pool=\"other\"} 1");
    let answer = post_raw(&server, &["officer-gps"], essay.clone());
    assert_eq!(answer.status(), 503);
    assert_eq!(answer.headers()["retry-after"], "1");
    let body: Value = answer.json().expect("JSON");
    assert_eq!(body["error"]["retry_after_secs"], 1);
    // A PDF has its own pool, so it is answered meanwhile.
    let pdf = std::fs::read(repo("fixtures/real/b_en_1000__calibri11-double.pdf")).expect("pdf");
    assert_eq!(post_raw(&server, &["PASP0150"], pdf).status(), 200);
    // The holder never finishes its body: its deadline answers it 503, and frees the permit.
    let (code, body) = read_answer(&mut holder);
    assert_eq!(code, 503, "{body}");
    assert!(body.contains("request-timeout-secs"), "{body}");
    assert_eq!(post_raw(&server, &["officer-gps"], essay).status(), 200);
}

#[test]
fn sigterm_lets_the_request_in_flight_finish() {
    let server = Server::start(&[]);
    let file = repo("fixtures/real/b_en_1000__calibri11.docx");
    let essay = std::fs::read(&file).expect("fixture");
    let mut stream = unfinished_upload(&server, &essay, 1500);
    let pid = libc::pid_t::try_from(server.child.id()).expect("a pid");
    // SAFETY: kill with our own child's pid and a valid signal.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    // The body is finished only once the server has begun to shut down.
    let start = Instant::now();
    while !String::from_utf8_lossy(&server.stderr.lock().expect("lock")).contains("shutting down") {
        assert!(start.elapsed() < PATIENCE, "the server did not see SIGTERM");
        std::thread::sleep(Duration::from_millis(10));
    }
    // New connections are refused meanwhile, or at least not served.
    assert!(
        client()
            .get(server.url("/healthz"))
            .timeout(Duration::from_secs(2))
            .send()
            .is_err()
    );
    stream.write_all(&essay[1500..]).expect("the rest sent");
    let (code, body) = read_answer(&mut stream);
    assert_eq!(code, 200, "{body}");
    assert_eq!(
        body,
        with_path(&cli_json(&file, &["officer-gps"]), &file, "upload")
    );
    drop(stream);
    let (exit, logs) = server.terminate_after_signal();
    assert_eq!(exit, Some(0), "{logs}");
    assert!(logs.contains("shutting down"), "{logs}");
}

impl Server {
    /// Waits for an exit already asked for; returns the status and the logs.
    fn terminate_after_signal(mut self) -> (Option<i32>, String) {
        let code = self.wait_exit();
        if let Some(drain) = self.drain.take() {
            let _ = drain.join();
        }
        let logs = String::from_utf8_lossy(&self.stderr.lock().expect("lock")).into_owned();
        (code, logs)
    }
}

#[test]
fn logs_carry_no_essay_text_and_nothing_is_written_to_disk() {
    let tmp = tempfile::tempdir().expect("a temp dir");
    let server = Server::start_with_env(&[], &[("TMPDIR", tmp.path())]);
    let docx = std::fs::read(repo("fixtures/real/b_en_1000__calibri11.docx")).expect("fixture");
    let pdf = std::fs::read(repo("fixtures/real/b_en_1000__calibri11-double.pdf")).expect("pdf");
    for bytes in [docx, pdf] {
        let answer = post_form(&server, &["PASP0150"], "Jane-Candidate.docx", bytes);
        assert_eq!(answer.status(), 200);
        let text = answer.text().expect("a body");
        assert!(text.contains("Jane-Candidate.docx"));
    }
    let (exit, logs) = server.terminate();
    assert_eq!(exit, Some(0));
    let checked: Vec<Value> = logs
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|l| l["message"] == "checked")
        .collect();
    assert_eq!(checked.len(), 2, "{logs}");
    for line in &checked {
        assert_eq!(line["status"], 200);
        assert!(line["request_id"].as_str().is_some_and(|id| !id.is_empty()));
        assert!(matches!(line["verdict"].as_str(), Some("pass" | "fail")));
        assert!(line["upload_bytes"].as_u64().is_some_and(|n| n > 10_000));
        // Timings are milliseconds to the microsecond, not float noise.
        for field in ["queued_ms", "check_ms", "total_ms"] {
            let ms = line[field].as_f64().expect("a timing");
            assert!(
                ((ms * 1000.0).round() - ms * 1000.0).abs() < 1e-6,
                "{field}: {ms}"
            );
        }
    }
    for secret in [
        "structured policy planning effort",
        "Russia Policy Coordination Section",
        "Jane-Candidate",
    ] {
        assert!(!logs.contains(secret), "the logs show {secret:?}");
    }
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("the temp dir")
        .collect();
    assert!(left.is_empty(), "files written: {left:?}");
}

#[test]
#[cfg_attr(
    no_shared_corpus,
    ignore = "needs ../shared/corpus beside the checkout"
)]
fn a_zip_bomb_is_answered_200_unreadable() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let server = Server::start(&[]);
    let bomb = std::fs::read(corpus.join("hostile/crafted/zip-bomb-4gib.docx")).expect("bomb");
    let answer = post_raw(&server, &["officer-gps"], bomb);
    assert_eq!(answer.status(), 200);
    let report: Value = answer.json().expect("JSON");
    let file = &report["files"][0];
    assert_eq!(file["verdict"], "fail");
    assert!(
        file["diagnostics"]
            .as_array()
            .is_some_and(|d| d.iter().any(|d| d["name"] == "unreadable")),
        "{file}"
    );
}

#[test]
#[cfg_attr(
    no_shared_corpus,
    ignore = "needs ../shared/corpus beside the checkout"
)]
fn a_flood_of_hostile_uploads_costs_only_its_own_requests() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let hostile: Vec<Arc<Vec<u8>>> = [
        "hostile/crafted/flate-bomb.pdf",
        "hostile/crafted/zip-bomb-4gib.docx",
        "hostile/crafted/billion-laughs.docx",
        "hostile/pdfminer/contrib_issue-1113-evil-xobjects.pdf",
        "hostile/crafted/cyclic-page-tree.pdf",
        "hostile/crafted/xxe-etc-passwd.docx",
        "hostile/poi/truncated62886.docx",
        "hostile/crafted/not-xml.docx",
    ]
    .iter()
    .map(|p| Arc::new(std::fs::read(corpus.join(p)).expect("a hostile file")))
    .collect();
    let mut server = Server::start(&["--request-timeout-secs", "300"]);
    let base = server.base.clone();
    let flood: Vec<_> = (0..64)
        .map(|i| {
            let bytes = hostile[i % hostile.len()].clone();
            let url = format!("{base}/v1/check?post=PASP0150");
            std::thread::spawn(move || {
                let answer = client()
                    .post(url)
                    .body(bytes.to_vec())
                    .send()
                    .unwrap_or_else(|e| panic!("no answer for upload {i}: {e:?}"));
                let status = answer.status().as_u16();
                let report: Value = answer.json().expect("JSON");
                (status, report)
            })
        })
        .collect();
    // A normal essay sent in the middle of the flood gets its answer.
    let file = repo("fixtures/real/b_en_1000__calibri11.docx");
    let essay = std::fs::read(&file).expect("fixture");
    let answer = post_raw(&server, &["PASP0150"], essay);
    assert_eq!(answer.status(), 200);
    assert_eq!(
        answer.text().expect("a body"),
        with_path(&cli_json(&file, &["PASP0150"]), &file, "upload")
    );
    for request in flood {
        let (status, report) = request.join().expect("a thread");
        assert_eq!(status, 200, "{report}");
        assert_eq!(report["schema_version"], 2);
    }
    assert!(server.alive());
    let metrics = client()
        .get(server.url("/metrics"))
        .send()
        .expect("an answer")
        .text()
        .expect("a body");
    for reason in ["worker-memory-mb", "stack"] {
        assert!(
            metrics.contains(&format!(
                "essaylint_worker_failures_total{{reason=\"{reason}\"}}"
            )),
            "{metrics}"
        );
    }
}

#[test]
fn metrics_count_answers_by_status_and_verdict() {
    let server = Server::start(&[]);
    let pass = std::fs::read(repo("fixtures/generated/at_limit_500.docx")).expect("fixture");
    let fail = std::fs::read(repo("fixtures/generated/over_limit_501.docx")).expect("fixture");
    assert_eq!(post_raw(&server, &["officer-gps"], pass).status(), 200);
    for _ in 0..2 {
        assert_eq!(
            post_raw(&server, &["officer-gps"], fail.clone()).status(),
            200
        );
    }
    assert_eq!(post_raw(&server, &["nope"], Vec::new()).status(), 400);
    let answer = client()
        .get(server.url("/metrics"))
        .send()
        .expect("an answer");
    assert_eq!(answer.status(), 200);
    assert!(
        answer.headers()["content-type"]
            .to_str()
            .is_ok_and(|t| t.starts_with("text/plain"))
    );
    let text = answer.text().expect("a body");
    for line in [
        "essaylint_http_requests_total{route=\"/v1/check\",status=\"200\",verdict=\"pass\"} 1",
        "essaylint_http_requests_total{route=\"/v1/check\",status=\"200\",verdict=\"fail\"} 2",
        "essaylint_http_requests_total{route=\"/v1/check\",status=\"400\",verdict=\"none\"} 1",
        "essaylint_http_request_duration_seconds_count{route=\"/v1/check\"} 4",
        "# TYPE essaylint_http_request_duration_seconds histogram",
        "essaylint_check_duration_seconds_count{format=\"docx\"} 3",
    ] {
        assert!(text.contains(line), "no {line:?} in\n{text}");
    }
    assert!(text.contains(
        "essaylint_http_request_duration_seconds_bucket{route=\"/v1/check\",le=\"0.005\"}"
    ));
}

/// The schema of an answer, from the OpenAPI document, with the document's components beside it
/// so that its references resolve.
fn answer_schema(doc: &Value, path: &str, method: &str, status: u16) -> jsonschema::Validator {
    let response = &doc["paths"][path][method]["responses"][status.to_string()];
    assert!(
        response.is_object(),
        "the OpenAPI document has no {status} for {method} {path}"
    );
    let content = response["content"]
        .as_object()
        .and_then(|c| c.values().next())
        .unwrap_or_else(|| panic!("no content for {status} of {method} {path}"));
    let schema = serde_json::json!({
        "allOf": [content["schema"]],
        "components": doc["components"],
    });
    jsonschema::validator_for(&schema).expect("a valid schema")
}

#[test]
fn the_openapi_document_describes_the_real_answers() {
    let server = Server::start(&["--max-upload-mb", "1"]);
    let doc: Value = client()
        .get(server.url("/v1/openapi.json"))
        .send()
        .expect("an answer")
        .json()
        .expect("JSON");
    let mut paths: Vec<&str> = doc["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .map(String::as_str)
        .collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "/healthz",
            "/metrics",
            "/v1/check",
            "/v1/explain",
            "/v1/explain/{name}",
            "/v1/openapi.json",
            "/v1/rules"
        ]
    );
    let essay = std::fs::read(repo("fixtures/real/b_en_1000__calibri11.docx")).expect("fixture");
    let cases: Vec<(&str, &str, u16, reqwest::blocking::RequestBuilder)> = vec![
        (
            "/v1/check",
            "post",
            200,
            client()
                .post(server.url("/v1/check?post=PASP0150"))
                .body(essay.clone()),
        ),
        (
            "/v1/check",
            "post",
            400,
            client()
                .post(server.url("/v1/check?post=x"))
                .body(essay.clone()),
        ),
        (
            "/v1/check",
            "post",
            415,
            client().post(server.url("/v1/check")).body(Vec::new()),
        ),
        (
            "/v1/rules",
            "get",
            200,
            client().get(server.url("/v1/rules")),
        ),
        (
            "/v1/explain",
            "get",
            200,
            client().get(server.url("/v1/explain")),
        ),
        (
            "/v1/explain/{name}",
            "get",
            200,
            client().get(server.url("/v1/explain/word-limit")),
        ),
        (
            "/v1/explain/{name}",
            "get",
            404,
            client().get(server.url("/v1/explain/nothing")),
        ),
        ("/healthz", "get", 200, client().get(server.url("/healthz"))),
    ];
    for (path, method, status, request) in cases {
        let answer = request.send().expect("an answer");
        assert_eq!(answer.status().as_u16(), status, "{method} {path}");
        let body: Value = answer.json().expect("JSON");
        let validator = answer_schema(&doc, path, method, status);
        let errors: Vec<String> = validator
            .iter_errors(&body)
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "{method} {path} {status}: {errors:?}\n{body}"
        );
    }
    let (code, body) = declared_upload(&server, 2 * 1024 * 1024, None);
    assert_eq!(code, 413);
    let body: Value = serde_json::from_str(&body).expect("JSON");
    assert!(answer_schema(&doc, "/v1/check", "post", 413).is_valid(&body));
    // A report that breaks the schema is caught, so the check above can fail.
    let validator = answer_schema(&doc, "/v1/check", "post", 200);
    assert!(!validator.is_valid(&serde_json::json!({"schema_version": 2})));
    // The statuses the service can answer are all documented; without a token, 401 is not one.
    for status in [200, 400, 413, 415, 503] {
        answer_schema(&doc, "/v1/check", "post", status);
    }
    assert!(doc["paths"]["/v1/check"]["post"]["responses"]["401"].is_null());
    assert!(doc["paths"]["/v1/check"]["post"]["security"].is_null());
    assert!(doc["components"]["securitySchemes"].is_null());
    // `post` takes the loaded rules' posts only.
    let post = doc["paths"]["/v1/check"]["post"]["parameters"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == "post"))
        .expect("a post parameter");
    let posts = jsonschema::validator_for(&serde_json::json!({"allOf": [post["schema"]]}))
        .expect("a valid schema");
    assert!(posts.is_valid(&serde_json::json!(["PASP0150"])));
    assert!(!posts.is_valid(&serde_json::json!([""])));

    // With a token, the token is declared, and its 401 answer matches the document.
    let token = tempfile::NamedTempFile::new().expect("a token file");
    std::fs::write(token.path(), "s3cret\n").expect("writes");
    let token_path = token.path().to_str().expect("a UTF-8 path");
    let guarded = Server::start(&["--token-file", token_path]);
    let doc: Value = client()
        .get(guarded.url("/v1/openapi.json"))
        .bearer_auth("s3cret")
        .send()
        .expect("an answer")
        .json()
        .expect("JSON");
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert_eq!(
        doc["paths"]["/v1/check"]["post"]["security"],
        serde_json::json!([{"bearer": []}])
    );
    let answer = client()
        .post(guarded.url("/v1/check"))
        .body(essay)
        .send()
        .expect("an answer");
    assert_eq!(answer.status().as_u16(), 401);
    let body: Value = answer.json().expect("JSON");
    assert!(answer_schema(&doc, "/v1/check", "post", 401).is_valid(&body));
}

#[test]
fn web_root_serves_the_page_at_the_root_beside_the_api() {
    let dir = tempfile::tempdir().expect("a temp dir");
    std::fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>page</title>",
    )
    .expect("index written");
    std::fs::write(
        dir.path().join("essaylint_wasm_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .expect("wasm written");
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "s3cret-0123456789").expect("token written");
    let server = Server::start(&[
        "--web-root",
        dir.path().to_str().expect("UTF-8"),
        "--token-file",
        token_file.to_str().expect("UTF-8"),
    ]);

    // The page, without the token, with the page's own Content-Security-Policy.
    let page = client().get(server.url("/")).send().expect("an answer");
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .expect("ASCII")
        .to_owned();
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert!(page.text().expect("text").contains("<title>page</title>"));
    let wasm = client()
        .get(server.url("/essaylint_wasm_bg.wasm"))
        .send()
        .expect("an answer");
    assert_eq!(wasm.status(), 200);
    assert_eq!(wasm.headers()["content-type"], "application/wasm");

    // The API beside it still needs the token, and what is neither is the API's JSON 404.
    let rules = client()
        .get(server.url("/v1/rules"))
        .send()
        .expect("an answer");
    assert_eq!(rules.status(), 401);
    let missing = client()
        .get(server.url("/nothing-here.js"))
        .send()
        .expect("an answer");
    assert_eq!(missing.status(), 404);
    let body: Value = missing.json().expect("a JSON error");
    assert_eq!(body["error"]["status"], 404, "{body}");
    // A route asked with a method it does not take answers JSON too.
    let wrong = client()
        .get(server.url("/v1/check"))
        .bearer_auth("s3cret-0123456789")
        .send()
        .expect("an answer");
    assert_eq!(wrong.status(), 405);
    let body: Value = wrong.json().expect("a JSON error");
    assert_eq!(body["error"]["status"], 405, "{body}");
}

#[test]
fn web_root_without_a_page_is_refused_at_start() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let output = Command::new(env!("CARGO_BIN_EXE_essaylint"))
        .args(["serve", "--addr", "127.0.0.1:0", "--web-root"])
        .arg(dir.path())
        .output()
        .expect("essaylint runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("has no index.html"), "{stderr}");
    assert!(stderr.contains("scripts/build-web.sh"), "{stderr}");
}

/// The readiness line promises that the signal handlers exist: a SIGTERM sent the moment the
/// line is read ends the service with exit code 0, every time (before, 39 of 40 died of it).
#[test]
fn sigterm_right_after_the_readiness_line_is_handled() {
    for _ in 0..40 {
        let (code, logs) = Server::start(&[]).terminate();
        assert_eq!(code, Some(0), "{logs}");
    }
}
