"""The ledger template workbook: its structure read back with openpyxl, empty and filled round trips,
byte-identical output, and LibreOffice opening it."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from gk_helpers.cli import main
from gk_helpers.ledger.ledgers import load_ledgers
from gk_helpers.ledger.schema import LEDGER_KINDS
from gk_helpers.ledger.template import TEMPLATE_ROWS, template_bytes, write_template
from gk_helpers.report import compute

TODAY = dt.date(2024, 6, 30)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "台账.xlsx"
    assert main(["template", str(path)]) == 0
    return path


def dropdown(book, sheet, header: str, rows: int = TEMPLATE_ROWS) -> list[str]:
    """The values a person can pick in a column's dropdown: its list validation, resolved in the workbook."""
    column = [c.value for c in sheet[1]].index(header) + 1
    letter = get_column_letter(column)
    (rule,) = [dv for dv in sheet.data_validations.dataValidation if dv.type == "list" and str(dv.sqref).startswith(f"{letter}2:")]
    if rows:
        assert str(rule.sqref) == f"{letter}2:{letter}{rows + 1}"
    source, cells = rule.formula1.split("!")
    first, last = cells.replace("$", "").split(":")
    return [row[0].value for row in book[source][f"{first}:{last}"]]


def test_sheets_headers_frozen_row_and_hidden_lists(template):
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["填表说明", *(k.name for k in LEDGER_KINDS), "取值"]
    assert book["取值"].sheet_state == "hidden"
    for kind in LEDGER_KINDS:
        sheet = book[kind.name]
        assert [c.value for c in sheet[1]] == [c.header for c in kind.columns]
        assert sheet.freeze_panes == "A2"
        assert sheet.max_row == 1
        for index, column in enumerate(kind.columns, 1):
            letter = get_column_letter(index)
            assert sheet.column_dimensions[letter].width >= 10
            if column.type == "date":
                assert _column_format(sheet, index) == "yyyy-mm-dd", (kind.name, column.header)


def _column_format(sheet, index: int) -> str:
    """The number format of a column (openpyxl keeps a run of equal columns under its first letter)."""
    dims = [d for d in sheet.column_dimensions.values() if d.min and d.min <= index <= d.max]
    return dims[0].number_format if dims else "General"


def test_every_enumerated_column_has_a_dropdown_with_exactly_the_contract_values(template):
    book = openpyxl.load_workbook(template)
    enumerated = [(kind, column) for kind in LEDGER_KINDS for column in kind.columns if column.enum is not None]
    assert len(enumerated) == 9
    for kind, column in enumerated:
        assert dropdown(book, book[kind.name], column.header) == list(column.enum.values), (kind.name, column.header)


def test_every_header_has_an_input_message_and_date_amount_cells_are_checked(template):
    book = openpyxl.load_workbook(template)
    sheet = book["依申请公开"]
    rules = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    assert (rules["A1"].promptTitle, rules["A1"].prompt) == ("申请编号", "必填。编号，每条记录唯一（如 2023-001）。")
    assert rules["C1"].prompt == "必填。从下拉列表中选择：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他。"
    assert rules["E1"].prompt == "选填。从下拉列表中选择（共21种，与年报表格的行一一对应）。"
    assert all(rules[f"{get_column_letter(i)}1"].showInputMessage for i in range(1, 10))
    assert rules[f"B2:B{TEMPLATE_ROWS + 1}"].type == "date"
    assert rules[f"B2:B{TEMPLATE_ROWS + 1}"].operator in (None, "between")  # between is the OOXML default
    assert (rules[f"B2:B{TEMPLATE_ROWS + 1}"].formula1, rules[f"B2:B{TEMPLATE_ROWS + 1}"].formula2) == ("36526", "73415")
    assert (rules[f"F2:F{TEMPLATE_ROWS + 1}"].type, rules[f"F2:F{TEMPLATE_ROWS + 1}"].formula1) == ("decimal", "0")


def test_guide_sheet_is_generated_from_the_schema(template):
    guide = openpyxl.load_workbook(template)["填表说明"]
    rows = [[c.value for c in row] for row in guide.iter_rows(min_row=9)]
    assert rows[0] == ["工作表", "用于年报", "列", "必填", "填写要求"]
    body = rows[1:]
    assert len(body) == sum(len(k.columns) for k in LEDGER_KINDS)
    assert body[0] == ["依申请公开", "第三部分；第六部分收费", "申请编号", "是", "必填。编号，每条记录唯一（如 2023-001）。"]
    assert ["权责事项", "第二部分（2019格式）项目数量（仅 2019 格式）", "事项编码", "是", "必填。编号，每条记录唯一（如 2023-001）。"] in body
    outcome = next(r for r in body if r[2] == "办理结果")
    assert outcome[4].endswith("其他处理-其他。") and "可选：予以公开、部分公开、不予公开-属于国家秘密" in outcome[4]


