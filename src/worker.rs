//! The PDF text worker: pdf-extract in a child process with CPU, memory and wall-clock limits.
//!
//! pdf-extract (and the lopdf under it) is written for trusted files. On hostile ones it
//! loops for ever on a `/Parent` cycle, recurses until the stack overflows on a form XObject that
//! draws itself, aborts the process when an allocation fails (a huge xref width, a flate bomb), and
//! panics on many malformed objects. None of that can be caught in-process: a stack overflow or an
//! abort ends the process, and a loop never returns. So the text is extracted by a child process,
//! the hidden subcommand `essaylint worker pdf-text`, and the parent ([`extract_pdf_text`]) only reads
//! its answer.
//!
//! The child gets the PDF on stdin (up to 256 MiB) and writes one JSON message to stdout:
//! `{"pages": ["text of page 1", …]}` or `{"error": "a sentence"}`. It runs with `RLIMIT_AS`
//! (address space) at [`Limits::worker_memory_bytes`], `RLIMIT_CPU` at [`Limits::worker_cpu`]
//! (rounded up to whole seconds; the kernel sends `SIGXCPU`, then `SIGKILL` a second later), no
//! core dumps, and (on Linux) `PR_SET_PDEATHSIG` so that it dies with the parent. The parent enforces [`Limits::worker_wall`] by polling, caps what it reads from stdout at
//! [`Limits::max_pdf_text_bytes`], kills the child on either, and always reaps it. The child stays
//! in the parent's process group, so Ctrl-C at a terminal stops both; it starts no processes of its
//! own, so there is no group to kill.
//!
//! When the child fails, the parent tells why from how it ended: the wall clock, `SIGXCPU` (CPU
//! limit), "memory allocation of … failed" on stderr (memory limit), "has overflowed its stack", any
//! other signal, or an answer that is not the JSON expected. The child's stderr is read only for
//! that and never shown; neither process ever prints the candidate's text anywhere else.
//!
//! Before it reads the first byte of a PDF, the worker drops to a system-call filter
//! ([`seccomp`], Linux x86_64 and aarch64): reading its request, writing its answer, memory,
//! signals and exit. Anything else (opening a file, a socket, starting a program) kills it with
//! `SIGSYS`, reported as a crash.
//!
//! A service or a batch keeps warm workers instead of starting one per PDF: [`WorkerPool`] (the
//! hidden subcommand `essaylint worker pdf-text-pool`), each worker under the same limits, taking one
//! file at a time over its pipes, and replaced when it fails, hits a limit, grows, or has read
//! [`pool::MAX_JOBS`] files. The single-file CLI forks instead ([`fork`]): a copy of itself, under
//! the same limits and filter, reads the text while the parent reads the structure.
//!
//! In debug builds, the worker honours `ESSAYLINT_WORKER_FAULT` (`hang`, `spin`, `abort`, `stack`,
//! `alloc`, `garbage`, `flood`, and after the filter is in place `open`, `connect`, `exec`), or the
//! same name in a PDF comment `%ESSAYLINT_WORKER_FAULT=NAME` (so that a test can make one file of
//! many fail), so that tests can prove each failure is reported cleanly and within its limit;
//! release builds ignore both.
//!
//! Unix only (resource limits and signals).

pub mod fork;
pub mod pool;
pub mod seccomp;

pub use fork::{Capped, ForkSandbox};
pub use pool::WorkerPool;

