//! Font metrics for the layout model: how wide each char is and how tall a line is, in the fonts
//! LibreOffice renders a Word document with.
//!
//! A document names fonts (`w:rFonts/@w:ascii`); [`resolve`] maps a name and a [`Face`] to the
//! [`FaceMetrics`] of a font embedded in essaylint. Word's common fonts have metric-compatible
//! twins, free fonts with the same advance widths, which LibreOffice substitutes for them:
//! Carlito for Calibri, Caladea for Cambria, Liberation Serif, Sans and Mono for Times New Roman,
//! Arial and Courier New ([`Fidelity::Exact`]). For other fonts the twin of the nearest width class
//! stands in, with a width scale measured from the real font where a trustworthy figure exists
//! ([`Fidelity::Approximate`]); callers multiply widths by [`Resolved::scale`] themselves.
//!
//! The numbers live in `font_data.rs`, written by `cargo run --example gen_font_metrics` from the
//! font files (SIL OFL 1.1, see `FONTS-OFL.txt`): per face, advance widths for Latin, general
//! punctuation, currency, letterlike symbols, arrows, the minus sign, geometric bullets and the
//! private-use bullets Word writes for Symbol and Wingdings, and a default advance for any other
//! char (the English-letter-frequency-weighted average of a–z). Kerning is not modelled.
//!
//! # Vertical metrics
//!
//! In font units, regular face. "flag" is USE_TYPO_METRICS; the last three columns are the
//! line height per 1 pt of size: (ascender − descender + line gap) / upem from `hhea` and from the
//! OS/2 typo values, and (winAscent + winDescent) / upem.
//!
//! | Family           | upem | hhea a/d/gap  | typo a/d/gap  | win a/d  | flag | hhea  | typo  | win   |
//! |------------------|------|---------------|---------------|----------|------|-------|-------|-------|
//! | Carlito          | 2048 | 1536/−512/452 | 1536/−512/452 | 1950/550 | no   | 1.221 | 1.221 | 1.221 |
//! | Caladea          | 1000 | 900/−250/0    | 900/−250/0    | 1050/250 | yes  | 1.150 | 1.150 | 1.300 |
//! | Liberation Serif | 2048 | 1825/−443/87  | 1420/−442/307 | 1825/443 | no   | 1.150 | 1.059 | 1.107 |
//! | Liberation Sans  | 2048 | 1854/−434/67  | 1491/−431/307 | 1854/434 | no   | 1.150 | 1.088 | 1.117 |
//! | Liberation Mono  | 2048 | 1705/−615/0   | 1255/−386/0   | 1705/615 | no   | 1.133 | 0.801 | 1.133 |
//!
//! Only the OS/2 typo values differ between faces: Liberation Serif italic 1422 and bold and bold
//! italic 1387 ascender; Liberation Sans italic −425 descender; Liberation Mono bold and bold
//! italic 1297/−428. Read each face's own fields rather than this table.

pub use super::face_metrics::FaceMetrics;
use super::font_data;

/// A face of a font family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// Upright, normal weight.
    Regular,
    /// Upright, bold.
    Bold,
    /// Italic, normal weight.
    Italic,
    /// Italic and bold.
    BoldItalic,
}

impl Face {
    /// The face for a run's bold and italic flags.
    pub fn from_flags(bold: bool, italic: bool) -> Face {
        match (bold, italic) {
            (false, false) => Face::Regular,
            (true, false) => Face::Bold,
            (false, true) => Face::Italic,
            (true, true) => Face::BoldItalic,
        }
    }

    /// Index into a family's faces in `font_data` (regular, bold, italic, bold italic).
    fn index(self) -> usize {
        match self {
            Face::Regular => 0,
            Face::Bold => 1,
            Face::Italic => 2,
            Face::BoldItalic => 3,
        }
    }
}

