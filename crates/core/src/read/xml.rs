//! A bounded, namespace-aware XML event stream over one package part.
//!
//! Every OOXML part goes through here so that the limits hold everywhere: element depth and event
//! count are bounded, a DTD is refused (Word refuses documents that declare one, and refusing it means
//! no entity is ever expanded and no external entity is ever fetched), and only the five predefined
//! entities and character references are resolved.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{NamespaceResolver, ResolveResult};
use quick_xml::reader::Reader;

use crate::limits::{Limit, Limits};
use crate::read::ReadError;

/// The namespaces essaylint acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    /// WordprocessingML main (transitional or strict).
    W,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// VML (`v:textbox`), used by legacy text boxes.
    Vml,
    /// WordprocessingML drawing (`wp:inline`, `wp:anchor`): where pictures stand.
    Drawing,
    /// Anything else (DrawingML, math, custom XML schemas, properties).
    Other,
}

fn classify(uri: &str) -> Ns {
    match uri {
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        | "http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
        "http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
        "urn:schemas-microsoft-com:vml" => Ns::Vml,
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
        | "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing" => Ns::Drawing,
        _ => Ns::Other,
    }
}

/// One event, reduced to what the readers need.
pub(crate) enum Ev<'a> {
    /// An opening tag (`empty` for a self-closing one, which has no matching `End`).
    Start {
        ns: Ns,
        local: Local,
        element: BytesStart<'a>,
        empty: bool,
    },
    /// A closing tag.
    End { local: Local },
    /// Character data with references resolved.
    Text(Cow<'a, str>),
    /// The end of the part.
    Eof,
}

/// A bounded reader over one part's text.
///
/// Namespaces are resolved as quick-xml's `NsReader` resolves them, with its resolver, but a scope
/// is opened only for an element whose start tag may declare a namespace (it holds `xmlns`):
/// `NsReader` looks through every element's attributes for declarations, and in a Word part only
/// the root has any.
pub(crate) struct XmlStream<'a> {
    reader: Reader<&'a [u8]>,
    resolver: NamespaceResolver,
    /// For each open element, whether it opened a scope in `resolver`: its length is the depth.
    scopes: Vec<bool>,
    part: &'a str,
    events: u64,
    max_depth: usize,
    max_events: u64,
}

/// Turns a part's bytes into text: UTF-8 (with or without a byte-order mark) or UTF-16 with one.
pub(crate) fn decode_part<'a>(bytes: &'a [u8], part: &str) -> Result<Cow<'a, str>, ReadError> {
    let bad = || ReadError::NotText {
        part: part.to_string(),
    };
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return std::str::from_utf8(rest)
            .map(Cow::Borrowed)
            .map_err(|_| bad());
    }
    let utf16 = |le: bool, rest: &[u8]| -> Result<Cow<'a, str>, ReadError> {
        let units = rest.chunks_exact(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map(Cow::Owned)
            .map_err(|_| bad())
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(true, rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(false, rest);
    }
    std::str::from_utf8(bytes)
        .map(Cow::Borrowed)
        .map_err(|_| bad())
}

impl<'a> XmlStream<'a> {
    /// A stream over `text`, the content of part `part`.
    pub(crate) fn new(text: &'a str, part: &'a str, limits: &Limits) -> Self {
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = false;
        XmlStream {
            reader,
            resolver: NamespaceResolver::default(),
            scopes: Vec::new(),
            part,
            events: 0,
            max_depth: limits.max_xml_depth,
            max_events: limits.max_xml_events,
        }
    }

    fn corrupt(&self, what: impl std::fmt::Display) -> ReadError {
        ReadError::MalformedXml {
            part: self.part.to_string(),
            position: self.reader.buffer_position(),
            detail: what.to_string(),
        }
    }

