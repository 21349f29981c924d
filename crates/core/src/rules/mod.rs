//! The checks and the vacancy rules they apply.
//!
//! Each check lives in its own file as data plus a function, after ruff and clippy: a
//! [`CheckInfo`] declared with [`declare_check!`], whose doc comment *is* the user documentation
//! (`essaylint explain NAME`), and a `check` function that reads a [`Context`] and pushes plain-data
//! [`Diagnostic`]s. [`LIST`] is the one list of checks, [`CHECKS`] its codes in order, and [`RETIRED`]
//! the codes of removed checks, never reused.

pub mod coverage;
pub mod data;

mod character_limit;
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

    /// The documentation as Markdown, without the space each `///` line leaves at its start (what
    /// `essaylint explain NAME` prints and the service's `/v1/explain` gives).
    pub fn doc_markdown(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
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

/// One entry of [`LIST`]: a check function and the codes it reports.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// What it reports: one code, or several for a check that decides them together
    /// (`word-limit` and `word-limit-ambiguous` are two readings of one count).
    pub reports: &'static [CheckInfo],
    /// Whether it runs before the others (see [`LIST`]).
    pub stage: Stage,
    run: fn(&Context<'_>, &mut Vec<Diagnostic>),
}

/// When a check runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The checks that say whether the file can be judged at all (its type, whether it can be
    /// read, whether it has text) run first.
    File,
    /// Every other check, after them.
    Essay,
}

const fn check(
    reports: &'static [CheckInfo],
    stage: Stage,
    run: fn(&Context<'_>, &mut Vec<Diagnostic>),
) -> Check {
    Check {
        reports,
        stage,
        run,
    }
}

/// The one list of checks, in the order they are documented ([`CHECKS`], the README, `essaylint
/// explain`): the limits first, as a reader looks for them. They run in the same order except that
/// the [`Stage::File`] checks run before the rest; [`run_checks`] then sorts the diagnostics by
/// severity (a stable sort), so within a severity they come out in that run order.
pub const LIST: &[Check] = &[
    check(
        &[word_limit::WORD_LIMIT, word_limit::WORD_LIMIT_AMBIGUOUS],
        Stage::Essay,
        word_limit::check,
    ),
    check(
        &[character_limit::CHARACTER_LIMIT],
        Stage::Essay,
        character_limit::check,
    ),
    check(
        &[character_limit::CHARACTER_LIMIT_WITH_SPACES],
        Stage::Essay,
        character_limit::check_with_spaces,
    ),
    check(
        &[
            page_limit::PAGE_LIMIT,
            page_limit::PAGE_LIMIT_BORDERLINE,
            page_limit::STORED_PAGES_DIFFER,
        ],
        Stage::Essay,
        page_limit::check,
    ),
    check(&[page_size::PAGE_SIZE], Stage::Essay, page_size::check),
    check(&[file_type::FILE_TYPE], Stage::File, file_type::check),
    check(&[unreadable::UNREADABLE], Stage::File, unreadable::check),
    check(&[no_text::NO_TEXT], Stage::File, no_text::check),
    check(
        &[tracked_changes::TRACKED_CHANGES],
        Stage::Essay,
        tracked_changes::check,
    ),
    check(&[comments::COMMENTS], Stage::Essay, comments::check),
    check(
        &[hidden_text::HIDDEN_TEXT],
        Stage::Essay,
        hidden_text::check,
    ),
    check(
        &[document_properties::DOCUMENT_PROPERTIES],
        Stage::Essay,
        document_properties::check,
    ),
    check(
        &[macros_or_objects::MACROS_OR_OBJECTS],
        Stage::Essay,
        macros_or_objects::check,
    ),
    check(
        &[document_protection::DOCUMENT_PROTECTION],
        Stage::Essay,
        document_protection::check,
    ),
    check(
        &[external_content::EXTERNAL_CONTENT],
        Stage::Essay,
        external_content::check,
    ),
    check(
        &[pdf_fonts::PDF_FONTS_NOT_EMBEDDED],
        Stage::Essay,
        pdf_fonts::check,
    ),
    check(
        &[pdf_annotations::PDF_ANNOTATIONS],
        Stage::Essay,
        pdf_annotations::check,
    ),
    check(
        &[pdf_javascript::PDF_JAVASCRIPT],
        Stage::Essay,
        pdf_javascript::check,
    ),
    check(
        &[pdf_producer::PDF_PRODUCER],
        Stage::Essay,
        pdf_producer::check,
    ),
    check(&[no_variant::NO_VARIANT], Stage::Essay, no_variant::check),
    check(
        &[prompt_coverage::PROMPT_COVERAGE],
        Stage::Essay,
        prompt_coverage::check,
    ),
    check(
        &[variant_mismatch::VARIANT_MISMATCH],
        Stage::Essay,
        variant_mismatch::check,
    ),
    check(
        &[language::NOT_OFFICIAL_LANGUAGE],
        Stage::Essay,
        language::check,
    ),
];

/// How many codes [`LIST`] reports.
const CHECK_COUNT: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < LIST.len() {
        n += LIST[i].reports.len();
        i += 1;
    }
    n
};

/// The codes of [`LIST`], flattened at compile time.
const CHECK_INFOS: [CheckInfo; CHECK_COUNT] = {
    let mut out = [LIST[0].reports[0]; CHECK_COUNT];
    let (mut i, mut k) = (0, 0);
    while i < LIST.len() {
        let mut j = 0;
        while j < LIST[i].reports.len() {
            out[k] = LIST[i].reports[j];
            k += 1;
            j += 1;
        }
        i += 1;
    }
    out
};

