//! Writes `src/layout/font_data.rs` from the installed metric-compatible fonts:
//! `cargo run --example gen_font_metrics`.
//!
//! Needs the Debian packages `fonts-crosextra-carlito`, `fonts-crosextra-caladea` and
//! `fonts-liberation2` (Liberation 2.x, SIL OFL 1.1, the version LibreOffice bundles; the older
//! `fonts-liberation` 1.x is GPL-licensed and is not read). For each face it records the vertical
//! metrics and the advance width of every char in [`RANGES`] and of the Symbol/Wingdings bullets
//! Word writes as private-use chars, plus a default advance for anything else. The output depends
//! only on the font files, so rerunning the generator gives a byte-identical file, already in
//! `rustfmt` layout.

use std::collections::BTreeMap;
use std::error::Error;
use std::fmt::Write as _;
use std::fs;

use skrifa::raw::TableProvider;
use skrifa::raw::tables::os2::SelectionFlags;
use skrifa::string::StringId;
use skrifa::{FontRef, MetadataProvider};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Where the data goes, whatever directory cargo runs the example from.
const OUT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/crates/core/src/layout/font_data.rs"
);

const CROSEXTRA: &str = "/usr/share/fonts/truetype/crosextra";
const LIBERATION2: &str = "/usr/share/fonts/truetype/liberation2";

/// One family: the name of its static in the output, its name, and its four faces' files in the
/// order of `fonts::Face` (regular, bold, italic, bold italic).
struct Family {
    ident: &'static str,
    name: &'static str,
    dir: &'static str,
    files: [&'static str; 4],
}

const FAMILIES: [Family; 5] = [
    Family {
        ident: "CARLITO",
        name: "Carlito",
        dir: CROSEXTRA,
        files: [
            "Carlito-Regular.ttf",
            "Carlito-Bold.ttf",
            "Carlito-Italic.ttf",
            "Carlito-BoldItalic.ttf",
        ],
    },
    Family {
        ident: "CALADEA",
        name: "Caladea",
        dir: CROSEXTRA,
        files: [
            "Caladea-Regular.ttf",
            "Caladea-Bold.ttf",
            "Caladea-Italic.ttf",
            "Caladea-BoldItalic.ttf",
        ],
    },
    Family {
        ident: "LIBERATION_SERIF",
        name: "Liberation Serif",
        dir: LIBERATION2,
        files: [
            "LiberationSerif-Regular.ttf",
            "LiberationSerif-Bold.ttf",
            "LiberationSerif-Italic.ttf",
            "LiberationSerif-BoldItalic.ttf",
        ],
    },
    Family {
        ident: "LIBERATION_SANS",
        name: "Liberation Sans",
        dir: LIBERATION2,
        files: [
            "LiberationSans-Regular.ttf",
            "LiberationSans-Bold.ttf",
            "LiberationSans-Italic.ttf",
            "LiberationSans-BoldItalic.ttf",
        ],
    },
    Family {
        ident: "LIBERATION_MONO",
        name: "Liberation Mono",
        dir: LIBERATION2,
        files: [
            "LiberationMono-Regular.ttf",
            "LiberationMono-Bold.ttf",
            "LiberationMono-Italic.ttf",
            "LiberationMono-BoldItalic.ttf",
        ],
    },
];

const FACE_NAMES: [&str; 4] = ["Regular", "Bold", "Italic", "Bold Italic"];
const FACE_IDENTS: [&str; 4] = ["REGULAR", "BOLD", "ITALIC", "BOLD_ITALIC"];

/// Code point ranges whose widths are stored: Latin (Basic to Extended-B), Cyrillic (whose
/// letters otherwise took the face's default advance; its combining marks U+0483–U+0489 left
/// out), General Punctuation, Currency
/// Symbols, Letterlike Symbols and Number Forms up to the vulgar fractions, simple arrows, the
/// minus sign, and the squares and circles list bullets use.
const RANGES: [(u32, u32); 9] = [
    (0x0020, 0x024F),
    (0x0400, 0x0482),
    (0x048A, 0x052F),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x2152),
    (0x2190, 0x2199),
    (0x2212, 0x2212),
    (0x25A0, 0x25CF),
];

