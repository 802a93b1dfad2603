"""Every township × year in one call: find the params files, skip what is up to date, run the rest.

``run_batch`` is what ``gk run`` calls. It reads every params file under ``params_dir``,
works out which reports are stale (``cache``), runs them ``jobs`` at a time in warm-kernel
workers (``pool``), then the county roll-ups whose inputs changed, rewriting the overview
(``OUT/index.html``, ``OUT/index.json`` and a page per county: ``index``, ``overview``) before the
first and after each one. The output folder is
checked and locked first (``outdir``). One failed township never stops the others — whatever
raised (``faults``) — the result lists each failure in Chinese and ``ok`` is False when
anything failed.
"""

from __future__ import annotations

import fnmatch
import os
import signal
import sys
import threading
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from ..base.bounds import name_problem, regular_problem
from ..base.contain import DEFAULT_MEMORY
from ..base.errors import ExecutorError, ParamsError
from ..notebook.yaml_memo import YamlMemo, shared, using
from ..base.files import write_atomic
from ..notebook.params import ReportParams, load_params
from ..render.outputs import DEFAULT_FORMATS, available
from .cache import FAILED as FAILED_STAMP
from .cache import Hasher, Stamp, fingerprint, is_fresh, kit_version, report_inputs, stamp_path, write_stamp
from .deadline import DEFAULT_TIMEOUT
from .execute import ReportPaths, default_notebook, output_paths, report_paths
from .faults import describe
from ..base.townships import read_order
from .index import PENDING, Record, Row
from .overview import IndexWriter
from .outdir import OutputLock, check_output_dir, pid_alive
from .pool import REPORT, ROLLUP, Job, Outcome, WorkerPool
from .progress import FAILED, UNCHANGED, Progress
from .rollup import ROLLUP_STEM, rollup_paths
from .throttle import Throttle
from ..base.paths import project_root

ROLLUP_NOTEBOOK = "county_summary.ipynb"
#: The params files' parsed YAML, kept in the output folder for the next batch (``notebook.yaml_memo``).
YAML_MEMO = ".gk-params.json"
#: The overview is rewritten as reports end, but at most once per interval: every ``INDEX_INTERVAL[0]`` seconds
#: in a batch of up to ``INDEX_LARGE`` items, every ``INDEX_INTERVAL[1]`` above. Each rewrite reads every row's
#: files and renders every page: after each report it cost a 96-report batch a third of its main process's
#: CPU, and a 2,000-report one as much as a kernel; every half second, a tenth (1 s: 2.8 → 2.5 s of 96 reports).
INDEX_LARGE, INDEX_INTERVAL = 200, (1.0, 2.0)
#: Where a batch's notebooks run (``--executor``).
LOCAL, DASK = "local", "dask"
EXECUTORS = (LOCAL, DASK)


@dataclass
class Entry:
    """One params file: loaded, with its output paths — or the reason it cannot be run."""

    path: Path
    params: ReportParams | None = None
    paths: ReportPaths | None = None
    error: str = ""

    @property
    def county(self) -> str:
        """The county (guessed from params/<county>/<township>/<year>.yaml when unreadable)."""
        return self.params.county if self.params else self.path.parent.parent.name

    @property
    def township(self) -> str:
        """The township (guessed from the folder when unreadable)."""
        return self.params.township if self.params else self.path.parent.name

    @property
    def year(self) -> int:
        """The report year (0 when unknown)."""
        return self.params.year if self.params else (int(self.path.stem) if self.path.stem.isdigit() else 0)

    @property
    def label(self) -> str:
        """How messages name it: 南召县 城关镇 2020年."""
        return f"{self.county} {self.township} {self.year}年"


