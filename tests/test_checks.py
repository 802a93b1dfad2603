"""Each check passing on a consistent table and failing, with its detail and numbers, on a tampered one."""

import csv
import datetime as dt

import numpy as np
import pytest

from gk_helpers import compute, load_ledgers
from gk_helpers.count import checks as ck
from gk_helpers.base.formats import section3_rows
from gk_helpers.base.errors import ParamsError

TODAY = dt.date(2026, 1, 1)


def table(fmt, cells):
    """A section 三 array from {row label: [6 applicant values]}; 总计 column summed."""
    labels = [r.label for r in section3_rows(fmt)]
    s3 = np.zeros((len(labels), 7), dtype=np.int64)
    for label, values in cells.items():
        s3[labels.index(label), :6] = values
    s3[:, 6] = s3[:, :6].sum(axis=1)
    return s3


UNPAID = "（六）其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
GOOD_2021 = {
    "一、本年新收政府信息公开申请数量": [2, 1, 0, 0, 0, 0],
    "二、上年结转政府信息公开申请数量": [1, 0, 0, 0, 0, 1],
    "（一）予以公开": [2, 0, 0, 0, 0, 0],
    UNPAID: [0, 1, 0, 0, 0, 0],
    "（三）不予公开/1.属于国家秘密": [0, 0, 0, 0, 0, 1],
    "（七）总计": [2, 1, 0, 0, 0, 1],
    "四、结转下年度继续办理": [1, 0, 0, 0, 0, 0],
}
GOOD_2019 = {
    "一、本年新收政府信息公开申请数量": [0, 0, 3, 0, 0, 0],
    "（六）其他处理": [0, 0, 2, 0, 0, 0],
    "（七）总计": [0, 0, 2, 0, 0, 0],
    "四、结转下年度继续办理": [0, 0, 1, 0, 0, 0],
}


def row(fmt, label):
    return [r.label for r in section3_rows(fmt)].index(label)


@pytest.mark.parametrize("fmt, cells", [("2021", GOOD_2021), ("2019", GOOD_2019)])
@pytest.mark.parametrize("check", [ck.check_r1, ck.check_r2, ck.check_r3])
def test_section3_checks_pass(fmt, cells, check):
    result = check(table(fmt, cells), fmt)
    assert (result.passed, result.status, result.detail) == (True, "通过", "")


def test_r1_numbers():
    result = ck.check_r1(table("2021", GOOD_2021), "2021")
    assert result.id == "R1"
    assert result.numbers["自然人"] == {"一": 2, "二": 1, "（七）总计": 2, "四": 1}
    assert result.numbers["总计"] == {"一": 3, "二": 2, "（七）总计": 4, "四": 1}


def test_r1_fails_on_tampered_received():
    s3 = table("2021", GOOD_2021)
    s3[0, 1] += 1  # 商业企业 一 (the 总计 column left alone)
    result = ck.check_r1(s3, "2021")
    assert (result.passed, result.status) == (False, "不通过")
    assert result.detail == "不相等的列：商业企业"
    assert result.numbers["商业企业"] == {"一": 2, "二": 0, "（七）总计": 1, "四": 0}


def test_r1_fails_on_tampered_carried_forward_in_several_columns():
    s3 = table("2019", GOOD_2019)
    s3[-1, 2] = 0
    s3[-1, 6] = 5
    result = ck.check_r1(s3, "2019")
    assert result.detail == "不相等的列：科研机构、总计"
    assert result.numbers["总计"] == {"一": 3, "二": 0, "（七）总计": 2, "四": 5}


def test_r2_fails_when_total_is_not_the_sum_of_outcomes():
    s3 = table("2021", GOOD_2021)
    s3[row("2021", "（五）不予处理/2.重复申请"), [0, 6]] += 1
    result = ck.check_r2(s3, "2021")
    assert result.passed is False
    assert result.detail == "不相等的列：自然人、总计"
    assert result.numbers["自然人"] == {"各办理结果之和": 3, "（七）总计": 2}
    assert result.numbers["商业企业"] == {"各办理结果之和": 1, "（七）总计": 1}


def test_r2_counts_the_single_other_row_in_2019():
    s3 = table("2019", GOOD_2019)
    s3[row("2019", "（七）总计"), 2] = 0
    result = ck.check_r2(s3, "2019")
    assert result.detail == "不相等的列：科研机构"
    assert result.numbers["科研机构"] == {"各办理结果之和": 2, "（七）总计": 0}