/// How closely the metrics stand for the font the document names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fidelity {
    /// A metric-compatible twin (Carlito for Calibri, …): same advance widths.
    Exact,
    /// No twin is embedded: the nearest width class stands in, scaled (`scale` applied to widths).
    Approximate,
}

/// The metrics essaylint uses for a font name as a document writes it (`w:rFonts/@w:ascii`), with a
/// width scale (1.0 for exact twins) and the fidelity.
#[derive(Debug, Clone, Copy)]
pub struct Resolved {
    /// The embedded face whose widths and vertical metrics stand in.
    pub metrics: &'static FaceMetrics,
    /// Factor to apply to the face's widths: 1.0 for an exact twin, otherwise the measured ratio
    /// of the real font's average text width to the stand-in's.
    pub scale: f64,
    /// Whether the widths are the named font's own.
    pub fidelity: Fidelity,
    /// The font the metrics stand for: the usual name of a recognised font ("Calibri",
    /// "Georgia"), or for a name essaylint does not know, the kind of font assumed
    /// ("unknown serif font", "unknown monospaced font", "unknown font").
    pub stands_for: &'static str,
}

/// The embedded families.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Twin {
    Carlito,
    Caladea,
    LiberationSerif,
    LiberationSans,
    LiberationMono,
}

impl Twin {
    fn faces(self) -> &'static [FaceMetrics; 4] {
        match self {
            Twin::Carlito => &font_data::CARLITO,
            Twin::Caladea => &font_data::CALADEA,
            Twin::LiberationSerif => &font_data::LIBERATION_SERIF,
            Twin::LiberationSans => &font_data::LIBERATION_SANS,
            Twin::LiberationMono => &font_data::LIBERATION_MONO,
        }
    }
}

/// A font essaylint recognises: its names (normalised by [`name_key`]), the family that stands in
/// and the width scale.
struct Known {
    keys: &'static [&'static str],
    stands_for: &'static str,
    twin: Twin,
    fidelity: Fidelity,
    scale: f64,
}

const fn exact(keys: &'static [&'static str], stands_for: &'static str, twin: Twin) -> Known {
    Known {
        keys,
        stands_for,
        twin,
        fidelity: Fidelity::Exact,
        scale: 1.0,
    }
}

const fn approx(
    keys: &'static [&'static str],
    stands_for: &'static str,
    twin: Twin,
    scale: f64,
) -> Known {
    Known {
        keys,
        stands_for,
        twin,
        fidelity: Fidelity::Approximate,
        scale,
    }
}

