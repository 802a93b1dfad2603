"""The county roll-up: every township's report of one year, summed and cross-checked.

Reads the batch's outputs, never the ledgers: ``OUT/<county>/<year>/<township>.json``
(and the stamps and failed notebooks for the townships that did not produce one).
Sections 三 and 四 are summed over the townships; R1–R3 are checked again on the sum
(they must survive addition); each township's key figures, its failed checks and the
cross-year carry-over (R5: this year's 二、上年结转 = the township's own last-year
四、结转下年度, from last year's JSON) are listed. ``notebooks/county_summary.ipynb``
calls ``summarize`` and ``show``; the notebook holds no logic. The page's markup is in
``render/templates/rollup/*.html.j2`` (a county can override them); this module prepares the data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import numpy as np
from markupsafe import Markup

from ..count import checks as ck
from ..count.deadlines import OVERDUE
from ..base.formats import SECTION3_COLUMNS, format_for_year, row_index, section3_rows
from ..render.html import part
from ..render.panel import checks_html, records_html, review_stylesheet
from ..render.tables import section3_html, section4_html
from ..base.townships import read_order, sort_townships
from .cache import FAILED, read_stamp, stamp_path

#: The roll-up's own files in ``OUT/<county>/<year>/`` (no township is called this).
ROLLUP_STEM = "index"


@dataclass
class Township:
    """One township's outcome for the year: its report data, or why there is none."""

    name: str
    data: dict | None
    message: str = ""

    @property
    def ok(self) -> bool:
        """Whether the township's report (and its JSON) exists."""
        return self.data is not None


@dataclass
class CountySummary:
    """The roll-up of one county and year."""

    county: str
    year: int
    format: str
    townships: list[Township]
    section3: np.ndarray
    section4: np.ndarray
    checks: list[ck.Check]
    excluded: list[str] = field(default_factory=list)  # townships left out of the sum (other format)
    carry_over: list[dict] = field(default_factory=list)
    last_year: list[Township] = field(default_factory=list)  # the townships' reports of year − 1 (for the chart)

    @property
    def title(self) -> str:
        """The roll-up's title."""
        return f"{self.county}{self.year}年政府信息公开工作年度报告汇总"

    @property
    def summed(self) -> list[Township]:
        """The townships whose figures are in the sum."""
        return [t for t in self.townships if t.ok and t.name not in self.excluded]

    def key_figures(self) -> list[dict]:
        """Per township: applications received, carried over, closed, carried forward; review cases; checks."""
        figures = []
        for t in self.townships:
            row = {"乡镇": t.name, "状态": "成功" if t.ok else "失败"}
            if t.ok:
                row.update(_key_figures(t.data))
            figures.append(row)
        return figures

    def failed_checks(self) -> list[dict]:
        """Every failed check of every township (township, id, description, detail)."""
        return [
            {"乡镇": t.name, "编号": c["id"], "核对内容": c["description"], "说明": c.get("detail", "")}
            for t in self.townships if t.ok for c in t.data.get("checks", []) if _failed(c)
        ]

    def failed_reports(self) -> list[dict]:
        """The townships whose report could not be produced, with the reason."""
        return [{"乡镇": t.name, "原因": t.message} for t in self.townships if not t.ok]

    def to_dict(self) -> dict:
        """The roll-up as JSON-ready data (written to ``index.json``)."""
        return {
            "county": self.county,
            "year": self.year,
            "format": self.format,
            "townships": [t.name for t in self.townships],
            "summed": [t.name for t in self.summed],
            "excluded": list(self.excluded),
            "section3": [[r.label, [int(v) for v in self.section3[i]]] for i, r in enumerate(section3_rows(self.format))],
            "section4": [int(v) for v in self.section4],
            "checks": [c.to_dict() for c in self.checks],
            "key_figures": self.key_figures(),
            "failed_checks": self.failed_checks(),
            "failed_reports": self.failed_reports(),
            "carry_over": self.carry_over,
        }


