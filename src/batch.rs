//! Many files at once, for a recruitment office re-checking a deadline's essays.
//!
//! [`expand`] turns the paths given into the files to check: files as given, folders walked
//! (recursively, in name order) for document-like files only. [`check_paths`] reads and checks
//! them in parallel on a pool of `jobs` threads, each file read inside its job so that no more
//! than `jobs` files are in memory at once, and hands each report to a callback as it is done
//! (for progress and streaming output) before returning all of them in input order. A file that
//! cannot be read is a report (`unreadable`), never the end of the batch. The PDFs of a batch have
//! their text extracted by warm workers ([`WorkerPool`]), one per job.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::check::{
    Options, Reading, StartedText, TextExtraction, check_bytes, report_reading, start_text,
};
use crate::document::Format;
use crate::read::ReadError;
use crate::report::FileReport;
use crate::rules::data::{Resolved, RuleSet};
use crate::worker::WorkerPool;

/// The extensions of files a folder is searched for: the formats essaylint checks, and those it
/// recognises to say they are the wrong type (`.doc`, `.odt`, `.rtf`).
pub const DOCUMENT_EXTENSIONS: &[&str] = &[
    "docx", "docm", "dotx", "dotm", "doc", "dot", "pdf", "odt", "rtf",
];

/// Why a batch could not start.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum BatchError {
    /// A path given does not exist.
    #[error("{0} does not exist")]
    #[diagnostic(help("check the path; a folder is searched for .docx and .pdf files"))]
    Missing(PathBuf),
    /// Standard input named twice.
    #[error("standard input (`-`) can be read only once")]
    StdinTwice,
}

/// Whether a path names a document-like file, by its extension.
pub fn is_document(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        DOCUMENT_EXTENSIONS
            .iter()
            .any(|d| e.eq_ignore_ascii_case(d))
    })
}

/// The files to check: each file as given (whatever its name), each folder's document-like files,
/// recursively, in name order. Symbolic links to folders are not followed (no loops); a folder
/// that cannot be listed is kept as an input, so that its report says why.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, BatchError> {
    let mut out = Vec::new();
    let mut stdin = false;
    for path in paths {
        if path.as_os_str() == "-" {
            if stdin {
                return Err(BatchError::StdinTwice);
            }
            stdin = true;
            out.push(path.clone());
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(BatchError::Missing(path.clone()));
            }
            Ok(meta) if meta.is_dir() => walk(path, &mut out),
            _ => out.push(path.clone()),
        }
    }
    Ok(out)
}

fn walk(folder: &Path, out: &mut Vec<PathBuf>) {
    // A stack, not recursion: a folder tree's depth is not ours to bound.
    let mut pending = vec![folder.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            out.push(folder);
            continue;
        };
        let mut entries: Vec<(PathBuf, bool)> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let kind = entry.file_type().ok()?;
                Some((entry.path(), kind.is_dir()))
            })
            .collect();
        entries.sort();
        let mut folders = Vec::new();
        for (path, is_dir) in entries {
            if is_dir {
                folders.push(path);
            } else if is_document(&path) {
                out.push(path);
            }
        }
        // Subfolders after the folder's own files, in name order.
        pending.extend(folders.into_iter().rev());
    }
}