@dataclass
class BatchResult:
    """What a batch did: the outcome of every job it ran, what was unchanged, and the index."""

    outcomes: list[Outcome] = field(default_factory=list)
    unchanged: list[Job] = field(default_factory=list)
    invalid: list[Entry] = field(default_factory=list)
    index: Path | None = None
    index_error: str = ""  # why index.html could not be written (e.g. 磁盘已满)
    notes: list[str] = field(default_factory=list)  # formats skipped on this machine (PDF without its engine)
    workbook_errors: list[tuple[str, str]] = field(default_factory=list)  # (label, reason): county workbooks not written
    reports: list[Record] = field(default_factory=list)  # every chosen report as the overview shows it at the end

    @property
    def failures(self) -> list[tuple[str, str]]:
        """(label, Chinese reason) of every failure: params files, then reports, then roll-ups."""
        found = [(e.label, e.error) for e in self.invalid]
        found += [(o.job.label, o.message) for o in sorted(self.outcomes, key=lambda o: (o.job.kind == ROLLUP, o.job.label))
                  if o.status == FAILED]
        return found + self.workbook_errors

    @property
    def ok(self) -> bool:
        """True when nothing failed (and the index was written)."""
        return not self.failures and not self.index_error

    @property
    def checks_failed(self) -> list[Record]:
        """The chosen reports (made now or unchanged) with a failed check: not ready to sign (``gk run --strict``)."""
        return [r for r in self.reports if r.status == "checks"]

    def summary(self) -> str:
        """The closing text of ``gk run``: counts, each failure, the reports whose checks fail, where the index is."""
        done = sum(1 for o in self.outcomes if o.status != FAILED)
        lines = [f"生成 {done} 项，未变化 {len(self.unchanged)} 项，失败 {len(self.failures)} 项。", *self.notes]
        for label, message in self.failures:
            lines.append(f"失败：{label}：{message}")
        for r in self.checks_failed:
            lines.append(f"核对不通过：{r.county} {r.label} {r.year}年：{'、'.join(cid for cid, _ in r.failed)}（发布前请处理，见审核页）")
        if self.index_error:
            lines.append(f"汇总页 {self.index} 无法写入：{self.index_error}")
        elif self.index:
            lines.append(f"汇总页：{self.index}")
        return "\n".join(lines)


def discover(params_dir: str | Path) -> list[Path]:
    """Every entry named ``*.yaml`` / ``*.yml`` under ``params_dir``, sorted — a folder, pipe or broken link
    of that name too (``load_entries`` reports it rather than leaving its township-year silently out)."""
    root = Path(params_dir)
    if not root.is_dir():
        raise ParamsError(f"参数目录 {root} 不存在。请在项目目录中运行，或给出参数目录，如 gk run params/。")
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml"))


def load_entries(params_dir: str | Path, out_dir: Path, formats=DEFAULT_FORMATS) -> list[Entry]:
    """Load every params file; one that cannot be read is an error entry, and so are all the files that name the
    same county, township and year (their outputs would overwrite each other: none of them is run)."""
    entries, owners = [], {}
    for path in discover(params_dir):
        entry = Entry(path)
        problem = regular_problem(path)
        try:
            if problem:
                raise ParamsError(f"参数文件 {path} 是{problem}，不是参数文件。请删除它，或换成真正的参数文件。")
            entry.params = load_params(path)
            entry.paths = output_paths(entry.params, out_dir, formats)
        except Exception as exc:  # noqa: BLE001 - any failure is this params file's, never the batch's
            entry.params, entry.paths, entry.error = None, None, describe(exc)
        if entry.paths is not None:
            owners.setdefault(entry.paths.html, []).append(entry)
        entries.append(entry)
    for clash in (same for same in owners.values() if len(same) > 1):
        names = "、".join(str(e.path) for e in clash)
        p = clash[0].params
        for entry in clash:  # every one fails, naming all of them
            entry.error = (f"参数文件 {names} 都是{p.county}{p.township}{p.year}年的（县、乡镇和年度相同），输出会互相覆盖，"
                           "都没有运行。请删除其中多余的，或改正其县、乡镇或年度。")
            entry.params = entry.paths = None  # named by its own file and folder in the index and messages
    return entries


def _leftovers(outputs: tuple[Path, ...], names=None) -> tuple[str, ...]:
    """Temp files an interrupted earlier run may have left beside the outputs (of dead processes only).

    ``names(folder)`` lists a folder (a ``FolderNames``: each output folder listed once per batch).
    """
    folder = outputs[0].parent
    listed = (names or FolderNames())(folder)
    found = [name for p in outputs for name in fnmatch.filter(listed, f".{p.name}.*.tmp")]
    found += [name for p in outputs for name in fnmatch.filter(listed, f".{Path(p).stem}.running.*{Path(p).suffix}")
              if not pid_alive(name.rsplit(".", 2)[-2])]
    return tuple(str(folder / name) for name in found)


