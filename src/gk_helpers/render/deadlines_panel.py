"""The review page's 答复时限 block: every application of the year against its reply deadline."""

from __future__ import annotations

from html import escape

import pandas as pd

from ..count.deadlines import OPEN_OVERDUE, LATE, STATUSES, UNCHECKED

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
    """The 答复时限 block: status counts, then one row per application, overdue ones first."""
    rows = deadline_table_rows(frame)
    if not rows:
        return '<section class="gk-deadlines"><h3>答复时限</h3><p>本年度没有需要答复的申请。</p></section>'
    counts = frame["status"].value_counts()
    summary = "，".join(f"{s}{int(counts.get(s, 0))}件" for s in STATUSES if counts.get(s, 0))
    late_notices = int(frame["notice_late"].sum())
    if late_notices:
        summary += f"；补正通知超过7个工作日{late_notices}件"
    head = "".join(f"<th>{c}</th>" for c in COLUMNS)
    body = "".join(
        f'<tr class="{("gk-deadline-" + _CLASS[r["状态"]]) if r["状态"] in _CLASS else ""}"'
        f'{" title=" + chr(34) + escape(r["_reason"]) + chr(34) if r["_reason"] else ""}>'
        + "".join(f"<td>{escape(str(r[c]))}</td>" for c in COLUMNS) + "</tr>"
        for r in rows
    )
    reasons = sorted({r["_reason"] for r in rows if r["_reason"]})
    notes = "".join(f'<p class="gk-note">{escape(t)}</p>' for t in reasons)
    more = len(frame) - len(rows)
    tail = f"<p>…另有 {more} 件未列出（完整数据见报告 JSON 的 deadlines）。</p>" if more else ""
    return (
        '<section class="gk-deadlines"><h3>答复时限</h3>'
        f'<p class="gk-summary">{escape(summary)}。期限按《政府信息公开条例》第三十三条：收到申请（或补正后的申请）次日起'
        "第20个工作日，延期另加20个工作日，征求意见的时间不计（工作日按国务院放假和调休安排）。</p>"
        f'{notes}<table class="gk-panel-table gk-deadline-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{tail}</section>'
    )
