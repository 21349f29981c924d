//! The language an essay is written in, by whatlang's trigram detector.
//!
//! The report gives it as an ISO 639-1 code (`en`, `fr`, `de`, …), or nothing when the text is too
//! short or the detector is not confident: a few words of a title or a table are no evidence of a
//! language, and a wrong guess would make a false warning.

use whatlang::{Detector, Lang};

use super::MAX_ESSAY_BYTES;
use crate::count::essay_parts;
use crate::document::Document;

/// Below this many words the language is not named.
pub const MIN_WORDS: usize = 20;

/// The detector reads at most this much of the essay text, from its start: some 250 words, far
/// more than a trigram detector needs to be sure, so that a long essay costs no more than a short
/// one.
pub const SAMPLE_BYTES: usize = 1_500;

/// A detected language.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Language {
    /// ISO 639-1 code (`en`, `fr`); for the few languages without one, the ISO 639-3 code.
    pub code: &'static str,
    /// Its English name (`English`, `French`).
    pub name: &'static str,
    /// whatlang's confidence, 0 to 1.
    pub confidence: f64,
}

impl Language {
    /// Whether it is one of NATO's two official languages, English and French.
    pub fn is_official(&self) -> bool {
        matches!(self.code, "en" | "fr")
    }
}

/// The essay text of a document as one string, paragraphs on lines of their own, at most
/// [`MAX_ESSAY_BYTES`] of it (whole paragraphs): plenty to tell a language.
pub fn essay_plain_text(doc: &Document) -> String {
    let mut out = String::new();
    let parts = essay_parts(doc);
    for p in doc.paragraphs.iter().filter(|p| parts.contains(&p.part)) {
        if out.len() + p.text.len() + 1 > MAX_ESSAY_BYTES {
            break;
        }
        out.push_str(&p.text);
        out.push('\n');
    }
    out
}

/// The language of a document's essay text (main text, text boxes, notes), from its first
/// [`SAMPLE_BYTES`].
pub fn of_document(doc: &Document) -> Option<Language> {
    let mut text = essay_plain_text(doc);
    if text.len() > SAMPLE_BYTES {
        let mut end = SAMPLE_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    detect(&text)
}

/// Words frequent in English running text and rare in the other languages of NATO countries
/// (so not `is`, `was`, `in`, `an`: Dutch and German have them too).
fn is_english_word(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "of"
            | "and"
            | "to"
            | "that"
            | "for"
            | "it"
            | "with"
            | "be"
            | "on"
            | "are"
            | "this"
            | "by"
            | "not"
            | "or"
            | "have"
            | "we"
            | "its"
            | "their"
            | "which"
            | "from"
            | "has"
            | "can"
            | "at"
            | "our"
            | "these"
            | "but"
            | "they"
            | "more"
            | "would"
            | "should"
            | "been"
            | "also"
            | "than"
            | "into"
            | "there"
            | "such"
            | "who"
            | "what"
            | "how"
            | "must"
            | "between"
            | "through"
            | "both"
            | "each"
            | "my"
            | "i"
            | "as"
    )
}

/// Words frequent in French running text and rare in the other languages of NATO countries (so
/// not `de`, `la`, `que`, `en`, `il`, `ou`, `mais`: Spanish, Italian, Portuguese or Catalan
/// have them too).
fn is_french_word(word: &str) -> bool {
    matches!(
        word,
        "le" | "les"
            | "des"
            | "du"
            | "et"
            | "est"
            | "une"
            | "dans"
            | "pour"
            | "qui"
            | "sur"
            | "au"
            | "aux"
            | "ce"
            | "cette"
            | "ces"
            | "pas"
            | "ne"
            | "nous"
            | "avec"
            | "plus"
            | "par"
            | "sont"
            | "être"
            | "ont"
            | "été"
            | "aussi"
            | "entre"
            | "leur"
            | "leurs"
            | "je"
            | "mon"
            | "notre"
            | "nos"
            | "elle"
    )
}

/// English or French told by function words: when at least this share of the words are the
/// language's, and the other's are at most a quarter as many.
const FUNCTION_WORD_SHARE: f64 = 0.15;

/// English or French, when the text's function words say so beyond doubt: the trigram detector
/// scores every language of the script (most of the cost of judging an essay's language), and
/// an essay is almost always in one of the two.
fn english_or_french(text: &str) -> Option<Language> {
    let (mut words, mut en, mut fr) = (0usize, 0usize, 0usize);
    let mut lower = String::new();
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        lower.clear();
        lower.extend(word.chars().flat_map(char::to_lowercase));
        en += usize::from(is_english_word(&lower));
        fr += usize::from(is_french_word(&lower));
    }
    let share = |n: usize| n as f64 / words.max(1) as f64;
    let (code, name) = if share(en) >= FUNCTION_WORD_SHARE && fr * 4 <= en {
        ("en", "English")
    } else if share(fr) >= FUNCTION_WORD_SHARE && en * 4 <= fr {
        ("fr", "French")
    } else {
        return None;
    };
    Some(Language {
        code,
        name,
        confidence: 1.0,
    })
}