class FolderNames:
    """The names of leftover temp files in a folder, each folder listed once: a batch looks beside every
    township's outputs."""

    def __init__(self):
        self._names: dict[Path, list[str]] = {}

    def __call__(self, folder: Path) -> list[str]:
        if folder not in self._names:
            try:  # only what an interrupted run leaves: .<name>.<random>.tmp and .<stem>.running.<pid><suffix>
                self._names[folder] = [name for name in os.listdir(folder)
                                       if name.startswith(".") and (name.endswith(".tmp") or ".running." in name)]
            except OSError:  # not there yet (a first run), or unreadable: nothing was left in it
                self._names[folder] = []
        return self._names[folder]


def _template_inputs(params: ReportParams, hasher: Hasher, memo: dict | None = None) -> dict[str, str]:
    """The county's own templates (``<project>/templates``): changing one re-renders its reports.

    ``memo`` (kept for one plan) finds each township folder's project and lists each project's templates once.
    """
    from ..render.html import PROJECT_TEMPLATES

    memo = {} if memo is None else memo
    start = params.path.parent
    if ("root", start) not in memo:
        memo[("root", start)] = project_root(start)
    folder = memo[("root", start)] / PROJECT_TEMPLATES
    if ("templates", folder) not in memo:
        files = sorted(p for p in folder.rglob("*.j2") if p.is_file()) if folder.is_dir() else []
        memo[("templates", folder)] = {f"template:{p.relative_to(folder).as_posix()}": hasher(p) for p in files}
    return dict(memo[("templates", folder)])


def _report_job(entry: Entry, out_dir: Path, notebook: Path, cwd: Path, hasher: Hasher, kernel_name: str,
                timeout: float | None, formats=DEFAULT_FORMATS, max_memory: int | None = None,
                names: FolderNames | None = None, memo: dict | None = None) -> Job:
    """The job of one params file; ``names`` and ``memo`` carry what a plan looks up once for all its jobs."""
    paths = entry.paths
    inputs = report_inputs(entry.params, notebook, kit_version(), hasher, options=f"{kernel_name}|{','.join(formats)}",
                           peers=memo)
    inputs.update(_template_inputs(entry.params, hasher, memo))
    return Job(REPORT, entry.label, entry.county, entry.year, entry.township, str(out_dir), str(notebook), str(cwd),
               fingerprint(inputs), str(stamp_path(paths.html)), tuple(map(str, paths.finished)),
               _leftovers((*paths.finished, paths.failed), names), str(entry.path), kernel_name, timeout, tuple(formats),
               failed=str(paths.failed), max_memory=max_memory)


def _rollup_inputs(out_dir: Path, county: str, year: int, hasher: Hasher) -> dict[str, str]:
    """The township outputs (JSON and stamps) of ``year`` and ``year − 1`` a roll-up reads."""
    inputs = {}
    for y in (year, year - 1):
        folder = out_dir / county / str(y)
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                own = path.name.startswith((f"{ROLLUP_STEM}.", f".{ROLLUP_STEM}."))
                if not own and (path.suffix == ".json" or path.name.endswith(".failed.ipynb")):
                    inputs[f"{y}/{path.name}"] = hasher(path)
    return inputs


def _rollup_job(county: str, year: int, out_dir: Path, notebook: Path, cwd: Path, hasher: Hasher, kernel_name: str,
                timeout: float | None = None, order=()) -> Job:
    paths = rollup_paths(out_dir, county, year)
    inputs = {"version": kit_version(), "notebook": hasher(notebook), "order": "\n".join(order),
              **_rollup_inputs(out_dir, county, year, hasher)}
    finished = (paths["html"], paths["json"], paths["ipynb"])
    return Job(ROLLUP, f"{county} {year}年 县级汇总", county, year, "", str(out_dir), str(notebook), str(cwd),
               fingerprint(inputs), str(stamp_path(paths["html"])), tuple(map(str, finished)),
               _leftovers((*finished, paths["failed.ipynb"])), "", kernel_name, timeout, failed=str(paths["failed.ipynb"]))


