//! Counting: Word's rules applied to the parts of a [`Document`], and Word's policy of which parts
//! count towards a limit.
//!
//! Word's statistics (Review > Word Count, "Include textboxes, footnotes and endnotes" ticked by
//! default) count the main text, text boxes, footnotes and endnotes; headers, footers and comments are
//! never counted. `w:doNotIncludeSubdocsInStats` in `settings.xml` unticks the box, and then only the
//! main text counts. essaylint reports every part apart, and the policy lives here, not in a reader.
//!
//! The dialog's other figures follow the same policy of parts: characters without and with spaces
//! ([`characters`]), paragraphs and lines. A paragraph counts when it holds a character (Word's
//! statistics, and LibreOffice's emulation of them in `SwTextNode::CountWords`, skip empty
//! paragraphs); its lines are the layout's for a Word document, handed in as data (counting does
//! not lay out), and its text lines for a PDF.

pub mod characters;
pub mod words;

use serde::Serialize;

use crate::document::{Document, Part};
pub use characters::{CharacterCount, count_characters};
pub use words::{WordCount, count_words, word_starts};

/// Words per part, in the joining reading of non-breaking spaces.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ByPart {
    /// Main text, tables, list labels, content controls; for a PDF, the text on its pages less its
    /// running headers and footers.
    pub body: u64,
    /// Footnotes.
    pub footnotes: u64,
    /// Endnotes.
    pub endnotes: u64,
    /// Text boxes.
    pub text_boxes: u64,
    /// Headers and footers (never counted towards a limit); for a PDF, the running lines repeated at
    /// the head or foot of every page (`read::pdf_running`).
    pub headers_footers: u64,
    /// Comments (never counted towards a limit).
    pub comments: u64,
}

impl ByPart {
    /// The figure for one part.
    pub fn get(&self, part: Part) -> u64 {
        match part {
            Part::Body => self.body,
            Part::TextBoxes => self.text_boxes,
            Part::Footnotes => self.footnotes,
            Part::Endnotes => self.endnotes,
            Part::HeadersFooters => self.headers_footers,
            Part::Comments => self.comments,
        }
    }

    fn get_mut(&mut self, part: Part) -> &mut u64 {
        match part {
            Part::Body => &mut self.body,
            Part::TextBoxes => &mut self.text_boxes,
            Part::Footnotes => &mut self.footnotes,
            Part::Endnotes => &mut self.endnotes,
            Part::HeadersFooters => &mut self.headers_footers,
            Part::Comments => &mut self.comments,
        }
    }
}

/// The counts of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Words that count towards a limit, non-breaking spaces joining.
    pub words: u64,
    /// `[joining, separating]`: the two readings of non-breaking spaces.
    pub words_range: [u64; 2],
    /// Characters that count towards a limit, white space left out (Word's "Characters (no
    /// spaces)").
    pub characters: u64,
    /// Characters that count towards a limit, spaces, tabs and line breaks included (Word's
    /// "Characters (with spaces)").
    pub characters_with_spaces: u64,
    /// Paragraphs of the counted parts that hold a character.
    pub paragraphs: u64,
    /// Lines those paragraphs take: in the layout for a Word document, in the text for a PDF.
    pub lines: u64,
    /// Every part apart (joining reading).
    pub by_part: ByPart,
    /// The parts that count towards a limit, in the order they are counted.
    pub counted_parts: Vec<Part>,
    /// Words formatted as hidden (never counted).
    pub hidden_words: u64,
    /// Words in deleted or moved-away tracked changes (never counted).
    pub deleted_words: u64,
}

/// The parts Word counts with "Include textboxes, footnotes and endnotes" ticked, its default.
const WITH_SUBDOCS: [Part; 4] = [Part::Body, Part::TextBoxes, Part::Footnotes, Part::Endnotes];

/// The parts that are the essay in this document: what Word counts towards its statistics, in the
/// order they are counted. The one place that decides it: word counts, the page limit's excerpt, the
/// essay text the content checks read and the language are all taken from these parts. Headers,
/// footers and comments are never the essay (nor is deleted tracked text, which readers keep out of
/// the paragraphs); `w:doNotIncludeSubdocsInStats` leaves the main text alone.
pub fn essay_parts(doc: &Document) -> &'static [Part] {
    if doc.metadata.exclude_subdocs_from_stats {
        &WITH_SUBDOCS[..1]
    } else {
        &WITH_SUBDOCS
    }
}

/// The words of one paragraph: its list label and its text are counted apart (a tab follows a label).
pub fn paragraph_words(label: Option<&str>, text: &str) -> WordCount {
    let mut count = count_words(text);
    if let Some(label) = label {
        count += count_words(label);
    }
    count
}

/// The characters of one paragraph: its list label and its text (the tab after a label is
/// layout, not text, as in LibreOffice's count of a numbering string).
pub fn paragraph_characters(label: Option<&str>, text: &str) -> CharacterCount {
    let mut count = count_characters(text);
    if let Some(label) = label {
        count += count_characters(label);
    }
    count
}

