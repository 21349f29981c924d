//! Text normalisation for matching: the same function turns an essay's words and the rule data's
//! terms into comparable tokens, so a term written once matches its variants in the text.
//!
//! - **Case and accents** are folded: `Sécurité`, `SECURITE` and `securite` are one word; `œ`, `æ`
//!   and `ß` are spelt out.
//! - **Apostrophes** (straight, curly, modifier letter) are one character, and they split words
//!   the way each language uses them: French elisions keep their word (`l'Ukraine` is `ukraine`,
//!   `j'ai` is `je ai`, `d'équipe` is `equipe`), English clitics are read (`NATO's` is `nato`,
//!   `I'd` is `i would`).
//! - **Hyphens** and all other punctuation separate words: `NATO-Ukraine` is `nato ukraine`, so a
//!   term matches with or without the hyphen.
//! - **Plurals** are reduced by [`stem`] (`partnerships` → `partnership`, `policies` → `policy`,
//!   `principaux` → `principal`); other inflections are left to the rule data, whose terms may end
//!   in `*` (`manag*` matches `manage`, `managing`, `management`).

use compact_str::{CompactString, format_compact};

/// One word of a text, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the word's first character in the original text.
    pub start: usize,
    /// Byte offset just past its last character.
    pub end: usize,
    /// The word folded to lower case without accents (`securite`). (Inline, without a heap
    /// allocation, up to 24 bytes: a text has thousands of words.)
    pub folded: CompactString,
    /// The folded word with its plural ending removed ([`stem`]).
    pub stem: CompactString,
}

/// Folds one character: lower case, no accent, ligatures spelt out. Characters outside Latin
/// scripts are only lower-cased.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
        | 'Ā' | 'Ă' | 'Ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' | 'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => 'c',
        'ď' | 'đ' | 'ð' | 'Ď' | 'Đ' | 'Ð' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ'
        | 'Ė' | 'Ę' | 'Ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' | 'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī'
        | 'Ĭ' | 'Į' | 'İ' => 'i',
        'ñ' | 'ń' | 'ņ' | 'ň' | 'Ñ' | 'Ń' | 'Ņ' | 'Ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø'
        | 'Ō' | 'Ŏ' | 'Ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' | 'Ŕ' | 'Ŗ' | 'Ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' | 'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => 's',
        'ţ' | 'ť' | 'ț' | 'Ţ' | 'Ť' | 'Ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ũ'
        | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => 'u',
        'ý' | 'ÿ' | 'ŷ' | 'Ý' | 'Ÿ' | 'Ŷ' => 'y',
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
        'ł' | 'Ł' => 'l',
        'æ' | 'Æ' => return out.push_str("ae"),
        'œ' | 'Œ' => return out.push_str("oe"),
        'ß' => return out.push_str("ss"),
        'þ' | 'Þ' => return out.push_str("th"),
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push(base);
}

/// Folds a text: lower case, no accents, ligatures spelt out, every apostrophe made `'`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_apostrophe(c) {
            out.push('\'');
        } else {
            fold_char(c, &mut out);
        }
    }
    out
}

/// Straight, curly and modifier-letter apostrophes, and the accents people type for them.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '´' | '`' | 'ʹ' | '′')
}

/// French words that elide before a vowel (`l'`, `d'`, `qu'`, …), with the word to read in
/// their place (`None`: an article or preposition, dropped).
fn elision(left: &str) -> Option<Option<&'static str>> {
    Some(match left {
        "l" | "d" => None,
        "j" => Some("je"),
        "m" => Some("me"),
        "t" => Some("te"),
        "s" => Some("se"),
        "n" => Some("ne"),
        "c" => Some("ce"),
        "qu" | "jusqu" | "lorsqu" | "puisqu" | "quoiqu" => Some("que"),
        _ => return None,
    })
}

/// English clitics after an apostrophe, with the word to read (`None`: the possessive, dropped).
fn clitic(right: &str) -> Option<Option<&'static str>> {
    Some(match right {
        "s" => None,
        "d" => Some("would"),
        "ll" => Some("will"),
        "ve" => Some("have"),
        "m" => Some("am"),
        "re" => Some("are"),
        "t" => Some("not"),
        _ => return None,
    })
}

/// Removes a plural ending, the same way for English and French, so that a term and its plural
/// compare equal. Deliberately light (no dictionary): `ies` → `y`, `eaux` → `eau`, `aux` → `al`,
/// `eux` → `eu`, and a final `s` unless the word ends in `ss`, `us` or `is` (`crisis`, `status`,
/// `défis` stay as they are). Words of three letters or fewer are kept.
pub fn stem(folded: &str) -> CompactString {
    let w = folded;
    if w.chars().count() <= 3 || !w.chars().all(|c| c.is_alphabetic()) {
        return w.into();
    }
    if let Some(base) = w.strip_suffix("ies")
        && base.chars().count() >= 2
    {
        return format_compact!("{base}y");
    }
    if let Some(base) = w.strip_suffix("eaux") {
        return format_compact!("{base}eau");
    }
    if let Some(base) = w.strip_suffix("aux") {
        return format_compact!("{base}al");
    }
    if let Some(base) = w.strip_suffix("eux") {
        return format_compact!("{base}eu");
    }
    if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        return w[..w.len() - 1].into();
    }
    w.into()
}