use std::io::{self, Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::panic;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use essaylint_core::limits::{Limit, Limits};
use essaylint_core::read::pdf_text::{PdfText, TextError};

/// Why the worker produced no text. Messages are for people: they name the cause and, for a
/// limit, the limit's name; they never quote the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
pub enum WorkerError {
    /// The worker process could not be started (a wrong executable path, no processes left).
    #[error("the text extraction worker could not be started: {0}")]
    #[diagnostic(
        code(essaylint::worker::start),
        help("check that the essaylint executable can still be run from where it was started")
    )]
    Start(String),
    /// Talking to the worker failed (a pipe or wait error).
    #[error("the text extraction worker could not be talked to: {0}")]
    #[diagnostic(
        code(essaylint::worker::io),
        help("try again; if it persists, the machine may be out of processes or pipes")
    )]
    Io(String),
    /// The worker ran past [`Limits::worker_wall`] and was killed.
    #[error("text extraction took longer than {} (limit {})", seconds(*.limit), Limit::WorkerWall.name())]
    #[diagnostic(
        code(essaylint::worker::wall_clock),
        help("a PDF this slow to read is unusual; save it again, or raise the limit {}", Limit::WorkerWall.name())
    )]
    WallClock {
        /// The limit in force.
        limit: Duration,
    },
    /// The worker used more than [`Limits::worker_cpu`] of processor time.
    #[error("text extraction used more than {} of processor time (limit {})", seconds(*.limit), Limit::WorkerCpu.name())]
    #[diagnostic(
        code(essaylint::worker::cpu),
        help("a PDF this costly to read is unusual; save it again, or raise the limit {}", Limit::WorkerCpu.name())
    )]
    Cpu {
        /// The limit in force.
        limit: Duration,
    },
    /// The worker needed more memory than [`Limits::worker_memory_bytes`].
    #[error("text extraction needed more than {} of memory (limit {})", bytes(*.limit), Limit::WorkerMemory.name())]
    #[diagnostic(
        code(essaylint::worker::memory),
        help("save the PDF again with smaller pictures, or raise the limit {}", Limit::WorkerMemory.name())
    )]
    Memory {
        /// The limit in force, in bytes.
        limit: u64,
    },
    /// The text was larger than [`Limits::max_pdf_text_bytes`]; the worker was killed.
    #[error("the extracted text is larger than {} (limit {})", bytes(*.limit), Limit::PdfTextBytes.name())]
    #[diagnostic(
        code(essaylint::worker::text_too_large),
        help("an essay has far less text; check that this is the right file, or raise the limit {}", Limit::PdfTextBytes.name())
    )]
    TextTooLarge {
        /// The limit in force, in bytes.
        limit: u64,
    },
    /// The worker overflowed its stack (deep nesting, or a form that draws itself).
    #[error("text extraction overflowed its stack (the PDF nests too deeply or draws itself)")]
    #[diagnostic(
        code(essaylint::worker::stack_overflow),
        help("save the PDF again from the program that made it (print to PDF flattens it)")
    )]
    StackOverflow,
    /// The worker was ended by a signal other than the ones above.
    #[error("the text extraction worker crashed ({})", signal_name(*.signal))]
    #[diagnostic(
        code(essaylint::worker::crashed),
        help(
            "save the PDF again from the program that made it; if it persists, report it with the file"
        )
    )]
    Crashed {
        /// The signal number.
        signal: i32,
    },
    /// The worker exited with a status other than 0.
    #[error("the text extraction worker exited with status {code}")]
    #[diagnostic(
        code(essaylint::worker::exited),
        help(
            "save the PDF again from the program that made it; if it persists, report it with the file"
        )
    )]
    Exited {
        /// The exit status.
        code: i32,
    },
    /// The worker's answer was not the JSON message expected.
    #[error("the text extraction worker sent an answer that could not be read")]
    #[diagnostic(
        code(essaylint::worker::protocol),
        help("the worker must be the same essaylint build as the caller; reinstall it")
    )]
    Protocol,
    /// pdf-extract reported that it could not read the file; the sentence says what failed.
    #[error("{0}")]
    #[diagnostic(
        code(essaylint::worker::extraction),
        help("save the PDF again from the program that made it, or submit the .docx")
    )]
    Extraction(String),
}

/// The counter of failed workers, by [`WorkerError::reason`], recorded through the `metrics`
/// facade (a no-op unless a recorder is installed, as `essaylint serve` does).
pub const FAILURES_METRIC: &str = "essaylint_worker_failures_total";

impl WorkerError {
    /// A short stable name of the failure, for metrics: the limit's name when it was one, else
    /// `start`, `io`, `stack`, `crashed`, `exited`, `protocol` or `extraction`.
    pub fn reason(&self) -> &'static str {
        if let Some(limit) = self.limit() {
            return limit.name();
        }
        match self {
            WorkerError::Start(_) => "start",
            WorkerError::Io(_) => "io",
            WorkerError::StackOverflow => "stack",
            WorkerError::Crashed { .. } => "crashed",
            WorkerError::Exited { .. } => "exited",
            WorkerError::Protocol => "protocol",
            _ => "extraction",
        }
    }

    /// The limit this failure ran into, if it was one.
    pub fn limit(&self) -> Option<Limit> {
        match self {
            WorkerError::WallClock { .. } => Some(Limit::WorkerWall),
            WorkerError::Cpu { .. } => Some(Limit::WorkerCpu),
            WorkerError::Memory { .. } => Some(Limit::WorkerMemory),
            WorkerError::TextTooLarge { .. } => Some(Limit::PdfTextBytes),
            _ => None,
        }
    }
}