/// Reads a file, or standard input for `-`, at most `max + 1` bytes (enough to know it is too
/// large).
pub fn read_input(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(max + 1)
            .read_to_end(&mut bytes)?;
    } else {
        let file = std::fs::File::open(path)?;
        if file.metadata()?.is_dir() {
            return Err(std::io::Error::other("it is a folder"));
        }
        file.take(max + 1).read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

/// The name a report gives a path.
pub fn display_name(path: &Path) -> String {
    path.display().to_string()
}

/// A lone file to check, read before the rules were loaded, and its PDF text already started
/// ([`crate::check::start_text`]) so that the sandbox reads it while the rules load.
pub struct Lone {
    path: PathBuf,
    bytes: std::io::Result<Vec<u8>>,
    text: Option<StartedText>,
}

impl Lone {
    /// Reads `path` and, when it could be read, starts its text as `options` say.
    pub fn start(path: &Path, options: &Options) -> Lone {
        let bytes = read_input(path, options.limits.max_file_bytes);
        let text = bytes
            .as_ref()
            .ok()
            .and_then(|bytes| start_text(bytes, options));
        Lone {
            path: path.to_path_buf(),
            bytes,
            text,
        }
    }

    fn check(
        self,
        rules: &RuleSet,
        variant: Option<&Resolved<'_>>,
        options: &Options,
    ) -> FileReport {
        let started;
        let options = match self.text {
            Some(text) => {
                started = Options {
                    pdf_text: TextExtraction::Started(text),
                    ..options.clone()
                };
                &started
            }
            None => options,
        };
        report_read(&self.path, self.bytes, rules, variant, options)
    }
}

/// Reads and checks one file; a file that cannot be read gets a report saying so.
pub fn check_path(
    path: &Path,
    rules: &RuleSet,
    variant: Option<&Resolved<'_>>,
    options: &Options,
) -> FileReport {
    let read = read_input(path, options.limits.max_file_bytes);
    report_read(path, read, rules, variant, options)
}

/// Checks a file's bytes, or reports why they could not be read.
fn report_read(
    path: &Path,
    read: std::io::Result<Vec<u8>>,
    rules: &RuleSet,
    variant: Option<&Resolved<'_>>,
    options: &Options,
) -> FileReport {
    let name = display_name(path);
    match read {
        Ok(bytes) => check_bytes(&name, &bytes, rules, variant, options),
        Err(e) => report_reading(
            &name,
            &Reading {
                format: Format::Unknown,
                document: None,
                error: Some(ReadError::Io(e.to_string())),
            },
            rules,
            variant,
        ),
    }
}

/// Checks `paths` on `jobs` threads (at least one). `done` is called with each file's index and
/// report as it finishes, in completion order, from the thread that checked it; the reports are
/// returned in input order. `lone`, when it is the one path's file already read, is checked as
/// read.
pub fn check_paths(
    paths: &[PathBuf],
    lone: Option<Lone>,
    rules: &RuleSet,
    variant: Option<&Resolved<'_>>,
    options: &Options,
    jobs: usize,
    done: impl Fn(usize, &FileReport) + Sync,
) -> Vec<FileReport> {
    if let (Some(lone), [path]) = (lone, paths)
        && lone.path == *path
    {
        let report = lone.check(rules, variant, options);
        done(0, &report);
        return vec![report];
    }
    // More than one file: PDF text from warm workers, one per job, rather than a process each. The
    // pool (and its workers) ends with the batch.
    let pooled;
    let options = match &options.pdf_text {
        TextExtraction::Worker(exe) | TextExtraction::Fork(exe) if paths.len() > 1 => {
            let size = jobs.clamp(1, paths.len());
            pooled = Options {
                pdf_text: TextExtraction::Pool(Arc::new(WorkerPool::new(exe.clone(), size))),
                ..options.clone()
            };
            &pooled
        }
        _ => options,
    };
    let one = |(i, path): (usize, &PathBuf)| {
        let report = check_path(path, rules, variant, options);
        done(i, &report);
        report
    };
    // One file, or one job: no pool to start and stop (most of a single check's wall time).
    let pool = (jobs > 1 && paths.len() > 1)
        .then(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(jobs.min(paths.len()))
                .build()
                .ok()
        })
        .flatten();
    match pool {
        Some(pool) => pool.install(|| paths.par_iter().enumerate().map(one).collect()),
        // Or no threads to be had: check on this one.
        None => paths.iter().enumerate().map(one).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn touch(path: &Path) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(path, b"not really a document").expect("file");
    }

    #[test]
    fn folders_are_walked_for_documents_in_name_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        for name in [
            "b.docx",
            "a.PDF",
            "notes.txt",
            "sub/c.docx",
            "sub/deeper/d.odt",
            "sub/image.png",
            "z.doc",
        ] {
            touch(&root.join(name));
        }
        let lone = root.join("notes.txt");
        let found = expand(&[root.to_path_buf(), lone.clone()]).expect("expands");
        let names: Vec<String> = found
            .iter()
            .map(|p| p.strip_prefix(root).expect("inside").display().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "a.PDF",
                "b.docx",
                "z.doc",
                "sub/c.docx",
                "sub/deeper/d.odt",
                "notes.txt"
            ]
        );
    }

    #[test]
    fn a_missing_path_stops_the_batch_before_it_starts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let missing = dir.path().join("typo.docx");
        assert!(matches!(
            expand(std::slice::from_ref(&missing)),
            Err(BatchError::Missing(p)) if p == missing
        ));
        let dash = PathBuf::from("-");
        assert!(matches!(
            expand(&[dash.clone(), dash]),
            Err(BatchError::StdinTwice)
        ));
    }

    #[test]
    fn every_file_gets_a_report_in_input_order_and_each_is_handed_over_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut paths = Vec::new();
        for i in 0..12 {
            let path = dir.path().join(format!("{i:02}.docx"));
            touch(&path);
            paths.push(path);
        }
        // A folder given as a file to read: a report, not the end of the batch.
        paths.insert(5, dir.path().to_path_buf());
        let options = Options {
            pdf_text: TextExtraction::Skip,
            ..Options::default()
        };
        let seen = Mutex::new(Vec::new());
        let reports = check_paths(
            &paths,
            None,
            &RuleSet::default(),
            None,
            &options,
            3,
            |i, report| {
                seen.lock().expect("lock").push((i, report.path.clone()));
            },
        );
        let names: Vec<String> = reports.iter().map(|r| r.path.clone()).collect();
        let expected: Vec<String> = paths.iter().map(|p| display_name(p)).collect();
        assert_eq!(names, expected);
        let mut seen = seen.into_inner().expect("lock");
        seen.sort();
        assert_eq!(seen.len(), paths.len());
        assert!(seen.iter().all(|(i, name)| *name == expected[*i]));
        let folder = &reports[5];
        assert!(folder.has("unreadable"), "{folder:?}");
        assert!(reports[0].has("file-type"), "{:?}", reports[0]);
    }
}
