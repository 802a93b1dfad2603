"""A folder of reports audited by worker processes, one document per task, each failure its own.

``run`` calls ``single.audit_one`` for every file — a single file in this process, several in a pool
of ``jobs`` worker processes — and returns the results in the order of the files. A worker that
dies (a reader that crashes the interpreter, or is killed) breaks the pool: the documents still
open are then audited again one by one, each in a fresh single-use process, so only the document
that kills its worker is reported as unreadable and every other one keeps its audit.
"""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .results import Unreadable
from .single import AuditOptions, audit_one


def _context():
    """Fork where there is fork (the imported readers come along for free), the platform default elsewhere."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _progress(total: int, show: bool | None):
    """A progress bar on stderr: shown on a terminal (``show`` None), or as asked."""
    from tqdm import tqdm

    disable = (not sys.stderr.isatty()) if show is None else not show
    # mininterval=0: a document takes longer than a redraw, so every one finished is shown (tqdm's default 0.1 s
    # skips updates that come close together, and a short folder would show 0/3 and then nothing)
    return tqdm(total=total, unit="份", desc="核对", file=sys.stderr, disable=disable, leave=False, mininterval=0)


def _alone(path: Path, options: AuditOptions):
    """One document in a process of its own: its result, or why the process died."""
    with ProcessPoolExecutor(max_workers=1, mp_context=_context()) as pool:
        try:
            return pool.submit(audit_one, path, options).result()
        except BrokenProcessPool:
            return Unreadable(str(path), f"{path}：读取时核对进程异常退出（文件可能使读取程序崩溃或耗尽内存），无法核对。")


def _preload() -> None:
    """Import the readers here, once, so that every forked worker has them instead of importing them itself."""
    from . import read_docx, read_html, read_pdf  # noqa: F401


def run(files: list[Path], options: AuditOptions, jobs: int = 1, progress: bool | None = None) -> list:
    """``audit_one`` on every file with ``jobs`` processes; results in file order."""
    results: list = [None] * len(files)
    with _progress(len(files), progress) as bar:
        if len(files) == 1:
            for i, path in enumerate(files):
                results[i] = audit_one(path, options)
                bar.update()
            return results
        broken: list[int] = []
        _preload()
        with ProcessPoolExecutor(max_workers=min(jobs, len(files)), mp_context=_context()) as pool:
            futures: dict[Future, int] = {pool.submit(audit_one, path, options): i for i, path in enumerate(files)}
            for future, i in futures.items():
                try:
                    results[i] = future.result()
                    bar.update()
                except BrokenProcessPool:
                    broken.append(i)
        for i in broken:  # which document broke the pool is not known: each open one runs alone
            results[i] = _alone(files[i], options)
            bar.update()
    return results