/// Bullets Word writes in the private-use area (a Symbol or Wingdings char code plus U+F000), each
/// with the Unicode chars whose glyph stands in for it when the face has none of its own, best
/// first: Wingdings § is ▪, Symbol · is •, Wingdings Ø is ➢, Wingdings ü is ✓.
const PUA_BULLETS: [(u32, &[u32]); 4] = [
    (0xF0A7, &[0x25AA, 0x25A0, 0x2022]),
    (0xF0B7, &[0x2022]),
    (0xF0D8, &[0x27A2, 0x25BA, 0x2022]),
    (0xF0FC, &[0x2713, 0x221A, 0x2022]),
];

/// Code points that take no advance whatever the font says: the soft hyphen (Word and LibreOffice
/// draw it only at a line break, where the layout adds a hyphen), combining marks, and the other
/// default-ignorable code points of Unicode (DerivedCoreProperties.txt), such as the zero-width
/// space and joiners and the bidirectional controls. The same ranges as `ZERO_WIDTH` in
/// `crates/core/src/layout/face_metrics.rs`, which measures with them; here they check the fonts.
const ZERO_WIDTH: [(u32, u32); 20] = [
    (0x00AD, 0x00AD),
    (0x0300, 0x036F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x20D0, 0x20FF),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
];

/// English letter frequencies a–z in percent (Lewand, *Cryptological Mathematics*, 2000, as
/// tabulated on Wikipedia's "Letter frequency"), the weights of the default advance.
const LETTER_FREQUENCY: [f64; 26] = [
    8.167, 1.492, 2.782, 4.253, 12.702, 2.228, 2.015, 6.094, 6.966, 0.153, 0.772, 4.025, 2.406,
    6.749, 7.507, 1.929, 0.095, 5.987, 6.327, 9.056, 2.758, 0.978, 2.360, 0.150, 1.974, 0.074,
];

/// A run of no-glyph chars at least this long splits a range into two stored runs.
const SPLIT_GAP: usize = 8;

/// Runs this short are written inline rather than as a named array.
const INLINE_RUN: usize = 4;

/// Rustfmt's default line width, which the array layout below fills.
const MAX_WIDTH: usize = 100;

fn main() -> Result<()> {
    let mut arrays = Arrays::default();
    let mut families = String::new();
    let mut sources = String::new();
    for family in &FAMILIES {
        writeln!(
            families,
            "\n/// {}: regular, bold, italic, bold italic.",
            family.name
        )?;
        writeln!(
            families,
            "pub(super) static {}: [FaceMetrics; 4] = [",
            family.ident
        )?;
        for (face, file) in family.files.iter().enumerate() {
            let path = format!("{}/{file}", family.dir);
            let data = fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
            let font = FontRef::new(&data).map_err(|e| format!("{path}: {e}"))?;
            let version = name_string(&font, StringId::VERSION_STRING);
            let version = version.split(';').next().unwrap_or_default().trim();
            writeln!(sources, "//! - `{file}`: {version}")?;
            let ident = format!("{}_{}", family.ident, FACE_IDENTS[face]);
            let metrics = read_face(&font).map_err(|e| format!("{path}: {e}"))?;
            write_face(
                &mut families,
                &mut arrays,
                family.name,
                FACE_NAMES[face],
                &ident,
                &metrics,
            )?;
        }
        families.push_str("];\n");
    }

    let mut out = String::new();
    out.push_str(concat!(
        "//! Font metrics generated by `cargo run --example gen_font_metrics`: do not edit.\n",
        "//!\n",
        "//! Derived from the Carlito, Caladea and Liberation 2 fonts, licensed under the SIL\n",
        "//! Open Font License 1.1 (see `FONTS-OFL.txt` beside this file for the notices and\n",
        "//! the licence). Widths are advance widths in font units; in a run, 0 means the face\n",
        "//! has no glyph for the char, which then takes the face's `default_advance`.\n",
        "//! Read from:\n",
        "//!\n",
    ));
    out.push_str(&sources);
    out.push_str("\nuse super::face_metrics::FaceMetrics;\n");
    out.push_str(&families);
    out.push_str(&arrays.text);
    fs::write(OUT, out)?;
    println!("wrote {OUT}");
    Ok(())
}

