"""Section 三/四 counted the obvious ways, to measure the library against and to cross-check it.

Both follow the design card's counting rules literally and share nothing with ``tables``
except the official row layout (``formats.section3_rows``).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from gk_helpers.base.formats import APPLICANT_TYPES, OUTCOMES, section3_rows

CASE_TYPES = ("行政复议", "直接起诉", "复议后起诉")
CASE_RESULTS = ("维持", "纠正", "其他")


def _outcome_rows(fmt: str) -> tuple[dict[str, int], dict[str, int]]:
    rows = section3_rows(fmt)
    by_outcome = {OUTCOMES[code]: i for i, r in enumerate(rows) for code in r.outcomes}
    by_role = {r.role: i for i, r in enumerate(rows) if r.role != "outcome"}
    return by_outcome, by_role


def loop_section3(applications: pd.DataFrame, year: int, fmt: str) -> np.ndarray:
    """Section 三 by a per-record Python loop (the design card's rules, read literally)."""
    by_outcome, by_role = _outcome_rows(fmt)
    column = {a: i for i, a in enumerate(APPLICANT_TYPES)}
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cells = np.zeros((len(section3_rows(fmt)), len(APPLICANT_TYPES) + 1), dtype=np.int64)
    for record in applications.itertuples(index=False):
        col = column[record.applicant]
        received = record.received.date()
        closed = None if pd.isna(record.closed) else record.closed.date()
        if start <= received <= end:
            cells[by_role["received"], col] += 1
        if received < start and (closed is None or closed >= start):
            cells[by_role["carried_over"], col] += 1
        if closed is not None and start <= closed <= end:
            cells[by_outcome[record.outcome], col] += 1
            cells[by_role["closed_total"], col] += 1
        if received <= end and (closed is None or closed > end):
            cells[by_role["carried_forward"], col] += 1
    cells[:, -1] = cells[:, :-1].sum(axis=1)
    return cells


def loop_section4(cases: pd.DataFrame, year: int) -> np.ndarray:
    """Section 四 by a per-record Python loop."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    results = {r: i for i, r in enumerate(CASE_RESULTS)}
    counts = np.zeros((3, 5), dtype=np.int64)
    for record in cases.itertuples(index=False):
        received = record.received.date()
        decided = None if pd.isna(record.decided) else record.decided.date()
        if not (start <= received <= end or (received < start and (decided is None or decided >= start))):
            continue
        group = CASE_TYPES.index(record.type)
        column = results[record.result] if decided is not None and start <= decided <= end else 3
        counts[group, column] += 1
        counts[group, 4] += 1
    return counts.reshape(-1)


def groupby_section3(applications: pd.DataFrame, year: int, fmt: str) -> np.ndarray:
    """Section 三 with boolean masks and pandas groupby/value_counts."""
    by_outcome, by_role = _outcome_rows(fmt)
    start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    received, closed = applications["received"], applications["closed"]

    def by_applicant(mask):
        return applications.loc[mask, "applicant"].value_counts(sort=False).reindex(APPLICANT_TYPES, fill_value=0).to_numpy()

    cells = np.zeros((len(section3_rows(fmt)), len(APPLICANT_TYPES) + 1), dtype=np.int64)
    cells[by_role["received"], :-1] = by_applicant(received.between(start, end))
    cells[by_role["carried_over"], :-1] = by_applicant((received < start) & (closed.isna() | (closed >= start)))
    cells[by_role["carried_forward"], :-1] = by_applicant((received <= end) & (closed.isna() | (closed > end)))
    outcome_table = (
        applications.loc[closed.between(start, end), ["outcome", "applicant"]]
        .groupby(["outcome", "applicant"], observed=False).size().unstack(fill_value=0)
        .reindex(index=list(OUTCOMES), columns=list(APPLICANT_TYPES), fill_value=0)
    )
    for outcome, counts in outcome_table.iterrows():
        cells[by_outcome[outcome], :-1] += counts.to_numpy()
    cells[by_role["closed_total"], :-1] = outcome_table.to_numpy().sum(axis=0)
    cells[:, -1] = cells[:, :-1].sum(axis=1)
    return cells


def groupby_section4(cases: pd.DataFrame, year: int) -> np.ndarray:
    """Section 四 with boolean masks and pandas groupby."""
    start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    received, decided = cases["received"], cases["decided"]
    in_table = received.between(start, end) | ((received < start) & (decided.isna() | (decided >= start)))
    column = cases["result"].astype(object).where(decided.between(start, end), "尚未审结")
    counts = (
        pd.DataFrame({"type": cases["type"], "column": column})[in_table]
        .groupby(["type", "column"], observed=False).size().unstack(fill_value=0)
        .reindex(index=list(CASE_TYPES), columns=[*CASE_RESULTS, "尚未审结"], fill_value=0)
        .to_numpy()
    )
    return np.column_stack([counts, counts.sum(axis=1)]).reshape(-1)


def loop_deadlines(applications: pd.DataFrame, ids, year: int) -> list[dt.date | None]:
    """Reply deadlines of the applications ``ids`` in ``year``'s report by a per-application loop, day by
    day with ``chinese_calendar.is_workday`` (spec/deadlines.md read literally; a corrected application
    received after the year is not there yet)."""
    from chinese_calendar import is_workday

    rows = applications.set_index("id").loc[list(ids)]
    out = []
    for row in rows.itertuples():
        notice, corrected = row.correction_notice, row.correction_received
        if not pd.isna(corrected) and corrected.year > year:
            corrected = pd.NaT
        if not pd.isna(notice) and pd.isna(corrected):
            out.append(None)  # waiting for the corrected application
            continue
        day = (row.received if pd.isna(corrected) else corrected).date()
        n = 20 + (20 if row.extended == "是" else 0) + (0 if pd.isna(row.consultation_days) else int(row.consultation_days))
        while n:
            day += dt.timedelta(days=1)
            n -= is_workday(day)
        out.append(day)
    return out
