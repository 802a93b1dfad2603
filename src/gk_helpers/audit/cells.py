"""The text of one printed number cell → its value, and what is wrong with how it is written.

Published reports type numbers by hand: full-width digits (２１), non-breaking spaces,
units inside the cell ("240万元", "251000元"), a note after the number ("22（其中修订16件）"),
a "+" on increases, a dash or nothing for zero. ``parse_cell`` reads what is there and says what it saw; it never invents a value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Characters that are only spacing in a cell (NBSP, ideographic space, zero-width marks).
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\u200c\u200d\ufeff]+")
_NUMBER = re.compile(r"^([+\-−－]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(.*)$")
#: Dashes and slashes publishers put in a cell instead of a number.
PLACEHOLDERS = frozenset("-—–－―/／\\*×")
#: Units that convert an amount to 万元.
_TO_WAN = {"万元": 1, "万": 1, "元": 1e-4, "千元": 1e-1}
_COUNT_UNIT = r"[件个项宗条次起家份人]"
#: A note in brackets after the number (and its count unit), as squash() leaves it: 「55(含自然失效29件)」.
_NOTE = re.compile(rf"({_COUNT_UNIT}?)\(([^()]+)\)")


def squash(text: str) -> str:
    """NFKC (full-width digits and letters to ASCII) without any spacing characters."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


@dataclass(frozen=True)
class Number:
    """One number cell as read: ``value`` is None when the cell holds no number."""

    printed: str  # the cell's text as printed (spacing collapsed)
    value: int | float | None
    blank: bool = False  # nothing, or only a dash, where a number belongs
    unit: str = ""  # text after the number ("万元", "件", "元"); the cell should hold a bare number
    text: bool = False  # words instead of a number ("无", "见附件")
    note: str = ""  # words in brackets after the number ("其中修订16件"): the number is read, the note reported
    plus: bool = False  # an explicit "+" (the format prints plain integers)

    @property
    def written_wrong(self) -> bool:
        """Units or words inside the number cell (check U1)."""
        return bool(self.unit) or self.text or bool(self.note)


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 6)


def parse_cell(text: str, money: bool = False) -> Number:
    """Read a number cell. ``money``: the column is in 万元, so a cell in 元 is converted."""
    printed = " ".join((text or "").split())
    flat = squash(text)
    if not flat or all(ch in PLACEHOLDERS for ch in flat):
        return Number(printed, None, blank=True)
    match = _NUMBER.match(flat)
    if not match:
        return Number(printed, None, text=True)
    sign, whole, fraction, rest = match.groups()
    value = float(whole.replace(",", "") + (f".{fraction}" if fraction else ""))
    if sign in "-−－" and sign:
        value = -value
    unit = rest.strip("。.;；,，")
    note = _NOTE.fullmatch(unit)
    if note:  # an evaluator reads 22 in 「22（其中修订16件）」 and reports the words beside it
        return Number(printed, _plain(value), unit=note.group(1), note=note.group(2))
    if unit and money and unit in _TO_WAN:
        value *= _TO_WAN[unit]
    elif unit and unit not in _TO_WAN and not re.fullmatch(_COUNT_UNIT, unit):
        return Number(printed, None, text=True)
    return Number(printed, _plain(value), unit=unit, plus=sign == "+")


def is_number_text(text: str) -> bool:
    """Whether a cell reads as a number (possibly with a unit): used to tell data from labels."""
    flat = squash(text)
    return bool(flat) and bool(_NUMBER.match(flat)) and parse_cell(text).value is not None
