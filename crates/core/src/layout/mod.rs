//! The page layout model: how many pages a Word document fills, without Word.
//!
//! A .docx stores no reliable page count (the `Pages` in `docProps/app.xml` is whatever the last
//! program wrote), and the notices' binding limits are in A4 pages. This model lays the body out the
//! way Word and LibreOffice do, from the parts of WordprocessingML that decide pagination:
//!
//! - sections: page size, margins (the body area is what lies between the top and bottom margins);
//! - paragraph properties through the style chain ([`resolve`]): spacing before and after (space
//!   before dropped at the top of a page, as Word does; `contextualSpacing` between paragraphs of one
//!   style), line spacing (`auto` multiples, `exact`, `atLeast`), indents, keep-with-next,
//!   keep-lines-together, widow and orphan control, page-break-before and page breaks;
//! - run properties (font, size, bold, italic) with real advance widths from the embedded metrics
//!   of the metric-compatible fonts ([`fonts`]), line breaking at Unicode break opportunities
//!   ([`lines`]), tabs at the default stops, list labels;
//! - tables row by row (cells share the column width evenly: the grid is not read yet);
//! - floating objects (`wp:anchor`) that leave the text no room beside them, as bands of the page
//!   the lines go below;
//! - footnotes at the foot of the page that cites them, below a separator the height of a line;
//!   endnotes after the body.
//!
//! A single line's height is the font's ascent, descent and line gap (`hhea`), which is what
//! LibreOffice uses and what matches the reference renderings line for line. What the model does not
//! handle is listed in [`Layout::approximations`] for the document at hand, and the report says the
//! count is approximate when any applies.

mod face_metrics;
mod font_data;
pub mod fonts;
mod line_counts;
mod lines;
mod resolve;

use std::collections::BTreeMap;

use crate::count::word_starts;
use crate::document::{
    AnchoredObject, CellRef, Document, Paragraph, Part, Position, RelativeTo, Section, Styles, Wrap,
};
pub use line_counts::lines_per_paragraph;
use lines::{break_lines, single_line_height};
use resolve::{ParaFormat, para_format, run_format};

/// One line as placed on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLine {
    /// 1-based page.
    pub page: u32,
    /// Index into [`Document::paragraphs`].
    pub paragraph: usize,
    /// Words starting on this line (joining reading).
    pub words: u64,
    /// Distance from the top of the body area to the bottom of the line, points.
    pub bottom: f64,
}

/// The result of laying out a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Pages the body fills.
    pub pages: u32,
    /// Fractional pages: full pages plus the share of the last page's body area the text reaches
    /// (1.74 is one full page and 74% of the second).
    pub fill: f64,
    /// Every body line in order.
    pub lines: Vec<PlacedLine>,
    /// What made the count approximate, for people ("font Georgia has no metric-compatible twin").
    pub approximations: Vec<String>,
    /// How far, in pages, the fill may be from a real rendering: [`MARGIN_PAGES`], plus
    /// [`APPROXIMATE_MARGIN_PAGES`] when a font or a structure is only approximated, plus the room
    /// tracked deletions would take if shown inline.
    pub margin: f64,
}

/// The model's margin of error on documents it covers fully, in pages, derived from the measured
/// errors (`docs/layout-agreement.md`): on the 19 reference essays and the 36 documents of five
/// producers (`fixtures/layout`), the fill is within 0.003 page of LibreOffice's on 53 of 55, and
/// the largest errors are 0.020 (footnotes in a LibreOffice-written document) and 0.022 (an essay
/// whose tracked deletions LibreOffice shows inline, which the deletion margin covers). The
/// largest, rounded up to the next hundredth, is 0.03 page: about a line and a half of 11 pt text.
pub const MARGIN_PAGES: f64 = 0.03;
/// Added to the margin when a font has no metric-compatible twin, or text boxes, tables or columns
/// are only approximated.
pub const APPROXIMATE_MARGIN_PAGES: f64 = 0.25;

impl Layout {
    /// Lines on pages after `max`, and the words that start on them.
    pub fn over(&self, max: u32) -> (u32, u64) {
        let over: Vec<&PlacedLine> = self.lines.iter().filter(|l| l.page > max).collect();
        (over.len() as u32, over.iter().map(|l| l.words).sum())
    }

    /// The paragraph holding the last line of page `page`.
    pub fn last_paragraph_on(&self, page: u32) -> Option<usize> {
        self.lines
            .iter()
            .rev()
            .find(|l| l.page == page)
            .map(|l| l.paragraph)
    }
}

/// The share of a line's text height below the baseline, under an inline picture (a typical
/// Latin face's descent, 0.2 to 0.25 of its ascent plus descent).
const DESCENT_SHARE: f64 = 0.22;

/// A unit the paginator places: a paragraph's lines, or a table row.
struct Block {
    paragraph: usize,
    lines: Vec<BlockLine>,
    format: ParaFormat,
    /// A table row cannot break across pages in this model.
    row: bool,
    /// Floating objects anchored in the paragraph that leave no room beside them.
    obstacles: Vec<Obstacle>,
}

/// A floating object that text cannot stand beside: the band of the page it covers, which the
/// lines that would overlap it skip.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Obstacle {
    /// The band is measured from the top of its anchor paragraph's first line, not from the top
    /// of the body area.
    from_paragraph: bool,
    /// Top of the band (the object, its effects and the distance text keeps above it), points.
    top: f64,
    /// Bottom of the band, points.
    bottom: f64,
}

