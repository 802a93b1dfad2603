"""A raw column read per distinct value gives, row by row, what the cell functions give cell by cell.

``ledger.columns.RawColumn`` parses each distinct value once and indexes the results by code, and reads
CSV text with pyarrow compute; every row must still get ``cells.is_blank``, ``cells.cell_text`` and the
parser's own result for its cell — for a workbook's Python values and for a CSV file's pyarrow text.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from gk_helpers.ledger.cells import cell_text, is_blank, parse_amount, parse_date
from gk_helpers.ledger.columns import RawColumn
from gk_helpers.ledger.columns import text_dtype
from gk_helpers.ledger.schema import APPLICATIONS

TODAY = dt.date(2026, 1, 1)
_TEXTS = ["", " ", "\u3000", "\t2020-03-05 ", "2020-03-05", "2020/3/5", "2020-02-30", "２０２０-01-01", "1999-01-01", "43245",
          "100", " 25.5", "-3", "1,000", "自然人", " 公民 ", "x\u3000y", "\r\n"]
_VALUES = _TEXTS + [None, float("nan"), 5.0, 43245.0, -1.0, 2020001.0, 7, dt.date(2021, 5, 6), dt.datetime(2020, 1, 1, 12, 30)]


def _column(values: list, text: bool) -> pd.Series:
    if text:
        return pd.Series(pd.array(values, dtype=text_dtype()))
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return pd.Series(array, dtype=object)


@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.sampled_from(_VALUES), max_size=30), distinct=st.booleans())
def test_blanks_and_text_of_a_workbook_column_are_the_cells(values, distinct):
    column = RawColumn(_column(values, text=False), distinct)
    assert column.blank.tolist() == [is_blank(v) for v in values]
    assert column.text().tolist() == [cell_text(v) for v in values]


@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.sampled_from(_TEXTS), max_size=30), distinct=st.booleans())
def test_blanks_and_text_of_csv_text_are_the_cells(values, distinct):
    column = RawColumn(_column(values, text=True), distinct)
    assert column.blank.tolist() == [is_blank(v) for v in values]
    assert column.text().tolist() == [cell_text(v) for v in values]
    text = column.text()
    seen, repeated = set(), []
    for value in text:
        repeated.append(value != "" and value in seen)
        seen.add(value)
    assert column.repeated(text).tolist() == repeated


@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.sampled_from(_VALUES), max_size=30), text=st.booleans())
def test_each_row_gets_its_own_cells_parse(values, text):
    if text:
        values = [v for v in values if isinstance(v, str)]
    column = RawColumn(_column(values, text))
    for parse, field in ((lambda v: parse_date(v, TODAY), "received"), (parse_amount, "fee_notice")):
        results, errors = column.parse(parse)
        typed = column.typed(APPLICATIONS.column(field), results)
        codes = column.codes[0]
        for value, code, got in zip(values, codes, typed):
            if is_blank(value):
                assert pd.isna(got) and code not in errors
                continue
            expected, error = parse(value)
            assert errors.get(code) == error
            assert (pd.isna(got) if expected is None else got == pd.Timestamp(expected) if field == "received" else got == expected)
        bad = column.rows_of(list(errors))
        assert bad.tolist() == [i for i, v in enumerate(values) if not is_blank(v) and parse(v)[1]]
