//! Warm PDF text workers: long-lived worker processes that each take one file at a time over their
//! pipes, so that a service or a batch pays for a PDF's text extraction, not for a process start.
//!
//! A pooled worker is `essaylint worker pdf-text-pool --cpu-secs N`, started with the same resource
//! limits as a one-file worker (address space, no core dumps, `PR_SET_PDEATHSIG`), and it installs
//! the same system-call filter before it reads its first request. Then, for each file:
//!
//! ```text
//! parent → worker   length (u64, little-endian) · the PDF
//! worker → parent   length (u64, little-endian) · the JSON answer ({"pages": […]} or {"error": "…"})
//! ```
//!
//! The worker lowers its own soft CPU limit to what it has used so far plus `--cpu-secs` before each
//! file (`SIGXCPU` past it), so the CPU limit holds per file; its hard limit covers
//! [`MAX_JOBS`] files. The parent enforces the wall clock and the text limit per file, as for a
//! one-file worker, polling the pipes without blocking. Its fd 1 is `/dev/null`: answers go to a
//! copy of it, so that nothing else printed can break the framing.
//!
//! A worker is replaced (killed, reaped, and a new one started when next needed) when it fails in
//! any way (a signal, a limit, an answer that is not the protocol), when it has read [`MAX_JOBS`]
//! files (which also bounds what one file could leave behind for the next), and when it has grown
//! past [`RETIRE_RSS_BYTES`] resident (a large file leaves the allocator's memory behind). A worker
//! found dead while idle is dropped unused. Workers are started by one thread the pool owns, since
//! `PR_SET_PDEATHSIG` fires when the *thread* that started a process ends, and the threads that
//! check PDFs come and go. Dropping the pool kills and reaps its idle workers; a worker in use
//! belongs to its caller until it is handed back, and is reaped on every path.

use std::fs::File;
use std::io::{self, Read, Write};
use std::mem::ManuallyDrop;
use std::os::fd::{AsRawFd, FromRawFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::sync::mpsc;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use essaylint_core::limits::Limits;
use essaylint_core::read::pdf_text::{PdfText, TextError};

use super::{
    Answer, ChildLimits, End, FAILURES_METRIC, INPUT_CAP, Reaped, STDERR_CAP, WorkerError,
    classify, clean_sentence,
};

/// Files a worker reads before it is replaced.
pub const MAX_JOBS: u32 = 100;

/// A worker resident past this after a file is replaced rather than kept.
pub const RETIRE_RSS_BYTES: u64 = 48 * 1024 * 1024;

/// The hidden subcommand's job name.
pub const JOB: &str = "pdf-text-pool";

/// The body of `essaylint worker pdf-text-pool --cpu-secs N`: installs the system-call filter, then
/// answers one framed request after another until its input ends. Returns the exit status: 0 at the
/// end of its input, 1 when its pipes failed, 3 when the filter could not be installed.
pub fn pool_worker_main(cpu_secs: u64) -> i32 {
    std::panic::set_hook(Box::new(|_| {}));
    let Some(answer_fd) = answers_apart() else {
        return 1;
    };
    if super::seccomp::install(answer_fd).is_err() {
        return super::SANDBOX_FAILED;
    }
    // SAFETY: fd 0 and `answer_fd` are open and owned by nothing else in this process; neither is
    // ever closed (the process ends with them).
    let mut input = ManuallyDrop::new(unsafe { File::from_raw_fd(super::seccomp::REQUEST_FD) });
    let mut output = ManuallyDrop::new(unsafe { File::from_raw_fd(answer_fd) });
    loop {
        limit_cpu_from_now(cpu_secs);
        let mut header = [0u8; 8];
        match read_full(&mut *input, &mut header) {
            Ok(true) => {}
            Ok(false) => return 0,
            Err(_) => return 1,
        }
        let length = u64::from_le_bytes(header);
        let message = if length > INPUT_CAP {
            if io::copy(&mut (&mut *input).take(length), &mut io::sink()).is_err() {
                return 1;
            }
            Answer::Error("the PDF is larger than the text worker accepts (256 MiB)".to_owned())
        } else {
            // The length is at most INPUT_CAP, and the address-space limit bounds what is taken.
            let mut pdf = Vec::with_capacity(usize::try_from(length).unwrap_or(0));
            match (&mut *input).take(length).read_to_end(&mut pdf) {
                Ok(read) if read as u64 == length => {}
                _ => return 1,
            }
            #[cfg(debug_assertions)]
            super::inject_fault(&pdf, &mut *output, true);
            super::extract(&pdf)
        };
        let Ok(json) = serde_json::to_vec(&message) else {
            return 1;
        };
        let mut frame = Vec::with_capacity(8 + json.len());
        frame.extend_from_slice(&(json.len() as u64).to_le_bytes());
        frame.extend_from_slice(&json);
        if output.write_all(&frame).is_err() {
            return 1;
        }
    }
}

/// Moves stdout aside for the answers and points fd 1 at `/dev/null`, so that nothing but an answer
/// reaches the parent's answer pipe. Returns the answers' descriptor.
fn answers_apart() -> Option<RawFd> {
    // SAFETY: dup, open, dup2 and close on descriptors this process owns; the path is a valid C
    // string.
    unsafe {
        let answers = libc::dup(libc::STDOUT_FILENO);
        if answers < 0 {
            return None;
        }
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY | libc::O_CLOEXEC);
        if null < 0 {
            return None;
        }
        let moved = libc::dup2(null, libc::STDOUT_FILENO);
        libc::close(null);
        (moved >= 0).then_some(answers)
    }
}

