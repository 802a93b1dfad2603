"""A PDF with text tables → text lines and tables in reading order (pdfplumber).

Tables are found from their ruling lines; merged cells are rebuilt from the cell
rectangles (``Grid.from_boxes``), so a label spanning rows is known on each row. Text
outside the tables comes line by line. A PDF of scanned images has no text: that is
said plainly, not read as an empty report.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from ..base.errors import AuditError
from .grid import Grid
from .labels import core, heading_number


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


def _page_blocks(page, number: int) -> list[tuple[float, object]]:
    placed: list[tuple[float, object]] = []
    boxes = []
    for table in page.filter(lambda obj: not _background(obj)).find_tables():
        cells = []
        for row, texts in zip(table.rows, table.extract(x_tolerance=1.5)):
            for bbox, text in zip(row.cells, texts):
                if bbox is not None:
                    cells.append((*bbox, unify(text or "")))  # line breaks kept: a cell may be a paragraph
        if cells:
            placed.append((table.bbox[1], _Table(number, tuple(table.bbox), cells)))
            boxes.append(table.bbox)
    rest = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    for line in rest.extract_text_lines(keep_blank_chars=False):
        text = unify(" ".join(line["text"].split()))
        if text:
            placed.append((line["top"], text))
    placed.sort(key=lambda item: item[0])
    return placed


def _join_tables(items: list) -> list:
    """One table per printed table: fragments split by pdfplumber or by page breaks are stacked again."""
    out: list = []
    for item in items:
        if isinstance(item, str) and _PAGE_NUMBER.match(item):
            continue  # a page number between two fragments of a table
        if isinstance(item, _Table):
            last = next((o for o in reversed(out) if not (isinstance(o, str) and _PAGE_NUMBER.match(o))), None)
            if isinstance(last, _Table) and out[-1] is last and last.continues(item):
                last.extend(item)
                continue
        out.append(item)
    blocks: list = []
    for o in out:
        blocks += _split_text_rows(Grid.from_boxes(o.cells)) if isinstance(o, _Table) else [o]
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


def read_pdf(path: Path) -> list:
    """Blocks of every page, in order: ``str`` lines and ``Grid`` tables."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font-descriptor chatter, one line per glyph
    blocks: list = []
    with pdfplumber.open(str(path)) as pdf:
        chars = 0
        for page in pdf.pages:
            chars += len(page.chars)
            blocks += [block for _, block in _page_blocks(page, page.page_number)]
            page.flush_cache()
    blocks = _join_tables(blocks)
    if not chars:
        raise AuditError(f"{path}：PDF 中没有可读取的文字（可能是扫描件或图片），无法核对；请提供带文字层的 PDF 或网页版报告。")
    return blocks
