//! Shared by the hostile-input tests (`bombs.rs`, `properties.rs`, `hostile.rs`): files built in
//! code, and the real CLI run under a deadline with its peak memory measured.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use zip::write::SimpleFileOptions;

/// The deadline the issue sets for any file: a report within 10 s.
pub const DEADLINE: Duration = Duration::from_secs(10);
/// The memory the issue allows: 300 MiB peak, the process and its children together.
pub const MAX_PEAK_KIB: u64 = 300 * 1024;

pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A zip of these entries, deflated.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(false);
    for (name, bytes) in entries {
        zip.start_file(*name, options).expect("zip entry");
        zip.write_all(bytes).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

/// The parts of a minimal .docx around a `document.xml`.
pub fn docx_parts(document_xml: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("_rels/.rels", PACKAGE_RELS.as_bytes().to_vec()),
        ("word/document.xml", document_xml.to_vec()),
    ]
}

/// A minimal .docx whose `word/document.xml` is `document_xml`.
pub fn docx(document_xml: &[u8]) -> Vec<u8> {
    let parts = docx_parts(document_xml);
    let entries: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    zip_of(&entries)
}

/// A `document.xml` whose body is `body` (WordprocessingML, `w:` bound).
pub fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440"/></w:sectPr></w:body></w:document>"#
    )
}

/// One paragraph of plain text.
pub fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// A PDF of these objects (numbered from 1, object 1 the catalog), with a correct cross-reference
/// table and `trailer_extra` added to the trailer dictionary.
pub fn pdf_of(objects: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        pdf.extend_from_slice(object);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// A stream object: its dictionary entries and its (already encoded) data.
pub fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut object = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    object.extend_from_slice(data);
    object.extend_from_slice(b"\nendstream");
    object
}

/// A one-page A4 PDF showing `text` in Helvetica (objects 1-5), plus `extra` objects from 6 on.
pub fn text_pdf_objects(text: &str) -> Vec<Vec<u8>> {
    let content = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R \
          /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        stream("", content.as_bytes()),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ]
}

/// Deflates (zlib format, as PDF's FlateDecode wants) `count` bytes of `byte`, cheaply.
pub fn zlib_of_repeated(byte: u8, count: usize) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(9));
    let chunk = vec![byte; 1 << 20];
    let mut left = count;
    while left > 0 {
        let n = left.min(chunk.len());
        encoder.write_all(&chunk[..n]).expect("deflate");
        left -= n;
    }
    encoder.finish().expect("deflate")
}

/// What one CLI run gave.
#[derive(Debug)]
pub struct Outcome {
    /// Exit status (-1 when ended by a signal).
    pub code: i32,
    /// The JSON report on stdout (`Null` when there was none).
    pub json: Value,
    /// Standard error, whole.
    pub stderr: String,
    /// Wall-clock time.
    pub elapsed: Duration,
    /// Peak resident memory of the process and its children together, in KiB (see [`run_cli`]).
    pub peak_kib: u64,
}

impl Outcome {
    /// The first file's report.
    pub fn file(&self) -> &Value {
        &self.json["files"][0]
    }

    /// The names of the first file's diagnostics.
    pub fn names(&self) -> Vec<String> {
        self.file()["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d["name"].as_str().map(str::to_owned))
            .collect()
    }

    /// The message of the first diagnostic of this name.
    pub fn message(&self, name: &str) -> Option<String> {
        self.file()["diagnostics"]
            .as_array()?
            .iter()
            .find(|d| d["name"] == name)
            .and_then(|d| d["message"].as_str().map(str::to_owned))
    }

    /// The help of the first diagnostic of this name.
    pub fn help(&self, name: &str) -> Option<String> {
        self.file()["diagnostics"]
            .as_array()?
            .iter()
            .find(|d| d["name"] == name)
            .and_then(|d| d["help"].as_str().map(str::to_owned))
    }

    /// Asserts a report came out with exit 0 or 1, within the deadline and the memory bound.
    pub fn assert_bounded(&self, what: &str) {
        assert!(
            self.code == 0 || self.code == 1,
            "{what}: exit {} (stderr {})",
            self.code,
            self.stderr
        );
        assert!(
            self.file()["verdict"].is_string(),
            "{what}: no report: {}",
            self.json
        );
        assert!(self.elapsed < DEADLINE, "{what}: took {:?}", self.elapsed);
        assert!(
            self.peak_kib < MAX_PEAK_KIB,
            "{what}: peak memory {} MiB",
            self.peak_kib / 1024
        );
    }

    /// Asserts the file was reported `unreadable`, naming `limit` in the message and its option
    /// in the help.
    pub fn assert_limit(&self, what: &str, limit: &str) {
        let message = self
            .message("unreadable")
            .unwrap_or_else(|| panic!("{what}: not unreadable: {}", self.json));
        assert!(
            message.contains(&format!("(limit {limit})")),
            "{what}: {message}"
        );
        if let Some(help) = self.help("unreadable")
            && !limit.starts_with("worker-")
            && limit != "max-pdf-text-mb"
        {
            assert!(help.contains(&format!("--{limit}")), "{what}: {help}");
        }
        assert_eq!(self.code, 1, "{what}");
    }
}

/// The resident-memory high-water mark of a live process, in KiB.
fn hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The children of a live process.
fn children(pid: u32) -> Vec<u32> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|p| p.parse().ok())
        .collect()
}

