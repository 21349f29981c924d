//! Stories: the body, footnotes, endnotes, comments, headers and footers, read into paragraphs.
//!
//! One [`StoryReader`] walks a story's XML with explicit stacks (the file's nesting is never
//! followed by recursion), keeping what Word shows and counts as text (see [`crate::read::docx`]).
//! What each opening tag means is in `elements`; closing tags, text and the paragraph and run
//! being built are here.

mod elements;

use quick_xml::events::BytesStart;

use super::numbering::{LazyNumbering, ListCounters};
use super::styles::StyleDefinitions;
use crate::document::{AnchoredObject, CellRef, Document, Paragraph, Part, Run, RunProps, Styles};
use crate::limits::Limits;
use crate::read::ReadError;
use crate::read::xml::{Ev, XmlStream, attr, decode_part};
use elements::start_element;

/// What an open element means for the text inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Paragraph,
    ParagraphProps,
    MarkRunProps,
    Run,
    RunProps,
    Text,
    DeletedText,
    Deleted,
    MovedFrom,
    TextBox,
    AlternateContent,
    Table,
    Row,
    Cell,
    /// `wp:inline`: a picture on the line.
    Inline,
    /// `wp:anchor`: a floating picture, shape or text box.
    Anchor,
    /// `wp:positionH` of an anchored object.
    PositionH,
    /// `wp:positionV` of an anchored object.
    PositionV,
    /// `wp:posOffset`: its text is the offset, EMU.
    PosOffset,
    /// `wp:align`: its text is the alignment.
    Align,
    /// `w:tcBorders`: one cell's borders.
    CellBorders,
    /// `w:tblCellMar`: the table's default cell margins.
    TableCellMargins,
    /// `w:tcMar`: one cell's margins.
    CellMargins,
    NumberingProps,
    Other,
}

#[derive(Debug, Default)]
struct RunState {
    style: Option<String>,
    props: RunProps,
    hidden: Option<bool>,
    start: usize,
}

#[derive(Debug)]
struct ParaBuilder {
    paragraph: Paragraph,
    run: Option<RunState>,
    /// The paragraph mark is a tracked deletion or move away (`w:pPr/w:rPr/w:del`).
    mark_deleted: bool,
}

/// A paragraph whose mark was deleted, waiting to be joined to the paragraph that follows it.
#[derive(Debug)]
struct Carried {
    paragraph: Paragraph,
    /// How many paragraphs enclosed it (text boxes nest paragraphs in paragraphs).
    depth: usize,
}

#[derive(Debug, Clone)]
struct TableState {
    id: u32,
    row: u32,
    cell: u32,
    /// The grid's column widths (`w:tblGrid/w:gridCol`), twips.
    grid: Vec<u32>,
    /// The grid column the current cell starts at.
    column: usize,
    /// The grid columns the current cell spans (`w:gridSpan`).
    span: usize,
    /// The table's default cell margins, top and bottom (`w:tblPr/w:tblCellMar`), twips.
    margins: [u32; 2],
    /// The current cell's own margins, top and bottom (`w:tcPr/w:tcMar`), twips.
    cell_margins: [Option<u32>; 2],
    /// The table's default cell margins, left and right (`w:tblCellMar`), twips.
    side_margins: [Option<u32>; 2],
    /// The current cell's own margins, left and right (`w:tcMar`), twips.
    cell_side_margins: [Option<u32>; 2],
    /// The table's cell spacing (`w:tblPr/w:tblCellSpacing`), twips.
    spacing: u32,
    /// The current row's cell spacing (`w:trPr/w:tblCellSpacing`), twips.
    row_spacing: Option<u32>,
    /// The current cell's top, bottom, left and right border widths (`w:tcPr/w:tcBorders`),
    /// twips.
    cell_borders: [u32; 4],
}

impl TableState {
    /// What the current row adds to the current cell's content height: its top and bottom
    /// margins, the spacing between this row and the next, and, where the cells are kept apart
    /// by that spacing, the cell's own top and bottom borders.
    fn padding(&self) -> u32 {
        let margin = |k: usize| self.cell_margins[k].unwrap_or(self.margins[k]);
        let spacing = self.row_spacing.unwrap_or(self.spacing);
        // With cell spacing the borders are separated (ECMA-376 §17.4.38, §17.4.44): every
        // cell shows its whole border inside the spacing, above and below its text.
        let borders = if spacing > 0 {
            self.cell_borders[0].saturating_add(self.cell_borders[1])
        } else {
            0
        };
        margin(0)
            .saturating_add(margin(1))
            .saturating_add(spacing)
            .saturating_add(borders)
    }

