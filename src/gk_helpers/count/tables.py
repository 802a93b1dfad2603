"""Validated ledger frames and a report year → the statutory tables (sections 二, 三, 四).

Which records each cell holds is decided once, in ``cases``; a count here is the size of
that membership, so the tables and the case lists behind them cannot disagree. The
counting rules are those of the design card (docs/统计口径.md); they make R1–R3, R5 and
R8 hold by construction (``checks`` still verifies them on the result). An optional
column a ledger leaves out counts as blank in every row. All counts are vectorised, so a
million applications take well under a second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .cases import SECTION2_SELECTORS, section2_selections, section3_membership, section4_membership
from ..base.formats import SECTION2_BLOCKS
from .periods import Year, dates

__all__ = ["SECTION2_METRICS", "Year", "dates", "section2", "section2_values", "section3", "section4"]


def section3(applications: pd.DataFrame, year: int, fmt: str) -> np.ndarray:
    """Section 三 as an int array: one row per ``formats.section3_rows(fmt)``, 7 columns."""
    return section3_membership(applications, year, fmt).counts()


def section4(cases: pd.DataFrame, year: int) -> np.ndarray:
    """Section 四 as 15 ints: per group 结果维持, 结果纠正, 其他结果, 尚未审结, 总计."""
    return section4_membership(cases, year).counts()


def section2_values(selections: dict, fmt: str) -> dict:
    """Section 二 in its JSON shape from the cells' selections (``cases.section2_selections``)."""
    columns = {block.item: list(block.columns) for block in SECTION2_BLOCKS[fmt]}
    return {item: {"columns": columns[item], "rows": {label: [s.value for s in cells] for label, cells in rows.items()}}
            for item, rows in selections.items()}


def section2(ledgers, year: int, fmt: str) -> dict:
    """Section 二: ``{item caption: {"columns": [...], "rows": {label: [values]}}}`` in official order."""
    return section2_values(section2_selections(ledgers, year, fmt), fmt)


def _value_of(selector):
    return lambda ledgers, y, label: selector(ledgers, y, label).value


#: metric name → (ledgers, Year, row label) → the cell's value (the narrative sums some of them)
SECTION2_METRICS = {name: _value_of(selector) for name, selector in SECTION2_SELECTORS.items()}
