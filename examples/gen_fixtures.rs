//! Writes the generated .docx fixtures (and one PDF, with lopdf) into `fixtures/generated/`:
//! `cargo run --example gen_fixtures`.
//!
//! Each fixture exercises one thing Word's word count, the readers or the rules must get right. Their
//! expected figures live in `fixtures/manifest.toml` and were derived by hand from the counting rules,
//! never by running essaylint, so that the reader is tested against independent numbers. Keep the text
//! of a fixture short enough to count by eye; when you change a fixture, recount it and update the
//! manifest.
//!
//! Two fixtures are built with docx-rs, so that not every package has our own layout. The rest are
//! written part by part as strings: docx-rs cannot express text boxes in `mc:AlternateContent`,
//! complex or nested fields, `w:sym`, special hyphens, `w:ptab`, `w:cr`, moves, `w:customXml`,
//! `w:smartTag`, hidden text through styles, numbering, settings or `docProps/app.xml`. Every zip entry
//! carries the same fixed timestamp and `docProps/core.xml` fixed dates, so rerunning the generator
//! gives byte-identical files.

use std::error::Error;
use std::fs;
use std::io::{Cursor, Write};
use std::path::Path;

use docx_rs::{Docx as DocxRs, Paragraph, Run, Table, TableCell, TableRow, XMLDocx};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

/// Where the fixtures go, whatever directory cargo runs the example from.
const OUT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/generated");

const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// Namespace declarations on the root of every WordprocessingML part; unused ones are harmless.
const NS: &str = concat!(
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
    r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
    r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" "#,
    r#"xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" "#,
    r#"xmlns:v="urn:schemas-microsoft-com:vml" "#,
    r#"xmlns:o="urn:schemas-microsoft-com:office:office" "#,
    r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" "#,
    r#"mc:Ignorable="w14""#,
);

const WML_CT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
const DOCX_MAIN_CT: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const DOCM_MAIN_CT: &str = "application/vnd.ms-word.document.macroEnabled.main+xml";
const DOTX_MAIN_CT: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The revision attributes shared by every tracked change.
const REV: &str = r#"w:author="A. Reviewer" w:date="2024-01-01T00:00:00Z""#;

const NBSP: char = '\u{00A0}';

fn main() -> Result<()> {
    let out = Path::new(OUT_DIR);
    fs::create_dir_all(out)?;
    let fixtures = fixtures()?;
    for (name, entries) in &fixtures {
        write_zip(&out.join(format!("{name}.docx")), entries)?;
    }
    fs::write(out.join("pdf_javascript.pdf"), pdf_javascript()?)?;
    println!("wrote {} fixtures to {}", fixtures.len() + 1, out.display());
    Ok(())
}

/// A one-page A4 PDF whose text is "The Alliance welcomes its partners." (5 words, in Helvetica, one
/// of the standard 14 fonts, so not embedding it is no finding) and which runs JavaScript twice: a
/// document-level script in the catalog's `/Names` tree and an `/OpenAction`. No `/Info`, so no
/// author and no Producer. lopdf writes no date or file identifier, so the bytes are the same on
/// every run.
fn pdf_javascript() -> Result<Vec<u8>> {
    use lopdf::{Object, Stream, StringFormat, dictionary};
    let mut pdf = lopdf::Document::with_version("1.7");
    let pages_id = pdf.new_object_id();
    let font = pdf.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let content = pdf.add_object(Stream::new(
        dictionary! {},
        b"BT /F1 12 Tf 72 770 Td (The Alliance welcomes its partners.) Tj ET".to_vec(),
    ));
    let page = pdf.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
    });
    pdf.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let script = |code: &str| {
        dictionary! {
            "S" => "JavaScript",
            "JS" => Object::String(code.as_bytes().to_vec(), StringFormat::Literal),
        }
    };
    let catalog = pdf.add_object(dictionary! {
        "Type" => "Catalog", "Pages" => pages_id,
        "OpenAction" => script("app.alert('Hello');"),
        "Names" => dictionary! {
            "JavaScript" => dictionary! {
                "Names" => vec![
                    Object::String(b"init".to_vec(), StringFormat::Literal),
                    Object::Dictionary(script("var x = 1;")),
                ],
            },
        },
    });
    pdf.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes)?;
    Ok(bytes)
}

/// The zip entries of one package, in the order they are written.
type Entries = Vec<(String, Vec<u8>)>;

/// Every fixture by file stem.
fn fixtures() -> Result<Vec<(&'static str, Entries)>> {
    let raw: Vec<(&'static str, Docx)> = vec![
        ("content_control", content_control()),
        (
            "hyperlink_smarttag_customxml",
            hyperlink_smarttag_customxml(),
        ),
        ("fields", fields()),
        ("sym_nbhyphen_softhyphen", sym_nbhyphen_softhyphen()),
        ("tabs_breaks", tabs_breaks()),
        ("dashes_punct", dashes_punct()),
        ("nbsp_french", nbsp_french()),
        ("textbox_alternatecontent", textbox_alternatecontent()),
        ("footnotes_endnotes", footnotes_endnotes()),
        ("headers_footers", headers_footers()),
        ("comments", comments()),
        ("tracked_changes", tracked_changes()),
        ("hidden_direct", hidden_direct()),
        ("hidden_by_char_style", hidden_by_char_style()),
        ("hidden_by_para_style", hidden_by_para_style()),
        ("numbering", numbering()),
        ("settings_exclude_subdocs", settings_exclude_subdocs()),
        ("page_a4", paper(&sect(11906, 16838, false, ""))),
        ("page_letter", paper(&sect(12240, 15840, false, ""))),
        ("page_a4_landscape", paper(&sect(16838, 11906, true, ""))),
        ("app_props", app_props()),
        ("over_limit_501", word_limit(501, 0)),
        ("at_limit_500", word_limit(500, 0)),
        ("nbsp_ambiguous", word_limit(503, 5)),
        (
            "docm_content_type",
            main_content_type(DOCM_MAIN_CT, "Macros are not allowed."),
        ),
        (
            "dotx_content_type",
            main_content_type(DOTX_MAIN_CT, "Templates are not essays."),
        ),
        ("dtd_declared", dtd_declared()),
        ("truncated_xml", truncated_xml()),
        ("hygiene_properties", hygiene_properties()),
        ("hygiene_macros_objects", hygiene_macros_objects()),
        ("character_counts", character_counts()),
    ];
    let mut all = vec![
        ("runs_split_words", docx_rs_entries(runs_split_words())),
        ("table", docx_rs_entries(table())),
    ];
    all.extend(raw.into_iter().map(|(name, docx)| {
        let entries = docx.entries(name);
        (name, entries)
    }));
    for (name, _) in &all {
        if all.iter().filter(|(other, _)| other == name).count() != 1 {
            return Err(format!("fixture {name} is defined twice").into());
        }
    }
    Ok(all)
}

