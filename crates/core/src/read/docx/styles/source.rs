//! A styles part inflated piece by piece, and cut into runs of complete style definitions.
//!
//! [`StylesSource`] inflates the part a piece at a time and finds the children of the root by
//! their tags; the first runs give the document defaults and the default paragraph style, the
//! later ones (see [`super::StyleDefinitions`]) the styles the document refers to further on.

use std::collections::BTreeMap;

use memchr::memmem;
use quick_xml::events::BytesStart;

use super::{Recorded, StyleChunk, StyleDefinitions, parse_styles};
use crate::document::Styles;
use crate::limits::Limits;
use crate::read::ReadError;
use crate::read::xml::{Ev, XmlStream, attrs};
use crate::read::zipped::{RawPart, keep_streaming_inflater, streaming_inflater};

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
pub(super) struct StylesSource {
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
    pub(super) fn new(raw: RawPart, name: &str, limits: &Limits, piece: usize) -> Self {
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
        let mut finished = false;
        let mut found = Vec::new();
        let mut at = self.at;
        loop {
            let step = match self.child(at, &mut finished) {
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

    /// Not decided yet: more data may complete it, unless there is none.
    fn incomplete<T>(&self) -> Result<Option<T>, Stop> {
        if self.ended { Err(Stop) } else { Ok(None) }
    }

    /// The complete child of the root at `at`: where it ends and what it is. `Ok(None)` when it
    /// is not all inflated yet, or at the root's end tag (which sets `finished` at the end of the
    /// data); `Err` on markup the scan does not take.
    fn child(&self, at: usize, finished: &mut bool) -> Result<Option<(usize, Found)>, Stop> {
        let names = self.names.as_ref().ok_or(Stop)?;
        let bytes = self.buf.as_slice();
        let eof = self.ended;
        let Some(lt) = memchr::memchr(b'<', &bytes[at..]).map(|i| at + i) else {
            if !bytes[at..].iter().all(u8::is_ascii_whitespace) {
                return Err(Stop);
            }
            return self.incomplete();
        };
        if !bytes[at..lt].iter().all(u8::is_ascii_whitespace) {
            return Err(Stop);
        }
        let rest = &bytes[lt..];
        if rest.len() < 4 {
            return self.incomplete();
        }
        if rest.starts_with(b"</") {
            let end = names.root_end.as_bytes();
            if rest.len() < end.len() {
                return self.incomplete();
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
            *finished = true;
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
                None => self.incomplete(),
            };
        }
        self.start_tag_child(lt)
    }

    /// The child whose start tag is at `lt`.
    fn start_tag_child(&self, lt: usize) -> Result<Option<(usize, Found)>, Stop> {
        let names = self.names.as_ref().ok_or(Stop)?;
        let bytes = self.buf.as_slice();
        let rest = &bytes[lt..];
        // A start tag: its name, then its end, minding quoted attribute values.
        let Some(name_len) = rest[1..]
            .iter()
            .position(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'))
        else {
            return self.incomplete();
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
            return self.incomplete();
        };
        let empty = rest[tag_end - 1] == b'/';
        let element_end = if empty {
            lt + tag_end + 1
        } else {
            match self.end_of(&rest[tag_end + 1..], child)? {
                Some(inner_end) => lt + tag_end + 1 + inner_end,
                None => return self.incomplete(),
            }
        };
        let range = lt..element_end;
        let what = if child == names.style.as_bytes() {
            let tag = std::str::from_utf8(&bytes[lt + 1..lt + tag_end]).map_err(|_| Stop)?;
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
    }

    /// Where the element named `child` ends in `inner`, the text after its start tag (just past
    /// its end tag's `>`); `Ok(None)` if its end tag is not inflated yet.
    fn end_of(&self, inner: &[u8], child: &[u8]) -> Result<Option<usize>, Stop> {
        let names = self.names.as_ref().ok_or(Stop)?;
        let delimits =
            |b: Option<&u8>| matches!(b, Some(b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'));
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
            return Ok(None);
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
            None => return Ok(None),
            Some(b'>') => {}
            Some(_) => return Err(Stop),
        }
        Ok(Some(end + close_len + spaces + 1))
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
    pub(super) fn first_runs(mut self) -> Result<Option<(Styles, StyleDefinitions)>, ReadError> {
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
                                ReadError::NotText {
                                    part: self.name.clone(),
                                }
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
    pub(super) fn next_chunk(&mut self) -> Option<StyleChunk> {
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