def test_r3_fails_on_a_row_total():
    s3 = table("2021", GOOD_2021)
    s3[row("2021", "（三）不予公开/1.属于国家秘密"), 6] = 0
    s3[row("2021", UNPAID), 6] = 7
    result = ck.check_r3(s3, "2021")
    assert result.passed is False
    assert result.detail == f"不相等的行：（三）不予公开/1.属于国家秘密、{UNPAID}"
    assert result.numbers == {"不相等的行数": 2}


def test_r3_passes_numbers():
    assert ck.check_r3(table("2019", GOOD_2019), "2019").numbers == {"不相等的行数": 0}


# --- section 四 ---------------------------------------------------------------------------


def test_r8_passes():
    result = ck.check_r8(np.array([1, 0, 2, 1, 4, 0, 0, 0, 0, 0, 1, 1, 1, 1, 4]))
    assert (result.id, result.passed, result.detail) == ("R8", True, "")
    assert result.numbers == {"行政复议": [1, 0, 2, 1, 4], "未经复议直接起诉": [0, 0, 0, 0, 0], "复议后起诉": [1, 1, 1, 1, 4]}


def test_r8_fails_when_group_total_is_zero():
    # 金湖县 2023: 直接起诉 2+0+1+0 printed with 总计 0
    result = ck.check_r8(np.array([0, 0, 0, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0]))
    assert result.passed is False
    assert result.detail == "不相等的组：未经复议直接起诉"
    assert result.numbers["未经复议直接起诉"] == [2, 0, 1, 0, 0]


def test_r8_lists_every_bad_group():
    result = ck.check_r8(np.array([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]))
    assert result.detail == "不相等的组：行政复议、复议后起诉"


# --- R5 -----------------------------------------------------------------------------------


def test_r5_passes_and_fails_on_arrays():
    s3 = table("2021", GOOD_2021)
    good = ck.check_r5(s3, "2021", [1, 0, 0, 0, 0, 1, 2], "上年数据来自上年报告")
    assert (good.passed, good.detail) == (True, "上年数据来自上年报告")
    assert good.numbers == {"本年上年结转": [1, 0, 0, 0, 0, 1, 2], "上年结转下年度": [1, 0, 0, 0, 0, 1, 2]}
    bad = ck.check_r5(s3, "2021", [1, 1, 0, 0, 0, 1, 3], "上年数据来自上年报告")
    assert bad.passed is False
    assert bad.detail == "不相等的列：商业企业、总计；上年数据来自上年报告"
    assert bad.numbers["上年结转下年度"] == [1, 1, 0, 0, 0, 1, 3]


def test_r5_skipped_without_previous():
    result = ck.check_r5(table("2019", GOOD_2019), "2019", None, "台账未覆盖2019年，跳过跨年度核对")
    assert (result.passed, result.status, result.detail, result.numbers) == (None, "不适用", "台账未覆盖2019年，跳过跨年度核对", {})


