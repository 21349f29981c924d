//! A PDF's text, page by page: the seam between the PDF reader and whatever extracts the text.
//!
//! pdf-extract can hang, overflow its stack or abort on hostile files. The core does not decide how
//! to contain that: [`read_pdf`](crate::read::pdf::read_pdf) asks a [`TextExtraction`] for each
//! page's text. [`extract_in_process`] runs pdf-extract in the caller's process, for a caller that
//! sandboxes the whole check itself (the native PDF worker process, a browser's Web Worker); the
//! native shells plug their sandboxed child process in as a [`PdfText`].

use std::fmt;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;

use crate::limits::{Limit, Limits};

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
}

/// Extracts each page's text with pdf-extract in this process. A hostile file can hang it,
/// overflow its stack or abort the process: call it where that is contained. Panics are caught.
pub fn extract_in_process(pdf: &[u8]) -> Result<Vec<String>, TextError> {
    panic::catch_unwind(AssertUnwindSafe(|| extract_pages(pdf)))
        .unwrap_or_else(|_| Err("pdf-extract failed on the PDF".to_owned()))
        .map_err(TextError::new)
}

/// Extracts each page's text with pdf-extract, a page at a time so that one bad page is reported
/// rather than silently ending the text early (`extract_text_from_mem_by_pages` stops at the first
/// page that fails). Errors are fixed sentences that never quote the file.
pub fn extract_pages(pdf: &[u8]) -> Result<Vec<String>, String> {
    let document = match load_for_extraction(pdf) {
        Some(document) => document,
        // lopdf 0.42 gives up on files that lopdf 0.47 repairs (a broken cross-reference table,
        // say): read it with 0.47, write it out clean (and decrypted), and try again.
        None => rewrite_clean(pdf)
            .as_deref()
            .and_then(load_for_extraction)
            .ok_or_else(|| "pdf-extract could not parse the PDF".to_owned())?,
    };
    let numbers: Vec<u32> = document.get_pages().keys().copied().collect();
    let mut pages = Vec::with_capacity(numbers.len());
    for number in numbers {
        let mut text = String::new();
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            let mut output = pdf_extract::PlainTextOutput::new(&mut text);
            pdf_extract::output_doc_page(&document, &mut output, number)
        }));
        match result {
            Ok(Ok(())) => {}
            Ok(Err(_)) => return Err(format!("pdf-extract could not read page {number}")),
            Err(_) => return Err(format!("pdf-extract failed on page {number}")),
        }
        // A page that shows text pdf-extract cannot decode (a CID font without a usable
        // ToUnicode map) would otherwise pass for a page without a text layer, and its words
        // would silently go uncounted.
        if text.trim().is_empty() && shows_text(&document, number) {
            return Err(format!(
                "pdf-extract could not decode the text on page {number} (its fonts have no usable character map)"
            ));
        }
        pages.push(text);
    }
    Ok(pages)
}

/// Loads a PDF with pdf-extract's lopdf and decrypts it with the empty user password, as
/// pdf-extract's own `extract_text_*` functions do.
fn load_for_extraction(pdf: &[u8]) -> Option<pdf_extract::Document> {
    let mut document = pdf_extract::Document::load_mem(pdf).ok()?;
    if document.is_encrypted() && document.decrypt("").is_err() {
        return None;
    }
    Some(document)
}

/// The PDF as lopdf 0.47 reads it (repairing what it can, decrypting with the empty password),
/// written out again.
fn rewrite_clean(pdf: &[u8]) -> Option<Vec<u8>> {
    let mut document = lopdf::Document::load_mem(pdf).ok()?;
    if document.is_encrypted() {
        return None;
    }
    let mut clean = Vec::new();
    document.save_to(&mut clean).ok()?;
    Some(clean)
}

/// Whether a page's content stream shows a string that is not just spaces (`Tj`, `TJ`, `'`, `"`).
fn shows_text(document: &pdf_extract::Document, number: u32) -> bool {
    use pdf_extract::Object;

    fn visible(object: &Object) -> bool {
        match object {
            Object::String(bytes, _) => bytes.iter().any(|&byte| byte != b' '),
            Object::Array(items) => items.iter().any(visible),
            _ => false,
        }
    }

    let Some(&id) = document.get_pages().get(&number) else {
        return false;
    };
    let Ok(content) = document.get_page_content(id) else {
        return false;
    };
    let Ok(content) = pdf_extract::content::Content::decode(&content) else {
        return false;
    };
    content.operations.iter().any(|operation| {
        matches!(operation.operator.as_str(), "Tj" | "TJ" | "'" | "\"")
            && operation.operands.iter().any(visible)
    })
}
