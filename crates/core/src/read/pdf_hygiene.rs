//! What a PDF carries besides its pages and text, for the submission hygiene checks: fonts whose
//! programs are not embedded, annotations and form fields left in, and JavaScript.
//!
//! Plain data into [`Hygiene`]; nothing is judged here. The file may be hostile, so every walk is
//! iterative (explicit work lists, never recursion on the file's nesting), visits each indirect
//! object at most once, and stops after [`MAX_STEPS`] steps in all: past it the facts found so far
//! are kept, as a partial answer costs a warning at most and never the essay its reading.

use std::collections::HashSet;

use lopdf::{Dictionary, Object, ObjectId};

use crate::document::Hygiene;

/// Steps (objects looked at) allowed across all the walks of one file: far beyond any essay, which
/// has a few fonts and annotations a page.
const MAX_STEPS: usize = 200_000;

/// Most font names kept, and the longest kept, in characters.
const MAX_FONT_NAMES: usize = 50;
const MAX_NAME_CHARS: usize = 100;

/// Most distinct annotation subtypes kept (a hostile file could invent thousands).
const MAX_ANNOTATION_KINDS: usize = 32;

/// The standard 14 fonts (ISO 32000-1 §9.6.2.2): every conforming reader has them, so leaving them
/// out of the file changes nothing a reviewer sees.
const STANDARD_14: [&str; 14] = [
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Symbol",
    "ZapfDingbats",
];

/// A page as the page-tree walk found it: its dictionary and its resources (inherited if need be).
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageNode<'a> {
    /// The page dictionary.
    pub dict: &'a Dictionary,
    /// `/Resources`, the page's own or inherited from an ancestor (ISO 32000-1 §7.7.3.4).
    pub resources: Option<&'a Object>,
}

/// A step counter shared by every walk of one file.
struct Budget(usize);

impl Budget {
    /// Takes one step; false once the budget is spent.
    fn step(&mut self) -> bool {
        if self.0 == 0 {
            return false;
        }
        self.0 -= 1;
        true
    }
}

/// The budget ran out: the walk stops where it is, and what it found stands.
struct Spent;

/// One step of a walk over the file's objects: spends a step of the budget, follows a reference,
/// and gives the dictionary `object` is or refers to (a stream's counts), unless this walk met it
/// before (`seen`) or it is no dictionary.
fn visit<'a>(
    pdf: &'a lopdf::Document,
    object: &'a Object,
    budget: &mut Budget,
    seen: &mut HashSet<ObjectId>,
) -> Result<Option<&'a Dictionary>, Spent> {
    if !budget.step() {
        return Err(Spent);
    }
    let Some((id, object)) = resolve(pdf, object) else {
        return Ok(None);
    };
    if let Some(id) = id
        && !seen.insert(id)
    {
        return Ok(None);
    }
    Ok(dict_of(object))
}

fn resolve<'a>(
    pdf: &'a lopdf::Document,
    object: &'a Object,
) -> Option<(Option<ObjectId>, &'a Object)> {
    pdf.dereference(object).ok()
}

/// The dictionary of a dictionary or of a stream.
fn dict_of(object: &Object) -> Option<&Dictionary> {
    match object {
        Object::Dictionary(dict) => Some(dict),
        Object::Stream(stream) => Some(&stream.dict),
        _ => None,
    }
}

fn get<'a>(pdf: &'a lopdf::Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    resolve(pdf, dict.get(key).ok()?).map(|(_, object)| object)
}

fn get_dict<'a>(
    pdf: &'a lopdf::Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Dictionary> {
    dict_of(get(pdf, dict, key)?)
}

fn get_name<'a>(pdf: &'a lopdf::Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    get(pdf, dict, key)?.as_name().ok()
}

fn name_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .take(MAX_NAME_CHARS)
        .collect()
}

