"""Run the report notebook for one params file with papermill and write its outputs.

``OUT/<county>/<year>/<township>.ipynb``, ``.html`` (the public report), ``.review.html`` (the
report with the reviewer panel and the cases behind every number) and ``.json``, plus the formats
asked for (``.fragment.html``, ``.docx``, ``.pdf``, ``.xlsx``, see ``render.outputs``), each written atomically.
A failed run keeps the executed notebook as ``<township>.failed.ipynb`` (with papermill's
error banner), removes stale outputs of earlier runs, and raises a ``RenderError``
that says which cell failed and why.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ParamsError, RenderError
from ..params import ReportParams, load_params
from ..render.export import notebook_data, notebook_html, review_html, write_atomic
from ..render.html import DOCUMENT_MIMETYPE
from ..render.model import Document
from ..render.outputs import DEFAULT_FORMATS, extra_paths, render_formats
from ..report import data_json

DEFAULT_NOTEBOOK = "annual_report.ipynb"
_UNSAFE = re.compile(r"[\\/]|^\.\.?$|^$")


def default_notebook() -> Path:
    """notebooks/annual_report.ipynb of the project (found from the working directory), else the packaged one."""
    from ..notebook import project_root
    from ..project import packaged_notebook

    path = project_root() / "notebooks" / DEFAULT_NOTEBOOK
    if path.is_file():
        return path
    packaged = packaged_notebook(DEFAULT_NOTEBOOK)
    if not packaged.is_file():
        raise RenderError(f"找不到报告笔记本 {path}（安装包中也没有）。请在项目目录中运行，或用 --notebook 指定。")
    return packaged


@dataclass(frozen=True)
class ReportPaths:
    """Where one township-year's outputs go."""

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
        if _UNSAFE.search(value):
            raise ParamsError(f"参数文件 {params.path.name}：{name}「{value}」不能含有路径分隔符或为 . / ..。")
    folder = Path(out_dir) / params.county / str(params.year)
    stem = params.township
    html = folder / f"{stem}.html"
    return ReportPaths(folder / f"{stem}.ipynb", html, folder / f"{stem}.json", folder / f"{stem}.failed.ipynb",
                       extra=(folder / f"{stem}.review.html", *extra_paths(html, formats).values()))


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
    write_atomic(path, nbformat.writes(nb))
    return True


def _remove(files) -> None:
    """Delete outputs an earlier run left, so nothing stale looks finished."""
    for path in files:
        path.unlink(missing_ok=True)


def execute_report(params_path: str | Path, out_dir: str | Path = "outputs", notebook: str | Path | None = None,
                   fmt: str | None = None, cwd: str | Path | None = None, kernel_name: str = "python3",
                   engine_name: str | None = None, timings: dict | None = None, formats=DEFAULT_FORMATS) -> ReportPaths:
    """Execute the report notebook for ``params_path``; return the paths written.

    ``formats`` (``render.outputs.FORMATS`` keys, html always) chooses the files beyond html, .json and .ipynb;
    pass only formats this machine can make (``render.outputs.available``).
    ``engine_name`` picks a papermill engine (the batch uses ``warm.ENGINE_NAME``);
    ``timings``, when given, receives the seconds spent executing and exporting.
    """
    import time

    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    params = load_params(params_path)
    paths = output_paths(params, Path(out_dir), formats)
    cwd = Path(cwd or Path.cwd())
    notebook = Path(notebook) if notebook else default_notebook()
    paths.notebook.parent.mkdir(parents=True, exist_ok=True)
    scratch = paths.notebook.with_name(f".{paths.notebook.stem}.running.ipynb")
    began = time.perf_counter()
    try:
        nb = pm.execute_notebook(
            str(notebook), str(scratch), parameters=_parameters(params, fmt, cwd), engine_name=engine_name,
            kernel_name=kernel_name, progress_bar=False, cwd=str(cwd), request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as exc:
        import nbformat

        failed = nbformat.read(scratch, as_version=4) if scratch.exists() else None
        _remove(paths.finished)
        if scratch.exists():
            os.replace(scratch, paths.failed)
        raise _render_error(params, _failure(failed, exc), paths.failed) from None
    except Exception as exc:  # kernel died or failed to start
        _remove((*paths.finished, scratch))
        reason = f"内核无法启动或意外退出（{type(exc).__name__}: {exc}）"
        kept = _keep_partial(getattr(exc, "partial_notebook", None), reason, paths.failed)
        raise _render_error(params, reason, paths.failed if kept else None) from None
    if timings is not None:
        timings["execute"] = timings.get("execute", 0.0) + time.perf_counter() - began
        began = time.perf_counter()
    data = notebook_data(nb)
    contents = {paths.html: notebook_html(nb, params.title), paths.review: review_html(nb, params.title),
                paths.json: data_json(data)}
    if timings is not None:
        timings["html"] = timings.get("html", 0.0) + time.perf_counter() - began
    if extra_paths(paths.html, formats):  # every format is rendered before any file is written: no mixture on failure
        from ..notebook import project_root

        try:
            document = Document.from_dict(notebook_data(nb, DOCUMENT_MIMETYPE))
            contents.update(render_formats(document, paths.html, formats, project_root(params.path.parent), timings,
                                           page=contents[paths.html]))
        except RenderError as exc:
            _remove(paths.finished)
            os.replace(scratch, paths.failed)
            raise _render_error(params, str(exc), paths.failed) from None
    for path, content in contents.items():
        write_atomic(path, content)
    os.replace(scratch, paths.notebook)
    paths.failed.unlink(missing_ok=True)
    return paths
