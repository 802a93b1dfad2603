"""Read the sheets of 台账.xlsx into raw tables of cell values: opening, merged and formula cells, one sheet.

A sheet is read by fastexcel into Arrow columns when it has the contract's shape (``sheet_arrow``);
every other sheet, and anything fastexcel would read differently, by python-calamine as Python
values. Both give the same ``RawSheet``, so validation and its messages do not depend on the reader.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..base.errors import Problem, os_reason
from . import sheet_arrow
from .extent import where_byte
from .readers import OLE_MAGIC, ZIP_MAGIC, RawSheet, file_problem, header_text, shaped, raw_sheet
from .shape import Layout, layout


@dataclass
class Workbook:
    """An opened 台账.xlsx: its path, the label messages use, the calamine workbook, its sheet names."""

    path: Path
    label: str
    book: object
    sheet_names: list[str]
    #: sheet → (merged ranges, formula cells), when the sheets' XML was read already (``xlsx_bounds``)
    structure: dict | None = None
    #: fastexcel's reader of the same file, once a sheet was read with it (False: it cannot open the file)
    arrow: object = None


def _head(path: Path, label: str) -> bytes | Problem:
    """The first bytes of a file (its type), without reading the rest."""
    try:
        with path.open("rb") as handle:
            return handle.read(8)
    except OSError as exc:
        return file_problem(label, "无法读取文件", f"文件无法读取（{os_reason(exc)}）。请关闭正在使用它的程序（如 Excel），并确认有读取权限。")


def open_workbook(path: Path, label: str) -> Workbook | list[Problem]:
    """Open 台账.xlsx, or say why it is not a usable workbook."""
    from python_calamine import CalamineWorkbook

    data = _head(path, label)
    if isinstance(data, Problem):
        return [data]
    if not data.strip():
        return [file_problem(label, "空文件", "工作簿文件是空的。请用 Excel 重新保存为 .xlsx。")]
    if data.startswith(OLE_MAGIC):
        return [file_problem(label, "不是xlsx文件", "这是旧版 Excel（.xls）文件，只是改了扩展名。请在 Excel 中“另存为”Excel 工作簿（.xlsx）。")]
    if not data.startswith(ZIP_MAGIC):
        return [file_problem(label, "不是xlsx文件", "文件不是有效的 Excel 工作簿（.xlsx）。请在 Excel 中打开并“另存为”Excel 工作簿（.xlsx）。")]
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for corrupt archives
        return [file_problem(label, "不是xlsx文件", f"Excel 工作簿已损坏，无法读取（{type(exc).__name__}）。请在 Excel 中打开并重新保存为 .xlsx。")]
    return Workbook(path, label, book, list(book.sheet_names))


_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _sheet_xml_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → path of its XML part inside the archive."""
    workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    targets = {}
    for rel in re.finditer(r"<(?:\w+:)?Relationship\b([^>]*)>", rels):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', rel.group(1)))
        target = attrs.get("Target", "").lstrip("/")
        targets[attrs.get("Id")] = target if target.startswith("xl/") else "xl/" + target
    paths = {}
    for sheet in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)/?>", workbook):
        attrs = dict(re.findall(r'([\w:]+)="([^"]*)"', sheet.group(1)))
        rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
        if rid in targets:
            paths[_xml_unescape(attrs.get("name", ""))] = targets[rid]
    return paths


def _xml_unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z0-9:]+)"')
_FORMULA = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*>\s*<(?:\w+:)?f\b')
# Every <f> element leaves one of these byte strings: without them the regex scan is skipped.
_FORMULA_HINTS = (b"</f>", b"<f ", b"<f/>", b":f>", b":f ")


def sheet_structure(path: Path, sheet: str) -> tuple[list[str], list[str]]:
    """Merged ranges and formula cell references of one sheet, read from the xlsx XML."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_xml_paths(archive).get(sheet)
            if part is None:
                return [], []
            xml = archive.read(part)
    except (KeyError, EOFError, zipfile.BadZipFile, zlib.error):  # calamine reports a broken archive
        return [], []
    return structure_of(xml)


def structure_of(xml: bytes) -> tuple[list[str], list[str]]:
    """Merged ranges and formula cell references in a sheet's XML."""
    merged = [m.decode() for m in _MERGE.findall(xml)] if b"mergeCell" in xml else []
    formulas = [f.decode() for f in _FORMULA.findall(xml)] if _formula_hint(xml) else []
    return merged, formulas


