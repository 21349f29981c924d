//! What an essay says, as opposed to how long it is: the text read as sentences of normalised
//! words, the evidence that it addresses each element of its question, and its language.
//!
//! ```text
//! Document → EssayText (sentences of normalised tokens) → evidence::Matcher (concepts of the rule data)
//!                                                          → Coverage per variant → prompt-coverage, variant-mismatch
//! Document → language::detect → FileReport.language, not-official-language
//! ```
//!
//! - [`normalize`] folds case, accents and apostrophes, splits words and reduces plurals, the same way
//!   for the essay and for the rule data's terms.
//! - [`evidence`] compiles the concepts a competition defines (terms in English and French) and
//!   finds, for each element of a variant's question, a passage where every concept of one of its
//!   clues appears: never a single word.
//! - [`language`] names the essay's language with whatlang, or nothing when there is too little text.
//!
//! Everything here is a pure function of the [`Document`]; nothing is printed or stored.

pub mod evidence;
pub mod language;
pub mod normalize;

use crate::count::essay_parts;
use crate::document::{Document, Format};
use normalize::Token;

/// The most essay text read, in bytes: about ten thousand words, five times the longest essay two
/// A4 pages hold. It bounds the time content checks take on a hostile or mistaken file.
pub const MAX_ESSAY_BYTES: usize = 64 * 1024;

/// One sentence of the essay.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// The paragraph it belongs to (an index in the order read); sentences of one paragraph may be
    /// read together as one passage.
    pub paragraph: usize,
    /// The sentence as written.
    pub text: String,
    /// Its normalised words, with spans into `text`.
    pub tokens: Vec<Token>,
}

/// The essay's text, sentence by sentence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EssayText {
    /// Every sentence, in reading order.
    pub sentences: Vec<Sentence>,
    /// The document holds more text than [`MAX_ESSAY_BYTES`], which was not read: it is no essay
    /// of these vacancies (two pages at most), and its content is not judged.
    pub truncated: bool,
}

impl EssayText {
    /// The essay text of a document: the paragraphs of its [`essay_parts`], each split into
    /// sentences.
    /// A PDF's paragraphs are rebuilt first: text extraction can make a paragraph of every line
    /// (double spacing) or cut one at a page break, so a paragraph that does not end a sentence
    /// runs on into the next.
    /// Text beyond [`MAX_ESSAY_BYTES`] is not read, and the result says it is `truncated`.
    pub fn of(doc: &Document) -> EssayText {
        let mut paragraphs: Vec<String> = Vec::new();
        let mut bytes = 0;
        let mut truncated = false;
        let parts = essay_parts(doc);
        for p in doc.paragraphs.iter().filter(|p| parts.contains(&p.part)) {
            bytes += p.text.len() + 1;
            if bytes > MAX_ESSAY_BYTES {
                truncated = true;
                break;
            }
            match paragraphs.last_mut() {
                Some(last) if doc.format == Format::Pdf && runs_on(last, &p.text) => {
                    last.push('\n');
                    last.push_str(&p.text);
                }
                _ => paragraphs.push(p.text.clone()),
            }
        }
        let paragraphs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
        EssayText {
            truncated,
            ..Self::from_paragraphs(&paragraphs)
        }
    }

    /// The text of paragraphs given as strings (tests, and callers with text from elsewhere).
    pub fn from_paragraphs(paragraphs: &[&str]) -> EssayText {
        let mut sentences = Vec::new();
        for (paragraph, text) in paragraphs.iter().enumerate() {
            for piece in split_sentences(text) {
                let tokens = normalize::tokens(piece);
                if !tokens.is_empty() {
                    sentences.push(Sentence {
                        paragraph,
                        text: piece.to_string(),
                        tokens,
                    });
                }
            }
        }
        EssayText {
            sentences,
            truncated: false,
        }
    }

    /// The number of normalised words (close to, not the same as, Word's count).
    pub fn words(&self) -> usize {
        self.sentences.iter().map(|s| s.tokens.len()).sum()
    }
}

/// Whether a paragraph read from a PDF continues in the next: it does not end a sentence, or the
/// next one starts in lower case.
fn runs_on(paragraph: &str, next: &str) -> bool {
    let end = paragraph
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')', '»', ']'])
        .chars()
        .next_back();
    let ends_sentence = end.is_some_and(|c| matches!(c, '.' | '!' | '?' | '…' | ':' | ';'));
    let next_lower = next
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    !ends_sentence || next_lower
}

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "etc", "cf", "mr", "mrs", "ms", "dr", "no", "nos", "vs", "st", "art", "para",
    "fig", "approx", "incl", "p", "pp", "m", "mme", "env", "ex",
];

