//! The single-file CLI's sandbox: the text pass in a forked copy of this process, under the same
//! limits and system-call filter as the worker process, without starting a program.
//!
//! Starting `essaylint worker pdf-text` costs a process start (the dynamic loader, the allocator,
//! the runtime: about 3 ms here), most of what a one-page PDF costs. A forked child needs none of
//! it: it already holds the file. [`ForkSandbox::start`] forks as soon as the file is known to be a
//! PDF, before the structure reader parses it, so the child reads the text while the parent reads
//! the structure (two cores do both at once), and the parent only collects the answer when the
//! core asks for the text. Before the child touches the file it takes the worker's limits:
//!
//! - `RLIMIT_CPU`, no core dumps, `PR_SET_PDEATHSIG`, as the worker process;
//! - memory: a fork shares its parent's address space, allocator arenas included, so an
//!   address-space limit alone cannot bound what the child allocates from arenas already reserved.
//!   The child's allocations are counted by [`Capped`], this binary's global allocator, and refused
//!   once they would pass [`Limits::worker_memory_bytes`] less what the child is born resident in
//!   (the child then ends with "memory allocation of … failed", as the worker process does at its
//!   address-space limit). mimalloc is told to return freed memory at once, so that what is
//!   resident is what is counted. `RLIMIT_AS` is set as well, to the address space the child was
//!   born with plus the limit, so that nothing maps past it either;
//! - the stack: the child runs on the main thread, with the stack a worker process's main thread
//!   has;
//! - the system-call filter ([`super::seccomp`]), before the first byte of the file is read.
//!
//! A fork is only safe where no other thread can be holding a lock the child would need, so the
//! sandbox forks only from a process that runs one thread, and only when [`Capped`] is the global
//! allocator; otherwise it starts a worker process ([`super::WorkerProcess`]) as before. The child
//! never returns into the caller's code: it ends with `_exit`, so no destructor, buffer flush or
//! exit handler of the parent's runs twice.
//!
//! The parent reads the answer and the child's standard error (kept only to classify a failure,
//! never shown) with `poll`, enforces the wall-clock limit (counted from the fork) and the text
//! limit, kills the child at either and always reaps it, also when the text is never asked for
//! (a file the structure reader refuses). The child frames its answer with its length, so the
//! parent takes a whole answer at once rather than waiting for the child's teardown, and reaps it
//! when the sandbox is dropped, after the report. Failures are classified exactly as the worker
//! process's ([`super::WorkerError`]).
//!
//! Linux only; elsewhere [`ForkSandbox::start`] gives the worker process.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicU8, Ordering};

/// This binary's global allocator: `A`, with a cap on what a forked text pass may allocate.
///
/// Off (the default, and always in the parent), it adds one relaxed load of a flag that never
/// changes to each call. In a forked child the sandbox turns it on: each allocation takes its size
/// from an allowance of [`Limits::worker_memory_bytes`](essaylint_core::limits::Limits), each
/// release gives it back, and an allocation past the allowance fails.
pub struct Capped<A>(pub A);

const OFF: u8 = 0;
const ON: u8 = 1;
const PROBE: u8 = 2;

/// Whether the cap is off, on, or being probed for ([`Capped::is_global`]).
static STATE: AtomicU8 = AtomicU8::new(OFF);
/// Bytes the child may still allocate; negative never (an allocation that would make it so fails).
static LEFT: AtomicIsize = AtomicIsize::new(0);
/// Set by the allocator while probed: it is the global one.
static SEEN: AtomicBool = AtomicBool::new(false);

impl<A> Capped<A> {
    /// Takes `bytes` from the allowance when the cap is on; `false` when there is not enough left.
    #[inline]
    fn take(bytes: usize) -> bool {
        match STATE.load(Ordering::Relaxed) {
            OFF => true,
            ON => {
                let bytes = isize::try_from(bytes).unwrap_or(isize::MAX);
                let before = LEFT.fetch_sub(bytes, Ordering::Relaxed);
                if before < bytes {
                    LEFT.fetch_add(bytes, Ordering::Relaxed);
                    false
                } else {
                    true
                }
            }
            _ => {
                SEEN.store(true, Ordering::Relaxed);
                true
            }
        }
    }

