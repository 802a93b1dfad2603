"""The ledger workbook an office fills in, generated from the schema with xlsxwriter.

One sheet per ledger kind with the contract's headers (frozen, with an input message
saying what goes in each column), dropdowns for every enumerated column, date and
amount cells formatted and validated, and a 填表说明 sheet saying which sheet feeds
which part of the report. The dropdown lists live in the hidden sheet 取值 (a list
typed into the validation itself may not exceed 255 characters; the outcomes do).
"""

from __future__ import annotations

import datetime as _dt
import io
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from ..base.files import write_atomic
from .cells import DATE_FORMS
from .mapping import MAPPING_NAME
from .schema import LEDGER_KINDS, WORKBOOK_NAME, Column, LedgerKind

GUIDE_SHEET = "填表说明"
LISTS_SHEET = "取值"
#: rows (below the header) that carry the dropdowns, date formats and checks
TEMPLATE_ROWS = 5000
DATE_FORMAT = "yyyy-mm-dd"
AMOUNT_FORMAT = "0.00"
#: a fixed creation date keeps the file byte-identical across runs (xlsxwriter stamps docProps/core.xml)
_EPOCH = _dt.datetime(2020, 1, 1)
_TYPE_TEXT = {
    "id": "编号，每条记录唯一（如 2023-001）。",
    "text": "文字。",
    "date": "日期，如 2023-03-05（单元格已设为日期格式）。",
    "enum": "请从下拉列表中选择。",
    "amount": "金额（元），非负数字，不带单位。",
    "count": "天数，非负整数。",
}


def column_help(column: Column) -> str:
    """What goes in a column, as the header's input message and the guide sheet say it."""
    need = "必填" if column.required else "选填"
    text = _TYPE_TEXT[column.type]
    if column.enum is not None and len(column.enum.values) <= 6:
        text = f"从下拉列表中选择：{'、'.join(column.enum.values)}。"
    elif column.enum is not None:
        text = f"从下拉列表中选择（共{len(column.enum.values)}种，与年报表格的行一一对应）。"
    return f"{need}。{text}"


def _width(column: Column) -> float:
    longest = max([len(column.header)] + [len(v) for v in (column.enum.values if column.enum else ())])
    base = {"date": 12, "amount": 12, "id": 14, "text": 30}.get(column.type, 12)
    return float(min(max(base, 2.1 * len(column.header) + 2, 1.1 * longest if column.enum else 0), 60))


def template_bytes() -> bytes:
    """The template workbook as bytes (deterministic: fixed creation date)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": "政府信息公开工作年度报告台账", "created": _EPOCH})
    styles = _styles(book)
    guide = book.add_worksheet(GUIDE_SHEET)
    sheets = {kind.key: book.add_worksheet(kind.name) for kind in LEDGER_KINDS}
    lists = book.add_worksheet(LISTS_SHEET)
    sources = _write_lists(lists, styles)
    for kind in LEDGER_KINDS:
        _write_kind(sheets[kind.key], kind, styles, sources)
    _write_guide(guide, styles)
    lists.hide()
    sheets[LEDGER_KINDS[0].key].activate()
    book.close()
    return buffer.getvalue()


def write_template(path: str | Path) -> Path:
    """Write the template workbook to ``path`` (atomically); returns the path."""
    path = Path(path)
    write_atomic(path, template_bytes())
    return path


def _styles(book) -> dict:
    return {
        "header": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                   "valign": "vcenter", "align": "center"}),
        "required": book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True,
                                     "valign": "vcenter", "align": "center"}),
        "date": book.add_format({"num_format": DATE_FORMAT}),
        "amount": book.add_format({"num_format": AMOUNT_FORMAT}),
        "text": book.add_format({"num_format": "@"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "title": book.add_format({"bold": True, "font_size": 14}),
        "bold": book.add_format({"bold": True}),
    }


def _write_lists(sheet, styles) -> dict[tuple[str, str], str]:
    """One column per enumerated column of any kind; (kind, header) → the list's range reference."""
    sources = {}
    index = 0
    for kind in LEDGER_KINDS:
        for column in kind.columns:
            if column.enum is None:
                continue
            sheet.write(0, index, f"{kind.name}·{column.header}", styles["bold"])
            for row, value in enumerate(column.enum.values, 1):
                sheet.write_string(row, index, value)
            letter = xl_col_to_name(index)
            sources[(kind.name, column.header)] = f"={LISTS_SHEET}!${letter}$2:${letter}${len(column.enum.values) + 1}"
            sheet.set_column(index, index, _width(column))
            index += 1
    return sources


