//! `styles.xml`, read only as far as the document needs it.
//!
//! Word writes every built-in style it knows into `styles.xml` (a blank document's is about 350 KB
//! with some 160 styles), and an essay uses a handful, all near the start: the document defaults,
//! the latent-style table (about 13 KB), then Normal, the headings and the table and list defaults.
//! Inflating and scanning the whole part was a third of the cost of reading an essay.
//!
//! So the part is inflated in pieces ([`source::StylesSource`]): first until the document defaults and
//! the default paragraph style are known, recording each style there by id ([`StyleChunk`]); then
//! further only when the document refers to a style not found so far, until it is found or the
//! part ends ([`StyleDefinitions`]). The first piece is 8 KB and each next one as large as all
//! inflated before it, so that no more than twice what is needed is inflated and a part is read in
//! a few pieces however large it is. Only the styles the document refers to are parsed.
//!
//! All of this happens while the document is read: the docx reader asks [`StyleDefinitions::load`]
//! for each style id it meets (a paragraph's `w:pStyle`, a run's `w:rStyle`, a list's
//! `w:numStyleLink`, the default paragraph style), which parses the style and its `basedOn`
//! ancestors into the plain [`Styles`] of the document. When the reader returns, the definitions
//! and the rest of the part are dropped.
//!
//! The children of the root are found by their tags (`memchr`), each `w:style` recorded by the
//! attributes of its start tag. Anything unusual in what is read at first (the WordprocessingML
//! namespace not declared on the root, a byte-order mark, text or a closing tag where a child
//! should start, a child nested in itself, damaged data) takes the full parser over the whole
//! part, which reports any damage as before. Damage past the point the document needed is not
//! seen, as in parts essaylint does not read at all; unusual markup there takes the full parser
//! for the rest of the part.
//!
//! Where the file defines something twice, the first definition is in force: the first style of
//! an id, the first default paragraph style, the first document defaults (which ECMA-376 places
//! before every style, §17.7.4.18).

use std::collections::BTreeMap;
use std::ops::Range;

use quick_xml::events::BytesStart;

mod source;

use super::formatting::{para_prop, run_prop};
use crate::document::{Style, Styles};
use crate::limits::Limits;
use crate::read::ReadError;
use crate::read::xml::{Ev, Ns, XmlStream, attr, decode_part};
use crate::read::zipped::Package;
use source::StylesSource;

/// What is inflated at first; each next piece is as large as all inflated before it.
const FIRST_PIECE: usize = 8 * 1024;

/// Reads the styles part `part`, inflating it only as far as the defaults and the default
/// paragraph style when it can: the document defaults and that style's id, and the definitions
/// that [`StyleDefinitions::load`] takes the document's styles from.
pub(super) fn read_styles_part(
    package: &mut Package<'_>,
    part: &str,
    limits: &Limits,
) -> Result<Option<(Styles, StyleDefinitions)>, ReadError> {
    // Messages name the part as Word users know it.
    let name = "styles.xml";
    if let Some(raw) = package.raw_part(part) {
        let declared = raw.declared;
        if let Some(styles) = StylesSource::new(raw, name, limits, FIRST_PIECE).first_runs()? {
            return Ok(Some(styles));
        }
        // Something unusual: the whole part, read and judged by the full parser.
        package.uncount(declared);
    }
    match package.read(part)? {
        Some(bytes) => read_styles(bytes, name, limits).map(Some),
        None => Ok(None),
    }
}

/// Reads a whole styles part with the full parser, recording each style's definition for
/// [`StyleDefinitions::load`].
pub(super) fn read_styles(
    bytes: Vec<u8>,
    name: &str,
    limits: &Limits,
) -> Result<(Styles, StyleDefinitions), ReadError> {
    // The definitions keep their text: take the inflated bytes as it, uncopied.
    let text = part_text(bytes, name)?;
    let mut recorded = Recorded::default();
    let styles = parse_styles(&text, name, limits, Some(&mut recorded))?;
    let mut definitions = StyleDefinitions {
        limits: limits.clone(),
        ..StyleDefinitions::default()
    };
    if let Some(root_start) = recorded.root_start {
        definitions.frame_start = text.get(root_start).unwrap_or("").to_string();
        definitions.frame_end = recorded.root_end;
        definitions.chunks.push(StyleChunk {
            text,
            entries: recorded.entries,
        });
    }
    Ok((styles, definitions))
}

