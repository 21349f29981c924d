//! What each opening tag of a story means: the elements a story reader acts on, by group
//! (structure, run content, revisions, containers), and the properties it keeps.

use quick_xml::events::BytesStart;

use super::{RunState, StoryReader, TableState, Tag};
use crate::document::{
    AnchoredObject, Document, InlineObject, Part, Position, RelativeTo, Section, Wrap,
};
use crate::read::ReadError;
use crate::read::docx::formatting::{para_prop, run_prop};
use crate::read::docx::sections::read_section;
use crate::read::xml::{Ns, XmlStream, attr, attr_i64};

/// Handles an opening tag. Returns the tag to push for a non-empty element, or `None` when the
/// element's content was skipped (nothing to push: its end was consumed).
pub(super) fn start_element(
    story: &mut StoryReader<'_, '_>,
    stream: &mut XmlStream<'_>,
    doc: &mut Document,
    ns: Ns,
    local: &str,
    element: &BytesStart<'_>,
    empty: bool,
) -> Result<Option<Tag>, ReadError> {
    match ns {
        Ns::Mc => return start_alternate(story, stream, local, empty),
        Ns::W => {}
        Ns::Drawing => return Ok(Some(start_drawing(story, local, element))),
        Ns::Vml | Ns::Other => return Ok(Some(Tag::Other)),
    }
    let start = Start {
        local,
        element,
        empty,
        parent: story.parent(),
    };
    // Each group takes the elements it knows (`None`: not one of its elements where it stands);
    // what none takes is a property, or nothing this reader keeps.
    if let Some(started) = start_structure(story, stream, doc, &start) {
        return started;
    }
    if let Some(tag) = start_run_content(story, doc, &start) {
        return Ok(Some(tag));
    }
    if let Some(started) = start_revision(story, stream, doc, &start) {
        return started;
    }
    if let Some(started) = start_container(story, stream, doc, &start) {
        return started;
    }
    start_property(story, doc, &start);
    Ok(Some(Tag::Other))
}

/// A picture's place: `wp:inline` stands on the line, as tall as its `wp:extent` (EMU, 12,700 to
/// the point); `wp:anchor` floats (ECMA-376 §20.4.2.3), with its size, the distance text keeps
/// from it, its position and how text wraps around it.
fn start_drawing(story: &mut StoryReader<'_, '_>, local: &str, element: &BytesStart<'_>) -> Tag {
    let parent = story.parent();
    match local {
        "inline" => Tag::Inline,
        "extent" if parent == Tag::Inline => {
            let height = emu_points(element, "cy").max(0.0);
            if let Some(builder) = story.paras.last_mut()
                && height > 0.0
                && builder.paragraph.objects.len() < 10_000
            {
                let offset = builder.paragraph.text.len();
                builder
                    .paragraph
                    .objects
                    .push(InlineObject { offset, height });
            }
            Tag::Other
        }
        // A text box in a text box may hold another anchor; past a few levels, none is kept.
        // `simplePos="1"` places the object by `wp:simplePos`, from the page's corner, and ignores
        // `wp:positionH` and `wp:positionV` (§20.4.2.13): such an object starts out relative to
        // the page with an offset, which the position elements leave alone.
        "anchor" if story.anchors.len() < 16 => {
            let simple = matches!(attr(element, "simplePos").as_deref(), Some("1" | "true"));
            let distance =
                ["distL", "distT", "distR", "distB"].map(|name| emu_points(element, name).max(0.0));
            let position = |relative_to| Position {
                relative_to,
                ..Position::default()
            };
            let relative_to = if simple {
                RelativeTo::Page
            } else {
                RelativeTo::Anchor
            };
            story.anchors.push(AnchoredObject {
                wrap: Wrap::None,
                width: 0.0,
                height: 0.0,
                effect: [0.0; 4],
                distance,
                horizontal: position(relative_to),
                vertical: position(relative_to),
            });
            Tag::Anchor
        }
        _ if parent != Tag::Anchor => match local {
            "posOffset" if matches!(parent, Tag::PositionH | Tag::PositionV) => Tag::PosOffset,
            "align" if matches!(parent, Tag::PositionH | Tag::PositionV) => Tag::Align,
            _ => Tag::Other,
        },
        _ => {
            let Some(anchor) = story.anchors.last_mut() else {
                return Tag::Other;
            };
            match local {
                "simplePos" => {
                    if anchor.horizontal.relative_to == RelativeTo::Page
                        && anchor.vertical.relative_to == RelativeTo::Page
                    {
                        anchor.horizontal.offset = Some(emu_points(element, "x"));
                        anchor.vertical.offset = Some(emu_points(element, "y"));
                    }
                    Tag::Other
                }
                "positionH" | "positionV" => {
                    let horizontal = local == "positionH";
                    let position = if horizontal {
                        &mut anchor.horizontal
                    } else {
                        &mut anchor.vertical
                    };
                    // `simplePos="1"` places the object by `wp:simplePos` and ignores these.
                    if position.relative_to == RelativeTo::Page && position.offset.is_some() {
                        return Tag::Other;
                    }
                    position.relative_to = match attr(element, "relativeFrom").as_deref() {
                        Some("page") => RelativeTo::Page,
                        Some("margin" | "insideMargin" | "outsideMargin") => RelativeTo::Margin,
                        Some("topMargin" | "leftMargin") => RelativeTo::NearMargin,
                        Some("bottomMargin" | "rightMargin") => RelativeTo::FarMargin,
                        _ => RelativeTo::Anchor,
                    };
                    if horizontal {
                        Tag::PositionH
                    } else {
                        Tag::PositionV
                    }
                }
                "extent" => {
                    anchor.width = emu_points(element, "cx").max(0.0);
                    anchor.height = emu_points(element, "cy").max(0.0);
                    Tag::Other
                }
                "effectExtent" => {
                    anchor.effect = ["l", "t", "r", "b"].map(|name| emu_points(element, name));
                    Tag::Other
                }
                "wrapNone" => {
                    anchor.wrap = Wrap::None;
                    Tag::Other
                }
                "wrapSquare" | "wrapTight" | "wrapThrough" => {
                    anchor.wrap = Wrap::Around;
                    Tag::Other
                }
                "wrapTopAndBottom" => {
                    anchor.wrap = Wrap::TopAndBottom;
                    Tag::Other
                }
                _ => Tag::Other,
            }
        }
    }
}

