#!/usr/bin/env python3
"""Builds the layout reference set: the same essays written as .docx by several producers.

    python3 scripts/layout_refs/make.py [OUT]          (OUT defaults to fixtures/layout)

Producers (one folder each):
- pandoc-default: pandoc's markdown writer with its default reference document ("Body Text"
  paragraphs with 9 pt before and after, Cambria through the theme, no section properties, no
  compatibility settings);
- pandoc-custom: pandoc with a custom reference document (Calibri 11, line spacing 1.15, justified,
  A4 with 2.5 cm margins, a header with the candidate's name and page numbers in the footer,
  compatibilityMode 15);
- libreoffice: pandoc's .odt, converted to .docx by LibreOffice (`soffice --convert-to docx`);
- python-docx: Word's current defaults (Normal 12 pt with 8 pt after, line spacing 1.15 (278
  twips, auto), compatibilityMode 15) except the font, which is Calibri because Aptos has no
  metric-compatible font that LibreOffice could render with; and variants for exact line spacing,
  justified text, contextual spacing in lists, a header and footer, and compatibilityMode 14 and
  none;
- docx-rs: written by `cargo run --example layout_refs_docx_rs -- OUT/docx-rs` (Rust).

The essays' text comes from ../shared/corpus/essays/text. Needs pandoc, LibreOffice and
python-docx. `render.py` then renders every file with LibreOffice and records its pages and fill.
"""
import copy
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TEXTS = os.path.join(ROOT, "..", "shared", "corpus", "essays", "text")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def essay(name):
    with open(os.path.join(TEXTS, name + ".txt"), encoding="utf-8") as f:
        blocks = [b.strip() for b in f.read().split("\n\n") if b.strip()]
    return blocks[0], blocks[1:]


def png(path, width=480, height=240):
    """A plain picture (a blue band on grey), written without any imaging library."""
    rows = b""
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            row += bytes((40, 90, 160) if height // 3 < y < 2 * height // 3 else (200, 200, 200))
        rows += bytes(row)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(rows, 9)))
        f.write(chunk(b"IEND", b""))


# The documents every producer writes: (name, essay, features).
DOCUMENTS = [
    ("plain_480", "a_en_480", []),
    ("plain_fr_490", "a_fr_490", []),
    ("plain_1000", "b_en_1000", []),
    ("headings_1500", "d_en_1500", ["headings"]),
    ("lists_notes_495", "a_en_495_footnote", ["headings", "lists", "notes"]),
    ("table_image_520", "a_en_520", ["table", "image"]),
]


def markdown(title, paragraphs, features, image):
    out = [f"# {title}", ""]
    for i, p in enumerate(paragraphs):
        if "headings" in features and i > 0 and i % 3 == 0:
            out += [f"## Part {i // 3}", ""]
        if "notes" in features and i in (1, 3):
            p = p.rstrip() + f"[^n{i}]"
        out += [p, ""]
        if "lists" in features and i == 1:
            out += ["- deterrence and defence on the Alliance's own territory;",
                    "- crisis prevention and management with partners;",
                    "- cooperative security through dialogue and practical work.", ""]
            out += ["1. name the shared interest;", "2. agree what each side brings;",
                    "3. review the results every year.", ""]
        if "table" in features and i == 2:
            out += ["| Partner | Area | Since |", "|---|---|---|",
                    "| Australia | maritime security | 2005 |",
                    "| Japan | cyber defence | 2013 |",
                    "| New Zealand | interoperability | 2012 |",
                    "| Republic of Korea | disaster relief | 2006 |", ""]
        if "image" in features and i == 3:
            out += [f"![A figure]({image}){{width=3in}}", ""]
    if "notes" in features:
        out += ["[^n1]: The Washington Summit Declaration, paragraph 30.", "",
                "[^n3]: See the Strategic Concept adopted at Madrid in 2022, paragraphs 43 to 46.", ""]
    return "\n".join(out)


