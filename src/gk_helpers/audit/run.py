"""Audit files: read each, run every check, write the pages — one unreadable file never stops the rest.

Each document is read and checked where memory and time are capped (``contain``, ``--max-memory`` and
``--timeout`` per document): a hostile file is that file's failure, named with the cap it hit, and
every other file is still audited.
"""

from __future__ import annotations

from pathlib import Path

from ..base import contain
from ..base.contain import LimitError, Limits
from ..base.errors import AuditError
from . import checks as ck
from . import continuity
from .checks import AuditCheck
from .document import SUFFIXES
from .printed import PrintedReport, read_printed
from .page import write_pages
from .prose import prose_checks
from .results import Audit, AuditRun, Unreadable


def run_checks(report: PrintedReport, level: str | None = None, previous: PrintedReport | None = None) -> list[AuditCheck]:
    """Every check on a printed report, in a fixed order."""
    return [
        ck.check_r1(report), ck.check_r2(report), ck.check_r3(report), ck.check_r8(report),
        ck.check_f1(report), ck.check_b1(report), ck.check_u1(report), ck.check_g1(report, level), ck.check_l1(report),
        *prose_checks(report),
        continuity.check_r5(report, previous), continuity.check_c1(report, previous), continuity.check_c2(report, previous),
    ]


def audit_file(path: str | Path, year: int | None = None, level: str | None = None,
               previous: PrintedReport | None = None) -> Audit:
    """Read one published report and run every check (``AuditError`` if it cannot be read)."""
    report = read_printed(path, year)
    level = level or ck.level_of(report.agency)
    return Audit(report, run_checks(report, level, previous), level)


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


def audit_contained(path: Path, year: int | None = None, level: str | None = None,
                    previous: PrintedReport | None = None, limits: Limits | None = None) -> Audit | Unreadable:
    """One document's audit under ``limits`` (memory, time): an ``Audit``, or ``Unreadable`` with the reason."""
    try:
        return contain.run(audit_file, path, year, level, previous, what=str(path), limits=limits)
    except (AuditError, LimitError) as exc:
        return Unreadable(str(path), str(exc))
    except Exception as exc:  # noqa: BLE001 - a reader bug must not cost the other files their audit
        return Unreadable(str(path), f"{path}：读取时出错（{type(exc).__name__}: {exc}）。")


def audit_files(paths: list[str | Path], out: str | Path | None = None, year: int | None = None,
                level: str | None = None, previous: str | Path | None = None, limits: Limits | None = None) -> AuditRun:
    """Audit every file (folders expanded), each under ``limits``; with ``out``, write a page per file and a summary
    page (``gk audit -o`` holds the folder's lock meanwhile, as ``gk run`` does)."""
    files = collect(paths)
    if not files:
        raise AuditError("没有找到要核对的报告文件（.html、.htm、.pdf、.docx）：" + "、".join(map(str, paths)))
    from .previous import read_previous

    if previous:
        try:
            last = contain.run(read_previous, previous, what=str(previous), limits=limits)
        except LimitError as exc:
            raise AuditError(f"上年报告 {exc}") from None
    else:
        last = None
    run = AuditRun([audit_contained(path, year, level, last, limits) for path in files])
    if out is not None:
        run.index = write_pages(run, Path(out))
    return run
