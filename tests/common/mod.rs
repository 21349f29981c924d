//! Shared by the integration tests that read `../shared/corpus`.

use std::path::{Path, PathBuf};

/// `../shared/corpus` beside the checkout, or `None` (with a note) when it is absent outside CI.
/// Under `CI=true` its absence is a failure, not a skip.
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run with ../shared/corpus beside the checkout"
    );
    eprintln!("note: ../shared/corpus is absent; corpus tests skipped");
    None
}
