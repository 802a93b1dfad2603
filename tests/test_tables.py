"""Counting rules of sections 二, 三 and 四 on tiny ledgers written as CSV files in tmp_path."""


import pytest
from builders import HEADERS, TODAY
from builders import csv_ledgers as ledgers
from builders import write_csv as write

from gk_helpers import compute, load_ledgers
from gk_helpers.base.formats import section3_rows
from gk_helpers.count.tables import section2, section3, section4
from gk_helpers.base.errors import ParamsError


def s3(report):
    """Section 三 of a ReportData as {row label: [7 ints]}."""
    return dict(report.section3_rows)


def s4(report):
    """Section 四 as the three groups of five."""
    values = [int(v) for v in report.section4]
    return {"行政复议": values[0:5], "直接起诉": values[5:10], "复议后起诉": values[10:15]}


Z = [0] * 7
RECEIVED, CARRIED_OVER = "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"
CLOSED, CARRIED_FORWARD = "（七）总计", "四、结转下年度继续办理"
DISCLOSED, PARTIAL = "（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
REPEAT = "（五）不予处理/2.重复申请"

# --- section 三: which year ---------------------------------------------------------------

EDGE_APPLICATIONS = [
    ("A1", "2019-12-31", "自然人", "2020-01-01", "予以公开"),
    ("A2", "2020-12-31", "商业企业"),
    ("A3", "2020-03-01", "科研机构", "2020-12-31", "部分公开"),
    ("A4", "2019-06-01", "自然人", "2019-12-31", "予以公开"),
    ("A5", "2021-01-01", "其他"),
    ("A6", "2018-05-05", "社会公益组织"),
    ("A7", "2020-06-01", "法律服务机构", "2021-01-01", "不予处理-重复申请"),
]


@pytest.fixture
def edge(tmp_path):
    return ledgers(tmp_path, 依申请公开=EDGE_APPLICATIONS)


def test_section3_edge_dates_2020(edge):
    table = s3(compute(edge, 2020))
    assert table[RECEIVED] == [0, 1, 1, 0, 1, 0, 3]  # A2 (31 Dec), A3, A7
    assert table[CARRIED_OVER] == [1, 0, 0, 1, 0, 0, 2]  # A1 (31 Dec → 1 Jan), A6 (open since 2018)
    assert table[DISCLOSED] == [1, 0, 0, 0, 0, 0, 1]  # A1 closed 1 Jan; A4 closed the year before
    assert table[PARTIAL] == [0, 0, 1, 0, 0, 0, 1]  # A3 closed exactly 31 Dec
    assert table[REPEAT] == Z  # A7 is closed in the next year
    assert table[CLOSED] == [1, 0, 1, 0, 0, 0, 2]
    assert table[CARRIED_FORWARD] == [0, 1, 0, 1, 1, 0, 3]  # A2, A6, A7


def test_section3_edge_dates_2019(edge):
    table = s3(compute(edge, 2019))
    assert table[RECEIVED] == [2, 0, 0, 0, 0, 0, 2]  # A1 (31 Dec), A4
    assert table[CARRIED_OVER] == [0, 0, 0, 1, 0, 0, 1]  # A6
    assert table[DISCLOSED] == [1, 0, 0, 0, 0, 0, 1]  # A4 closed exactly 31 Dec
    assert table[CLOSED] == [1, 0, 0, 0, 0, 0, 1]
    assert table[CARRIED_FORWARD] == [1, 0, 0, 1, 0, 0, 2]  # A1 (received 31 Dec, closed 1 Jan), A6


def test_section3_edge_dates_2021(edge):
    table = s3(compute(edge, 2021))
    assert table[RECEIVED] == [0, 0, 0, 0, 0, 1, 1]  # A5 received 1 Jan
    assert table[CARRIED_OVER] == [0, 1, 0, 1, 1, 0, 3]  # A2, A6, A7; A3 closed 31 Dec is not carried
    assert table[REPEAT] == [0, 0, 0, 0, 1, 0, 1]  # A7 closed 1 Jan
    assert table[PARTIAL] == Z
    assert table[CLOSED] == [0, 0, 0, 0, 1, 0, 1]
    assert table[CARRIED_FORWARD] == [0, 1, 0, 1, 0, 1, 3]  # A2, A6, A5


def test_section3_carry_over_chain(edge):
    """This year's 二 is last year's 四, column by column, for every year of the ledger."""
    for year in range(2018, 2023):
        assert s3(compute(edge, year))[CARRIED_OVER] == s3(compute(edge, year - 1))[CARRIED_FORWARD]


def test_section3_year_without_cases(edge):
    table = s3(compute(edge, 2016))
    assert all(values == Z for values in table.values())