fn seconds(duration: Duration) -> String {
    if duration.subsec_nanos() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{:.1} s", duration.as_secs_f64())
    }
}

fn bytes(count: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if count >= MIB && count.is_multiple_of(MIB) {
        format!("{} MiB", count / MIB)
    } else {
        format!("{count} bytes")
    }
}

fn signal_name(signal: i32) -> String {
    let name = match signal {
        libc::SIGSEGV => "SIGSEGV, a memory fault",
        libc::SIGABRT => "SIGABRT, an abort",
        libc::SIGBUS => "SIGBUS, a memory fault",
        libc::SIGILL => "SIGILL, an illegal instruction",
        libc::SIGFPE => "SIGFPE, an arithmetic fault",
        libc::SIGTERM => "SIGTERM",
        libc::SIGINT => "SIGINT",
        libc::SIGSYS => "SIGSYS, a system call the sandbox forbids",
        _ => return format!("signal {signal}"),
    };
    format!("signal {signal}, {name}")
}

/// The one message the worker writes to stdout.
#[derive(Debug, Serialize, Deserialize)]
enum Answer {
    /// The text of each page, in page order.
    #[serde(rename = "pages")]
    Pages(Vec<String>),
    /// Why pdf-extract could not read the file.
    #[serde(rename = "error")]
    Error(String),
}

/// mimalloc reserves address space 1 GiB at a time; under the worker's address-space limit that
/// fails, and mimalloc then maps and unmaps memory for each allocation it cannot place, so a warm
/// worker faulted its memory in afresh for every file (318 page faults and 1 ms of system time a
/// two-page essay at 128 MiB). Reserving 32 MiB at a time fits under the limit.
const ARENA_RESERVE: (&str, &str) = ("MIMALLOC_ARENA_RESERVE", "32MiB");

/// Largest PDF the worker reads from stdin; far above [`Limits::max_file_bytes`]' default, and the
/// address-space limit bounds the worker whatever it reads.
const INPUT_CAP: u64 = 256 * 1024 * 1024;

/// How much of the worker's stderr is kept for classifying a failure.
const STDERR_CAP: usize = 64 * 1024;

/// The longest error sentence taken from the worker.
const MAX_ERROR_CHARS: usize = 200;

/// The body of the hidden `essaylint worker pdf-text` subcommand: installs the system-call
/// filter, reads a PDF from stdin, extracts each page's text with pdf-extract, writes the JSON
/// answer to stdout, and returns the process exit status (0 when an answer was written, even an
/// error answer; 1 when stdout failed; 3 when the filter could not be installed).
pub fn worker_main() -> i32 {
    // A panic inside pdf-extract is caught per page; the default hook would print its message,
    // which may quote the file, to stderr. Nothing else in the worker panics.
    panic::set_hook(Box::new(|_| {}));
    if seccomp::install(libc::STDOUT_FILENO).is_err() {
        return SANDBOX_FAILED;
    }

    let mut pdf = Vec::new();
    let read = io::stdin().lock().take(INPUT_CAP + 1).read_to_end(&mut pdf);
    let message = match read {
        Err(_) => Answer::Error("the worker could not read the PDF from its input".to_owned()),
        Ok(_) if pdf.len() as u64 > INPUT_CAP => {
            Answer::Error("the PDF is larger than the text worker accepts (256 MiB)".to_owned())
        }
        Ok(_) => {
            #[cfg(debug_assertions)]
            inject_fault(&pdf, &mut io::stdout().lock(), false);
            extract(&pdf)
        }
    };
    answer(&message).map_or(1, |()| 0)
}

/// The exit status of a worker whose system-call filter could not be installed: it reads nothing.
pub const SANDBOX_FAILED: i32 = 3;

/// Each page's text, or why there is none.
fn extract(pdf: &[u8]) -> Answer {
    match essaylint_core::read::pdf_text::extract_pages(pdf) {
        Ok(pages) => Answer::Pages(pages),
        Err(error) => Answer::Error(error),
    }
}

/// Writes the answer to stdout: the one place the worker's output goes.
fn answer(message: &Answer) -> io::Result<()> {
    let mut stdout = io::BufWriter::new(io::stdout().lock());
    serde_json::to_writer(&mut stdout, message)?;
    stdout.flush()
}

