//! Breaks a paragraph into lines: break opportunities from Unicode line breaking (UAX #14, the
//! `unicode-linebreak` crate), advance widths from the embedded font metrics, greedy filling as Word
//! and LibreOffice both do, trailing spaces hanging past the margin.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use crate::document::{Paragraph, Styles};
use crate::layout::fonts::{Face, Fidelity, resolve};
use crate::layout::resolve::{LineSpacing, ParaFormat, run_format};

/// One laid-out line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    /// Height including line spacing, points: how far the next line starts below this one.
    pub height: f64,
    /// The part of the height the text itself takes (the single line height, or less when spacing
    /// is tighter): spacing beyond it is below the text and may run past the foot of the page, as
    /// in LibreOffice and Word.
    pub content: f64,
    /// Byte range of the paragraph text on this line.
    pub start: usize,
    /// End of the range (exclusive).
    pub end: usize,
    /// A page break ends this line.
    pub page_break_after: bool,
}

/// What a paragraph's lines need from its fonts.
pub(crate) struct Measured {
    pub lines: Vec<Line>,
    /// Fonts that have no metric-compatible twin, by the name the document gives.
    pub approximate_fonts: Vec<String>,
}

struct Span {
    start: usize,
    end: usize,
    metrics: &'static crate::layout::fonts::FaceMetrics,
    scale: f64,
    size: f64,
    line_height: f64,
}

/// The single line height of a face at a size: LibreOffice's rule for TrueType fonts, ascent plus
/// descent plus line gap from the `hhea` table, or from `OS/2` typo metrics when the font sets
/// USE_TYPO_METRICS (its `fsSelection` bit 7), as Word also honours.
pub(crate) fn single_line_height(metrics: &crate::layout::fonts::FaceMetrics, size: f64) -> f64 {
    let upem = f64::from(metrics.units_per_em.max(1));
    let units = if metrics.use_typo_metrics {
        f64::from(metrics.typo_ascender) - f64::from(metrics.typo_descender)
            + f64::from(metrics.typo_line_gap)
    } else {
        f64::from(metrics.hhea_ascender) - f64::from(metrics.hhea_descender)
            + f64::from(metrics.hhea_line_gap)
    };
    units / upem * size
}

fn spaced(height: f64, spacing: LineSpacing) -> f64 {
    match spacing {
        LineSpacing::Multiple(m) => height * m,
        LineSpacing::Exact(e) => e,
        LineSpacing::AtLeast(a) => height.max(a),
    }
}

/// A line of single height `single` under `spacing`.
fn line(
    single: f64,
    spacing: LineSpacing,
    start: usize,
    end: usize,
    page_break_after: bool,
) -> Line {
    let height = spaced(single, spacing);
    // Only the extra of a multiple hangs below the text; an exact or at-least height is the
    // line's own.
    let content = match spacing {
        LineSpacing::Multiple(_) => single.min(height),
        LineSpacing::Exact(_) | LineSpacing::AtLeast(_) => height,
    };
    Line {
        height,
        content,
        start,
        end,
        page_break_after,
    }
}

