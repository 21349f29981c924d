//! The human report: one block per file, for a candidate at a terminal.
//!
//! The verdict, what was counted and what was not, pages and paper, then each diagnostic rendered
//! by miette's graphical handler, with the excerpt where a limit is crossed.

use std::fmt::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};

use crate::report::{Diagnostic, FileReport, PageBasis, Report, Severity, Verdict};

/// Renders a whole run; `color` switches ANSI colour on.
pub fn render(report: &Report, color: bool) -> String {
    let mut out = String::new();
    for file in &report.files {
        render_file(&mut out, file, color);
    }
    if report.files.len() > 1 {
        out.push_str(&render_summary(report, color));
    }
    out
}

fn paint(color: bool, code: &str, text: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// Renders one file's block.
pub fn render_file(out: &mut String, file: &FileReport, color: bool) {
    let verdict = match file.verdict {
        Verdict::Pass => paint(color, "1;32", "PASS"),
        Verdict::Fail => paint(color, "1;31", "FAIL"),
    };
    let variant = file
        .variant
        .as_ref()
        .map(|v| {
            let words = v
                .max_words
                .map(|w| format!("{w} words, "))
                .unwrap_or_default();
            let characters = v
                .max_characters
                .map(|c| format!("{c} characters, "))
                .unwrap_or_default();
            let with_spaces = v
                .max_characters_with_spaces
                .map(|c| format!("{c} characters with spaces, "))
                .unwrap_or_default();
            let pages = v
                .max_pages
                .map(|p| format!("{p} {} ", if p == 1 { "page" } else { "pages" }))
                .unwrap_or_default();
            format!(
                "  [{}: {words}{characters}{with_spaces}{pages}{} {}]",
                v.id,
                v.paper,
                v.formats.join("/")
            )
        })
        .unwrap_or_default();
    let _ = writeln!(out, "{verdict} {} ({}){variant}", file.path, file.format);

    if let Some(c) = &file.counts {
        let b = &c.by_part;
        let range = if c.words_range[1] != c.words_range[0] {
            format!(
                " ({}-{} depending on non-breaking spaces)",
                c.words_range[0], c.words_range[1]
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "  words  {}{range} counted: body {} · text boxes {} · footnotes {} · endnotes {}",
            c.words, b.body, b.text_boxes, b.footnotes, b.endnotes
        );
        let mut not_counted = vec![
            format!("headers/footers {}", b.headers_footers),
            format!("comments {}", b.comments),
        ];
        if c.hidden_words > 0 {
            not_counted.push(format!("hidden {}", c.hidden_words));
        }
        if c.deleted_words > 0 {
            not_counted.push(format!("deleted {}", c.deleted_words));
        }
        if c.counted_parts.len() == 1 {
            not_counted.push("text boxes and notes (the file asks Word not to count them)".into());
        }
        let _ = writeln!(out, "         not counted: {}", not_counted.join(" · "));
        let _ = writeln!(
            out,
            "         characters {} ({} with spaces) · paragraphs {} · lines {}",
            c.characters, c.characters_with_spaces, c.paragraphs, c.lines
        );
    }
    if let Some(p) = &file.pages {
        let count = match (p.count, p.basis) {
            (Some(n), PageBasis::Pdf) => format!("{n} (exact)"),
            (Some(n), PageBasis::Render) => format!("{n} (exact, rendered by LibreOffice)"),
            (Some(n), PageBasis::Layout) => format!(
                "{n} by essaylint's layout ({:.2} pages filled){}",
                p.fill.unwrap_or(f64::from(n)),
                match (p.stored, p.stored_by.as_deref()) {
                    (Some(s), Some(by)) => format!("; {by} stored {s}"),
                    (Some(s), None) => format!("; the file stored {s}"),
                    _ => String::new(),
                }
            ),
            (Some(n), PageBasis::Stored) => format!(
                "{n} as stored in the file{} (not verified)",
                p.stored_by
                    .as_deref()
                    .map(|s| format!(" by {s}"))
                    .unwrap_or_default()
            ),
            (Some(n), _) => n.to_string(),
            (None, _) => "unknown (the file stores no count)".to_string(),
        };
        let paper = p
            .sizes
            .iter()
            .map(|s| format!("{} {:.1} × {:.1} mm", s.name, s.width_mm, s.height_mm))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(out, "  pages  {count} · paper {paper}");
        if let (Some(fill), Some(n)) = (p.fill, p.count) {
            let limit = file.variant.as_ref().and_then(|v| v.max_pages);
            let _ = writeln!(out, "         {}", gauge(fill, n, limit, color));
        }
        for note in &p.approximations {
            let _ = writeln!(out, "         approximate: {note}");
        }
    }
    if !file.diagnostics.is_empty() {
        let handler = GraphicalReportHandler::new_themed(if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        })
        .with_width(100)
        .with_links(false);
        for d in &file.diagnostics {
            let mut block = String::new();
            let view = View::new(d);
            if handler.render_report(&mut block, &view).is_err() {
                let _ = writeln!(block, "{}: {}\n  help: {}", d.name, d.message, d.help);
            }
            for line in block.lines() {
                // An empty line stays empty: no indent of trailing spaces.
                let line = line.trim_end();
                if line.is_empty() {
                    out.push('\n');
                } else {
                    let _ = writeln!(out, "  {line}");
                }
            }
        }
    }
    out.push('\n');
}

/// Fill as one bar a page: `page 1 ██████████ 100% · page 2 █░░░░░░░░░ 4%`, pages past the limit in
/// red.
pub fn gauge(fill: f64, pages: u32, limit: Option<u32>, color: bool) -> String {
    let mut parts = Vec::new();
    for page in 1..=pages.max(1) {
        let share = (fill - f64::from(page - 1)).clamp(0.0, 1.0);
        let filled = (share * 10.0).round() as usize;
        let bar = format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled));
        let over = limit.is_some_and(|l| page > l);
        let bar = if over { paint(color, "31", &bar) } else { bar };
        parts.push(format!("page {page} {bar} {:.0}%", share * 100.0));
        if parts.len() >= 12 {
            parts.push("…".to_string());
            break;
        }
    }
    parts.join(" · ")
}

