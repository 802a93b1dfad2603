"""Figures typed into report prose: the phrases real reports use, and what each one counts.

``PHRASES`` is the one documented table (docs/台账约定.md lists it with examples): a phrase
such as 收到…申请 or 予以公开, the units it takes and the statistic (docs/统计项.md) it
must equal. ``find_figures`` finds every number written right after such a phrase in
plain text; a number written as a ``{placeholder}`` is marked as such, because it is
filled from the data and can never be wrong. ``figures_from_tables`` gives the same
statistics from printed tables alone, so an auditor without ledgers can use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np

from ..base.formats import format_for_year
from .narrative import STATISTICS, _section3_stats, _section4_stats


@dataclass(frozen=True)
class Phrase:
    """A phrase of report prose and the statistic a number after it states."""

    key: str  # the statistic (narrative.STATISTICS)
    pattern: str  # regular expression of the phrase
    units: tuple[str, ...]
    example: str  # a sentence real reports write, with the figure it states
    exclude: str = ""  # the phrase does not count in a clause that matches this


_APPLICATION_UNITS = ("件",)
_DOCUMENT_UNITS = ("件", "份")  # 制发规范性文件8份 (泉州开发区 2025)
_CASE_UNITS = ("件", "起")
_NOT_HOTLINE = r"热线|12345|工单"
_OTHER_BODIES = r"部门(?:行政)?规范性文件"  # other bodies' documents (a gazette's content), not this agency's

#: The phrases P1 recognises, most specific last among those ending at the same place.
PHRASES = (
    Phrase("applications_received", r"(?:收到|新收|受理|接收|接到)[^，。；,;]{0,12}?申请", _APPLICATION_UNITS,
           "全年共收到政府信息公开申请12件"),
    Phrase("applications_handled", r"收办[^，。；,;]{0,12}?申请", _APPLICATION_UNITS, "全年共收办政府信息公开申请案件15件"),
    Phrase("applications_carried_over", r"上一?年度?结转|结转上一?年度?|从上年结转", _APPLICATION_UNITS, "上年结转2件"),
    Phrase("applications_carried_forward",
           r"结转(?:至|到)?下一?年度?(?:继续办理)?|结转(?:至|到)\d{4}年度?|转入下一?年度?|转下一?年度?", _APPLICATION_UNITS,
           "结转下年度继续办理1件"),
    Phrase("applications_closed", r"办结|答复完毕|答复[^，。；,;]{0,12}?申请", _APPLICATION_UNITS, "办结13件", _NOT_HOTLINE),
    Phrase("applications_disclosed", r"(?<!不)予以公开|同意公开", _APPLICATION_UNITS, "予以公开8件"),
    Phrase("applications_partially_disclosed", r"部分公开", _APPLICATION_UNITS, "部分公开1件"),
    Phrase("applications_withheld", r"不予公开", _APPLICATION_UNITS, "不予公开1件"),
    Phrase("applications_unavailable", r"无法提供", _APPLICATION_UNITS, "无法提供2件"),
    Phrase("applications_not_processed", r"不予处理", _APPLICATION_UNITS, "不予处理1件"),
    Phrase("applications_other", r"其他处理", _APPLICATION_UNITS, "作其他处理2件"),
    Phrase("reconsideration_total", r"行政复议", _CASE_UNITS, "发生政府信息公开行政复议1起"),
    Phrase("litigation_total", r"行政诉讼|提起诉讼|诉讼", _CASE_UNITS, "行政诉讼2件"),
    Phrase("litigation_direct_total", r"(?:直接|未经复议)[^，。；,;]{0,6}?(?:起诉|诉讼)", _CASE_UNITS,
           "未经复议直接提起行政诉讼1件"),
    Phrase("litigation_after_reconsideration_total", r"复议后[^，。；,;]{0,6}?(?:起诉|诉讼)", _CASE_UNITS,
           "复议后提起行政诉讼1件"),
    Phrase("hotline_received", r"热线|12345|工单", ("条", "件"), "全年受理“12345”政府热线46条"),
    Phrase("regulations_made", r"规章(?!制度)", _DOCUMENT_UNITS, "主动公开规章2件"),
    Phrase("normative_documents_made", r"规范性文件|(?:制发|印发|出台|制定)[^，。；,;]{0,8}?规范性文件", _DOCUMENT_UNITS,
           "全年制发行政规范性文件3件", _OTHER_BODIES),
    Phrase("normative_documents_repealed", r"废止[^，。；,;]{0,8}?规范性文件|规范性文件[^，。；,;]{0,6}?废止", _DOCUMENT_UNITS,
           "废止规范性文件1件", _OTHER_BODIES),
    Phrase("normative_documents_in_force", r"现行有效[^，。；,;]{0,8}?规范性文件|规范性文件[^，。；,;]{0,6}?现行有效", _DOCUMENT_UNITS,
           "现行有效行政规范性文件5件", _OTHER_BODIES),
    Phrase("licensing_decisions", r"行政许可", _APPLICATION_UNITS, "作出行政许可决定25件"),
    Phrase("penalty_decisions", r"行政处罚", _APPLICATION_UNITS, "行政处罚决定4件"),
    Phrase("coercion_decisions", r"行政强制", _APPLICATION_UNITS, "行政强制决定1件"),
    Phrase("fee_collected", r"收费|收取|信息处理费|实收", ("元", "万元"), "实际收取信息处理费100元",
           r"通知"),  # 收费通知金额 is what was asked for, not what was collected
    Phrase("admin_fee_amount", r"行政事业性收费", ("元", "万元"), "行政事业性收费0.35万元"),
)
#: The unit each statistic is counted in (the others: 件).
BASE_UNIT = {"fee_collected": "元", "admin_fee_amount": "万元", "hotline_received": "条"}

_PHRASES = [(p, re.compile(p.pattern)) for p in PHRASES]
_CN_NUMERAL = "零〇一二两三四五六七八九十百千"
_NUMBER = re.compile(
    r"(?<![\d.第])(?P<number>\d+(?:\.\d+)?|[" + _CN_NUMERAL + r"]+|\{(?P<placeholder>[A-Za-z_][A-Za-z0-9_]*)\})"
    r"\s*(?P<unit>万元|件|份|条|起|元)"
)
_CLAUSE_END = re.compile(r"[，。；,;！？!?\n]")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_MAX_GAP = 16  # characters between the phrase and its number
#: Words joining two phrases that share one number: 予以公开及部分公开42件 states their sum.
_CONJUNCTION = re.compile(r"\s*(?:及|和|与|以及|、|或)\s*")
#: A share written right after the number: 42件，占51.85% or 208件（17.46%）.
_PERCENT = re.compile(r"\s*(?:[，,]\s*占比?|[（(]\s*(?:占比?)?)\s*(\d+(?:\.\d+)?)\s*[%％]")
#: The number belongs to a list of unnamed kinds (规章、规范性文件等112件): not a figure of the tables.
_ET_CETERA = re.compile(r"等")
_INCLUDING = re.compile(r"[（(]\s*含")
_REGULATIONS_AND = re.compile(r"规章(?:和|及|与|、|以及)")
_BOTH_KINDS = {"normative_documents_made": "documents_made", "normative_documents_repealed": "documents_repealed",
               "normative_documents_in_force": "documents_in_force"}


@dataclass(frozen=True)
class Mention:
    """A number written after a known phrase (or after two joined by 及/和/、, whose sum it states)."""

    key: str
    phrase: str
    value: float | None  # None: written as a placeholder
    placeholder: str
    unit: str
    start: int
    end: int
    sentence: str
    keys: tuple[str, ...] = ()  # every statistic the number sums (one unless phrases were joined)
    percent: float | None = None  # the share written after it (占51.85% → 51.85)
    percent_text: str = ""  # as printed, "51.85%"
    including: str = ""  # the statistic of a "（含…N件）" right after it, which the number may include

    @property
    def statistics(self) -> tuple[str, ...]:
        """The statistics whose sum the number states."""
        return self.keys or (self.key,)


def cn_numeral(text: str) -> int | None:
    """一 → 1, 十二 → 12, 两百零三 → 203 (whole numbers below 10000); None when malformed."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    units = {"十": 10, "百": 100, "千": 1000}
    total, current = 0, None
    for char in text:
        if char in "零〇" and current is None:
            continue  # 两百零三: the zero only marks the empty tens
        if char in digits:
            if current is not None:
                return None  # two digits in a row (一二) is not a number
            current = digits[char]
        elif char in units:
            total += (1 if current is None else current) * units[char]
            current = None
        else:
            return None
    return total + (current or 0)