/// Lays out one paragraph's text in `width` points (the column's width; indents are applied here).
pub(crate) fn break_lines(
    styles: &Styles,
    paragraph: &Paragraph,
    format: &ParaFormat,
    width: f64,
) -> Measured {
    let text = paragraph.text.as_str();
    let mut approximate_fonts = Vec::new();
    let mut span_for = |char_style: Option<&str>, props, start, end| {
        let f = run_format(styles, paragraph, char_style, props);
        let resolved = resolve(&f.font, Face::from_flags(f.bold, f.italic));
        if resolved.fidelity == Fidelity::Approximate && !approximate_fonts.contains(&f.font) {
            approximate_fonts.push(f.font.clone());
        }
        Span {
            start,
            end,
            metrics: resolved.metrics,
            scale: resolved.scale,
            size: f.size_pt,
            line_height: single_line_height(resolved.metrics, f.size_pt),
        }
    };
    let mark = span_for(None, None, 0, 0);
    let mut spans: Vec<Span> = paragraph
        .runs
        .iter()
        .map(|r| span_for(r.style.as_deref(), Some(&r.props), r.start, r.end))
        .collect();
    spans.sort_by_key(|s| s.start);

    let tab = f64::from(styles.default_tab_stop.unwrap_or(720)).max(1.0) / 20.0;
    let left = format.ind_left;
    let right = (width - format.ind_right).max(left + 1.0);
    let first_start = left + format.ind_first_line;

    // Width and line height of each char, by the run that holds it.
    let mut span_index = 0;
    let mut measure = |at: usize, c: char| -> (f64, f64) {
        // Usually called in text order; a word too long for a line is measured twice.
        if spans.get(span_index).is_some_and(|s| s.start > at) {
            span_index = 0;
        }
        while span_index < spans.len() && spans[span_index].end <= at {
            span_index += 1;
        }
        let span = spans
            .get(span_index)
            .filter(|s| s.start <= at && at < s.end)
            .unwrap_or(&mark);
        (
            span.metrics.width_pt(c, span.size) * span.scale,
            span.line_height,
        )
    };

    let mut lines = Vec::new();
    let mut x = first_start;
    if let Some(label) = &paragraph.label {
        x += label
            .chars()
            .map(|c| mark.metrics.width_pt(c, mark.size) * mark.scale)
            .sum::<f64>();
        // The label is followed by a tab to the hanging indent, or the next default stop.
        x = if x < left { left } else { next_tab(x, tab) };
    }
    let mut line_start = 0usize;
    // The tallest run on the line so far; an empty line takes the paragraph mark's height.
    let mut acc = 0.0f64;
    let line_height = |acc: f64| if acc > 0.0 { acc } else { mark.line_height };
    let mut line_has_content = false;
    let mut segment_start = 0usize;
    for (end, opportunity) in linebreaks(text) {
        let segment = &text[segment_start..end];
        // The segment's width, and its width without trailing white space (which may hang).
        let mut full = 0.0;
        let mut trimmed = 0.0;
        let mut height = 0.0f64;
        let mut measured_any = false;
        for (i, c) in segment.char_indices() {
            let at = segment_start + i;
            if c == '\n' || c == '\u{c}' || c == '\r' {
                continue;
            }
            let (w, h) = measure(at, c);
            let w = if c == '\t' {
                next_tab(x + full, tab) - (x + full)
            } else {
                w
            };
            full += w;
            if !c.is_whitespace() {
                trimmed = full;
            }
            height = height.max(h);
            measured_any = true;
        }
        if line_has_content && x + trimmed > right + 0.01 {
            lines.push(line(
                line_height(acc),
                format.line,
                line_start,
                segment_start,
                false,
            ));
            line_start = segment_start;
            x = left;
            acc = 0.0;
            line_has_content = false;
        }
        if !line_has_content && x + trimmed > right + 0.01 {
            // A word longer than the line: break it between characters, as Word does. Its widths
            // are measured again rather than kept, so a hostile "word" costs no memory.
            for (i, c) in segment.char_indices() {
                if c == '\n' || c == '\u{c}' || c == '\r' {
                    continue;
                }
                let at = segment_start + i;
                let (w, _) = measure(at, c);
                if line_has_content && x + w > right + 0.01 {
                    lines.push(line(
                        line_height(acc.max(height)),
                        format.line,
                        line_start,
                        at,
                        false,
                    ));
                    line_start = at;
                    x = left;
                }
                x += w;
                line_has_content = true;
            }
        } else {
            x += full;
            line_has_content |= !segment.trim().is_empty() || measured_any;
        }
        acc = acc.max(height);
        if opportunity == BreakOpportunity::Mandatory && end < text.len() {
            lines.push(line(
                line_height(acc),
                format.line,
                line_start,
                end,
                segment.ends_with('\u{c}'),
            ));
            line_start = end;
            x = left;
            acc = 0.0;
            line_has_content = false;
        }
        segment_start = end;
    }
    lines.push(line(
        line_height(acc),
        format.line,
        line_start,
        text.len(),
        text.ends_with('\u{c}'),
    ));
    Measured {
        lines,
        approximate_fonts,
    }
}

fn next_tab(x: f64, tab: f64) -> f64 {
    ((x / tab).floor() + 1.0) * tab
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Part, RunProps, Styles};
    use crate::layout::resolve::para_format;

    fn times12() -> Styles {
        let mut styles = Styles::default();
        styles.default_run.font = Some("Times New Roman".into());
        styles.default_run.size_half_points = Some(24);
        styles
    }

    #[test]
    fn short_text_is_one_line_of_the_font_height() {
        let styles = times12();
        let p = Paragraph::plain(Part::Body, "A short line.");
        let m = break_lines(&styles, &p, &para_format(&styles, &p), 451.3);
        assert_eq!(m.lines.len(), 1);
        // Liberation Serif: (1825 + 443 + 87) / 2048 × 12 pt.
        assert!((m.lines[0].height - 13.798).abs() < 0.01, "{:?}", m.lines);
        assert!(m.approximate_fonts.is_empty());
    }

    #[test]
    fn long_text_wraps_at_spaces_and_breaks_force_lines() {
        let styles = times12();
        let words = "partnership ".repeat(60);
        let p = Paragraph::plain(Part::Body, words.trim_end());
        let m = break_lines(&styles, &p, &para_format(&styles, &p), 451.3);
        // "partnership " is about 60 pt wide at 12 pt: seven to a 451 pt line.
        assert!((8..=10).contains(&m.lines.len()), "{}", m.lines.len());
        for line in &m.lines {
            assert!(
                !p.text[line.start..line.end]
                    .trim_start()
                    .starts_with("artnership")
            );
        }
        let p = Paragraph::plain(Part::Body, "one\ntwo\u{c}three");
        let m = break_lines(&styles, &p, &para_format(&styles, &p), 451.3);
        assert_eq!(m.lines.len(), 3);
        assert!(m.lines[1].page_break_after && !m.lines[0].page_break_after);
    }

    #[test]
    fn bigger_runs_make_taller_lines_and_unknown_fonts_are_approximate() {
        let styles = times12();
        let mut p = Paragraph::plain(Part::Body, "Title words");
        p.runs.push(crate::document::Run {
            start: 0,
            end: 5,
            style: None,
            props: RunProps {
                size_half_points: Some(48),
                font: Some("Some Unknown Font".into()),
                ..RunProps::default()
            },
        });
        let m = break_lines(&styles, &p, &para_format(&styles, &p), 451.3);
        assert_eq!(m.lines.len(), 1);
        assert!(m.lines[0].height > 20.0);
        assert_eq!(m.approximate_fonts, vec!["Some Unknown Font".to_string()]);
    }
}
