#!/usr/bin/env python3
"""Renders every .docx of the layout reference set with LibreOffice and records what it made.

    python3 scripts/layout_refs/render.py [DIR]      (DIR defaults to fixtures/layout)

Writes DIR/reference.json: for each file (relative to DIR), LibreOffice's page count and fill
(fill.py: full pages before the last page with body text, plus the share of that page's body area
its text reaches). The margins are the document's last section's (w:pgMar), or 1440 twips when it
has none, as LibreOffice's writerfilter takes them.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from fill import fill  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def margins(docx):
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    sections = re.findall(r"<w:sectPr\b.*?</w:sectPr>", xml, re.S)
    top = bottom = 1440
    if sections:
        m = re.search(r"<w:pgMar\b[^>]*>", sections[-1])
        if m:
            t = re.search(r'w:top="(-?\d+)"', m[0])
            b = re.search(r'w:bottom="(-?\d+)"', m[0])
            top = abs(int(t[1])) if t else top
            bottom = abs(int(b[1])) if b else bottom
    return top / 20.0, bottom / 20.0


def main():
    folder = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "fixtures", "layout"))
    files = sorted(
        os.path.relpath(os.path.join(d, f), folder)
        for d, _, fs in os.walk(folder)
        for f in fs
        if f.endswith(".docx")
    )
    version = subprocess.run(["soffice", "--version"], capture_output=True, text=True).stdout.strip()
    records = []
    with tempfile.TemporaryDirectory() as tmp:
        for rel in files:
            out = os.path.join(tmp, os.path.dirname(rel))
            os.makedirs(out, exist_ok=True)
            subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", out,
                            os.path.join(folder, rel)], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            pdf = os.path.join(tmp, rel[: -len(".docx")] + ".pdf")
            top, bottom = margins(os.path.join(folder, rel))
            pages, f = fill(pdf, top, bottom)
            records.append({"file": rel, "producer": rel.split(os.sep)[0],
                            "libreoffice_pages": pages, "libreoffice_fill": round(f, 3)})
    with open(os.path.join(folder, "reference.json"), "w", encoding="utf-8") as f:
        json.dump({"libreoffice": version, "files": records}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
