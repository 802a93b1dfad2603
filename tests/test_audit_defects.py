"""Each real-world defect of spec §10 that a document can show, built as HTML, DOCX and PDF,
caught by its check with the evidence a reviewer sees.

The PDFs are printed from the HTML by headless Chromium (Playwright), one browser for all.
"""

from __future__ import annotations

import pytest

import published as pb
from gk_helpers.audit.printed import read_printed
from gk_helpers.audit.run import audit_file

FORMS = ("html", "docx", "pdf")
S3 = "一、本年新收政府信息公开申请数量"


def _wrong_column():
    # 洋河新区 2025: the total balances, one application sits in the wrong applicant column.
    p = pb.printed(2022)
    p.cell3(S3, 0, "4").cell3(S3, 5, "1")
    return p


def _carry_over_broken():
    # 大川镇 2023: 10 new + 0 carried, but 0 closed and 0 carried forward — in the table and in the text alike.
    p = pb.printed(2023, overview="本年新收政府信息公开申请10件，上年结转0件，办结0件，结转下年度0件。")
    for row in p.section3:
        row[2][:] = ["0"] * 7
    p.cell3(S3, 0, "10").cell3(S3, 6, "10")
    return p


def _outcomes_exceed_total():
    # 平潭 2020: the outcome rows add up to more than the printed （七）总计.
    p = pb.printed(2020)
    p.cell3("（一）予以公开", 0, "9").cell3("（一）予以公开", 6, "10")
    return p


def _review_total_zero():
    # 金湖县 2023: 直接起诉 2+0+1+0 printed with 总计 0.
    p = pb.printed(2023)
    p.section4[5:10] = ["2", "0", "1", "0", "0"]
    return p


def _blank_cells():
    # 驼峰路街道 2020: the row 总计 and zero cells left blank.
    p = pb.printed(2020)
    p.cell3("（七）总计", 6, "")
    for col in range(7):
        p.cell3("1.属于国家秘密", col, "")
    return p


def _regulations():
    # xjnlk 2023: a township printing 规章 现行有效 6.
    p = pb.printed(2023)
    p.section2[0][2][0] = ("规章", ["0", "0", "6"])
    return p


def _old_layout():
    # 洪泽区 2023: a 2023 report still printing the 2019 single-row （六）其他处理.
    return pb.printed(2023, layout="2019")


def _old_citation():
    # 太平镇 2022: the 2021 layout, but the preamble cites 〔2019〕60号.
    return pb.printed(2022, preamble="本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2019〕60号要求编制。")


def _units_in_cells():
    # 江南中街 2020: "240万元" typed into the 采购总金额 cell.
    p = pb.printed(2020)
    p.section2[4][2][0] = ("政府集中采购", ["2", "240万元"])
    return p


def _yuan_in_cell():
    p = pb.printed(2020)
    p.section2[4][2][0] = ("政府集中采购", ["3", "251000元"])
    return p


def _no_unit():
    # 雅瑶镇 2020: 采购总金额 "8040" with no unit anywhere.
    p = pb.printed(2020)
    p.section2[4] = ("第二十条第（九）项", ["采购项目数量", "采购总金额"], [("政府集中采购", ["3", "8040"])])
    return p


def _label_drift_2021():
    # 新九镇 2021 / 宁强县 2021 / 万潮镇 2023: 本年发件, 现行有效件, 规范性文件 in the 2021 layout.
    p = pb.printed(2021)
    p.section2[0] = ("第二十条第（一）项", ["本年发件", "本年废止件数", "现行有效件"],
                     [("规章", ["0", "0", "0"]), ("规范性文件", ["2", "1", "5"])])
    return p


def _label_drift_2019():
    # 七里坪镇 2020: 采购项目数, 本年增/; a "+" on an increase (南园街 2020).
    p = pb.printed(2020)
    p.section2[1] = ("第二十条第（五）项", ["上一年项目数量", "本年增/", "处理决定数量"],
                     [("行政许可", ["3", "+19", "12"]), ("其他对外管理服务事项", ["6", "0", "13"])])
    p.section2[4] = ("第二十条第（九）项", ["采购项目数", "采购总金额（万元）"], [("政府集中采购", ["2", "18.5"])])
    return p


