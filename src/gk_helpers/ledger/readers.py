"""Read ledger sources (CSV files, sheets of 台账.xlsx) into raw tables of cell values.

Readers only read: they turn a source into a header and a frame of raw cell values,
or into problems when the file itself is unusable (empty, not really CSV/xlsx,
undecodable, merged or formula cells). Cell values are checked by ``validate``.
This module reads CSV files and holds what both readers share; ``workbook`` reads 台账.xlsx.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..base.errors import Problem, os_reason
from .columns import text_dtype
from .shape import MAX_TITLE_ROWS, Layout, layout, plainly_records

#: How a workbook (a zip package) and an old .xls (an OLE file) begin: the CSV and workbook readers both tell them.
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass
class RawSheet:
    """A source's header and raw cells: one column per header (pyarrow text, numbers or Python values)."""

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


def shaped(label: str, sheet: str, rows: list[list], filler, shape: Layout, **extra) -> RawSheet:
    """The raw sheet of ``rows`` with the header where ``shape`` found it and skipped rows left out.

    A CSV file's cells (``filler`` "") are text columns (pandas' pyarrow strings), a workbook's are
    Python values (``filler`` None) in object columns.
    """
    width = max(len(r) for r in rows)
    header = [header_text(v) for v in rows[shape.header]]
    header += [""] * (width - len(header))
    keep = [i for i in range(shape.header + 1, len(rows)) if i not in shape.skipped]
    body = [rows[i] if len(rows[i]) == width else list(rows[i]) + [filler] * (width - len(rows[i])) for i in keep]
    cells = pd.DataFrame(body, index=pd.Index([i - 1 for i in keep], dtype="int64"), columns=range(width), dtype=object)
    if filler == "":
        cells = cells.astype(text_dtype())
    return raw_sheet(label, sheet, header, cells, shape, **extra)


def raw_sheet(label: str, sheet: str, header: list[str], cells: pd.DataFrame, shape: Layout, **extra) -> RawSheet:
    """The ``RawSheet`` of a header and cells read at ``shape``, each skipped part noted with its source."""
    where = f"{label}「{sheet}」" if sheet else label
    return RawSheet(label, sheet, header, cells, header_row=shape.header + 1,
                    notes=[f"{where}：{note}" for note in shape.notes], **extra)


def file_problem(file: str, rule: str, message: str, sheet: str = "") -> Problem:
    """A problem with a whole file (or sheet), not with one of its rows."""
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
        return [file_problem(label, "空文件", _EMPTY_CSV)]
    separator = _other_separator(rows[0])
    if separator:
        return [file_problem(label, "不是逗号分隔", f"文件用{separator}而不是英文逗号分隔各列。请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”。")]
    shape = layout(rows)
    return shaped(label, "", rows, "", shape, header_width=len(rows[shape.header]))


#: Files at least this large are parsed by pyarrow's CSV reader (below it the csv module is as quick).
ARROW_MIN_BYTES = 1 << 20


def read_csv(path: Path, label: str) -> RawSheet | list[Problem]:
    """Read a CSV ledger in UTF-8 (with or without BOM) or GB18030.

    A large file whose rows all have the header's width, with no blank line and nothing to skip
    below the header (no 合计 or 填表说明 row), is parsed by pyarrow's CSV reader; every other
    file, and anything pyarrow would read differently, by the ``csv`` module (``_read_csv_rows``):
    both give the same ``RawSheet``.
    """
    data = _read_bytes(path, label)
    if isinstance(data, bytes) and len(data) >= ARROW_MIN_BYTES and _not_text(data, label) is None:
        fast = _arrow_sheet(data, label)
        if fast is not None:
            return fast
    return _read_csv_rows(path, label, data)


_BOM = "\ufeff".encode()