    /// What narrows the current cell's text across: its left and right margins, its own
    /// (`w:tcMar`), else the table's (`w:tblCellMar`), else Word's default of 108 twips a side
    /// (the "Normal Table" style's; LibreOffice's `DEFAULT_CELL_MARGIN`, writerfilter's
    /// DomainMapperTableHandler); and where cell spacing keeps the borders apart, the cell's
    /// left and right borders and the spacing beside it (ECMA-376 §17.4.44: the spacing lies
    /// outside the text margins).
    fn side_margins(&self) -> u32 {
        let margin = |k: usize| {
            self.cell_side_margins[k]
                .or(self.side_margins[k])
                .unwrap_or(108)
        };
        let spacing = self.row_spacing.unwrap_or(self.spacing);
        let separated = if spacing > 0 {
            spacing
                .saturating_add(self.cell_borders[2])
                .saturating_add(self.cell_borders[3])
        } else {
            0
        };
        margin(0)
            .saturating_add(margin(1))
            .saturating_add(separated)
    }

    /// The current cell's width from the grid, when the grid covers it.
    fn cell_width(&self) -> Option<u32> {
        let columns = self
            .grid
            .get(self.column..self.column.checked_add(self.span)?)?;
        (!columns.is_empty()).then(|| columns.iter().fold(0u32, |a, w| a.saturating_add(*w)))
    }
}

/// What every story of a document is read with: the limits, the numbering, the style definitions
/// the styles it refers to are loaded from, and the list counters, which run on from story to
/// story.
pub(super) struct StoryContext<'a> {
    pub(super) limits: &'a Limits,
    pub(super) numbering: &'a LazyNumbering<'a>,
    pub(super) definitions: &'a mut StyleDefinitions,
    pub(super) counters: &'a mut ListCounters,
}

/// One story being read: the open elements, the paragraphs and runs being built, and the state of
/// fields, text boxes, tables, revisions and notes around them.
struct StoryReader<'s, 'a> {
    part: Part,
    context: &'s mut StoryContext<'a>,
    tags: Vec<Tag>,
    paras: Vec<ParaBuilder>,
    /// One field stack per text-box level: `true` once a field reached its result.
    fields: Vec<Vec<bool>>,
    /// One flag per open `mc:AlternateContent`: a choice was taken.
    alternates: Vec<bool>,
    tables: Vec<TableState>,
    next_table: u32,
    deleted: u32,
    moved_from: u32,
    text_boxes: u32,
    carried: Option<Carried>,
    /// The note whose paragraphs are being read (footnotes and endnotes parts).
    note: Option<i64>,
    /// The anchored objects being read (`wp:anchor`; a text box in one may hold another).
    anchors: Vec<AnchoredObject>,
}

impl StoryReader<'_, '_> {
    fn current_part(&self) -> Part {
        if self.text_boxes > 0 && self.part == Part::Body {
            Part::TextBoxes
        } else {
            self.part
        }
    }

    fn in_field_instruction(&self) -> bool {
        self.fields
            .last()
            .is_some_and(|stack| stack.iter().any(|in_result| !in_result))
    }

    fn parent(&self) -> Tag {
        self.tags.last().copied().unwrap_or(Tag::Other)
    }

    /// A field character (ECMA-376 §17.16.18): `begin` opens a field in its instruction,
    /// `separate` moves it to its result, `end` closes it.
    fn field_char(&mut self, element: &BytesStart<'_>) {
        let Some(fields) = self.fields.last_mut() else {
            return;
        };
        match attr(element, "fldCharType").as_deref() {
            // Bound the stack: a file could open fields forever.
            Some("begin") if fields.len() < 1024 => fields.push(false),
            Some("separate") => {
                if let Some(top) = fields.last_mut() {
                    *top = true;
                }
            }
            Some("end") => {
                fields.pop();
            }
            _ => {}
        }
    }

    /// Adds visible characters to the current run, or to the hidden or deleted text.
    fn push_text(&mut self, text: &str, doc: &mut Document) {
        if self.deleted > 0 || self.moved_from > 0 {
            append_spaced(&mut doc.revisions.deleted_text, text);
            return;
        }
        if self.in_field_instruction() {
            return;
        }
        let Some(builder) = self.paras.last_mut() else {
            return;
        };
        let hidden = match builder.run.as_mut() {
            Some(run) => *run.hidden.get_or_insert_with(|| {
                effective_hidden(
                    &doc.styles,
                    builder.paragraph.style.as_deref(),
                    run.style.as_deref(),
                    &run.props,
                )
            }),
            None => effective_hidden(
                &doc.styles,
                builder.paragraph.style.as_deref(),
                None,
                &RunProps::default(),
            ),
        };
        if hidden {
            doc.hidden_text.push_str(text);
        } else {
            builder.paragraph.text.push_str(text);
        }
    }

