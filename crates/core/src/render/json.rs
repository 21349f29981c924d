//! The JSON report: one document for the whole run (`--format json`), or one line per file as
//! files finish (`--format jsonl`, JSON Lines: each line a whole report holding one file, so every
//! line validates against the same schema and carries its file's `path`).
//!
//! This is a contract with the recruitment portal, validated by `schema/report.v1.json` (a test
//! checks real output against it). Fields change only with a new `schema_version`.
//!
//! ```json
//! {
//!   "schema_version": 1,
//!   "tool": {"name": "essaylint", "version": "0.1.0"},
//!   "files": [{
//!     "path": "essay.docx",
//!     "format": "docx",
//!     "verdict": "fail",
//!     "variant": {"id": "officer-gps", "competition": "nato-pasp-global-partnerships",
//!                 "posts": ["officer-gps"], "formats": ["docx"], "max_words": 500,
//!                 "max_pages": 1, "paper": "A4"},
//!     "counts": {"words": 533, "words_range": [533, 533],
//!                "by_part": {"body": 527, "footnotes": 6, "endnotes": 0, "text_boxes": 0,
//!                            "headers_footers": 4, "comments": 0},
//!                "counted_parts": ["body", "text_boxes", "footnotes", "endnotes"],
//!                "hidden_words": 0, "deleted_words": 0},
//!     "pages": {"count": 1, "exact": false, "basis": "layout", "fill": 0.85, "stored": 1,
//!               "stored_by": "Microsoft Office Word",
//!               "size": {"name": "A4", "width_mm": 210.0, "height_mm": 297.0},
//!               "sizes": [{"name": "A4", "width_mm": 210.0, "height_mm": 297.0}],
//!               "approximations": []},
//!     "language": "en",
//!     "diagnostics": [{"code": "EL001", "name": "word-limit", "severity": "error",
//!                      "message": "533 words; the limit is 500",
//!                      "help": "remove at least 33 words (counted: body, text boxes, footnotes, endnotes)",
//!                      "location": {"part": "body", "paragraph": 5, "excerpt": "…"}}]
//!   }]
//! }
//! ```
//!
//! - `format`: `docx`, `pdf`, or what the sniffer recognised: `doc`, `docm`, `dotx`, `dotm`,
//!   `encrypted` (a password-protected Office file), `ole`, `odt`, `rtf`, `text`, `image`, `zip`,
//!   `empty`, `unknown`.
//! - `verdict`: `pass` or `fail` (fail exactly when a diagnostic has severity `error`).
//! - `variant`: null when no post was given.
//! - `counts`: null when no text could be read. `words` is what counts towards a limit with
//!   non-breaking spaces joining; `words_range` is `[joining, separating]`; `by_part` counts every
//!   part in the joining reading, whether it counts or not.
//! - `pages.basis`: `pdf` (exact, from the page tree), `layout` (essaylint's layout model of a
//!   Word document, the default for .docx; `exact` false, `fill` the fractional pages the text
//!   fills), `render` (`--render libreoffice`: exact), `stored` (what the last saving program wrote
//!   in `docProps/app.xml`, used only when no layout could be made; no error rests on it alone),
//!   `none`. `stored`/`stored_by` always report the file's own claim beside the count.
//!   `approximations` says, for people, what the layout only approximates in this document (a
//!   font with no metric-compatible twin, tables, text boxes, tracked deletions); empty for PDF.
//!   `pages` is null when the file could not be read. `size.name`: `A4`, `Letter` or `other`,
//!   within 2 pt, either orientation.
//! - `language`: the language of the essay text (main text, text boxes, notes) as an ISO 639-1
//!   code (`en`, `fr`, `de`, …), by a trigram detector; null when the text has fewer than 20
//!   words or the detector is not confident, and when no text could be read.
//! - `diagnostics`: errors first. `name` is the stable key (see `essaylint explain NAME`);
//!   `location` is omitted when a finding has no place.

use crate::report::{FileReport, Report};

/// The whole run as pretty-printed JSON.
pub fn to_json(report: &Report) -> String {
    // Serialising plain data with string keys cannot fail.
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// One file's report as one line of JSON Lines (`--format jsonl`): a whole report, of the same
/// schema as [`to_json`] writes, holding that one file, on a single line.
pub fn file_line(file: &FileReport) -> String {
    #[derive(serde::Serialize)]
    struct Line<'a> {
        schema_version: u32,
        tool: crate::report::Tool,
        files: [&'a FileReport; 1],
    }
    let report = Report::new(Vec::new());
    let line = Line {
        schema_version: report.schema_version,
        tool: report.tool,
        files: [file],
    };
    serde_json::to_string(&line).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// One file's report as JSON (the form a service returns for one upload).
pub fn file_to_json(report: &FileReport) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
