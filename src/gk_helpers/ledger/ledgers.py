"""Load a township's ledger folder: find each kind's source, read it, validate it.

Every problem in every file is collected first; then one ``LedgerError`` holds them
all, followed by the mapping lines that would fix them (one block per kind). A ledger
kind that is simply absent is not a problem: it counts as zero cases and becomes a
warning for the check panel; a kind that is there but empty is only noted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..base.contain import reading
from ..base.errors import LedgerError, Problem
from . import sources as files
from .advice import Advice
from .mapping import MAPPING_NAME, YEARS_KEY, Mapping, load_mapping
from ..base.errors import os_reason
from .readers import RawSheet, read_csv
from .workbook import open_workbook, read_sheet
from .schema import (
    KIND_BY_KEY,
    KIND_BY_NAME,
    LEDGER_KINDS,
    WORKBOOK_NAME,
    LedgerKind,
    fold,
    per_year_sheet,
)
from .validate import ROW, SHEET, validate_sheet
from .xlsx_bounds import check_workbook

_FOLDED_KINDS = {fold(name): kind for name, kind in KIND_BY_NAME.items()}
#: sheets of the kit's own template that are not ledgers: skipped without a note
TEMPLATE_SHEETS = ("填表说明", "取值")


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
    #: what the kit did that needs no attention (an office's own columns, an empty sheet read as zero)
    notes: list[str] = field(default_factory=list)
    #: the office's 台账映射.yaml and how many renames it holds, when the folder has one
    mapping_file: Path | None = None
    mapping_entries: int = 0
    #: years the folder says its ledgers cover, even without a record: year → how it says so
    declared_years: dict[int, str] = field(default_factory=dict)
    #: the years the mapping file's 覆盖年度 lists
    mapping_years: tuple[int, ...] = ()

    def __getitem__(self, key: str) -> pd.DataFrame:
        """The frame of a kind (by key, e.g. ``applications``); an empty typed frame if absent."""
        if key in self.frames:
            return self.frames[key]
        return _shared_empty_frame(key)

    def has(self, key: str) -> bool:
        """Whether the ledger kind was provided."""
        return key in self.frames

    @property
    def files(self) -> list[Path]:
        """Every file read, once each, sorted (for provenance hashes); the mapping file too."""
        return sorted({s.path for s in self.sources.values()} | ({self.mapping_file} if self.mapping_file else set()))

    @property
    def missing(self) -> list[LedgerKind]:
        """The ledger kinds not provided."""
        return [k for k in LEDGER_KINDS if k.key not in self.frames]

    def missing_warnings(self, fmt: str) -> list[str]:
        """A warning for each absent ledger kind that the format's tables or prose use."""
        return [f"未提供{k.name}台账，相关单元格按0计（影响：{k.feeds}）。" for k in self.missing if fmt in k.formats]


_EMPTY_DTYPES = {"date": "datetime64[ns]", "amount": "float64", "count": "float64", "id": object, "text": object}


def empty_frame(kind: LedgerKind) -> pd.DataFrame:
    """A frame with the kind's columns and types and no rows."""
    data = {ROW: pd.Series([], dtype="int64")}
    for c in kind.columns:
        if c.type == "enum":
            data[c.field] = pd.Series(pd.Categorical([], categories=c.enum.values))
        else:
            data[c.field] = pd.Series([], dtype=_EMPTY_DTYPES[c.type])
    return pd.DataFrame(data)


@lru_cache(maxsize=None)
def _shared_empty_frame(key: str) -> pd.DataFrame:
    # Built once per kind: building categoricals dominated compute() for absent kinds. Read-only by use.
    return empty_frame(KIND_BY_KEY[key])


_CSV_NAMES = "、".join(k.name + ".csv" for k in LEDGER_KINDS)
_SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".et", ".ods")