/// Lowers the soft CPU limit to the processor time used so far (rounded up) plus `cpu_secs`, so that
/// each file gets its own allowance.
fn limit_cpu_from_now(cpu_secs: u64) {
    // SAFETY: getrusage and getrlimit fill the structures passed; setrlimit reads one.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        if libc::getrusage(libc::RUSAGE_SELF, &mut usage) != 0 {
            return;
        }
        let used = usage.ru_utime.tv_sec as u64 + usage.ru_stime.tv_sec as u64 + 1;
        let mut current = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_CPU, &mut current) != 0 {
            return;
        }
        let wanted = libc::rlimit {
            rlim_cur: (used.saturating_add(cpu_secs) as libc::rlim_t).min(current.rlim_max),
            rlim_max: current.rlim_max,
        };
        libc::setrlimit(libc::RLIMIT_CPU, &wanted);
    }
}

/// Fills `buffer`; `Ok(false)` when the input ends before its first byte.
fn read_full(input: &mut impl Read, buffer: &mut [u8]) -> io::Result<bool> {
    let mut filled = 0;
    while filled < buffer.len() {
        match input.read(&mut buffer[filled..]) {
            Ok(0) if filled == 0 => return Ok(false),
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(count) => filled += count,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

/// One warm worker and the parent's ends of its pipes (non-blocking).
struct Warm {
    child: Reaped,
    stdin: ChildStdin,
    stdout: ChildStdout,
    stderr: ChildStderr,
    jobs: u32,
}

/// What the pool's starter thread is asked to start.
type StartRequest = (Command, mpsc::Sender<io::Result<Child>>);

/// Warm PDF text workers, at most `size` at once, as the core's PDF text seam.
pub struct WorkerPool {
    exe: PathBuf,
    size: usize,
    state: Mutex<State>,
    freed: Condvar,
    starter: Mutex<Option<mpsc::Sender<StartRequest>>>,
    starter_thread: Option<std::thread::JoinHandle<()>>,
}

struct State {
    idle: Vec<Warm>,
    /// Workers idle or in use.
    live: usize,
}

impl std::fmt::Debug for WorkerPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkerPool")
            .field("exe", &self.exe)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

impl PartialEq for WorkerPool {
    /// A pool is equal only to itself.
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for WorkerPool {}

impl WorkerPool {
    /// A pool of at most `size` (at least 1) workers run from `exe`, the essaylint executable.
    /// Workers start when first needed.
    pub fn new(exe: PathBuf, size: usize) -> WorkerPool {
        let (sender, requests) = mpsc::channel::<StartRequest>();
        let starter_thread = std::thread::Builder::new()
            .name("essaylint-workers".to_owned())
            .spawn(move || {
                for (mut command, reply) in requests {
                    let _ = reply.send(command.spawn());
                }
            })
            .ok();
        WorkerPool {
            exe,
            size: size.max(1),
            state: Mutex::new(State {
                idle: Vec::new(),
                live: 0,
            }),
            freed: Condvar::new(),
            starter: Mutex::new(starter_thread.as_ref().map(|_| sender)),
            starter_thread,
        }
    }

    /// The most workers alive at once.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The number of workers alive (idle or in use).
    pub fn live(&self) -> usize {
        self.lock().live
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Extracts each page's text of `pdf` in a warm worker, under the worker limits of `limits`.
    pub fn extract(&self, pdf: &[u8], limits: &Limits) -> Result<Vec<String>, WorkerError> {
        let result = self.run(pdf, limits);
        if let Err(error) = &result {
            metrics::counter!(FAILURES_METRIC, "reason" => error.reason()).increment(1);
        }
        result
    }

    fn run(&self, pdf: &[u8], limits: &Limits) -> Result<Vec<String>, WorkerError> {
        let mut warm = self.acquire(limits)?;
        let outcome = exchange(&mut warm, pdf, limits);
        let keep = match &outcome {
            Exchange::Answer(_) => {
                warm.jobs += 1;
                drain(&mut warm.stderr, &mut Vec::new());
                warm.jobs < MAX_JOBS && resident_bytes(warm.child.0.id()) < RETIRE_RSS_BYTES
            }
            Exchange::Failed(_) => false,
        };
        self.release(keep.then_some(warm));
        match outcome {
            Exchange::Answer(Answer::Pages(pages)) => Ok(pages),
            Exchange::Answer(Answer::Error(sentence)) => {
                Err(WorkerError::Extraction(clean_sentence(&sentence)))
            }
            Exchange::Failed(error) => Err(error),
        }
    }

    /// An idle worker that is still alive, or a new one when fewer than `size` are; else waits
    /// for one to be handed back.
    fn acquire(&self, limits: &Limits) -> Result<Warm, WorkerError> {
        let mut state = self.lock();
        loop {
            if let Some(mut warm) = state.idle.pop() {
                if matches!(warm.child.0.try_wait(), Ok(None)) {
                    return Ok(warm);
                }
                // Ended while idle (killed from outside): reaped on drop, replaced.
                state.live -= 1;
                continue;
            }
            if state.live < self.size {
                state.live += 1;
                drop(state);
                return self.start(limits).inspect_err(|_| self.release(None));
            }
            state = self
                .freed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Hands a worker back, or (`None`) frees its place when it was dropped.
    fn release(&self, warm: Option<Warm>) {
        let mut state = self.lock();
        match warm {
            Some(warm) => state.idle.push(warm),
            None => state.live = state.live.saturating_sub(1),
        }
        drop(state);
        self.freed.notify_one();
    }

    /// Starts a worker, through the pool's starter thread.
    fn start(&self, limits: &Limits) -> Result<Warm, WorkerError> {
        let cpu = limits.worker_cpu;
        let cpu_secs = (cpu.as_secs() + u64::from(cpu.subsec_nanos() > 0)).max(1);
        let mut rlimits = ChildLimits::new(limits);
        // The hard limit covers every file the worker may read; each file's own limit is the soft
        // one, which the worker lowers again before each.
        rlimits.cpu_hard_seconds =
            (cpu_secs as libc::rlim_t + 1).saturating_mul(libc::rlim_t::from(MAX_JOBS) + 1);
        let mut command = Command::new(&self.exe);
        command
            .arg("worker")
            .arg(JOB)
            .arg("--cpu-secs")
            .arg(cpu_secs.to_string())
            .env("RUST_BACKTRACE", "0")
            .env(super::ARENA_RESERVE.0, super::ARENA_RESERVE.1)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // SAFETY: as for a one-file worker: the closure runs in the forked child before exec and
        // calls only async-signal-safe functions on values copied in beforehand.
        unsafe {
            command.pre_exec(move || rlimits.apply());
        }
        let (reply, answer) = mpsc::channel();
        let sent = self
            .starter
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .is_some_and(|starter| starter.send((command, reply)).is_ok());
        if !sent {
            return Err(WorkerError::Start(
                "the thread that starts workers is gone".to_owned(),
            ));
        }
        let mut child = answer
            .recv()
            .map_err(|_| WorkerError::Start("the thread that starts workers is gone".to_owned()))?
            .map(Reaped)
            .map_err(|error| WorkerError::Start(error.to_string()))?;
        let (Some(stdin), Some(stdout), Some(stderr)) = (
            child.0.stdin.take(),
            child.0.stdout.take(),
            child.0.stderr.take(),
        ) else {
            return Err(WorkerError::Io("the worker's pipes are missing".to_owned()));
        };
        for fd in [stdin.as_raw_fd(), stdout.as_raw_fd(), stderr.as_raw_fd()] {
            set_nonblocking(fd).map_err(|error| WorkerError::Io(error.to_string()))?;
        }
        Ok(Warm {
            child,
            stdin,
            stdout,
            stderr,
            jobs: 0,
        })
    }
}

impl PdfText for WorkerPool {
    fn page_texts(&self, pdf: &[u8], limits: &Limits) -> Result<Vec<String>, TextError> {
        self.extract(pdf, limits).map_err(TextError::from)
    }
}

impl Drop for WorkerPool {
    fn drop(&mut self) {
        // Idle workers are killed and reaped as they drop.
        self.lock().idle.clear();
        self.starter
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(thread) = self.starter_thread.take() {
            let _ = thread.join();
        }
    }
}

/// How one file's exchange with a worker ended.
enum Exchange {
    /// The worker answered; it is fit for another file.
    Answer(Answer),
    /// The worker failed; it has been killed and reaped.
    Failed(WorkerError),
}

/// Sends `pdf` to the worker and reads its answer, within the wall-clock limit and the text limit.
fn exchange(warm: &mut Warm, pdf: &[u8], limits: &Limits) -> Exchange {
    let deadline = Instant::now() + limits.worker_wall;
    let header = (pdf.len() as u64).to_le_bytes();
    let mut sent = 0usize;
    let total = header.len() + pdf.len();
    let mut reply_header = [0u8; 8];
    let mut header_read = 0usize;
    let mut reply: Vec<u8> = Vec::new();
    let mut expected: Option<usize> = None;
    let mut errors = Vec::new();
    let text_cap = usize::try_from(limits.max_pdf_text_bytes).unwrap_or(usize::MAX);
    let fail = |warm: &mut Warm, errors: &mut Vec<u8>, end: End| {
        if !matches!(end, End::Exited(_)) {
            warm.child.kill_and_reap();
        }
        drain(&mut warm.stderr, errors);
        Exchange::Failed(
            classify(end, b"", errors, limits)
                .err()
                .unwrap_or(WorkerError::Protocol),
        )
    };
    loop {
        if let Some(length) = expected
            && reply.len() == length
        {
            return match serde_json::from_slice::<Answer>(&reply) {
                Ok(answer) => Exchange::Answer(answer),
                Err(_) => {
                    warm.child.kill_and_reap();
                    Exchange::Failed(WorkerError::Protocol)
                }
            };
        }
        let now = Instant::now();
        if now >= deadline {
            return fail(warm, &mut errors, End::WallClock);
        }
        let writing = sent < total;
        let mut fds = [
            pollfd(warm.stdout.as_raw_fd(), libc::POLLIN),
            pollfd(warm.stderr.as_raw_fd(), libc::POLLIN),
            pollfd(
                if writing { warm.stdin.as_raw_fd() } else { -1 },
                libc::POLLOUT,
            ),
        ];
        let wait = (deadline - now).min(Duration::from_millis(100));
        let ms = libc::c_int::try_from(wait.as_millis().max(1)).unwrap_or(libc::c_int::MAX);
        // SAFETY: three valid pollfds owned by this frame; a negative fd is ignored by poll.
        let ready = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
        if ready <= 0 {
            continue;
        }
        if writing && fds[2].revents != 0 {
            let chunk = if sent < header.len() {
                &header[sent..]
            } else {
                &pdf[sent - header.len()..]
            };
            match (&warm.stdin).write(chunk) {
                Ok(count) => sent += count,
                Err(e) if would_block(&e) => {}
                // The worker is gone: what it left on its pipes and how it ended say why.
                Err(_) => sent = total,
            }
        }
        if fds[1].revents != 0 {
            drain(&mut warm.stderr, &mut errors);
        }
        if fds[0].revents != 0 {
            let read = if header_read < reply_header.len() {
                warm.stdout.read(&mut reply_header[header_read..])
            } else {
                let want = expected.unwrap_or(0) - reply.len();
                let mut buffer = vec![0u8; want.min(256 * 1024)];
                warm.stdout.read(&mut buffer).inspect(|&count| {
                    reply.extend_from_slice(&buffer[..count]);
                })
            };
            match read {
                Ok(0) => {
                    // The worker ended: reap it (its pipes are closed only as it exits).
                    let end = warm.child.wait_until(
                        deadline.saturating_duration_since(Instant::now()),
                        &AtomicBool::new(false),
                    );
                    return fail(warm, &mut errors, end);
                }
                Ok(count) => {
                    if header_read < reply_header.len() {
                        header_read += count;
                        if header_read == reply_header.len() {
                            let length = u64::from_le_bytes(reply_header);
                            match usize::try_from(length) {
                                Ok(length) if length <= text_cap => {
                                    reply.reserve(length.min(1 << 20));
                                    expected = Some(length);
                                }
                                _ => return fail(warm, &mut errors, End::TooMuchText),
                            }
                        }
                    }
                }
                Err(e) if would_block(&e) => {}
                Err(e) => return fail(warm, &mut errors, End::WaitFailed(e)),
            }
        }
    }
}

fn pollfd(fd: RawFd, events: libc::c_short) -> libc::pollfd {
    libc::pollfd {
        fd,
        events,
        revents: 0,
    }
}

fn would_block(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
    )
}

/// Reads what the worker's stderr holds now (non-blocking), keeping the first [`STDERR_CAP`] bytes
/// in `kept`.
fn drain(stderr: &mut ChildStderr, kept: &mut Vec<u8>) {
    let mut buffer = [0u8; 16 * 1024];
    loop {
        match stderr.read(&mut buffer) {
            Ok(0) => return,
            Ok(count) => {
                let room = STDERR_CAP.saturating_sub(kept.len()).min(count);
                kept.extend_from_slice(&buffer[..room]);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

fn set_nonblocking(fd: RawFd) -> io::Result<()> {
    // SAFETY: fcntl on a descriptor this process owns.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags < 0 || libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) < 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// A process's resident memory, from `/proc/PID/statm`; 0 when it cannot be read (elsewhere than
/// Linux, the memory rule does not apply).
fn resident_bytes(pid: u32) -> u64 {
    let Ok(statm) = std::fs::read_to_string(format!("/proc/{pid}/statm")) else {
        return 0;
    };
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|field| field.parse().ok())
        .unwrap_or(0);
    pages.saturating_mul(u64::try_from(page).unwrap_or(4096))
}
