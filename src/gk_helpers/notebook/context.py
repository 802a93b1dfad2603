"""What the report notebook calls: validate the parameters, compute, and show each part.

The notebook holds no logic: ``prepare`` does every check and computation and returns
a ``ReportContext``; ``show_*`` display the parts as HTML. Parameters are validated
before anything is computed, and every mistake is one Chinese ``GkError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from html import escape
from pathlib import Path

import pandas as pd

from ..base import contain
from ..base.formats import format_for_year
from ..count.tables import Year, dates
from ..count.trend import year_over_year
from ..base.errors import ParamsError
from ..report.frames import cell_cases, deadlines_frame, ledger_frame
from ..ledger.coverage import year_coverage
from ..ledger.ledgers import Ledgers, load_ledgers
from ..count.deadlines import WorkCalendar
from ..ledger.schema import LEDGER_KINDS
from .params import FIELDS, OtherItem, ReportParams, fill_placeholders, load_params, report_placeholders
from .previous import resolve_previous
from .project import unfilled_prompts
from .prose_review import prose_checks
from ..report.provenance import ledger_files, provenance, versions
from ..render.cases import case_lists_html, cell_links
from ..render.deadlines_panel import deadlines_html
from ..render.panel import Panel, notes_html, panel_html
from ..render.sentences import summary_sentences
from ..render import html as render_html
from ..render.model import Document, Section, build_document, section_blocks
from ..report.compute import ReportData, compute
from ..base.paths import find_params, project_root


@dataclass(repr=False)
class ReportContext:
    """Everything one report shows: parameters, ledgers, computed data, filled-in prose.

    For analysts: ``ctx.table3`` / ``ctx.table4`` / ``ctx.table2`` are the tables as labelled
    DataFrames, ``ctx.ledger("依申请公开")`` a ledger with its Chinese headers and source rows,
    ``ctx.cases("三", "（四）无法提供/1.本机关不掌握相关政府信息", "自然人")`` the ledger rows
    behind one cell (see docs/分析笔记本.md).
    """

    params: ReportParams
    ledgers: Ledgers
    data: ReportData
    overview: str
    problems: str
    other_items: tuple[OtherItem, ...]
    sign_off_date: str
    document: Document | None = None  # the report as published (render.model), built once by ``prepare``
    lead: str = ""  # the lead paragraph (导语), placeholders filled

    @cached_property
    def project(self) -> Path:
        """The project folder of the params file (where a county's own ``templates/`` live); looked up once."""
        return project_root(self.params.path.parent)

    @property
    def table2(self) -> dict[str, pd.DataFrame]:
        """Section 二: one DataFrame per 条例 item."""
        return self.data.table2

    @property
    def table3(self) -> pd.DataFrame:
        """Section 三: MultiIndex rows (部分, 类别, 项目) × the seven applicant columns."""
        return self.data.table3

    @property
    def table4(self) -> pd.DataFrame:
        """Section 四: one row under (类别, 结果) columns."""
        return self.data.table4

    def ledger(self, kind: str) -> pd.DataFrame:
        """A ledger by its Chinese name (``依申请公开``) with the contract's headers and 来源文件/工作表/行号."""
        return ledger_frame(self.ledgers, kind)

    def cases(self, section: str, row, column) -> pd.DataFrame:
        """The ledger rows behind one count cell, with the file, sheet and Excel row of each.

        ``section`` is "二", "三" or "四"; for 三 ``row`` is the row path as in ``gk tables --json``
        (e.g. "（四）无法提供/1.本机关不掌握相关政府信息") or a ``table3`` index tuple and
        ``column`` an applicant column or 总计; for 四 ``row`` is 行政复议 / 未经复议直接起诉 /
        复议后起诉 and ``column`` a result; for 二 ``row`` is a row label (or "item/label").
        """
        return cell_cases(self.data, self.ledgers, section, row, column)

    def history(self, first: int | None = None) -> pd.DataFrame:
        """Key figures of every year the ledgers cover up to the report year (rows = years), recounted by the same rules."""
        from ..count.trend import history

        return history(self.ledgers, self.params.year, first)

    def deadlines(self) -> pd.DataFrame:
        """Every application of the year with its reply deadline and status (逾期答复 …), with its ledger row."""
        return deadlines_frame(self.data.deadlines, self.ledgers)

    def open_applications(self) -> pd.DataFrame:
        """The applications still open at the end of the report year (the 四、结转下年度继续办理 row)."""
        return self.cases("三", "四、结转下年度继续办理", "总计")

    def _summary(self) -> list[tuple[str, str]]:
        p, d = self.params, self.data
        kinds = "、".join(f"{k.name} {len(self.ledgers.frames[k.key])} 条" for k in LEDGER_KINDS if self.ledgers.has(k.key))
        failed = [c.id for c in d.failed_checks]
        return [
            ("报告", f"{p.county}{p.township} {p.year}年（{d.format} 格式）"),
            ("台账", kinds or "（无）"),
            ("第三部分", f"本年新收 {d.stats.get('applications_received', 0)} 件，办结 {d.stats.get('applications_closed', 0)} 件"),
            ("核对", f"{len(d.checks)} 项，不通过 {len(failed)} 项" + (f"（{'、'.join(failed)}）" if failed else "")),
            ("可用", "ctx.table2 / table3 / table4、ctx.ledger(\"依申请公开\")、ctx.cases(\"三\", 行, 列)、"
                     "ctx.deadlines()、ctx.history()、ctx.open_applications()、ctx.data.stats；全县：gk.county(县, 年度)"),
        ]

    def __repr__(self) -> str:
        return "<ReportContext " + " · ".join(f"{k}: {v}" for k, v in self._summary()) + ">"

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><th style='text-align:left'>{escape(k)}</th><td style='text-align:left'>{escape(v)}</td></tr>"
                       for k, v in self._summary())
        return f"<table class='gk-context'><caption>ReportContext</caption>{rows}</table>"


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
    # An explicit params_file wins: county/township/year are then only the notebook's defaults.
    params = load_params(path)
    fmt = format_for_year(params.year, format_override or params.format)
    if not params.ledger_dir.is_dir():
        raise ParamsError(f"参数文件 {path.name} 中的台账目录「{params.ledger_dir_text}」不存在。请检查 ledger_dir（相对于参数文件所在目录）。")
    # Ledgers and last year's report are untrusted input: read where memory and time are capped (in-process
    # in a report kernel, which carries the caps itself; in a child process in a notebook run by hand).
    ledgers, previous = contain.run(_read_inputs, params, what=f"台账目录 {params.ledger_dir_text}",
                                    limits=contain.carried() or contain.Limits.from_env())
    root = project_root(params.path.parent)
    hints = year_coverage(ledgers, params.year, params.ledger_label(root))  # the same verdict as gk check's
    calendar = WorkCalendar.from_chinesecalendar(params.holidays, params.workdays)
    data = compute(ledgers, params.year, fmt, params.level, previous=previous, calendar=calendar)
    data.warnings[:0] = hints  # a year without any record comes first: the reviewer must confirm it
    data.warnings.extend(unfilled_prompts(params))
    figures = {**data.stats, **summary_sentences(data.stats, params.year)}
    fill = lambda text, where: fill_placeholders(text, figures, f"参数文件 {path.name} 的{where}")  # noqa: E731
    sign_off = params.sign_off_date or f"{params.year + 1}年1月"
    data.checks.extend(prose_checks(params, data, sign_off, previous.publication_deadline))
    ctx = ReportContext(
        params=params,
        ledgers=ledgers,
        data=data,
        overview=fill(params.overview, "总体情况"),
        problems=fill(params.problems, "存在的主要问题及改进情况"),
        other_items=tuple(OtherItem(i.title, fill(i.text, f"其他事项「{i.title}」")) for i in params.other_items),
        sign_off_date=sign_off,
        lead=fill_placeholders(params.lead, {**data.stats, **report_placeholders(params, fmt)}, f"参数文件 {path.name} 的导语"),
    )
    ctx.document = build_document(ctx)
    return ctx


