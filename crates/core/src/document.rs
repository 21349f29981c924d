//! The document model: what every reader fills and everything after reading consumes.
//!
//! Readers (`read::docx`, `read::pdf`) turn bytes into one [`Document`]; they never count and never
//! judge. Counting (`count`) applies Word's policy of what counts towards a limit to the parts held
//! here, and the rules (`rules`) read counts, pages and the few facts below (tracked changes, hidden
//! text, comments, and the [`Hygiene`] facts: properties, macros, protection, external content).
//! The layout reads the geometry, the [`Styles`] and the run formatting.
//!
//! The model is plain data: once a reader returns, nothing in a [`Document`] inflates, parses,
//! locks or fails. Whatever a later stage needs from the file (the styles the paragraphs refer to,
//! for one) the reader has already found.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

/// What a file is, as the sniffer recognised it from its content (never from its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A WordprocessingML document (.docx).
    Docx,
    /// A PDF file.
    Pdf,
    /// A macro-enabled Word document (.docm).
    Docm,
    /// A Word template (.dotx).
    Dotx,
    /// A macro-enabled Word template (.dotm).
    Dotm,
    /// A legacy binary Word document (.doc, Word 97–2003).
    Doc,
    /// An Office file encrypted with a password to open (an OLE2 container holding `EncryptionInfo`).
    Encrypted,
    /// Another OLE2 compound file (a legacy Excel or PowerPoint file, an Outlook message, …).
    Ole,
    /// An OpenDocument text (.odt) or another OpenDocument file.
    Odt,
    /// Rich Text Format.
    Rtf,
    /// Plain text (UTF-8 or UTF-16 with a byte-order mark, or ASCII).
    Text,
    /// A picture (PNG, JPEG, GIF, TIFF, WebP, BMP).
    Image,
    /// Another zip archive (an .xlsx, a .pptx, or a plain archive).
    Zip,
    /// A file of zero bytes.
    Empty,
    /// Nothing recognised.
    Unknown,
}

impl Format {
    /// The name used in reports (`docx`, `pdf`, `doc`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Docm => "docm",
            Format::Dotx => "dotx",
            Format::Dotm => "dotm",
            Format::Doc => "doc",
            Format::Encrypted => "encrypted",
            Format::Ole => "ole",
            Format::Odt => "odt",
            Format::Rtf => "rtf",
            Format::Text => "text",
            Format::Image => "image",
            Format::Zip => "zip",
            Format::Empty => "empty",
            Format::Unknown => "unknown",
        }
    }

    /// What a person would call it, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Docx => "a Word document (.docx)",
            Format::Pdf => "a PDF file",
            Format::Docm => "a macro-enabled Word document (.docm)",
            Format::Dotx => "a Word template (.dotx)",
            Format::Dotm => "a macro-enabled Word template (.dotm)",
            Format::Doc => "a legacy Word 97-2003 document (.doc)",
            Format::Encrypted => "a password-protected Office file",
            Format::Ole => "a legacy Office file that is not a Word document",
            Format::Odt => "an OpenDocument file (.odt)",
            Format::Rtf => "a Rich Text Format file (.rtf)",
            Format::Text => "a plain-text file",
            Format::Image => "a picture",
            Format::Zip => "a zip archive that is not a Word document",
            Format::Empty => "an empty file (0 bytes)",
            Format::Unknown => "a file of a type essaylint does not recognise",
        }
    }
}

/// The story a piece of text belongs to. Word counts some of them towards its statistics and not others;
/// which is decided in `count`, not here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The main text: paragraphs, tables, list labels, content controls. The title is body text.
    Body,
    /// Text inside text boxes and shapes anchored in the body.
    TextBoxes,
    /// Footnotes (separator notes excluded).
    Footnotes,
    /// Endnotes (separator notes excluded).
    Endnotes,
    /// Headers and footers of every section.
    HeadersFooters,
    /// Comments (annotations) left in the document.
    Comments,
}

