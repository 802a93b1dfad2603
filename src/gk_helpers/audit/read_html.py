"""An HTML page (a saved government web page or CMS output) → text lines and tables in order.

CMS markup wraps text in inline ``<span style=…>`` runs, so a line is the text of one
block element with its inline runs joined, not one text node. A table that contains
other tables is page layout, not data: it is walked through, not read as a table.
The site's own parts — elements whose class or id names a header, footer, menu or
breadcrumb (``chrome.chrome_element``), a ``<header>``/``<footer>`` outside the article,
lists made only of links — are not read.

The page is decoded as Beautiful Soup decodes it (its declared charset, a BOM, else a
guess) and parsed by lxml's HTML parser directly: government pages carry 100–200 KB of
Word-pasted markup, and a tree of lxml elements costs a tenth of a soup of Python objects.
"""

from __future__ import annotations

import re

import lxml.html
from bs4.dammit import UnicodeDammit
from lxml import etree

from .chrome import chrome_element
from .grid import Grid, Span

_BLOCK = frozenset(
    "address article aside blockquote body center dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section ul tr td th caption title".split()
)
#: Not report text: scripts, forms, site navigation, and asides (the kit's own review panel is an aside).
_SKIP = frozenset("script style noscript template head iframe object svg button select input nav aside".split())
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _span(value) -> int:
    try:
        return int(str(value).strip().rstrip(";") or 1)
    except ValueError:
        return 1


def _is_element(node) -> bool:
    """An element, not a comment or processing instruction (whose ``tag`` is not a string)."""
    return isinstance(node.tag, str)


def _cell_text(cell) -> str:
    """The cell's text runs joined as printed, a line break (<br>) as a space."""
    parts: list[str] = []

    def collect(el):
        if el.text:
            parts.append(el.text)
        for child in el:
            if _is_element(child):
                if child.tag == "br":
                    parts.append(" ")
                else:
                    collect(child)
            if child.tail:
                parts.append(child.tail)

    collect(cell)
    return " ".join("".join(parts).split())


def _own_table(tr):
    return next((a for a in tr.iterancestors("table")), None)


def table_grid(table) -> Grid:
    """A data table → Grid (rowspan/colspan expanded); rows of nested tables are not its own."""
    rows = []
    for tr in table.iter("tr"):
        if _own_table(tr) is not table:
            continue
        cells = [td for td in tr if _is_element(td) and td.tag in ("td", "th")]
        rows.append([Span(_cell_text(td), _span(td.get("rowspan", 1)), _span(td.get("colspan", 1))) for td in cells])
    return Grid.from_spans(rows)


def _stripped_text(el) -> str:
    return "".join(s.strip() for s in el.itertext())


def _chrome(el) -> bool:
    """Page chrome: named so by its class or id, a header/footer outside the article, or a list of links only."""
    if chrome_element((el.get("class") or "").split(), el.get("id") or ""):
        return True
    if el.tag in ("header", "footer") and not any(a.tag in ("article", "main") for a in el.iterancestors()):
        return True
    if el.tag in ("ul", "ol"):
        items = [li for li in el if _is_element(li) and li.tag == "li"]
        return bool(items) and all(
            next(li.iter("a"), None) is not None and _stripped_text(li) == "".join(_stripped_text(a) for a in li.iter("a"))
            for li in items)
    return False


def _parse(data: bytes):
    text = UnicodeDammit(data, is_html=True).unicode_markup or ""
    text = _XML_DECLARATION.sub("", text, count=1)  # lxml refuses a str that declares its own encoding
    if not text.strip():
        return None
    return lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(remove_comments=False))


def read_html(data: bytes) -> list:
    """Blocks of a page: ``str`` lines and ``Grid`` tables in reading order."""
    try:
        root = _parse(data)
    except (etree.ParserError, ValueError):
        root = None
    if root is None:
        return []
    body = root.find("body")
    root = body if body is not None else root
    blocks: list = []
    line: list[str] = []

    def flush():
        text = " ".join("".join(line).split())
        if text:
            blocks.append(text)
        line.clear()

    def walk(node):
        if node.text:
            line.append(node.text)
        for child in node:
            if _is_element(child) and child.tag not in _SKIP and not _chrome(child):
                if child.tag == "br":
                    flush()
                elif child.tag == "table" and next(child.iterdescendants("table"), None) is None:
                    flush()
                    blocks.append(table_grid(child))
                elif child.tag in _BLOCK or child.tag == "table":
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)
            if child.tail:  # the text after an element (even one not read) is its parent's
                line.append(child.tail)

    walk(root)
    flush()
    return blocks
