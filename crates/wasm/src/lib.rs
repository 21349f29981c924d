//! essaylint in the browser: a thin [`wasm_bindgen`] shell around `essaylint-core`.
//!
//! The page (`web/`) runs this module in a dedicated Web Worker and calls:
//! - [`check`]: one file's bytes in, the JSON report `essaylint check --format json` gives for that
//!   file out (the same schema version, from the same renderer);
//! - [`inspect`]: the same report, with how the essay covers its question (what the page shows);
//! - [`recover`] and [`stopped`]: the report for a file whose check the page stopped (its deadline
//!   passed, or the module trapped), made by a fresh instance;
//! - [`rules`], [`resolve`], [`explain`]: the rule data, which variant a set of posts selects, and
//!   a check's documentation.
//!
//! Every function returns a string of JSON and never throws: a caller's mistake (an unknown post)
//! comes back as `{"error": {"status", "message", …}}`, the shape the HTTP service answers with. A panic cannot be caught
//! on `wasm32-unknown-unknown` (it aborts, and the instance traps); the panic hook hands its message
//! to the worker first (`essaylintPanicked`), and the page reports the file through [`recover`] in a
//! fresh instance. Nothing here decides a verdict: the core does.

use std::sync::{Arc, OnceLock};

use essaylint_core::check::{Options, check_bytes, inspect_bytes, report_stopped};
use essaylint_core::limits::Limits;
use essaylint_core::read::pdf_text::{PdfText, TextError, TextExtraction};
use essaylint_core::render::json;
use essaylint_core::report::{FileReport, Report};
use essaylint_core::rules::data::{Resolved, RuleSet, VariantError};
use essaylint_core::rules::{CHECKS, find_check};
use essaylint_core::sniff::is_pdf;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The built-in rule set, loaded once per instance.
fn rule_set() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(RuleSet::builtin)
}

/// An error, as the HTTP service writes it: `{"error": {"status", "message", "valid_posts"?,
/// "valid_checks"?}}`, with the status the service would answer.
#[derive(Serialize)]
struct ErrorDetail {
    status: u16,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_posts: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_checks: Option<Vec<String>>,
}

