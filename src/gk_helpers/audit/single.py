"""One document's audit: read it, run every check — one call, ``audit_one(path, options) -> Audit | Unreadable``.

A folder runs this call in worker processes (``parallel.run``), so a document that crashes its
reader costs only its own row, and a bound on time or memory can be put around that one call.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..base.errors import AuditError
from . import checks as ck
from . import continuity
from .checks import AuditCheck
from .printed import PrintedReport, read_printed
from .prose import prose_checks
from .results import Audit, Unreadable


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


def audit_one(path: str | Path, options: AuditOptions) -> Audit | Unreadable:
    """One document's whole audit — never raises: a file that cannot be read gives an ``Unreadable``."""
    try:
        return audit_file(path, options.year, options.level, options.previous)
    except AuditError as exc:
        return Unreadable(str(path), str(exc))
    except Exception as exc:  # noqa: BLE001 - a reader bug must not cost the other files their audit
        return Unreadable(str(path), f"{path}：读取时出错（{type(exc).__name__}: {exc}）。")