/// The fault a test asks for: `ESSAYLINT_WORKER_FAULT`, or a `%ESSAYLINT_WORKER_FAULT=NAME` line
/// in the PDF itself.
#[cfg(debug_assertions)]
fn fault_of(pdf: &[u8]) -> Option<String> {
    if let Ok(fault) = std::env::var("ESSAYLINT_WORKER_FAULT") {
        return Some(fault);
    }
    const MARK: &[u8] = b"%ESSAYLINT_WORKER_FAULT=";
    let at = pdf.windows(MARK.len()).position(|w| w == MARK)? + MARK.len();
    let name: Vec<u8> = pdf[at..]
        .iter()
        .take_while(|b| b.is_ascii_lowercase())
        .copied()
        .collect();
    String::from_utf8(name).ok()
}

/// Test-only failure injection (debug builds only): makes the worker fail the way hostile files
/// make pdf-extract fail, or try what the system-call filter forbids, so the parent's handling of
/// each failure can be tested. `out` is where answers go; `framed` says whether they carry a length
/// (a pooled worker) or end with the output (a one-file worker).
#[cfg(debug_assertions)]
fn inject_fault(pdf: &[u8], out: &mut dyn Write, framed: bool) {
    use std::hint::black_box;

    fn recurse(depth: u64) -> u64 {
        let frame = black_box([depth; 512]);
        if black_box(depth) == u64::MAX {
            return frame[0];
        }
        recurse(depth + 1).wrapping_add(frame[1])
    }

    let Some(fault) = fault_of(pdf) else {
        return;
    };
    match fault.as_str() {
        "hang" => loop {
            std::thread::sleep(Duration::from_secs(3600));
        },
        "spin" => {
            let mut counter = 0u64;
            loop {
                counter = black_box(counter.wrapping_add(1));
            }
        }
        "abort" => std::process::abort(),
        "stack" => {
            black_box(recurse(0));
        }
        "alloc" => {
            let mut hoard: Vec<Vec<u8>> = Vec::new();
            loop {
                hoard.push(Vec::with_capacity(64 * 1024 * 1024));
                black_box(&hoard);
            }
        }
        "garbage" => {
            let junk = b"this is not JSON";
            if framed {
                let _ = out.write_all(&(junk.len() as u64).to_le_bytes());
            }
            let _ = out.write_all(junk);
            let _ = out.flush();
            if !framed {
                end_now();
            }
        }
        "flood" => {
            let chunk = vec![b'x'; 64 * 1024];
            if framed {
                let _ = out.write_all(&u64::MAX.to_le_bytes());
            }
            let _ = out.write_all(b"{\"pages\":[\"");
            while out.write_all(&chunk).is_ok() {}
            end_now();
        }
        // What the filter forbids: each must end the worker with SIGSYS. Should the call be
        // allowed after all, the worker goes on and answers, and the test sees that.
        "open" => {
            black_box(std::fs::File::open("/etc/hostname").is_ok());
        }
        "connect" => {
            black_box(std::net::TcpStream::connect(("127.0.0.1", 9)).is_ok());
        }
        "exec" => {
            let path = c"/bin/true";
            let argv = [path.as_ptr(), std::ptr::null()];
            let envp = [std::ptr::null()];
            // SAFETY: a NUL-terminated path and NULL-terminated argument and environment arrays
            // that outlive the call; on success the process image is replaced.
            unsafe {
                libc::execve(path.as_ptr(), argv.as_ptr(), envp.as_ptr());
            }
        }
        _ => {}
    }
}

/// Ends a faulty worker at once (`_exit`): a forked one must not flush or run what its parent
/// left behind.
#[cfg(debug_assertions)]
fn end_now() -> ! {
    // SAFETY: _exit ends the process and takes no pointers.
    unsafe { libc::_exit(0) }
}

/// The worker process as the core's PDF text seam: each PDF's text extracted by a new child,
/// `exe worker pdf-text`, under the worker limits of the check's [`Limits`].
#[derive(Debug, Clone)]
pub struct WorkerProcess {
    exe: PathBuf,
}

impl WorkerProcess {
    /// Workers run from `exe`, the essaylint executable (usually [`std::env::current_exe`]).
    pub fn new(exe: PathBuf) -> Self {
        WorkerProcess { exe }
    }
}

