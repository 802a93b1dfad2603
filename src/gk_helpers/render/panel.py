"""The reviewer panel: checks, warnings, year-over-year, the cases behind every number, provenance.

Shown only on the review page (``<township>.review.html``), never on the public report.
Every piece of evidence reads as a small table or a sentence; failed checks come first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from importlib.resources import files as package_files

from ..count.formats import SECTION2_BLOCKS, SECTION3_COLUMNS, SECTION4_RESULTS
from ..provenance import FORMAT_NAMES
from .evidence import evidence_html, from_numbers

_STATUS_CLASS = {"通过": "pass", "不通过": "fail", "提示": "warn", "不适用": "skip", "未核对": "unchecked"}
#: Panel order: what needs the reviewer first.
_STATUS_ORDER = {"不通过": 0, "提示": 1, "未核对": 2, "通过": 3, "不适用": 4}
#: Column names for evidence given as lists, by list length (section 三 row, section 四 group).
_LIST_COLUMNS = {len(SECTION3_COLUMNS): SECTION3_COLUMNS, len(SECTION4_RESULTS): SECTION4_RESULTS}

#: Labels of the recorded versions, in the order the panel lists them.
VERSION_LABELS = {"python": "Python", "pandas": "pandas", "numpy": "numpy", "papermill": "papermill",
                  "nbconvert": "nbconvert", "gk-report": "工具包 gk-report", "source_hash": "工具包源代码哈希"}


def _evidence_row(check, list_columns: dict) -> str:
    """The check's evidence on its own full-width row under it (nothing when there is none).

    A check without ``evidence`` gets it derived from its ``numbers``: never JSON.
    """
    evidence = check.evidence or from_numbers(check.numbers, list_columns)
    if not evidence:
        return ""
    return f'<tr class="gk-evidence-row"><td></td><td colspan="3">{evidence_html(evidence)}</td></tr>'


def list_columns(fmt: str) -> dict[int, tuple]:
    """Column names for evidence given as lists: a section 三 row, a section 四 group, the 规章 row of 二."""
    return {len(SECTION2_BLOCKS[fmt][0].columns): SECTION2_BLOCKS[fmt][0].columns, **_LIST_COLUMNS}


def ordered(checks) -> list:
    """Checks in panel order: 不通过, 提示, 未核对, 通过, 不适用 (stable within each)."""
    return sorted(checks, key=lambda c: _STATUS_ORDER.get(c.status, 5))


def checks_html(checks, fmt: str = "2021") -> str:
    """Every check, failed first: id, description, status, detail, and under it its evidence (a table or a sentence)."""
    columns = list_columns(fmt)
    rows = "".join(
        f'<tr class="gk-check-{_STATUS_CLASS.get(c.status, "skip")}"><td>{escape(c.id)}</td><td>{escape(c.description)}</td>'
        f'<td class="status">{escape(c.status)}</td><td>{escape(c.detail)}</td></tr>' + _evidence_row(c, columns)
        for c in ordered(checks)
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


def trend_html(changes, note: str, year: int) -> str:
    """This year, last year and the change for the key figures; large swings marked in words."""
    if not changes:
        return f"<p>{escape(note)}。</p>"
    rows = "".join(
        f'<tr class="{"gk-swing" if c.flag else ""}"><th scope="row">{escape(c.label)}</th><td class="num">{c.current}</td>'
        f'<td class="num">{c.previous}</td><td class="num">{c.change:+d}</td><td>{"⚠ 变化较大：" + escape(c.flag) if c.flag else ""}</td></tr>'
        for c in changes
    )
    flagged = sum(1 for c in changes if c.flag)
    return (f'<p>{escape(note)}；变化较大的 {flagged} 项请核实。</p><table class="gk-panel-table gk-trend"><thead><tr><th>项目</th>'
            f'<th>{year}年</th><th>{year - 1}年</th><th>变化</th><th>提示</th></tr></thead><tbody>{rows}</tbody></table>')


def provenance_html(files: list[dict], params: list[tuple[str, str]], versions: dict, fmt: str) -> str:
    """Ledger files with their SHA-256, the parameters, the software versions and the format."""
    file_rows = "".join(
        f'<tr><td>{escape(f["file"])}</td><td>{escape(f["kinds"])}</td><td class="num">{f["rows"]}</td><td class="hash">{escape(f["sha256"])}</td></tr>'
        for f in files
    )
    param_rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in params)
    version_rows = "".join(f"<tr><th>{escape(VERSION_LABELS.get(k, k))}</th><td>{escape(str(v))}</td></tr>" for k, v in versions.items())
    return (
        '<table class="gk-panel-table gk-files"><thead><tr><th>台账文件</th><th>内容</th><th>记录数</th><th>SHA-256</th></tr></thead>'
        f"<tbody>{file_rows}</tbody></table>"
        f'<table class="gk-panel-table gk-params"><tbody>{param_rows}'
        f"<tr><th>报告格式</th><td>{escape(FORMAT_NAMES[fmt])}</td></tr></tbody></table>"
        f'<table class="gk-panel-table gk-versions"><tbody>{version_rows}</tbody></table>'
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


def review_stylesheet() -> str:
    """The panel's own CSS (case lists shown only while targeted), shipped with the panel."""
    return package_files("gk_helpers.render").joinpath("review.css").read_text(encoding="utf-8")


@dataclass
class Panel:
    """What the panel shows; every field is plain data or ready HTML."""

    checks: list
    warnings: list[str]
    files: list[dict]
    params: list[tuple[str, str]]
    versions: dict
    fmt: str
    year: int
    applications: tuple[list[dict], int] = ([], 0)
    trend: tuple[list, str] = ([], "")
    case_lists: str = ""
    deadlines: str = ""  # the 答复时限 block (render.deadlines_panel.deadlines_html), with its own heading
    extra: list[tuple[str, str]] = field(default_factory=list)  # (heading, HTML) blocks other checks add


def panel_html(panel: Panel) -> str:
    """The whole reviewer panel, clearly marked as not part of the report."""
    failed = sum(1 for c in panel.checks if c.status == "不通过")
    warned = sum(1 for c in panel.checks if c.status == "提示")
    summary = f"核对 {len(panel.checks)} 项，不通过 {failed} 项，提示 {warned} 项；其他提示 {len(panel.warnings)} 条。"
    extra = "".join(f"<h3>{escape(title)}</h3>{html}" for title, html in panel.extra)
    return (
        f"<style>{review_stylesheet()}</style>"
        '<aside class="gk-panel"><h2>审核面板（供审核人员使用，不属于报告正文）</h2>'
        f'<p class="gk-summary">{escape(summary)}</p>'
        f"<h3>核对结果</h3>{checks_html(panel.checks, panel.fmt)}<h3>提示</h3>{warnings_html(panel.warnings)}{panel.deadlines}"
        f"<h3>与上年比较</h3>{trend_html(*panel.trend, panel.year)}{extra}"
        f'<h3 id="gk-cases">数字背后的案件</h3>{panel.case_lists or "<p>（无）</p>"}'
        f"<h3>本年度涉及的申请</h3>{applications_html(*panel.applications)}"
        f"<h3>数据来源</h3>{provenance_html(panel.files, panel.params, panel.versions, panel.fmt)}</aside>"
    )
