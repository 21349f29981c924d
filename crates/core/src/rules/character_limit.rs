//! `character-limit` and `character-limit-with-spaces`: a variant's limits on Word's two character
//! counts (`max_characters`, `max_characters_with_spaces` in the rule data). Two checks, one for each
//! limit, since a vacancy may set either or both; the counting rule is `count::characters`.

use crate::count::{Counts, locate_character, word_starts};
use crate::document::Document;
use crate::report::{Diagnostic, Location, Severity};
use crate::rules::word_limit::location_at;
use crate::rules::{CheckInfo, Context, declare_check, plural};

declare_check! {
    /// The essay has more characters, not counting spaces, than the vacancy allows.
    ///
    /// ## What it does
    /// Counts characters the way Microsoft Word's Word Count does for "Characters (no spaces)",
    /// over the parts Word counts by default (the main text, tables, list numbers, text boxes,
    /// footnotes and endnotes; never headers, footers, comments, hidden text or deleted tracked
    /// changes): every letter, digit, punctuation mark and symbol, dashes included. Spaces, tabs,
    /// line breaks and non-breaking spaces are not counted, nor are paragraph marks.
    ///
    /// ## Why
    /// Some vacancies limit an essay in characters rather than words. An essay over the limit may
    /// be rejected without being read.
    ///
    /// ## How to fix
    /// Remove at least the number of characters the message gives (the help says about how many
    /// words that is). The excerpt shows where the limit is crossed: everything from the marked
    /// word on is over the limit. Footnotes count too.
    pub CHARACTER_LIMIT = ("EL015", "character-limit", Error);
}

declare_check! {
    /// The essay has more characters, spaces included, than the vacancy allows.
    ///
    /// ## What it does
    /// Counts characters the way Microsoft Word's Word Count does for "Characters (with spaces)",
    /// over the same parts as `character-limit`: every character of the text, spaces, tabs, line
    /// breaks and non-breaking spaces included. Paragraph marks and page breaks are not
    /// characters.
    ///
    /// ## Why
    /// Some vacancies limit an essay in characters with spaces, as forms and portals often count
    /// them. An essay over the limit may be rejected without being read.
    ///
    /// ## How to fix
    /// Remove at least the number of characters the message gives; each word removed also removes
    /// a space. Double spaces and spaces before line ends count too, so removing them helps a
    /// little. The excerpt shows where the limit is crossed.
    pub CHARACTER_LIMIT_WITH_SPACES = ("EL016", "character-limit-with-spaces", Error);
}

/// `character-limit`: characters without spaces against `max_characters`.
pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(max) = ctx.variant.and_then(|v| v.max_characters) else {
        return;
    };
    check_limit(ctx, out, &CHARACTER_LIMIT, max, false);
}

/// `character-limit-with-spaces`: characters with spaces against `max_characters_with_spaces`.
pub(crate) fn check_with_spaces(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(max) = ctx.variant.and_then(|v| v.max_characters_with_spaces) else {
        return;
    };
    check_limit(ctx, out, &CHARACTER_LIMIT_WITH_SPACES, max, true);
}

fn check_limit(
    ctx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
    info: &CheckInfo,
    max: u64,
    with_spaces: bool,
) {
    let (Some(counts), Some(doc)) = (ctx.counts, ctx.doc) else {
        return;
    };
    let (count, what) = if with_spaces {
        (counts.characters_with_spaces, "characters with spaces")
    } else {
        (counts.characters, "characters (not counting spaces)")
    };
    if count <= max {
        return;
    }
    let over = count - max;
    let counted = super::counted_label(doc, counts);
    let spaces = if with_spaces {
        "spaces included"
    } else {
        "spaces do not count"
    };
    let words = about_words(counts, over, with_spaces)
        .map(|w| format!(", about {}", plural(w, "word", "words")))
        .unwrap_or_default();
    out.push(info.diagnostic(
        Severity::Error,
        format!("{count} {what}; the limit is {max}"),
        format!(
            "remove at least {}{words} ({spaces}; counted: {counted})",
            plural(over, "character", "characters")
        ),
        crossing(doc, max + 1, with_spaces),
    ));
}

