"""Which ledger records make each count cell: the masks every table count is taken from.

For every cell of sections 二, 三 and 四 this module decides which records belong to it
(a boolean mask over the ledger frame). The counts of ``tables`` are the sizes of these
masks (``np.bincount`` over the members), and the case lists of the review page and the
JSON are the records they select — one decision, so a count and its case list cannot
drift apart. The rules are those of the design card (docs/统计口径.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from ..ledger.schema import KIND_BY_KEY
from ..ledger.validate import ROW, SHEET
from ..base.formats import APPLICANT_TYPES, OUTCOMES, SECTION2_BLOCKS, SECTION4_GROUPS, SECTION4_RESULTS, section3_rows
from .periods import Year, after, before, blank, codes, dates

_PENDING = SECTION4_RESULTS.index("尚未审结")
_WIDTH4 = len(SECTION4_RESULTS)


def anchor(section: str, *position: int) -> str:
    """The id of a cell's case list on the review page: ``gk-c3-5-0`` (section 三, row 5, column 0)."""
    number = {"二": 2, "三": 3, "四": 4}[section]
    return f"gk-c{number}-" + "-".join(str(p) for p in position)


# --- the rules in words (docs/统计口径.md is generated from these and from worked examples) ---

#: Section 三: which applications a row of report year Y counts, by the row's role.
SECTION3_RULES = {
    "received": "收到日期在Y年内（1月1日至12月31日）。",
    "carried_over": "收到日期早于Y年1月1日，且办结日期为空或不早于Y年1月1日（上年未办结、本年继续办理）。",
    "outcome": "办结日期在Y年内，计入其“办理结果”所在的行（2019格式中三种“其他处理”都计入“（六）其他处理”一行）。",
    "closed_total": "办结日期在Y年内的全部申请，即（一）至（六）各行之和。",
    "carried_forward": "收到日期不晚于Y年12月31日，且办结日期为空或晚于Y年12月31日。",
}
SECTION3_COLUMN_RULE = "列按“申请人类型”；“总计”列是六类申请人之和。"
SECTION4_RULE = ("一件复议或诉讼计入Y年表格，当且仅当它在Y年收到，或在Y年以前收到且审结日期为空或不早于Y年1月1日。"
                 "审结日期在Y年内的，计入其“审理结果”（维持/纠正/其他）列，否则计入“尚未审结”；各组“总计”是四列之和。")
#: Section 二: the rule behind each metric named in formats.SECTION2_BLOCKS.
SECTION2_RULES = {
    "documents_made": "规范性文件台账中该类别、制发日期在Y年内的件数。",
    "documents_published": "该类别、公开日期在Y年内的件数。",
    "documents_published_total": "该类别、公开日期不晚于Y年12月31日的件数。",
    "documents_repealed": "该类别、废止日期在Y年内的件数。",
    "documents_in_force": "该类别、制发日期不晚于Y年12月31日，且废止日期为空或晚于Y年12月31日的件数。",
    "items_previous": "权责事项台账中该类别、Y−1年12月31日有效（设立日期不晚于当日，取消日期为空或晚于当日）的事项数。",
    "items_change": "Y年12月31日有效的事项数减去Y−1年12月31日有效的事项数（可为负）；案件清单列出两日之间状态变化的事项。",
    "decisions": "行政执法台账中该类别、决定日期在Y年内的决定数。",
    "procurement_count": "政府集中采购台账中采购日期在Y年内的项目数。",
    "procurement_amount": "采购日期在Y年内的金额之和（元，精确到分）÷ 10000，保留至多四位小数。",
    "fee_amount": "行政事业性收费台账中收费日期在Y年内的金额之和（元，精确到分）÷ 10000，保留至多四位小数。",
}


# --- section 三 ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Section3Membership:
    """Section 三: each data row's mask over the applications, and each record's applicant column."""

    applicant: np.ndarray  # applicant-type code per record
    rows: tuple[np.ndarray, ...]  # one boolean mask per row of formats.section3_rows(fmt)

    def counts(self) -> np.ndarray:
        """The table: one row per mask, the six applicant columns and 总计."""
        width = len(APPLICANT_TYPES)
        cells = np.array([np.bincount(self.applicant[m], minlength=width)[:width] for m in self.rows], dtype=np.int64)
        cells = cells.reshape(len(self.rows), width)
        return np.column_stack([cells, cells.sum(axis=1)])

    def mask(self, row: int, column: int) -> np.ndarray:
        """The records of one cell (column 6 is 总计: the whole row)."""
        if column == len(APPLICANT_TYPES):
            return self.rows[row]
        return self.rows[row] & (self.applicant == column)


