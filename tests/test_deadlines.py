"""Reply deadlines (spec/deadlines.md): the worked examples, every status, and the counting properties."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gk_helpers.cli import main as gk_main
from gk_helpers.count.deadlines import (
    WorkCalendar,
    check_correction_notices,
    check_deadlines,
    deadline_records,
    reply_deadlines,
)

CAL = WorkCalendar.from_chinesecalendar()
D = np.datetime64


def nth(start: str, n: int) -> str:
    return str(CAL.add_working_days(np.array([start], "datetime64[D]"), n)[0])


def apps(*rows, **columns) -> pd.DataFrame:
    """Applications (id, received, closed) plus optional columns given as lists."""
    frame = pd.DataFrame(rows, columns=["id", "received", "closed"])
    for name in ("received", "closed", "correction_notice", "correction_received"):
        if name in frame or name in columns:
            frame[name] = pd.to_datetime(columns.get(name, frame.get(name)))
    for name in ("extended", "consultation_days", "channel"):
        if name in columns:
            frame[name] = columns[name]
    frame["applicant"] = "自然人"
    return frame


# --- the worked examples of spec/deadlines.md --------------------------------------------

def test_spring_festival_2023_example():
    days = [nth("2023-01-16", n) for n in range(1, 8)]
    assert days == ["2023-01-17", "2023-01-18", "2023-01-19", "2023-01-20", "2023-01-28", "2023-01-29", "2023-01-30"]
    assert nth("2023-01-16", 20) == "2023-02-16"
    assert nth("2023-01-16", 40) == "2023-03-16"  # with 延期


def test_national_day_2024_example():
    days = [nth("2024-09-27", n) for n in range(1, 8)]
    assert days == ["2024-09-29", "2024-09-30", "2024-10-08", "2024-10-09", "2024-10-10", "2024-10-11", "2024-10-12"]
    assert nth("2024-09-27", 20) == "2024-10-30"


def test_the_issue_example_in_json():
    frame = reply_deadlines(apps(("YSQ2023001", "2023-01-16", "2023-02-20")), 2023)
    assert deadline_records(frame) == [{"id": "YSQ2023001", "received": "2023-01-16", "clock_start": "2023-01-16",
                                        "deadline": "2023-02-16", "closed": "2023-02-20", "status": "逾期答复",
                                        "working_days_late": 2}]


# --- statuses ----------------------------------------------------------------------------

def test_every_status_and_how_the_clock_moves():
    frame = reply_deadlines(apps(
        ("A-on-time", "2023-01-16", "2023-02-16"),
        ("B-extended", "2023-01-16", "2023-03-16"),
        ("C-consulted", "2023-01-16", "2023-03-01"),
        ("D-corrected", "2023-03-01", "2023-04-20"),
        ("E-waiting", "2023-05-04", None),
        ("F-open-late", "2023-11-01", None),
        ("G-open", "2023-12-20", None),
        ("H-carried-in", "2022-12-28", "2023-02-02"),
        ("I-last-year", "2022-03-01", "2022-03-20"),
        extended=["否", "是", "否", "否", "否", "否", "否", "否", "否"], consultation_days=[0, 0, 10, 0, 0, 0, 0, 0, 0],
        correction_notice=[None, None, None, "2023-03-03", "2023-05-05", None, None, None, None],
        correction_received=[None, None, None, "2023-03-22", None, None, None, None, None]), 2023)
    rows = {r["id"]: r for r in deadline_records(frame)}
    assert "I-last-year" not in rows  # closed before 2023: not counted in 2023's section 三
    assert [rows[i]["status"] for i in sorted(rows)] == [
        "按期答复", "按期答复", "按期答复", "按期答复", "未办结、未到期", "未办结且已逾期", "未办结、未到期", "逾期答复"]
    assert rows["B-extended"]["deadline"] == "2023-03-16"
    assert rows["C-consulted"]["deadline"] == nth("2023-01-16", 30)
    assert (rows["D-corrected"]["clock_start"], rows["D-corrected"]["deadline"]) == ("2023-03-22", nth("2023-03-22", 20))
    assert (rows["E-waiting"]["clock_start"], rows["E-waiting"]["deadline"]) == (None, None)
    assert rows["F-open-late"]["working_days_late"] is None and rows["F-open-late"]["closed"] is None
    assert rows["G-open"]["deadline"] == "2024-01-18"  # the clock runs on into next year's calendar
    assert rows["H-carried-in"] == {"id": "H-carried-in", "received": "2022-12-28", "clock_start": "2022-12-28",
                                    "deadline": "2023-01-31", "closed": "2023-02-02", "status": "逾期答复", "working_days_late": 2}


def test_current_year_open_applications_are_judged_against_today():
    frame = apps(("A", "2023-11-01", None))
    assert deadline_records(reply_deadlines(frame, 2023, today=dt.date(2023, 11, 20)))[0]["status"] == "未办结、未到期"
    assert deadline_records(reply_deadlines(frame, 2023, today=dt.date(2023, 12, 20)))[0]["status"] == "未办结且已逾期"


def test_a_year_the_calendar_does_not_know_is_unchecked_with_the_reason():
    last = CAL.last_year
    frame = reply_deadlines(apps(("A", f"{last + 1}-03-02", f"{last + 1}-03-20")), last + 1)
    row = deadline_records(frame)[0]
    assert (row["status"], row["deadline"], row["working_days_late"]) == ("无法核对", None, None)
    assert frame["reason"][0] == (f"{last + 1}年的放假和调休安排未知（chinesecalendar 只收录 2004–{last} 年）。请升级 chinesecalendar"
                                  f"（每年11月国务院公布次年安排后更新），或在参数文件的 calendar: 中填写 {last + 1} 年的 holidays 和 workdays。")
    check = check_deadlines(frame)
    assert (check.status, check.detail) == ("未核对", "1件申请无法核对：" + frame["reason"][0])


def test_params_can_supply_a_missing_year():
    last = CAL.last_year + 1
    saturday = next(dt.date(last, 3, d) for d in range(1, 8) if dt.date(last, 3, d).weekday() == 5)
    monday = saturday + dt.timedelta(days=2)
    calendar = WorkCalendar.from_chinesecalendar(holidays=[monday.isoformat()], workdays=[saturday.isoformat()])
    assert calendar.covers(np.array([f"{last}-06-01"], "datetime64[D]"))[0]
    assert calendar.is_working_day(np.array([saturday, monday], "datetime64[D]")).tolist() == [True, False]
    row = deadline_records(reply_deadlines(apps(("A", f"{last}-03-02", f"{last}-03-20")), last, calendar))[0]
    assert row["status"] == "按期答复" and row["deadline"] is not None


# --- D1, D2 ------------------------------------------------------------------------------

def test_d1_lists_the_overdue_applications_most_late_first():
    frame = reply_deadlines(apps(("A", "2023-01-16", "2023-02-20"), ("B", "2023-01-16", "2023-03-01"),
                                 ("C", "2023-01-16", "2023-02-01")), 2023)
    check = check_deadlines(frame)
    assert (check.id, check.status, check.level) == ("D1", "不通过", "fail")
    assert check.detail == "逾期答复2件，未办结且已逾期0件。请核对台账日期；确属逾期的，应在第五部分说明原因和整改措施。"
    assert check.evidence == {"columns": ["申请编号", "收到日期", "起算日", "答复期限", "办结日期", "状态", "逾期工作日"],
                              "rows": [["B", "2023-01-16", "2023-01-16", "2023-02-16", "2023-03-01", "逾期答复", 9],
                                       ["A", "2023-01-16", "2023-01-16", "2023-02-16", "2023-02-20", "逾期答复", 2]]}
    assert check_deadlines(frame[frame["id"] == "C"]).status == "通过"
    assert check_deadlines(frame.iloc[:0]).status == "不适用"


def test_d2_flags_a_correction_notice_sent_on_the_ninth_working_day():
    frame = reply_deadlines(apps(("A", "2022-03-07", "2022-04-15"), ("B", "2022-03-07", "2022-04-15"),
                                 correction_notice=["2022-03-18", "2022-03-16"],
                                 correction_received=["2022-03-25", "2022-03-25"]), 2022)
    check = check_correction_notices(frame)
    assert (check.id, check.status, check.level) == ("D2", "提示", "warning")
    assert check.evidence == {"columns": ["申请编号", "收到日期", "补正通知期限", "补正通知日期", "收到后第几个工作日"],
                              "rows": [["A", "2022-03-07", "2022-03-16", "2022-03-18", 9]]}
    assert check_correction_notices(frame[frame["id"] == "B"]).status == "通过"


# --- properties --------------------------------------------------------------------------

DAYS = st.dates(dt.date(2005, 1, 1), dt.date(2025, 10, 1))


@settings(max_examples=200, deadline=None)
@given(DAYS, st.integers(1, 80))
def test_a_deadline_is_always_a_working_day(start, n):
    deadline = CAL.add_working_days(np.array([start], "datetime64[D]"), n)
    assert CAL.is_working_day(deadline)[0]
    assert CAL.working_days_between(np.array([start], "datetime64[D]"), deadline)[0] == n


@settings(max_examples=80, deadline=None)
@given(DAYS, st.integers(0, 60), st.booleans(), st.integers(0, 15))
@example(dt.date(2017, 10, 1), 60, False, 0)  # the later reply falls in the next year
def test_a_later_reply_never_turns_late_into_on_time(received, took, extended, consulted):
    closed = CAL.add_working_days(np.array([received], "datetime64[D]"), max(took, 1))[0].astype(dt.date)
    later = CAL.add_working_days(np.array([closed], "datetime64[D]"), 1)[0].astype(dt.date)
    year = received.year

    def status(reply):
        frame = apps(("A", received.isoformat(), reply.isoformat()), extended=["是" if extended else "否"],
                     consultation_days=[consulted])
        row = deadline_records(reply_deadlines(frame, year))[0]
        return row["status"], row["working_days_late"]

    before, after = status(closed), status(later)
    if before[0] == "逾期答复" and later.year == year:
        assert after == ("逾期答复", before[1] + 1)
    if before[0] == "逾期答复" and later.year > year:  # a reply after the year is judged open at its end
        assert after == ("未办结且已逾期", None)
    if after[0] == "按期答复":
        assert before[0] == "按期答复"


def test_a_million_applications_take_no_loop():
    n = 200_000
    rng = np.random.default_rng(1)
    received = np.datetime64("2023-01-01") + rng.integers(0, 365, n).astype("timedelta64[D]")
    frame = pd.DataFrame({"id": np.arange(n).astype(str), "received": received.astype("datetime64[ns]"),
                          "closed": (received + rng.integers(1, 50, n).astype("timedelta64[D]")).astype("datetime64[ns]"),
                          "applicant": "自然人"})
    result = reply_deadlines(frame, 2023)
    assert len(result) == n and "无法核对" not in set(result["status"].astype(str))


def test_a_reply_after_the_year_is_judged_in_next_years_report():
    frame = apps(("A", "2023-12-20", "2024-02-01"), ("B", "2023-11-01", "2024-01-10"))
    y2023 = {r["id"]: r for r in deadline_records(reply_deadlines(frame, 2023))}
    assert (y2023["A"]["status"], y2023["A"]["closed"], y2023["A"]["deadline"]) == ("未办结、未到期", None, "2024-01-18")
    assert (y2023["B"]["status"], y2023["B"]["closed"]) == ("未办结且已逾期", None)  # due 2023-11-29, still open at year end
    y2024 = {r["id"]: r for r in deadline_records(reply_deadlines(frame, 2024))}
    assert (y2024["A"]["status"], y2024["A"]["working_days_late"]) == ("逾期答复", 10)
    assert y2024["B"]["status"] == "逾期答复"


def test_deadlines_flow_through_gk_tables_and_gk_check(capsys):
    ledger = str(Path(__file__).resolve().parents[1] / "data" / "sample" / "南召县" / "云阳镇")
    assert gk_main(["tables", ledger, "--year", "2023", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    late = [d for d in data["deadlines"] if d["status"] != "按期答复"]
    assert late == [{"id": "YSQ2023001", "received": "2023-01-16", "clock_start": "2023-01-16", "deadline": "2023-02-16",
                     "closed": "2023-02-20", "status": "逾期答复", "working_days_late": 2}]
    assert [d["id"] for d in data["deadlines"]] == sorted(d["id"] for d in data["deadlines"])
    d1 = next(c for c in data["checks"] if c["id"] == "D1")
    assert (d1["status"], d1["level"], d1["evidence"]["rows"][0][0]) == ("不通过", "fail", "YSQ2023001")
    gk_main(["check", ledger, "--year", "2023"])
    text = capsys.readouterr().out
    assert "  [不通过] D1 依申请公开：每件申请都在法定期限内答复" in text
    assert "      YSQ2023001｜2023-01-16｜2023-01-16｜2023-02-16｜2023-02-20｜逾期答复｜2" in text