def _write_kind(sheet, kind: LedgerKind, styles, sources) -> None:
    sheet.freeze_panes(1, 0)
    sheet.set_row(0, 30)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    last = TEMPLATE_ROWS
    for index, column in enumerate(kind.columns):
        cell_format = styles.get(column.type) if column.type in ("date", "amount") else styles["text"] if column.type == "id" else None
        sheet.set_column(index, index, _width(column), cell_format)
        sheet.write_string(0, index, column.header, styles["required" if column.required else "header"])
        sheet.data_validation(0, index, 0, index, {
            "validate": "any", "input_title": column.header[:32], "input_message": column_help(column)[:255],
        })
        rule = _rule(kind, column, sources)
        if rule:
            sheet.data_validation(1, index, last, index, rule)


def _rule(kind: LedgerKind, column: Column, sources) -> dict | None:
    if column.enum is not None:
        return {"validate": "list", "source": sources[(kind.name, column.header)],
                "input_title": column.header[:32], "input_message": "请从下拉列表中选择。",
                "error_title": "不是允许的值", "error_message": f"「{column.header}」请从下拉列表中选择。"[:255]}
    if column.type == "date":
        return {"validate": "date", "criteria": "between", "minimum": _dt.date(2000, 1, 1), "maximum": _dt.date(2100, 12, 31),
                "error_title": "不是日期", "error_type": "warning",
                "error_message": f"请输入日期，如 2023-03-05。可用的写法：{DATE_FORMS}。"[:255]}
    if column.type == "amount":
        return {"validate": "decimal", "criteria": ">=", "value": 0, "error_title": "不是金额",
                "error_message": "金额（元）须为非负数字，不带单位和千位分隔符，如 100 或 25.5。"}
    if column.type == "count":
        return {"validate": "integer", "criteria": ">=", "value": 0, "error_title": "不是整数",
                "error_message": f"「{column.header}」须为非负整数，如 15。"[:255]}
    return None


def _lines(text: str, width: float) -> int:
    """How many lines wrapped text takes in a column of ``width`` characters (CJK counts double)."""
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return -(-units // int(width * 1.2))  # a column of width w shows about 1.2·w half-width characters


def _write_guide(sheet, styles) -> None:
    """The 填表说明 sheet: how to fill the workbook, then every column of every sheet."""
    widths = (14, 40, 20, 6, 80)
    for index, width in enumerate(widths):
        sheet.set_column(index, index, width)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    rules = [
        "政府信息公开工作年度报告台账：填表说明",
        f"1. 每类台账一个工作表，工作表名和第1行表头不要改动；本工作簿保存为 {WORKBOOK_NAME}，放在乡镇的台账目录中。",
        "2. 每条记录占一行，从第2行起连续填写；不要合并单元格，不要使用公式（如需合计，由本工具计算）。",
        f"3. 日期直接输入，如 2023-03-05（也可用：{DATE_FORMS}）。",
        "4. 带下拉箭头的列请从列表中选择；选项与年报表格的行一一对应。表头为橙色的列是必填列。",
        "5. 没有发生的事项，保留空表即可（按0计）。一年一个工作表时，可命名为“依申请公开2023”等（各年合并计算）。",
        f"6. 沿用本单位原有台账的列名或写法时，可在台账目录中用 {MAPPING_NAME} 对照（见 docs/台账约定.md）。",
    ]
    sheet.write(0, 0, rules[0], styles["title"])
    for row, text in enumerate(rules[1:], 1):
        sheet.write(row, 0, text)
    top = len(rules) + 1
    for index, text in enumerate(("工作表", "用于年报", "列", "必填", "填写要求")):
        sheet.write(top, index, text, styles["header"])
    row = top + 1
    for kind in LEDGER_KINDS:
        used = kind.feeds + ("" if kind.formats == ("2019", "2021") else f"（仅 {'、'.join(kind.formats)} 格式）")
        for column in kind.columns:
            sheet.write(row, 0, kind.name, styles["wrap"])
            sheet.write(row, 1, used, styles["wrap"])
            sheet.write(row, 2, column.header, styles["wrap"])
            sheet.write(row, 3, "是" if column.required else "", styles["wrap"])
            help_text = column_help(column)
            if column.enum is not None and len(column.enum.values) > 6:
                help_text += "可选：" + "、".join(column.enum.values) + "。"
            sheet.write(row, 4, help_text, styles["wrap"])
            lines = max(_lines(help_text, widths[4]), _lines(used, widths[1]))
            if lines > 1:
                sheet.set_row(row, 15 * (lines + 1))  # one line of slack: the estimate is not a renderer
            row += 1
    sheet.freeze_panes(top + 1, 0)
