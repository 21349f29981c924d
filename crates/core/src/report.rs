//! The report: plain data that every renderer (human, JSON, HTTP) turns into output.
//!
//! The JSON form of these types is a contract with the recruitment portal, versioned by
//! [`SCHEMA_VERSION`] and described by `schema/report.v2.json`; see [`crate::render::json`].

use serde::Serialize;

use crate::count::Counts;
use crate::document::Part;

/// The version of the JSON report. Any change to a field's name, type or meaning bumps it: 2 added
/// `counts.characters`, `counts.characters_with_spaces`, `counts.paragraphs`, `counts.lines`,
/// `variant.max_characters` and `variant.max_characters_with_spaces`.
pub const SCHEMA_VERSION: u32 = 2;

/// How serious a diagnostic is. Its name in every output is [`Severity::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The submission breaks a rule: the file fails.
    Error,
    /// Something to check or fix; the file still passes.
    Warning,
    /// For information.
    Info,
}

impl Severity {
    /// Every severity, most serious first.
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    /// The name of the severity in reports, the README, `essaylint explain` and the service:
    /// `error`, `warning` or `info` (the JSON Schema's `severity` enum, which a test keeps equal).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Severity {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Where a diagnostic points.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Location {
    /// The part of the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<Part>,
    /// The 1-based paragraph number within the part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// The 1-based page (PDF).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// A short excerpt of the text around the point (at most a few dozen words).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// The byte range in `excerpt` to highlight (for the human renderer).
    #[serde(skip)]
    pub highlight: Option<(usize, usize)>,
    /// What the highlight marks ("word 501").
    #[serde(skip)]
    pub highlight_label: Option<String>,
}

/// One finding about a file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Stable code (`EL001`), never reused.
    pub code: &'static str,
    /// Stable kebab-case name (`word-limit`), the key a portal acts on.
    pub name: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What was found, with the measured value and the limit.
    pub message: String,
    /// What to do about it.
    pub help: String,
    /// Where, when it has a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

/// The essay variant a file was checked against.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariantReport {
    /// Variant id (`officer-gps`, `PASP0150+PASP0024`).
    pub id: String,
    /// The competition it belongs to.
    pub competition: String,
    /// The posts applied for.
    pub posts: Vec<String>,
    /// Accepted formats.
    pub formats: Vec<String>,
    /// Word limit, if any.
    pub max_words: Option<u64>,
    /// Limit on characters without spaces, if any.
    pub max_characters: Option<u64>,
    /// Limit on characters with spaces, if any.
    pub max_characters_with_spaces: Option<u64>,
    /// Page limit.
    pub max_pages: Option<u32>,
    /// Required paper.
    pub paper: String,
}

/// How a page count was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageBasis {
    /// A PDF's page tree: exact.
    Pdf,
    /// The count the last saving program wrote into `docProps/app.xml`: informative only.
    Stored,
    /// essaylint's layout model.
    Layout,
    /// A rendering by an external program.
    Render,
    /// No count could be had.
    None,
}

/// A paper size.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaperSize {
    /// `A4`, `Letter` or `other`.
    pub name: String,
    /// Width in millimetres, as laid out (landscape pages are wider than tall).
    pub width_mm: f64,
    /// Height in millimetres.
    pub height_mm: f64,
}

/// Pages and paper.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pages {
    /// The page count, when known.
    pub count: Option<u32>,
    /// Whether `count` is exact.
    pub exact: bool,
    /// Where `count` comes from.
    pub basis: PageBasis,
    /// Fractional pages filled, when a layout knows it.
    pub fill: Option<f64>,
    /// The count the file stores about itself (`docProps/app.xml`), if any.
    pub stored: Option<u32>,
    /// The program that stored it.
    pub stored_by: Option<String>,
    /// The paper of the first page (or first section).
    pub size: Option<PaperSize>,
    /// Every distinct paper size in the file, in order of first use.
    pub sizes: Vec<PaperSize>,
    /// Why a laid-out count is approximate (fonts without a metric-compatible twin, text boxes,
    /// tables, …); empty when the model covers everything in the document, and for PDF.
    pub approximations: Vec<String>,
}

/// Pass or fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// No error-severity diagnostic.
    Pass,
    /// At least one error-severity diagnostic.
    Fail,
}

/// The report of one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileReport {
    /// The path as given (`-` for standard input).
    pub path: String,
    /// What the file is, by content.
    pub format: String,
    /// Pass or fail.
    pub verdict: Verdict,
    /// The variant checked against, or null without `--post`.
    pub variant: Option<VariantReport>,
    /// Word counts, when text could be read.
    pub counts: Option<Counts>,
    /// Pages and paper, when known.
    pub pages: Option<Pages>,
    /// The language of the essay text as an ISO 639-1 code (`en`, `fr`, …), or null when there is
    /// too little text to tell.
    pub language: Option<String>,
    /// Findings, errors first.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    /// Whether any diagnostic of this name is present.
    pub fn has(&self, name: &str) -> bool {
        self.diagnostics.iter().any(|d| d.name == name)
    }
}

/// The report of a whole run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The tool and its version.
    pub tool: Tool,
    /// One report per file, in the order given.
    pub files: Vec<FileReport>,
}

/// The program that wrote a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tool {
    /// `essaylint`.
    pub name: &'static str,
    /// Its version.
    pub version: &'static str,
}

impl Report {
    /// A report over files.
    pub fn new(files: Vec<FileReport>) -> Self {
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                // The program's name, which the schema fixes, not this crate's package name.
                name: "essaylint",
                version: env!("CARGO_PKG_VERSION"),
            },
            files,
        }
    }

    /// Whether every file passes.
    pub fn passes(&self) -> bool {
        self.files.iter().all(|f| f.verdict == Verdict::Pass)
    }
}
