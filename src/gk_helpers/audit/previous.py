"""Last year's published report as the ``previous`` figures of this year's checks (C1, C2, R5)."""

from __future__ import annotations

import json
from pathlib import Path

from ..base.bounds import MAX_REPORT_JSON_BYTES, read_regular, regular_problem
from ..base.errors import AuditError
from ..base.formats import SECTION2_BLOCKS, row_index
from .cells import parse_cell
from .printed import PrintedReport, read_printed
from .tables import CellRef, Read


def _read(value) -> Read | None:
    return None if value is None else Read(parse_cell(str(value)), CellRef(0, 0, 0))


def printed_from_json(path: Path) -> PrintedReport:
    """Last year's report JSON (``gk report``, ``gk tables --json`` or ``gk audit --json``) as a printed report."""
    try:
        raw, size = read_regular(path, MAX_REPORT_JSON_BYTES)
        data = json.loads(raw.decode("utf-8")) if size <= MAX_REPORT_JSON_BYTES else None
    except (OSError, ValueError, RecursionError):
        data = None
    if data is None:
        raise AuditError(f"{path}：不存在、超过 {MAX_REPORT_JSON_BYTES // 1024 // 1024} MB 或不是有效的 JSON"
                         "（应为 gk report、gk tables --json 或 gk audit --json 的输出）。") from None
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict) or "section3" not in data:
        raise AuditError(f"{path}：不是报告 JSON（缺少 section3）。")
    layout = data.get("layout") or data.get("format")
    section2 = {}
    for item, block in (data.get("section2") or {}).items():
        official = next((b for fmt in ("2019", "2021") for b in SECTION2_BLOCKS[fmt]
                         if b.item == item and list(b.columns) == block["columns"]), None)
        if official is not None:
            section2[item] = {"fmt": layout, "block": official, "headers": {},
                              "rows": {label: [_read(v) for v in values] for label, values in block["rows"].items()}}
    return PrintedReport(
        file=str(path), kind="json", agency=data.get("agency"), year=data.get("year"), layout=layout,
        section2=section2, section2_layout=layout if section2 else None,
        section3={label: [_read(v) for v in values] for label, values in data["section3"]},
        section4={i: _read(v) for i, v in enumerate(data.get("section4") or []) if v is not None},
        prose={}, text="", found3=bool(data["section3"]), found4=bool(data.get("section4")),
    )


def read_previous(path: str | Path) -> PrintedReport:
    """Last year's report for ``--previous``: a published PDF/HTML/DOCX, or a report JSON."""
    path = Path(path)
    problem = regular_problem(path)
    if problem and problem != "不存在":  # a named pipe is never opened: reading it would wait forever
        raise AuditError(f"{path}：是{problem}，不是报告文件，未读取。")
    return printed_from_json(path) if path.suffix.lower() == ".json" else read_printed(path)


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