/// A length in EMU (12,700 to the point) as points, bounded.
fn emu_points(element: &BytesStart<'_>, name: &str) -> f64 {
    attr_i64(element, name).map_or(0.0, |emu| emu.clamp(-(1 << 40), 1 << 40) as f64 / 12_700.0)
}

/// An opening tag in the WordprocessingML namespace, and the tag of the element it opens in.
struct Start<'e> {
    local: &'e str,
    element: &'e BytesStart<'e>,
    empty: bool,
    parent: Tag,
}

/// What handling an opening tag gives: the tag to push, or `None` when the element was skipped.
type Started = Result<Option<Tag>, ReadError>;

/// Skips an element's content (nothing to push: its end is consumed).
fn skip(stream: &mut XmlStream<'_>, empty: bool) -> Started {
    if !empty {
        stream.skip_element()?;
    }
    Ok(None)
}

/// `mc:AlternateContent` and its choices: the first choice is taken (Word writes the one it
/// understands first); a fallback only when no choice was.
fn start_alternate(
    story: &mut StoryReader<'_, '_>,
    stream: &mut XmlStream<'_>,
    local: &str,
    empty: bool,
) -> Started {
    match local {
        "AlternateContent" => {
            if empty {
                return Ok(None);
            }
            story.alternates.push(false);
            Ok(Some(Tag::AlternateContent))
        }
        "Choice" | "Fallback" => match story.alternates.last_mut() {
            Some(taken) if !*taken => {
                *taken = true;
                Ok(Some(Tag::Other))
            }
            _ => skip(stream, empty),
        },
        _ => Ok(Some(Tag::Other)),
    }
}