// How the approximate scales were measured. The measure is the average advance of English text in
// ems: 18% spaces, 82% lowercase a–z weighted by Lewand's letter frequencies. The stand-ins'
// regular faces measure Liberation Serif 0.4001, Liberation Sans 0.4415 and Carlito 0.4082 (the
// test `stand_in_averages_match_the_scale_notes` recomputes these from font_data). Capsize's
// `xWidthAvg` (seek-oss/capsize, packages/metrics/scripts/systemFonts.json, measured from the real
// fonts' files, weighted by character frequencies in Wikimedia abstracts) is the same kind of
// measure: it gives Arial 904/2048 = 0.4414 and Times New Roman 819/2048 = 0.3999 where ours gives
// their twins 0.4415 and 0.4001, so for fonts it covers the scale is the ratio of its figures to
// those of the twin's original. Scales apply to every face, measured on the regular one. Line
// heights are the stand-in's, not the real font's.
const KNOWN: &[Known] = &[
    exact(&["calibri", "carlito"], "Calibri", Twin::Carlito),
    exact(&["cambria", "caladea"], "Cambria", Twin::Caladea),
    exact(
        &[
            "timesnewroman",
            "times",
            "timesroman",
            "liberationserif",
            "tinos",
        ],
        "Times New Roman",
        Twin::LiberationSerif,
    ),
    exact(
        &["arial", "helvetica", "liberationsans", "arimo"],
        "Arial",
        Twin::LiberationSans,
    ),
    // Courier's advance is 600/1000 em, Courier New's 1229/2048: the same widths.
    exact(
        &["couriernew", "courier", "liberationmono", "cousine"],
        "Courier New",
        Twin::LiberationMono,
    ),
    // Office's default since 2024. No trustworthy width figure found; it sets wider than Calibri
    // (LibreOffice bug 162872 suggests Source Sans Pro as a width match, unmeasured), so 1.0
    // undercounts lines.
    approx(&["aptos"], "Aptos", Twin::Carlito, 1.0),
    // Office's heading font (Light weight of Calibri). No trustworthy width figure found.
    approx(&["calibrilight"], "Calibri Light", Twin::Carlito, 1.0),
    // Capsize: Georgia 899 / Times New Roman 819. (Georgia's widths in PDF::Builder's
    // CoreFont/georgia.pm give 0.4388 em by our measure: 1.097.)
    approx(&["georgia"], "Georgia", Twin::LiberationSerif, 1.098),
    // Monotype Garamond (GARA.TTF) widths from an FPDF font definition (lukepaok/payments,
    // fonts/garamond.php): 0.3871 em / 0.4001.
    approx(&["garamond"], "Garamond", Twin::LiberationSerif, 0.968),
    // Capsize: Verdana 1041 / Arial 904.
    approx(&["verdana"], "Verdana", Twin::LiberationSans, 1.152),
    // Capsize: Segoe UI 906 / Arial 904.
    approx(&["segoeui"], "Segoe UI", Twin::LiberationSans, 1.002),
    // Capsize: Tahoma 912 / Arial 904.
    approx(&["tahoma"], "Tahoma", Twin::LiberationSans, 1.009),
    // Capsize: Trebuchet MS 929 / Arial 904.
    approx(
        &["trebuchetms", "trebuchet"],
        "Trebuchet MS",
        Twin::LiberationSans,
        1.028,
    ),
    // Book Antiqua is Monotype's Palatino with Palatino's widths; Palatino Linotype is assumed to
    // keep them too. Measured on URW P052-Roman (fonts-urw-base35), URW's metric clone of
    // Palatino: 0.4440 em / 0.4001.
    approx(
        &["bookantiqua"],
        "Book Antiqua",
        Twin::LiberationSerif,
        1.110,
    ),
    approx(
        &["palatinolinotype", "palatino"],
        "Palatino Linotype",
        Twin::LiberationSerif,
        1.110,
    ),
    // Century Gothic is Monotype's metric-compatible ITC Avant Garde Gothic. Measured on URW
    // Gothic Book (fonts-urw-base35), URW's metric clone of Avant Garde: 0.4869 em / 0.4415.
    approx(
        &["centurygothic"],
        "Century Gothic",
        Twin::LiberationSans,
        1.103,
    ),
];

/// Fragments that mark an unknown name as a serif font (unless it also says "sans").
const SERIF_HINTS: &[&str] = &[
    "serif",
    "roman",
    "times",
    "garamond",
    "georgia",
    "book",
    "antiqua",
    "palatino",
    "minion",
    "baskerville",
    "cambria",
    "caslon",
    "bodoni",
    "didot",
    "goudy",
    "constantia",
    "schoolbook",
];

/// Fragments that mark an unknown name as a monospaced font.
const MONO_HINTS: &[&str] = &["mono", "courier", "consolas", "typewriter"];

