//! The core's check, run natively: what a pure core cannot do for itself.
//!
//! - PDF text comes from the sandboxed worker process ([`crate::worker`]) when
//!   [`TextExtraction::Worker`] says so, or from a warm one of a pool ([`TextExtraction::Pool`]).
//! - A PDF is checked on a thread with a large stack, reserved and not committed, so that the PDF
//!   parser's recursion survives nesting far deeper than any real file has.
//! - `--render libreoffice` renders a Word document and hands its pages to the core's report.
//!
//! Everything that decides a verdict is [`essaylint_core::check`]'s.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use essaylint_core::check::{
    Reading, counts_of, pages_of, paper_size, report_reading, variant_report,
};
use essaylint_core::document::Format;
use essaylint_core::limits::Limits;
use essaylint_core::read::pdf_text::{self, PdfText};
use essaylint_core::report::FileReport;
use essaylint_core::rules::data::{Resolved, RuleSet};

use crate::libreoffice::render_pages;
use crate::worker::{ForkSandbox, WorkerPool, WorkerProcess};

/// How a PDF's text is extracted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextExtraction {
    /// In a child process of this binary (`<exe> worker pdf-text`), with CPU, memory and wall-clock
    /// limits. The safe choice for untrusted files. The path is the essaylint executable, usually
    /// [`std::env::current_exe`].
    Worker(PathBuf),
    /// In a forked, sandboxed copy of this process under the same limits, reading the structure
    /// reader's own parse ([`ForkSandbox`]); in a worker process from this executable where a fork
    /// is not safe. The single-file CLI's choice: no process start, no second parse.
    Fork(PathBuf),
    /// Already started for the one file this check reads ([`crate::batch::Lone`]): the sandbox
    /// [`TextExtraction::Fork`] forked before the rules were loaded.
    Started(StartedText),
    /// In a warm worker of this pool: the same sandbox as [`TextExtraction::Worker`], without a
    /// process start per PDF (a service, a batch).
    Pool(Arc<WorkerPool>),
    /// In this process (pdf-extract can hang, overflow its stack or abort on hostile files: for
    /// trusted files and tests only).
    InProcess,
    /// Do not extract text (pages and sizes only).
    Skip,
}

/// A text extraction already under way for one file.
#[derive(Clone)]
pub struct StartedText(pub Arc<dyn PdfText>);

impl std::fmt::Debug for StartedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StartedText(..)")
    }
}

impl PartialEq for StartedText {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for StartedText {}

/// How a check runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Resource limits.
    pub limits: Limits,
    /// How PDF text is extracted.
    pub pdf_text: TextExtraction,
    /// Count a Word document's pages by rendering it with this LibreOffice (`soffice`) instead of
    /// the layout model: exact, but about a second a file. `None` uses the model.
    pub render_with: Option<PathBuf>,
}

impl Default for Options {
    /// Default limits, and PDF text extracted in this process. Callers checking untrusted files
    /// should use [`TextExtraction::Worker`], as the CLI does.
    fn default() -> Self {
        Options {
            limits: Limits::default(),
            pdf_text: TextExtraction::InProcess,
            render_with: None,
        }
    }
}

impl Options {
    /// The options as the core takes them.
    pub fn core(&self) -> essaylint_core::check::Options {
        essaylint_core::check::Options {
            limits: self.limits.clone(),
            pdf_text: match &self.pdf_text {
                TextExtraction::Worker(exe) => {
                    pdf_text::TextExtraction::With(Arc::new(WorkerProcess::new(exe.clone())))
                }
                // A file's fork starts in `read_bytes`, which knows the file; here, the fallback.
                TextExtraction::Fork(exe) => {
                    pdf_text::TextExtraction::With(Arc::new(WorkerProcess::new(exe.clone())))
                }
                TextExtraction::Started(text) => pdf_text::TextExtraction::With(text.0.clone()),
                TextExtraction::Pool(pool) => pdf_text::TextExtraction::With(pool.clone()),
                TextExtraction::InProcess => pdf_text::TextExtraction::InProcess,
                TextExtraction::Skip => pdf_text::TextExtraction::Skip,
            },
        }
    }
}

/// Stack reserved for checking a PDF. It is only address space until used, and lets lopdf's
/// recursive object parser survive nesting far deeper than any real file has.
const PDF_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Runs `work` on a thread with [`PDF_STACK_BYTES`] of stack when `bytes` are a PDF, else here.
fn on_a_deep_stack_for_pdf<T: Send>(bytes: &[u8], work: impl Fn() -> T + Sync) -> T {
    if essaylint_core::sniff::is_pdf(bytes) {
        with_deep_stack(work)
    } else {
        work()
    }
}

/// Runs `work` on a thread with a stack deep enough for the PDF parser (256 MiB reserved), or on
/// this thread when that stack cannot be had. A panic in `work` is resumed here.
pub fn with_deep_stack<T: Send>(work: impl Fn() -> T + Sync) -> T {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("essaylint-pdf".to_owned())
            .stack_size(PDF_STACK_BYTES)
            .spawn_scoped(scope, &work);
        match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // Address space for the stack could not be reserved (a tightly limited process):
            // check on this thread; the parser still runs behind catch_unwind.
            Err(_) => work(),
        }
    })
}

/// Starts reading `bytes`' text now when `options` say [`TextExtraction::Fork`] and they are a PDF
/// the check will read (not past the file-size limit).
pub fn start_text(bytes: &[u8], options: &Options) -> Option<StartedText> {
    let TextExtraction::Fork(exe) = &options.pdf_text else {
        return None;
    };
    (essaylint_core::sniff::is_pdf(bytes) && bytes.len() as u64 <= options.limits.max_file_bytes)
        .then(|| StartedText(ForkSandbox::start(exe.clone(), bytes, &options.limits)))
}

/// Sniffs and reads a file's bytes.
pub fn read_bytes(bytes: &[u8], options: &Options) -> Reading {
    let mut core = options.core();
    // Forked before the structure parse (and before the deep-stack thread, so from a process of
    // one thread): the child reads the text while this process reads the structure.
    if let Some(started) = start_text(bytes, options) {
        core.pdf_text = pdf_text::TextExtraction::With(started.0);
    }
    on_a_deep_stack_for_pdf(bytes, || essaylint_core::check::read_bytes(bytes, &core))
}

/// Checks one file's bytes against the rule set in force and the variant the posts given resolve
/// to (none without posts), and reports.
pub fn check_bytes(
    path: &str,
    bytes: &[u8],
    rules: &RuleSet,
    variant: Option<&Resolved<'_>>,
    options: &Options,
) -> FileReport {
    let reading = read_bytes(bytes, options);
    match (&options.render_with, reading.format, &reading.document) {
        (Some(soffice), Format::Docx, Some(_)) => {
            let rendered = render_pages(
                bytes,
                soffice,
                options.limits.worker_wall.max(Duration::from_secs(60)),
            )
            .map_err(|e| e.to_string());
            essaylint_core::check::report_rendered(path, &reading, rules, variant, rendered)
        }
        _ => report_reading(path, &reading, rules, variant),
    }
}
