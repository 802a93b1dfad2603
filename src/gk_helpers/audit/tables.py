"""Sections 二, 三 and 四 read from the grids of a document, cell by cell, by their labels.

Each number keeps where it was printed (table, row, column) so a check can point at it.
Rows are found by their label (``labels.match``), columns by their header text; a row
or column that cannot be identified is left out with a note, never placed by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..base.formats import (
    SECTION2_BLOCKS,
    SECTION3_COLUMNS,
    SECTION4_GROUPS,
    SECTION4_RESULTS,
    section3_rows,
)
from .align import PrintedRow, best_alignment, exact
from .cells import Number, is_number_text, parse_cell
from .grid import Grid
from .labels import core, match, numbering


@dataclass(frozen=True)
class CellRef:
    """Where a number was printed: table (from 1 in the document), row and column (from 0)."""

    table: int
    row: int
    col: int


@dataclass(frozen=True)
class Read:
    """One number cell as read, and where."""

    number: Number
    ref: CellRef


@dataclass
class Found:
    """What a section's reader found: values by key, label drift, notes."""

    values: dict = field(default_factory=dict)
    drift: list[tuple[str, str]] = field(default_factory=list)  # (printed, official)
    notes: list[str] = field(default_factory=list)
    keys: list = field(default_factory=list)  # keys in the order they were found
    layout: str | None = None  # section 三: the layout its rows align with


def _place(grid: Grid, r: int, c: int = 0) -> str:
    return f"表{grid.index}第{r + 1}行" + (f"第{c + 1}列" if c else "")


def kind_of(grid: Grid) -> str:
    """Which section a table belongs to by its content: section2 / section3 / section4 / ""."""
    text = core(grid.all_text())
    if "申请人情况" in text or ("自然人" in text and "商业企业" in text) or "本年新收" in text:
        return "section3"
    if "行政复议" in text and ("尚未审结" in text or "结果维持" in text):
        return "section4"
    if "第二十条" in text or "信息内容" in text or any(w in text for w in ("规章", "行政许可", "行政处罚", "政府集中采购")):
        return "section2"
    return ""


def _numeric_cells(grid: Grid, r: int) -> int:
    return sum(1 for _, text in grid.row_cells(r) if is_number_text(text))


# ---- section 三 ----------------------------------------------------------------------------

#: Every data row of either layout: Section3Row.label → the row's own printed label.
SECTION3_CANDIDATES = {row.label: row.leaf for fmt in ("2019", "2021") for row in section3_rows(fmt)}
_COLUMN_CANDIDATES = {i: name for i, name in enumerate(SECTION3_COLUMNS)}


_HEADER_CELLS = frozenset(SECTION3_COLUMNS) | {"公益组织", "申请人情况", "法人或其他组织"}


def _header_cell(text: str) -> bool:
    """A column header or the corner note — not a numbered row label such as （七）总计."""
    flat = core(text)
    return (flat in _HEADER_CELLS and not numbering(text)) or "勾稽关系" in flat


def _header_end(grid: Grid) -> int:
    """The first row below section 三's column headers: the row of 一、本年新收… (or 二、上年结转…),
    else the row after the last header cell (自然人 … 总计, the corner note)."""
    for r in range(grid.nrows):
        if any(core(t).startswith(("本年新收", "上年结转")) for _, t in grid.row_cells(r)):
            return r
    last = max((r for r in range(grid.nrows) if any(_header_cell(t) for _, t in grid.row_cells(r))), default=-1)
    return last + 1


def section3_columns(grid: Grid) -> dict[int, int]:
    """Applicant column index (0–6) → grid column, from the header rows (bottom-most label wins)."""
    end = _header_end(grid)
    mapping: dict[int, int] = {}
    for c in range(grid.ncols):
        for r in range(end - 1, -1, -1):
            text = core(grid.text[r][c])
            if text in SECTION3_COLUMNS or text == "公益组织":
                index = SECTION3_COLUMNS.index(text) if text in SECTION3_COLUMNS else 3
                mapping.setdefault(index, c)
                break
    return mapping if len(mapping) >= 4 else {}


