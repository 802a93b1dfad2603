"""Label normalisation and matching that tolerates the drift real reports show.

Publishers shorten labels (采购项目数, 本年增/, 现行有效件), rename them (本年发件 for
本年制发件数, 规范性文件 for 行政规范性文件 in the 2021 layout), break them over lines and
vary the numbering and punctuation (1. / 1、 / （1）; 、 / ，; curly or straight quotes).
``match`` compares the label's core (numbering and punctuation removed) with each
official label: exact, then one containing the other, then close spelling. Two equally
good candidates are ambiguous and give ``None``: a row is never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from ..base.formats import SECTION_HEADINGS
from .cells import squash

_NUMBERING = re.compile(
    r"^(?:第?[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d{1,2}(?:[、.．)）]|(?=\D)))"
)
_PUNCT = re.compile(r"[\s\"'“”‘’「」『』《》()（）\[\]【】<>〈〉:：;；,，、。.．/／\\|!！?？_\-—–·•…]+")


@lru_cache(maxsize=8192)  # the same labels are compared with every official row of both layouts
def core(label: str) -> str:
    """A label without numbering, spacing or punctuation: （二）部分公开（…） → 部分公开…"""
    text = squash(label)
    text = _NUMBERING.sub("", text, count=1)
    return _PUNCT.sub("", text)


@lru_cache(maxsize=8192)
def numbering(label: str) -> str:
    """The label's leading numbering as printed ("（六）", "1."), or ""."""
    m = _NUMBERING.match(squash(label))
    return m.group(0) if m else ""


@dataclass(frozen=True)
class Match:
    """The official label a printed one was matched to, and whether it was printed differently."""

    key: object
    exact: bool


def _score(printed: str, official: str) -> float:
    if printed == official:
        return 3.0
    short, long_ = sorted((printed, official), key=len)
    if len(short) >= 2 and long_.startswith(short):
        return 2.0 + len(short) / len(long_)
    if len(short) >= 3 and short in long_:
        return 1.5 + len(short) / len(long_)
    ratio = SequenceMatcher(None, printed, official).ratio()
    return ratio if ratio >= 0.8 else 0.0  # 不予公开 vs 予以公开 is 0.75: two different rows


def match(label: str, candidates: dict) -> Match | None:
    """The candidate key whose official label (``candidates[key]``) ``label`` names; None if none or ambiguous."""
    printed = core(label)
    if not printed:
        return None
    scored = sorted(((_score(printed, core(official)), key) for key, official in candidates.items()),
                    key=lambda item: -item[0])
    if not scored or scored[0][0] <= 0:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0] and scored[1][1] != scored[0][1]:
        return None
    best_score, key = scored[0]
    return Match(key, best_score == 3.0)


_HEADING_CORES = tuple(core(h) for h in SECTION_HEADINGS)
_NUMERALS = "一二三四五六七八九十"
#: Words each section's heading carries whatever else the publisher wrote around them (the 2019
#: notice's 「五、政府信息公开工作存在的主要问题及改进情况」, 「四、因政府信息公开工作被申请行政复议和提起
#: 行政诉讼情况」, a typo such as 「行政法复议」).
_HEADING_WORDS = (
    re.compile(r"^(?:总体情况|概述|总体工作情况|基本情况)"),
    re.compile(r"主动公开政府信息"),
    re.compile(r"收到和处理|收到与处理|收到及处理"),
    re.compile(r"复议.*诉讼|诉讼.*复议"),
    re.compile(r"问题.*改进|改进.*问题|存在的主要问题|存在问题"),
    re.compile(r"^其他需要报告|^其他事项|需要报告的事项"),
)
_HEADING_MAX = 40  # characters of a heading's core: longer lines are prose
_SENTENCE = re.compile(r"[，。；！？,;!?]")  # a heading has no sentence punctuation


def heading_number(line: str) -> int:
    """1–6 when the line is one of the six section headings, else 0.

    A heading is a short line numbered 一、…十、 (not （一）, which numbers items inside a section)
    that carries its section's words. The printed numeral usually agrees; a heading that says the
    official words in full is recognised under another numeral too (reports that number their
    own parts first and the official ones after).
    """
    number = numbering(line)
    text = core(line)
    if len(number) != 2 or number[0] not in _NUMERALS or not text or len(text) > _HEADING_MAX or _SENTENCE.search(line):
        return 0
    printed = _NUMERALS.index(number[0]) + 1
    for i, (words, official) in enumerate(zip(_HEADING_WORDS, _HEADING_CORES), 1):
        if not words.search(text):
            continue
        if printed == i or official in text or SequenceMatcher(None, official, text).ratio() >= 0.8:
            return i
    return 0
