//! The worker's system-call filter: once a worker has started, it may only read its request, write
//! its answer, manage memory, and end.
//!
//! The filter is installed (with `seccompiler`, for all threads, after `PR_SET_NO_NEW_PRIVS`) after
//! the worker's start and before it reads the first byte of a PDF. Any system call not on the list
//! kills the whole process with `SIGSYS` (`SECCOMP_RET_KILL_PROCESS`), which the parent reports as
//! a crash. What is allowed, and why:
//!
//! - `read` on standard input (the request) and `write` on the answer's descriptor and standard
//!   error (where Rust reports a failed allocation or a stack overflow, which the parent reads);
//! - memory: `mmap` and `mprotect` without `PROT_EXEC`, `munmap`, `mremap`, `madvise`, `brk`;
//! - `futex`, `sched_yield`, `getrandom` (the allocator and hash maps);
//! - signals: `sigaltstack`, `rt_sigaction`, `rt_sigprocmask`, `rt_sigreturn`, and `tgkill` of
//!   this process with `SIGABRT` only (`abort`, after a failed allocation or a stack overflow);
//!   `getpid` and `gettid` for it;
//! - time: `clock_gettime`, `clock_nanosleep`, `nanosleep`, `restart_syscall`;
//! - `getrusage` and `prlimit64` of this process's CPU limit only, which a pooled worker lowers
//!   again before each file;
//! - `prctl(PR_SET_VMA)` only, with which mimalloc names the memory it maps;
//! - `exit` and `exit_group`.
//!
//! Opening a file, a socket, `execve`, `fork` and `ptrace` are not on it. Compiled only for Linux on
//! x86_64 and aarch64; elsewhere [`install`] does nothing.

/// `prctl`'s option to name a memory area (Linux 5.17), `0x53564d41` ("SVMA").
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
const PR_SET_VMA: u64 = 0x5356_4d41;

/// The descriptor the worker reads requests from.
pub const REQUEST_FD: i32 = 0;

/// Installs the filter on every thread of this process. `answer_fd` is the descriptor the worker
/// writes its answers to. Returns an error sentence when the filter could not be installed.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
pub fn install(answer_fd: i32) -> Result<(), String> {
    let program = filter(answer_fd)?;
    seccompiler::apply_filter_all_threads(&program).map_err(|e| e.to_string())
}

/// No filter off Linux x86_64 and aarch64: the resource limits still apply.
#[cfg(not(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
)))]
pub fn install(_answer_fd: i32) -> Result<(), String> {
    Ok(())
}

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
fn filter(answer_fd: i32) -> Result<seccompiler::BpfProgram, String> {
    use std::collections::BTreeMap;

    use seccompiler::{
        SeccompAction, SeccompCmpArgLen as Len, SeccompCmpOp as Op, SeccompCondition as Cond,
        SeccompFilter, SeccompRule, TargetArch,
    };

    #[cfg(target_arch = "x86_64")]
    const ARCH: TargetArch = TargetArch::x86_64;
    #[cfg(target_arch = "aarch64")]
    const ARCH: TargetArch = TargetArch::aarch64;

    let err = |e: seccompiler::BackendError| e.to_string();
    // A rule that holds when every condition does.
    let when = |conditions: Vec<Cond>| SeccompRule::new(conditions).map_err(err);
    let arg_is = |index: u8, value: u64| Cond::new(index, Len::Dword, Op::Eq, value).map_err(err);
    let no_exec = |index: u8| {
        Cond::new(index, Len::Dword, Op::MaskedEq(libc::PROT_EXEC as u64), 0).map_err(err)
    };
    // SAFETY: getpid has no preconditions.
    let pid = unsafe { libc::getpid() } as u64;

    let mut rules: BTreeMap<i64, Vec<SeccompRule>> = BTreeMap::new();
    let always = [
        libc::SYS_munmap,
        libc::SYS_mremap,
        libc::SYS_madvise,
        libc::SYS_brk,
        libc::SYS_futex,
        libc::SYS_sched_yield,
        libc::SYS_getrandom,
        libc::SYS_sigaltstack,
        libc::SYS_rt_sigaction,
        libc::SYS_rt_sigprocmask,
        libc::SYS_rt_sigreturn,
        libc::SYS_getpid,
        libc::SYS_gettid,
        libc::SYS_clock_gettime,
        libc::SYS_clock_nanosleep,
        libc::SYS_nanosleep,
        libc::SYS_restart_syscall,
        libc::SYS_exit,
        libc::SYS_exit_group,
    ];
    for call in always {
        rules.insert(call, Vec::new());
    }
    rules.insert(
        libc::SYS_read,
        vec![when(vec![arg_is(0, REQUEST_FD as u64)?])?],
    );
    rules.insert(
        libc::SYS_write,
        vec![
            when(vec![arg_is(0, answer_fd as u64)?])?,
            when(vec![arg_is(0, libc::STDERR_FILENO as u64)?])?,
        ],
    );
    rules.insert(libc::SYS_mmap, vec![when(vec![no_exec(2)?])?]);
    rules.insert(libc::SYS_mprotect, vec![when(vec![no_exec(2)?])?]);
    rules.insert(
        libc::SYS_tgkill,
        vec![when(vec![
            arg_is(0, pid)?,
            arg_is(2, libc::SIGABRT as u64)?,
        ])?],
    );
    rules.insert(
        libc::SYS_getrusage,
        vec![when(vec![arg_is(0, libc::RUSAGE_SELF as u64)?])?],
    );
    rules.insert(
        libc::SYS_prlimit64,
        vec![when(vec![
            arg_is(0, 0)?,
            arg_is(1, libc::RLIMIT_CPU as u64)?,
        ])?],
    );
    rules.insert(libc::SYS_prctl, vec![when(vec![arg_is(0, PR_SET_VMA)?])?]);
    let filter = SeccompFilter::new(
        rules,
        SeccompAction::KillProcess,
        SeccompAction::Allow,
        ARCH,
    )
    .map_err(err)?;
    seccompiler::BpfProgram::try_from(filter).map_err(err)
}

#[cfg(all(
    test,
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
mod tests {
    #[test]
    fn the_filter_compiles() {
        let program = super::filter(1).expect("a filter");
        assert!(program.len() > 20, "{} instructions", program.len());
    }
}
