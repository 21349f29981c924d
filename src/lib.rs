//! essaylint's native shells around [`essaylint_core`], the pure core that decides every verdict.
//!
//! The core reads bytes and returns a report; the shells here do what a pure core may not:
//!
//! - [`check`] runs the core's check natively: PDF text from the sandboxed worker process, a deep
//!   stack for the PDF parser, and `--render libreoffice`.
//! - [`worker`] is the PDF text sandbox: pdf-extract in a child process under resource limits.
//! - [`batch`] reads files and folders and checks them on a thread pool.
//! - [`serve`] is `essaylint serve`, the HTTP service.
//! - [`libreoffice`] renders a Word document with LibreOffice to count its pages exactly.
//! - [`limits`] and [`render`] are the limits as command-line options and the terminal report.
//!
//! The core's modules are re-exported under their own names, so `essaylint::count` is
//! [`essaylint_core::count`]. Nothing in this crate decides a verdict.
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub use essaylint_core::{content, count, document, layout, read, report, rules, sniff};

pub mod batch;
pub mod check;
pub mod libreoffice;
pub mod limits;
pub mod render;
pub mod serve;
pub mod worker;

/// The README, whose library example (`## Library`) runs as a doc test: the example a newcomer
/// copies compiles and passes.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
