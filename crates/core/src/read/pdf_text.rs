//! A PDF's text, page by page: the seam between the PDF reader and whatever extracts the text.
//!
//! pdf-extract can hang, overflow its stack or abort on hostile files. The core does not decide how
//! to contain that: [`read_pdf`](crate::read::pdf::read_pdf) asks a [`TextExtraction`] for each
//! page's text. [`extract_in_process`] runs pdf-extract in the caller's process, for a caller that
//! sandboxes the whole check itself (the native PDF worker process, a browser's Web Worker); the
//! native shells plug their sandboxed child process in as a [`PdfText`].
//!
//! pdf-extract is essaylint's copy of 0.12.1 on lopdf 0.47 (`vendor/pdf-extract`), the lopdf the
//! structure reader uses, so the text is read from the structure reader's own parse: in process
//! from the very same [`lopdf::Document`], and in the worker from a parse made the same way
//! ([`parse_pdf`]). Either way page *n* of the text is the structure's page *n*.

use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;

use crate::limits::{Limit, Limits};
use crate::read::pdf::{ParsedPdf, parse_pdf};

/// Why a PDF's text could not be had: a sentence for people that names the cause (and, for a
/// limit, the limit's name) and never quotes the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(essaylint::pdf_text))]
pub struct TextError {
    message: String,
    limit: Option<Limit>,
}

impl TextError {
    /// A failure described by `message`.
    pub fn new(message: impl Into<String>) -> Self {
        TextError {
            message: message.into(),
            limit: None,
        }
    }

    /// A failure that ran into `limit`; `message` names it.
    pub fn at_limit(message: impl Into<String>, limit: Limit) -> Self {
        TextError {
            message: message.into(),
            limit: Some(limit),
        }
    }

    /// The limit the extraction ran into, if it was one.
    pub fn limit(&self) -> Option<Limit> {
        self.limit
    }
}

/// Something that extracts each page's text from a PDF, in page order.
pub trait PdfText: Send + Sync {
    /// The text of each page, or why there is none.
    fn page_texts(&self, pdf: &[u8], limits: &Limits) -> Result<Vec<String>, TextError>;
}

/// How a PDF's text is extracted.
#[derive(Clone, Default)]
pub enum TextExtraction {
    /// In this process, with [`extract_in_process`]: for trusted files, or for a caller that
    /// contains the whole check (a worker process, a Web Worker).
    #[default]
    InProcess,
    /// Do not extract text (pages and sizes only).
    Skip,
    /// By this extractor (the native shells: a sandboxed child process).
    With(Arc<dyn PdfText>),
}

impl fmt::Debug for TextExtraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextExtraction::InProcess => "InProcess",
            TextExtraction::Skip => "Skip",
            TextExtraction::With(_) => "With(..)",
        })
    }
}

impl TextExtraction {
    /// Each page's text as this way extracts it; `None` when it is [`TextExtraction::Skip`].
    pub fn extract(&self, pdf: &[u8], limits: &Limits) -> Option<Result<Vec<String>, TextError>> {
        match self {
            TextExtraction::InProcess => Some(extract_in_process(pdf)),
            TextExtraction::Skip => None,
            TextExtraction::With(extractor) => Some(extractor.page_texts(pdf, limits)),
        }
    }

    /// [`TextExtraction::extract`] for a file the structure reader has parsed into `parsed`: in
    /// process, the text is read from that same document, so the file is parsed once.
    pub(crate) fn extract_parsed(
        &self,
        pdf: &[u8],
        parsed: &ParsedPdf,
        limits: &Limits,
    ) -> Option<Result<Vec<String>, TextError>> {
        match self {
            TextExtraction::InProcess => Some(
                panic::catch_unwind(AssertUnwindSafe(|| page_texts(parsed)))
                    .unwrap_or_else(|_| Err(EXTRACTION_FAILED.to_owned()))
                    .map_err(TextError::new),
            ),
            TextExtraction::Skip => None,
            TextExtraction::With(extractor) => Some(extractor.page_texts(pdf, limits)),
        }
    }
}