def _read_inputs(params: ReportParams) -> tuple[Ledgers, object]:
    """The ledgers and last year's published figures of a params file (run contained by ``prepare``)."""
    return load_ledgers(params.ledger_dir), resolve_previous(params, project_root(params.path.parent))


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
    closed = dates(apps, "closed")
    counted = apps[y.contains(apps["received"]) | ((apps["received"] < y.start) & (closed.isna() | (closed >= y.start)))]
    counted = counted.sort_values(["received", "id"], kind="stable")
    day = lambda v: "" if pd.isna(v) else v.date().isoformat()  # noqa: E731
    text = lambda v: "" if v is None or pd.isna(v) else str(v)  # noqa: E731
    shown = counted.head(APPLICATION_LIST_CAP)
    # optional columns a ledger left out read as blank (a ledger gk check accepts never crashes the panel)
    column = lambda name: shown[name] if name in shown else pd.Series(None, index=shown.index, dtype=object)  # noqa: E731
    rows = [
        {"申请编号": i, "收到日期": day(r), "申请人类型": text(a), "办结日期": day(c), "办理结果": text(o), "申请内容": text(t)}
        for i, r, a, c, o, t in zip(shown["id"], shown["received"], shown["applicant"], column("closed"), column("outcome"),
                                    column("content"))
    ]
    return rows, max(0, len(counted) - APPLICATION_LIST_CAP)