def test_applicant_columns_and_total(tmp_path):
    types = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    rows = [(f"A{i}{k}", "2020-05-05", t) for i, t in enumerate(types) for k in range(i + 1)]
    table = s3(compute(ledgers(tmp_path, 依申请公开=rows), 2020))
    assert table[RECEIVED] == [1, 2, 3, 4, 5, 6, 21]
    assert table[CARRIED_FORWARD] == [1, 2, 3, 4, 5, 6, 21]
    assert table[CLOSED] == Z


def test_applicant_spellings(tmp_path):
    rows = [("A1", "2020-05-05", " 自然人 "), ("A2", "2020-05-05", "法律服务机构"), ("A3", "2020-05-05", "其他")]
    assert s3(compute(ledgers(tmp_path, 依申请公开=rows), 2020))[RECEIVED] == [1, 0, 0, 0, 1, 1, 3]


# --- section 三: which row -------------------------------------------------------------------

OUTCOME_ROWS = [
    # ledger value, 2019 row label, 2021 row label
    ("予以公开", DISCLOSED, DISCLOSED),
    ("部分公开", PARTIAL, PARTIAL),
    ("不予公开-属于国家秘密", "（三）不予公开/1.属于国家秘密", "（三）不予公开/1.属于国家秘密"),
    ("不予公开-其他法律行政法规禁止公开", "（三）不予公开/2.其他法律行政法规禁止公开", "（三）不予公开/2.其他法律行政法规禁止公开"),
    ("不予公开-危及“三安全一稳定”", "（三）不予公开/3.危及“三安全一稳定”", "（三）不予公开/3.危及“三安全一稳定”"),
    ("不予公开-保护第三方合法权益", "（三）不予公开/4.保护第三方合法权益", "（三）不予公开/4.保护第三方合法权益"),
    ("不予公开-属于三类内部事务信息", "（三）不予公开/5.属于三类内部事务信息", "（三）不予公开/5.属于三类内部事务信息"),
    ("不予公开-属于四类过程性信息", "（三）不予公开/6.属于四类过程性信息", "（三）不予公开/6.属于四类过程性信息"),
    ("不予公开-属于行政执法案卷", "（三）不予公开/7.属于行政执法案卷", "（三）不予公开/7.属于行政执法案卷"),
    ("不予公开-属于行政查询事项", "（三）不予公开/8.属于行政查询事项", "（三）不予公开/8.属于行政查询事项"),
    ("无法提供-本机关不掌握相关政府信息", "（四）无法提供/1.本机关不掌握相关政府信息", "（四）无法提供/1.本机关不掌握相关政府信息"),
    ("无法提供-没有现成信息需要另行制作", "（四）无法提供/2.没有现成信息需要另行制作", "（四）无法提供/2.没有现成信息需要另行制作"),
    ("无法提供-补正后申请内容仍不明确", "（四）无法提供/3.补正后申请内容仍不明确", "（四）无法提供/3.补正后申请内容仍不明确"),
    ("不予处理-信访举报投诉类申请", "（五）不予处理/1.信访举报投诉类申请", "（五）不予处理/1.信访举报投诉类申请"),
    ("不予处理-重复申请", REPEAT, REPEAT),
    ("不予处理-要求提供公开出版物", "（五）不予处理/3.要求提供公开出版物", "（五）不予处理/3.要求提供公开出版物"),
    ("不予处理-无正当理由大量反复申请", "（五）不予处理/4.无正当理由大量反复申请", "（五）不予处理/4.无正当理由大量反复申请"),
    (
        "不予处理-要求行政机关确认或重新出具已获取信息",
        "（五）不予处理/5.要求行政机关确认或重新出具已获取信息",
        "（五）不予处理/5.要求行政机关确认或重新出具已获取信息",
    ),
    (
        "其他处理-申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "（六）其他处理",
        "（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "（六）其他处理",
        "（六）其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("其他处理-其他", "（六）其他处理", "（六）其他处理/3.其他"),
]


@pytest.mark.parametrize("fmt", ["2019", "2021"])
@pytest.mark.parametrize("outcome, label_2019, label_2021", OUTCOME_ROWS, ids=[o for o, _, _ in OUTCOME_ROWS])
def test_every_outcome_row(tmp_path, fmt, outcome, label_2019, label_2021):
    led = ledgers(tmp_path, 依申请公开=[("A1", "2020-02-01", "商业企业", "2020-03-01", outcome)])
    table = s3(compute(led, 2020, fmt=fmt))
    label = label_2019 if fmt == "2019" else label_2021
    one = [0, 1, 0, 0, 0, 0, 1]
    assert table[label] == one
    assert table[CLOSED] == one
    assert table[RECEIVED] == one
    assert table[CARRIED_FORWARD] == Z
    assert [k for k, v in table.items() if v != Z] == [RECEIVED, label, CLOSED]


@pytest.mark.parametrize("fmt, count", [("2019", 3), ("2021", 1)])
def test_other_handling_leaves_collapse_in_2019(tmp_path, fmt, count):
    rows = [
        ("A1", "2020-02-01", "自然人", "2020-03-01", "其他处理-申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ("A2", "2020-02-01", "自然人", "2020-03-01", "其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("A3", "2020-02-01", "自然人", "2020-03-01", "其他处理-其他"),
    ]
    table = s3(compute(ledgers(tmp_path, 依申请公开=rows), 2020, fmt=fmt))
    first = "（六）其他处理" if fmt == "2019" else "（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert table[first] == [count, 0, 0, 0, 0, 0, count]
    assert table[CLOSED] == [3, 0, 0, 0, 0, 0, 3]


def test_bare_leaf_outcome_counts_in_its_row(tmp_path):
    led = ledgers(tmp_path, 依申请公开=[("A1", "2020-02-01", "自然人", "2020-03-01", "属于国家秘密")])
    assert s3(compute(led, 2020))["（三）不予公开/1.属于国家秘密"] == [1, 0, 0, 0, 0, 0, 1]


@pytest.mark.parametrize("fmt, rows", [("2019", 23), ("2021", 25)])
def test_section3_shape(edge, fmt, rows):
    table = section3(edge["applications"], 2020, fmt)
    assert table.shape == (rows, 7)
    assert [label for label, _ in compute(edge, 2020, fmt=fmt).section3_rows] == [r.label for r in section3_rows(fmt)]


def test_optional_columns_may_be_absent(tmp_path):
    """A ledger with only the required columns: nothing is closed, everything is carried forward."""
    write(tmp_path, "依申请公开", [("A1", "2020-01-02", "自然人"), ("A2", "2019-05-05", "其他")], header=HEADERS["依申请公开"][:3])
    write(tmp_path, "复议诉讼", [("C1", "行政复议", "2020-01-02")], header=HEADERS["复议诉讼"][:3])
    write(tmp_path, "规范性文件", [("D1", "名", "行政规范性文件", "2020-01-02")], header=HEADERS["规范性文件"][:4])
    write(tmp_path, "权责事项", [("P1", "名", "行政许可", "2019-01-02")], header=HEADERS["权责事项"][:4])
    write(tmp_path, "热线工单", [("H1", "2020-01-02")], header=HEADERS["热线工单"][:2])
    report = compute(load_ledgers(tmp_path, today=TODAY), 2020)
    table = s3(report)
    assert table[RECEIVED] == [1, 0, 0, 0, 0, 0, 1]
    assert table[CARRIED_OVER] == [0, 0, 0, 0, 0, 1, 1]
    assert table[CARRIED_FORWARD] == [1, 0, 0, 0, 0, 1, 2]
    assert s4(report)["行政复议"] == [0, 0, 0, 1, 1]
    assert report.section2["第二十条第（一）项"]["rows"]["规范性文件"] == [1, 0, 0]
    assert report.section2["第二十条第（五）项"]["rows"]["行政许可"] == [1, 0, 0]
    assert (report.stats["hotline_received"], report.stats["hotline_closed"], report.stats["hotline_closed_on_time"]) == (1, 0, 0)
    # Nothing is closed: both applications are open past their deadlines (D1), every other check holds.
    assert [c.id for c in report.checks if c.passed is False] == ["D1"]


def test_header_only_ledgers(tmp_path):
    report = compute(ledgers(tmp_path, 依申请公开=[], 复议诉讼=[]), 2021)
    assert all(values == Z for values in s3(report).values())
    assert report.section4.tolist() == [0] * 15


# --- section 四 ---------------------------------------------------------------------------

CASES = [
    ("C1", "行政复议", "2020-03-01", "2020-05-01", "维持"),
    ("C2", "行政复议", "2019-11-01", "2020-01-01", "纠正"),  # carried in, decided 1 Jan
    ("C3", "行政复议", "2019-03-01", "2019-12-31", "维持"),  # concluded before the year
    ("C4", "直接起诉", "2020-12-31"),  # received 31 Dec, pending
    ("C5", "直接起诉", "2020-04-01", "2021-01-01", "其他"),  # decided after the year
    ("C6", "复议后起诉", "2018-01-01"),  # pending for years
    ("C7", "复议后起诉", "2020-02-02", "2020-12-31", "其他"),  # decided exactly 31 Dec
    ("C8", "复议后起诉", "2021-01-01"),  # received after the year
    ("C9", "未经复议直接起诉", "2019-01-01", "2020-06-30", "结果纠正"),
]


@pytest.mark.parametrize(
    "year, expected",
    [
        (2020, {"行政复议": [1, 1, 0, 0, 2], "直接起诉": [0, 1, 0, 2, 3], "复议后起诉": [0, 0, 1, 1, 2]}),
        (2019, {"行政复议": [1, 0, 0, 1, 2], "直接起诉": [0, 0, 0, 1, 1], "复议后起诉": [0, 0, 0, 1, 1]}),
        (2021, {"行政复议": [0, 0, 0, 0, 0], "直接起诉": [0, 0, 1, 1, 2], "复议后起诉": [0, 0, 0, 2, 2]}),
        (2017, {"行政复议": [0] * 5, "直接起诉": [0] * 5, "复议后起诉": [0] * 5}),
    ],
)
def test_section4(tmp_path, year, expected):
    assert s4(compute(ledgers(tmp_path, 复议诉讼=CASES), year)) == expected


def test_section4_is_15_numbers(tmp_path):
    led = ledgers(tmp_path, 复议诉讼=CASES)
    assert section4(led["cases"], 2020).tolist() == [1, 1, 0, 0, 2, 0, 1, 0, 2, 3, 0, 0, 1, 1, 2]


# --- section 二 ---------------------------------------------------------------------------


def test_section2_2021(tmp_path):
    led = ledgers(
        tmp_path,
        规范性文件=[
            ("D1", "内部制度", "规章", "2022-03-01"),
            ("D2", "甲", "行政规范性文件", "2021-05-01", "", "2022-06-01"),
            ("D3", "乙", "规范性文件", "2022-12-31"),
            ("D4", "丙", "行政规范性文件", "2020-01-01", "2020-01-02", "2023-01-01"),
            ("D5", "丁", "行政规范性文件", "2023-01-01"),
            ("D6", "戊", "行政规范性文件", "2019-01-01", "", "2022-12-31"),
        ],
        行政执法=[
            ("E1", "行政许可", "2022-01-01"),
            ("E2", "行政许可", "2022-12-31"),
            ("E3", "行政许可", "2021-12-31"),
            ("E4", "行政处罚", "2022-05-05"),
            ("E5", "行政强制", "2023-01-01"),
            ("E6", "其他对外管理服务事项", "2022-02-02"),
        ],
        行政事业性收费=[("2022-01-01", "工本费", "12345.67"), ("2022-12-31", "工本费", "1000"), ("2021-12-31", "工本费", "500")],
    )
    assert compute(led, 2022).section2 == {
        "第二十条第（一）项": {"columns": ["本年制发件数", "本年废止件数", "现行有效件数"], "rows": {"规章": [1, 0, 1], "行政规范性文件": [1, 2, 2]}},
        "第二十条第（五）项": {"columns": ["本年处理决定数量"], "rows": {"行政许可": [2]}},
        "第二十条第（六）项": {"columns": ["本年处理决定数量"], "rows": {"行政处罚": [1], "行政强制": [0]}},
        "第二十条第（八）项": {"columns": ["本年收费金额（单位：万元）"], "rows": {"行政事业性收费": [1.3346]}},
    }


def test_section2_2021_fee_amount_four_decimals(tmp_path):
    led = ledgers(tmp_path, 行政事业性收费=[("2021-03-01", "费", "0.1"), ("2021-03-02", "费", "0.2"), ("2021-04-01", "费", "3")])
    assert section2(led, 2021, "2021")["第二十条第（八）项"]["rows"]["行政事业性收费"] == [0.0003]


def test_section2_2019(tmp_path):
    led = ledgers(
        tmp_path,
        规范性文件=[
            ("F1", "甲", "规范性文件", "2020-02-01", "2020-02-10"),
            ("F2", "乙", "规范性文件", "2019-12-20", "2020-01-05"),
            ("F3", "丙", "行政规范性文件", "2019-03-01", "2019-03-05"),
            ("F4", "丁", "规范性文件", "2020-12-01", "2021-01-04"),
            ("F5", "戊", "规范性文件", "2020-06-01"),
        ],
        权责事项=[
            ("P1", "许可一", "行政许可", "2015-01-01"),
            ("P2", "许可二", "行政许可", "2019-12-31"),
            ("P3", "许可三", "行政许可", "2020-03-01"),
            ("P4", "许可四", "行政许可", "2018-01-01", "2020-12-31"),
            ("P5", "许可五", "行政许可", "2018-01-01", "2019-12-31"),
            ("P6", "许可六", "行政许可", "2020-07-01"),
            ("Q1", "处罚一", "行政处罚", "2010-01-01", "2020-05-01"),
            ("Q2", "处罚二", "行政处罚", "2010-01-01", "2020-06-01"),
            ("Q3", "处罚三", "行政处罚", "2010-01-01"),
            ("R1", "收费一", "行政事业性收费", "2016-01-01"),
            ("S1", "强制一", "行政强制", "2021-01-01"),
        ],
        行政执法=[
            ("E1", "行政许可", "2020-01-01"),
            ("E2", "行政许可", "2020-12-31"),
            ("E3", "其他对外管理服务事项", "2020-08-08"),
            ("E4", "行政强制", "2020-09-09"),
            ("E5", "行政强制", "2019-09-09"),
        ],
        政府集中采购=[("G1", "2020-01-01", "100000"), ("G2", "2020-12-31", "25000.55"), ("G3", "2021-01-01", "99999")],
    )
    assert compute(led, 2020).section2 == {
        "第二十条第（一）项": {
            "columns": ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
            "rows": {"规章": [0, 0, 0], "规范性文件": [3, 2, 3]},
        },
        "第二十条第（五）项": {
            "columns": ["上一年项目数量", "本年增/减", "处理决定数量"],
            "rows": {"行政许可": [3, 1, 2], "其他对外管理服务事项": [0, 0, 1]},
        },
        "第二十条第（六）项": {
            "columns": ["上一年项目数量", "本年增/减", "处理决定数量"],
            "rows": {"行政处罚": [3, -2, 0], "行政强制": [0, 0, 1]},
        },
        "第二十条第（八）项": {"columns": ["上一年项目数量", "本年增/减"], "rows": {"行政事业性收费": [1, 0]}},
        "第二十条第（九）项": {"columns": ["采购项目数量", "采购总金额（万元）"], "rows": {"政府集中采购": [2, 12.5001]}},
    }


def test_section2_2019_item_counts_carry_over(tmp_path):
    """Next year's 上一年项目数量 = this year's 上一年项目数量 + 本年增/减."""
    led = ledgers(
        tmp_path,
        权责事项=[
            ("P1", "一", "行政处罚", "2017-01-01", "2019-06-30"),
            ("P2", "二", "行政处罚", "2018-05-01"),
            ("P3", "三", "行政处罚", "2019-01-01", "2020-01-01"),
            ("P4", "四", "行政处罚", "2020-02-02"),
        ],
    )
    rows = [section2(led, y, "2019")["第二十条第（六）项"]["rows"]["行政处罚"] for y in (2018, 2019, 2020)]
    assert rows == [[1, 1, 0], [2, 0, 0], [2, 0, 0]]
    for (prev, change, _), (nxt, _, _) in zip(rows, rows[1:]):
        assert prev + change == nxt


def test_section2_empty_without_ledgers(tmp_path):
    led = ledgers(tmp_path, 依申请公开=[])
    assert compute(led, 2020).section2["第二十条第（九）项"]["rows"] == {"政府集中采购": [0, 0.0]}
    assert compute(led, 2021).section2["第二十条第（八）项"]["rows"] == {"行政事业性收费": [0.0]}


# --- format by year ---------------------------------------------------------------------------


@pytest.mark.parametrize("year, fmt, rows", [(2019, "2019", 23), (2020, "2019", 23), (2021, "2021", 25), (2024, "2021", 25)])
def test_format_chosen_by_year(edge, year, fmt, rows):
    report = compute(edge, year)
    assert report.format == fmt
    assert len(report.section3_rows) == rows
    items = ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert list(report.section2) == items + ["第二十条第（九）项"] * (fmt == "2019")


def test_format_override(edge):
    report = compute(edge, 2020, fmt="2021")
    assert (report.format, len(report.section3_rows)) == ("2021", 25)
    assert s3(report)[PARTIAL] == [0, 0, 1, 0, 0, 0, 1]
    assert compute(edge, 2023, fmt="2019").format == "2019"


def test_bad_format_override(edge):
    with pytest.raises(ParamsError, match="2019（试行格式）或 2021（修订格式）"):
        compute(edge, 2020, fmt="2020")


def test_to_dict_shape(edge):
    data = compute(edge, 2021).to_dict()
    assert list(data) == ["year", "format", "section2", "section3", "section4", "checks", "stats", "warnings", "notes", "deadlines"]
    assert data["section3"][0] == [RECEIVED, [0, 0, 0, 0, 0, 1, 1]]
    assert len(data["section4"]) == 15