/// The most floating-object bands a page keeps: every line is checked against each, so a file
/// that anchors thousands of objects on one page costs no more than this many per line.
const MAX_BANDS: usize = 64;

/// The least room beside a floating object that text flows into: LibreOffice's value for Word
/// documents (`TEXT_MIN_SMALL`, 300 twips, sw/source/core/text/txtfly.cxx: "MS Word wraps on
/// sides with even less space" than Writer's own 2 cm). Narrower, the text goes below it.
const MIN_ROOM_BESIDE: f64 = 15.0;

/// What a floating object anchored in a body paragraph does to the text: `Ok(Some)` the band it
/// takes, `Ok(None)` no room at all, `Err(())` room the model does not lay out (text beside it).
///
/// Objects that wrap no text (`wp:wrapNone`: behind or in front of it) take no room. Objects with
/// text above and below only (`wp:wrapTopAndBottom`) take their height across the column. Objects
/// with text beside them (`wp:wrapSquare`, `wp:wrapTight`, `wp:wrapThrough`) do the same when the
/// room they leave in the column on either side is narrower than [`MIN_ROOM_BESIDE`]; otherwise
/// the text beside them would be narrowed, which the model does not do. The band is the object's
/// extent with its effects (`wp:effectExtent`) and the distance text keeps from it
/// (`@distT`/`@distB`), placed by `wp:positionV` (ECMA-376 §20.4.2.3, §20.4.2.11).
fn obstacle(
    object: &AnchoredObject,
    section: &Section,
    width: f64,
    area: f64,
) -> Result<Option<Obstacle>, ()> {
    if object.wrap == Wrap::None || object.height <= 0.0 {
        return Ok(None);
    }
    let [effect_left, effect_top, effect_right, effect_bottom] = object.effect;
    let [dist_left, dist_top, dist_right, dist_bottom] = object.distance;
    // Across: the object's reference, from the column's left edge.
    let margin_left = pt(section.margin_left);
    let (from, span) = match object.horizontal.relative_to {
        RelativeTo::Page => (-margin_left, pt(section.page_width)),
        RelativeTo::Margin | RelativeTo::Anchor => (0.0, width),
        RelativeTo::NearMargin => (-margin_left, margin_left),
        RelativeTo::FarMargin => (width, pt(section.margin_right)),
    };
    let x = place(&object.horizontal, from, span, object.width);
    let left = x - effect_left - dist_left;
    let right = x + object.width + effect_right + dist_right;
    if right <= 0.0 || left >= width {
        return Ok(None);
    }
    if object.wrap == Wrap::Around && left.max(width - right) >= MIN_ROOM_BESIDE {
        return Err(());
    }
    // Down: the object's reference, from the top of the body area (or of the paragraph).
    let margin_top = f64::from(section.margin_top.unsigned_abs()) / 20.0;
    let (from, span) = match object.vertical.relative_to {
        RelativeTo::Page => (-margin_top, pt(section.page_height)),
        RelativeTo::Margin => (0.0, area),
        RelativeTo::Anchor => (0.0, 0.0),
        RelativeTo::NearMargin => (-margin_top, margin_top),
        RelativeTo::FarMargin => (area, pt(section.page_height) - margin_top - area),
    };
    let y = place(&object.vertical, from, span, object.height);
    Ok(Some(Obstacle {
        from_paragraph: object.vertical.relative_to == RelativeTo::Anchor,
        top: y - effect_top - dist_top,
        bottom: y + object.height + effect_bottom + dist_bottom,
    }))
}

/// Where an object of `size` starts along one axis in a reference from `from` spanning `span`:
/// at its offset, or aligned (`left`/`top`/`inside` at the start, `center`, `right`/`bottom`/
/// `outside` at the end; §20.4.3.1, §20.4.3.2).
fn place(position: &Position, from: f64, span: f64, size: f64) -> f64 {
    match (position.offset, position.align.as_deref()) {
        (Some(offset), _) => from + offset,
        (None, Some("center")) => from + (span - size) / 2.0,
        (None, Some("right" | "bottom" | "outside")) => from + span - size,
        (None, _) => from,
    }
}

struct BlockLine {
    height: f64,
    /// The text's own height within `height` (see [`Line::content`]).
    content: f64,
    words: u64,
    page_break_after: bool,
    /// Footnotes first cited on this line: their heights.
    notes: Vec<f64>,
}

fn pt(twips: u32) -> f64 {
    f64::from(twips) / 20.0
}

fn column_width(section: &Section) -> f64 {
    let width = pt(section.page_width)
        - pt(section.margin_left)
        - pt(section.margin_right)
        - pt(section.gutter);
    let columns = f64::from(section.columns.max(1));
    ((width - pt(section.column_space) * (columns - 1.0)) / columns).max(36.0)
}

fn body_height(section: &Section) -> f64 {
    let top = f64::from(section.margin_top.unsigned_abs()) / 20.0;
    let bottom = f64::from(section.margin_bottom.unsigned_abs()) / 20.0;
    (pt(section.page_height) - top - bottom).max(36.0)
}

/// The width a table cell's text has: the grid columns the cell spans, or without a grid an even
/// share of the column `width` among the row's `cells`, less the cell's left and right margins
/// (Word's default 108 twips a side where nothing says).
fn text_width_of_cell(cell: Option<CellRef>, width: f64, cells: usize) -> f64 {
    let column = cell
        .and_then(|c| c.width)
        .map_or(width / cells.max(1) as f64, pt);
    let margins = cell.map_or(10.8, |c| pt(c.side_margins));
    (column - margins).max(18.0)
}

