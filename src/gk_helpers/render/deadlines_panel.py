"""The review page's 答复时限 block: every application of the year against its reply deadline."""

from __future__ import annotations

import pandas as pd

from ..count.deadlines import OPEN_OVERDUE, LATE, STATUSES, UNCHECKED
from .html import part

#: Overdue first, then what cannot be checked, then the rest.
_ORDER = {LATE: 0, OPEN_OVERDUE: 1, UNCHECKED: 2}
_CLASS = {LATE: "fail", OPEN_OVERDUE: "fail", UNCHECKED: "unchecked"}
COLUMNS = ("申请编号", "申请方式", "收到日期", "起算日", "答复期限", "办结日期", "状态", "逾期工作日", "补正通知")


def _day(value) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).date().isoformat()


#: How many applications the table lists before it says "…另有 N 件".
ROW_CAP = 200


def deadline_table_rows(frame: pd.DataFrame | None, cap: int | None = ROW_CAP) -> list[dict]:
    """The rows of the 答复时限 table, overdue first (most working days late first), then by id."""
    if frame is None or frame.empty:
        return []
    order = frame.assign(_rank=frame["status"].astype(object).map(_ORDER).fillna(3), _late=-frame["working_days_late"])
    order = order.sort_values(["_rank", "_late", "id"], kind="stable").head(cap)
    rows = []
    for r in order.itertuples(index=False):
        notice = ""
        if not pd.isna(r.notice):
            notice = _day(r.notice) + (f"（第{r.notice_working_day}个工作日，超过7个工作日）" if r.notice_late else "")
        rows.append({
            "申请编号": r.id, "申请方式": r.channel or "", "收到日期": _day(r.received), "起算日": _day(r.clock_start),
            "答复期限": _day(r.deadline) + ("（已延期）" if r.extended and _day(r.deadline) else ""),
            "办结日期": _day(r.closed) or ("未办结" + (f"（{_day(r.closed_later)}办结，计入次年）" if _day(r.closed_later) else "")),
            "状态": r.status,
            "逾期工作日": int(r.working_days_late) if r.status == LATE else "",
            "补正通知": notice, "_reason": r.reason,
        })
    return rows


def deadlines_html(frame: pd.DataFrame | None) -> str:
    """The 答复时限 block: status counts, then one row per application, overdue ones first.

    Markup: ``review/deadlines.html.j2``.
    """
    rows = deadline_table_rows(frame)
    if not rows:
        return part("review/deadlines", rows=[])
    counts = frame["status"].value_counts()
    summary = "，".join(f"{s}{int(counts.get(s, 0))}件" for s in STATUSES if counts.get(s, 0))
    late_notices = int(frame["notice_late"].sum())
    if late_notices:
        summary += f"；补正通知超过7个工作日{late_notices}件"
    shown = [{"cells": [str(r[c]) for c in COLUMNS], "reason": r["_reason"],
              "css": ("gk-deadline-" + _CLASS[r["状态"]]) if r["状态"] in _CLASS else ""} for r in rows]
    notes = sorted({r["_reason"] for r in rows if r["_reason"]})
    return part("review/deadlines", rows=shown, columns=COLUMNS, summary=summary, notes=notes, more=len(frame) - len(rows))
