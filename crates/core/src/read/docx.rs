//! The .docx reader: a WordprocessingML package into a [`Document`].
//!
//! Built on `zip` and `quick-xml` rather than docx-rs's reader, which hangs on truncated XML, panics on
//! a CRC mismatch, never reads footnotes and reads entries without bounds. Every part is read through
//! [`Package`] (size limits) and [`XmlStream`] (depth, event and entity limits), and no recursion
//! follows the file's nesting: nested elements are tracked on explicit stacks.
//!
//! What is text follows what Word shows and counts:
//! - a field's result, never its instruction (ECMA-376 §17.16.18), nested fields included;
//! - a text box once: `mc:Choice`, never also its `mc:Fallback` (ECMA-376 Part 3, §10.2.1);
//! - no deleted or moved-away revision text (§17.13.5), but inserted and moved-to text; a paragraph
//!   whose mark is deleted is joined to the next one;
//! - no hidden text (`w:vanish`, §17.3.2.41), set directly or through a style;
//! - tabs and breaks as separators, a non-breaking hyphen as U+2011, a soft hyphen as nothing;
//! - list labels from `numbering.xml` (§17.9) before their paragraph's text, with Word's counters:
//!   per abstract definition, restarted by a `w:startOverride`, through list styles.

mod styles;

use std::collections::BTreeMap;

use quick_xml::events::BytesStart;

use crate::document::{
    CellRef, Document, ExternalTarget, Format, Hygiene, LineRule, ParaProps, Paragraph, Part,
    Protection, Run, RunProps, Section, Styles, WriteProtection,
};
use crate::limits::Limits;
use crate::read::ReadError;
use crate::read::xml::{Ev, Ns, XmlStream, attr, attr_i64, decode_part, on_off};
use crate::read::zipped::Package;
use crate::sniff::{Opened, Relationship, main_part_of, package_relationships, relationships};
use styles::StyleDefinitions;

/// Reads a .docx (or any WordprocessingML package: the sniffer decides what is accepted).
pub fn read_docx(bytes: &[u8], limits: &Limits) -> Result<Document, ReadError> {
    let mut package = Package::open(bytes, limits)?;
    let package_rels = package_relationships(&mut package);
    read_opened(Opened {
        package,
        package_rels,
    })
}

/// Reads a package the sniffer opened, from its package relationships on.
pub(crate) fn read_opened(opened: Opened<'_>) -> Result<Document, ReadError> {
    let Opened {
        mut package,
        package_rels,
    } = opened;
    let limits = package.limits();
    let package_rels = package_rels?;
    let main = main_part_of(&package_rels).unwrap_or_else(|| "word/document.xml".to_string());
    let Some(main_bytes) = package.read(&main)? else {
        return Err(ReadError::Corrupt(format!(
            "the package has no main document part ({main}); it is not a complete Word document"
        )));
    };

    let rels = match package.read(&rels_name_for(&main))? {
        Some(bytes) => relationships(&bytes, &rels_name_for(&main), &main, limits)?,
        None => Vec::new(),
    };

    let mut doc = Document::new(Format::Docx);

    // The styles the stories refer to are loaded from these as the stories are read, and the
    // definitions dropped when reading ends.
    let mut definitions = StyleDefinitions::default();
    if let Some(rel) = rels.iter().find(|r| rel_is(r, "styles"))
        && let Some((styles, read)) = styles::read_styles_part(&mut package, &rel.target, limits)?
    {
        doc.styles = styles;
        definitions = read;
    }
    if let Some(id) = doc.styles.default_para_style.clone() {
        definitions.load(&id, &mut doc.styles);
    }
    // The theme names the fonts that `minorHAnsi` and `majorHAnsi` stand for; a damaged theme
    // only costs the layout its fonts, never the essay its reading.
    if let Some(bytes) = read_rel(&mut package, &rels, "theme")?
        && let Ok((minor, major)) = read_theme_fonts(&bytes, limits)
    {
        doc.styles.theme_minor_font = minor;
        doc.styles.theme_major_font = major;
    }
    let numbering = LazyNumbering::new(read_rel(&mut package, &rels, "numbering")?, limits);
    if let Some(settings) = rels.iter().find(|r| rel_is(r, "settings")) {
        let settings_part = settings.target.clone();
        if let Some(bytes) = package.read(&settings_part)? {
            let template_id = read_settings(&bytes, limits, &mut doc)?;
            // The attached template is informative: damaged settings relationships cost only it.
            if let Some(id) = template_id
                && let Ok(Some(rels_bytes)) = package.read(&rels_name_for(&settings_part))
                && let Ok(settings_rels) = relationships(
                    &rels_bytes,
                    &rels_name_for(&settings_part),
                    &settings_part,
                    limits,
                )
            {
                doc.hygiene.attached_template = settings_rels
                    .into_iter()
                    .find(|r| r.id == id)
                    .map(|r| shorten(&r.target))
                    .filter(|t| !t.is_empty());
            }
        }
    }
    read_package_hygiene(&package, &rels, &package_rels, &mut doc);

    let mut counters = ListCounters::default();
    let mut context = StoryContext {
        limits,
        numbering: &numbering,
        definitions: &mut definitions,
        counters: &mut counters,
    };
    read_story(&main_bytes, &main, Part::Body, &mut context, &mut doc)?;
    if doc.sections.is_empty() {
        doc.sections.push(Section::default());
    }

    for (kind, part) in [
        ("footnotes", Part::Footnotes),
        ("endnotes", Part::Endnotes),
        ("comments", Part::Comments),
    ] {
        for rel in rels.iter().filter(|r| rel_is(r, kind)) {
            if let Some(bytes) = package.read(&rel.target)? {
                read_story(&bytes, &rel.target, part, &mut context, &mut doc)?;
            }
        }
    }
    for rel in rels
        .iter()
        .filter(|r| rel_is(r, "header") || rel_is(r, "footer"))
    {
        if let Some(bytes) = package.read(&rel.target)? {
            read_story(
                &bytes,
                &rel.target,
                Part::HeadersFooters,
                &mut context,
                &mut doc,
            )?;
        }
    }
    // A numbering part is read when a paragraph is numbered; if it could not be, the document
    // cannot be read as Word reads it.
    if let Some(error) = numbering.into_error() {
        return Err(error);
    }

    // Document properties are informative: a damaged app.xml must not make the essay unreadable.
    if let Some(bytes) = read_rel(&mut package, &package_rels, "extended-properties")? {
        let _ = read_app_properties(&bytes, limits, &mut doc);
    }
    if let Some(bytes) = read_rel(&mut package, &package_rels, "core-properties")? {
        let _ = read_core_properties(&bytes, limits, &mut doc);
    }
    Ok(doc)
}

fn rels_name_for(part: &str) -> String {
    match part.rfind('/') {
        Some(i) => format!("{}/_rels/{}.rels", &part[..i], &part[i + 1..]),
        None => format!("_rels/{part}.rels"),
    }
}

/// Relationship types are URIs ending in the kind (`…/relationships/footnotes`); transitional,
/// strict and the `metadata/core-properties` form all end the same way.
fn rel_is(rel: &Relationship, kind: &str) -> bool {
    !rel.external && rel.kind.rsplit('/').next() == Some(kind)
}

fn read_rel(
    package: &mut Package<'_>,
    rels: &[Relationship],
    kind: &str,
) -> Result<Option<Vec<u8>>, ReadError> {
    match rels.iter().find(|r| rel_is(r, kind)) {
        Some(rel) => package.read(&rel.target),
        None => Ok(None),
    }
}

// ---------------------------------------------------------------------------------------------
// Properties shared by styles and direct formatting

fn twips(element: &BytesStart<'_>, name: &str) -> Option<i32> {
    attr_i64(element, name).map(|v| v.clamp(i32::MIN as i64, i32::MAX as i64) as i32)
}

