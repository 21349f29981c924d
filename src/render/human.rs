//! The human report: one block per file, for a candidate at a terminal.
//!
//! The verdict, what was counted and what was not, pages and paper, then each diagnostic rendered
//! by miette's graphical handler, with the excerpt where a limit is crossed.

use std::fmt::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};

use crate::report::{Diagnostic, FileReport, PageBasis, Report, Severity, Verdict};

/// The width the report is fitted to when the terminal's is not known (output to a pipe or a file).
pub const DEFAULT_WIDTH: usize = 80;

/// The narrowest width the report is fitted to; a narrower terminal wraps it.
const MIN_WIDTH: usize = 40;

/// The columns of the terminal stdout writes to; [`DEFAULT_WIDTH`] when stdout is not a terminal
/// or its size cannot be read.
pub fn terminal_width() -> usize {
    terminal_size::terminal_size_of(std::io::stdout())
        .map_or(DEFAULT_WIDTH, |(terminal_size::Width(w), _)| usize::from(w))
}

/// The indent of a field's continuation lines, under the value after `  words  `.
const FIELD_INDENT: &str = "         ";

/// Renders a whole run; `color` switches ANSI colour on. No line is wider than `width` columns
/// (at least 40), except a file path or a single word too long for any line.
pub fn render(report: &Report, color: bool, width: usize) -> String {
    let width = width.max(MIN_WIDTH);
    let mut out = String::new();
    for file in &report.files {
        render_file(&mut out, file, color, width);
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

/// Writes `items` after `label`, joined by ` · ` and packed greedily into lines of `width` columns;
/// continuation lines are indented under the first item. An item too long for a line of its own is
/// wrapped at its spaces.
fn field(out: &mut String, label: &str, items: &[String], width: usize) {
    let first = if label.is_empty() {
        FIELD_INDENT.to_string()
    } else {
        format!("  {label:<5}  ")
    };
    let room = width.saturating_sub(FIELD_INDENT.len()).max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for item in items {
        if !line.is_empty() && columns(&line) + 3 + columns(item) <= room {
            line.push_str(" · ");
            line.push_str(item);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if columns(item) <= room {
            line = item.clone();
        } else {
            let mut pieces: Vec<String> = textwrap::wrap(
                item,
                textwrap::Options::new(room).word_splitter(textwrap::WordSplitter::NoHyphenation),
            )
            .into_iter()
            .map(|piece| piece.into_owned())
            .collect();
            line = pieces.pop().unwrap_or_default();
            lines.extend(pieces);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    for (n, line) in lines.iter().enumerate() {
        let indent = if n == 0 { first.as_str() } else { FIELD_INDENT };
        let _ = writeln!(out, "{indent}{line}");
    }
}

/// The display width of `text` in a terminal's columns.
fn columns(text: &str) -> usize {
    let mut width = 0;
    let mut rest = text;
    // Colour codes (`\x1b[...m`) take no columns.
    while let Some(escape) = rest.find('\x1b') {
        width += unicode_width::UnicodeWidthStr::width(&rest[..escape]);
        rest = rest[escape..]
            .find('m')
            .map_or("", |end| &rest[escape + end + 1..]);
    }
    width + unicode_width::UnicodeWidthStr::width(rest)
}

/// Renders one file's block, fitted to `width` columns.
pub fn render_file(out: &mut String, file: &FileReport, color: bool, width: usize) {
    let verdict = match file.verdict {
        Verdict::Pass => paint(color, "1;32", "PASS"),
        Verdict::Fail => paint(color, "1;31", "FAIL"),
    };
    let _ = writeln!(out, "{verdict} {} ({})", file.path, file.format);
    let pdf = file.format == "pdf";
    if let Some(v) = &file.variant {
        let mut items = vec![v.id.clone()];
        items.extend(v.max_words.map(|w| format!("at most {w} words")));
        items.extend(v.max_characters.map(|c| format!("{c} characters")));
        items.extend(
            v.max_characters_with_spaces
                .map(|c| format!("{c} characters with spaces")),
        );
        items.extend(
            v.max_pages
                .map(|p| format!("{p} {}", if p == 1 { "page" } else { "pages" })),
        );
        items.push(format!("{} paper", v.paper));
        items.push(v.formats.join(" or "));
        field(out, "rules", &items, width);
    }

    if let Some(c) = &file.counts {
        let b = &c.by_part;
        let mut words = c.words.to_string();
        if c.words_range[1] != c.words_range[0] {
            words.push_str(&format!(
                " ({}-{} depending on non-breaking spaces)",
                c.words_range[0], c.words_range[1]
            ));
        }
        if pdf {
            // A PDF has no parts: what was looked for is the text on its pages, and the running
            // lines the reader recognised.
            let mut items = vec![words, "counted: the text on the pages".to_string()];
            if b.headers_footers > 0 {
                items.push(format!(
                    "not counted: running headers and footers {}",
                    b.headers_footers
                ));
            }
            field(out, "words", &items, width);
            field(
                out,
                "",
                &[
                    "a header or footer that does not repeat on every page is counted as text"
                        .to_string(),
                ],
                width,
            );
        } else {
            field(out, "words", &[words], width);
            field(
                out,
                "",
                &[
                    format!("counted: body {}", b.body),
                    format!("text boxes {}", b.text_boxes),
                    format!("footnotes {}", b.footnotes),
                    format!("endnotes {}", b.endnotes),
                ],
                width,
            );
            let mut not_counted = vec![
                format!("not counted: headers/footers {}", b.headers_footers),
                format!("comments {}", b.comments),
            ];
            if c.hidden_words > 0 {
                not_counted.push(format!("hidden {}", c.hidden_words));
            }
            if c.deleted_words > 0 {
                not_counted.push(format!("deleted {}", c.deleted_words));
            }
            if c.counted_parts.len() == 1 {
                not_counted
                    .push("text boxes and notes (the file asks Word not to count them)".into());
            }
            field(out, "", &not_counted, width);
        }
        field(
            out,
            "",
            &[
                format!(
                    "characters {} ({} with spaces)",
                    c.characters, c.characters_with_spaces
                ),
                format!("paragraphs {}", c.paragraphs),
                format!("lines {}", c.lines),
            ],
            width,
        );
    }
    if let Some(p) = &file.pages {
        let mut items = vec![match (p.count, p.basis) {
            (Some(n), PageBasis::Pdf) => format!("{n} (exact)"),
            (Some(n), PageBasis::Render) => format!("{n} (exact, rendered by LibreOffice)"),
            (Some(n), PageBasis::Layout) => format!(
                "{n} by essaylint's layout ({:.2} pages filled)",
                p.fill.unwrap_or(f64::from(n)),
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
        }];
        if p.basis == PageBasis::Layout {
            match (p.stored, p.stored_by.as_deref()) {
                (Some(s), Some(by)) => items.push(format!("{by} stored {s}")),
                (Some(s), None) => items.push(format!("the file stored {s}")),
                _ => {}
            }
        }
        let paper = p
            .sizes
            .iter()
            .map(|s| format!("{} {:.1} × {:.1} mm", s.name, s.width_mm, s.height_mm))
            .collect::<Vec<_>>()
            .join(", ");
        items.push(format!("paper {paper}"));
        field(out, "pages", &items, width);
        if let (Some(fill), Some(n)) = (p.fill, p.count) {
            let limit = file.variant.as_ref().and_then(|v| v.max_pages);
            field(out, "", &gauge(fill, n, limit, color), width);
        }
        for note in &p.approximations {
            field(out, "", &[format!("approximate: {note}")], width);
        }
    }
    if !file.diagnostics.is_empty() {
        let handler = GraphicalReportHandler::new_themed(if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        })
        // The block is indented by two columns below.
        .with_width(width - 2)
        .with_links(false)
        // A check's name or a post ("officer-gps") is not broken at its hyphen.
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .without_primary_span_start();
        for d in &file.diagnostics {
            let mut block = String::new();
            let view = View::new(d, width);
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

/// Fill as one bar a page: `page 1 ██████████ 100%`, `page 2 █░░░░░░░░░ 4%`, pages past the limit
/// in red; at most 12 pages, then `…`.
pub fn gauge(fill: f64, pages: u32, limit: Option<u32>, color: bool) -> Vec<String> {
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
    parts
}

/// The columns miette puts before an excerpt's text (` 1 │ `), with the report's indent of two and
/// one column spare.
const EXCERPT_GUTTER: usize = 2 + 5 + 1;

/// An excerpt fitted to `room` columns: one line (line breaks and tabs become spaces), cut at
/// spaces around the highlight with `…` where it was cut, so that both the highlight and its label
/// (drawn from the highlight's middle as `╰── label`) stay on the screen. Returns the text and the
/// highlight's byte range in it.
fn fit_excerpt(
    excerpt: &str,
    highlight: Option<(usize, usize)>,
    label: Option<&str>,
    room: usize,
) -> (String, Option<(usize, usize)>) {
    // (original byte offset, char shown, its columns)
    let chars: Vec<(usize, char, usize)> = excerpt
        .char_indices()
        .map(|(at, c)| {
            let c = if c.is_control() { ' ' } else { c };
            (
                at,
                c,
                unicode_width::UnicodeWidthChar::width(c).unwrap_or(0),
            )
        })
        .collect();
    let n = chars.len();
    let index_of = |byte: usize| chars.iter().position(|&(at, ..)| at >= byte).unwrap_or(n);
    let (hs, he) = match highlight {
        Some((start, len)) => {
            let hs = index_of(start);
            (hs, index_of(start.saturating_add(len)).max(hs))
        }
        None => (0, n),
    };
    let cols = |a: usize, b: usize| chars[a..b].iter().map(|c| c.2).sum::<usize>();
    let label_w = label.map_or(0, |l| 4 + columns(l));
    let text = |a: usize, b: usize| chars[a..b].iter().map(|c| c.1).collect::<String>();
    // The whole excerpt fits, and the label drawn from the highlight's middle too.
    if cols(0, n) <= room && cols(0, hs) + cols(hs, he) / 2 + label_w <= room {
        let shown = text(0, n);
        let start = text(0, hs).len();
        return (shown, highlight.map(|_| (start, text(hs, he).len())));
    }
    // Room for "… " before and " …" after.
    let budget = room.saturating_sub(4);
    // A highlight wider than the line is cut to what fits, its label still on screen.
    let mut he = he;
    let whole = he;
    while he > hs + 1 && (cols(hs, he) > budget || cols(hs, he) / 2 + label_w > budget) {
        he -= 1;
    }
    if he < whole {
        // Cut at a space, not inside a word, when the highlight has one.
        if let Some(space) = (hs + 1..he).rev().find(|&i| chars[i].1 == ' ') {
            he = space;
        }
    }
    let (mut a, mut b) = (hs, he);
    // Context on the left, up to half of what is left, then on the right.
    let spare = budget.saturating_sub(cols(hs, he).max(cols(hs, he) / 2 + label_w));
    let mut left = 0;
    while a > 0 && left + chars[a - 1].2 <= spare / 2 {
        a -= 1;
        left += chars[a].2;
    }
    while b < n && cols(a, b + 1) <= budget {
        b += 1;
    }
    // Cut at spaces, not inside a word, when the window has one to cut at.
    if a > 0
        && chars[a - 1].1 != ' '
        && let Some(space) = (a..hs).find(|&i| chars[i].1 == ' ')
    {
        a = space + 1;
    }
    if b < n
        && chars[b].1 != ' '
        && let Some(space) = (he..b).rev().find(|&i| chars[i].1 == ' ')
    {
        b = space;
    }
    let body = text(a, b);
    let lead = if a > 0 { "… " } else { "" };
    let trail = if b < n { " …" } else { "" };
    let trimmed = body.trim_start();
    let dropped = body.len() - trimmed.len();
    let start = (lead.len() + text(a, hs).len()).saturating_sub(dropped);
    let shown = format!("{lead}{}{trail}", trimmed.trim_end());
    let len = text(hs, he).trim_end().len();
    (shown, Some((start, len)))
}

/// Where a diagnostic points, in words a candidate knows: "paragraph 7", "paragraph 2 of the
/// footnotes", "page 3".
fn place(location: &crate::report::Location) -> String {
    use essaylint_core::document::Part;
    match (location.page, location.part, location.paragraph) {
        (Some(page), ..) => format!("page {page}"),
        (None, Some(Part::Body) | None, Some(p)) => format!("paragraph {p}"),
        (None, Some(part), Some(p)) => format!("paragraph {p} of the {}", part.label()),
        (None, Some(part), None) => format!("the {}", part.label()),
        (None, None, None) => String::new(),
    }
}

/// A diagnostic as miette sees it.
#[derive(Debug)]
struct View<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<NamedSource<String>>,
    /// The highlight's byte range in the fitted excerpt.
    highlight: Option<(usize, usize)>,
}

impl<'a> View<'a> {
    /// The diagnostic with its excerpt fitted to a report `width` columns wide.
    fn new(diagnostic: &'a Diagnostic, width: usize) -> Self {
        let mut highlight = None;
        let source = diagnostic.location.as_ref().and_then(|l| {
            let excerpt = l.excerpt.as_deref()?;
            let (shown, span) = fit_excerpt(
                excerpt,
                l.highlight,
                l.highlight_label.as_deref(),
                width.saturating_sub(EXCERPT_GUTTER),
            );
            highlight = span;
            Some(NamedSource::new(place(l), shown))
        });
        View {
            diagnostic,
            source,
            highlight,
        }
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
        let source = self.source.as_ref()?;
        let span = match self.highlight {
            Some((start, len)) => LabeledSpan::new(location.highlight_label.clone(), start, len),
            None => LabeledSpan::new(location.highlight_label.clone(), 0, source.inner().len()),
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
            Some(c) if file.format == "pdf" => {
                // A PDF has no parts: its text, less the running lines.
                let _ = write!(out, ": {} words (the text on the pages", c.words);
                if c.by_part.headers_footers > 0 {
                    let _ = write!(
                        out,
                        "; not counted: running headers and footers {}",
                        c.by_part.headers_footers
                    );
                }
                counts_tail(&mut out, c);
            }
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
                counts_tail(&mut out, c);
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

/// The end of a file's counts line: the other reading of non-breaking spaces, then the rest of
/// Word's Word Count dialog.
fn counts_tail(out: &mut String, c: &crate::count::Counts) {
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

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "… shared understanding of purpose, realistic expectations, and people on both \
                        sides who know and trust each other. I would bring that experience to the \
                        role …";

    /// The text a span marks.
    fn marked(shown: &str, span: Option<(usize, usize)>) -> &str {
        let (start, len) = span.expect("a span");
        &shown[start..start + len]
    }

    /// The fitted excerpt keeps the highlighted word and its label inside `room` columns, wherever
    /// the word is.
    #[test]
    fn an_excerpt_fits_with_its_word_and_label() {
        let room = 80 - EXCERPT_GUTTER;
        for (start, word) in TEXT.match_indices(|c: char| c.is_alphabetic()) {
            // Only word starts.
            if start > 0
                && TEXT[..start]
                    .chars()
                    .last()
                    .is_some_and(char::is_alphabetic)
            {
                continue;
            }
            let len = TEXT[start..]
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(TEXT.len() - start);
            let _ = word;
            let (shown, span) = fit_excerpt(TEXT, Some((start, len)), Some("word 501"), room);
            assert!(columns(&shown) <= room, "{shown:?} is wider than {room}");
            assert_eq!(marked(&shown, span), &TEXT[start..start + len]);
            let (at, len) = span.expect("a span");
            let middle = columns(&shown[..at]) + columns(&shown[at..at + len]) / 2;
            assert!(
                middle + 4 + columns("word 501") <= room,
                "label off screen: {shown:?}"
            );
        }
    }

    #[test]
    fn a_short_excerpt_is_left_whole() {
        let (shown, span) = fit_excerpt("one two three", Some((4, 3)), Some("word 2"), 72);
        assert_eq!(shown, "one two three");
        assert_eq!(span, Some((4, 3)));
    }

    /// A highlight wider than the line (the paragraph a page ends in) is cut at a space, and the
    /// cut is marked.
    #[test]
    fn a_long_highlight_is_cut_at_a_space() {
        let (shown, span) = fit_excerpt(TEXT, None, Some("page 1 ends in this paragraph"), 72);
        assert!(columns(&shown) <= 72, "{shown:?}");
        assert!(shown.ends_with(" …"), "{shown:?}");
        let marked = marked(&shown, span);
        assert!(TEXT.starts_with(marked), "{marked:?}");
        assert!(
            TEXT[marked.len()..].starts_with(' '),
            "cut inside a word: {marked:?}"
        );
    }

    /// Line breaks and tabs (a PDF paragraph's lines) become spaces: the excerpt is one line.
    #[test]
    fn an_excerpt_is_one_line() {
        let (shown, span) = fit_excerpt("first line\nsecond\tline", Some((11, 6)), None, 72);
        assert_eq!(shown, "first line second line");
        assert_eq!(marked(&shown, span), "second");
    }

    /// Wide characters take two columns each.
    #[test]
    fn wide_characters_are_measured_in_columns() {
        let text = "北约".repeat(60);
        let at = text.len() / 2;
        let (shown, span) = fit_excerpt(&text, Some((at, "北".len())), Some("character 61"), 40);
        assert!(columns(&shown) <= 40, "{shown:?}");
        assert_eq!(marked(&shown, span), &text[at..at + "北".len()]);
    }

    /// A span past the excerpt's end (the report is data; the renderer does not trust it) does not
    /// panic.
    #[test]
    fn a_span_out_of_range_is_harmless() {
        let _ = fit_excerpt("short", Some((100, 5)), Some("word 9"), 72);
        let _ = fit_excerpt(TEXT, Some((3, 10_000)), Some("word 9"), 10);
        let _ = fit_excerpt("", Some((0, 0)), None, 0);
    }

    /// Items are packed into lines of the width, joined by ` · `, continuation lines indented.
    #[test]
    fn fields_wrap_between_items() {
        let mut out = String::new();
        let items: Vec<String> = (1..=12)
            .map(|n| format!("page {n} ██████████ 100%"))
            .collect();
        field(&mut out, "pages", &items, 80);
        for line in out.lines() {
            assert!(columns(line) <= 80, "{line:?}");
            assert!(!line.ends_with(' ') && !line.ends_with('·'), "{line:?}");
        }
        assert!(out.starts_with("  pages  page 1 "), "{out}");
        assert_eq!(out.matches("page ").count(), 12);
    }

    /// Colour codes take no columns.
    #[test]
    fn colour_codes_take_no_columns() {
        assert_eq!(columns(&paint(true, "31", "██")), 2);
    }
}
