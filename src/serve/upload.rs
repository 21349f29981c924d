//! Reading an upload, and admission: which requests may hold a body in memory and be checked.
//!
//! An upload is the request body itself (any content type), or the field `file` of a
//! `multipart/form-data` form, whose filename becomes the report's `path` (a raw body is reported as
//! [`RAW_UPLOAD_NAME`]). The filename is only reported, never used to decide the type: the library
//! sniffs the content.
//!
//! Memory is what a flood of uploads exhausts first, so a request reads only the first bytes of its
//! upload (enough for [`crate::sniff::sniff`] to say whether it is a PDF), then waits for a permit,
//! and only then reads the rest. There are two pools of permits: PDFs (`--max-concurrent-pdf`,
//! each may run a text worker process of up to `--worker-memory-mb`) and everything else
//! (`--max-concurrent`), so that a burst of hostile PDFs never delays a Word document, and the
//! memory of the whole process tree is bounded by the permits, whatever the number of callers. A
//! request that would be waiting behind `--max-queue` others is answered 503 at once. Each body is
//! counted while it streams in: past `--max-upload-mb` the answer is 413, and a `Content-Length`
//! past it is refused before any byte is read.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::multipart::{Field, Multipart, MultipartError};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use bytes::Bytes;
use http_body_util::BodyExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::error::ApiError;
use crate::document::Format;
use crate::limits::Limits;

/// The report's `path` for an upload sent as the raw request body.
pub const RAW_UPLOAD_NAME: &str = "upload";

/// How much a multipart form may add to the file it carries (boundaries, headers, small fields).
pub const MULTIPART_SLACK_BYTES: u64 = 64 * 1024;

/// The bytes the sniffer needs to recognise a PDF (Acrobat looks for `%PDF-` in the first 1024).
const SNIFF_BYTES: usize = 1024;

/// The longest filename reported; longer ones are cut.
const MAX_NAME_CHARS: usize = 255;

/// Which pool of permits an upload needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// A PDF: its text is extracted by a worker process.
    Pdf,
    /// Anything else (Word documents, and files of the wrong type, which cost little).
    Other,
}

/// The permits and the queue.
#[derive(Debug)]
pub struct Admission {
    other: Arc<Semaphore>,
    pdf: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_queue: usize,
    /// Permits for uploads other than PDFs.
    pub max_concurrent: u32,
    /// Permits for PDFs.
    pub max_concurrent_pdf: u32,
}

/// Counts a request as waiting for as long as it lives.
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
        ::metrics::gauge!(super::metrics::QUEUED).decrement(1.0);
    }
}

/// A permit of one pool, counted in [`super::metrics::ADMITTED`] for as long as it is held.
#[derive(Debug)]
pub struct Permit {
    _permit: OwnedSemaphorePermit,
    pool: &'static str,
}

impl Permit {
    fn new(permit: OwnedSemaphorePermit, class: Class) -> Permit {
        let pool = class.name();
        ::metrics::gauge!(super::metrics::ADMITTED, "pool" => pool).increment(1.0);
        Permit {
            _permit: permit,
            pool,
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        ::metrics::gauge!(super::metrics::ADMITTED, "pool" => self.pool).decrement(1.0);
    }
}

impl Class {
    /// The pool's name in metrics and logs: `pdf` or `other`.
    pub fn name(self) -> &'static str {
        match self {
            Class::Pdf => "pdf",
            Class::Other => "other",
        }
    }
}

impl Admission {
    /// `max_concurrent` permits for most uploads, `max_concurrent_pdf` for PDFs, and at most
    /// `max_queue` requests waiting for either.
    pub fn new(max_concurrent: u32, max_concurrent_pdf: u32, max_queue: u32) -> Admission {
        Admission {
            other: Arc::new(Semaphore::new(max_concurrent as usize)),
            pdf: Arc::new(Semaphore::new(max_concurrent_pdf as usize)),
            waiting: AtomicUsize::new(0),
            max_queue: max_queue as usize,
            max_concurrent,
            max_concurrent_pdf,
        }
    }