def _guessed_paths(entry: Entry, out_dir: Path) -> ReportPaths | None:
    """Where an unreadable params file's report went last time (from its folder names), when it is there."""
    county, township = entry.path.parent.parent.name, entry.path.parent.name
    if not entry.path.stem.isdigit() or name_problem(county) or name_problem(township):
        return None
    paths = report_paths(out_dir, county, int(entry.path.stem), township)
    return paths if stamp_path(paths.html).is_file() else None


def _mark_invalid(entries: list[Entry], out_dir: Path) -> None:
    """An earlier good report of a params file that is now unreadable stays, marked failed with the reason.

    Its stamp says failed, so the index shows 上次成功的结果 and the county roll-up does not sum it.
    """
    for entry in entries:
        guessed = _guessed_paths(entry, out_dir) if entry.paths is None else None
        if guessed is not None:
            try:
                write_stamp(stamp_path(guessed.html), Stamp("invalid-params", FAILED_STAMP, entry.error))
            except OSError:
                pass


def _index_rows(entries: list[Entry], out_dir: Path, pending: set[str] = frozenset()) -> tuple[list[Row], list[Row]]:
    reports = []
    for e in entries:
        if e.paths is None:
            g = _guessed_paths(e, out_dir)
            if g is None:
                reports.append(Row(e.county, e.year, e.township, f"{e.township}（{e.path.name}）", None, None, None, None, None, e.error))
            else:
                reports.append(Row(e.county, e.year, e.path.parent.name, f"{e.path.parent.name}（{e.path.name}）", g.html,
                                   g.json, g.notebook, g.failed, stamp_path(g.html), e.error, review=g.review))
        else:
            p = e.paths
            stamp = stamp_path(p.html)
            reports.append(Row(e.county, e.year, e.township, e.township, p.html, p.json, p.notebook, p.failed, stamp,
                               state=PENDING if str(stamp) in pending else "", review=p.review))
    rollups = []
    for county, year in sorted({(e.county, e.year) for e in entries if e.paths is not None}):
        paths = rollup_paths(out_dir, county, year)
        stamp = stamp_path(paths["html"])
        if stamp.is_file() or str(stamp) in pending:
            rollups.append(Row(county, year, ROLLUP_STEM, "县级汇总", paths["html"], paths["json"], paths["ipynb"],
                               paths["failed.ipynb"], stamp, state=PENDING if str(stamp) in pending else ""))
    return reports, rollups


class _TermAsInterrupt:
    """While a batch runs, SIGTERM stops it like Ctrl-C (workers stopped, no stamp half-written)."""

    def __enter__(self):
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGTERM, self._raise)
        return self

    @staticmethod
    def _raise(signum, frame):  # noqa: ARG004
        raise KeyboardInterrupt

    def __exit__(self, *exc):
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)


@dataclass
class Plan:
    """What a batch will do: every params file, the chosen ones, their jobs, and which of those are stale."""

    entries: list[Entry]
    chosen: list[Entry]
    jobs: list[Job]
    stale: list[Job]
    rollups: list[tuple[str, int]]  # (county, year) roll-ups to bring up to date after the reports

    @property
    def invalid(self) -> list[Entry]:
        """Chosen params files that cannot be run."""
        return [e for e in self.chosen if e.paths is None]


def plan(params_dir: str | Path = "params", out_dir: str | Path = "outputs", notebook: str | Path | None = None,
         years=(), townships=(), force: bool = False, cwd: str | Path | None = None, kernel_name: str = "python3",
         hasher: Hasher | None = None, timeout: float | None = None, formats=DEFAULT_FORMATS,
         max_memory: int | None = None) -> Plan:
    """Load the params files, choose by year and township, and find the reports whose inputs changed."""
    cwd, out_dir = Path(cwd or Path.cwd()), Path(out_dir)
    notebook = Path(notebook) if notebook else default_notebook()
    hasher = hasher or Hasher()
    entries = load_entries(params_dir, out_dir, formats)
    names = FolderNames()
    memo: dict = {e.path: e.params for e in entries if e.params is not None}  # P3's peers are loaded already
    years, townships = {int(y) for y in years}, set(townships)
    chosen = [e for e in entries if (not years or e.year in years) and (not townships or e.township in townships)]
    if not chosen:
        raise ParamsError(f"参数目录 {params_dir} 中没有符合条件的参数文件（年度：{sorted(years) or '全部'}；乡镇：{sorted(townships) or '全部'}）。")
    jobs = []
    for e in chosen:
        if e.paths is not None:
            try:
                jobs.append(_report_job(e, out_dir, notebook, cwd, hasher, kernel_name, timeout, formats, max_memory,
                                        names, memo))
            except Exception as exc:  # noqa: BLE001 - e.g. an input that cannot be read
                e.error, e.paths = describe(exc), None
    stale = [j for j in jobs if force or not is_fresh(Path(j.stamp), j.fingerprint, j.finished)]
    known = {(e.county, e.year) for e in entries if e.paths is not None}
    pairs = {(e.county, e.year) for e in chosen if e.paths is not None}
    # next year's roll-up checks carry-over against this year's reports
    pairs |= {(c, y + 1) for c, y in pairs if (c, y + 1) in known and (out_dir / c / str(y + 1)).is_dir()}
    return Plan(entries, chosen, jobs, stale, sorted(pairs))


