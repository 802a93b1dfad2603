"""How a number is printed in a report, and how wide text is in a terminal."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    """Display width in a terminal: CJK characters take two cells."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int, right: bool = False) -> str:
    """Pad to a display width."""
    fill = " " * max(0, size - width(text))
    return fill + text if right else text + fill


def number(value) -> str:
    """A cell as printed: integers plainly, amounts with up to four decimals, 0 never blank."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(int(value))