/// Reads the hygiene facts of a loaded PDF whose catalog and pages are given.
pub(crate) fn read_hygiene(
    pdf: &lopdf::Document,
    catalog: &Dictionary,
    pages: &[PageNode<'_>],
) -> Hygiene {
    let mut hygiene = Hygiene::default();
    let mut budget = Budget(MAX_STEPS);
    // A walk that spends the budget stops; what it found stands, and the next walk finds the
    // budget spent too.
    let _ = fonts(pdf, pages, &mut budget, &mut hygiene);
    let _ = annotations(pdf, pages, &mut budget, &mut hygiene);
    if let Some(fields) = get_dict(pdf, catalog, b"AcroForm")
        .and_then(|form| get(pdf, form, b"Fields"))
        .and_then(|fields| fields.as_array().ok())
    {
        hygiene.form_fields = u32::try_from(fields.len()).unwrap_or(u32::MAX);
    }
    javascript(pdf, catalog, pages, &mut budget, &mut hygiene);
    hygiene
}

/// Fonts used by the pages, by the form XObjects they draw (followed through their own resources)
/// and by Type 0 fonts' descendants, whose descriptor has no `/FontFile`, `/FontFile2` or
/// `/FontFile3` (ISO 32000-1 §9.8.1). Type 3 fonts draw their glyphs from the file and always count
/// as embedded.
fn fonts(
    pdf: &lopdf::Document,
    pages: &[PageNode<'_>],
    budget: &mut Budget,
    hygiene: &mut Hygiene,
) -> Result<(), Spent> {
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut resources: Vec<&Object> = pages.iter().filter_map(|page| page.resources).collect();
    while let Some(object) = resources.pop() {
        let Some(dict) = visit(pdf, object, budget, &mut seen)? else {
            continue;
        };
        if let Some(fonts) = get_dict(pdf, dict, b"Font") {
            for (_, font) in fonts.iter() {
                if let Some(font) = visit(pdf, font, budget, &mut seen)?
                    && let Some(name) = not_embedded(pdf, font)
                    && hygiene.fonts_not_embedded.len() < MAX_FONT_NAMES
                {
                    hygiene.fonts_not_embedded.insert(name);
                }
            }
        }
        if let Some(xobjects) = get_dict(pdf, dict, b"XObject") {
            for (_, xobject) in xobjects.iter() {
                if let Some(form) = visit(pdf, xobject, budget, &mut seen)?
                    && get_name(pdf, form, b"Subtype") == Some(b"Form".as_slice())
                    && let Ok(inner) = form.get(b"Resources")
                {
                    resources.push(inner);
                }
            }
        }
    }
    Ok(())
}

/// The font's name when its program is not in the file and it is not one of the standard 14.
fn not_embedded(pdf: &lopdf::Document, font: &Dictionary) -> Option<String> {
    let subtype = get_name(pdf, font, b"Subtype");
    if subtype == Some(b"Type3".as_slice()) {
        return None;
    }
    // A Type 0 font's glyphs live in its one descendant (ISO 32000-1 §9.7.1).
    let described = if subtype == Some(b"Type0".as_slice()) {
        get(pdf, font, b"DescendantFonts")
            .and_then(|d| d.as_array().ok())
            .and_then(|d| d.first())
            .and_then(|d| resolve(pdf, d))
            .and_then(|(_, d)| dict_of(d))
            .unwrap_or(font)
    } else {
        font
    };
    let base = get_name(pdf, described, b"BaseFont")
        .or_else(|| get_name(pdf, font, b"BaseFont"))
        .map(name_text)
        .unwrap_or_else(|| "(unnamed)".to_owned());
    // A subset's name starts with six capital letters and a plus sign (ISO 32000-1 §9.6.4).
    let base = match base.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => {
            rest.to_owned()
        }
        _ => base,
    };
    let embedded = get_dict(pdf, described, b"FontDescriptor").is_some_and(|descriptor| {
        [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
            .iter()
            .any(|key| descriptor.has(key))
    });
    (!embedded && !STANDARD_14.contains(&base.as_str())).then_some(base)
}

/// Page annotations by subtype; links, widgets and pop-ups apart (a pop-up belongs to the markup
/// annotation that owns it, so counting it would count one note twice).
fn annotations(
    pdf: &lopdf::Document,
    pages: &[PageNode<'_>],
    budget: &mut Budget,
    hygiene: &mut Hygiene,
) -> Result<(), Spent> {
    let mut seen: HashSet<ObjectId> = HashSet::new();
    for page in pages {
        let Some(annots) = get(pdf, page.dict, b"Annots").and_then(|a| a.as_array().ok()) else {
            continue;
        };
        for annot in annots {
            let Some(annot) = visit(pdf, annot, budget, &mut seen)? else {
                continue;
            };
            match get_name(pdf, annot, b"Subtype") {
                Some(b"Link") => hygiene.links = hygiene.links.saturating_add(1),
                Some(b"Widget") => hygiene.widgets = hygiene.widgets.saturating_add(1),
                Some(b"Popup") => {}
                subtype => {
                    let kind = subtype.map_or_else(|| "(no subtype)".to_owned(), name_text);
                    if hygiene.annotations.contains_key(&kind)
                        || hygiene.annotations.len() < MAX_ANNOTATION_KINDS
                    {
                        let count = hygiene.annotations.entry(kind).or_insert(0);
                        *count = count.saturating_add(1);
                    }
                }
            }
        }
    }
    Ok(())
}

/// Whether `action` (an action dictionary, ISO 32000-1 §12.6) or an action chained after it with
/// `/Next` runs JavaScript. The chain is followed through a bounded work list.
fn runs_javascript(pdf: &lopdf::Document, action: &Object, budget: &mut Budget) -> bool {
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut work: Vec<&Object> = vec![action];
    while let Some(object) = work.pop() {
        let Ok(found) = visit(pdf, object, budget, &mut seen) else {
            return false;
        };
        let Some(dict) = found else {
            continue;
        };
        if get_name(pdf, dict, b"S") == Some(b"JavaScript".as_slice()) || dict.has(b"JS") {
            return true;
        }
        match dict.get(b"Next") {
            Ok(Object::Array(next)) => work.extend(next.iter()),
            Ok(next) => work.push(next),
            Err(_) => {}
        }
    }
    false
}

/// Whether any action of an additional-actions dictionary (`/AA`) runs JavaScript.
fn additional_actions_run_javascript(
    pdf: &lopdf::Document,
    holder: &Dictionary,
    budget: &mut Budget,
) -> bool {
    let Some(actions) = get_dict(pdf, holder, b"AA") else {
        return false;
    };
    actions
        .iter()
        .any(|(_, action)| runs_javascript(pdf, action, budget))
}

/// Where JavaScript is: document scripts in the name tree (ISO 32000-1 §7.7.4), the open action and
/// document, page, annotation and field actions; then any other JavaScript action anywhere in the
/// file (an indirect object, or a dictionary directly inside one).
fn javascript(
    pdf: &lopdf::Document,
    catalog: &Dictionary,
    pages: &[PageNode<'_>],
    budget: &mut Budget,
    hygiene: &mut Hygiene,
) {
    let mut found: Vec<&'static str> = Vec::new();
    if get_dict(pdf, catalog, b"Names").is_some_and(|names| names.has(b"JavaScript")) {
        found.push("document scripts");
    }
    if let Ok(open) = catalog.get(b"OpenAction")
        && runs_javascript(pdf, open, budget)
    {
        found.push("on opening");
    }
    if additional_actions_run_javascript(pdf, catalog, budget) {
        found.push("document actions");
    }
    if pages
        .iter()
        .any(|page| additional_actions_run_javascript(pdf, page.dict, budget))
    {
        found.push("page actions");
    }
    let annotation_js = pages.iter().any(|page| {
        get(pdf, page.dict, b"Annots")
            .and_then(|a| a.as_array().ok())
            .is_some_and(|annots| {
                annots.iter().any(|annot| {
                    resolve(pdf, annot)
                        .and_then(|(_, a)| dict_of(a))
                        .is_some_and(|annot| {
                            annot
                                .get(b"A")
                                .is_ok_and(|action| runs_javascript(pdf, action, budget))
                                || additional_actions_run_javascript(pdf, annot, budget)
                        })
                })
            })
    });
    if annotation_js {
        found.push("annotation or field actions");
    }
    if found.is_empty() && any_javascript_action(pdf, budget) {
        found.push("other actions");
    }
    hygiene.javascript = found;
}

/// Whether any indirect object, or a dictionary directly inside one, is a JavaScript action. A
/// fixed two levels, so the file's nesting costs nothing.
fn any_javascript_action(pdf: &lopdf::Document, budget: &mut Budget) -> bool {
    let is_js = |dict: &Dictionary| {
        dict.get(b"S")
            .and_then(Object::as_name)
            .is_ok_and(|s| s == b"JavaScript")
            || dict.has(b"JS")
    };
    for object in pdf.objects.values() {
        if !budget.step() {
            return false;
        }
        let Some(dict) = dict_of(object) else {
            continue;
        };
        if is_js(dict) || dict.iter().any(|(_, v)| dict_of(v).is_some_and(is_js)) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use lopdf::{Stream, StringFormat, dictionary};

    use super::*;
    use crate::limits::Limits;
    use crate::read::pdf::read_pdf;
    use crate::read::pdf_text::TextExtraction;

    fn font(pdf: &mut lopdf::Document, name: &str, file: Option<&str>) -> ObjectId {
        let mut descriptor = dictionary! { "Type" => "FontDescriptor", "FontName" => name };
        if let Some(key) = file {
            let program = pdf.add_object(Stream::new(dictionary! {}, b"font".to_vec()));
            descriptor.set(key, program);
        }
        let descriptor = pdf.add_object(descriptor);
        pdf.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => name,
            "FontDescriptor" => descriptor,
        })
    }

    /// A one-page PDF whose page has `resources`, `annots` and `page_extra`, and whose catalog has
    /// `catalog_extra`.
    fn pdf_bytes(
        build: impl FnOnce(&mut lopdf::Document) -> (Dictionary, Vec<Object>, Dictionary, Dictionary),
    ) -> Vec<u8> {
        let mut pdf = lopdf::Document::with_version("1.7");
        let pages_id = pdf.new_object_id();
        let (resources, annots, page_extra, catalog_extra) = build(&mut pdf);
        let resources = pdf.add_object(resources);
        let mut page = dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Annots" => annots,
        };
        for (key, value) in page_extra.iter() {
            page.set(key.clone(), value.clone());
        }
        let page = pdf.add_object(page);
        // Resources inherited from the page tree's root.
        pdf.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
                "Resources" => resources,
            }),
        );
        let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
        for (key, value) in catalog_extra.iter() {
            catalog.set(key.clone(), value.clone());
        }
        let catalog = pdf.add_object(catalog);
        pdf.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        pdf.save_to(&mut bytes).expect("an in-memory PDF saves");
        bytes
    }

    fn hygiene(bytes: &[u8]) -> Hygiene {
        read_pdf(bytes, &Limits::default(), &TextExtraction::Skip)
            .expect("reads")
            .hygiene
    }

    fn js(code: &str) -> Dictionary {
        dictionary! {
            "S" => "JavaScript",
            "JS" => Object::String(code.as_bytes().to_vec(), StringFormat::Literal),
        }
    }

    #[test]
    fn fonts_annotations_fields_and_scripts() {
        let bytes = pdf_bytes(|pdf| {
            let embedded = font(pdf, "ABCDEF+Calibri-Bold", Some("FontFile2"));
            let missing = font(pdf, "QWERTY+Calibri", None);
            let helvetica = pdf.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
            });
            let type3 = pdf.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type3" });
            let descendant = pdf.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "MS-Gothic",
                "FontDescriptor" => dictionary! { "Type" => "FontDescriptor" },
            });
            let composite = pdf.add_object(dictionary! {
                "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "MS-Gothic-Identity-H",
                "DescendantFonts" => vec![descendant.into()],
            });
            let georgia = font(pdf, "Georgia", None);
            // A form XObject whose resources name a font of their own, and the form itself.
            let form_id = pdf.new_object_id();
            pdf.objects.insert(
                form_id,
                Object::Stream(Stream::new(
                    dictionary! {
                        "Type" => "XObject", "Subtype" => "Form",
                        "Resources" => dictionary! {
                            "Font" => dictionary! { "F9" => georgia },
                            "XObject" => dictionary! { "Self" => form_id },
                        },
                    },
                    Vec::new(),
                )),
            );
            let resources = dictionary! {
                "Font" => dictionary! {
                    "F1" => embedded, "F2" => missing, "F3" => helvetica, "F4" => type3,
                    "F5" => composite, "F6" => missing,
                },
                "XObject" => dictionary! { "Fm1" => form_id },
            };
            let popup = pdf.add_object(dictionary! { "Type" => "Annot", "Subtype" => "Popup" });
            let note = pdf.add_object(dictionary! {
                "Type" => "Annot", "Subtype" => "Text", "Popup" => popup,
            });
            let annots = vec![
                note.into(),
                popup.into(),
                note.into(), // listed twice: counted once
                Object::Dictionary(dictionary! { "Subtype" => "Highlight" }),
                Object::Dictionary(dictionary! { "Subtype" => "Link", "A" => js("app.alert(1)") }),
                Object::Dictionary(dictionary! { "Subtype" => "Widget" }),
            ];
            let field =
                pdf.add_object(dictionary! { "FT" => "Tx", "T" => Object::string_literal("name") });
            let catalog = dictionary! {
                "AcroForm" => dictionary! { "Fields" => vec![field.into()] },
                "Names" => dictionary! { "JavaScript" => dictionary! { "Names" => Vec::<Object>::new() } },
                "OpenAction" => dictionary! {
                    "S" => "GoTo", "D" => Vec::<Object>::new(),
                    "Next" => vec![Object::Dictionary(js("this.print()"))],
                },
            };
            (resources, annots, dictionary! {}, catalog)
        });
        let h = hygiene(&bytes);
        assert_eq!(
            h.fonts_not_embedded,
            BTreeSet::from(["Calibri".to_string(), "Georgia".into(), "MS-Gothic".into()])
        );
        assert_eq!(
            h.annotations,
            BTreeMap::from([("Highlight".to_string(), 1), ("Text".to_string(), 1)])
        );
        assert_eq!((h.links, h.widgets, h.form_fields), (1, 1, 1));
        assert_eq!(
            h.javascript,
            vec![
                "document scripts",
                "on opening",
                "annotation or field actions"
            ]
        );
    }

    #[test]
    fn page_actions_and_scripts_elsewhere() {
        let bytes = pdf_bytes(|_| {
            let page = dictionary! { "AA" => dictionary! { "O" => js("1") } };
            (dictionary! {}, Vec::new(), page, dictionary! {})
        });
        assert_eq!(hygiene(&bytes).javascript, vec!["page actions"]);

        let bytes = pdf_bytes(|pdf| {
            // An action no walk reaches: found by the scan of every object.
            pdf.add_object(js("hidden()"));
            (dictionary! {}, Vec::new(), dictionary! {}, dictionary! {})
        });
        assert_eq!(hygiene(&bytes).javascript, vec!["other actions"]);

        let clean = pdf_bytes(|_| (dictionary! {}, Vec::new(), dictionary! {}, dictionary! {}));
        assert_eq!(hygiene(&clean), Hygiene::default());
    }

    #[test]
    fn a_next_chain_cycle_ends() {
        let mut pdf = lopdf::Document::with_version("1.7");
        let a = pdf.new_object_id();
        let b = pdf.add_object(dictionary! { "S" => "GoTo", "Next" => a });
        pdf.objects.insert(
            a,
            Object::Dictionary(dictionary! { "S" => "GoTo", "Next" => b }),
        );
        let mut budget = Budget(MAX_STEPS);
        assert!(!runs_javascript(&pdf, &Object::Reference(a), &mut budget));
        assert!(budget.0 > MAX_STEPS - 10, "each action visited once");
    }

    #[test]
    fn the_budget_stops_a_walk() {
        let mut budget = Budget(2);
        assert!(budget.step() && budget.step());
        assert!(!budget.step());
    }
}