/// About how many of this essay's words make `characters`, at its own average length of a word
/// (with its space, when spaces count), rounded up; `None` for an essay with no words.
fn about_words(counts: &Counts, characters: u64, with_spaces: bool) -> Option<u64> {
    let total = if with_spaces {
        counts.characters_with_spaces
    } else {
        counts.characters
    };
    if counts.words == 0 || total == 0 {
        return None;
    }
    // words / total is this essay's words per character; ceil(characters * words / total).
    Some((characters * counts.words).div_ceil(total))
}

/// The excerpt around the `n`-th counted character, with the word holding it (or, for a space,
/// the word before it) highlighted.
fn crossing(doc: &Document, n: u64, with_spaces: bool) -> Option<Location> {
    let at = locate_character(doc, n, with_spaces)?;
    location_at(doc, &at, format!("character {n}"), |text, offset| {
        let starts: Vec<usize> = word_starts(text).collect();
        starts
            .iter()
            .rev()
            .find(|&&s| s <= offset)
            .or(starts.first())
            .copied()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Format, Paragraph, Part};
    use crate::rules::Variant;

    fn variant(max_characters: Option<u64>, max_with_spaces: Option<u64>) -> Variant {
        Variant {
            id: "v".into(),
            posts: vec!["p".into()],
            formats: vec!["docx".into()],
            max_words: None,
            max_characters,
            max_characters_with_spaces: max_with_spaces,
            max_pages: None,
            paper: "A4".into(),
            question: String::new(),
            elements: Vec::new(),
        }
    }

    fn run(doc: &Document, v: &Variant) -> Vec<Diagnostic> {
        let counts = crate::count::count(doc, None);
        let ctx = Context {
            format: Format::Docx,
            doc: Some(doc),
            read_error: None,
            counts: Some(&counts),
            pages: None,
            layout: None,
            content: None,
            rules: None,
            variant: Some(v),
            competition: None,
        };
        let mut out = Vec::new();
        check(&ctx, &mut out);
        check_with_spaces(&ctx, &mut out);
        out
    }

    #[test]
    fn limits_are_checked_apart_and_the_crossing_is_marked() {
        let mut doc = Document::new(Format::Docx);
        // 38 characters without spaces, 42 with: "Allies share goals." (17, 19), "Partners help
        // too." (16, 18) and a footnote "Ibid." (5, 5); 7 words.
        doc.paragraphs = vec![
            Paragraph::plain(Part::Body, "Allies share goals."),
            Paragraph::plain(Part::Body, "Partners help too."),
            Paragraph::plain(Part::Footnotes, "Ibid."),
        ];
        let counts = crate::count::count(&doc, None);
        assert_eq!((counts.characters, counts.characters_with_spaces), (38, 42));

        assert!(run(&doc, &variant(Some(38), Some(42))).is_empty());
        let out = run(&doc, &variant(Some(20), None));
        assert_eq!(out.len(), 1);
        let d = &out[0];
        assert_eq!(d.name, "character-limit");
        assert_eq!(
            d.message,
            "38 characters (not counting spaces); the limit is 20"
        );
        // 18 of 38 characters, at 7 words in 38 characters: ceil(18 * 7 / 38) = 4 words.
        assert_eq!(
            d.help,
            "remove at least 18 characters, about 4 words (spaces do not count; counted: body, \
             text boxes, footnotes, endnotes)"
        );
        // Character 21 is the "t" of "Partners" (17 in the first paragraph, then P, a, r, t).
        let location = d.location.as_ref().expect("located");
        assert_eq!(
            (location.part, location.paragraph),
            (Some(Part::Body), Some(2))
        );
        let excerpt = location.excerpt.as_deref().expect("excerpt");
        let (start, len) = location.highlight.expect("highlight");
        assert_eq!(&excerpt[start..start + len], "Partners");

        let out = run(&doc, &variant(None, Some(41)));
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].name, "character-limit-with-spaces");
        assert_eq!(out[0].message, "42 characters with spaces; the limit is 41");
        assert!(
            out[0]
                .help
                .starts_with("remove at least 1 character, about 1 word (spaces included"),
            "{}",
            out[0].help
        );
        let location = out[0].location.as_ref().expect("located");
        assert_eq!(location.part, Some(Part::Footnotes));

        let both = run(&doc, &variant(Some(1), Some(1)));
        assert_eq!(
            both.iter().map(|d| d.code).collect::<Vec<_>>(),
            ["EL015", "EL016"]
        );
    }
}
