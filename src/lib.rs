//! essaylint checks an essay submission (.docx or .pdf) against the rules of a vacancy before it is
//! sent: words counted the way Microsoft Word counts them, pages, paper, and which essay variant applies
//! to the posts a candidate applied for.
//!
//! One way through, each stage a pure function of the one before:
//!
//! ```text
//! bytes → sniff → read (docx | pdf) → Document → count / pages → rules → Report → render (human | json)
//! ```
//!
//! - [`sniff`] recognises a file by its content.
//! - [`read`] fills a [`document::Document`]; readers never count or judge.
//! - [`count`] applies Word's counting rule and its policy of what counts towards a limit.
//! - [`content`] reads what the essay says: evidence for each element of its question, and its
//!   language.
//! - [`rules`] holds the vacancy data and the checks; each check is data plus a function.
//! - [`report`] is the plain-data result; [`render`] turns it into text or JSON.
//! - [`check`] ties the stages together; the CLI and the service call it and nothing else.
//! - [`serve`] is `essaylint serve`, the HTTP service: another renderer of the same report.
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod batch;
pub mod check;
pub mod content;
pub mod count;
pub mod document;
pub mod layout;
pub mod limits;
pub mod read;
pub mod render;
pub mod report;
pub mod rules;
pub mod serve;
pub mod sniff;
pub mod worker;
