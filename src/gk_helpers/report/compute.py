"""One township-year: validated ledgers → tables, checks and statistics, in one object.

``compute`` is the single entry point the notebook, the CLI and the batch share.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..count import checks as ck
from ..count import continuity, deadlines as dl
from ..count.continuity import Previous
from ..base.formats import SECTION3_COLUMNS, format_for_year, section3_rows
from ..count.narrative import statistics
from ..count.cases import Membership, membership
from ..count.tables import Year, dates, section2_values, section3
from ..base import json_text
from ..base.errors import ParamsError
from ..ledger.ledgers import Ledgers
from .frames import record_sources

DEFAULT_LEVEL = "乡镇"


def data_json(data: dict) -> str:
    """The JSON text of computed data, as ``gk tables --json`` prints it and the .json outputs hold it."""
    return json_text.dumps(data, indent=2) + "\n"


@dataclass
class ReportData:
    """Every computed figure of one township's report for one year."""

    year: int
    format: str
    level: str
    section2: dict
    section3: np.ndarray  # rows of formats.section3_rows(format) × 7 columns
    section4: np.ndarray  # 15 numbers
    checks: list[ck.Check]
    stats: dict
    warnings: list[str] = field(default_factory=list)
    #: what the kit did in reading the ledgers that needs no attention (an office's own columns, empty sheets)
    notes: list[str] = field(default_factory=list)
    deadlines: pd.DataFrame | None = None  # count.deadlines.reply_deadlines of the year
    #: which ledger records each count cell holds (the counts above are their sizes)
    cells: Membership | None = field(default=None, repr=False, compare=False)

    @property
    def section3_rows(self) -> list[tuple[str, list[int]]]:
        """Section 三 as ``[(row label, [7 ints]), ...]`` in official order."""
        return [(row.label, [int(v) for v in self.section3[i]]) for i, row in enumerate(section3_rows(self.format))]

    @property
    def failed_checks(self) -> list[ck.Check]:
        """The checks that did not pass (不通过; a 提示 is not a failure)."""
        return [c for c in self.checks if c.failed]

    @property
    def warned_checks(self) -> list[ck.Check]:
        """The checks that gave a warning (提示)."""
        return [c for c in self.checks if c.passed is False and not c.failed]

    @property
    def deadline_rows(self) -> list[dict]:
        """The JSON ``deadlines`` list (empty without applications)."""
        return dl.deadline_records(self.deadlines) if self.deadlines is not None else []

    @property
    def table2(self) -> dict:
        """Section 二 as one labelled DataFrame per 条例 item."""
        from .frames import section2_frames

        return section2_frames(self)

    @property
    def table3(self):
        """Section 三 as a DataFrame: the row hierarchy as a MultiIndex, the seven applicant columns."""
        from .frames import section3_frame

        return section3_frame(self)

    @property
    def table4(self):
        """Section 四 as a one-row DataFrame with (行政复议/未经复议直接起诉/复议后起诉 × 结果) columns."""
        from .frames import section4_frame

        return section4_frame(self)

    def __repr__(self) -> str:
        failed = len(self.failed_checks)
        return (f"<ReportData {self.year}年 {self.format}格式 · 第三部分 {self.section3.shape[0]}行×7列 · "
                f"核对 {len(self.checks)} 项（不通过 {failed}） · 提示 {len(self.warnings)} 条>")

    def cases_dict(self) -> dict:
        """The JSON ``cases`` object: the sorted ledger ids behind every count cell."""
        return self.cells.to_dict()

    def to_dict(self, cases: bool = False) -> dict:
        """The JSON object of ``gk tables --json`` (with ``cases``: also the ids behind every cell)."""
        extra = {"cases": self.cases_dict()} if cases else {}
        return {
            "year": self.year,
            "format": self.format,
            "section2": self.section2,
            "section3": [[label, values] for label, values in self.section3_rows],
            "section4": [int(v) for v in self.section4],
            "checks": [c.to_dict() for c in self.checks],
            "stats": self.stats,
            "warnings": list(self.warnings),
            "notes": list(self.notes),
            "deadlines": self.deadline_rows,
            **extra,
        }

    def to_json(self, cases: bool = False) -> str:
        """Deterministic JSON text (UTF-8, not ASCII-escaped, two-space indent)."""
        return data_json(self.to_dict(cases))


def _previous_carried_forward(ledgers: Ledgers, year: int, fmt: str, previous: list[int] | None):
    """Last year's 四 per column for R5, and where it came from (or why R5 is skipped)."""
    if previous is not None:
        return list(previous), "上年数据来自上年报告"
    if not ledgers.has("applications"):
        return None, "未提供依申请公开台账，跳过跨年度核对"
    received = ledgers["applications"]["received"]
    if received.empty or received.min() > Year(year - 1).end:
        return None, f"台账未覆盖{year - 1}年，跳过跨年度核对"
    last = section3(ledgers["applications"], year - 1, format_for_year(year - 1))
    return [int(v) for v in last[-1]], f"上年数据按同一台账计算（{year - 1}年）"