impl PdfText for WorkerProcess {
    fn page_texts(&self, pdf: &[u8], limits: &Limits) -> Result<Vec<String>, TextError> {
        extract_pdf_text(&self.exe, pdf, limits).map_err(TextError::from)
    }
}

impl From<WorkerError> for TextError {
    fn from(error: WorkerError) -> Self {
        match error.limit() {
            Some(limit) => TextError::at_limit(error.to_string(), limit),
            None => TextError::new(error.to_string()),
        }
    }
}

/// Extracts each page's text in a worker process: `exe worker pdf-text` (the essaylint binary,
/// usually [`std::env::current_exe`]), under the worker limits of `limits`. Returns the text of
/// each page in page order. The child is always reaped before this returns.
pub fn extract_pdf_text(
    exe: &Path,
    pdf: &[u8],
    limits: &Limits,
) -> Result<Vec<String>, WorkerError> {
    let result = run_worker(exe, pdf, limits);
    if let Err(error) = &result {
        metrics::counter!(FAILURES_METRIC, "reason" => error.reason()).increment(1);
    }
    result
}

fn run_worker(exe: &Path, pdf: &[u8], limits: &Limits) -> Result<Vec<String>, WorkerError> {
    let mut command = Command::new(exe);
    command
        .arg("worker")
        .arg("pdf-text")
        .env("RUST_BACKTRACE", "0")
        .env(ARENA_RESERVE.0, ARENA_RESERVE.1)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let rlimits = ChildLimits::new(limits);
    // SAFETY: the closure runs in the forked child before exec and calls only async-signal-safe
    // functions (getrlimit, setrlimit, prctl, getppid) on values copied in beforehand; it allocates
    // nothing and takes no locks.
    unsafe {
        command.pre_exec(move || rlimits.apply());
    }
    let child = command
        .spawn()
        .map_err(|error| WorkerError::Start(error.to_string()))?;
    let mut child = Reaped(child);

    let stdin = child.0.stdin.take();
    let stdout = child.0.stdout.take();
    let stderr = child.0.stderr.take();
    let text_cap = usize::try_from(limits.max_pdf_text_bytes).unwrap_or(usize::MAX);
    let too_much_text = AtomicBool::new(false);

    std::thread::scope(|scope| {
        scope.spawn(move || {
            if let Some(mut stdin) = stdin {
                // A child that stops reading (it failed or was killed) closes the pipe: not an error
                // here, its end is classified below. Dropping stdin closes the pipe.
                let _ = stdin.write_all(pdf);
            }
        });
        let too_much_text = &too_much_text;
        let out = scope
            .spawn(move || stdout.map(|stdout| read_capped(stdout, text_cap, Some(too_much_text))));
        let err = scope.spawn(move || stderr.map(|stderr| read_capped(stderr, STDERR_CAP, None)));

        let mut end = child.wait_until(limits.worker_wall, too_much_text);
        if matches!(end, End::WaitFailed(_)) {
            child.kill_and_reap();
        }
        // The child is dead and reaped: its pipes close and the threads finish.
        let out = out.join().ok().flatten().unwrap_or_default();
        let err = err.join().ok().flatten().unwrap_or_default();
        // The reader may pass the cap only after the child has exited.
        if too_much_text.load(Ordering::SeqCst) {
            end = End::TooMuchText;
        }
        classify(end, &out, &err, limits)
    })
}

/// How the child ended.
enum End {
    /// It exited or was ended by a signal on its own.
    Exited(ExitStatus),
    /// The parent killed it at the wall-clock limit.
    WallClock,
    /// The parent killed it because its output passed the text limit.
    TooMuchText,
    /// Waiting failed.
    WaitFailed(io::Error),
    /// Its whole answer came, framed by its length (a forked child): it is ending, and how it ends
    /// no longer matters.
    Answered,
}