    /// Takes `bytes` from the allowance and allocates, giving them back when the allocation fails;
    /// null when there is not enough left.
    #[inline]
    fn charged(bytes: usize, allocate: impl FnOnce() -> *mut u8) -> *mut u8 {
        if !Self::take(bytes) {
            return std::ptr::null_mut();
        }
        let pointer = allocate();
        if pointer.is_null() {
            Self::give(bytes);
        }
        pointer
    }

    /// Gives `bytes` back to the allowance when the cap is on.
    #[inline]
    fn give(bytes: usize) {
        if STATE.load(Ordering::Relaxed) == ON {
            LEFT.fetch_add(
                isize::try_from(bytes).unwrap_or(isize::MAX),
                Ordering::Relaxed,
            );
        }
    }
}

// SAFETY: every call is passed to `A` unchanged; the cap only refuses some allocations (returning
// null, which `GlobalAlloc` allows) and keeps a count.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Capped<A> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        Self::charged(layout.size(), || unsafe { self.0.alloc(layout) })
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        Self::charged(layout.size(), || unsafe { self.0.alloc_zeroed(layout) })
    }

    #[inline]
    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract, passed on.
        unsafe { self.0.dealloc(pointer, layout) };
        Self::give(layout.size());
    }

    /// A growth is charged its whole new size until it succeeds, then the old size is given
    /// back: a block that moves is held twice for a moment, and the cap counts that moment too. A
    /// shrink is charged nothing and gives back the difference.
    #[inline]
    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old_size = layout.size();
        let charge = if new_size > old_size { new_size } else { 0 };
        if !Self::take(charge) {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's contract, passed on.
        let moved = unsafe { self.0.realloc(pointer, layout, new_size) };
        if moved.is_null() {
            Self::give(charge);
        } else if charge > 0 {
            Self::give(old_size);
        } else {
            Self::give(old_size - new_size);
        }
        moved
    }
}

impl Capped<()> {
    /// Whether a [`Capped`] is this process's global allocator.
    pub fn is_global() -> bool {
        if SEEN.load(Ordering::Relaxed) {
            return true;
        }
        STATE.store(PROBE, Ordering::SeqCst);
        drop(std::hint::black_box(Box::new(std::hint::black_box(0u64))));
        STATE.store(OFF, Ordering::SeqCst);
        SEEN.load(Ordering::SeqCst)
    }

