"""Checks against last year's published report: R5 / C2 (carry-over) and C1 (现行有效 continuity)."""

from __future__ import annotations

from ..count.formats import SECTION3_COLUMNS, row_index
from .checks import AuditCheck, Evidence, _v
from .printed import PrintedReport

_NO_PREVIOUS = "未提供上年报告（--previous 上年公开的报告文件），未核对"


def _year_mismatch(report: PrintedReport, previous: PrintedReport) -> str:
    if report.year and previous.year and previous.year != report.year - 1:
        return f"上年报告（{previous.file}）的年度为{previous.year}年，不是{report.year - 1}年"
    return ""


def _row(report: PrintedReport, role: str):
    label, vals = report.section3_reads()[row_index(report.shape_layout, role)]
    return label, vals


def _carry_over(cid: str, description: str, report: PrintedReport, previous: PrintedReport | None) -> AuditCheck:
    if previous is None:
        return AuditCheck(cid, description, "未核对", _NO_PREVIOUS)
    if (why := _year_mismatch(report, previous)):
        return AuditCheck(cid, description, "未核对", why)
    if not report.found3 or not previous.found3:
        return AuditCheck(cid, description, "未核对", "本年或上年报告未读到第三部分表格")
    label, now = _row(report, "carried_over")
    plabel, before = _row(previous, "carried_forward")
    bad, unread, evidence, prior = [], [], [], []
    for i, name in enumerate(SECTION3_COLUMNS):
        a, b = _v(now[i]), _v(before[i])
        if a is None or b is None:
            unread.append(name)
        elif a != b:
            bad.append(f"{name}：本年上年结转{a}，上年结转下年度{b}")
            evidence.append(Evidence("第三部分", f"{label}/{name}", now[i]))
            prior.append(Evidence("上年第三部分", f"{plabel}/{name}", before[i]))
    if bad:
        return AuditCheck(cid, description, "不通过", "；".join(bad) + f"（上年报告：{previous.file}）", evidence, prior)
    if unread:
        return AuditCheck(cid, description, "未核对", "空白或无法读取：" + "、".join(unread))
    return AuditCheck(cid, description, "通过", f"上年报告：{previous.file}")


def check_r5(report: PrintedReport, previous: PrintedReport | None) -> AuditCheck:
    """R5: this year's 二、上年结转 = last year's printed 四、结转下年度继续办理, per column."""
    return _carry_over("R5", "跨年度：本年“二、上年结转”＝上年报告“四、结转下年度继续办理”（每一列）", report, previous)


def check_c2(report: PrintedReport, previous: PrintedReport | None) -> AuditCheck:
    """C2: R5 against last year's *published* section 三 (here both come from published reports)."""
    return _carry_over("C2", "与上年公开报告衔接：本年“二、上年结转”＝上年公开报告第三部分“四、结转下年度继续办理”", report, previous)


def check_c1(report: PrintedReport, previous: PrintedReport | None) -> AuditCheck:
    """C1 (2021 layout): 现行有效件数 Y = 现行有效件数 Y−1 + 本年制发件数 Y − 本年废止件数 Y."""
    description = "第二部分衔接（2021格式）：规章、行政规范性文件的现行有效件数＝上年现行有效件数＋本年制发件数－本年废止件数"
    if previous is None:
        return AuditCheck("C1", description, "未核对", _NO_PREVIOUS)
    if (why := _year_mismatch(report, previous)):
        return AuditCheck("C1", description, "未核对", why)
    item = "第二十条第（一）项"
    now, before = report.section2_reads().get(item), previous.section2_reads().get(item)
    if not now or not before:
        return AuditCheck("C1", description, "未核对", "本年或上年报告未读到第二部分第二十条第（一）项")
    if "现行有效件数" not in now["columns"]:
        return AuditCheck("C1", description, "不适用", "本年报告第二部分为2019格式，没有“现行有效件数”")
    if "现行有效件数" not in before["columns"]:
        return AuditCheck("C1", description, "不适用", "上年报告第二部分为2019格式，没有“现行有效件数”")
    bad, unread, evidence, prior = [], [], [], []
    for label in ("规章", "行政规范性文件"):
        made, repealed, in_force = now["rows"][label]
        last = before["rows"][label][2]
        values = [_v(x) for x in (last, made, repealed, in_force)]
        if None in values:
            unread.append(label)
            continue
        p, m, r, f = values
        if p + m - r != f:
            bad.append(f"{label}：上年现行有效{p}＋本年制发{m}－本年废止{r}＝{p + m - r}，印制的现行有效件数为{f}")
            evidence += [Evidence("第二部分", f"{item}/{label}/{col}", x) for col, x in zip(now["columns"], (made, repealed, in_force))]
            prior.append(Evidence("上年第二部分", f"{item}/{label}/现行有效件数", last))
    if bad:
        return AuditCheck("C1", description, "不通过", "；".join(bad) + f"（上年报告：{previous.file}）", evidence, prior)
    if unread:
        return AuditCheck("C1", description, "未核对", "空白或无法读取：" + "、".join(unread))
    return AuditCheck("C1", description, "通过", f"上年报告：{previous.file}")
