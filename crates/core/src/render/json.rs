//! The JSON report: one document for the whole run (`--format json`), or one line per file as
//! files finish (`--format jsonl`, JSON Lines: each line a whole report holding one file, so every
//! line validates against the same schema and carries its file's `path`).
//!
//! This is a contract with the recruitment portal, validated by `schema/report.v2.json` (a test
//! checks real output against it). Fields change only with a new `schema_version`; version 2
//! added the counts of Word's whole Word Count dialog (`characters`, `characters_with_spaces`,
//! `paragraphs`, `lines`) and the character limits of a variant (`schema/report.v1.json` stays as
//! the record of version 1).
//!
//! ```json
//! {
//!   "schema_version": 2,
//!   "tool": {"name": "essaylint", "version": "0.1.0"},
//!   "files": [{
//!     "path": "essay.docx",
//!     "format": "docx",
//!     "verdict": "fail",
//!     "variant": {"id": "officer-gps", "competition": "nato-pasp-global-partnerships",
//!                 "posts": ["officer-gps"], "formats": ["docx"], "max_words": 500,
//!                 "max_characters": null, "max_characters_with_spaces": null,
//!                 "max_pages": 1, "paper": "A4"},
//!     "counts": {"words": 533, "words_range": [533, 533],
//!                "characters": 3018, "characters_with_spaces": 3544, "paragraphs": 7, "lines": 40,
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
//! - `variant.max_characters`, `variant.max_characters_with_spaces`: the variant's limits on
//!   characters without and with spaces, null when it sets none (`character-limit` and
//!   `character-limit-with-spaces` apply them).
//! - `counts`: null when no text could be read. `words` is what counts towards a limit with
//!   non-breaking spaces joining; `words_range` is `[joining, separating]`; `by_part` counts every
//!   part in the joining reading, whether it counts or not. The rest of Word's Word Count dialog
//!   is counted over the same parts as `words` (`counted_parts`):
//!   - `characters`: "Characters (no spaces)", every character but white space (spaces, tabs,
//!     line breaks and non-breaking spaces are white space; en and em dashes are characters);
//!   - `characters_with_spaces`: "Characters (with spaces)", every character, spaces, tabs and
//!     line breaks included; paragraph marks, cell marks and page breaks are not characters;
//!   - `paragraphs`: paragraphs that hold a character (empty ones are not counted), list labels
//!     included;
//!   - `lines`: the lines those paragraphs take. For a Word document they come from essaylint's
//!     layout, like `pages.fill` (text boxes are broken at the column width, as the layout does not
//!     place them); for a PDF they are the extracted text's lines, and `paragraphs` its blocks of
//!     lines between the larger vertical gaps (so double-spaced text reads as a paragraph a line).
//!
//!   `words <= characters <= characters_with_spaces`: words where non-breaking spaces separate are
//!   never more than `characters`; where they join, a run of non-breaking spaces standing alone
//!   between ordinary spaces counts as a word without a character, so `words` can exceed
//!   `characters` only in a text made of little else. Docs: `docs/word-count.md`.
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
