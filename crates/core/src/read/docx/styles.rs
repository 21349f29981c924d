//! `styles.xml`, read only as far as the document needs it.
//!
//! Word writes every built-in style it knows into `styles.xml` (a blank document's is about 350 KB
//! with some 160 styles), and an essay uses a handful, all near the start: the document defaults,
//! the latent-style table (about 13 KB), then Normal, the headings and the table and list defaults.
//! Inflating and scanning the whole part was a third of the cost of reading an essay.
//!
//! So the part is inflated in pieces ([`StylesSource`]): first until the document defaults and
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

use memchr::memmem;
use quick_xml::events::BytesStart;

use super::formatting::{para_prop, run_prop};
use crate::document::{Style, Styles};
use crate::limits::Limits;
use crate::read::ReadError;
use crate::read::xml::{Ev, Ns, XmlStream, attr, attrs, decode_part};
use crate::read::zipped::{Package, RawPart, keep_streaming_inflater, streaming_inflater};

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

/// Why reading in pieces stopped: damaged data or unusual markup.
#[derive(Debug)]
struct Stop;

/// The names the root and its children go by, under the prefix the root declares.
struct Names {
    /// The root's start tag, as written.
    root_start: String,
    /// The root's start tag with only its declarations of the WordprocessingML namespace: what a
    /// style or the defaults are parsed in. Word declares some 30 namespaces on the root, and
    /// every element parsed would look its prefix up among them; the properties read are all in
    /// the WordprocessingML namespace, and an element of any other is skipped either way.
    frame_start: String,
    /// The root's end tag.
    root_end: String,
    style: String,
    defaults: String,
    /// `<w:style` and `</w:style`, searched for in every style element.
    style_open: memmem::Finder<'static>,
    style_close: memmem::Finder<'static>,
}

/// One child of the root, found by its tags.
enum Found {
    Style {
        id: String,
        kind: String,
        default_para: bool,
        range: std::ops::Range<usize>,
        empty: bool,
    },
    Defaults(std::ops::Range<usize>),
    Other,
}

/// A styles part being inflated piece by piece.
struct StylesSource {
    name: String,
    limits: Limits,
    raw: RawPart,
    /// How much of the compressed data has been taken.
    taken: usize,
    /// `None` for a stored part.
    inflater: Option<flate2::Decompress>,
    hasher: crc32fast::Hasher,
    /// Bytes inflated so far.
    inflated: u64,
    /// The inflated bytes not yet cut into runs, from a child's start (at first, from the part's
    /// start). They are checked to be UTF-8 as they are cut.
    buf: Vec<u8>,
    /// Where the next child starts in `buf`.
    at: usize,
    /// The first piece's size; the next ones are as large as all inflated before them.
    piece: usize,
    names: Option<Names>,
    /// All of the data is inflated and its size and checksum are right.
    ended: bool,
    /// The root's end tag was reached, with nothing but white space after it.
    finished: bool,
    /// Damage was found after the first runs: nothing more is read.
    failed: bool,
    /// Markup the scan does not take was found at `at`.
    unusual: bool,
}

impl StylesSource {
    fn new(raw: RawPart, name: &str, limits: &Limits, piece: usize) -> Self {
        StylesSource {
            name: name.to_string(),
            limits: limits.clone(),
            inflater: raw.deflated.then(streaming_inflater),
            raw,
            taken: 0,
            hasher: crc32fast::Hasher::new(),
            inflated: 0,
            buf: Vec::new(),
            at: 0,
            piece: piece.max(1),
            names: None,
            ended: false,
            finished: false,
            failed: false,
            unusual: false,
        }
    }

