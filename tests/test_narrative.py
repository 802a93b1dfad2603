"""Narrative statistics: every figure from the same computed data, under the counting rules."""


import numpy as np
import pytest
from builders import TODAY
from builders import csv_ledgers as ledgers

from gk_helpers import compute, load_ledgers
from gk_helpers.count.narrative import STATISTICS, statistics


def pick(stats, *keys):
    return {k: stats[k] for k in keys}


HOTLINE = ("hotline_received", "hotline_closed", "hotline_closed_on_time", "hotline_overdue_or_open")


def test_hotline(tmp_path):
    led = ledgers(
        tmp_path,
        热线工单=[
            ("H1", "2020-01-05", "2020-01-06", "2020-01-10"),  # on time
            ("H2", "2020-02-05", "2020-02-16", "2020-02-10"),  # late
            ("H3", "2020-12-30", "", "2021-01-10"),  # open
            ("H4", "2020-03-01", "2020-03-10", "2020-03-10"),  # closed on the deadline day: on time
            ("H5", "2019-12-31", "2020-01-02", "2020-01-05"),  # received last year
            ("H6", "2020-04-01", "2020-04-02", ""),  # no deadline: closed, not counted on time
            ("H7", "2021-01-01", "2021-01-01", "2021-01-02"),  # received next year
        ],
    )
    assert pick(compute(led, 2020).stats, *HOTLINE) == {
        "hotline_received": 5,
        "hotline_closed": 4,
        "hotline_closed_on_time": 2,
        "hotline_overdue_or_open": 3,
    }


def test_hotline_missing(tmp_path):
    led = ledgers(tmp_path, 依申请公开=[])
    assert pick(compute(led, 2020).stats, *HOTLINE) == dict.fromkeys(HOTLINE, 0)


UNPAID = "其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"


def test_fees(tmp_path):
    led = ledgers(
        tmp_path,
        依申请公开=[
            ("A1", "2021-02-01", "自然人", "2021-03-01", "予以公开", "100", "100"),
            ("A2", "2021-04-01", "商业企业", "2021-06-01", UNPAID, "200.5", "0"),
            ("A3", "2021-05-01", "自然人", "2021-05-02", "予以公开", "", ""),
            ("A4", "2021-05-01", "自然人", "2021-05-02", "予以公开", "0", "0"),
            ("A5", "2020-12-01", "自然人", "2021-01-02", "予以公开", "50", "50"),  # received last year
            ("A6", "2022-01-03", "自然人", "", "", "70", ""),  # received next year
        ],
    )
    stats = compute(led, 2021).stats
    assert pick(stats, "fee_notices", "fee_notice_amount", "fee_collected") == {
        "fee_notices": 2,
        "fee_notice_amount": 300.5,
        "fee_collected": 100.0,
    }
    assert stats["applications_other"] == 1


def test_fees_without_fee_columns(tmp_path):
    with open(tmp_path / "依申请公开.csv", "w", encoding="utf-8") as f:
        f.write("申请编号,收到日期,申请人类型\nA1,2021-01-01,自然人\n")
    stats = compute(load_ledgers(tmp_path, today=TODAY), 2021).stats
    assert pick(stats, "fee_notices", "fee_notice_amount", "fee_collected") == {"fee_notices": 0, "fee_notice_amount": 0.0, "fee_collected": 0.0}


OUTCOME_KEYS = (
    "applications_received",
    "applications_carried_over",
    "applications_closed",
    "applications_carried_forward",
    "applications_disclosed",
    "applications_partially_disclosed",
    "applications_withheld",
    "applications_unavailable",
    "applications_not_processed",
    "applications_other",
    "applications_by_natural_persons",
    "applications_by_organisations",
)
APPLICATIONS = [
    ("A1", "2019-11-01", "自然人", "2020-01-05", "予以公开"),
    ("A2", "2020-01-01", "自然人", "2020-02-01", "予以公开"),
    ("A3", "2020-01-02", "商业企业", "2020-02-01", "部分公开"),
    ("A4", "2020-01-03", "科研机构", "2020-02-01", "不予公开-属于国家秘密"),
    ("A5", "2020-01-04", "其他", "2020-02-01", "不予公开-属于行政查询事项"),
    ("A6", "2020-01-05", "自然人", "2020-02-01", "无法提供-本机关不掌握相关政府信息"),
    ("A7", "2020-01-06", "社会公益组织", "2020-02-01", "不予处理-重复申请"),
    ("A8", "2020-01-07", "自然人", "2020-02-01", "不予处理-信访举报投诉类申请"),
    ("A9", "2020-01-08", "法律服务机构", "2020-02-01", "不予处理-要求提供公开出版物"),
    ("A10", "2020-01-09", "自然人", "2020-02-01", "其他处理-其他"),
    ("A11", "2020-01-10", "自然人", "2020-02-01", UNPAID),
    ("A12", "2020-12-31", "商业企业"),
]


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_outcome_groups(tmp_path, fmt):
    stats = compute(ledgers(tmp_path, 依申请公开=APPLICATIONS), 2020, fmt=fmt).stats
    assert pick(stats, *OUTCOME_KEYS) == {
        "applications_received": 11,
        "applications_carried_over": 1,
        "applications_closed": 11,
        "applications_carried_forward": 1,
        "applications_disclosed": 2,
        "applications_partially_disclosed": 1,
        "applications_withheld": 2,
        "applications_unavailable": 1,
        "applications_not_processed": 3,
        "applications_other": 2,
        "applications_by_natural_persons": 5,
        "applications_by_organisations": 6,
    }