def _arrow_sheet(data: bytes, label: str) -> RawSheet | None:
    """The raw sheet of a large, plain CSV file by pyarrow, or None when its shape needs the ``csv`` module."""
    # UTF-8 as it is (pyarrow checks it while reading: no copy), else the text ``_decode`` makes of it
    utf8 = data.removeprefix(_BOM).removeprefix(_BOM)  # utf-8-sig, then the one more BOM ``_csv_rows`` removes
    if b'"' in utf8:
        return None  # pyarrow reads some broken quoting the csv module (rightly) refuses: quoted files go to it
    table = _arrow_table(utf8)
    if table is None and not data.isascii():
        text = _decode(data, label)
        table = _arrow_table(text.removeprefix("\ufeff").encode("utf-8")) if isinstance(text, str) else None
    if table is None or table.num_columns >= len(_ALL_TEXT) or table.num_rows == 0:
        return None
    head = [[table.column(j)[i].as_py() for j in range(table.num_columns)] for i in range(min(MAX_TITLE_ROWS + 1, table.num_rows))]
    if _other_separator(head[0]) or not any(cell.strip() for cell in head[0]):
        return None  # another separator, or a blank first line (maybe an empty file): the csv module's messages
    shape = layout(head)
    if shape.skipped or not _plain_records(table.column(0).slice(shape.header + 1)):
        return None  # 合计 or notes rows below the header: the csv module's rows go to ``layout``
    body = table.slice(shape.header + 1)
    cells = pd.DataFrame({i: pd.arrays.ArrowStringArray(body.column(i), dtype=text_dtype()) for i in range(table.num_columns)},
                         index=pd.Index(np.arange(shape.header, table.num_rows - 1), dtype="int64"))
    header = [header_text(v) for v in head[shape.header]]
    return raw_sheet(label, "", header, cells, shape, header_width=len(header))


def _arrow_table(utf8: bytes):
    """Every cell of a CSV text as pyarrow strings, or None when pyarrow cannot read it (a ragged row, bad UTF-8…)."""
    import pyarrow as pa
    from pyarrow import csv as pacsv

    try:  # one thread: as quick as several on a loaded machine, at half the CPU time
        return pacsv.read_csv(pa.py_buffer(utf8), read_options=pacsv.ReadOptions(autogenerate_column_names=True, use_threads=False),
                              parse_options=pacsv.ParseOptions(quote_char=False, ignore_empty_lines=False),
                              convert_options=pacsv.ConvertOptions(column_types=_ALL_TEXT, strings_can_be_null=False,
                                                                   quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None  # a row of another width, a blank line, a stray quote…: the csv module says where


#: pyarrow reads every column (up to this many) as text: the contract's values are typed by ``validate``.
_ALL_TEXT = {f"f{i}": "large_string" for i in range(1024)}  # pandas keeps large strings: no cast


def _plain_records(first) -> bool:
    """Whether every row's first cell shows it is a record (as ``shape`` judges): not blank, no 合计/说明 start."""
    return bool(plainly_records(first).all())


def _read_bytes(path: Path, label: str) -> bytes | Problem:
    try:
        return path.read_bytes()
    except OSError as exc:
        return file_problem(
            label, "无法读取文件",
            f"文件无法读取（{os_reason(exc)}）。请关闭正在使用它的程序（如 Excel），并确认有读取权限。",
        )


def _not_text(data: bytes, label: str) -> Problem | None:
    """Why the bytes are not a CSV text at all, or None."""
    if not data or data.isspace():  # ``not data.strip()`` without copying a large file
        return file_problem(label, "空文件", _EMPTY_CSV)
    if data.startswith(ZIP_MAGIC) or data.startswith(OLE_MAGIC):
        return file_problem(
            label, "不是CSV文件",
            "这是一个 Excel 工作簿，却以 .csv 命名。请在 Excel 中“另存为”CSV（逗号分隔），或把它作为 台账.xlsx 的工作表提供。",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return file_problem(
            label, "无法识别编码",
            "这是 UTF-16 编码的“Unicode 文本”，不是 CSV。请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”。",
        )
    if b"\x00" in data[:8192]:
        return file_problem(label, "不是CSV文件", "文件含有二进制内容，不是 CSV 文本文件。请在 Excel 中“另存为”CSV（逗号分隔）。")
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


def header_text(value) -> str:
    """A header cell as text: a whole number without its ".0", nothing for an empty cell."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)
