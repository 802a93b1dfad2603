"""An HTML page (a saved government web page or CMS output) → text lines and tables in order.

CMS markup wraps text in inline ``<span style=…>`` runs, so a line is the text of one
block element with its inline runs joined, not one text node. A table that contains
other tables is page layout, not data: it is walked through, not read as a table.
The site's own parts — elements whose class or id names a header, footer, menu or
breadcrumb (``chrome.chrome_element``), a ``<header>``/``<footer>`` outside the article,
lists made only of links — are not read.

The page is decoded before it is parsed (``decode_page``): a declared encoding that does not
decode the bytes cleanly (GB2312 declared, UTF-8 written, or the reverse) is replaced by the one
that does, with a note; when none does the page is refused rather than audited as mojibake.
It is then parsed by lxml's HTML parser directly: government pages carry 100–200 KB of
Word-pasted markup, and a tree of lxml elements costs a tenth of a soup of Python objects.
Nesting and tables are bounded (``bounds``).
"""

from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

from ..base.errors import AuditError
from .bounds import MAX_NESTING, Budget, TooLarge
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
    """(the page's element tree or None when it has no text, the encoding note)."""
    text, note = decode_page(data)
    text = _XML_DECLARATION.sub("", text, count=1)  # lxml refuses a str that declares its own encoding
    if not text.strip():
        return None, note
    parser = lxml.html.HTMLParser(remove_comments=False)
    root = lxml.html.document_fromstring(text, parser=parser)
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):  # libxml2 stops at 256 levels, silently
        raise _too_deep()
    return root, note


def _too_deep() -> TooLarge:
    return TooLarge(f"网页的元素嵌套超过 {MAX_NESTING} 层，不像年度报告，未读取")


def read_html(data: bytes, notes: list[str] | None = None) -> list:
    """Blocks of a page: ``str`` lines and ``Grid`` tables in reading order (``notes``: encoding, tables left out)."""
    try:
        root, note = _parse(data)
    except TooLarge:
        raise
    except (etree.ParserError, ValueError):  # markup lxml cannot make a tree of: nothing to read
        root, note = None, ""
    if notes is not None and note:
        notes.append(note)
    if root is None:
        return []
    body = root.find("body")
    root = body if body is not None else root
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
            raise _too_deep()
        if node.text:
            line.append(node.text)
        for child in node:
            if _is_element(child) and child.tag not in _SKIP and not _chrome(child):
                if child.tag == "br":
                    flush()
                elif child.tag == "table" and next(child.iterdescendants("table"), None) is None:
                    flush()
                    try:
                        grid = table_grid(child)
                    except TooLarge as exc:
                        budget.skipped(exc)
                    else:
                        budget.spend(grid.nrows * grid.ncols)
                        blocks.append(grid)
                elif child.tag in _BLOCK or child.tag == "table":
                    flush()
                    walk(child, depth + 1)
                    flush()
                else:
                    walk(child, depth + 1)
            if child.tail:  # the text after an element (even one not read) is its parent's
                line.append(child.tail)

    walk(root)
    flush()
    if notes is not None:
        notes += budget.notes
    return blocks