    /// The next event that matters, or an error naming the part and the problem.
    pub(crate) fn next(&mut self) -> Result<Ev<'a>, ReadError> {
        loop {
            self.events += 1;
            if self.events > self.max_events {
                return Err(ReadError::Limit {
                    limit: Limit::XmlEvents,
                    detail: format!("{} has more than {} XML events", self.part, self.max_events),
                });
            }
            let event = match self.reader.read_event() {
                Ok(e) => e,
                Err(e) => return Err(self.corrupt(e)),
            };
            match event {
                Event::Start(element) => {
                    if self.scopes.len() >= self.max_depth {
                        return Err(ReadError::Limit {
                            limit: Limit::XmlDepth,
                            detail: format!(
                                "{} nests elements more than {} deep",
                                self.part, self.max_depth
                            ),
                        });
                    }
                    let declares = self.open_scope(&element)?;
                    self.scopes.push(declares);
                    let resolved = self.resolve(&element);
                    let local = local_str(&element);
                    return Ok(Ev::Start {
                        ns: resolved,
                        local,
                        element,
                        empty: false,
                    });
                }
                Event::Empty(element) => {
                    let declares = self.open_scope(&element)?;
                    let resolved = self.resolve(&element);
                    if declares {
                        self.resolver.pop();
                    }
                    let local = local_str(&element);
                    return Ok(Ev::Start {
                        ns: resolved,
                        local,
                        element,
                        empty: true,
                    });
                }
                Event::End(end) => {
                    self.close_scope();
                    let local = Local::from(end.local_name().into_inner());
                    return Ok(Ev::End { local });
                }
                Event::Text(text) => return Ok(Ev::Text(text.xml10_content())),
                Event::CData(text) => return Ok(Ev::Text(text.xml10_content())),
                Event::GeneralRef(reference) => {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => {
                            let name: &str = &reference;
                            match quick_xml::escape::resolve_xml_entity(name) {
                                Some(s) => s.to_string(),
                                None => {
                                    return Err(self.corrupt(format_args!(
                                        "it uses an entity (&{name};) that is never declared"
                                    )));
                                }
                            }
                        }
                        Err(e) => return Err(self.corrupt(e)),
                    };
                    return Ok(Ev::Text(Cow::Owned(resolved)));
                }
                Event::DocType(_) => {
                    return Err(ReadError::Dtd {
                        part: self.part.to_string(),
                    });
                }
                Event::Eof => {
                    if !self.scopes.is_empty() {
                        return Err(ReadError::TruncatedXml {
                            part: self.part.to_string(),
                        });
                    }
                    return Ok(Ev::Eof);
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => continue,
            }
        }
    }

    /// Where the stream stands in the part's text, in bytes.
    pub(crate) fn position(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    /// The byte range of the start tag of `element`, the `Start` event just read.
    pub(crate) fn start_tag_range(&self, element: &BytesStart<'_>) -> std::ops::Range<usize> {
        let end = self.position();
        // The event holds what lies between `<` and `>`.
        end.saturating_sub(element.len() + 2)..end
    }

    /// Skips the element just opened (a `Start` that was not empty) without producing its events:
    /// the tag structure inside is still checked (names match, nothing is left open), but no
    /// attribute or namespace is looked at. Returns the byte range of the whole element, start tag
    /// to end tag.
    pub(crate) fn skip_element_raw(
        &mut self,
        element: &BytesStart<'_>,
    ) -> Result<std::ops::Range<usize>, ReadError> {
        let start = self.start_tag_range(element).start;
        self.skip_rest_raw(element.name().as_ref())?;
        Ok(start..self.position())
    }

    /// Skips the rest of the innermost open element, whose qualified name is `name`, without
    /// producing its events: the tag structure is still checked, as by
    /// [`XmlStream::skip_element_raw`].
    pub(crate) fn skip_rest_raw(&mut self, name: &str) -> Result<(), ReadError> {
        if let Err(e) = self.reader.read_to_end(quick_xml::name::QName(name)) {
            return Err(self.corrupt(e));
        }
        self.close_scope();
        Ok(())
    }

    /// Opens a namespace scope for `element` if its start tag may declare a namespace, with the
    /// errors `NsReader` gives for bad declarations; whether it did.
    fn open_scope(&mut self, element: &BytesStart<'_>) -> Result<bool, ReadError> {
        if memchr::memmem::find(element.attributes_raw().as_bytes(), b"xmlns").is_none() {
            return Ok(false);
        }
        match self.resolver.push(element) {
            Ok(()) => Ok(true),
            Err(e) => Err(self.corrupt(quick_xml::Error::from(e))),
        }
    }

    /// Closes the innermost open element's scope, if it opened one.
    fn close_scope(&mut self) {
        if self.scopes.pop() == Some(true) {
            self.resolver.pop();
        }
    }

    /// The namespace of an element, in the scopes now open.
    fn resolve(&self, element: &BytesStart<'_>) -> Ns {
        ns_of(&self.resolver.resolve_element(element.name()).0)
    }

    /// How many elements are open.
    pub(crate) fn depth(&self) -> usize {
        self.scopes.len()
    }

    /// Skips the content of the element just opened (a `Start` that was not empty), keeping limits.
    pub(crate) fn skip_element(&mut self) -> Result<(), ReadError> {
        let target = self.depth().saturating_sub(1);
        loop {
            match self.next()? {
                Ev::End { .. } if self.depth() == target => return Ok(()),
                Ev::Eof => return Ok(()),
                _ => {}
            }
        }
    }
}