def _row(data: dict, fmt: str, role: str) -> list[int]:
    index = row_index(fmt, role)
    return [int(v) for v in data["section3"][index][1]]


def _key_figures(data: dict) -> dict:
    fmt, s4 = data["format"], data["section4"]
    total = lambda role: _row(data, fmt, role)[-1]  # noqa: E731 - the 总计 column
    return {
        "本年新收": total("received"),
        "上年结转": total("carried_over"),
        "本年办结": total("closed_total"),
        "结转下年度": total("carried_forward"),
        "行政复议": int(s4[4]),
        "行政诉讼": int(s4[9]) + int(s4[14]),
        "核对不通过": sum(1 for c in data.get("checks", []) if _failed(c)),
        "逾期答复": sum(1 for d in data.get("deadlines", []) if d.get("status") in OVERDUE),
        "提示": len(data.get("warnings", [])) + sum(1 for c in data.get("checks", []) if c.get("passed") is False and not _failed(c)),
    }


def _failed(check: dict) -> bool:
    """A failed check in a report JSON (a 提示-level check that did not pass is a warning, not a failure)."""
    return check.get("passed") is False and check.get("level", "fail") != "warning"


def county_order(county: str, params_dir: str | Path | None = None) -> list[str]:
    """The county's township order (``townships.ORDER_FILE`` in ``params_dir``, by default the project's ``params/``)."""
    from ..base.paths import project_root

    return read_order(params_dir if params_dir is not None else project_root() / "params", county)


def load_townships(out_dir: str | Path, county: str, year: int, order=()) -> list[Township]:
    """Every township with an outcome in ``OUT/<county>/<year>/``, in the county's ``order`` (then pinyin)."""
    folder = Path(out_dir) / county / str(year)
    if not folder.is_dir():
        return []
    names = {p.stem for p in folder.glob("*.json") if not p.name.startswith(".")}
    names |= {p.name[: -len(".failed.ipynb")] for p in folder.glob("*.failed.ipynb") if not p.name.startswith(".")}
    names.discard(ROLLUP_STEM)
    townships = []
    for name in sort_townships(names, order):
        json_file = folder / f"{name}.json"
        stamp = read_stamp(stamp_path(folder / f"{name}.html"))
        if json_file.is_file() and not (stamp and stamp.status == FAILED):
            townships.append(Township(name, json.loads(json_file.read_text(encoding="utf-8"))))
        else:
            townships.append(Township(name, None, stamp.message if stamp else "报告生成失败（见失败的笔记本）"))
    return townships


def carry_over(townships: list[Township], last_year: list[Township]) -> list[dict]:
    """R5 per township: this year's 二、上年结转 against its last-year 四、结转下年度 (每一列)."""
    previous = {t.name: t.data for t in last_year if t.ok}
    rows = []
    for t in townships:
        if not t.ok:
            continue
        current = _row(t.data, t.data["format"], "carried_over")
        before = previous.get(t.name)
        if before is None:
            rows.append({"乡镇": t.name, "本年上年结转": current, "上年结转下年度": None, "结果": "不适用", "说明": "没有上年报告"})
            continue
        last = _row(before, before["format"], "carried_forward")
        bad = [col for col, a, b in zip(SECTION3_COLUMNS, current, last) if a != b]
        rows.append({"乡镇": t.name, "本年上年结转": current, "上年结转下年度": last, "结果": "不通过" if bad else "通过",
                     "说明": "不相等的列：" + "、".join(bad) if bad else ""})
    return rows


