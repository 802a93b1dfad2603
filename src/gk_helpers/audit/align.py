"""Printed section 三 row labels aligned, as a sequence, with each layout's official rows.

A row label is matched by its place as well as its words: the printed rows run in the
official order, so a garbled label ("2.其他法律行政止公开", words missing in the
original) still lands between its neighbours, and the characters it keeps say it is
that row. The alignment is a longest-path over the two sequences (each printed row
pairs with at most one official row, order kept); the layout printed is the one whose
official rows align best. A pair is only made when the label is recognisably the
official one — a row is never guessed from its position alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from ..base.formats import FORMATS, Section3Row, section3_rows
from .labels import core, numbering

#: Below this a printed row and an official row are different rows, whatever their places.
MIN_SIMILARITY = 0.55
#: How much better one layout must align than the other to say which was printed.
LAYOUT_MARGIN = 0.5


@dataclass(frozen=True)
class PrintedRow:
    """One data row of a printed section 三: its label cells (group, leaf) and where it is."""

    group: str  # the label cell spanning this row from the left ("（三）不予公开"), or ""
    leaf: str  # the row's own label cell
    position: tuple  # (grid, row) — opaque to the alignment


@dataclass(frozen=True)
class Alignment:
    """Printed rows paired with one layout's official rows."""

    fmt: str
    score: float
    pairs: tuple[tuple[int, int, float], ...]  # (printed index, official index, similarity)

    def official(self, i: int) -> int | None:
        """The official row printed row ``i`` was paired with."""
        return next((j for p, j, _ in self.pairs if p == i), None)


def _number_key(label: str) -> str:
    """The numbering without its punctuation: "2." / "2、" / "（2）" → "2"; "（三）" → "三"."""
    return "".join(ch for ch in numbering(label) if ch.isalnum())


@lru_cache(maxsize=4096)
def _ratio(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 4 and short in long_:
        return 0.75 + 0.25 * len(short) / len(long_)
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _ceiling(a: str, b: str) -> float:
    """An upper bound of ``_ratio(a, b)`` that costs next to nothing (lengths only)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    short, long_ = sorted((len(a), len(b)))
    return max(2 * short / (short + long_), 0.75 + 0.25 * short / long_ if short >= 4 else 0.0)


def similarity(printed: PrintedRow, official: Section3Row) -> float:
    """How surely a printed row is an official row, 0–1: its own label first, then numbering and group.

    A pair that could not reach ``MIN_SIMILARITY`` even with the best leaf score its lengths allow is not
    compared character by character (its bound, below the threshold, is returned)."""
    a, b = core(printed.leaf), core(official.leaf)
    same_number = _number_key(printed.leaf) == _number_key(official.leaf)
    weight = 0.7 if official.group else 0.85
    bound = weight * _ceiling(a, b) + 0.15 * same_number + (0.15 if official.group else 0.0)
    if bound < MIN_SIMILARITY:
        return bound
    leaf = _ratio(a, b)
    if official.group:
        group = _ratio(core(printed.group), core(official.group)) if printed.group else 0.0
        return 0.7 * leaf + 0.15 * same_number + 0.15 * group
    return 0.85 * leaf + 0.15 * same_number


def exact(printed: PrintedRow, official: Section3Row) -> bool:
    """The printed row says the official label (numbering, spacing and punctuation aside)."""
    return core(printed.leaf) == core(official.leaf)


def align(printed: list[PrintedRow], fmt: str) -> Alignment:
    """The order-keeping pairing of printed rows with ``fmt``'s official rows that sums the most similarity."""
    official = section3_rows(fmt)
    n, m = len(printed), len(official)
    sims = [[similarity(p, o) for o in official] for p in printed]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = sims[i][j] + best[i + 1][j + 1] if sims[i][j] >= MIN_SIMILARITY else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if sims[i][j] >= MIN_SIMILARITY and best[i][j] == sims[i][j] + best[i + 1][j + 1]:
            pairs.append((i, j, sims[i][j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return Alignment(fmt, best[0][0] if n and m else 0.0, tuple(pairs))


def best_alignment(printed: list[PrintedRow]) -> tuple[Alignment, str | None]:
    """The alignment with the layout that fits best, and that layout — None when neither clearly fits better."""
    options = sorted((align(printed, fmt) for fmt in FORMATS), key=lambda a: -a.score)
    chosen, other = options[0], options[1]
    return chosen, (chosen.fmt if chosen.score - other.score >= LAYOUT_MARGIN else None)
