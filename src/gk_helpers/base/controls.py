"""Control characters: refused in what a person writes, escaped in what a terminal shows.

A control character (ESC, NUL, backspace …) in prose reaches the published HTML and PDF unseen
and makes Word refuse the document; in a ledger value printed to a terminal, ``ESC [`` sequences
recolour or rewrite the screen. Tabs and line breaks are ordinary text.
"""

from __future__ import annotations

import unicodedata

#: Control characters that are ordinary text.
ALLOWED = frozenset("\t\n\r")


def is_control(char: str, allowed=ALLOWED) -> bool:
    """Whether ``char`` is a control character (C0, DEL, C1) other than those ``allowed`` (tab and line breaks)."""
    return char not in allowed and unicodedata.category(char) == "Cc"


def one_line_problem(text: str) -> bool:
    """Whether a one-line value (a name, a title) holds any control character, a line break included."""
    return any(is_control(c, allowed=()) for c in text)


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


def printable(text: str, allowed=ALLOWED) -> str:
    """``text`` with every control character but those ``allowed`` (tab and line breaks) written as ``\\xNN``."""
    if text.isprintable():
        return text
    return "".join(shown(c) if is_control(c, allowed) else c for c in text)