/// A diagnostic as miette sees it.
#[derive(Debug)]
struct View<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<NamedSource<String>>,
}

impl<'a> View<'a> {
    fn new(diagnostic: &'a Diagnostic) -> Self {
        let source = diagnostic.location.as_ref().and_then(|l| {
            let excerpt = l.excerpt.clone()?;
            let mut name = Vec::new();
            if let Some(part) = l.part {
                name.push(part.label().to_string());
            }
            if let Some(p) = l.paragraph {
                name.push(format!("paragraph {p}"));
            }
            if let Some(p) = l.page {
                name.push(format!("page {p}"));
            }
            Some(NamedSource::new(name.join(", "), excerpt))
        });
        View { diagnostic, source }
    }
}

impl fmt::Display for View<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for View<'_> {}

impl miette::Diagnostic for View<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{} {}",
            self.diagnostic.code, self.diagnostic.name
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(match self.diagnostic.name {
            // The report's help says which posts are missing whatever the shell; this one says how
            // the command line takes them.
            "no-variant" | "variant-mismatch" => Box::new(format!(
                "{} (--post POST, once per post)",
                self.diagnostic.help
            )),
            _ => Box::new(&self.diagnostic.help),
        })
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let location = self.diagnostic.location.as_ref()?;
        self.source.as_ref()?;
        let span = match location.highlight {
            Some((start, len)) => LabeledSpan::new(location.highlight_label.clone(), start, len),
            None => LabeledSpan::new(
                location.highlight_label.clone(),
                0,
                location.excerpt.as_ref().map_or(0, String::len),
            ),
        };
        Some(Box::new(std::iter::once(span)))
    }
}

