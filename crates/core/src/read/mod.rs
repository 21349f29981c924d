//! Readers: bytes of a sniffed file in, one [`Document`](crate::document::Document) out.
//!
//! A reader never counts and never judges; it fills the model. What it cannot read it says with a
//! [`ReadError`], which the check turns into an `unreadable` diagnostic while the rest of the report
//! still comes out.

pub mod docx;
pub(crate) mod opc;
pub mod pdf;
mod pdf_hygiene;
pub mod pdf_text;
pub(crate) mod xml;
pub(crate) mod zipped;

use crate::limits::Limit;

/// Why a file could not be read. Messages name what is wrong, never the file's text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    /// The file runs past one of essaylint's resource limits.
    #[error("{detail} (limit {})", limit.name())]
    Limit {
        /// Which limit.
        limit: Limit,
        /// What was found, with the figures.
        detail: String,
    },
    /// The file needs a password to open.
    #[error("the file is protected with a password to open it")]
    Encrypted,
    /// The file's structure is broken (a bad zip, malformed XML, a broken PDF).
    #[error("{0}")]
    Corrupt(String),
    /// The file could not be read from disk (permissions, a folder, an I/O error): a shell's
    /// problem, reported in the same place so that the rest of the report still comes out.
    #[error("the file could not be read: {0}")]
    Io(String),
}

/// The bundled .docx files of these `fixtures/` folders, with their bytes: for tests that read
/// every one.
#[cfg(test)]
pub(crate) fn bundled_docx(folders: &[&str]) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let fixtures = crate::test_fixtures();
    let mut out = Vec::new();
    for folder in folders {
        for entry in std::fs::read_dir(fixtures.join(folder)).expect("fixtures") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "docx") {
                let bytes = std::fs::read(&path).expect("fixture");
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    out
}
