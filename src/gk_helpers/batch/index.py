"""``OUT/index.html``: every township-year of the batch with its status, checks, warnings and links.

Built from what is on disk (stamps and JSON outputs), so it is the same whether a report
ran now or was unchanged: no timestamps, durations or absolute paths; links are relative;
every text is HTML-escaped; the CSS is inline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from ..render.export import stylesheet
from ..render.outputs import FORMAT_LABELS, FORMATS, extra_paths
from .cache import read_stamp

INDEX_CSS = """
.gk-index { max-width: 280mm; }
.gk-index td.status-ok { color: #176117; }
.gk-index td.status-failed { color: #a00; font-weight: bold; }
.gk-index td.status-missing { color: #666; }
.gk-index td pre { white-space: pre-wrap; margin: 0; font-family: inherit; }
.gk-index ul { margin: 0; padding-left: 1.2em; }
"""
_STATUS = {"ok": ("成功", "status-ok"), "failed": ("失败", "status-failed"), "missing": ("未生成", "status-missing")}


@dataclass(frozen=True)
class Row:
    """One line of the index: a township-year or a county roll-up, located by its files."""

    county: str
    year: int
    name: str  # township, or "" for an entry whose params could not be read
    label: str  # what the first column shows
    html: Path | None
    json: Path | None
    notebook: Path | None
    failed_notebook: Path | None
    stamp: Path | None
    error: str = ""  # a failure known without a stamp (unreadable params)
    review: Path | None = None  # the review page (report + panel + cases behind every number)


def _href(path: Path, out_dir: Path) -> str:
    relative = path.relative_to(out_dir).as_posix()
    return escape("/".join(quote(part) for part in relative.split("/")))


def _links(row: Row, out_dir: Path) -> str:
    links = []
    for path, text in ((row.html, "报告"), (row.review, "审核页"), (row.json, "JSON"), (row.notebook, "笔记本"), (row.failed_notebook, "失败的笔记本")):
        if path is not None and path.is_file():
            links.append(f'<a href="{_href(path, out_dir)}">{escape(text)}</a>')
    if row.html is not None:  # the other formats (--formats), when written
        for fmt, path in extra_paths(row.html, FORMATS).items():
            if path.is_file():
                links.append(f'<a href="{_href(path, out_dir)}">{escape(FORMAT_LABELS[fmt])}</a>')
    return " · ".join(links)


def _details(row: Row) -> tuple[str, str, str]:
    """Status key, failed checks HTML, warnings HTML."""
    stamp = read_stamp(row.stamp) if row.stamp else None
    if row.error or (stamp and not stamp.ok):
        message = row.error or stamp.message
        return "failed", f"<pre>{escape(message)}</pre>", ""
    if not stamp or not (row.json and row.json.is_file()):
        return "missing", "", ""
    try:
        data = json.loads(row.json.read_text(encoding="utf-8"))
    except ValueError:
        return "missing", "", ""
    failed = [c for c in data.get("checks", []) if c.get("passed") is False and c.get("level") != "warning"]
    warned = [c for c in data.get("checks", []) if c.get("passed") is False and c.get("level") == "warning"]
    item = lambda c: f"<li>{escape(c['id'])} {escape(c.get('detail') or c.get('description', ''))}</li>"  # noqa: E731
    checks = "".join(map(item, failed))
    warnings = "".join(map(item, warned)) + "".join(f"<li>{escape(str(w))}</li>" for w in data.get("warnings", []))
    return "ok", f"<ul>{checks}</ul>" if checks else "无", f"<ul>{warnings}</ul>" if warnings else "无"


def index_html(reports: list[Row], rollups: list[Row], out_dir: Path) -> str:
    """The whole page."""
    out_dir = Path(out_dir)
    counts = {"ok": 0, "failed": 0, "missing": 0}
    body = []
    for row in sorted(reports, key=lambda r: (r.county, r.year, r.label)):
        status, checks, warnings = _details(row)
        counts[status] += 1
        text, cls = _STATUS[status]
        body.append(
            f"<tr><td>{escape(row.county)}</td><td>{row.year}</td><td>{escape(row.label)}</td>"
            f'<td class="{cls}">{escape(text)}</td><td>{checks}</td><td>{warnings}</td><td>{_links(row, out_dir)}</td></tr>'
        )
    summary_rows = []
    for row in sorted(rollups, key=lambda r: (r.county, r.year)):
        status, detail, _ = _details(row)
        text, cls = _STATUS[status]
        summary_rows.append(
            f"<tr><td>{escape(row.county)}</td><td>{row.year}</td><td class=\"{cls}\">{escape(text)}</td>"
            f"<td>{detail if status == 'failed' else ''}</td><td>{_links(row, out_dir)}</td></tr>"
        )
    line = f"共 {len(reports)} 份报告：成功 {counts['ok']} 份，失败 {counts['failed']} 份，未生成 {counts['missing']} 份。"
    rollup_table = (
        '<h2 class="gk-heading">县级汇总</h2><table class="gk-panel-table gk-rollups"><thead><tr><th>县（区）</th><th>年度</th>'
        f"<th>状态</th><th>说明</th><th>链接</th></tr></thead><tbody>{''.join(summary_rows)}</tbody></table>"
    ) if summary_rows else ""
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>政府信息公开工作年度报告 批量生成结果</title>\n<style>\n{stylesheet()}{INDEX_CSS}</style>\n</head>\n<body>\n"
        '<main class="gk-report gk-index">\n<h1 class="gk-title">政府信息公开工作年度报告 批量生成结果</h1>\n'
        f'<p class="gk-summary">{escape(line)}</p>\n{rollup_table}\n'
        '<h2 class="gk-heading">各乡镇报告</h2>\n<table class="gk-panel-table gk-reports"><thead><tr><th>县（区）</th><th>年度</th>'
        "<th>乡镇</th><th>状态</th><th>核对不通过 / 错误</th><th>提示</th><th>链接</th></tr></thead>\n<tbody>\n"
        + "\n".join(body) + "\n</tbody></table>\n</main>\n</body>\n</html>\n"
    )