/// The height of a run of paragraphs laid out in `width` (notes, table cells), with the spacing
/// between them but not before the first or after the last.
fn stack_height(styles: &Styles, paragraphs: &[&Paragraph], width: f64) -> f64 {
    let mut height = 0.0;
    let mut previous_after = None;
    for p in paragraphs {
        let format = para_format(styles, p);
        let measured = break_lines(styles, p, &format, width);
        if let Some(after) = previous_after {
            // As between body paragraphs: the larger of the two unless the settings add them.
            height += if styles.compat.add_paragraph_spacing {
                after + format.space_before
            } else {
                f64::max(after, format.space_before)
            };
        }
        height += measured.lines.iter().map(|l| l.height).sum::<f64>();
        previous_after = Some(format.space_after);
    }
    height
}

/// A paragraph laid out as a block of lines, with the room its cited footnotes take on the lines
/// that cite them; also the fonts it only approximates.
fn paragraph_block(
    styles: &Styles,
    p: &Paragraph,
    index: usize,
    width: f64,
    note_height: &dyn Fn(&(Part, i64)) -> f64,
) -> (Block, Vec<String>) {
    let format = para_format(styles, p);
    let measured = break_lines(styles, p, &format, width);
    // Words and footnote references are handed to lines in one pass each: lines, word starts and
    // references all run in text order, so a paragraph of any length costs linear time.
    let mut starts = word_starts(&p.text).peekable();
    let label_words = p
        .label
        .as_deref()
        .map_or(0, |l| crate::count::count_words(l).joining);
    let mut footnotes: Vec<&crate::document::NoteRef> = p
        .note_refs
        .iter()
        .filter(|r| r.part == Part::Footnotes)
        .collect();
    footnotes.sort_by_key(|r| r.offset);
    let mut next_note = 0;
    let mut objects = p.objects.iter().peekable();
    let count = measured.lines.len();
    let lines = measured
        .lines
        .iter()
        .enumerate()
        .map(|(k, line)| {
            let last = k + 1 == count;
            let mut words = if line.start == 0 { label_words } else { 0 };
            while starts.next_if(|&s| last || s < line.end).is_some() {
                words += 1;
            }
            let mut notes = Vec::new();
            while next_note < footnotes.len() && (last || footnotes[next_note].offset < line.end) {
                let r = footnotes[next_note];
                notes.push(note_height(&(r.part, r.id)));
                next_note += 1;
            }
            // A picture inline on the line stands on its baseline like a tall character: the
            // line is as tall as the picture plus the text's depth below the baseline, with the
            // paragraph's line spacing around it.
            // Exact line spacing keeps the line's height and clips the picture, as Word does.
            let (mut height, mut content) = (line.height, line.content);
            let exact = matches!(format.line, resolve::LineSpacing::Exact(_));
            while let Some(object) = objects.next_if(|o| last || o.offset < line.end) {
                let tall = object.height + content * DESCENT_SHARE;
                if tall > content && !exact {
                    height += tall - content;
                    content = tall;
                }
            }
            BlockLine {
                height,
                content,
                words,
                page_break_after: line.page_break_after,
                notes,
            }
        })
        .collect();
    let block = Block {
        paragraph: index,
        lines,
        format,
        row: false,
        obstacles: Vec::new(),
    };
    (block, measured.approximate_fonts)
}

