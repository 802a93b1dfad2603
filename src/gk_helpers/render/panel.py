"""The reviewer panel: checks, warnings and provenance, set apart from the report text."""

from __future__ import annotations

import json
from html import escape

from ..provenance import FORMAT_NAMES

from .evidence import evidence_html

_STATUS_CLASS = {"通过": "pass", "不通过": "fail", "提示": "warn", "不适用": "skip", "未核对": "unchecked"}


def _numbers(numbers: dict) -> str:
    return escape(json.dumps(numbers, ensure_ascii=False, separators=(", ", ": ")))


def _evidence_row(check) -> str:
    """The check's evidence on its own full-width row under it (nothing when there is none)."""
    if check.evidence:
        body = evidence_html(check.evidence)
    elif check.numbers:
        body = f'<span class="numbers">{_numbers(check.numbers)}</span>'
    else:
        return ""
    return f'<tr class="gk-evidence-row"><td></td><td colspan="3">{body}</td></tr>'


def checks_html(checks) -> str:
    """Every check: id, description, status, detail, and under it the evidence behind it."""
    rows = "".join(
        f'<tr class="gk-check-{_STATUS_CLASS[c.status]}"><td>{escape(c.id)}</td><td>{escape(c.description)}</td>'
        f'<td class="status">{escape(c.status)}</td><td>{escape(c.detail)}</td></tr>' + _evidence_row(c)
        for c in checks
    )
    return (
        '<table class="gk-panel-table gk-checks"><thead><tr><th>编号</th><th>核对内容</th><th>结果</th><th>说明</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def warnings_html(warnings: list[str]) -> str:
    """Missing ledger kinds and tolerated data issues."""
    if not warnings:
        return "<p>无提示。</p>"
    return '<ul class="gk-warnings">' + "".join(f"<li>{escape(w)}</li>" for w in warnings) + "</ul>"


def provenance_html(files: list[dict], params: list[tuple[str, str]], version: str, fmt: str) -> str:
    """Ledger files with their SHA-256, the parameters, the kit and format versions."""
    file_rows = "".join(
        f'<tr><td>{escape(f["file"])}</td><td>{escape(f["kinds"])}</td><td class="num">{f["rows"]}</td><td class="hash">{escape(f["sha256"])}</td></tr>'
        for f in files
    )
    param_rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in params)
    return (
        '<table class="gk-panel-table gk-files"><thead><tr><th>台账文件</th><th>内容</th><th>记录数</th><th>SHA-256</th></tr></thead>'
        f"<tbody>{file_rows}</tbody></table>"
        f'<table class="gk-panel-table gk-params"><tbody>{param_rows}'
        f"<tr><th>工具包版本</th><td>gk-report {escape(version)}</td></tr>"
        f"<tr><th>报告格式</th><td>{escape(FORMAT_NAMES[fmt])}</td></tr></tbody></table>"
    )


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return " / ".join(str(v) for v in value)
    return str(value)


def records_html(rows: list[dict], empty: str, cls: str = "") -> str:
    """A list of records as a table (columns in first-seen order), or ``empty`` when there are none."""
    if not rows:
        return f"<p>{escape(empty)}</p>"
    columns = list(dict.fromkeys(k for r in rows for k in r))
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape(_cell(r.get(c, '')))}</td>" for c in columns) + "</tr>" for r in rows)
    return f'<table class="gk-panel-table{" " + cls if cls else ""}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def applications_html(rows: list[dict], more: int) -> str:
    """The applications behind section 三 of the year, for the reviewer to trace each count."""
    tail = f"<p>…另有 {more} 条未列出。</p>" if more else ""
    return records_html(rows, "本年度表格不涉及任何申请。", "gk-applications") + tail


def panel_html(checks, warnings, files, params, version, fmt, applications: tuple[list[dict], int] = ([], 0),
               deadlines: str = "") -> str:
    """The whole reviewer panel, clearly marked as not part of the report."""
    failed = sum(1 for c in checks if c.status == "不通过")
    warned = sum(1 for c in checks if c.status == "提示")
    summary = f"核对 {len(checks)} 项，不通过 {failed} 项，提示 {warned} 项；其他提示 {len(warnings)} 条。"
    return (
        '<aside class="gk-panel"><h2>审核面板（供审核人员使用，不属于报告正文）</h2>'
        f'<p class="gk-summary">{escape(summary)}</p>'
        f"<h3>核对结果</h3>{checks_html(checks)}<h3>提示</h3>{warnings_html(warnings)}{deadlines}"
        f"<h3>本年度涉及的申请</h3>{applications_html(*applications)}"
        f"<h3>数据来源</h3>{provenance_html(files, params, version, fmt)}</aside>"
    )
