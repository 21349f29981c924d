//! Word's character counts on a string: "Characters (no spaces)" and "Characters (with spaces)" of
//! Review > Word Count, stored as `Characters` and `CharactersWithSpaces` in `docProps/app.xml`
//! (ECMA-376 Part 1 §22.2.2.3 and §22.2.2.4, which say only "the total number of characters" and
//! "the number of characters (including spaces)").
//!
//! The rule, from what Word's statistics are documented to do and from LibreOffice's emulation of
//! them:
//!
//! - **With spaces** counts every character of the text: letters, digits, punctuation, symbols,
//!   spaces, tabs and line breaks. Paragraph marks and table cell marks are never characters (a
//!   [`crate::document::Paragraph`] holds neither), and neither is a page break (U+000C in the
//!   document model): Word's Statistics count "spaces (from the spacebar) and manual line breaks"
//!   but not "para marks, section breaks, page breaks" (an answer in office-forums.com's Word
//!   forum, thread 1655850, "Word 2000 line and word counts"). LibreOffice's `SwTextNode::CountWords` (sw/source/core/txtnode/txtedt.cxx)
//!   counts every character of a paragraph's expanded text, tabs and line breaks included, as
//!   `nChar`, which its .docx export writes as `CharactersWithSpaces`
//!   (oox/source/core/xmlfilterbase.cxx, `writeAppProperties`).
//! - **No spaces** leaves out every white-space character (Unicode White_Space, Rust's
//!   `char::is_whitespace`): spaces, tabs, line breaks and the non-breaking spaces. LibreOffice
//!   counts the characters of the words its word-count scanner finds plus the dashes it treats as
//!   separators (`nCharExcludingSpaces`, written as `Characters`): every character but white space.
//!   So en and em dashes, which separate words, are still characters.
//! - **Non-breaking spaces** (U+00A0, U+202F, U+2007) are spaces in both counts: whether they join
//!   words is the open question of the word count ([`super::words`]), but they are white space
//!   either way, so unlike the words there is one reading. Every word of the reading where they
//!   separate holds a character that is not white space, and so does every word of the reading
//!   where they join, except a run of non-breaking spaces standing alone between ordinary spaces
//!   (which that reading counts as a word): so `words <= characters <= characters_with_spaces`
//!   unless a text is made of little else.
//! - A character is a Unicode scalar value. Word counts UTF-16 code units and LibreOffice grapheme
//!   clusters; the three agree on precomposed Latin text, and differ only on characters outside the
//!   Basic Multilingual Plane (emoji) and on combining marks.

/// The character counts of a piece of text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CharacterCount {
    /// Characters that are not white space ("Characters (no spaces)").
    pub without_spaces: u64,
    /// Every character but page breaks ("Characters (with spaces)").
    pub with_spaces: u64,
}

impl std::ops::AddAssign for CharacterCount {
    fn add_assign(&mut self, other: Self) {
        self.without_spaces += other.without_spaces;
        self.with_spaces += other.with_spaces;
    }
}

/// The page break as the document model writes it (`w:br w:type="page"`).
const PAGE_BREAK: char = '\u{c}';

/// Whether a character counts in "Characters (with spaces)".
pub fn counts_with_spaces(c: char) -> bool {
    c != PAGE_BREAK
}

/// Whether a character counts in "Characters (no spaces)".
pub fn counts_without_spaces(c: char) -> bool {
    !c.is_whitespace()
}

/// Counts the characters of one piece of text (a paragraph, a list label).
pub fn count_characters(text: &str) -> CharacterCount {
    let mut count = CharacterCount::default();
    for c in text.chars() {
        if counts_with_spaces(c) {
            count.with_spaces += 1;
        }
        if counts_without_spaces(c) {
            count.without_spaces += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::count_words;

    fn chars(text: &str) -> (u64, u64) {
        let c = count_characters(text);
        (c.without_spaces, c.with_spaces)
    }

    #[test]
    fn spaces_tabs_and_breaks() {
        assert_eq!(chars(""), (0, 0));
        assert_eq!(chars("NATO"), (4, 4));
        assert_eq!(chars("Euro-Atlantic security"), (21, 22));
        // A tab and a line break are white space: in the count with spaces only.
        assert_eq!(chars("one\ttwo\nthree"), (11, 13));
        // A page break is no character at all.
        assert_eq!(chars("one\u{c}two"), (6, 6));
        // Dashes separate words but are characters.
        assert_eq!(chars("Euro\u{2013}Atlantic \u{2014} yes"), (17, 19));
        // Non-breaking spaces are spaces, whatever they do to words.
        assert_eq!(chars("Pourquoi\u{00A0}?"), (9, 10));
        assert_eq!(chars("10\u{202F}000\u{2007}7"), (6, 8));
        // Accented letters are one character each; a zero-width space is not white space.
        assert_eq!(chars("l’équipe"), (8, 8));
        assert_eq!(chars("zero\u{200B}width"), (10, 10));
    }

    /// Every word where non-breaking spaces separate has a character that is not a space; where they
    /// join, so does every word that is not non-breaking spaces alone.
    #[test]
    fn words_never_outnumber_characters() {
        let samples = [
            "Pourquoi\u{00A0}? Parce que\u{00A0}!",
            "«\u{00A0}l'OTAN\u{00A0}»",
            "a \u{2013} b\u{2014}c & : »",
            " \t\n\u{c} x",
            "1,000.5 km and 3.14 … wait",
        ];
        for text in samples {
            let words = count_words(text);
            let c = count_characters(text);
            assert!(words.joining <= c.without_spaces, "{text:?}");
            assert!(words.separating <= c.without_spaces, "{text:?}");
            assert!(c.without_spaces <= c.with_spaces, "{text:?}");
        }
        // The one exception: non-breaking spaces standing alone between ordinary spaces are a
        // "word" in the joining reading of the word rule, with no character but spaces.
        let lone = "a \u{00A0}\u{00A0} b";
        assert_eq!(count_words(lone).joining, 3);
        assert_eq!(count_characters(lone).without_spaces, 2);
    }
}