impl Part {
    /// Every part, in report order.
    pub const ALL: [Part; 6] = [
        Part::Body,
        Part::TextBoxes,
        Part::Footnotes,
        Part::Endnotes,
        Part::HeadersFooters,
        Part::Comments,
    ];

    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Body => "body",
            Part::TextBoxes => "text_boxes",
            Part::Footnotes => "footnotes",
            Part::Endnotes => "endnotes",
            Part::HeadersFooters => "headers_footers",
            Part::Comments => "comments",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Part::Body => "body",
            Part::TextBoxes => "text boxes",
            Part::Footnotes => "footnotes",
            Part::Endnotes => "endnotes",
            Part::HeadersFooters => "headers and footers",
            Part::Comments => "comments",
        }
    }
}

/// Paragraph properties as written in one place (direct formatting, a style, or the document
/// defaults). `None` means "not said here": the layout resolves the style chain.
/// Lengths are in twentieths of a point (twips), as WordprocessingML stores them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParaProps {
    /// Space before, in twips (`w:spacing/@w:before`).
    pub space_before: Option<i32>,
    /// Space after, in twips (`w:spacing/@w:after`).
    pub space_after: Option<i32>,
    /// Line spacing value (`w:spacing/@w:line`): 240ths of a line for `auto`, twips otherwise.
    pub line: Option<i32>,
    /// How `line` is read.
    pub line_rule: Option<LineRule>,
    /// Left (start) indent, twips.
    pub ind_left: Option<i32>,
    /// Right (end) indent, twips.
    pub ind_right: Option<i32>,
    /// First-line indent, twips (negative for a hanging indent).
    pub ind_first_line: Option<i32>,
    /// Keep with next (`w:keepNext`).
    pub keep_next: Option<bool>,
    /// Keep lines together (`w:keepLines`).
    pub keep_lines: Option<bool>,
    /// Page break before (`w:pageBreakBefore`).
    pub page_break_before: Option<bool>,
    /// Ignore spacing between paragraphs of the same style (`w:contextualSpacing`).
    pub contextual_spacing: Option<bool>,
    /// Widow and orphan control (`w:widowControl`).
    pub widow_control: Option<bool>,
    /// Justification (`w:jc`): `left`, `center`, `both`, …
    pub alignment: Option<String>,
    /// Numbering instance (`w:numPr/w:numId`); 0 switches numbering off.
    pub num_id: Option<i64>,
    /// Numbering level (`w:numPr/w:ilvl`).
    pub num_level: Option<u8>,
}

/// How a paragraph's line spacing value is read (ECMA-376 §17.18.48 ST_LineSpacingRule).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineRule {
    /// A multiple of single spacing, in 240ths.
    Auto,
    /// Exactly this height, in twips.
    Exact,
    /// At least this height, in twips.
    AtLeast,
}

/// Run properties as written in one place. `None` means "not said here".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunProps {
    /// The font for Latin text (`w:rFonts/@w:ascii`), or a theme font name such as `minorHAnsi`.
    pub font: Option<String>,
    /// Size in half-points (`w:sz`).
    pub size_half_points: Option<u32>,
    /// Bold.
    pub bold: Option<bool>,
    /// Italic.
    pub italic: Option<bool>,
    /// Hidden (`w:vanish`).
    pub hidden: Option<bool>,
}

/// A run of text inside a paragraph with its direct formatting; `start..end` are byte offsets into
/// [`Paragraph::text`].
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Start byte offset in the paragraph's text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// Character style id (`w:rStyle`).
    pub style: Option<String>,
    /// Direct run formatting.
    pub props: RunProps,
}

/// Where a paragraph sits in a table, if it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellRef {
    /// Index of the table in document order within its part.
    pub table: u32,
    /// Row index in the table.
    pub row: u32,
    /// Cell index in the row.
    pub cell: u32,
    /// Nesting depth (1 for a table directly in the part).
    pub depth: u32,
    /// The cell's width from the table grid (`w:tblGrid/w:gridCol` over the columns its
    /// `w:gridSpan` covers, after the row's `w:gridBefore`), twips; `None` when the table has no
    /// grid.
    pub width: Option<u32>,
    /// What the row adds to the cell's content height, twips: the cell's top and bottom margins
    /// (`w:tcMar`, else the table's `w:tblCellMar`; ECMA-376 §17.4.42, §17.4.43) and the spacing
    /// between cells (`w:tblCellSpacing`, of the row or the table; §17.4.44, §17.4.46).
    pub padding: u32,
    /// How much narrower than the cell its text is, twips: the cell's left and right margins
    /// (`w:tcMar`, else the table's `w:tblCellMar`, else Word's default, 108 twips a side) and,
    /// where cell spacing keeps the borders apart, its left and right borders and the spacing.
    pub side_margins: u32,
}