def run(*args, cwd=None):
    subprocess.run(args, check=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def edit_zip(path, edits):
    """Rewrites the named parts of a zip with functions of their text."""
    tmp = path + ".tmp"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename in edits:
                data = edits[item.filename](data.decode("utf-8")).encode("utf-8")
            dst.writestr(item, data)
        for name, fn in edits.items():
            if name not in names:
                dst.writestr(name, fn("").encode("utf-8"))
    os.replace(tmp, path)


def custom_reference(path):
    """pandoc's reference document, changed as a candidate's own template might be."""
    with open(path, "wb") as f:
        f.write(subprocess.run(["pandoc", "--print-default-data-file", "reference.docx"],
                               check=True, capture_output=True).stdout)

    def styles(xml):
        # Calibri 11 for the body, 1.15 lines, justified body text, 6 pt after.
        xml = re.sub(r'<w:rFonts w:asciiTheme="minorHAnsi"[^/]*/>',
                     '<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/>', xml, count=1)
        xml = re.sub(r'(<w:docDefaults>.*?<w:sz w:val=")\d+(")', r'\g<1>22\2', xml, count=1, flags=re.S)
        xml = re.sub(r'(<w:docDefaults>.*?<w:szCs w:val=")\d+(")', r'\g<1>22\2', xml, count=1, flags=re.S)
        xml = re.sub(r'(<w:style w:type="paragraph" w:customStyle="1" w:styleId="FirstParagraph">|<w:style w:type="paragraph" w:styleId="BodyText">)(.*?)<w:pPr>.*?</w:pPr>',
                     r'\1\2<w:pPr><w:spacing w:before="0" w:after="120" w:line="276" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr>',
                     xml, flags=re.S)
        return xml

    def settings(xml):
        compat = ('<w:compat><w:compatSetting w:name="compatibilityMode" '
                  'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>')
        return re.sub(r"</w:settings>", compat + "</w:settings>", xml) if "<w:compat>" not in xml else xml

    header = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="{W}"><w:p><w:pPr><w:jc w:val="right"/></w:pPr>'
              '<w:r><w:t>Candidate: A. N. Example</w:t></w:r></w:p></w:hdr>')
    footer = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr xmlns:w="{W}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
              '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
              '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>')
    R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    def rels(xml):
        extra = (f'<Relationship Id="rIdHdr1" Type="{R}/header" Target="header1.xml"/>'
                 f'<Relationship Id="rIdFtr1" Type="{R}/footer" Target="footer1.xml"/>')
        return xml.replace("</Relationships>", extra + "</Relationships>")

    def content_types(xml):
        extra = ('<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
                 '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>')
        return xml.replace("</Types>", extra + "</Types>")

    def document(xml):
        sect = (f'<w:sectPr><w:headerReference xmlns:r="{R}" w:type="default" r:id="rIdHdr1"/>'
                f'<w:footerReference xmlns:r="{R}" w:type="default" r:id="rIdFtr1"/>'
                '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1417" w:right="1417" w:bottom="1417" w:left="1417" '
                'w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>')
        xml = re.sub(r"<w:sectPr.*?</w:sectPr>", "", xml, flags=re.S)
        return xml.replace("</w:body>", sect + "</w:body>")

    edit_zip(path, {
        "word/styles.xml": styles,
        "word/settings.xml": settings,
        "word/header1.xml": lambda _: header,
        "word/footer1.xml": lambda _: footer,
        "word/_rels/document.xml.rels": rels,
        "[Content_Types].xml": content_types,
        "word/document.xml": document,
    })


def markdown_sources(tmp):
    """Writes each document's markdown (and the picture it shows) into tmp: (name, path) pairs."""
    image = os.path.join(tmp, "figure.png")
    png(image)
    for name, source, features in DOCUMENTS:
        title, paragraphs = essay(source)
        md = os.path.join(tmp, name + ".md")
        with open(md, "w", encoding="utf-8") as f:
            f.write(markdown(title, paragraphs, features, image))
        yield name, md