@dataclass
class _Printed3:
    """Section 三 as printed: its data rows in order, the cells of each, and what could not be placed."""

    rows: list = field(default_factory=list)  # PrintedRow, position = (grid, row, {applicant index: grid column})
    notes: list = field(default_factory=list)


def _printed_rows(grids: list[Grid]) -> _Printed3:
    """Every labelled row below the column headers, in order, across a table split over pages."""
    out = _Printed3()
    columns: dict[int, int] = {}
    width = 0
    for grid in grids:
        own = section3_columns(grid)
        if own:
            columns, width = own, grid.ncols
        elif not columns:
            out.notes.append(f"第三部分表格（表{grid.index}）找不到申请人类型表头（自然人、商业企业……总计），未读取。")
            continue
        else:  # a table continued on the next page without its header: the data columns stay the rightmost ones
            shift = grid.ncols - width
            columns = {i: c + shift for i, c in columns.items() if 0 <= c + shift < grid.ncols}
            width = grid.ncols
        missing = [SECTION3_COLUMNS[i] for i in range(7) if i not in columns]
        if missing:
            out.notes.append(f"第三部分表格（表{grid.index}）找不到列：{'、'.join(missing)}，这些单元格记为空（null）。")
        first = min(columns.values())
        for r in range(_header_end(grid) if own else 0, grid.nrows):
            labels = [t for c, t in grid.row_cells(r) if c < first and core(t) and not _header_cell(t)]
            if not labels:
                if _numeric_cells(grid, r):
                    out.notes.append(f"第三部分{_place(grid, r)}没有行名，未读取。")
                continue
            group = labels[-2] if len(labels) > 1 else ""
            out.rows.append(PrintedRow(group, labels[-1], (grid, r, dict(columns))))
    return out


def read_section3(grids: list[Grid], found: Found | None = None) -> Found:
    """Read section 三 from its table(s): printed rows aligned in order with the official rows of the
    layout that fits best (``align``), every printed cell read and a blank one kept as blank."""
    found = found or Found()
    printed = _printed_rows(grids)
    found.notes += printed.notes
    if not printed.rows:
        return found
    alignment, layout = best_alignment(printed.rows)
    found.layout = layout
    official = section3_rows(alignment.fmt)
    paired = {i: j for i, j, _ in alignment.pairs}
    for i, row in enumerate(printed.rows):
        grid, r, columns = row.position
        j = paired.get(i)
        if j is None:
            found.notes.append(f"第三部分{_place(grid, r)}的行「{row.leaf}」无法对应到格式中的任何一行，未读取。")
            continue
        key = official[j].label
        if not exact(row, official[j]):
            found.drift.append((row.leaf, official[j].leaf))
        found.values[key] = [
            Read(parse_cell(grid.text[r][columns[k]]), CellRef(grid.index, r, columns[k])) if k in columns else None
            for k in range(7)
        ]
        found.keys.append(key)
    if layout is not None:
        absent = [o.label for o in official if o.label not in found.values]
        if absent:
            found.notes.append("第三部分找不到行：" + "、".join(absent) + "，这些单元格记为空（null）。")
    return found


def section3_layout(found: Found) -> str | None:
    """The layout printed, as the row alignment decided it (None: neither layout clearly fits)."""
    return found.layout


# ---- section 四 ----------------------------------------------------------------------------


#: Words naming each result column (结果维持 … 总计) as publishers print them: 维持, 未审结, 合计 ….
_SECTION4_WORDS = (("维持",), ("纠正",), ("其他",), ("尚未审结", "未审结", "审理中"), ("总计", "合计", "小计"))


_SECTION4_HEADER = ("维持", "纠正", "其他", "审结", "总计", "合计", "复议", "诉讼", "起诉")