/// The language of a text, when it has at least [`MIN_WORDS`] words and the detector is
/// confident (whatlang's own reliability threshold). English and French are first told by their
/// function words ([`english_or_french`]); anything else goes to the trigram detector.
pub fn detect(text: &str) -> Option<Language> {
    let words = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .count();
    if words < MIN_WORDS {
        return None;
    }
    if let Some(language) = english_or_french(text) {
        return Some(language);
    }
    let info = Detector::new().detect(text)?;
    if !info.is_reliable() {
        return None;
    }
    let lang = info.lang();
    Some(Language {
        code: iso_639_1(lang),
        name: lang.eng_name(),
        confidence: info.confidence(),
    })
}

/// whatlang names languages by ISO 639-3; reports use ISO 639-1 where the language has a code.
fn iso_639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = "NATO is and will remain a Euro-Atlantic security organisation. Over the past \
        two decades it has developed substantial partnerships with countries in the Indo-Pacific \
        region, as well as a regular dialogue with the People's Republic of China.";
    const FR: &str = "L'OTAN est et restera une organisation de sécurité euro-atlantique. Au cours \
        des deux dernières décennies, elle a développé des partenariats substantiels avec des pays \
        de la région indo-pacifique, ainsi qu'un dialogue régulier avec la Chine.";
    const DE: &str = "Die NATO ist und bleibt eine euro-atlantische Sicherheitsorganisation. In den \
        letzten zwei Jahrzehnten hat sie jedoch umfangreiche Partnerschaften mit Ländern im \
        indopazifischen Raum sowie einen regelmäßigen Dialog mit der Volksrepublik China aufgebaut.";

    #[test]
    fn english_and_french_are_named_and_official() {
        let en = detect(EN).expect("enough English");
        assert_eq!((en.code, en.name), ("en", "English"));
        assert!(en.is_official());
        let fr = detect(FR).expect("enough French");
        assert_eq!(fr.code, "fr");
        assert!(fr.is_official());
    }

    #[test]
    fn other_languages_are_named_and_not_official() {
        let de = detect(DE).expect("enough German");
        assert_eq!((de.code, de.name), ("de", "German"));
        assert!(!de.is_official());
    }

    /// The same passage in languages whose function words overlap English's or French's.
    const OTHERS: &[(&str, &str)] = &[
        (
            "es",
            "La OTAN es y seguirá siendo una organización de seguridad euroatlántica. En las \
            dos últimas décadas ha desarrollado asociaciones sustanciales con países de la región \
            del Indo-Pacífico, así como un diálogo regular con China, que es cada vez más \
            importante para la seguridad de la Alianza y de sus socios.",
        ),
        (
            "it",
            "La NATO è e resterà un'organizzazione di sicurezza euro-atlantica. Negli ultimi \
            due decenni ha sviluppato partenariati sostanziali con paesi della regione \
            indo-pacifica, così come un dialogo regolare con la Cina, che è sempre più importante \
            per la sicurezza dell'Alleanza e dei suoi partner.",
        ),
        (
            "pt",
            "A OTAN é e continuará a ser uma organização de segurança euro-atlântica. Nas \
            últimas duas décadas desenvolveu parcerias substanciais com países da região do \
            Indo-Pacífico, bem como um diálogo regular com a China, que é cada vez mais \
            importante para a segurança da Aliança e dos seus parceiros.",
        ),
        (
            "nl",
            "De NAVO is en blijft een Euro-Atlantische veiligheidsorganisatie. In de laatste \
            twee decennia heeft zij echter substantiële partnerschappen ontwikkeld met landen in \
            de Indo-Pacifische regio, en een regelmatige dialoog met China, die steeds \
            belangrijker wordt voor de veiligheid van het bondgenootschap.",
        ),
        ("de", DE),
    ];

    #[test]
    fn function_words_tell_english_and_french_and_nothing_else() {
        assert_eq!(english_or_french(EN).map(|l| l.code), Some("en"));
        assert_eq!(english_or_french(FR).map(|l| l.code), Some("fr"));
        for (code, text) in OTHERS {
            assert_eq!(english_or_french(text).map(|l| l.code), None, "{code}");
            let found = detect(text).map(|l| l.code);
            assert!(
                found.is_none_or(|c| c != "en" && c != "fr"),
                "{code}: {found:?}"
            );
        }
    }

    #[test]
    fn too_little_text_has_no_language() {
        assert_eq!(detect("Head of Section: challenges and priorities"), None);
        assert_eq!(detect(""), None);
        assert_eq!(detect(&"1234 5678 ".repeat(30)), None);
    }
}
