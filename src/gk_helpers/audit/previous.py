"""Last year's published report as the ``previous`` figures of this year's checks (C1, C2, R5)."""

from __future__ import annotations

from pathlib import Path

from ..count.formats import row_index
from .printed import read_printed


def previous_figures(path: str | Path) -> dict:
    """The figures last year's report printed, read from its PDF, HTML or DOCX.

    ``carried_forward`` is section 三's 四、结转下年度继续办理 (7 columns, 自然人 … 总计);
    ``in_force`` the 2021 layout's 现行有效件数 of 规章 and 行政规范性文件 (None for a 2019
    layout). A cell that could not be read is None. ``AuditError`` when the file cannot be read.
    """
    report = read_printed(path)
    figures = report.figures()
    carried = None
    if figures["section3"]:
        carried = figures["section3"][row_index(report.shape_layout, "carried_forward")][1]
    block = figures["section2"].get("第二十条第（一）项")
    in_force = None
    if block and "现行有效件数" in block["columns"]:
        col = block["columns"].index("现行有效件数")
        in_force = {label: block["rows"][label][col] for label in ("规章", "行政规范性文件")}
    return {"file": str(path), "year": report.year, "layout": report.layout, "carried_forward": carried,
            "in_force": in_force, **figures, "notes": list(report.notes)}