def _narrative_contradicts():
    # 宿迁市 2024: the text says 134 复议 and 57 诉讼 cases; the table says otherwise (here 2 and 1).
    return pb.printed(2024, overview="本年度共收到政府信息公开申请6件。全年发生政府信息公开行政复议134件，行政诉讼57件。")


def _tables_as_images():
    # 桂花坪街道 2020: the tables published as images.
    return pb.printed(2020, tables_as_images=True)


DEFECTS = {
    "wrong_column": _wrong_column,
    "carry_over_broken": _carry_over_broken,
    "outcomes_exceed_total": _outcomes_exceed_total,
    "review_total_zero": _review_total_zero,
    "blank_cells": _blank_cells,
    "regulations": _regulations,
    "old_layout": _old_layout,
    "old_citation": _old_citation,
    "units_in_cells": _units_in_cells,
    "yuan_in_cell": _yuan_in_cell,
    "no_unit": _no_unit,
    "label_drift_2021": _label_drift_2021,
    "label_drift_2019": _label_drift_2019,
    "narrative_contradicts": _narrative_contradicts,
    "tables_as_images": _tables_as_images,
}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Every defect in every form: {(defect, form): path}."""
    if pb.CHROMIUM is None:
        pytest.skip("Debian chromium is not installed (scripts/test.sh installs it)")
    root = tmp_path_factory.mktemp("defects")
    out, pages = {}, {}
    for name, build in DEFECTS.items():
        p = build()
        html = pb.html(p)
        (root / f"{name}.html").write_text(html, encoding="utf-8")
        pb.docx(p, root / f"{name}.docx")
        pages[root / f"{name}.pdf"] = html
        out.update({(name, form): root / f"{name}.{form}" for form in FORMS})
    pb.pdfs_from_html(pages)
    return out


def audit(files, name, form, **kwargs):
    result = audit_file(files[(name, form)], **kwargs)
    return result, {c.id: c for c in result.checks}


def cells(check):
    return sorted((e.cell, e.read.number.printed) for e in check.evidence)


def failed_ids(result):
    return sorted(c.id for c in result.failed)


@pytest.mark.parametrize("form", FORMS)
def test_wrong_applicant_column_fails_r1_for_both_columns(files, form):
    result, by_id = audit(files, "wrong_column", form)
    assert failed_ids(result) == ["R1"]
    assert by_id["R1"].detail == "自然人：一4＋二1＝5，（七）总计5＋四1＝6；其他：一1＋二0＝1，（七）总计0＋四0＝0"
    assert cells(by_id["R1"]) == sorted([
        (f"{row}/{col}", value)
        for col, values in (("自然人", ("4", "1", "5", "1")), ("其他", ("1", "0", "0", "0")))
        for row, value in zip((S3, "二、上年结转政府信息公开申请数量", "（七）总计", "四、结转下年度继续办理"), values)
    ])


@pytest.mark.parametrize("form", FORMS)
def test_carry_over_identity_broken(files, form):
    result, by_id = audit(files, "carry_over_broken", form)
    assert failed_ids(result) == ["R1"]
    assert by_id["P1"].status == "通过"  # the text repeats the table: P1 cannot catch this, R1 does
    assert by_id["R1"].detail == "自然人：一10＋二0＝10，（七）总计0＋四0＝0；总计：一10＋二0＝10，（七）总计0＋四0＝0"


@pytest.mark.parametrize("form", FORMS)
def test_outcomes_that_exceed_the_printed_total_fail_r2_without_recomputing(files, form):
    result, by_id = audit(files, "outcomes_exceed_total", form)
    assert failed_ids(result) == ["R2"]
    assert by_id["R2"].detail == "自然人：各办理结果之和为11，印制的（七）总计为5；总计：各办理结果之和为12，印制的（七）总计为6"
    assert ("（七）总计/自然人", "5") in cells(by_id["R2"])
    assert ("（一）予以公开/自然人", "9") in cells(by_id["R2"])
    figures = result.report.figures()
    assert dict(figures["section3"])["（七）总计"] == [5, 1, 0, 0, 0, 0, 6]  # as printed, not rebalanced


@pytest.mark.parametrize("form", FORMS)
def test_section4_group_total_printed_as_zero_fails_r8(files, form):
    result, by_id = audit(files, "review_total_zero", form)
    assert failed_ids(result) == ["R8"]
    assert by_id["R8"].detail == "未经复议直接起诉：2＋0＋1＋0＝3，印制的总计为0"
    assert cells(by_id["R8"]) == sorted([("未经复议直接起诉/结果维持", "2"), ("未经复议直接起诉/结果纠正", "0"),
                                         ("未经复议直接起诉/其他结果", "1"), ("未经复议直接起诉/尚未审结", "0"),
                                         ("未经复议直接起诉/总计", "0")])
    assert result.report.figures()["section4"][5:10] == [2, 0, 1, 0, 0]


@pytest.mark.parametrize("form", FORMS)
def test_blank_cells_fail_b1_and_are_null_not_zero(files, form):
    result, by_id = audit(files, "blank_cells", form)
    assert failed_ids(result) == ["B1"]
    assert by_id["B1"].detail.startswith("8个单元格空白：")
    assert sorted(e.cell for e in by_id["B1"].evidence) == sorted(
        ["（七）总计/总计"] + [f"（三）不予公开/1.属于国家秘密/{c}" for c in pb.COLUMNS])
    rows = dict(result.report.figures()["section3"])
    assert rows["（七）总计"] == [5, 1, 0, 0, 0, 0, None]
    assert rows["（三）不予公开/1.属于国家秘密"] == [None] * 7
    assert by_id["R1"].status == "未核对" and by_id["R1"].detail == "单元格空白或无法读取，无法核对：总计（其余6项相符）"


@pytest.mark.parametrize("form", FORMS)
def test_township_printing_regulations_fails_g1(files, form):
    result, by_id = audit(files, "regulations", form)
    assert failed_ids(result) == ["G1"]
    assert by_id["G1"].detail == "规章行不为0：现行有效件数6（乡镇的内部制度、规范性文件不是规章）"
    assert cells(by_id["G1"]) == [("第二十条第（一）项/规章/现行有效件数", "6")]
    assert result.level == "乡镇"


def test_g1_does_not_apply_to_a_city(files):
    result, by_id = audit(files, "regulations", "html", level="市级")
    assert by_id["G1"].status == "不适用"


@pytest.mark.parametrize("form", FORMS)
def test_2023_report_in_the_2019_layout_fails_f1(files, form):
    result, by_id = audit(files, "old_layout", form)
    assert result.report.layout == "2019"
    assert failed_ids(result) == ["F1"]
    assert by_id["F1"].detail == ("2023年报告应使用2021格式，实际印制的是“（六）其他处理”为一行的2019试行格式；"
                                  "第二部分印制的是2019格式的栏目，2023年应为2021格式")
    assert cells(by_id["F1"]) == [("（六）其他处理/总计", "0")]


@pytest.mark.parametrize("form", FORMS)
def test_2021_layout_citing_the_2019_notice_fails_f1(files, form):
    result, by_id = audit(files, "old_citation", form)
    assert result.report.layout == "2021"
    assert failed_ids(result) == ["F1"]
    assert by_id["F1"].detail == "2022年报告引用了已被替代的国办公开办函〔2019〕60号（2021年起应依据〔2021〕30号）"


@pytest.mark.parametrize("form", FORMS)
def test_unit_typed_into_a_number_cell_fails_u1(files, form):
    result, by_id = audit(files, "units_in_cells", form)
    assert failed_ids(result) == ["U1"]
    assert by_id["U1"].detail == "第二十条第（九）项/政府集中采购/采购总金额（万元）印为「240万元」"
    assert result.report.figures()["section2"]["第二十条第（九）项"]["rows"]["政府集中采购"] == [2, 240]


@pytest.mark.parametrize("form", FORMS)
def test_amount_in_yuan_is_read_in_wan_yuan_and_flagged(files, form):
    result, by_id = audit(files, "yuan_in_cell", form)
    assert failed_ids(result) == ["U1"]
    assert cells(by_id["U1"]) == [("第二十条第（九）项/政府集中采购/采购总金额（万元）", "251000元")]
    assert result.report.figures()["section2"]["第二十条第（九）项"]["rows"]["政府集中采购"] == [3, 25.1]


@pytest.mark.parametrize("form", FORMS)
def test_amount_without_any_unit_is_a_warning_not_a_guess(files, form):
    result, by_id = audit(files, "no_unit", form)
    assert failed_ids(result) == []
    assert (by_id["U1"].status, by_id["U1"].detail) == ("提示", "金额栏目未注明单位（元或万元）：第二十条第（九）项“采购总金额”")
    assert result.report.figures()["section2"]["第二十条第（九）项"]["rows"]["政府集中采购"] == [3, 8040]


@pytest.mark.parametrize("form", FORMS)
def test_label_drift_in_the_2021_layout_is_read_and_noted(files, form):
    result, by_id = audit(files, "label_drift_2021", form)
    assert failed_ids(result) == []
    assert by_id["L1"].status == "提示"
    assert by_id["L1"].detail == "「本年发件」应为「本年制发件数」；「现行有效件」应为「现行有效件数」；「规范性文件」应为「行政规范性文件」"
    block = result.report.figures()["section2"]["第二十条第（一）项"]
    assert block == {"columns": ["本年制发件数", "本年废止件数", "现行有效件数"],
                     "rows": {"规章": [0, 0, 0], "行政规范性文件": [2, 1, 5]}}


@pytest.mark.parametrize("form", FORMS)
def test_label_drift_and_plus_sign_in_the_2019_layout(files, form):
    result, by_id = audit(files, "label_drift_2019", form)
    assert failed_ids(result) == []
    assert by_id["L1"].detail == "「本年增/」应为「本年增/减」；「采购项目数」应为「采购项目数量」"
    s2 = result.report.figures()["section2"]
    assert s2["第二十条第（五）项"]["rows"]["行政许可"] == [3, 19, 12]
    assert s2["第二十条第（九）项"]["rows"]["政府集中采购"] == [2, 18.5]


@pytest.mark.parametrize("form", FORMS)
def test_tables_published_as_images_are_said_not_guessed(files, form):
    result, by_id = audit(files, "tables_as_images", form)
    assert failed_ids(result) == []
    for cid in ("R1", "R2", "R3", "R8", "B1", "U1", "G1"):
        assert by_id[cid].status == "未核对", cid
    assert by_id["F1"].detail == "未读到第二、三部分表格，无法判断格式"
    assert "找不到第三部分表格（可能以图片发布，或不是文字表格），其数字无法核对。" in result.report.notes
    data = result.to_dict()
    assert data["section3"] == [] and data["section4"] == [None] * 15 and data["section2"] == {}


@pytest.mark.parametrize("form", FORMS)
def test_every_form_reads_the_same_figures(files, form):
    assert read_printed(files[("label_drift_2019", form)]).figures() == read_printed(files[("label_drift_2019", "html")]).figures()


@pytest.mark.skipif(pb.SOFFICE is None, reason="LibreOffice is not installed (scripts/setup.sh installs it)")
def test_word_document_printed_to_pdf_by_libreoffice(tmp_path):
    # The way a township office makes its PDF: Word table with merged cells, saved as PDF.
    source = pb.docx(_review_total_zero(), tmp_path / "金湖县2023.docx")
    pdf = pb.pdf_from_docx(source, tmp_path)
    result = audit_file(pdf)
    assert result.report.figures() == read_printed(source).figures()
    assert failed_ids(result) == ["R8"]
    assert result.report.layout == "2021" and result.report.agency == "平安县青山镇人民政府"


@pytest.mark.parametrize("form", FORMS)
def test_narrative_figures_that_contradict_the_tables_fail_p1(files, form):
    result, by_id = audit(files, "narrative_contradicts", form)
    assert failed_ids(result) == ["P1"]
    assert by_id["P1"].detail == "文字中有2处数字与计算结果不一致：请改正文字，或改用占位符（见 docs/统计项.md）。"
    rows = by_id["P1"].table["rows"]
    assert [(r[0], r[2], r[3], r[5]) for r in rows] == [("一", "134件", "2", "不一致"), ("一", "57件", "1", "不一致"),
                                                       ("一", "6件", "6", "一致")]