/// Turns the child's end and output into the result.
fn classify(end: End, out: &[u8], err: &[u8], limits: &Limits) -> Result<Vec<String>, WorkerError> {
    let status = match end {
        End::WallClock => {
            return Err(WorkerError::WallClock {
                limit: limits.worker_wall,
            });
        }
        End::TooMuchText => {
            return Err(WorkerError::TextTooLarge {
                limit: limits.max_pdf_text_bytes,
            });
        }
        End::WaitFailed(error) => return Err(WorkerError::Io(error.to_string())),
        End::Answered => return answer_of(out),
        End::Exited(status) => status,
    };
    let said = |needle: &str| {
        err.windows(needle.len())
            .any(|window| window == needle.as_bytes())
    };
    if said("memory allocation of") {
        return Err(WorkerError::Memory {
            limit: limits.worker_memory_bytes,
        });
    }
    if said("has overflowed its stack") {
        return Err(WorkerError::StackOverflow);
    }
    if let Some(signal) = status.signal() {
        return Err(match signal {
            // SIGXCPU at the soft CPU limit; SIGKILL, which the parent did not send, at the hard one.
            libc::SIGXCPU | libc::SIGKILL => WorkerError::Cpu {
                limit: limits.worker_cpu,
            },
            _ => WorkerError::Crashed { signal },
        });
    }
    match status.code() {
        Some(0) => {}
        Some(code) => return Err(WorkerError::Exited { code }),
        None => return Err(WorkerError::Protocol),
    }
    answer_of(out)
}

/// The text in a worker's answer, or why there is none.
fn answer_of(out: &[u8]) -> Result<Vec<String>, WorkerError> {
    match serde_json::from_slice::<Answer>(out) {
        Ok(Answer::Pages(pages)) => Ok(pages),
        Ok(Answer::Error(sentence)) => Err(WorkerError::Extraction(clean_sentence(&sentence))),
        Err(_) => Err(WorkerError::Protocol),
    }
}

