//! Resolves the formatting in force for paragraphs and runs through Word's style hierarchy
//! (ECMA-376 §17.7.2): document defaults, then the paragraph style and its `basedOn` chain, then
//! the character style chain (runs only), then direct formatting.

use crate::document::{LineRule, ParaProps, Paragraph, RunProps, Styles};

/// Paragraph properties with every value decided, lengths in points.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParaFormat {
    pub space_before: f64,
    pub space_after: f64,
    pub line: LineSpacing,
    pub ind_left: f64,
    pub ind_right: f64,
    pub ind_first_line: f64,
    pub keep_next: bool,
    pub keep_lines: bool,
    pub page_break_before: bool,
    pub contextual_spacing: bool,
    pub widow_control: bool,
    /// The style id, for contextual spacing.
    pub style: Option<String>,
}

/// Line spacing as decided.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LineSpacing {
    /// A multiple of the font's single line height.
    Multiple(f64),
    /// Exactly this height, points.
    Exact(f64),
    /// At least this height, points.
    AtLeast(f64),
}

/// Run formatting as decided.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RunFormat {
    pub font: String,
    pub size_pt: f64,
    pub bold: bool,
    pub italic: bool,
}

fn pick<T: Clone>(layers: &[&ParaProps], get: impl Fn(&ParaProps) -> Option<T>) -> Option<T> {
    layers.iter().find_map(|p| get(p))
}

/// The paragraph style id in force: the paragraph's own, or the default paragraph style.
pub(crate) fn para_style<'a>(styles: &'a Styles, paragraph: &'a Paragraph) -> Option<&'a str> {
    paragraph
        .style
        .as_deref()
        .filter(|id| styles.contains(id))
        .or(styles.default_para_style.as_deref())
}

/// Resolves a paragraph's formatting.
pub(crate) fn para_format(styles: &Styles, paragraph: &Paragraph) -> ParaFormat {
    let style = para_style(styles, paragraph);
    let mut layers: Vec<&ParaProps> = vec![&paragraph.props];
    layers.extend(styles.chain(style).map(|s| &s.para));
    layers.push(&styles.default_para);
    let tw = |v: i32| f64::from(v) / 20.0;
    let line_value = pick(&layers, |p| p.line);
    let rule = pick(&layers, |p| p.line_rule).unwrap_or(LineRule::Auto);
    let line = match (line_value, rule) {
        (None, _) => LineSpacing::Multiple(1.0),
        (Some(v), LineRule::Auto) => {
            LineSpacing::Multiple((f64::from(v) / 240.0).clamp(0.06, 132.0))
        }
        (Some(v), LineRule::Exact) => LineSpacing::Exact(tw(v.abs()).max(0.7)),
        (Some(v), LineRule::AtLeast) => LineSpacing::AtLeast(tw(v.max(0))),
    };
    ParaFormat {
        space_before: tw(pick(&layers, |p| p.space_before).unwrap_or(0).max(0)),
        space_after: tw(pick(&layers, |p| p.space_after).unwrap_or(0).max(0)),
        line,
        ind_left: tw(pick(&layers, |p| p.ind_left).unwrap_or(0)),
        ind_right: tw(pick(&layers, |p| p.ind_right).unwrap_or(0)),
        ind_first_line: tw(pick(&layers, |p| p.ind_first_line).unwrap_or(0)),
        keep_next: pick(&layers, |p| p.keep_next).unwrap_or(false),
        keep_lines: pick(&layers, |p| p.keep_lines).unwrap_or(false),
        page_break_before: pick(&layers, |p| p.page_break_before).unwrap_or(false),
        contextual_spacing: pick(&layers, |p| p.contextual_spacing).unwrap_or(false),
        // ECMA-376 §17.3.1.44 reads an absent `w:widowControl` as off, but Word's own default is on
        // (it writes `w:val="0"` when a user turns it off) and LibreOffice imports it on: a
        // paragraph never leaves a single line at the foot or head of a page unless told to.
        widow_control: pick(&layers, |p| p.widow_control).unwrap_or(true),
        style: style.map(str::to_string),
    }
}