fn push(out: &mut Vec<Token>, start: usize, end: usize, folded: &str) {
    if folded.is_empty() {
        return;
    }
    out.push(Token {
        start,
        end,
        folded: folded.into(),
        stem: stem(folded),
    });
}

/// Splits a text into normalised words. Letters and digits make words; apostrophes split them as
/// the module documentation says; everything else separates.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    // The current word: where it starts, where it ends, and its folded text. `apostrophe` is the
    // position in `folded`, and the byte offsets in `text` of the first apostrophe inside it and
    // of the character after it.
    let mut start = 0;
    let mut end = 0;
    let mut folded = String::new();
    let mut apostrophe: Option<(usize, usize, usize)> = None;

    let flush = |out: &mut Vec<Token>,
                 start: usize,
                 end: usize,
                 folded: &mut String,
                 apostrophe: &mut Option<(usize, usize, usize)>| {
        match apostrophe.take() {
            None => push(out, start, end, folded),
            Some((at, byte, after)) => {
                let left = &folded[..at];
                let right = &folded[at + 1..];
                if let Some(read) = elision(left) {
                    if let Some(word) = read {
                        push(out, start, byte, word);
                    }
                    push(out, after, end, right);
                } else if let Some(read) = clitic(right) {
                    push(out, start, byte, left);
                    if let Some(word) = read {
                        push(out, after, end, word);
                    }
                } else {
                    push(out, start, byte, left);
                    push(out, after, end, right);
                }
            }
        }
        folded.clear();
    };

    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            if folded.is_empty() {
                start = i;
            }
            fold_char(c, &mut folded);
            end = i + c.len_utf8();
        } else if is_apostrophe(c)
            && !folded.is_empty()
            && apostrophe.is_none()
            && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric())
        {
            // Inside a word: `l'Ukraine`, `NATO's`. One split per word; a second apostrophe ends it.
            apostrophe = Some((folded.len(), i, i + c.len_utf8()));
            folded.push('\'');
            end = i + c.len_utf8();
        } else if !folded.is_empty() {
            flush(&mut out, start, end, &mut folded, &mut apostrophe);
        }
    }
    if !folded.is_empty() {
        flush(&mut out, start, end, &mut folded, &mut apostrophe);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokens(text)
            .into_iter()
            .map(|t| t.folded.to_string())
            .collect()
    }

    #[test]
    fn case_and_accents_fold() {
        assert_eq!(
            fold("Sécurité ÉNERGÉTIQUE, cœur"),
            "securite energetique, coeur"
        );
        assert_eq!(
            words("Pékin, Moldavie, Bélarus"),
            ["pekin", "moldavie", "belarus"]
        );
    }

    #[test]
    fn french_elisions_keep_their_word() {
        assert_eq!(words("l'Ukraine"), ["ukraine"]);
        assert_eq!(words("l’Ukraine d’équipe"), ["ukraine", "equipe"]);
        assert_eq!(
            words("J'ai qu'il m'a"),
            ["je", "ai", "que", "il", "me", "a"]
        );
    }

    #[test]
    fn english_clitics_are_read() {
        assert_eq!(words("NATO's policy"), ["nato", "policy"]);
        assert_eq!(words("Russia’s war"), ["russia", "war"]);
        assert_eq!(
            words("I'd say I'll go"),
            ["i", "would", "say", "i", "will", "go"]
        );
    }

    #[test]
    fn hyphens_and_punctuation_separate() {
        assert_eq!(
            words("NATO-Ukraine Council"),
            ["nato", "ukraine", "council"]
        );
        assert_eq!(words("Indo‑Pacific (IP4)."), ["indo", "pacific", "ip4"]);
        assert_eq!(words("'quoted'"), ["quoted"]);
    }

    #[test]
    fn spans_point_into_the_original() {
        let text = "la coopération avec l’Ukraine";
        let t = tokens(text);
        assert_eq!(&text[t[1].start..t[1].end], "coopération");
        assert_eq!(&text[t[3].start..t[3].end], "Ukraine");
    }

    #[test]
    fn plurals_reduce() {
        for (word, want) in [
            ("partnerships", "partnership"),
            ("policies", "policy"),
            ("allies", "ally"),
            ("challenges", "challenge"),
            ("partenariats", "partenariat"),
            ("principaux", "principal"),
            ("nouveaux", "nouveau"),
            ("enjeux", "enjeu"),
            ("crisis", "crisis"),
            ("status", "status"),
            ("its", "its"),
            ("ip4", "ip4"),
        ] {
            assert_eq!(stem(word), want, "{word}");
        }
    }
}
