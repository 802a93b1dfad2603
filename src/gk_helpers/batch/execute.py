"""Run the report notebook for one params file with papermill and write its outputs.

``OUT/<county>/<year>/<township>.ipynb``, ``.html`` (the public report), ``.review.html`` (the
report with the reviewer panel and the cases behind every number) and ``.json``, plus the formats
asked for (``.fragment.html``, ``.docx``, ``.pdf``, ``.xlsx``, see ``render.outputs``), all rendered in
memory and committed together, all or none: every file is written to a temp file first, then all
are renamed in, and a rename that fails puts back every file renamed before it (``commit``).
A failed run keeps the executed notebook as ``<township>.failed.ipynb`` (with papermill's
error banner), leaves the outputs of the last good run in place (the batch's index marks
them), and raises a ``RenderError`` that says which cell failed and why.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
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
from ..base.paths import project_root
from .notebook_run import NotebookFailed, notebook_json, run_notebook  # papermill itself is imported when a notebook runs

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


def render_outputs(nb, params: ReportParams, paths: ReportPaths, notebook: str, formats=DEFAULT_FORMATS,
                   timings: dict | None = None) -> dict[Path, str | bytes]:
    """Each finished output of an executed notebook: its path → its content (``notebook``: the .ipynb text).

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
    contents[paths.notebook] = notebook
    return contents


def commit(files: dict[Path, str | bytes]) -> None:
    """Put every file in place, all or none: write each to a temp file beside it, then rename them all in.

    Nothing existing is touched before every replacement is written and no target is a folder; while renaming,
    each old file is kept (a hard link) until all are in, and a rename that fails puts back every file renamed
    before it. No temp file survives; an ``OSError`` names the output, never a temp file.
    """
    staged: list[tuple[Path, Path]] = []  # (temp file, target)
    try:
        for target, content in files.items():
            staged.append((_stage(target, content), target))
        for _, target in staged:
            if target.is_dir() and not target.is_symlink():
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
        _swap(staged)
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)  # renamed away when all went in