    /// Turns the cap on with an allowance of `bytes` (in a forked child only).
    fn limit(bytes: u64) {
        LEFT.store(
            isize::try_from(bytes).unwrap_or(isize::MAX),
            Ordering::SeqCst,
        );
        STATE.store(ON, Ordering::SeqCst);
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use std::fs::File;
    use std::io::{self, BufWriter, Read, Write};
    use std::mem::ManuallyDrop;
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::process::ExitStatusExt;
    use std::panic::{self, AssertUnwindSafe};
    use std::process::ExitStatus;
    use std::time::{Duration, Instant};

    use essaylint_core::limits::Limits;
    use essaylint_core::read::pdf_text::extract_pages;

    use super::super::{
        Answer, ChildLimits, End, PidFd, SANDBOX_FAILED, STDERR_CAP, WorkerError, classify,
    };
    use super::Capped;

    /// What `/proc/self/status` says of this process.
    struct Status {
        threads: u64,
        address_space: u64,
        resident: u64,
    }

    fn status() -> Option<Status> {
        let text = std::fs::read_to_string("/proc/self/status").ok()?;
        let field = |name: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(name))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|value| value.parse::<u64>().ok())
        };
        Some(Status {
            threads: field("Threads:")?,
            address_space: field("VmSize:")?.checked_mul(1024)?,
            resident: field("VmRSS:")?.checked_mul(1024)?,
        })
    }

    /// What this process holds, when it may fork for the text pass: it runs one thread and
    /// counts its allocations with [`Capped`].
    fn can_fork() -> Option<Status> {
        if !Capped::is_global() {
            return None;
        }
        let status = status()?;
        (status.threads == 1).then_some(status)
    }

    fn pipe() -> io::Result<(OwnedFd, OwnedFd)> {
        let mut fds = [0 as libc::c_int; 2];
        // SAFETY: `fds` has room for the two descriptors pipe2 writes.
        if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: both descriptors were just opened and are owned by nothing else.
        Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
    }

    /// A child reading a PDF's text: collected once, and killed and reaped if never collected.
    pub(super) struct Child {
        pid: libc::pid_t,
        started: Instant,
        answer: Option<File>,
        errors: Option<File>,
    }

    /// Forks a child that extracts `pdf`'s text under `limits`; `None` when this process may not
    /// fork (see the module's documentation) or the fork failed before the child existed.
    pub(super) fn start(pdf: &[u8], limits: &Limits) -> Option<Child> {
        let born = can_fork()?;
        let (answer_read, answer_write) = pipe().ok()?;
        let (errors_read, errors_write) = pipe().ok()?;
        let room = born
            .address_space
            .saturating_add(limits.worker_memory_bytes);
        let rlimits = ChildLimits::new(limits).with_address_space(room as libc::rlim_t);
        // The child is born resident in what this process is (shared until written): it may
        // allocate the rest of the memory limit, as a worker process may fill its address space.
        let memory = limits.worker_memory_bytes.saturating_sub(born.resident);

        // SAFETY: fork has no preconditions. This process runs one thread (`can_fork`), so no lock
        // can be held by a thread the child does not have, and the child only runs `child`.
        let pid = unsafe { libc::fork() };
        if pid < 0 {
            return None;
        }
        if pid == 0 {
            drop(answer_read);
            drop(errors_read);
            child(pdf, rlimits, memory, answer_write, errors_write);
        }
        Some(Child {
            pid,
            started: Instant::now(),
            answer: Some(File::from(answer_read)),
            errors: Some(File::from(errors_read)),
        })
    }

    /// The child: limits, the filter, the text pass, the answer, `_exit`. Never returns.
    fn child(pdf: &[u8], rlimits: ChildLimits, memory: u64, answer: OwnedFd, stderr: OwnedFd) -> ! {
        // SAFETY: dup2 and close on descriptors this process owns; afterwards standard error is
        // the pipe the parent reads, and standard input is closed (the child reads nothing).
        unsafe {
            libc::dup2(stderr.as_raw_fd(), libc::STDERR_FILENO);
            libc::close(libc::STDIN_FILENO);
        }
        drop(stderr);
        if rlimits.apply().is_err() {
            end(SANDBOX_FAILED);
        }
        // A panic inside pdf-extract is caught per page; the default hook would print its message,
        // which may quote the file. The child's own code does not panic.
        panic::set_hook(Box::new(|_| {}));
        let answer_fd = answer.as_raw_fd();
        if super::super::seccomp::install(answer_fd).is_err() {
            end(SANDBOX_FAILED);
        }
        Capped::limit(memory);
        release_at_once();
        // The descriptor stays open until `_exit`: the File is never dropped, as the filter does
        // not allow `close`.
        let mut out = ManuallyDrop::new(File::from(answer));
        #[cfg(debug_assertions)]
        super::super::inject_fault(pdf, &mut *out, true);
        let message = match panic::catch_unwind(AssertUnwindSafe(|| extract_pages(pdf))) {
            Ok(Ok(pages)) => Answer::Pages(pages),
            Ok(Err(sentence)) => Answer::Error(sentence),
            Err(_) => Answer::Error("pdf-extract failed on the PDF".to_owned()),
        };
        // Framed by its length, so that the parent takes the answer as soon as it is whole,
        // without waiting for this process to be torn down.
        let written = serde_json::to_vec(&message)
            .map_err(io::Error::from)
            .and_then(|json| {
                let mut writer = BufWriter::new(&mut *out);
                writer.write_all(&(json.len() as u64).to_le_bytes())?;
                writer.write_all(&json)?;
                writer.flush()
            });
        end(if written.is_ok() { 0 } else { 1 })
    }

    /// mimalloc's `purge_delay` option (`mi_option_purge_delay` in mimalloc.h, v2 and v3 alike).
    pub(super) const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

    /// Has mimalloc give freed memory back to the system at once rather than a second later (v3's
    /// default, `src/options.c`), so that
    /// the child's resident memory is what it holds: a text pass that grows a buffer by doubling
    /// would otherwise keep each freed half resident for a while, above the cap's count.
    fn release_at_once() {
        // SAFETY: sets one option to a documented value; mimalloc reads options at each purge.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    }

    /// Ends the child at once: no destructor, flush or exit handler of the parent's runs twice.
    fn end(code: i32) -> ! {
        // SAFETY: _exit ends the process and takes no pointers.
        unsafe { libc::_exit(code) }
    }

    impl Child {
        /// The child's text, or why there is none. A child that failed is reaped before this
        /// returns; one that answered is reaped when dropped, by when it has long ended.
        pub(super) fn collect(&mut self, limits: &Limits) -> Result<Vec<String>, WorkerError> {
            let text_cap = usize::try_from(limits.max_pdf_text_bytes).unwrap_or(usize::MAX);
            let (end, answer, errors) = self.read(limits.worker_wall, text_cap);
            classify(end, &answer, &errors, limits)
        }

        /// Reads the answer and standard error until the answer is whole, both close, the
        /// wall-clock limit passes or the answer passes `text_cap`; then, unless the answer is
        /// whole, reaps the child (killing it first on a limit). Returns the answer without its
        /// length.
        fn read(&mut self, wall: Duration, text_cap: usize) -> (End, Vec<u8>, Vec<u8>) {
            let (end, mut answer, errors) = self.read_framed(wall, text_cap);
            answer.drain(..answer.len().min(FRAME));
            (end, answer, errors)
        }

        fn read_framed(&mut self, wall: Duration, text_cap: usize) -> (End, Vec<u8>, Vec<u8>) {
            let (mut answer, mut errors) = (Vec::new(), Vec::new());
            let mut buffer = vec![0u8; 64 * 1024];
            while self.answer.is_some() || self.errors.is_some() {
                let left = wall.saturating_sub(self.started.elapsed());
                if left.is_zero() {
                    self.kill();
                    return (End::WallClock, answer, errors);
                }
                let mut fds: Vec<libc::pollfd> = [&self.answer, &self.errors]
                    .into_iter()
                    .flatten()
                    .map(|file| libc::pollfd {
                        fd: file.as_raw_fd(),
                        events: libc::POLLIN,
                        revents: 0,
                    })
                    .collect();
                let ms = libc::c_int::try_from(left.as_millis().max(1)).unwrap_or(libc::c_int::MAX);
                // SAFETY: `fds` is a valid array of its length, owned by this frame.
                let ready = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
                if ready < 0 {
                    let error = io::Error::last_os_error();
                    if error.kind() == io::ErrorKind::Interrupted {
                        continue;
                    }
                    self.kill();
                    return (End::WaitFailed(error), answer, errors);
                }
                for fd in fds.iter().filter(|fd| fd.revents != 0) {
                    let is_answer = self.answer.as_ref().is_some_and(|f| f.as_raw_fd() == fd.fd);
                    if is_answer {
                        let cap = text_cap.saturating_add(FRAME);
                        if drain(&mut self.answer, &mut answer, cap, &mut buffer) {
                            self.kill();
                            return (End::TooMuchText, answer, errors);
                        }
                        match framed_length(&answer) {
                            Some(length) if length > text_cap => {
                                self.kill();
                                return (End::TooMuchText, answer, errors);
                            }
                            Some(length) if answer.len() >= FRAME + length => {
                                answer.truncate(FRAME + length);
                                return (End::Answered, answer, errors);
                            }
                            _ => {}
                        }
                    } else {
                        // Past its cap, standard error is still drained so that the child never
                        // blocks on it.
                        drain(&mut self.errors, &mut errors, STDERR_CAP, &mut buffer);
                    }
                }
            }
            // Both pipes closed: the child has ended, or is ending.
            (self.wait(wall), answer, errors)
        }

        /// Waits for the child until the wall-clock limit, and kills it then.
        /// Its end wakes the wait at once (a pidfd), as the worker process's does.
        fn wait(&mut self, wall: Duration) -> End {
            let pidfd = u32::try_from(self.pid).ok().and_then(PidFd::open);
            loop {
                let mut status = 0;
                // SAFETY: waits for our own child; `status` is a valid place for its status.
                let reaped = unsafe { libc::waitpid(self.pid, &mut status, libc::WNOHANG) };
                if reaped == self.pid {
                    self.pid = 0;
                    return End::Exited(ExitStatus::from_raw(status));
                }
                if reaped < 0 {
                    let error = io::Error::last_os_error();
                    if error.kind() == io::ErrorKind::Interrupted {
                        continue;
                    }
                    self.pid = 0;
                    return End::WaitFailed(error);
                }
                let elapsed = self.started.elapsed();
                if elapsed >= wall {
                    self.kill();
                    return End::WallClock;
                }
                let slice = (wall - elapsed).min(Duration::from_millis(10));
                match &pidfd {
                    Some(pidfd) => pidfd.wait(slice),
                    None => std::thread::sleep(slice.min(Duration::from_micros(200))),
                }
            }
        }

        fn kill(&mut self) {
            if self.pid > 0 {
                // SAFETY: signals and reaps our own child, not yet reaped (so its pid is ours).
                unsafe {
                    libc::kill(self.pid, libc::SIGKILL);
                    libc::waitpid(self.pid, std::ptr::null_mut(), 0);
                }
                self.pid = 0;
            }
        }
    }

    impl Drop for Child {
        fn drop(&mut self) {
            self.kill();
        }
    }

    /// The answer's length prefix, in bytes.
    const FRAME: usize = 8;

    /// The length an answer's first [`FRAME`] bytes announce, once they have come.
    fn framed_length(answer: &[u8]) -> Option<usize> {
        let prefix: [u8; FRAME] = answer.get(..FRAME)?.try_into().ok()?;
        Some(usize::try_from(u64::from_le_bytes(prefix)).unwrap_or(usize::MAX))
    }

    /// Reads what `slot`'s pipe holds now into `kept`, up to `cap`; closes the slot at its end.
    /// Returns whether `kept` would pass `cap`.
    fn drain(slot: &mut Option<File>, kept: &mut Vec<u8>, cap: usize, buffer: &mut [u8]) -> bool {
        let Some(file) = slot.as_mut() else {
            return false;
        };
        match file.read(buffer) {
            Ok(0) => *slot = None,
            Ok(count) => {
                let room = cap.saturating_sub(kept.len());
                kept.extend_from_slice(&buffer[..count.min(room)]);
                return count > room;
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => *slot = None,
        }
        false
    }
}

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use essaylint_core::limits::Limits;
use essaylint_core::read::pdf_text::{PdfText, TextError};

use super::WorkerProcess;

/// PDF text for the single-file CLI: a forked, sandboxed copy of this process already reading the
/// file, where that is safe (see the module's documentation), else a worker process.
pub struct ForkSandbox {
    /// The child, and whether its text was taken; kept until the sandbox is dropped, which reaps it.
    #[cfg(target_os = "linux")]
    child: Mutex<Option<(linux::Child, bool)>>,
    worker: WorkerProcess,
}

impl ForkSandbox {
    /// Starts reading `pdf`'s text under `limits` now, in a forked child when this process may
    /// fork; else (and for any other file asked of it) in a worker process run from `exe`.
    pub fn start(exe: PathBuf, pdf: &[u8], limits: &Limits) -> Arc<dyn PdfText> {
        #[cfg(target_os = "linux")]
        let child = linux::start(pdf, limits);
        #[cfg(not(target_os = "linux"))]
        let _ = (pdf, limits);
        Arc::new(ForkSandbox {
            #[cfg(target_os = "linux")]
            child: Mutex::new(child.map(|child| (child, false))),
            worker: WorkerProcess::new(exe),
        })
    }
}

impl PdfText for ForkSandbox {
    /// The forked child's text the first time (the core asks once per file: for the file the
    /// child was started on, or the copy of it the structure reader repaired, whose text is the
    /// same); a worker process's otherwise.
    fn page_texts(&self, pdf: &[u8], limits: &Limits) -> Result<Vec<String>, TextError> {
        #[cfg(target_os = "linux")]
        {
            let mut slot = self
                .child
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if let Some((child, taken @ false)) = slot.as_mut() {
                *taken = true;
                let result = child.collect(limits);
                if let Err(error) = &result {
                    metrics::counter!(super::FAILURES_METRIC, "reason" => error.reason())
                        .increment(1);
                }
                return result.map_err(TextError::from);
            }
        }
        self.worker.page_texts(pdf, limits)
    }
}

#[cfg(test)]
mod tests {
    use std::alloc::{GlobalAlloc, Layout, System};

    use super::*;

    /// The cap, on an instance that is not this test binary's global allocator (so that turning it
    /// on touches no other test): allocations take from the allowance, releases give back, and an
    /// allocation or a growth past it fails; off, nothing is counted.
    #[test]
    fn the_cap_refuses_what_passes_the_allowance_and_counts_releases() {
        let capped = Capped(System);
        let kib = |n: usize| Layout::from_size_align(n * 1024, 8).expect("layout");
        Capped::limit(100 * 1024);
        // SAFETY: each pointer is released with the layout it was allocated (or grown) with.
        unsafe {
            let a = capped.alloc(kib(60));
            assert!(!a.is_null());
            assert!(capped.alloc(kib(60)).is_null(), "60 + 60 KiB > 100 KiB");
            let zeroed = capped.alloc_zeroed(kib(30));
            assert!(!zeroed.is_null(), "60 + 30 KiB fits");
            assert!(
                capped.realloc(zeroed, kib(30), 40 * 1024).is_null(),
                "growing 30 to 40 KiB may hold 60 + 30 + 40 KiB for a moment: it does not fit"
            );
            capped.dealloc(zeroed, kib(30));
            let b = capped.alloc(kib(40));
            assert!(!b.is_null(), "what was released can be allocated again");
            let a = capped.realloc(a, kib(60), 10 * 1024);
            assert!(!a.is_null(), "shrinking always fits");
            let c = capped.alloc(kib(50));
            assert!(
                !c.is_null(),
                "and gives back what it frees: 10 + 40 + 50 KiB"
            );
            capped.dealloc(a, kib(10));
            capped.dealloc(b, kib(40));
            capped.dealloc(c, kib(50));
            STATE.store(OFF, Ordering::SeqCst);
            let big = capped.alloc(kib(1024));
            assert!(!big.is_null(), "off, nothing is refused");
            capped.dealloc(big, kib(1024));
        }
        // The option the child sets is mimalloc's purge delay, 1000 ms by default in the mimalloc v3
        // this builds (`c_src/mimalloc/v3/src/options.c`; no other option defaults to 1000).
        // SAFETY: reads one option.
        let delay = unsafe { libmimalloc_sys::mi_option_get(linux::MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000);
        assert!(
            !Capped::is_global(),
            "the test binary's global allocator is the system's"
        );
    }
}