/// The style definitions of a styles part, as far as it has been read, and the rest of the part
/// to read on when a style is not among them.
///
/// It lives only while a document is read. [`StyleDefinitions::load`] puts a style and its
/// `basedOn` ancestors into the document's [`Styles`], reading on through the part only when the
/// style is not among the definitions read so far.
#[derive(Default)]
pub(super) struct StyleDefinitions {
    /// The part's root start tag (with its declarations of the WordprocessingML namespace) and end
    /// tag: one style element between them is a document of its own.
    frame_start: String,
    frame_end: String,
    limits: Limits,
    /// The runs read so far, in the order of the part.
    chunks: Vec<StyleChunk>,
    /// The rest of the part; `None` once it is all read, or damaged.
    more: Option<StylesSource>,
}

impl StyleDefinitions {
    /// Puts the style `id` and its `basedOn` chain (as far as [`Styles::chain`] walks it) into
    /// `styles`, parsing each style not there yet. A style the part does not define ends the chain;
    /// looking for it reads the whole part.
    pub(super) fn load(&mut self, id: &str, styles: &mut Styles) {
        let mut next = self.step(id, styles);
        for _ in 1..Styles::CHAIN_LIMIT {
            let Some(id) = next else {
                return;
            };
            next = self.step(&id, styles);
        }
    }

    /// Makes sure the style `id` is in `styles`; the style it is based on, if it is defined.
    fn step(&mut self, id: &str, styles: &mut Styles) -> Option<String> {
        if let Some(style) = styles.by_id.get(id) {
            return style.based_on.clone();
        }
        let style = self.definition(id)?;
        let based_on = style.based_on.clone();
        styles.by_id.insert(id.to_string(), style);
        based_on
    }

    /// The first definition of `id`, parsed, reading on through the part until it is found.
    fn definition(&mut self, id: &str) -> Option<Style> {
        if let Some(style) = self
            .chunks
            .iter()
            .find_map(|chunk| chunk.entries.get(id).map(|entry| self.parse(chunk, entry)))
        {
            return Some(style);
        }
        while let Some(chunk) = self.next_chunk() {
            let found = chunk.entries.get(id).map(|entry| self.parse(&chunk, entry));
            self.chunks.push(chunk);
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// One style element, wrapped in the part's root element and parsed whole.
    fn parse(&self, chunk: &StyleChunk, entry: &Entry) -> Style {
        let element = chunk.text.get(entry.range.clone()).unwrap_or("");
        let fragment = [self.frame_start.as_str(), element, &self.frame_end].concat();
        // A definition that cannot be parsed contributes nothing but its kind: the tag structure
        // around it was checked when it was read.
        parse_style_fragment(&fragment, &self.limits).unwrap_or_else(|| Style {
            kind: entry.kind.clone(),
            ..Style::default()
        })
    }

    /// The next run of the part, inflating it; `None` at the end of the part (or where it is
    /// damaged: what could not be read defines nothing), when the source is let go.
    fn next_chunk(&mut self) -> Option<StyleChunk> {
        let chunk = self.more.as_mut()?.next_chunk();
        if chunk.is_none() {
            self.more = None;
        }
        chunk
    }

    /// Whether the whole part has been read (or read up to damage).
    #[cfg(test)]
    fn read_to_end(&self) -> bool {
        self.more.is_none()
    }

    /// The ids of the styles read so far, in the order of the part.
    #[cfg(test)]
    fn ids_read(&self) -> Vec<&str> {
        self.chunks
            .iter()
            .flat_map(|chunk| chunk.entries.keys().map(String::as_str))
            .collect()
    }
}

/// A run of complete style definitions from a styles part: their text, and each one by id.
#[derive(Default)]
struct StyleChunk {
    text: String,
    entries: BTreeMap<String, Entry>,
}

impl StyleChunk {
    /// Records the style `id` of kind `kind`, whose element spans `range` of the text. The first
    /// definition of an id is the one in force, here as in the runs after this one.
    fn insert(&mut self, id: String, kind: String, range: Range<usize>) {
        self.entries.entry(id).or_insert(Entry { range, kind });
    }
}

/// Where one style element is in its run's text, and its kind.
struct Entry {
    range: Range<usize>,
    kind: String,
}

/// What the full parser records of a part whose style definitions are kept: where the root's
/// start tag is, its end tag, and each style element by id.
#[derive(Default)]
struct Recorded {
    root_start: Option<Range<usize>>,
    root_end: String,
    entries: BTreeMap<String, Entry>,
}

/// A part's bytes as text, as [`decode_part`] reads them, without a copy in the usual case
/// (UTF-8 with no byte-order mark).
fn part_text(bytes: Vec<u8>, name: &str) -> Result<String, ReadError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return decode_part(&bytes, name).map(std::borrow::Cow::into_owned);
    }
    // UTF-16 never passes as UTF-8 (its byte-order marks are not UTF-8): decode_part reads it, and
    // says what is wrong with anything else.
    String::from_utf8(bytes)
        .or_else(|e| decode_part(e.as_bytes(), name).map(std::borrow::Cow::into_owned))
}

