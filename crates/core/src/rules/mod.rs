//! The checks and the vacancy rules they apply.
//!
//! Each check lives in its own file as data plus a function, after ruff and clippy: a
//! [`CheckInfo`] declared with [`declare_check!`], whose doc comment *is* the user documentation
//! (`essaylint explain NAME`), and a `check` function that reads a [`Context`] and pushes plain-data
//! [`Diagnostic`]s. [`LIST`] is the one list of checks, [`CHECKS`] its codes in order, and [`RETIRED`]
//! the codes of removed checks, never reused.

pub mod coverage;
pub mod data;

mod comments;
mod document_properties;
mod document_protection;
mod external_content;
mod file_type;
mod hidden_text;
mod language;
mod macros_or_objects;
mod no_text;
mod no_variant;
mod page_limit;
mod page_size;
mod pdf_annotations;
mod pdf_fonts;
mod pdf_javascript;
mod pdf_producer;
mod prompt_coverage;
#[cfg(test)]
mod test_support;
mod tracked_changes;
mod unreadable;
mod variant_mismatch;
mod word_limit;

use crate::count::Counts;
use crate::document::{Document, Format};
use crate::read::ReadError;
use crate::report::{Diagnostic, Location, Pages, Severity};
pub use data::{Competition, RuleSet, Variant};
pub(crate) use prompt_coverage::judgeable;

/// A check's identity and documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckInfo {
    /// Stable code, `EL` and three digits.
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    /// The severity it usually reports with (some checks adapt it, as their docs say).
    pub severity: Severity,
    /// The documentation: what it does, why, and how to fix what it reports (Markdown).
    pub doc: &'static str,
}

impl CheckInfo {
    /// A diagnostic of this check.
    pub(crate) fn diagnostic(
        &self,
        severity: Severity,
        message: impl Into<String>,
        help: impl Into<String>,
        location: Option<Location>,
    ) -> Diagnostic {
        Diagnostic {
            code: self.code,
            name: self.name,
            severity,
            message: message.into(),
            help: help.into(),
            location,
        }
    }

    /// The first line of the documentation.
    pub fn summary(&self) -> &'static str {
        self.doc
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
    }
}

/// Declares a check: its `///` lines become [`CheckInfo::doc`], as clippy's `declare_clippy_lint!`
/// captures a lint's documentation.
macro_rules! declare_check {
    ($(#[doc = $doc:literal])+ pub $ident:ident = ($code:literal, $name:literal, $severity:ident);) => {
        $(#[doc = $doc])+
        pub const $ident: $crate::rules::CheckInfo = $crate::rules::CheckInfo {
            code: $code,
            name: $name,
            severity: $crate::report::Severity::$severity,
            doc: concat!($($doc, "\n"),+),
        };
    };
}
pub(crate) use declare_check;

/// Every check, in the order they run and are listed. Codes are never reused.
pub const CHECKS: &[CheckInfo] = &[
    word_limit::WORD_LIMIT,
    word_limit::WORD_LIMIT_AMBIGUOUS,
    page_limit::PAGE_LIMIT,
    page_limit::PAGE_LIMIT_BORDERLINE,
    page_limit::STORED_PAGES_DIFFER,
    page_size::PAGE_SIZE,
    file_type::FILE_TYPE,
    unreadable::UNREADABLE,
    no_text::NO_TEXT,
    tracked_changes::TRACKED_CHANGES,
    comments::COMMENTS,
    hidden_text::HIDDEN_TEXT,
    document_properties::DOCUMENT_PROPERTIES,
    macros_or_objects::MACROS_OR_OBJECTS,
    document_protection::DOCUMENT_PROTECTION,
    external_content::EXTERNAL_CONTENT,
    pdf_fonts::PDF_FONTS_NOT_EMBEDDED,
    pdf_annotations::PDF_ANNOTATIONS,
    pdf_javascript::PDF_JAVASCRIPT,
    pdf_producer::PDF_PRODUCER,
    no_variant::NO_VARIANT,
    prompt_coverage::PROMPT_COVERAGE,
    variant_mismatch::VARIANT_MISMATCH,
    language::NOT_OFFICIAL_LANGUAGE,
];

/// Finds a check by name or code, case-insensitively.
pub fn find_check(name_or_code: &str) -> Option<&'static CheckInfo> {
    CHECKS.iter().find(|c| {
        c.name.eq_ignore_ascii_case(name_or_code) || c.code.eq_ignore_ascii_case(name_or_code)
    })
}

/// What the checks look at.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// What the file is.
    pub format: Format,
    /// The document, when it could be read.
    pub doc: Option<&'a Document>,
    /// Why it could not be read.
    pub read_error: Option<&'a ReadError>,
    /// Its counts, when it could be read.
    pub counts: Option<&'a Counts>,
    /// Its pages, when known.
    pub pages: Option<&'a Pages>,
    /// The layout of a Word document.
    pub layout: Option<&'a crate::layout::Layout>,
    /// What the essay says, analysed once for every check that reads it (language, the scan
    /// for the competition's evidence). `None` when the caller did not analyse it: the checks
    /// then work it out themselves.
    pub content: Option<&'a Analysis<'a>>,
    /// The essay variant, when posts were given.
    pub variant: Option<&'a Variant>,
    /// The competition the variant belongs to (its concepts and its other variants).
    pub competition: Option<&'a Competition>,
}

