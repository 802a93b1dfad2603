"""``OUT/index.html``: every township-year of the batch with its status, checks, warnings and links.

Built from what is on disk (stamps and JSON outputs), so it is the same whether a report
ran now or was unchanged: no timestamps, durations or absolute paths; links are relative;
every text is HTML-escaped; the CSS is inline. The batch rewrites it (atomically) before
the first report runs and after each one ends (``IndexWriter``), so an interrupted batch's
index says exactly what is done, what failed and what did not run. A report whose last run
failed but whose earlier good outputs are still there is shown as 上次成功的结果 with the reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from ..render.export import stylesheet
from ..render.html import part
from ..render.outputs import FORMAT_LABELS, FORMATS, extra_paths
from .cache import read_stamp

INDEX_CSS = """
.gk-index { max-width: 280mm; }
.gk-index td.status-ok { color: #176117; }
.gk-index td.status-failed { color: #a00; font-weight: bold; }
.gk-index td.status-missing, .gk-index td.status-pending { color: #666; }
.gk-index td.status-kept { color: #8a5a00; font-weight: bold; }
.gk-index td pre { white-space: pre-wrap; margin: 0; font-family: inherit; }
.gk-index ul { margin: 0; padding-left: 1.2em; }
"""
#: Shown for a report whose re-run failed while the outputs of its last good run are kept.
KEPT_TEXT = "上次成功的结果（台账或参数已变化，本次失败）"
_STATUS = {"ok": ("成功", "status-ok"), "failed": ("失败", "status-failed"), "missing": ("未生成", "status-missing"),
           "pending": ("未运行", "status-pending"), "kept": (KEPT_TEXT, "status-kept")}
PENDING = "pending"


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
    state: str = ""  # PENDING: due to run in this batch and not finished yet
    review: Path | None = None  # the review page (report + panel + cases behind every number)


def _href(path: Path, out_dir: Path) -> Markup:
    relative = path.relative_to(out_dir).as_posix()
    return Markup(escape("/".join(quote(part) for part in relative.split("/"))))


def _esc(text) -> Markup:
    """HTML-escape as ``html.escape`` does (quotes as ``&quot;``/``&#x27;``), for the templates."""
    return text if isinstance(text, Markup) else Markup(escape(str(text)))


def _links(row: Row, out_dir: Path, earlier: bool = False) -> list[tuple[Markup, str]]:
    """报告 · 审核页 · JSON · 笔记本 · the other formats (--formats) · 失败的笔记本, for the files present
    (``earlier``: the files are the last good run's, each link says 上次的…): (href, text) pairs."""
    files = [(row.html, "报告"), (row.review, "审核页"), (row.json, "JSON"), (row.notebook, "笔记本")]
    if row.html is not None:
        files += [(path, FORMAT_LABELS[fmt]) for fmt, path in extra_paths(row.html, FORMATS).items()]
    links = []
    for path, text in files:
        if path is not None and path.is_file():
            links.append((_href(path, out_dir), f"上次的{text}" if earlier else text))
    if row.failed_notebook is not None and row.failed_notebook.is_file():
        links.append((_href(row.failed_notebook, out_dir), "失败的笔记本"))
    return links


def _kept(row: Row) -> bool:
    """Whether the outputs of an earlier good run are there (a failed re-run left them in place)."""
    return bool(row.html and row.json and row.html.is_file() and row.json.is_file())


def _details(row: Row) -> tuple[str, str, list[str], list[str]]:
    """Status key, error message, failed checks, warnings (texts)."""
    if row.state == PENDING:
        return PENDING, "", [], []
    stamp = read_stamp(row.stamp) if row.stamp else None
    if row.error or (stamp and not stamp.ok):
        message = row.error or stamp.message
        return ("kept" if _kept(row) else "failed"), message, [], []
    if not stamp or not (row.json and row.json.is_file()):
        return "missing", "", [], []
    try:
        data = json.loads(row.json.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "missing", "", [], []
    failed = [c for c in data.get("checks", []) if c.get("passed") is False and c.get("level") != "warning"]
    warned = [c for c in data.get("checks", []) if c.get("passed") is False and c.get("level") == "warning"]
    item = lambda c: f"{c['id']} {c.get('detail') or c.get('description', '')}"  # noqa: E731
    return "ok", "", list(map(item, failed)), list(map(item, warned)) + [str(w) for w in data.get("warnings", [])]


def _signature(path: Path | None) -> tuple:
    try:
        stat = path.stat() if path is not None else None
    except OSError:
        return ()
    return (stat.st_mtime_ns, stat.st_size) if stat else ()


class IndexWriter:
    """Renders index.html again and again during a batch; a row is re-read only when its files changed."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self._rows: dict = {}

    def _row(self, row: Row, rollup: bool) -> tuple[str, str]:
        formats = tuple(_signature(p) for p in extra_paths(row.html, FORMATS).values()) if row.html is not None else ()
        key = (row, rollup, _signature(row.stamp), _signature(row.json), _signature(row.html), _signature(row.failed_notebook),
               formats)
        if key not in self._rows:
            self._rows[key] = _render_row(row, self.out_dir, rollup)
        return self._rows[key]

    def page(self, reports: list[Row], rollups: list[Row]) -> str:
        """The whole page."""
        counts = dict.fromkeys(_STATUS, 0)
        body = []
        for row in sorted(reports, key=lambda r: (r.county, r.year, r.label)):
            status, html = self._row(row, False)
            counts[status] += 1
            body.append(html)
        summary_rows = [self._row(row, True)[1] for row in sorted(rollups, key=lambda r: (r.county, r.year))]
        return _page(len(reports), counts, body, summary_rows)


def _render_row(row: Row, out_dir: Path, rollup: bool) -> tuple[str, Markup]:
    status, message, failed, warned = _details(row)
    text, cls = _STATUS[status]
    r = {"county": row.county, "year": row.year, "label": row.label, "status": status, "text": text, "cls": cls,
         "message": message, "failed": failed, "warned": warned,
         "links": _links(row, out_dir, earlier=status in ("kept", PENDING))}
    return status, Markup(part("batch/rollup_row" if rollup else "batch/report_row", r=r, esc=_esc))


def index_html(reports: list[Row], rollups: list[Row], out_dir: Path) -> str:
    """The whole page (once; a batch keeps an ``IndexWriter``)."""
    return IndexWriter(out_dir).page(reports, rollups)


def _page(total: int, counts: dict, body: list[str], summary_rows: list[str]) -> str:
    line = f"共 {total} 份报告：成功 {counts['ok']} 份，失败 {counts['failed'] + counts['kept']} 份"
    if counts["kept"]:
        line += f"（其中 {counts['kept']} 份保留上次成功的结果）"
    if counts[PENDING]:
        line += f"，未运行 {counts[PENDING]} 份"
    line += f"，未生成 {counts['missing']} 份。"
    return part("batch/index", css=Markup(stylesheet() + INDEX_CSS), line=line, esc=_esc,
                rollups=[Markup(r) for r in summary_rows], reports=[Markup(r) for r in body]) + "\n"
