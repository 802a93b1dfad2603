"""What the report notebook calls: validate the parameters, compute, and show each part.

The notebook holds no logic: ``prepare`` does every check and computation and returns
a ``ReportContext``; ``show_*`` display the parts as HTML. Parameters are validated
before anything is computed, and every mistake is one Chinese ``GkError``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import __version__
from .count.formats import format_for_year
from .count.tables import Year
from .errors import ParamsError
from .ledger.ledgers import Ledgers, load_ledgers
from .count.deadlines import WorkCalendar
from .params import OtherItem, ReportParams, fill_placeholders, load_params
from .previous import resolve_previous
from .prose_review import prose_checks
from .provenance import ledger_files
from .render.deadlines_panel import deadlines_html
from .render.panel import panel_html
from .render.report import section_html, signoff_html, title_html
from .report import ReportData, compute


@dataclass
class ReportContext:
    """Everything one report shows: parameters, ledgers, computed data, filled-in prose."""

    params: ReportParams
    ledgers: Ledgers
    data: ReportData
    overview: str
    problems: str
    other_items: tuple[OtherItem, ...]
    sign_off_date: str


def project_root(start: Path | None = None) -> Path:
    """The folder holding ``params/``: $GK_PROJECT_ROOT, or the nearest parent of the working directory."""
    if os.environ.get("GK_PROJECT_ROOT"):
        return Path(os.environ["GK_PROJECT_ROOT"])
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "params").is_dir():
            return folder
    return here


def find_params(county: str, township: str, year: int, params_root: str | Path = "") -> Path:
    """params/<county>/<township>/<year>.yaml, or a Chinese error naming what is unknown."""
    root = Path(params_root) if params_root else project_root() / "params"
    if not root.is_dir():
        raise ParamsError(f"参数目录 {root} 不存在。")
    county_dir = root / county
    if not county_dir.is_dir():
        known = "、".join(sorted(p.name for p in root.iterdir() if p.is_dir())) or "（无）"
        raise ParamsError(f"未知的县（区）「{county}」：参数目录中没有它。已有：{known}。")
    township_dir = county_dir / township
    if not township_dir.is_dir():
        known = "、".join(sorted(p.name for p in county_dir.iterdir() if p.is_dir())) or "（无）"
        raise ParamsError(f"未知的乡镇「{township}」：{county} 下没有它的参数文件。已有：{known}。")
    path = township_dir / f"{year}.yaml"
    if not path.is_file():
        known = "、".join(sorted(p.stem for p in township_dir.glob("*.yaml"))) or "（无）"
        raise ParamsError(f"{county}{township}没有 {year} 年的参数文件（{path.name}）。已有年度：{known}。")
    return path


def ledger_years(ledgers: Ledgers) -> tuple[int, int] | None:
    """The first and last year of any date in the ledgers (None for no dates at all)."""
    years = []
    for frame in ledgers.frames.values():
        for column in frame.columns:
            if str(frame[column].dtype).startswith("datetime64") and frame[column].notna().any():
                years += [frame[column].min().year, frame[column].max().year]
    return (min(years), max(years)) if years else None


def prepare(params_file: str = "", county: str = "", township: str = "", year: int | None = None,
            format_override: str = "", params_root: str = "") -> ReportContext:
    """Validate the parameters, load and check the ledgers, compute, fill in the prose."""
    if params_file:
        path = Path(params_file)
        if not path.is_absolute() and not path.exists():
            path = project_root() / path
    else:
        if not (county and township and year):
            raise ParamsError("请给出参数文件（params_file），或同时给出县（county）、乡镇（township）和年度（year）。")
        path = find_params(county, township, int(year), params_root)
    params = load_params(path)
    for given, actual, name in ((township, params.township, "乡镇"), (year, params.year, "年度")):
        if given and params_file and str(given) != str(actual):
            raise ParamsError(f"参数不一致：笔记本参数的{name}为「{given}」，参数文件 {path.name} 中为「{actual}」。")
    fmt = format_for_year(params.year, format_override or params.format)
    if not params.ledger_dir.is_dir():
        raise ParamsError(f"参数文件 {path.name} 中的台账目录「{params.ledger_dir_text}」不存在。请检查 ledger_dir（相对于参数文件所在目录）。")
    ledgers = load_ledgers(params.ledger_dir)
    span = ledger_years(ledgers)
    if span is None or not span[0] <= params.year <= span[1]:
        covered = f"{span[0]}–{span[1]} 年" if span else "没有任何日期"
        raise ParamsError(f"台账未覆盖 {params.year} 年：{params.ledger_dir_text} 中的台账{covered}。请检查年度或台账目录。")
    previous = resolve_previous(params, project_root(params.path.parent))
    calendar = WorkCalendar.from_chinesecalendar(params.holidays, params.workdays)
    data = compute(ledgers, params.year, fmt, params.level, previous=previous, calendar=calendar)
    fill = lambda text, where: fill_placeholders(text, data.stats, f"参数文件 {path.name} 的{where}")  # noqa: E731
    sign_off = params.sign_off_date or f"{params.year + 1}年1月"
    data.checks.extend(prose_checks(params, data, sign_off, previous.publication_deadline))
    return ReportContext(
        params=params,
        ledgers=ledgers,
        data=data,
        overview=fill(params.overview, "总体情况"),
        problems=fill(params.problems, "存在的主要问题及改进情况"),
        other_items=tuple(OtherItem(i.title, fill(i.text, f"其他事项「{i.title}」")) for i in params.other_items),
        sign_off_date=sign_off,
    )


def provenance_params(ctx: ReportContext) -> list[tuple[str, str]]:
    """The parameters as shown in the panel (prose summarised, paths as written)."""
    p = ctx.params
    return [
        ("参数文件", f"{p.county}/{p.township}/{p.path.name}"),
        ("机关全称", p.agency),
        ("县（区）/乡镇", f"{p.county} {p.township}"),
        ("报告年度", str(p.year)),
        ("台账目录", p.ledger_dir_text),
        ("机关层级", p.level),
        ("报告格式参数", p.format or "（按年度自动选择）"),
        ("第一、五部分文字", f"{len(ctx.overview)} 字 / {len(ctx.problems)} 字"),
        ("第六部分补充条目", "、".join(i.title for i in ctx.other_items) or "（无）"),
    ]


#: How many applications the panel lists before it says "…另有 N 条".
APPLICATION_LIST_CAP = 200


def year_applications(ctx: ReportContext) -> tuple[list[dict], int]:
    """The applications counted in section 三 of the year (received in it, or open at its start)."""
    apps = ctx.ledgers["applications"]
    y = Year(ctx.params.year)
    counted = apps[y.contains(apps["received"]) | ((apps["received"] < y.start) & (apps["closed"].isna() | (apps["closed"] >= y.start)))]
    counted = counted.sort_values(["received", "id"], kind="stable")
    day = lambda v: "" if pd.isna(v) else v.date().isoformat()  # noqa: E731
    rows = [
        {"申请编号": r.id, "收到日期": day(r.received), "申请人类型": r.applicant, "办结日期": day(r.closed),
         "办理结果": "" if pd.isna(r.outcome) else r.outcome, "申请内容": r.content if "content" in apps else ""}
        for r in counted.head(APPLICATION_LIST_CAP).itertuples()
    ]
    return rows, max(0, len(counted) - APPLICATION_LIST_CAP)


def panel(ctx: ReportContext) -> str:
    """The reviewer panel HTML for a context."""
    return panel_html(ctx.data.checks, ctx.data.warnings, ledger_files(ctx.ledgers), provenance_params(ctx),
                      __version__, ctx.data.format, year_applications(ctx), deadlines_html(ctx.data.deadlines))


def _display(html: str):
    from IPython.display import HTML, display

    display(HTML(html))


def show_title(ctx: ReportContext) -> None:
    """Display the report title."""
    _display(title_html(ctx.params.title))


def show_section(ctx: ReportContext, index: int) -> None:
    """Display section ``index`` (1–6)."""
    _display(section_html(index, ctx))


def show_signoff(ctx: ReportContext) -> None:
    """Display the agency and date sign-off."""
    _display(signoff_html(ctx.params.agency, ctx.sign_off_date))


def show_panel(ctx: ReportContext) -> None:
    """Display the reviewer panel."""
    _display(panel(ctx))





def emit_data(ctx: ReportContext) -> None:
    """Emit the computed tables, checks and statistics as data (``gk report`` writes them to .json)."""
    from IPython.display import display

    from .render.export import DATA_MIMETYPE

    display({DATA_MIMETYPE: ctx.data.to_dict()}, raw=True)
