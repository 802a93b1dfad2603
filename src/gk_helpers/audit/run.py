"""Audit files: read each, run every check, write the pages — one unreadable file never stops the rest.

One document's audit is one call, ``audit_one(path, options) -> Audit | Unreadable``: a folder
runs it in worker processes (``parallel.run``), so a document that crashes its reader costs
only its own row, and a bound on time or memory can be put around that one call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import AuditError
from . import checks as ck
from . import continuity
from .checks import AuditCheck
from .document import SUFFIXES
from .printed import PrintedReport, read_printed
from .prose import prose_checks


@dataclass
class Audit:
    """One file audited: what was read and the checks on it."""

    report: PrintedReport
    checks: list[AuditCheck]
    level: str | None = None

    @property
    def file(self) -> str:
        """The audited file, as given."""
        return self.report.file

    @property
    def failed(self) -> list[AuditCheck]:
        """The checks that did not pass."""
        return [c for c in self.checks if c.status == "不通过"]

    @property
    def complete(self) -> bool:
        """Every table of sections 二, 三, 四 was found and read."""
        return self.report.complete

    def to_dict(self) -> dict:
        """The JSON object of ``gk audit --json`` for this file."""
        r = self.report
        return {"file": r.file, "agency": r.agency, "year": r.year, "layout": r.layout, **r.figures(),
                "checks": [c.to_dict() for c in self.checks], "notes": list(r.notes)}


@dataclass
class Unreadable:
    """A file that could not be read, and why (Chinese)."""

    file: str
    error: str

    def to_dict(self) -> dict:
        """The JSON object for a file that could not be read."""
        return {"file": self.file, "error": self.error}


@dataclass
class AuditRun:
    """Every file of one ``gk audit``: audits and unreadable files in the order given."""

    results: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every file read and no check failed."""
        return all(isinstance(r, Audit) and not r.failed for r in self.results)

    @property
    def exit_code(self) -> int:
        """``gk audit``'s exit status: 0 all read and nothing failed; +1 a check failed (不通过);
        +4 a file, or a table in it, could not be read (so some checks are 未核对)."""
        failed = any(isinstance(r, Audit) and r.failed for r in self.results)
        unread = any(not isinstance(r, Audit) or not r.complete for r in self.results)
        return (1 if failed else 0) | (4 if unread else 0)

    def to_list(self) -> list[dict]:
        """The JSON list of ``gk audit --json``."""
        return [r.to_dict() for r in self.results]


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


@dataclass(frozen=True)
class AuditOptions:
    """What every document of one ``gk audit`` is checked with."""

    year: int | None = None
    level: str | None = None
    previous: PrintedReport | None = None  # last year's report, read once


def audit_one(path: str | Path, options: AuditOptions) -> "Audit | Unreadable":
    """One document's whole audit — never raises: a file that cannot be read gives an ``Unreadable``."""
    try:
        return audit_file(path, options.year, options.level, options.previous)
    except AuditError as exc:
        return Unreadable(str(path), str(exc))
    except Exception as exc:  # noqa: BLE001 - a reader bug must not cost the other files their audit
        return Unreadable(str(path), f"{path}：读取时出错（{type(exc).__name__}: {exc}）。")


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
                level: str | None = None, previous: str | Path | None = None, jobs: int = 1,
                progress: bool | None = None, summary: str | Path | None = None) -> AuditRun:
    """Audit every file (folders expanded) with ``jobs`` worker processes; with ``out``, write a page per
    file, an index and the summary workbook and CSV; ``summary`` writes one more summary (.xlsx or .csv)."""
    files = collect(paths)
    if not files:
        raise AuditError("没有找到要核对的报告文件（.html、.htm、.pdf、.docx）：" + "、".join(map(str, paths)))
    from .parallel import run
    from .previous import read_previous

    options = AuditOptions(year, level, read_previous(previous) if previous else None)
    audit_run = AuditRun(run(files, options, jobs, progress))
    if out is not None:
        from .page import write_pages

        write_pages(audit_run, Path(out))
    if summary is not None:
        from .summary import write_summary

        write_summary(audit_run, Path(summary))
    return audit_run