def write(folder, kind, header, rows):
    with open(folder / f"{kind}.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(rows)


APPLICATION_HEADER = ["申请编号", "收到日期", "申请人类型", "办结日期", "办理结果", "收费通知金额（元）", "实收金额（元）"]


def applications(folder, rows):
    write(folder, "依申请公开", APPLICATION_HEADER, [list(r) + [""] * (7 - len(r)) for r in rows])
    return load_ledgers(folder, today=TODAY)


def r5(report):
    return next(c for c in report.checks if c.id == "R5")


def test_r5_skipped_when_ledger_starts_in_the_year(tmp_path):
    led = applications(tmp_path, [("A1", "2021-01-01", "自然人"), ("A2", "2021-06-01", "其他")])
    result = r5(compute(led, 2021))
    assert (result.passed, result.detail) == (None, "台账未覆盖2020年，跳过跨年度核对")


def test_r5_skipped_without_application_ledger(tmp_path):
    write(tmp_path, "热线工单", ["工单编号", "受理日期"], [("H1", "2021-01-01")])
    result = r5(compute(load_ledgers(tmp_path, today=TODAY), 2021))
    assert (result.passed, result.detail) == (None, "未提供依申请公开台账，跳过跨年度核对")


def test_r5_from_the_ledger_when_it_covers_last_year(tmp_path):
    led = applications(
        tmp_path,
        [("A1", "2020-12-31", "自然人"), ("A2", "2020-03-01", "商业企业", "2021-02-01", "予以公开"), ("A3", "2021-01-05", "其他")],
    )
    result = r5(compute(led, 2021))
    assert (result.passed, result.detail) == (True, "上年数据按同一台账计算（2020年）")
    assert result.numbers == {"本年上年结转": [1, 1, 0, 0, 0, 0, 2], "上年结转下年度": [1, 1, 0, 0, 0, 0, 2]}


def test_r5_against_last_years_published_figure(tmp_path):
    led = applications(tmp_path, [("A1", "2020-12-31", "自然人"), ("A2", "2021-01-05", "其他")])
    same = r5(compute(led, 2021, previous_carried_forward=[1, 0, 0, 0, 0, 0, 1]))
    assert (same.passed, same.detail) == (True, "上年数据来自上年报告")
    differs = r5(compute(led, 2021, previous_carried_forward=[0, 0, 0, 0, 0, 2, 2]))
    assert differs.passed is False
    assert differs.detail == "不相等的列：自然人、其他、总计；上年数据来自上年报告"
    assert differs.numbers == {"本年上年结转": [1, 0, 0, 0, 0, 0, 1], "上年结转下年度": [0, 0, 0, 0, 0, 2, 2]}
    # A published figure is used even when the ledger does not reach back to last year.
    led_new = applications(tmp_path, [("A2", "2021-01-05", "其他")])
    assert r5(compute(led_new, 2021, previous_carried_forward=[0] * 7)).passed is True


def test_r5_previous_figure_must_have_seven_numbers(tmp_path):
    led = applications(tmp_path, [("A1", "2020-12-31", "自然人")])
    with pytest.raises(ParamsError, match="应为7个数（自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计），实际为6个"):
        compute(led, 2021, previous_carried_forward=[1, 0, 0, 0, 0, 0])


# --- G1 规章 = 0 --------------------------------------------------------------------------

DOCUMENT_HEADER = ["文号", "名称", "类别", "制发日期", "公开日期", "废止日期"]


@pytest.mark.parametrize("year", [2020, 2021])
def test_g1_passes_without_regulations(tmp_path, year):
    write(tmp_path, "规范性文件", DOCUMENT_HEADER, [("D1", "甲", "行政规范性文件", f"{year}-03-01", f"{year}-03-02", "")])
    result = next(c for c in compute(load_ledgers(tmp_path, today=TODAY), year).checks if c.id == "G1")
    assert (result.passed, result.detail) == (True, "")
    assert result.numbers == {"规章": [0, 0, 0]}


@pytest.mark.parametrize("year, numbers", [(2020, [1, 1, 1]), (2021, [1, 0, 1])])
def test_g1_fails_for_a_township_with_a_regulation(tmp_path, year, numbers):
    write(tmp_path, "规范性文件", DOCUMENT_HEADER, [("D1", "内部管理办法", "规章", f"{year}-03-01", f"{year}-03-02", "")])
    result = next(c for c in compute(load_ledgers(tmp_path, today=TODAY), year).checks if c.id == "G1")
    assert (result.passed, result.status) == (False, "不通过")
    assert result.detail == "规章行不为0：请核对规范性文件台账的“类别”（内部制度不是规章）"
    assert result.numbers == {"规章": numbers}


@pytest.mark.parametrize("level, passed", [("乡镇", False), ("街道", False), ("县级", False), ("市级", None)])
def test_g1_by_level(tmp_path, level, passed):
    write(tmp_path, "规范性文件", DOCUMENT_HEADER, [("D1", "办法", "规章", "2021-03-01", "", "")])
    report = compute(load_ledgers(tmp_path, today=TODAY), 2021, level=level)
    result = next(c for c in report.checks if c.id == "G1")
    assert result.passed is passed
    if passed is None:
        assert (result.status, result.detail) == ("不适用", "机关层级为「市级」，不适用")


def test_g1_on_section2_dict():
    s2 = {"第二十条第（一）项": {"columns": ["a", "b", "c"], "rows": {"规章": [0, 0, 2], "行政规范性文件": [5, 0, 5]}}}
    assert ck.check_no_regulations(s2, "乡镇").passed is False
    s2["第二十条第（一）项"]["rows"]["规章"] = [0, 0, 0]
    assert ck.check_no_regulations(s2, "乡镇").passed is True


# --- N4 unpaid-fee closures ---------------------------------------------------------------


def test_n4_on_arrays():
    s3 = table("2021", GOOD_2021)  # one unpaid-fee closure
    assert ck.check_unpaid_fees(s3, "2021", 1).passed is True
    bad = ck.check_unpaid_fees(s3, "2021", 0)
    assert (bad.id, bad.passed) == ("N4", False)
    assert bad.numbers == {"逾期未缴费不再处理": 1, "收费通知": 0}
    assert "逾期未缴费不再处理1件，多于发出收费通知的申请0件" in bad.detail
    skipped = ck.check_unpaid_fees(table("2019", GOOD_2019), "2019", 0)
    assert (skipped.passed, skipped.detail) == (None, "2019 格式不单列此项")


UNPAID_OUTCOME = "其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"


def test_n4_counts_notices_on_applications_carried_in(tmp_path):
    """A notice sent in December, the application closed unpaid in January: N4 holds next year."""
    led = applications(
        tmp_path,
        [
            ("A1", "2021-12-20", "自然人", "2022-01-25", UNPAID_OUTCOME, "100", "0"),
            ("A2", "2022-03-01", "自然人", "2022-03-05", "予以公开", "", ""),
        ],
    )
    result = next(c for c in compute(led, 2022).checks if c.id == "N4")
    assert result.passed is True
    assert result.numbers == {"逾期未缴费不再处理": 1, "收费通知": 1}


def test_n4_fails_without_any_notice(tmp_path):
    led = applications(tmp_path, [("A1", "2022-01-20", "商业企业", "2022-03-25", UNPAID_OUTCOME, "", "")])
    result = next(c for c in compute(led, 2022).checks if c.id == "N4")
    assert result.passed is False
    assert result.numbers == {"逾期未缴费不再处理": 1, "收费通知": 0}


# --- the check panel as a whole -----------------------------------------------------------


def test_compute_runs_every_check_in_order(tmp_path):
    led = applications(tmp_path, [("A1", "2020-12-31", "自然人", "2021-01-20", "予以公开"),
                                  ("A2", "2021-01-05", "其他", "2021-02-01", "部分公开")])
    report = compute(led, 2021)
    assert [c.id for c in report.checks] == ["R1", "R2", "R3", "R5", "R8", "G1", "N4", "C1", "C2", "D1", "D2"]
    assert report.failed_checks == []
    assert {c.id: c.to_dict()["status"] for c in report.checks if c.to_dict()["status"] != "通过"} == {
        "C1": "未核对", "C2": "未核对", "D2": "不适用"}


def test_check_to_dict():
    result = ck.check_r8(np.zeros(15, dtype=int))
    assert result.to_dict() == {
        "id": "R8",
        "description": "第四部分每组：总计＝结果维持＋结果纠正＋其他结果＋尚未审结",
        "passed": True,
        "detail": "",
        "numbers": {"行政复议": [0] * 5, "未经复议直接起诉": [0] * 5, "复议后起诉": [0] * 5},
        "level": "fail",
        "result": "",
        "evidence": None,
        "status": "通过",
    }


ALL_KINDS = ["依申请公开", "复议诉讼", "规范性文件", "行政执法", "权责事项", "行政事业性收费", "政府集中采购", "热线工单"]


@pytest.mark.parametrize(
    "year, unused",
    [(2021, ("权责事项", "政府集中采购")), (2020, ("行政事业性收费",))],
)
def test_warnings_list_every_missing_ledger_the_format_uses(tmp_path, year, unused):
    led = applications(tmp_path, [("A1", "2020-12-31", "自然人")])
    warnings = compute(led, year).warnings
    expected = [k for k in ALL_KINDS[1:] if k not in unused]
    assert len(warnings) == len(expected)
    for kind, warning in zip(expected, warnings):
        assert warning.startswith(f"未提供{kind}台账，相关单元格按0计")


def test_no_missing_ledger_warning_when_all_present(tmp_path):
    write(tmp_path, "复议诉讼", ["案件编号", "案件类型", "收到日期"], [])
    write(tmp_path, "规范性文件", DOCUMENT_HEADER, [])
    write(tmp_path, "行政执法", ["决定编号", "类别", "决定日期"], [])
    write(tmp_path, "权责事项", ["事项编码", "事项名称", "类别", "设立日期"], [])
    write(tmp_path, "行政事业性收费", ["收费日期", "项目", "金额（元）"], [])
    write(tmp_path, "政府集中采购", ["项目编号", "采购日期", "金额（元）"], [])
    write(tmp_path, "热线工单", ["工单编号", "受理日期"], [])
    led = applications(tmp_path, [])
    assert [w for w in compute(led, 2021).warnings if w.startswith("未提供")] == []