def test_template_is_byte_identical_and_not_overwritten(tmp_path, template, capsys):
    assert template_bytes() == template.read_bytes() == write_template(tmp_path / "again.xlsx").read_bytes()
    assert main(["template", str(template)]) == 1
    assert capsys.readouterr().err == f"{template} 已存在，未覆盖。如需覆盖，请加 --force。\n"


def test_empty_template_loads_as_all_zeros_with_notes(tmp_path, template):
    shutil.copy(template, tmp_path / "台账.xlsx")
    ledgers = load_ledgers(tmp_path, today=TODAY)
    assert ledgers.warnings == []  # an empty sheet is how the template says "nothing happened": noted, not warned
    assert ledgers.notes == [f"台账.xlsx「{k.name}」：没有记录（{k.name}按0计）。" for k in LEDGER_KINDS]
    data = compute(ledgers, 2023)
    assert all(v == 0 for _, values in data.section3_rows for v in values)
    assert list(data.section4) == [0] * 15


FILLED = {
    "依申请公开": [["A-1", dt.date(2023, 1, 5), "自然人", dt.date(2023, 1, 20), "予以公开", 10, 10, "某文件", "备注"],
                  ["A-2", dt.date(2023, 2, 6), "商业企业", None, None, None, None, None, None]],
    "复议诉讼": [["F-1", "行政复议", dt.date(2023, 3, 1), dt.date(2023, 5, 1), "纠正"]],
    "规范性文件": [["城政〔2023〕1号", "某办法", "行政规范性文件", dt.date(2023, 4, 1), dt.date(2023, 4, 5), None]],
    "行政执法": [["J-1", "行政处罚", dt.date(2023, 6, 1)]],
    "权责事项": [["Q-1", "某许可", "行政许可", dt.date(2019, 1, 1), None]],
    "行政事业性收费": [[dt.date(2023, 7, 1), "工本费", 25.5]],
    "政府集中采购": [["C-1", dt.date(2023, 8, 1), 1000]],
    "热线工单": [["R-1", dt.date(2023, 9, 1), dt.date(2023, 9, 3), dt.date(2023, 9, 8)]],
}


def test_filled_template_round_trips_exactly(tmp_path, template):
    book = openpyxl.load_workbook(template)
    for name, rows in FILLED.items():
        for row in rows:
            book[name].append(row)
    book.save(tmp_path / "台账.xlsx")
    ledgers = load_ledgers(tmp_path, today=TODAY)
    assert ledgers.warnings == []
    for kind in LEDGER_KINDS:
        frame = ledgers[kind.key]
        read = [[_plain(frame[c.field][i]) for c in kind.columns] for i in range(len(frame))]
        width = len(kind.columns)  # columns not filled in (the optional deadline columns) read as empty
        assert read == [[_expected(v) for v in row] + [None] * (width - len(row)) for row in FILLED[kind.name]], kind.name


def _plain(value):
    if pd.isna(value) or value == "":
        return None
    return value.date() if isinstance(value, pd.Timestamp) else value


def _expected(value):
    return float(value) if isinstance(value, (int, float)) else value or None


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_template_and_keeps_its_dropdowns(tmp_path, template):
    shutil.copy(template, tmp_path / "台账.xlsx")
    run = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                          "--outdir", str(tmp_path / "pdf"), str(tmp_path / "台账.xlsx")], capture_output=True, text=True, timeout=180)
    assert run.returncode == 0 and "Error" not in run.stderr, run.stderr
    text = subprocess.run(["pdftotext", str(tmp_path / "pdf" / "台账.pdf"), "-"], capture_output=True, text=True).stdout
    assert "填表说明" in text and "收费通知金额（元）" in text and "申请人类型" in text
    # LibreOffice re-saves the workbook with the same dropdowns: it understood them
    run = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xlsx",
                          "--outdir", str(tmp_path / "lo-xlsx"), str(tmp_path / "台账.xlsx")], capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr
    book = openpyxl.load_workbook(tmp_path / "lo-xlsx" / "台账.xlsx")
    assert dropdown(book, book["依申请公开"], "办理结果", rows=0)[-1] == "其他处理-其他"
    assert dropdown(book, book["复议诉讼"], "审理结果", rows=0) == ["维持", "纠正", "其他"]
