"""Parse single cell values: dates, amounts, ids, text.

Each parser returns ``(value, None)`` or ``(None, (rule, message))`` so that the
validator can turn failures into located problems. Parsers are applied to the
distinct values of a column only, which keeps large ledgers fast.
"""

from __future__ import annotations

import datetime as dt
import math
import re

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's phantom 1900-02-29
EARLIEST = dt.date(2000, 1, 1)

DATE_FORMS = "2020-03-05、2020/3/5、2020.3.5、20200305、2020年3月5日、Excel 日期单元格或日期序列号"
_FULL_WIDTH_DIGIT = re.compile(r"[０-９]")
_YMD = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")
_CN = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{5}(\.0+)?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def is_blank(value) -> bool:
    """True for an empty cell: None, NaN, or text of only spaces."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip(" \t\r\n\u3000")
    return False


def cell_text(value) -> str:
    """A cell as the user sees it, for messages and text columns."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S").removesuffix(" 00:00:00")
    return str(value).strip(" \t\r\n\u3000")


_HALF_WIDTH = str.maketrans("０１２３４５６７８９．－／", "0123456789.-/")


def _full_width_problem(text: str):
    return ("全角数字", f"含有全角数字。请改为半角数字「{text.translate(_HALF_WIDTH)}」（切换到半角输入法重新输入）。")


def parse_date(value, today: dt.date, latest: dt.date | None = None):
    """An Excel date cell, serial number or one of the contract's text forms → date.

    Dates after ``latest`` (default: today) are typos; a deadline column passes a later bound.
    """
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        day = _from_number(value)
        if day is None:
            return None, ("无法识别的日期", f"不是有效的日期。可用的写法：{DATE_FORMS}。")
    else:
        text = cell_text(value)
        if _FULL_WIDTH_DIGIT.search(text):
            return None, _full_width_problem(text)
        day = _from_text(text)
        if day is None:
            if _looks_like_date(text):
                return None, ("无法识别的日期", "这一天不存在（月份须在1～12之间，日须在该月的天数之内）。请核对月和日。")
            return None, ("无法识别的日期", f"不是可识别的日期。可用的写法：{DATE_FORMS}。")
    if day < EARLIEST:
        return None, ("不合理的日期", f"日期 {day.isoformat()} 早于 2000 年，可能是笔误（如把 2020 写成 1020）。请核对后改正。")
    if day > (latest or today):
        bound = f"今天（{today.isoformat()}）" if latest in (None, today) else f"{latest.isoformat()}"
        return None, (
            "不合理的日期",
            f"日期 {day.isoformat()} 晚于{bound}，可能是笔误（如把 2022 写成 2202）。请核对后改正。",
        )
    return day, None


def _looks_like_date(text: str) -> bool:
    """Written in one of the text forms, but naming a day that does not exist (2020-02-30)."""
    return bool(_YMD.match(text) or _CN.match(text) or _COMPACT.match(text))


def _from_number(number: float) -> dt.date | None:
    if number != int(number):
        number = math.floor(number)  # a date-time serial: keep the day
    number = int(number)
    if 19000101 <= number <= 99991231:
        return _from_text(str(number))
    if 1 <= number <= 2958465:
        return EXCEL_EPOCH + dt.timedelta(days=number)
    return None


def _from_text(text: str) -> dt.date | None:
    match = _YMD.match(text) or _CN.match(text) or _COMPACT.match(text)
    if match is None:
        if _SERIAL.match(text):
            return _from_number(float(text))
        return None
    year, month, day = (int(g) for g in match.groups() if g not in ("-", "/", "."))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_amount(value):
    """A non-negative amount in 元 → float."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        text = cell_text(value)
        if _FULL_WIDTH_DIGIT.search(text):
            return None, _full_width_problem(text)
        if not _NUMBER.match(text):
            return None, ("金额不是数字", "金额必须是数字（单位：元），不能含有文字、单位或千位分隔符，例如 100 或 25.5。")
        number = float(text)
    if math.isnan(number) or math.isinf(number):
        return None, ("金额不是数字", "金额必须是数字（单位：元），例如 100 或 25.5。")
    if number < 0:
        return None, ("金额为负数", "金额不能为负数。退费或冲销请在备注中说明，金额填实际发生的正数。")
    return number, None


def parse_count(value):
    """A non-negative whole number (a count of days) → float (NaN-able in a frame)."""
    number, error = parse_amount(value)
    if error:
        if error[0] == "全角数字":
            return None, error
        if error[0] == "金额为负数":
            return None, ("天数为负数", "天数不能为负数。请填写实际用去的工作日数，没有则留空或填 0。")
        return None, ("天数不是整数", "天数必须是不小于0的整数，例如 0 或 15，不能含有文字或单位。")
    if number != int(number):
        return None, ("天数不是整数", f"天数必须是不小于0的整数（如 {int(number)} 或 {int(number) + 1}），不能有小数。")
    return number, None


def parse_id(value):
    """An identifier as text (Excel stores numeric ids as floats: 2020001.0 → 2020001)."""
    return cell_text(value), None