def _fee_notices_handled(applications, year: int) -> int:
    """Applications on hand in ``year`` (received in it, or carried into it) that got a fee notice.

    N4 compares this with the year's closures for unpaid fees: such a closure may concern an
    application received the year before, so the narrative's figure (notices on applications
    received in the year) is the wrong bound.
    """
    if "fee_notice" not in applications:
        return 0
    y = Year(year)
    received, closed = applications["received"], dates(applications, "closed")
    carried_in = (received < y.start) & (closed.isna() | (closed >= y.start))
    on_hand = y.contains(received) | carried_in.to_numpy()
    return int((applications["fee_notice"].fillna(0).to_numpy() > 0)[on_hand].sum())


def _missing(previous: Previous, name: str) -> str:
    """The source of last year's figures, or why the one a check needs is not among them."""
    if getattr(previous, name) is not None or (previous.carried_forward is None and previous.in_force is None):
        return previous.source
    what = {"in_force": "第二部分“现行有效件数”（previous.in_force；2020年及以前的报告没有这一栏）",
            "carried_forward": "第三部分“四、结转下年度继续办理”（previous.carried_forward）"}[name]
    return f"{previous.source}，但其中没有{what}，无法核对"


def compute(ledgers: Ledgers, year: int, fmt: str | None = None, level: str = DEFAULT_LEVEL,
            previous_carried_forward: list[int] | None = None, previous: Previous | None = None,
            calendar: dl.WorkCalendar | None = None, today=None) -> ReportData:
    """Compute sections 二, 三, 四, the reply deadlines, the checks and the narrative statistics for ``year``.

    ``fmt`` overrides the format chosen by the year. ``previous`` holds last year's
    *published* figures for C1/C2 (``previous_carried_forward``, the old form, is its
    四 row and also replaces the ledger's own figure in R5). ``calendar`` defaults to
    chinesecalendar's; ``today`` bounds 未办结且已逾期 in the current year.
    """
    fmt = format_for_year(year, fmt)
    if previous_carried_forward is not None and len(previous_carried_forward) != len(SECTION3_COLUMNS):
        raise ParamsError(
            f"上年“四、结转下年度继续办理”应为{len(SECTION3_COLUMNS)}个数（{'、'.join(SECTION3_COLUMNS)}），"
            f"实际为{len(previous_carried_forward)}个。请按上年报告第三部分最后一行逐列填写。"
        )
    if previous is None and previous_carried_forward is not None:
        previous = Previous("上年数字来自上年报告", tuple(previous_carried_forward))
    previous = previous or Previous("没有上年已公开报告的数字（参数文件的 previous: 或 --previous 文件），无法核对。")
    cells = membership(ledgers, year, fmt)
    s2 = section2_values(cells.section2, fmt)
    s3 = cells.section3.counts()
    s4 = cells.section4.counts()
    stats = statistics(ledgers, year, fmt, s3, s4)
    last, source = _previous_carried_forward(ledgers, year, fmt, previous_carried_forward)
    replies = dl.reply_deadlines(ledgers["applications"], year, calendar, today)
    # the D1/D2 evidence names where each flagged application is (only those: a province's ledger has a million rows)
    flagged = replies["status"].isin(dl.OVERDUE).to_numpy() | replies["notice_late"].to_numpy()
    replies[dl.SOURCE] = ""
    if flagged.any():
        replies.loc[flagged, dl.SOURCE] = replies.loc[flagged, "id"].map(record_sources(ledgers, "applications", replies["id"][flagged]))
    rows = [(row.label, [int(v) for v in s3[i]]) for i, row in enumerate(section3_rows(fmt))]
    checks = [
        ck.check_r1(s3, fmt),
        ck.check_r2(s3, fmt),
        ck.check_r3(s3, fmt),
        ck.check_r5(s3, fmt, last, source),
        ck.check_r8(s4),
        ck.check_no_regulations(s2, level),
        ck.check_unpaid_fees(s3, fmt, _fee_notices_handled(ledgers["applications"], year)),
        continuity.check_documents_continuity(s2, previous.in_force, _missing(previous, "in_force"), fmt),
        continuity.check_carried_forward(rows, previous.carried_forward, _missing(previous, "carried_forward"), fmt),
        dl.check_deadlines(replies),
        dl.check_correction_notices(replies),
    ]
    assert len(SECTION3_COLUMNS) == s3.shape[1]
    return ReportData(year, fmt, level, s2, s3, s4, checks, stats,
                      ledgers.missing_warnings(fmt) + list(ledgers.warnings), list(ledgers.notes), replies, cells)