/// Every check's code, name and docs, in [`LIST`]'s order. Codes are never reused: a removed
/// check's code and name go to [`RETIRED`].
pub const CHECKS: &[CheckInfo] = &CHECK_INFOS;

/// A code and name of a check that was removed: never to be given to another check, so that a
/// portal that stored a diagnostic's code never misreads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retired {
    /// The code it had.
    pub code: &'static str,
    /// The name it had.
    pub name: &'static str,
    /// Why it was removed.
    pub why: &'static str,
}

/// Codes and names of removed checks. No check has been removed yet.
pub const RETIRED: &[Retired] = &[];

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
    /// The rule set in force (the built-in rules, or the caller's), when the caller has one.
    pub rules: Option<&'a RuleSet>,
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

/// Runs every check of [`LIST`], the [`Stage::File`] ones first; diagnostics come out errors first,
/// then warnings, then information.
pub fn run_checks(ctx: &Context<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for stage in [Stage::File, Stage::Essay] {
        for check in LIST.iter().filter(|c| c.stage == stage) {
            (check.run)(ctx, &mut out);
        }
    }
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

/// What a limit counted, for a help text: the parts of a Word document ("body, text boxes,
/// footnotes, endnotes"), or the text on a PDF's pages (a PDF has no parts).
pub(crate) fn counted_label(doc: &Document, counts: &Counts) -> String {
    if doc.format == Format::Pdf {
        return "the text on the pages".to_string();
    }
    counts
        .counted_parts
        .iter()
        .map(|p| p.label())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rule list as a Markdown table (the README carries it; a test keeps them equal).
pub fn readme_table() -> String {
    let mut out =
        String::from("| code | name | default severity | what it reports |\n|---|---|---|---|\n");
    for check in CHECKS {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            check.code,
            check.name,
            check.severity.as_str(),
            check.summary()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every way `live` and `retired` reuse a code or a name: two checks sharing one, or a check
    /// taking a retired one.
    fn reuses(live: &[CheckInfo], retired: &[Retired]) -> Vec<String> {
        let mut found = Vec::new();
        let mut codes = BTreeSet::new();
        let mut names = BTreeSet::new();
        for r in retired {
            if !codes.insert(r.code) {
                found.push(format!("retired code {} listed twice", r.code));
            }
            if !names.insert(r.name) {
                found.push(format!("retired name {} listed twice", r.name));
            }
        }
        let retired_codes = codes.clone();
        let retired_names = names.clone();
        for check in live {
            if retired_codes.contains(check.code) {
                found.push(format!(
                    "{} takes the retired code {}",
                    check.name, check.code
                ));
            } else if !codes.insert(check.code) {
                found.push(format!("code {} reused by {}", check.code, check.name));
            }
            if retired_names.contains(check.name) {
                found.push(format!("{} takes a retired name", check.name));
            } else if !names.insert(check.name) {
                found.push(format!("name {} reused", check.name));
            }
        }
        found
    }

    #[test]
    fn codes_and_names_are_never_reused() {
        assert_eq!(reuses(CHECKS, RETIRED), Vec::<String>::new());
    }

    #[test]
    fn reuse_is_caught() {
        let word_limit = word_limit::WORD_LIMIT;
        let twin = CheckInfo {
            name: "word-limit-twin",
            ..word_limit
        };
        assert_eq!(
            reuses(&[word_limit, twin], &[]),
            ["code EL001 reused by word-limit-twin"]
        );
        let gone = Retired {
            code: "EL001",
            name: "old-word-limit",
            why: "a test",
        };
        assert_eq!(
            reuses(&[word_limit], &[gone]),
            ["word-limit takes the retired code EL001"]
        );
        let renamed = Retired {
            code: "EL999",
            name: "word-limit",
            why: "a test",
        };
        assert_eq!(
            reuses(&[word_limit], &[renamed]),
            ["word-limit takes a retired name"]
        );
    }

    #[test]
    fn every_check_is_listed_once_with_a_code_and_docs() {
        assert_eq!(
            CHECKS.len(),
            LIST.iter().map(|c| c.reports.len()).sum::<usize>()
        );
        for check in CHECKS
            .iter()
            .map(|c| (c.code, c.name))
            .chain(RETIRED.iter().map(|r| (r.code, r.name)))
        {
            let (code, name) = check;
            assert!(code.starts_with("EL") && code.len() == 5, "{code}");
            assert!(
                name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name} is not kebab-case"
            );
        }
        for check in CHECKS {
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

    /// The order diagnostics come out in within a severity: the stage-one checks, then the rest, each
    /// in list order.
    #[test]
    fn file_checks_run_first() {
        let first: Vec<&str> = LIST
            .iter()
            .filter(|c| c.stage == Stage::File)
            .flat_map(|c| c.reports.iter().map(|i| i.name))
            .collect();
        assert_eq!(first, ["file-type", "unreadable", "no-text"]);
    }

    #[test]
    fn checks_are_found_by_name_or_code() {
        assert_eq!(find_check("WORD-LIMIT").map(|c| c.code), Some("EL001"));
        assert_eq!(find_check("el004").map(|c| c.name), Some("page-size"));
        assert!(find_check("nope").is_none());
    }
}
