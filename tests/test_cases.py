"""The cases behind every cell: case lists agree with the counts, partition the totals, and match a
naive per-record classification; the labelled frames and ``ctx.cases`` on the sample."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import APPLICANTS, CASE_TYPES, FORMATS, OUTCOME_ROW, RESULTS, application, case, labels, make_ledgers

from gk_helpers import compute
from gk_helpers.base.errors import ParamsError
from gk_helpers.notebook import prepare

ROOT = Path(__file__).resolve().parents[1]


def naive_section3_ids(apps, year, fmt):
    """Each application's cells, decided record by record with the design card's words (ids A0, A1, …)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    table = {label: [[] for _ in range(7)] for label in labels(fmt)}
    for number, a in enumerate(apps):
        rows = []
        received, closed = a["received"], a["closed"]
        if start <= received <= end:
            rows.append("一、本年新收政府信息公开申请数量")
        if received < start and (closed is None or closed >= start):
            rows.append("二、上年结转政府信息公开申请数量")
        if closed is not None and start <= closed <= end:
            rows += [OUTCOME_ROW[a["outcome"]][fmt == "2021"], "（七）总计"]
        if received <= end and (closed is None or closed > end):
            rows.append("四、结转下年度继续办理")
        for row in rows:
            table[row][APPLICANTS.index(a["applicant"])].append(f"A{number}")
            table[row][6].append(f"A{number}")
    return [[label, [sorted(ids) for ids in cells]] for label, cells in table.items()]


def naive_section4_ids(cases, year):
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cells = [[] for _ in range(15)]
    for number, c in enumerate(cases):
        received, decided = c["received"], c["decided"]
        if start <= received <= end or (received < start and (decided is None or decided >= start)):
            group = CASE_TYPES.index(c["type"])
            result = RESULTS.index(c["result"]) if decided is not None and start <= decided <= end else 3
            cells[group * 5 + result].append(f"C{number}")
            cells[group * 5 + 4].append(f"C{number}")
    return [sorted(ids) for ids in cells]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(apps=st.lists(application(), max_size=40), cases=st.lists(case(), max_size=15),
       year=st.integers(2018, 2024), fmt=FORMATS, drop_optional=st.booleans())
def test_case_lists_match_counts_partition_totals_and_naive_classification(apps, cases, year, fmt, drop_optional):
    report = compute(make_ledgers(apps, cases, drop_optional), year, fmt=fmt)
    listed = report.to_dict(cases=True)["cases"]

    # section 三: each list's length is its cell; a row's six applicant lists partition its 总计
    assert [label for label, _ in listed["section3"]] == [label for label, _ in report.section3_rows]
    for (label, values), (_, lists) in zip(report.section3_rows, listed["section3"]):
        assert [len(ids) for ids in lists] == values
        assert all(ids == sorted(ids) for ids in lists)
        six = [i for ids in lists[:6] for i in ids]
        assert len(six) == len(set(six)) and sorted(six) == lists[6]
    assert listed["section3"] == naive_section3_ids(apps, year, fmt)

    # section 四: 15 entries in the official order, each list's length its cell, the four partition 总计
    names = [name for name, _ in listed["section4"]]
    assert names[:5] == ["行政复议-结果维持", "行政复议-结果纠正", "行政复议-其他结果", "行政复议-尚未审结", "行政复议-总计"]
    assert names[5] == "未经复议直接起诉-结果维持" and names[14] == "复议后起诉-总计"
    lists4 = [ids for _, ids in listed["section4"]]
    assert [len(ids) for ids in lists4] == [int(v) for v in report.section4]
    for g in range(3):
        four = [i for ids in lists4[g * 5:g * 5 + 4] for i in ids]
        assert len(four) == len(set(four)) and sorted(four) == lists4[g * 5 + 4]
    assert lists4 == naive_section4_ids(cases, year)


def test_cases_json_shape_has_every_cell_even_empty():
    report = compute(make_ledgers([], [], False), 2022, fmt="2021")
    listed = report.to_dict(cases=True)["cases"]
    assert list(listed) == ["section3", "section4", "section2"]
    assert all(lists == [[]] * 7 for _, lists in listed["section3"]) and len(listed["section3"]) == 25
    assert listed["section4"] == [[name, []] for name, _ in listed["section4"]] and len(listed["section4"]) == 15
    assert listed["section2"]["第二十条第（一）项"] == {
        "规章": {"本年制发件数": [], "本年废止件数": [], "现行有效件数": []},
        "行政规范性文件": {"本年制发件数": [], "本年废止件数": [], "现行有效件数": []}}
    assert "cases" not in report.to_dict()


# --- on the bundled sample ------------------------------------------------------------------

@pytest.fixture(scope="module")
def ctx():
    return prepare(str(ROOT / "params" / "南召县" / "云阳镇" / "2022.yaml"))


def test_table3_is_labelled_with_the_row_hierarchy_and_seven_columns(ctx):
    t = ctx.table3
    assert list(t.columns) == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    assert t.index.names == ["部分", "类别", "项目"]
    assert t.index[0] == ("一、本年新收政府信息公开申请数量", "", "")
    assert ("三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息") in t.index
    assert ("三、本年度办理结果", "（七）总计", "") in t.index
    assert t.to_numpy().tolist() == ctx.data.section3.tolist()
    assert t.xs("（四）无法提供", level="类别").shape == (3, 7)