/// Splits a paragraph into sentences: at `.`, `!`, `?` or `…` followed by white space and a
/// capital, a digit or an opening quote or bracket. Abbreviations and initials (`e.g.`, `U.S.`)
/// do not end a sentence. French spacing before `?` and `!` is allowed. A line break is white
/// space: a PDF's paragraphs break at every line, mid-sentence.
pub fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            // Closing quotes and brackets stay with the sentence they end.
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '”' | '’' | '\'' | ')' | '»' | ']')
            {
                j += 1;
            }
            let mut k = j;
            while k < chars.len() && chars[k].1.is_whitespace() {
                k += 1;
            }
            let next = chars.get(k).map(|&(_, n)| n);
            let starts_sentence = next.is_some_and(|n| {
                n.is_uppercase()
                    || n.is_ascii_digit()
                    || matches!(n, '"' | '“' | '«' | '(' | '[' | '‘' | '\'')
            });
            if k > j && starts_sentence && !(c == '.' && is_abbreviation(&text[start..at])) {
                let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
                push_trimmed(&mut out, &text[start..end]);
                start = chars[k].0;
                i = k;
                continue;
            }
        }
        i += 1;
    }
    push_trimmed(&mut out, &text[start..]);
    out
}

fn push_trimmed<'a>(out: &mut Vec<&'a str>, piece: &'a str) {
    let piece = piece.trim();
    if !piece.is_empty() {
        out.push(piece);
    }
}

/// Whether the text before a full stop ends in an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // "U.S", "e.g": initials; a single capital: an initial ("J. Smith").
    (letters == 1 && word.chars().all(|c| c.is_alphabetic() || c == '.'))
        || word.contains('.')
        || ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Part;

    #[test]
    fn sentences_split_at_full_stops_before_capitals() {
        assert_eq!(
            split_sentences("The challenges are real. Some Allies worry. 2022 changed it."),
            [
                "The challenges are real.",
                "Some Allies worry.",
                "2022 changed it."
            ]
        );
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            split_sentences("Partners, e.g. Japan, and the U.S. Navy agree. Next one."),
            [
                "Partners, e.g. Japan, and the U.S. Navy agree.",
                "Next one."
            ]
        );
        assert_eq!(split_sentences("version 1.5 of it"), ["version 1.5 of it"]);
    }

    #[test]
    fn french_spacing_and_line_breaks() {
        assert_eq!(
            split_sentences("Comment mesurer le succès ? Non pas au nombre.\nTitre"),
            ["Comment mesurer le succès ?", "Non pas au nombre.", "Titre"]
        );
        assert_eq!(
            split_sentences("A sentence that a PDF breaks\nat the end of a line. Next."),
            [
                "A sentence that a PDF breaks\nat the end of a line.",
                "Next."
            ]
        );
        assert_eq!(
            split_sentences("Il a dit « oui ». Ensuite !"),
            ["Il a dit « oui ».", "Ensuite !"]
        );
    }

    #[test]
    fn pdf_lines_run_on_into_sentences() {
        let mut doc = Document::new(Format::Pdf);
        for line in [
            "The challenges should not be underestimated. Allies do not all share the",
            "Indo-Pacific view, and consensus can be",
            "fragile.",
            "In the coming years, NATO should focus.",
        ] {
            doc.paragraphs
                .push(crate::document::Paragraph::plain(Part::Body, line));
        }
        let text = EssayText::of(&doc);
        let sentences: Vec<(usize, String)> = text
            .sentences
            .iter()
            .map(|s| (s.paragraph, s.text.replace('\n', " ")))
            .collect();
        assert_eq!(
            sentences,
            [
                (
                    0,
                    "The challenges should not be underestimated.".to_string()
                ),
                (
                    0,
                    "Allies do not all share the Indo-Pacific view, and consensus can be fragile."
                        .to_string()
                ),
                (1, "In the coming years, NATO should focus.".to_string()),
            ]
        );
        // A Word document's paragraphs are the author's: never joined.
        doc.format = Format::Docx;
        assert_eq!(EssayText::of(&doc).sentences.len(), 5);
    }

    #[test]
    fn essay_text_keeps_paragraphs_apart() {
        let text = EssayText::from_paragraphs(&["A heading", "One. Two words."]);
        let paragraphs: Vec<usize> = text.sentences.iter().map(|s| s.paragraph).collect();
        assert_eq!(paragraphs, [0, 1, 1]);
        assert_eq!(text.words(), 5);
    }
}