/// Lays out the body of a Word document. Returns `None` for a document with no sections (a PDF).
pub fn layout(doc: &Document) -> Option<Layout> {
    if doc.sections.is_empty() {
        return None;
    }
    let styles = &doc.styles;
    let mut approximations: Vec<String> = Vec::new();
    let mut structural = false;
    let mut note = |what: String| {
        structural = true;
        if !approximations.contains(&what) {
            approximations.push(what);
        }
    };

    // Footnotes by id: their paragraphs' total height at the section's text width.
    let first_section = &doc.sections[0];
    let note_width = column_width(first_section);
    let mut notes: BTreeMap<(Part, i64), Vec<(usize, &Paragraph)>> = BTreeMap::new();
    for (index, p) in doc.paragraphs.iter().enumerate() {
        if let (Part::Footnotes | Part::Endnotes, Some(id)) = (p.part, p.note_id) {
            notes.entry((p.part, id)).or_default().push((index, p));
        }
    }
    let note_height = |key: &(Part, i64)| -> f64 {
        notes.get(key).map_or(0.0, |ps| {
            let paragraphs: Vec<&Paragraph> = ps.iter().map(|(_, p)| *p).collect();
            stack_height(styles, &paragraphs, note_width)
        })
    };
    // Word's footnote separator is a paragraph of its own in the default paragraph style.
    let separator = {
        let mark = Paragraph::plain(Part::Footnotes, "");
        let format = para_format(styles, &mark);
        let run = run_format(styles, &mark, None, None);
        let face = fonts::Face::from_flags(run.bold, run.italic);
        let resolved = fonts::resolve(&run.font, face);
        let single = single_line_height(resolved.metrics, run.size_pt);
        let height = match format.line {
            resolve::LineSpacing::Multiple(m) => single * m,
            resolve::LineSpacing::Exact(e) => e,
            resolve::LineSpacing::AtLeast(a) => single.max(a),
        };
        height + format.space_after
    };

    // Blocks in body order; table rows gathered from their cells' paragraphs.
    let mut blocks: Vec<(usize, Block)> = Vec::new(); // (section, block)
    let mut i = 0;
    let body: Vec<(usize, &Paragraph)> = doc
        .paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.part == Part::Body)
        .collect();
    if doc.paragraphs.iter().any(|p| p.part == Part::TextBoxes) {
        note("text boxes are not laid out (they float beside the text)".into());
    }
    while i < body.len() {
        let (index, p) = body[i];
        let section = doc.sections.get(p.section).unwrap_or(first_section);
        let width = column_width(section);
        if section.columns > 1 {
            note("text in columns is laid out as one column".into());
        }
        if let Some(cell) = p.cell {
            // One row: every following paragraph of the same table row.
            let mut j = i;
            let mut cells: BTreeMap<u32, Vec<&Paragraph>> = BTreeMap::new();
            while j < body.len() {
                match body[j].1.cell {
                    Some(c) if c.table == cell.table && c.row == cell.row => {
                        cells.entry(c.cell).or_default().push(body[j].1);
                        j += 1;
                    }
                    // Nested tables sit inside a cell of this row.
                    Some(c) if c.depth > cell.depth => j += 1,
                    _ => break,
                }
            }
            if cells
                .values()
                .any(|ps| ps[0].cell.and_then(|c| c.width).is_none())
            {
                note("table column widths are taken as even (the table has no grid)".into());
            }
            let height = cells
                .values()
                .map(|ps| {
                    let cell_width = text_width_of_cell(ps[0].cell, width, cells.len());
                    let inner = stack_height(styles, ps, cell_width);
                    let first = para_format(styles, ps[0]);
                    let last = para_format(styles, ps[ps.len() - 1]);
                    let padding = ps[0].cell.map_or(0.0, |c| pt(c.padding));
                    inner + first.space_before + last.space_after + padding
                })
                .fold(0.0, f64::max);
            let words = cells
                .values()
                .flatten()
                .map(|p| crate::count::paragraph_words(p.label.as_deref(), &p.text).joining)
                .sum();
            let mut format = para_format(styles, p);
            format.space_before = 0.0;
            format.space_after = 0.0;
            blocks.push((
                p.section,
                Block {
                    paragraph: index,
                    lines: vec![BlockLine {
                        height,
                        content: height,
                        words,
                        page_break_after: false,
                        notes: Vec::new(),
                    }],
                    format,
                    row: true,
                    obstacles: Vec::new(),
                },
            ));
            i = j.max(i + 1);
            continue;
        }
        let (mut block, fonts) = paragraph_block(styles, p, index, width, &note_height);
        for object in &p.anchored {
            match obstacle(object, section, width, body_height(section)) {
                Ok(Some(band)) => block.obstacles.push(band),
                Ok(None) => {}
                Err(()) => note(
                    "floating objects with text beside them take no room (the text beside them \
                     is not narrowed)"
                        .into(),
                ),
            }
        }
        for font in fonts {
            note(format!(
                "font \"{font}\" has no metric-compatible twin; a font of its width class stands in"
            ));
        }
        blocks.push((p.section, block));
        i += 1;
    }
    // Endnotes follow the body, in the order they were cited.
    let mut endnote_ids: Vec<i64> = Vec::new();
    for (_, p) in &body {
        for r in &p.note_refs {
            if r.part == Part::Endnotes && !endnote_ids.contains(&r.id) {
                endnote_ids.push(r.id);
            }
        }
    }
    let last_section = doc.sections.len() - 1;
    for id in endnote_ids {
        for (index, p) in notes.get(&(Part::Endnotes, id)).into_iter().flatten() {
            let (block, _) = paragraph_block(styles, p, *index, note_width, &note_height);
            blocks.push((last_section, block));
        }
    }

    let placed = paginate(doc, &blocks, separator);
    let mut margin = MARGIN_PAGES;
    if structural {
        margin += APPROXIMATE_MARGIN_PAGES;
    }
    // Deleted text is laid out as Word's Simple Markup view shows the document: gone. Shown inline
    // (LibreOffice's default, Word's All Markup) it takes its share of a page.
    let deleted = crate::count::count_words(&doc.revisions.deleted_text).joining;
    if deleted > 0 {
        approximations.push(format!(
            "{deleted} words of tracked deletions are left out, as Word's Simple Markup view \
             shows the document; shown inline they take more room"
        ));
        let placed_words: u64 = placed.lines.iter().map(|l| l.words).sum();
        if placed_words > 0 && placed.fill > 0.0 {
            margin += deleted as f64 * placed.fill / placed_words as f64;
        }
    }
    Some(Layout {
        pages: placed.pages,
        fill: placed.fill,
        lines: placed.lines,
        approximations,
        margin,
    })
}

/// Where the paginator stands.
struct Cursor {
    /// The current page, from 1.
    page: u32,
    /// Bottom of the last placed line, from the top of the body area.
    y: f64,
    /// The footnote area on this page, separator included.
    notes_height: f64,
    /// Nothing is placed on this page yet.
    at_top: bool,
    /// The page began with the document or after a hard break (a page break, a paragraph's
    /// page-break-before, a new section), not because the text ran past the previous page: the
    /// first paragraph keeps its space before.
    hard_top: bool,
    /// How far this page's text reaches, for the fill of the last page.
    reach: f64,
    /// The bands floating objects take on this page (top, bottom), which no line overlaps.
    bands: Vec<(f64, f64)>,
}

impl Cursor {
    /// A page the text ran onto.
    fn new_page(&mut self) {
        self.page += 1;
        self.y = 0.0;
        self.notes_height = 0.0;
        self.at_top = true;
        self.hard_top = false;
        self.reach = 0.0;
        self.bands.clear();
    }

