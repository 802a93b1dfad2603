"""The computed tables and checks as readable terminal text (for ``gk check``)."""

from __future__ import annotations

from ..base.formats import SECTION3_COLUMNS, SECTION4_COLUMNS
from ..report.compute import ReportData
from .evidence import evidence_text
from .numbers import number, pad, width


def _grid(header: list[str], rows: list[tuple[str, list]]) -> list[str]:
    sizes = [max(width(h), 4) for h in header]
    lines = ["  ".join(pad(h, s, right=True) for h, s in zip(header, sizes))]
    for label, values in rows:
        lines.append("  ".join(pad(number(v), s, right=True) for v, s in zip(values, sizes)) + "  " + label)
    return lines


def render_text(report: ReportData) -> str:
    """Sections 二, 三, 四 and the checks as plain text."""
    out = [f"{report.year}年 政府信息公开工作年度报告表格（{report.format} 格式）", "", "二、主动公开政府信息情况"]
    for item, block in report.section2.items():
        out.append(f"  {item}")
        out += ["    " + line for line in _grid(block["columns"], list(block["rows"].items()))]
    out += ["", "三、收到和处理政府信息公开申请情况"]
    out += ["  " + line for line in _grid(list(SECTION3_COLUMNS), report.section3_rows)]
    out += ["", "四、政府信息公开行政复议、行政诉讼情况"]
    for g in range(3):
        columns = list(SECTION4_COLUMNS[g * 5:(g + 1) * 5])
        out += ["  " + line for line in _grid(columns, [("", list(report.section4[g * 5:(g + 1) * 5]))])]
    out += ["", "核对结果"]
    for check in report.checks:
        detail = f"（{check.detail}）" if check.detail else ""
        out.append(f"  [{check.status}] {check.id} {check.description}{detail}")
        if check.status in ("不通过", "提示"):
            out += ["      " + line for line in evidence_text(check.evidence)]
    if report.warnings:
        out += ["", "提示"] + [f"  - {w}" for w in report.warnings]
    if report.notes:
        out += ["", "说明（无需处理）"] + [f"  - {n}" for n in report.notes]
    return "\n".join(out) + "\n"
