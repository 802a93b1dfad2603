"""Run the report notebook for one params file with papermill and write its outputs.

``OUT/<county>/<year>/<township>.ipynb``, ``.html`` (the public report), ``.review.html`` (the
report with the reviewer panel and the cases behind every number) and ``.json``, plus the formats
asked for (``.fragment.html``, ``.docx``, ``.pdf``, ``.xlsx``, see ``render.outputs``), all rendered in
memory and committed together: every file is written to a temp file first, then all are renamed.
A failed run keeps the executed notebook as ``<township>.failed.ipynb`` (with papermill's
error banner), leaves the outputs of the last good run in place (the batch's index marks
them), and raises a ``RenderError`` that says which cell failed and why.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..base.errors import ParamsError, RenderError
from ..notebook.params import ReportParams, load_params
from ..base.files import _UMASK, write_atomic
from ..render.export import notebook_html, review_html
from ..render.notebook_outputs import notebook_data
from ..render.html import DOCUMENT_MIMETYPE
from ..render.model import Document
from ..render.outputs import DEFAULT_FORMATS, extra_paths, render_formats
from ..report.compute import data_json
from .faults import known_os_fault
from ..base.paths import project_root

DEFAULT_NOTEBOOK = "annual_report.ipynb"
_UNSAFE = re.compile(r"[\\/]|^\.\.?$|^$")


def default_notebook() -> Path:
    """notebooks/annual_report.ipynb of the project (found from the working directory), else the packaged one."""
    from ..notebook.project import packaged_notebook

    path = project_root() / "notebooks" / DEFAULT_NOTEBOOK
    if path.is_file():
        return path
    packaged = packaged_notebook(DEFAULT_NOTEBOOK)
    if not packaged.is_file():
        raise RenderError(f"找不到报告笔记本 {path}（安装包中也没有）。请在项目目录中运行，或用 --notebook 指定。")
    return packaged


@dataclass(frozen=True)
class ReportPaths:
    """Where one township-year's outputs go.

    ``finished`` is the list of files one successful run writes — all of them, or none:
    they are written to temp files first and renamed into place together (``commit``),
    a failed run leaves the previous good ones in place, and the batch's cache, index
    and keep-last-good logic cover every path in it. Another output is added to a report
    by putting its path in ``extra`` (see ``report_paths``) and its content in ``render_outputs``.
    """

    notebook: Path
    html: Path
    json: Path
    failed: Path
    extra: tuple[Path, ...] = ()  # further outputs of a successful run: the review page, then the formats beyond html

    @property
    def review(self) -> Path:
        """The review page: the report, the reviewer panel and the cases behind every number."""
        return self.html.with_name(f"{self.html.stem}.review.html")

    @property
    def finished(self) -> tuple[Path, ...]:
        """The files of a successful run."""
        return self.notebook, self.html, self.json, *self.extra


def output_paths(params: ReportParams, out_dir: Path, formats=DEFAULT_FORMATS) -> ReportPaths:
    """The output files of a params file; names from params may not leave ``out_dir``."""
    for name, value in (("county", params.county), ("township", params.township)):
        if _UNSAFE.search(value) or "\0" in value:
            raise ParamsError(f"参数文件 {params.path.name}：{name}「{value}」不能含有路径分隔符或为 . / ..。")
    return report_paths(out_dir, params.county, params.year, params.township, formats)


def report_paths(out_dir: Path, county: str, year: int, township: str, formats=DEFAULT_FORMATS) -> ReportPaths:
    """``OUT/<county>/<year>/<township>.*``: the one place the output file names are made.

    ``extra`` is the review page, then the files of ``formats`` beyond html (``render.outputs.extra_paths``).
    """
    folder = Path(out_dir) / county / str(year)
    html = folder / f"{township}.html"
    return ReportPaths(folder / f"{township}.ipynb", html, folder / f"{township}.json",
                       folder / f"{township}.failed.ipynb",
                       extra=(folder / f"{township}.review.html", *extra_paths(html, formats).values()))


def render_outputs(nb, params: ReportParams, paths: ReportPaths, scratch: Path, formats=DEFAULT_FORMATS,
                   timings: dict | None = None) -> dict[Path, str | bytes | Path]:
    """Each finished output of an executed notebook: its path → its content (a Path: a file to move there).

    Every format is rendered here, in memory, before anything is written: a format that fails raises
    ``RenderError`` (naming the format and file) and no file of this run is put in place.
    """
    import time

    began = time.perf_counter()
    contents: dict[Path, str | bytes | Path] = {
        paths.html: notebook_html(nb, params.title), paths.review: review_html(nb, params.title),
        paths.json: data_json(notebook_data(nb))}
    if timings is not None:
        timings["html"] = timings.get("html", 0.0) + time.perf_counter() - began
    if extra_paths(paths.html, formats):
        document = Document.from_dict(notebook_data(nb, DOCUMENT_MIMETYPE))
        contents.update(render_formats(document, paths.html, formats, project_root(params.path.parent), timings,
                                       page=contents[paths.html]))
    contents[paths.notebook] = scratch
    return contents


def commit(files: dict[Path, str | bytes | Path]) -> None:
    """Put every file in place, all or none: write each to a temp file beside it, then rename them all.

    A value that is a ``Path`` is an already-written file (in the same folder) to move into place.
    Nothing existing is touched before every replacement is written; on any error the temp files go.
    """
    staged: list[tuple[Path, Path, bool]] = []  # (temp, target, remove the temp on failure)
    try:
        for target, content in files.items():
            if isinstance(content, Path):
                staged.append((content, target, False))
                continue
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            staged.append((Path(tmp), target, True))
            with os.fdopen(fd, "wb") as handle:
                handle.write(content.encode("utf-8") if isinstance(content, str) else content)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o666 & ~_UMASK)
    except BaseException:
        for tmp, _, own in staged:
            if own:
                tmp.unlink(missing_ok=True)
        raise
    for tmp, target, _ in staged:
        os.replace(tmp, target)


def _failure(nb, exc: Exception) -> str:
    """Which code cell failed (counted as in the notebook, without papermill's injected cell) and why."""
    code_cells = [c for c in getattr(nb, "cells", []) or []
                  if c.get("cell_type") == "code" and "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    for number, cell in enumerate(code_cells, 1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                source = cell.get("source", "").strip().splitlines()
                code = source[-1] if source else ""
                return f"第{number}个代码单元格（{code}）出错：{output.get('evalue') or output.get('ename')}"
    return f"笔记本运行失败：{exc}"


def _parameters(params: ReportParams, fmt: str | None, cwd: Path) -> dict:
    try:
        params_file = os.path.relpath(params.path.resolve(), cwd)
    except ValueError:  # another drive on Windows
        params_file = str(params.path.resolve())
    return {"params_file": params_file, "county": "", "township": "", "year": 0, "format_override": fmt or "", "params_root": ""}


def _render_error(params: ReportParams, reason: str, failed: Path | None) -> RenderError:
    """The Chinese error of a failed run, with its parts as fields (the batch lists them)."""
    where = f"（失败的笔记本：{failed}）" if failed else ""
    error = RenderError(f"{params.county}{params.township}{params.year}年报告生成失败：{reason}{where}")
    error.reason, error.failed_notebook = reason, failed
    return error


def _keep_partial(nb, reason: str, path: Path) -> bool:
    """Save what ran before the kernel went away (an engine may attach it), with the reason on top."""
    if nb is None:
        return False
    import nbformat

    nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"**报告生成失败**：{reason}"))
    try:
        write_atomic(path, nbformat.writes(nb))
    except OSError:  # e.g. the disk is full: the reason is reported all the same
        return False
    return True


