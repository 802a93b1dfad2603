"""Execute one notebook with papermill, in memory: the executed notebook, or why it failed and its evidence.

Nothing is written here. papermill runs with no output path (it would save the notebook as it
starts and as it ends, each time through nbformat's validation), so the caller decides where
the executed notebook goes — beside the outputs, or back to the client of a distributed run.
A failure is a ``NotebookFailed`` holding the Chinese reason and the failed notebook as text
(papermill's error banner on top, or what ran before the kernel went away), for the caller to keep.
"""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

from ..base import json_text
from .faults import known_os_fault


class NotebookFailed(Exception):
    """A notebook that did not run to its end: ``reason`` (Chinese) and ``notebook`` (its text, or None)."""

    def __init__(self, reason: str, notebook: str | None = None):
        super().__init__(reason)
        self.reason, self.notebook = reason, notebook

    def __reduce__(self):  # crosses process pools and the network
        return NotebookFailed, (self.reason, self.notebook)


#: Non-text mimetypes nbformat also writes as lists of lines.
_SPLIT_TOO = ("application/javascript", "image/svg+xml")


def _split(bundle: dict) -> dict:
    return {k: (v.splitlines(True) if isinstance(v, str) and (k.startswith("text/") or k in _SPLIT_TOO) else v)
            for k, v in bundle.items()}


def _cell(cell: dict) -> dict:
    out = {k: v for k, v in cell.items() if k not in ("source", "outputs", "metadata", "attachments")}
    source = cell.get("source")
    out["source"] = source.splitlines(True) if isinstance(source, str) else source
    out["metadata"] = {k: v for k, v in cell.get("metadata", {}).items() if k != "trusted"}
    if "attachments" in cell:
        out["attachments"] = {name: _split(bundle) for name, bundle in cell["attachments"].items()}
    if "outputs" in cell:
        outputs = []
        for output in cell["outputs"]:
            output = dict(output)
            if output.get("output_type") in ("execute_result", "display_data"):
                output["data"] = _split(output.get("data", {}))
            elif output.get("output_type") == "stream" and isinstance(output.get("text"), str):
                output["text"] = output["text"].splitlines(True)
            outputs.append(output)
        out["outputs"] = outputs
    return out


def notebook_json(nb) -> str:
    """The ``.ipynb`` text of ``nb`` exactly as ``nbformat.writes`` gives it, without its validation pass.

    Validating a report's executed notebook against the schema costs more than writing it; papermill
    has already checked the notebook it ran, and the kit's outputs are plain JSON types.
    """
    metadata = {k: v for k, v in nb.get("metadata", {}).items() if k not in ("orig_nbformat", "orig_nbformat_minor", "signature")}
    doc = {k: v for k, v in nb.items() if k not in ("cells", "metadata")}
    doc["metadata"] = metadata
    doc["cells"] = [_cell(c) for c in nb.get("cells", [])]
    return json_text.dumps(doc, indent=1, sort_keys=True)


def failure_of(nb, exc: Exception) -> str:
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


def stopped_reason(exc: Exception, deadline) -> str:
    """Why a notebook stopped other than by a cell's error: the time bound, a file-system fault, or the kernel."""
    if deadline.expired:
        return deadline.reason()
    return known_os_fault(exc) or f"内核无法启动或意外退出（{type(exc).__name__}: {exc}）"


def _with_banner(nb, reason: str) -> str | None:
    """What ran before the kernel went away (an engine may attach it), with the reason on top, as text."""
    if nb is None:
        return None
    import nbformat

    nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"**报告生成失败**：{reason}"))
    return notebook_json(nb)


