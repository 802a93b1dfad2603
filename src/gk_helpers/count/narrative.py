"""Narrative statistics: every figure the prose may cite, from the same computed data.

``STATISTICS`` is the one documented mapping (key → what it counts); prose in params
files cites a figure as ``{key}``. Nothing here is typed by hand: each value comes
from the section tables or the ledgers under the counting rules.
"""

from __future__ import annotations

import numpy as np

from ..base.formats import OUTCOME_GROUPS, SECTION4_GROUPS, section3_rows
from .tables import SECTION2_METRICS, Year, dates

#: key → Chinese description of the figure. The order is the order of the documentation.
STATISTICS = {
    "applications_received": "本年新收政府信息公开申请数（第三部分 一、总计）",
    "applications_carried_over": "上年结转申请数（第三部分 二、总计）",
    "applications_closed": "本年办结申请数（第三部分 三（七）总计）",
    "applications_carried_forward": "结转下年度继续办理的申请数（第三部分 四、总计）",
    "applications_handled": "本年收办申请数：新收＋上年结转（第三部分 一、总计＋二、总计）",
    "applications_disclosed": "予以公开（第三部分（一）总计）",
    "applications_partially_disclosed": "部分公开（第三部分（二）总计）",
    "applications_withheld": "不予公开（第三部分（三）各项之和）",
    "applications_unavailable": "无法提供（第三部分（四）各项之和）",
    "applications_not_processed": "不予处理（第三部分（五）各项之和）",
    "applications_other": "其他处理（第三部分（六）各项之和）",
    "applications_by_natural_persons": "本年新收申请中自然人申请数",
    "applications_by_organisations": "本年新收申请中法人或其他组织申请数",
    "reconsideration_upheld": "行政复议 结果维持",
    "reconsideration_corrected": "行政复议 结果纠正",
    "reconsideration_other": "行政复议 其他结果",
    "reconsideration_pending": "行政复议 尚未审结",
    "reconsideration_total": "行政复议 总计",
    "litigation_direct_upheld": "未经复议直接起诉 结果维持",
    "litigation_direct_corrected": "未经复议直接起诉 结果纠正",
    "litigation_direct_other": "未经复议直接起诉 其他结果",
    "litigation_direct_pending": "未经复议直接起诉 尚未审结",
    "litigation_direct_total": "未经复议直接起诉 总计",
    "litigation_after_reconsideration_upheld": "复议后起诉 结果维持",
    "litigation_after_reconsideration_corrected": "复议后起诉 结果纠正",
    "litigation_after_reconsideration_other": "复议后起诉 其他结果",
    "litigation_after_reconsideration_pending": "复议后起诉 尚未审结",
    "litigation_after_reconsideration_total": "复议后起诉 总计",
    "litigation_total": "行政诉讼总计（直接起诉＋复议后起诉）",
    "review_cases_total": "行政复议和行政诉讼案件总数",
    "hotline_received": "本年受理热线工单数（受理日期在本年）",
    "hotline_closed": "其中已办结的工单数",
    "hotline_closed_on_time": "其中按时限办结的工单数（办结日期不晚于办理时限）",
    "hotline_overdue_or_open": "其中未按时限办结或尚未办结的工单数",
    "fee_notices": "本年新收申请中发出收费通知的件数（收费通知金额大于0）",
    "fee_notice_amount": "上述收费通知金额合计（元）",
    "fee_collected": "上述申请实收金额合计（元）",
    "documents_made": "本年制发规范性文件件数（规章＋行政规范性文件）",
    "documents_repealed": "本年废止规范性文件件数",
    "documents_in_force": "年末现行有效规范性文件件数",
    "documents_published": "本年新公开规范性文件件数",
    "regulations_made": "本年制发规章件数（第二部分 规章行）",
    "normative_documents_made": "本年制发行政规范性文件件数（第二部分 行政规范性文件行）",
    "normative_documents_repealed": "本年废止行政规范性文件件数",
    "normative_documents_in_force": "年末现行有效行政规范性文件件数",
    "licensing_decisions": "本年行政许可处理决定数",
    "other_service_decisions": "本年其他对外管理服务事项处理决定数",
    "penalty_decisions": "本年行政处罚决定数",
    "coercion_decisions": "本年行政强制决定数",
    "admin_fee_amount": "本年行政事业性收费金额（万元）",
    "procurement_count": "本年政府集中采购项目数",
    "procurement_amount": "本年政府集中采购金额（万元）",
}