// ---------------------------------------------------------------------------------------------------
// The fixtures. Each comment gives the hand count that `fixtures/manifest.toml` records.
// ---------------------------------------------------------------------------------------------------

/// Body 11: "The Alliance works with partners across Europe." (7) and "Its co-operation is
/// longstanding." (4), with "Alliance", "partners", "co-operation" and "longstanding" split across
/// runs of differing formatting.
fn runs_split_words() -> XMLDocx {
    let run = |text: &str| Run::new().add_text(text);
    DocxRs::new()
        .page_size(11906, 16838)
        .add_paragraph(
            Paragraph::new()
                .add_run(run("The Al"))
                .add_run(run("liance works"))
                .add_run(run(" with part"))
                .add_run(run("ners").bold())
                .add_run(run(" across Europe.")),
        )
        .add_paragraph(
            Paragraph::new()
                .add_run(run("Its co"))
                .add_run(run("-").italic())
                .add_run(run("operation is long"))
                .add_run(run("standing.").bold()),
        )
        .build()
}

/// Body 18: "The table below compares the two groups." (7), cells "Member states" (2), "Partner
/// countries" (2), "Thirty-two" (1), "Many, including:" (2) holding a nested table "Austria" |
/// "Ireland" (2), then "Cooperation continues." (2). Cell boundaries separate words.
fn table() -> XMLDocx {
    let para = |text: &str| Paragraph::new().add_run(Run::new().add_text(text));
    let cell = |text: &str| TableCell::new().add_paragraph(para(text));
    // docx-rs leaves `w:tblGrid` empty unless told; the widths fill the text area of its A4 margins.
    let nested = Table::new(vec![TableRow::new(vec![cell("Austria"), cell("Ireland")])])
        .set_grid(vec![2000, 2000]);
    let outer = Table::new(vec![
        TableRow::new(vec![cell("Member states"), cell("Partner countries")]),
        TableRow::new(vec![
            cell("Thirty-two"),
            TableCell::new()
                .add_paragraph(para("Many, including:"))
                .add_table(nested)
                // Word requires a cell to end with a paragraph.
                .add_paragraph(Paragraph::new()),
        ]),
    ])
    .set_grid(vec![4252, 4252]);
    DocxRs::new()
        .page_size(11906, 16838)
        .add_paragraph(para("The table below compares the two groups."))
        .add_table(outer)
        .add_paragraph(para("Cooperation continues."))
        .build()
}

/// Body 13: a block `w:sdt` holding "Candidate statement follows below." (4) and a paragraph "I have
/// worked on partnership programmes for six years." (9) whose middle is an inline `w:sdt`.
fn content_control() -> Docx {
    let block = format!(
        r#"<w:sdt><w:sdtPr><w:alias w:val="Statement"/><w:tag w:val="statement"/><w:id w:val="101"/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>"#,
        para("Candidate statement follows below.")
    );
    let inline = format!(
        r#"<w:sdt><w:sdtPr><w:alias w:val="Area"/><w:tag w:val="area"/><w:id w:val="102"/><w:text/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>"#,
        run("partnership programmes")
    );
    let body = block + &p(&(run("I have worked on ") + &inline + &run(" for six years.")));
    Docx::new(document(&body, &sect_a4()))
}

/// Body 17: "Read the Partnership Interoperability Initiative online." (6, the link's text split
/// inside "Interoperability"), "The summit in Vilnius agreed new partnership goals." (8, "Vilnius" in
/// a `w:smartTag`, "partnership goals" in an inline `w:customXml`, the full stop in its own run) and
/// "Partners welcome this." (3) inside a block-level `w:customXml`.
fn hyperlink_smarttag_customxml() -> Docx {
    let link = format!(
        r#"<w:hyperlink r:id="{HYPERLINK_RID}" w:history="1">{}{}</w:hyperlink>"#,
        run("Partnership Interoper"),
        run("ability Initiative")
    );
    let smart = format!(
        r#"<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="City">{}</w:smartTag>"#,
        run("Vilnius")
    );
    let custom = format!(
        r#"<w:customXml w:uri="urn:essaylint:fixtures" w:element="term">{}</w:customXml>"#,
        run("partnership goals")
    );
    let block = format!(
        r#"<w:customXml w:uri="urn:essaylint:fixtures" w:element="section">{}</w:customXml>"#,
        para("Partners welcome this.")
    );
    let body = [
        p(&(run("Read the ") + &link + &run(" online."))),
        p(&(run("The summit in ") + &smart + &run(" agreed new ") + &custom + &run("."))),
        block,
    ]
    .concat();
    Docx::new(document(&body, &sect_a4()))
        .with_link("https://www.nato.int/cps/en/natohq/topics_84336.htm")
}