    /// Inflates the next piece into `text`, checking size and checksum at the end.
    fn fill(&mut self) -> Result<(), Stop> {
        if self.ended {
            return Ok(());
        }
        let left = self.raw.declared.saturating_sub(self.inflated);
        let piece = usize::try_from(self.inflated)
            .unwrap_or(usize::MAX)
            .max(self.piece);
        // One byte more than declared at most: room to see a stream that runs past its size.
        let room = usize::try_from(left.saturating_add(1))
            .unwrap_or(usize::MAX)
            .min(piece);
        let before = self.buf.len();
        let data = self.raw.data.get(self.taken..).unwrap_or(&[]);
        let stream_end = match self.inflater.as_mut() {
            None => {
                let take = room.min(data.len());
                self.buf.extend_from_slice(&data[..take]);
                self.taken += take;
                self.taken == self.raw.data.len()
            }
            Some(inflater) => {
                self.buf.reserve_exact(room);
                let in_before = inflater.total_in();
                let status = inflater
                    .decompress_vec(data, &mut self.buf, flate2::FlushDecompress::None)
                    .map_err(|_| Stop)?;
                let consumed =
                    usize::try_from(inflater.total_in() - in_before).map_err(|_| Stop)?;
                self.taken += consumed;
                if status != flate2::Status::StreamEnd && consumed == 0 && self.buf.len() == before
                {
                    // No progress: the data ends before its stream does.
                    return Err(Stop);
                }
                status == flate2::Status::StreamEnd
            }
        };
        let new = &self.buf[before..];
        self.hasher.update(new);
        // A byte-order mark or UTF-16: the full parser decodes it.
        if self.inflated == 0
            && (new.starts_with(&[0xEF, 0xBB, 0xBF])
                || new.starts_with(&[0xFF, 0xFE])
                || new.starts_with(&[0xFE, 0xFF]))
        {
            return Err(Stop);
        }
        self.inflated += new.len() as u64;
        if self.inflated > self.raw.declared {
            return Err(Stop);
        }
        if stream_end {
            if self.inflated != self.raw.declared || self.hasher.clone().finalize() != self.raw.crc
            {
                return Err(Stop);
            }
            self.ended = true;
        }
        Ok(())
    }

