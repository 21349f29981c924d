//! Numbering (`numbering.xml`, ECMA-376 §17.9): list definitions, their instances, and the
//! counters Word keeps while walking the document, which give each numbered paragraph its label.

use std::collections::BTreeMap;

use quick_xml::events::BytesStart;

use super::styles::StyleDefinitions;
use crate::document::Styles;
use crate::limits::Limits;
use crate::read::ReadError;
use crate::read::xml::{Ev, Ns, XmlStream, attr, attr_i64, decode_part};

#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: i64,
}

impl Level {
    pub(super) fn new() -> Self {
        Level {
            format: "decimal".into(),
            text: String::new(),
            start: 1,
        }
    }
}

/// One numbering instance (`w:num`).
#[derive(Debug, Clone, Default)]
struct NumInstance {
    abstract_id: i64,
    /// `w:lvlOverride/w:startOverride`, by level.
    starts: BTreeMap<u8, i64>,
    /// `w:lvlOverride/w:lvl`: levels that replace the abstract definition's.
    levels: BTreeMap<u8, Level>,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Numbering {
    abstracts: BTreeMap<i64, BTreeMap<u8, Level>>,
    /// abstractNumId → the numbering style whose list it is (`w:numStyleLink`).
    style_links: BTreeMap<i64, String>,
    nums: BTreeMap<i64, NumInstance>,
}

impl Numbering {
    fn level(&self, num_id: i64, level: u8) -> Option<Level> {
        let num = self.nums.get(&num_id)?;
        let mut found = match num.levels.get(&level) {
            Some(replaced) => replaced.clone(),
            None => self.abstracts.get(&num.abstract_id)?.get(&level)?.clone(),
        };
        if let Some(start) = num.starts.get(&level) {
            found.start = *start;
        }
        Some(found)
    }

    /// Points every instance whose abstract definition is only a `w:numStyleLink` at the definition
    /// the numbering style's own `w:numId` uses. Word writes a list defined by a list style this
    /// way (ECMA-376 Part 1 §17.9: `numStyleLink`, `styleLink`): the linking definition has no
    /// levels of its own. The linked styles are loaded into `styles` first.
    pub(super) fn link_styles(&mut self, definitions: &mut StyleDefinitions, styles: &mut Styles) {
        for style in self.style_links.values() {
            definitions.load(style, styles);
        }
        let ids: Vec<i64> = self.nums.keys().copied().collect();
        for num_id in ids {
            let Some(mut abstract_id) = self.nums.get(&num_id).map(|n| n.abstract_id) else {
                continue;
            };
            // A link leads to a style, whose numId leads to another definition; a few steps
            // cover every real document and stop a cycle.
            for _ in 0..8 {
                let next = self
                    .style_links
                    .get(&abstract_id)
                    .and_then(|style| styles.chain(Some(style)).find_map(|s| s.para.num_id))
                    .and_then(|linked| self.nums.get(&linked))
                    .map(|n| n.abstract_id);
                match next {
                    Some(next) if next != abstract_id => abstract_id = next,
                    _ => break,
                }
            }
            if let Some(num) = self.nums.get_mut(&num_id) {
                num.abstract_id = abstract_id;
            }
        }
    }
}

/// `numbering.xml`, read when the first numbered paragraph needs it: most essays number nothing,
/// and Word writes a numbering part into them all the same.
pub(super) struct LazyNumbering<'a> {
    bytes: Option<Vec<u8>>,
    limits: &'a Limits,
    parsed: std::cell::OnceCell<Result<Numbering, ReadError>>,
}

impl<'a> LazyNumbering<'a> {
    pub(super) fn new(bytes: Option<Vec<u8>>, limits: &'a Limits) -> Self {
        LazyNumbering {
            bytes,
            limits,
            parsed: std::cell::OnceCell::new(),
        }
    }

