//! The one way through: bytes in, a [`FileReport`] out.
//!
//! Every shell (the CLI, the service, the browser page) calls [`check_bytes`], or
//! [`read_bytes`] and then [`report_reading`], and nothing else; none has checking logic of its
//! own. Each stage is a pure function of the one before:
//! sniff → read → count / pages → rules → report.

use crate::count::{Counts, count};
use crate::document::{Document, Format, Geometry, TextProblem};

use crate::document::PdfPage;
use crate::layout::Layout;
use crate::limits::{Limit, Limits};
use crate::read::ReadError;
use crate::read::docx::{read_docx, read_package};
use crate::read::pdf::read_pdf;
use crate::read::pdf_text::TextExtraction;
use crate::read::zipped::human_bytes;
use crate::report::{FileReport, PageBasis, Pages, PaperSize, VariantReport, Verdict};
use crate::rules::coverage::CoverageSummary;
use crate::rules::data::{Resolved, RuleSet};
use crate::rules::{Analysis, Context, run_checks};
use crate::sniff::sniff_package;

/// How a check runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Resource limits.
    pub limits: Limits,
    /// How PDF text is extracted. The default extracts it in this process: callers checking
    /// untrusted files contain the check (a worker process, a Web Worker) or pass a sandboxed
    /// extractor, as the native shells do.
    pub pdf_text: TextExtraction,
}

/// A file read as far as it could be.
#[derive(Debug)]
pub struct Reading {
    /// What the sniffer says it is.
    pub format: Format,
    /// The document, when it could be read.
    pub document: Option<Document>,
    /// Why it could not be.
    pub error: Option<ReadError>,
}

/// Sniffs and reads a file's bytes.
pub fn read_bytes(bytes: &[u8], options: &Options) -> Reading {
    let limits = &options.limits;
    let (format, package) = sniff_package(bytes, limits);
    if bytes.len() as u64 > limits.max_file_bytes {
        return Reading {
            format,
            document: None,
            error: Some(ReadError::Limit {
                limit: Limit::FileBytes,
                detail: format!(
                    "the file is {}, more than the {} accepted",
                    human_bytes(bytes.len() as u64),
                    human_bytes(limits.max_file_bytes)
                ),
            }),
        };
    }
    let result = match format {
        // The package the sniffer opened, read on from there.
        Format::Docx => match package {
            Some(package) => read_package(package),
            None => read_docx(bytes, limits),
        },
        Format::Pdf => read_pdf(bytes, limits, &options.pdf_text),
        _ => {
            return Reading {
                format,
                document: None,
                error: None,
            };
        }
    };
    match result {
        Ok(document) => Reading {
            format,
            document: Some(document),
            error: None,
        },
        Err(error) => Reading {
            format,
            document: None,
            error: Some(error),
        },
    }
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
    report(path, &reading, rules, variant, None, false).0
}

/// Reports on a file whose check a shell stopped before it finished (the browser page's Web Worker
/// ran past its deadline, or trapped): `unreadable`, saying why, with the format the sniffer sees.
/// Only the sniffer reads the bytes again, within the limits.
pub fn report_stopped(
    path: &str,
    bytes: &[u8],
    rules: &RuleSet,
    variant: Option<&Resolved<'_>>,
    options: &Options,
    reason: &str,
) -> FileReport {
    let reading = Reading {
        format: crate::sniff::sniff(bytes, &options.limits),
        document: None,
        error: Some(ReadError::Stopped {
            reason: reason.to_string(),
        }),
    };
    report(path, &reading, rules, variant, None, false).0
}

/// A file's report, with how its essay covers the question of the variant checked: what the
/// browser page shows whether or not `prompt-coverage` speaks. The report is the one
/// [`check_bytes`] gives; the coverage is not part of the versioned JSON report.
#[derive(Debug)]
pub struct Inspection {
    /// The report, as [`check_bytes`] gives it.
    pub report: FileReport,
    /// The coverage of the question, when a variant was checked and the essay could be judged.
    pub coverage: Option<CoverageSummary>,
}