def _sentence_at(text: str, position: int) -> str:
    for match in _SENTENCE.finditer(text):
        if match.start() <= position < match.end():
            return match.group().strip()
    return text.strip()


def _clause_start(text: str, position: int) -> int:
    cut = [m.end() for m in _CLAUSE_END.finditer(text, 0, position)]
    return cut[-1] if cut else 0


def _best_phrase(text: str, unit: str, start: int, stop: int, clause_text: str):
    """The phrase ending nearest before ``stop`` (longest on a tie) in ``text[start:stop]``: (phrase, hit) or None."""
    best = None
    for phrase, pattern in _PHRASES:
        if unit not in phrase.units or (phrase.exclude and re.search(phrase.exclude, clause_text)):
            continue
        for hit in pattern.finditer(text, start, stop):
            rank = (hit.end(), hit.end() - hit.start())
            if best is None or rank > best[0]:
                best = (rank, phrase, hit)
    return best and best[1:]


def _joined(text: str, unit: str, window_start: int, hit, clause_text: str) -> list:
    """Phrases joined to ``hit`` by 及/和/、 (予以公开及部分公开): the earlier ones, nearest last."""
    joined = []
    while True:
        before = _best_phrase(text, unit, window_start, hit.start(), clause_text)
        if before is None or not _CONJUNCTION.fullmatch(text, before[1].end(), hit.start()):
            return joined
        joined.insert(0, before)
        hit = before[1]