    /// A permit of the class's pool: at once when one is free, else after waiting in the queue
    /// (the caller's deadline bounds the wait); 503 when the queue is full.
    pub async fn admit(&self, class: Class) -> Result<Permit, ApiError> {
        let pool = match class {
            Class::Pdf => &self.pdf,
            Class::Other => &self.other,
        };
        if let Ok(permit) = pool.clone().try_acquire_owned() {
            return Ok(Permit::new(permit, class));
        }
        let before = self.waiting.fetch_add(1, Ordering::SeqCst);
        ::metrics::gauge!(super::metrics::QUEUED).increment(1.0);
        let _waiting = Waiting(&self.waiting);
        if before >= self.max_queue {
            return Err(ApiError::unavailable(format!(
                "the service is saturated: {} uploads are waiting (max-queue); retry shortly",
                before
            )));
        }
        pool.clone()
            .acquire_owned()
            .await
            .map(|permit| Permit::new(permit, class))
            .map_err(|_| ApiError::unavailable("the service is shutting down"))
    }
}

/// An upload read whole, with the permit that allows it to be checked.
#[derive(Debug)]
pub struct Received {
    /// What the report calls it: the multipart filename or [`RAW_UPLOAD_NAME`].
    pub name: String,
    /// The file.
    pub bytes: Vec<u8>,
    /// Its pool.
    pub class: Class,
    /// Held until the check is over.
    pub permit: Permit,
    /// How long it waited for the permit.
    pub queued: Duration,
}

/// Where the file's bytes come from.
enum Source<'a> {
    Body(Body),
    Field(Box<Field<'a>>),
}

impl Source<'_> {
    async fn next_chunk(&mut self) -> Result<Option<Bytes>, ApiError> {
        match self {
            Source::Body(body) => loop {
                match body.frame().await {
                    None => return Ok(None),
                    Some(Err(_)) => {
                        return Err(ApiError::new(
                            StatusCode::BAD_REQUEST,
                            "the request body could not be read to its end",
                        ));
                    }
                    Some(Ok(frame)) => {
                        // Trailers carry no file bytes.
                        if let Ok(data) = frame.into_data() {
                            return Ok(Some(data));
                        }
                    }
                }
            },
            Source::Field(field) => field.chunk().await.map_err(multipart_error),
        }
    }
}

fn too_large(max: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "the upload is larger than the {} accepted (limit max-upload-mb)",
            essaylint_core::limits::human_bytes(max)
        ),
    )
}

fn multipart_error(error: MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "the form is larger than the upload limit (limit max-upload-mb)",
        );
    }
    ApiError::new(
        StatusCode::BAD_REQUEST,
        format!(
            "the multipart form could not be read: {}",
            error.body_text()
        ),
    )
}

/// Whether the request is a multipart form.
pub fn is_multipart(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .get(..19)
                .is_some_and(|t| t.eq_ignore_ascii_case("multipart/form-data"))
        })
}

/// The declared `Content-Length`, if any and readable.
fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

/// The largest body a request may send: the file limit, plus the form's own bytes for multipart.
pub fn body_allowance(limits: &Limits, multipart: bool) -> u64 {
    if multipart {
        limits.max_file_bytes.saturating_add(MULTIPART_SLACK_BYTES)
    } else {
        limits.max_file_bytes
    }
}

/// A filename fit to report: control characters replaced, at most [`MAX_NAME_CHARS`].
fn clean_name(name: &str) -> String {
    name.chars()
        .take(MAX_NAME_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Reads the upload of a request: 413 past the limit (before reading when `Content-Length` says
/// so), 415 when it is empty, 400 for a form without a `file` field; waits for a permit after the
/// first bytes (see the module documentation).
pub async fn receive(
    request: Request,
    limits: &Limits,
    admission: &Admission,
) -> Result<Received, ApiError> {
    let multipart = is_multipart(request.headers());
    let declared = content_length(request.headers());
    if declared.is_some_and(|n| n > body_allowance(limits, multipart)) {
        return Err(too_large(limits.max_file_bytes));
    }
    if !multipart {
        let source = Source::Body(request.into_body());
        return take(
            source,
            RAW_UPLOAD_NAME.to_owned(),
            declared,
            limits,
            admission,
        )
        .await;
    }
    let mut form = Multipart::from_request(request, &())
        .await
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, e.body_text()))?;
    let mut other_bytes = 0u64;
    loop {
        let Some(field) = form.next_field().await.map_err(multipart_error)? else {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "the multipart form has no field named `file`",
            ));
        };
        if field.name() == Some("file") {
            let name = field
                .file_name()
                .map_or_else(|| RAW_UPLOAD_NAME.to_owned(), clean_name);
            let received = take(
                Source::Field(Box::new(field)),
                name,
                declared,
                limits,
                admission,
            )
            .await?;
            // The fields after the file are read too, so that a form is judged whole, whatever
            // the order of its fields: a malformed one is a 400 before or after the file.
            while let Some(field) = form.next_field().await.map_err(multipart_error)? {
                other_bytes = read_past(field, other_bytes, limits).await?;
            }
            return Ok(received);
        }
        other_bytes = read_past(field, other_bytes, limits).await?;
    }
}