    /// Numbering already read (for tests).
    #[cfg(test)]
    pub(super) fn ready(numbering: Numbering, limits: &'a Limits) -> Self {
        LazyNumbering {
            bytes: None,
            limits,
            parsed: std::cell::OnceCell::from(Ok(numbering)),
        }
    }

    /// The numbering, its lists linked through the styles (loaded into `styles`); `None` if the
    /// part could not be read (the error is kept for [`LazyNumbering::into_error`]).
    pub(super) fn get(
        &self,
        definitions: &mut StyleDefinitions,
        styles: &mut Styles,
    ) -> Option<&Numbering> {
        self.parsed
            .get_or_init(|| {
                let mut numbering = match &self.bytes {
                    Some(bytes) => read_numbering(bytes, self.limits)?,
                    None => Numbering::default(),
                };
                numbering.link_styles(definitions, styles);
                Ok(numbering)
            })
            .as_ref()
            .ok()
    }

    /// Why the part could not be read, if it was needed and could not.
    pub(super) fn into_error(self) -> Option<ReadError> {
        match self.parsed.into_inner() {
            Some(Err(error)) => Some(error),
            _ => None,
        }
    }
}

/// Reads `numbering.xml`: the abstract definitions with their levels and list-style links, and
/// the instances with their overrides.
pub(super) fn read_numbering(bytes: &[u8], limits: &Limits) -> Result<Numbering, ReadError> {
    let text = decode_part(bytes, "numbering.xml")?;
    let mut stream = XmlStream::new(&text, "numbering.xml", limits);
    let mut reader = NumberingReader::default();
    loop {
        match stream.next()? {
            Ev::Start {
                ns: Ns::W,
                local,
                element,
                ..
            } => reader.start(&local, &element),
            Ev::End { local, .. } => reader.end(&local),
            Ev::Eof => return Ok(reader.numbering),
            _ => {}
        }
    }
}

/// The numbering read so far, and where the reader is in it.
#[derive(Default)]
struct NumberingReader {
    numbering: Numbering,
    /// The open `w:abstractNum`.
    abstract_id: Option<i64>,
    /// The open `w:lvl`.
    level: Option<u8>,
    /// The open `w:num`.
    num_id: Option<i64>,
    /// The open `w:lvlOverride`.
    override_level: Option<u8>,
}