fn ns_of(resolved: &ResolveResult<'_>) -> Ns {
    match resolved {
        ResolveResult::Bound(ns) => classify(ns.as_ref()),
        _ => Ns::Other,
    }
}

/// An element's local name, kept inline: names are short, and there is one per event.
pub(crate) type Local = compact_str::CompactString;

fn local_str(element: &BytesStart<'_>) -> Local {
    Local::from(element.local_name().into_inner())
}

/// An attribute's value as XML 1.0 normalizes it, without the normalizer's work for a value it
/// would not change (no reference, no tab or line break), which is nearly every value.
fn value_of(attribute: &quick_xml::events::attributes::Attribute<'_>) -> Option<String> {
    let raw: &str = &attribute.value;
    if !raw
        .bytes()
        .any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'))
    {
        return Some(raw.to_owned());
    }
    attribute
        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(Cow::into_owned)
}

/// The value of the attribute whose local name is `local` (`w:val` → `val`), unescaped.
pub(crate) fn attr(element: &BytesStart<'_>, local: &str) -> Option<String> {
    for attribute in element.attributes().with_checks(false).flatten() {
        if attribute.key.local_name().into_inner() == local {
            return value_of(&attribute);
        }
    }
    None
}

/// The values of several attributes by local name, in one pass over the element's attributes.
pub(crate) fn attrs<const N: usize>(
    element: &BytesStart<'_>,
    locals: [&str; N],
) -> [Option<String>; N] {
    let mut out = [const { None }; N];
    for attribute in element.attributes().with_checks(false).flatten() {
        let key = attribute.key.local_name().into_inner();
        if let Some(i) = locals.iter().position(|l| *l == key)
            && out[i].is_none()
        {
            out[i] = value_of(&attribute);
        }
    }
    out
}

