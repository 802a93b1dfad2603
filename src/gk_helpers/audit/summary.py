"""The evaluator's summary of a folder audit: one row per document, as a workbook and as CSV.

Each row says what was read (agency, year, the layout printed, whether every table could be
read), which checks did not pass, and every check's result in a column of its own, so an
evaluator can sort and filter a province's reports in a spreadsheet. The CSV carries a BOM
so that Excel opens it as UTF-8.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..base.errors import AuditError
from ..base.files import write_atomic
from .results import Audit, AuditRun

#: The checks in the order ``single.run_checks`` makes them (one column each).
CHECK_IDS = ("R1", "R2", "R3", "R8", "F1", "B1", "U1", "G1", "L1", "P1", "P2", "P5", "T1", "R5", "C1", "C2")
HEADER = ("文件", "机关", "年度", "印制格式", "读取", "不通过的核对", "不通过", "提示", "未核对", *CHECK_IDS, "说明")


def rows(run: AuditRun) -> list[list]:
    """The summary's rows (without the header), in the order of the run."""
    out = []
    for result in run.results:
        if not isinstance(result, Audit):
            out.append([result.file, "", "", "", "无法读取", "", "", "", "", *[""] * len(CHECK_IDS), result.error])
            continue
        r = result.report
        status = {c.id: c.status for c in result.checks}
        counts = {s: sum(1 for c in result.checks if c.status == s) for s in ("不通过", "提示", "未核对")}
        out.append([r.file, r.agency or "", r.year or "", r.layout or "", "已读取" if r.complete else "部分表格无法读取",
                    "、".join(c.id for c in result.failed), counts["不通过"], counts["提示"], counts["未核对"],
                    *[status.get(i, "") for i in CHECK_IDS], "；".join(r.notes)])
    return out


def summary_csv(run: AuditRun) -> bytes:
    """The summary as CSV (UTF-8 with BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows(run))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def summary_xlsx(run: AuditRun) -> bytes:
    """The summary as a workbook: one sheet, header frozen, filters on, failed checks marked."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#DDDDDD", "border": 1, "text_wrap": True, "valign": "top"})
    fail = book.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE"})
    sheet = book.add_worksheet("审核汇总")
    sheet.write_row(0, 0, HEADER, head)
    for r, row in enumerate(rows(run), 1):
        for c, value in enumerate(row):
            sheet.write(r, c, value, fail if value == "不通过" or (c == 4 and value != "已读取") else None)
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(1, len(run.results)), len(HEADER) - 1)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, 4, 10)
    sheet.set_column(5, 5, 18)
    sheet.set_column(6, 8 + len(CHECK_IDS), 7)
    sheet.set_column(9 + len(CHECK_IDS), 9 + len(CHECK_IDS), 60)
    book.close()
    return buffer.getvalue()


def write_summary(run: AuditRun, path: Path) -> Path:
    """Write the summary to ``path``: a workbook for .xlsx, CSV for .csv."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise AuditError(f"汇总表 {path}：只能写成 .xlsx 或 .csv 文件。")
    try:
        write_atomic(path, summary_xlsx(run) if suffix == ".xlsx" else summary_csv(run))
    except OSError as exc:
        raise AuditError(f"无法写出汇总表 {path}（{exc.strerror or exc}）。") from exc
    return path