def panel(ctx: ReportContext) -> str:
    """The reviewer panel HTML for a context (review page only)."""
    d = ctx.data
    return panel_html(Panel(
        checks=d.checks, warnings=d.warnings, files=ledger_files(ctx.ledgers), params=provenance_params(ctx),
        versions=versions(), fmt=d.format, year=d.year, applications=year_applications(ctx),
        trend=year_over_year(ctx.ledgers, d.year, d.section3, d.section4, d.format),
        case_lists=case_lists_html(d, ctx.ledgers), deadlines=deadlines_html(d.deadlines),
        extra=[("读取台账的说明（无需处理）", notes_html(d.notes))] if d.notes else [],
    ))


def refuse_params_yaml(namespace: dict) -> None:
    """Refuse the kit's own params YAML given to papermill with ``-f`` (its keys land as variables).

    papermill cannot say where that file was, and ledger_dir and the prose files are relative to
    it, so the notebook would silently report on another file's data.
    """
    given = [key for key in FIELDS if key not in ("county", "township", "year") and key in namespace]
    if given:
        raise ParamsError(
            "报告笔记本不接受用 papermill -f 传入参数文件的内容（发现键："
            f"{'、'.join(given)}）。请改用 -p params_file 参数文件路径，例如："
            "papermill notebooks/annual_report.ipynb out.ipynb -p params_file params/南召县/云阳镇/2022.yaml；"
            "或用 -f 传入只含 params_file、county、township、year 等笔记本参数的 YAML。"
        )


def _display(html: str):
    from IPython.display import HTML, display

    display(HTML(html))


def _display_part(ctx: ReportContext, part: str, obj, review=None) -> None:
    """Display one part of the report: inline-styled for the notebook view (JupyterLab, classic
    Notebook keep the official layout whatever their own CSS), class-styled for the published page
    and, when ``review`` is given (the same part with linked cells), class-styled for the review page."""
    from IPython.display import display

    from ..render.notebook_outputs import REVIEW_MIMETYPE

    render = getattr(render_html, f"{part}_html")
    bundle = {"text/html": render(obj, mode="inline", project_root=ctx.project),
              render_html.PUBLIC_MIMETYPE: render(obj, mode="class", project_root=ctx.project)}
    if review is not None:
        bundle[REVIEW_MIMETYPE] = render(review, mode="class", project_root=ctx.project)
    display(bundle, raw=True)


def show_title(ctx: ReportContext) -> None:
    """Display the report title and the lead paragraph (导语) under it."""
    _display_part(ctx, "opening", ctx.document)


def show_section(ctx: ReportContext, index: int) -> None:
    """Display section ``index`` (1–6); a table section also carries its review variant, in which
    every non-zero count cell links to its case list (``render.cases.cell_links``)."""
    section = ctx.document.sections[index - 1]
    review = None
    if index in (2, 3, 4):
        review = Section(section.index, section.heading, section_blocks(index, ctx, cell_links(ctx.data)))
    _display_part(ctx, "section", section, review)


def show_signoff(ctx: ReportContext) -> None:
    """Display the agency and date sign-off."""
    _display_part(ctx, "signoff", ctx.document)


def show_panel(ctx: ReportContext) -> None:
    """Display the reviewer panel (its cell is tagged ``gk-review``: the public page leaves it out)."""
    _display(panel(ctx))


def report_dict(ctx: ReportContext) -> dict:
    """The report .json: tables, checks, statistics, the cases behind every cell, provenance."""
    return {**ctx.data.to_dict(cases=True), "provenance": provenance(ctx.ledgers)}


def emit_data(ctx: ReportContext) -> None:
    """Emit the report's data (``gk report`` writes it to .json) and its title (for the page head)."""
    from IPython.display import display

    from ..render.notebook_outputs import DATA_MIMETYPE

    display({DATA_MIMETYPE: report_dict(ctx), render_html.DOCUMENT_MIMETYPE: ctx.document.to_dict()},
            metadata={DATA_MIMETYPE: {"title": ctx.params.title}}, raw=True)
