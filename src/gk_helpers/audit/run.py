"""Audit files: read each, run every check, write the pages — one unreadable file never stops the rest."""

from __future__ import annotations

from pathlib import Path

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
    """The files to audit: files as given, folders searched (recursively, sorted) for HTML/PDF/DOCX."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
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
                level: str | None = None, previous: str | Path | None = None) -> AuditRun:
    """Audit every file (folders expanded); with ``out``, write a page per file and an index."""
    files = collect(paths)
    if not files:
        raise AuditError("没有找到要核对的报告文件（.html、.htm、.pdf、.docx）：" + "、".join(map(str, paths)))
    from .previous import read_previous

    last = read_previous(previous) if previous else None
    run = AuditRun()
    for path in files:
        try:
            run.results.append(audit_file(path, year, level, last))
        except AuditError as exc:
            run.results.append(Unreadable(str(path), str(exc)))
        except Exception as exc:  # a reader bug must not cost the other files their audit
            run.results.append(Unreadable(str(path), f"{path}：读取时出错（{type(exc).__name__}: {exc}）。"))
    if out is not None:
        write_pages(run, Path(out))
    return run