@dataclass
class _Scan:
    """What a folder holds: each kind's source and raw sheet, problems, warnings, misnamed sources."""

    sources: dict[str, Source] = field(default_factory=dict)
    raws: dict[str, RawSheet] = field(default_factory=dict)
    #: per-year sheets beyond the first, by kind key: read, validated and combined with the first
    parts: dict[str, list[RawSheet]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: the years per-year sheets are named for (依申请公开2024, even empty): year → sheet
    sheet_years: dict[int, str] = field(default_factory=dict)
    #: (kind meant, problem if the kind is not provided under its right name, the source as a warning names it)
    misnamed: list[tuple[LedgerKind, Problem, str]] = field(default_factory=list)

    def add(self, kind: LedgerKind, source: Source, read) -> None:
        """Record ``kind`` read from ``source`` by ``read()``, unless another source has it already."""
        first = self.sources.get(kind.key)
        if first is not None:
            self.problems.append(
                Problem(source.path.name, source.sheet, 0, "", "", "台账来源重复",
                        f"「{kind.name}」台账同时存在于 {first.label} 和 {source.label}。请只保留一处，删除另一处。")
            )
            return
        self.sources[kind.key] = source
        with reading(source.label):
            raw = read()
        if isinstance(raw, list):
            self.problems.extend(raw)
        else:
            self.raws[kind.key] = raw

    def add_part(self, kind: LedgerKind, source: Source, read) -> None:
        """Add a per-year sheet of ``kind``; the kind's source then names every sheet read."""
        first = self.sources.get(kind.key)
        if first is None:
            self.add(kind, source, read)
            return
        self.sources[kind.key] = Source(kind.name, first.path, f"{first.sheet}、{source.sheet}")
        with reading(source.label):
            raw = read()
        if isinstance(raw, list):
            self.problems.extend(raw)
        else:
            self.parts.setdefault(kind.key, []).append(raw)

    def settle_misnamed(self) -> None:
        """A misnamed copy of a provided kind is ignored; a misnamed only source must be renamed."""
        for kind, problem, what in self.misnamed:
            if kind.key in self.sources:
                self.warnings.append(f"{what}已忽略（{kind.name}台账以 {self.sources[kind.key].label} 为准）。")
            else:
                self.problems.append(problem)


def _scan(folder: Path) -> _Scan:
    """Locate each kind's CSV file or workbook sheet and read it raw."""
    scan, books = _Scan(), []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(("~$", ".")):
            continue
        if files.is_contract_name(path.name) and (unusable := files.not_regular(path)):
            scan.problems.append(unusable)  # a folder, pipe or broken link is not a missing ledger
            continue
        if not path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix == ".csv" and files.is_contract_name(path.name) and (too_large := files.csv_too_large(path)):
            scan.problems.append(too_large)
        elif suffix == ".csv":
            _scan_csv(path, scan)
        elif (near := files.near_miss(path, _near_kind)) is not None:
            kind, problem = near
            if kind is None:
                books.append(problem)
            else:
                scan.misnamed.append((kind, problem, f"文件「{path.name}」"))
        elif suffix in _SPREADSHEETS and path.name != WORKBOOK_NAME:
            scan.warnings.append(f"未识别的文件「{path.name}」已忽略（台账工作簿应命名为 {WORKBOOK_NAME}）。")
    workbook_path = folder / WORKBOOK_NAME
    if workbook_path.is_file():
        _scan_workbook(workbook_path, scan)
    scan.settle_misnamed()
    for problem in books:  # 台账.xls beside no 台账.xlsx and no CSV: it was meant as the ledgers
        if workbook_path.is_file() or scan.sources:
            scan.warnings.append(f"文件「{problem.file}」已忽略（台账工作簿应为 {WORKBOOK_NAME}）。")
        else:
            scan.problems.append(problem)
    return scan


def _scan_csv(path: Path, scan: _Scan) -> None:
    kind = _FOLDED_KINDS.get(fold(path.stem))
    if kind is not None:
        scan.add(kind, Source(kind.name, path), lambda: read_csv(path, path.name))
        return
    near = _near_kind(path.stem)
    if near is None:
        scan.warnings.append(f"未识别的文件「{path.name}」已忽略（台账 CSV 文件名应为：{_CSV_NAMES}）。")
        return
    problem = Problem(path.name, "", 0, "", path.name, "文件名不规范",
                      f"文件名应为「{near.name}.csv」。请把文件「{path.name}」改名为「{near.name}.csv」。")
    scan.misnamed.append((near, problem, f"文件「{path.name}」"))


def _near_kind(name: str) -> LedgerKind | None:
    """The kind a file or sheet name was meant to be (``依申请公开台账`` → 依申请公开), if any."""
    return next((k for k in LEDGER_KINDS if k.name in fold(name)), None)


def _scan_workbook(path: Path, scan: _Scan) -> None:
    refused, structure = check_workbook(path, path.name)  # before calamine allocates anything
    if refused:
        scan.problems.extend(refused)
        return
    with reading(path.name):
        book = open_workbook(path, path.name)
    if isinstance(book, list):
        scan.problems.extend(book)
        return
    book.structure = structure
    recognised = 0
    for sheet in book.sheet_names:
        kind = _FOLDED_KINDS.get(fold(sheet))
        if kind is not None:
            recognised += 1
            scan.add(kind, Source(kind.name, path, sheet), lambda sheet=sheet: read_sheet(book, sheet))
            continue
        per_year = per_year_sheet(sheet)
        if per_year is not None:
            kind, year = per_year
            recognised += 1
            scan.sheet_years.setdefault(year, sheet)
            scan.add_part(kind, Source(kind.name, path, sheet), lambda sheet=sheet: read_sheet(book, sheet))
            continue
        if fold(sheet) in map(fold, TEMPLATE_SHEETS):
            continue
        near = _near_kind(sheet)
        if near is None:
            scan.warnings.append(f"{path.name} 中的工作表「{sheet}」不是台账，已忽略。")
            continue
        recognised += 1
        problem = Problem(path.name, sheet, 0, "", sheet, "工作表名不规范",
                          f"工作表名应为「{near.name}」。请把工作表「{sheet}」改名为「{near.name}」。")
        scan.misnamed.append((near, problem, f"{path.name} 中的工作表「{sheet}」"))
    if not recognised:
        scan.problems.append(
            Problem(path.name, "", 0, "", "、".join(book.sheet_names), "缺少台账工作表",
                    f"工作簿中没有任何台账工作表（现有：{'、'.join(book.sheet_names)}）。工作表名应为："
                    f"{'、'.join(k.name for k in LEDGER_KINDS)}。请按规定名称重命名工作表。")
        )


def load_ledgers(folder: str | Path, today: dt.date | None = None) -> Ledgers:
    """Read and validate every ledger in ``folder``; raise ``LedgerError`` listing all problems."""
    folder = Path(folder)
    today = today or dt.date.today()
    if not folder.is_dir():
        what = "不是目录，而是一个文件" if folder.exists() else "不存在"
        raise LedgerError([Problem(str(folder), rule="目录不存在", message=f"台账目录{what}。请检查路径（参数文件中的 ledger_dir 或命令行参数）。")])
    try:
        scan = _scan(folder)
    except OSError as exc:  # the folder itself cannot be listed
        raise LedgerError([Problem(str(folder), rule="目录无法读取", message=f"台账目录无法读取（{os_reason(exc)}）。请确认有读取权限。")]) from None
    sources, raws, problems = scan.sources, scan.raws, scan.problems
    advice = Advice(warnings=scan.warnings)
    if not sources and not problems:
        present = "、".join(files.ledger_like(folder)) or "无"
        problems.append(
            Problem(str(folder), rule="没有台账",
                    message=f"目录中没有任何台账文件（现有的表格或文本文件：{present}）。请放入 {WORKBOOK_NAME}，或 {_CSV_NAMES} 中的文件。")
        )
    mapping, found = load_mapping(folder, advice.refer)
    problems.extend(found)
    if mapping.unusable:  # every header and value may depend on it: the rest is judged once it is fixed
        raise LedgerError(problems)
    frames = {}
    for key, raw in raws.items():
        frame, found = _validate_parts(KIND_BY_KEY[key], [raw, *scan.parts.get(key, [])], today, mapping, advice)
        problems.extend(found)
        frames[key] = frame
    if problems:
        raise LedgerError(problems, advice.appendix())
    ledgers = Ledgers(folder, frames, sources, advice.warnings, advice.notes)
    if mapping.kinds or mapping.years:
        ledgers.mapping_file = folder / MAPPING_NAME
        ledgers.mapping_entries = mapping.entries
        ledgers.mapping_years = tuple(sorted(mapping.years))
    ledgers.declared_years = {year: f"工作表「{sheet}」" for year, sheet in scan.sheet_years.items()}
    for year in mapping.years:
        ledgers.declared_years.setdefault(year, f"{MAPPING_NAME} 的「{YEARS_KEY}」")
    return ledgers


def _validate_parts(kind: LedgerKind, raws: list[RawSheet], today: dt.date, mapping: Mapping,
                    advice: Advice) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate a kind's sheet (or its per-year sheets, combined: ids unique across them, each row's sheet kept)."""
    frames, problems = [], []
    for raw in raws:
        frame, found = validate_sheet(raw, kind, today, mapping.for_kind(kind), advice)
        problems.extend(found)
        frames.append((raw, frame))
        if not found and frame.empty:
            where = f"{raw.file}「{raw.sheet}」" if raw.sheet else raw.file
            advice.notes.append(f"{where}：没有记录（{kind.name}按0计）。")
    if len(frames) == 1:
        return frames[0][1], problems
    id_column = kind.id_column
    if id_column is not None and not problems:
        first: dict[str, str] = {}
        for raw, frame in frames:
            for value, row in zip(frame[id_column.field], frame[ROW]):
                if value == "":
                    continue
                if value in first:
                    problems.append(Problem(raw.file, raw.sheet, int(row), id_column.header, value, "编号重复",
                                            f"{id_column.header}与{first[value]}重复。每条记录的编号必须唯一："
                                            "请改正编号，或删除重复录入的记录。"))
                else:
                    first[value] = f"工作表「{raw.sheet}」第{row}行"
    combined = pd.concat([f for _, f in frames], ignore_index=True)
    # the one sheet each record came from: 依申请公开2023 or 依申请公开2024, never both
    codes = np.repeat(np.arange(len(frames)), [len(f) for _, f in frames])
    combined[SHEET] = pd.Categorical.from_codes(codes, categories=[raw.sheet for raw, _ in frames])  # sheet names are unique
    return combined, problems
