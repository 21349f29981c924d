//! The metrics of one embedded font face ([`FaceMetrics`]): the type of the tables
//! `font_data.rs` holds, and the widths read from them. `fonts` chooses a face; this module
//! measures with it; neither the generated data nor this module knows how faces are chosen.

/// Code point ranges (inclusive) that take no advance whatever the font says: the
/// soft hyphen (drawn only at a line break), combining marks, and Unicode's other
/// default-ignorable code points (zero-width space and joiners, bidi controls). The font
/// generator (`examples/gen_font_metrics.rs`) checks the fonts against the same ranges.
static ZERO_WIDTH: [(u32, u32); 20] = [
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

/// Metrics of one face, in font units.
#[derive(Debug)]
pub struct FaceMetrics {
    /// Family name of the embedded font ("Carlito", "Liberation Serif", …).
    pub family: &'static str,
    /// Font units per em (`head.unitsPerEm`).
    pub units_per_em: u16,
    /// `hhea.ascender`, positive above the baseline.
    pub hhea_ascender: i16,
    /// `hhea.descender`, negative below the baseline.
    pub hhea_descender: i16,
    /// `hhea.lineGap`.
    pub hhea_line_gap: i16,
    /// `OS/2.sTypoAscender`.
    pub typo_ascender: i16,
    /// `OS/2.sTypoDescender`, negative.
    pub typo_descender: i16,
    /// `OS/2.sTypoLineGap`.
    pub typo_line_gap: i16,
    /// `OS/2.usWinAscent`.
    pub win_ascent: u16,
    /// `OS/2.usWinDescent`, positive below the baseline.
    pub win_descent: u16,
    /// `OS/2.fsSelection` bit 7 (USE_TYPO_METRICS): line spacing should come from the typo values.
    pub use_typo_metrics: bool,
    /// Advance for a char the face has no glyph for (or that is outside the stored ranges): the
    /// average advance of a–z weighted by English letter frequency (Lewand).
    pub default_advance: u16,
    /// Advance widths by code point: (first code point, widths), sorted and disjoint; a width of 0
    /// means no glyph.
    pub(super) runs: &'static [(u32, &'static [u16])],
}

impl FaceMetrics {
    /// Advance width of a char in font units (default_advance when the face has no glyph).
    ///
    /// Soft hyphens, combining marks and other default-ignorable chars (zero-width space, joiners,
    /// bidirectional marks) are 0. A tab, line break or other control char gets the default
    /// advance: the layout handles those itself.
    pub fn advance(&self, c: char) -> u16 {
        let cp = u32::from(c);
        // Most text is ASCII, which the first run of every embedded face covers: no search.
        if cp < 0x80
            && let Some(&(first, widths)) = self.runs.first()
            && let Some(&width) = cp.checked_sub(first).and_then(|i| widths.get(i as usize))
            && width != 0
        {
            return width;
        }
        if is_zero_width(cp) {
            return 0;
        }
        let after = self.runs.partition_point(|&(first, _)| first <= cp);
        if let Some(&(first, widths)) = after.checked_sub(1).and_then(|i| self.runs.get(i))
            && let Some(&width) = widths.get((cp - first) as usize)
            && width != 0
        {
            return width;
        }
        self.default_advance
    }

    /// Advance width in points at a size in points.
    pub fn width_pt(&self, c: char, size_pt: f64) -> f64 {
        f64::from(self.advance(c)) * size_pt / f64::from(self.units_per_em)
    }

    /// Width of a string in points (sum of advances; no kerning).
    pub fn text_width_pt(&self, text: &str, size_pt: f64) -> f64 {
        let units: u64 = text.chars().map(|c| u64::from(self.advance(c))).sum();
        units as f64 * size_pt / f64::from(self.units_per_em)
    }
}

fn is_zero_width(cp: u32) -> bool {
    let after = ZERO_WIDTH.partition_point(|&(first, _)| first <= cp);
    after.checked_sub(1).is_some_and(|i| cp <= ZERO_WIDTH[i].1)
}
