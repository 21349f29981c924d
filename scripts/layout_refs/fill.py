#!/usr/bin/env python3
"""How far a rendered document's body text reaches, in fractional pages, from its PDF.

    fill.py FILE.pdf TOP_PT BOTTOM_PT  ->  prints "PAGES FILL"

The body area of each page lies between the top and bottom margins. The fill is the number of full
pages before the last page with body text, plus the share of that page's body area down to the
bottom of its lowest body line (as pdftotext -bbox-layout places lines). Lines wholly above the top
margin or below the bottom margin are the header and footer, and are left out.
"""
import re
import subprocess
import sys


def lines(pdf):
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S):
        width, height, body = float(page[1]), float(page[2]), page[3]
        found = [
            (float(m[1]), float(m[2]))
            for m in re.finditer(r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">', body)
        ]
        pages.append((width, height, found))
    return pages


def fill(pdf, top, bottom):
    pages = lines(pdf)
    last = None
    for index, (_, height, found) in enumerate(pages):
        body = [y1 for (y0, y1) in found if y1 > top + 0.5 and y0 < height - bottom - 0.5]
        if body:
            last = (index, max(body), height)
    if last is None:
        return len(pages), 0.0
    index, reach, height = last
    area = height - top - bottom
    return len(pages), index + min(1.0, max(0.0, (reach - top) / area))


if __name__ == "__main__":
    n, f = fill(sys.argv[1], float(sys.argv[2]), float(sys.argv[3]))
    print(n, f"{f:.3f}")
