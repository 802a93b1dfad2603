"""An HTML page (a saved government web page or CMS output) → text lines and tables in order.

CMS markup wraps text in inline ``<span style=…>`` runs, so a line is the text of one
block element with its inline runs joined, not one text node. A table that contains
other tables is page layout, not data: it is walked through, not read as a table.

The page is decoded before it is parsed (``decode_page``): a declared encoding that does not
decode the bytes cleanly (GB2312 declared, UTF-8 written, or the reverse) is replaced by the one
that does, with a note; when none does the page is refused rather than audited as mojibake.
Nesting and tables are bounded (``bounds``).
"""

from __future__ import annotations

import codecs
import re

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Doctype, ProcessingInstruction

from ..base.errors import AuditError
from .bounds import MAX_NESTING, Budget, TooLarge
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


_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
                      re.IGNORECASE)
#: What browsers read a page labelled with these as (GB2312 and GBK pages use GBK's characters freely).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "hz": "gb18030", "ascii": "utf-8"}


def _codec(name: str) -> str | None:
    try:
        found = codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSETS.get(found, found)


def _clean(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_page(data: bytes) -> tuple[str, str]:
    """(the page's text, a note when its declared encoding was wrong or missing and another was used).

    Valid UTF-8 with Chinese in it is UTF-8 whatever the page declares (GBK text is practically never valid
    UTF-8); otherwise the declared encoding, then GB18030. ``AuditError`` when nothing decodes cleanly.
    """
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom) and (text := _clean(data, encoding)) is not None:
            return text, ""
    found = _CHARSET.search(data[:8192])
    named = (found.group(1) or found.group(2)).decode("ascii", "replace") if found else ""
    declared = _codec(named) if named else None
    said = f"网页声明的编码是 {named}" if named else "网页没有声明编码"
    if not data.isascii() and (text := _clean(data, "utf-8")) is not None:
        return text, "" if declared in (None, "utf-8") or not named else f"{said}，但内容是 UTF-8，已按 UTF-8 读取。"
    for encoding in dict.fromkeys(e for e in (declared, "utf-8", "gb18030") if e):
        text = _clean(data, encoding)
        if text is not None:
            shown = "GB18030 读取（兼容 GB2312、GBK）" if encoding == "gb18030" else f"{encoding.upper()} 读取"
            return text, "" if encoding == declared else f"{said}，但内容不是这种编码，已改按 {shown}。"
    raise AuditError(f"{said}，但按{'、'.join(dict.fromkeys(e.upper() for e in (declared, 'utf-8', 'gb18030') if e))}"
                     "都不能正确解码（可能混用了编码或已损坏），读出的文字会是乱码，未核对。请在浏览器中打开，核对文字无误后"
                     "另存为 UTF-8 编码的网页。")


def read_html(data: bytes, notes: list[str] | None = None) -> list:
    """Blocks of a page: ``str`` lines and ``Grid`` tables in reading order (``notes``: encoding, tables left out)."""
    text, note = decode_page(data)
    soup = BeautifulSoup(text, "lxml")
    root = soup.body or soup
    budget = Budget()
    blocks: list = []
    line: list[str] = []

    def flush():
        text = " ".join("".join(line).split())
        if text:
            blocks.append(text)
        line.clear()

    def walk(node, depth=0):
        if depth > MAX_NESTING:
            raise TooLarge(f"网页的元素嵌套超过 {MAX_NESTING} 层，不像年度报告，未读取")
        for child in node.children:
            if isinstance(child, (Comment, Doctype, ProcessingInstruction)):
                continue
            if isinstance(child, NavigableString):
                line.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in _SKIP:
                continue
            if child.name == "br":
                flush()
            elif child.name == "table" and not child.find("table"):
                flush()
                try:
                    grid = table_grid(child)
                except TooLarge as exc:
                    budget.skipped(exc)
                    continue
                budget.spend(grid.nrows * grid.ncols)
                blocks.append(grid)
            elif child.name in _BLOCK or child.name == "table":
                flush()
                walk(child, depth + 1)
                flush()
            else:
                walk(child, depth + 1)

    walk(root)
    flush()
    if notes is not None:
        notes += ([note] if note else []) + budget.notes
    return blocks