def run_notebook(notebook: str | Path, parameters: dict, cwd: str | Path, kernel_name: str = "python3",
                 timeout: float | None = None, engine_name: str | None = None, origin: tuple[str, str] = ("", ""),
                 deadline=None):
    """Execute ``notebook`` with ``parameters`` in ``cwd``; the executed notebook, or ``NotebookFailed``.

    ``engine_name`` is ``warm.ENGINE_NAME`` in a batch and ``gk report`` (this process's warm kernel);
    another engine (None: papermill's own, a fresh kernel) saves its notebook to a private scratch file.
    ``origin`` (the notebook and the output as the user knows them) goes into papermill's metadata.
    ``timeout`` bounds the run in seconds (with the warm engine its kernel is killed); a ``deadline`` given
    (``Deadline``) is used instead, so the caller can bound what follows by the same clock.
    """
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from . import warm
    from .deadline import Deadline

    scratch = None
    if engine_name != warm.ENGINE_NAME:
        scratch = Path(tempfile.mkdtemp(prefix="gk-notebook-")) / "executed.ipynb"
    else:
        warm.register()
    deadline = deadline or Deadline(timeout)
    try:
        with deadline:
            if scratch is None:
                nb = _execute_in_memory(notebook, parameters, kernel_name, str(cwd))
            else:
                nb = pm.execute_notebook(str(notebook), str(scratch), parameters=parameters, engine_name=engine_name,
                                         kernel_name=kernel_name, progress_bar=False, cwd=str(cwd),
                                         request_save_on_cell_execute=False)
    except PapermillExecutionError as exc:
        failed = warm.LAST.get("nb") if scratch is None else _read(scratch)
        _label(failed, origin)
        raise NotebookFailed(failure_of(failed, exc), notebook_json(failed) if failed is not None else None) from None
    except Exception as exc:  # kernel died, failed to start, stopped at the deadline, or the disk is full
        reason = stopped_reason(exc, deadline)
        partial = getattr(exc, "partial_notebook", None)
        _label(partial, origin)
        raise NotebookFailed(reason, _with_banner(partial, reason)) from None
    finally:
        if scratch is not None:
            scratch.unlink(missing_ok=True)
            os.rmdir(scratch.parent)
    _label(nb, origin)
    return nb


def _execute_in_memory(notebook: str | Path, parameters: dict, kernel_name: str, cwd: str):
    """``papermill.execute_notebook`` with no output path, step by step, with the warm engine: parameterize,
    prepare the metadata, execute, raise for a failed cell — without the final save papermill makes
    even when there is nowhere to save (a full nbformat validation and JSON dump, then discarded)."""
    from papermill.engines import papermill_engines
    from papermill.execute import prepare_notebook_metadata, raise_for_execution_errors, remove_error_markers
    from papermill.parameterize import parameterize_notebook
    from papermill.utils import chdir

    from . import warm

    nb = parameterize_notebook(_source(str(notebook)), parameters, kernel_name=kernel_name, engine_name=warm.ENGINE_NAME)
    nb = remove_error_markers(prepare_notebook_metadata(nb, str(notebook), None))
    kernel_name = papermill_engines.nb_kernel_name(engine_name=warm.ENGINE_NAME, nb=nb, name=kernel_name)
    with chdir(cwd):
        nb = papermill_engines.execute_notebook_with_engine(warm.ENGINE_NAME, nb, input_path=str(notebook), output_path=None,
                                                           kernel_name=kernel_name, progress_bar=False, log_output=False,
                                                           start_timeout=60, stdout_file=None, stderr_file=None)
    raise_for_execution_errors(nb, None)
    return nb


_SOURCES: dict = {}


def _source(path: str):
    """The notebook as papermill loads it, read once per version of the file; each run gets its own copy
    (``parameterize_notebook`` inserts its cell into the node it is given, and execution fills the cells in)."""
    from papermill.iorw import load_notebook_node

    stat = os.stat(path)
    key = (os.path.abspath(path), stat.st_size, stat.st_mtime_ns)
    if key not in _SOURCES:
        _SOURCES.clear()
        _SOURCES[key] = load_notebook_node(path)
    return copy.deepcopy(_SOURCES[key])


def _label(nb, origin: tuple[str, str]) -> None:
    """Record where the notebook and its output are as the user knows them (not a scratch or worker path)."""
    papermill = getattr(nb, "metadata", {}).get("papermill") if nb is not None else None
    if papermill is not None:
        papermill["input_path"], papermill["output_path"] = origin


def _read(path: Path):
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - a truncated file is no evidence
        return None
