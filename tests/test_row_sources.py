"""One sheet per year: case lists, evidence, the cases JSON and ctx.ledger() name the one sheet each record is on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from gk_helpers.notebook import prepare
from gk_helpers.render.cases import case_lists_html

D = dt.date
APPS = ["申请编号", "收到日期", "申请人类型", "办结日期", "办理结果"]


def _project(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "依申请公开2023"
    first.append(APPS)
    first.append(["A1", D(2023, 11, 6), "自然人", D(2023, 11, 10), "予以公开"])
    second = book.create_sheet("依申请公开2024")
    second.append(APPS)
    second.append(["B1", D(2024, 3, 4), "商业企业", D(2024, 3, 8), "部分公开"])
    second.append(["B2", D(2024, 4, 1), "自然人", D(2024, 6, 3), "予以公开"])  # answered weeks after its deadline
    for year, amount in ((2023, 120), (2024, 80)):
        fees = book.create_sheet(f"行政事业性收费{year}")
        fees.append(["收费日期", "项目", "金额（元）"])
        fees.append([D(year, 5, 6), "工本费", amount])
    (tmp_path / "data").mkdir()
    book.save(tmp_path / "data" / "台账.xlsx")
    params = tmp_path / "params" / "测试县" / "甲镇" / "2024.yaml"
    params.parent.mkdir(parents=True)
    params.write_text("agency: 测试县甲镇人民政府\ncounty: 测试县\ntownship: 甲镇\nyear: 2024\nledger_dir: ../../../data\n",
                      encoding="utf-8")
    return params


def test_each_record_names_the_one_sheet_it_is_on(tmp_path):
    ctx = prepare(params_file=str(_project(tmp_path)))
    assert ctx.ledger("依申请公开")[["申请编号", "来源文件", "工作表", "行号"]].values.tolist() == [
        ["A1", "台账.xlsx", "依申请公开2023", 2], ["B1", "台账.xlsx", "依申请公开2024", 2], ["B2", "台账.xlsx", "依申请公开2024", 3]]
    assert ctx.cases("三", "一、本年新收政府信息公开申请数量", "总计")["工作表"].tolist() == ["依申请公开2024", "依申请公开2024"]
    lists = case_lists_html(ctx.data, ctx.ledgers)
    assert "台账.xlsx「依申请公开2024」第3行" in lists and "依申请公开2023、依申请公开2024" not in lists
    # a kind without ids is named by its row: with per-year sheets, by sheet and row
    assert ctx.data.cases_dict()["section2"]["第二十条第（八）项"]["行政事业性收费"]["本年收费金额（单位：万元）"] == ["行政事业性收费2024第2行"]
    # the evidence of an overdue reply says where it is
    (d1,) = [c for c in ctx.data.checks if c.id == "D1"]
    assert d1.evidence["columns"][-1] == "来源" and d1.evidence["rows"][0][0] == "B2"
    assert d1.evidence["rows"][0][-1] == "台账.xlsx「依申请公开2024」第3行"
    assert ctx.deadlines()[["申请编号", "工作表", "行号"]].values.tolist() == [["B1", "依申请公开2024", 2], ["B2", "依申请公开2024", 3]]


def test_per_year_sheets_declare_their_years_even_when_empty(tmp_path):
    params = _project(tmp_path)
    book = openpyxl.load_workbook(tmp_path / "data" / "台账.xlsx")
    book.create_sheet("依申请公开2025").append(APPS)  # the office opened next year's sheet: nothing in it yet
    book.save(tmp_path / "data" / "台账.xlsx")
    (params.parent / "2025.yaml").write_text(params.read_text(encoding="utf-8").replace("year: 2024", "year: 2025"), encoding="utf-8")
    ctx = prepare(params_file=str(params.parent / "2025.yaml"))
    assert ctx.data.warnings[0] == ("台账中没有 2025 年的任何记录：本年度报告的各项均为0（工作表「依申请公开2025」包括 2025 年）。"
                                    "请确认该年确实没有申请、案件、文件和工单。")
    assert ctx.data.notes == ["台账.xlsx「依申请公开2025」：没有记录（依申请公开按0计）。"]