/// The metrics essaylint uses for a font name as a document writes it (`w:rFonts/@w:ascii`).
///
/// Names match case-insensitively, ignoring spaces and punctuation, a trailing "(Body)" or
/// "(Headings)" (Word's labels for theme fonts), a PostScript style after a comma or, in a name
/// without spaces, a hyphen ("Arial,Bold", "Times-Roman"), and the suffixes "MT", "PS" and
/// "Regular" ("Arial MT", "TimesNewRomanPSMT"). A name essaylint does not know gets Liberation
/// Mono if it looks monospaced, Liberation Serif if it looks like a serif, and otherwise Carlito,
/// the width class of Word's default body font, all at scale 1.0 and [`Fidelity::Approximate`];
/// so does an empty name.
pub fn resolve(font_name: &str, face: Face) -> Resolved {
    let key = name_key(font_name);
    let (twin, scale, fidelity, stands_for) = match KNOWN.iter().find(|k| k.keys.contains(&&*key)) {
        Some(known) => (known.twin, known.scale, known.fidelity, known.stands_for),
        None if MONO_HINTS.iter().any(|h| key.contains(h)) => (
            Twin::LiberationMono,
            1.0,
            Fidelity::Approximate,
            "unknown monospaced font",
        ),
        None if !key.contains("sans") && SERIF_HINTS.iter().any(|h| key.contains(h)) => (
            Twin::LiberationSerif,
            1.0,
            Fidelity::Approximate,
            "unknown serif font",
        ),
        None => (Twin::Carlito, 1.0, Fidelity::Approximate, "unknown font"),
    };
    Resolved {
        metrics: &twin.faces()[face.index()],
        scale,
        fidelity,
        stands_for,
    }
}