    fn start_paragraph(&mut self, doc: &mut Document) {
        let mut paragraph = Paragraph::plain(self.current_part(), String::new());
        paragraph.section = if self.part == Part::Body {
            doc.sections.len()
        } else {
            0
        };
        paragraph.note_id = self.note;
        paragraph.cell = self.tables.last().map(|t| CellRef {
            table: t.id,
            row: t.row,
            cell: t.cell,
            depth: self.tables.len() as u32,
            width: t.cell_width(),
            padding: t.padding(),
            side_margins: t.side_margins(),
        });
        if let Some(carried) = self.carried.take() {
            if carried.depth == self.paras.len()
                && carried.paragraph.part == paragraph.part
                && carried.paragraph.cell == paragraph.cell
            {
                // The runs keep their offsets: the joined text comes first.
                paragraph.text = carried.paragraph.text;
                paragraph.runs = carried.paragraph.runs;
                paragraph.objects = carried.paragraph.objects;
                paragraph.anchored = carried.paragraph.anchored;
            } else {
                doc.paragraphs.push(carried.paragraph);
            }
        }
        self.paras.push(ParaBuilder {
            paragraph,
            run: None,
            mark_deleted: false,
        });
    }

    /// Puts a paragraph whose deleted mark found no paragraph to join (the end of a story, cell,
    /// table or text box) on its own.
    fn flush_carried(&mut self, doc: &mut Document) {
        if let Some(carried) = self.carried.take() {
            doc.paragraphs.push(carried.paragraph);
        }
    }

    fn end_run(&mut self) {
        if let Some(builder) = self.paras.last_mut()
            && let Some(run) = builder.run.take()
        {
            let end = builder.paragraph.text.len();
            if end > run.start {
                builder.paragraph.runs.push(Run {
                    start: run.start,
                    end,
                    style: run.style,
                    props: run.props,
                });
            }
        }
    }

    /// The text of a `wp:posOffset` (EMU, 12,700 to the point) or `wp:align` in the anchored
    /// object being read, on the axis of the position element around it.
    fn anchor_position(&mut self, text: &str) {
        let depth = self.tags.len();
        let (Some(&kind), Some(&axis)) = (
            self.tags.get(depth.wrapping_sub(1)),
            self.tags.get(depth.wrapping_sub(2)),
        ) else {
            return;
        };
        let Some(anchor) = self.anchors.last_mut() else {
            return;
        };
        let position = match axis {
            Tag::PositionH => &mut anchor.horizontal,
            Tag::PositionV => &mut anchor.vertical,
            _ => return,
        };
        if kind == Tag::PosOffset {
            if let Ok(emu) = text.trim().parse::<i64>() {
                position.offset = Some(emu.clamp(-(1 << 40), 1 << 40) as f64 / 12_700.0);
                position.align = None;
            }
        } else {
            position.offset = None;
            position.align = Some(text.trim().chars().take(16).collect());
        }
    }

    /// Keeps an anchored object with the paragraph it is anchored in, unless it was deleted.
    fn end_anchor(&mut self) {
        let Some(anchor) = self.anchors.pop() else {
            return;
        };
        if self.deleted > 0 || self.moved_from > 0 {
            return;
        }
        if let Some(builder) = self.paras.last_mut()
            && builder.paragraph.anchored.len() < 10_000
        {
            builder.paragraph.anchored.push(anchor);
        }
    }

    fn end_paragraph(&mut self, doc: &mut Document) {
        self.end_run();
        let Some(builder) = self.paras.pop() else {
            return;
        };
        let mut paragraph = builder.paragraph;
        if builder.mark_deleted {
            // A deleted paragraph mark joins the paragraph to the next one (ECMA-376 Part 1
            // §17.13.5.15): once the change is accepted, as Word counts, there is no boundary and
            // no list label of its own.
            self.flush_carried(doc);
            self.carried = Some(Carried {
                paragraph,
                depth: self.paras.len(),
            });
            return;
        }
        // Numbering may come from the paragraph or its style chain (§17.9.23).
        let num_id = paragraph.props.num_id.or_else(|| {
            doc.styles
                .chain(paragraph.style.as_deref())
                .find_map(|s| s.para.num_id)
        });
        if let Some(num_id) = num_id.filter(|&n| n > 0) {
            let level = paragraph
                .props
                .num_level
                .or_else(|| {
                    doc.styles
                        .chain(paragraph.style.as_deref())
                        .find_map(|s| s.para.num_level)
                })
                .unwrap_or(0);
            let context = &mut *self.context;
            if let Some(numbering) = context.numbering.get(context.definitions, &mut doc.styles) {
                paragraph.label = context.counters.next_label(numbering, num_id, level);
            }
        }
        doc.paragraphs.push(paragraph);
    }
}

