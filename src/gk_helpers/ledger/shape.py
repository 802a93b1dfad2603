"""The shape of a real ledger sheet: title rows above the header, 合计 and 填表说明 rows below the data.

Offices put a title above the header (often merged across the columns), a 合计 row
under the records and notes (填表说明) under that. ``layout`` finds them in the raw rows
of a sheet or CSV file so the reader can skip them, each with a note; everything else
is a record. Rows are 0-based positions here; messages use spreadsheet numbers (+1).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .cells import cell_text
from .columns import SPACES

#: how many rows above the header a title block may take
MAX_TITLE_ROWS = 5
_TOTAL = re.compile(r"^(合\s*计|总\s*计|小\s*计)")
_NOTES = re.compile(r"^(填\s*表\s*说\s*明|填\s*报\s*说\s*明|(说\s*明|注|备\s*注)\s*[:：]|注\s*\d|注\s*[一二三四五六七八九十]\s*[、.．:：])")


@dataclass
class Layout:
    """Where the header is and which rows are not records, with a note for each kind of skipped row."""

    header: int = 0
    skipped: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


def _filled(row) -> list[str]:
    return [t for t in (cell_text(v) for v in row) if t]


_INFO = re.compile(r"^[^:：]{1,8}[:：]")  # 填报单位：城关镇, 填报日期：2024-01-05, 制表人: 张三


def _title_like(filled: list[str]) -> bool:
    """A title row (at most one filled cell) or an information row (every cell a "label：value")."""
    return len(filled) <= 1 or all(_INFO.match(text) for text in filled)


def layout(rows: Sequence[list], plain: np.ndarray | None = None) -> Layout:
    """The header row (the first that is not a title or information row, after at most a few) and the rows to skip.

    ``plain`` (optional) says per row whether its first cell shows at once that it is a record
    (``plainly_records``, computed over a whole column): only the other rows are then looked at.
    """
    result = Layout()
    for index, row in enumerate(rows[: MAX_TITLE_ROWS + 1]):
        if not _title_like(_filled(row)):
            result.header = index
            break
    else:
        return result  # no header-like row near the top: the first row is the header, as the contract says
    titles = [t for row in rows[: result.header] for t in _filled(row)]
    if result.header:
        what = f"标题「{'」「'.join(titles)}」" if titles else "空行"
        result.notes.append(f"表头上方的第1～{result.header}行（{what}）已跳过，表头在第{result.header + 1}行。"
                            if result.header > 1 else f"表头上方的第1行（{what}）已跳过，表头在第2行。")
    _footer(rows, result, plain)
    return result


def _footer(rows: Sequence[list], result: Layout, plain: np.ndarray | None) -> None:
    """合计 rows anywhere under the header, and a notes block (填表说明 and one-cell lines under it)."""
    totals: list[int] = []
    notes: list[int] = []
    others = None if plain is None else np.flatnonzero(~plain)  # rows that may be 合计, notes or blank
    index, end = result.header + 1, len(rows)
    while index < end:
        if not notes:  # the fast path: a record starts with an id, a number or a date
            if others is None:
                if rows[index] and _plainly_a_record(rows[index][0]):
                    index += 1
                    continue
            else:
                at = int(np.searchsorted(others, index))
                if at == len(others):
                    break
                index = int(others[at])
        filled = _filled(rows[index])
        if not filled:
            pass
        elif notes and len(filled) <= 1:
            notes.append(index)
        elif _TOTAL.match(filled[0]):
            totals.append(index)
        elif _NOTES.match(filled[0]):
            notes.append(index)
        elif notes:
            # a record under the notes: the notes block ends; keep reading records
            result.notes.append(_notes_note(notes))
            result.skipped.update(notes)
            notes = []
        index += 1
    if notes:
        result.notes.append(_notes_note(notes))
        result.skipped.update(notes)
    if totals:
        result.skipped.update(totals)
        result.notes.append(f"第{'、'.join(str(i + 1) for i in totals)}行是合计行，已跳过（合计由本工具从记录计算）。")


#: the first characters of 合计/总计/小计 and of 填表说明/说明/注/备注 rows
STARTERS = "合总小填说注备"
_STARTERS = frozenset(STARTERS)


def _plainly_a_record(first) -> bool:
    """Whether a row's first cell shows at once that the row is a record (not 合计, notes or blank)."""
    if isinstance(first, str):
        text = first.lstrip(SPACES)
        return bool(text) and text[0] not in _STARTERS
    return first is not None and not (isinstance(first, float) and first != first)


def plainly_records(first) -> np.ndarray:
    """``_plainly_a_record`` for each cell of an Arrow column (text, numbers, dates…), in column operations."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_string(first.type) or pa.types.is_large_string(first.type):
        stripped = pc.utf8_ltrim(first, SPACES)
        starts = pc.utf8_slice_codeunits(stripped, 0, 1)
        record = pc.and_(pc.greater(pc.utf8_length(stripped), 0), pc.invert(pc.is_in(starts, pa.array(list(STARTERS)))))
    elif pa.types.is_floating(first.type):
        record = pc.invert(pc.is_nan(first))
    else:
        record = pc.is_valid(first)
    return np.asarray(pc.fill_null(record, False).to_numpy(zero_copy_only=False), dtype=bool)


def _notes_note(rows: list[int]) -> str:
    span = f"第{rows[0] + 1}行" if len(rows) == 1 else f"第{rows[0] + 1}～{rows[-1] + 1}行"
    return f"{span}是填表说明，已跳过。"
