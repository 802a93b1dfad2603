"""A sheet read by fastexcel (``sheet_arrow``) gives exactly what python-calamine's reader gives.

The fast reader takes sheets of the contract's shape; every other sheet goes to python-calamine.
Either way the raw sheet, the validated frame and every message must be the same: a property test
writes workbooks of every kind of cell (text, numbers, date cells with and without a time, times of
day, true/false, blanks, text that fastexcel takes for missing) in columns of one kind or mixed, with
title, 合计 and notes rows, and compares both readers. The cases the fast reader must leave to
python-calamine are pinned one by one.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gk_helpers.base.errors import LedgerError
from gk_helpers.ledger import ledgers, sheet_arrow
from gk_helpers.ledger.workbook import open_workbook, read_sheet

TODAY = dt.date(2024, 6, 30)
HEADERS = ["申请编号", "收到日期", "申请人类型", "办结日期", "办理结果"]
SHEET = "依申请公开"

TEXTS = ["2020-001", "A-1", " 予以公开 ", "予以公开", "自然人", "法人或其他组织", "商业企业", " ", "\u3000", "NA", "NaN",
         "nan", "#N/A", "None", "合计", "填表说明：日期按年月日填写", "注：无", "2023.1.5", "43831", "2020年3月5日", "1e5",
         "-0", "TRUE", "部分公开", "2024/2/30"]
NUMBERS = st.one_of(st.integers(-5, 50_000).map(float), st.floats(-1e20, 1e20, allow_nan=False, allow_infinity=False),
                    st.sampled_from([1e-7, -0.0, 0.5, 43831.0, 43831.5, 20200305.0, 2958466.0, 2020001.0]))
DATES = st.one_of(st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)), st.dates(dt.date(2019, 1, 1), dt.date(2025, 1, 1)),
                  st.datetimes(dt.datetime(2019, 1, 1), dt.datetime(2025, 1, 1)), st.times())
KINDS = {"text": st.sampled_from(TEXTS), "number": NUMBERS, "date": DATES, "bool": st.booleans()}


class DateSerial(float):
    """A number written with a date format (a date cell holding any serial, even one past year 9999)."""


def write_workbook(folder: Path, rows: list[list]) -> Path:
    """台账.xlsx with one 依申请公开 sheet of ``rows`` (None: no cell; dates and times as date cells)."""
    path = folder / "台账.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet(SHEET)
    formats = {dt.datetime: book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}), dt.date: book.add_format({"num_format": "yyyy-mm-dd"}),
               dt.time: book.add_format({"num_format": "hh:mm:ss"})}
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, DateSerial):
                sheet.write_number(r, c, value, formats[dt.date])
            elif isinstance(value, (dt.date, dt.time)):
                sheet.write_datetime(r, c, value, formats[type(value)])
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    book.close()
    return path


@st.composite
def sheets(draw) -> list[list]:
    """The rows of a sheet: maybe a title, a header, records whose columns hold one kind of value (or not), maybe 合计/notes."""
    headers = draw(st.permutations(HEADERS))[: draw(st.integers(3, 5))]
    headers += draw(st.lists(st.sampled_from(["备注", "序号", "", "2023", "1.5", "申请编号", "x_1", "x"]), max_size=2))
    kinds = [draw(st.sampled_from(["date"] * 3 + ["text", "number"])) if "日期" in h else
             draw(st.sampled_from(["text"] * 3 + ["number", "date", "bool"])) for h in headers]
    count = draw(st.integers(0, 8))
    columns = [draw(st.lists(st.one_of(st.none(), KINDS[kind], KINDS[kind]), min_size=count, max_size=count)) for kind in kinds]
    if count and draw(st.integers(0, 2)) == 0:  # one cell of another kind: a mixed column
        columns[draw(st.integers(0, len(columns) - 1))][draw(st.integers(0, count - 1))] = draw(st.one_of(*KINDS.values()))
    rows = [list(headers)] + [list(row) for row in zip(*columns)]
    if draw(st.integers(0, 4)) == 0:
        rows.insert(0, ["某镇2023年依申请公开登记台账"])
    if draw(st.integers(0, 4)) == 0:
        rows.append([draw(st.sampled_from(["合计", "填表说明：日期按年月日填写", "注：无"]))])
    return rows


def both_readers(folder: Path, monkeypatch):
    """(fastexcel where it applies, python-calamine only) results of ``load_ledgers``: a Ledgers or the LedgerError."""
    def load():
        try:
            return ledgers.load_ledgers(folder, today=TODAY)
        except LedgerError as error:
            return error

    fast = load()
    with monkeypatch.context() as patch:
        patch.setattr(sheet_arrow, "read", lambda *args: None)
        slow = load()
    return fast, slow


def assert_same_load(fast, slow) -> None:
    assert type(fast) is type(slow)
    if isinstance(slow, LedgerError):
        assert [str(p) for p in fast.problems] == [str(p) for p in slow.problems]
        assert str(fast) == str(slow)
        return
    assert fast.frames.keys() == slow.frames.keys()
    for key, frame in slow.frames.items():
        pd.testing.assert_frame_equal(fast.frames[key], frame)
    assert (fast.warnings, fast.notes) == (slow.warnings, slow.notes)


def _blank(value) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def plain_cells(raw) -> list[list]:
    """A raw sheet's cells as Python values, every kind of blank as None (python-calamine's "" is fastexcel's missing)."""
    rows = raw.cells.astype(object).values.tolist()
    return [[None if _blank(v) else (float(v) if isinstance(v, np.floating) else v) for v in row] for row in rows]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=sheets())