/// Paragraphs, runs, their property containers, the paragraph style and section breaks.
fn start_structure(
    story: &mut StoryReader<'_, '_>,
    stream: &mut XmlStream<'_>,
    doc: &mut Document,
    start: &Start<'_>,
) -> Option<Started> {
    let parent = start.parent;
    let tag = match start.local {
        "p" => {
            story.start_paragraph(doc);
            Tag::Paragraph
        }
        "pPr" if parent == Tag::Paragraph => Tag::ParagraphProps,
        "pStyle" if parent == Tag::ParagraphProps => {
            if let Some(builder) = story.paras.last_mut() {
                builder.paragraph.style = attr(start.element, "val");
                if let Some(id) = &builder.paragraph.style {
                    story.context.definitions.load(id, &mut doc.styles);
                }
            }
            Tag::Other
        }
        "numPr" if parent == Tag::ParagraphProps => Tag::NumberingProps,
        "sectPr" => {
            if story.part != Part::Body {
                return Some(skip(stream, start.empty));
            }
            let section = if start.empty {
                Section::default()
            } else {
                match read_section(stream, doc) {
                    Ok(section) => section,
                    Err(error) => return Some(Err(error)),
                }
            };
            doc.sections.push(section);
            return Some(Ok(None));
        }
        "rPr" if parent == Tag::ParagraphProps => Tag::MarkRunProps,
        "rPr" if parent == Tag::Run => Tag::RunProps,
        "r" => {
            story.end_run();
            if let Some(builder) = story.paras.last_mut() {
                builder.run = Some(RunState {
                    start: builder.paragraph.text.len(),
                    ..Default::default()
                });
            }
            Tag::Run
        }
        _ => return None,
    };
    Some(Ok(Some(tag)))
}

/// What a run holds besides properties: text, tabs, breaks, note references, special characters
/// and field characters.
fn start_run_content(
    story: &mut StoryReader<'_, '_>,
    doc: &mut Document,
    start: &Start<'_>,
) -> Option<Tag> {
    let (local, element, parent) = (start.local, start.element, start.parent);
    let tag = match local {
        "t" if parent == Tag::Run => Tag::Text,
        "delText" => Tag::DeletedText,
        "tab" | "ptab" if parent == Tag::Run => {
            story.push_text("\t", doc);
            Tag::Other
        }
        "br" | "cr" if parent == Tag::Run => {
            // A page break is kept apart from a line break for the layout (ECMA-376 §17.3.3.1).
            let page = local == "br" && attr(element, "type").as_deref() == Some("page");
            story.push_text(if page { "\u{c}" } else { "\n" }, doc);
            Tag::Other
        }
        "footnoteReference" | "endnoteReference" if parent == Tag::Run => {
            let part = if local == "footnoteReference" {
                Part::Footnotes
            } else {
                Part::Endnotes
            };
            if let (Some(id), Some(builder)) = (attr_i64(element, "id"), story.paras.last_mut()) {
                let offset = builder.paragraph.text.len();
                builder
                    .paragraph
                    .note_refs
                    .push(crate::document::NoteRef { part, id, offset });
            }
            Tag::Other
        }
        "noBreakHyphen" if parent == Tag::Run => {
            story.push_text("\u{2011}", doc);
            Tag::Other
        }
        "softHyphen" => Tag::Other,
        "sym" if parent == Tag::Run => {
            let c = attr(element, "char")
                .and_then(|h| u32::from_str_radix(h.trim(), 16).ok())
                .and_then(char::from_u32)
                .unwrap_or('\u{FFFD}');
            story.push_text(c.encode_utf8(&mut [0; 4]), doc);
            Tag::Other
        }
        "fldChar" => {
            story.field_char(element);
            Tag::Other
        }
        _ => return None,
    };
    Some(tag)
}

