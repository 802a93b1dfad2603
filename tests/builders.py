"""Tiny ledger builders shared by the tests: CSV and xlsx files written into tmp_path."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import xlsxwriter

from gk_helpers import load_ledgers

#: A fixed "today" so that implausible-date checks do not depend on the clock.
TODAY = dt.date(2026, 1, 1)

#: The headers the counting tests write, typed out here rather than taken from the schema under test.
HEADERS = {
    "依申请公开": ("申请编号", "收到日期", "申请人类型", "办结日期", "办理结果", "收费通知金额（元）", "实收金额（元）"),
    "复议诉讼": ("案件编号", "案件类型", "收到日期", "审结日期", "审理结果"),
    "规范性文件": ("文号", "名称", "类别", "制发日期", "公开日期", "废止日期"),
    "行政执法": ("决定编号", "类别", "决定日期"),
    "权责事项": ("事项编码", "事项名称", "类别", "设立日期", "取消日期"),
    "行政事业性收费": ("收费日期", "项目", "金额（元）"),
    "政府集中采购": ("项目编号", "采购日期", "金额（元）"),
    "热线工单": ("工单编号", "受理日期", "办结日期", "办理时限"),
}


def write_files(folder: Path, files: dict[str, str | bytes]) -> Path:
    """Write files into ``folder`` (text as UTF-8)."""
    for name, content in files.items():
        (folder / name).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return folder


def write_csv(folder: Path, kind: str, rows, header=None) -> None:
    """Write ``<kind>.csv``; short rows are padded with blank cells."""
    header = header or HEADERS[kind]
    with open(folder / f"{kind}.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(header)
        out.writerows(list(row) + [""] * (len(header) - len(row)) for row in rows)


def csv_ledgers(folder: Path, **kinds):
    """Write one CSV per kind (keyword = kind name, value = rows) and load the folder."""
    for kind, rows in kinds.items():
        write_csv(folder, kind, rows)
    return load_ledgers(folder, today=TODAY)


def xlsx_bytes(sheets: dict[str, list[list]], merge: dict | None = None, formula: dict | None = None) -> bytes:
    """An xlsx file as bytes: sheets of rows (dates become Excel date cells, None stays empty),
    optional merged ranges and formulas per sheet."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
                elif value is not None:
                    sheet.write(r, c, value)
        if merge and name in merge:
            sheet.merge_range(merge[name], "")
        if formula and name in formula:
            sheet.write_formula(formula[name][0], formula[name][1])
    book.close()
    return out.getvalue()
