"""Read ledger sources (CSV files, sheets of 台账.xlsx) into raw tables of cell values.

Readers only read: they turn a source into a header and a frame of raw cell values,
or into problems when the file itself is unusable (empty, not really CSV/xlsx,
undecodable, merged or formula cells). Cell values are checked by ``validate``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..base.errors import Problem, os_reason
from .shape import MAX_TITLE_ROWS, Layout, layout

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass
class RawSheet:
    """A source's header and raw cells; ``cells`` has one object column per header."""

    file: str
    sheet: str
    header: list[str]
    cells: pd.DataFrame
    #: CSV only: how many columns the header line has. A CSV row with values beyond
    #: them is shifted (an unquoted comma), unlike an unlabelled column in a workbook.
    header_width: int | None = None
    #: spreadsheet row number of the header (a title may stand above it); ``cells``'s index is row number − 2
    header_row: int = 1
    #: what the reader skipped (title, 合计 and 填表说明 rows), as notes for the check panel
    notes: list[str] = field(default_factory=list)


def _shaped(label: str, sheet: str, rows: list[list], filler, shape: Layout, **extra) -> RawSheet:
    """The raw sheet of ``rows`` with the header where ``shape`` found it and skipped rows left out."""
    width = max(len(r) for r in rows)
    header = [_header_text(v) for v in rows[shape.header]]
    header += [""] * (width - len(header))
    keep = [i for i in range(shape.header + 1, len(rows)) if i not in shape.skipped]
    cells = pd.DataFrame([list(rows[i]) + [filler] * (width - len(rows[i])) for i in keep],
                         index=pd.Index([i - 1 for i in keep], dtype="int64"), columns=range(width), dtype=object)
    where = f"{label}「{sheet}」" if sheet else label
    return RawSheet(label, sheet, header, cells, header_row=shape.header + 1,
                    notes=[f"{where}：{note}" for note in shape.notes], **extra)


def _file_problem(file: str, rule: str, message: str, sheet: str = "") -> Problem:
    return Problem(file=file, sheet=sheet, rule=rule, message=message)


_EMPTY_CSV = "文件是空的（没有表头行）。请至少保留表头行，或删除该文件（缺少的台账按0计并给出提示）。"


def _read_csv_rows(path: Path, label: str, data: bytes | Problem | None = None) -> RawSheet | list[Problem]:
    """Read a CSV ledger with the ``csv`` module (every shape of file; the problems name their line)."""
    # each step passes its result on, or stops with the one problem that says why
    data = _read_bytes(path, label) if data is None else data
    text = data if isinstance(data, Problem) else _not_text(data, label) or _decode(data, label)
    rows = text if isinstance(text, Problem) else _csv_rows(text, label)
    if isinstance(rows, Problem):
        return [rows]
    if not any(c.strip() for row in rows for c in row):
        return [_file_problem(label, "空文件", _EMPTY_CSV)]
    separator = _other_separator(rows[0])
    if separator:
        return [_file_problem(label, "不是逗号分隔", f"文件用{separator}而不是英文逗号分隔各列。请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”。")]
    shape = layout(rows)
    return _shaped(label, "", rows, "", shape, header_width=len(rows[shape.header]))


#: Files at least this large are parsed by pyarrow's CSV reader (below it the csv module is as quick).
ARROW_MIN_BYTES = 1 << 20


def read_csv(path: Path, label: str) -> RawSheet | list[Problem]:
    """Read a CSV ledger in UTF-8 (with or without BOM) or GB18030.

    A large file whose rows all have the header's width, with no blank line and nothing to skip
    below the header (no 合计 or 填表说明 row), is parsed by pyarrow's multi-threaded CSV reader;
    every other file, and anything pyarrow would read differently, by the ``csv`` module
    (``_read_csv_rows``): both give the same ``RawSheet``.
    """
    data = _read_bytes(path, label)
    if isinstance(data, bytes) and len(data) >= ARROW_MIN_BYTES and _not_text(data, label) is None:
        text = _decode(data, label)
        if isinstance(text, str):
            fast = _arrow_sheet(data, text, label)
            if fast is not None:
                return fast
    return _read_csv_rows(path, label, data)


