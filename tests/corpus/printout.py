"""A corpus document as a PDF printed from a web page by Chromium (上海市科委 2024).

The original is a PDF on the commission's site; this reconstruction prints the same text and
tables from HTML with headless Chromium: A4 portrait, the title on two centred lines, text in a
serif CJK face, tables with collapsed 0.5 pt borders that may break across pages.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from published import pdfs_from_html

from .grids import s2_rows, s3_rows, s4_rows
from .model import Report

_CSS = """<style>
@page { size: A4; margin: 25mm 22mm; }
body { font-family: 'Noto Serif CJK SC', serif; font-size: 12pt; line-height: 1.75; }
h1 { font-size: 18pt; text-align: center; font-weight: bold; margin: 0 0 14pt; line-height: 1.5; }
p { text-indent: 2em; margin: 0; }
p.h { font-family: 'Noto Sans CJK SC', sans-serif; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; font-size: 9pt; line-height: 1.3; }
td { border: 0.5pt solid #000; padding: 2pt 3pt; text-align: center; }
</style>"""


def _table(rows) -> str:
    def cell(text, rs, cs):
        attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
        return f"<td{attrs}>{escape(text)}</td>"
    return "<table>" + "".join("<tr>" + "".join(cell(*c) for c in row) + "</tr>" for row in rows) + "</table>"


def page_html(doc: Report) -> str:
    """The printed page's HTML."""
    parts = ["<h1>" + "<br>".join(escape(line) for line in doc.title_lines) + "</h1>"]
    parts += [f"<p>{escape(t)}</p>" for t in doc.preamble]
    tables = {2: s2_rows(doc), 3: s3_rows(doc), 4: s4_rows(doc)}
    for i in range(1, 7):
        parts.append(f'<p class="h">{escape(doc.heading(i))}</p>')
        parts += ([_table(tables[i])] if i in tables else []) + [f"<p>{escape(t)}</p>" for t in doc.prose.get(i, [])]
    if doc.sign_off:
        parts += [f'<p style="text-align:right">{escape(t)}</p>' for t in doc.sign_off]
    return f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">{_CSS}</head><body>{"".join(parts)}</body></html>'


def chromium_pdfs(docs: list[Report], folder: Path) -> list[Path]:
    """Print each document's page to ``folder/<id>.pdf`` with one browser."""
    pages = {folder / f"{doc.id}.pdf": page_html(doc) for doc in docs}
    pdfs_from_html(pages, print_css=False)
    return list(pages)
