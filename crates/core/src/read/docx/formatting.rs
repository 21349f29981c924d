//! Paragraph and run properties, as styles and direct formatting both write them (`w:pPr`,
//! `w:rPr`; ECMA-376 §17.3.1, §17.3.2).

use quick_xml::events::BytesStart;

use crate::document::{LineRule, ParaProps, RunProps};
use crate::read::xml::{attr, attr_i64, on_off};

/// A length attribute in twips, clamped into `i32`.
fn twips(element: &BytesStart<'_>, name: &str) -> Option<i32> {
    attr_i64(element, name).map(|v| v.clamp(i32::MIN as i64, i32::MAX as i64) as i32)
}

/// Applies one child of `w:pPr` to `props`. Returns false when the element is not a paragraph
/// property this model keeps.
pub(super) fn para_prop(local: &str, element: &BytesStart<'_>, props: &mut ParaProps) -> bool {
    match local {
        "spacing" => {
            if let Some(v) = twips(element, "before") {
                props.space_before = Some(v);
            }
            if let Some(v) = twips(element, "after") {
                props.space_after = Some(v);
            }
            if let Some(v) = twips(element, "line") {
                props.line = Some(v);
            }
            if let Some(rule) = attr(element, "lineRule") {
                props.line_rule = Some(match rule.as_str() {
                    "exact" => LineRule::Exact,
                    "atLeast" => LineRule::AtLeast,
                    _ => LineRule::Auto,
                });
            }
        }
        "ind" => {
            if let Some(v) = twips(element, "left").or_else(|| twips(element, "start")) {
                props.ind_left = Some(v);
            }
            if let Some(v) = twips(element, "right").or_else(|| twips(element, "end")) {
                props.ind_right = Some(v);
            }
            if let Some(v) = twips(element, "firstLine") {
                props.ind_first_line = Some(v);
            }
            if let Some(v) = twips(element, "hanging") {
                props.ind_first_line = Some(-v);
            }
        }
        "keepNext" => props.keep_next = Some(on_off(element)),
        "keepLines" => props.keep_lines = Some(on_off(element)),
        "pageBreakBefore" => props.page_break_before = Some(on_off(element)),
        "contextualSpacing" => props.contextual_spacing = Some(on_off(element)),
        "widowControl" => props.widow_control = Some(on_off(element)),
        "jc" => props.alignment = attr(element, "val"),
        "numId" => props.num_id = attr_i64(element, "val"),
        "ilvl" => props.num_level = attr_i64(element, "val").map(|v| v.clamp(0, 8) as u8),
        _ => return false,
    }
    true
}

/// Applies one child of `w:rPr` to `props` (and the character style to `style`).
pub(super) fn run_prop(
    local: &str,
    element: &BytesStart<'_>,
    props: &mut RunProps,
    style: &mut Option<String>,
) {
    match local {
        "rStyle" => *style = attr(element, "val"),
        "rFonts" => {
            // A theme font supersedes the explicit name beside it (ECMA-376 §17.3.2.26).
            props.font = attr(element, "asciiTheme")
                .or_else(|| attr(element, "ascii"))
                .or_else(|| attr(element, "hAnsiTheme"))
                .or_else(|| attr(element, "hAnsi"))
                .or_else(|| props.font.take());
        }
        "sz" => {
            props.size_half_points = attr_i64(element, "val").map(|v| v.clamp(1, 3276) as u32);
        }
        "b" => props.bold = Some(on_off(element)),
        "i" => props.italic = Some(on_off(element)),
        "vanish" => props.hidden = Some(on_off(element)),
        _ => {}
    }
}