/// The lines of a paragraph read from its text, when no layout says: the lines between its line
/// breaks that hold a character, at least one. For a PDF these are the text lines it was extracted
/// as (`read::pdf` joins a paragraph's lines with line breaks).
fn text_lines(text: &str) -> u64 {
    let lines = text
        .split(['\n', '\u{c}'])
        .filter(|line| !line.trim().is_empty())
        .count();
    (lines as u64).max(1)
}

/// Counts a document. `lines` is how many lines each paragraph takes in the layout, by index into
/// [`Document::paragraphs`] (`crate::layout::lines_per_paragraph`); without it (a PDF, or a Word
/// document that could not be laid out) lines are read from the text.
pub fn count(doc: &Document, lines: Option<&[u32]>) -> Counts {
    let counted = essay_parts(doc);
    let mut by_part = ByPart::default();
    let mut total = WordCount::default();
    let mut characters = CharacterCount::default();
    let mut paragraphs = 0u64;
    let mut line_total = 0u64;
    for (index, paragraph) in doc.paragraphs.iter().enumerate() {
        let label = paragraph.label.as_deref();
        let words = paragraph_words(label, &paragraph.text);
        *by_part.get_mut(paragraph.part) += words.joining;
        if !counted.contains(&paragraph.part) {
            continue;
        }
        total += words;
        let chars = paragraph_characters(label, &paragraph.text);
        characters += chars;
        if chars.with_spaces > 0 {
            paragraphs += 1;
            line_total += match lines.and_then(|l| l.get(index)) {
                Some(&laid_out) => u64::from(laid_out),
                None => text_lines(&paragraph.text),
            };
        }
    }
    Counts {
        words: total.joining,
        words_range: [total.joining, total.separating],
        characters: characters.without_spaces,
        characters_with_spaces: characters.with_spaces,
        paragraphs,
        lines: line_total,
        by_part,
        counted_parts: counted.to_vec(),
        hidden_words: count_words(&doc.hidden_text).joining,
        deleted_words: count_words(&doc.revisions.deleted_text).joining,
    }
}

/// Where the n-th counted word (1-based, joining reading) or character stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordPosition {
    /// The part.
    pub part: Part,
    /// The paragraph's 1-based number within its part.
    pub paragraph: u32,
    /// The PDF page, if known.
    pub page: Option<u32>,
    /// Index into [`Document::paragraphs`].
    pub index: usize,
    /// Byte offset of the word or character in the paragraph's text, or `None` when it is in the
    /// list label.
    pub offset: Option<usize>,
}

/// Finds the n-th word counted towards the limit, walking the counted parts in order.
pub fn locate_word(doc: &Document, n: u64) -> Option<WordPosition> {
    locate_nth(doc, n, |label| count_words(label).joining, word_starts)
}

/// Finds the n-th character (1-based) counted towards a character limit, without spaces or with
/// them, walking the counted parts in order as [`locate_word`] does.
pub fn locate_character(doc: &Document, n: u64, with_spaces: bool) -> Option<WordPosition> {
    let counts = move |c: char| {
        if with_spaces {
            characters::counts_with_spaces(c)
        } else {
            characters::counts_without_spaces(c)
        }
    };
    locate_nth(
        doc,
        n,
        |label| label.chars().filter(|&c| counts(c)).count() as u64,
        |text| {
            text.char_indices()
                .filter(move |&(_, c)| counts(c))
                .map(|(offset, _)| offset)
        },
    )
}

