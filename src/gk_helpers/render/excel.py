"""The tables as Excel workbooks, in the official layout, for the county office that collects them.

``report_xlsx``: one township-year, sheets 第二部分 / 第三部分 / 第四部分, each table with its
merged header cells, borders, and the counts as number cells. ``county_xlsx``: one county-year,
sheet 各乡镇 with one row per township (key figures, every section 三 row's 总计 and the 15
section 四 numbers, and a 合计 row), and the summed sections 三 and 四 in the official layout.
Workbooks are written with xlsxwriter and are byte-identical for the same content.
"""

from __future__ import annotations

import io
from datetime import datetime

import xlsxwriter

from ..base.formats import SECTION4_COLUMNS, section3_rows
from .archive import deterministic_zip
from .model import Document, Table, section3_table, section4_table

FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"
SHEETS = {"s2": "第二部分", "s3": "第三部分", "s4": "第四部分"}
#: Column widths (characters) of each table kind; s2 tables use the first for labels.
_WIDTHS = {"s2": [30, 16, 16, 16, 16], "s3": [5, 11, 34] + [9] * 7, "s4": [8] * 15}


class _Formats:
    """The few cell formats a workbook needs, made once."""

    def __init__(self, book):
        base = {"font_name": FONT, "font_size": 10.5, "border": 1, "valign": "vcenter", "text_wrap": True}
        self.head = book.add_format({**base, "align": "center"})
        self.label = book.add_format({**base, "align": "left"})
        self.corner = book.add_format({**base, "align": "center", "font_size": 9})
        self.int = book.add_format({**base, "align": "center", "num_format": "0"})
        self.amount = book.add_format({**base, "align": "center", "num_format": "0.####"})
        self.title = book.add_format({"font_name": HEAD_FONT, "font_size": 14, "align": "center", "valign": "vcenter"})
        self.caption = book.add_format({"font_name": HEAD_FONT, "font_size": 11, "align": "center", "valign": "vcenter"})

    def of(self, cell):
        if cell.header:
            return {"label": self.label, "corner": self.corner}.get(cell.role, self.head)
        return self.amount if isinstance(cell.value, float) and not float(cell.value).is_integer() else self.int


def _write_value(sheet, r: int, c: int, cell, fmt) -> None:
    if cell.header:
        sheet.write_string(r, c, cell.text, fmt)
    else:
        sheet.write_number(r, c, cell.value, fmt)


def write_table(sheet, formats: _Formats, table: Table, top: int, caption: bool = False) -> int:
    """Write ``table`` from row ``top`` (its caption first when asked); return the next free row."""
    if caption:
        sheet.merge_range(top, 0, top, table.width - 1, table.caption, formats.caption)
        top += 1
    for r, cells in enumerate(table.grid()):
        for c, cell in enumerate(cells):
            if cell is None:
                continue
            fmt = formats.of(cell)
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_range(top + r, c, top + r + cell.rowspan - 1, c + cell.colspan - 1, "", fmt)
            _write_value(sheet, top + r, c, cell, fmt)
    return top + len(table.head) + len(table.body)


def _sheet(book, formats: _Formats, name: str, heading: str, tables: list[Table], landscape: bool = False):
    sheet = book.add_worksheet(name)
    kind = tables[0].kind if tables else "s2"
    for c, width in enumerate(_WIDTHS[kind]):
        sheet.set_column(c, c, width)
    width = max((t.width for t in tables), default=1)
    if width > 1:
        sheet.merge_range(0, 0, 0, width - 1, heading, formats.title)
    else:
        sheet.write_string(0, 0, heading, formats.title)
    sheet.set_row(0, 24)
    row = 1
    for table in tables:
        first = row + (1 if table.kind == "s2" else 0)
        row = write_table(sheet, formats, table, row, caption=table.kind == "s2")
        if table.kind != "s2":
            sheet.repeat_rows(first, first + len(table.head) - 1)
        row += 1 if table.kind == "s2" else 0
    sheet.set_paper(9)  # A4
    if landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.7, right=0.7, top=0.9, bottom=0.9)
    return sheet


def _workbook_bytes(build, title: str, author: str, year: int) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": title, "author": author, "created": datetime(year + 1, 1, 1)})
    build(book, _Formats(book))
    book.close()
    return deterministic_zip(buffer.getvalue())