struct FaceData {
    units_per_em: u16,
    hhea: [i16; 3],
    typo: [i16; 3],
    win: [u16; 2],
    use_typo_metrics: bool,
    default_advance: u16,
    /// (first code point, advances) with 0 for no glyph.
    runs: Vec<(u32, Vec<u16>)>,
}

fn read_face(font: &FontRef) -> Result<FaceData> {
    let upem = font.head()?.units_per_em();
    let hhea = font.hhea()?;
    let os2 = font.os2()?;
    let hmtx = font.hmtx()?;
    let charmap = font.charmap();
    let glyph_advance = |cp: u32| -> Option<u16> {
        let gid = charmap.map(cp)?;
        if gid.to_u32() == 0 {
            return None;
        }
        hmtx.advance(gid)
    };
    let required = |c: char| -> Result<u16> {
        glyph_advance(u32::from(c)).ok_or_else(|| format!("no glyph for {c:?}").into())
    };
    let space = required(' ')?;
    let zero = required('0')?;
    let period = required('.')?;
    let hyphen = required('-')?;

    let advance = |cp: u32| -> Result<u16> {
        if is_zero_width(cp) {
            // Stored as "no glyph"; `fonts` answers 0 for these before it looks at the runs.
            return Ok(0);
        }
        match glyph_advance(cp) {
            Some(0) => {
                Err(format!("U+{cp:04X} has a zero advance but is not in ZERO_WIDTH").into())
            }
            Some(w) => Ok(w),
            None => Ok(fallback(cp, upem, space, zero, period, hyphen).unwrap_or(0)),
        }
    };

    let mut runs = Vec::new();
    for (first, last) in RANGES {
        let widths = (first..=last).map(advance).collect::<Result<Vec<_>>>()?;
        split_runs(first, &widths, &mut runs);
    }
    for (cp, stand_ins) in PUA_BULLETS {
        let width = std::iter::once(cp)
            .chain(stand_ins.iter().copied())
            .find_map(glyph_advance);
        if let Some(width) = width {
            runs.push((cp, vec![width]));
        }
    }

    let total: f64 = LETTER_FREQUENCY.iter().sum();
    let mut weighted = 0.0;
    for (c, frequency) in ('a'..='z').zip(LETTER_FREQUENCY) {
        weighted += f64::from(required(c)?) * frequency / total;
    }

    Ok(FaceData {
        units_per_em: upem,
        hhea: [
            hhea.ascender().to_i16(),
            hhea.descender().to_i16(),
            hhea.line_gap().to_i16(),
        ],
        typo: [
            os2.s_typo_ascender(),
            os2.s_typo_descender(),
            os2.s_typo_line_gap(),
        ],
        win: [os2.us_win_ascent(), os2.us_win_descent()],
        use_typo_metrics: os2
            .fs_selection()
            .contains(SelectionFlags::USE_TYPO_METRICS),
        default_advance: weighted.round() as u16,
        runs,
    })
}

fn is_zero_width(cp: u32) -> bool {
    ZERO_WIDTH
        .iter()
        .any(|&(first, last)| (first..=last).contains(&cp))
}

/// The advance the shaper gives a char the face has no glyph for, where it does not fall back to
/// another font: HarfBuzz (which LibreOffice shapes with) draws Unicode spaces with the space glyph
/// and the widths of its `hb_ot_shape_fallback_spaces` (fractions of the em, the figure or
/// punctuation width, half a space for the narrow no-break space). A missing hyphen or
/// non-breaking hyphen takes the hyphen-minus width, and a missing figure dash the figure width,
/// which is what the dash is defined to match.
fn fallback(cp: u32, upem: u16, space: u16, zero: u16, period: u16, hyphen: u16) -> Option<u16> {
    Some(match cp {
        0x00A0 => space,
        0x2000 | 0x2002 => upem / 2,
        0x2001 | 0x2003 => upem,
        0x2004 => upem / 3,
        0x2005 => upem / 4,
        0x2006 => upem / 6,
        0x2007 | 0x2012 => zero,
        0x2008 => period,
        0x2009 => upem / 5,
        0x200A => upem / 16,
        0x202F => space / 2,
        0x205F => (u32::from(upem) * 4 / 18) as u16,
        0x2010 | 0x2011 => hyphen,
        _ => return None,
    })
}