    /// Reads the root's start tag once it is all inflated: `Ok(false)` while it is not.
    fn root(&mut self) -> Result<bool, Stop> {
        // The text so far, up to a character a piece may have cut.
        let text = match std::str::from_utf8(&self.buf) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&self.buf[..e.valid_up_to()]).map_err(|_| Stop)?,
        };
        let mut stream = XmlStream::new(text, &self.name, &self.limits);
        let (root, range) = loop {
            match stream.next() {
                Ok(Ev::Start {
                    element,
                    empty: false,
                    ..
                }) => {
                    let range = stream.start_tag_range(&element);
                    break (element, range);
                }
                Ok(Ev::Start { .. }) => return Err(Stop),
                Ok(Ev::Eof) | Err(_) if !self.ended => return Ok(false),
                Ok(Ev::Eof) | Err(_) => return Err(Stop),
                Ok(_) => {}
            }
        };
        if !text.get(range.clone()).is_some_and(|t| t.ends_with('>')) {
            return if self.ended { Err(Stop) } else { Ok(false) };
        }
        let mut prefix = None;
        // The declarations of the WordprocessingML namespace, for the frame of one style.
        let mut declarations = String::new();
        for attribute in root.attributes().with_checks(false).flatten() {
            let key = attribute.key.as_ref();
            let bound = if key == "xmlns" {
                Some("")
            } else {
                key.strip_prefix("xmlns:")
            };
            if let Some(bound) = bound
                && matches!(
                    attribute.value.as_ref(),
                    "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
                        | "http://purl.oclc.org/ooxml/wordprocessingml/main"
                )
            {
                prefix = Some(bound.to_string());
                declarations.push_str(&format!(" {key}=\"{}\"", attribute.value));
            }
        }
        let prefix = prefix.ok_or(Stop)?;
        let qualified = |local: &str| {
            if prefix.is_empty() {
                local.to_string()
            } else {
                format!("{prefix}:{local}")
            }
        };
        let root_name = root.name().as_ref().to_string();
        if root_name != qualified("styles") {
            return Err(Stop);
        }
        self.names = Some(Names {
            frame_start: format!("<{root_name}{declarations}>"),
            root_start: text[range.clone()].to_string(),
            root_end: format!("</{root_name}>"),
            style_open: memmem::Finder::new(format!("<{}", qualified("style")).as_bytes())
                .into_owned(),
            style_close: memmem::Finder::new(format!("</{}", qualified("style")).as_bytes())
                .into_owned(),
            style: qualified("style"),
            defaults: qualified("docDefaults"),
        });
        self.at = range.end;
        Ok(true)
    }

    /// The complete children from `at` on, moving `at` past them; `finished` once the root's end
    /// tag is reached at the end of the data.
    fn scan(&mut self) -> Result<Vec<Found>, Stop> {
        if self.unusual {
            return Err(Stop);
        }
        let names = self.names.as_ref().ok_or(Stop)?;
        let bytes = self.buf.as_slice();
        let eof = self.ended;
        // Not decided yet: more data may complete it, unless there is none.
        let incomplete =
            || -> Result<Option<(usize, Found)>, Stop> { if eof { Err(Stop) } else { Ok(None) } };
        let mut finished = false;
        let delimits =
            |b: Option<&u8>| matches!(b, Some(b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'));
        let mut found = Vec::new();
        let mut at = self.at;
        loop {
            let step: Result<Option<(usize, Found)>, Stop> = (|| {
                let Some(lt) = memchr::memchr(b'<', &bytes[at..]).map(|i| at + i) else {
                    if !bytes[at..].iter().all(u8::is_ascii_whitespace) {
                        return Err(Stop);
                    }
                    return incomplete();
                };
                if !bytes[at..lt].iter().all(u8::is_ascii_whitespace) {
                    return Err(Stop);
                }
                let rest = &bytes[lt..];
                if rest.len() < 4 {
                    return incomplete();
                }
                if rest.starts_with(b"</") {
                    let end = names.root_end.as_bytes();
                    if rest.len() < end.len() {
                        return incomplete();
                    }
                    if !rest.starts_with(end) {
                        return Err(Stop);
                    }
                    if !eof {
                        return Ok(None);
                    }
                    if !rest[end.len()..].iter().all(u8::is_ascii_whitespace) {
                        return Err(Stop);
                    }
                    finished = true;
                    return Ok(None);
                }
                // Comments and processing instructions between children.
                if let Some(close) = if rest.starts_with(b"<!--") {
                    Some("-->")
                } else if rest.starts_with(b"<?") {
                    Some("?>")
                } else {
                    None
                } {
                    return match memmem::find(rest, close.as_bytes()) {
                        Some(end) => Ok(Some((lt + end + close.len(), Found::Other))),
                        None => incomplete(),
                    };
                }
                // A start tag: its name, then its end, minding quoted attribute values.
                let Some(name_len) = rest[1..]
                    .iter()
                    .position(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'))
                else {
                    return incomplete();
                };
                let child = &rest[1..1 + name_len];
                if child.is_empty() || matches!(child[0], b'/' | b'!') {
                    return Err(Stop);
                }
                let mut quote = None;
                let mut tag_end = None;
                for (i, &b) in rest.iter().enumerate().skip(1 + name_len) {
                    match (quote, b) {
                        (None, b'"' | b'\'') => quote = Some(b),
                        (Some(q), _) if b == q => quote = None,
                        (None, b'>') => {
                            tag_end = Some(i);
                            break;
                        }
                        (None, b'<') => return Err(Stop),
                        _ => {}
                    }
                }
                let Some(tag_end) = tag_end else {
                    return incomplete();
                };
                let empty = rest[tag_end - 1] == b'/';
                let element_end = if empty {
                    lt + tag_end + 1
                } else {
                    let inner = &rest[tag_end + 1..];
                    let other;
                    let (open, close) = if child == names.style.as_bytes() {
                        (&names.style_open, &names.style_close)
                    } else {
                        let name = String::from_utf8_lossy(child);
                        other = (
                            memmem::Finder::new(format!("<{name}").as_bytes()).into_owned(),
                            memmem::Finder::new(format!("</{name}").as_bytes()).into_owned(),
                        );
                        (&other.0, &other.1)
                    };
                    let Some(end) = close.find(inner) else {
                        return incomplete();
                    };
                    // The first end tag must close this element: no child of the same name inside.
                    let open_len = open.needle().len();
                    if open
                        .find_iter(&inner[..end])
                        .any(|i| delimits(inner.get(i + open_len)))
                    {
                        return Err(Stop);
                    }
                    let close_len = close.needle().len();
                    let after = &inner[end + close_len..];
                    let spaces = after.iter().take_while(|b| b.is_ascii_whitespace()).count();
                    match after.get(spaces) {
                        None => return incomplete(),
                        Some(b'>') => {}
                        Some(_) => return Err(Stop),
                    }
                    lt + tag_end + 1 + end + close_len + spaces + 1
                };
                let range = lt..element_end;
                let what = if child == names.style.as_bytes() {
                    let tag =
                        std::str::from_utf8(&bytes[lt + 1..lt + tag_end]).map_err(|_| Stop)?;
                    let tag = BytesStart::from_content(tag, name_len);
                    let [id, kind, default] = attrs(&tag, ["styleId", "type", "default"]);
                    let kind = kind.unwrap_or_else(|| "paragraph".into());
                    Found::Style {
                        id: id.unwrap_or_default(),
                        default_para: kind == "paragraph"
                            && default.is_some_and(|d| d == "1" || d == "true"),
                        kind,
                        range,
                        empty,
                    }
                } else if child == names.defaults.as_bytes() {
                    Found::Defaults(range)
                } else {
                    Found::Other
                };
                Ok(Some((element_end, what)))
            })();
            let step = match step {
                Ok(step) => step,
                // What was found before stands; the next scan stops at once.
                Err(Stop) if !found.is_empty() => {
                    self.unusual = true;
                    None
                }
                Err(Stop) => return Err(Stop),
            };
            match step {
                Some((end, what)) => {
                    found.push(what);
                    at = end;
                }
                None => break,
            }
        }
        self.at = at;
        self.finished |= finished;
        Ok(found)
    }

    /// The styles among `found` as a run over the text before `at`, which is then let go: the
    /// inflated bytes become the run's text, uncopied (only the incomplete child after `at`, if
    /// any, is copied to start the next run).
    fn cut(&mut self, found: &[Found]) -> Result<StyleChunk, Stop> {
        if self.at > self.buf.len() {
            return Err(Stop);
        }
        let rest = self.buf.split_off(self.at);
        let text = std::mem::replace(&mut self.buf, rest);
        let text = String::from_utf8(text).map_err(|_| Stop)?;
        self.at = 0;
        let mut chunk = StyleChunk {
            text,
            entries: BTreeMap::new(),
        };
        for f in found {
            if let Found::Style {
                id,
                kind,
                range,
                empty: false,
                ..
            } = f
            {
                chunk.insert(id.clone(), kind.clone(), range.clone());
            }
        }
        Ok(chunk)
    }

    /// The first runs: until the document defaults and the default paragraph style are known.
    /// `None` when anything is unusual.
    fn first_runs(mut self) -> Result<Option<(Styles, StyleDefinitions)>, ReadError> {
        let mut styles = Styles::default();
        let mut found = Vec::new();
        // Whether a child other than the defaults came first, so that no defaults follow.
        let mut past_defaults = false;
        let mut defaults = false;
        loop {
            if self.fill().is_err() {
                return Ok(None);
            }
            if self.names.is_none() {
                match self.root() {
                    Ok(true) => {}
                    Ok(false) => continue,
                    Err(Stop) => return Ok(None),
                }
            }
            let new = match self.scan() {
                Ok(new) if !self.unusual => new,
                _ => return Ok(None),
            };
            for f in &new {
                match f {
                    Found::Style {
                        id, default_para, ..
                    } => {
                        past_defaults = true;
                        if *default_para && styles.default_para_style.is_none() {
                            styles.default_para_style = Some(id.clone());
                        }
                    }
                    Found::Defaults(range) if !defaults => {
                        defaults = true;
                        let Some(names) = self.names.as_ref() else {
                            return Ok(None);
                        };
                        let fragment = [
                            names.frame_start.as_str(),
                            std::str::from_utf8(&self.buf[range.clone()]).map_err(|_| {
                                ReadError::Corrupt(format!(
                                    "{} is not valid UTF-8 or UTF-16 text",
                                    self.name
                                ))
                            })?,
                            &names.root_end,
                        ]
                        .concat();
                        let parsed = parse_styles(&fragment, &self.name, &self.limits, None)?;
                        styles.default_para = parsed.default_para;
                        styles.default_run = parsed.default_run;
                    }
                    Found::Defaults(_) => {}
                    Found::Other => past_defaults = true,
                }
            }
            found.extend(new);
            if self.finished || (styles.default_para_style.is_some() && (defaults || past_defaults))
            {
                break;
            }
            if self.ended {
                // All inflated and scanned, yet the root never ended.
                return Ok(None);
            }
        }
        let Some(names) = self.names.as_ref() else {
            return Ok(None);
        };
        let (frame_start, frame_end) = (names.frame_start.clone(), names.root_end.clone());
        let limits = self.limits.clone();
        let Ok(head) = self.cut(&found) else {
            return Ok(None);
        };
        let more = (!self.finished).then_some(self);
        let definitions = StyleDefinitions {
            frame_start,
            frame_end,
            limits,
            chunks: vec![head],
            more,
        };
        Ok(Some((styles, definitions)))
    }

    /// The rest of the part through the full parser, after unusual markup: its styles as one
    /// run, or none if it is damaged.
    fn rest_in_full(&mut self) -> Option<StyleChunk> {
        self.finished = true;
        while !self.ended {
            self.fill().ok()?;
        }
        let names = self.names.as_ref()?;
        let rest = std::str::from_utf8(self.buf.get(self.at..)?).ok()?;
        let text = [names.root_start.as_str(), rest].concat();
        let mut recorded = Recorded::default();
        parse_styles(&text, &self.name, &self.limits, Some(&mut recorded)).ok()?;
        Some(StyleChunk {
            text,
            entries: recorded.entries,
        })
    }

    /// The next run of complete style definitions, or `None` at the end of the part (or where it
    /// is damaged: what could not be read defines nothing).
    fn next_chunk(&mut self) -> Option<StyleChunk> {
        loop {
            if self.finished || self.failed {
                return None;
            }
            match self.scan() {
                Ok(found) => {
                    if found
                        .iter()
                        .any(|f| matches!(f, Found::Style { empty: false, .. }))
                    {
                        return match self.cut(&found) {
                            Ok(chunk) => Some(chunk),
                            Err(Stop) => {
                                self.failed = true;
                                None
                            }
                        };
                    }
                    if self.finished {
                        return None;
                    }
                }
                Err(Stop) => return self.rest_in_full(),
            }
            if self.fill().is_err() {
                self.failed = true;
                return None;
            }
        }
    }
}

impl Drop for StylesSource {
    /// Gives the inflater back to the thread's pool, for the next part.
    fn drop(&mut self) {
        if let Some(inflater) = self.inflater.take() {
            keep_streaming_inflater(inflater);
        }
    }
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
                        (_, "style", "name") => {
                            if let Some((_, style)) = current.as_mut() {
                                style.name = attr(&element, "val");
                            }
                        }
                        (_, "style", "basedOn") => {
                            if let Some((_, style)) = current.as_mut() {
                                style.based_on = attr(&element, "val");
                            }
                        }
                        ("style", "pPr", l) | ("pPr", "numPr", l @ ("numId" | "ilvl")) => {
                            if let Some((_, style)) = current.as_mut() {
                                para_prop(l, &element, &mut style.para);
                            }
                        }
                        ("style", "rPr", l) => {
                            if let Some((_, style)) = current.as_mut() {
                                let mut ignored = None;
                                run_prop(l, &element, &mut style.run, &mut ignored);
                            }
                        }
                        ("pPrDefault", "pPr", l) => {
                            para_prop(l, &element, &mut styles.default_para);
                        }
                        ("rPrDefault", "rPr", l) => {
                            let mut ignored = None;
                            run_prop(l, &element, &mut styles.default_run, &mut ignored);
                        }
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

#[cfg(test)]
mod tests {
    use super::*;
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
