//! Section properties (`w:sectPr`, ECMA-376 §17.6): page size, margins and columns.

use crate::document::{Document, Section};
use crate::read::ReadError;
use crate::read::xml::{Ev, Ns, XmlStream, attr, attr_i64};

/// Reads the `w:sectPr` just opened on `stream`, to its end; a section property change counts as
/// a formatting revision.
pub(super) fn read_section(
    stream: &mut XmlStream<'_>,
    doc: &mut Document,
) -> Result<Section, ReadError> {
    let mut section = Section::default();
    let target = stream.depth().saturating_sub(1);
    loop {
        match stream.next()? {
            Ev::Start {
                ns: Ns::W,
                local,
                element,
                empty,
            } => match local.as_str() {
                "pgSz" => {
                    let w = attr_i64(&element, "w");
                    let h = attr_i64(&element, "h");
                    if let (Some(w), Some(h)) = (w, h) {
                        section.page_width = w.clamp(1, 1_000_000) as u32;
                        section.page_height = h.clamp(1, 1_000_000) as u32;
                        section.size_given = true;
                    }
                    section.landscape = attr(&element, "orient").as_deref() == Some("landscape");
                }
                "pgMar" => {
                    let get = |n: &str| attr_i64(&element, n);
                    if let Some(v) = get("top") {
                        section.margin_top = v.clamp(-1_000_000, 1_000_000) as i32;
                    }
                    if let Some(v) = get("bottom") {
                        section.margin_bottom = v.clamp(-1_000_000, 1_000_000) as i32;
                    }
                    let unsigned = |v: i64| v.clamp(0, 1_000_000) as u32;
                    if let Some(v) = get("left").or_else(|| get("start")) {
                        section.margin_left = unsigned(v);
                    }
                    if let Some(v) = get("right").or_else(|| get("end")) {
                        section.margin_right = unsigned(v);
                    }
                    if let Some(v) = get("header") {
                        section.margin_header = unsigned(v);
                    }
                    if let Some(v) = get("footer") {
                        section.margin_footer = unsigned(v);
                    }
                    if let Some(v) = get("gutter") {
                        section.gutter = unsigned(v);
                    }
                }
                "type" => {
                    section.continuous = attr(&element, "val").as_deref() == Some("continuous");
                }
                "cols" => {
                    if let Some(n) = attr_i64(&element, "num") {
                        section.columns = n.clamp(1, 45) as u32;
                    }
                    if let Some(s) = attr_i64(&element, "space") {
                        section.column_space = s.clamp(0, 1_000_000) as u32;
                    }
                }
                "sectPrChange" => {
                    doc.revisions.formatting += 1;
                    if !empty {
                        stream.skip_element()?;
                    }
                }
                _ => {}
            },
            Ev::End { .. } if stream.depth() == target => return Ok(section),
            Ev::Eof => return Ok(section),
            _ => {}
        }
    }
}
