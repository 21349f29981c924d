//! Shared by the integration tests that read `../shared/corpus`, and by those that start
//! `essaylint serve`.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
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

/// Every file under `dir`, recursively, that `keep` accepts, appended to `out` (which is then
/// sorted). A folder that cannot be read adds nothing.
pub fn files_under(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, keep, out);
        } else if keep(&path) {
            out.push(path);
        }
    }
    out.sort();
}

/// The service's base URL from its readiness line (`listening on http://…`), the first line of its
/// standard output.
pub fn listening_base(stdout: impl Read) -> String {
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the ready line");
    line.trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned()
}