/// Finds the n-th (1-based) counted unit, walking the counted parts in order: `label_units` says
/// how many a paragraph's list label holds (a position in a label has no offset), `units` where
/// each unit of a paragraph's text starts.
fn locate_nth<'t, I: Iterator<Item = usize> + 't>(
    doc: &'t Document,
    n: u64,
    label_units: impl Fn(&str) -> u64,
    units: impl Fn(&'t str) -> I,
) -> Option<WordPosition> {
    if n == 0 {
        return None;
    }
    let mut seen = 0u64;
    for &part in essay_parts(doc) {
        let mut number = 0u32;
        for (index, paragraph) in doc.paragraphs.iter().enumerate() {
            if paragraph.part != part {
                continue;
            }
            number += 1;
            let position = |offset| WordPosition {
                part,
                paragraph: number,
                page: paragraph.page,
                index,
                offset,
            };
            if let Some(label) = &paragraph.label {
                let in_label = label_units(label);
                if seen + in_label >= n {
                    return Some(position(None));
                }
                seen += in_label;
            }
            for start in units(&paragraph.text) {
                seen += 1;
                if seen == n {
                    return Some(position(Some(start)));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Format, Paragraph};

    fn doc(paragraphs: &[(Part, &str)]) -> Document {
        let mut doc = Document::new(Format::Docx);
        doc.paragraphs = paragraphs
            .iter()
            .map(|&(part, text)| Paragraph::plain(part, text))
            .collect();
        doc
    }

    #[test]
    fn word_policy_counts_body_boxes_and_notes_only() {
        let mut d = doc(&[
            (Part::Body, "One two three"),
            (Part::Body, "four\u{00A0}?"),
            (Part::TextBoxes, "box words"),
            (Part::Footnotes, "a note"),
            (Part::Endnotes, "an end note"),
            (Part::HeadersFooters, "Candidate name header"),
            (Part::Comments, "please cut this"),
        ]);
        let c = count(&d, None);
        assert_eq!(c.by_part.body, 4);
        assert_eq!(c.by_part.headers_footers, 3);
        assert_eq!(c.by_part.comments, 3);
        assert_eq!(c.words, 4 + 2 + 2 + 3);
        assert_eq!(c.words_range, [11, 12]);
        // "One two three" 11/13, "four ?" 5/6, "box words" 8/9, "a note" 5/6, "an end note" 9/11.
        assert_eq!((c.characters, c.characters_with_spaces), (38, 45));
        assert_eq!((c.paragraphs, c.lines), (5, 5));

        d.metadata.exclude_subdocs_from_stats = true;
        let c = count(&d, None);
        assert_eq!(c.words, 4);
        assert_eq!(c.counted_parts, vec![Part::Body]);
        assert_eq!((c.characters, c.characters_with_spaces), (16, 19));
        assert_eq!((c.paragraphs, c.lines), (2, 2));
    }

    #[test]
    fn empty_paragraphs_are_neither_paragraphs_nor_lines() {
        let mut d = doc(&[
            (Part::Body, "Title"),
            (Part::Body, ""),
            (Part::Body, "First line\nsecond line"),
            (Part::Body, "\u{c}"),
            (Part::Body, " "),
            (Part::Body, ""),
            (Part::Footnotes, "note"),
        ]);
        d.paragraphs[5].label = Some("•".into());
        let c = count(&d, None);
        // The page break alone is no character; a space is; a label alone is a paragraph.
        assert_eq!(c.paragraphs, 5);
        assert_eq!(c.lines, 1 + 2 + 1 + 1 + 1);
        assert_eq!(
            (c.characters, c.characters_with_spaces),
            (5 + 19 + 1 + 4, 5 + 22 + 1 + 1 + 4)
        );
        // The layout's lines, when given, replace the text's, for counted paragraphs only.
        let laid_out = [2, 1, 3, 1, 1, 1, 4];
        let c = count(&d, Some(&laid_out));
        assert_eq!(c.lines, 2 + 3 + 1 + 1 + 4);
    }

    #[test]
    fn labels_count_and_locate() {
        let mut d = doc(&[(Part::Body, "First point here"), (Part::Body, "Second")]);
        d.paragraphs[1].label = Some("2.".into());
        assert_eq!(count(&d, None).words, 5);
        let at = locate_word(&d, 3).expect("word 3");
        assert_eq!((at.paragraph, at.offset), (1, Some(12)));
        let at = locate_word(&d, 4).expect("word 4 is the label");
        assert_eq!((at.paragraph, at.offset), (2, None));
        assert_eq!(locate_word(&d, 5).and_then(|p| p.offset), Some(0));
        assert_eq!(locate_word(&d, 6), None);
    }

    #[test]
    fn characters_are_located_with_and_without_spaces() {
        let mut d = doc(&[
            (Part::HeadersFooters, "Header"),
            (Part::Body, "ab cd"),
            (Part::Footnotes, "note"),
        ]);
        d.paragraphs[1].label = Some("1.".into());
        let at = |n, with_spaces| {
            locate_character(&d, n, with_spaces).map(|p| (p.part, p.paragraph, p.offset))
        };
        assert_eq!(at(2, false), Some((Part::Body, 1, None)), "in the label");
        assert_eq!(at(3, false), Some((Part::Body, 1, Some(0))));
        assert_eq!(at(5, false), Some((Part::Body, 1, Some(3))));
        assert_eq!(at(5, true), Some((Part::Body, 1, Some(2))), "the space");
        assert_eq!(at(7, false), Some((Part::Footnotes, 1, Some(0))));
        assert_eq!(at(10, false), Some((Part::Footnotes, 1, Some(3))));
        assert_eq!(at(11, false), None);
        assert_eq!(at(0, true), None);
    }

    #[test]
    fn hidden_and_deleted_are_reported_not_counted() {
        let mut d = doc(&[(Part::Body, "kept words")]);
        d.hidden_text = "secret note".into();
        d.revisions.deleted_text = "gone gone gone".into();
        let c = count(&d, None);
        assert_eq!((c.words, c.hidden_words, c.deleted_words), (2, 2, 3));
    }
}