/// A picture or other object placed inline with a paragraph's text (`wp:inline`, ECMA-376
/// §20.4.2.8): it stands on a line like a character as tall as its extent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InlineObject {
    /// Byte offset in the paragraph's text where it stands.
    pub offset: usize,
    /// Its height (`wp:extent/@cy`), points.
    pub height: f64,
}

/// How text flows around a floating object (ECMA-376 §20.4.2.15–§20.4.2.18 `wp:wrapNone`,
/// `wp:wrapSquare`, `wp:wrapThrough`, `wp:wrapTight`, `wp:wrapTopAndBottom`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrap {
    /// No wrapping: the object stands behind or in front of the text and takes no room.
    None,
    /// Text beside the object's bounding box (`wrapSquare`), or its outline (`wrapTight`,
    /// `wrapThrough`), where there is room; below it where there is not.
    Around,
    /// Text above and below the object only (`wrapTopAndBottom`).
    TopAndBottom,
}

/// What a floating object's position is measured from (ECMA-376 §20.4.3.4
/// ST_RelFromH, §20.4.3.5 ST_RelFromV).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelativeTo {
    /// The page's edge.
    Page,
    /// The page's margins: the body area (`margin`, and `insideMargin`/`outsideMargin`, taken as
    /// the margins).
    Margin,
    /// The text the object is anchored in: its paragraph or line (vertical), its column or
    /// character (horizontal).
    Anchor,
    /// The margin area before the body: the top margin (`topMargin`) or the left (`leftMargin`).
    NearMargin,
    /// The margin area after the body: the bottom margin (`bottomMargin`) or the right
    /// (`rightMargin`).
    FarMargin,
}

/// Where a floating object stands along one axis (`wp:positionH`, `wp:positionV`, §20.4.2.10,
/// §20.4.2.11): an offset from its reference (`wp:posOffset`, points), or an alignment in it
/// (`wp:align`: `left`/`top`, `center`, `right`/`bottom`, `inside`, `outside`).
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    /// What the position is measured from.
    pub relative_to: RelativeTo,
    /// The offset, points; `None` when aligned.
    pub offset: Option<f64>,
    /// The alignment, when not an offset.
    pub align: Option<String>,
}

impl Default for Position {
    fn default() -> Self {
        Position {
            relative_to: RelativeTo::Anchor,
            offset: Some(0.0),
            align: None,
        }
    }
}

/// A picture, shape or text box floating on the page, anchored in a paragraph (`wp:anchor`,
/// ECMA-376 §20.4.2.3).
#[derive(Debug, Clone, PartialEq)]
pub struct AnchoredObject {
    /// How text flows around it.
    pub wrap: Wrap,
    /// Its width (`wp:extent/@cx`), points.
    pub width: f64,
    /// Its height (`wp:extent/@cy`), points.
    pub height: f64,
    /// What its effects add around the extent (`wp:effectExtent`, §20.4.2.6): left, top, right,
    /// bottom, points.
    pub effect: [f64; 4],
    /// The distance text keeps from it (`@distL`, `@distT`, `@distR`, `@distB`), points.
    pub distance: [f64; 4],
    /// Where it stands across the page.
    pub horizontal: Position,
    /// Where it stands down the page.
    pub vertical: Position,
}

/// A reference to a footnote or endnote from a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteRef {
    /// `Part::Footnotes` or `Part::Endnotes`.
    pub part: Part,
    /// The note's `w:id`.
    pub id: i64,
    /// Byte offset in the paragraph's text where the reference mark stands.
    pub offset: usize,
}