/// Body 16: "See page 3 for the full argument." (7, "3" the result of a `w:fldSimple`), "Source: NATO
/// website (accessed 2024)." (5, "NATO website" the result of a complex HYPERLINK field whose
/// instruction holds a URL) and "The text continued here." (4, "continued" the result of an IF field
/// whose instruction holds a nested PAGE field with result "2", which does not count).
fn fields() -> Docx {
    let simple = format!(
        r#"<w:fldSimple w:instr=" PAGE   \* MERGEFORMAT ">{}</w:fldSimple>"#,
        run("3")
    );
    let hyperlink = [
        fld_char("begin"),
        instr(r#" HYPERLINK "https://www.nato.int" "#),
        fld_char("separate"),
        run("NATO website"),
        fld_char("end"),
    ]
    .concat();
    let nested = [
        fld_char("begin"),
        instr(" IF "),
        fld_char("begin"),
        instr(" PAGE "),
        fld_char("separate"),
        run("2"),
        fld_char("end"),
        instr(r#" > 1 "continued" "" "#),
        fld_char("separate"),
        run("continued"),
        fld_char("end"),
    ]
    .concat();
    let body = [
        p(&(run("See page ") + &simple + &run(" for the full argument."))),
        p(&(run("Source: ") + &hyperlink + &run(" (accessed 2024)."))),
        p(&(run("The text ") + &nested + &run(" here."))),
    ]
    .concat();
    Docx::new(document(&body, &sect_a4()))
}

/// Body 14: "The well‑known treaty binds allies." (5, a `w:noBreakHyphen` joining), "Interoperability
/// matters in temperatures of 30°C too." (7, a `w:softHyphen` inside "Interoperability", a `w:sym`
/// degree sign joining "30" and "C") and "Agreed ✓" (2, a `w:sym` tick standing alone).
fn sym_nbhyphen_softhyphen() -> Docx {
    let body = [
        p(&format!(
            r#"<w:r>{}<w:noBreakHyphen/>{}</w:r>"#,
            wt("The well"),
            wt("known treaty binds allies.")
        )),
        p(&[
            format!(
                r#"<w:r>{}<w:softHyphen/>{}</w:r>"#,
                wt("Inter"),
                wt("operability matters in temperatures of 30")
            ),
            r#"<w:r><w:sym w:font="Symbol" w:char="F0B0"/></w:r>"#.to_owned(),
            run("C too."),
        ]
        .concat()),
        p(&(run("Agreed ") + r#"<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>"#)),
    ]
    .concat();
    Docx::new(document(&body, &sect_a4()))
}

/// Body 8: "Alliance", "partners", "share", "goals", "and", "values." (6) separated only by a
/// `w:tab`, a `w:ptab`, a `w:br`, a page break and a `w:cr`, then "Ends here." (2).
fn tabs_breaks() -> Docx {
    let first = [
        format!("<w:r>{}<w:tab/></w:r>", wt("Alliance")),
        run("partners"),
        r#"<w:r><w:ptab w:relativeTo="margin" w:alignment="center" w:leader="none"/></w:r>"#
            .to_owned(),
        format!("<w:r>{}<w:br/>{}</w:r>", wt("share"), wt("goals")),
        r#"<w:r><w:br w:type="page"/></w:r>"#.to_owned(),
        format!("<w:r>{}<w:cr/>{}</w:r>", wt("and"), wt("values.")),
    ]
    .concat();
    let body = p(&first) + &para("Ends here.");
    Docx::new(document(&body, &sect_a4()))
}

/// Body 48, word by word:
/// - "Euro|Atlantic security shared and Euro|Atlantic trust & resolve: » always." (12: an en dash and
///   an em dash inside words split them, standing alone they are no words, `&` and `»` are);
/// - "Members and/or partners : see the plan… and the annex... too." (11);
/// - "Visit https://www.nato.int/cps/en or write to press@hq.nato.int today." (7);
/// - "Budgets rose 1,000.5 million, or 3.14 per cent, in l'Alliance - as noted." (13, the lone
///   hyphen-minus a word);
/// - "The Alliance’s partners’ role grows." (5).
fn dashes_punct() -> Docx {
    let body = [
        "Euro\u{2013}Atlantic security \u{2013} shared \u{2014} and Euro\u{2014}Atlantic trust & resolve: \u{00BB} always.",
        "Members and/or partners : see the plan\u{2026} and the annex... too.",
        "Visit https://www.nato.int/cps/en or write to press@hq.nato.int today.",
        "Budgets rose 1,000.5 million, or 3.14 per cent, in l'Alliance - as noted.",
        "The Alliance\u{2019}s partners\u{2019} role grows.",
    ]
    .map(para)
    .concat();
    Docx::new(document(&body, &sect_a4()))
}

/// Body 18 joining, 25 separating:
/// - "L'Alliance est forte ; elle protège ses membres !" (7 / 9, U+00A0 before `;` and `!`);
/// - "Le sommet a dit : « partenariat » et coopération ?" (7 / 11, U+00A0 before `:` and inside the
///   guillemets, U+202F before `?`);
/// - "Elle compte 32 000 soldats." (4 / 5, U+2007 in the number).
fn nbsp_french() -> Docx {
    let body = [
        format!("L'Alliance est forte{NBSP}; elle protège ses membres{NBSP}!"),
        format!("Le sommet a dit{NBSP}: «{NBSP}partenariat{NBSP}» et coopération\u{202F}?"),
        "Elle compte 32\u{2007}000 soldats.".to_owned(),
    ]
    .map(|text| para(&text))
    .concat();
    Docx::new(document(&body, &sect_a4()))
}

/// Word's other statistics, counted by hand (characters without spaces / with spaces):
/// - "Partners", a `w:tab`, "share goals." (19 / 21: the tab is a space);
/// - "Dialogue builds trust;", a `w:br`, "allies agree." (32 / 36: three spaces and the line
///   break, which is a space; two lines);
/// - an empty paragraph (0 / 0: neither a paragraph nor a line);
/// - "Pourquoi", U+00A0, "? Parce que." (18 / 21: the non-breaking space is a space);
/// - "Euro–Atlantic security — 2024" and a footnote reference (26 / 29: the dashes are
///   characters; the reference mark is none);
/// - footnote " See the treaty." (13 / 16, with the space Word writes after the mark).
///
/// Characters 108, with spaces 123, paragraphs 5, lines 6 (each paragraph fits on a line of A4).
/// Words: body 3 + 5 + 3 (4 separating) + 4, footnotes 3: 18 joining, 19 separating.
fn character_counts() -> Docx {
    let body = [
        p(&(format!("<w:r>{}<w:tab/></w:r>", wt("Partners")) + &run("share goals."))),
        p(&format!(
            "<w:r>{}<w:br/>{}</w:r>",
            wt("Dialogue builds trust;"),
            wt("allies agree.")
        )),
        "<w:p/>".to_owned(),
        para(&format!("Pourquoi{NBSP}? Parce que.")),
        p(&(run("Euro\u{2013}Atlantic security \u{2014} 2024") + &note_ref("footnote", 1))),
    ]
    .concat();
    Docx::new(document(&body, &sect_a4()))
        .with(Part::Styles, styles(NOTE_STYLES))
        .with(Part::Settings, settings(""))
        .with(Part::Footnotes, notes("footnote", &[" See the treaty."]))
}

/// Body 8: "The main text is short." (5) and "See the box." (3); text boxes 6: one box (written twice,
/// as DrawingML and as its VML fallback) holding "Key point: partners matter." (4) and "Allies
/// agree." (2).
fn textbox_alternatecontent() -> Docx {
    let box_text = para("Key point: partners matter.") + &para("Allies agree.");
    let body =
        para("The main text is short.") + &p(&(run("See the box.") + &text_box(1, &box_text)));
    Docx::new(document(&body, &sect_a4()))
}

/// Body 10: "Collective defence is central." (4) "Partners help too." (3) "The summit closed." (3),
/// each followed by a note reference. Footnotes 7: "See the Washington Treaty, Article 5." (6) and
/// "Ibid." (1). Endnotes 4: "Final communiqué, Vilnius 2023." Both parts hold separator notes.
fn footnotes_endnotes() -> Docx {
    let body = p(&(run("Collective defence is central.")
        + &note_ref("footnote", 1)
        + &run(" Partners help too.")
        + &note_ref("footnote", 2)))
        + &p(&(run("The summit closed.") + &note_ref("endnote", 1)));
    Docx::new(document(&body, &sect_a4()))
        .with(Part::Styles, styles(NOTE_STYLES))
        .with(Part::Settings, settings(""))
        .with(
            Part::Footnotes,
            notes(
                "footnote",
                &[" See the Washington Treaty, Article 5.", " Ibid."],
            ),
        )
        .with(
            Part::Endnotes,
            notes("endnote", &[" Final communiqué, Vilnius 2023."]),
        )
}

/// Body 3: "Partnerships extend security." Headers and footers 6: header "NATO Partnerships Essay"
/// (3), footer "Candidate number 42" (3).
fn headers_footers() -> Docx {
    let refs = format!(
        r#"<w:headerReference w:type="default" r:id="{HEADER_RID}"/><w:footerReference w:type="default" r:id="{FOOTER_RID}"/>"#
    );
    let body = para("Partnerships extend security.");
    Docx::new(document(&body, &sect(11906, 16838, false, &refs)))
        .with(
            Part::Header,
            format!(
                "{XML_DECL}<w:hdr {NS}>{}</w:hdr>",
                para("NATO Partnerships Essay")
            ),
        )
        .with(
            Part::Footer,
            format!(
                "{XML_DECL}<w:ftr {NS}>{}</w:ftr>",
                para("Candidate number 42")
            ),
        )
}

/// Body 9: "The Alliance relies on partners for stability." (7) and "Dialogue matters." (2), each
/// with a comment range and reference. Comments 7: "Please cite a source here." (5, by A. Reviewer)
/// and "Good point." (2, by B. Editor), each opening with Word's `w:annotationRef` mark.
fn comments() -> Docx {
    let reference = |id: u32| {
        format!(
            r#"<w:commentRangeEnd w:id="{id}"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{id}"/></w:r>"#
        )
    };
    let body = p(&(run("The Alliance ")
        + r#"<w:commentRangeStart w:id="0"/>"#
        + &run("relies on partners")
        + &reference(0)
        + &run(" for stability.")))
        + &p(&(r#"<w:commentRangeStart w:id="1"/>"#.to_owned()
            + &run("Dialogue matters.")
            + &reference(1)));
    let comment = |id: u32, author: &str, initials: &str, text: &str| {
        format!(
            r#"<w:comment w:id="{id}" w:author="{author}" w:date="2024-01-01T00:00:00Z" w:initials="{initials}"><w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>{}</w:p></w:comment>"#,
            run(text)
        )
    };
    let xml = format!(
        "{XML_DECL}<w:comments {NS}>{}{}</w:comments>",
        comment(0, "A. Reviewer", "AR", "Please cite a source here."),
        comment(1, "B. Editor", "BE", "Good point.")
    );
    Docx::new(document(&body, &sect_a4()))
        .with(Part::Styles, styles(COMMENT_STYLES))
        .with(Part::Comments, xml)
}

/// Body 13: "The Alliance steadily expanded its partnerships." (6, "quickly" deleted, "steadily"
/// inserted), a moved-away paragraph "Dialogue builds trust." (0), "Exercises improve joint
/// readiness." (4, "joint" inserted) and the moved-to paragraph "Dialogue builds trust." (3).
fn tracked_changes() -> Docx {
    let moved = "Dialogue builds trust.";
    let body = [
        p(&(run("The Alliance ")
            + &format!(
                r#"<w:del w:id="1" {REV}><w:r><w:delText xml:space="preserve">quickly </w:delText></w:r></w:del>"#
            )
            + &format!(r#"<w:ins w:id="2" {REV}>{}</w:ins>"#, run("steadily "))
            + &run("expanded its partnerships."))),
        format!(
            r#"<w:p><w:pPr><w:rPr><w:moveFrom w:id="3" {REV}/></w:rPr></w:pPr><w:moveFromRangeStart w:id="4" {REV} w:name="move1"/><w:moveFrom w:id="5" {REV}>{}</w:moveFrom><w:moveFromRangeEnd w:id="4"/></w:p>"#,
            run(moved)
        ),
        p(&(run("Exercises improve ")
            + &format!(r#"<w:ins w:id="6" {REV}>{}</w:ins>"#, run("joint "))
            + &run("readiness."))),
        format!(
            r#"<w:p><w:pPr><w:rPr><w:moveTo w:id="7" {REV}/></w:rPr></w:pPr><w:moveToRangeStart w:id="8" {REV} w:name="move1"/><w:moveTo w:id="9" {REV}>{}</w:moveTo><w:moveToRangeEnd w:id="8"/></w:p>"#,
            run(moved)
        ),
    ]
    .concat();
    Docx::new(document(&body, &sect_a4()))
}

/// Body 6: "Allies share intelligence." (3, "secret" hidden) and "Visible text only." (3, "only."
/// carrying `w:vanish w:val="0"`, which is not hidden; " Hidden note here." hidden).
fn hidden_direct() -> Docx {
    let body =
        p(&(run("Allies share ") + &styled_run("<w:vanish/>", "secret ") + &run("intelligence.")))
            + &p(&(run("Visible text ")
                + &styled_run(r#"<w:vanish w:val="0"/>"#, "only.")
                + &styled_run("<w:vanish/>", " Hidden note here.")));
    Docx::new(document(&body, &sect_a4()))
}

/// Body 5: "Partners contribute troops." (3, "confidential" in a hidden character style) and "Public
/// summary." (2).
fn hidden_by_char_style() -> Docx {
    let body = p(&(run("Partners ")
        + &styled_run(r#"<w:rStyle w:val="HiddenChar"/>"#, "confidential ")
        + &run("contribute troops.")))
        + &para("Public summary.");
    let style = r#"<w:style w:type="character" w:customStyle="1" w:styleId="HiddenChar"><w:name w:val="Hidden Char"/><w:rPr><w:vanish/></w:rPr></w:style>"#;
    Docx::new(document(&body, &sect_a4())).with(Part::Styles, styles(style))
}

/// Body 5: "Open paragraph counts." (3), a paragraph in a hidden paragraph style (0) and "Closing
/// remark." (2).
fn hidden_by_para_style() -> Docx {
    let body = para("Open paragraph counts.")
        + &format!(
            r#"<w:p><w:pPr><w:pStyle w:val="HiddenPara"/></w:pPr>{}</w:p>"#,
            run("This whole paragraph is hidden.")
        )
        + &para("Closing remark.");
    let style = r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="HiddenPara"><w:name w:val="Hidden Para"/><w:basedOn w:val="Normal"/><w:rPr><w:vanish/></w:rPr></w:style>"#;
    Docx::new(document(&body, &sect_a4())).with(Part::Styles, styles(style))
}

/// Body 15: "Three priorities:" (2), "1. Deterrence" (2), "2. Crisis management" (3), "3.
/// Cooperative security" (3), "• Dialogue" (2), "• Joint exercises" (3); the labels come from
/// `word/numbering.xml`.
fn numbering() -> Docx {
    let item = |num_id: u32, text: &str| {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr><w:ind w:left="720" w:hanging="360"/></w:pPr>{}</w:p>"#,
            run(text)
        )
    };
    let body = [
        para("Three priorities:"),
        item(1, "Deterrence"),
        item(1, "Crisis management"),
        item(1, "Cooperative security"),
        item(2, "Dialogue"),
        item(2, "Joint exercises"),
    ]
    .concat();
    let level = |format: &str, text: &str| {
        format!(
            r#"<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>"#
        )
    };
    let xml = format!(
        r#"{XML_DECL}<w:numbering {NS}><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>{}</w:abstractNum><w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#,
        level("decimal", "%1."),
        level("bullet", "\u{2022}")
    );
    Docx::new(document(&body, &sect_a4())).with(Part::Numbering, xml)
}

/// Body 3: "Partners train together." Text boxes 2: "Shared values." Footnotes 5: "See the 2022
/// Strategic Concept." With `w:doNotIncludeSubdocsInStats` only the body counts: words 3.
fn settings_exclude_subdocs() -> Docx {
    let body = p(&(run("Partners train together.") + &note_ref("footnote", 1)))
        + &p(&text_box(1, &para("Shared values.")));
    Docx::new(document(&body, &sect_a4()))
        .with(Part::Styles, styles(NOTE_STYLES))
        .with(Part::Settings, settings("<w:doNotIncludeSubdocsInStats/>"))
        .with(
            Part::Footnotes,
            notes("footnote", &[" See the 2022 Strategic Concept."]),
        )
}

/// Body 5: "Paper size matters for submissions." on the paper `sect_pr` sets.
fn paper(sect_pr: &str) -> Docx {
    Docx::new(document(
        &para("Paper size matters for submissions."),
        sect_pr,
    ))
}

/// Body 6: "Metadata may disagree with the text." while `docProps/app.xml` claims 3 pages and 999
/// words.
fn app_props() -> Docx {
    let app = concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" "#,
        r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
        "<Template>Normal.dotm</Template><TotalTime>0</TotalTime><Pages>3</Pages><Words>999</Words>",
        "<Characters>5700</Characters><Application>Microsoft Office Word</Application>",
        "<DocSecurity>0</DocSecurity><Lines>47</Lines><Paragraphs>13</Paragraphs>",
        "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>",
        "<CharactersWithSpaces>6690</CharactersWithSpaces><SharedDoc>false</SharedDoc>",
        "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>",
    );
    let body = para("Metadata may disagree with the text.");
    let mut docx = Docx::new(document(&body, &sect_a4()));
    docx.app = Some(app.to_owned());
    docx
}

/// Body 13: "This essay was written at work on a borrowed laptop." (10) and "See the website." (3,
/// "website" a hyperlink, the full stop in the run after it).
///
/// The package carries what submission hygiene reports: `docProps/core.xml` naming author "J.
/// Smith" and last editor "jsmith"; `docProps/app.xml` with company "Ministry of X" and template
/// "Ministry Letter.dotx"; `settings.xml` with read-only protection enforced and a template
/// attached through an external relationship of `settings.xml.rels` (a `file:///` path under
/// `C:/Users/jsmith`); an external (linked) picture and an external hyperlink among the main
/// document's relationships.
fn hygiene_properties() -> Docx {
    let app = concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" "#,
        r#"xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#,
        "<Template>Ministry Letter.dotx</Template><Application>Microsoft Office Word</Application>",
        "<Company>Ministry of X</Company><AppVersion>16.0000</AppVersion></Properties>",
    );
    let settings_rels = format!(
        r#"{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_NS}/attachedTemplate" Target="file:///C:/Users/jsmith/AppData/Roaming/Microsoft/Templates/Ministry%20Letter.dotx" TargetMode="External"/></Relationships>"#
    );
    let body = para("This essay was written at work on a borrowed laptop.")
        + &p(&(run("See the ")
            + &format!(
                r#"<w:hyperlink r:id="{HYPERLINK_RID}">{}</w:hyperlink>"#,
                run("website")
            )
            + &run(".")));
    let mut docx = Docx::new(document(&body, &sect_a4()))
        // In ECMA-376's order (CT_Settings): the attached template, then the protection, both
        // before the tab stop.
        .with(
            Part::Settings,
            format!(
                r#"{XML_DECL}<w:settings {NS}><w:attachedTemplate r:id="rId1"/><w:documentProtection w:edit="readOnly" w:enforcement="1"/><w:defaultTabStop w:val="720"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#
            ),
        )
        .with_link("https://www.nato.int/");
    docx.app = Some(app.to_owned());
    docx.people = Some(("J. Smith", "jsmith"));
    docx.extra_rels.push(format!(
        r#"<Relationship Id="rId20" Type="{REL_NS}/image" Target="http://intranet.example/logo.png" TargetMode="External"/>"#
    ));
    docx.extra_entries.push((
        "word/_rels/settings.xml.rels".into(),
        settings_rels.into_bytes(),
    ));
    docx
}

/// Body 5: "The figures are attached below." (5). The package holds a VBA project
/// (`word/vbaProject.bin`, related from the main document as Word relates it in a .docm, though
/// the main part's content type stays that of a .docx) and one embedded OLE object
/// (`word/embeddings/oleObject1.bin`, related as `oleObject`). Neither is referenced from the text,
/// which changes nothing for the reader: it looks at the package.
fn hygiene_macros_objects() -> Docx {
    let mut docx = Docx::new(document(
        &para("The figures are attached below."),
        &sect_a4(),
    ));
    docx.extra_rels.push(
        r#"<Relationship Id="rId21" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>"#
            .to_owned(),
    );
    docx.extra_rels.push(format!(
        r#"<Relationship Id="rId22" Type="{REL_NS}/oleObject" Target="embeddings/oleObject1.bin"/>"#
    ));
    docx.extra_types.push(
        r#"<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.oleObject"/><Override PartName="/word/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>"#
            .to_owned(),
    );
    // Not real OLE compound files: the reader only notes that the parts are there.
    docx.extra_entries.push((
        "word/vbaProject.bin".into(),
        b"not a real VBA project".to_vec(),
    ));
    docx.extra_entries.push((
        "word/embeddings/oleObject1.bin".into(),
        b"not a real OLE object".to_vec(),
    ));
    docx
}

/// Exactly `words` body words of prose on A4, with `nbsp` of the spaces (the one after the second
/// word of each of the first `nbsp` paragraphs) made U+00A0: `words - nbsp` joining, `words`
/// separating.
fn word_limit(words: usize, nbsp: usize) -> Docx {
    let paragraphs = prose(words);
    assert!(
        paragraphs.len() >= nbsp,
        "too few paragraphs for {nbsp} NBSPs"
    );
    let mut body = String::new();
    for (index, words) in paragraphs.iter().enumerate() {
        let mut text = String::new();
        for (position, word) in words.iter().enumerate() {
            if position == 2 && index < nbsp {
                text.push(NBSP);
            } else if position > 0 {
                text.push(' ');
            }
            text.push_str(word);
        }
        body.push_str(&para(&text));
    }
    // 10 pt text keeps 500 words well inside one A4 page, whatever estimates the layout.
    Docx::new(document(&body, &sect_a4())).with(Part::Styles, styles(""))
}

/// A valid package of one sentence whose main part has content type `content_type`.
fn main_content_type(content_type: &'static str, text: &str) -> Docx {
    let mut docx = Docx::new(document(&para(text), &sect_a4()));
    docx.main_content_type = content_type;
    docx
}

/// A document declaring an internal entity in a DTD and using it in the text; Word refuses DTDs.
fn dtd_declared() -> Docx {
    let xml = format!(
        r#"{XML_DECL}<!DOCTYPE w:document [<!ENTITY org "North Atlantic Treaty Organization">]><w:document {NS}><w:body><w:p><w:r><w:t>The &org; welcomes partners.</w:t></w:r></w:p>{}</w:body></w:document>"#,
        sect_a4()
    );
    Docx::new(xml)
}

/// A document cut off inside the `<w:b/>` start tag of its second paragraph.
fn truncated_xml() -> Docx {
    let full = document(
        &(para("Partners matter.") + &p(&styled_run("<w:b/>", "Second paragraph."))),
        &sect_a4(),
    );
    let cut = full
        .find("<w:b/>")
        .map_or(full.len(), |at| at + "<w:b".len());
    Docx::new(full[..cut].to_owned())
}

// ---------------------------------------------------------------------------------------------------
// WordprocessingML snippets.
// ---------------------------------------------------------------------------------------------------

/// `text` escaped for XML character data and attribute values.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A `w:t` keeping its leading and trailing spaces.
fn wt(text: &str) -> String {
    format!(r#"<w:t xml:space="preserve">{}</w:t>"#, esc(text))
}

fn run(text: &str) -> String {
    format!("<w:r>{}</w:r>", wt(text))
}

fn styled_run(rpr: &str, text: &str) -> String {
    format!("<w:r><w:rPr>{rpr}</w:rPr>{}</w:r>", wt(text))
}

fn p(content: &str) -> String {
    format!("<w:p>{content}</w:p>")
}

/// A paragraph of one run.
fn para(text: &str) -> String {
    p(&run(text))
}

fn fld_char(kind: &str) -> String {
    format!(r#"<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>"#)
}

fn instr(code: &str) -> String {
    format!(
        r#"<w:r><w:instrText xml:space="preserve">{}</w:instrText></w:r>"#,
        esc(code)
    )
}

/// A run referring to footnote or endnote `id` (`kind` is `footnote` or `endnote`).
fn note_ref(kind: &str, id: u32) -> String {
    let style = if kind == "footnote" {
        "FootnoteReference"
    } else {
        "EndnoteReference"
    };
    format!(
        r#"<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr><w:{kind}Reference w:id="{id}"/></w:r>"#
    )
}

/// A footnotes or endnotes part: Word's separator and continuation separator (ids -1 and 0), then one
/// note per text, numbered from 1, each opening with its reference mark.
fn notes(kind: &str, texts: &[&str]) -> String {
    let (text_style, ref_style, ref_mark) = if kind == "footnote" {
        ("FootnoteText", "FootnoteReference", "footnoteRef")
    } else {
        ("EndnoteText", "EndnoteReference", "endnoteRef")
    };
    let spacing = r#"<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>"#;
    let mut xml = format!(
        r#"{XML_DECL}<w:{kind}s {NS}><w:{kind} w:type="separator" w:id="-1"><w:p>{spacing}<w:r><w:separator/></w:r></w:p></w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p>{spacing}<w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>"#
    );
    for (id, text) in (1..).zip(texts) {
        xml.push_str(&format!(
            r#"<w:{kind} w:id="{id}"><w:p><w:pPr><w:pStyle w:val="{text_style}"/></w:pPr><w:r><w:rPr><w:rStyle w:val="{ref_style}"/></w:rPr><w:{ref_mark}/></w:r>{}</w:p></w:{kind}>"#,
            run(text)
        ));
    }
    xml.push_str(&format!("</w:{kind}s>"));
    xml
}

/// A run anchoring text box `id` holding `content` (paragraphs), as Word writes it: DrawingML in
/// `mc:Choice`, the same text again in a VML `mc:Fallback`.
fn text_box(id: u32, content: &str) -> String {
    format!(
        concat!(
            r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>"#,
            r#"<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">"#,
            r#"<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>"#,
            r#"<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>"#,
            r#"<wp:extent cx="2743200" cy="914400"/><wp:effectExtent l="0" t="0" r="0" b="0"/>"#,
            r#"<wp:wrapSquare wrapText="bothSides"/><wp:docPr id="{id}" name="Text Box {id}"/><wp:cNvGraphicFramePr/>"#,
            r#"<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">"#,
            r#"<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2743200" cy="914400"/></a:xfrm>"#,
            r#"<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>"#,
            r#"<wps:txbx><w:txbxContent>{content}</w:txbxContent></wps:txbx>"#,
            r#"<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t" anchorCtr="0"><a:noAutofit/></wps:bodyPr>"#,
            r#"</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"#,
            r#"<mc:Fallback><w:pict>"#,
            r#"<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>"#,
            r##"<v:shape id="Text Box {id}" o:spid="_x0000_s102{id}" type="#_x0000_t202" style="position:absolute;margin-left:0;margin-top:0;width:216pt;height:72pt;z-index:251659264">"##,
            r#"<v:textbox><w:txbxContent>{content}</w:txbxContent></v:textbox></v:shape>"#,
            r#"</w:pict></mc:Fallback></mc:AlternateContent></w:r>"#,
        ),
        id = id,
        content = content
    )
}

/// `word/document.xml` with `body` (block content) and the final section properties `sect_pr`.
fn document(body: &str, sect_pr: &str) -> String {
    format!("{XML_DECL}<w:document {NS}><w:body>{body}{sect_pr}</w:body></w:document>")
}

/// Section properties for a page of `w` × `h` twentieths of a point with one-inch margins; `refs`
/// are header and footer references.
fn sect(w: u32, h: u32, landscape: bool, refs: &str) -> String {
    let orient = if landscape {
        r#" w:orient="landscape""#
    } else {
        ""
    };
    format!(
        r#"<w:sectPr>{refs}<w:pgSz w:w="{w}" w:h="{h}"{orient}/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/><w:cols w:space="708"/></w:sectPr>"#
    )
}

fn sect_a4() -> String {
    sect(11906, 16838, false, "")
}

/// Styles for note text and reference marks.
const NOTE_STYLES: &str = concat!(
    r#"<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="16"/></w:rPr></w:style>"#,
    r#"<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>"#,
    r#"<w:style w:type="paragraph" w:styleId="EndnoteText"><w:name w:val="endnote text"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="16"/></w:rPr></w:style>"#,
    r#"<w:style w:type="character" w:styleId="EndnoteReference"><w:name w:val="endnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>"#,
);

/// Styles for comment text and reference marks.
const COMMENT_STYLES: &str = concat!(
    r#"<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/></w:style>"#,
    r#"<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:rPr><w:sz w:val="16"/></w:rPr></w:style>"#,
);

/// `word/styles.xml`: 10 pt defaults, the Normal style, then `extra` style definitions.
fn styles(extra: &str) -> String {
    format!(
        r#"{XML_DECL}<w:styles {NS}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="20"/><w:szCs w:val="20"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>{extra}</w:styles>"#
    )
}

/// `word/settings.xml` pointing at the separator notes, with `extra` (elements that follow
/// `w:compat` in ECMA-376's order, such as `w:doNotIncludeSubdocsInStats`) at the end.
fn settings(extra: &str) -> String {
    format!(
        r#"{XML_DECL}<w:settings {NS}><w:defaultTabStop w:val="720"/><w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr><w:endnotePr><w:endnote w:id="-1"/><w:endnote w:id="0"/></w:endnotePr><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>{extra}</w:settings>"#
    )
}

// ---------------------------------------------------------------------------------------------------
// Packages.
// ---------------------------------------------------------------------------------------------------

const HEADER_RID: &str = "rId6";
const FOOTER_RID: &str = "rId7";
const HYPERLINK_RID: &str = "rId9";

/// A part related to the main document, other than the main document itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Styles,
    Settings,
    Numbering,
    Footnotes,
    Endnotes,
    Header,
    Footer,
    Comments,
}

impl Part {
    /// File name under `word/`, relationship type (last segment), content type (after the
    /// WordprocessingML prefix) and relationship id.
    fn describe(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Part::Styles => ("styles.xml", "styles", "styles+xml", "rId1"),
            Part::Settings => ("settings.xml", "settings", "settings+xml", "rId2"),
            Part::Numbering => ("numbering.xml", "numbering", "numbering+xml", "rId3"),
            Part::Footnotes => ("footnotes.xml", "footnotes", "footnotes+xml", "rId4"),
            Part::Endnotes => ("endnotes.xml", "endnotes", "endnotes+xml", "rId5"),
            Part::Header => ("header1.xml", "header", "header+xml", HEADER_RID),
            Part::Footer => ("footer1.xml", "footer", "footer+xml", FOOTER_RID),
            Part::Comments => ("comments.xml", "comments", "comments+xml", "rId8"),
        }
    }
}

/// A .docx package written part by part.
struct Docx {
    main_content_type: &'static str,
    /// `word/document.xml`, kept as given even when it is not well-formed.
    document: String,
    parts: Vec<(Part, String)>,
    /// Target of the one external hyperlink, related as [`HYPERLINK_RID`].
    link: Option<&'static str>,
    /// `docProps/app.xml`.
    app: Option<String>,
    /// `dc:creator` and `cp:lastModifiedBy` in `docProps/core.xml` (default "essaylint fixtures").
    people: Option<(&'static str, &'static str)>,
    /// More relationships of the main document (whole `Relationship` elements).
    extra_rels: Vec<String>,
    /// More `Default` or `Override` elements of `[Content_Types].xml`.
    extra_types: Vec<String>,
    /// More zip entries, written last.
    extra_entries: Vec<(String, Vec<u8>)>,
}

impl Docx {
    fn new(document: String) -> Self {
        Docx {
            main_content_type: DOCX_MAIN_CT,
            document,
            parts: Vec::new(),
            link: None,
            app: None,
            people: None,
            extra_rels: Vec::new(),
            extra_types: Vec::new(),
            extra_entries: Vec::new(),
        }
    }

    fn with(mut self, part: Part, xml: String) -> Self {
        assert!(
            self.parts.iter().all(|(p, _)| *p != part),
            "{part:?} given twice"
        );
        self.parts.push((part, xml));
        self
    }

    fn with_link(mut self, target: &'static str) -> Self {
        self.link = Some(target);
        self
    }

    /// The zip entries: `[Content_Types].xml` first, as Word writes it.
    fn entries(self, title: &str) -> Entries {
        let mut types = format!(
            r#"{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="{}"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
            self.main_content_type
        );
        let mut package_rels = format!(
            r#"{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#
        );
        if self.app.is_some() {
            types.push_str(r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#);
            package_rels.push_str(&format!(
                r#"<Relationship Id="rId3" Type="{REL_NS}/extended-properties" Target="docProps/app.xml"/>"#
            ));
        }
        let mut document_rels = format!(
            r#"{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        );
        for (part, _) in &self.parts {
            let (file, rel, content_type, id) = part.describe();
            types.push_str(&format!(
                r#"<Override PartName="/word/{file}" ContentType="{WML_CT}{content_type}"/>"#
            ));
            document_rels.push_str(&format!(
                r#"<Relationship Id="{id}" Type="{REL_NS}/{rel}" Target="{file}"/>"#
            ));
        }
        for rel in &self.extra_rels {
            document_rels.push_str(rel);
        }
        for content_type in &self.extra_types {
            types.push_str(content_type);
        }
        if let Some(target) = self.link {
            document_rels.push_str(&format!(
                r#"<Relationship Id="{HYPERLINK_RID}" Type="{REL_NS}/hyperlink" Target="{}" TargetMode="External"/>"#,
                esc(target)
            ));
        }
        types.push_str("</Types>");
        package_rels.push_str("</Relationships>");
        document_rels.push_str("</Relationships>");

        let (creator, last) = self
            .people
            .unwrap_or(("essaylint fixtures", "essaylint fixtures"));
        let core = format!(
            r#"{XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator><cp:lastModifiedBy>{last}</cp:lastModifiedBy><cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>"#
        );

        let mut entries: Entries = vec![
            ("[Content_Types].xml".into(), types.into_bytes()),
            ("_rels/.rels".into(), package_rels.into_bytes()),
            ("docProps/core.xml".into(), core.into_bytes()),
        ];
        if let Some(app) = self.app {
            entries.push(("docProps/app.xml".into(), app.into_bytes()));
        }
        entries.push(("word/document.xml".into(), self.document.into_bytes()));
        entries.push((
            "word/_rels/document.xml.rels".into(),
            document_rels.into_bytes(),
        ));
        for (part, xml) in self.parts {
            entries.push((format!("word/{}", part.describe().0), xml.into_bytes()));
        }
        entries.extend(self.extra_entries);
        entries
    }
}

/// The parts docx-rs built, under the names its own zipper gives them (it writes no media,
/// web extensions or custom XML for our fixtures).
fn docx_rs_entries(xml: XMLDocx) -> Entries {
    let mut entries: Entries = vec![
        ("[Content_Types].xml".into(), xml.content_type),
        ("_rels/.rels".into(), xml.rels),
        ("docProps/app.xml".into(), xml.doc_props.app),
        ("docProps/core.xml".into(), xml.doc_props.core),
        ("docProps/custom.xml".into(), xml.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), xml.document_rels),
        ("word/document.xml".into(), xml.document),
        ("word/styles.xml".into(), xml.styles),
        ("word/settings.xml".into(), xml.settings),
        ("word/fontTable.xml".into(), xml.font_table),
        ("word/comments.xml".into(), xml.comments),
        ("word/numbering.xml".into(), xml.numberings),
        ("word/commentsExtended.xml".into(), xml.comments_extended),
        ("word/footnotes.xml".into(), xml.footnotes),
    ];
    for (i, header) in xml.headers.into_iter().enumerate() {
        entries.push((format!("word/header{}.xml", i + 1), header));
    }
    for (i, footer) in xml.footers.into_iter().enumerate() {
        entries.push((format!("word/footer{}.xml", i + 1), footer));
    }
    entries
}

/// Paragraphs of essay prose holding exactly `count` words, four sentences to a paragraph, the last
/// cut short if need be and closed with a full stop. Every word is letters with at most a trailing
/// comma or full stop, so it is one word under Word's rule however it is split.
fn prose(count: usize) -> Vec<Vec<String>> {
    const SENTENCES: [&str; 8] = [
        "Partnership has been a core task of the Alliance since the end of the Cold War.",
        "Dialogue with neighbours builds the trust that collective defence depends on.",
        "Practical cooperation lets partners train with allies and learn common standards.",
        "Each partner chooses the areas where it wants to work with the Alliance.",
        "Interoperability matters because forces must be able to operate together at short notice.",
        "Political consultation gives partners a voice on questions of shared security.",
        "Programmes for building integrity help institutions resist corruption.",
        "Over time these links have made the wider region more stable and more secure.",
    ];
    let mut paragraphs: Vec<Vec<String>> = vec![Vec::new()];
    let mut total = 0;
    'fill: for (index, sentence) in SENTENCES.iter().cycle().enumerate() {
        if index > 0 && index % 4 == 0 {
            paragraphs.push(Vec::new());
        }
        for word in sentence.split(' ') {
            if total == count {
                break 'fill;
            }
            assert!(
                word.chars()
                    .all(|c| c.is_ascii_alphabetic() || c == ',' || c == '.')
            );
            if let Some(paragraph) = paragraphs.last_mut() {
                paragraph.push(word.to_owned());
            }
            total += 1;
        }
    }
    paragraphs.retain(|paragraph| !paragraph.is_empty());
    if let Some(last) = paragraphs.last_mut().and_then(|p| p.last_mut())
        && !last.ends_with('.')
    {
        last.push('.');
    }
    assert_eq!(paragraphs.iter().map(Vec::len).sum::<usize>(), count);
    paragraphs
}

/// Writes `entries` as a zip with a fixed timestamp, so the bytes depend only on the content.
fn write_zip(path: &Path, entries: &[(String, Vec<u8>)]) -> Result<()> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::from_date_and_time(2024, 1, 1, 0, 0, 0)?)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    fs::write(path, zip.finish()?.into_inner())?;
    Ok(())
}