impl NumberingReader {
    fn start(&mut self, local: &str, element: &BytesStart<'_>) {
        match local {
            "abstractNum" => {
                self.abstract_id = attr_i64(element, "abstractNumId");
                self.num_id = None;
            }
            "lvl" => self.start_level(element),
            "numFmt" | "lvlText" | "start" => self.level_value(local, element),
            "numStyleLink" => {
                if let (Some(a), Some(style)) = (self.abstract_id, attr(element, "val")) {
                    self.numbering.style_links.insert(a, style);
                }
            }
            "num" => {
                self.abstract_id = None;
                self.level = None;
                self.num_id = attr_i64(element, "numId");
            }
            "abstractNumId" => {
                if let (Some(n), Some(a)) = (self.num_id, attr_i64(element, "val")) {
                    self.numbering.nums.entry(n).or_default().abstract_id = a;
                }
            }
            "lvlOverride" => {
                self.override_level = attr_i64(element, "ilvl").map(|v| v.clamp(0, 8) as u8);
            }
            "startOverride" => {
                if let (Some(n), Some(l), Some(v)) =
                    (self.num_id, self.override_level, attr_i64(element, "val"))
                {
                    self.numbering
                        .nums
                        .entry(n)
                        .or_default()
                        .starts
                        .insert(l, v);
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, local: &str) {
        match local {
            "abstractNum" => self.abstract_id = None,
            "lvl" => self.level = None,
            "num" => self.num_id = None,
            "lvlOverride" => self.override_level = None,
            _ => {}
        }
    }

    /// A `w:lvl`, of the open abstract definition or (in a `w:lvlOverride`) of the open instance.
    fn start_level(&mut self, element: &BytesStart<'_>) {
        self.level = attr_i64(element, "ilvl").map(|v| v.clamp(0, 8) as u8);
        let Some(l) = self.level else {
            return;
        };
        let numbering = &mut self.numbering;
        match (self.abstract_id, self.num_id) {
            (Some(a), _) => {
                numbering
                    .abstracts
                    .entry(a)
                    .or_default()
                    .insert(l, Level::new());
            }
            (None, Some(n)) => {
                numbering
                    .nums
                    .entry(n)
                    .or_default()
                    .levels
                    .insert(l, Level::new());
            }
            (None, None) => {}
        }
    }

    /// The number format, label text or start value of the open level.
    fn level_value(&mut self, local: &str, element: &BytesStart<'_>) {
        let numbering = &mut self.numbering;
        let defined = match (self.abstract_id, self.num_id, self.level) {
            (Some(a), _, Some(l)) => numbering.abstracts.get_mut(&a).and_then(|m| m.get_mut(&l)),
            (None, Some(n), Some(l)) => numbering
                .nums
                .get_mut(&n)
                .and_then(|num| num.levels.get_mut(&l)),
            _ => None,
        };
        if let Some(lvl) = defined {
            match local {
                "numFmt" => lvl.format = attr(element, "val").unwrap_or_default(),
                "lvlText" => lvl.text = attr(element, "val").unwrap_or_default(),
                _ => lvl.start = attr_i64(element, "val").unwrap_or(1),
            }
        }
    }
}

/// List counters as Word keeps them while walking the document.
///
/// Word counts per abstract definition, not per instance: instances (`w:num`) of one
/// `w:abstractNum` continue one another's numbering, and an instance with a `w:startOverride`
/// restarts that level where it is first used (ECMA-376 Part 1 §17.9: `lvlOverride`,
/// `startOverride`). This is how Word's "Continue numbering" and "Restart at 1" are written.
#[derive(Debug, Default)]
pub(super) struct ListCounters {
    values: BTreeMap<i64, [Option<i64>; 9]>,
    /// (numId, level) pairs already used.
    seen: std::collections::BTreeSet<(i64, u8)>,
}

impl ListCounters {
    /// The label for the next paragraph of list `num_id` at `level`, advancing the counters.
    pub(super) fn next_label(
        &mut self,
        numbering: &Numbering,
        num_id: i64,
        level: u8,
    ) -> Option<String> {
        let lvl = numbering.level(num_id, level)?;
        let num = numbering.nums.get(&num_id)?;
        let first_use = self.seen.insert((num_id, level));
        let restart = first_use && num.starts.contains_key(&level);
        let counters = self.values.entry(num.abstract_id).or_insert([None; 9]);
        let index = usize::from(level.min(8));
        counters[index] = Some(match counters[index] {
            Some(v) if !restart => v.saturating_add(1),
            _ => lvl.start,
        });
        // A new item at one level restarts every deeper level.
        for deeper in counters.iter_mut().skip(index + 1) {
            *deeper = None;
        }
        if lvl.format == "none" {
            return None;
        }
        if lvl.format == "bullet" {
            return (!lvl.text.is_empty()).then_some(lvl.text);
        }
        let mut label = String::new();
        let mut chars = lvl.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                if (1..=9).contains(&d) {
                    let at = (d - 1) as usize;
                    let value =
                        counters[at].or_else(|| numbering.level(num_id, at as u8).map(|l| l.start));
                    let format = numbering
                        .level(num_id, at as u8)
                        .map(|l| l.format)
                        .unwrap_or_else(|| "decimal".into());
                    label.push_str(&format_number(value.unwrap_or(1), &format));
                }
                continue;
            }
            label.push(c);
        }
        (!label.trim().is_empty()).then_some(label)
    }
}

fn format_number(n: i64, format: &str) -> String {
    match format {
        "lowerLetter" | "upperLetter" => {
            // Word repeats the letter past z: aa, bb, …
            let n = n.max(1) as usize;
            let letter = (b'a' + ((n - 1) % 26) as u8) as char;
            let s: String = std::iter::repeat_n(letter, (n - 1) / 26 + 1).collect();
            if format == "upperLetter" {
                s.to_uppercase()
            } else {
                s
            }
        }
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "decimalZero" if (0..10).contains(&n) => format!("0{n}"),
        "ordinal" => format!("{n}{}", ordinal_suffix(n)),
        _ => n.to_string(),
    }
}

fn ordinal_suffix(n: i64) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

fn roman(n: i64) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, digits) in table {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::read::docx::stories::tests::{DECIMAL, body, no_styles, numbering, para, styles};

    #[test]
    fn styles_carry_numbering() {
        let (mut styles, mut definitions) = styles(
            r#"<w:style w:type="paragraph" w:styleId="Heading2"><w:pPr><w:keepNext/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr></w:pPr></w:style>"#,
        );
        assert!(styles.get("Heading2").is_none(), "loaded when referred to");
        definitions.load("Heading2", &mut styles);
        let heading = styles.get("Heading2").expect("Heading2 is defined");
        assert_eq!(
            (heading.para.num_id, heading.para.num_level),
            (Some(3), Some(1))
        );
        assert_eq!(heading.para.keep_next, Some(true));
    }

    #[test]
    fn a_heading_style_numbers_its_paragraphs() {
        let styles = styles(
            r#"<w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>"#,
        );
        let numbering = numbering(
            r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="SECTION %1"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        );
        let heading = |t: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"#
            )
        };
        let doc = body(
            &format!("{}{}", heading("Introduction"), heading("Method")),
            styles,
            numbering,
        );
        let labels: Vec<_> = doc.paragraphs.iter().map(|p| p.label.as_deref()).collect();
        assert_eq!(labels, vec![Some("SECTION 1"), Some("SECTION 2")]);
    }

    #[test]
    fn instances_of_one_list_share_counters_until_a_start_override() {
        let numbering = numbering(&format!(
            r#"{DECIMAL}<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#
        ));
        let doc = body(
            &[
                para(1, "a"),
                para(1, "b"),
                para(2, "continued"),
                para(3, "restarted"),
                para(3, "next"),
                para(1, "back"),
            ]
            .concat(),
            no_styles(),
            numbering,
        );
        let labels: Vec<_> = doc.paragraphs.iter().map(|p| p.label.as_deref()).collect();
        assert_eq!(
            labels,
            vec![
                Some("1."),
                Some("2."),
                Some("3."),
                Some("1."),
                Some("2."),
                Some("3.")
            ]
        );
    }

    #[test]
    fn a_level_override_replaces_the_abstract_level() {
        let numbering = numbering(&format!(
            r#"{DECIMAL}<w:num w:numId="1"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="Article %1"/></w:lvl></w:lvlOverride></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:numFmt w:val="none"/><w:lvlText w:val=""/></w:lvl></w:lvlOverride></w:num>"#
        ));
        let doc = body(
            &[para(1, "a"), para(1, "b"), para(2, "unnumbered")].concat(),
            no_styles(),
            numbering,
        );
        let labels: Vec<_> = doc.paragraphs.iter().map(|p| p.label.as_deref()).collect();
        assert_eq!(labels, vec![Some("Article I"), Some("Article II"), None]);
    }

    #[test]
    fn a_list_style_link_is_followed() {
        // Word writes a list defined by a list style as an abstract definition holding only a
        // `w:numStyleLink`; the levels are those of the style's own numbering instance.
        let styles = styles(
            r#"<w:style w:type="numbering" w:styleId="Outline"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>"#,
        );
        let numbering = numbering(&format!(
            r#"{DECIMAL}<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="Outline"/></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#
        ));
        let doc = body(&[para(2, "a"), para(2, "b")].concat(), styles, numbering);
        let labels: Vec<_> = doc.paragraphs.iter().map(|p| p.label.as_deref()).collect();
        assert_eq!(labels, vec![Some("1."), Some("2.")]);
    }
}