fn append_spaced(into: &mut String, text: &str) {
    if !into.is_empty() && !into.ends_with(' ') {
        into.push(' ');
    }
    into.push_str(text);
}

/// Whether a run is hidden: direct formatting, then the character style chain, then the paragraph
/// style chain, then the document defaults (ECMA-376 §17.7.2, style hierarchy).
fn effective_hidden(
    styles: &Styles,
    para_style: Option<&str>,
    char_style: Option<&str>,
    direct: &RunProps,
) -> bool {
    let para_style = para_style.or(styles.default_para_style.as_deref());
    direct
        .hidden
        .or_else(|| styles.chain(char_style).find_map(|s| s.run.hidden))
        .or_else(|| styles.chain(para_style).find_map(|s| s.run.hidden))
        .or(styles.default_run.hidden)
        .unwrap_or(false)
}

pub(super) fn read_story(
    bytes: &[u8],
    name: &str,
    part: Part,
    context: &mut StoryContext<'_>,
    doc: &mut Document,
) -> Result<(), ReadError> {
    let limits = context.limits;
    let text = decode_part(bytes, name)?;
    let mut stream = XmlStream::new(&text, name, limits);
    let mut story = StoryReader {
        part,
        context,
        tags: Vec::new(),
        paras: Vec::new(),
        fields: vec![Vec::new()],
        alternates: Vec::new(),
        tables: Vec::new(),
        next_table: 0,
        deleted: 0,
        moved_from: 0,
        text_boxes: 0,
        carried: None,
        note: None,
        anchors: Vec::new(),
    };
    loop {
        match stream.next()? {
            Ev::Start {
                ns,
                local,
                element,
                empty,
            } => {
                let tag = start_element(&mut story, &mut stream, doc, ns, &local, &element, empty)?;
                match tag {
                    // A self-closing element (`<w:p/>`, `<w:txbxContent/>`, `<w:tbl/>`) is opened
                    // and closed at once: without its end, an empty paragraph would stay open and
                    // take the text that follows it.
                    Some(tag) if empty => end_element(&mut story, doc, tag),
                    Some(tag) => story.tags.push(tag),
                    None => {}
                }
            }
            Ev::End { .. } => {
                let tag = story.tags.pop().unwrap_or(Tag::Other);
                end_element(&mut story, doc, tag);
                if tag == Tag::Paragraph && doc.paragraphs.len() > limits.max_paragraphs {
                    return Err(ReadError::Limit {
                        limit: crate::limits::Limit::Paragraphs,
                        detail: format!(
                            "the document has more than {} paragraphs",
                            limits.max_paragraphs
                        ),
                    });
                }
            }
            Ev::Text(t) => match story.parent() {
                Tag::Text => story.push_text(&t, doc),
                Tag::DeletedText => append_spaced(&mut doc.revisions.deleted_text, &t),
                Tag::PosOffset | Tag::Align => story.anchor_position(&t),
                _ => {}
            },
            Ev::Eof => {
                // Close what a lenient producer left open (the stream already refused truncation).
                while !story.paras.is_empty() {
                    story.end_paragraph(doc);
                }
                story.flush_carried(doc);
                return Ok(());
            }
        }
    }
}

