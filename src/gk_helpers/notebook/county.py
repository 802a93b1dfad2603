"""The analyst's county view: every township of a county, for one year or all years, in one set of frames.

``gk.county("南召县", 2023)`` reads each township's params file and ledgers as a report would
(the same coverage verdict, the same counting) and gives the frames ``ctx`` gives for one
township-year, stacked, with 乡镇 and 年度 in front::

    view = gk.county("南召县", 2023)                 # gk.county("南召县"): every year with a params file
    late = view.overdue()                           # the overdue applications, most working days late first
    late.groupby("乡镇").size().sort_values(ascending=False)   # which township had the most
    view.figures()                                  # key figures per township and year, 逾期 counts included

A township whose ledgers or params cannot be read is left out and listed in ``view.failures``
(the others are all there), as a batch run would report it. No prose is read: a typo in a
township's text does not hide its figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import pandas as pd

from ..base.errors import GkError, ParamsError
from ..base.formats import format_for_year
from ..base.paths import project_root
from ..count.deadlines import OVERDUE, WorkCalendar
from ..count.trend import key_figures
from ..ledger.coverage import year_coverage
from ..ledger.ledgers import Ledgers, load_ledgers
from ..report.compute import ReportData, compute
from ..report.frames import cell_cases, deadlines_frame, ledger_frame
from .params import ReportParams, load_params

#: The columns every stacked frame starts with.
WHERE = ("乡镇", "年度")


@dataclass(frozen=True)
class TownshipYear:
    """One township-year of the county: its params, its ledgers and its computed data."""

    params: ReportParams
    ledgers: Ledgers
    data: ReportData


@dataclass
class CountyView:
    """Every township-year of a county that could be read, and the ones that could not (with why)."""

    county: str
    entries: list[TownshipYear]
    #: (乡镇, 年度, the Chinese message) of each township-year left out
    failures: list[tuple[str, int, str]] = field(default_factory=list)

    def _stack(self, frames, with_year: bool = True) -> pd.DataFrame:
        parts = []
        for entry, frame in frames:
            frame = frame.copy()
            frame.insert(0, "乡镇", entry.params.township)
            if with_year:
                frame.insert(1, "年度", entry.params.year)
            parts.append(frame)
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(WHERE if with_year else WHERE[:1]))

    def deadlines(self) -> pd.DataFrame:
        """``ctx.deadlines()`` of every township-year: each application with its reply deadline and status."""
        return self._stack((e, deadlines_frame(e.data.deadlines, e.ledgers)) for e in self.entries)

    def overdue(self) -> pd.DataFrame:
        """The applications answered late or still open past their deadline, most working days late first."""
        frame = self.deadlines()
        if frame.empty:
            return frame
        late = frame[frame["状态"].isin(OVERDUE)]
        return late.sort_values(["逾期工作日", "乡镇", "申请编号"], ascending=[False, True, True], na_position="last",
                                kind="stable").reset_index(drop=True)

    def cases(self, section: str, row, column) -> pd.DataFrame:
        """``ctx.cases(...)`` of every township-year: the ledger rows behind one cell of the table."""
        return self._stack((e, cell_cases(e.data, e.ledgers, section, row, column)) for e in self.entries)

    def open_applications(self) -> pd.DataFrame:
        """The applications still open at the end of each township-year (四、结转下年度继续办理)."""
        return self.cases("三", "四、结转下年度继续办理", "总计")

    def ledger(self, kind: str) -> pd.DataFrame:
        """``ctx.ledger(kind)`` of every township, once each (a ledger is not per year), with 乡镇 in front."""
        seen: dict[str, TownshipYear] = {}
        for entry in self.entries:
            seen.setdefault(entry.params.township, entry)
        return self._stack(((e, ledger_frame(e.ledgers, kind)) for e in seen.values()), with_year=False)

    def figures(self) -> pd.DataFrame:
        """Key figures per township and year (rows 乡镇 × 年度): applications, outcomes, cases, overdue replies."""
        rows = {}
        for entry in self.entries:
            data = entry.data
            figures = dict(key_figures(data.section3, data.section4, data.format))
            status = data.deadlines["status"] if data.deadlines is not None else pd.Series([], dtype=object)
            figures.update({name: int((status == name).sum()) for name in OVERDUE})
            rows[entry.params.township, entry.params.year] = figures
        frame = pd.DataFrame.from_dict(rows, orient="index")
        if frame.empty:
            return frame
        frame.index = pd.MultiIndex.from_tuples(frame.index, names=list(WHERE))
        return frame

    def table3(self) -> pd.DataFrame:
        """Section 三 of every township-year, with 乡镇 and 年度 as the outer index levels."""
        return pd.concat({(e.params.township, e.params.year): e.data.table3 for e in self.entries}, names=list(WHERE))

    def table4(self) -> pd.DataFrame:
        """Section 四 of every township-year, one row each (乡镇, 年度)."""
        return pd.concat({(e.params.township, e.params.year): e.data.table4.iloc[0] for e in self.entries},
                         names=list(WHERE)).unstack(level=[2, 3])

    def _summary(self) -> str:
        years = sorted({e.params.year for e in self.entries})
        townships = sorted({e.params.township for e in self.entries})
        span = f"{years[0]}–{years[-1]}年" if len(years) > 1 else f"{years[0]}年" if years else "（无）"
        text = f"{self.county} {span}：{len(townships)} 个乡镇、{len(self.entries)} 个乡镇年度"
        if self.failures:
            text += f"；未能读取 {len(self.failures)} 个：" + "、".join(f"{t}{y}年" for t, y, _ in self.failures)
        return text

    def __repr__(self) -> str:
        return f"<CountyView {self._summary()}>"

    def _repr_html_(self) -> str:
        failures = "".join(f"<li>{escape(t)} {y}年：{escape(m)}</li>" for t, y, m in self.failures)
        return (f"<p class='gk-county'>{escape(self._summary())}</p>"
                + (f"<ul class='gk-county-failures'>{failures}</ul>" if failures else ""))


def _params_files(county: str, year: int | None, root: Path) -> list[Path]:
    folder = root / county
    if not folder.is_dir():
        known = "、".join(sorted(p.name for p in root.iterdir() if p.is_dir())) if root.is_dir() else ""
        raise ParamsError(f"未知的县（区）「{county}」：参数目录 {root} 中没有它。已有：{known or '（无）'}。")
    pattern = f"{year}.yaml" if year is not None else "*.yaml"
    files = [p for p in sorted(folder.glob(f"*/{pattern}")) if p.stem.isdigit() and len(p.stem) == 4]
    if not files:
        what = f"{year} 年的" if year is not None else ""
        raise ParamsError(f"{county} 下没有任何乡镇{what}参数文件（params/{county}/<乡镇>/<年度>.yaml）。")
    return files


def _read(path: Path, cache: dict) -> TownshipYear:
    params = load_params(path)
    key = params.ledger_dir.resolve()
    if key not in cache:
        cache[key] = load_ledgers(params.ledger_dir)
    ledgers = cache[key]
    year_coverage(ledgers, params.year, params.ledger_label(project_root(path.parent)))  # the verdict (and words) a report gives
    calendar = WorkCalendar.from_chinesecalendar(params.holidays, params.workdays)
    data = compute(ledgers, params.year, format_for_year(params.year, params.format), params.level, calendar=calendar)
    return TownshipYear(params, ledgers, data)


def county(county: str, year: int | None = None, params_root: str | Path = "") -> CountyView:
    """Every township of ``county`` for ``year`` (every year with a params file when None) in ctx's frames, 乡镇 and 年度 in front.

    Read as the reports are (``params_root``: the params folder, by default the project's ``params/``);
    a township-year that cannot be read is in ``view.failures``. See docs/分析笔记本.md.
    """
    root = Path(params_root) if params_root else project_root() / "params"
    view = CountyView(county, [])
    cache: dict = {}
    for path in _params_files(county, year, root):
        try:
            view.entries.append(_read(path, cache))
        except GkError as exc:
            view.failures.append((path.parent.name, int(path.stem), str(exc)))
    return view
