//! `word-limit` and `word-limit-ambiguous`.

use crate::count::{WordPosition, locate_word};
use crate::document::Document;
use crate::report::{Diagnostic, Location, Severity};
use crate::rules::{Context, declare_check, plural};

declare_check! {
    /// The essay has more words than the vacancy allows.
    ///
    /// ## What it does
    /// Counts words the way Microsoft Word does (Review > Word Count, with "Include textboxes,
    /// footnotes and endnotes" ticked, Word's default): the main text, tables, list numbers, text
    /// boxes, footnotes and endnotes. Headers, footers, comments, hidden text and deleted tracked
    /// changes are never counted. A word is any run of characters between spaces, tabs, line breaks,
    /// en dashes or em dashes, so `&` or `:` standing alone is a word too.
    ///
    /// ## Why
    /// The notice sets a hard limit ("maximum one A4 page (500 words)"). An essay over it may be
    /// rejected without being read.
    ///
    /// ## How to fix
    /// Remove at least the number of words the message gives. The excerpt shows where the limit is
    /// crossed: everything from the marked word on is over the limit. Footnotes count too.
    pub WORD_LIMIT = ("EL001", "word-limit", Error);
}

declare_check! {
    /// The essay is over the word limit in one reading of its non-breaking spaces only.
    ///
    /// ## What it does
    /// Non-breaking spaces (U+00A0, U+202F, U+2007), which French typography puts before `; : ! ?`
    /// and inside « », may or may not separate words in Word's count. essaylint counts both ways.
    /// When only the count where they separate is over the limit, this warning says so instead of
    /// failing the essay.
    ///
    /// ## Why
    /// Whether "Pourquoi ?" is one word or two is the one point where Word's count is not settled;
    /// a reviewer counting the other way would find the essay over the limit.
    ///
    /// ## How to fix
    /// To be safe under either reading, remove the number of words the message gives.
    pub WORD_LIMIT_AMBIGUOUS = ("EL002", "word-limit-ambiguous", Warning);
}

/// Words either side of the crossing point in an excerpt.
const EXCERPT_WORDS: usize = 10;

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(variant), Some(counts), Some(doc)) = (ctx.variant, ctx.counts, ctx.doc) else {
        return;
    };
    let Some(max) = variant.max_words else {
        return;
    };
    let [low, high] = counts.words_range;
    let counted = super::counted_label(doc, counts);
    if low > max {
        let over = low - max;
        let range = if high > low {
            format!(" ({low}-{high} depending on non-breaking spaces)")
        } else {
            String::new()
        };
        out.push(WORD_LIMIT.diagnostic(
            Severity::Error,
            format!("{low} words{range}; the limit is {max}"),
            if high > low {
                format!(
                    "remove at least {} ({} to be within the limit under both readings of \
                     non-breaking spaces); counted: {counted}",
                    plural(over, "word", "words"),
                    high - max
                )
            } else {
                format!(
                    "remove at least {} (counted: {counted})",
                    plural(over, "word", "words")
                )
            },
            crossing(doc, max + 1),
        ));
    } else if high > max {
        out.push(WORD_LIMIT_AMBIGUOUS.diagnostic(
            Severity::Warning,
            format!(
                "{low} words when non-breaking spaces join words, {high} when they separate them; \
                 the limit is {max}"
            ),
            format!(
                "Word's reading of non-breaking spaces is not settled: remove {} to be within the \
                 limit either way, or replace non-breaking spaces with ordinary ones where French \
                 typography allows",
                plural(high - max, "word", "words")
            ),
            None,
        ));
    }
}

/// The excerpt around the `n`-th counted word, with that word highlighted.
fn crossing(doc: &Document, n: u64) -> Option<Location> {
    let at = locate_word(doc, n)?;
    location_at(doc, &at, format!("word {n}"), |_, offset| Some(offset))
}

/// Where a limit is crossed: the place `at`, and the excerpt around the word `word_at` finds for
/// its offset in the paragraph's text, highlighted and labelled; a place in a list label shows the
/// label.
pub(crate) fn location_at(
    doc: &Document,
    at: &WordPosition,
    label: String,
    word_at: impl FnOnce(&str, usize) -> Option<usize>,
) -> Option<Location> {
    let paragraph = doc.paragraphs.get(at.index)?;
    let mut location = Location {
        part: Some(at.part),
        paragraph: Some(at.paragraph),
        page: at.page,
        highlight_label: Some(label),
        ..Location::default()
    };
    let Some(offset) = at.offset else {
        location.excerpt = paragraph.label.clone();
        return Some(location);
    };
    let Some(word) = word_at(&paragraph.text, offset) else {
        return Some(location);
    };
    let (excerpt, highlight) = excerpt_around(&paragraph.text, word);
    location.excerpt = Some(excerpt);
    location.highlight = Some(highlight);
    Some(location)
}

/// A one-line excerpt of `text` around the word starting at byte `offset`, with the word's byte
/// range in the excerpt.
pub(crate) fn excerpt_around(text: &str, offset: usize) -> (String, (usize, usize)) {
    let starts: Vec<usize> = crate::count::word_starts(text).collect();
    let index = starts.iter().position(|&s| s == offset).unwrap_or(0);
    let from = starts[index.saturating_sub(EXCERPT_WORDS)..]
        .first()
        .copied()
        .unwrap_or(0);
    let to = starts
        .get(index + EXCERPT_WORDS + 1)
        .copied()
        .unwrap_or(text.len());
    let word_end = text[offset..]
        .char_indices()
        .find(|&(_, c)| crate::count::words::is_separator(c, false))
        .map_or(text.len(), |(i, _)| offset + i);
    let mut excerpt = String::new();
    if from > 0 {
        excerpt.push_str("… ");
    }
    let start_of_word = excerpt.len() + (offset - from);
    let body: String = text[from..to]
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect();
    excerpt.push_str(body.trim_end());
    if to < text.len() {
        excerpt.push_str(" …");
    }
    (excerpt, (start_of_word, word_end - offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_marks_the_word() {
        let text: String = (1..=30).map(|i| format!("w{i} ")).collect();
        let offset = text.find("w21 ").expect("present");
        let (excerpt, (start, len)) = excerpt_around(&text, offset);
        assert_eq!(&excerpt[start..start + len], "w21");
        assert!(excerpt.starts_with("… w11 "), "{excerpt}");
        assert!(excerpt.ends_with("w30"), "{excerpt}");
        let offset = text.find("w5 ").expect("present");
        let (excerpt, _) = excerpt_around(&text, offset);
        assert!(
            excerpt.starts_with("w1 ") && excerpt.ends_with("w15 …"),
            "{excerpt}"
        );
        let (short, (s, l)) = excerpt_around("only words here", 5);
        assert_eq!(
            (short.as_str(), &short[s..s + l]),
            ("only words here", "words")
        );
    }
}