/// One paragraph of text: the unit of counting (a paragraph boundary always separates words).
#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    /// Which story it belongs to.
    pub part: Part,
    /// The visible text. Tabs are `\t`, line breaks `\n`, page breaks U+000C (form feed); deleted, hidden, field-instruction
    /// and soft-hyphen text is already gone; a non-breaking hyphen is U+2011.
    pub text: String,
    /// The list label Word would show before it ("1.", "a)", "•"), from `numbering.xml`.
    pub label: Option<String>,
    /// Paragraph style id (`w:pStyle`).
    pub style: Option<String>,
    /// Direct paragraph formatting.
    pub props: ParaProps,
    /// Runs with their direct formatting.
    pub runs: Vec<Run>,
    /// Table position, if in a table.
    pub cell: Option<CellRef>,
    /// The section (index into [`Document::sections`]) it belongs to.
    pub section: usize,
    /// For PDF text: the 1-based page it came from.
    pub page: Option<u32>,
    /// Footnotes and endnotes referenced from this paragraph, in order.
    pub note_refs: Vec<NoteRef>,
    /// For a note's paragraph: the id of the footnote or endnote it belongs to.
    pub note_id: Option<i64>,
    /// Pictures and other objects inline with the text, in text order.
    pub objects: Vec<InlineObject>,
    /// Pictures, shapes and text boxes anchored in this paragraph, floating on its page.
    pub anchored: Vec<AnchoredObject>,
}

impl Paragraph {
    /// A plain paragraph of text in a part, with no formatting (PDF text, tests).
    pub fn plain(part: Part, text: impl Into<String>) -> Self {
        Paragraph {
            part,
            text: text.into(),
            label: None,
            style: None,
            props: ParaProps::default(),
            runs: Vec::new(),
            cell: None,
            section: 0,
            page: None,
            note_refs: Vec::new(),
            note_id: None,
            objects: Vec::new(),
            anchored: Vec::new(),
        }
    }
}

/// Page size and margins of one section, in twips (ECMA-376 §17.6.13 `w:pgSz`, §17.6.11 `w:pgMar`).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Page width, twips (after orientation: the width of the page as laid out).
    pub page_width: u32,
    /// Page height, twips.
    pub page_height: u32,
    /// `w:orient="landscape"` was set.
    pub landscape: bool,
    /// Top margin (may be negative in Word: "do not move body text for the header").
    pub margin_top: i32,
    /// Bottom margin.
    pub margin_bottom: i32,
    /// Left margin.
    pub margin_left: u32,
    /// Right margin.
    pub margin_right: u32,
    /// Header distance from the top edge.
    pub margin_header: u32,
    /// Footer distance from the bottom edge.
    pub margin_footer: u32,
    /// Gutter.
    pub gutter: u32,
    /// Number of text columns.
    pub columns: u32,
    /// Space between columns, twips.
    pub column_space: u32,
    /// Whether the section said its page size at all (Word falls back to Letter when it does not).
    pub size_given: bool,
    /// The section starts on the same page as the one before (`w:type w:val="continuous"`).
    pub continuous: bool,
}

impl Default for Section {
    /// Word's defaults when a section says nothing: US Letter, 1-inch margins (ECMA-376 leaves it to the
    /// application; Word and LibreOffice both use Letter).
    fn default() -> Self {
        Section {
            page_width: 12240,
            page_height: 15840,
            landscape: false,
            margin_top: 1440,
            margin_bottom: 1440,
            margin_left: 1440,
            margin_right: 1440,
            margin_header: 720,
            margin_footer: 720,
            gutter: 0,
            columns: 1,
            column_space: 720,
            size_given: false,
            continuous: false,
        }
    }
}

/// A style from `styles.xml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Style {
    /// Display name.
    pub name: Option<String>,
    /// `paragraph`, `character`, `table` or `numbering`.
    pub kind: String,
    /// The style it inherits from (`w:basedOn`).
    pub based_on: Option<String>,
    /// Its paragraph properties.
    pub para: ParaProps,
    /// Its run properties.
    pub run: RunProps,
}

