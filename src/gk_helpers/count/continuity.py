"""Continuity with last year's *published* report, and the publication date (C1, C2, T1).

Last year's figures come, in order of preference, from the params file's ``previous:``
block (typed from the published report), from last year's kit JSON, or from nothing —
then the check says 未核对 and why; it never passes silently. Every function takes plain
data, so an auditor can run them on tables read back from published documents.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .checks import Check, table, unchecked
from .figures import cn_numeral
from ..base.formats import SECTION3_COLUMNS, row_index

DOCUMENT_ROWS = ("规章", "行政规范性文件")


@dataclass(frozen=True)
class Previous:
    """Last year's published figures, and where they came from (for the reviewer)."""

    source: str
    carried_forward: tuple[int, ...] | None = None  # 三、四、结转下年度继续办理: 7 numbers
    in_force: dict | None = None  # 二（一）现行有效件数: {"规章": n, "行政规范性文件": m}
    publication_deadline: dt.date | None = None


def previous_from_json(data: dict, source: str) -> Previous:
    """Last year's figures from a report JSON (``gk tables --json``, ``gk report``, ``gk audit``)."""
    carried = None
    section3 = data.get("section3") or []
    if section3 and str(section3[-1][0]).startswith("四"):
        carried = tuple(int(v) for v in section3[-1][1])
    in_force = None
    first = next(iter((data.get("section2") or {}).values()), None)
    if first and "现行有效件数" in first.get("columns", []):
        column = first["columns"].index("现行有效件数")
        in_force = {label: int(first["rows"][label][column]) for label in DOCUMENT_ROWS if label in first["rows"]}
    return Previous(source, carried, in_force)


# --- C1 --------------------------------------------------------------------------------

C1 = "第二部分跨年度：现行有效件数＝上年报告的现行有效件数＋本年制发件数－本年废止件数（规章、行政规范性文件）"


def check_documents_continuity(section2: dict, previous_in_force: dict | None, source: str, fmt: str) -> Check:
    """C1 (2021 format): 现行有效 Y = 现行有效 Y−1 (published) + 本年制发 Y − 本年废止 Y, per row."""
    if str(fmt) != "2021":
        return Check("C1", C1, None, "2019 年格式的第二部分没有“现行有效件数”。")
    if previous_in_force is None:
        return unchecked("C1", C1, source)
    first = next(iter(section2.values()))
    columns, rows = first["columns"], first["rows"]
    made, repealed, in_force = (columns.index(c) for c in ("本年制发件数", "本年废止件数", "现行有效件数"))
    evidence, bad = [], []
    for label in DOCUMENT_ROWS:
        values = rows[label]
        before = previous_in_force.get(label)
        if before is None or None in values:
            evidence.append([label, "—", values[made], values[repealed], "—", values[in_force], "未核对"])
            continue
        expected = before + values[made] - values[repealed]
        ok = expected == values[in_force]
        bad += [] if ok else [label]
        evidence.append([label, before, values[made], values[repealed], expected, values[in_force], "一致" if ok else "不一致"])
    columns_shown = ["类别", "上年报告现行有效", "本年制发", "本年废止", "应为", "本年现行有效", "结果"]
    if bad:
        return Check("C1", C1, False, f"{'、'.join(bad)}的现行有效件数与上年报告接不上（{source}）。"
                     "请核对规范性文件台账的制发日期和废止日期，或上年报告的数字。", evidence=table(columns_shown, evidence))
    if all(row[-1] == "未核对" for row in evidence):
        return unchecked("C1", C1, f"{source}中没有规章和行政规范性文件的现行有效件数。")
    return Check("C1", C1, True, f"与上年报告接得上（{source}）。", evidence=table(columns_shown, evidence))


# --- C2 --------------------------------------------------------------------------------

C2 = "第三部分跨年度：本年“二、上年结转”＝上年已公开报告“四、结转下年度继续办理”（每一列）"


def check_carried_forward(section3: list, previous_carried_forward, source: str, fmt: str) -> Check:
    """C2: this year's 二 row against last year's published 四 row, per applicant column."""
    if previous_carried_forward is None:
        return unchecked("C2", C2, source)
    current = list(section3[row_index(str(fmt), "carried_over")][1])
    if None in current or None in list(previous_carried_forward):
        return unchecked("C2", C2, f"本年“二、上年结转”或上年“四、结转下年度继续办理”有无法识别的数（{source}）。")
    current, previous = [int(v) for v in current], [int(v) for v in previous_carried_forward]
    bad = [col for col, a, b in zip(SECTION3_COLUMNS, current, previous) if a != b]
    evidence = table(["", *SECTION3_COLUMNS], [["本年 二、上年结转", *current], ["上年报告 四、结转下年度继续办理", *previous]])
    if bad:
        return Check("C2", C2, False, f"不相等的列：{'、'.join(bad)}（{source}）。请核对依申请公开台账中跨年度的申请，或上年报告的数字。",
                     evidence=evidence)
    return Check("C2", C2, True, f"每一列都相等（{source}）。", evidence=evidence)


# --- T1 --------------------------------------------------------------------------------

T1 = "落款日期不晚于年度报告的公开期限（默认次年1月31日）"
_FULL_DATE = re.compile(r"^(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?$")
_MONTH = re.compile(r"^(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*月?$")


_CN_DATE = re.compile(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?$")


def _arabic(text: str) -> str:
    """二〇二一年一月二十日 → 2021年1月20日 (dates in Chinese numerals, as older 公文 write them)."""
    match = _CN_DATE.match(text)
    if match is None:
        return text
    year = "".join(str("〇一二三四五六七八九".index(c) if c != "零" else 0) for c in match.group(1))
    month, day = cn_numeral(match.group(2)), cn_numeral(match.group(3)) if match.group(3) else None
    return f"{year}年{month}月" + (f"{day}日" if day is not None else "")


def parse_sign_off(text: str) -> tuple[dt.date, bool] | None:
    """A sign-off date (2021年1月20日, 2021-01-20, 2021年1月, 二〇二一年一月二十日) → (date, day given); None when unreadable."""
    text = _arabic(str(text or "").strip())
    try:
        if match := _FULL_DATE.match(text):
            return dt.date(*map(int, match.groups())), True
        if match := _MONTH.match(text):
            return dt.date(int(match.group(1)), int(match.group(2)), 1), False
    except ValueError:
        return None
    return None


def check_publication_date(sign_off: str, year: int, deadline: dt.date | None = None) -> Check:
    """T1 (warning): the sign-off date is not later than the publication deadline."""
    deadline = deadline or dt.date(year + 1, 1, 31)
    parsed = parse_sign_off(sign_off)
    shown = f"落款日期：{sign_off or '（未填写）'}；公开期限：{deadline.year}年{deadline.month}月{deadline.day}日"
    if parsed is None:
        return unchecked("T1", T1, f"落款日期「{sign_off}」无法识别，应写成“{year + 1}年1月20日”。", level="warning")
    day, exact = parsed
    rows = [["落款日期", sign_off], ["公开期限", deadline.isoformat()]]
    late = day > deadline if exact else (day.year, day.month) > (deadline.year, deadline.month)
    if late:
        return Check("T1", T1, False, f"落款日期晚于公开期限。{shown}。", level="warning", evidence=table(["", "日期"], rows))
    note = "（落款只写到月，按月比较）" if not exact else ""
    return Check("T1", T1, True, shown + note, level="warning", evidence=table(["", "日期"], rows))
