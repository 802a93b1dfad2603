"""One sheet of 台账.xlsx as typed Arrow columns (fastexcel), when every cell's Python value can be told from them.

python-calamine hands over one Python object per cell: 1.5 million for a ledger of 100 000 rows, most
of the time of loading it. fastexcel reads the same cells with the same parser (calamine) into typed
Arrow columns, and validation then works per distinct value (``columns.RawColumn``). Both readers must
give the same raw sheet, so a sheet is read here only when it has the contract's shape:

- the header is the first row, every header cell text (or a number Python writes the same way), no
  two alike: fastexcel returns the header as the column names;
- the sheet starts at column A;
- below the header each column holds one kind of value — text, numbers, dates, true/false — with no
  error cell, no duration, no date past year 9999 and no text fastexcel takes for a missing value
  in a column of numbers or dates ("NA", "NaN", "" …: a conversion error or a NaN shows it).

Otherwise ``read`` returns None and the sheet is read by python-calamine (``workbook.read_sheet``): a
title row above the header, a column mixing date cells with dates typed as text, an unlabelled column.
Date cells come back as python-calamine makes them: a time of day below serial 1 (1900-01-01), a date
at midnight, else a date and time.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .columns import text_dtype
from .readers import header_text
from .shape import plainly_records

# fastexcel logs its dtype guesses ("falling back to string") as warnings: for developers, not for users
logging.getLogger("fastexcel").setLevel(logging.ERROR)

_DAY_MS = 86_400_000
_EPOCH = dt.datetime(1970, 1, 1)
_SERIAL_ONE_MS = (dt.datetime(1900, 1, 1) - _EPOCH) // dt.timedelta(milliseconds=1)  # below: a time of day
_YEAR_10000_MS = (dt.datetime(9999, 12, 31) - _EPOCH) // dt.timedelta(milliseconds=1) + _DAY_MS
_ALIAS = re.compile(r"^(.*)_\d+$")  # fastexcel names a second 申请编号 申请编号_1


def open_reader(path):
    """fastexcel's reader of the workbook, or None when fastexcel cannot open it (python-calamine says why)."""
    import fastexcel

    try:
        return fastexcel.read_excel(str(path))
    except fastexcel.FastExcelError:
        return None


class ArrowSheet(Sequence):
    """A sheet's rows (the header, then one per record row), each a list of the values python-calamine gives.

    Rows are built on demand (``shape.layout`` looks at a few, guided by ``plain``); ``cells`` is the frame of them all.
    """

    def __init__(self, header: list[str], columns: list[pd.Series], plain: np.ndarray):
        self.header = header
        self.columns = columns
        #: per row (the header first): whether its first cell shows at once that it is a record
        self.plain = plain

    def __len__(self) -> int:
        return len(self.plain)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index == 0:
            return list(self.header)
        return [column.iat[index - 1] for column in self.columns]

    def cells(self, skipped: set[int]) -> pd.DataFrame:
        """The record rows, indexed by row number − 2 as every raw sheet is, without the ``skipped`` rows."""
        frame = pd.DataFrame(dict(enumerate(self.columns)))
        frame.index = pd.Index(np.arange(len(frame), dtype="int64"))
        return frame.drop(index=[i - 1 for i in skipped]) if skipped else frame


def read(reader, sheet: str) -> ArrowSheet | None:
    """The sheet as typed columns, or None when python-calamine must read it (see the module's list)."""
    import fastexcel

    try:
        loaded = reader.load_sheet(sheet, header_row=0, skip_rows=0, schema_sample_rows=None, dtype_coercion="strict")
        batch, errors = loaded.to_arrow_with_errors()
    except fastexcel.FastExcelError:
        return None  # a column of several kinds of value, an unusual error cell…
    info = loaded.selected_columns
    header = _header(info)
    if (errors is not None and errors.errors) or header is None or not header:
        return None
    rows = _filled_rows(batch)
    arrays = [batch.column(i).slice(0, rows) for i in range(batch.num_columns)]
    columns = [_column(array, c.dtype) for array, c in zip(arrays, info)]
    if any(c is None for c in columns):
        return None
    return ArrowSheet(header, columns, np.concatenate([[False], plainly_records(arrays[0])]))


def _header(info) -> list[str] | None:
    """The header cells' texts from fastexcel's column names, or None when a name may differ from its cell."""
    names = [c.name for c in info]
    for position, column in enumerate(info):
        if column.absolute_index != position or column.column_name_from != "looked_up":
            return None  # a sheet starting past column A, or a header cell empty, a date, true/false…
        alias = _ALIAS.match(column.name)
        if alias and alias.group(1) in names:
            return None  # maybe a repeated header fastexcel renamed
        if _writes_otherwise(column.name):
            return None  # a number fastexcel writes otherwise than Python (1e-05, -0)
    return names


def _writes_otherwise(name: str) -> bool:
    """Whether ``name`` reads as a number that Python's reader would write differently."""
    try:
        number = float(name)
    except ValueError:
        return False
    return header_text(number) != name


def _filled_rows(batch) -> int:
    """Rows up to the last with a value ("" is empty, as python-calamine's reader drops such rows at the end)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    filled = np.zeros(batch.num_rows, dtype=bool)
    for column in batch.columns:
        present = pc.is_valid(column)
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            present = pc.and_(present, pc.not_equal(pc.binary_length(column), 0))
        filled |= np.asarray(pc.fill_null(present, False).to_numpy(zero_copy_only=False), dtype=bool)
    where = np.flatnonzero(filled)
    return int(where[-1]) + 1 if len(where) else 0


def _column(array, dtype: str) -> pd.Series | None:
    """A column's cells as python-calamine's reader would hold them, or None when they cannot be told apart."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if dtype == "string":
        return pd.Series(pd.arrays.ArrowStringArray(array.cast(pa.large_string()), dtype=text_dtype()))
    if dtype == "float":
        if pc.any(pc.is_nan(array)).as_py():
            return None  # text "NaN" read as a number
        return pd.Series(array.to_numpy(zero_copy_only=False), dtype="float64")
    if dtype == "datetime":
        return _dates(array)
    if dtype == "boolean":
        return pd.Series(array.to_pylist(), dtype=object)
    if dtype == "null":
        return pd.Series([None] * len(array), dtype=object)
    return None  # durations, and anything a later fastexcel may add


def _dates(array) -> pd.Series | None:
    """Date cells as python-calamine gives them: time below serial 1, date at midnight, else datetime."""
    import pyarrow as pa

    millis = array.cast(pa.int64()).to_numpy(zero_copy_only=False)  # NaN where empty
    codes, uniques = pd.factorize(millis)
    if len(uniques) and uniques.max() >= _YEAR_10000_MS:
        return None  # python-calamine gives the serial number itself
    if (uniques == _SERIAL_ONE_MS).any():
        return None  # 1900-01-01 00:00: serial 1 (a date) or a time of day rounded up to it (python-calamine: a time)
    values = np.empty(len(uniques) + 1, dtype=object)
    values[:-1] = [_calamine_date(int(ms)) for ms in uniques]
    values[-1] = None
    return pd.Series(values[codes], dtype=object)


def _calamine_date(ms: int):
    if ms < _SERIAL_ONE_MS:
        return (dt.datetime.min + dt.timedelta(milliseconds=ms % _DAY_MS)).time()
    moment = _EPOCH + dt.timedelta(milliseconds=ms)
    return moment.date() if ms % _DAY_MS == 0 else moment
