"""Load a township's ledger folder: find each kind's source, read it, validate it.

Every problem in every file is collected first; then one ``LedgerError`` holds them
all. A ledger kind that is simply absent is not a problem: it counts as zero cases
and becomes a warning for the check panel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import LedgerError, Problem
from .readers import RawSheet, open_workbook, read_csv, read_sheet
from .schema import KIND_BY_KEY, KIND_BY_NAME, LEDGER_KINDS, WORKBOOK_NAME, LedgerKind, fold
from .validate import ROW, validate_sheet

_FOLDED_KINDS = {fold(name): kind for name, kind in KIND_BY_NAME.items()}


@dataclass(frozen=True)
class Source:
    """Where one ledger kind was read from."""

    kind: str
    path: Path
    sheet: str = ""

    @property
    def label(self) -> str:
        """File name, and sheet for a workbook, as messages show it."""
        return f"{self.path.name}「{self.sheet}」" if self.sheet else self.path.name


@dataclass
class Ledgers:
    """A township's validated ledgers: one typed frame per kind present."""

    folder: Path
    frames: dict[str, pd.DataFrame]
    sources: dict[str, Source]
    warnings: list[str] = field(default_factory=list)

    def __getitem__(self, key: str) -> pd.DataFrame:
        """The frame of a kind (by key, e.g. ``applications``); an empty typed frame if absent."""
        if key in self.frames:
            return self.frames[key]
        return empty_frame(KIND_BY_KEY[key])

    def has(self, key: str) -> bool:
        """Whether the ledger kind was provided."""
        return key in self.frames

    @property
    def files(self) -> list[Path]:
        """Every file read, once each, sorted (for provenance hashes)."""
        return sorted({s.path for s in self.sources.values()})

    @property
    def missing(self) -> list[LedgerKind]:
        """The ledger kinds not provided."""
        return [k for k in LEDGER_KINDS if k.key not in self.frames]


_EMPTY_DTYPES = {"date": "datetime64[ns]", "amount": "float64", "id": object, "text": object}


def empty_frame(kind: LedgerKind) -> pd.DataFrame:
    """A frame with the kind's columns and types and no rows."""
    data = {ROW: pd.Series([], dtype="int64")}
    for c in kind.columns:
        if c.type == "enum":
            data[c.field] = pd.Series(pd.Categorical([], categories=c.enum.values))
        else:
            data[c.field] = pd.Series([], dtype=_EMPTY_DTYPES[c.type])
    return pd.DataFrame(data)


def _find_sources(folder: Path, problems: list[Problem], warnings: list[str]) -> tuple[dict[str, Source], dict[str, RawSheet]]:
    """Locate each kind's CSV file or workbook sheet and read it raw."""
    sources: dict[str, Source] = {}
    raws: dict[str, RawSheet] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(("~$", ".")) or not path.is_file():
            continue
        if path.suffix.lower() == ".csv":
            kind = _FOLDED_KINDS.get(fold(path.stem))
            if kind is None:
                warnings.append(f"未识别的文件「{path.name}」已忽略（台账 CSV 文件名应为：{'、'.join(k.name + '.csv' for k in LEDGER_KINDS)}）。")
                continue
            read = read_csv(path, path.name)
            sources[kind.key] = Source(kind.name, path)
            if isinstance(read, list):
                problems.extend(read)
            else:
                raws[kind.key] = read
    workbook_path = folder / WORKBOOK_NAME
    if workbook_path.is_file():
        _read_workbook(workbook_path, sources, raws, problems, warnings)
    return sources, raws


def _read_workbook(path: Path, sources, raws, problems, warnings) -> None:
    book = open_workbook(path, path.name)
    if isinstance(book, list):
        problems.extend(book)
        return
    recognised = 0
    for sheet in book.sheet_names:
        kind = _FOLDED_KINDS.get(fold(sheet))
        if kind is None:
            near = next((k for k in LEDGER_KINDS if k.name in sheet), None)
            if near is not None:
                problems.append(
                    Problem(path.name, sheet, 0, "", sheet, "工作表名不规范",
                            f"工作表名应为「{near.name}」。请把工作表「{sheet}」改名为「{near.name}」。")
                )
                recognised += 1
            else:
                warnings.append(f"{path.name} 中的工作表「{sheet}」不是台账，已忽略。")
            continue
        recognised += 1
        if kind.key in sources:
            problems.append(
                Problem(path.name, sheet, 0, "", "", "台账来源重复",
                        f"「{kind.name}」台账同时存在于 {sources[kind.key].label} 和本工作表中。请只保留一处，删除另一处。")
            )
            continue
        sources[kind.key] = Source(kind.name, path, sheet)
        read = read_sheet(book, sheet)
        if isinstance(read, list):
            problems.extend(read)
        else:
            raws[kind.key] = read
    if not recognised:
        problems.append(
            Problem(path.name, "", 0, "", "、".join(book.sheet_names), "缺少台账工作表",
                    f"工作簿中没有任何台账工作表（现有：{'、'.join(book.sheet_names)}）。工作表名应为："
                    f"{'、'.join(k.name for k in LEDGER_KINDS)}。请按规定名称重命名工作表。")
        )


def load_ledgers(folder: str | Path, today: dt.date | None = None) -> Ledgers:
    """Read and validate every ledger in ``folder``; raise ``LedgerError`` listing all problems."""
    folder = Path(folder)
    today = today or dt.date.today()
    if not folder.is_dir():
        raise LedgerError([Problem(str(folder), rule="目录不存在", message="台账目录不存在。请检查路径（参数文件中的 ledger_dir 或命令行参数）。")])
    problems: list[Problem] = []
    warnings: list[str] = []
    sources, raws = _find_sources(folder, problems, warnings)
    if not sources and not problems:
        problems.append(
            Problem(str(folder), rule="没有台账", message=f"目录中没有任何台账文件。请放入 {WORKBOOK_NAME}，或 {'、'.join(k.name + '.csv' for k in LEDGER_KINDS)} 中的文件。")
        )
    frames = {}
    for key, raw in raws.items():
        frame, found = validate_sheet(raw, KIND_BY_KEY[key], today)
        problems.extend(found)
        frames[key] = frame
    if problems:
        raise LedgerError(problems)
    ledgers = Ledgers(folder, frames, sources, warnings)
    for kind in ledgers.missing:
        warnings.append(f"未提供{kind.name}台账，相关单元格按0计（影响：{kind.feeds}）。")
    return ledgers