def _section4_data_row(grid: Grid) -> int | None:
    """The row of section 四's numbers: the first below the last header row (result and group names),
    read even when some of its cells are blank; None when there is no such row."""
    first_number = next((r for r in range(grid.nrows) if _numeric_cells(grid, r)), grid.nrows)
    last_header = max((r for r in range(first_number)
                       if any(any(w in core(t) for w in _SECTION4_HEADER) for _, t in grid.row_cells(r))), default=None)
    if last_header is None or last_header + 1 >= grid.nrows:
        return None
    return last_header + 1


def _section4_column(path: list[str]) -> int | None:
    joined = "".join(path)
    if "复议后起诉" in joined:
        group = 2
    elif "直接起诉" in joined or "未经复议" in joined:
        group = 1
    elif "行政复议" in joined:
        group = 0
    else:
        return None
    for text in reversed(path):
        result = next((i for i, words in enumerate(_SECTION4_WORDS) if any(w in text for w in words)), None)
        if result is not None:
            return group * 5 + result
    return None


def read_section4(grids: list[Grid], found: Found | None = None) -> Found:
    """Read section 四's 15 numbers: each column named by its group and result headers."""
    found = found or Found()
    for grid in grids:
        start = _section4_data_row(grid)
        if start is None:
            found.notes.append(f"第四部分表格（表{grid.index}）没有数字行，未读取。")
            continue
        columns: dict[int, int] = {}
        for c in range(grid.ncols):
            path = [core(grid.text[r][c]) for r in range(start)]
            index = _section4_column([p for p in path if p])
            if index is not None:
                columns.setdefault(index, c)
        for index, c in columns.items():
            if index not in found.values:
                found.values[index] = Read(parse_cell(grid.text[start][c]), CellRef(grid.index, start, c))
        if start + 1 < grid.nrows and _numeric_cells(grid, start + 1):
            found.notes.append(f"第四部分表格（表{grid.index}）有多行数字，只读取第一行（第{start + 1}行）。")
    missing = [f"{SECTION4_GROUPS[i // 5]}/{SECTION4_RESULTS[i % 5]}" for i in range(15) if i not in found.values]
    if grids and missing:
        found.notes.append(f"第四部分找不到列：{'、'.join(missing)}，记为空（null）。")
    return found


# ---- section 二 ----------------------------------------------------------------------------

_ITEM = re.compile(r"第([一二三四五六七八九十]+)项")
_ROW_ITEM = {"规章": "（一）", "规范性文件": "（一）", "行政规范性文件": "（一）", "行政许可": "（五）", "其他对外管理服务事项": "（五）",
             "行政处罚": "（六）", "行政强制": "（六）", "行政事业性收费": "（八）", "政府集中采购": "（九）"}
_UNIT = re.compile(r"[（(]\s*(?:单位\s*[:：]\s*)?([万千]?元)\s*[）)]")


@dataclass
class Block:
    """One block of section 二 as printed: caption item, header cells, data rows."""

    item: str  # "（一）"
    header: list[tuple[int, str]] = field(default_factory=list)  # (first column, text)
    rows: list[tuple[str, Grid, int]] = field(default_factory=list)  # (label, grid, row)


def _caption_item(text: str) -> str:
    m = _ITEM.search(core(text))
    return f"（{m.group(1)}）" if m and "第二十条" in core(text) else ""


def section2_blocks(grids: list[Grid]) -> list[Block]:
    """Split the section 二 tables into blocks at each 第二十条 caption or 信息内容 header row.

    A block without a caption takes its item from its first row label (规章 → （一） …).
    """
    blocks: list[Block] = []
    for grid in grids:
        for r in range(grid.nrows):
            cells = [(c, t) for c, t in grid.row_cells(r) if core(t)]
            if not cells:
                continue
            item = next((_caption_item(t) for _, t in cells if _caption_item(t)), "")
            if item and not any(is_number_text(t) for _, t in cells):
                blocks.append(Block(item))
            elif core(cells[0][1]) == "信息内容":
                if not blocks or blocks[-1].header or blocks[-1].rows:
                    blocks.append(Block(""))
                blocks[-1].header = [(c, t) for c, t in grid.row_cells(r) if c > cells[0][0] and core(t)]
            else:
                if not blocks:
                    blocks.append(Block(""))
                if not blocks[-1].item:
                    by_label = match(cells[0][1], {k: k for k in _ROW_ITEM})
                    blocks[-1].item = _ROW_ITEM[by_label.key] if by_label else ""
                blocks[-1].rows.append((cells[0][1], grid, r))
    return blocks


