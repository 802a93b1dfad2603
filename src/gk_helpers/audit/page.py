"""The audit pages: one per file (tables as read, failed checks' evidence marked on them) and an index.

The index is ``OUT/index.html``, unless ``OUT`` already holds another page of that name (a batch's
overview, when reports and their audit share a folder): then it is ``OUT/审核汇总.html``. Links are
URL-encoded (a file may be called ``a#1?.html``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from ..base.errors import AuditError
from ..base.files import write_atomic
from .results import Audit, AuditRun, Unreadable

_STATUS_CLASS = {"通过": "pass", "不通过": "fail", "提示": "warn", "不适用": "na", "未核对": "unchecked"}
#: Evidence cells listed beside a check; the rest fold under 「另有 N 个单元格」 (125 blank cells would push
#: every later check off the screen; the tables below mark them all anyway).
EVIDENCE_SHOWN = 10
_KIND = {"section2": "第二部分", "section3": "第三部分", "section4": "第四部分", "": "其他表格"}


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(loader=PackageLoader("gk_helpers.audit", "templates"), autoescape=select_autoescape(["j2", "html"]),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.globals["status_class"] = _STATUS_CLASS
    env.globals["evidence_shown"] = EVIDENCE_SHOWN
    return env


def _marks(audit: Audit) -> dict[tuple[int, int, int], list[str]]:
    """(table, origin row, origin col) → the ids of failed checks whose evidence is that cell."""
    marks: dict = {}
    grids = {g.index: g for g in audit.report.document.tables}
    for check in audit.checks:
        if check.status != "不通过":
            continue
        for e in check.evidence:
            if e.read is None or e.read.ref.table not in grids:
                continue
            ref = e.read.ref
            r, c = grids[ref.table].origin[ref.row][ref.col]
            ids = marks.setdefault((ref.table, r, c), [])
            if check.id not in ids:
                ids.append(check.id)
    return marks


def _tables(audit: Audit) -> list[dict]:
    from .tables import kind_of

    marks = _marks(audit)
    out = []
    for grid in audit.report.document.tables:
        kind = kind_of(grid)
        rows = [[{"text": text, "rowspan": rs, "colspan": cs, "marks": marks.get((grid.index, r, c), [])}
                 for r, c, rs, cs, text in row] for row in grid.spans()]
        if kind or any(cell["marks"] for row in rows for cell in row):
            out.append({"index": grid.index, "kind": _KIND[kind], "rows": rows})
    return out


def audit_page(audit: Audit, name: str) -> str:
    """The HTML audit page of one file."""
    r = audit.report
    return _environment().get_template("audit.html.j2").render(
        name=name, report=r, audit=audit, checks=audit.checks, tables=_tables(audit),
        prose=[("一、总体情况", r.prose.get(1, "")), ("五、存在的主要问题及改进情况", r.prose.get(5, "")),
               ("六、其他需要报告的事项", r.prose.get(6, ""))],
    )


def _page_names(run: AuditRun) -> list[str]:
    names, used = [], set()
    for result in run.results:
        base = Path(result.file).name + ".审核"
        name, n = base, 1
        while name in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name)
        names.append(name)
    return names


#: Marks the audit's own summary page (a batch's ``index.html`` in the same folder is left alone).
GENERATOR = "gk audit"
#: The evaluator's summary (``.xlsx``, ``.csv``), and the summary page when ``index.html`` is another page's.
SUMMARY_NAME = "审核汇总"
OWN_INDEX = f"{SUMMARY_NAME}.html"


def index_path(out: Path) -> Path:
    """``out/index.html``, or ``out/审核汇总.html`` when an ``index.html`` not written by ``gk audit`` is there."""
    index = out / "index.html"
    try:
        with index.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", "replace")
    except OSError:
        return index  # none yet (or unreadable: writing it says why)
    return index if f'<meta name="generator" content="{GENERATOR}">' in head else out / OWN_INDEX


def write_pages(run: AuditRun, out: Path) -> Path:
    """Write ``<file>.审核.html`` and ``.json`` per audited file, the summary (``审核汇总.xlsx`` and ``.csv``)
    and the index page (``index_path``); return the index path."""
    from ..report.compute import data_json

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AuditError(f"无法创建输出目录 {out}（{exc.strerror or exc}）。") from exc
    rows = []
    for i, (result, name) in enumerate(zip(run.results, _page_names(run))):
        if isinstance(result, Audit):
            try:
                write_atomic(out / f"{name}.html", audit_page(result, Path(result.file).name))
                write_atomic(out / f"{name}.json", data_json(result.to_dict()))
            except Exception as exc:  # one page that cannot be written costs only its own row
                run.results[i] = result = Unreadable(result.file, f"{result.file}：审核页无法写出（{type(exc).__name__}: {exc}）。")
                rows.append({"file": result.file, "href": None, "error": result.error})
                continue
            counts = {s: sum(1 for c in result.checks if c.status == s) for s in _STATUS_CLASS}
            rows.append({"file": result.file, "href": quote(f"{name}.html"), "audit": result, "counts": counts})
        else:
            rows.append({"file": result.file, "href": None, "error": result.error})
    from .summary import write_summary

    for suffix in (".xlsx", ".csv"):
        write_summary(run, out / f"{SUMMARY_NAME}{suffix}")
    index = index_path(out)
    try:
        write_atomic(index, _environment().get_template("index.html.j2").render(rows=rows, summary=SUMMARY_NAME))
    except OSError as exc:
        raise AuditError(f"无法写出审核汇总页 {index}（{exc.strerror or exc}）。") from exc
    return index