/// Renders counts and pages alone (`essaylint count`).
pub fn render_counts(report: &Report) -> String {
    let mut out = String::new();
    for file in &report.files {
        let _ = write!(out, "{} ({})", file.path, file.format);
        match &file.counts {
            Some(c) => {
                let b = &c.by_part;
                let _ = write!(
                    out,
                    ": {} words (body {}, text boxes {}, footnotes {}, endnotes {}; not counted: \
                     headers/footers {}, comments {}",
                    c.words,
                    b.body,
                    b.text_boxes,
                    b.footnotes,
                    b.endnotes,
                    b.headers_footers,
                    b.comments
                );
                if c.words_range[1] != c.words_range[0] {
                    let _ = write!(
                        out,
                        "; {} if non-breaking spaces separate words",
                        c.words_range[1]
                    );
                }
                let _ = write!(
                    out,
                    "); {} characters, {} with spaces, {} paragraphs, {} lines",
                    c.characters, c.characters_with_spaces, c.paragraphs, c.lines
                );
            }
            None => out.push_str(": words not available"),
        }
        if let Some(p) = &file.pages {
            let basis = match p.basis {
                PageBasis::Pdf => "exact",
                PageBasis::Stored => "as stored in the file",
                PageBasis::Layout => "layout",
                PageBasis::Render => "rendered",
                PageBasis::None => "",
            };
            let pages = match p.count {
                Some(n) => format!("{n} {} ({basis})", if n == 1 { "page" } else { "pages" }),
                None => "pages unknown".to_string(),
            };
            let paper = p.size.as_ref().map_or("paper unknown", |s| s.name.as_str());
            let _ = write!(out, "; {pages}, {paper}");
        }
        out.push('\n');
        for d in &file.diagnostics {
            let _ = writeln!(out, "  {}: {}", d.name, d.message);
        }
    }
    out
}

/// Renders the rule data for people (`essaylint rules`).
pub fn render_rules(rules: &crate::rules::RuleSet) -> String {
    let mut out = String::new();
    for c in &rules.competitions {
        let _ = writeln!(out, "{} ({})", c.title, c.id);
        for p in &c.posts {
            let _ = writeln!(out, "  post {:<12} {}", p.id, p.title);
        }
        for v in &c.variants {
            let words = v.max_words.map_or_else(
                || "no word limit".to_string(),
                |w| format!("at most {w} words"),
            );
            let pages = v.max_pages.map_or_else(
                || "no page limit".to_string(),
                |p| format!("at most {p} page(s)"),
            );
            let characters: String = [
                v.max_characters
                    .map(|c| format!("; at most {c} characters (no spaces)")),
                v.max_characters_with_spaces
                    .map(|c| format!("; at most {c} characters with spaces")),
            ]
            .into_iter()
            .flatten()
            .collect();
            let _ = writeln!(
                out,
                "  variant {} (posts: {}): {}{characters}; {}; {} paper; formats: {}",
                v.id,
                v.posts.join(" + "),
                words,
                pages,
                v.paper,
                v.formats.join(", ")
            );
            let _ = writeln!(out, "    question: {}", v.question.trim());
            for e in &v.elements {
                let _ = writeln!(out, "    - {}: {}", e.id, e.summary);
            }
        }
        out.push('\n');
    }
    out
}

/// The text that was read, one paragraph a line with its part and word count (`count --show-text`).
pub fn render_text(doc: &crate::document::Document) -> String {
    let mut out = String::new();
    for p in &doc.paragraphs {
        let words = crate::count::paragraph_words(p.label.as_deref(), &p.text).joining;
        let label = p
            .label
            .as_deref()
            .map(|l| format!("{l} "))
            .unwrap_or_default();
        let text: String = p
            .text
            .chars()
            .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
            .collect();
        let _ = writeln!(out, "[{} {words}] {label}{text}", p.part.as_str());
    }
    out
}

/// The summary after several files: how many files passed and failed, and the failures by reason (the
/// names of their errors; a file failing for two reasons counts under both).
pub fn render_summary(report: &Report, color: bool) -> String {
    let total = report.files.len();
    let passed = report
        .files
        .iter()
        .filter(|f| f.verdict == crate::report::Verdict::Pass)
        .count();
    let failed = total - passed;
    let mut reasons: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for file in &report.files {
        let names: std::collections::BTreeSet<&str> = file
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.name)
            .collect();
        for name in names {
            *reasons.entry(name).or_default() += 1;
        }
    }
    let mut out = String::new();
    out.push_str(&format!(
        "{} {total} {} · {} · {}\n",
        paint(color, "1", "Summary"),
        if total == 1 { "file" } else { "files" },
        paint(color, "32", &format!("{passed} passed")),
        paint(
            color,
            if failed > 0 { "31" } else { "32" },
            &format!("{failed} failed")
        ),
    ));
    if !reasons.is_empty() {
        let mut reasons: Vec<(&str, usize)> = reasons.into_iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let width = reasons.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        out.push_str("  failed by reason\n");
        for (name, n) in reasons {
            out.push_str(&format!("    {name:<width$}  {n:>5}\n"));
        }
    }
    out
}