_SECTION4_PREFIX = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
_SECTION4_SUFFIX = ("upheld", "corrected", "other", "pending", "total")
_GROUP_KEYS = {
    "予以公开": "applications_disclosed",
    "部分公开": "applications_partially_disclosed",
    "不予公开": "applications_withheld",
    "无法提供": "applications_unavailable",
    "不予处理": "applications_not_processed",
    "其他处理": "applications_other",
}
assert len(SECTION4_GROUPS) == len(_SECTION4_PREFIX) and set(_GROUP_KEYS) == {g.name for g in OUTCOME_GROUPS}


def _section3_stats(s3: np.ndarray, fmt: str) -> dict:
    rows = section3_rows(fmt)
    total = {r.role: int(s3[i, -1]) for i, r in enumerate(rows) if r.role != "outcome"}
    stats = {
        "applications_received": total["received"],
        "applications_carried_over": total["carried_over"],
        "applications_closed": total["closed_total"],
        "applications_carried_forward": total["carried_forward"],
        "applications_handled": total["received"] + total["carried_over"],
        "applications_by_natural_persons": int(s3[0, 0]),
        "applications_by_organisations": int(s3[0, 1:-1].sum()),
    }
    for group in OUTCOME_GROUPS:
        head = f"{group.number}{group.name}"
        stats[_GROUP_KEYS[group.name]] = int(sum(s3[i, -1] for i, r in enumerate(rows) if r.label.startswith(head)))
    return stats


def _section4_stats(s4: np.ndarray) -> dict:
    stats = {f"{p}_{s}": int(s4[g * 5 + k]) for g, p in enumerate(_SECTION4_PREFIX) for k, s in enumerate(_SECTION4_SUFFIX)}
    stats["litigation_total"] = stats["litigation_direct_total"] + stats["litigation_after_reconsideration_total"]
    stats["review_cases_total"] = stats["reconsideration_total"] + stats["litigation_total"]
    return stats


def _hotline_stats(hotline, y: Year) -> dict:
    in_year = y.contains(hotline["received"])
    closed_on, deadline = dates(hotline, "closed")[in_year], dates(hotline, "deadline")[in_year]
    received = hotline[in_year]
    closed = closed_on.notna()
    on_time = closed & deadline.notna() & (closed_on <= deadline)
    return {
        "hotline_received": len(received),
        "hotline_closed": int(closed.sum()),
        "hotline_closed_on_time": int(on_time.sum()),
        "hotline_overdue_or_open": len(received) - int(on_time.sum()),
    }


def _fee_stats(applications, y: Year) -> dict:
    received = applications[y.contains(applications["received"])]
    noticed = received[received["fee_notice"].fillna(0) > 0] if "fee_notice" in received else received.iloc[:0]
    paid = noticed["fee_paid"].fillna(0).sum() if "fee_paid" in noticed else 0.0
    return {
        "fee_notices": len(noticed),
        "fee_notice_amount": round(float(noticed["fee_notice"].sum()) if len(noticed) else 0.0, 2),
        "fee_collected": round(float(paid), 2),
    }


def _section2_stats(ledgers, y: Year) -> dict:
    m = SECTION2_METRICS
    both = ("规章", "行政规范性文件")
    return {
        "documents_made": sum(m["documents_made"](ledgers, y, c) for c in both),
        "documents_repealed": sum(m["documents_repealed"](ledgers, y, c) for c in both),
        "documents_in_force": sum(m["documents_in_force"](ledgers, y, c) for c in both),
        "documents_published": sum(m["documents_published"](ledgers, y, c) for c in both),
        "regulations_made": m["documents_made"](ledgers, y, "规章"),
        "normative_documents_made": m["documents_made"](ledgers, y, "行政规范性文件"),
        "normative_documents_repealed": m["documents_repealed"](ledgers, y, "行政规范性文件"),
        "normative_documents_in_force": m["documents_in_force"](ledgers, y, "行政规范性文件"),
        "licensing_decisions": m["decisions"](ledgers, y, "行政许可"),
        "other_service_decisions": m["decisions"](ledgers, y, "其他对外管理服务事项"),
        "penalty_decisions": m["decisions"](ledgers, y, "行政处罚"),
        "coercion_decisions": m["decisions"](ledgers, y, "行政强制"),
        "admin_fee_amount": m["fee_amount"](ledgers, y, ""),
        "procurement_count": m["procurement_count"](ledgers, y, ""),
        "procurement_amount": m["procurement_amount"](ledgers, y, ""),
    }


def statistics(ledgers, year: int, fmt: str, s3: np.ndarray, s4: np.ndarray) -> dict:
    """Every narrative figure, keyed as in ``STATISTICS`` and in that order."""
    y = Year(year)
    values = {
        **_section3_stats(s3, fmt),
        **_section4_stats(s4),
        **_hotline_stats(ledgers["hotline"], y),
        **_fee_stats(ledgers["applications"], y),
        **_section2_stats(ledgers, y),
    }
    return {key: values[key] for key in STATISTICS}