def _arrow_sheet(data: bytes, text: str, label: str) -> RawSheet | None:
    """The raw sheet of a large, plain CSV file by pyarrow, or None when its shape needs the ``csv`` module."""
    import pyarrow as pa
    from pyarrow import csv as pacsv

    utf8 = text.removeprefix("\ufeff").encode("utf-8")
    if b'"' in utf8:
        return None  # pyarrow reads some broken quoting the csv module (rightly) refuses: quoted files go to it
    try:
        table = pacsv.read_csv(pa.py_buffer(utf8), read_options=pacsv.ReadOptions(autogenerate_column_names=True),
                               parse_options=pacsv.ParseOptions(quote_char=False, ignore_empty_lines=False),
                               convert_options=pacsv.ConvertOptions(column_types=_ALL_TEXT, strings_can_be_null=False,
                                                                    quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None  # a row of another width, a blank line, a stray quote…: the csv module says where
    if table.num_columns >= len(_ALL_TEXT) or table.num_rows == 0:
        return None
    head = [[table.column(j)[i].as_py() for j in range(table.num_columns)] for i in range(min(MAX_TITLE_ROWS + 1, table.num_rows))]
    if _other_separator(head[0]) or not any(cell.strip() for cell in head[0]):
        return None  # another separator, or a blank first line (maybe an empty file): the csv module's messages
    shape = layout(head)
    if shape.skipped or not _plain_records(table.column(0).slice(shape.header + 1)):
        return None  # 合计 or notes rows below the header: the csv module's rows go to ``layout``
    columns = [table.column(i).to_numpy(zero_copy_only=False) for i in range(table.num_columns)]
    index = pd.RangeIndex(shape.header, table.num_rows - 1)
    cells = pd.DataFrame({i: column[shape.header + 1:] for i, column in enumerate(columns)}, index=index, dtype=object)
    header = [_header_text(v) for v in head[shape.header]]
    return RawSheet(label, "", header, cells, header_width=len(header), header_row=shape.header + 1,
                    notes=[f"{label}：{note}" for note in shape.notes])


#: pyarrow reads every column (up to this many) as text: the contract's values are typed by ``validate``.
_ALL_TEXT = {f"f{i}": "string" for i in range(1024)}
_STARTERS = "合总小填说注备"


def _plain_records(first) -> bool:
    """Whether every row's first cell shows it is a record (as ``shape`` judges): not blank, no 合计/说明 start."""
    import pyarrow as pa
    import pyarrow.compute as pc

    stripped = pc.utf8_ltrim(first, " \t\r\n\u3000")
    starts = pc.utf8_slice_codeunits(stripped, 0, 1)
    record = pc.and_(pc.greater(pc.utf8_length(stripped), 0), pc.invert(pc.is_in(starts, pa.array(list(_STARTERS)))))
    return bool(pc.all(record).as_py() is not False)


def _read_bytes(path: Path, label: str) -> bytes | Problem:
    try:
        return path.read_bytes()
    except OSError as exc:
        return _file_problem(
            label, "无法读取文件",
            f"文件无法读取（{os_reason(exc)}）。请关闭正在使用它的程序（如 Excel），并确认有读取权限。",
        )


def _not_text(data: bytes, label: str) -> Problem | None:
    """Why the bytes are not a CSV text at all, or None."""
    if not data.strip():
        return _file_problem(label, "空文件", _EMPTY_CSV)
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE_MAGIC):
        return _file_problem(
            label, "不是CSV文件",
            "这是一个 Excel 工作簿，却以 .csv 命名。请在 Excel 中“另存为”CSV（逗号分隔），或把它作为 台账.xlsx 的工作表提供。",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _file_problem(
            label, "无法识别编码",
            "这是 UTF-16 编码的“Unicode 文本”，不是 CSV。请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”。",
        )
    if b"\x00" in data[:8192]:
        return _file_problem(label, "不是CSV文件", "文件含有二进制内容，不是 CSV 文本文件。请在 Excel 中“另存为”CSV（逗号分隔）。")
    return None


def _decode(data: bytes, label: str) -> str | Problem:
    """UTF-8 (with or without BOM), else GB18030; a bad byte is located by its line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        error, name = exc, "UTF-8"
    if data[: error.start].isascii():  # nothing before the bad byte says UTF-8: Excel's GB18030
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as exc:
            error, name = exc, "GB18030"
    return Problem(
        label, "", data[: error.start].count(b"\n") + 1, "", "", "无法识别编码",
        f"文件按 {name} 编码读取，但这一行含有无法识别的字节（文件可能已损坏或混用了编码）。"
        "请用 Excel 打开，核对该行后“另存为”“CSV UTF-8（逗号分隔）”。",
    )


def _csv_rows(text: str, label: str) -> list[list[str]] | Problem:
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error:
        return Problem(
            label, "", len(rows) + 1, "", "", "CSV格式错误",
            "这一行的英文双引号没有配对（值中含有 \" 时须写成 \"\"，或整个值用双引号括起来）。请检查该行的引号。",
        )
    return rows


def _other_separator(header: list[str]) -> str:
    """The name of the separator a one-cell header line is split by (tab, semicolon), if any."""
    if len(header) != 1:
        return ""
    return next((name for char, name in (("\t", "制表符"), (";", "分号"), ("；", "中文分号")) if char in header[0]), "")


@dataclass
class Workbook:
    """An opened 台账.xlsx: its path, the label messages use, the calamine workbook, its sheet names."""

    path: Path
    label: str
    book: object
    sheet_names: list[str]
    #: sheet → (merged ranges, formula cells), when the sheets' XML was read already (``xlsx_bounds``)
    structure: dict | None = None


def _head(path: Path, label: str) -> bytes | Problem:
    """The first bytes of a file (its type), without reading the rest."""
    try:
        with path.open("rb") as handle:
            return handle.read(8)
    except OSError as exc:
        return _file_problem(label, "无法读取文件", f"文件无法读取（{os_reason(exc)}）。请关闭正在使用它的程序（如 Excel），并确认有读取权限。")


def open_workbook(path: Path, label: str) -> Workbook | list[Problem]:
    """Open 台账.xlsx, or say why it is not a usable workbook."""
    from python_calamine import CalamineWorkbook

    data = _head(path, label)
    if isinstance(data, Problem):
        return [data]
    if not data.strip():
        return [_file_problem(label, "空文件", "工作簿文件是空的。请用 Excel 重新保存为 .xlsx。")]
    if data.startswith(_OLE_MAGIC):
        return [_file_problem(label, "不是xlsx文件", "这是旧版 Excel（.xls）文件，只是改了扩展名。请在 Excel 中“另存为”Excel 工作簿（.xlsx）。")]
    if not data.startswith(_ZIP_MAGIC):
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
    formulas = [f.decode() for f in _FORMULA.findall(xml)] if any(h in xml for h in _FORMULA_HINTS) else []
    return merged, formulas


def read_sheet(workbook: Workbook, sheet: str) -> RawSheet | list[Problem]:
    """Read one sheet of 台账.xlsx; merged and formula cells are problems."""
    label = workbook.label
    try:
        rows = workbook.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine errors on corrupt sheet parts
        return [_file_problem(label, "不是xlsx文件", f"工作表无法读取（{type(exc).__name__}）。请在 Excel 中打开并重新保存。", sheet)]
    while rows and all(v in ("", None) for v in rows[-1]):
        rows.pop()
    shape = layout(rows)
    header = [_header_text(v) for v in rows[shape.header]] if rows else []
    problems = _structure_problems(workbook, sheet, header, shape)
    if problems:
        return problems
    if not rows:
        return [_file_problem(label, "空工作表", "工作表是空的（没有表头行）。请在第1行填写表头，或删除该工作表。", sheet)]
    return _shaped(label, sheet, rows, None, shape)


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


def _header_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)