def test_section4_groups(tmp_path):
    cases = [
        ("C1", "行政复议", "2022-01-01", "2022-02-01", "维持"),
        ("C2", "行政复议", "2022-01-01", "2022-02-01", "纠正"),
        ("C3", "行政复议", "2021-12-01"),
        ("C4", "直接起诉", "2022-05-01", "2022-06-01", "其他"),
        ("C5", "复议后起诉", "2022-05-01", "2023-01-01", "维持"),
        ("C6", "复议后起诉", "2021-05-01", "2022-12-31", "维持"),
    ]
    stats = compute(ledgers(tmp_path, 复议诉讼=cases), 2022).stats
    assert {k: v for k, v in stats.items() if k.startswith(("reconsideration", "litigation", "review"))} == {
        "reconsideration_upheld": 1,
        "reconsideration_corrected": 1,
        "reconsideration_other": 0,
        "reconsideration_pending": 1,
        "reconsideration_total": 3,
        "litigation_direct_upheld": 0,
        "litigation_direct_corrected": 0,
        "litigation_direct_other": 1,
        "litigation_direct_pending": 0,
        "litigation_direct_total": 1,
        "litigation_after_reconsideration_upheld": 1,
        "litigation_after_reconsideration_corrected": 0,
        "litigation_after_reconsideration_other": 0,
        "litigation_after_reconsideration_pending": 1,
        "litigation_after_reconsideration_total": 2,
        "litigation_total": 3,
        "review_cases_total": 6,
    }


def test_section2_figures(tmp_path):
    led = ledgers(
        tmp_path,
        规范性文件=[
            ("D1", "甲", "行政规范性文件", "2021-03-01", "2021-03-05"),
            ("D2", "乙", "规章", "2021-04-01", "2022-01-01"),
            ("D3", "丙", "行政规范性文件", "2019-01-01", "2019-01-01", "2021-07-01"),
        ],
        行政执法=[("E1", "行政许可", "2021-01-01"), ("E2", "其他对外管理服务事项", "2021-02-01"), ("E3", "行政处罚", "2021-03-01"),
              ("E4", "行政处罚", "2021-12-31"), ("E5", "行政强制", "2020-12-31")],
        行政事业性收费=[("2021-05-05", "证照工本费", "1234.5")],
        政府集中采购=[("G1", "2021-05-05", "50000"), ("G2", "2020-05-05", "1")],
    )
    keys = [k for k in STATISTICS if k.startswith(("documents_", "regulations_", "normative_", "licensing", "other_service",
                                                  "penalty", "coercion", "admin_fee", "procurement"))]
    assert pick(compute(led, 2021).stats, *keys) == {
        "regulations_made": 1,
        "normative_documents_made": 1,
        "normative_documents_repealed": 1,
        "normative_documents_in_force": 1,
        "documents_made": 2,
        "documents_repealed": 1,
        "documents_in_force": 2,
        "documents_published": 1,
        "licensing_decisions": 1,
        "other_service_decisions": 1,
        "penalty_decisions": 2,
        "coercion_decisions": 0,
        "admin_fee_amount": 0.1235,
        "procurement_count": 1,
        "procurement_amount": 5.0,
    }


def test_statistics_keys_in_documented_order(tmp_path):
    led = ledgers(tmp_path, 依申请公开=APPLICATIONS)
    report = compute(led, 2020)
    assert list(report.stats) == list(STATISTICS)
    assert all(isinstance(v, (int, float)) and not isinstance(v, np.generic) for v in report.stats.values())


def test_statistics_follow_the_tables_given(tmp_path):
    """statistics() reads section 三/四 figures from the arrays it is given, not from the ledgers."""
    led = ledgers(tmp_path, 依申请公开=[])
    s3 = np.zeros((25, 7), dtype=np.int64)
    s3[0] = [1, 2, 0, 0, 0, 0, 3]
    s3[2, -1] = 4
    s3[20:23, -1] = [1, 2, 2]  # the three 其他处理 leaves
    s3[23, -1] = 9  # （七）总计 is not a group row
    s4 = np.arange(15)
    stats = statistics(led, 2021, "2021", s3, s4)
    assert pick(stats, "applications_received", "applications_by_natural_persons", "applications_by_organisations",
                "applications_disclosed", "applications_other") == {
        "applications_received": 3,
        "applications_by_natural_persons": 1,
        "applications_by_organisations": 2,
        "applications_disclosed": 4,
        "applications_other": 5,
    }
    assert (stats["reconsideration_total"], stats["litigation_direct_pending"], stats["litigation_total"]) == (4, 8, 23)