/// One style element wrapped in its part's root element, parsed whole.
fn parse_style_fragment(fragment: &str, limits: &Limits) -> Option<Style> {
    let styles = parse_styles(fragment, "styles.xml", limits, None).ok()?;
    styles.by_id.into_values().next()
}

/// Parses a styles part. With `record`, style elements are only recorded there by id, kind and
/// place; without it they are parsed whole.
fn parse_styles(
    text: &str,
    name: &str,
    limits: &Limits,
    mut record: Option<&mut Recorded>,
) -> Result<Styles, ReadError> {
    let mut stream = XmlStream::new(text, name, limits);
    let mut styles = Styles::default();
    // Open elements' local names: which properties a child sets depends on where it sits.
    let mut open: Vec<crate::read::xml::Local> = Vec::new();
    let mut current: Option<(String, Style)> = None;
    loop {
        match stream.next()? {
            Ev::Start {
                local,
                element,
                empty,
                ns,
            } => {
                if open.is_empty()
                    && let Some(record) = record.as_deref_mut()
                {
                    record.root_end = format!("</{}>", element.name().into_inner());
                    record.root_start = Some(stream.start_tag_range(&element));
                    record.entries.clear();
                }
                let parent = open
                    .last()
                    .map(crate::read::xml::Local::as_str)
                    .unwrap_or("");
                let grandparent = open
                    .len()
                    .checked_sub(2)
                    .and_then(|i| open.get(i))
                    .map(crate::read::xml::Local::as_str)
                    .unwrap_or("");
                if ns == Ns::W {
                    match (grandparent, parent, local.as_str()) {
                        (_, "styles", "style") => {
                            let id = attr(&element, "styleId").unwrap_or_default();
                            let kind = attr(&element, "type").unwrap_or_else(|| "paragraph".into());
                            if kind == "paragraph"
                                && attr(&element, "default")
                                    .is_some_and(|d| d == "1" || d == "true")
                            {
                                styles.default_para_style.get_or_insert_with(|| id.clone());
                            }
                            if let Some(record) = record.as_deref_mut()
                                && !empty
                            {
                                let range = stream.skip_element_raw(&element)?;
                                record.entries.entry(id).or_insert(Entry { range, kind });
                                continue;
                            }
                            current = Some((
                                id,
                                Style {
                                    kind,
                                    ..Default::default()
                                },
                            ));
                        }
                        place => {
                            let style = current.as_mut().map(|(_, style)| style);
                            if !set_property(place, &element, style, &mut styles) {
                                match place {
                                    (_, _, "rPrChange" | "pPrChange") if !empty => {
                                        // Old formatting of a tracked change: not in force.
                                        stream.skip_element()?;
                                        continue;
                                    }
                                    (_, "styles", "latentStyles") if !empty => {
                                        // Only what the user interface offers: no formatting.
                                        stream.skip_element_raw(&element)?;
                                        continue;
                                    }
                                    _ => {}
                                }
                            }
                        }
                    }
                }
                if !empty {
                    open.push(local);
                }
            }
            Ev::End { local, .. } => {
                open.pop();
                if local == "style"
                    && let Some((id, style)) = current.take()
                {
                    styles.by_id.entry(id).or_insert(style);
                }
            }
            Ev::Text(_) => {}
            Ev::Eof => return Ok(styles),
        }
    }
}