/// Checks one file's bytes as [`check_bytes`] does, and also says how the essay covers its
/// question.
pub fn inspect_bytes(
    path: &str,
    bytes: &[u8],
    rules: &RuleSet,
    variant: Option<&Resolved<'_>>,
    options: &Options,
) -> Inspection {
    let reading = read_bytes(bytes, options);
    let (report, coverage) = report(path, &reading, rules, variant, None, true);
    Inspection { report, coverage }
}

/// The counts of a document, when its text could be had; its lines are the layout's when there is
/// one (a Word document), else its text's (a PDF).
pub fn counts_of(doc: &Document, layout: Option<&Layout>) -> Option<Counts> {
    match doc.text_problem {
        Some(TextProblem::NoTextLayer | TextProblem::Failed(_)) => None,
        None => {
            let lines = layout.map(|l| crate::layout::lines_per_paragraph(doc, l));
            Some(count(doc, lines.as_deref()))
        }
    }
}

/// Reports on a reading, against the rule set in force and the variant the posts given resolve to.
pub fn report_reading(
    path: &str,
    reading: &Reading,
    rules: &RuleSet,
    variant: Option<&Resolved<'_>>,
) -> FileReport {
    report(path, reading, rules, variant, None, false).0
}

/// Reports on a Word document's reading whose pages were also set by a renderer a shell ran (the
/// CLI's `--render libreoffice`): its pages replace the layout model's, or, when it failed, the
/// sentence saying why is noted among the approximations and the model counts.
pub fn report_rendered(
    path: &str,
    reading: &Reading,
    rules: &RuleSet,
    variant: Option<&Resolved<'_>>,
    rendered: Result<Vec<PdfPage>, String>,
) -> FileReport {
    report(path, reading, rules, variant, Some(rendered), false).0
}

fn report(
    path: &str,
    reading: &Reading,
    rules: &RuleSet,
    variant: Option<&Resolved<'_>>,
    rendered: Option<Result<Vec<PdfPage>, String>>,
    with_coverage: bool,
) -> (FileReport, Option<CoverageSummary>) {
    let doc = reading.document.as_ref();
    let layout = doc.and_then(crate::layout::layout);
    let counts = doc.and_then(|d| counts_of(d, layout.as_ref()));
    let mut pages = doc.map(|d| pages_of(d, layout.as_ref()));
    if let (Some(pages), Some(rendered)) = (pages.as_mut(), rendered) {
        match rendered {
            Ok(rendered) => {
                pages.count = Some(rendered.len() as u32);
                pages.exact = true;
                pages.basis = PageBasis::Render;
                pages.fill = None;
                pages.approximations.clear();
            }
            Err(e) => pages.approximations.push(format!(
                "the LibreOffice rendering failed ({e}); the layout model counted"
            )),
        }
    }
    // What the essay says is analysed once here for every check that reads it.
    let language = doc.and_then(crate::content::language::of_document);
    let text = doc.and_then(|d| crate::rules::judgeable(d, language));
    let matcher = variant.and_then(|r| r.competition.matcher());
    let analysis = Analysis {
        language,
        scan: matcher.zip(text.as_ref()).map(|(m, t)| m.scan(t)),
    };
    let ctx = Context {
        format: reading.format,
        doc,
        read_error: reading.error.as_ref(),
        counts: counts.as_ref(),
        pages: pages.as_ref(),
        layout: layout.as_ref(),
        content: doc.map(|_| &analysis),
        rules: Some(rules),
        variant: variant.map(|r| r.variant),
        competition: variant.map(|r| r.competition),
    };
    let diagnostics = run_checks(&ctx);
    let verdict = if diagnostics
        .iter()
        .any(|d| d.severity == crate::report::Severity::Error)
    {
        Verdict::Fail
    } else {
        Verdict::Pass
    };
    // The coverage as plain data, for the browser page only: the other shells need the report.
    let coverage = analysis
        .scan
        .as_ref()
        .filter(|_| with_coverage)
        .zip(variant)
        .map(|(scan, resolved)| scan.coverage(resolved.variant))
        .filter(|c| c.total() > 0)
        .map(|c| c.summary());
    let report = FileReport {
        path: path.to_string(),
        format: reading.format.as_str().to_string(),
        verdict,
        variant: variant.map(variant_report),
        counts,
        pages,
        language: language.map(|l| l.code.to_string()),
        diagnostics,
    };
    (report, coverage)
}