def pandoc_docs(out, reference=None):
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, md in markdown_sources(tmp):
            args = ["pandoc", md, "-o", os.path.join(out, name + ".docx")]
            if reference:
                args += ["--reference-doc", reference]
            run(*args, cwd=tmp)


def libreoffice_docs(out):
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, md in markdown_sources(tmp):
            run("pandoc", md, "-o", os.path.join(tmp, name + ".odt"), cwd=tmp)
            run("soffice", "--headless", "--convert-to", "docx", "--outdir", out,
                os.path.join(tmp, name + ".odt"))


def python_docx_docs(out):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    os.makedirs(out, exist_ok=True)
    # (name, essay, variant)
    variants = [
        ("defaults_480", "a_en_480", {}),
        ("defaults_1000", "b_en_1000", {}),
        ("defaults_fr_490", "a_fr_490", {}),
        ("exact_480", "a_en_480", {"exact": 15}),
        ("justified_lists_520", "a_en_520", {"justify": True, "lists": True}),
        ("header_footer_1000", "b_en_1000", {"header": True}),
        ("compat14_1000", "b_en_1000", {"compat": 14}),
        ("nocompat_1000", "b_en_1000", {"compat": None}),
        ("headings_1500", "d_en_1500", {"headings": True}),
        ("notes_495", "a_en_495_footnote", {"lists": True, "headings": True}),
    ]
    for name, source, v in variants:
        d = docx.Document()
        normal = d.styles["Normal"]
        normal.font.name = "Calibri"
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Calibri")
        normal.font.size = Pt(12)
        pf = normal.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(8)
        if "exact" in v:
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(v["exact"])
        else:
            pf.line_spacing = 1.15
        if v.get("justify"):
            pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        section = d.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
            setattr(section, side, Cm(2.54))
        if v.get("header"):
            section.header.paragraphs[0].text = "Candidate: A. N. Example"
            p = section.footer.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)):
                r = p.add_run()
                if kind:
                    fld = r._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
                    r._r.append(fld)
                elif text:
                    it = r._r.makeelement(qn("w:instrText"), {})
                    it.text = text
                    it.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    r._r.append(it)
                else:
                    r.text = "1"
        title, paragraphs = essay(source)
        d.add_heading(title, level=1)
        for i, text in enumerate(paragraphs):
            if v.get("headings") and i > 0 and i % 3 == 0:
                d.add_heading(f"Part {i // 3}", level=2)
            d.add_paragraph(text)
            if v.get("lists") and i == 1:
                # "List Bullet" and "List Number" use contextual spacing in python-docx's template.
                for item in ("deterrence and defence on the Alliance's own territory;",
                             "crisis prevention and management with partners;",
                             "cooperative security through dialogue and practical work."):
                    d.add_paragraph(item, style="List Bullet")
                for item in ("name the shared interest;", "agree what each side brings;",
                             "review the results every year."):
                    d.add_paragraph(item, style="List Number")
        settings = d.settings.element
        compat = settings.find(qn("w:compat"))
        mode = v.get("compat", 15)
        if mode is None:
            if compat is not None:
                settings.remove(compat)
        else:
            for setting in compat.findall(qn("w:compatSetting")):
                if setting.get(qn("w:name")) == "compatibilityMode":
                    setting.set(qn("w:val"), str(mode))
        d.core_properties.author = "layout reference"
        d.save(os.path.join(out, name + ".docx"))


def main():
    out = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "fixtures", "layout"))
    os.makedirs(out, exist_ok=True)
    pandoc_docs(os.path.join(out, "pandoc-default"))
    with tempfile.TemporaryDirectory() as tmp:
        reference = os.path.join(tmp, "reference.docx")
        custom_reference(reference)
        pandoc_docs(os.path.join(out, "pandoc-custom"), reference)
    libreoffice_docs(os.path.join(out, "libreoffice"))
    python_docx_docs(os.path.join(out, "python-docx"))
    subprocess.run(["cargo", "run", "--quiet", "--example", "layout_refs_docx_rs", "--",
                    os.path.join(out, "docx-rs")], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
