"""The reviewer panel reads as tables and sentences: evidence never JSON, failed checks first, swings flagged."""

import pytest
from bs4 import BeautifulSoup

from gk_helpers.count.checks import Check
from gk_helpers.count.trend import Change, swing
from gk_helpers.render.evidence import evidence_html, from_numbers
from gk_helpers.render.panel import Panel, checks_html, ordered, panel_html, trend_html


def _table(html):
    table = BeautifulSoup(html, "html.parser").find("table")
    return [[c.get_text() for c in row.find_all(["th", "td"])] for row in table.find_all("tr")]


def test_nested_numbers_become_a_table():
    evidence = from_numbers({"自然人": {"一": 2, "二": 0}, "总计": {"一": 3, "二": 1}})
    assert evidence == {"columns": ["", "一", "二"], "rows": [["自然人", 2, 0], ["总计", 3, 1]]}
    assert _table(evidence_html(evidence)) == [["", "一", "二"], ["自然人", "2", "0"], ["总计", "3", "1"]]


def test_lists_get_named_columns_by_length_and_flat_numbers_a_sentence():
    evidence = from_numbers({"行政复议": [1, 0, 0, 0, 1]}, {5: ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")})
    assert _table(evidence_html(evidence)) == [["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"], ["行政复议", "1", "0", "0", "0", "1"]]
    assert from_numbers({"逾期未缴费不再处理": 0, "收费通知": 2}) == {"text": "逾期未缴费不再处理 0；收费通知 2。"}
    assert evidence_html({"text": "a<b"}) == '<p class="gk-evidence">a&lt;b</p>'
    assert from_numbers({}) is None and evidence_html(None) == ""


def test_checks_failed_first_and_no_json_anywhere():
    checks = [Check("R1", "甲", True, "", {"自然人": {"一": 1}}), Check("R5", "乙", None, "台账未覆盖2019年"),
              Check("R8", "丙", False, "不相等的组：行政复议", {"行政复议": [1, 0, 0, 0, 2]})]
    assert [c.id for c in ordered(checks)] == ["R8", "R1", "R5"]
    html = checks_html(checks)
    assert "{" not in html and "[" not in html
    rows = BeautifulSoup(html, "html.parser").select("table.gk-checks > tbody > tr")
    assert [r.find("td").get_text() for r in rows if r["class"][0].startswith("gk-check-")] == ["R8", "R1", "R5"]
    assert rows[0]["class"] == ["gk-check-fail"] and rows[1]["class"] == ["gk-evidence-row"]  # evidence under its check
    assert _table(str(rows[1].select_one("table.gk-evidence")))[1] == ["行政复议", "1", "0", "0", "0", "2"]


def test_checks_with_their_own_evidence_use_it():
    evidence = {"columns": ["部分", "句子"], "rows": [["一", "全年受理45条"]]}
    html = checks_html([Check("P1", "文字中的数字与表格一致", False, "", {"x": 1}, evidence=evidence)])
    evidence = BeautifulSoup(html, "html.parser").select_one("table.gk-evidence")
    assert _table(str(evidence)) == [["部分", "句子"], ["一", "全年受理45条"]]


@pytest.mark.parametrize("current, previous, flag", [
    (13, 4, "增至上年的3.2倍"), (12, 4, ""), (10, 0, "由0增至10"), (9, 0, ""), (3, 12, "降至上年的25%"), (4, 12, ""), (0, 0, ""),
])
def test_swings(current, previous, flag):
    assert swing(current, previous) == flag


def test_trend_block_flags_in_words():
    html = trend_html([Change("本年新收申请", 13, 4, "增至上年的3.2倍"), Change("行政复议", 0, 0)], "上年数字按同一台账计算（2021年）", 2022)
    assert _table(html) == [["项目", "2022年", "2021年", "变化", "提示"], ["本年新收申请", "13", "4", "+9", "⚠ 变化较大：增至上年的3.2倍"],
                            ["行政复议", "0", "0", "+0", ""]]
    assert "变化较大的 1 项请核实" in html
    assert trend_html([], "台账未覆盖2019年，无法比较", 2020) == "<p>台账未覆盖2019年，无法比较。</p>"


def test_panel_lists_versions_and_is_marked_not_part_of_the_report():
    html = panel_html(Panel([], [], [], [("报告年度", "2022")], {"python": "3.11.7", "pandas": "2.2.0", "gk-report": "0.1.0",
                                                                    "source_hash": "abc"}, "2021", 2022))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("aside.gk-panel h2").get_text() == "审核面板（供审核人员使用，不属于报告正文）"
    versions = {r.th.get_text(): r.td.get_text() for r in soup.select("table.gk-versions tr")}
    assert versions == {"Python": "3.11.7", "pandas": "2.2.0", "工具包 gk-report": "0.1.0", "工具包源代码哈希": "abc"}
