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


def _value(read, blank_as_zero: bool):
    """A cell's number; a blank cell is 0 to a reader of the printed page (or unknown), an unreadable one unknown."""
    if read is None:
        return None
    if read.number.blank:
        return 0 if blank_as_zero else None
    return read.number.value


def _with_totals(values: list, parts: slice, total: int) -> list:
    """A blank total stated by its parts, as a reader adds them up (only when every part is known)."""
    values = list(values)
    values[total] = None if None in values[parts] else sum(values[parts])
    return values


def _table_figures(report: PrintedReport, fmt: str, blank_as_zero: bool) -> dict:
    reads3 = report.section3_reads() or [(row.label, [None] * 7) for row in section3_rows(fmt)]
    section3 = []
    for label, reads in reads3:
        values = [_value(r, blank_as_zero) for r in reads]
        if blank_as_zero and reads[6] is not None and reads[6].number.blank:
            values = _with_totals(values, slice(0, 6), 6)
        section3.append([label, values])
    reads4 = report.section4_reads()
    section4 = [_value(r, blank_as_zero) for r in reads4]
    for g in range(3):  # each group's 总计 is its 5th number
        if blank_as_zero and reads4[g * 5 + 4] is not None and reads4[g * 5 + 4].number.blank:
            section4[g * 5:(g + 1) * 5] = _with_totals(section4[g * 5:(g + 1) * 5], slice(0, 4), 4)
    section2 = {item: {"columns": b["columns"], "rows": {k: [_value(v, blank_as_zero) for v in vs] for k, vs in b["rows"].items()}}
                for item, b in report.section2_reads().items()}
    return figures_from_tables(section2, section3, section4, fmt)


def printed_figures(report: PrintedReport) -> dict:
    """Statistic → {"value", "cell"} for every figure the printed tables state.

    A blank cell is read as a reader of the page reads it — nothing, so 0 — and a blank total as the
    sum of its printed parts (予以公开 258＋12＋1＋1 with its 总计 left blank is 272); the figures that
    rest on a blank cell say so. A cell that could not be read gives no figure.
    """
    fmt = report.shape_layout
    if fmt is None:
        return {}
    read = _table_figures(report, fmt, blank_as_zero=True)
    strict = _table_figures(report, fmt, blank_as_zero=False)
    return {key: figure if key in strict else {**figure, "cell": figure["cell"] + "（含空白单元格，按0计）"}
            for key, figure in read.items()}


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