/// Appends the stored runs of one range: no-glyph chars trimmed from both ends, and a range split
/// where [`SPLIT_GAP`] or more chars in a row have no glyph.
fn split_runs(first: u32, widths: &[u16], runs: &mut Vec<(u32, Vec<u16>)>) {
    let mut i = 0;
    while i < widths.len() {
        if widths[i] == 0 {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1; // one past the last glyph of the run
        let mut j = end;
        while j < widths.len() {
            if widths[j] != 0 {
                end = j + 1;
            } else if j - end + 1 >= SPLIT_GAP {
                break;
            }
            j += 1;
        }
        runs.push((first + start as u32, widths[start..end].to_vec()));
        i = end;
    }
}

/// Width arrays, written once each and shared by every face whose run has the same widths.
#[derive(Default)]
struct Arrays {
    text: String,
    names: BTreeMap<Vec<u16>, String>,
}

impl Arrays {
    /// The expression for a run's widths: a short run inline, a longer one by the name of its
    /// array.
    fn name_for(&mut self, ident: &str, first: u32, widths: &[u16]) -> Result<String> {
        if widths.len() <= INLINE_RUN {
            let items: Vec<String> = widths.iter().map(u16::to_string).collect();
            return Ok(format!("&[{}]", items.join(", ")));
        }
        if let Some(name) = self.names.get(widths) {
            return Ok(name.clone());
        }
        let name = format!("{ident}_{first:04X}");
        let items: Vec<String> = widths.iter().map(u16::to_string).collect();
        let one_line = format!("const {name}: &[u16] = &[{}];", items.join(", "));
        if one_line.len() <= MAX_WIDTH {
            writeln!(self.text, "\n{one_line}")?;
            self.names.insert(widths.to_vec(), name.clone());
            return Ok(name);
        }
        writeln!(self.text, "\nconst {name}: &[u16] = &[")?;
        let mut line = String::new();
        for width in widths {
            let item = format!("{width},");
            // Rustfmt keeps a line of array items strictly shorter than its width.
            if !line.is_empty() && 4 + line.len() + 1 + item.len() >= MAX_WIDTH {
                writeln!(self.text, "    {line}")?;
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&item);
        }
        writeln!(self.text, "    {line}")?;
        self.text.push_str("];\n");
        self.names.insert(widths.to_vec(), name.clone());
        Ok(name)
    }
}

fn write_face(
    out: &mut String,
    arrays: &mut Arrays,
    family: &str,
    face: &str,
    ident: &str,
    m: &FaceData,
) -> Result<()> {
    writeln!(out, "    // {family} {face}")?;
    writeln!(out, "    FaceMetrics {{")?;
    writeln!(out, "        family: {family:?},")?;
    writeln!(out, "        units_per_em: {},", m.units_per_em)?;
    writeln!(out, "        hhea_ascender: {},", m.hhea[0])?;
    writeln!(out, "        hhea_descender: {},", m.hhea[1])?;
    writeln!(out, "        hhea_line_gap: {},", m.hhea[2])?;
    writeln!(out, "        typo_ascender: {},", m.typo[0])?;
    writeln!(out, "        typo_descender: {},", m.typo[1])?;
    writeln!(out, "        typo_line_gap: {},", m.typo[2])?;
    writeln!(out, "        win_ascent: {},", m.win[0])?;
    writeln!(out, "        win_descent: {},", m.win[1])?;
    writeln!(out, "        use_typo_metrics: {},", m.use_typo_metrics)?;
    writeln!(out, "        default_advance: {},", m.default_advance)?;
    writeln!(out, "        runs: &[")?;
    for (first, widths) in &m.runs {
        let name = arrays.name_for(ident, *first, widths)?;
        writeln!(out, "            ({}, {name}),", hex(*first))?;
    }
    writeln!(out, "        ],")?;
    writeln!(out, "    }},")?;
    Ok(())
}

fn hex(cp: u32) -> String {
    format!("0x{cp:04X}")
}

fn name_string(font: &FontRef, id: StringId) -> String {
    font.localized_strings(id)
        .english_or_first()
        .map(|s| s.to_string())
        .unwrap_or_default()
}
