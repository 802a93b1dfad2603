"""A PDF with text tables → text lines and tables in reading order (pdfplumber).

Tables are found from their ruling lines; merged cells are rebuilt from the cell
rectangles (``Grid.from_boxes``), so a label spanning rows is known on each row. Text
outside the tables comes as paragraphs: a line that runs to the right margin continues
on the next one (Word, WPS and browsers all wrap Chinese at any character), so a sentence
broken by the page width — or by a page break — is read whole. A "table" of one cell is
a ruled or shaded line of text (WPS draws a filled box behind some), read as text. A PDF
of scanned images has no text: that is said plainly, not read as an empty report.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfplumber.utils import extract_text

from ..base.errors import AuditError
from .grid import Grid
from .labels import core, heading_number
from .pdf_bounds import bounded_streams, check_page, check_pages

#: CJK Radicals Supplement characters some fonts' ToUnicode maps give for ordinary characters
#: (Noto CJK prints 民 and 青, the PDF text says ⺠ and ⻘); Kangxi radicals (⼈ for 人) are
#: handled by NFKC.
_RADICALS = str.maketrans(
    "⺁⺄⺅⺇⺉⺌⺒⺓⺖⺗⺘⺝⺟⺠⺡⺣⺨⺩⺬⺭⺮⺰⺶⺻⺼⺾⻁⻂⻄⻅⻆⻈⻉⻊⻋⻌⻏⻐⻑⻓⻔⻖⻗⻘⻙⻚⻛⻜⻝⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
    "厂乙亻几刂小巳幺忄心扌月母民氵灬犭王示礻竹纟羊聿月艹虎衤西见角讠贝足车辶阝钅長长门阝雨青韦页风飞食饣马骨鬼鱼鸟卤麦黄黾齐齿龙龟",
)


def unify(text: str) -> str:
    """Radical code points a PDF's font maps gave back to the characters printed."""
    if not any("\u2e80" <= ch <= "\u2fdf" for ch in text):
        return text
    text = text.translate(_RADICALS)
    return "".join(unicodedata.normalize("NFKC", ch) if "\u2f00" <= ch <= "\u2fdf" else ch for ch in text)


_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d+\s*(?:页)?(?:\s*/\s*(?:共\s*)?\d+\s*页?)?[-—–\s]*$")


#: A line that opens an item of a list (（一）, (2), 3., 四、): a paragraph of its own even after a long line.
_ITEM = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d)|[一二三四五六七八九十]{1,3}、)")


@dataclass
class _Line:
    """A line of text outside the tables: where it ends, its type size, and whether it runs on to the next
    line (it reaches the text's right margin, decided once the whole document's lines are known)."""

    text: str
    x0: float = 0.0
    x1: float = 0.0
    size: int = 0
    continues: bool = False
    indented: bool = False  # starts right of the text's left edge: a paragraph's first line, or a line set right


@dataclass
class _Table:
    page: int
    bbox: tuple[float, float, float, float]
    cells: list  # (x0, top, x1, bottom, text)

    def continues(self, other: "_Table") -> bool:
        """``other`` carries this table on: same left and right edges, directly below or atop the next page."""
        same_width = abs(self.bbox[0] - other.bbox[0]) <= 3 and abs(self.bbox[2] - other.bbox[2]) <= 3
        touching = other.page == self.page and abs(other.bbox[1] - self.bbox[3]) <= 2
        return same_width and (touching or other.page == self.page + 1)

    def extend(self, other: "_Table") -> None:
        """Stack ``other``'s cells under this table's (a page break or a change of column lines)."""
        shift = self.bbox[3] - other.bbox[1]
        self.cells += [(x0, top + shift, x1, bottom + shift, text) for x0, top, x1, bottom, text in other.cells]
        self.bbox = (self.bbox[0], self.bbox[1], self.bbox[2], other.bbox[3] + shift)
        self.page = other.page
        self.last_bottom = other.bbox[3]


def _inside(obj, boxes) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 - 1 <= x <= x1 + 1 and top - 1 <= y <= bottom + 1 for x0, top, x1, bottom in boxes)


def _background(obj) -> bool:
    """A filled block behind the text (a page or section background): its edges are not table rules."""
    return (obj.get("object_type") == "rect" and obj.get("fill") and not obj.get("stroke")
            and obj["width"] > 100 and obj["height"] > 100)