/// The essay's content, analysed once per file.
#[derive(Debug)]
pub struct Analysis<'t> {
    /// The essay's language, when it can be told.
    pub language: Option<crate::content::language::Language>,
    /// The essay scanned for the competition's evidence, when it can be judged (long enough, not
    /// too long, in English or French) and posts were given.
    pub scan: Option<crate::content::evidence::Scan<'t>>,
}

/// Runs every check; diagnostics come out errors first, then warnings, then information.
pub fn run_checks(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    file_type::check(ctx, &mut out);
    unreadable::check(ctx, &mut out);
    no_text::check(ctx, &mut out);
    word_limit::check(ctx, &mut out);
    page_limit::check(ctx, &mut out);
    page_size::check(ctx, &mut out);
    tracked_changes::check(ctx, &mut out);
    comments::check(ctx, &mut out);
    hidden_text::check(ctx, &mut out);
    document_properties::check(ctx, &mut out);
    macros_or_objects::check(ctx, &mut out);
    document_protection::check(ctx, &mut out);
    external_content::check(ctx, &mut out);
    pdf_fonts::check(ctx, &mut out);
    pdf_annotations::check(ctx, &mut out);
    pdf_javascript::check(ctx, &mut out);
    pdf_producer::check(ctx, &mut out);
    no_variant::check(ctx, &mut out);
    prompt_coverage::check(ctx, &mut out);
    variant_mismatch::check(ctx, &mut out);
    language::check(ctx, &mut out);
    out.sort_by_key(|d| d.severity);
    out
}

/// "1 word", "2 words".
pub(crate) fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The rule list as a Markdown table (the README carries it; a test keeps them equal).
pub fn readme_table() -> String {
    let mut out =
        String::from("| code | name | default severity | what it reports |\n|---|---|---|---|\n");
    for check in CHECKS {
        let severity = match check.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        out.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            check.code,
            check.name,
            severity,
            check.summary()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_check_has_docs_and_a_unique_code_and_name() {
        let mut codes = BTreeSet::new();
        let mut names = BTreeSet::new();
        for check in CHECKS {
            assert!(codes.insert(check.code), "code {} reused", check.code);
            assert!(names.insert(check.name), "name {} reused", check.name);
            assert!(check.code.starts_with("EL") && check.code.len() == 5);
            assert!(
                check
                    .name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                check.name
            );
            for heading in ["## What it does", "## Why", "## How to fix"] {
                assert!(
                    check.doc.contains(heading),
                    "{} has no `{heading}` section in its docs",
                    check.name
                );
            }
            assert!(check.summary().len() > 20, "{} has no summary", check.name);
        }
    }

    #[test]
    fn checks_are_found_by_name_or_code() {
        assert_eq!(find_check("WORD-LIMIT").map(|c| c.code), Some("EL001"));
        assert_eq!(find_check("el004").map(|c| c.name), Some("page-size"));
        assert!(find_check("nope").is_none());
    }
}
