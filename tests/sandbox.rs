//! The PDF worker sandbox, proven through the real CLI: a worker made to hang, spin, abort,
//! overflow its stack or allocate without bound (the `ESSAYLINT_WORKER_FAULT` injection of debug
//! builds, passed down through the CLI's environment) is reported cleanly within its deadline, and
//! afterwards no process of the run is left: each run carries a marker in its environment, and no
//! process under `/proc` may still carry it. A parent killed outright takes its worker with it
//! (`PR_SET_PDEATHSIG`).
#![cfg(target_os = "linux")]

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{carrying, pdf_of, run_cli, run_marker, text_pdf_objects};

fn marker() -> String {
    run_marker("sandbox")
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "fault injection is compiled into debug builds only"
)]
fn every_worker_failure_is_reported_in_time_and_leaves_no_process() {
    let pdf = pdf_of(&text_pdf_objects("Sandboxed"), "");
    // (fault, what the report must say, the wall-clock limit, the longest the run may take).
    // The spinning worker gets a wall-clock limit four times its CPU limit, so that on a loaded
    // machine (a CI runner building beside the tests) the CPU limit still trips first.
    let cases = [
        (
            "hang",
            "(limit worker-wall-secs)",
            "2",
            Duration::from_secs(5),
        ),
        (
            "spin",
            "(limit worker-cpu-secs)",
            "4",
            Duration::from_secs(7),
        ),
        ("abort", "SIGABRT", "2", Duration::from_secs(3)),
        ("stack", "overflowed its stack", "2", Duration::from_secs(3)),
        (
            "alloc",
            "(limit worker-memory-mb)",
            "2",
            Duration::from_secs(3),
        ),
        ("garbage", "could not be read", "2", Duration::from_secs(3)),
        // What the system-call filter forbids, tried after it is in place: SIGSYS.
        ("open", "SIGSYS", "2", Duration::from_secs(3)),
        ("connect", "SIGSYS", "2", Duration::from_secs(3)),
        ("exec", "SIGSYS", "2", Duration::from_secs(3)),
        (
            "flood",
            "(limit max-pdf-text-mb)",
            "2",
            Duration::from_secs(5),
        ),
    ];
    for (fault, says, wall, within) in cases {
        let mark = marker();
        let run = run_cli(
            &[
                "check",
                "--format",
                "json",
                "--post",
                "officer-gps",
                "--worker-wall-secs",
                wall,
                "--worker-cpu-secs",
                "1",
                "--worker-memory-mb",
                "128",
                "--max-pdf-text-mb",
                "1",
                "-",
            ],
            Some(&pdf),
            &[
                ("ESSAYLINT_WORKER_FAULT", fault),
                ("ESSAYLINT_TEST_RUN", &mark),
            ],
        );
        run.assert_bounded(fault);
        assert!(run.elapsed < within, "{fault}: took {:?}", run.elapsed);
        let message = run.message("unreadable").unwrap_or_default();
        assert!(message.contains(says), "{fault}: {}", run.json);
        // A word limit cannot be checked without the text: an error, exit 1.
        assert_eq!(run.code, 1, "{fault}");
        assert_eq!(run.file()["pages"]["count"], 1, "{fault}");
        assert!(run.stderr.is_empty(), "{fault}: {}", run.stderr);
        let left = carrying(&mark);
        assert!(left.is_empty(), "{fault}: processes left running: {left:?}");
    }
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "fault injection is compiled into debug builds only"
)]
fn a_worker_dies_with_its_parent() {
    let mark = marker();
    let (parent, worker) = start_hanging(&["check", "--worker-wall-secs", "600"], &mark);
    kill_and_see_the_child_go(parent, worker, &mark);
}

/// Starts `essaylint ARGS -` on a one-page PDF whose text pass hangs, marked with `mark`, and waits
/// for the process that reads its text: a second process carrying the mark.
// The parent is returned and reaped by `kill_and_see_the_child_go`, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn start_hanging(args: &[&str], mark: &str) -> (std::process::Child, u32) {
    use std::io::Write;
    let pdf = pdf_of(&text_pdf_objects("Hanging"), "");
    let mut parent = Command::new(env!("CARGO_BIN_EXE_essaylint"))
        .args(args)
        .arg("-")
        .env("ESSAYLINT_WORKER_FAULT", "hang")
        .env("ESSAYLINT_TEST_RUN", mark)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("essaylint starts");
    parent
        .stdin
        .take()
        .expect("stdin")
        .write_all(&pdf)
        .expect("writes");
    let start = Instant::now();
    loop {
        let pids = carrying(mark);
        if let Some(&child) = pids.iter().find(|&&p| p != parent.id()) {
            return (parent, child);
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no text process started"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Kills `parent` and asserts that `child`, the process reading its text, goes with it (the kernel
/// sends it SIGKILL, `PR_SET_PDEATHSIG`, and init reaps it).
fn kill_and_see_the_child_go(mut parent: std::process::Child, child: u32, mark: &str) {
    parent.kill().expect("kills the parent");
    parent.wait().expect("reaps the parent");
    let start = Instant::now();
    while !carrying(mark).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{child} outlived its parent"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The single-file CLI reads a PDF's text in a forked copy of itself, not a started program: the
/// child runs the same command line as its parent (a started worker's would be `worker pdf-text`),
/// and before it reads the file it is under the system-call filter (`Seccomp: 2`, with
/// `NoNewPrivs`) and the CPU limit, as a worker process is.
#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "fault injection is compiled into debug builds only"
)]
fn the_single_file_cli_forks_its_sandbox() {
    let mark = marker();
    let (parent, child) = start_hanging(
        &[
            "check",
            "--worker-wall-secs",
            "600",
            "--worker-cpu-secs",
            "7",
        ],
        &mark,
    );
    // The filter is installed before the fault hangs: wait for it, briefly.
    let start = Instant::now();
    let status = loop {
        let status = std::fs::read_to_string(format!("/proc/{child}/status")).unwrap_or_default();
        if status.lines().any(|l| l == "Seccomp:\t2") || start.elapsed() > Duration::from_secs(10) {
            break status;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let cmdline = |pid: u32| std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let limits = std::fs::read_to_string(format!("/proc/{child}/limits")).unwrap_or_default();
    let (child_cmdline, parent_cmdline) = (cmdline(child), cmdline(parent.id()));
    // Killing the parent takes the child with it (PR_SET_PDEATHSIG).
    kill_and_see_the_child_go(parent, child, &mark);

    assert_eq!(
        String::from_utf8_lossy(&child_cmdline),
        String::from_utf8_lossy(&parent_cmdline),
        "the child is a fork of the check, not a started worker"
    );
    assert!(status.lines().any(|l| l == "Seccomp:\t2"), "{status}");
    assert!(status.lines().any(|l| l == "NoNewPrivs:\t1"), "{status}");
    let cpu = limits
        .lines()
        .find(|l| l.starts_with("Max cpu time"))
        .unwrap_or_default();
    assert!(cpu.split_whitespace().any(|w| w == "7"), "{limits}");
}