def _text_shading(page) -> list:
    """The filled boxes behind lines of text (WPS fills one behind every line of a paragraph), told from the
    filled cells of a table by the rules: a table cell has a ruled left or right edge, shading has none."""
    verticals = [obj for obj in page.lines + page.rects if obj["width"] < 1.5 and obj["height"] > 1]

    def ruled_side(rect) -> bool:
        return any(abs(v["x0"] - x) < 1.5 and v["top"] < rect["bottom"] - 1 and v["bottom"] > rect["top"] + 1
                   for v in verticals for x in (rect["x0"], rect["x1"]))

    return [r for r in page.rects if r.get("fill") and not r.get("stroke") and r["height"] > 3 and r["width"] > 3
            and not ruled_side(r)]


def _shaded_text(table) -> bool:
    """A "table" pdfplumber built from boxes filled behind lines of text (WPS fills one behind every line
    of a paragraph): every row one cell. Its text is read as lines of the page, not as cells."""
    return all(sum(1 for cell in row.cells if cell is not None) <= 1 for row in table.rows)


def _page_blocks(page, number: int) -> list[tuple[float, object]]:
    placed: list[tuple[float, object]] = []
    boxes = []
    shading = {id(r) for r in _text_shading(page)}
    for table in page.filter(lambda obj: not _background(obj) and id(obj) not in shading).find_tables():
        if _shaded_text(table):
            continue
        cells = []
        for row, texts in zip(table.rows, table.extract(x_tolerance=1.5)):
            for bbox, text in zip(row.cells, texts):
                if bbox is not None:
                    cells.append((*bbox, unify(text or "")))  # line breaks kept: a cell may be a paragraph
        cells += _unruled_cells(page, table, cells)
        if cells:
            placed.append((table.bbox[1], _Table(number, tuple(table.bbox), cells)))
            boxes.append(table.bbox)
    rest = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    for line in rest.extract_text_lines(keep_blank_chars=False):
        if line["text"].strip():
            size = round(max(c["size"] for c in line["chars"]))
            placed.append((line["top"], _Line(unify(" ".join(line["text"].split())), line["x0"], line["x1"], size)))
    placed.sort(key=lambda item: item[0])
    return placed


def _mark_run_ons(blocks: list) -> None:
    """Which lines run on: body-size lines ending within a few characters of the text's right margin.

    The margins are the whole document's (a last page of three short lines has no margin of its own); a line
    starting right of the left margin (an indented first line, a sign-off set right) opens a paragraph and a
    line set right never runs on. The allowance at the right is generous — a line breaks early before a Latin number that does not fit or a character kept
    with the punctuation after it (「其」/「中，」) — so a new list item is kept apart by ``_ITEM`` instead.
    """
    lines = [b for b in blocks if isinstance(b, _Line)]
    body = Counter(line.size for line in lines).most_common(1)[0][0] if lines else 0  # titles and notes differ
    right = max((line.x1 for line in lines if line.size == body), default=0)
    left = min((line.x0 for line in lines if line.size == body), default=0)
    for line in lines:
        line.indented = line.x0 - left > 0.8 * body
        line.continues = line.size == body and right - line.x1 < 3 * body and line.x0 - left < 4 * body


def _unruled_cells(page, table, cells: list) -> list:
    """Cells whose rules are partly missing (WPS leaves out the top rule of a cell continued from the previous
    page): text in the table's area that no found cell holds, placed in its row and column.

    Only a box ruled along its bottom is such a cell: the inside of a cell merged down over several rows (a group
    label pdfplumber gives no box) has no rule under each row, and its text stays the merged cell's, unread."""
    columns: dict[int, tuple[float, float]] = {}
    for row in table.rows:  # each column's own width: the narrowest cell seen starting there
        for i, bbox in enumerate(row.cells):
            if bbox is not None and (i not in columns or bbox[2] - bbox[0] < columns[i][1] - columns[i][0]):
                columns[i] = (bbox[0], bbox[2])
    found = [c[:4] for c in cells]
    x0, top, x1, bottom = table.bbox
    loose = [c for c in page.chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
             and not _inside(c, found)]  # text in the table's area that no cell holds: usually none
    if not loose:
        return []
    rules = page.horizontal_edges
    extra = []
    for row in table.rows:
        for i, bbox in enumerate(row.cells):
            if bbox is not None or i not in columns:
                continue
            box = (columns[i][0], row.bbox[1], columns[i][1], row.bbox[3])
            chars = [c for c in loose if _inside(c, [box]) and not _inside(c, found)]
            if chars and _ruled_below(rules, box):
                text = extract_text(chars, x_tolerance=1.5).strip()
                if text:
                    extra.append((*box, unify(text)))
                    found.append(box)
    return extra


