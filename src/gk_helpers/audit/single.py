"""One document's audit: read it, run every check — one call, ``audit_one(path, options) -> Audit | Unreadable``.

A folder runs this call in worker processes (``parallel.run``), so a document that crashes its
reader costs only its own row. Inside the call the document is read and checked where memory and
time are capped (``contain``, ``--max-memory`` and ``--timeout`` per document): a hostile file is
that file's failure, named with the cap it hit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..base import contain
from ..base.contain import LimitError, Limits
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
    limits: Limits | None = None  # memory and time of each document (None: $GK_MAX_MEMORY/$GK_TIMEOUT or the defaults)


def audit_one(path: str | Path, options: AuditOptions) -> Audit | Unreadable:
    """One document's whole audit under ``options.limits`` — never raises: a file that cannot be read, or that
    exceeds a cap, gives an ``Unreadable``."""
    try:
        return contain.run(audit_file, path, options.year, options.level, options.previous, what=str(path),
                           limits=options.limits)
    except (AuditError, LimitError) as exc:
        return Unreadable(str(path), str(exc))
    except Exception as exc:  # noqa: BLE001 - a reader bug must not cost the other files their audit
        return Unreadable(str(path), f"{path}：读取时出错（{type(exc).__name__}: {exc}）。")