def run_batch(params_dir: str | Path = "params", out_dir: str | Path = "outputs", jobs: int | None = None,
              years=(), townships=(), force: bool = False, notebook: str | Path | None = None,
              rollup_notebook: str | Path | None = None, cwd: str | Path | None = None,
              progress: bool = True, stream=None, kernel_name: str = "python3",
              timeout: float | None = DEFAULT_TIMEOUT, formats=DEFAULT_FORMATS, executor: str = LOCAL,
              scheduler: str | None = None, max_memory: int | None = DEFAULT_MEMORY) -> BatchResult:
    """Run every selected township-year report that is stale, then the stale roll-ups, writing the index as they end.

    ``executor`` is where the notebooks run: ``"local"`` (``jobs`` worker processes here) or ``"dask"``
    (the workers of the dask.distributed scheduler at ``scheduler``, reached before anything else is
    done: ``ExecutorError``, exit code 2, when it cannot be).

    The output folder is checked and locked first (``OutputError``, exit code 2, when it cannot be used).
    ``formats`` (``render.outputs.FORMATS`` keys) chooses each report's files (those this machine cannot
    make are left out with a note); with ``xlsx`` every county-year also gets its workbook
    ``OUT/<county>/<year>/index.xlsx``. ``timeout`` (seconds) and ``max_memory`` (bytes beyond the kernel's own
    size) bound each report.
    """
    cwd, out_dir = Path(cwd or Path.cwd()), Path(out_dir)
    formats, notes = available(formats)
    notebook = Path(notebook) if notebook else default_notebook()
    rollup_notebook = Path(rollup_notebook) if rollup_notebook else notebook.with_name(ROLLUP_NOTEBOOK)
    check_output_dir(out_dir)
    with _remote(executor, scheduler) as remote, OutputLock(out_dir) as lock:
        lock.kernels_here()
        if lock.taken_over and progress:
            (stream or sys.stderr).write(f"已接管进程 {lock.taken_over.get('pid')} 留下的锁（该进程已不在运行）。\n")
        return _run_locked(params_dir, out_dir, jobs, years, townships, force, notebook, rollup_notebook, cwd,
                           progress, stream, kernel_name, timeout, formats, notes, remote, max_memory)


def _remote(executor: str, scheduler: str | None):
    """The dask executor, connected (entered as a context), or nothing for the local pool."""
    if executor == LOCAL:
        if scheduler:
            raise ExecutorError("--scheduler 只用于 --executor dask。")
        return nullcontext()
    if executor != DASK:
        raise ExecutorError(f"未知的执行方式「{executor}」。可选：{'、'.join(EXECUTORS)}。")
    if not scheduler:
        raise ExecutorError("--executor dask 需要给出调度器地址：--scheduler tcp://主机:8786。")
    from .dask_executor import DaskExecutor

    return DaskExecutor(scheduler)


