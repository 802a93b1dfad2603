"""The reviewer panel: checks, warnings, year-over-year, the cases behind every number, provenance.

Shown only on the review page (``<township>.review.html``), never on the public report.
Every piece of evidence reads as a small table or a sentence; failed checks come first.
The markup is in ``templates/review/*.html.j2`` (a county can override them); this module
only prepares the data the templates show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files as package_files

from markupsafe import Markup

from ..base.formats import SECTION2_BLOCKS, SECTION3_COLUMNS, SECTION4_RESULTS
from ..report.provenance import FORMAT_NAMES
from .evidence import evidence_html, from_numbers
from .html import part

_STATUS_CLASS = {"通过": "pass", "不通过": "fail", "提示": "warn", "不适用": "skip", "未核对": "unchecked"}
#: Panel order: what needs the reviewer first.
_STATUS_ORDER = {"不通过": 0, "提示": 1, "未核对": 2, "通过": 3, "不适用": 4}
#: Column names for evidence given as lists, by list length (section 三 row, section 四 group).
_LIST_COLUMNS = {len(SECTION3_COLUMNS): SECTION3_COLUMNS, len(SECTION4_RESULTS): SECTION4_RESULTS}

#: Labels of the recorded versions, in the order the panel lists them.
VERSION_LABELS = {"python": "Python", "pandas": "pandas", "numpy": "numpy", "papermill": "papermill",
                  "nbconvert": "nbconvert", "gk-report": "工具包 gk-report", "source_hash": "工具包源代码哈希"}


def _evidence(check, list_columns: dict) -> Markup:
    """The check's evidence as HTML, shown on its own full-width row under it ('' when there is none).

    A check without ``evidence`` gets it derived from its ``numbers``: never JSON.
    """
    return Markup(evidence_html(check.evidence or from_numbers(check.numbers, list_columns)))


def list_columns(fmt: str) -> dict[int, tuple]:
    """Column names for evidence given as lists: a section 三 row, a section 四 group, the 规章 row of 二."""
    return {len(SECTION2_BLOCKS[fmt][0].columns): SECTION2_BLOCKS[fmt][0].columns, **_LIST_COLUMNS}


def ordered(checks) -> list:
    """Checks in panel order: 不通过, 提示, 未核对, 通过, 不适用 (stable within each)."""
    return sorted(checks, key=lambda c: _STATUS_ORDER.get(c.status, 5))


def checks_html(checks, fmt: str = "2021") -> str:
    """Every check, failed first: id, description, status, detail, and under it its evidence (a table or a sentence)."""
    columns = list_columns(fmt)
    rows = [{"id": c.id, "description": c.description, "status": c.status, "detail": c.detail,
             "status_class": _STATUS_CLASS.get(c.status, "skip"), "evidence": _evidence(c, columns)} for c in ordered(checks)]
    return part("review/checks", checks=rows)


def warnings_html(warnings: list[str]) -> str:
    """Missing ledger kinds and tolerated data issues."""
    return part("review/warnings", warnings=list(warnings))


def notes_html(notes: list[str]) -> str:
    """What the kit did in reading the ledgers that needs no attention (an office's own columns, empty sheets)."""
    return part("review/warnings", warnings=list(notes))


def trend_html(changes, note: str, year: int) -> str:
    """This year, last year and the change for the key figures; large swings marked in words."""
    return part("review/trend", changes=list(changes), note=note, year=year)


def provenance_html(files: list[dict], params: list[tuple[str, str]], versions: dict, fmt: str) -> str:
    """Ledger files with their SHA-256, the parameters, the software versions and the format."""
    return part("review/provenance", files=files, params=params, format_name=FORMAT_NAMES[fmt],
                versions=[(VERSION_LABELS.get(k, k), str(v)) for k, v in versions.items()])


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return " / ".join(str(v) for v in value)
    return str(value)


def records_html(rows: list[dict], empty: str, cls: str = "") -> str:
    """A list of records as a table (columns in first-seen order), or ``empty`` when there are none."""
    columns = list(dict.fromkeys(k for r in rows for k in r))
    cells = [[_cell(r.get(c, "")) for c in columns] for r in rows]
    return part("review/records", columns=columns, rows=cells, empty=empty, css=cls)


def applications_html(rows: list[dict], more: int) -> str:
    """The applications behind section 三 of the year, for the reviewer to trace each count."""
    return part("review/applications", records=Markup(records_html(rows, "本年度表格不涉及任何申请。", "gk-applications")),
                more=more)


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


def summary_html(data: dict) -> str:
    """The review page's summary at its top, from the report's data (checks, warnings): the failed checks and the
    hints first, each linking to its entry in the panel (``#check-D1``, ``#warning-1``)."""
    checks = [c for c in data.get("checks", []) if isinstance(c, dict)]
    failed = [c for c in checks if c.get("status") == "不通过"]
    hints = [c for c in checks if c.get("status") == "提示"]
    warnings = [str(w) for w in data.get("warnings", [])]
    line = f"核对 {len(checks)} 项，不通过 {len(failed)} 项，提示 {len(hints)} 项；其他提示 {len(warnings)} 条。"
    return part("review/summary", line=line, failed=failed, hints=hints, warnings=warnings)


def panel_html(panel: Panel) -> str:
    """The whole reviewer panel, clearly marked as not part of the report."""
    failed = sum(1 for c in panel.checks if c.status == "不通过")
    warned = sum(1 for c in panel.checks if c.status == "提示")
    summary = f"核对 {len(panel.checks)} 项，不通过 {failed} 项，提示 {warned} 项；其他提示 {len(panel.warnings)} 条。"
    return part(
        "review/panel", css=Markup(review_stylesheet()), summary=summary,
        checks=Markup(checks_html(panel.checks, panel.fmt)), warnings=Markup(warnings_html(panel.warnings)),
        deadlines=Markup(panel.deadlines), trend=Markup(trend_html(*panel.trend, panel.year)),
        extra=[(title, Markup(html)) for title, html in panel.extra], case_lists=Markup(panel.case_lists),
        applications=Markup(applications_html(*panel.applications)),
        provenance=Markup(provenance_html(panel.files, panel.params, panel.versions, panel.fmt)),
    )