/// Resolves a run's formatting (`run` is `None` for the paragraph mark or text outside runs).
pub(crate) fn run_format(
    styles: &Styles,
    paragraph: &Paragraph,
    char_style: Option<&str>,
    direct: Option<&RunProps>,
) -> RunFormat {
    let style = para_style(styles, paragraph);
    let mut layers: Vec<&RunProps> = Vec::new();
    if let Some(direct) = direct {
        layers.push(direct);
    }
    layers.extend(styles.chain(char_style).map(|s| &s.run));
    layers.extend(styles.chain(style).map(|s| &s.run));
    layers.push(&styles.default_run);
    let font = layers
        .iter()
        .find_map(|r| r.font.clone())
        .unwrap_or_default();
    let font = theme_font(styles, &font);
    // Word's size when nothing says one is 10 pt (ECMA-376 §17.3.2.38).
    let half_points = layers.iter().find_map(|r| r.size_half_points).unwrap_or(20);
    RunFormat {
        font,
        size_pt: f64::from(half_points) / 2.0,
        bold: layers.iter().find_map(|r| r.bold).unwrap_or(false),
        italic: layers.iter().find_map(|r| r.italic).unwrap_or(false),
    }
}

/// A theme font reference (`minorHAnsi`, `majorAscii`, …) replaced by the theme's typeface.
fn theme_font(styles: &Styles, font: &str) -> String {
    let minor = || {
        styles
            .theme_minor_font
            .clone()
            .unwrap_or_else(|| "Calibri".into())
    };
    let major = || {
        styles
            .theme_major_font
            .clone()
            .unwrap_or_else(|| "Calibri Light".into())
    };
    match font {
        "minorHAnsi" | "minorAscii" | "minorBidi" | "minorEastAsia" => minor(),
        "majorHAnsi" | "majorAscii" | "majorBidi" | "majorEastAsia" => major(),
        // No font anywhere: Word's own default is the theme's body font.
        "" => minor(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Part, Style};

    fn styles() -> Styles {
        let mut styles = Styles::default();
        styles.default_run.size_half_points = Some(22);
        styles.default_run.font = Some("minorHAnsi".into());
        styles.theme_minor_font = Some("Calibri".into());
        styles.default_para.space_after = Some(200);
        styles.default_para.line = Some(276);
        styles.default_para_style = Some("Normal".into());
        styles.by_id.insert(
            "Normal".into(),
            Style {
                kind: "paragraph".into(),
                para: ParaProps {
                    space_after: Some(160),
                    line: Some(240),
                    ..ParaProps::default()
                },
                run: RunProps {
                    font: Some("Times New Roman".into()),
                    ..RunProps::default()
                },
                ..Style::default()
            },
        );
        styles.by_id.insert(
            "Quote".into(),
            Style {
                kind: "paragraph".into(),
                based_on: Some("Normal".into()),
                para: ParaProps {
                    ind_left: Some(720),
                    ..ParaProps::default()
                },
                run: RunProps {
                    italic: Some(true),
                    ..RunProps::default()
                },
                ..Style::default()
            },
        );
        styles
    }

    #[test]
    fn style_chain_then_defaults() {
        let styles = styles();
        let mut p = Paragraph::plain(Part::Body, "x");
        let f = para_format(&styles, &p);
        assert_eq!(
            f.space_after, 8.0,
            "Normal's 160 twips beat the default 200"
        );
        assert_eq!(f.line, LineSpacing::Multiple(1.0));
        p.style = Some("Quote".into());
        p.props.space_after = Some(0);
        let f = para_format(&styles, &p);
        assert_eq!((f.space_after, f.ind_left), (0.0, 36.0));
        let r = run_format(&styles, &p, None, None);
        assert_eq!(r.font, "Times New Roman");
        assert!(r.italic);
        assert_eq!(r.size_pt, 11.0);
        let bold = RunProps {
            bold: Some(true),
            size_half_points: Some(26),
            ..RunProps::default()
        };
        let r = run_format(&styles, &p, None, Some(&bold));
        assert!(r.bold && r.italic);
        assert_eq!(r.size_pt, 13.0);
    }

    #[test]
    fn theme_fonts_resolve() {
        let mut styles = styles();
        styles.by_id.clear();
        styles.default_para_style = None;
        let p = Paragraph::plain(Part::Body, "x");
        assert_eq!(run_format(&styles, &p, None, None).font, "Calibri");
    }
}
