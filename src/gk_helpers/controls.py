"""Control characters: refused in what a person writes, escaped in what a terminal shows.

A control character (ESC, NUL, backspace …) in prose reaches the published HTML and PDF unseen
and makes Word refuse the document; in a ledger value printed to a terminal, ``ESC [`` sequences
recolour or rewrite the screen. Tabs and line breaks are ordinary text.
"""

from __future__ import annotations

import unicodedata

#: Control characters that are ordinary text.
ALLOWED = frozenset("\t\n\r")


def is_control(char: str) -> bool:
    """Whether ``char`` is a control character other than tab and line breaks (C0, DEL, C1)."""
    return char not in ALLOWED and unicodedata.category(char) == "Cc"


def first_control(text: str) -> tuple[int, str] | None:
    """(1-based line, the character) of the first control character in ``text``, or None."""
    for number, line in enumerate(text.split("\n"), 1):
        found = next((c for c in line if is_control(c)), None)
        if found is not None:
            return number, found
    return None


def shown(char: str) -> str:
    """A control character as a person can read it: ``\\x1b``."""
    return f"\\x{ord(char):02x}"


def printable(text: str) -> str:
    """``text`` with every control character but tab and line breaks written as ``\\xNN`` (for a terminal)."""
    if text.isprintable():
        return text
    return "".join(shown(c) if is_control(c) else c for c in text)