/// Styles and document defaults (ECMA-376 §17.7), as plain data.
///
/// Word writes every built-in style it knows into `styles.xml` (a blank document's holds some 160),
/// and an essay uses a handful. The reader keeps only the styles the document refers to: each
/// paragraph style (`w:pStyle`) and character style (`w:rStyle`) of every story, the numbering
/// styles that `numbering.xml` links lists to (`w:numStyleLink`), the default paragraph style, and
/// the `basedOn` ancestors of each. It finds them before it returns, so nothing here is parsed,
/// inflated or found wanting later: a style missing from [`Styles::by_id`] is one the part does not
/// define (or defines only past damage), and the layout falls back as Word does.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Styles {
    /// `w:docDefaults/w:pPrDefault`.
    pub default_para: ParaProps,
    /// `w:docDefaults/w:rPrDefault`.
    pub default_run: RunProps,
    /// The default paragraph style id (`w:default="1"`), usually `Normal`.
    pub default_para_style: Option<String>,
    /// The styles the document refers to, with their `basedOn` ancestors, by id. Where the part
    /// defines an id twice, the first definition is the one in force.
    pub by_id: BTreeMap<String, Style>,
    /// The theme's minor (body) Latin font, which `minorHAnsi` and `minorAscii` name.
    pub theme_minor_font: Option<String>,
    /// The theme's major (headings) Latin font, which `majorHAnsi` and `majorAscii` name.
    pub theme_major_font: Option<String>,
    /// Default tab stop interval in twips (`w:defaultTabStop` in settings.xml; Word's default 720).
    pub default_tab_stop: Option<u32>,
    /// The compatibility settings of `settings.xml` that change the layout.
    pub compat: Compat,
}

/// The compatibility settings that change how Word lays a document out (`w:compat` in
/// settings.xml, ECMA-376 §17.15.3).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Compat {
    /// `w:compatSetting w:name="compatibilityMode"`: the Word version whose layout rules apply
    /// (11 Word 2003, 12 Word 2007, 14 Word 2010, 15 Word 2013 and later); `None` when the file
    /// does not say, which Word reads as 12 (ECMA-376 Part 1 §17.15.3.x; [MS-DOCX] 2.3.3).
    pub mode: Option<u32>,
    /// `w:suppressSpBfAfterPgBrk` (§17.15.3.33): drop the space before a paragraph that follows a
    /// hard page break.
    pub suppress_space_before_after_page_break: bool,
    /// `w:doNotUseHTMLParagraphAutoSpacing` (§17.15.3.13): the space after one paragraph and the
    /// space before the next add up. Without it Word sets the larger of the two between them, as
    /// HTML collapses margins, in every compatibility mode; LibreOffice's Word import follows
    /// (`AddParaTableSpacing` off unless the flag is set, writerfilter's SettingsTable).
    pub add_paragraph_spacing: bool,
}

impl Styles {
    /// The most styles [`Styles::chain`] walks: Word allows long `basedOn` chains but never
    /// cycles, and 64 is far beyond any real one.
    pub const CHAIN_LIMIT: usize = 64;

    /// Walks a style and its `basedOn` chain (with a cycle and depth guard), nearest first.
    pub fn chain<'a>(&'a self, id: Option<&'a str>) -> impl Iterator<Item = &'a Style> + 'a {
        let mut next = id;
        let mut steps = 0;
        std::iter::from_fn(move || {
            if steps >= Self::CHAIN_LIMIT {
                return None;
            }
            steps += 1;
            let style = self.get(next?)?;
            next = style.based_on.as_deref();
            Some(style)
        })
    }

    /// The style with this id.
    pub fn get(&self, id: &str) -> Option<&Style> {
        self.by_id.get(id)
    }

    /// Whether a style with this id is defined.
    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }
}

/// One page of a PDF, as its page tree gives it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PdfPage {
    /// Width in points as displayed (CropBox, else MediaBox, turned by `/Rotate`).
    pub width_pt: f64,
    /// Height in points as displayed.
    pub height_pt: f64,
}

/// The geometry the document states.
#[derive(Debug, Clone, PartialEq)]
pub enum Geometry {
    /// A Word document: sections with their page setup.
    Sections,
    /// A PDF: its exact pages.
    Pages(Vec<PdfPage>),
}

/// Tracked changes left in a document (ECMA-376 §17.13.5).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Revisions {
    /// Insertions (`w:ins`), kept in the text.
    pub insertions: u32,
    /// Deletions (`w:del`), removed from the text.
    pub deletions: u32,
    /// Moves (`w:moveFrom`/`w:moveTo` pairs), counted once each side.
    pub moves: u32,
    /// Formatting changes (`w:rPrChange`, `w:pPrChange`, …).
    pub formatting: u32,
    /// The text that deleted or moved-away revisions carry (never counted).
    pub deleted_text: String,
    /// Authors named on revisions.
    pub authors: BTreeSet<String>,
}