/// Applies one child of `w:pPr` to `props`. Returns false when the element is not a paragraph
/// property this model keeps.
fn para_prop(local: &str, element: &BytesStart<'_>, props: &mut ParaProps) -> bool {
    match local {
        "spacing" => {
            if let Some(v) = twips(element, "before") {
                props.space_before = Some(v);
            }
            if let Some(v) = twips(element, "after") {
                props.space_after = Some(v);
            }
            if let Some(v) = twips(element, "line") {
                props.line = Some(v);
            }
            if let Some(rule) = attr(element, "lineRule") {
                props.line_rule = Some(match rule.as_str() {
                    "exact" => LineRule::Exact,
                    "atLeast" => LineRule::AtLeast,
                    _ => LineRule::Auto,
                });
            }
        }
        "ind" => {
            if let Some(v) = twips(element, "left").or_else(|| twips(element, "start")) {
                props.ind_left = Some(v);
            }
            if let Some(v) = twips(element, "right").or_else(|| twips(element, "end")) {
                props.ind_right = Some(v);
            }
            if let Some(v) = twips(element, "firstLine") {
                props.ind_first_line = Some(v);
            }
            if let Some(v) = twips(element, "hanging") {
                props.ind_first_line = Some(-v);
            }
        }
        "keepNext" => props.keep_next = Some(on_off(element)),
        "keepLines" => props.keep_lines = Some(on_off(element)),
        "pageBreakBefore" => props.page_break_before = Some(on_off(element)),
        "contextualSpacing" => props.contextual_spacing = Some(on_off(element)),
        "widowControl" => props.widow_control = Some(on_off(element)),
        "jc" => props.alignment = attr(element, "val"),
        "numId" => props.num_id = attr_i64(element, "val"),
        "ilvl" => props.num_level = attr_i64(element, "val").map(|v| v.clamp(0, 8) as u8),
        _ => return false,
    }
    true
}

/// Applies one child of `w:rPr` to `props` (and the character style to `style`).
fn run_prop(
    local: &str,
    element: &BytesStart<'_>,
    props: &mut RunProps,
    style: &mut Option<String>,
) {
    match local {
        "rStyle" => *style = attr(element, "val"),
        "rFonts" => {
            // A theme font supersedes the explicit name beside it (ECMA-376 §17.3.2.26).
            props.font = attr(element, "asciiTheme")
                .or_else(|| attr(element, "ascii"))
                .or_else(|| attr(element, "hAnsiTheme"))
                .or_else(|| attr(element, "hAnsi"))
                .or_else(|| props.font.take());
        }
        "sz" => {
            props.size_half_points = attr_i64(element, "val").map(|v| v.clamp(1, 3276) as u32);
        }
        "b" => props.bold = Some(on_off(element)),
        "i" => props.italic = Some(on_off(element)),
        "vanish" => props.hidden = Some(on_off(element)),
        _ => {}
    }
}

/// The Latin typefaces of the theme's minor and major fonts (DrawingML `a:minorFont/a:latin`).
fn read_theme_fonts(
    bytes: &[u8],
    limits: &Limits,
) -> Result<(Option<String>, Option<String>), ReadError> {
    let text = decode_part(bytes, "theme1.xml")?;
    let mut stream = XmlStream::new(&text, "theme1.xml", limits);
    let (mut minor, mut major) = (None, None);
    // Which font list is open (true: the minor one), and its qualified name.
    let mut within: Option<(bool, String)> = None;
    loop {
        match stream.next()? {
            Ev::Start {
                local,
                element,
                empty,
                ..
            } => match local.as_str() {
                // Fills, lines and effects: most of a theme, and nothing about fonts.
                "fmtScheme" | "clrScheme" | "extLst" if !empty => {
                    stream.skip_element_raw(&element)?;
                }
                "minorFont" | "majorFont" if !empty => {
                    within = Some((local == "minorFont", element.name().as_ref().to_string()));
                }
                "latin" => {
                    let Some((is_minor, list)) = &within else {
                        continue;
                    };
                    let slot = if *is_minor { &mut minor } else { &mut major };
                    if slot.is_none() {
                        *slot = attr(&element, "typeface");
                        // Both found: the rest (fonts for other scripts, the object defaults)
                        // says nothing more, and a damaged tail only costs what it always did,
                        // nothing.
                        if minor.is_some() && major.is_some() {
                            return Ok((minor, major));
                        }
                        // The other scripts' fonts of this list (some 30) say nothing either.
                        stream.skip_rest_raw(list)?;
                        within = None;
                    }
                }
                _ => {}
            },
            Ev::End { local } if local == "minorFont" || local == "majorFont" => within = None,
            Ev::Eof => return Ok((minor, major)),
            _ => {}
        }
    }
}

/// What the package holds besides text: a VBA project, embedded objects, and the main document's
/// external relationships (ECMA-376 Part 2 §9.3: `TargetMode="External"`).
fn read_package_hygiene(
    package: &Package<'_>,
    rels: &[Relationship],
    package_rels: &[Relationship],
    doc: &mut Document,
) {
    let kind_of = |rel: &Relationship| rel.kind.rsplit('/').next().unwrap_or("").to_string();
    let hygiene = &mut doc.hygiene;
    hygiene.macros = package.count_names(|name| name.ends_with("vbaproject.bin")) > 0
        || rels
            .iter()
            .chain(package_rels)
            .any(|r| kind_of(r).eq_ignore_ascii_case("vbaProject"));
    let embedded_parts = package.count_names(|name| name.starts_with("word/embeddings/"));
    let embedded_rels = rels
        .iter()
        .filter(|r| !r.external && matches!(kind_of(r).as_str(), "oleObject" | "package"))
        .count();
    let embedded = if embedded_parts > 0 {
        embedded_parts
    } else {
        embedded_rels
    };
    hygiene.embedded_objects = u32::try_from(embedded).unwrap_or(u32::MAX);
    for rel in rels.iter().filter(|r| r.external) {
        let kind = kind_of(rel);
        let count = hygiene.external_by_kind.entry(kind.clone()).or_insert(0);
        *count = count.saturating_add(1);
        if (*count as usize) <= Hygiene::MAX_TARGETS_PER_KIND {
            hygiene.external_targets.push(ExternalTarget {
                kind,
                target: shorten(&rel.target),
            });
        }
    }
}

/// A value from the file, trimmed and cut to [`Hygiene::MAX_TARGET_CHARS`] characters.
fn shorten(value: &str) -> String {
    let value = value.trim();
    if value.chars().count() <= Hygiene::MAX_TARGET_CHARS {
        value.to_string()
    } else {
        let mut cut: String = value.chars().take(Hygiene::MAX_TARGET_CHARS - 1).collect();
        cut.push('…');
        cut
    }
}

/// An `ST_OnOff` attribute other than `w:val` (ECMA-376 §17.17.4): on when `1`, `true` or `on`.
fn attr_on(element: &BytesStart<'_>, name: &str) -> bool {
    matches!(attr(element, name).as_deref(), Some("1" | "true" | "on"))
}

/// Reads `settings.xml` into `doc`; returns the relationship id of `w:attachedTemplate`, if any.
fn read_settings(
    bytes: &[u8],
    limits: &Limits,
    doc: &mut Document,
) -> Result<Option<String>, ReadError> {
    let text = decode_part(bytes, "settings.xml")?;
    let mut stream = XmlStream::new(&text, "settings.xml", limits);
    let mut template_id = None;
    loop {
        match stream.next()? {
            Ev::Start {
                ns: Ns::W,
                local,
                element,
                ..
            } => match local.as_str() {
                "doNotIncludeSubdocsInStats" => {
                    doc.metadata.exclude_subdocs_from_stats = on_off(&element)
                }
                "trackRevisions" => doc.metadata.track_revisions_on = on_off(&element),
                "defaultTabStop" => {
                    doc.styles.default_tab_stop =
                        attr_i64(&element, "val").map(|v| v.clamp(1, 31_680) as u32)
                }
                "attachedTemplate" => template_id = attr(&element, "id"),
                // ECMA-376 §17.15.1.29; `w:enforcement` says whether it is in force.
                "documentProtection" => {
                    doc.hygiene.protection = Some(Protection {
                        edit: attr(&element, "edit"),
                        formatting: attr_on(&element, "formatting"),
                        enforced: attr_on(&element, "enforcement"),
                    })
                }
                // ECMA-376 §17.15.1.93.
                "writeProtection" => {
                    doc.hygiene.write_protection = Some(WriteProtection {
                        recommended: attr_on(&element, "recommended"),
                        password: attr(&element, "hashValue").is_some()
                            || attr(&element, "hash").is_some(),
                    })
                }
                _ => {}
            },
            Ev::Eof => return Ok(template_id),
            _ => {}
        }
    }
}

