"""Which of an office's unused columns could be a missing contract column, judged by its values.

A name alone misleads (申请人 is close to 申请编号 and to 申请人类型, but holds people's names),
so a column is proposed for a contract column only when its values fit that column's type:
an id column's values are unique and id-like (登记号, 收文编号, 编号 …: digits, no dates), a date
column's parse as dates, an enumerated column's read as its values (or, for 办理结果, name a
reply letter whose keyword announces an outcome). A name column (姓名, 申请人, 名称 …) is never
proposed for an id or an enumeration. Only a sample of each column's values is looked at.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .cells import cell_text, parse_amount, parse_count, parse_date
from .schema import OUTCOME, Column
from .vocabulary import fold, reply_letter_outcome, suggest

#: How many non-blank values of a column are looked at.
SAMPLE = 200
#: Header words of a column that holds names of people, bodies or things.
_NAME_WORDS = ("姓名", "名称", "名字", "申请人", "联系人", "经办人", "承办人", "单位", "地址", "电话")
#: …unless the header says it holds a type or a number of them (申请人类型, 申请人编号).
_NOT_NAME_WORDS = ("类型", "类别", "性质", "主体", "编号", "号")
#: Header words of an id column, preferred among several that fit.
_ID_WORDS = ("编号", "号", "编码", "流水")


def is_name_column(header: str) -> bool:
    """Whether a header names a column of names (申请人, 联系人姓名, 单位名称)."""
    key = fold(header)
    return any(w in key for w in _NAME_WORDS) and not any(w in key for w in _NOT_NAME_WORDS)


def _share(values: list, good) -> float:
    return sum(1 for v in values if good(v)) / len(values)


def _id_like(value) -> bool:
    if isinstance(value, (dt.date, pd.Timestamp)) or (isinstance(value, float) and not value.is_integer()):
        return False
    text = cell_text(value)
    return 0 < len(text) <= 40 and any(ch.isdigit() for ch in text)


def fits(column: Column, header: str, values: pd.Series, today: dt.date) -> bool:
    """Whether the non-blank ``values`` of the office's column ``header`` could be ``column``'s."""
    present = [v for v in values.head(SAMPLE * 5) if cell_text(v)][:SAMPLE]
    if not present:
        return False
    if column.type == "id":
        texts = [cell_text(v) for v in present]
        return (not is_name_column(header) and len(set(texts)) == len(texts) and _share(present, _id_like) >= 0.8
                and _share(present, lambda v: parse_date(v, today, today)[1] is None) < 0.5)
    if column.type == "date":
        return _share(present, lambda v: parse_date(v, today, dt.date(today.year + 1, 12, 31))[1] is None) >= 0.8
    if column.type in ("amount", "count"):
        parse = parse_amount if column.type == "amount" else parse_count
        return _share(present, lambda v: parse(v)[1] is None) >= 0.8
    if column.type == "enum":
        if is_name_column(header):
            return False
        lookup = column.enum.lookup()
        distinct = list(dict.fromkeys(fold(cell_text(v)) for v in present))
        known = lambda key: key in lookup or (column.enum is OUTCOME and reply_letter_outcome(key) is not None)  # noqa: E731
        return _share(distinct, known) >= 0.6
    return False  # free text: any column would do, so none is proposed by its values


def candidates(column: Column, unused: dict[str, pd.Series], today: dt.date) -> list[str]:
    """The unused headers whose values fit ``column``, best first (a close name, then an id-like name)."""
    fitting = [h for h, values in unused.items() if fits(column, h, values, today)]
    if not fitting:
        return []
    close = suggest(column.header, fitting, limit=len(fitting))
    named = [h for h in fitting if column.type == "id" and any(w in fold(h) for w in _ID_WORDS)]
    return list(dict.fromkeys(close + named + fitting))
