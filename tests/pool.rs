//! Warm PDF text workers (`src/worker/pool.rs`), proven through the real binary: a batch and the
//! service reuse one worker for many PDFs; a worker that fails (each failure the fault injection of
//! debug builds can cause, named in a PDF comment `%ESSAYLINT_WORKER_FAULT=NAME` so that one file of
//! many fails) is reported, and the next file gets a fresh worker; a worker that tries what its
//! system-call filter forbids (open a file, connect, exec) is killed with SIGSYS and that is
//! reported; a worker is replaced after `MAX_JOBS` files; and no process of a run is left once it
//! ends (each run carries a marker in its environment, found under `/proc`).
#![cfg(target_os = "linux")]

mod common;
mod support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{carrying, pdf_of, run_cli, run_marker, text_pdf_objects};

/// Must equal `essaylint::worker::pool::MAX_JOBS`.
const MAX_JOBS: usize = 100;

fn marker() -> String {
    run_marker("pool")
}

/// A one-page PDF of three words.
fn good_pdf() -> Vec<u8> {
    pdf_of(&text_pdf_objects("Warm worker text"), "")
}

/// The same PDF, asking its worker for `fault`.
fn faulty_pdf(fault: &str) -> Vec<u8> {
    let mut pdf = good_pdf();
    pdf.extend_from_slice(format!("%ESSAYLINT_WORKER_FAULT={fault}\n").as_bytes());
    pdf
}

fn unreadable_message(file: &Value) -> Option<String> {
    file["diagnostics"]
        .as_array()?
        .iter()
        .find(|d| d["name"] == "unreadable")
        .and_then(|d| d["message"].as_str())
        .map(str::to_owned)
}

/// Waits until no process carries `mark`.
fn assert_none_left(mark: &str) {
    let start = Instant::now();
    loop {
        let left = carrying(mark);
        if left.is_empty() {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "processes left running: {left:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "fault injection is compiled into debug builds only"
)]
fn a_batch_reports_each_worker_failure_and_goes_on_with_a_fresh_worker() {
    // (fault, what its report must say).
    let faults = [
        ("hang", "(limit worker-wall-secs)"),
        ("spin", "(limit worker-cpu-secs)"),
        ("abort", "SIGABRT"),
        ("stack", "overflowed its stack"),
        ("alloc", "(limit worker-memory-mb)"),
        ("garbage", "could not be read"),
        ("flood", "(limit max-pdf-text-mb)"),
        ("open", "SIGSYS"),
        ("connect", "SIGSYS"),
        ("exec", "SIGSYS"),
    ];
    let dir = tempfile::tempdir().expect("a temp dir");
    let mut expected = Vec::new();
    let mut n = 0;
    let mut add = |bytes: Vec<u8>, says: Option<&'static str>| {
        let path = dir.path().join(format!("{n:02}.pdf"));
        std::fs::write(&path, bytes).expect("writes");
        expected.push(says);
        n += 1;
    };
    add(good_pdf(), None);
    for (fault, says) in faults {
        add(faulty_pdf(fault), Some(says));
        add(good_pdf(), None);
    }
    let mark = marker();
    let folder = dir.path().to_str().expect("a UTF-8 path");
    // One job, so that each file follows the one before in the same pool of one worker. The
    // spinning worker's wall-clock limit is four times its CPU limit, so that on a loaded machine
    // the CPU limit still trips first.
    let run = run_cli(
        &[
            "check",
            "--format",
            "json",
            "--jobs",
            "1",
            "--worker-wall-secs",
            "4",
            "--worker-cpu-secs",
            "1",
            "--worker-memory-mb",
            "128",
            "--max-pdf-text-mb",
            "1",
            folder,
        ],
        None,
        &[("ESSAYLINT_TEST_RUN", &mark)],
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let files = run.json["files"].as_array().expect("files");
    assert_eq!(files.len(), expected.len(), "{}", run.json);
    for (file, says) in files.iter().zip(&expected) {
        let message = unreadable_message(file);
        match says {
            Some(says) => assert!(
                message.as_deref().is_some_and(|m| m.contains(says)),
                "{} should say {says}: {file}",
                file["path"]
            ),
            None => {
                assert_eq!(message, None, "{}: {file}", file["path"]);
                assert_eq!(file["counts"]["words"], 3, "{file}");
            }
        }
    }
    assert_none_left(&mark);
}

/// `essaylint serve` with one PDF permit (so one warm worker), carrying `mark`.
struct Service {
    child: Child,
    base: String,
}

impl Service {
    fn start(mark: &str) -> Service {
        let mut child = Command::new(env!("CARGO_BIN_EXE_essaylint"))
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--max-concurrent-pdf",
                "1",
            ])
            .env("ESSAYLINT_TEST_RUN", mark)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("essaylint serve starts");
        let base = common::listening_base(child.stdout.take().expect("stdout"));
        Service { child, base }
    }

    /// Checks `pdf` for PASP0150; returns the file's report.
    fn check(&self, client: &reqwest::blocking::Client, pdf: Vec<u8>) -> Value {
        let answer = client
            .post(format!("{}/v1/check?post=PASP0150", self.base))
            .body(pdf)
            .send()
            .expect("an answer");
        assert_eq!(answer.status().as_u16(), 200);
        let report: Value = answer.json().expect("JSON");
        report["files"][0].clone()
    }

    /// The workers: the processes carrying `mark` other than the service.
    fn workers(&self, mark: &str) -> Vec<u32> {
        carrying(mark)
            .into_iter()
            .filter(|&pid| pid != self.child.id())
            .collect()
    }

    fn terminate(mut self) {
        let pid = libc::pid_t::try_from(self.child.id()).expect("a pid");
        // SAFETY: kill with our own child's pid and a valid signal.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
        let status = self.child.wait().expect("waits");
        assert_eq!(status.code(), Some(0));
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "fault injection is compiled into debug builds only"
)]
fn the_service_reuses_its_warm_worker_and_replaces_it_when_it_fails_or_is_spent() {
    let mark = marker();
    let service = Service::start(&mark);
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .expect("a client");
    let good = |service: &Service| {
        let file = service.check(&client, good_pdf());
        assert_eq!(unreadable_message(&file), None, "{file}");
        assert_eq!(file["counts"]["words"], 3, "{file}");
        let workers = service.workers(&mark);
        assert_eq!(workers.len(), 1, "{workers:?}");
        workers[0]
    };
    let first = good(&service);
    assert_eq!(good(&service), first, "the warm worker was not reused");

    // A worker that fails, or tries what its filter forbids, is reported and replaced.
    let mut last = first;
    for (fault, says) in [
        ("abort", "SIGABRT"),
        ("open", "SIGSYS"),
        ("connect", "SIGSYS"),
        ("exec", "SIGSYS"),
    ] {
        let file = service.check(&client, faulty_pdf(fault));
        let message = unreadable_message(&file).unwrap_or_default();
        assert!(message.contains(says), "{fault}: {file}");
        let next = good(&service);
        assert_ne!(next, last, "{fault}: the failed worker is still in use");
        last = next;
    }

    // A worker is replaced once it has read MAX_JOBS files (one is read already): after its last,
    // it is gone, and the next file starts another.
    for _ in 1..MAX_JOBS - 1 {
        assert_eq!(good(&service), last);
    }
    let file = service.check(&client, good_pdf());
    assert_eq!(file["counts"]["words"], 3, "{file}");
    assert_eq!(service.workers(&mark), Vec::<u32>::new());
    assert_ne!(
        good(&service),
        last,
        "the worker was kept past MAX_JOBS files"
    );

    service.terminate();
    assert_none_left(&mark);
}