/// Reads simple text-valued elements of a properties part into `(local name, text)` pairs.
fn property_texts(
    bytes: &[u8],
    name: &str,
    limits: &Limits,
) -> Result<Vec<(String, String)>, ReadError> {
    let text = decode_part(bytes, name)?;
    let mut stream = XmlStream::new(&text, name, limits);
    let mut out: Vec<(String, String)> = Vec::new();
    let mut current: Option<String> = None;
    loop {
        match stream.next()? {
            Ev::Start { local, empty, .. } => {
                current = (!empty).then_some(local.into());
            }
            Ev::Text(t) => {
                if let Some(name) = &current {
                    match out.last_mut() {
                        Some((n, v)) if n == name => v.push_str(&t),
                        _ => out.push((name.clone(), t.into_owned())),
                    }
                }
            }
            Ev::End { .. } => current = None,
            Ev::Eof => return Ok(out),
        }
    }
}

fn read_app_properties(bytes: &[u8], limits: &Limits, doc: &mut Document) -> Result<(), ReadError> {
    for (name, value) in property_texts(bytes, "docProps/app.xml", limits)? {
        let value = value.trim();
        match name.as_str() {
            "Pages" => doc.metadata.stored_pages = value.parse().ok(),
            "Words" => doc.metadata.stored_words = value.parse().ok(),
            "Application" if !value.is_empty() => {
                doc.metadata.application = Some(value.to_string())
            }
            "Company" if !value.is_empty() => doc.hygiene.company = Some(shorten(value)),
            "Manager" if !value.is_empty() => doc.hygiene.manager = Some(shorten(value)),
            "Template" if !value.is_empty() => doc.hygiene.template = Some(shorten(value)),
            _ => {}
        }
    }
    Ok(())
}

