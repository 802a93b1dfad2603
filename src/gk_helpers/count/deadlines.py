"""Statutory reply deadlines (条例 第三十条–第三十五条) for every application of a report year.

Working days are Monday–Friday minus the statutory holidays plus the 调休 working weekends,
as the maintained ``chinesecalendar`` package knows them (spec/deadlines.md); a params file
may add a year the package does not know yet. All arithmetic is vectorised: the calendar
is one sorted array of working days and ``numpy.searchsorted`` finds, for a million
applications at once, the n-th working day after a date (day 1 is the first working day
*after* the start date) and the working days between two dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from .checks import Check, table, unchecked
from .tables import Year, dates

BASE_DAYS = 20  # 第三十三条: within 20 working days
EXTENSION_DAYS = 20  # 第三十三条: at most 20 more, when 延期 = 是
CORRECTION_NOTICE_DAYS = 7  # 第三十条: 补正 notice within 7 working days of receipt

ON_TIME, LATE, OPEN_OVERDUE, OPEN, UNCHECKED = "按期答复", "逾期答复", "未办结且已逾期", "未办结、未到期", "无法核对"
STATUSES = (ON_TIME, LATE, OPEN_OVERDUE, OPEN, UNCHECKED)
OVERDUE = (LATE, OPEN_OVERDUE)

_DAY = "datetime64[D]"
_NAT = np.datetime64("NaT", "D")


@dataclass(frozen=True)
class WorkCalendar:
    """The working days of the years it covers, as a sorted ``datetime64[D]`` array."""

    days: np.ndarray
    years: frozenset[int]  # the years whose holidays are known (package or params)

    @classmethod
    def from_chinesecalendar(cls, holidays=(), workdays=()) -> "WorkCalendar":
        """The official calendar, plus extra holidays and working days (for a year the package does not know)."""
        return _calendar(tuple(sorted(map(_as_date, holidays))), tuple(sorted(map(_as_date, workdays))))

    @property
    def first_year(self) -> int:
        """The first year whose holidays are known."""
        return min(self.years)

    @property
    def last_year(self) -> int:
        """The last year whose holidays are known."""
        return max(self.years)

    def covers(self, days: np.ndarray) -> np.ndarray:
        """Which dates (``datetime64[D]``, NaT never) fall in a year the calendar knows."""
        years = days.astype("datetime64[Y]").astype(np.int64) + 1970
        return ~np.isnat(days) & np.isin(years, list(self.years))

    def is_working_day(self, days: np.ndarray) -> np.ndarray:
        """Which dates are working days."""
        days = np.asarray(days, dtype=_DAY)
        index = np.searchsorted(self.days, days)
        return (index < len(self.days)) & (self.days[np.minimum(index, len(self.days) - 1)] == days)

    def add_working_days(self, start: np.ndarray, n) -> np.ndarray:
        """The n-th working day after each start date (NaT where the calendar ends first)."""
        start = np.asarray(start, dtype=_DAY)
        index = np.searchsorted(self.days, start, side="right") + np.asarray(n, dtype=np.int64) - 1
        inside = ~np.isnat(start) & (index < len(self.days)) & (index >= 0)
        return np.where(inside, self.days[np.clip(index, 0, len(self.days) - 1)], _NAT)

    def working_days_between(self, after: np.ndarray, until: np.ndarray) -> np.ndarray:
        """Working days d with ``after < d <= until`` (negative when ``until`` is earlier)."""
        after, until = np.asarray(after, dtype=_DAY), np.asarray(until, dtype=_DAY)
        return np.searchsorted(self.days, until, side="right") - np.searchsorted(self.days, after, side="right")


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@lru_cache(maxsize=8)
def _calendar(extra_holidays: tuple[dt.date, ...], extra_workdays: tuple[dt.date, ...]) -> WorkCalendar:
    from chinese_calendar import constants

    known = {d.year for d in constants.holidays} | {d.year for d in constants.workdays}
    years = known | {d.year for d in extra_holidays + extra_workdays}
    span = np.arange(np.datetime64(f"{min(years)}-01-01"), np.datetime64(f"{max(years) + 1}-01-01"), dtype=_DAY)
    weekday = (span.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday: Monday = 0
    working = weekday < 5
    off = np.array(sorted(set(constants.holidays) | set(extra_holidays)), dtype=_DAY)
    on = np.array(sorted(set(constants.workdays) | set(extra_workdays)), dtype=_DAY)
    working &= ~np.isin(span, off)
    working |= np.isin(span, on)
    return WorkCalendar(span[working], frozenset(years))


def counted_applications(applications: pd.DataFrame, year: int) -> np.ndarray:
    """Which applications section 三 of ``year`` counts: received in it, or carried into it."""
    y = Year(year)
    received, closed = applications["received"], dates(applications, "closed")
    carried_in = (received < y.start) & (closed.isna() | (closed >= y.start))
    return y.contains(received) | carried_in.to_numpy()


def _days(frame: pd.DataFrame, name: str) -> np.ndarray:
    return dates(frame, name).to_numpy("datetime64[ns]").astype(_DAY)


def _iso(value) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _iso_column(values: pd.Series) -> np.ndarray:
    """ISO dates of a date column at once ("" where blank)."""
    text = np.datetime_as_string(values.to_numpy("datetime64[D]"), unit="D")
    return np.where(text == "NaT", "", text)


def reply_deadlines(applications: pd.DataFrame, year: int, calendar: WorkCalendar | None = None,
                    today: dt.date | None = None) -> pd.DataFrame:
    """One row per application counted in section 三 of ``year``, sorted by id.

    The report describes the year as it stood on 31 December: a reply (or a corrected
    application) dated after the year is not yet there — the application is open, and next
    year's report, where it is carried over, judges the reply. So a late reply counts in the
    year it was late, once.

    Columns: id, received, clock_start, deadline, closed, status, working_days_late (the
    working days after the deadline up to and including the reply date; 0 on time, -1
    when open or unchecked), closed_later (a reply after the year), notice_deadline,
    notice_late (the 补正 notice came after the 7th working day), reason (why a row is 无法核对).
    """
    calendar = calendar or WorkCalendar.from_chinesecalendar()
    today = today or dt.date.today()
    apps = applications[counted_applications(applications, year)]
    year_end = np.datetime64(Year(year).end.date(), "D")
    received, closed = _days(apps, "received"), _days(apps, "closed")
    notice, corrected = _days(apps, "correction_notice"), _days(apps, "correction_received")
    closed_later = np.where(closed > year_end, closed, _NAT)
    closed = np.where(closed > year_end, _NAT, closed)
    corrected = np.where(corrected > year_end, _NAT, corrected)
    extended = (apps["extended"].astype(object) == "是").to_numpy() if "extended" in apps else np.zeros(len(apps), bool)
    consulted = apps["consultation_days"].fillna(0).to_numpy(np.int64) if "consultation_days" in apps else 0
    # A 补正 notice stops the clock until the corrected application arrives (第三十条).
    waiting = ~np.isnat(notice) & np.isnat(corrected)
    start = np.where(np.isnat(corrected), received, corrected)
    start = np.where(waiting, _NAT, start)
    deadline = calendar.add_working_days(start, BASE_DAYS + EXTENSION_DAYS * extended + consulted)

    as_of = np.datetime64(min(Year(year).end.date(), today), "D")
    known = calendar.covers(start) & calendar.covers(deadline)
    known &= np.isnat(closed) | calendar.covers(np.where(closed > deadline, closed, deadline))
    known |= waiting & calendar.covers(received)
    late_days = calendar.working_days_between(deadline, np.where(np.isnat(closed), deadline, closed))
    is_closed = ~np.isnat(closed)
    status = np.select(
        [~known, waiting & is_closed, waiting, is_closed & (closed <= deadline), is_closed, deadline < as_of],
        [UNCHECKED, ON_TIME, OPEN, ON_TIME, LATE, OPEN_OVERDUE],
        OPEN,
    )
    late_days = np.where((status == LATE) & known, late_days, np.where(is_closed & known, 0, -1))

    notice_deadline = calendar.add_working_days(received, CORRECTION_NOTICE_DAYS)
    notice_known = ~np.isnat(notice) & calendar.covers(received) & ~np.isnat(notice_deadline)
    reason = _reasons(calendar, known, received, start, closed)
    frame = pd.DataFrame({
        "id": apps["id"].to_numpy(object),
        "received": received,
        "clock_start": start,
        "deadline": np.where(known, deadline, _NAT),
        "closed": closed,
        "status": pd.Categorical(status, categories=STATUSES),
        "working_days_late": late_days,
        "closed_later": closed_later,
        "notice": notice,
        "notice_deadline": np.where(notice_known, notice_deadline, _NAT),
        "notice_late": notice_known & (notice > notice_deadline),
        "notice_working_day": np.where(notice_known, calendar.working_days_between(received, notice), -1),
        "extended": extended,
        "channel": apps["channel"].astype(object).fillna("").to_numpy(object) if "channel" in apps else "",
        "reason": reason,
    })
    return frame.sort_values("id", kind="stable").reset_index(drop=True)


def _reasons(calendar: WorkCalendar, known, received, start, closed) -> np.ndarray:
    """Why each row cannot be checked ("" where it can): the first year the calendar does not know."""
    reasons = np.full(len(known), "", dtype=object)
    if known.all():
        return reasons
    begin = np.where(np.isnat(start), received, start)
    year_of = lambda days: days.astype("datetime64[Y]").astype(np.int64) + 1970  # noqa: E731
    missing = np.where(~calendar.covers(begin), year_of(begin),
                       np.where(~np.isnat(closed) & ~calendar.covers(closed), year_of(closed), calendar.last_year + 1))
    span = f"{calendar.first_year}–{calendar.last_year}"
    for year in np.unique(missing[~known]):
        reasons[~known & (missing == year)] = (
            f"{year}年的放假和调休安排未知（chinesecalendar 只收录 {span} 年）。请升级 chinesecalendar"
            f"（每年11月国务院公布次年安排后更新），或在参数文件的 calendar: 中填写 {year} 年的 holidays 和 workdays。")
    return reasons


def deadline_records(frame: pd.DataFrame) -> list[dict]:
    """The JSON ``deadlines`` list: ISO dates (null when blank), ``closed`` null when open, sorted by id."""
    days = {name: [d or None for d in _iso_column(frame[name])] for name in ("received", "clock_start", "deadline", "closed")}
    late = [None if n < 0 else int(n) for n in frame["working_days_late"]]
    return [{"id": i, "received": r, "clock_start": c, "deadline": d, "closed": x, "status": s, "working_days_late": n}
            for i, r, c, d, x, s, n in zip(frame["id"], days["received"], days["clock_start"], days["deadline"],
                                           days["closed"], frame["status"].astype(object), late)]


# --- checks D1, D2 ---------------------------------------------------------------------

D1 = "依申请公开：每件申请都在法定期限内答复（20个工作日，延期另加20个，征求意见时间不计）"
D2 = "依申请公开：补正通知在收到申请后7个工作日内发出"
_DAY_COLUMNS = ("received", "clock_start", "deadline", "closed")


#: How many applications a check's evidence lists (the detail gives the full count).
EVIDENCE_ROWS = 50


#: The column a caller may add to ``reply_deadlines``' frame: where each application is in the ledger
#: (台账.xlsx「依申请公开2023」第33行); the evidence then names it (``report.compute`` adds it).
SOURCE = "source"


def _sources(frame: pd.DataFrame) -> list[dict]:
    """The 来源 cell of each row, when the frame carries the ledger places."""
    return [{"来源": s} for s in frame[SOURCE]] if SOURCE in frame else [{}] * len(frame)


def overdue_rows(frame: pd.DataFrame, limit: int | None = None) -> list[dict]:
    """The overdue applications as reviewer rows (Chinese column names), most days late first."""
    late = frame[frame["status"].isin(OVERDUE)].sort_values(["working_days_late", "id"], ascending=[False, True], kind="stable")
    late = late.head(limit) if limit is not None else late
    days = {name: _iso_column(late[name]) for name in _DAY_COLUMNS}
    return [{"申请编号": i, "收到日期": r, "起算日": c, "答复期限": d, "办结日期": closed or "未办结", "状态": s,
             "逾期工作日": int(n) if n >= 0 else "—", **where}
            for i, r, c, d, closed, s, n, where in zip(late["id"], days["received"], days["clock_start"], days["deadline"],
                                                       days["closed"], late["status"].astype(object), late["working_days_late"],
                                                       _sources(late))]


def check_deadlines(frame: pd.DataFrame):
    """D1: no overdue reply and no application open past its deadline."""
    if frame.empty:
        return Check("D1", D1, None, "本年度没有需要答复的申请。")
    rows = overdue_rows(frame, EVIDENCE_ROWS)
    unknown = frame[frame["status"] == UNCHECKED]
    if rows:
        late, still_open = (int((frame["status"] == s).sum()) for s in OVERDUE)
        detail = f"逾期答复{late}件，未办结且已逾期{still_open}件。请核对台账日期；确属逾期的，应在第五部分说明原因和整改措施。"
        if late + still_open > len(rows):
            detail += f"下表列出逾期最多的{len(rows)}件，全部见答复时限表。"
        return Check("D1", D1, False, detail, evidence=table(list(rows[0]), [list(r.values()) for r in rows]))
    if len(unknown):
        return unchecked("D1", D1, f"{len(unknown)}件申请无法核对：{unknown['reason'].iloc[0]}")
    return Check("D1", D1, True, f"{len(frame)}件申请均在法定期限内答复或尚未到期。")


def check_correction_notices(frame: pd.DataFrame):
    """D2 (warning): every 补正 notice within 7 working days of receipt."""
    noticed = frame[frame["notice"].notna()]
    if noticed.empty:
        return Check("D2", D2, None, "本年度没有发出补正通知的申请。", level="warning")
    late = noticed[noticed["notice_late"]]
    total = len(late)
    late = late.head(EVIDENCE_ROWS)
    if late.empty:
        return Check("D2", D2, True, f"{len(noticed)}件补正通知均在7个工作日内发出。", level="warning")
    rows = [[r.id, _iso(r.received), _iso(r.notice_deadline), _iso(r.notice), int(r.notice_working_day), *where.values()]
            for r, where in zip(late.itertuples(index=False), _sources(late))]
    return Check("D2", D2, False, f"{total}件申请的补正通知晚于收到申请后第7个工作日。", level="warning",
                 evidence=table(["申请编号", "收到日期", "补正通知期限", "补正通知日期", "收到后第几个工作日"]
                                + (["来源"] if SOURCE in late else []), rows))