/// Tracked changes (ECMA-376 §17.13.5): deleted and moved-away text is kept out of the story,
/// every change is counted, and formatting changes are skipped.
fn start_revision(
    story: &mut StoryReader<'_, '_>,
    stream: &mut XmlStream<'_>,
    doc: &mut Document,
    start: &Start<'_>,
) -> Option<Started> {
    let (local, element, empty) = (start.local, start.element, start.empty);
    let tag = match local {
        "instrText" | "delInstrText" => return Some(skip(stream, empty)),
        "del" | "moveFrom" if start.parent == Tag::MarkRunProps => {
            if local == "del" {
                doc.revisions.deletions += 1;
            } else {
                doc.revisions.moves += 1;
            }
            note_author(doc, element);
            if let Some(builder) = story.paras.last_mut() {
                builder.mark_deleted = true;
            }
            return Some(skip(stream, empty));
        }
        "del" => {
            doc.revisions.deletions += 1;
            note_author(doc, element);
            if empty {
                return Some(Ok(None));
            }
            story.deleted += 1;
            Tag::Deleted
        }
        "moveFrom" => {
            doc.revisions.moves += 1;
            note_author(doc, element);
            if empty {
                return Some(Ok(None));
            }
            story.moved_from += 1;
            Tag::MovedFrom
        }
        "ins" => {
            doc.revisions.insertions += 1;
            note_author(doc, element);
            Tag::Other
        }
        "moveTo" => {
            doc.revisions.moves += 1;
            note_author(doc, element);
            Tag::Other
        }
        "rPrChange" | "pPrChange" | "sectPrChange" | "tblPrChange" | "trPrChange"
        | "tcPrChange" | "tblGridChange" | "numberingChange" => {
            doc.revisions.formatting += 1;
            note_author(doc, element);
            return Some(skip(stream, empty));
        }
        "cellIns" | "cellDel" | "cellMerge" => {
            doc.revisions.formatting += 1;
            Tag::Other
        }
        _ => return None,
    };
    Some(Ok(Some(tag)))
}

/// Text boxes, tables, content-control properties, notes and comments.
fn start_container(
    story: &mut StoryReader<'_, '_>,
    stream: &mut XmlStream<'_>,
    doc: &mut Document,
    start: &Start<'_>,
) -> Option<Started> {
    let (local, element) = (start.local, start.element);
    let tag = match local {
        "txbxContent" => {
            story.text_boxes += 1;
            story.fields.push(Vec::new());
            Tag::TextBox
        }
        "tbl" => {
            story.flush_carried(doc);
            story.tables.push(TableState {
                id: story.next_table,
                row: 0,
                cell: 0,
                grid: Vec::new(),
                column: 0,
                span: 0,
                margins: [0, 0],
                cell_margins: [None, None],
                side_margins: [None, None],
                cell_side_margins: [None, None],
                spacing: 0,
                row_spacing: None,
                cell_borders: [0; 4],
            });
            story.next_table += 1;
            Tag::Table
        }
        "tr" => {
            if let Some(t) = story.tables.last_mut() {
                t.row += 1;
                t.cell = 0;
                t.column = 0;
                t.span = 0;
                t.row_spacing = None;
            }
            Tag::Row
        }
        "tc" => {
            if let Some(t) = story.tables.last_mut() {
                t.cell += 1;
                t.column = t.column.saturating_add(t.span);
                t.span = 1;
                t.cell_margins = [None, None];
                t.cell_side_margins = [None, None];
                t.cell_borders = [0; 4];
            }
            Tag::Cell
        }
        // The table grid (ECMA-376 §17.4.49, §17.4.16), and where a row and a cell sit on it
        // (§17.4.14 `w:gridBefore`, §17.4.17 `w:gridSpan`).
        "gridCol" => {
            if let Some(t) = story.tables.last_mut()
                && t.grid.len() < 1_000
            {
                let w = attr_i64(element, "w").map_or(0, |w| w.clamp(0, 31_680) as u32);
                t.grid.push(w);
            }
            Tag::Other
        }
        "gridBefore" => {
            if let Some(t) = story.tables.last_mut() {
                t.column = attr_i64(element, "val").map_or(0, |v| v.clamp(0, 1_000) as usize);
            }
            Tag::Other
        }
        "gridSpan" => {
            if let Some(t) = story.tables.last_mut() {
                t.span = attr_i64(element, "val").map_or(1, |v| v.clamp(1, 1_000) as usize);
            }
            Tag::Other
        }
        // Cell margins and spacing: what a row adds to its cells' text (ECMA-376 §17.4.42
        // `w:tblCellMar`, §17.4.43 `w:tcMar`, §17.4.44/§17.4.46 `w:tblCellSpacing`).
        "tblCellMar" => Tag::TableCellMargins,
        "tcMar" => Tag::CellMargins,
        // A cell's borders (ECMA-376 §17.4.66 `w:tcBorders`): `w:sz` in eighths of a point
        // (§17.18.2 ST_EighthPointMeasure), none for `nil` or `none`.
        "tcBorders" => Tag::CellBorders,
        "top" | "bottom" | "left" | "start" | "right" | "end"
            if start.parent == Tag::CellBorders =>
        {
            let k = match local {
                "top" => 0,
                "bottom" => 1,
                "left" | "start" => 2,
                _ => 3,
            };
            let drawn = !matches!(attr(element, "val").as_deref(), Some("nil" | "none"));
            let eighths = attr_i64(element, "sz").map_or(0, |sz| sz.clamp(0, 96) as u32);
            if let Some(t) = story.tables.last_mut() {
                t.cell_borders[k] = if drawn { eighths * 5 / 2 } else { 0 };
            }
            Tag::Other
        }
        "top" | "bottom" if matches!(start.parent, Tag::TableCellMargins | Tag::CellMargins) => {
            let k = usize::from(local == "bottom");
            let twips = twips_of(element);
            if let Some(t) = story.tables.last_mut() {
                if start.parent == Tag::CellMargins {
                    t.cell_margins[k] = Some(twips);
                } else {
                    t.margins[k] = twips;
                }
            }
            Tag::Other
        }
        // The left and right margins (`w:start`/`w:end` in later editions) narrow the cell's
        // text.
        "left" | "start" | "right" | "end"
            if matches!(start.parent, Tag::TableCellMargins | Tag::CellMargins) =>
        {
            let k = usize::from(matches!(local, "right" | "end"));
            let twips = twips_of(element);
            if let Some(t) = story.tables.last_mut() {
                if start.parent == Tag::CellMargins {
                    t.cell_side_margins[k] = Some(twips);
                } else {
                    t.side_margins[k] = Some(twips);
                }
            }
            Tag::Other
        }
        "tblCellSpacing" => {
            let twips = twips_of(element);
            if let Some(t) = story.tables.last_mut() {
                // `w:tblPr` comes before the first row; a row's own is in its `w:trPr`.
                if t.row == 0 {
                    t.spacing = twips;
                } else {
                    t.row_spacing = Some(twips);
                }
            }
            Tag::Other
        }
        "sdtPr" | "sdtEndPr" => return Some(skip(stream, start.empty)),
        "footnote" | "endnote"
            if matches!(
                attr(element, "type").as_deref(),
                Some("separator" | "continuationSeparator" | "continuationNotice")
            ) =>
        {
            return Some(skip(stream, start.empty));
        }
        "footnote" | "endnote" => {
            story.note = attr_i64(element, "id");
            Tag::Other
        }
        "comment" => {
            doc.comment_authors
                .push(attr(element, "author").unwrap_or_default());
            Tag::Other
        }
        _ => return None,
    };
    Some(Ok(Some(tag)))
}

