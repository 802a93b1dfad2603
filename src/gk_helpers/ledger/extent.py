"""How far a worksheet's cells reach, read from its XML before any reader allocates the rectangle.

calamine makes one rectangle from the first to the farthest cell: a 28 KB workbook with a value in
A1 and one in XFD1048576 asks for 17 billion cells (550 GB) and aborts the process. Every cell
reference (``r="XFD1048576"``, in any attribute order) is found with numpy over the sheet's bytes —
a few per cent of calamine's own reading time — so the rectangle is known, and refused when too large,
first. A valued cell without a reference (calamine places it after the one before, on its row's ``r``)
widens the rectangle by one column each, and row elements then count too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: The most cells (first to farthest row × column) a sheet may span: 10 million, about 1 GB read.
#: A real ledger of 100 000 records × 30 columns spans 3 million.
MAX_SHEET_CELLS = 10_000_000

_SPACES = (ord(" "), ord("\t"), ord("\n"), ord("\r"))
#: bytes compared at a time: a comparison over the whole sheet would make a temporary as large as it
#: (45 MB for 100 000 rows), new pages to fault in on every load; a quarter megabyte is reused and stays in cache
_CHUNK = 1 << 18


def where_byte(a: np.ndarray, byte: int) -> np.ndarray:
    """The positions of ``byte`` in ``a`` (``np.flatnonzero(a == byte)``), a chunk at a time."""
    found = [np.flatnonzero(a[i:i + _CHUNK] == byte) + i for i in range(0, len(a), _CHUNK)]
    return np.concatenate(found) if found else np.zeros(0, np.int64)


@dataclass(frozen=True)
class Extent:
    """The rectangle a sheet's cells span (1-based rows and columns)."""

    first_row: int
    last_row: int
    first_col: int
    last_col: int

    @property
    def cells(self) -> int:
        """How many cells the rectangle holds."""
        return (self.last_row - self.first_row + 1) * (self.last_col - self.first_col + 1)

    @property
    def first(self) -> str:
        """The top-left reference, e.g. A1."""
        return f"{column_letters(self.first_col)}{self.first_row}"

    @property
    def last(self) -> str:
        """The bottom-right reference, e.g. XFD1048576."""
        return f"{column_letters(self.last_col)}{self.last_row}"


def column_letters(index: int) -> str:
    """1 → A, 27 → AA, 16384 → XFD."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def _run_lengths(a: np.ndarray, start: np.ndarray, low: int, high: int, width: int) -> np.ndarray:
    """How many bytes in [low, high] follow each of ``start`` (at most ``width``)."""
    length = np.zeros(len(start), np.int8)
    going = np.arange(len(start))  # only the runs still going are looked at further
    for k in range(width):
        inside = (np.take(a, start[going] + k, mode="clip") - np.uint8(low)) <= np.uint8(high - low)  # wraps below low
        going = going[inside]
        if not len(going):
            break
        length[going] += 1
    return length


def _values(a: np.ndarray, start: np.ndarray, length: int, low: int, base: int) -> np.ndarray:
    """The numbers written with ``length`` bytes from ``start`` (A=1 … Z=26 in base 26, digits in base 10)."""
    value = np.zeros(len(start), np.int64)
    for k in range(length):
        value = value * base + a[start + k].astype(np.int64) - low + (1 if base == 26 else 0)
    return value


def _extreme(a: np.ndarray, start: np.ndarray, length: np.ndarray, low: int, base: int) -> tuple[int, int]:
    """(smallest, largest) number among runs of bytes: only the shortest and the longest runs are read."""
    shortest, longest = int(length.min()), int(length.max())
    small = _values(a, start[length == shortest], shortest, low, base).min()
    large = _values(a, start[length == longest], longest, low, base).max()
    return int(small), int(large)


def _closed_cells(a: np.ndarray) -> int:
    """How often </c> or :c> (</x:c> in a prefixed sheet) occurs: ``bytes.count`` of both, with numpy at twice the speed."""
    at = where_byte(a[2:-1], ord("c")) + 2
    closing = a[at + 1] == ord(">")
    return int((closing & ((a[at - 1] == ord(":")) | ((a[at - 1] == ord("/")) & (a[at - 2] == ord("<"))))).sum())


def extent(xml: bytes) -> Extent | None:
    """The rectangle spanned by every cell reference in a sheet's XML (None: no cells)."""
    a = np.frombuffer(xml, np.uint8)
    if len(a) < 8:
        return None
    at = where_byte(a[1:-3], ord("r")) + 1  # every r, then those of an attribute r="…" or r='…'
    at = at[(a[at + 1] == ord("=")) & ((a[at + 2] == ord('"')) | (a[at + 2] == ord("'")))]
    at = at[np.isin(a[at - 1], _SPACES)]
    start = at + 3
    letters = _run_lengths(a, start, ord("A"), ord("Z"), 4)
    digits = _run_lengths(a, np.minimum(start + letters, len(a) - 1), ord("0"), ord("9"), 8)
    cells = (letters > 0) & (digits > 0)
    # A cell with a value closes with </c>; more of them than references: some are placed by position only.
    unplaced = max(0, _closed_cells(a) - int(cells.sum()))
    counted = cells | ((letters == 0) & (digits > 0) & (unplaced > 0))  # then row elements place them
    if not counted.any():
        return None
    starts, letters, digits = start[counted], letters[counted], digits[counted]
    first_row, last_row = _extreme(a, starts + letters, digits, ord("0"), 10)
    with_column = letters > 0
    first_col, last_col = _extreme(a, starts[with_column], letters[with_column], ord("A"), 26) if with_column.any() else (1, 1)
    return Extent(first_row, last_row, first_col, last_col + unplaced)
