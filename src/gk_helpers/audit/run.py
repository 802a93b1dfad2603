"""Audit files: read each, run every check, write the pages — one unreadable file never stops the rest.

A folder is searched for reports; each document is audited by one call of ``single.audit_one``,
several at once in worker processes with ``jobs`` (``parallel.run``), each read and checked where
memory and time are capped (``--max-memory`` and ``--timeout`` per document): a hostile file is
that file's failure, named with the cap it hit, and every other file is still audited. With an
output folder the pages, the index and the evaluator's summary are written.
"""

from __future__ import annotations

from pathlib import Path

from ..base import contain
from ..base.contain import LimitError, Limits
from ..base.errors import AuditError
from .document import SUFFIXES
from .page import write_pages
from .parallel import run
from .previous import read_previous
from .results import Audit, AuditRun, Unreadable
from .single import AuditOptions, audit_file, audit_one, run_checks
from .summary import write_summary

__all__ = ["Audit", "AuditOptions", "AuditRun", "Unreadable", "audit_file", "audit_files", "audit_one", "collect", "run_checks"]


def collect(paths: list[str | Path]) -> list[Path]:
    """The files to audit: files as given, folders searched (recursively, sorted) for HTML/PDF/DOCX — a pipe or
    broken link of such a name too (its audit says what it is; it is never opened)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if not p.is_dir() and p.suffix.lower() in SUFFIXES
                          and not p.name.startswith((".", "~$")))
        else:
            out.append(path)
    seen, unique = set(), []
    for p in out:
        if p not in seen:
            seen.add(p)
            unique.append(p)
    return unique


def audit_files(paths: list[str | Path], out: str | Path | None = None, year: int | None = None,
                level: str | None = None, previous: str | Path | None = None, jobs: int = 1,
                progress: bool | None = None, summary: str | Path | None = None, limits: Limits | None = None) -> AuditRun:
    """Audit every file (folders expanded) with ``jobs`` worker processes, each document under ``limits``; with
    ``out``, write a page per file, the index page and the summary workbook and CSV (``gk audit -o`` holds the
    folder's lock meanwhile, as ``gk run`` does); ``summary`` writes one more summary (.xlsx or .csv)."""
    files = collect(paths)
    if not files:
        raise AuditError("没有找到要核对的报告文件（.html、.htm、.pdf、.docx）：" + "、".join(map(str, paths)))
    last = None
    if previous:
        try:
            last = contain.run(read_previous, previous, what=str(previous), limits=limits)
        except LimitError as exc:
            raise AuditError(f"上年报告 {exc}") from None
    audit_run = AuditRun(run(files, AuditOptions(year, level, last, limits), jobs, progress))
    if out is not None:
        audit_run.index = write_pages(audit_run, Path(out))
    if summary is not None:
        write_summary(audit_run, Path(summary))
    return audit_run
