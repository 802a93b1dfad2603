"""A page saved from a county website's CMS: inline styles, merged cells, &nbsp;, full-width digits,
labels broken over lines, "240万元" in a cell, blank cells, a layout table, navigation and scripts."""

from __future__ import annotations

import pytest

import published as pb
from gk_helpers.audit.document import read_document
from gk_helpers.audit.run import audit_file


def cms_report():
    p = pb.printed(2020, other="本年度未收取信息处理费。\n全年受理“12345”政府热线46条。")
    p.cell3(pb.S3_LEAF_RECEIVED, 0, "\u00a0５\u00a0").cell3(pb.S3_LEAF_RECEIVED, 6, "６")
    p.cell3("1.属于国家秘密", 0, "")
    p.cell3("1.属于国家秘密", 6, "\u00a0")
    for row in p.section3:
        if row[1] == "1.属于国家秘密":
            row[1] = "1.属于<br>国家秘密"
        if row[1] == "2.其他法律行政法规禁止公开":
            row[1] = "2.其他法律行政<br>法规禁止公开"
    p.section2[4] = ("第二十条第（九）项", ["采购项目数量", "采购总金额"], [("政府集中采购", ["２", "240万元"])])
    p.section4[3] = "１"
    return p


def test_cms_page_is_read_cell_by_cell(tmp_path):
    path = tmp_path / "cms.html"
    path.write_text(pb.html(cms_report(), cms=True), encoding="utf-8")
    result = audit_file(path)
    report = result.report
    assert (report.agency, report.year, report.layout) == ("平安县青山镇人民政府", 2020, "2019")
    figures = report.figures()
    rows = dict(figures["section3"])
    assert rows["一、本年新收政府信息公开申请数量"] == [5, 1, 0, 0, 0, 0, 6]
    assert rows["（三）不予公开/1.属于国家秘密"] == [None, 0, 0, 0, 0, 0, None]
    assert rows["（三）不予公开/2.其他法律行政法规禁止公开"] == [0] * 7
    assert figures["section4"] == [1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0]
    assert figures["section2"]["第二十条第（九）项"] == {"columns": ["采购项目数量", "采购总金额（万元）"],
                                                  "rows": {"政府集中采购": [2, 240]}}
    # the prose is the report's, not the site's navigation, scripts or footer
    assert report.prose == {1: pb.printed(2020).overview, 5: pb.printed(2020).problems,
                            6: "本年度未收取信息处理费。\n全年受理“12345”政府热线46条。"}
    assert report.sign_off == "2021年1月20日"
    by_id = {c.id: c for c in result.checks}
    assert sorted(c.id for c in result.failed) == ["B1", "U1"]
    assert sorted((e.cell, e.read.number.printed) for e in by_id["B1"].evidence) == [
        ("（三）不予公开/1.属于国家秘密/总计", ""), ("（三）不予公开/1.属于国家秘密/自然人", "")]
    assert by_id["U1"].detail == "第二十条第（九）项/政府集中采购/采购总金额（万元）印为「240万元」"
    assert by_id["L1"].status == "通过"  # the 2019 format itself prints 采购总金额 without a unit


def test_layout_table_is_walked_not_read_as_data(tmp_path):
    path = tmp_path / "cms.html"
    path.write_text(pb.html(cms_report(), cms=True), encoding="utf-8")
    document = read_document(path)
    assert len(document.tables) == 5 + 1 + 1  # section 二 blocks, 三, 四 — the page's layout table is not one
    # the breadcrumb (a div of class "nav") is site chrome, not read; the layout table's side column is walked
    assert document.lines[:2] == ["栏目导航", "平安县青山镇人民政府２０２０年政府信息公开工作年度报告"]
    assert "一、总体情况" in document.lines
    assert not any("_hmt" in line for line in document.lines)  # scripts are not text


@pytest.mark.parametrize("meta", ['<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', ""])
def test_page_in_gb18030_as_older_sites_serve_it(tmp_path, meta):
    path = tmp_path / "gbk.html"
    text = pb.html(pb.printed(2022), cms=True).replace('<meta charset="utf-8">', meta)
    path.write_bytes(text.encode("gb18030"))
    result = audit_file(path)
    assert (result.report.agency, result.report.year, result.report.layout) == ("平安县青山镇人民政府", 2022, "2021")
    assert dict(result.report.figures()["section3"])["一、本年新收政府信息公开申请数量"] == [5, 1, 0, 0, 0, 0, 6]
    assert result.failed == []