def section3_membership(applications: pd.DataFrame, year: int, fmt: str) -> Section3Membership:
    """Which applications each row of section 三 counts in ``year`` (design card, section 三)."""
    y = Year(year)
    received, closed = applications["received"], dates(applications, "closed")
    open_at = lambda moment: blank(closed) | ~before(closed, moment)  # noqa: E731
    outcome = codes(applications, "outcome")
    # validation pairs 办结日期 with 办理结果, so a closure in the year always has an outcome
    closed_in_year = y.contains(closed) & (outcome >= 0)
    row_of_outcome = np.full(len(OUTCOMES) + 1, -1, dtype=np.int64)  # the extra slot maps code -1
    layout = section3_rows(fmt)
    for index, row in enumerate(layout):
        row_of_outcome[list(row.outcomes)] = index
    outcome_row = np.where(closed_in_year, row_of_outcome[outcome], -1)
    by_role = {
        "received": lambda: y.contains(received),
        "carried_over": lambda: before(received, y.start) & open_at(y.start),
        "closed_total": lambda: closed_in_year,
        "carried_forward": lambda: ~after(received, y.end) & (blank(closed) | after(closed, y.end)),
    }
    masks = tuple(outcome_row == index if row.role == "outcome" else by_role[row.role]() for index, row in enumerate(layout))
    return Section3Membership(codes(applications, "applicant"), masks)