/// Reads a field other than the file and drops it, within the form's slack; returns the bytes of
/// such fields so far.
async fn read_past(
    mut field: Field<'_>,
    mut other_bytes: u64,
    limits: &Limits,
) -> Result<u64, ApiError> {
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        other_bytes += chunk.len() as u64;
        if other_bytes > MULTIPART_SLACK_BYTES {
            return Err(too_large(limits.max_file_bytes));
        }
    }
    Ok(other_bytes)
}

async fn take(
    mut source: Source<'_>,
    name: String,
    declared: Option<u64>,
    limits: &Limits,
    admission: &Admission,
) -> Result<Received, ApiError> {
    let max = limits.max_file_bytes;
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut read = 0u64;
    // The first bytes, before any permit: enough to sniff.
    while read < SNIFF_BYTES as u64 {
        match source.next_chunk().await? {
            None => break,
            Some(chunk) => {
                read += chunk.len() as u64;
                if read > max {
                    return Err(too_large(max));
                }
                chunks.push(chunk);
            }
        }
    }
    if read == 0 {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "the upload is empty: send the essay (.docx or .pdf) as the request body, or as the \
             field `file` of a multipart/form-data form",
        ));
    }
    let class = {
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        for chunk in &chunks {
            let room = SNIFF_BYTES - head.len();
            head.extend_from_slice(&chunk[..chunk.len().min(room)]);
            if head.len() == SNIFF_BYTES {
                break;
            }
        }
        if crate::sniff::sniff(&head, limits) == Format::Pdf {
            Class::Pdf
        } else {
            Class::Other
        }
    };
    let waited = Instant::now();
    let permit = admission.admit(class).await?;
    let queued = waited.elapsed();
    // Only now may the upload take its room: at most the declared size, never past the limit.
    let expected = declared.unwrap_or(read).clamp(read, max);
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    for chunk in chunks {
        bytes.extend_from_slice(&chunk);
    }
    while let Some(chunk) = source.next_chunk().await? {
        if bytes.len() as u64 + chunk.len() as u64 > max {
            return Err(too_large(max));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Received {
        name,
        bytes,
        class,
        permit,
        queued,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn multipart_is_told_by_content_type() {
        let mut headers = HeaderMap::new();
        assert!(!is_multipart(&headers));
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("Multipart/Form-Data; boundary=x"),
        );
        assert!(is_multipart(&headers));
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/pdf"),
        );
        assert!(!is_multipart(&headers));
    }

    #[test]
    fn names_are_cleaned_and_cut() {
        assert_eq!(clean_name("a\nb.docx"), "a b.docx");
        assert_eq!(clean_name(&"é".repeat(300)).chars().count(), MAX_NAME_CHARS);
    }

    #[tokio::test]
    async fn a_full_queue_is_answered_503_at_once() {
        let admission = Admission::new(1, 1, 0);
        let held = admission.admit(Class::Other).await.expect("a free permit");
        let refused = admission.admit(Class::Other).await.expect_err("no room");
        assert_eq!(refused.0, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(refused.1.retry_after_secs, Some(1));
        // The PDF pool is separate.
        let pdf = admission.admit(Class::Pdf).await.expect("a PDF permit");
        drop((held, pdf));
        assert!(admission.admit(Class::Other).await.is_ok());
        assert_eq!(admission.waiting.load(Ordering::SeqCst), 0);
    }
}