impl Revisions {
    /// Total number of tracked changes of any kind.
    pub fn total(&self) -> u32 {
        self.insertions + self.deletions + self.moves + self.formatting
    }
}

/// Metadata a file stores about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// `docProps/app.xml` `Pages`: the page count the last saving program wrote.
    pub stored_pages: Option<u32>,
    /// `docProps/app.xml` `Words`.
    pub stored_words: Option<u32>,
    /// `docProps/app.xml` `Characters` (ECMA-376 Part 1 §22.2.2.3): Word's "Characters (no
    /// spaces)" when it last saved the file.
    pub stored_characters: Option<u32>,
    /// `docProps/app.xml` `CharactersWithSpaces` (§22.2.2.4).
    pub stored_characters_with_spaces: Option<u32>,
    /// `docProps/app.xml` `Paragraphs` (§22.2.2.19).
    pub stored_paragraphs: Option<u32>,
    /// `docProps/app.xml` `Lines` (§22.2.2.13).
    pub stored_lines: Option<u32>,
    /// `docProps/app.xml` `Application` (or the PDF `/Producer`).
    pub application: Option<String>,
    /// `docProps/core.xml` `dc:title` (or the PDF `/Title`).
    pub title: Option<String>,
    /// `dc:creator` (or the PDF `/Author`).
    pub creator: Option<String>,
    /// `cp:lastModifiedBy`.
    pub last_modified_by: Option<String>,
    /// `settings.xml` `w:doNotIncludeSubdocsInStats`: Word's statistics leave out text boxes,
    /// footnotes and endnotes (ECMA-376 §17.15.1.42).
    pub exclude_subdocs_from_stats: bool,
    /// `settings.xml` `w:trackRevisions`: tracking is switched on.
    pub track_revisions_on: bool,
    /// The PDF is encrypted (readable with the empty user password if it got this far).
    pub encrypted: bool,
}

/// Editing restrictions a Word document enforces (`w:documentProtection`, ECMA-376 §17.15.1.29).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Protection {
    /// `w:edit`: `none`, `readOnly`, `comments`, `trackedChanges` or `forms` (absent: not said).
    pub edit: Option<String>,
    /// `w:formatting`: formatting is limited to a set of styles.
    pub formatting: bool,
    /// `w:enforcement` is on: the restriction is in force when the file is opened. Word keeps the
    /// element with enforcement off after protection is stopped, so only this says it applies.
    pub enforced: bool,
}

/// `w:writeProtection` (ECMA-376 §17.15.1.93): a password to modify, or "open read-only" advice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteProtection {
    /// `w:recommended`: Word offers to open the file read-only.
    pub recommended: bool,
    /// A password hash is stored (`w:hashValue` or the legacy `w:hash`).
    pub password: bool,
}

/// A relationship of the main document whose target is outside the package (`TargetMode="External"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalTarget {
    /// The last segment of the relationship type: `hyperlink`, `image`, `oleObject`, `subDocument`,
    /// `frame`, …
    pub kind: String,
    /// The target URI as written, shortened to [`Hygiene::MAX_TARGET_CHARS`] characters.
    pub target: String,
}

