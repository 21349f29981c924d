//! Word's counting rule on a string.
//!
//! A word is a maximal run of characters that are not separators; a run of punctuation alone is a
//! word too (`&`, `:`, `»`), as in Word's status bar. Separators are Unicode White_Space (Rust's
//! `char::is_whitespace` is exactly that property) and the en and em dashes, at which Word breaks
//! words. Hyphens, U+2011, apostrophes, `/`, `.`, `,`, `@` and U+200B join.
//!
//! Non-breaking spaces (U+00A0, U+202F, U+2007) are the one open question: French typography puts
//! one before `;:!?` and inside « », and whether Word joins across them is not settled, so both
//! readings are always computed.

/// The spaces whose reading is open.
pub fn is_non_breaking_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2007}')
}

/// Whether `c` separates words in the given reading.
pub fn is_separator(c: char, nbsp_separates: bool) -> bool {
    separates(c).reading(nbsp_separates)
}

/// Whether a character separates words: always, never, or only when non-breaking spaces do.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Separates {
    Always,
    Never,
    InSeparatingReading,
}

impl Separates {
    fn reading(self, nbsp_separates: bool) -> bool {
        match self {
            Separates::Always => true,
            Separates::Never => false,
            Separates::InSeparatingReading => nbsp_separates,
        }
    }
}

fn separates(c: char) -> Separates {
    let always = if c.is_ascii() {
        // White_Space in ASCII: tab, line feed, vertical tab, form feed, carriage return, space.
        matches!(c, '\t'..='\r' | ' ')
    } else if is_non_breaking_space(c) {
        return Separates::InSeparatingReading;
    } else {
        c.is_whitespace() || c == '\u{2013}' || c == '\u{2014}'
    };
    if always {
        Separates::Always
    } else {
        Separates::Never
    }
}

/// Word counts in both readings of non-breaking spaces.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordCount {
    /// Non-breaking spaces join (the lower reading).
    pub joining: u64,
    /// Non-breaking spaces separate (the higher reading).
    pub separating: u64,
}

impl std::ops::AddAssign for WordCount {
    fn add_assign(&mut self, other: Self) {
        self.joining += other.joining;
        self.separating += other.separating;
    }
}

/// Counts the words of one piece of text that stands alone (a paragraph, a cell, a label).
pub fn count_words(text: &str) -> WordCount {
    let mut count = WordCount::default();
    let mut in_joined = false;
    let mut in_separated = false;
    for c in text.chars() {
        let separates = separates(c);
        let joined_sep = separates.reading(false);
        let separated_sep = separates.reading(true);
        if !joined_sep && !in_joined {
            count.joining += 1;
        }
        if !separated_sep && !in_separated {
            count.separating += 1;
        }
        in_joined = !joined_sep;
        in_separated = !separated_sep;
    }
    count
}

/// The byte offsets where each word starts, in the joining reading.
pub fn word_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut in_word = false;
    text.char_indices().filter_map(move |(i, c)| {
        let sep = is_separator(c, false);
        let starts = !sep && !in_word;
        in_word = !sep;
        starts.then_some(i)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(s: &str) -> u64 {
        count_words(s).joining
    }

    /// The ASCII shortcut changes nothing: every character separates as the module's rule says.
    #[test]
    fn every_character_separates_by_the_rule() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            for nbsp_separates in [false, true] {
                let rule = if is_non_breaking_space(c) {
                    nbsp_separates
                } else {
                    c.is_whitespace() || c == '\u{2013}' || c == '\u{2014}'
                };
                assert_eq!(is_separator(c, nbsp_separates), rule, "{c:?}");
            }
        }
    }

    #[test]
    fn tricky_strings() {
        let cases: &[(&str, u64, u64)] = &[
            ("", 0, 0),
            ("   \t\n ", 0, 0),
            ("NATO", 1, 1),
            ("Euro-Atlantic security", 2, 2),
            // Non-breaking hyphen joins.
            ("Euro\u{2011}Atlantic", 1, 1),
            // En and em dashes separate, spaced or not.
            ("Euro\u{2013}Atlantic", 2, 2),
            ("partners\u{2014}and China", 3, 3),
            ("partners \u{2014} and China", 3, 3),
            ("partners \u{2013} and China", 3, 3),
            // Punctuation alone is a word.
            ("Research & development", 3, 3),
            ("Key challenges : three", 4, 4),
            ("« bonjour »", 3, 3),
            ("- item", 2, 2),
            // Numbers, URLs, mail addresses, and/or, ellipses.
            ("1,000.5 km and 3.14", 4, 4),
            (
                "see https://www.nato.int/cps/en/natohq/topics.htm now",
                3,
                3,
            ),
            ("write to jobs@nato.int today", 4, 4),
            ("China and/or Japan", 3, 3),
            ("and so on... or so…", 5, 5),
            ("wait … what", 3, 3),
            // French elision and apostrophes.
            ("l'Alliance et l’OTAN", 3, 3),
            // Non-breaking spaces: both readings.
            ("Pourquoi\u{00A0}? Parce que\u{00A0}!", 3, 5),
            ("«\u{00A0}l'OTAN\u{00A0}»", 1, 3),
            ("10\u{202F}000 hommes", 2, 3),
            ("figure\u{2007}7", 1, 2),
            // Zero-width space joins; other Unicode spaces separate.
            ("zero\u{200B}width", 1, 1),
            ("ideographic\u{3000}space", 2, 2),
            ("em\u{2003}space", 2, 2),
            ("line\u{2028}separator", 2, 2),
        ];
        for &(text, joining, separating) in cases {
            assert_eq!(
                count_words(text),
                WordCount {
                    joining,
                    separating
                },
                "{text:?}"
            );
        }
    }

    #[test]
    fn starts_are_word_boundaries() {
        let text = "A  b\u{2014}c\u{00A0}d";
        let starts: Vec<usize> = word_starts(text).collect();
        assert_eq!(starts, vec![0, 3, 7]);
        assert_eq!(starts.len() as u64, joined(text));
    }
}