/// A table width measure (`w:w` with `w:type`, ECMA-376 §17.18.87): twips for `dxa`, nothing for
/// `nil`; a percentage or `auto` is no fixed length, and counts as none.
fn twips_of(element: &BytesStart<'_>) -> u32 {
    match attr(element, "type").as_deref() {
        None | Some("dxa") => attr_i64(element, "w").map_or(0, |w| w.clamp(0, 31_680) as u32),
        _ => 0,
    }
}

/// A paragraph or run property (including a run's character style, loaded as it is met).
fn start_property(story: &mut StoryReader<'_, '_>, doc: &mut Document, start: &Start<'_>) {
    let (local, element) = (start.local, start.element);
    match start.parent {
        Tag::ParagraphProps | Tag::NumberingProps => {
            if let Some(builder) = story.paras.last_mut() {
                para_prop(local, element, &mut builder.paragraph.props);
            }
        }
        Tag::RunProps => {
            if let Some(run) = story.paras.last_mut().and_then(|b| b.run.as_mut()) {
                run_prop(local, element, &mut run.props, &mut run.style);
                if local == "rStyle"
                    && let Some(id) = &run.style
                {
                    story.context.definitions.load(id, &mut doc.styles);
                }
            }
        }
        _ => {}
    }
}

fn note_author(doc: &mut Document, element: &BytesStart<'_>) {
    if let Some(author) = attr(element, "author")
        && !author.is_empty()
        && doc.revisions.authors.len() < 64
    {
        doc.revisions.authors.insert(author);
    }
}