def read_failed(scratch: Path):
    """The notebook papermill left at ``scratch``, or None when absent or unreadable (cut short by a full disk)."""
    import nbformat

    if not scratch.exists():
        return None
    try:
        return nbformat.read(scratch, as_version=4)
    except Exception:  # noqa: BLE001 - a truncated file is no evidence
        scratch.unlink(missing_ok=True)
        return None


def stopped_reason(exc: Exception, deadline) -> str:
    """Why a notebook stopped other than by a cell's error: the time bound, a file-system fault, or the kernel."""
    if deadline.expired:
        return deadline.reason()
    return known_os_fault(exc) or f"内核无法启动或意外退出（{type(exc).__name__}: {exc}）"


def scratch_path(target: Path) -> Path:
    """A scratch file beside ``target`` unique to this process (two runs never share one)."""
    return target.with_name(f".{target.stem}.running.{os.getpid()}{target.suffix}")


def execute_report(params_path: str | Path, out_dir: str | Path = "outputs", notebook: str | Path | None = None,
                   fmt: str | None = None, cwd: str | Path | None = None, kernel_name: str = "python3",
                   engine_name: str | None = None, timings: dict | None = None,
                   timeout: float | None = None, formats=DEFAULT_FORMATS) -> ReportPaths:
    """Execute the report notebook for ``params_path``; return the paths written.

    ``formats`` (``render.outputs.FORMATS`` keys, html always) chooses the files beyond html, .json and .ipynb;
    pass only formats this machine can make (``render.outputs.available``).
    ``engine_name`` picks a papermill engine (the batch uses ``warm.ENGINE_NAME``);
    ``timings``, when given, receives the seconds spent executing and exporting;
    ``timeout`` bounds the run in seconds (with the warm engine: its kernel is killed).
    A failure leaves the outputs of the last good run in place and raises a ``RenderError``.
    """
    import time

    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from .deadline import Deadline

    params = load_params(params_path)
    paths = output_paths(params, Path(out_dir), formats)
    cwd = Path(cwd or Path.cwd())
    notebook = Path(notebook) if notebook else default_notebook()
    paths.notebook.parent.mkdir(parents=True, exist_ok=True)
    scratch = scratch_path(paths.notebook)
    began = time.perf_counter()
    deadline = Deadline(timeout)
    try:
        with deadline:
            nb = pm.execute_notebook(
                str(notebook), str(scratch), parameters=_parameters(params, fmt, cwd), engine_name=engine_name,
                kernel_name=kernel_name, progress_bar=False, cwd=str(cwd), request_save_on_cell_execute=False,
            )
    except PapermillExecutionError as exc:
        failed = read_failed(scratch)
        if failed is not None:
            os.replace(scratch, paths.failed)
        raise _render_error(params, _failure(failed, exc), paths.failed if failed is not None else None) from None
    except Exception as exc:  # kernel died, failed to start, stopped at the deadline, or the disk is full
        scratch.unlink(missing_ok=True)
        reason = stopped_reason(exc, deadline)
        kept = _keep_partial(getattr(exc, "partial_notebook", None), reason, paths.failed)
        raise _render_error(params, reason, paths.failed if kept else None) from None
    if timings is not None:
        timings["execute"] = timings.get("execute", 0.0) + time.perf_counter() - began
    try:
        contents = render_outputs(nb, params, paths, scratch, formats, timings)
    except RenderError as exc:  # a format could not be made: the executed notebook is kept, the last good outputs stay
        os.replace(scratch, paths.failed)
        raise _render_error(params, getattr(exc, "reason", None) or str(exc), paths.failed) from None
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise
    try:
        commit(contents)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise
    paths.failed.unlink(missing_ok=True)
    return paths