/// The worker's error sentence, made safe to show: bounded, one line, no control characters.
fn clean_sentence(sentence: &str) -> String {
    let cleaned: String = sentence
        .chars()
        .take(MAX_ERROR_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if cleaned.trim().is_empty() {
        "pdf-extract could not read the PDF".to_owned()
    } else {
        cleaned
    }
}

/// Reads `source` to its end, keeping at most `cap` bytes. Past the cap it raises `overflow` and
/// stops reading when one is given (the parent then kills the child); without one it keeps
/// draining, so that the child never blocks on a full pipe.
fn read_capped(mut source: impl Read, cap: usize, overflow: Option<&AtomicBool>) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut buffer = [0u8; 64 * 1024];
    loop {
        let count = match source.read(&mut buffer) {
            Ok(0) => break,
            Ok(count) => count,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        let room = cap.saturating_sub(kept.len());
        if count > room {
            kept.extend_from_slice(&buffer[..room]);
            if let Some(overflow) = overflow {
                overflow.store(true, Ordering::SeqCst);
                break;
            }
        } else {
            kept.extend_from_slice(&buffer[..count]);
        }
    }
    kept
}

/// A child process that is killed and reaped when dropped, unless it was already reaped, so that no
/// path (an early return, a panic) leaves a worker running or a zombie behind.
struct Reaped(Child);

impl Reaped {
    /// Waits for the child to end, so that the wall-clock limit and the text limit are enforced;
    /// kills and reaps it at either. The child's exit wakes the wait at once (a pidfd, Linux 5.3
    /// and later; elsewhere a poll every millisecond or two): a worker takes a few milliseconds,
    /// and sleeping past its end was most of what it cost.
    fn wait_until(&mut self, wall: Duration, too_much_text: &AtomicBool) -> End {
        let start = Instant::now();
        let pidfd = PidFd::open(self.0.id());
        let mut pause = Duration::from_millis(1);
        loop {
            match self.0.try_wait() {
                Ok(Some(status)) => return End::Exited(status),
                Ok(None) => {}
                Err(error) => return End::WaitFailed(error),
            }
            if too_much_text.load(Ordering::SeqCst) {
                self.kill_and_reap();
                return End::TooMuchText;
            }
            let elapsed = start.elapsed();
            if elapsed >= wall {
                self.kill_and_reap();
                return End::WallClock;
            }
            // The text limit is looked at between waits: at most every 10 ms.
            let slice = (wall - elapsed).min(Duration::from_millis(10));
            match &pidfd {
                Some(pidfd) => pidfd.wait(slice),
                None => {
                    std::thread::sleep(pause.min(slice));
                    pause = (pause * 2).min(Duration::from_millis(2));
                }
            }
        }
    }

    fn kill_and_reap(&mut self) {
        // Fails only when the child has already exited, which wait() then reaps.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Reaped {
    fn drop(&mut self) {
        if matches!(self.0.try_wait(), Ok(None)) {
            self.kill_and_reap();
        }
    }
}

/// A file descriptor that becomes readable when a process ends (`pidfd_open(2)`).
struct PidFd(libc::c_int);

impl PidFd {
    /// Opens one for a child not yet reaped (so its pid cannot have been reused); `None` where the
    /// kernel has no pidfds.
    fn open(pid: u32) -> Option<PidFd> {
        let pid = libc::pid_t::try_from(pid).ok()?;
        // SAFETY: pidfd_open takes a pid and flags and returns a new descriptor or -1; no memory
        // is passed.
        let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
        libc::c_int::try_from(fd)
            .ok()
            .filter(|fd| *fd >= 0)
            .map(PidFd)
    }

    /// Waits until the process ends or `timeout` passes.
    fn wait(&self, timeout: Duration) {
        let mut fds = libc::pollfd {
            fd: self.0,
            events: libc::POLLIN,
            revents: 0,
        };
        let ms = libc::c_int::try_from(timeout.as_millis().max(1)).unwrap_or(libc::c_int::MAX);
        // SAFETY: one valid pollfd, owned by this frame, for the length passed. An interrupted or
        // failed poll only returns early: the caller looks at the child again.
        unsafe {
            libc::poll(&mut fds, 1, ms);
        }
    }
}

impl Drop for PidFd {
    fn drop(&mut self) {
        // SAFETY: the descriptor was opened by `open` and is closed once, here.
        unsafe {
            libc::close(self.0);
        }
    }
}

/// The resource limits set in the child between fork and exec. Plain numbers, so that applying them
/// needs no allocation.
#[derive(Clone, Copy)]
struct ChildLimits {
    memory: libc::rlim_t,
    cpu_seconds: libc::rlim_t,
    /// The hard CPU limit, in seconds, where the kernel sends `SIGKILL`.
    cpu_hard_seconds: libc::rlim_t,
    #[cfg(target_os = "linux")]
    parent: libc::pid_t,
}

impl ChildLimits {
    fn new(limits: &Limits) -> Self {
        let cpu = limits.worker_cpu;
        let cpu_seconds = cpu.as_secs() + u64::from(cpu.subsec_nanos() > 0);
        let cpu_seconds = cpu_seconds.max(1) as libc::rlim_t;
        ChildLimits {
            memory: limits.worker_memory_bytes as libc::rlim_t,
            cpu_seconds,
            // SIGXCPU at the soft limit, SIGKILL a second later should the process ignore it.
            cpu_hard_seconds: cpu_seconds.saturating_add(1),
            #[cfg(target_os = "linux")]
            // SAFETY: getpid has no preconditions.
            parent: unsafe { libc::getpid() },
        }
    }

    /// The same limits with `bytes` of address space instead of the memory limit (a forked child,
    /// which is born holding its parent's address space).
    fn with_address_space(mut self, bytes: libc::rlim_t) -> Self {
        self.memory = bytes;
        self
    }

    /// Runs in the child between fork and exec: async-signal-safe calls only.
    fn apply(self) -> io::Result<()> {
        set_limit(libc::RLIMIT_AS, self.memory, self.memory)?;
        set_limit(libc::RLIMIT_CPU, self.cpu_seconds, self.cpu_hard_seconds)?;
        set_limit(libc::RLIMIT_CORE, 0, 0)?;
        #[cfg(target_os = "linux")]
        {
            // SAFETY: prctl with PR_SET_PDEATHSIG takes a signal number and touches no memory.
            if unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) } != 0 {
                return Err(io::Error::last_os_error());
            }
            // The parent may have died before the line above: then nobody would kill the child.
            // SAFETY: getppid has no preconditions.
            if unsafe { libc::getppid() } != self.parent {
                return Err(io::Error::from_raw_os_error(libc::ESRCH));
            }
        }
        Ok(())
    }
}

/// The type of `setrlimit`'s first argument, which glibc declares as an enum.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
type Resource = libc::__rlimit_resource_t;
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
type Resource = libc::c_int;