    /// Where a line of text `height` tall wanted at `top` stands: below every band it would
    /// overlap (Word and LibreOffice move a line that meets an object it cannot stand beside
    /// to below the object).
    fn clear(&self, top: f64, height: f64) -> f64 {
        let mut top = top;
        // Each pass moves the line below one more band; there are no more passes than bands.
        for _ in 0..=self.bands.len() {
            match self
                .bands
                .iter()
                .find(|(t, b)| top < *b - 0.01 && top + height > *t + 0.01)
            {
                Some((_, bottom)) => top = *bottom,
                None => break,
            }
        }
        top
    }

    /// A page a hard break began.
    fn break_page(&mut self, keep_space_before: bool) {
        self.new_page();
        self.hard_top = keep_space_before;
    }
}

struct Placed {
    pages: u32,
    fill: f64,
    lines: Vec<PlacedLine>,
}

/// Places blocks on pages.
fn paginate(doc: &Document, blocks: &[(usize, Block)], separator: f64) -> Placed {
    let mut c = Cursor {
        page: 1,
        y: 0.0,
        notes_height: 0.0,
        at_top: true,
        hard_top: true,
        reach: 0.0,
        bands: Vec::new(),
    };
    // Word drops the space before a paragraph that the text pushed to the top of a page, but keeps
    // it at the top of the document and, unless `w:suppressSpBfAfterPgBrk` is set, after a hard
    // page break; LibreOffice does the same for Word documents.
    let after_hard_break = !doc.styles.compat.suppress_space_before_after_page_break;
    let mut lines_out: Vec<PlacedLine> = Vec::new();
    let mut previous_style: Option<&str> = None;
    let mut previous_contextual = false;
    let mut previous_after = 0.0;
    let mut current_section = blocks.first().map_or(0, |(s, _)| *s);
    let section_at = |s: usize| doc.sections.get(s).unwrap_or(&doc.sections[0]);
    let mut area = body_height(section_at(current_section));

    for (b, (section, block)) in blocks.iter().enumerate() {
        if *section != current_section {
            let continuous = section_at(*section).continuous;
            current_section = *section;
            area = body_height(section_at(current_section));
            if !continuous && !c.at_top {
                c.break_page(after_hard_break);
            }
        }
        let f = &block.format;
        if f.page_break_before && !c.at_top {
            c.break_page(after_hard_break);
        }
        let same_style = previous_style.is_some() && previous_style == f.style.as_deref();
        // Contextual spacing drops the spacing between paragraphs of one style (§17.3.1.9).
        let after_prev = if same_style && previous_contextual {
            0.0
        } else {
            previous_after
        };
        let before = if same_style && f.contextual_spacing {
            0.0
        } else {
            f.space_before
        };
        let between = if doc.styles.compat.add_paragraph_spacing {
            after_prev + before
        } else {
            after_prev.max(before)
        };
        let mut gap = match (c.at_top, c.hard_top) {
            (false, _) => between,
            (true, true) => before,
            (true, false) => 0.0,
        };
        // A paragraph that would start on a floating object starts below it.
        if let Some(first) = block.lines.first() {
            let below = c.clear(c.y + gap, first.content);
            if below > c.y + gap {
                c.y = below;
                gap = 0.0;
            }
        }

        // Height of lines `from..to` up to the foot of the last one's text, with their footnotes.
        let lines_height = |from: usize, to: usize| -> (f64, f64) {
            let mut h = 0.0;
            let mut n = 0.0;
            for (k, line) in block.lines[from..to].iter().enumerate() {
                h += if from + k + 1 == to {
                    line.content
                } else {
                    line.height
                };
                n += line.notes.iter().sum::<f64>();
            }
            (h, n)
        };
        let fits = |y: f64, notes_height: f64, from: usize, to: usize, gap: f64| -> bool {
            let (h, n) = lines_height(from, to);
            let sep = if notes_height == 0.0 && n > 0.0 {
                separator
            } else {
                0.0
            };
            y + gap + h + notes_height + n + sep <= area + 0.01
        };

        let n = block.lines.len();
        let whole_fits = fits(c.y, c.notes_height, 0, n, gap);
        let mut keep_together = f.keep_lines || block.row;
        // Keep with next: this paragraph and the first line of the next must share a page.
        if f.keep_next
            && whole_fits
            && !c.at_top
            && let Some((_, next)) = blocks.get(b + 1)
        {
            let next_first = next.lines.first().map_or(0.0, |l| l.height);
            let (h, nh) = lines_height(0, n);
            if c.y
                + gap
                + h
                + nh
                + c.notes_height
                + f.space_after
                + next.format.space_before
                + next_first
                > area + 0.01 + (next_first - next.lines.first().map_or(0.0, |l| l.content))
            {
                c.new_page();
                keep_together = true;
            }
        }
        let mut gap = if c.at_top && !c.hard_top { 0.0 } else { gap };
        if !whole_fits && keep_together && !c.at_top {
            c.new_page();
            gap = 0.0;
        }
        // Widow and orphan control: decide where this paragraph breaks before placing it.
        let mut forced_break: Option<usize> = None;
        if f.widow_control && !c.at_top && !whole_fits && n > 1 {
            // How many lines fit, accumulated line by line (linear, whatever the paragraph's length).
            let mut k = 0;
            let (mut above, mut notes) = (0.0, 0.0);
            while k < n {
                let line = &block.lines[k];
                let line_notes: f64 = line.notes.iter().sum();
                let sep = if c.notes_height == 0.0 && notes + line_notes > 0.0 {
                    separator
                } else {
                    0.0
                };
                if c.y + gap + above + line.content + c.notes_height + notes + line_notes + sep
                    > area + 0.01
                {
                    break;
                }
                above += line.height;
                notes += line_notes;
                k += 1;
            }
            if k < 2 {
                c.new_page();
                gap = 0.0;
            } else if n - k < 2 {
                forced_break = Some(if k >= 3 { n - 2 } else { 0 });
                if forced_break == Some(0) {
                    c.new_page();
                    gap = 0.0;
                    forced_break = None;
                }
            }
        }

        for (l, line) in block.lines.iter().enumerate() {
            let line_gap = if l == 0 { gap } else { 0.0 };
            let line_notes: f64 = line.notes.iter().sum();
            let sep = if c.notes_height == 0.0 && line_notes > 0.0 {
                separator
            } else {
                0.0
            };
            let wanted = c.clear(c.y + line_gap, line.content);
            let needs_break = forced_break == Some(l)
                || wanted + line.content + c.notes_height + line_notes + sep > area + 0.01;
            let mut top = if needs_break && !c.at_top {
                c.new_page();
                0.0
            } else {
                wanted
            };
            // The paragraph's floating objects stand on the page its first line does; a line
            // they push past the foot of the page goes on to the next.
            if l == 0 && !block.obstacles.is_empty() {
                for o in &block.obstacles {
                    let from = if o.from_paragraph { top } else { 0.0 };
                    if c.bands.len() < MAX_BANDS {
                        c.bands.push((from + o.top, (from + o.bottom).min(area)));
                    }
                }
                let below = c.clear(top, line.content);
                let sep = if c.notes_height == 0.0 && line_notes > 0.0 {
                    separator
                } else {
                    0.0
                };
                top = if below + line.content + c.notes_height + line_notes + sep > area + 0.01 {
                    c.new_page();
                    0.0
                } else {
                    below
                };
            }
            let sep = if c.notes_height == 0.0 && line_notes > 0.0 {
                separator
            } else {
                0.0
            };
            c.notes_height += line_notes + sep;
            c.y = top + line.height;
            c.at_top = false;
            // How far the text reaches: the foot of this line's text, or the foot of the c.page
            // when footnotes stand there.
            c.reach = (top + line.content).max(if c.notes_height > 0.0 { area } else { 0.0 });
            lines_out.push(PlacedLine {
                page: c.page,
                paragraph: block.paragraph,
                words: line.words,
                bottom: top + line.content,
            });
            if line.page_break_after {
                c.break_page(after_hard_break);
            }
        }
        previous_after = f.space_after;
        previous_style = f.style.as_deref();
        previous_contextual = f.contextual_spacing;
        // Space after a paragraph that reaches the bottom is simply lost at the c.page end.
        if c.y + f.space_after > area - c.notes_height {
            previous_after = (area - c.notes_height - c.y).max(0.0);
        }
    }
    let fill = f64::from(c.page - 1) + (c.reach / area).clamp(0.0, 1.0);
    Placed {
        pages: c.page,
        fill: (fill * 1000.0).round() / 1000.0,
        lines: lines_out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{CellRef, Format, LineRule, NoteRef, ParaProps, Section};

    /// A document whose body area holds exactly five 20 pt lines (100 pt), in Times 12.
    fn doc(paragraphs: Vec<Paragraph>) -> Document {
        let mut doc = Document::new(Format::Docx);
        doc.sections.push(Section {
            page_width: 11906,
            page_height: 2000 + 2 * 1440,
            ..Section::default()
        });
        doc.styles.default_run.font = Some("Times New Roman".into());
        doc.styles.default_run.size_half_points = Some(24);
        doc.styles.default_para = ParaProps {
            line: Some(400),
            line_rule: Some(LineRule::Exact),
            ..ParaProps::default()
        };
        doc.paragraphs = paragraphs;
        doc
    }

    fn para(lines: usize) -> Paragraph {
        let text: Vec<String> = (0..lines).map(|i| format!("line{i}")).collect();
        Paragraph::plain(Part::Body, text.join("\n"))
    }

    fn pages_of_paragraphs(l: &Layout) -> Vec<(usize, u32)> {
        l.lines
            .iter()
            .map(|line| (line.paragraph, line.page))
            .collect()
    }

    #[test]
    fn lines_fill_pages_and_the_fill_is_fractional() {
        let l = layout(&doc(vec![para(3), para(4)])).expect("laid out");
        assert_eq!(l.pages, 2);
        assert_eq!(l.fill, 1.4, "two lines of five on the second page");
        assert_eq!(l.over(1), (2, 2));
        assert_eq!(l.last_paragraph_on(1), Some(1));
    }

    #[test]
    fn widow_control_keeps_two_lines_together_or_moves_the_paragraph() {
        // Three lines, then three more: the second paragraph would leave one line alone.
        let l = layout(&doc(vec![para(3), para(3)])).expect("laid out");
        assert_eq!(
            pages_of_paragraphs(&l),
            vec![(0, 1), (0, 1), (0, 1), (1, 2), (1, 2), (1, 2)]
        );
        let mut free = para(3);
        free.props.widow_control = Some(false);
        let l = layout(&doc(vec![para(3), free])).expect("laid out");
        assert_eq!(
            pages_of_paragraphs(&l),
            vec![(0, 1), (0, 1), (0, 1), (1, 1), (1, 1), (1, 2)]
        );
        // Four lines after two: the last two go over, the first two stay.
        let l = layout(&doc(vec![para(2), para(4)])).expect("laid out");
        assert_eq!(
            pages_of_paragraphs(&l),
            vec![(0, 1), (0, 1), (1, 1), (1, 1), (1, 2), (1, 2)]
        );
    }

    #[test]
    fn keep_with_next_moves_a_heading_with_its_paragraph() {
        let mut heading = para(1);
        heading.props.keep_next = Some(true);
        let l = layout(&doc(vec![para(4), heading, para(2)])).expect("laid out");
        assert_eq!(l.lines[4].page, 2, "the heading leaves page 1");
        assert_eq!(l.pages, 2);
    }

    /// Word keeps the space before a paragraph at the top of the document and after a hard page
    /// break (unless `w:suppressSpBfAfterPgBrk`, ECMA-376 §17.15.3.33), and drops it where the text
    /// ran onto a new page ("Word maintains any space before the paragraph, except if the
    /// paragraph naturally falls at the top of the page"). LibreOffice 7.4 renders Word documents
    /// the same way (measured: 30 pt before kept on page 1 and after a pageBreakBefore, dropped on
    /// the pages text ran onto; scripts/layout_refs/).
    #[test]
    fn space_before_is_kept_at_the_top_of_the_document_and_after_hard_breaks_only() {
        let spaced = |lines| {
            let mut p = para(lines);
            p.props.space_before = Some(400);
            p
        };
        // Document top: the 20 pt before is kept.
        let l = layout(&doc(vec![spaced(1)])).expect("laid out");
        assert_eq!(l.lines[0].bottom, 40.0);
        // Text that runs onto page 2: the paragraph there loses its space before.
        let l = layout(&doc(vec![para(4), spaced(2)])).expect("laid out");
        assert_eq!((l.lines[4].page, l.lines[4].bottom), (2, 20.0), "{l:?}");
        // After a hard break it keeps it, unless the settings suppress it.
        let mut broken = spaced(1);
        broken.props.page_break_before = Some(true);
        let l = layout(&doc(vec![para(1), broken.clone()])).expect("laid out");
        assert_eq!((l.lines[1].page, l.lines[1].bottom), (2, 40.0));
        let mut suppressed = doc(vec![para(1), broken]);
        suppressed
            .styles
            .compat
            .suppress_space_before_after_page_break = true;
        let l = layout(&suppressed).expect("laid out");
        assert_eq!((l.lines[1].page, l.lines[1].bottom), (2, 20.0));
    }

    /// Between two paragraphs Word sets the larger of the space after the first and the space
    /// before the second, as HTML collapses margins, unless the settings carry
    /// `w:doNotUseHTMLParagraphAutoSpacing` (ECMA-376 §17.15.3.13, "use fixed paragraph spacing"),
    /// when the two add up. LibreOffice's Word import does the same (its `AddParaTableSpacing`
    /// setting is off without the flag); measured on pandoc's "Body Text" (9 pt before and after):
    /// 9 pt between paragraphs, not 18.
    #[test]
    fn paragraph_spacing_collapses_unless_the_settings_say_add() {
        let mut first = para(1);
        first.props.space_after = Some(200);
        let mut second = para(1);
        second.props.space_before = Some(300);
        let l = layout(&doc(vec![first.clone(), second.clone()])).expect("laid out");
        assert_eq!(l.lines[1].bottom, 20.0 + 15.0 + 20.0, "the larger, 15 pt");
        let mut adding = doc(vec![first, second]);
        adding.styles.compat.add_paragraph_spacing = true;
        let l = layout(&adding).expect("laid out");
        assert_eq!(l.lines[1].bottom, 20.0 + 25.0 + 20.0, "10 + 15 pt");
    }

    /// An inline picture (`wp:inline`, ECMA-376 §20.4.2.8) makes its line as tall as itself plus
    /// the text's depth below the baseline; under exact line spacing the line keeps its height.
    #[test]
    fn an_inline_picture_makes_its_line_taller_unless_the_spacing_is_exact() {
        let mut pictured = para(1);
        pictured.objects.push(crate::document::InlineObject {
            offset: 0,
            height: 60.0,
        });
        let l = layout(&doc(vec![pictured.clone(), para(1)])).expect("laid out");
        assert_eq!(l.lines[0].bottom, 20.0, "exact 20 pt lines clip it");
        pictured.props.line_rule = Some(LineRule::Auto);
        pictured.props.line = Some(240);
        let l = layout(&doc(vec![pictured, para(1)])).expect("laid out");
        assert!(l.lines[0].bottom > 60.0, "{:?}", l.lines);
        assert!(l.lines[1].bottom > 80.0, "{:?}", l.lines);
    }

    /// A table row is as tall as its tallest cell's text plus the cell's top and bottom margins
    /// and the spacing between cells (ECMA-376 §17.4.42–§17.4.46).
    #[test]
    fn a_row_adds_its_cell_margins_and_spacing() {
        let row = |padding: u32| {
            let mut p = para(1);
            p.cell = Some(CellRef {
                table: 0,
                row: 1,
                cell: 1,
                depth: 1,
                width: Some(4000),
                padding,
                side_margins: 216,
            });
            p
        };
        let plain = layout(&doc(vec![row(0), para(1)])).expect("laid out");
        let padded = layout(&doc(vec![row(200), para(1)])).expect("laid out");
        assert_eq!(plain.lines[0].bottom, 20.0);
        assert_eq!(padded.lines[0].bottom, 30.0, "200 twips are 10 pt");
        assert_eq!(padded.lines[1].bottom, 50.0);
    }

    /// A floating object (`wp:anchor`, ECMA-376 §20.4.2.3) that text cannot stand beside takes
    /// its band of the page: `wp:wrapTopAndBottom` always, `wp:wrapSquare` when the room beside
    /// it in the column is narrower than LibreOffice's minimum for Word documents
    /// (`TEXT_MIN_SMALL`, sw/source/core/text/txtfly.cxx). Lines that would overlap the band
    /// (its top from `wp:positionV`, with `@distT`/`@distB` around it) go below it; objects
    /// behind or in front of the text (`wp:wrapNone`) take no room, and objects with room
    /// beside them are noted as approximated.
    #[test]
    fn a_floating_object_with_no_room_beside_it_pushes_the_text_below_it() {
        use crate::document::{AnchoredObject, Position, RelativeTo, Wrap};
        let object = |wrap, width: f64| AnchoredObject {
            wrap,
            width,
            height: 30.0,
            effect: [0.0; 4],
            distance: [0.0, 5.0, 0.0, 5.0],
            horizontal: Position::default(),
            vertical: Position {
                relative_to: RelativeTo::Anchor,
                offset: Some(10.0),
                align: None,
            },
        };
        let anchored = |wrap, width| {
            let mut p = para(1);
            p.anchored.push(object(wrap, width));
            p
        };
        let column = 451.3;
        // The band runs from 5 to 45 pt: the anchor's own line (0 to 20) meets it and goes
        // below, then the next; the third no longer fits the 100 pt page.
        let l = layout(&doc(vec![
            anchored(Wrap::TopAndBottom, 40.0),
            para(1),
            para(1),
        ]))
        .expect("laid out");
        let placed: Vec<(u32, f64)> = l.lines.iter().map(|x| (x.page, x.bottom)).collect();
        assert_eq!(placed, [(1, 65.0), (1, 85.0), (2, 20.0)]);
        assert!(l.approximations.is_empty(), "{:?}", l.approximations);
        let l =
            layout(&doc(vec![anchored(Wrap::Around, column), para(1), para(1)])).expect("laid out");
        assert_eq!(l.pages, 2);
        // Behind the text, or with room beside it, it takes none.
        for (wrap, width) in [(Wrap::None, column), (Wrap::Around, 200.0)] {
            let l = layout(&doc(vec![anchored(wrap, width), para(1), para(1)])).expect("laid out");
            let placed: Vec<(u32, f64)> = l.lines.iter().map(|x| (x.page, x.bottom)).collect();
            assert_eq!(placed, [(1, 20.0), (1, 40.0), (1, 60.0)]);
            assert_eq!(l.approximations.len(), usize::from(wrap == Wrap::Around));
        }
    }

    #[test]
    fn page_breaks_and_page_break_before_start_pages() {
        let l = layout(&doc(vec![Paragraph::plain(Part::Body, "one\u{c}two")])).expect("laid out");
        assert_eq!(pages_of_paragraphs(&l), vec![(0, 1), (0, 2)]);
        let mut next = para(1);
        next.props.page_break_before = Some(true);
        let l = layout(&doc(vec![para(1), next])).expect("laid out");
        assert_eq!(l.pages, 2);
    }

    #[test]
    fn a_footnote_takes_room_at_the_foot_of_the_page_that_cites_it() {
        let mut cites = para(2);
        cites.note_refs.push(NoteRef {
            part: Part::Footnotes,
            id: 1,
            offset: 0,
        });
        let mut note = para(1);
        note.part = Part::Footnotes;
        note.note_id = Some(1);
        let mut free = para(3);
        free.props.widow_control = Some(false);
        let plain = layout(&doc(vec![para(2), free.clone()])).expect("laid out");
        assert_eq!(plain.pages, 1, "without the note 2 + 3 lines fill page 1");
        // The note (20 pt) and its separator (20 pt) push the last two lines over.
        let l = layout(&doc(vec![cites, free, note])).expect("laid out");
        assert_eq!(l.pages, 2);
        assert_eq!(
            l.lines.iter().filter(|line| line.page == 1).count(),
            3,
            "{:?}",
            pages_of_paragraphs(&l)
        );
    }

    #[test]
    fn a_huge_paragraph_is_laid_out_with_every_word_on_one_line() {
        // 200,000 words in one paragraph: lines, words and pages come out in one linear pass.
        let text = "essay ".repeat(200_000);
        let l =
            layout(&doc(vec![Paragraph::plain(Part::Body, text.trim_end())])).expect("laid out");
        assert_eq!(l.lines.iter().map(|line| line.words).sum::<u64>(), 200_000);
        assert!(l.lines.iter().all(|line| line.words > 0));
        assert_eq!(l.pages as usize, l.lines.len().div_ceil(5));
        // One "word" far longer than a line breaks between characters, line after line.
        let long = "x".repeat(100_000);
        let l = layout(&doc(vec![Paragraph::plain(Part::Body, long)])).expect("laid out");
        assert!(l.lines.len() > 100);
        assert_eq!(l.lines.iter().map(|line| line.words).sum::<u64>(), 1);
    }

    #[test]
    fn unknown_fonts_widen_the_margin() {
        let mut d = doc(vec![para(1)]);
        let exact = layout(&d).expect("laid out");
        assert_eq!(exact.margin, MARGIN_PAGES);
        assert!(exact.approximations.is_empty());
        d.styles.default_run.font = Some("Papyrus".into());
        let approximate = layout(&d).expect("laid out");
        assert_eq!(approximate.margin, MARGIN_PAGES + APPROXIMATE_MARGIN_PAGES);
        assert_eq!(approximate.approximations.len(), 1);
    }
}