def summarize(out_dir: str | Path, county: str, year: int, order=None) -> CountySummary:
    """Sum the county's township reports of ``year`` and check the sum; townships in the county's ``order``
    (by default its ordering file in the project's ``params/``, see ``townships``)."""
    year = int(year)
    fmt = format_for_year(year)
    order = county_order(county) if order is None else order
    townships = load_townships(out_dir, county, year, order)
    excluded = [t.name for t in townships if t.ok and t.data.get("format") != fmt]
    summed = [t for t in townships if t.ok and t.name not in excluded]
    s3 = np.zeros((len(section3_rows(fmt)), len(SECTION3_COLUMNS)), dtype=np.int64)
    s4 = np.zeros(15, dtype=np.int64)
    for t in summed:
        s3 += np.array([values for _, values in t.data["section3"]], dtype=np.int64)
        s4 += np.array(t.data["section4"], dtype=np.int64)
    checks = [ck.check_r1(s3, fmt), ck.check_r2(s3, fmt), ck.check_r3(s3, fmt), ck.check_r8(s4)]
    last_year = load_townships(out_dir, county, year - 1, order)
    return CountySummary(county, year, fmt, townships, s3, s4, checks, excluded, carry_over(townships, last_year), last_year)


# ---- HTML parts the notebook displays -------------------------------------------------

def title_html(s: CountySummary) -> str:
    """Title and a one-line account of what was summed."""
    failed = len(s.townships) - len([t for t in s.townships if t.ok])
    line = f"共 {len(s.townships)} 个乡镇，合计 {len(s.summed)} 个，报告生成失败 {failed} 个。"
    if s.excluded:
        line += f"报告格式与本年度不同、未计入合计：{'、'.join(s.excluded)}。"
    return part("rollup/title", css=Markup(review_stylesheet()), title=s.title, line=line)


def totals_html(s: CountySummary) -> str:
    """Sections 三 and 四 summed over the townships, and R1–R3, R8 checked on the sum."""
    rows = [(r.label, [int(v) for v in s.section3[i]]) for i, r in enumerate(section3_rows(s.format))]
    return part("rollup/totals", section3=Markup(section3_html(rows, s.format)),
                section4=Markup(section4_html([int(v) for v in s.section4])), checks=Markup(checks_html(s.checks, s.format)))


def townships_html(s: CountySummary) -> str:
    """Each township's key figures (总计 column)."""
    return part("rollup/townships", figures=Markup(records_html(s.key_figures(), "没有乡镇报告。")))


def problems_html(s: CountySummary) -> str:
    """Townships with failed checks, and townships whose report failed."""
    return part("rollup/problems", failed_checks=Markup(records_html(s.failed_checks(), "所有乡镇的核对均通过。")),
                failed_reports=Markup(records_html(s.failed_reports(), "没有。")))


def carry_over_html(s: CountySummary) -> str:
    """R5 across years, per township."""
    note = f"本年“二、上年结转”与该乡镇{s.year - 1}年报告“四、结转下年度继续办理”逐列比较（各列依次为：{'、'.join(SECTION3_COLUMNS)}）。"
    bad = [r for r in s.carry_over if r["结果"] == "不通过"]
    summary = f"不一致的乡镇 {len(bad)} 个：{'、'.join(r['乡镇'] for r in bad)}。" if bad else "没有不一致的乡镇。"
    return part("rollup/carry_over", note=note, summary=summary, table=Markup(records_html(s.carry_over, "没有可核对的乡镇。")))


def chart_html(s: CountySummary) -> str:
    """Applications per township this year and last, and this year's outcomes, as an inline SVG figure."""
    from ..render.chart import outcome_totals, rollup_chart_svg

    shown = [t for t in s.townships if t.ok]
    if not shown:
        return ""
    names = [t.name for t in shown]
    previous = {t.name: t.data for t in s.last_year if t.ok}
    received = {s.year - 1: [_row(previous[n], previous[n]["format"], "received")[-1] if n in previous else None for n in names],
                s.year: [_row(t.data, t.data["format"], "received")[-1] for t in shown]}
    if not any(v is not None for v in received[s.year - 1]):
        del received[s.year - 1]
    per_township = [outcome_totals(t.data["section3"]) for t in shown]
    outcomes = {name: [o[name] for o in per_township] for name in per_township[0]}
    svg = rollup_chart_svg(names, received, outcomes, s.year, f"{s.county}各乡镇政府信息公开申请")
    caption = (f"图：各乡镇本年新收申请（{'、'.join(f'{y}年' for y in received)}，以不同斜线区分年度）和{s.year}年办理结果"
               "（按结果分类叠加，以不同图案区分）。“—”表示该年没有报告。具体数字见下表。")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(caption)}" ', 1)
    return part("rollup/chart", svg=Markup(svg), caption=caption)


