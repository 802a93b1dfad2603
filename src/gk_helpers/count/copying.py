"""P3: sections 一 and 五 are not copied from last year's report or from another township's.

Texts are compared as written (placeholders kept as their names, so a copied template is
still a copy), ignoring whitespace and Markdown heading marks. Identical to last year's
text of the same township → 不通过; at least 90 % similar to last year's, or to another
township's text of the same year → 提示. Plain data in, so an auditor can use it too.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from .checks import Check, table

P3 = "第一、五部分文字不是照搬上年或其他乡镇的（完全相同为不通过，相似度≥90%为提示）"
SIMILAR = 0.9
_NOISE = re.compile(r"[\s#\u3000]+")


def normalise(text: str) -> str:
    """The text as compared: no whitespace, no Markdown heading marks."""
    return _NOISE.sub("", text or "")


def similarity(a: str, b: str) -> float:
    """Share of matching characters of two normalised texts (0–1, difflib's ratio)."""
    if not a or not b:
        return 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for bound in (matcher.real_quick_ratio, matcher.quick_ratio):  # cheap upper bounds first
        if (value := bound()) < SIMILAR:
            return value
    return matcher.ratio()


def check_copied(sections: dict[str, str], last_year: dict[str, str] | None, others: dict[str, dict[str, str]],
                 last_year_source: str = "上年报告") -> Check:
    """P3 over ``sections`` (``{"一": text, "五": text}``).

    ``last_year``: the same sections of the same township last year (None: not available);
    ``others``: source name (e.g. "云阳镇 2021年") → its sections of the same year.
    """
    rows, identical, similar = [], [], []
    compared = 0
    for name, text in sections.items():
        mine = normalise(text)
        if not mine:
            continue
        candidates = ([(last_year_source, (last_year or {}).get(name, ""), True)] if last_year is not None else [])
        candidates += [(source, texts.get(name, ""), False) for source, texts in sorted(others.items())]
        for source, other, same_township in candidates:
            theirs = normalise(other)
            if not theirs:
                continue
            compared += 1
            if same_township and mine == theirs:
                identical.append(name)
                rows.append([name, source, "100%", "完全相同"])
                continue
            ratio = similarity(mine, theirs)
            if ratio >= SIMILAR:
                similar.append(name)
                rows.append([name, source, f"{ratio:.0%}", "高度相似"])
    evidence = table(["部分", "对比的文字", "相似度", "结果"], rows) if rows else None
    if identical:
        return Check("P3", P3, False, f"第{'、'.join(dict.fromkeys(identical))}部分与{last_year_source}完全相同：请按本年度实际情况重写。",
                     evidence=evidence)
    if similar:
        return Check("P3", P3, False, f"第{'、'.join(dict.fromkeys(similar))}部分与其他文字高度相似（≥90%）：请核对是否照搬。",
                     level="warning", evidence=evidence)
    if not compared:
        return Check("P3", P3, None, "没有可对比的上年或其他乡镇的文字。", level="warning")
    return Check("P3", P3, True, f"与上年和其他乡镇的文字对比了{compared}次，相似度都低于90%。", level="warning")
