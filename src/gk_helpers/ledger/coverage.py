"""Which report years a ledger folder covers: the years of its records, and the years it declares.

A year in which a township received nothing (no application, no case, no ticket) is common and
gives a report of zeros. A params file whose ``year:`` was mistyped looks just the same, so a
year is covered only when the folder says so:

- a record is dated in it, or the folder's dates lie on both sides of it (the span of all dates);
- a per-year sheet is named for it (``依申请公开2024``, even an empty one);
- ``台账映射.yaml`` lists it under ``覆盖年度`` (``gk init`` writes the years it was given).

``gk check``, ``gk tables`` and the report notebook all ask ``year_coverage``: the same folder and
year get the same verdict everywhere. A covered year without any record gets a hint for the
reviewer; an uncovered year is a problem naming the year and how to declare it.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..base.errors import LedgerError, Problem
from .mapping import MAPPING_NAME, YEARS_KEY
from .schema import WORKBOOK_NAME

RULE = "台账未覆盖该年度"


#: How the hint of a year without any record begins (the overview marks such a cell 全年无记录).
NO_RECORDS = "台账中没有"


def is_no_records_hint(message: str) -> bool:
    """Whether a report warning is the hint that the ledgers hold nothing dated in its year."""
    return message.startswith(NO_RECORDS)


def _date_columns(ledgers):
    for frame in ledgers.frames.values():
        for column in frame.columns:
            if pd.api.types.is_datetime64_any_dtype(frame[column]):
                yield frame[column]


def dated_span(ledgers) -> tuple[int, int] | None:
    """The first and last year of any date in the ledgers (None for no dates at all)."""
    years = [y for values in _date_columns(ledgers) if values.notna().any() for y in (values.min().year, values.max().year)]
    return (min(years), max(years)) if years else None


def has_records_in(ledgers, year: int) -> bool:
    """Whether any date of any ledger falls in ``year``."""
    start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    return any(values.between(start, end).any() for values in _date_columns(ledgers))


def year_coverage(ledgers, year: int, label: str, today: dt.date | None = None) -> list[str]:
    """The hints for a covered ``year`` (none when it has records); a ``LedgerError`` when the folder does not cover it.

    ``label`` names the ledger folder as the user gave it (ledger_dir of the params file, or the
    command line's folder).
    """
    span = dated_span(ledgers)
    declared = ledgers.declared_years.get(year)
    if has_records_in(ledgers, year):
        return []
    if span is None:
        if declared is None:
            raise LedgerError([_uncovered(ledgers, year, label, "中没有任何记录", today)])
        return [f"{NO_RECORDS}任何记录：{year}年报告的各项均为0（{declared}包括 {year} 年）。"
                f"请确认台账已经填写（gk init 生成的 {WORKBOOK_NAME} 是空白模板）。"]
    if declared is None and not span[0] <= year <= span[1]:
        raise LedgerError([_uncovered(ledgers, year, label, f"中的记录在 {_span_text(span)}", today)])
    why = f"{declared}包括 {year} 年" if declared else f"台账的记录在 {_span_text(span)}"
    return [f"{NO_RECORDS} {year} 年的任何记录：本年度报告的各项均为0（{why}）。请确认该年确实没有申请、案件、文件和工单。"]


def _span_text(span: tuple[int, int]) -> str:
    """2023 年, or 2019–2024 年."""
    return f"{span[0]} 年" if span[0] == span[1] else f"{span[0]}–{span[1]} 年"


def _uncovered(ledgers, year: int, label: str, found: str, today: dt.date | None) -> Problem:
    """The problem of an uncovered year: what the folder holds, and the two ways to declare the year."""
    later = f"（{year} 年还没有到来）" if year > (today or dt.date.today()).year else ""
    declared = sorted(ledgers.declared_years)
    said = f"说明覆盖的年度只有 {'、'.join(map(str, declared))}" if declared else "也没有说明台账包括哪些年度"
    years = ", ".join(map(str, sorted({*declared, year})))
    return Problem(
        label, rule=RULE,
        message=(f"台账未覆盖 {year} 年{later}：台账{found}，{said}。若报告年度写错了，请改正（参数文件中的 year: 或命令行的 --year）；"
                 f"若 {year} 年确实没有任何申请、案件等记录（报告各项为0），请在该台账目录的 {MAPPING_NAME} 中写明 "
                 f"{YEARS_KEY}: [{years}]，或在 {WORKBOOK_NAME} 中添加该年的工作表（如「依申请公开{year}」，可以是空表）。"),
    )
