"""The report's title and the agency that publishes it, from the title block or the sign-off.

The title block is the one or two lines before the first section heading that read as a
report title: 「<机关><年份>年政府信息公开工作年度报告」, printed on one line or broken over
two (「洪泽区人民政府」/「2023 年政府信息公开工作年度报告」, 「平潭综合实验区2020年」/「政府信息公开
工作年度报告」), or with the year first (「2019年上海市人民政府办公厅政府信息公开工作年度报告」).
Site navigation, footers and prose are never titles; a prefix the saver of a page added
(「标题：」) is dropped. The agency is the title without its year and report words, else the
agency printed above the sign-off date; when neither names one it is ``None`` and a note
says so — it is never guessed from a footer's 主办单位.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cells import squash
from .chrome import SAVED_PREFIX, chrome_line

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度?")
_CN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})年度?")
_CN_DIGIT = {ch: str(i) for i, ch in enumerate("〇一二三四五六七八九")} | {"零": "0"}
#: The report words ending a title.
_REPORT = re.compile(r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:报告|年报)$|(?:政府信息公开|信息公开)年报$")
#: Sentence punctuation: a line carrying it is prose, not a title.
_PROSE = re.compile(r"[，。；！？,;!?]")
_MAX_TITLE = 60  # characters
_MAX_AGENCY = 30
#: How an agency's name ends (人民政府, 办事处, 管理委员会, …局, …厅, 实验区 …).
AGENCY_END = re.compile(r"(?:人民政府|政府|办事处|委员会|管委会|办公厅|办公室|局|厅|委|院|中心|实验区|新区|开发区|街道|镇|乡|区|县|市)$")


@dataclass(frozen=True)
class Title:
    """The title as printed (its lines joined), the year it names and the agency it names (or None)."""

    text: str
    year: int | None
    agency: str | None


def year_of(text: str) -> int | None:
    """The first year (2023年 / 二〇二三年) a text names."""
    flat = squash(text)
    m = _YEAR.search(flat)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(flat)
    return int("".join(_CN_DIGIT[ch] for ch in m.group(1))) if m else None


def _clean(line: str) -> str:
    return SAVED_PREFIX.sub("", squash(line))


def _title_like(text: str) -> bool:
    return (0 < len(text) <= _MAX_TITLE and not _PROSE.search(text) and bool(_REPORT.search(text))
            and "信息公开" in text)


def _agency_in(title: str) -> str | None:
    """The agency a title names: the title without its year, report words and wrapping marks."""
    name = _REPORT.sub("", title)
    name = _CN_YEAR.sub("", _YEAR.sub("", name, count=1), count=1)
    name = name.removeprefix("关于").strip("《》“”\"'（）() ")
    if not name or len(name) > _MAX_AGENCY or _PROSE.search(name) or "信息公开" in name or not AGENCY_END.search(name):
        return None
    return name


def agency_line(line: str) -> str | None:
    """A line that is an agency's name alone (the line above a sign-off date), or None."""
    name = squash(line)
    return name if 2 <= len(name) <= _MAX_AGENCY and not _PROSE.search(name) and AGENCY_END.search(name) else None


def _head_line(text: str) -> bool:
    """A short line that may be the first half of a title broken over two lines (「平潭综合实验区2020年」)."""
    return 0 < len(text) <= _MAX_AGENCY + 6 and not _PROSE.search(text) and not _title_like(text)


def find_title(lines: list[str]) -> Title | None:
    """The title block among the lines before the first section heading, or None.

    A title names its year or its agency (or both); a column name such as 「政府信息公开年报」 alone
    is a breadcrumb's last step, not a title.
    """
    cleaned = [("" if chrome_line(line) and not SAVED_PREFIX.match(squash(line)) else _clean(line)) for line in lines]
    for i, text in enumerate(cleaned):
        following = cleaned[i + 1] if i + 1 < len(cleaned) else ""
        if not text or (not _title_like(text) and _title_like(following)):
            continue  # the next line is a title: this one may be its first half, decided there
        if not _title_like(text):
            if not (following and _head_line(text) and _title_like(text + following)):
                continue
            text = text + following  # 「2024年上海市科委政府信息公开工作」/「年度报告」
        elif (year_of(text) is None or _agency_in(text) is None) and i > 0 and _head_line(cleaned[i - 1]):
            joined = cleaned[i - 1] + text  # 「洪泽区人民政府」/「2023年…年度报告」, 「平潭综合实验区2020年」/「政府信息公开…」
            if _agency_in(joined) and (year_of(joined) or not year_of(text)):
                text = joined
        year, agency = year_of(text), _agency_in(text)
        if year is not None or agency is not None:
            return Title(text, year, agency)
    return None
