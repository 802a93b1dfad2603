"""Checks against last year's published report: C1 (现行有效 continuity), C2 and R5 (carry-over).

The comparisons are the report kit's own (``count.continuity``), fed with the figures both
reports print; the cells they compare are kept as evidence so the audit page can mark them.
R5 is the spec's name for the carry-over relation; against a published report it is the
same comparison as C2, so it is C2's result under its own id.
"""

from __future__ import annotations

from ..count.continuity import check_carried_forward, check_documents_continuity
from ..base.formats import SECTION3_COLUMNS, row_index
from .checks import AuditCheck, Evidence, _v
from .printed import PrintedReport
from .prose import from_check

_NO_PREVIOUS = "未提供上年报告（--previous 上年公开的报告文件），未核对"
R5 = "跨年度：本年“二、上年结转”＝上年报告“四、结转下年度继续办理”（每一列）"
_ITEM = "第二十条第（一）项"


def _year_mismatch(report: PrintedReport, previous: PrintedReport) -> str:
    if report.year and previous.year and previous.year != report.year - 1:
        return f"上年报告（{previous.file}）的年度为{previous.year}年，不是{report.year - 1}年"
    return ""


def _row(report: PrintedReport, role: str):
    return report.section3_reads()[row_index(report.shape_layout, role)]


def check_c2(report: PrintedReport, previous: PrintedReport | None) -> AuditCheck:
    """C2: this year's 二、上年结转 = last year's printed 四、结转下年度继续办理, per column."""
    from ..count.continuity import C2

    if previous is None:
        return AuditCheck("C2", C2, "未核对", _NO_PREVIOUS)
    if (why := _year_mismatch(report, previous)):
        return AuditCheck("C2", C2, "未核对", why)
    if not report.found3 or not previous.found3:
        return AuditCheck("C2", C2, "未核对", "本年或上年报告未读到第三部分表格")
    label, now = _row(report, "carried_over")
    plabel, before = _row(previous, "carried_forward")
    check = check_carried_forward([[l, [_v(r) for r in vs]] for l, vs in report.section3_reads()],
                                  [_v(r) for r in before], f"上年报告：{previous.file}", report.shape_layout)
    differ = [i for i in range(7) if _v(now[i]) is not None and _v(before[i]) is not None and _v(now[i]) != _v(before[i])]
    return from_check(check, evidence=[Evidence("第三部分", f"{label}/{SECTION3_COLUMNS[i]}", now[i]) for i in differ],
                      previous=[Evidence("上年第三部分", f"{plabel}/{SECTION3_COLUMNS[i]}", before[i]) for i in differ])


def check_r5(report: PrintedReport, previous: PrintedReport | None) -> AuditCheck:
    """R5: the carry-over relation against last year's report (C2's comparison, under the spec's id)."""
    c2 = check_c2(report, previous)
    return AuditCheck("R5", R5, c2.status, c2.detail, c2.evidence, c2.previous, c2.table)


def check_c1(report: PrintedReport, previous: PrintedReport | None) -> AuditCheck:
    """C1 (2021 layout): 现行有效件数 Y = 现行有效件数 Y−1 + 本年制发件数 Y − 本年废止件数 Y."""
    from ..count.continuity import C1

    if previous is None:
        return AuditCheck("C1", C1, "未核对", _NO_PREVIOUS)
    if (why := _year_mismatch(report, previous)):
        return AuditCheck("C1", C1, "未核对", why)
    now, before = report.section2_reads().get(_ITEM), previous.section2_reads().get(_ITEM)
    if not now or not before:
        return AuditCheck("C1", C1, "未核对", "本年或上年报告未读到第二部分第二十条第（一）项")
    if "现行有效件数" not in now["columns"]:
        return AuditCheck("C1", C1, "不适用", "本年报告第二部分为2019格式，没有“现行有效件数”")
    if "现行有效件数" not in before["columns"]:
        return AuditCheck("C1", C1, "不适用", "上年报告第二部分为2019格式，没有“现行有效件数”")
    plain = {_ITEM: {"columns": now["columns"], "rows": {k: [_v(r) for r in vs] for k, vs in now["rows"].items()}}}
    in_force = {label: _v(before["rows"][label][2]) for label in ("规章", "行政规范性文件")}
    check = check_documents_continuity(plain, in_force, f"上年报告：{previous.file}", "2021")
    evidence, prior = [], []
    for label in ("规章", "行政规范性文件"):
        made, repealed, current = now["rows"][label]
        values = [_v(x) for x in (made, repealed, current)]
        if None in values or in_force[label] is None or in_force[label] + values[0] - values[1] == values[2]:
            continue
        evidence += [Evidence("第二部分", f"{_ITEM}/{label}/{col}", x) for col, x in zip(now["columns"], (made, repealed, current))]
        prior.append(Evidence("上年第二部分", f"{_ITEM}/{label}/现行有效件数", before["rows"][label][2]))
    return from_check(check, evidence=evidence, previous=prior)