/// The variant as the report shows it.
pub fn variant_report(resolved: &Resolved<'_>) -> VariantReport {
    let v = resolved.variant;
    VariantReport {
        id: v.id.clone(),
        competition: resolved.competition.id.clone(),
        posts: v.posts.clone(),
        formats: v.formats.clone(),
        max_words: v.max_words,
        max_characters: v.max_characters,
        max_characters_with_spaces: v.max_characters_with_spaces,
        max_pages: v.max_pages,
        paper: v.paper.clone(),
    }
}

const A4_PT: (f64, f64) = (595.276, 841.89);
const LETTER_PT: (f64, f64) = (612.0, 792.0);
/// How far a page may be from a named size and still be called by its name.
const PAPER_TOLERANCE_PT: f64 = 2.0;

/// Names a paper size given in points (either orientation).
pub fn paper_size(width_pt: f64, height_pt: f64) -> PaperSize {
    let (short, long) = if width_pt <= height_pt {
        (width_pt, height_pt)
    } else {
        (height_pt, width_pt)
    };
    let near = |(w, h): (f64, f64)| {
        (short - w).abs() <= PAPER_TOLERANCE_PT && (long - h).abs() <= PAPER_TOLERANCE_PT
    };
    let name = if near(A4_PT) {
        "A4"
    } else if near(LETTER_PT) {
        "Letter"
    } else {
        "other"
    };
    let mm = |pt: f64| (pt * 25.4 / 72.0 * 10.0).round() / 10.0;
    PaperSize {
        name: name.to_string(),
        width_mm: mm(width_pt),
        height_mm: mm(height_pt),
    }
}

