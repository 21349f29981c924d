//! essaylint's core: everything that decides a verdict, and nothing else.
//!
//! It checks an essay submission (.docx or .pdf) against the rules of a vacancy: words counted the
//! way Microsoft Word counts them, pages, paper, and which essay variant applies to the posts a
//! candidate applied for. It is pure: bytes and rule data in, a plain-data [`report::FileReport`]
//! out. It starts no process or thread, reads no file, clock or environment variable, and links no C
//! (unless a native shell turns on the `native-inflate` feature), so it builds for
//! `wasm32-unknown-unknown` and runs in a browser as it runs in the CLI and the service.
//!
//! One way through, each stage a pure function of the one before:
//!
//! ```text
//! bytes → sniff → read (docx | pdf) → Document → count / layout → rules → Report → render (json)
//! ```
//!
//! - [`sniff`] recognises a file by its content.
//! - [`read`] fills a [`document::Document`]; readers never count or judge. A PDF's text comes
//!   through a seam, [`read::pdf_text::PdfText`]: in this process
//!   ([`read::pdf_text::extract_in_process`]), or from a sandbox a shell provides.
//! - [`count`] applies Word's counting rule and its policy of what counts towards a limit.
//! - [`layout`] sets a Word document's pages, as Word would.
//! - [`content`] reads what the essay says: evidence for each element of its question, and its
//!   language.
//! - [`rules`] holds the vacancy data and the checks; each check is data plus a function.
//! - [`report`] is the plain-data result; [`render::json`] writes it as the versioned JSON.
//! - [`check`] ties the stages together; every shell calls it and nothing else.
//! - [`limits`] bounds what a hostile file can cost, as plain data.
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod content;
pub mod count;
pub mod document;
pub mod layout;
pub mod limits;
// The readers' unit tests read the bundled fixtures from the repository; the readers themselves
// read no file.
#[cfg_attr(test, allow(clippy::disallowed_methods))]
pub mod read;
pub mod render;
pub mod report;
pub mod rules;
pub mod sniff;

/// The repository's `fixtures/` folder, for tests that read bundled files.
#[cfg(test)]
pub(crate) fn test_fixtures() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}