/// Runs `essaylint ARGS` with `input` on stdin (`-` as the file when `input` is given), killing it
/// at the deadline (a hang fails the test). Peak memory is the sum, over the process and every
/// child seen while polling every few milliseconds, of each one's resident high-water mark
/// (`VmHWM`, which only grows): an upper bound on their peak together, short only of growth in the
/// last milliseconds of a process. (`wait4`'s `ru_maxrss` cannot be used: Linux carries the
/// forking process's resident size into a child across `exec`, so a large test process would
/// be charged to every child it starts.)
// The child is reaped by `waitpid` below (its status is needed raw), which clippy cannot see.
#[allow(clippy::zombie_processes)]
pub fn run_cli(args: &[&str], input: Option<&[u8]>, env: &[(&str, &str)]) -> Outcome {
    let start = Instant::now();
    let mut command = Command::new(env!("CARGO_BIN_EXE_essaylint"));
    command
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("essaylint starts");
    let pid = child.id();
    let stdin = child.stdin.take();
    let input = input.map(<[u8]>::to_vec);
    let writer = std::thread::spawn(move || {
        if let (Some(mut stdin), Some(input)) = (stdin, input) {
            let _ = stdin.write_all(&input);
        }
    });
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = stdout.read_to_end(&mut v);
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = stderr.read_to_end(&mut v);
        v
    });
    let done = Arc::new(AtomicBool::new(false));
    let peaks: Arc<Mutex<HashMap<u32, u64>>> = Arc::default();
    let poller = {
        let done = Arc::clone(&done);
        let peaks = Arc::clone(&peaks);
        std::thread::spawn(move || {
            while !done.load(Ordering::SeqCst) {
                let mut pids = vec![pid];
                let mut i = 0;
                while i < pids.len() {
                    pids.extend(children(pids[i]));
                    i += 1;
                }
                let mut peaks = peaks.lock().expect("lock");
                for p in pids {
                    if let Some(kib) = hwm_kib(p) {
                        let entry = peaks.entry(p).or_default();
                        *entry = (*entry).max(kib);
                    }
                }
                drop(peaks);
                std::thread::sleep(Duration::from_millis(3));
            }
        })
    };
    let status = loop {
        let mut status = 0;
        // SAFETY: waitpid fills `status`, valid for writes.
        let rc = unsafe { libc::waitpid(pid as libc::pid_t, &mut status, libc::WNOHANG) };
        if rc == pid as libc::pid_t {
            break status;
        }
        assert!(rc == 0, "waitpid failed");
        if start.elapsed() > DEADLINE + Duration::from_secs(5) {
            let _ = child.kill();
            let _ = child.wait();
            done.store(true, Ordering::SeqCst);
            panic!("essaylint {args:?}: no report within {DEADLINE:?} (killed)");
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let elapsed = start.elapsed();
    done.store(true, Ordering::SeqCst);
    poller.join().expect("poller");
    let _ = writer.join();
    let out = out.join().expect("stdout reader");
    let err = err.join().expect("stderr reader");
    let peak_kib: u64 = peaks.lock().expect("lock").values().sum();
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Outcome {
        code,
        json: serde_json::from_slice(&out).unwrap_or(Value::Null),
        stderr: String::from_utf8_lossy(&err).into_owned(),
        elapsed,
        peak_kib,
    }
}

/// `essaylint check --format json [EXTRA...] -` on `bytes`.
pub fn check_cli(bytes: &[u8], extra: &[&str]) -> Outcome {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    args.push("-");
    run_cli(&args, Some(bytes), &[])
}

/// `essaylint check --format json FILE`.
pub fn check_file(path: &Path, extra: &[&str]) -> Outcome {
    let path = path.to_string_lossy().into_owned();
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    args.push(&path);
    run_cli(&args, None, &[])
}

/// A marker unique to one run of this test process, for `ESSAYLINT_TEST_RUN`:
/// `<pid>-<n>-<kind>`.
pub fn run_marker(kind: &str) -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    format!(
        "{}-{}-{kind}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    )
}

/// The processes whose environment carries `ESSAYLINT_TEST_RUN=<marker>`: a run's processes, its
/// PDF text workers included, found under `/proc`.
pub fn carrying(marker: &str) -> Vec<u32> {
    let needle = format!("ESSAYLINT_TEST_RUN={marker}");
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return found;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(environ) = std::fs::read(format!("/proc/{pid}/environ")) else {
            continue;
        };
        if environ
            .split(|&b| b == 0)
            .any(|var| var == needle.as_bytes())
        {
            found.push(pid);
        }
    }
    found
}