def find_figures(text: str) -> list[Mention]:
    """Every number written right after a known phrase, in order of appearance."""
    text = text.translate(_FULL_WIDTH)  # same length: positions stay those of the original
    mentions: list[Mention] = []
    previous_end = 0
    for number in _NUMBER.finditer(text):
        clause = max(_clause_start(text, number.start()), previous_end)
        previous_end = number.end()
        window_start = max(clause, number.start() - _MAX_GAP - 30)
        unit = number.group("unit")
        clause_text = text[_clause_start(text, number.start()):number.end()]
        best = _best_phrase(text, unit, max(window_start, number.start() - _MAX_GAP - 30), number.start(), clause_text)
        if best is None or number.start() - best[1].end() > _MAX_GAP or _ET_CETERA.search(text, best[1].end(), number.start()):
            continue
        phrase, hit = best
        joined = _joined(text, unit, window_start, hit, clause_text)
        raw = number.group("number")
        placeholder = number.group("placeholder") or ""
        value = None if placeholder else (float(raw) if raw[0].isdigit() else cn_numeral(raw))
        if not placeholder and value is None:
            continue
        share = _PERCENT.match(text, number.end())
        keys = tuple(p.key for p, _ in joined) + (phrase.key,) if joined else ()
        if phrase.key in _BOTH_KINDS and _REGULATIONS_AND.search(hit.group()):
            keys = (_BOTH_KINDS[phrase.key],)  # 制发规章和规范性文件5件: both rows of 第二十条第（一）项
        mentions.append(Mention(phrase.key, text[(joined[0][1] if joined else hit).start():hit.end()], value, placeholder,
                                unit, number.start(), number.end(), _sentence_at(text, number.start()), keys,
                                float(share.group(1)) if share else None, f"{share.group(1)}%" if share else ""))
    return _with_inclusions(text, mentions)