fn error_json(error: ErrorDetail) -> String {
    #[derive(Serialize)]
    struct ErrorBody {
        error: ErrorDetail,
    }
    serde_json::to_string(&ErrorBody { error })
        .unwrap_or_else(|_| r#"{"error":{"status":500,"message":"essaylint failed"}}"#.to_string())
}

fn variant_error(error: &VariantError) -> String {
    error_json(ErrorDetail {
        status: 400,
        message: error.to_string(),
        valid_posts: Some(rule_set().post_ids()),
        valid_checks: None,
    })
}

/// The whole report of one file, as `essaylint check --format json` writes it.
fn report_json(file: FileReport) -> String {
    json::to_json(&Report::new(vec![file]))
}

/// Resolves the posts, then runs `f` with the variant they select (none without posts).
fn with_variant(posts: &[String], f: impl FnOnce(Option<&Resolved<'_>>) -> String) -> String {
    match rule_set().resolve(posts) {
        Ok(variant) => f(variant.as_ref()),
        Err(error) => variant_error(&error),
    }
}

/// Checks one file: its bytes, the name to report it under, and the posts applied for. Returns the
/// JSON report (`{"schema_version": 2, "tool": …, "files": [one]}`), or `{"error": {"status": 400,
/// "message", "valid_posts": […]}}` when a post is not known.
#[wasm_bindgen]
pub fn check(bytes: &[u8], name: &str, posts: Vec<String>) -> String {
    with_variant(&posts, |variant| {
        report_json(check_bytes(
            name,
            bytes,
            rule_set(),
            variant,
            &Options::default(),
        ))
    })
}

/// As [`check`], with what the page shows beside the report: how the essay covers its question,
/// and the words each diagnostic's excerpt marks (the JSON report has the excerpt, not the mark):
/// `{"report": <the report>, "coverage": {variant, addressed, total, elements: [{id, summary,
/// addressed, passages}]} | null, "marks": [{diagnostic, start, end, label}]}`, where `start` and
/// `end` count UTF-16 code units of the excerpt, as JavaScript strings do.
#[wasm_bindgen]
pub fn inspect(bytes: &[u8], name: &str, posts: Vec<String>) -> String {
    with_variant(&posts, |variant| {
        let inspection = inspect_bytes(name, bytes, rule_set(), variant, &Options::default());
        let coverage =
            serde_json::to_string(&inspection.coverage).unwrap_or_else(|_| "null".into());
        let marks =
            serde_json::to_string(&marks(&inspection.report)).unwrap_or_else(|_| "[]".into());
        format!(
            "{{\"report\":{},\"coverage\":{coverage},\"marks\":{marks}}}",
            report_json(inspection.report)
        )
    })
}

/// The highlight of a diagnostic's excerpt, in UTF-16 code units.
#[derive(Debug, PartialEq, Serialize)]
struct Mark {
    /// The index of the diagnostic in the file's `diagnostics`.
    diagnostic: usize,
    /// Where the marked words start and end; null when the label applies to the whole excerpt
    /// ("page 1 ends in this paragraph").
    start: Option<usize>,
    end: Option<usize>,
    label: Option<String>,
}

fn marks(file: &FileReport) -> Vec<Mark> {
    let utf16 = |text: &str, byte: usize| -> Option<usize> {
        Some(text.get(..byte)?.encode_utf16().count())
    };
    file.diagnostics
        .iter()
        .enumerate()
        .filter_map(|(index, d)| {
            let location = d.location.as_ref()?;
            let excerpt = location.excerpt.as_deref()?;
            let span = location.highlight.and_then(|(start, len)| {
                Some((
                    utf16(excerpt, start)?,
                    utf16(excerpt, start.checked_add(len)?)?,
                ))
            });
            if span.is_none() && location.highlight_label.is_none() {
                return None;
            }
            Some(Mark {
                diagnostic: index,
                start: span.map(|s| s.0),
                end: span.map(|s| s.1),
                label: location.highlight_label.clone(),
            })
        })
        .collect()
}

/// Why the worker stopped a check, in words for the report: of the whole check, and of a PDF's text
/// extraction.
fn stop_reasons(kind: &str, detail: &str) -> (String, String) {
    match kind {
        "deadline" => (
            format!("it took longer than {detail}"),
            format!("text extraction took longer than {detail} (the page's deadline)"),
        ),
        "memory" => (
            format!("it needed more memory than the page allows ({detail})"),
            format!("text extraction needed more than {detail} of memory (the page's limit)"),
        ),
        "stack" => (
            "it nests too deeply for the browser to follow (the call stack overflowed)".into(),
            "text extraction overflowed its stack (the PDF nests too deeply or draws itself)"
                .into(),
        ),
        _ => (
            format!("essaylint failed while checking it ({detail})"),
            format!("text extraction failed ({detail})"),
        ),
    }
}

/// A PDF text extractor that reports the failure that stopped the first attempt.
struct Failed(String);

impl PdfText for Failed {
    fn page_texts(&self, _pdf: &[u8], _limits: &Limits) -> Result<Vec<String>, TextError> {
        Err(TextError::new(self.0.clone()))
    }
}

/// The report of a file whose check the worker stopped (`kind`: `deadline`, `memory`, `stack` or
/// `failed`; `detail`: the deadline, the memory maximum, or the failure's message), made by a
/// fresh instance. A PDF is read again without its text, as the native shells report a PDF whose
/// text worker failed: its pages and paper, and `unreadable` saying why its text could not be had.
/// Anything else is `unreadable` ("the check was stopped: …").
#[wasm_bindgen]
pub fn recover(bytes: &[u8], name: &str, posts: Vec<String>, kind: &str, detail: &str) -> String {
    let (whole, text) = stop_reasons(kind, detail);
    with_variant(&posts, |variant| {
        let file = if is_pdf(bytes) {
            let options = Options {
                pdf_text: TextExtraction::With(Arc::new(Failed(text))),
                ..Options::default()
            };
            check_bytes(name, bytes, rule_set(), variant, &options)
        } else {
            report_stopped(
                name,
                bytes,
                rule_set(),
                variant,
                &Options::default(),
                &whole,
            )
        };
        report_json(file)
    })
}

/// The report of a file whose check was stopped, without reading it again: `unreadable` ("the
/// check was stopped: …"), with the format the sniffer sees. For when [`recover`] fails too.
#[wasm_bindgen]
pub fn stopped(bytes: &[u8], name: &str, posts: Vec<String>, kind: &str, detail: &str) -> String {
    let (whole, _) = stop_reasons(kind, detail);
    with_variant(&posts, |variant| {
        report_json(report_stopped(
            name,
            bytes,
            rule_set(),
            variant,
            &Options::default(),
            &whole,
        ))
    })
}

/// The rule data: competitions, posts, essay variants and their limits and questions (the JSON
/// shape of `GET /v1/rules`).
#[wasm_bindgen]
pub fn rules() -> String {
    serde_json::to_string(rule_set()).unwrap_or_else(|e| {
        error_json(ErrorDetail {
            status: 500,
            message: e.to_string(),
            valid_posts: None,
            valid_checks: None,
        })
    })
}

/// Which essay variant a set of posts selects: `{"variant": {...} | null}` (null without posts),
/// or `{"error": {"status": 400, "message", "valid_posts": […]}}`.
#[wasm_bindgen]
pub fn resolve(posts: Vec<String>) -> String {
    with_variant(&posts, |variant| {
        #[derive(Serialize)]
        struct Selected {
            variant: Option<essaylint_core::report::VariantReport>,
        }
        let selected = Selected {
            variant: variant.map(essaylint_core::check::variant_report),
        };
        serde_json::to_string(&selected).unwrap_or_else(|_| r#"{"variant":null}"#.into())
    })
}

/// A check's documentation, as `GET /v1/explain/{name}` gives it (`name` is a check's name or
/// code); with an empty name, every check, in the order they run.
#[wasm_bindgen]
pub fn explain(name: &str) -> String {
    #[derive(Serialize)]
    struct CheckDoc {
        code: &'static str,
        name: &'static str,
        severity: &'static str,
        summary: &'static str,
        doc: String,
    }
    let doc = |check: &essaylint_core::rules::CheckInfo| CheckDoc {
        code: check.code,
        name: check.name,
        severity: check.severity.as_str(),
        summary: check.summary(),
        doc: check.doc_markdown(),
    };
    let out = if name.is_empty() {
        serde_json::to_string(&CHECKS.iter().map(doc).collect::<Vec<_>>())
    } else {
        match find_check(name) {
            Some(check) => serde_json::to_string(&doc(check)),
            None => {
                return error_json(ErrorDetail {
                    status: 404,
                    message: format!("no check is called `{name}`"),
                    valid_posts: None,
                    valid_checks: Some(CHECKS.iter().map(|c| c.name.to_owned()).collect()),
                });
            }
        }
    };
    out.unwrap_or_else(|e| {
        error_json(ErrorDetail {
            status: 500,
            message: e.to_string(),
            valid_posts: None,
            valid_checks: None,
        })
    })
}

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
extern "C" {
    /// The worker's handler for a panic's message, called just before the instance traps.
    #[wasm_bindgen(js_name = essaylintPanicked)]
    fn panicked(message: &str);
    /// The worker's handler for an allocation the memory's maximum refused (the instance then
    /// traps), with the bytes asked for.
    #[wasm_bindgen(js_name = essaylintOutOfMemory)]
    fn out_of_memory(bytes: f64);
}

/// The system allocator, which tells the worker when the memory's maximum refuses an allocation:
/// the abort that follows is no panic, and would otherwise reach the page as a bare
/// "unreachable" trap.
#[cfg(target_arch = "wasm32")]
struct Reporting;

#[cfg(target_arch = "wasm32")]
// SAFETY: every method forwards to `System` with the caller's arguments unchanged, so `System`'s
// guarantees hold; the hook only reads the layout's size and calls an import that does not
// allocate in this module.
#[allow(unsafe_code)]
unsafe impl std::alloc::GlobalAlloc for Reporting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: forwarded as received (see the impl).
        let ptr = unsafe { std::alloc::System.alloc(layout) };
        if ptr.is_null() {
            out_of_memory(layout.size() as f64);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: forwarded as received (see the impl).
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: forwarded as received (see the impl).
        let ptr = unsafe { std::alloc::System.alloc_zeroed(layout) };
        if ptr.is_null() {
            out_of_memory(layout.size() as f64);
        }
        ptr
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as received (see the impl).
        let new = unsafe { std::alloc::System.realloc(ptr, layout, new_size) };
        if new.is_null() {
            out_of_memory(new_size as f64);
        }
        new
    }
}

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: Reporting = Reporting;

/// Hands every panic's message to the worker (`essaylintPanicked`) before the instance traps. The
/// message says where in essaylint it failed; it holds no text of the essay.
#[wasm_bindgen(start)]
pub fn start() {
    #[cfg(target_arch = "wasm32")]
    std::panic::set_hook(Box::new(|info| panicked(&info.to_string())));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fixtures/real")
            .join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn parse(text: &str) -> serde_json::Value {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
    }

    #[test]
    fn check_gives_the_whole_report_of_one_file() {
        let bytes = fixture("a_en_480__calibri11__tracked__comment.docx");
        let report = parse(&check(&bytes, "essay.docx", vec!["officer-gps".into()]));
        assert_eq!(report["schema_version"], 2);
        assert_eq!(report["tool"]["name"], "essaylint");
        let file = &report["files"][0];
        assert_eq!(file["path"], "essay.docx");
        assert_eq!(file["variant"]["id"], "officer-gps");
        assert_eq!(file["verdict"], "pass");
        assert_eq!(file["counts"]["words"], 488);
    }

    #[test]
    fn inspect_adds_coverage_beside_the_same_report() {
        let bytes = fixture("a_en_480__calibri11__tracked__comment.docx");
        let posts = vec!["officer-gps".to_string()];
        let checked = parse(&check(&bytes, "e.docx", posts.clone()));
        let inspected = parse(&inspect(&bytes, "e.docx", posts));
        assert_eq!(inspected["report"], checked);
        let coverage = &inspected["coverage"];
        assert_eq!(coverage["variant"], "officer-gps");
        let total = coverage["total"].as_u64().unwrap_or(0);
        assert!(total > 0, "{coverage}");
        assert_eq!(
            coverage["elements"].as_array().map(Vec::len),
            Some(total as usize)
        );
    }

    #[test]
    fn an_unknown_post_is_an_error_body_not_a_throw() {
        let body = parse(&check(b"%PDF-1.4", "x.pdf", vec!["nope".into()]));
        let error = &body["error"];
        assert_eq!(error["status"], 400);
        assert!(
            error["message"]
                .as_str()
                .is_some_and(|e| e.contains("nope")),
            "{body}"
        );
        assert!(
            error["valid_posts"]
                .as_array()
                .is_some_and(|p| !p.is_empty())
        );
        let body = parse(&resolve(vec!["nope".into()]));
        assert!(body["error"]["message"].is_string());
    }

    #[test]
    fn a_stopped_check_is_unreadable_and_fails() {
        let bytes = fixture("a_en_480__calibri11__tracked__comment.docx");
        let report = parse(&recover(&bytes, "e.docx", vec![], "deadline", "10 s"));
        let file = &report["files"][0];
        assert_eq!(file["format"], "docx");
        assert_eq!(file["verdict"], "fail");
        let unreadable = file["diagnostics"]
            .as_array()
            .and_then(|d| d.iter().find(|d| d["name"] == "unreadable"))
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            unreadable["message"],
            "the check was stopped: it took longer than 10 s"
        );
    }

    #[test]
    fn a_stopped_pdf_is_read_again_without_its_text() {
        let bytes = fixture("a_en_495_footnote__times12.pdf");
        let posts = vec!["PASP0150".to_string()];
        let report = parse(&recover(&bytes, "e.pdf", posts.clone(), "stack", ""));
        let file = &report["files"][0];
        assert_eq!(file["pages"]["count"], 1, "{file}");
        assert_eq!(file["counts"], serde_json::Value::Null);
        let messages: Vec<&str> = file["diagnostics"]
            .as_array()
            .map(|d| d.iter().filter_map(|d| d["message"].as_str()).collect())
            .unwrap_or_default();
        assert!(
            messages
                .iter()
                .any(|m| m.contains("text extraction overflowed its stack")),
            "{messages:?}"
        );
        // Without reading it again, it is stopped whole.
        let report = parse(&stopped(&bytes, "e.pdf", posts, "memory", "512 MiB"));
        let unreadable = &report["files"][0]["diagnostics"][0];
        assert_eq!(
            unreadable["message"],
            "the check was stopped: it needed more memory than the page allows (512 MiB)"
        );
    }

    #[test]
    fn rules_resolve_and_explain() {
        let rules = parse(&rules());
        assert!(
            rules["competition"]
                .as_array()
                .is_some_and(|c| c.len() >= 2)
        );
        let both = parse(&resolve(vec!["PASP0150".into(), "PASP0024".into()]));
        assert_eq!(both["variant"]["max_pages"], 2);
        assert_eq!(parse(&resolve(vec![]))["variant"], serde_json::Value::Null);
        assert_eq!(parse(&explain("EL001"))["name"], "word-limit");
        assert_eq!(
            parse(&explain("")).as_array().map(Vec::len),
            Some(CHECKS.len())
        );
        let error = parse(&explain("nope"));
        assert_eq!(error["error"]["status"], 404);
        assert!(error["error"]["valid_checks"].is_array());
    }
}