def test_table4_and_table2_frames(ctx):
    t4 = ctx.table4
    assert t4.columns.names == ["类别", "结果"]
    assert list(t4.columns.get_level_values(0).unique()) == ["行政复议", "未经复议直接起诉", "复议后起诉"]
    assert t4.loc["件数", ("行政复议", "总计")] == int(ctx.data.section4[4])
    t2 = ctx.table2
    assert list(t2) == list(ctx.data.section2)
    first = t2["第二十条第（一）项"]
    assert list(first.columns) == ["本年制发件数", "本年废止件数", "现行有效件数"]
    assert list(first.index) == ["规章", "行政规范性文件"] and first.index.name == "信息内容"


def test_ledger_frames_carry_chinese_headers_and_source(ctx):
    apps = ctx.ledger("依申请公开")
    assert list(apps.columns[:5]) == ["申请编号", "收到日期", "申请人类型", "办结日期", "办理结果"]
    assert list(apps.columns[-3:]) == ["来源文件", "工作表", "行号"]
    assert apps["行号"].min() == 2
    with pytest.raises(ParamsError, match="未知的台账种类「申请」。可用：依申请公开、复议诉讼"):
        ctx.ledger("申请")


def test_cases_behind_a_cell_with_file_sheet_and_row(ctx):
    listed = dict(ctx.data.to_dict(cases=True)["cases"]["section3"])
    for r, (label, values) in enumerate(ctx.data.section3_rows):
        for c, column in enumerate(ctx.table3.columns):
            rows = ctx.cases("三", label, column)
            assert len(rows) == values[c]
            assert rows["申请编号"].tolist() == listed[label][c]
    label, values = next((label, v) for label, v in ctx.data.section3_rows if label.startswith("（一）") and v[6])
    rows = ctx.cases("三", label, "总计")
    apps = ctx.ledger("依申请公开").set_index("申请编号")
    for record in rows.itertuples(index=False):
        assert record.办理结果 == "予以公开" and record.办结日期.year == 2022
        assert apps.loc[record.申请编号, "行号"] == record.行号
    assert set(rows["来源文件"]) | set(rows["工作表"]) <= {"台账.xlsx", "依申请公开", "依申请公开.csv", ""}
    # a table3 index key names the row too
    by_key = ctx.cases("三", ("三、本年度办理结果", "（一）予以公开", ""), "总计")
    assert by_key.equals(rows) and len(rows) == values[6]


def test_cases_of_sections_four_and_two(ctx):
    four = ctx.cases("四", "行政复议", "总计")
    assert len(four) == int(ctx.data.section4[4])
    two = ctx.cases("二", "行政规范性文件", "现行有效件数")
    assert len(two) == ctx.data.section2["第二十条第（一）项"]["rows"]["行政规范性文件"][2]
    assert list(two.columns[:3]) == ["文号", "名称", "类别"]


@pytest.mark.parametrize("args, message", [
    (("五", "x", "y"), "部分「五」无效：只有第二、三、四部分有表格"),
    (("三", "（四）无法提供", "自然人"), "第三部分的行「（四）无法提供」不存在。可用：一、本年新收政府信息公开申请数量、"),
    (("三", "（七）总计", "公民"), "第三部分的列「公民」不存在。可用：自然人、商业企业"),
    (("四", "行政诉讼", "总计"), "第四部分的类别「行政诉讼」不存在。可用：行政复议、未经复议直接起诉、复议后起诉"),
    (("二", "行政许可", "本年新制作数量"), "第二十条第（五）项的列「本年新制作数量」不存在。可用：本年处理决定数量"),
])
def test_unknown_cell_names_what_exists(ctx, args, message):
    with pytest.raises(ParamsError) as info:
        ctx.cases(*args)
    assert str(info.value).startswith(message)


def test_context_repr_is_compact_and_html(ctx):
    text = repr(ctx)
    assert text.startswith("<ReportContext 报告: 南召县云阳镇 2022年（2021 格式）") and len(text) < 600
    assert "ctx.cases" in text
    html = ctx._repr_html_()
    assert html.startswith("<table class='gk-context'>") and len(html) < 1500
    assert repr(ctx.data).startswith("<ReportData 2022年 2021格式") and len(repr(ctx.data)) < 200


def test_gk_tables_json_cases_is_the_report_shape():
    folder = ROOT / "data" / "sample" / "南召县" / "云阳镇"
    run = lambda *extra: subprocess.run([sys.executable, "-m", "gk_helpers.cli", "tables", str(folder), "--year", "2022", *extra],  # noqa: E731
                                        capture_output=True, text=True, encoding="utf-8")
    data = json.loads(run("--json", "--cases").stdout)
    plain = json.loads(run("--json").stdout)
    assert {k: v for k, v in data.items() if k != "cases"} == plain
    assert [label for label, _ in data["cases"]["section3"]] == [label for label, _ in plain["section3"]]
    assert [[len(ids) for ids in lists] for _, lists in data["cases"]["section3"]] == [v for _, v in plain["section3"]]
    refused = run("--cases")
    assert refused.returncode == 2
    assert refused.stderr == "参数错误：--cases 只能与 --json 一起使用（如 gk tables 台账目录 --year 2022 --json --cases）。\n"


def test_section2_case_lists_match_every_count_cell(ctx):
    listed = ctx.data.to_dict(cases=True)["cases"]["section2"]
    assert list(listed) == list(ctx.data.section2)
    checked = 0
    for item, block in ctx.data.section2.items():
        for label, values in block["rows"].items():
            for column, value in zip(block["columns"], values):
                ids = listed[item][label][column]
                assert ids == sorted(ids)
                if column.endswith(("数量", "件数")) and "增" not in column and "金额" not in column:
                    assert len(ids) == value, (item, label, column)
                    checked += 1
    assert checked >= 6
    fees = listed["第二十条第（八）项"]["行政事业性收费"]["本年收费金额（单位：万元）"]
    assert fees and all(i.startswith("第") and i.endswith("行") for i in fees)