# --- section 四 ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Section4Membership:
    """Section 四: each case's cell (group × result, 0–14 without the 总计 columns), -1 outside the table."""

    cell: np.ndarray

    def counts(self) -> np.ndarray:
        """15 numbers: per group 结果维持, 结果纠正, 其他结果, 尚未审结, 总计."""
        inner = _WIDTH4 - 1
        parts = np.bincount(self._inner_cell[self._inner_cell >= 0], minlength=3 * inner).reshape(3, inner)
        return np.column_stack([parts, parts.sum(axis=1)]).reshape(-1)

    @cached_property
    def _inner_cell(self) -> np.ndarray:
        group, column = np.divmod(self.cell, _WIDTH4)
        return np.where(self.cell >= 0, group * (_WIDTH4 - 1) + column, -1)

    def mask(self, index: int) -> np.ndarray:
        """The cases of column ``index`` (0–14); a 总计 column holds its whole group."""
        group, column = divmod(index, _WIDTH4)
        if column == _WIDTH4 - 1:
            return (self.cell >= 0) & (self.cell // _WIDTH4 == group)
        return self.cell == index


def section4_membership(cases: pd.DataFrame, year: int) -> Section4Membership:
    """Which cases each column of section 四 counts in ``year`` (design card, section 四)."""
    y = Year(year)
    received, decided = cases["received"], dates(cases, "decided")
    in_table = y.contains(received) | (before(received, y.start) & (blank(decided) | ~before(decided, y.start)))
    result = codes(cases, "result")
    column = np.where(y.contains(decided) & (result >= 0), result, _PENDING)
    group = codes(cases, "type")
    return Section4Membership(np.where(in_table & (group >= 0), group * _WIDTH4 + column, -1))


# --- section 二 ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Selection:
    """The records behind one section 二 cell and its value (a count, an amount, or a signed change)."""

    kind: str  # ledger key
    mask: np.ndarray
    value: int | float


def _category(frame: pd.DataFrame, label: str) -> np.ndarray:
    # The 2019 label 规范性文件 and the 2021 label 行政规范性文件 are one ledger category.
    category = "行政规范性文件" if label == "规范性文件" else label
    return (frame["category"] == category).to_numpy(bool)


def _counted(kind: str, mask: np.ndarray) -> Selection:
    return Selection(kind, mask, int(np.count_nonzero(mask)))


def _in_force(frame: pd.DataFrame, start: str, end: str, moment: pd.Timestamp) -> np.ndarray:
    ends = dates(frame, end)
    return ~after(frame[start], moment) & (blank(ends) | after(ends, moment))


def _wan(amounts: pd.Series) -> float:
    """Sum in 元 → 万元, to four decimals (cent-exact sum first)."""
    return round(round(float(amounts.sum()), 2) / 10000, 4)


def _documents(ledgers, label, column, rule):
    frame = ledgers["documents"]
    return _counted("documents", _category(frame, label) & rule(dates(frame, column)))


def _documents_made(ledgers, y, label):
    return _documents(ledgers, label, "issued", y.contains)


def _documents_published(ledgers, y, label):
    return _documents(ledgers, label, "published", y.contains)


def _documents_published_total(ledgers, y, label):
    return _documents(ledgers, label, "published", lambda d: ~blank(d) & ~after(d, y.end))


def _documents_repealed(ledgers, y, label):
    return _documents(ledgers, label, "repealed", y.contains)


def _documents_in_force(ledgers, y, label):
    frame = ledgers["documents"]
    return _counted("documents", _category(frame, label) & _in_force(frame, "issued", "repealed", y.end))


def _items_previous(ledgers, y, label):
    frame = ledgers["powers"]
    return _counted("powers", _category(frame, label) & _in_force(frame, "established", "cancelled", Year(y.year - 1).end))


def _items_change(ledgers, y, label):
    """In force at the end of Y minus in force a year before; the records are the items that changed."""
    frame = ledgers["powers"]
    category = _category(frame, label)
    now = category & _in_force(frame, "established", "cancelled", y.end)
    then = category & _in_force(frame, "established", "cancelled", Year(y.year - 1).end)
    return Selection("powers", now ^ then, int(np.count_nonzero(now)) - int(np.count_nonzero(then)))


def _decisions(ledgers, y, label):
    frame = ledgers["enforcement"]
    return _counted("enforcement", _category(frame, label) & y.contains(frame["decided"]))


def _procurement_count(ledgers, y, label):
    return _counted("procurement", y.contains(ledgers["procurement"]["date"]))


def _amount(ledgers, kind, y):
    frame = ledgers[kind]
    mask = y.contains(frame["date"])
    return Selection(kind, mask, _wan(frame.loc[mask, "amount"]))


def _procurement_amount(ledgers, y, label):
    return _amount(ledgers, "procurement", y)


def _fee_amount(ledgers, y, label):
    return _amount(ledgers, "fees", y)


#: metric name (as formats.SECTION2_BLOCKS names it) → (ledgers, Year, row label) → Selection
SECTION2_SELECTORS = {
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


def section2_selections(ledgers, year: int, fmt: str) -> dict[str, dict[str, list[Selection]]]:
    """Section 二: ``{item: {row label: [Selection per column]}}`` in official order."""
    y = Year(year)
    return {
        block.item: {label: [SECTION2_SELECTORS[metric](ledgers, y, arg) for metric, arg in cells] for label, cells in block.rows}
        for block in SECTION2_BLOCKS[fmt]
    }


# --- the case lists --------------------------------------------------------------------------

def record_names(frame: pd.DataFrame, kind: str) -> np.ndarray:
    """How each record is named in a case list: its id as in the ledger, else ``第N行`` (Excel row),
    with its sheet when the kind spans per-year sheets (``行政事业性收费2023第5行``)."""
    if KIND_BY_KEY[kind].id_column is not None:
        return frame["id"].astype(str).to_numpy(object)
    sheets = frame[SHEET].astype(str) if SHEET in frame else pd.Series("", index=frame.index)
    return np.array([f"{sheet}第{row}行" for sheet, row in zip(sheets, frame[ROW])], dtype=object)


@dataclass
class Membership:
    """Every count cell of one township-year and the records it holds."""

    ledgers: object
    fmt: str
    section3: Section3Membership
    section4: Section4Membership
    section2: dict[str, dict[str, list[Selection]]]
    _order: dict = field(default_factory=dict, repr=False)

    def _sorted(self, kind: str) -> tuple[np.ndarray, np.ndarray]:
        """Record positions of a kind in name order, and the names in that order."""
        if kind not in self._order:
            names = record_names(self.ledgers[kind], kind)
            order = np.argsort(names, kind="stable") if len(names) else np.zeros(0, dtype=np.int64)
            self._order[kind] = (order, names[order])
        return self._order[kind]

    def positions(self, kind: str, mask: np.ndarray) -> np.ndarray:
        """Positions (into the ledger frame) of the records a mask selects, sorted by name."""
        order, _ = self._sorted(kind)
        return order[mask[order]]

    def names(self, kind: str, mask: np.ndarray) -> list[str]:
        """The sorted names of the records a mask selects."""
        order, names = self._sorted(kind)
        return [str(n) for n in names[mask[order]]]

    def to_dict(self) -> dict:
        """The JSON ``cases`` object: every count cell's sorted record names (empty lists too)."""
        layout = section3_rows(self.fmt)
        section3 = [[row.label, [self.names("applications", self.section3.mask(r, c)) for c in range(len(APPLICANT_TYPES) + 1)]]
                    for r, row in enumerate(layout)]
        section4 = [[f"{group}-{result}", self.names("cases", self.section4.mask(g * _WIDTH4 + i))]
                    for g, group in enumerate(SECTION4_GROUPS) for i, result in enumerate(SECTION4_RESULTS)]
        block_columns = {block.item: block.columns for block in SECTION2_BLOCKS[self.fmt]}
        section2 = {item: {label: {column: self.names(s.kind, s.mask) for column, s in zip(block_columns[item], cells)}
                           for label, cells in rows.items()}
                    for item, rows in self.section2.items()}
        return {"section3": section3, "section4": section4, "section2": section2}


def membership(ledgers, year: int, fmt: str) -> Membership:
    """Decide, once, which records every count cell of ``year`` holds."""
    return Membership(
        ledgers, fmt,
        section3_membership(ledgers["applications"], year, fmt),
        section4_membership(ledgers["cases"], year),
        section2_selections(ledgers, year, fmt),
    )