const EXTRACTION_FAILED: &str = "pdf-extract failed on the PDF";

/// Extracts each page's text with pdf-extract in this process. A hostile file can hang it,
/// overflow its stack or abort the process: call it where that is contained. Panics are caught.
pub fn extract_in_process(pdf: &[u8]) -> Result<Vec<String>, TextError> {
    panic::catch_unwind(AssertUnwindSafe(|| extract_pages(pdf)))
        .unwrap_or_else(|_| Err(EXTRACTION_FAILED.to_owned()))
        .map_err(TextError::new)
}

/// Extracts each page's text with pdf-extract from the PDF's bytes (what the text worker runs).
/// The file is parsed as the structure reader parses it ([`parse_pdf`]: the same lopdf, the same
/// repairs, the same pages), so that the text of page *n* is the text of the structure's page
/// *n*. Errors are fixed sentences that never quote the file.
pub fn extract_pages(pdf: &[u8]) -> Result<Vec<String>, String> {
    // The parent has already read the structure within the check's limits; these only keep the
    // text pass from refusing what the structure reader accepted (the worker's own resource
    // limits bound it). A stream still inflates to at most lopdf's default bound.
    let limits = Limits {
        max_part_bytes: lopdf::DEFAULT_MAX_DECOMPRESSED_SIZE as u64,
        max_pdf_objects: usize::MAX,
        max_pdf_pages: usize::MAX,
        ..Limits::default()
    };
    let parsed =
        parse_pdf(pdf, &limits).map_err(|_| "pdf-extract could not parse the PDF".to_owned())?;
    page_texts(&parsed)
}

/// Extracts the text of each page of `parsed`, a page at a time so that one bad page is reported
/// rather than silently ending the text early.
fn page_texts(parsed: &ParsedPdf) -> Result<Vec<String>, String> {
    let document = &parsed.pdf;
    let mut pages = Vec::with_capacity(parsed.page_ids.len());
    for (index, id) in parsed.page_ids.iter().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        // A page written inline in its parent's `/Kids` has no object number for pdf-extract.
        let Some(id) = *id else {
            pages.push(String::new());
            continue;
        };
        let mut text = String::new();
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            let mut output = pdf_extract::PlainTextOutput::new(&mut text);
            pdf_extract::output_page_object(document, &mut output, number, id)
        }));
        match result {
            Ok(Ok(())) => {}
            Ok(Err(_)) => return Err(format!("pdf-extract could not read page {number}")),
            Err(_) => return Err(format!("pdf-extract failed on page {number}")),
        }
        // A page that shows text pdf-extract cannot decode (a CID font without a usable
        // ToUnicode map) would otherwise pass for a page without a text layer, and its words
        // would silently go uncounted.
        if text.trim().is_empty() && shows_text(document, id) {
            return Err(format!(
                "pdf-extract could not decode the text on page {number} (its fonts have no usable character map)"
            ));
        }
        pages.push(text);
    }
    Ok(pages)
}

/// Whether a page's content stream shows a string that is not just spaces (`Tj`, `TJ`, `'`, `"`).
fn shows_text(document: &lopdf::Document, id: lopdf::ObjectId) -> bool {
    use lopdf::Object;

    fn visible(object: &Object) -> bool {
        match object {
            Object::String(bytes, _) => bytes.iter().any(|&byte| byte != b' '),
            Object::Array(items) => items.iter().any(visible),
            _ => false,
        }
    }

    let content = document.get_page_content(id);
    let Ok(content) = lopdf::content::Content::decode(&content) else {
        return false;
    };
    content.operations.iter().any(|operation| {
        matches!(operation.operator.as_str(), "Tj" | "TJ" | "'" | "\"")
            && operation.operands.iter().any(visible)
    })
}
