//! PDF text through the real worker process (`essaylint worker pdf-text`, from
//! `ESSAYLINT_BIN` or `../target/debug/essaylint`), under tight worker limits. The worker's own
//! code is not instrumented (it is another process), so coverage here is the parent's side: the
//! pipes, the wall clock, the classification of how the worker ended. What must hold is that every
//! input gives an answer or a classified error within the wall clock, and never takes the parent
//! down. pdf-extract's own failures inside the worker (hangs, stack overflows, aborts) are the
//! sandbox's job and are reported as such; `pdf_structure` fuzzes the in-process half.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use essaylint::limits::Limits;
use essaylint::worker::extract_pdf_text;
use libfuzzer_sys::fuzz_target;

fn exe() -> &'static PathBuf {
    static EXE: OnceLock<PathBuf> = OnceLock::new();
    EXE.get_or_init(|| {
        let exe = std::env::var_os("ESSAYLINT_BIN").map_or_else(
            || {
                PathBuf::from(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../target/debug/essaylint"
                ))
            },
            PathBuf::from,
        );
        assert!(exe.is_file(), "build essaylint first: {}", exe.display());
        exe
    })
}

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        worker_wall: Duration::from_secs(2),
        worker_cpu: Duration::from_secs(1),
        ..Limits::default()
    };
    let start = Instant::now();
    let result = extract_pdf_text(exe(), data, &limits);
    let elapsed = start.elapsed();
    // The wall clock, plus time to kill, reap and join the pipe threads.
    assert!(elapsed < Duration::from_secs(4), "{elapsed:?}: {result:?}");
    if let Err(essaylint::worker::WorkerError::Start(e) | essaylint::worker::WorkerError::Io(e)) =
        &result
    {
        panic!("the worker could not be run: {e}");
    }
});