/// Applies an element of a style (`style`, the one being parsed, if any) or of the document
/// defaults, found at `place` (its grandparent's, parent's and own local names). Returns whether
/// the element is one of theirs, whatever it set.
fn set_property(
    place: (&str, &str, &str),
    element: &BytesStart<'_>,
    style: Option<&mut Style>,
    styles: &mut Styles,
) -> bool {
    match place {
        (_, "style", "name") => {
            if let Some(style) = style {
                style.name = attr(element, "val");
            }
        }
        (_, "style", "basedOn") => {
            if let Some(style) = style {
                style.based_on = attr(element, "val");
            }
        }
        ("style", "pPr", l) | ("pPr", "numPr", l @ ("numId" | "ilvl")) => {
            if let Some(style) = style {
                para_prop(l, element, &mut style.para);
            }
        }
        ("style", "rPr", l) => {
            if let Some(style) = style {
                let mut ignored = None;
                run_prop(l, element, &mut style.run, &mut ignored);
            }
        }
        ("pPrDefault", "pPr", l) => {
            para_prop(l, element, &mut styles.default_para);
        }
        ("rPrDefault", "rPr", l) => {
            let mut ignored = None;
            run_prop(l, element, &mut styles.default_run, &mut ignored);
        }
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::zipped::RawPart;
    use std::io::Write;

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    fn wrap(inner: &str) -> String {
        format!(r#"<w:styles xmlns:w="{W}">{inner}</w:styles>"#)
    }

    /// `xml` as the zip would hold it: deflated (or stored), with its size and checksum.
    fn raw(xml: &[u8], deflated: bool) -> RawPart {
        let data = if deflated {
            let mut encoder =
                flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(xml).expect("deflate");
            encoder.finish().expect("deflate")
        } else {
            xml.to_vec()
        };
        RawPart {
            data,
            deflated,
            declared: xml.len() as u64,
            crc: crc32fast::hash(xml),
        }
    }

    /// The first runs of a styles part read in pieces of `piece` bytes; `None` if it takes the
    /// full parser.
    fn in_pieces(xml: &str, piece: usize, deflated: bool) -> Option<(Styles, StyleDefinitions)> {
        StylesSource::new(
            raw(xml.as_bytes(), deflated),
            "styles.xml",
            &Limits::default(),
            piece,
        )
        .first_runs()
        .expect("no error")
    }

    /// The whole part through the full parser, every style parsed.
    fn full(xml: &str) -> Styles {
        parse_styles(xml, "styles.xml", &Limits::default(), None).expect("reads")
    }

    /// `styles` after loading `id` from `definitions`.
    fn load(read: &mut (Styles, StyleDefinitions), id: &str) -> Option<Style> {
        let (styles, definitions) = read;
        definitions.load(id, styles);
        styles.get(id).cloned()
    }

    /// The same defaults and default paragraph style, and every style by id once loaded.
    fn assert_same_styles(read: &mut (Styles, StyleDefinitions), full: &Styles) {
        assert_eq!(read.0.default_para, full.default_para);
        assert_eq!(read.0.default_run, full.default_run);
        assert_eq!(read.0.default_para_style, full.default_para_style);
        for (id, style) in &full.by_id {
            assert_eq!(load(read, id).as_ref(), Some(style), "style {id}");
        }
        assert_eq!(read.0.by_id, full.by_id);
        assert!(load(read, "NoSuchStyle").is_none());
        let mut ids = read.1.ids_read();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), full.by_id.len());
    }

    fn word_styles() -> String {
        let docx = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/real/b_en_1000__calibri11.docx"
        ))
        .expect("fixture");
        let limits = Limits::default();
        let mut package = Package::open(&docx, &limits).expect("zip");
        let xml = package
            .read("word/styles.xml")
            .expect("inflates")
            .expect("has styles");
        decode_part(&xml, "styles.xml").expect("UTF-8").into_owned()
    }

    #[test]
    fn a_word_files_styles_read_in_pieces_are_those_of_the_full_parse() {
        let xml = word_styles();
        let full = full(&xml);
        assert!(full.by_id.len() > 100, "Word writes its built-in styles");
        // Pieces that cut elements, tags and names anywhere, and the usual first piece.
        for piece in [1, 7, 1000, 4096, FIRST_PIECE, 1 << 20] {
            for deflated in [true, false] {
                let mut fast = in_pieces(&xml, piece, deflated).expect("the fast path takes it");
                assert_same_styles(&mut fast, &full);
            }
        }
        // And the full parser's definitions, for a part the fast path steps aside from.
        let mut whole =
            read_styles(xml.into_bytes(), "styles.xml", &Limits::default()).expect("reads");
        assert!(whole.1.read_to_end());
        assert_same_styles(&mut whole, &full);
    }

    #[test]
    fn the_first_runs_stop_once_the_defaults_and_the_default_style_are_known() {
        let xml = word_styles();
        let mut fast = in_pieces(&xml, FIRST_PIECE, true).expect("fast");
        assert_eq!(fast.0.default_para_style.as_deref(), Some("Normal"));
        // Nothing is parsed until the document refers to it.
        assert!(fast.0.by_id.is_empty());
        // Only the first runs are read until a style past them is asked for.
        let read_at_first = fast.1.ids_read().len();
        assert!(fast.1.ids_read().contains(&"Normal"));
        assert!(!fast.1.ids_read().contains(&"TableGrid"));
        // Styles of the first runs are found without reading on.
        assert!(load(&mut fast, "Normal").is_some());
        assert_eq!(fast.1.ids_read().len(), read_at_first);
        assert!(!fast.1.read_to_end());
        assert!(load(&mut fast, "TableGrid").is_some(), "found further on");
        assert!(fast.1.ids_read().len() > read_at_first);
        assert!(load(&mut fast, "NoSuchStyle").is_none());
        assert!(fast.1.read_to_end());
        assert_eq!(
            fast.0.by_id.keys().map(String::as_str).collect::<Vec<_>>(),
            ["Normal", "TableGrid", "TableNormal"],
            "only what was referred to, and what it is based on"
        );
    }

    #[test]
    fn the_fast_path_follows_the_prefix_the_root_declares() {
        let xml = r#"<?xml version="1.0"?>
<x:styles xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <!-- a comment -->
  <x:docDefaults><x:rPrDefault><x:rPr><x:sz x:val="24"/></x:rPr></x:rPrDefault></x:docDefaults>
  <x:latentStyles x:count="1"><x:lsdException x:name="Normal"/></x:latentStyles>
  <x:style x:type="paragraph" x:default="1" x:styleId="Body"><x:name x:val="a > b"/><x:pPr><x:spacing x:after="120"/></x:pPr></x:style >
  <x:style x:type="character" x:styleId="Empty"/>
  <x:style x:type="paragraph" x:styleId="Quote"><x:basedOn x:val="Body"/><x:rPr><x:i/></x:rPr></x:style>
</x:styles>"#;
        let full = full(xml);
        for piece in [1, 5, 64, FIRST_PIECE] {
            let mut fast = in_pieces(xml, piece, true).expect("fast");
            assert_eq!(fast.0.default_run.size_half_points, Some(24));
            assert_eq!(fast.0.default_para_style.as_deref(), Some("Body"));
            // Loading a style loads what it is based on.
            load(&mut fast, "Quote");
            let quote: Vec<_> = fast.0.chain(Some("Quote")).collect();
            assert_eq!(quote.len(), 2);
            assert_eq!(quote[0].run.italic, Some(true));
            assert_eq!(quote[1].para.space_after, Some(120));
            assert_same_styles(&mut fast, &full);
        }
    }

    #[test]
    fn unusual_styles_parts_take_the_full_parse() {
        for xml in [
            // The namespace declared below the root.
            format!(r#"<styles><w:style xmlns:w="{W}" w:styleId="A"/></styles>"#),
            // A style nested in a style.
            wrap(r#"<w:style w:styleId="A"><w:style w:styleId="B"></w:style></w:style>"#),
            // Text where a child should start.
            wrap(r#"text<w:style w:styleId="A"></w:style>"#),
            // An end tag that does not close its element.
            wrap(r#"<w:style w:styleId="A"></w:styleX>"#),
            // The root never closed.
            format!(r#"<w:styles xmlns:w="{W}"><w:style w:styleId="A"></w:style>"#),
            // A byte-order mark.
            format!("\u{feff}{}", wrap("")),
        ] {
            assert!(in_pieces(&xml, FIRST_PIECE, true).is_none(), "{xml}");
        }
        // And the full parse reports the damage the fast path stepped aside from.
        let damaged = wrap(r#"<w:style w:styleId="A"></w:styleX>"#);
        assert!(read_styles(damaged.into_bytes(), "styles.xml", &Limits::default()).is_err());
    }

    #[test]
    fn damaged_data_in_the_first_runs_takes_the_full_parse() {
        let xml = wrap(r#"<w:style w:type="paragraph" w:default="1" w:styleId="N"></w:style>"#);
        // A wrong checksum, and data cut short.
        let mut wrong_crc = raw(xml.as_bytes(), true);
        wrong_crc.crc ^= 1;
        let mut cut = raw(xml.as_bytes(), true);
        cut.data.truncate(cut.data.len() / 2);
        let mut longer = raw(xml.as_bytes(), true);
        longer.declared -= 1;
        for raw in [wrong_crc, cut, longer] {
            let source = StylesSource::new(raw, "styles.xml", &Limits::default(), FIRST_PIECE);
            assert!(source.first_runs().expect("no error").is_none());
        }
    }

    /// A part whose first runs hold the defaults and Normal, then many styles, then `tail`.
    fn long_part(tail: &str) -> String {
        let mut inner = String::from(
            r#"<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>"#,
        );
        for i in 0..200 {
            inner.push_str(&format!(
                r#"<w:style w:type="paragraph" w:styleId="S{i}"><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="{}"/></w:rPr></w:style>"#,
                20 + i % 10
            ));
        }
        inner.push_str(tail);
        wrap(&inner)
    }

    #[test]
    fn a_style_defined_late_is_found_and_resolved_when_loaded() {
        let xml = long_part(
            r#"<w:style w:type="character" w:styleId="Late"><w:basedOn w:val="S7"/><w:rPr><w:b/></w:rPr></w:style>"#,
        );
        let mut fast = in_pieces(&xml, 512, true).expect("fast");
        assert!(!fast.1.ids_read().contains(&"Late"));
        assert_eq!(load(&mut fast, "Late").and_then(|s| s.run.bold), Some(true));
        // Loaded with its chain, as plain data: a clone knows it without the definitions.
        let styles = fast.0.clone();
        drop(fast);
        let chain: Vec<_> = styles.chain(Some("Late")).collect();
        assert_eq!(chain.len(), 3, "Late, S7, Normal");
        assert_eq!(chain[1].run.size_half_points, Some(27));
        assert_eq!(chain[2].name.as_deref(), Some("Normal"));
        assert_eq!(styles.by_id.len(), 3);
    }

    #[test]
    fn a_style_past_the_first_runs_is_read_without_the_rest_of_the_part() {
        let xml = long_part("");
        let mut fast = in_pieces(&xml, 512, true).expect("fast");
        let known = |fast: &(Styles, StyleDefinitions), id: &str| fast.1.ids_read().contains(&id);
        assert!(!known(&fast, "S20"));
        assert_eq!(
            load(&mut fast, "S20").and_then(|s| s.run.size_half_points),
            Some(20)
        );
        assert!(known(&fast, "S20"));
        // Each piece is as large as all inflated before it: S20 is 3 KB into a 26 KB part.
        assert!(!known(&fast, "S100"), "read on past S20");
        assert!(!fast.1.read_to_end());
        // A style the part does not define is looked for to its end, and is not there.
        assert!(load(&mut fast, "Missing").is_none());
        assert!(known(&fast, "S199"));
        assert!(fast.1.read_to_end());
        assert!(!fast.0.contains("Missing"));
    }

    #[test]
    fn a_paragraph_of_an_undefined_style_reads_the_whole_part_and_keeps_the_defaults() {
        let xml = long_part("");
        let mut fast = in_pieces(&xml, 512, true).expect("fast");
        let (styles, definitions) = &mut fast;
        definitions.load("Normal", styles);
        definitions.load("Undefined", styles);
        assert!(definitions.read_to_end());
        // The layout falls back to the default paragraph style, and that to the document
        // defaults.
        assert!(!styles.contains("Undefined"));
        let size = styles
            .chain(styles.default_para_style.as_deref())
            .find_map(|s| s.run.size_half_points)
            .or(styles.default_run.size_half_points);
        assert_eq!(size, Some(22));
        assert_eq!(styles.by_id.keys().collect::<Vec<_>>(), ["Normal"]);
    }

    #[test]
    fn unusual_markup_past_the_first_runs_takes_the_full_parse_for_the_rest() {
        // Text where a child should be, which the scan steps aside from and the full parser
        // reads as the XML it is.
        let xml = long_part(
            r#"<!-- <w:style> --><w:style w:type="character" w:styleId="Late"><w:rPr><w:i/></w:rPr></w:style>
            text between children"#,
        );
        let mut fast = in_pieces(&xml, 512, true).expect("the first runs are usual");
        assert!(load(&mut fast, "S3").is_some());
        assert_eq!(
            load(&mut fast, "Late").and_then(|s| s.run.italic),
            Some(true)
        );
        // Markup that does not parse: what the rest defines is not found, and nothing fails.
        let xml = long_part(r#"<w:style w:type="character" w:styleId="Late"></w:styleX>"#);
        let mut fast = in_pieces(&xml, 512, true).expect("the first runs are usual");
        assert!(load(&mut fast, "S3").is_some());
        assert!(load(&mut fast, "Late").is_none());
        assert!(fast.1.read_to_end());
        assert!(read_styles(xml.into_bytes(), "styles.xml", &Limits::default()).is_err());
    }

    #[test]
    fn damage_past_the_needed_styles_ends_the_styles_without_failing() {
        let xml = long_part(
            r#"<w:style w:type="character" w:styleId="Late"><w:rPr><w:b/></w:rPr></w:style>"#,
        );
        let mut part = raw(xml.as_bytes(), true);
        // Cut the deflated data in its second half: the first runs are whole.
        part.data.truncate(part.data.len() * 3 / 4);
        let mut fast = StylesSource::new(part, "styles.xml", &Limits::default(), 512)
            .first_runs()
            .expect("no error")
            .expect("the first runs read");
        assert_eq!(fast.0.default_para_style.as_deref(), Some("Normal"));
        assert_eq!(fast.0.default_run.size_half_points, Some(22));
        assert!(load(&mut fast, "Normal").is_some());
        // Styles before the damage are found; the damage itself is never an error.
        assert_eq!(
            load(&mut fast, "S20").and_then(|s| s.run.size_half_points),
            Some(20)
        );
        assert!(load(&mut fast, "Late").is_none());
        assert!(fast.1.read_to_end());
        assert!(
            load(&mut fast, "Late").is_none(),
            "asked again, still nothing"
        );
        assert_eq!(fast.0.by_id.len(), 2);
    }

    #[test]
    fn the_first_definition_of_an_id_is_in_force_both_ways() {
        let xml = wrap(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="A"><w:rPr><w:b/></w:rPr></w:style><w:style w:type="paragraph" w:default="1" w:styleId="B"/><w:style w:type="paragraph" w:styleId="A"><w:rPr><w:i/></w:rPr></w:style>"#,
        );
        let whole =
            read_styles(xml.clone().into_bytes(), "styles.xml", &Limits::default()).expect("reads");
        for mut read in [in_pieces(&xml, 16, true).expect("fast"), whole] {
            assert_eq!(read.0.default_para_style.as_deref(), Some("A"));
            let a = load(&mut read, "A").expect("A");
            assert_eq!((a.run.bold, a.run.italic), (Some(true), None));
        }
    }

    #[test]
    fn a_cycle_of_based_on_loads_each_style_once() {
        let xml = wrap(
            r#"<w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/></w:style><w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/><w:rPr><w:b/></w:rPr></w:style>"#,
        );
        let mut read =
            read_styles(xml.into_bytes(), "styles.xml", &Limits::default()).expect("reads");
        load(&mut read, "A");
        assert_eq!(read.0.by_id.len(), 2);
        assert_eq!(read.0.chain(Some("A")).count(), Styles::CHAIN_LIMIT);
    }
}
