"""What an audit gives: one file's printed report and checks, a file that could not be read, a whole run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .checks import AuditCheck
from .printed import PrintedReport


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
    index: Path | None = None  # the summary page written (``-o``)

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