def _formula_hint(xml: bytes) -> bool:
    """Whether one of ``_FORMULA_HINTS`` occurs: each has an f after <, : or /, found with numpy (7× quicker than ``in``)."""
    a = np.frombuffer(xml, np.uint8)
    at = where_byte(a[1:], ord("f")) + 1
    before = a[at - 1]
    at = at[(before == ord("<")) | (before == ord(":")) | (before == ord("/"))]
    return any(xml.startswith(hint, i - hint.index(b"f")) for i in at.tolist() for hint in _FORMULA_HINTS)


def read_sheet(workbook: Workbook, sheet: str) -> RawSheet | list[Problem]:
    """Read one sheet of 台账.xlsx; merged and formula cells are problems."""
    fast = _read_arrow(workbook, sheet)
    if fast is not None:
        return fast
    label = workbook.label
    try:
        rows = workbook.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine errors on corrupt sheet parts
        return [file_problem(label, "不是xlsx文件", f"工作表无法读取（{type(exc).__name__}）。请在 Excel 中打开并重新保存。", sheet)]
    while rows and all(v in ("", None) for v in rows[-1]):
        rows.pop()
    shape = layout(rows)
    header = [header_text(v) for v in rows[shape.header]] if rows else []
    problems = _structure_problems(workbook, sheet, header, shape)
    if problems:
        return problems
    if not rows:
        return [file_problem(label, "空工作表", "工作表是空的（没有表头行）。请在第1行填写表头，或删除该工作表。", sheet)]
    return shaped(label, sheet, rows, None, shape)


def _read_arrow(workbook: Workbook, sheet: str) -> RawSheet | list[Problem] | None:
    """The sheet read by fastexcel when it has the contract's shape (header in the first row), else None."""
    if workbook.arrow is None:
        workbook.arrow = sheet_arrow.open_reader(workbook.path) or False
    rows = sheet_arrow.read(workbook.arrow, sheet) if workbook.arrow else None
    if rows is None:
        return None
    shape = layout(rows, rows.plain)
    if shape.header != 0:
        return None  # title rows above the header: its columns were typed with the header among the records
    problems = _structure_problems(workbook, sheet, rows.header, shape)
    return problems or raw_sheet(workbook.label, sheet, rows.header, rows.cells(shape.skipped), shape)


_STRUCTURE_MESSAGES = {
    "合并单元格": "单元格 {ref} 是合并单元格。台账中不能有合并单元格（每条记录占一整行、每格一个值）。"
    "请取消合并，并在原合并范围的每一格填入完整的值。",
    "公式单元格": "单元格 {ref} 是公式。台账中不能有公式（公式的结果可能过期，且无法追溯）。"
    "请复制该列，再“选择性粘贴—数值”粘贴回原处。",
}


def _structure_problems(workbook: Workbook, sheet: str, header: list[str], shape: Layout) -> list[Problem]:
    """Merged ranges and formula cells in the header and records (not in skipped title/合计/notes rows)."""
    known = workbook.structure.get(sheet) if workbook.structure is not None else None
    merged, formulas = known or sheet_structure(workbook.path, sheet)
    return [
        Problem(workbook.label, sheet, int(_CELL_REF.match(ref).group(2)), _column_name(ref, header, shape.header + 1), ref, rule,
                _STRUCTURE_MESSAGES[rule].format(ref=ref))
        for rule, refs in (("合并单元格", merged), ("公式单元格", formulas))
        for ref in refs
        if not _skipped(ref, shape)
    ]


def _skipped(ref: str, shape: Layout) -> bool:
    """Whether every row of a cell or range lies in a title, 合计 or notes row."""
    rows = [int(_CELL_REF.match(part).group(2)) - 1 for part in ref.split(":")]
    return all(r < shape.header or r in shape.skipped for r in range(rows[0], rows[-1] + 1))


def _column_name(ref: str, header: list[str], header_row: int = 1) -> str:
    """The header of a cell's column (``C5`` → the text of C1); the letters for the header row or no header."""
    letters, row = _CELL_REF.match(ref).groups()
    if int(row) <= header_row:
        return letters
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    text = header[index - 1].strip() if index <= len(header) else ""
    return text or letters


