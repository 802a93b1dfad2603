"""One raw column of a ledger, read per distinct value: blanks, cell text and parsed values by code.

A ledger of a million rows holds a few thousand distinct dates and a handful of distinct
enumeration values. ``RawColumn`` numbers a column's distinct values (``pandas.factorize``;
pyarrow's hashing for text read from CSV), a parser runs once per distinct value, and every
row takes its result by its code: the same typed values and the same problems as reading cell
by cell, in column operations. Columns whose values are nearly all distinct (ids, free text)
are not numbered when they come from CSV: pyarrow trims them and finds their blanks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .cells import cell_text, is_blank
from .schema import Column

#: what ``cells.is_blank`` and ``cells.cell_text`` strip
SPACES = " \t\r\n\u3000"


def text_dtype() -> pd.StringDtype:
    """pandas' text dtype backed by pyarrow (pandas 3's default ``str``): the cells of a CSV file or a workbook's text column."""
    return pd.StringDtype("pyarrow", na_value=np.nan)


def _arrow_text(values: pd.Series):
    """The pyarrow array behind a column of CSV text, or None for a column of Python values (a workbook's)."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        return pa_array(values.array)
    return None


def pa_array(values):
    """The pyarrow array behind pandas' pyarrow-backed text (no copy)."""
    import pyarrow as pa

    return pa.chunked_array(pa.array(values))


def _trimmed_empty(text, trimmed: bool = False) -> np.ndarray:
    """Where pyarrow text is empty once trimmed of ``SPACES`` (a missing value counts as empty)."""
    import pyarrow.compute as pc

    if not trimmed:
        text = pc.utf8_trim(text, SPACES)
    return pc.fill_null(pc.equal(pc.binary_length(text), 0), True).to_numpy(zero_copy_only=False)


class RawColumn:
    """The raw values of one column: which rows are blank, their text, their parsed values.

    ``distinct`` says the column will be parsed per distinct value (a typed column): its blanks
    then come from the distinct values too. CSV text that is only read as text is trimmed by pyarrow.
    """

    def __init__(self, values: pd.Series, distinct: bool = True):
        self.values = values
        self._arrow = _arrow_text(values)
        self._by_value = distinct or self._arrow is None
        self._codes: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._trimmed = None
        self._blank: np.ndarray | None = None

    def subset(self, keep: np.ndarray) -> RawColumn:
        """The column restricted to the rows ``keep`` marks (itself when it keeps all of them)."""
        return self if keep.all() else RawColumn(self.values[keep], self._by_value)

    @property
    def codes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each row's code (−1 for a missing cell), the distinct values in order of first appearance, which are blank."""
        if self._codes is None:
            codes, uniques = pd.factorize(self.values)
            if self._arrow is not None:  # text: blank when only spaces, found by pyarrow
                blank = _trimmed_empty(pa_array(uniques))
            else:
                blank = np.fromiter((is_blank(v) for v in uniques), bool, len(uniques))
            self._codes = codes, np.asarray(uniques, dtype=object), blank
        return self._codes

    def _trim(self):
        if self._trimmed is None:
            import pyarrow.compute as pc

            self._trimmed = pc.fill_null(pc.utf8_trim(self._arrow, SPACES), "")
        return self._trimmed

    @property
    def blank(self) -> np.ndarray:
        """Where a cell is empty or only spaces (``cells.is_blank``)."""
        if self._blank is None:
            if self._by_value:
                codes, _, blank = self.codes
                self._blank = np.append(blank, True)[codes]  # code −1 takes the appended True
            else:
                self._blank = _trimmed_empty(self._trim(), trimmed=True)
        return self._blank

    def text(self) -> np.ndarray:
        """Each row's cell text (``cells.cell_text``), "" where blank: an id or text column's values."""
        if not self._by_value:
            return self._trim().to_numpy(zero_copy_only=False)
        codes, uniques, _ = self.codes
        texts = np.empty(len(uniques) + 1, dtype=object)
        texts[:-1] = [cell_text(v) for v in uniques]
        texts[-1] = ""
        return texts[codes]

    def repeated(self, text: np.ndarray) -> np.ndarray:
        """Where a non-blank ``text`` (this column's) repeats one of an earlier row."""
        if not self._by_value:
            import pyarrow.compute as pc

            trimmed = self._trim()
            blanks = int(self.blank.sum())
            if pc.count_distinct(trimmed).as_py() == len(trimmed) - blanks + (blanks > 0):
                return np.zeros(len(text), dtype=bool)  # every id once: the usual case, without Python strings
        series = pd.Series(text, dtype=object)
        return (series.duplicated(keep="first") & (series != "")).to_numpy()

    def parse(self, parse) -> tuple[list, dict[int, tuple[str, str]]]:
        """``parse`` applied once to each non-blank distinct value: its results by code, and the errors by code."""
        _, uniques, blank = self.codes
        results: list = [None] * len(uniques)
        errors: dict[int, tuple[str, str]] = {}
        for code, value in enumerate(uniques):
            if blank[code]:
                continue
            results[code], error = parse(value)
            if error:
                errors[code] = error
        return results, errors

    def rows_of(self, codes: list[int]) -> np.ndarray:
        """Positions of the rows whose value has one of ``codes``, in row order."""
        return np.flatnonzero(np.isin(self.codes[0], codes))

    def raw(self, positions: np.ndarray) -> list:
        """The raw cell values at ``positions`` (for messages)."""
        return self.values.iloc[positions].tolist()

    def typed(self, column: Column, results: list) -> pd.Series | np.ndarray:
        """Each row's typed value from the results by code: dates, floats, categories (missing where blank or wrong)."""
        codes = self.codes[0]
        if column.type == "date":
            by_code = np.array([np.datetime64("NaT") if v is None else np.datetime64(v, "D") for v in results] + [np.datetime64("NaT")],
                               dtype="datetime64[ns]")
        elif column.type in ("amount", "count"):
            by_code = np.array([np.nan if v is None else v for v in results] + [np.nan], dtype="float64")
        else:  # enum: the contract value's position among the categories
            position = {value: i for i, value in enumerate(column.enum.values)}
            by_code = np.array([-1 if v is None else position[v] for v in results] + [-1], dtype="int64")
            return pd.Categorical.from_codes(by_code[codes], categories=column.enum.values)
        return by_code[codes]