def _display(html: str) -> None:
    from IPython.display import HTML, display

    display(HTML(html))


def show(s: CountySummary, part: str) -> None:
    """Display one part: ``title``, ``totals``, ``chart``, ``townships``, ``problems`` or ``carry_over``."""
    _display({"title": title_html, "totals": totals_html, "chart": chart_html, "townships": townships_html,
              "problems": problems_html, "carry_over": carry_over_html}[part](s))


def emit_data(s: CountySummary) -> None:
    """Emit the roll-up as data (the batch writes it to ``index.json``)."""
    from IPython.display import display

    from ..render.notebook_outputs import DATA_MIMETYPE

    display({DATA_MIMETYPE: s.to_dict()}, raw=True)


# ---- running the roll-up notebook ----------------------------------------------------

def rollup_paths(out_dir: str | Path, county: str, year: int) -> dict[str, Path]:
    """The roll-up's files: ``OUT/<county>/<year>/index.html``, ``.ipynb``, ``.json``, ``.failed.ipynb``."""
    folder = Path(out_dir) / county / str(year)
    return {ext: folder / f"{ROLLUP_STEM}.{ext}" for ext in ("html", "ipynb", "json", "failed.ipynb")}


def produce_rollup(county: str, year: int, out_dir: str | Path, notebook: str | Path, cwd: str | Path,
                   engine_name: str | None = None, kernel_name: str = "python3", timeout: float | None = None,
                   origin: tuple[str, str] | None = None) -> dict[Path, str]:
    """Run the roll-up notebook and render its HTML, JSON and notebook in memory (nothing is written).

    A failure raises ``NotebookFailed`` (the reason and the failed notebook's text).
    """
    import os

    from ..render.export import notebook_html
    from ..render.notebook_outputs import notebook_data
    from ..report.compute import data_json
    from .notebook_run import notebook_json, run_notebook

    paths = rollup_paths(out_dir, county, year)
    try:
        out_param = os.path.relpath(Path(out_dir).resolve(), Path(cwd).resolve())
    except ValueError:
        out_param = str(Path(out_dir).resolve())
    nb = run_notebook(notebook, {"county": county, "year": int(year), "out_dir": out_param}, cwd, kernel_name, timeout,
                      engine_name, origin or (str(notebook), str(paths["ipynb"])))
    return {paths["html"]: notebook_html(nb, f"{county}{year}年政府信息公开工作年度报告汇总"),
            paths["json"]: data_json(notebook_data(nb)), paths["ipynb"]: notebook_json(nb)}


def execute_rollup(county: str, year: int, out_dir: str | Path, notebook: str | Path, cwd: str | Path,
                   engine_name: str | None = None, kernel_name: str = "python3",
                   timeout: float | None = None) -> dict[str, Path]:
    """Run the roll-up notebook with papermill and commit its HTML, notebook and JSON together.

    A failure keeps the last good roll-up in place and raises a ``RenderError``.
    """
    from ..base.errors import RenderError
    from .execute import commit, keep_failed
    from .notebook_run import NotebookFailed

    paths = rollup_paths(out_dir, county, year)
    try:
        contents = produce_rollup(county, year, out_dir, notebook, cwd, engine_name, kernel_name, timeout)
    except NotebookFailed as failed:
        kept = keep_failed(paths["failed.ipynb"], failed.notebook)
        error = RenderError(f"{county}{year}年汇总生成失败：{failed.reason}")
        error.reason, error.failed_notebook = failed.reason, paths["failed.ipynb"] if kept else None
        raise error from None
    commit(contents)
    paths["failed.ipynb"].unlink(missing_ok=True)
    return paths
