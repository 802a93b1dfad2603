"""An HTML page (a saved government web page or CMS output) → text lines and tables in order.

CMS markup wraps text in inline ``<span style=…>`` runs, so a line is the text of one
block element with its inline runs joined, not one text node. A table that contains
other tables is page layout, not data: it is walked through, not read as a table.
The site's own parts — elements whose class or id names a header, footer, menu or
breadcrumb (``chrome.chrome_element``), a ``<header>``/``<footer>`` outside the article,
lists made only of links — are not read.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Doctype, ProcessingInstruction

from .chrome import chrome_element
from .grid import Grid, Span

_BLOCK = frozenset(
    "address article aside blockquote body center dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section ul tr td th caption title".split()
)
#: Not report text: scripts, forms, site navigation, and asides (the kit's own review panel is an aside).
_SKIP = frozenset("script style noscript template head iframe object svg button select input nav aside".split())


def _span(value) -> int:
    try:
        return int(str(value).strip().rstrip(";") or 1)
    except ValueError:
        return 1


def _cell_text(cell: Tag) -> str:
    for br in cell.find_all("br"):
        br.replace_with(" ")
    return " ".join(cell.get_text("").split())


def table_grid(table: Tag) -> Grid:
    """A data table → Grid (rowspan/colspan expanded); rows of nested tables are not its own."""
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        cells = [td for td in tr.find_all(["td", "th"], recursive=False)]
        rows.append([Span(_cell_text(td), _span(td.get("rowspan", 1)), _span(td.get("colspan", 1))) for td in cells])
    return Grid.from_spans(rows)


def _chrome(tag: Tag) -> bool:
    """Page chrome: named so by its class or id, a header/footer outside the article, or a list of links only."""
    if chrome_element(tag.get("class") or [], tag.get("id") or ""):
        return True
    if tag.name in ("header", "footer") and tag.find_parent(["article", "main"]) is None:
        return True
    if tag.name in ("ul", "ol"):
        items = tag.find_all("li", recursive=False)
        return bool(items) and all(li.find("a") is not None and li.get_text("", strip=True) == "".join(
            a.get_text("", strip=True) for a in li.find_all("a")) for li in items)
    return False


def read_html(data: bytes) -> list:
    """Blocks of a page: ``str`` lines and ``Grid`` tables in reading order."""
    soup = BeautifulSoup(data, "lxml")
    root = soup.body or soup
    blocks: list = []
    line: list[str] = []

    def flush():
        text = " ".join("".join(line).split())
        if text:
            blocks.append(text)
        line.clear()

    def walk(node):
        for child in node.children:
            if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                line.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in _SKIP or _chrome(child):
                continue
            if child.name == "br":
                flush()
            elif child.name == "table" and not child.find("table"):
                flush()
                blocks.append(table_grid(child))
            elif child.name in _BLOCK or child.name == "table":
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(root)
    flush()
    return blocks