/// A font name reduced for matching: lowercase letters and digits only, without theme labels,
/// PostScript styles and vendor suffixes.
fn name_key(name: &str) -> String {
    let mut name = name.trim();
    for label in ["(body)", "(headings)"] {
        if name.len() >= label.len()
            && let Some(tail) = name.get(name.len() - label.len()..)
            && tail.eq_ignore_ascii_case(label)
        {
            name = name[..name.len() - label.len()].trim_end();
        }
    }
    // PostScript names carry the style after a comma ("Arial,Bold") or a hyphen ("Arial-BoldMT");
    // family names may contain hyphens, but then they also contain spaces.
    if let Some((family, _)) = name.split_once(',') {
        name = family;
    }
    if !name.contains(' ')
        && let Some((family, _)) = name.split_once('-')
    {
        name = family;
    }
    let mut key: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    while let Some(stem) = ["psmt", "mt", "ps", "regular"]
        .iter()
        .find_map(|suffix| key.strip_suffix(suffix))
        .filter(|stem| !stem.is_empty())
    {
        key.truncate(stem.len());
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn carlito(face: Face) -> &'static FaceMetrics {
        &font_data::CARLITO[face.index()]
    }

    #[test]
    fn advances_match_the_font_files() {
        // Read from the .ttf files with skrifa (hmtx via cmap).
        let regular = carlito(Face::Regular);
        assert_eq!(regular.units_per_em, 2048);
        assert_eq!(regular.advance(' '), 463);
        assert_eq!(regular.advance('a'), 981);
        assert_eq!(regular.advance('H'), 1276);
        assert_eq!(regular.advance('\u{2014}'), 1854);
        assert_eq!(carlito(Face::Bold).advance('a'), 1011);
        let caladea = &font_data::CALADEA[0];
        assert_eq!(caladea.units_per_em, 1000);
        assert_eq!((caladea.advance(' '), caladea.advance('a')), (220, 470));
        let serif = &font_data::LIBERATION_SERIF[0];
        assert_eq!((serif.advance(' '), serif.advance('a')), (512, 909));
        assert_eq!(serif.advance('\u{2013}'), 1024);
        let sans = &font_data::LIBERATION_SANS[0];
        assert_eq!((sans.advance(' '), sans.advance('a')), (569, 1139));
        let mono = &font_data::LIBERATION_MONO[3];
        assert_eq!((mono.advance(' '), mono.advance('W')), (1229, 1229));
    }

    #[test]
    fn hello_at_12_pt() {
        // H 1276 + e 1019 + l 470 + l 470 + o 1080 = 4315 units of 2048.
        let width = carlito(Face::Regular).text_width_pt("Hello", 12.0);
        assert!((width - 4315.0 * 12.0 / 2048.0).abs() < 1e-9, "{width}");
        assert!((width - 25.283_203_125).abs() < 1e-9);
        let serif = &font_data::LIBERATION_SERIF[0];
        assert!((serif.width_pt(' ', 12.0) - 3.0).abs() < 1e-12);
    }

    #[test]
    fn chars_without_a_glyph_take_the_default_advance() {
        // Lewand-weighted a–z: Carlito 0.4482 em (918 of 2048), Liberation Serif 0.4330 em (887).
        let regular = carlito(Face::Regular);
        assert_eq!(regular.default_advance, 918);
        assert_eq!(regular.advance('中'), 918);
        assert_eq!(regular.advance('\t'), 918);
        // Inside a stored run but not in Carlito: U+2023 triangular bullet.
        assert_eq!(regular.advance('\u{2023}'), 918);
        assert_eq!(font_data::LIBERATION_SERIF[0].advance('中'), 887);
    }

    /// Cyrillic letters take their own advance widths from the fonts (U+0400–U+0482,
    /// U+048A–U+052F), not the face's default advance: at 12 pt a bold Cyrillic line of Times
    /// New Roman measured 10% short, and its table cells broke fewer lines than Word's and
    /// LibreOffice's (`bib-chernigovka…docx`, docs/layout-agreement.md).
    #[test]
    fn cyrillic_letters_take_their_own_advances() {
        let [regular, bold, ..] = &font_data::LIBERATION_SERIF;
        assert_eq!((regular.advance('а'), regular.advance('Ч')), (909, 1331));
        assert_eq!((bold.advance('а'), bold.advance('Ч')), (1024, 1503));
        assert_ne!(carlito(Face::Regular).advance('ж'), 918);
    }

    #[test]
    fn zero_width_chars_take_no_space() {
        for face in &font_data::LIBERATION_SANS {
            for c in [
                '\u{AD}', '\u{200B}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{301}',
            ] {
                assert_eq!(face.advance(c), 0, "{c:?}");
            }
        }
        assert_eq!(carlito(Face::Regular).text_width_pt("co\u{AD}op", 12.0), {
            carlito(Face::Regular).text_width_pt("coop", 12.0)
        });
    }

    #[test]
    fn missing_spaces_and_hyphens_fall_back_as_the_shaper_does() {
        // Carlito has no U+00A0, U+2010 or U+2011; Caladea has none of U+2000–U+2012.
        let regular = carlito(Face::Regular);
        assert_eq!(regular.advance('\u{A0}'), regular.advance(' '));
        assert_eq!(regular.advance('\u{2011}'), regular.advance('-'));
        let caladea = &font_data::CALADEA[0];
        assert_eq!(caladea.advance('\u{2003}'), 1000);
        assert_eq!(caladea.advance('\u{2009}'), 200);
        assert_eq!(caladea.advance('\u{2007}'), caladea.advance('0'));
        assert_eq!(caladea.advance('\u{202F}'), 110);
    }

    #[test]
    fn private_use_bullets_take_their_unicode_stand_ins() {
        let regular = carlito(Face::Regular);
        assert_eq!(regular.advance('\u{F0B7}'), regular.advance('•'));
        assert_eq!(regular.advance('\u{F0A7}'), regular.advance('\u{25AA}'));
        let caladea = &font_data::CALADEA[0];
        // Caladea has no ▪, so the Wingdings square falls back to •.
        assert_eq!(caladea.advance('\u{F0A7}'), caladea.advance('•'));
        assert_eq!(caladea.advance('\u{F0B7}'), 443);
    }

    #[test]
    fn calibri_resolves_to_carlito_and_faces_differ() {
        let regular = resolve("Calibri", Face::Regular);
        assert_eq!(regular.metrics.family, "Carlito");
        assert_eq!(regular.fidelity, Fidelity::Exact);
        assert_eq!(regular.scale, 1.0);
        assert_eq!(regular.stands_for, "Calibri");
        let twin = resolve("Carlito", Face::Regular);
        assert!(std::ptr::eq(regular.metrics, twin.metrics));
        for c in ['a', 'H', ' ', '.', '\u{2019}'] {
            assert_eq!(regular.metrics.advance(c), twin.metrics.advance(c));
        }
        let bold = resolve("Calibri", Face::Bold);
        assert_eq!(bold.metrics.family, "Carlito");
        assert_ne!(bold.metrics.advance('a'), regular.metrics.advance('a'));
        assert!(
            bold.metrics.text_width_pt("Hello", 12.0)
                > regular.metrics.text_width_pt("Hello", 12.0)
        );
    }

    #[test]
    fn names_map_to_twins() {
        const EXACT: Fidelity = Fidelity::Exact;
        const APPROX: Fidelity = Fidelity::Approximate;
        const CARLITO: &str = "Carlito";
        const CALADEA: &str = "Caladea";
        const SERIF: &str = "Liberation Serif";
        const SANS: &str = "Liberation Sans";
        const MONO: &str = "Liberation Mono";
        let cases = [
            ("Calibri", CARLITO, EXACT),
            ("calibri (Body)", CARLITO, EXACT),
            ("  CALIBRI  ", CARLITO, EXACT),
            ("Cambria (Headings)", CALADEA, EXACT),
            ("Caladea", CALADEA, EXACT),
            ("Times New Roman", SERIF, EXACT),
            ("TimesNewRomanPSMT", SERIF, EXACT),
            ("Times New Roman PS", SERIF, EXACT),
            ("Times-Roman", SERIF, EXACT),
            ("Times", SERIF, EXACT),
            ("Tinos", SERIF, EXACT),
            ("Arial", SANS, EXACT),
            ("Arial MT", SANS, EXACT),
            ("Arial,Bold", SANS, EXACT),
            ("Helvetica", SANS, EXACT),
            ("Arimo", SANS, EXACT),
            ("Courier New", MONO, EXACT),
            ("Cousine", MONO, EXACT),
            ("Aptos", CARLITO, APPROX),
            ("Calibri Light", CARLITO, APPROX),
            ("Calibri Light (Headings)", CARLITO, APPROX),
            ("Georgia", SERIF, APPROX),
            ("Garamond", SERIF, APPROX),
            ("Book Antiqua", SERIF, APPROX),
            ("Palatino Linotype", SERIF, APPROX),
            ("Verdana", SANS, APPROX),
            ("Segoe UI", SANS, APPROX),
            ("Tahoma", SANS, APPROX),
            ("Century Gothic", SANS, APPROX),
            ("Trebuchet MS", SANS, APPROX),
            // Unknown names, by their look.
            ("Noto Serif", SERIF, APPROX),
            ("Baskerville Old Face", SERIF, APPROX),
            ("Cambria Math", SERIF, APPROX),
            ("EB Garamond", SERIF, APPROX),
            ("Microsoft Sans Serif", CARLITO, APPROX),
            ("Open Sans", CARLITO, APPROX),
            ("Consolas", MONO, APPROX),
            ("DejaVu Sans Mono", MONO, APPROX),
            ("Symbol", CARLITO, APPROX),
            ("", CARLITO, APPROX),
        ];
        for (name, family, fidelity) in cases {
            let r = resolve(name, Face::Regular);
            assert_eq!(
                (r.metrics.family, r.fidelity),
                (family, fidelity),
                "{name:?}"
            );
            if fidelity == Fidelity::Exact {
                assert_eq!(r.scale, 1.0, "{name:?}");
            }
        }
    }

    #[test]
    fn approximations_carry_their_scale_and_name() {
        let georgia = resolve("Georgia", Face::Italic);
        assert_eq!(georgia.scale, 1.098);
        assert_eq!(georgia.stands_for, "Georgia");
        assert_eq!(georgia.metrics.family, "Liberation Serif");
        assert!(std::ptr::eq(
            georgia.metrics,
            &font_data::LIBERATION_SERIF[2]
        ));
        assert_eq!(resolve("Verdana", Face::Regular).scale, 1.152);
        assert_eq!(resolve("Garamond", Face::Regular).scale, 0.968);
        assert_eq!(resolve("Calibri Light", Face::Regular).scale, 1.0);
        assert_eq!(
            resolve("Noto Serif", Face::Regular).stands_for,
            "unknown serif font"
        );
        assert_eq!(resolve("Lato", Face::Regular).stands_for, "unknown font");
        assert_eq!(resolve("", Face::Bold).metrics.family, "Carlito");
    }

    /// The scale notes above `KNOWN` quote the stand-ins' average text widths; recompute them.
    #[test]
    fn stand_in_averages_match_the_scale_notes() {
        const LEWAND: [f64; 26] = [
            8.167, 1.492, 2.782, 4.253, 12.702, 2.228, 2.015, 6.094, 6.966, 0.153, 0.772, 4.025,
            2.406, 6.749, 7.507, 1.929, 0.095, 5.987, 6.327, 9.056, 2.758, 0.978, 2.360, 0.150,
            1.974, 0.074,
        ];
        let average = |m: &FaceMetrics| {
            let total: f64 = LEWAND.iter().sum();
            let letters: f64 = ('a'..='z')
                .zip(LEWAND)
                .map(|(c, f)| f64::from(m.advance(c)) * f / total)
                .sum();
            (0.18 * f64::from(m.advance(' ')) + 0.82 * letters) / f64::from(m.units_per_em)
        };
        let rounded = |x: f64| (x * 10_000.0).round() / 10_000.0;
        assert_eq!(rounded(average(&font_data::LIBERATION_SERIF[0])), 0.4001);
        assert_eq!(rounded(average(&font_data::LIBERATION_SANS[0])), 0.4415);
        assert_eq!(rounded(average(&font_data::CARLITO[0])), 0.4082);
        // The capsize figures of the twins' originals agree with our measure of the twins.
        assert!((904.0 / 2048.0 - average(&font_data::LIBERATION_SANS[0])).abs() < 0.0005);
        assert!((819.0 / 2048.0 - average(&font_data::LIBERATION_SERIF[0])).abs() < 0.0005);
    }

    #[test]
    fn runs_are_sorted_and_disjoint() {
        for family in [
            &font_data::CARLITO,
            &font_data::CALADEA,
            &font_data::LIBERATION_SERIF,
            &font_data::LIBERATION_SANS,
            &font_data::LIBERATION_MONO,
        ] {
            for face in family {
                let mut next = 0;
                for &(first, widths) in face.runs {
                    assert!(
                        first >= next && !widths.is_empty(),
                        "{} {first:X}",
                        face.family
                    );
                    next = first + widths.len() as u32;
                }
            }
        }
    }

    #[test]
    fn vertical_metrics_match_the_module_table() {
        let carlito = &font_data::CARLITO[0];
        assert_eq!(
            (
                carlito.hhea_ascender,
                carlito.hhea_descender,
                carlito.hhea_line_gap
            ),
            (1536, -512, 452)
        );
        assert_eq!((carlito.win_ascent, carlito.win_descent), (1950, 550));
        assert!(!carlito.use_typo_metrics);
        let caladea = &font_data::CALADEA[0];
        assert!(caladea.use_typo_metrics);
        assert_eq!((caladea.typo_ascender, caladea.typo_descender), (900, -250));
        let serif = &font_data::LIBERATION_SERIF[0];
        assert_eq!(
            (
                serif.typo_ascender,
                serif.typo_descender,
                serif.typo_line_gap
            ),
            (1420, -442, 307)
        );
        assert_eq!(font_data::LIBERATION_SERIF[1].typo_ascender, 1387);
        let mono = &font_data::LIBERATION_MONO[0];
        assert_eq!((mono.hhea_ascender, mono.hhea_descender), (1705, -615));
    }
}
