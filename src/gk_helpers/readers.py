"""Read ledger sources (CSV files, sheets of 台账.xlsx) into raw tables of cell values.

Readers only read: they turn a source into a header and a frame of raw cell values,
or into problems when the file itself is unusable (empty, not really CSV/xlsx,
undecodable, merged or formula cells). Cell values are checked by ``validate``.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import Problem

CSV_ENCODINGS = ("utf-8-sig", "gb18030")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass
class RawSheet:
    """A source's header and raw cells; ``cells`` has one object column per header."""

    file: str
    sheet: str
    header: list[str]
    cells: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


def _file_problem(file: str, rule: str, message: str, sheet: str = "") -> Problem:
    return Problem(file=file, sheet=sheet, rule=rule, message=message)


def read_csv(path: Path, label: str) -> RawSheet | list[Problem]:
    """Read a CSV ledger in UTF-8 (with or without BOM) or GB18030."""
    data = path.read_bytes()
    if not data.strip():
        return [_file_problem(label, "空文件", "文件是空的（没有表头行）。请至少保留表头行，或删除该文件（缺少的台账按0计并给出提示）。")]
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC):
        return [
            _file_problem(
                label,
                "不是CSV文件",
                "这是一个 Excel 工作簿，却以 .csv 命名。请在 Excel 中“另存为”CSV（逗号分隔），或把它作为 台账.xlsx 的工作表提供。",
            )
        ]
    if b"\x00" in data[:8192]:
        return [_file_problem(label, "不是CSV文件", "文件含有二进制内容，不是 CSV 文本文件。请在 Excel 中“另存为”CSV（逗号分隔）。")]
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return [_file_problem(label, "无法识别编码", "文件编码无法识别（既不是 UTF-8 也不是 GB18030）。请用 Excel 或记事本另存为“UTF-8”编码的 CSV。")]
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=object, keep_default_na=False, header=None, skip_blank_lines=False)
    except (pd.errors.ParserError, ValueError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = f"第{line.group(1)}行" if line else "某一行"
        return [_file_problem(label, "CSV格式错误", f"CSV 格式错误：{where}的列数与表头不一致（可能有未加引号的逗号）。请检查该行的逗号和引号。")]
    if frame.empty:
        return [_file_problem(label, "空文件", "文件没有表头行。请至少保留表头行。")]
    header = [str(h) for h in frame.iloc[0].tolist()]
    cells = frame.iloc[1:].reset_index(drop=True)
    cells.columns = range(len(header))
    return RawSheet(label, "", header, cells)


@dataclass
class Workbook:
    """An opened 台账.xlsx: its sheet names and, per sheet, merged ranges and formula cells."""

    path: Path
    label: str
    book: object
    sheet_names: list[str]


def open_workbook(path: Path, label: str) -> Workbook | list[Problem]:
    """Open 台账.xlsx, or say why it is not a usable workbook."""
    from python_calamine import CalamineWorkbook

    head = path.read_bytes()[:8]
    if not head:
        return [_file_problem(label, "空文件", "工作簿文件是空的。请用 Excel 重新保存为 .xlsx。")]
    if head.startswith(_OLE_MAGIC):
        return [_file_problem(label, "不是xlsx文件", "这是旧版 Excel（.xls）文件，只是改了扩展名。请在 Excel 中“另存为”Excel 工作簿（.xlsx）。")]
    if not head.startswith(_ZIP_MAGIC):
        return [_file_problem(label, "不是xlsx文件", "文件不是有效的 Excel 工作簿（.xlsx）。请在 Excel 中打开并“另存为”Excel 工作簿（.xlsx）。")]
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for corrupt archives
        return [_file_problem(label, "不是xlsx文件", f"Excel 工作簿已损坏，无法读取（{type(exc).__name__}）。请在 Excel 中打开并重新保存为 .xlsx。")]
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


def sheet_structure(path: Path, sheet: str) -> tuple[list[str], list[str]]:
    """Merged ranges and formula cell references of one sheet, read from the xlsx XML."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_xml_paths(archive).get(sheet)
            if part is None:
                return [], []
            xml = archive.read(part)
    except (KeyError, zipfile.BadZipFile):
        return [], []
    merged = [m.decode() for m in _MERGE.findall(xml)]
    formulas = [f.decode() for f in _FORMULA.findall(xml)]
    return merged, formulas


def read_sheet(workbook: Workbook, sheet: str) -> RawSheet | list[Problem]:
    """Read one sheet of 台账.xlsx; merged and formula cells are problems."""
    label = workbook.label
    merged, formulas = sheet_structure(workbook.path, sheet)
    problems = []
    for ref in merged:
        first = _CELL_REF.match(ref)
        problems.append(
            Problem(
                label, sheet, int(first.group(2)) if first else 0, "", ref, "合并单元格",
                "台账中不能有合并单元格（每条记录必须占一整行、每格一个值）。请取消合并并在每一行填入完整的值。",
            )
        )
    for ref in formulas:
        col, row = _CELL_REF.match(ref).groups()
        problems.append(
            Problem(
                label, sheet, int(row), f"{col}列", ref, "公式单元格",
                "台账中不能有公式（公式的结果可能过期，且无法追溯）。请复制该列并“选择性粘贴—数值”。",
            )
        )
    if problems:
        return problems
    try:
        rows = workbook.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine errors on corrupt sheet parts
        return [_file_problem(label, "不是xlsx文件", f"工作表无法读取（{type(exc).__name__}）。请在 Excel 中打开并重新保存。", sheet)]
    while rows and all(v in ("", None) for v in rows[-1]):
        rows.pop()
    if not rows:
        return [_file_problem(label, "空工作表", "工作表是空的（没有表头行）。请在第1行填写表头，或删除该工作表。", sheet)]
    width = max(len(r) for r in rows)
    header = [_header_text(v) for v in rows[0]] + [""] * (width - len(rows[0]))
    cells = pd.DataFrame(rows[1:], columns=range(width), dtype=object) if len(rows) > 1 else pd.DataFrame(columns=range(width), dtype=object)
    return RawSheet(label, sheet, header, cells)


def _header_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)