def _stage(target: Path, content: str | bytes) -> Path:
    """``content`` in a temp file beside ``target`` (synced, with the usual permissions)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
    except OSError as exc:
        os.unlink(tmp)
        raise OSError(exc.errno, exc.strerror, str(target)) from None
    except BaseException:
        os.unlink(tmp)
        raise
    return Path(tmp)


def _keep(target: Path) -> Path | None:
    """A second name for the file now at ``target`` (a hard link, else a copy), or None when there is none."""
    if not os.path.lexists(target):
        return None
    backup = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        os.link(target, backup, follow_symlinks=False)
    except OSError:  # a file system without hard links
        shutil.copy2(target, backup, follow_symlinks=False)
    return backup


def _swap(pairs: list[tuple[Path, Path]]) -> None:
    """Rename each source onto its target; on any failure put every target renamed so far back as it was."""
    done: list[tuple[Path, Path | None]] = []  # (target, its old file's second name or None)
    try:
        for source, target in pairs:
            try:
                backup = _keep(target)
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror, str(target)) from None
            try:
                os.replace(source, target)
            except OSError as exc:
                if backup is not None:
                    backup.unlink(missing_ok=True)
                raise OSError(exc.errno, exc.strerror, str(target)) from None
            done.append((target, backup))
    except BaseException:
        for target, backup in reversed(done):
            try:
                if backup is None:
                    target.unlink()
                else:
                    os.replace(backup, target)
            except OSError:
                pass  # best effort: the next run rewrites what could not be put back
        raise
    finally:
        for _, backup in done:
            if backup is not None:
                backup.unlink(missing_ok=True)


def _parameters(params: ReportParams, fmt: str | None, cwd: Path) -> dict:
    try:
        params_file = os.path.relpath(params.path.resolve(), cwd)
    except ValueError:  # another drive on Windows
        params_file = str(params.path.resolve())
    return {"params_file": params_file, "county": "", "township": "", "year": 0, "format_override": fmt or "", "params_root": ""}


def _render_error(params: ReportParams, reason: str, failed: Path | None) -> RenderError:
    """The Chinese error of a failed run, with its parts as fields (the batch lists them)."""
    # a multi-line reason ends with a 台账映射.yaml block to paste: the notebook's path goes on a line of its own
    where = (("\n" if "\n" in reason else "") + f"（失败的笔记本：{failed}）") if failed else ""
    error = RenderError(f"{params.county}{params.township}{params.year}年报告生成失败：{reason}{where}")
    error.reason, error.failed_notebook = reason, failed
    return error


def produce_report(params: ReportParams, paths: ReportPaths, notebook: str | Path, fmt: str | None = None,
                   cwd: str | Path | None = None, kernel_name: str = "python3", engine_name: str | None = None,
                   timings: dict | None = None, timeout: float | None = None, formats=DEFAULT_FORMATS,
                   origin: tuple[str, str] | None = None, max_memory: int | None = None) -> dict[Path, str | bytes]:
    """Run the report notebook for ``params`` and render every output in memory: path → content.

    Nothing is written. A failure raises ``NotebookFailed`` with the Chinese reason and the failed
    notebook's text (the caller keeps it as ``<township>.failed.ipynb``). ``origin`` names the notebook
    and its output as the user knows them (papermill's metadata), by default ``notebook`` and ``paths.notebook``.
    ``timeout`` bounds the notebook and then the rendering of its files (a county's templates are code);
    ``max_memory`` caps the kernel's memory beyond its own size (warm engine: it reads the ledgers itself).
    """
    import time

    from .deadline import Deadline, OutOfTime, rest_of

    cwd = Path(cwd or Path.cwd())
    began = time.perf_counter()
    deadline = Deadline(timeout, memory=max_memory)
    nb = run_notebook(notebook, _parameters(params, fmt, cwd), cwd, kernel_name, timeout, engine_name,
                      origin or (str(notebook), str(paths.notebook)), deadline)
    if timings is not None:
        timings["execute"] = timings.get("execute", 0.0) + time.perf_counter() - began
    try:
        with rest_of(deadline, "生成各格式文件（模板、Word、Excel、PDF）"):
            return render_outputs(nb, params, paths, notebook_json(nb), formats, timings)
    except (RenderError, OutOfTime) as exc:  # a format could not be made or ran out of time: the notebook is kept
        raise NotebookFailed(getattr(exc, "reason", None) or str(exc), notebook_json(nb)) from None


def keep_failed(path: Path, notebook: str | None) -> bool:
    """Write a failed run's notebook (the evidence) to ``path``; False when there is none or it cannot be written."""
    if notebook is None:
        return False
    try:
        write_atomic(path, notebook)
    except OSError:  # e.g. the disk is full: the reason is reported all the same
        return False
    return True


def execute_report(params_path: str | Path, out_dir: str | Path = "outputs", notebook: str | Path | None = None,
                   fmt: str | None = None, cwd: str | Path | None = None, kernel_name: str = "python3",
                   engine_name: str | None = None, timings: dict | None = None,
                   timeout: float | None = None, formats=DEFAULT_FORMATS, max_memory: int | None = None) -> ReportPaths:
    """Execute the report notebook for ``params_path``; return the paths written.

    ``formats`` (``render.outputs.FORMATS`` keys, html always) chooses the files beyond html, .json and .ipynb;
    pass only formats this machine can make (``render.outputs.available``).
    ``engine_name`` picks a papermill engine (the batch and ``gk report`` use ``warm.ENGINE_NAME``);
    ``timings``, when given, receives the seconds spent executing and exporting;
    ``timeout`` bounds the run in seconds (with the warm engine: its kernel is killed; the files are then
    written in the time left); ``max_memory`` caps the kernel's memory beyond its own size (warm engine).
    A failure leaves the outputs of the last good run in place and raises a ``RenderError``.
    """
    params = load_params(params_path)
    paths = output_paths(params, Path(out_dir), formats)
    notebook = Path(notebook) if notebook else default_notebook()
    paths.notebook.parent.mkdir(parents=True, exist_ok=True)
    try:
        contents = produce_report(params, paths, notebook, fmt, cwd, kernel_name, engine_name, timings, timeout, formats,
                                  max_memory=max_memory)
    except NotebookFailed as failed:
        kept = keep_failed(paths.failed, failed.notebook)
        raise _render_error(params, failed.reason, paths.failed if kept else None) from None
    commit(contents)
    paths.failed.unlink(missing_ok=True)
    return paths
