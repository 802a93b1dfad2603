"""The review page's 答复时限 block and the checks' evidence as HTML (never JSON)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from bs4 import BeautifulSoup

from gk_helpers.count.deadlines import WorkCalendar, reply_deadlines
from gk_helpers.notebook import panel, prepare
from gk_helpers.render.deadlines_panel import deadlines_html
from gk_helpers.render.evidence import evidence_html, evidence_text

ROOT = Path(__file__).resolve().parents[1]


def test_overdue_first_then_by_id():
    frame = pd.DataFrame({"id": ["A", "B", "C", "D"], "applicant": "自然人",
                          "received": pd.to_datetime(["2023-01-16", "2023-01-16", "2023-01-16", "2023-12-20"]),
                          "closed": pd.to_datetime(["2023-02-01", "2023-02-20", "2023-03-01", None])})
    soup = BeautifulSoup(deadlines_html(reply_deadlines(frame, 2023)), "html.parser")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("tbody tr")]
    assert [r[0] for r in rows] == ["C", "B", "A", "D"]
    assert rows[0] == ["C", "", "2023-01-16", "2023-01-16", "2023-02-16", "2023-03-01", "逾期答复", "9", ""]
    assert rows[3][5:7] == ["未办结", "未办结、未到期"]
    assert soup.select_one(".gk-summary").get_text().startswith("按期答复1件，逾期答复2件，未办结、未到期1件。")
    assert [tr.get("class") for tr in soup.select("tbody tr")][:2] == [["gk-deadline-fail"], ["gk-deadline-fail"]]


def test_empty_year():
    assert "本年度没有需要答复的申请。" in deadlines_html(None)


def test_evidence_is_a_table_or_a_sentence():
    table = BeautifulSoup(evidence_html({"columns": ["甲", "乙"], "rows": [[1, None]]}), "html.parser")
    assert [th.get_text() for th in table.select("th")] == ["甲", "乙"] and [td.get_text() for td in table.select("td")] == ["1", "—"]
    assert evidence_html({"text": "<b>"}) == '<p class="gk-evidence">&lt;b&gt;</p>'
    assert evidence_text({"columns": ["甲", "乙"], "rows": [[1, None]]}) == ["甲｜乙", "1｜—"]


def test_review_panel_of_the_sample_shows_the_late_reply_and_readable_evidence():
    ctx = prepare(params_file=str(ROOT / "params" / "南召县" / "云阳镇" / "2023.yaml"))
    soup = BeautifulSoup(panel(ctx), "html.parser")
    late = soup.select(".gk-deadline-table tbody tr")[0]
    assert [td.get_text() for td in late.find_all("td")][2:8] == ["2023-01-16", "2023-01-16", "2023-02-16", "2023-02-20", "逾期答复", "2"]
    d1 = next(tr for tr in soup.select(".gk-checks > tbody > tr") if tr.td.get_text() == "D1")
    evidence = d1.find_next_sibling("tr")
    assert d1.select_one(".status").get_text() == "不通过" and "gk-evidence-row" in evidence["class"]
    assert [th.get_text() for th in evidence.select("table.gk-evidence th")][:4] == ["申请编号", "收到日期", "起算日", "答复期限"]
    assert "{" not in evidence.get_text()  # evidence as a table, not JSON


def test_a_year_the_calendar_does_not_know_is_said_in_the_panel():
    year = WorkCalendar.from_chinesecalendar().last_year + 1
    frame = pd.DataFrame({"id": ["A"], "applicant": "自然人", "received": pd.to_datetime([f"{year}-03-02"]),
                          "closed": pd.to_datetime([f"{year}-03-20"])})
    soup = BeautifulSoup(deadlines_html(reply_deadlines(frame, year, today=dt.date(year + 1, 1, 1))), "html.parser")
    assert soup.select_one(".gk-note").get_text().startswith(f"{year}年的放假和调休安排未知")
    row = soup.select_one("tbody tr")
    assert row["class"] == ["gk-deadline-unchecked"] and [td.get_text() for td in row.find_all("td")][6] == "无法核对"