fn read_core_properties(
    bytes: &[u8],
    limits: &Limits,
    doc: &mut Document,
) -> Result<(), ReadError> {
    for (name, value) in property_texts(bytes, "docProps/core.xml", limits)? {
        let value = value.trim().to_string();
        if value.is_empty() {
            continue;
        }
        match name.as_str() {
            "title" => doc.metadata.title = Some(value),
            "creator" => doc.metadata.creator = Some(value),
            "lastModifiedBy" => doc.metadata.last_modified_by = Some(value),
            _ => {}
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Numbering (ECMA-376 §17.9)

#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: i64,
}

impl Level {
    fn new() -> Self {
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
struct Numbering {
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
    fn link_styles(&mut self, definitions: &mut StyleDefinitions, styles: &mut Styles) {
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
struct LazyNumbering<'a> {
    bytes: Option<Vec<u8>>,
    limits: &'a Limits,
    parsed: std::cell::OnceCell<Result<Numbering, ReadError>>,
}

impl<'a> LazyNumbering<'a> {
    fn new(bytes: Option<Vec<u8>>, limits: &'a Limits) -> Self {
        LazyNumbering {
            bytes,
            limits,
            parsed: std::cell::OnceCell::new(),
        }
    }

    /// Numbering already read (for tests).
    #[cfg(test)]
    fn ready(numbering: Numbering, limits: &'a Limits) -> Self {
        LazyNumbering {
            bytes: None,
            limits,
            parsed: std::cell::OnceCell::from(Ok(numbering)),
        }
    }

    /// The numbering, its lists linked through the styles (loaded into `styles`); `None` if the
    /// part could not be read (the error is kept for [`LazyNumbering::into_error`]).
    fn get(&self, definitions: &mut StyleDefinitions, styles: &mut Styles) -> Option<&Numbering> {
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
    fn into_error(self) -> Option<ReadError> {
        match self.parsed.into_inner() {
            Some(Err(error)) => Some(error),
            _ => None,
        }
    }
}

fn read_numbering(bytes: &[u8], limits: &Limits) -> Result<Numbering, ReadError> {
    let text = decode_part(bytes, "numbering.xml")?;
    let mut stream = XmlStream::new(&text, "numbering.xml", limits);
    let mut numbering = Numbering::default();
    let mut abstract_id: Option<i64> = None;
    let mut level: Option<u8> = None;
    let mut num_id: Option<i64> = None;
    let mut override_level: Option<u8> = None;
    loop {
        match stream.next()? {
            Ev::Start {
                ns: Ns::W,
                local,
                element,
                ..
            } => match local.as_str() {
                "abstractNum" => {
                    abstract_id = attr_i64(&element, "abstractNumId");
                    num_id = None;
                }
                "lvl" => {
                    level = attr_i64(&element, "ilvl").map(|v| v.clamp(0, 8) as u8);
                    if let Some(l) = level {
                        match (abstract_id, num_id) {
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
                }
                "numFmt" | "lvlText" | "start" => {
                    let defined = match (abstract_id, num_id, level) {
                        (Some(a), _, Some(l)) => {
                            numbering.abstracts.get_mut(&a).and_then(|m| m.get_mut(&l))
                        }
                        (None, Some(n), Some(l)) => numbering
                            .nums
                            .get_mut(&n)
                            .and_then(|num| num.levels.get_mut(&l)),
                        _ => None,
                    };
                    if let Some(lvl) = defined {
                        match local.as_str() {
                            "numFmt" => lvl.format = attr(&element, "val").unwrap_or_default(),
                            "lvlText" => lvl.text = attr(&element, "val").unwrap_or_default(),
                            _ => lvl.start = attr_i64(&element, "val").unwrap_or(1),
                        }
                    }
                }
                "numStyleLink" => {
                    if let (Some(a), Some(style)) = (abstract_id, attr(&element, "val")) {
                        numbering.style_links.insert(a, style);
                    }
                }
                "num" => {
                    abstract_id = None;
                    level = None;
                    num_id = attr_i64(&element, "numId");
                }
                "abstractNumId" => {
                    if let (Some(n), Some(a)) = (num_id, attr_i64(&element, "val")) {
                        numbering.nums.entry(n).or_default().abstract_id = a;
                    }
                }
                "lvlOverride" => {
                    override_level = attr_i64(&element, "ilvl").map(|v| v.clamp(0, 8) as u8);
                }
                "startOverride" => {
                    if let (Some(n), Some(l), Some(v)) =
                        (num_id, override_level, attr_i64(&element, "val"))
                    {
                        numbering.nums.entry(n).or_default().starts.insert(l, v);
                    }
                }
                _ => {}
            },
            Ev::End { local, .. } => match local.as_str() {
                "abstractNum" => abstract_id = None,
                "lvl" => level = None,
                "num" => num_id = None,
                "lvlOverride" => override_level = None,
                _ => {}
            },
            Ev::Eof => return Ok(numbering),
            _ => {}
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
struct ListCounters {
    values: BTreeMap<i64, [Option<i64>; 9]>,
    /// (numId, level) pairs already used.
    seen: std::collections::BTreeSet<(i64, u8)>,
}

impl ListCounters {
    /// The label for the next paragraph of list `num_id` at `level`, advancing the counters.
    fn next_label(&mut self, numbering: &Numbering, num_id: i64, level: u8) -> Option<String> {
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

// ---------------------------------------------------------------------------------------------
// Stories: the body, notes, comments, headers and footers

/// What an open element means for the text inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Paragraph,
    ParagraphProps,
    MarkRunProps,
    Run,
    RunProps,
    Text,
    DeletedText,
    Deleted,
    MovedFrom,
    TextBox,
    AlternateContent,
    Table,
    Row,
    Cell,
    NumberingProps,
    Other,
}

#[derive(Debug, Default)]
struct RunState {
    style: Option<String>,
    props: RunProps,
    hidden: Option<bool>,
    start: usize,
}

#[derive(Debug)]
struct ParaBuilder {
    paragraph: Paragraph,
    run: Option<RunState>,
    /// The paragraph mark is a tracked deletion or move away (`w:pPr/w:rPr/w:del`).
    mark_deleted: bool,
}

/// A paragraph whose mark was deleted, waiting to be joined to the paragraph that follows it.
#[derive(Debug)]
struct Carried {
    paragraph: Paragraph,
    /// How many paragraphs enclosed it (text boxes nest paragraphs in paragraphs).
    depth: usize,
}

#[derive(Debug, Clone, Copy)]
struct TableState {
    id: u32,
    row: u32,
    cell: u32,
}

/// What every story of a document is read with: the limits, the numbering, the style definitions
/// the styles it refers to are loaded from, and the list counters, which run on from story to
/// story.
struct StoryContext<'a> {
    limits: &'a Limits,
    numbering: &'a LazyNumbering<'a>,
    definitions: &'a mut StyleDefinitions,
    counters: &'a mut ListCounters,
}

struct StoryReader<'s, 'a> {
    part: Part,
    context: &'s mut StoryContext<'a>,
    tags: Vec<Tag>,
    paras: Vec<ParaBuilder>,
    /// One field stack per text-box level: `true` once a field reached its result.
    fields: Vec<Vec<bool>>,
    /// One flag per open `mc:AlternateContent`: a choice was taken.
    alternates: Vec<bool>,
    tables: Vec<TableState>,
    next_table: u32,
    deleted: u32,
    moved_from: u32,
    text_boxes: u32,
    carried: Option<Carried>,
    /// The note whose paragraphs are being read (footnotes and endnotes parts).
    note: Option<i64>,
}

impl StoryReader<'_, '_> {
    fn current_part(&self) -> Part {
        if self.text_boxes > 0 && self.part == Part::Body {
            Part::TextBoxes
        } else {
            self.part
        }
    }

    fn in_field_instruction(&self) -> bool {
        self.fields
            .last()
            .is_some_and(|stack| stack.iter().any(|in_result| !in_result))
    }

    fn parent(&self) -> Tag {
        self.tags.last().copied().unwrap_or(Tag::Other)
    }

    /// Adds visible characters to the current run, or to the hidden or deleted text.
    fn push_text(&mut self, text: &str, doc: &mut Document) {
        if self.deleted > 0 || self.moved_from > 0 {
            append_spaced(&mut doc.revisions.deleted_text, text);
            return;
        }
        if self.in_field_instruction() {
            return;
        }
        let Some(builder) = self.paras.last_mut() else {
            return;
        };
        let hidden = match builder.run.as_mut() {
            Some(run) => *run.hidden.get_or_insert_with(|| {
                effective_hidden(
                    &doc.styles,
                    builder.paragraph.style.as_deref(),
                    run.style.as_deref(),
                    &run.props,
                )
            }),
            None => effective_hidden(
                &doc.styles,
                builder.paragraph.style.as_deref(),
                None,
                &RunProps::default(),
            ),
        };
        if hidden {
            doc.hidden_text.push_str(text);
        } else {
            builder.paragraph.text.push_str(text);
        }
    }

    fn start_paragraph(&mut self, doc: &mut Document) {
        let mut paragraph = Paragraph::plain(self.current_part(), String::new());
        paragraph.section = if self.part == Part::Body {
            doc.sections.len()
        } else {
            0
        };
        paragraph.note_id = self.note;
        paragraph.cell = self.tables.last().map(|t| CellRef {
            table: t.id,
            row: t.row,
            cell: t.cell,
            depth: self.tables.len() as u32,
        });
        if let Some(carried) = self.carried.take() {
            if carried.depth == self.paras.len()
                && carried.paragraph.part == paragraph.part
                && carried.paragraph.cell == paragraph.cell
            {
                // The runs keep their offsets: the joined text comes first.
                paragraph.text = carried.paragraph.text;
                paragraph.runs = carried.paragraph.runs;
            } else {
                doc.paragraphs.push(carried.paragraph);
            }
        }
        self.paras.push(ParaBuilder {
            paragraph,
            run: None,
            mark_deleted: false,
        });
    }

    /// Puts a paragraph whose deleted mark found no paragraph to join (the end of a story, cell,
    /// table or text box) on its own.
    fn flush_carried(&mut self, doc: &mut Document) {
        if let Some(carried) = self.carried.take() {
            doc.paragraphs.push(carried.paragraph);
        }
    }

    fn end_run(&mut self) {
        if let Some(builder) = self.paras.last_mut()
            && let Some(run) = builder.run.take()
        {
            let end = builder.paragraph.text.len();
            if end > run.start {
                builder.paragraph.runs.push(Run {
                    start: run.start,
                    end,
                    style: run.style,
                    props: run.props,
                });
            }
        }
    }

    fn end_paragraph(&mut self, doc: &mut Document) {
        self.end_run();
        let Some(builder) = self.paras.pop() else {
            return;
        };
        let mut paragraph = builder.paragraph;
        if builder.mark_deleted {
            // A deleted paragraph mark joins the paragraph to the next one (ECMA-376 Part 1
            // §17.13.5.15): once the change is accepted, as Word counts, there is no boundary and
            // no list label of its own.
            self.flush_carried(doc);
            self.carried = Some(Carried {
                paragraph,
                depth: self.paras.len(),
            });
            return;
        }
        // Numbering may come from the paragraph or its style chain (§17.9.23).
        let num_id = paragraph.props.num_id.or_else(|| {
            doc.styles
                .chain(paragraph.style.as_deref())
                .find_map(|s| s.para.num_id)
        });
        if let Some(num_id) = num_id.filter(|&n| n > 0) {
            let level = paragraph
                .props
                .num_level
                .or_else(|| {
                    doc.styles
                        .chain(paragraph.style.as_deref())
                        .find_map(|s| s.para.num_level)
                })
                .unwrap_or(0);
            let context = &mut *self.context;
            if let Some(numbering) = context.numbering.get(context.definitions, &mut doc.styles) {
                paragraph.label = context.counters.next_label(numbering, num_id, level);
            }
        }
        doc.paragraphs.push(paragraph);
    }
}

fn append_spaced(into: &mut String, text: &str) {
    if !into.is_empty() && !into.ends_with(' ') {
        into.push(' ');
    }
    into.push_str(text);
}

/// Whether a run is hidden: direct formatting, then the character style chain, then the paragraph
/// style chain, then the document defaults (ECMA-376 §17.7.2, style hierarchy).
fn effective_hidden(
    styles: &Styles,
    para_style: Option<&str>,
    char_style: Option<&str>,
    direct: &RunProps,
) -> bool {
    let para_style = para_style.or(styles.default_para_style.as_deref());
    direct
        .hidden
        .or_else(|| styles.chain(char_style).find_map(|s| s.run.hidden))
        .or_else(|| styles.chain(para_style).find_map(|s| s.run.hidden))
        .or(styles.default_run.hidden)
        .unwrap_or(false)
}

fn read_section(stream: &mut XmlStream<'_>, doc: &mut Document) -> Result<Section, ReadError> {
    let mut section = Section::default();
    let target = stream.depth().saturating_sub(1);
    loop {
        match stream.next()? {
            Ev::Start {
                ns: Ns::W,
                local,
                element,
                empty,
            } => match local.as_str() {
                "pgSz" => {
                    let w = attr_i64(&element, "w");
                    let h = attr_i64(&element, "h");
                    if let (Some(w), Some(h)) = (w, h) {
                        section.page_width = w.clamp(1, 1_000_000) as u32;
                        section.page_height = h.clamp(1, 1_000_000) as u32;
                        section.size_given = true;
                    }
                    section.landscape = attr(&element, "orient").as_deref() == Some("landscape");
                }
                "pgMar" => {
                    let get = |n: &str| attr_i64(&element, n);
                    if let Some(v) = get("top") {
                        section.margin_top = v.clamp(-1_000_000, 1_000_000) as i32;
                    }
                    if let Some(v) = get("bottom") {
                        section.margin_bottom = v.clamp(-1_000_000, 1_000_000) as i32;
                    }
                    let unsigned = |v: i64| v.clamp(0, 1_000_000) as u32;
                    if let Some(v) = get("left").or_else(|| get("start")) {
                        section.margin_left = unsigned(v);
                    }
                    if let Some(v) = get("right").or_else(|| get("end")) {
                        section.margin_right = unsigned(v);
                    }
                    if let Some(v) = get("header") {
                        section.margin_header = unsigned(v);
                    }
                    if let Some(v) = get("footer") {
                        section.margin_footer = unsigned(v);
                    }
                    if let Some(v) = get("gutter") {
                        section.gutter = unsigned(v);
                    }
                }
                "type" => {
                    section.continuous = attr(&element, "val").as_deref() == Some("continuous");
                }
                "cols" => {
                    if let Some(n) = attr_i64(&element, "num") {
                        section.columns = n.clamp(1, 45) as u32;
                    }
                    if let Some(s) = attr_i64(&element, "space") {
                        section.column_space = s.clamp(0, 1_000_000) as u32;
                    }
                }
                "sectPrChange" => {
                    doc.revisions.formatting += 1;
                    if !empty {
                        stream.skip_element()?;
                    }
                }
                _ => {}
            },
            Ev::End { .. } if stream.depth() == target => return Ok(section),
            Ev::Eof => return Ok(section),
            _ => {}
        }
    }
}

fn read_story(
    bytes: &[u8],
    name: &str,
    part: Part,
    context: &mut StoryContext<'_>,
    doc: &mut Document,
) -> Result<(), ReadError> {
    let limits = context.limits;
    let text = decode_part(bytes, name)?;
    let mut stream = XmlStream::new(&text, name, limits);
    let mut story = StoryReader {
        part,
        context,
        tags: Vec::new(),
        paras: Vec::new(),
        fields: vec![Vec::new()],
        alternates: Vec::new(),
        tables: Vec::new(),
        next_table: 0,
        deleted: 0,
        moved_from: 0,
        text_boxes: 0,
        carried: None,
        note: None,
    };
    loop {
        match stream.next()? {
            Ev::Start {
                ns,
                local,
                element,
                empty,
            } => {
                let tag = start_element(&mut story, &mut stream, doc, ns, &local, &element, empty)?;
                match tag {
                    // A self-closing element (`<w:p/>`, `<w:txbxContent/>`, `<w:tbl/>`) is opened
                    // and closed at once: without its end, an empty paragraph would stay open and
                    // take the text that follows it.
                    Some(tag) if empty => end_element(&mut story, doc, tag),
                    Some(tag) => story.tags.push(tag),
                    None => {}
                }
            }
            Ev::End { .. } => {
                let tag = story.tags.pop().unwrap_or(Tag::Other);
                end_element(&mut story, doc, tag);
                if tag == Tag::Paragraph && doc.paragraphs.len() > limits.max_paragraphs {
                    return Err(ReadError::Limit {
                        limit: crate::limits::Limit::Paragraphs,
                        detail: format!(
                            "the document has more than {} paragraphs",
                            limits.max_paragraphs
                        ),
                    });
                }
            }
            Ev::Text(t) => match story.parent() {
                Tag::Text => story.push_text(&t, doc),
                Tag::DeletedText => append_spaced(&mut doc.revisions.deleted_text, &t),
                _ => {}
            },
            Ev::Eof => {
                // Close what a lenient producer left open (the stream already refused truncation).
                while !story.paras.is_empty() {
                    story.end_paragraph(doc);
                }
                story.flush_carried(doc);
                return Ok(());
            }
        }
    }
}

/// Handles an opening tag. Returns the tag to push for a non-empty element, or `None` when the
/// element's content was skipped (nothing to push: its end was consumed).
#[allow(clippy::too_many_arguments)]
fn start_element(
    story: &mut StoryReader<'_, '_>,
    stream: &mut XmlStream<'_>,
    doc: &mut Document,
    ns: Ns,
    local: &str,
    element: &BytesStart<'_>,
    empty: bool,
) -> Result<Option<Tag>, ReadError> {
    let skip = |stream: &mut XmlStream<'_>| -> Result<Option<Tag>, ReadError> {
        if !empty {
            stream.skip_element()?;
        }
        Ok(None)
    };
    match ns {
        Ns::Mc => {
            return match local {
                "AlternateContent" => {
                    if empty {
                        return Ok(None);
                    }
                    story.alternates.push(false);
                    Ok(Some(Tag::AlternateContent))
                }
                "Choice" | "Fallback" => {
                    // The first choice is taken (Word writes the one it understands first); a
                    // fallback only when no choice was.
                    let taken = story.alternates.last_mut();
                    match taken {
                        Some(taken) if !*taken => {
                            *taken = true;
                            Ok(Some(Tag::Other))
                        }
                        _ => skip(stream),
                    }
                }
                _ => Ok(Some(Tag::Other)),
            };
        }
        Ns::W => {}
        Ns::Vml | Ns::Other => return Ok(Some(Tag::Other)),
    }
    let parent = story.parent();
    let tag = match local {
        "p" => {
            story.start_paragraph(doc);
            Tag::Paragraph
        }
        "pPr" if parent == Tag::Paragraph => Tag::ParagraphProps,
        "pStyle" if parent == Tag::ParagraphProps => {
            if let Some(builder) = story.paras.last_mut() {
                builder.paragraph.style = attr(element, "val");
                if let Some(id) = &builder.paragraph.style {
                    story.context.definitions.load(id, &mut doc.styles);
                }
            }
            Tag::Other
        }
        "numPr" if parent == Tag::ParagraphProps => Tag::NumberingProps,
        "sectPr" => {
            if story.part != Part::Body {
                return skip(stream);
            }
            let section = if empty {
                Section::default()
            } else {
                read_section(stream, doc)?
            };
            doc.sections.push(section);
            return Ok(None);
        }
        "rPr" if parent == Tag::ParagraphProps => Tag::MarkRunProps,
        "rPr" if parent == Tag::Run => Tag::RunProps,
        "r" => {
            story.end_run();
            if let Some(builder) = story.paras.last_mut() {
                builder.run = Some(RunState {
                    start: builder.paragraph.text.len(),
                    ..Default::default()
                });
            }
            Tag::Run
        }
        "t" if parent == Tag::Run => Tag::Text,
        "delText" => Tag::DeletedText,
        "instrText" | "delInstrText" => return skip(stream),
        "tab" | "ptab" if parent == Tag::Run => {
            story.push_text("\t", doc);
            Tag::Other
        }
        "br" | "cr" if parent == Tag::Run => {
            // A page break is kept apart from a line break for the layout (ECMA-376 §17.3.3.1).
            let page = local == "br" && attr(element, "type").as_deref() == Some("page");
            story.push_text(if page { "\u{c}" } else { "\n" }, doc);
            Tag::Other
        }
        "footnoteReference" | "endnoteReference" if parent == Tag::Run => {
            let part = if local == "footnoteReference" {
                Part::Footnotes
            } else {
                Part::Endnotes
            };
            if let (Some(id), Some(builder)) = (attr_i64(element, "id"), story.paras.last_mut()) {
                let offset = builder.paragraph.text.len();
                builder
                    .paragraph
                    .note_refs
                    .push(crate::document::NoteRef { part, id, offset });
            }
            Tag::Other
        }
        "noBreakHyphen" if parent == Tag::Run => {
            story.push_text("\u{2011}", doc);
            Tag::Other
        }
        "softHyphen" => Tag::Other,
        "sym" if parent == Tag::Run => {
            let c = attr(element, "char")
                .and_then(|h| u32::from_str_radix(h.trim(), 16).ok())
                .and_then(char::from_u32)
                .unwrap_or('\u{FFFD}');
            story.push_text(c.encode_utf8(&mut [0; 4]), doc);
            Tag::Other
        }
        "fldChar" => {
            let fields = story.fields.last_mut();
            if let Some(fields) = fields {
                match attr(element, "fldCharType").as_deref() {
                    Some("begin")
                        // Bound the stack: a file could open fields forever.
                        if fields.len() < 1024 => {
                            fields.push(false);
                        }
                    Some("separate") => {
                        if let Some(top) = fields.last_mut() {
                            *top = true;
                        }
                    }
                    Some("end") => {
                        fields.pop();
                    }
                    _ => {}
                }
            }
            Tag::Other
        }
        "del" | "moveFrom" if parent == Tag::MarkRunProps => {
            if local == "del" {
                doc.revisions.deletions += 1;
            } else {
                doc.revisions.moves += 1;
            }
            note_author(doc, element);
            if let Some(builder) = story.paras.last_mut() {
                builder.mark_deleted = true;
            }
            return skip(stream);
        }
        "del" => {
            doc.revisions.deletions += 1;
            note_author(doc, element);
            if empty {
                return Ok(None);
            }
            story.deleted += 1;
            Tag::Deleted
        }
        "moveFrom" => {
            doc.revisions.moves += 1;
            note_author(doc, element);
            if empty {
                return Ok(None);
            }
            story.moved_from += 1;
            Tag::MovedFrom
        }
        "ins" => {
            doc.revisions.insertions += 1;
            note_author(doc, element);
            Tag::Other
        }
        "moveTo" => {
            doc.revisions.moves += 1;
            note_author(doc, element);
            Tag::Other
        }
        "rPrChange" | "pPrChange" | "sectPrChange" | "tblPrChange" | "trPrChange"
        | "tcPrChange" | "tblGridChange" | "numberingChange" => {
            doc.revisions.formatting += 1;
            note_author(doc, element);
            return skip(stream);
        }
        "cellIns" | "cellDel" | "cellMerge" => {
            doc.revisions.formatting += 1;
            Tag::Other
        }
        "txbxContent" => {
            story.text_boxes += 1;
            story.fields.push(Vec::new());
            Tag::TextBox
        }
        "tbl" => {
            story.flush_carried(doc);
            story.tables.push(TableState {
                id: story.next_table,
                row: 0,
                cell: 0,
            });
            story.next_table += 1;
            Tag::Table
        }
        "tr" => {
            if let Some(t) = story.tables.last_mut() {
                t.row += 1;
                t.cell = 0;
            }
            Tag::Row
        }
        "tc" => {
            if let Some(t) = story.tables.last_mut() {
                t.cell += 1;
            }
            Tag::Cell
        }
        "sdtPr" | "sdtEndPr" => return skip(stream),
        "footnote" | "endnote"
            if matches!(
                attr(element, "type").as_deref(),
                Some("separator" | "continuationSeparator" | "continuationNotice")
            ) =>
        {
            return skip(stream);
        }
        "footnote" | "endnote" => {
            story.note = attr_i64(element, "id");
            Tag::Other
        }
        "comment" => {
            doc.comment_authors
                .push(attr(element, "author").unwrap_or_default());
            Tag::Other
        }
        _ => {
            match parent {
                Tag::ParagraphProps | Tag::NumberingProps => {
                    if let Some(builder) = story.paras.last_mut() {
                        para_prop(local, element, &mut builder.paragraph.props);
                    }
                }
                Tag::RunProps => {
                    if let Some(run) = story.paras.last_mut().and_then(|b| b.run.as_mut()) {
                        run_prop(local, element, &mut run.props, &mut run.style);
                        if local == "rStyle"
                            && let Some(id) = &run.style
                        {
                            story.context.definitions.load(id, &mut doc.styles);
                        }
                    }
                }
                _ => {}
            }
            Tag::Other
        }
    };
    Ok(Some(tag))
}

fn note_author(doc: &mut Document, element: &BytesStart<'_>) {
    if let Some(author) = attr(element, "author")
        && !author.is_empty()
        && doc.revisions.authors.len() < 64
    {
        doc.revisions.authors.insert(author);
    }
}

fn end_element(story: &mut StoryReader<'_, '_>, doc: &mut Document, tag: Tag) {
    match tag {
        Tag::Paragraph => story.end_paragraph(doc),
        Tag::Run => story.end_run(),
        Tag::Deleted => story.deleted = story.deleted.saturating_sub(1),
        Tag::MovedFrom => story.moved_from = story.moved_from.saturating_sub(1),
        Tag::TextBox => {
            story.flush_carried(doc);
            story.text_boxes = story.text_boxes.saturating_sub(1);
            if story.fields.len() > 1 {
                story.fields.pop();
            }
        }
        Tag::AlternateContent => {
            story.alternates.pop();
        }
        Tag::Table => {
            story.flush_carried(doc);
            story.tables.pop();
        }
        Tag::Cell => story.flush_carried(doc),
        Tag::ParagraphProps
        | Tag::MarkRunProps
        | Tag::RunProps
        | Tag::Text
        | Tag::DeletedText
        | Tag::Row
        | Tag::NumberingProps
        | Tag::Other => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    fn wrap(root: &str, inner: &str) -> String {
        format!(r#"<w:{root} xmlns:w="{W}">{inner}</w:{root}>"#)
    }

    fn numbering(inner: &str) -> Numbering {
        read_numbering(wrap("numbering", inner).as_bytes(), &Limits::default())
            .expect("numbering.xml reads")
    }

    /// A styles part holding `inner`, as the reader has it before a story refers to a style.
    fn styles(inner: &str) -> (Styles, StyleDefinitions) {
        super::styles::read_styles(
            wrap("styles", inner).into_bytes(),
            "styles.xml",
            &Limits::default(),
        )
        .expect("styles.xml reads")
    }

    fn no_styles() -> (Styles, StyleDefinitions) {
        (Styles::default(), StyleDefinitions::default())
    }

    /// A theme whose font scheme holds `fonts`, between a colour scheme and a format scheme.
    fn theme(fonts: &str) -> String {
        let scripts: String = ["Jpan", "Hang", "Hans", "Hant", "Arab"]
            .iter()
            .map(|s| format!(r#"<a:font script="{s}" typeface="F{s}"/>"#))
            .collect();
        let fonts = fonts.replace("SCRIPTS", &scripts);
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme"><a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText"/></a:dk1></a:clrScheme><a:fontScheme name="Office">{fonts}</a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst/></a:fmtScheme></a:themeElements></a:theme>"#
        )
    }

    fn theme_fonts(xml: &str) -> Result<(Option<String>, Option<String>), ReadError> {
        read_theme_fonts(xml.as_bytes(), &Limits::default())
    }

    #[test]
    fn theme_fonts_are_the_latin_faces_of_each_list_in_either_order() {
        let major_first = theme(
            r#"<a:majorFont><a:latin typeface="Calibri Light"/><a:ea typeface=""/>SCRIPTS</a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/>SCRIPTS</a:minorFont>"#,
        );
        assert_eq!(
            theme_fonts(&major_first).expect("reads"),
            (Some("Calibri".into()), Some("Calibri Light".into()))
        );
        let minor_first = theme(
            r#"<a:minorFont>SCRIPTS<a:latin typeface="Cambria"/>SCRIPTS</a:minorFont><a:majorFont><a:latin typeface="Georgia"/>SCRIPTS</a:majorFont>"#,
        );
        assert_eq!(
            theme_fonts(&minor_first).expect("reads"),
            (Some("Cambria".into()), Some("Georgia".into()))
        );
        // Only the first latin face of a list counts, and a list without one names nothing.
        let one_list = theme(
            r#"<a:majorFont><a:latin typeface="Arial"/><a:latin typeface="Other"/></a:majorFont><a:minorFont>SCRIPTS</a:minorFont>"#,
        );
        assert_eq!(
            theme_fonts(&one_list).expect("reads"),
            (None, Some("Arial".into()))
        );
    }

    #[test]
    fn theme_fonts_stop_at_the_second_face_but_check_what_they_skip() {
        // Past both faces nothing is read: a damaged tail costs nothing.
        let whole = theme(
            r#"<a:majorFont><a:latin typeface="A"/></a:majorFont><a:minorFont><a:latin typeface="B"/>SCRIPTS</a:minorFont>"#,
        );
        let cut = &whole[..whole.find("<a:fmtScheme").expect("format scheme")];
        assert_eq!(
            theme_fonts(cut).expect("reads up to both faces"),
            (Some("B".into()), Some("A".into()))
        );
        // The rest of the first list is skipped unread, but its tags must still match.
        let damaged = theme(
            r#"<a:majorFont><a:latin typeface="A"/><a:font></a:cs></a:majorFont><a:minorFont><a:latin typeface="B"/></a:minorFont>"#,
        );
        assert!(theme_fonts(&damaged).is_err());
    }

    /// Reads a body with the given styles and numbering, as `read_docx` does.
    fn body(inner: &str, styles: (Styles, StyleDefinitions), mut numbering: Numbering) -> Document {
        let mut doc = Document::new(Format::Docx);
        let (styles, mut definitions) = styles;
        doc.styles = styles;
        numbering.link_styles(&mut definitions, &mut doc.styles);
        let xml = wrap("document", &format!("<w:body>{inner}</w:body>"));
        let limits = Limits::default();
        let numbering = LazyNumbering::ready(numbering, &limits);
        let mut context = StoryContext {
            limits: &limits,
            numbering: &numbering,
            definitions: &mut definitions,
            counters: &mut ListCounters::default(),
        };
        read_story(
            xml.as_bytes(),
            "word/document.xml",
            Part::Body,
            &mut context,
            &mut doc,
        )
        .expect("document.xml reads");
        doc
    }

    fn texts(doc: &Document) -> Vec<(Part, Option<&str>, &str)> {
        doc.paragraphs
            .iter()
            .map(|p| (p.part, p.label.as_deref(), p.text.as_str()))
            .collect()
    }

    fn para(num_id: i64, text: &str) -> String {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    }

    const DECIMAL: &str = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>"#;

    #[test]
    fn paragraphs_past_the_limit_make_the_file_unreadable() {
        let xml = wrap(
            "document",
            &format!(
                "<w:body>{}</w:body>",
                "<w:p><w:r><w:t>a</w:t></w:r></w:p>".repeat(5)
            ),
        );
        let limits = Limits {
            max_paragraphs: 3,
            ..Limits::default()
        };
        let mut doc = Document::new(Format::Docx);
        let mut context = StoryContext {
            limits: &limits,
            numbering: &LazyNumbering::new(None, &limits),
            definitions: &mut StyleDefinitions::default(),
            counters: &mut ListCounters::default(),
        };
        let result = read_story(
            xml.as_bytes(),
            "word/document.xml",
            Part::Body,
            &mut context,
            &mut doc,
        );
        assert!(
            matches!(
                result,
                Err(ReadError::Limit {
                    limit: crate::limits::Limit::Paragraphs,
                    ..
                })
            ),
            "{result:?}"
        );
    }

    #[test]
    fn a_self_closing_paragraph_closes_at_once() {
        // An empty last paragraph in a text box used to stay open and take the text that follows
        // the box in its anchor paragraph, putting body words among the text boxes.
        let doc = body(
            r#"<w:p><w:r><w:t xml:space="preserve">before </w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p><w:p/></w:txbxContent></w:pict></w:r><w:r><w:t>after</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>last</w:t></w:r></w:p>"#,
            no_styles(),
            Numbering::default(),
        );
        assert_eq!(
            texts(&doc),
            vec![
                (Part::TextBoxes, None, "box"),
                (Part::TextBoxes, None, ""),
                (Part::Body, None, "before after"),
                (Part::Body, None, ""),
                (Part::Body, None, "last"),
            ]
        );
    }

    #[test]
    fn a_self_closing_text_box_ends_the_text_box() {
        let doc = body(
            r#"<w:p><w:r><w:pict><w:txbxContent/></w:pict></w:r></w:p><w:p><w:r><w:t>body</w:t></w:r></w:p>"#,
            no_styles(),
            Numbering::default(),
        );
        assert_eq!(doc.part(Part::Body).count(), 2);
        assert_eq!(doc.part(Part::TextBoxes).count(), 0);
    }

    #[test]
    fn a_deleted_paragraph_mark_joins_the_next_paragraph() {
        let numbering = numbering(&format!(
            r#"{DECIMAL}<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#
        ));
        // A list item deleted whole (its text and its mark) leaves no label behind, and the
        // items after it are numbered as if it had never been there.
        let deleted_item = r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr><w:del w:id="2" w:author="A"><w:r><w:delText>gone</w:delText></w:r></w:del></w:p>"#;
        // A mark deleted between two words joins them into one.
        let joined = r#"<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="A"/></w:rPr></w:pPr><w:r><w:t>half</w:t></w:r></w:p><w:p><w:r><w:t>way</w:t></w:r></w:p>"#;
        let doc = body(
            &format!(
                "{}{deleted_item}{}{joined}",
                para(1, "one"),
                para(1, "three")
            ),
            no_styles(),
            numbering,
        );
        assert_eq!(
            texts(&doc),
            vec![
                (Part::Body, Some("1."), "one"),
                (Part::Body, Some("2."), "three"),
                (Part::Body, None, "halfway"),
            ]
        );
        assert_eq!(doc.paragraphs[2].runs.len(), 2);
        assert_eq!(doc.revisions.deletions, 3);
        assert_eq!(doc.revisions.deleted_text, "gone");
    }

    #[test]
    fn a_deleted_mark_before_a_table_keeps_its_paragraph() {
        let doc = body(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr><w:r><w:t>kept</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
            no_styles(),
            numbering(&format!(
                r#"{DECIMAL}<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#
            )),
        );
        assert_eq!(
            texts(&doc),
            vec![(Part::Body, None, "kept"), (Part::Body, None, "cell")]
        );
    }

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

    /// A package of `entries` zipped in memory.
    fn zipped(entries: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("zip entry starts");
            zip.write_all(text.as_bytes()).expect("zip entry written");
        }
        zip.finish().expect("zip finishes").into_inner()
    }

    const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    #[test]
    fn the_numbering_part_is_read_when_a_paragraph_is_numbered() {
        let package_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/></Relationships>"#
        );
        let document_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{R}/numbering" Target="numbering.xml"/></Relationships>"#
        );
        let good = wrap(
            "numbering",
            &format!(r#"{DECIMAL}<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#),
        );
        let damaged = wrap("numbering", "<w:num w:numId=\"1\"></w:numX>");
        let plain = wrap(
            "document",
            "<w:body><w:p><w:r><w:t>Text.</w:t></w:r></w:p></w:body>",
        );
        let numbered = wrap(
            "document",
            &format!("<w:body>{}</w:body>", para(1, "Text.")),
        );
        let read = |document: &str, numbering: &str| {
            read_docx(
                &zipped(&[
                    ("_rels/.rels", &package_rels),
                    ("word/document.xml", document),
                    ("word/_rels/document.xml.rels", &document_rels),
                    ("word/numbering.xml", numbering),
                ]),
                &Limits::default(),
            )
        };
        let doc = read(&numbered, &good).expect("reads");
        assert_eq!(doc.paragraphs[0].label.as_deref(), Some("1."));
        // Damage in a numbering part no paragraph uses is not seen, as in parts never read...
        assert!(read(&plain, &damaged).is_ok());
        // ...and is the document's when a paragraph is numbered.
        let error = read(&numbered, &damaged).expect_err("damaged numbering");
        assert!(error.to_string().contains("numbering.xml"), "{error}");
    }

    #[test]
    fn the_styles_the_stories_refer_to_are_loaded_before_reading_returns() {
        let package_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/></Relationships>"#
        );
        let document_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{R}/styles" Target="styles.xml"/></Relationships>"#
        );
        // Word's order: the defaults and Normal first, then many built-in styles, and the ones
        // this document uses (a paragraph style based on another, a hidden character style)
        // far into the part.
        let filler: String = (0..300)
            .map(|i| format!(r#"<w:style w:type="paragraph" w:styleId="F{i}"><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="{i}"/></w:pPr></w:style>"#))
            .collect();
        let styles = wrap(
            "styles",
            &format!(
                r#"<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:pPr><w:spacing w:after="160"/></w:pPr></w:style>{filler}<w:style w:type="paragraph" w:styleId="Late"><w:basedOn w:val="Base"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Base"><w:rPr><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="character" w:styleId="Secret"><w:rPr><w:vanish/></w:rPr></w:style>"#
            ),
        );
        let document = wrap(
            "document",
            r#"<w:body><w:p><w:pPr><w:pStyle w:val="Late"/></w:pPr><w:r><w:t xml:space="preserve">Shown </w:t></w:r><w:r><w:rPr><w:rStyle w:val="Secret"/></w:rPr><w:t>hidden</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Nowhere"/></w:pPr><w:r><w:t>Plain</w:t></w:r></w:p></w:body>"#,
        );
        let doc = read_docx(
            &zipped(&[
                ("_rels/.rels", &package_rels),
                ("word/document.xml", &document),
                ("word/_rels/document.xml.rels", &document_rels),
                ("word/styles.xml", &styles),
            ]),
            &Limits::default(),
        )
        .expect("reads");
        // Found while reading: the character style hid its run.
        assert_eq!(
            texts(&doc),
            vec![(Part::Body, None, "Shown "), (Part::Body, None, "Plain")]
        );
        assert_eq!(doc.hidden_text, "hidden");
        // Only what the document refers to, with what it is based on; none of the 300 others,
        // and nothing for a style the part does not define.
        let ids: Vec<&str> = doc.styles.by_id.keys().map(String::as_str).collect();
        assert_eq!(ids, ["Base", "Late", "Normal", "Secret"]);
        let late: Vec<_> = doc.styles.chain(Some("Late")).collect();
        assert_eq!(late.len(), 2);
        assert_eq!(late[0].para.alignment.as_deref(), Some("center"));
        assert_eq!(late[1].run.size_half_points, Some(32));
        assert_eq!(doc.styles.default_run.size_half_points, Some(22));
    }

    #[test]
    fn hygiene_facts_of_a_package() {
        let package_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="{R}/extended-properties" Target="docProps/app.xml"/></Relationships>"#
        );
        let document_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{R}/settings" Target="settings.xml"/><Relationship Id="rId2" Type="{R}/hyperlink" Target="https://www.nato.int/" TargetMode="External"/><Relationship Id="rId3" Type="{R}/image" Target="http://example.org/logo.png" TargetMode="External"/><Relationship Id="rId4" Type="{R}/oleObject" Target="embeddings/oleObject1.bin"/><Relationship Id="rId5" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>{}</Relationships>"#,
            (6..12)
                .map(|i| format!(r#"<Relationship Id="rId{i}" Type="{R}/hyperlink" Target="https://example.org/{i}" TargetMode="External"/>"#))
                .collect::<String>()
        );
        let settings_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{R}/attachedTemplate" Target="file:///C:\Users\jsmith\Templates\Ministry.dotx" TargetMode="External"/></Relationships>"#
        );
        let settings = format!(
            r#"<w:settings xmlns:w="{W}" xmlns:r="{R}"><w:writeProtection w:recommended="1"/><w:documentProtection w:edit="trackedChanges" w:enforcement="1" w:cryptProviderType="rsaAES" w:hashValue="x" w:saltValue="y"/><w:attachedTemplate r:id="rId1"/></w:settings>"#
        );
        let app = "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Template>Ministry.dotx</Template><Company> Ministry of X </Company><Manager>A. Boss</Manager><Application>Microsoft Office Word</Application></Properties>";
        let bytes = zipped(&[
            ("_rels/.rels", &package_rels),
            ("docProps/app.xml", app),
            (
                "word/document.xml",
                &wrap(
                    "document",
                    "<w:body><w:p><w:r><w:t>Text.</w:t></w:r></w:p></w:body>",
                ),
            ),
            ("word/_rels/document.xml.rels", &document_rels),
            ("word/settings.xml", &settings),
            ("word/_rels/settings.xml.rels", &settings_rels),
            ("word/embeddings/oleObject1.bin", "ole"),
            ("word/embeddings/Microsoft_Excel_Worksheet.xlsx", "xlsx"),
            ("word/vbaProject.bin", "vba"),
        ]);
        let doc = read_docx(&bytes, &Limits::default()).expect("reads");
        let h = &doc.hygiene;
        assert_eq!(h.company.as_deref(), Some("Ministry of X"));
        assert_eq!(h.manager.as_deref(), Some("A. Boss"));
        assert_eq!(h.template.as_deref(), Some("Ministry.dotx"));
        assert_eq!(
            h.attached_template.as_deref(),
            Some(r"file:///C:\Users\jsmith\Templates\Ministry.dotx")
        );
        assert_eq!(
            h.protection,
            Some(Protection {
                edit: Some("trackedChanges".into()),
                formatting: false,
                enforced: true
            })
        );
        assert_eq!(
            h.write_protection,
            Some(WriteProtection {
                recommended: true,
                password: false
            })
        );
        assert!(h.macros);
        assert_eq!(h.embedded_objects, 2, "parts under word/embeddings/");
        assert_eq!(
            h.external_by_kind,
            BTreeMap::from([("hyperlink".to_string(), 7), ("image".to_string(), 1)])
        );
        let kept: Vec<(&str, &str)> = h
            .external_targets
            .iter()
            .map(|t| (t.kind.as_str(), t.target.as_str()))
            .collect();
        assert_eq!(
            kept,
            vec![
                ("hyperlink", "https://www.nato.int/"),
                ("image", "http://example.org/logo.png"),
                ("hyperlink", "https://example.org/6"),
                ("hyperlink", "https://example.org/7"),
            ]
        );
    }

    #[test]
    fn protection_switched_off_and_a_bare_package() {
        let mut doc = Document::new(Format::Docx);
        let settings = wrap(
            "settings",
            r#"<w:documentProtection w:edit="readOnly" w:enforcement="0"/><w:writeProtection w:hash="abc"/>"#,
        );
        let template = read_settings(settings.as_bytes(), &Limits::default(), &mut doc)
            .expect("settings read");
        assert_eq!(template, None);
        assert_eq!(
            doc.hygiene.protection.as_ref().map(|p| p.enforced),
            Some(false)
        );
        assert_eq!(
            doc.hygiene.write_protection,
            Some(WriteProtection {
                recommended: false,
                password: true
            })
        );

        let package_rels = format!(
            r#"<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/></Relationships>"#
        );
        let bytes = zipped(&[
            ("_rels/.rels", &package_rels),
            ("word/document.xml", &wrap("document", "<w:body/>")),
        ]);
        let doc = read_docx(&bytes, &Limits::default()).expect("reads");
        assert_eq!(doc.hygiene, crate::document::Hygiene::default());
    }

    #[test]
    fn long_values_are_shortened() {
        let long = "x".repeat(500);
        let short = shorten(&long);
        assert_eq!(short.chars().count(), Hygiene::MAX_TARGET_CHARS);
        assert!(short.ends_with('…'));
        assert_eq!(shorten("  kept  "), "kept");
    }
}