def test_fastexcel_and_python_calamine_give_the_same_sheet_frames_and_messages(monkeypatch, rows):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = write_workbook(folder, rows)
        fast, slow = both_readers(folder, monkeypatch)
        assert_same_load(fast, slow)
        book = open_workbook(path, path.name)
        quick = read_sheet(book, SHEET)
        with monkeypatch.context() as patch:
            patch.setattr(sheet_arrow, "read", lambda *args: None)
            calamine = read_sheet(book, SHEET)
    assert type(quick) is type(calamine)
    if isinstance(calamine, list):
        assert quick == calamine
        return
    assert (quick.header, quick.header_row, quick.notes) == (calamine.header, calamine.header_row, calamine.notes)
    assert list(quick.cells.index) == list(calamine.cells.index)
    assert plain_cells(quick) == plain_cells(calamine)


def contract_rows(records: int = 3) -> list[list]:
    """A sheet of the contract's shape: header in row 1, one kind of value per column."""
    rows = [HEADERS + ["办理天数"]]
    for i in range(records):
        rows.append([f"2023-{i:03d}", dt.date(2023, 3, 5 + i), "自然人", dt.datetime(2023, 3, 20, 10, 30), "予以公开", float(i)])
    return rows


def reads_fast(folder: Path, monkeypatch) -> bool:
    """Whether ``load_ledgers`` took the sheet from fastexcel."""
    used = []
    real = sheet_arrow.read
    with monkeypatch.context() as patch:
        patch.setattr(sheet_arrow, "read", lambda *args: used.append(result := real(*args)) or result)
        try:
            ledgers.load_ledgers(folder, today=TODAY)
        except LedgerError:
            pass
    return bool(used) and used[0] is not None


def test_a_sheet_of_the_contracts_shape_is_read_by_fastexcel(tmp_path, monkeypatch):
    write_workbook(tmp_path, contract_rows() + [["合计"], ["填表说明：日期按年月日填写"]])
    assert reads_fast(tmp_path, monkeypatch)
    loaded = ledgers.load_ledgers(tmp_path, today=TODAY)
    frame = loaded["applications"]
    assert frame["id"].tolist() == ["2023-000", "2023-001", "2023-002"]
    assert frame["received"].tolist() == [pd.Timestamp(2023, 3, 5), pd.Timestamp(2023, 3, 6), pd.Timestamp(2023, 3, 7)]
    assert frame["_row"].tolist() == [2, 3, 4]
    assert "台账.xlsx「依申请公开」：第5行是合计行，已跳过（合计由本工具从记录计算）。" in loaded.warnings
    assert_same_load(*both_readers(tmp_path, monkeypatch))


@pytest.mark.parametrize("change, why", [
    (lambda rows: rows.insert(0, ["某镇2023年依申请公开登记台账"]), "a title row above the header"),
    (lambda rows: rows[2].__setitem__(1, "2023.3.6"), "a date column with a date typed as text"),
    (lambda rows: rows[2].__setitem__(5, "NA"), "text fastexcel reads as missing in a number column"),
    (lambda rows: rows[2].__setitem__(5, "NaN"), "text fastexcel reads as NaN in a number column"),
    (lambda rows: rows[0].__setitem__(4, None), "an empty header cell"),
    (lambda rows: rows[0].__setitem__(4, dt.date(2023, 1, 1)), "a date as a header"),
    (lambda rows: rows[0].__setitem__(4, "申请编号"), "a repeated header"),
    (lambda rows: rows[0].__setitem__(4, 1e-05), "a number header Python writes 1e-05"),
    (lambda rows: [row.insert(0, None) for row in rows], "a sheet starting at column B"),
    (lambda rows: rows[2].__setitem__(3, dt.time(23, 59, 59, 999_800)), "a time of day that rounds to 1900-01-01 00:00"),
    (lambda rows: rows[2].__setitem__(3, DateSerial(2958466.0)), "a date cell past 9999-12-31 (python-calamine: its serial number)"),
])
def test_what_fastexcel_leaves_to_python_calamine(tmp_path, monkeypatch, change, why):
    rows = contract_rows()
    change(rows)
    write_workbook(tmp_path, rows)
    assert not reads_fast(tmp_path, monkeypatch), why
    assert_same_load(*both_readers(tmp_path, monkeypatch))


def test_empty_string_cells_from_another_writer(tmp_path, monkeypatch):
    """openpyxl writes "" as a text cell: blank to both readers (fastexcel leaves a number column with one to calamine)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    for row in [HEADERS + ["办理天数"], ["A1", dt.date(2023, 3, 5), "自然人", "", "", 3.0], ["A2", dt.date(2023, 3, 6), "", None, None, ""]]:
        sheet.append(row)
    book.save(tmp_path / "台账.xlsx")
    fast, slow = both_readers(tmp_path, monkeypatch)
    assert_same_load(fast, slow)
    assert [str(p) for p in slow.problems] == ["台账.xlsx 工作表「依申请公开」 第3行 「申请人类型」列：「申请人类型」是必填项，不能为空。请补填。"]


def test_times_of_day_and_dates_with_a_time_are_python_calamines(tmp_path, monkeypatch):
    rows = [HEADERS, ["A1", dt.datetime(2023, 3, 5, 9, 15), "自然人", dt.time(10, 30), "予以公开"]]
    write_workbook(tmp_path, rows)
    fast, slow = both_readers(tmp_path, monkeypatch)
    assert_same_load(fast, slow)
    assert [p.value for p in slow.problems] == ["10:30:00"]
    book = open_workbook(tmp_path / "台账.xlsx", "台账.xlsx")
    assert read_sheet(book, SHEET).cells.iloc[0].tolist()[:4] == ["A1", dt.datetime(2023, 3, 5, 9, 15), "自然人", dt.time(10, 30)]
