"""The prose checks of the report kit (P1 figures in the text, P2 other years, P5 fees) and T1 on a published report.

The checks live in ``count.prose_checks`` and ``count.continuity`` and take plain data: here they
get the prose of sections 一, 五 and 六 as read, the figures the tables print (a cell that could
not be read gives no figure, so a number in the text that depends on it is 未核对, never compared
with a guess) and the sign-off date. A published report has no ledger, so P5 can only catch a
section 六 that contradicts itself.
"""

from __future__ import annotations

from ..count.continuity import check_publication_date
from ..count.figures import figures_from_tables
from ..base.formats import section3_rows
from ..count.prose_checks import check_fee_statement, check_other_years, check_prose_figures
from .checks import AuditCheck
from .printed import PrintedReport


def from_check(check, **extra) -> AuditCheck:
    """A kit ``Check`` as an ``AuditCheck``; its evidence table or sentence is kept for the page and the JSON."""
    return AuditCheck(check.id, check.description, check.status, check.detail, table=check.evidence, **extra)


def printed_figures(report: PrintedReport) -> dict:
    """Statistic → {"value", "cell"} for every figure the printed tables state."""
    fmt = report.shape_layout
    if fmt is None:
        return {}
    figures = report.figures()
    section3 = figures["section3"] or [[row.label, [None] * 7] for row in section3_rows(fmt)]
    return figures_from_tables(figures["section2"], section3, figures["section4"], fmt)


def prose_checks(report: PrintedReport) -> list[AuditCheck]:
    """P1, P2, P5 on the prose as read, and T1 on the sign-off date."""
    sections = {"一": report.prose.get(1, ""), "五": report.prose.get(5, ""), "六": report.prose.get(6, "")}
    out = [from_check(check_prose_figures(sections, printed_figures(report)))]
    if report.year:
        out.append(from_check(check_other_years(sections, report.year)))
    else:
        out.append(AuditCheck("P2", "文字中没有把其他年份当作报告年度", "未核对", "找不到报告年度"))
    out.append(from_check(check_fee_statement(sections["六"], None)))
    if report.year and report.sign_off:
        out.append(from_check(check_publication_date(report.sign_off, report.year)))
    else:
        out.append(AuditCheck("T1", "落款日期不晚于年度报告的公开期限（默认次年1月31日）", "未核对",
                              "找不到落款日期" if report.year else "找不到报告年度"))
    return out