def _run_locked(params_dir, out_dir: Path, jobs, years, townships, force, notebook: Path, rollup_notebook: Path,
                cwd: Path, progress, stream, kernel_name, timeout, formats, notes, remote=None,
                max_memory=None) -> BatchResult:
    hasher = Hasher()
    memo = YamlMemo.load(out_dir / YAML_MEMO)
    with using(memo):  # each params file parsed once, and only when it changed since the last batch
        todo = plan(params_dir, out_dir, notebook, years, townships, force, cwd, kernel_name, hasher, timeout, formats,
                    max_memory)
    if memo.stale:
        try:
            write_atomic(out_dir / YAML_MEMO, memo.dumps())
        except OSError:  # only the next run's speed depends on it
            pass
    result = BatchResult(unchanged=[j for j in todo.jobs if j not in todo.stale], invalid=todo.invalid,
                         index=out_dir / "index.html", notes=list(notes))
    _mark_invalid(todo.invalid, out_dir)
    pending = {j.stamp for j in todo.stale}
    pending |= {str(stamp_path(rollup_paths(out_dir, c, y)["html"])) for c, y in todo.rollups}
    writer = IndexWriter(out_dir)
    orders = {county: read_order(params_dir, county) for county in {e.county for e in todo.entries}}
    chosen = {(e.county, e.township, e.year) for e in todo.chosen}

    def write_index() -> None:
        try:
            for path, text in writer.changed(writer.files(*_index_rows(todo.entries, out_dir, pending), orders)).items():
                write_atomic(path, text)
                writer.written(path, text)
            result.index_error = ""
        except Exception as exc:  # noqa: BLE001 - reported in the summary, the batch goes on
            result.index_error = describe(exc)
        result.reports = [r for r in writer.reports if (r.county, r.township, r.year) in chosen]

    total = len(todo.chosen) + len(todo.rollups)
    display = Progress(total, stream=stream, enabled=progress)
    for entry in result.invalid:
        display.update(FAILED, entry.label, message=entry.error)
    display.begin(len(result.unchanged))
    overview = Throttle(write_index, INDEX_INTERVAL[total > INDEX_LARGE])
    if todo.stale:  # the reports about to run show as pending; with none, the page is written once, at the end
        overview.flush()

    def record(outcome: Outcome) -> None:
        with overview.lock:
            result.outcomes.append(outcome)
            pending.discard(outcome.job.stamp)
        display.update(outcome.status, outcome.job.label, outcome.seconds, outcome.message)
        overview()

    workers = min(jobs or os.cpu_count() or 1, len(todo.stale) + len(todo.rollups))
    saved = out_dir / YAML_MEMO
    try:
        # the workers and their kernels read the params files through the memo too: none is parsed again
        with _TermAsInterrupt(), shared(memo, saved if saved.is_file() else None), \
                (nullcontext(remote) if remote is not None else WorkerPool(workers, kernel_name)) as pool:
            try:
                pool.run(todo.stale, record)
                stale_rollups = []
                for county, year in todo.rollups:
                    job = _rollup_job(county, year, out_dir, rollup_notebook, cwd, hasher, kernel_name, timeout, orders.get(county, ()))
                    if force or not is_fresh(Path(job.stamp), job.fingerprint, job.finished):
                        stale_rollups.append(job)
                    else:
                        with overview.lock:
                            pending.discard(job.stamp)
                        result.unchanged.append(job)
                        display.update(UNCHANGED, job.label)
                pool.run(stale_rollups, record)
            finally:
                display.close()
        if "xlsx" in formats:
            _county_workbooks(out_dir, todo.rollups, result, params_dir)
    finally:
        overview.flush()  # also after an interrupt: what did not run says 未运行
    return result


def _county_workbooks(out_dir: Path, pairs, result: BatchResult, params_dir=None) -> None:
    """``OUT/<county>/<year>/index.xlsx`` for every county-year of the batch (from the townships' JSON).

    Written atomically (the last good workbook stays when one cannot be made); a failure is the batch's,
    reported with its Chinese reason, and the other workbooks are still written.
    """
    from ..render.excel import county_xlsx
    from .rollup import summarize

    for county, year in pairs:
        try:
            order = () if params_dir is None else (read_order(params_dir, county),)  # None: the project's params/
            summary = summarize(out_dir, county, year, *order)
            write_atomic(out_dir / county / str(year) / f"{ROLLUP_STEM}.xlsx", county_xlsx(summary))
        except Exception as exc:  # noqa: BLE001 - contained: reported, never a traceback
            result.workbook_errors.append((f"{county} {year}年 县级汇总表（Excel）", describe(exc)))