/// Pages and paper of a document; for a Word document, from the layout when there is one.
pub fn pages_of(doc: &Document, layout: Option<&Layout>) -> Pages {
    let mut sizes: Vec<PaperSize> = Vec::new();
    let mut add = |s: PaperSize| {
        if !sizes
            .iter()
            .any(|t| t.name == s.name && t.width_mm == s.width_mm && t.height_mm == s.height_mm)
        {
            sizes.push(s);
        }
    };
    match &doc.geometry {
        Geometry::Pages(pages) => {
            for p in pages {
                add(paper_size(p.width_pt, p.height_pt));
            }
            Pages {
                count: Some(pages.len() as u32),
                exact: true,
                basis: PageBasis::Pdf,
                fill: None,
                stored: None,
                stored_by: None,
                size: sizes.first().cloned(),
                sizes,
                approximations: Vec::new(),
            }
        }
        Geometry::Sections => {
            for s in &doc.sections {
                add(paper_size(
                    f64::from(s.page_width) / 20.0,
                    f64::from(s.page_height) / 20.0,
                ));
            }
            let stored = doc.metadata.stored_pages;
            let (count, basis, fill, approximations) = match layout {
                Some(l) => (
                    Some(l.pages),
                    PageBasis::Layout,
                    Some(l.fill),
                    l.approximations.clone(),
                ),
                None => (
                    stored,
                    if stored.is_some() {
                        PageBasis::Stored
                    } else {
                        PageBasis::None
                    },
                    None,
                    Vec::new(),
                ),
            };
            Pages {
                count,
                exact: false,
                basis,
                fill,
                stored,
                stored_by: doc.metadata.application.clone(),
                size: sizes.first().cloned(),
                sizes,
                approximations,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_names_within_two_points() {
        assert_eq!(paper_size(595.3, 841.9).name, "A4");
        assert_eq!(paper_size(841.9, 595.3).name, "A4", "landscape A4 is A4");
        assert_eq!(paper_size(596.0, 842.0).name, "A4");
        assert_eq!(paper_size(612.0, 792.0).name, "Letter");
        assert_eq!(paper_size(598.0, 845.0).name, "other");
        let a4 = paper_size(595.276, 841.89);
        assert_eq!((a4.width_mm, a4.height_mm), (210.0, 297.0));
    }

    #[test]
    fn non_documents_are_reported_with_their_type() {
        let report = check_bytes(
            "x.docx",
            b"\x89PNG\r\n\x1a\nrest",
            &RuleSet::builtin(),
            None,
            &Options::default(),
        );
        assert_eq!(report.format, "image");
        assert_eq!(report.verdict, Verdict::Fail);
        assert!(report.has("file-type"));
        assert!(report.counts.is_none());
    }

    /// The reader started from the package the sniffer opened reads what a fresh reader reads, and
    /// fails the same way: every bundled .docx (hostile ones included), and packages whose
    /// relationships are damaged or missing.
    #[test]
    // A test of the bundled fixtures reads them from the repository.
    #[allow(clippy::disallowed_methods)]
    fn reading_on_from_the_sniffer_is_reading_afresh() {
        let options = Options::default();
        let outcome = |bytes: &[u8]| {
            let fresh = read_docx(bytes, &options.limits);
            let reading = read_bytes(bytes, &options);
            (
                format!("{:?}", fresh.as_ref().map_err(ToString::to_string)),
                format!(
                    "{:?}",
                    match (&reading.document, &reading.error) {
                        (Some(doc), _) => Ok(doc),
                        (None, Some(e)) => Err(e.to_string()),
                        (None, None) => panic!("{:?} was not read", reading.format),
                    }
                ),
            )
        };
        let mut read = 0;
        for (path, bytes) in crate::read::bundled_docx(&["real", "generated", "hostile"]) {
            if crate::sniff::sniff(&bytes, &options.limits) != Format::Docx {
                continue;
            }
            let (fresh, on) = outcome(&bytes);
            assert_eq!(fresh, on, "{}", path.display());
            read += 1;
        }
        assert!(read >= 30, "only {read} bundled .docx files were read");

        let base = std::fs::read(crate::test_fixtures().join("real/b_en_1000__calibri11.docx"))
            .expect("essay");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&base[..])).expect("zip");
        let mut rebuilt = |rels: Option<&[u8]>| {
            let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            for i in 0..archive.len() {
                let mut file = archive.by_index(i).expect("entry");
                let name = file.name().expect("name").to_string();
                let mut data = Vec::new();
                std::io::Read::read_to_end(&mut file, &mut data).expect("inflates");
                if name == "_rels/.rels" {
                    match rels {
                        Some(rels) => data = rels.to_vec(),
                        None => continue,
                    }
                }
                out.start_file(name, zip::write::SimpleFileOptions::default())
                    .expect("entry");
                std::io::Write::write_all(&mut out, &data).expect("writes");
            }
            out.finish().expect("zip").into_inner()
        };
        for rels in [
            None,
            Some(&b"<Relationships><Relationship Id=\"a\"></Relationships>"[..]),
            Some(&b"\xff\xfe\x00"[..]),
        ] {
            let bytes = rebuilt(rels);
            let (fresh, on) = outcome(&bytes);
            assert_eq!(fresh, on, "{:?}", rels.map(String::from_utf8_lossy));
        }
        // Damaged package relationships are the reader's to report, even though the sniffer read
        // them first.
        let damaged = rebuilt(Some(
            b"<Relationships><Relationship Id=\"a\"></Relationships>",
        ));
        let reading = read_bytes(&damaged, &options);
        assert_eq!(reading.format, Format::Docx);
        let error = reading
            .error
            .expect("damaged relationships are an error")
            .to_string();
        assert!(error.contains("_rels/.rels"), "{error}");
    }
}