def _block_layout(block: Block, printed_layout: str | None):
    """The official block (2019 or 2021) whose columns the printed header names best."""
    scores = []
    for fmt in ("2019", "2021"):
        official = next((b for b in SECTION2_BLOCKS[fmt] if b.item == f"第二十条第{block.item}项"), None)
        if official is None:
            continue
        names = {i: _UNIT.sub("", name) for i, name in enumerate(official.columns)}
        exact = sum(1 for _, t in block.header if (m := match(_UNIT.sub("", t), names)) and m.exact)
        near = sum(1 for _, t in block.header if match(_UNIT.sub("", t), names))
        scores.append(((exact, near, fmt == printed_layout), fmt, official))
    if not scores:
        return None, None
    scores.sort(key=lambda s: s[0], reverse=True)
    return scores[0][1], scores[0][2]


def read_section2(grids: list[Grid], printed_layout: str | None) -> tuple[dict, Found, str | None]:
    """Section 二 → ({item: {fmt, block, rows: {official label: [Read|None…]}}}, found, layout of its columns)."""
    found = Found()
    result: dict[str, dict] = {}
    layouts = []
    for block in section2_blocks(grids):
        if not block.item:
            found.notes.append("第二部分有一组表格行找不到所属条目（第二十条第几项），未读取：" + "、".join(l for l, _, _ in block.rows[:3]))
            continue
        fmt, official = _block_layout(block, printed_layout)
        if official is None:
            found.notes.append(f"第二部分第二十条第{block.item}项不属于任何一种格式，未读取。")
            continue
        if official.item in result:
            found.notes.append(f"第二部分第二十条第{block.item}项出现两次，只读取第一次。")
            continue
        layouts.append(fmt)
        names = {i: _UNIT.sub("", name) for i, name in enumerate(official.columns)}
        columns: dict[int, tuple[int, bool]] = {}  # official column → (grid column, unit 元 in header)
        headers: dict[int, str] = {}  # official column → header as printed
        for c, text in block.header:
            hit = match(_UNIT.sub("", text), names)
            if hit is None:
                found.notes.append(f"第二部分第二十条第{block.item}项的列「{text}」无法识别，未读取。")
                continue
            if not hit.exact and core(_UNIT.sub("", text)) != core(names[hit.key]):
                found.drift.append((text, official.columns[hit.key]))
            unit = _UNIT.search(text)
            columns.setdefault(hit.key, (c, bool(unit) and unit.group(1) == "元"))
            headers.setdefault(hit.key, text)
        if not block.header:
            found.notes.append(f"第二部分第二十条第{block.item}项没有表头（信息内容…），各列无法识别，记为空（null）。")
        row_names = {label: label for label, _ in official.rows}
        rows: dict[str, list] = {}
        for label, grid, r in block.rows:
            hit = match(label, row_names)
            if hit is None:
                found.notes.append(f"第二部分第二十条第{block.item}项的行「{label}」无法识别，未读取。")
                continue
            if not hit.exact:
                found.drift.append((label, hit.key))
            values = []
            for i, name in enumerate(official.columns):
                if i not in columns:
                    values.append(None)
                    continue
                c, yuan = columns[i]
                number = parse_cell(grid.text[r][c], money="金额" in name)
                if yuan and number.value is not None and not number.unit:
                    number = Number(number.printed, round(number.value / 10000, 6), unit="")
                values.append(Read(number, CellRef(grid.index, r, c)))
            rows.setdefault(hit.key, values)
        result[official.item] = {"fmt": fmt, "block": official, "rows": rows, "headers": headers}
    layout = layouts[0] if layouts and all(l == layouts[0] for l in layouts) else None
    if layouts and layout is None:
        found.notes.append("第二部分各项表格分属 2019 和 2021 两种格式。")
    return result, found, layout