def _ruled_below(rules: list, box: tuple) -> bool:
    """A horizontal rule runs along most of the box's bottom edge."""
    x0, _, x1, bottom = box
    return any(abs(e["top"] - bottom) < 2 and min(e["x1"], x1) - max(e["x0"], x0) > 0.8 * (x1 - x0) for e in rules)


def _one_cell(table: _Table) -> str | None:
    """The text of a "table" that is one box around a line or two (a shaded or ruled line), else None."""
    texts = {text for *_, text in table.cells if text.strip()}
    boxes = {(round(x0), round(top)) for x0, top, *_ in table.cells}
    return next(iter(texts)) if len(boxes) == 1 and len(texts) == 1 else None


def _join_tables(items: list) -> list:
    """One table per printed table: fragments split by pdfplumber or by page breaks are stacked again;
    lines that run to the margin are joined into their paragraph, across a page break too."""
    out: list = []
    for item in items:
        if isinstance(item, _Line) and _PAGE_NUMBER.match(item.text):
            continue  # a page number between two fragments of a table or a paragraph
        if isinstance(item, _Table) and (text := _one_cell(item)) is not None:
            out += [_Line(" ".join(part.split())) for part in text.split("\n") if part.strip()]
            continue
        if isinstance(item, _Table):
            last = out[-1] if out else None
            if isinstance(last, _Table) and last.continues(item):
                last.extend(item)
                continue
        out.append(item)
    blocks: list = []
    paragraph = ""
    for o in out:
        if isinstance(o, _Line):
            if paragraph and (o.indented or heading_number(o.text) or _ITEM.match(o.text)):
                blocks.append(paragraph)
                paragraph = ""
            paragraph += o.text
            if not o.continues or heading_number(o.text):
                blocks.append(paragraph)
                paragraph = ""
            continue
        if paragraph:
            blocks.append(paragraph)
            paragraph = ""
        blocks += _split_text_rows(Grid.from_boxes(o.cells))
    if paragraph:
        blocks.append(paragraph)
    return blocks


def _text_row(grid: Grid, r: int) -> str:
    """The text of a row that is really a line of the page (a heading or prose the ruling lines enclosed)."""
    cells = [t for _, t in grid.row_cells(r) if t.strip()]
    if len(cells) == 1 and (heading_number(cells[0]) or (len(core(cells[0])) >= 15 and "第二十条" not in cells[0])):
        return cells[0]
    return ""


def _split_text_rows(grid: Grid) -> list:
    """A 'table' pdfplumber drew around headings and prose as well (page rules, underlined headings) split up."""
    out: list = []
    start = 0
    for r in range(grid.nrows):
        text = _text_row(grid, r)
        if text:
            if r > start:
                out.append(grid.slice_rows(start, r))
            out += [line for line in (" ".join(part.split()) for part in text.split("\n")) if line]
            start = r + 1
    if start == 0:
        return [grid]
    if start < grid.nrows:
        out.append(grid.slice_rows(start, grid.nrows))
    return out


def read_pdf(path: Path, notes: list[str] | None = None) -> list:
    """Blocks of every page, in order: ``str`` lines and ``Grid`` tables (pages, streams, operators bounded)."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font-descriptor chatter, one line per glyph
    blocks: list = []
    with bounded_streams(), pdfplumber.open(str(path)) as pdf:
        check_pages(pdf)
        chars = 0
        for page in pdf.pages:
            check_page(page)
            chars += len(page.chars)
            blocks += [block for _, block in _page_blocks(page, page.page_number)]
            page.flush_cache()
    _mark_run_ons(blocks)
    blocks = _join_tables(blocks)
    if not chars:
        raise AuditError(f"{path}：PDF 中没有可读取的文字（可能是扫描件或图片），无法核对；请提供带文字层的 PDF 或网页版报告。")
    return blocks
