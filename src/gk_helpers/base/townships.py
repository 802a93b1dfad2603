"""The county's own order of its townships: every list of townships (overview, roll-up, workbook) follows it.

A county lists its townships in an order of its own (the order of its 乡镇 in official documents),
not by code point (四里店乡 before 广阳镇). ``params/<县>/乡镇顺序.txt`` holds it, one name a line
(``#`` starts a comment); ``gk init`` writes it from the order of ``--township``. Townships it does
not list follow, in pinyin order — which is the whole order when there is no file (by each
character's reading, the place-name reading for a few polyphones: 长安 cháng, 重庆 chóng).
"""

from __future__ import annotations

import importlib.util
import json
import unicodedata
from functools import lru_cache
from pathlib import Path

#: The ordering file in ``params/<county>/``.
ORDER_FILE = "乡镇顺序.txt"


def order_path(params_dir: str | Path, county: str) -> Path:
    """``params/<county>/乡镇顺序.txt``."""
    return Path(params_dir) / county / ORDER_FILE


def parse_order(text: str) -> list[str]:
    """The names of an ordering file: one a line, blank lines and ``#`` comments left out, each name once."""
    names = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return list(dict.fromkeys(name for name in names if name))


def read_order(params_dir: str | Path, county: str) -> list[str]:
    """The county's township order from its ordering file ([] when there is none or it cannot be read)."""
    path = order_path(params_dir, county)
    try:
        return parse_order(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return []


#: Readings of characters that place names take other than the dictionary's first (长安 cháng, 重庆 chóng).
PLACE_READINGS = {"长": "chang", "重": "chong", "朝": "chao", "都": "du", "厦": "xia", "藏": "zang", "乐": "le", "单": "shan"}


@lru_cache(maxsize=1)
def _readings() -> dict[str, str]:
    """Code point (as text) → readings, from pypinyin's single-character dictionary (read as data: the phrase
    dictionary pypinyin loads on import costs most of a second and 60 MB in every kernel)."""
    spec = importlib.util.find_spec("pypinyin")
    folder = Path(next(iter(spec.submodule_search_locations))) if spec and spec.submodule_search_locations else None
    try:
        table = json.loads((folder / "pinyin_dict.json").read_text(encoding="utf-8"))
    except (TypeError, OSError, ValueError):  # another layout: ask pypinyin itself
        from pypinyin.pinyin_dict import pinyin_dict

        table = {str(k): v for k, v in pinyin_dict.items()}
    return table


@lru_cache(maxsize=8192)
def _reading(ch: str) -> str:
    """A character's reading for sorting: toneless, the place-name reading of a polyphone, else its first."""
    if ch in PLACE_READINGS:
        return PLACE_READINGS[ch]
    first = _readings().get(str(ord(ch)), ch).split(",")[0]
    return "".join(c for c in unicodedata.normalize("NFD", first) if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def pinyin_key(name: str) -> tuple:
    """A township name's sort key in pinyin order (广阳镇 guang, 拐河镇 guai, 四里店乡 si …), ties by name."""
    return tuple(_reading(ch) for ch in name), name


def sort_townships(names, order=()) -> list[str]:
    """``names`` in the county's ``order``; those it does not list after them, in pinyin order."""
    rank = {name: i for i, name in enumerate(order)}
    return sorted(dict.fromkeys(names), key=lambda n: (0, rank[n], ()) if n in rank else (1, 0, pinyin_key(n)))
