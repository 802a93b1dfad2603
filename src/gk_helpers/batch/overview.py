"""The batch overview a reviewer reads: ``OUT/index.html`` and one page per county ``OUT/<县>/index.html``.

The front page counts every status and lists the counties (with only one county, its matrix is
on the front page too). A county's page is a township × year matrix in the county's own township
order (``townships``): each cell gives the status in words and colour, the failed check ids (each a
link to that check on the review page), the number of warnings (details on the review page) and
the links to the files; under it the county roll-up per year, then every report that needs
attention with its failed checks or its error. Township names never wrap (a wide matrix scrolls in
its own box). The markup is in ``render/templates/batch/`` (a county can override it); this module
prepares the data from the ``index.Record`` s. The batch rewrites every page (atomically, only the
ones that changed) before the first report runs, as reports end (at most every half second) and when it
stops (``IndexWriter``), so an interrupted batch's overview says exactly what is done, what failed and
what did not run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup, escape

from ..render.export import stylesheet
from ..render.html import part
from ..base.townships import pinyin_key, sort_townships
from ..ledger.coverage import is_no_records_hint
from .index import OUTPUT_LABELS, Record, Row, counts, extra_paths_of, index_json, record, summary_line

OVERVIEW_CSS = """
.gk-index { max-width: none; }
.gk-index .status-ok { color: #176117; }
.gk-index .status-checks { color: #b34700; font-weight: bold; }
.gk-index .status-failed { color: #a00; font-weight: bold; }
.gk-index .status-missing, .gk-index .status-pending { color: #666; }
.gk-index .status-kept { color: #8a5a00; font-weight: bold; }
.gk-index td.cell-checks { background: #fff1e0; }
.gk-index td.cell-failed, .gk-index td.cell-kept { background: #fde8e8; }
.gk-index pre { white-space: pre-wrap; margin: 0; font-family: inherit; }
.gk-index ul { margin: 0; padding-left: 1.2em; }
.gk-index .gk-box { overflow-x: auto; max-width: 100%; }
.gk-index table.gk-matrix, .gk-index table.gk-counties { width: auto; }
.gk-index .gk-matrix th, .gk-index .gk-counties th, .gk-index .gk-counties td { white-space: nowrap; }
.gk-index .gk-matrix td { min-width: 9em; max-width: 16em; }
.gk-index .gk-matrix td > span { display: block; }
.gk-index .gk-matrix .gk-ids a { margin-right: 0.4em; }
.gk-index .gk-matrix .gk-files { font-size: 9pt; }
.gk-index .gk-matrix .gk-no-records { color: #8a5a00; font-weight: bold; }
.gk-index .gk-matrix tr.gk-rollup-row th, .gk-index .gk-matrix tr.gk-rollup-row td { border-top: 2px solid #555; }
.gk-index .gk-problems li { margin: 0.3em 0; }
"""
#: The statuses listed under the matrix as needing attention.
PROBLEMS = ("checks", "failed", "kept")
#: Outputs linked from a matrix cell, in order (the notebook, JSON and failed notebook are in the problem list and index.json).
CELL_LINKS = ("html", "review", "fragment", "docx", "pdf", "xlsx")


def ordered(records: list[Record], orders: dict) -> list[Record]:
    """Records by county (pinyin), then the county's township order (``orders[county]``), then year."""
    towns = {}
    for county in {r.county for r in records}:
        names = sort_townships([r.township for r in records if r.county == county], orders.get(county, ()))
        towns[county] = {name: i for i, name in enumerate(names)}
    return sorted(records, key=lambda r: (pinyin_key(r.county), towns[r.county][r.township], r.year, r.label))


def _href(path: str, base: str) -> Markup:
    """A relative link from the folder ``base`` ("" or "<county>/") to ``path`` (relative to the output folder)."""
    if base and path.startswith(base):
        path = path[len(base):]
    return Markup(escape("/".join(quote(segment) for segment in path.split("/"))))


@dataclass
class Cell:
    """What a matrix cell shows."""

    record: Record | None
    links: list  # (href, text)
    checks: list  # (check id, href to its entry on the review page, what failed)
    warnings_href: str
    problem: str  # the id of its entry in the problem list ('' when none)
    failed_notebook: str = ""  # href of the notebook a failed run left
    no_records: bool = False  # the ledgers hold nothing dated in its year: every figure is 0 on purpose


def _cell(record: Record | None, base: str, problems: dict) -> Cell:
    if record is None:
        return Cell(None, [], [], "", "")
    failed_notebook = _href(record.output("failed_notebook"), base) if record.output("failed_notebook") else ""
    review = record.output("review")
    links = [(_href(path, base), ("上次的" if record.earlier else "") + OUTPUT_LABELS[kind])
             for kind, path in record.outputs if kind in CELL_LINKS]
    checks = [(cid, _href(review, base) + Markup("#check-") + escape(cid) if review else "", detail)
              for cid, detail in record.failed]
    warnings = _href(review, base) + Markup("#gk-warnings") if review and record.warnings else ""
    no_records = any(is_no_records_hint(w) for w in record.warnings)
    return Cell(record, links, checks, warnings, problems.get(id(record), ""), failed_notebook, no_records)


def _county(county: str, towns: list[Record], sums: list[Record], base: str) -> Markup:
    """The county's matrix, roll-ups and problem list (``base``: the page's folder relative to the output folder)."""
    years = sorted({r.year for r in towns} | {r.year for r in sums})
    names = list(dict.fromkeys(r.township or r.label for r in towns))
    problems = {id(r): f"problem-{i}" for i, r in enumerate((r for r in towns if r.status in PROBLEMS), 1)}
    grid = {(r.township or r.label, r.year): r for r in towns}
    rows = [(name, [_cell(grid.get((name, y)), base, problems) for y in years]) for name in names]
    by_year = {r.year: r for r in sums}
    rollups = [_cell(by_year.get(y), base, {}) for y in years] if sums else []
    listed = [(problems[id(r)], r, _cell(r, base, problems)) for r in towns if id(r) in problems]
    return Markup(part("batch/county", county=county, line=summary_line(towns), years=years, rows=rows, rollups=rollups,
                       problems=listed, counts=counts(towns)))


def county_page(county: str, towns: list[Record], sums: list[Record]) -> str:
    """``OUT/<county>/index.html``."""
    body = _county(county, towns, sums, f"{county}/")
    return part("batch/page", css=Markup(stylesheet() + OVERVIEW_CSS), title=f"{county} 政府信息公开工作年度报告 批量生成结果",
                back=True, body=body) + "\n"


def front_page(reports: list[Record], sums: list[Record]) -> str:
    """``OUT/index.html``: the counts, the counties (each linking to its page); one county's matrix in full."""
    counties = list(dict.fromkeys(r.county for r in reports)) or list(dict.fromkeys(r.county for r in sums))
    rows = []
    for county in counties:
        towns = [r for r in reports if r.county == county]
        rows.append({"county": county, "href": _href(f"{county}/index.html", ""), "counts": counts(towns),
                     "townships": len({r.township or r.label for r in towns}), "years": sorted({r.year for r in towns})})
    inline = _county(counties[0], reports, [r for r in sums if r.county == counties[0]], "") if len(counties) == 1 else ""
    body = Markup(part("batch/index", line=summary_line(reports), counties=rows, inline=inline))
    return part("batch/page", css=Markup(stylesheet() + OVERVIEW_CSS), title="政府信息公开工作年度报告 批量生成结果",
                back=False, body=body) + "\n"


def _signature(path: Path | None) -> tuple:
    try:
        stat = path.stat() if path is not None else None
    except OSError:
        return ()
    return (stat.st_mtime_ns, stat.st_size) if stat else ()


class IndexWriter:
    """Renders the overview again and again during a batch: a row is re-read only when its files changed,
    a page re-rendered only when one of its records changed, a file rewritten only when its text changed."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self._records: dict = {}
        self._pages: dict = {}
        self._written: dict[Path, str] = {}
        self.reports: list[Record] = []  # the last records made (for --strict and the summary)

    def _record(self, row: Row) -> Record:
        formats = tuple(_signature(p) for p in extra_paths_of(row)) if row.html is not None else ()
        key = (row, _signature(row.stamp), _signature(row.json), _signature(row.html), _signature(row.failed_notebook),
               _signature(row.review), formats)
        if key not in self._records:
            self._records[key] = record(row, self.out_dir)
        return self._records[key]

    def files(self, reports: list[Row], rollups: list[Row], orders: dict | None = None) -> dict[Path, str]:
        """Every overview file: ``index.html``, ``index.json`` and ``<county>/index.html``, path → text."""
        self.reports = ordered([self._record(r) for r in reports], orders or {})
        sums = [self._record(r) for r in sorted(rollups, key=lambda r: (r.county, r.year))]
        by_county: dict[str, tuple[list, list]] = {}
        for r in self.reports:
            by_county.setdefault(r.county, ([], []))[0].append(r)
        for r in sums:
            by_county.setdefault(r.county, ([], []))[1].append(r)
        out = {self.out_dir / "index.json": index_json(self.reports, sums)}
        for county, (towns, county_sums) in by_county.items():
            key = ("county", county, tuple(towns), tuple(county_sums))
            if key not in self._pages:
                self._pages[key] = county_page(county, towns, county_sums)
            out[self.out_dir / county / "index.html"] = self._pages[key]
        out[self.out_dir / "index.html"] = front_page(self.reports, sums)
        return out

    def changed(self, files: dict[Path, str]) -> dict[Path, str]:
        """The files whose text differs from what this writer last wrote (``written`` records a write)."""
        return {path: text for path, text in files.items() if self._written.get(path) != text or not path.is_file()}

    def written(self, path: Path, text: str) -> None:
        """Remember that ``path`` now holds ``text``."""
        self._written[path] = text

    def page(self, reports: list[Row], rollups: list[Row], orders: dict | None = None) -> str:
        """The front page alone (``OUT/index.html``)."""
        return self.files(reports, rollups, orders)[self.out_dir / "index.html"]


def index_html(reports: list[Row], rollups: list[Row], out_dir: Path, orders: dict | None = None) -> str:
    """The front page, once (a batch keeps an ``IndexWriter``)."""
    return IndexWriter(out_dir).page(reports, rollups, orders)