/// An OOXML on/off property (ECMA-376 §17.17.4 ST_OnOff): present means on unless `w:val` says off.
pub(crate) fn on_off(element: &BytesStart<'_>) -> bool {
    !matches!(
        attr(element, "val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

/// A whole-number attribute, if present and well-formed.
pub(crate) fn attr_i64(element: &BytesStart<'_>, local: &str) -> Option<i64> {
    let value = attr(element, local)?;
    let value = value.trim();
    value
        .parse::<i64>()
        .ok()
        .or_else(|| value.parse::<f64>().ok().map(|f| f as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(xml: &str) -> Result<Vec<String>, ReadError> {
        let limits = Limits {
            max_xml_depth: 4,
            ..Limits::default()
        };
        let mut stream = XmlStream::new(xml, "test.xml", &limits);
        let mut out = Vec::new();
        loop {
            match stream.next()? {
                Ev::Eof => return Ok(out),
                Ev::Start { local, .. } => out.push(format!("<{local}")),
                Ev::End { local, .. } => out.push(format!("{local}>")),
                Ev::Text(t) => out.push(t.into_owned()),
            }
        }
    }

    #[test]
    fn resolves_predefined_and_character_references_only() {
        let events = collect("<a>x &amp; y &#x41;</a>").expect("well-formed");
        assert_eq!(events.concat(), "<ax & y Aa>");
        let err = collect("<a>&ent;</a>").expect_err("undeclared entity");
        assert!(err.to_string().contains("&ent;"), "{err}");
    }

    /// Each element's namespace and local name, by the stream and by quick-xml's `NsReader`, or
    /// the error each gives.
    fn namespaces_both_ways(
        xml: &str,
    ) -> (Result<Vec<String>, String>, Result<Vec<String>, String>) {
        let limits = Limits::default();
        let mut stream = XmlStream::new(xml, "test.xml", &limits);
        let ours = (|| {
            let mut out = Vec::new();
            loop {
                match stream.next().map_err(|e| e.to_string())? {
                    Ev::Eof => return Ok(out),
                    Ev::Start { ns, local, .. } => out.push(format!("{ns:?} {local}")),
                    _ => {}
                }
            }
        })();
        let mut reader = quick_xml::reader::NsReader::from_str(xml);
        reader.config_mut().check_end_names = true;
        let theirs = (|| {
            let mut out = Vec::new();
            loop {
                match reader.read_resolved_event().map_err(|e| e.to_string())? {
                    (_, Event::Eof) => return Ok(out),
                    (r, Event::Start(e) | Event::Empty(e)) => {
                        out.push(format!("{:?} {}", ns_of(&r), e.local_name().into_inner()));
                    }
                    _ => {}
                }
            }
        })();
        (ours, theirs)
    }

    #[test]
    fn namespaces_resolve_as_quick_xml_resolves_them() {
        let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
        let mc = "http://schemas.openxmlformats.org/markup-compatibility/2006";
        let cases = [
            // The root declares; children use the prefixes.
            format!(
                r#"<w:document xmlns:w="{w}" xmlns:mc="{mc}"><w:body><mc:Choice/><x:y/></w:body></w:document>"#
            ),
            // A child rebinds a prefix for itself and its children only; an empty element's
            // declarations end with it.
            format!(
                r#"<w:a xmlns:w="{w}"><w:b xmlns:w="urn:other"><w:c/></w:b><w:d xmlns:w="urn:o"/><w:e/></w:a>"#
            ),
            // A default namespace, changed and undeclared below.
            format!(r#"<a xmlns="{w}"><b xmlns="{mc}"><c/></b><d xmlns=""><e/></d><f/></a>"#),
            // `xmlns` in a value only, spaces around `=`, single quotes.
            format!(r#"<w:a xmlns:w = '{w}' v="xmlns"><w:b t="xmlns:w"/></w:a>"#),
            // Declarations that NsReader refuses.
            r#"<a xmlns:xml="urn:not-xml"/>"#.to_string(),
            r#"<a xmlns:xmlns="urn:x"/>"#.to_string(),
            r#"<a xmlns:p=""/>"#.to_string(),
        ];
        for xml in &cases {
            let (ours, theirs) = namespaces_both_ways(xml);
            assert!(
                ours.is_ok() == theirs.is_ok(),
                "{xml}: {ours:?} / {theirs:?}"
            );
            if let (Ok(ours), Ok(theirs)) = (&ours, &theirs) {
                assert_eq!(ours, theirs, "{xml}");
            }
        }
        // Every part of the bundled documents.
        let mut parts = 0;
        for (path, bytes) in crate::read::bundled_docx(&["real"]) {
            let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
                continue;
            };
            for i in 0..zip.len() {
                let Ok(mut file) = zip.by_index(i) else {
                    continue;
                };
                let mut text = String::new();
                if !file
                    .name()
                    .is_ok_and(|n| n.ends_with(".xml") || n.ends_with(".rels"))
                    || std::io::Read::read_to_string(&mut file, &mut text).is_err()
                {
                    continue;
                }
                let (ours, theirs) = namespaces_both_ways(&text);
                assert_eq!(ours, theirs, "{}", path.display());
                parts += 1;
            }
        }
        assert!(parts > 50, "only {parts} parts");
    }

    #[test]
    fn a_skipped_element_closes_its_scope() {
        let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
        let xml =
            format!(r#"<w:a xmlns:w="{w}"><w:b xmlns:w="urn:other"><w:c/></w:b><w:d/></w:a>"#);
        let limits = Limits::default();
        let mut stream = XmlStream::new(&xml, "test.xml", &limits);
        let mut seen = Vec::new();
        loop {
            match stream.next().expect("well-formed") {
                Ev::Eof => break,
                Ev::Start {
                    ns, local, element, ..
                } => {
                    seen.push(format!("{ns:?} {local}"));
                    if local == "b" {
                        stream.skip_element_raw(&element).expect("skips");
                    }
                }
                _ => {}
            }
        }
        assert_eq!(seen, ["W a", "Other b", "W d"]);
    }

    #[test]
    fn refuses_a_dtd() {
        let err = collect("<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>")
            .expect_err("DTD refused");
        assert!(err.to_string().contains("DTD"), "{err}");
    }

    #[test]
    fn bounds_depth_and_notices_truncation() {
        let err = collect("<a><b><c><d><e/></d></c></b></a>").map(|_| ());
        assert!(collect("<a><b><c><d></d></c></b></a>").is_ok());
        assert!(matches!(
            collect("<a><b><c><d><e></e></d></c></b></a>"),
            Err(ReadError::Limit {
                limit: Limit::XmlDepth,
                ..
            })
        ));
        assert!(err.is_ok(), "an empty element does not deepen");
        let truncated = collect("<a><b>text").expect_err("truncated");
        assert!(truncated.to_string().contains("truncated"), "{truncated}");
    }

    #[test]
    fn on_off_values() {
        let e = BytesStart::from_content("b w:val=\"0\"", 1);
        assert!(!on_off(&e));
        let e = BytesStart::from_content("b", 1);
        assert!(on_off(&e));
    }
}