def _with_inclusions(text: str, mentions: list[Mention]) -> list[Mention]:
    """A number followed by "（含上年结转18件）" may state its own figure or the sum with the included one."""
    out = []
    for m, after in zip(mentions, mentions[1:] + [None]):
        inside = _INCLUDING.match(text, m.end)
        if inside and after is not None and not after.placeholder and text.find("）", m.end) > after.start:
            m = replace(m, including=after.key)
        out.append(m)
    return out


def number(value) -> str:
    """A figure as written in prose: whole numbers plainly, amounts with up to four decimals."""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.4f}".rstrip("0").rstrip(".")


def in_base_unit(mention: Mention) -> float:
    """The number a mention states, in its statistic's unit (元 ↔ 万元)."""
    base = BASE_UNIT.get(mention.key)
    if base == "元" and mention.unit == "万元":
        return mention.value * 10000
    if base == "万元" and mention.unit == "元":
        return mention.value / 10000
    return mention.value


def figures_from_stats(stats: dict) -> dict[str, dict]:
    """The figures of a computed report: statistic → ``{"value", "cell"}``."""
    return {key: {"value": value, "cell": STATISTICS[key]} for key, value in stats.items() if key in STATISTICS}


_MADE = ("本年制发件数", "本年新制作数量")
_DOCUMENT_COLUMNS = {"made": _MADE, "repealed": ("本年废止件数",), "in_force": ("现行有效件数",), "published": ("本年新公开数量",)}


def _document_stats(block: dict | None) -> dict:
    """Section 二 （一）: documents made, repealed, in force — per row and for both rows — where every cell is known."""
    if not block:
        return {}
    columns, rows = block["columns"], block["rows"]
    normative = "行政规范性文件" if "行政规范性文件" in rows else "规范性文件"

    def cell(label: str, names: tuple[str, ...]):
        col = next((columns.index(n) for n in names if n in columns), None)
        values = rows.get(label)
        return None if col is None or values is None else values[col]

    stats = {}
    for what, names in _DOCUMENT_COLUMNS.items():
        regulations, documents = cell("规章", names), cell(normative, names)
        if regulations is not None and documents is not None:
            stats[f"documents_{what}"] = regulations + documents
        if documents is not None and what != "published":
            stats[f"normative_documents_{what}"] = documents
    if cell("规章", _MADE) is not None:
        stats["regulations_made"] = cell("规章", _MADE)
    return stats


def figures_from_tables(section2: dict, section3: list, section4: list, fmt: str | int) -> dict[str, dict]:
    """The figures printed tables state, for an auditor without ledgers.

    ``section3`` is ``[[label, [7 numbers]], ...]`` in official order, ``section4`` the 15
    numbers, ``section2`` the ``gk tables --json`` shape; ``fmt`` "2019"/"2021" (or a year).
    """
    fmt = format_for_year(int(fmt)) if isinstance(fmt, int) or str(fmt) not in ("2019", "2021") else str(fmt)

    def table_stats(fill: int) -> dict:
        s3 = np.array([[fill if v is None else v for v in values] for _, values in section3])
        s4 = np.array([fill if v is None else v for v in section4])
        return {**_section3_stats(s3, fmt), **_section4_stats(s4)}

    # A cell read back as None (unreadable) leaves out every figure that depends on it.
    low, high = table_stats(0), table_stats(1)
    stats = {key: value for key, value in low.items() if high[key] == value}
    stats |= _document_stats((section2 or {}).get("第二十条第（一）项"))
    for item in (section2 or {}).values():
        for label, values in item["rows"].items():
            decided = [i for i, c in enumerate(item["columns"]) if "处理决定数量" in c]
            key = {"行政许可": "licensing_decisions", "行政处罚": "penalty_decisions", "行政强制": "coercion_decisions"}.get(label)
            if key and decided and values[decided[0]] is not None:
                stats[key] = values[decided[0]]
            if label == "行政事业性收费" and any("收费金额" in c for c in item["columns"]) and values[0] is not None:
                stats["admin_fee_amount"] = values[0]
    return figures_from_stats(stats)
