"""Which files of a ledger folder are ledgers: the contract's names, their file type, their size.

Only the names the contract gives — ``<类别>.csv`` and ``台账.xlsx`` — are ever read or
hashed; any other file in the folder is left alone (its name may earn a warning, its
content is never touched). A contract-named path that is not a regular readable file
(a folder, a named pipe, a broken link) is an error, not a missing ledger; so is a link
that leads out of the ledger folder (``依申请公开.csv → /etc/passwd`` is never read). A file that
was clearly meant as a ledger but saved in another format (``依申请公开.txt`` from
Excel's "Unicode 文本", ``.tsv``, ``.xls``) gets an error that says how to save it.
A CSV file larger than ``MAX_CSV_BYTES`` is refused before it is read; a workbook is bounded
member by member (each at most ``MAX_SHEET_XML_BYTES``) and sheet by sheet in ``xlsx_bounds``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..base.errors import Problem, os_reason
from .mapping import MAPPING_NAME
from .schema import KIND_BY_NAME, LEDGER_KINDS, WORKBOOK_NAME, LedgerKind, fold

#: The largest uncompressed member of 台账.xlsx (a worksheet, the shared strings, the styles …) that is read.
#: A real ledger of 100 000 rows is about 60 MB; a "zip bomb" of a few MB on disk can claim gigabytes.
MAX_SHEET_XML_BYTES = 200 * 1024 * 1024

#: The largest ledger CSV file read (bytes): it is read whole into memory.
MAX_CSV_BYTES = 200 * 1024 * 1024

_FOLDED_KINDS = {fold(name): kind for name, kind in KIND_BY_NAME.items()}
#: Suffixes of files meant as one ledger kind but not saved as CSV.
_TEXT_SUFFIXES = (".txt", ".tsv", ".tab", ".prn")
_BOOK_SUFFIXES = (".xls", ".xlsx", ".xlsm", ".xlsb", ".et", ".ods", ".numbers")
_SAVE_CSV = "请在 Excel 中打开它，“另存为”“CSV UTF-8（逗号分隔）(*.csv)”，文件名为「{kind}.csv」。"


def csv_kind(name: str) -> LedgerKind | None:
    """The ledger kind a ``<类别>.csv`` file name gives (spaces and punctuation width tolerated)."""
    path = Path(name)
    return _FOLDED_KINDS.get(fold(path.stem)) if path.suffix.lower() == ".csv" else None


def is_contract_name(name: str) -> bool:
    """Whether the loader reads a file of this name (a kind's CSV, the workbook, the column/value mapping)."""
    return name in (WORKBOOK_NAME, MAPPING_NAME) or csv_kind(name) is not None


def not_regular(path: Path, label: str | None = None) -> Problem | None:
    """Why a contract-named path cannot be read as a file (folder, pipe, broken link…), or None."""
    label = label or path.name
    if path.is_symlink() and os.path.exists(path) and not path.resolve().is_relative_to(path.parent.resolve()):
        return Problem(label, rule="不是普通文件",
                       message=f"「{path.name}」是指向台账目录之外的快捷方式（符号链接），没有读取。"
                               "请把台账文件本身放进台账目录，或删除这个链接。")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        what = "一个失效的快捷方式（符号链接指向的文件不存在）" if path.is_symlink() else "不存在"
        return Problem(label, rule="不是普通文件", message=f"「{path.name}」是{what}。请放入真正的台账文件，或删除它。")
    except OSError as exc:
        return Problem(label, rule="无法读取文件", message=f"文件无法读取（{os_reason(exc)}）。请确认有读取权限。")
    if stat.S_ISREG(mode):
        if not os.access(path, os.R_OK):
            return Problem(label, rule="无法读取文件", message="文件无法读取（没有读取权限）。请确认有读取权限。")
        return None
    what = ("一个文件夹" if stat.S_ISDIR(mode) else "一个命名管道（FIFO）" if stat.S_ISFIFO(mode)
            else "一个设备或套接字文件")
    return Problem(label, rule="不是普通文件",
                   message=f"「{path.name}」是{what}，不是台账文件。请把台账文件放在这个位置，或删除它。")


def csv_too_large(path: Path) -> Problem | None:
    """A problem when a ledger CSV is larger than ``MAX_CSV_BYTES`` (never read), else None."""
    size = path.stat().st_size
    if size <= MAX_CSV_BYTES:
        return None
    return Problem(path.name, rule="文件过大",
                   message=f"文件有 {size / 1024 / 1024:.0f} MB，超过上限 {MAX_CSV_BYTES // 1024 // 1024} MB，没有读取。"
                           "请确认选对了文件（台账 CSV 通常只有几 MB）。")


def _looks_utf16(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(2)
    except OSError:
        return False
    return head in (b"\xff\xfe", b"\xfe\xff")


def near_miss(path: Path, near_kind) -> tuple[LedgerKind | None, Problem] | None:
    """A file meant as a ledger but saved in another format: (its kind — None for the workbook, the problem).

    ``near_kind(stem)`` is the loader's guess of the kind a name was meant to be.
    Only regular files are looked at (a pipe is never opened).
    """
    suffix = path.suffix.lower()
    if suffix not in _TEXT_SUFFIXES + _BOOK_SUFFIXES or not path.is_file():
        return None
    if path.stem == Path(WORKBOOK_NAME).stem and suffix != ".xlsx":
        return None, Problem(path.name, "", 0, "", path.name, "文件类型不对",
                             f"台账工作簿只读取 {WORKBOOK_NAME}，这是 {suffix} 格式。请在 Excel 中打开它，"
                             f"“另存为”“Excel 工作簿(*.xlsx)”，文件名为「{WORKBOOK_NAME}」。")
    kind = near_kind(path.stem)
    if kind is None:
        return None
    if suffix in _TEXT_SUFFIXES:
        what = ("Excel 的“Unicode 文本”（UTF-16 编码、制表符分隔），不是 CSV" if _looks_utf16(path)
                else "文本文件（台账只读取逗号分隔的 .csv 文件）")
    else:
        what = f"一个单独的 {suffix} 工作簿（台账只读取 {kind.name}.csv，或 {WORKBOOK_NAME} 中名为「{kind.name}」的工作表）"
    return kind, Problem(path.name, "", 0, "", path.name, "文件类型不对",
                         f"这是{what}。" + _SAVE_CSV.format(kind=kind.name))


def hashed_files(folder: Path) -> list[Path]:
    """The files of a ledger folder that the loader reads, hence what a report depends on (regular files only)."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    return [p for p in entries if not p.name.startswith((".", "~$")) and is_contract_name(p.name) and not_regular(p) is None]


def folder_listing(folder: Path) -> str:
    """The visible names of a ledger folder (names only, never contents): a change of them can change a report."""
    try:
        return "\n".join(sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")))
    except OSError:
        return "unreadable"


def ledger_like(folder: Path, limit: int = 10) -> list[str]:
    """Names in ``folder`` that look like ledgers (CSV, text or spreadsheet files), for a 'no ledgers' message."""
    suffixes = (".csv",) + _TEXT_SUFFIXES + _BOOK_SUFFIXES
    try:
        names = sorted(p.name for p in folder.iterdir() if p.suffix.lower() in suffixes and not p.name.startswith("."))
    except OSError:
        return []
    return names[:limit] + ([f"等 {len(names)} 个"] if len(names) > limit else [])


__all__ = ["MAX_SHEET_XML_BYTES", "MAX_CSV_BYTES", "csv_too_large", "LEDGER_KINDS", "csv_kind", "is_contract_name", "not_regular", "near_miss",
           "hashed_files", "folder_listing", "ledger_like"]
