"""The kit's exception tree and the problem record.

    GkError                      any error the kit reports to a user
    ├── LedgerError              ledger files break the contract (holds every Problem)
    ├── ParamsError              a params file or parameter is wrong
    ├── RenderError              a report could not be produced
    ├── OutputError              the output folder itself is unusable or in use (exit code 2)
    ├── ExecutorError            the distributed engine cannot be used (no dask, scheduler unreachable; exit code 2)
    └── AuditError               a published report could not be read for an audit

Every message is Chinese and names the place and the fix. Exceptions keep
their structured fields and stay picklable, because they cross process pools.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

#: How many problems a message lists before it says "…另有 N 条".
MESSAGE_CAP = 50


@dataclass(frozen=True, order=True)
class Problem:
    """One breach of the ledger contract, located as the user sees it in Excel."""

    file: str
    sheet: str = ""
    row: int = 0  # spreadsheet row number (header is row 1); 0 when the whole file is meant
    column: str = ""
    value: str = ""
    rule: str = ""
    message: str = ""

    def place(self) -> str:
        """The location prefix: file, sheet, row and column as far as known."""
        parts = [self.file]
        if self.sheet:
            parts.append(f"工作表「{self.sheet}」")
        if self.row:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"「{self.column}」列")
        return " ".join(parts)

    def __str__(self) -> str:
        value = f"值「{self.value}」：" if self.value != "" else ""
        return f"{self.place()}：{value}{self.message}"

    def to_dict(self) -> dict:
        """Plain-dict form for JSON output."""
        return asdict(self)


def format_problems(problems: list[Problem], cap: int = MESSAGE_CAP) -> str:
    """Sorted, numbered problem lines, capped with a count of the rest."""
    ordered = sorted(problems)
    lines = [f"{i}. {p}" for i, p in enumerate(ordered[:cap], 1)]
    if len(ordered) > cap:
        lines.append(f"…另有 {len(ordered) - cap} 条")
    return "\n".join(lines)


class GkError(Exception):
    """Any error the kit reports to a user; its text is the user-facing Chinese message."""

    def _render_traceback_(self) -> list[str]:
        """IPython shows this instead of a traceback wall: the Chinese message alone."""
        return [f"错误：{self}"]


class LedgerError(GkError):
    """The ledgers break the contract; ``problems`` holds every breach found.

    ``advice`` is what follows the list: the mapping lines that would fix them, merged into one
    block per ledger kind, and the allowed values the messages refer to, each listed once.
    """

    def __init__(self, problems: list[Problem], advice: str = ""):
        self.problems = sorted(problems)
        self.advice = advice
        super().__init__(self.problems, advice)

    def __str__(self) -> str:
        text = f"台账有 {len(self.problems)} 处问题，请逐条修改后重试：\n" + format_problems(self.problems)
        return text + (f"\n\n{self.advice}" if self.advice else "")


class ParamsError(GkError):
    """A params file or a parameter value is wrong."""


class RenderError(GkError):
    """A report could not be produced (the notebook failed or could not be written)."""


class OutputError(GkError):
    """The output folder cannot be used at all (a file, not writable, locked by another run): nothing ran."""

    exit_code = 2


class ExecutorError(GkError):
    """``gk run --executor dask`` cannot start: dask is not installed or the scheduler cannot be reached; nothing ran."""

    exit_code = 2


class AuditError(GkError):
    """A published report (HTML, PDF, DOCX) could not be read; the message names the file and why.

    Raised out of ``gk audit`` only for the run as a whole (no report files, an unusable output folder or
    summary path, an unreadable ``--previous``): exit status 2. One document that cannot be read is a row
    of the run, not an error of it."""

    exit_code = 2


def os_reason(exc: OSError) -> str:
    """A short Chinese reason for an operating-system error."""
    if isinstance(exc, PermissionError):
        return "没有读取权限，或正被其他程序独占打开"
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹"
    if isinstance(exc, FileNotFoundError):
        return "文件不存在"
    return f"系统错误 {exc.errno or type(exc).__name__}"