fn end_element(story: &mut StoryReader<'_, '_>, doc: &mut Document, tag: Tag) {
    match tag {
        Tag::Paragraph => story.end_paragraph(doc),
        Tag::Run => story.end_run(),
        Tag::Deleted => story.deleted = story.deleted.saturating_sub(1),
        Tag::MovedFrom => story.moved_from = story.moved_from.saturating_sub(1),
        Tag::TextBox => {
            story.flush_carried(doc);
            story.text_boxes = story.text_boxes.saturating_sub(1);
            if story.fields.len() > 1 {
                story.fields.pop();
            }
        }
        Tag::AlternateContent => {
            story.alternates.pop();
        }
        Tag::Table => {
            story.flush_carried(doc);
            story.tables.pop();
        }
        Tag::Cell => story.flush_carried(doc),
        Tag::Anchor => story.end_anchor(),
        Tag::ParagraphProps
        | Tag::MarkRunProps
        | Tag::RunProps
        | Tag::Text
        | Tag::DeletedText
        | Tag::Row
        | Tag::NumberingProps
        | Tag::Inline
        | Tag::PositionH
        | Tag::PositionV
        | Tag::PosOffset
        | Tag::Align
        | Tag::CellBorders
        | Tag::TableCellMargins
        | Tag::CellMargins
        | Tag::Other => {}
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::document::Format;
    use crate::read::docx::numbering::{Numbering, read_numbering};

    pub(in crate::read::docx) const W: &str =
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    pub(in crate::read::docx) fn wrap(root: &str, inner: &str) -> String {
        format!(r#"<w:{root} xmlns:w="{W}">{inner}</w:{root}>"#)
    }

    pub(in crate::read::docx) fn numbering(inner: &str) -> Numbering {
        read_numbering(wrap("numbering", inner).as_bytes(), &Limits::default())
            .expect("numbering.xml reads")
    }

    /// A styles part holding `inner`, as the reader has it before a story refers to a style.
    pub(in crate::read::docx) fn styles(inner: &str) -> (Styles, StyleDefinitions) {
        crate::read::docx::styles::read_styles(
            wrap("styles", inner).into_bytes(),
            "styles.xml",
            &Limits::default(),
        )
        .expect("styles.xml reads")
    }

    pub(in crate::read::docx) fn no_styles() -> (Styles, StyleDefinitions) {
        (Styles::default(), StyleDefinitions::default())
    }

    /// Reads a body with the given styles and numbering, as `read_docx` does.
    pub(in crate::read::docx) fn body(
        inner: &str,
        styles: (Styles, StyleDefinitions),
        mut numbering: Numbering,
    ) -> Document {
        let mut doc = Document::new(Format::Docx);
        let (styles, mut definitions) = styles;
        doc.styles = styles;
        numbering.link_styles(&mut definitions, &mut doc.styles);
        let xml = wrap("document", &format!("<w:body>{inner}</w:body>"));
        let limits = Limits::default();
        let numbering = LazyNumbering::ready(numbering, &limits);
        let mut context = StoryContext {
            limits: &limits,
            numbering: &numbering,
            definitions: &mut definitions,
            counters: &mut ListCounters::default(),
        };
        read_story(
            xml.as_bytes(),
            "word/document.xml",
            Part::Body,
            &mut context,
            &mut doc,
        )
        .expect("document.xml reads");
        doc
    }

    pub(in crate::read::docx) fn texts(doc: &Document) -> Vec<(Part, Option<&str>, &str)> {
        doc.paragraphs
            .iter()
            .map(|p| (p.part, p.label.as_deref(), p.text.as_str()))
            .collect()
    }

    pub(in crate::read::docx) fn para(num_id: i64, text: &str) -> String {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    }

    pub(in crate::read::docx) const DECIMAL: &str = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>"#;

    #[test]
    fn paragraphs_past_the_limit_make_the_file_unreadable() {
        let xml = wrap(
            "document",
            &format!(
                "<w:body>{}</w:body>",
                "<w:p><w:r><w:t>a</w:t></w:r></w:p>".repeat(5)
            ),
        );
        let limits = Limits {
            max_paragraphs: 3,
            ..Limits::default()
        };
        let mut doc = Document::new(Format::Docx);
        let mut context = StoryContext {
            limits: &limits,
            numbering: &LazyNumbering::new(None, &limits),
            definitions: &mut StyleDefinitions::default(),
            counters: &mut ListCounters::default(),
        };
        let result = read_story(
            xml.as_bytes(),
            "word/document.xml",
            Part::Body,
            &mut context,
            &mut doc,
        );
        assert!(
            matches!(
                result,
                Err(ReadError::Limit {
                    limit: crate::limits::Limit::Paragraphs,
                    ..
                })
            ),
            "{result:?}"
        );
    }

    #[test]
    fn a_self_closing_paragraph_closes_at_once() {
        // An empty last paragraph in a text box used to stay open and take the text that follows
        // the box in its anchor paragraph, putting body words among the text boxes.
        let doc = body(
            r#"<w:p><w:r><w:t xml:space="preserve">before </w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p><w:p/></w:txbxContent></w:pict></w:r><w:r><w:t>after</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>last</w:t></w:r></w:p>"#,
            no_styles(),
            Numbering::default(),
        );
        assert_eq!(
            texts(&doc),
            vec![
                (Part::TextBoxes, None, "box"),
                (Part::TextBoxes, None, ""),
                (Part::Body, None, "before after"),
                (Part::Body, None, ""),
                (Part::Body, None, "last"),
            ]
        );
    }

    #[test]
    fn a_self_closing_text_box_ends_the_text_box() {
        let doc = body(
            r#"<w:p><w:r><w:pict><w:txbxContent/></w:pict></w:r></w:p><w:p><w:r><w:t>body</w:t></w:r></w:p>"#,
            no_styles(),
            Numbering::default(),
        );
        assert_eq!(doc.part(Part::Body).count(), 2);
        assert_eq!(doc.part(Part::TextBoxes).count(), 0);
    }

    #[test]
    fn a_deleted_paragraph_mark_joins_the_next_paragraph() {
        let numbering = numbering(&format!(
            r#"{DECIMAL}<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#
        ));
        // A list item deleted whole (its text and its mark) leaves no label behind, and the
        // items after it are numbered as if it had never been there.
        let deleted_item = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr><w:del w:id="2" w:author="A"><w:r><w:delText>gone</w:delText></w:r></w:del></w:p>"#;
        // A mark deleted between two words joins them into one.
        let joined = r#"<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="A"/></w:rPr></w:pPr><w:r><w:t>half</w:t></w:r></w:p><w:p><w:r><w:t>way</w:t></w:r></w:p>"#;
        let doc = body(
            &format!(
                "{}{deleted_item}{}{joined}",
                para(1, "one"),
                para(1, "three")
            ),
            no_styles(),
            numbering,
        );
        assert_eq!(
            texts(&doc),
            vec![
                (Part::Body, Some("1."), "one"),
                (Part::Body, Some("2."), "three"),
                (Part::Body, None, "halfway"),
            ]
        );
        assert_eq!(doc.paragraphs[2].runs.len(), 2);
        assert_eq!(doc.revisions.deletions, 3);
        assert_eq!(doc.revisions.deleted_text, "gone");
    }

    #[test]
    fn a_deleted_mark_before_a_table_keeps_its_paragraph() {
        let doc = body(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr><w:r><w:t>kept</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
            no_styles(),
            numbering(&format!(
                r#"{DECIMAL}<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#
            )),
        );
        assert_eq!(
            texts(&doc),
            vec![(Part::Body, None, "kept"), (Part::Body, None, "cell")]
        );
    }

    /// ECMA-376 §17.4.49 (`w:tblGrid`), §17.4.14 (`w:gridBefore`), §17.4.17 (`w:gridSpan`): a
    /// cell is as wide as the grid columns it covers.
    #[test]
    fn cells_take_their_widths_from_the_table_grid() {
        let doc = body(
            r#"<w:tbl><w:tblGrid><w:gridCol w:w="1000"/><w:gridCol w:w="2000"/><w:gridCol w:w="3000"/></w:tblGrid>
            <w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>bc</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"#,
            no_styles(),
            Numbering::default(),
        );
        let widths: Vec<Option<u32>> = doc
            .paragraphs
            .iter()
            .map(|p| p.cell.and_then(|c| c.width))
            .collect();
        assert_eq!(
            widths,
            [Some(1000), Some(5000), Some(2000), Some(3000), None]
        );
    }

    /// ECMA-376 §17.4.42 `w:tblCellMar`, §17.4.43 `w:tcMar`, §17.4.44/§17.4.46 `w:tblCellSpacing`:
    /// a row adds its cells' top and bottom margins and the spacing between cells to their text;
    /// a cell's own margins and a row's own spacing win over the table's; `nil` is none, and a
    /// percentage is no fixed length.
    #[test]
    fn cells_carry_their_margins_and_spacing() {
        let doc = body(
            r#"<w:tbl><w:tblPr><w:tblCellSpacing w:w="15" w:type="dxa"/><w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="60" w:type="dxa"/></w:tblCellMar><w:tblBorders><w:top w:val="single" w:sz="4"/></w:tblBorders></w:tblPr>
            <w:tr><w:tc><w:p/></w:tc><w:tc><w:tcPr><w:tcMar><w:top w:w="0" w:type="nil"/><w:bottom w:w="200" w:type="dxa"/></w:tcMar></w:tcPr><w:p/></w:tc></w:tr>
            <w:tr><w:trPr><w:tblCellSpacing w:w="50" w:type="pct"/></w:trPr><w:tc><w:p/></w:tc></w:tr>
            <w:tr><w:trPr><w:tblCellSpacing w:w="100" w:type="dxa"/></w:trPr><w:tc><w:tcPr><w:tcBorders><w:top w:val="single" w:sz="24"/></w:tcBorders></w:tcPr><w:p/></w:tc></w:tr>
            </w:tbl>"#,
            no_styles(),
            Numbering::default(),
        );
        let padding: Vec<Option<u32>> = doc
            .paragraphs
            .iter()
            .map(|p| p.cell.map(|c| c.padding))
            .collect();
        assert_eq!(
            padding,
            [
                Some(40 + 60 + 15),
                Some(200 + 15),
                Some(100),
                // The spacing keeps the borders apart: the cell's 3 pt top border is inside
                // its row (see `separated_cell_borders_add_to_their_row`).
                Some(40 + 60 + 100 + 60)
            ]
        );
    }

    /// ECMA-376 §20.4.2.8 `wp:inline` stands on the line, as tall as `wp:extent/@cy` (EMU);
    /// `wp:anchor` floats and is no inline object.
    #[test]
    fn inline_pictures_are_kept_with_their_heights() {
        let wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
        let doc = body(
            &format!(
                r#"<w:p><w:r><w:t>see </w:t></w:r><w:r><w:drawing><wp:inline xmlns:wp="{wp}"><wp:extent cx="914400" cy="1270000"/></wp:inline></w:drawing></w:r>
                <w:r><w:drawing><wp:anchor xmlns:wp="{wp}"><wp:extent cx="1" cy="2540000"/></wp:anchor></w:drawing></w:r><w:r><w:t>here</w:t></w:r></w:p>"#
            ),
            no_styles(),
            Numbering::default(),
        );
        let objects = &doc.paragraphs[0].objects;
        assert_eq!(objects.len(), 1, "{objects:?}");
        assert_eq!(objects[0].offset, "see ".len());
        assert!((objects[0].height - 100.0).abs() < 1e-9);
    }

    /// ECMA-376 §20.4.2.3 `wp:anchor`: a floating object is kept with the paragraph it is
    /// anchored in, with its extent and effect extent (§20.4.2.7, §20.4.2.6), the distance text
    /// keeps from it (`@distT`…), its position (§20.4.2.10 `wp:positionH`, §20.4.2.11
    /// `wp:positionV`: `wp:posOffset` in EMU or `wp:align`) and its wrapping (§20.4.2.15–18); a
    /// text box's paragraphs inside it stay in the text boxes.
    #[test]
    fn anchored_objects_are_kept_with_their_wrap_size_and_position() {
        let wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
        let doc = body(
            &format!(
                r#"<w:p><w:r><w:t>title</w:t></w:r><w:r><w:drawing><wp:anchor xmlns:wp="{wp}" distT="12700" distB="25400" distL="114300" distR="114300" behindDoc="0"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>-97155</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>199390</wp:posOffset></wp:positionV><wp:extent cx="6038215" cy="4777740"/><wp:effectExtent l="0" t="0" r="0" b="3810"/><wp:wrapSquare wrapText="bothSides"/><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent></wp:anchor></w:drawing></w:r></w:p>
                <w:p><w:r><w:drawing><wp:anchor xmlns:wp="{wp}" behindDoc="1"><wp:positionH relativeFrom="page"><wp:align>center</wp:align></wp:positionH><wp:positionV relativeFrom="bottomMargin"><wp:align>top</wp:align></wp:positionV><wp:extent cx="12700" cy="12700"/><wp:wrapNone/></wp:anchor></w:drawing></w:r></w:p>
                <w:p><w:r><w:drawing><wp:anchor xmlns:wp="{wp}" simplePos="1"><wp:simplePos x="127000" y="254000"/><wp:positionH relativeFrom="column"><wp:posOffset>5</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>5</wp:posOffset></wp:positionV><wp:extent cx="12700" cy="12700"/><wp:wrapTopAndBottom/></wp:anchor></w:drawing></w:r></w:p>"#
            ),
            no_styles(),
            Numbering::default(),
        );
        let body: Vec<&Paragraph> = doc.part(Part::Body).collect();
        assert_eq!(doc.part(Part::TextBoxes).count(), 1);
        let [boxed, behind, simple] = body.as_slice() else {
            panic!("{body:?}");
        };
        assert!(boxed.objects.is_empty());
        let a = &boxed.anchored[0];
        assert_eq!(a.wrap, crate::document::Wrap::Around);
        assert!(
            (a.width - 475.45).abs() < 0.01 && (a.height - 376.2).abs() < 0.01,
            "{a:?}"
        );
        assert!((a.effect[3] - 0.3).abs() < 1e-9);
        assert_eq!(a.distance, [9.0, 1.0, 9.0, 2.0]);
        assert_eq!(
            a.horizontal.relative_to,
            crate::document::RelativeTo::Anchor
        );
        assert!((a.horizontal.offset.unwrap_or(0.0) + 7.65).abs() < 1e-9);
        assert!((a.vertical.offset.unwrap_or(0.0) - 15.7).abs() < 1e-9);
        let b = &behind.anchored[0];
        assert_eq!(b.wrap, crate::document::Wrap::None);
        assert_eq!(b.horizontal.relative_to, crate::document::RelativeTo::Page);
        assert_eq!(
            (b.horizontal.offset, b.horizontal.align.as_deref()),
            (None, Some("center"))
        );
        assert_eq!(
            b.vertical.relative_to,
            crate::document::RelativeTo::FarMargin
        );
        // `simplePos="1"`: placed from the page's corner by `wp:simplePos`, the rest ignored.
        let c = &simple.anchored[0];
        assert_eq!(c.wrap, crate::document::Wrap::TopAndBottom);
        assert_eq!(c.vertical.relative_to, crate::document::RelativeTo::Page);
        assert_eq!(
            (c.horizontal.offset, c.vertical.offset),
            (Some(10.0), Some(20.0))
        );
    }

    /// ECMA-376 §17.4.42 `w:tblCellMar`, §17.4.43 `w:tcMar`: a cell's text is narrower than the
    /// cell by its left and right margins (`w:left`/`w:start`, `w:right`/`w:end`), the cell's own
    /// winning over the table's, and Word's default 108 twips a side where neither says.
    #[test]
    fn cells_are_narrowed_by_their_side_margins() {
        let doc = body(
            r#"<w:tbl><w:tblPr><w:tblCellMar><w:left w:w="15" w:type="dxa"/><w:right w:w="15" w:type="dxa"/></w:tblCellMar></w:tblPr>
            <w:tr><w:tc><w:tcPr><w:tcMar><w:left w:w="150" w:type="dxa"/><w:end w:w="150" w:type="dxa"/></w:tcMar></w:tcPr><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>
            <w:tbl><w:tr><w:tc><w:tcPr><w:tcMar><w:start w:w="0" w:type="dxa"/></w:tcMar></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"#,
            no_styles(),
            Numbering::default(),
        );
        let margins: Vec<Option<u32>> = doc
            .paragraphs
            .iter()
            .map(|p| p.cell.map(|c| c.side_margins))
            .collect();
        assert_eq!(margins, [Some(300), Some(30), Some(108)]);
    }

    /// ECMA-376 §17.4.44 `w:tblCellSpacing` and §17.4.38: with spacing between cells the
    /// borders are separated, and every cell shows its own top and bottom border (§17.4.66
    /// `w:tcBorders`, `w:sz` in eighths of a point) inside its row, and its left and right
    /// borders and the spacing narrow its text ("cell spacing shall be added outside of the text
    /// margins"; LibreOffice's rendering of `bib-chernigovka…docx` breaks its lines there);
    /// without spacing the borders collapse, and the cell adds none of them.
    #[test]
    fn separated_cell_borders_add_to_their_row() {
        let cell = r#"<w:tc><w:tcPr><w:tcBorders><w:top w:val="outset" w:sz="6"/><w:left w:val="single" w:sz="48"/><w:bottom w:val="outset" w:sz="6"/></w:tcBorders></w:tcPr><w:p/></w:tc>"#;
        let none = r#"<w:tc><w:tcPr><w:tcBorders><w:top w:val="nil" w:sz="6"/><w:bottom w:val="none" w:sz="6"/></w:tcBorders></w:tcPr><w:p/></w:tc>"#;
        let doc = body(
            &format!(
                r#"<w:tbl><w:tblPr><w:tblCellSpacing w:w="15" w:type="dxa"/></w:tblPr><w:tr>{cell}{none}</w:tr></w:tbl><w:tbl><w:tr>{cell}</w:tr></w:tbl>"#
            ),
            no_styles(),
            Numbering::default(),
        );
        let padding: Vec<Option<u32>> = doc
            .paragraphs
            .iter()
            .map(|p| p.cell.map(|c| c.padding))
            .collect();
        // 6 eighths of a point are 0.75 pt, 15 twips, at the top and at the bottom.
        assert_eq!(padding, [Some(15 + 15 + 15), Some(15), Some(0)]);
        // Across, the separated cell loses its left border (48 eighths, 6 pt) and the spacing
        // besides its default margins; the collapsed one only its margins.
        let side: Vec<Option<u32>> = doc
            .paragraphs
            .iter()
            .map(|p| p.cell.map(|c| c.side_margins))
            .collect();
        assert_eq!(side, [Some(216 + 120 + 15), Some(216 + 15), Some(216)]);
    }
}