/// Lowers a resource limit to `soft`/`hard`, never above the hard limit already in force (raising
/// it would fail for an unprivileged process).
fn set_limit(resource: Resource, soft: libc::rlim_t, hard: libc::rlim_t) -> io::Result<()> {
    let mut current = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `current` is a valid rlimit for getrlimit to fill.
    if unsafe { libc::getrlimit(resource, &mut current) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let hard = hard.min(current.rlim_max);
    let wanted = libc::rlimit {
        rlim_cur: soft.min(hard),
        rlim_max: hard,
    };
    // SAFETY: `wanted` is a valid rlimit.
    if unsafe { libc::setrlimit(resource, &wanted) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_limit() {
        assert_eq!(
            WorkerError::WallClock {
                limit: Duration::from_secs(8)
            }
            .to_string(),
            "text extraction took longer than 8 s (limit worker-wall-secs)"
        );
        assert_eq!(
            WorkerError::Cpu {
                limit: Duration::from_millis(1500)
            }
            .to_string(),
            "text extraction used more than 1.5 s of processor time (limit worker-cpu-secs)"
        );
        assert_eq!(
            WorkerError::Memory {
                limit: 1024 * 1024 * 1024
            }
            .to_string(),
            "text extraction needed more than 1024 MiB of memory (limit worker-memory-mb)"
        );
        assert_eq!(
            WorkerError::TextTooLarge { limit: 1000 }.to_string(),
            "the extracted text is larger than 1000 bytes (limit max-pdf-text-mb)"
        );
        assert_eq!(
            WorkerError::Crashed { signal: 11 }.to_string(),
            "the text extraction worker crashed (signal 11, SIGSEGV, a memory fault)"
        );
        assert_eq!(WorkerError::StackOverflow.limit(), None);
        assert_eq!(
            WorkerError::TextTooLarge { limit: 1 }.limit(),
            Some(Limit::PdfTextBytes)
        );
    }

    #[test]
    fn every_failure_has_a_code_and_help() {
        use miette::Diagnostic;
        let all = [
            WorkerError::Start("no such file".to_owned()),
            WorkerError::Io("broken pipe".to_owned()),
            WorkerError::WallClock {
                limit: Duration::from_secs(30),
            },
            WorkerError::Cpu {
                limit: Duration::from_secs(20),
            },
            WorkerError::Memory { limit: 1 << 30 },
            WorkerError::TextTooLarge { limit: 1 << 20 },
            WorkerError::StackOverflow,
            WorkerError::Crashed { signal: 11 },
            WorkerError::Exited { code: 3 },
            WorkerError::Protocol,
            WorkerError::Extraction("the file is damaged".to_owned()),
        ];
        let mut codes = std::collections::BTreeSet::new();
        for error in &all {
            let code = error.code().map(|c| c.to_string()).unwrap_or_default();
            assert!(code.starts_with("essaylint::worker::"), "{error:?}: {code}");
            assert!(codes.insert(code), "{error:?} shares its code");
            assert!(error.help().is_some(), "{error:?} has no help");
        }
        assert_eq!(
            WorkerError::Memory { limit: 1 << 30 }
                .help()
                .map(|h| h.to_string()),
            Some(
                "save the PDF again with smaller pictures, or raise the limit worker-memory-mb"
                    .to_owned()
            )
        );
        assert_eq!(
            WorkerError::Exited { code: 3 }.to_string(),
            "the text extraction worker exited with status 3"
        );
    }

    #[test]
    fn answers_round_trip_as_documented() {
        let pages = Answer::Pages(vec!["a \"b\"".to_owned(), String::new()]);
        let json = serde_json::to_string(&pages).expect("serialises");
        assert_eq!(json, r#"{"pages":["a \"b\"",""]}"#);
        let error = serde_json::to_string(&Answer::Error("no".to_owned())).expect("serialises");
        assert_eq!(error, r#"{"error":"no"}"#);
        assert!(matches!(
            serde_json::from_str::<Answer>(&json),
            Ok(Answer::Pages(p)) if p.len() == 2
        ));
    }

    #[test]
    fn read_capped_stops_or_drains() {
        let data = vec![7u8; 200_000];
        let flag = AtomicBool::new(false);
        assert_eq!(read_capped(&data[..], 1000, Some(&flag)).len(), 1000);
        assert!(flag.load(Ordering::SeqCst));
        let flag = AtomicBool::new(false);
        assert_eq!(read_capped(&data[..], 300_000, Some(&flag)).len(), 200_000);
        assert!(!flag.load(Ordering::SeqCst));
        assert_eq!(read_capped(&data[..], 10, None).len(), 10);
    }

    #[test]
    fn worker_error_sentences_are_cleaned() {
        assert_eq!(clean_sentence("a\nb\u{1b}[31m"), "a b [31m");
        assert_eq!(clean_sentence(&"x".repeat(1000)).len(), MAX_ERROR_CHARS);
        assert_eq!(clean_sentence(" \n"), "pdf-extract could not read the PDF");
    }
}
