//! How many lines each paragraph takes in the layout, for the "Lines" of Word's statistics
//! (Review > Word Count; `Lines` in `docProps/app.xml`, ECMA-376 Part 1 §22.2.2.13). Counting
//! (`crate::count`) decides which paragraphs count; this only says how many lines each one takes.

use std::collections::{BTreeMap, BTreeSet};

use super::lines::break_lines;
use super::resolve::para_format;
use super::{Layout, column_width, text_width_of_cell};
use crate::document::{Document, Part};

/// The lines each paragraph of `doc` takes, by index into [`Document::paragraphs`]:
///
/// - a body paragraph outside a table: the lines the paginator placed for it in `layout`;
/// - a paragraph in a table cell: the lines it breaks into at the width the layout gives each cell
///   of its row (the paginator places a row as one block, not line by line);
/// - a footnote or endnote: the lines it breaks into at the notes' width (the column width of the
///   first section, where the layout measures them);
/// - a text box: the lines it breaks into at the column width of its section, because the layout
///   does not place text boxes and the box's own width is not read (an approximation);
/// - headers, footers and comments: 0 (the layout never sets them).
pub fn lines_per_paragraph(doc: &Document, layout: &Layout) -> Vec<u32> {
    let mut out = vec![0u32; doc.paragraphs.len()];
    let Some(first_section) = doc.sections.first() else {
        return out;
    };
    for line in &layout.lines {
        if let Some(p) = doc.paragraphs.get(line.paragraph)
            && p.part == Part::Body
            && p.cell.is_none()
            && let Some(count) = out.get_mut(line.paragraph)
        {
            *count += 1;
        }
    }
    // Cells per table row, as the layout gathers them.
    let mut cells: BTreeMap<(Part, u32, u32), BTreeSet<u32>> = BTreeMap::new();
    for p in &doc.paragraphs {
        if let Some(c) = p.cell {
            cells
                .entry((p.part, c.table, c.row))
                .or_default()
                .insert(c.cell);
        }
    }
    for (index, p) in doc.paragraphs.iter().enumerate() {
        let section = doc.sections.get(p.section).unwrap_or(first_section);
        let width = match (p.part, p.cell) {
            (Part::HeadersFooters | Part::Comments, _) => continue,
            (Part::Body, None) => continue,
            (Part::Footnotes | Part::Endnotes, None) => column_width(first_section),
            (_, Some(c)) => {
                let in_row = cells
                    .get(&(p.part, c.table, c.row))
                    .map_or(1, BTreeSet::len);
                // The width `layout` gives the cell.
                text_width_of_cell(Some(c), column_width(section), in_row)
            }
            (Part::TextBoxes, None) => column_width(section),
        };
        let format = para_format(&doc.styles, p);
        let lines = break_lines(&doc.styles, p, &format, width).lines.len();
        out[index] = u32::try_from(lines).unwrap_or(u32::MAX);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{CellRef, Format, Paragraph, Section};
    use crate::layout::layout;

    fn doc(paragraphs: Vec<Paragraph>) -> Document {
        let mut doc = Document::new(Format::Docx);
        doc.sections.push(Section::default());
        doc.paragraphs = paragraphs;
        doc
    }

    #[test]
    fn body_lines_are_the_placed_lines_and_notes_are_measured() {
        let long = "partners ".repeat(60);
        let mut note = Paragraph::plain(Part::Footnotes, long.trim_end());
        note.note_id = Some(1);
        let d = doc(vec![
            Paragraph::plain(Part::Body, "One line."),
            Paragraph::plain(Part::Body, long.trim_end()),
            Paragraph::plain(Part::Body, "a\nb\nc"),
            note,
            Paragraph::plain(Part::HeadersFooters, "Header"),
        ]);
        let l = layout(&d).expect("laid out");
        let lines = lines_per_paragraph(&d, &l);
        let placed = |i: usize| l.lines.iter().filter(|line| line.paragraph == i).count() as u32;
        assert_eq!(lines[0], 1);
        assert!(lines[1] > 1, "{lines:?}");
        assert_eq!(lines[1], placed(1));
        assert_eq!(lines[2], 3, "line breaks start lines");
        assert_eq!(
            lines[3], lines[1],
            "a note at the column width breaks as the body does"
        );
        assert_eq!(lines[4], 0, "headers are not laid out");
    }

    #[test]
    fn cells_break_at_their_share_of_the_row() {
        let text = "cooperation ".repeat(12);
        let cell = |n: u32, text: &str| {
            let mut p = Paragraph::plain(Part::Body, text);
            p.cell = Some(CellRef {
                table: 0,
                row: 0,
                cell: n,
                depth: 1,
                width: None,
                padding: 0,
                side_margins: 216,
            });
            p
        };
        let alone = doc(vec![cell(0, text.trim_end())]);
        let shared = doc(vec![cell(0, text.trim_end()), cell(1, "x")]);
        let one = lines_per_paragraph(&alone, &layout(&alone).expect("laid out"));
        let two = lines_per_paragraph(&shared, &layout(&shared).expect("laid out"));
        assert!(two[0] > one[0], "{one:?} {two:?}");
        assert_eq!(two[1], 1);
    }
}