def report_xlsx(document: Document) -> bytes:
    """The workbook of one township-year: sections 二, 三 and 四 on their own sheets."""
    def build(book, formats):
        for section in document.sections[1:4]:
            kind = ("s2", "s3", "s4")[section.index - 2]
            _sheet(book, formats, SHEETS[kind], section.heading, section.tables, landscape=kind == "s4")
    return _workbook_bytes(build, document.title, document.agency, document.year)


# --- the county workbook -------------------------------------------------------------------------

def _print_setup(sheet, columns: int, last_row: int) -> None:
    """Print 各乡镇 as a leader reads it: A4 landscape, every column on the page's width (as many pages down as
    needed), the title and header rows and the 乡镇 column repeated on every page, the sheet's name in the footer."""
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, 1)
    sheet.repeat_columns(0, 0)
    sheet.print_area(0, 0, last_row, columns - 1)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.center_horizontally()
    sheet.set_footer("&C第 &P 页，共 &N 页")


def county_columns(fmt: str) -> list[str]:
    """The columns of sheet 各乡镇 after 乡镇: the roll-up's key figures, section 三 总计s, section 四."""
    return [f"第三部分 {r.label} 总计" for r in section3_rows(fmt)] + [f"第四部分 {c}" for c in SECTION4_COLUMNS]


def county_xlsx(summary) -> bytes:
    """The county-year workbook from a roll-up summary (``batch.rollup.summarize``)."""
    rows = summary.key_figures()
    key_names = list(dict.fromkeys(k for r in rows for k in r if k != "乡镇"))
    extra = county_columns(summary.format)
    header = ["乡镇", *key_names, *extra]

    def build(book, formats):
        sheet = book.add_worksheet("各乡镇")
        sheet.merge_range(0, 0, 0, len(header) - 1, f"{summary.title}（各乡镇主要数字）", formats.title)
        sheet.set_row(1, 180)  # the long section 三 labels wrap in narrow columns: the sheet fits a landscape page's width
        for c, name in enumerate(header):
            sheet.write_string(1, c, name, formats.head)
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, len(key_names), 7)
        sheet.set_column(len(key_names) + 1, len(header) - 1, 5.5)
        numbers_of = {t.name: t for t in summary.townships}
        for r, figures in enumerate(rows, 2):
            sheet.write_string(r, 0, figures["乡镇"], formats.label)
            town = numbers_of[figures["乡镇"]]
            values = [figures.get(k) for k in key_names]
            if town.ok and town.data["format"] == summary.format:
                values += [row[1][-1] for row in town.data["section3"]] + list(town.data["section4"])
            else:
                values += [None] * len(extra)
            for c, value in enumerate(values, 1):
                if isinstance(value, (int, float)):
                    sheet.write_number(r, c, value, formats.int)
                else:
                    sheet.write_string(r, c, "" if value is None else str(value), formats.head)
        total_row = len(rows) + 2
        sheet.write_string(total_row, 0, "合计", formats.label)
        s3_totals = [int(v[-1]) for v in summary.section3]
        sums = [sum(f.get(k) or 0 for f in rows) if all(isinstance(f.get(k, 0), (int, float)) for f in rows) else None
                for k in key_names]
        for c, value in enumerate([*sums, *s3_totals, *[int(v) for v in summary.section4]], 1):
            if value is None:
                sheet.write_string(total_row, c, "", formats.head)
            else:
                sheet.write_number(total_row, c, value, formats.int)
        sheet.freeze_panes(2, 1)
        _print_setup(sheet, len(header), total_row)
        s3 = section3_table([(r.label, [int(v) for v in summary.section3[i]]) for i, r in enumerate(section3_rows(summary.format))],
                            summary.format)
        _sheet(book, formats, "第三部分（合计）", "三、收到和处理政府信息公开申请情况（各乡镇合计）", [s3])
        _sheet(book, formats, "第四部分（合计）", "四、政府信息公开行政复议、行政诉讼情况（各乡镇合计）",
               [section4_table([int(v) for v in summary.section4])], landscape=True)
    return _workbook_bytes(build, summary.title, summary.county, summary.year)