/// Facts about what a file carries besides its text, for the submission hygiene checks: names in
/// its properties, active or embedded content, restrictions, and content fetched from elsewhere.
/// Readers fill what their format has and leave the rest at its default; nothing here is judged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hygiene {
    /// `docProps/app.xml` `Company`.
    pub company: Option<String>,
    /// `docProps/app.xml` `Manager`.
    pub manager: Option<String>,
    /// `docProps/app.xml` `Template`: the template's file name as Word stores it (`Normal.dotm`).
    pub template: Option<String>,
    /// `settings.xml` `w:attachedTemplate`, its relationship resolved through `settings.xml.rels`:
    /// the template's location as written (usually an external `file:///` path).
    pub attached_template: Option<String>,
    /// `settings.xml` `w:documentProtection`.
    pub protection: Option<Protection>,
    /// `settings.xml` `w:writeProtection`.
    pub write_protection: Option<WriteProtection>,
    /// The package holds a VBA project (a `vbaProject.bin` part or a `…/vbaProject` relationship).
    pub macros: bool,
    /// Embedded objects: parts under `word/embeddings/`, or, when there are none, the main
    /// document's `oleObject` and `package` relationships.
    pub embedded_objects: u32,
    /// External relationships of the main document, by kind (the last segment of the type).
    pub external_by_kind: BTreeMap<String, u32>,
    /// The first [`Hygiene::MAX_TARGETS_PER_KIND`] external targets of each kind, in file order.
    pub external_targets: Vec<ExternalTarget>,
    /// PDF: base names (subset prefix removed) of fonts used by pages, their form XObjects or their
    /// Type 0 descendants whose descriptor embeds no font program, the standard 14 fonts excepted;
    /// sorted, each once.
    pub fonts_not_embedded: BTreeSet<String>,
    /// PDF: annotations on pages other than links, pop-ups and form-field widgets, by subtype.
    pub annotations: BTreeMap<String, u32>,
    /// PDF: link annotations (harmless; counted apart).
    pub links: u32,
    /// PDF: form-field widget annotations on pages.
    pub widgets: u32,
    /// PDF: fields listed in the catalog's `/AcroForm` `/Fields` (top level).
    pub form_fields: u32,
    /// PDF: where JavaScript was found: `"document scripts"` (the catalog's `/Names` `/JavaScript`),
    /// `"on opening"` (`/OpenAction`), `"document actions"` (catalog `/AA`), `"page actions"`,
    /// `"annotation or field actions"`, `"other actions"`; each once, in that order.
    pub javascript: Vec<&'static str>,
}

impl Hygiene {
    /// External targets kept per kind.
    pub const MAX_TARGETS_PER_KIND: usize = 3;
    /// Longest external target kept, in characters.
    pub const MAX_TARGET_CHARS: usize = 200;

    /// Total external relationships of the main document.
    pub fn external_total(&self) -> u32 {
        self.external_by_kind.values().sum()
    }

    /// Total non-link annotations.
    pub fn annotation_total(&self) -> u32 {
        self.annotations.values().sum()
    }
}

/// Why a PDF's text could not be had, when its pages could.
#[derive(Debug, Clone, PartialEq)]
pub enum TextProblem {
    /// The pages carry no text layer (a scan, or pictures of text).
    NoTextLayer,
    /// Extraction failed; the reason is for people and names no content.
    Failed(String),
}

/// A document read from a file: the contract between readers and everything after them.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// What it is.
    pub format: Format,
    /// Every paragraph of every part, in reading order within each part.
    pub paragraphs: Vec<Paragraph>,
    /// Sections of a Word document in order; the last one is the body's final `w:sectPr`.
    pub sections: Vec<Section>,
    /// Page geometry.
    pub geometry: Geometry,
    /// Styles and defaults.
    pub styles: Styles,
    /// Tracked changes.
    pub revisions: Revisions,
    /// Authors of comments, in order of appearance (one entry per comment).
    pub comment_authors: Vec<String>,
    /// Text formatted as hidden (`w:vanish`), removed from `paragraphs`; kept only to report how much.
    pub hidden_text: String,
    /// Metadata.
    pub metadata: Metadata,
    /// What else the file carries (properties, macros, protection, external content, PDF fonts,
    /// annotations, forms, JavaScript).
    pub hygiene: Hygiene,
    /// For a PDF whose text could not be extracted.
    pub text_problem: Option<TextProblem>,
}

impl Document {
    /// An empty document of a format, to be filled by a reader.
    pub fn new(format: Format) -> Self {
        Document {
            format,
            paragraphs: Vec::new(),
            sections: Vec::new(),
            geometry: Geometry::Sections,
            styles: Styles::default(),
            revisions: Revisions::default(),
            comment_authors: Vec::new(),
            hidden_text: String::new(),
            metadata: Metadata::default(),
            hygiene: Hygiene::default(),
            text_problem: None,
        }
    }

    /// The paragraphs of one part.
    pub fn part(&self, part: Part) -> impl Iterator<Item = &Paragraph> {
        self.paragraphs.iter().filter(move |p| p.part == part)
    }
}
