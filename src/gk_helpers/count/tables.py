"""Pure functions: validated ledger frames and a report year → the statutory tables.

The counting rules are those of the design card; they make R1–R3, R5 and R8 hold by
construction (``checks`` still verifies them on the result). An optional column a
ledger leaves out counts as blank in every row. All counts are
vectorised (``np.bincount`` over integer codes) so a million applications take
well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .formats import (
    APPLICANT_TYPES,
    OUTCOMES,
    SECTION2_BLOCKS,
    SECTION4_RESULTS,
    section3_rows,
)


@dataclass(frozen=True)
class Year:
    """The bounds of a report year as timestamps."""

    year: int

    @property
    def start(self) -> pd.Timestamp:
        """1 January, 00:00."""
        return pd.Timestamp(self.year, 1, 1)

    @property
    def end(self) -> pd.Timestamp:
        """31 December (dates carry no time, so ``<= end`` means not after 31 Dec)."""
        return pd.Timestamp(self.year, 12, 31)

    def contains(self, dates: pd.Series) -> np.ndarray:
        """Which dates fall in the year (NaT never does)."""
        values = dates.to_numpy("datetime64[ns]")
        return (values >= self.start.to_datetime64()) & (values <= self.end.to_datetime64())


def dates(frame: pd.DataFrame, name: str) -> pd.Series:
    """A date column; an optional column the ledger left out reads as all blank (NaT)."""
    if name in frame:
        return frame[name]
    return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")


def _codes(frame: pd.DataFrame, name: str) -> np.ndarray:
    """Category codes of an enumeration column; -1 where blank or the column is absent."""
    if name not in frame:
        return np.full(len(frame), -1, dtype=np.int64)
    return frame[name].cat.codes.to_numpy(np.int64)


def _before(values: pd.Series, moment: pd.Timestamp) -> np.ndarray:
    return values.to_numpy("datetime64[ns]") < moment.to_datetime64()


def _after(values: pd.Series, moment: pd.Timestamp) -> np.ndarray:
    return values.to_numpy("datetime64[ns]") > moment.to_datetime64()


def _by_applicant(applicant: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return np.bincount(applicant[mask], minlength=len(APPLICANT_TYPES))


def section3(applications: pd.DataFrame, year: int, fmt: str) -> np.ndarray:
    """Section 三 as an int array: one row per ``formats.section3_rows(fmt)``, 7 columns."""
    y = Year(year)
    rows = section3_rows(fmt)
    applicant = _codes(applications, "applicant")
    received, closed = applications["received"], dates(applications, "closed")
    open_or_closed_from = lambda moment: closed.isna().to_numpy() | ~_before(closed, moment)  # noqa: E731

    outcome_row = np.full(len(OUTCOMES), -1, dtype=np.int64)
    for index, row in enumerate(rows):
        outcome_row[list(row.outcomes)] = index
    outcome = _codes(applications, "outcome")
    closed_in_year = y.contains(closed) & (outcome >= 0)  # validation pairs 办结日期 with 办理结果
    outcome = outcome[closed_in_year]
    cells = np.bincount(
        outcome_row[outcome] * len(APPLICANT_TYPES) + applicant[closed_in_year],
        minlength=len(rows) * len(APPLICANT_TYPES),
    ).reshape(len(rows), len(APPLICANT_TYPES))

    for index, row in enumerate(rows):
        if row.role == "received":
            cells[index] = _by_applicant(applicant, y.contains(received))
        elif row.role == "carried_over":
            cells[index] = _by_applicant(applicant, _before(received, y.start) & open_or_closed_from(y.start))
        elif row.role == "closed_total":
            cells[index] = cells[[i for i, r in enumerate(rows) if r.role == "outcome"]].sum(axis=0)
        elif row.role == "carried_forward":
            cells[index] = _by_applicant(applicant, ~_after(received, y.end) & (closed.isna().to_numpy() | _after(closed, y.end)))
    return np.column_stack([cells, cells.sum(axis=1)])


def section4(cases: pd.DataFrame, year: int) -> np.ndarray:
    """Section 四 as 15 ints: per group 结果维持, 结果纠正, 其他结果, 尚未审结, 总计."""
    y = Year(year)
    received, decided = cases["received"], dates(cases, "decided")
    in_table = y.contains(received) | (_before(received, y.start) & (decided.isna().to_numpy() | ~_before(decided, y.start)))
    pending = len(SECTION4_RESULTS) - 2  # index of 尚未审结
    result = _codes(cases, "result")
    column = np.where(y.contains(decided) & (result >= 0), result, pending)
    group = _codes(cases, "type")
    counts = np.bincount((group * (pending + 1) + column)[in_table], minlength=3 * (pending + 1)).reshape(3, pending + 1)
    return np.column_stack([counts, counts.sum(axis=1)]).reshape(-1)


# --- section 二: one function per metric, named in formats.SECTION2_BLOCKS -----------------

def _category(frame: pd.DataFrame, label: str) -> pd.DataFrame:
    # The 2019 label 规范性文件 and the 2021 label 行政规范性文件 are one ledger category.
    category = "行政规范性文件" if label == "规范性文件" else label
    return frame[frame["category"] == category]


def _count(mask) -> int:
    return int(np.count_nonzero(mask))


def _in_force(frame: pd.DataFrame, start: str, end: str, moment: pd.Timestamp) -> int:
    ends = dates(frame, end)
    return _count(~_after(frame[start], moment) & (ends.isna().to_numpy() | _after(ends, moment)))


def _wan(amounts: pd.Series) -> float:
    """Sum in 元 → 万元, to four decimals (cent-exact sum first)."""
    return round(round(float(amounts.sum()), 2) / 10000, 4)


def _documents_made(ledgers, y, label):
    return _count(y.contains(_category(ledgers["documents"], label)["issued"]))


def _documents_published(ledgers, y, label):
    return _count(y.contains(dates(_category(ledgers["documents"], label), "published")))


def _documents_published_total(ledgers, y, label):
    published = dates(_category(ledgers["documents"], label), "published")
    return _count(published.notna().to_numpy() & ~_after(published, y.end))


def _documents_repealed(ledgers, y, label):
    return _count(y.contains(dates(_category(ledgers["documents"], label), "repealed")))


def _documents_in_force(ledgers, y, label):
    return _in_force(_category(ledgers["documents"], label), "issued", "repealed", y.end)


def _items_previous(ledgers, y, label):
    return _in_force(_category(ledgers["powers"], label), "established", "cancelled", Year(y.year - 1).end)


def _items_change(ledgers, y, label):
    powers = _category(ledgers["powers"], label)
    return _in_force(powers, "established", "cancelled", y.end) - _items_previous(ledgers, y, label)


def _decisions(ledgers, y, label):
    return _count(y.contains(_category(ledgers["enforcement"], label)["decided"]))


def _procurement_count(ledgers, y, label):
    return _count(y.contains(ledgers["procurement"]["date"]))


def _procurement_amount(ledgers, y, label):
    procurement = ledgers["procurement"]
    return _wan(procurement.loc[y.contains(procurement["date"]), "amount"])


def _fee_amount(ledgers, y, label):
    fees = ledgers["fees"]
    return _wan(fees.loc[y.contains(fees["date"]), "amount"])


SECTION2_METRICS = {
    "documents_made": _documents_made,
    "documents_published": _documents_published,
    "documents_published_total": _documents_published_total,
    "documents_repealed": _documents_repealed,
    "documents_in_force": _documents_in_force,
    "items_previous": _items_previous,
    "items_change": _items_change,
    "decisions": _decisions,
    "procurement_count": _procurement_count,
    "procurement_amount": _procurement_amount,
    "fee_amount": _fee_amount,
}


def section2(ledgers, year: int, fmt: str) -> dict:
    """Section 二: ``{item caption: {"columns": [...], "rows": {label: [values]}}}`` in official order."""
    y = Year(year)
    return {
        block.item: {
            "columns": list(block.columns),
            "rows": {label: [SECTION2_METRICS[metric](ledgers, y, arg) for metric, arg in cells] for label, cells in block.rows},
        }
        for block in SECTION2_BLOCKS[fmt]
    }
