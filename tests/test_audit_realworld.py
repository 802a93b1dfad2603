"""Each way real published reports were misread (issue 17), reproduced by a minimal fixture and pinned.

Before: no agency in 8 of 8 real reports (a title on two lines, a breadcrumb, a saver's 「标题：」, a
sentence of the prose, the footer's 主办单位), a garbled 2019 label that lost the layout, a section 三
printing only 自然人 and 总计 dropped without a word, P1 and P2 false alarms, section 六 running into
the site footer, a 导语 read as section 一; and, met in the corpus since, a number with a note in its
cell (「22（其中修订16件）」). Each case is built here as small as it can be, in HTML,
Word and a Chromium PDF where the case is not about a web page's chrome.
"""

from __future__ import annotations

import published as pb
import pytest
from bs4 import BeautifulSoup

from gk_helpers.audit.page import EVIDENCE_SHOWN, audit_page
from gk_helpers.audit.printed import read_printed
from gk_helpers.audit.run import audit_file
from gk_helpers.cli import main

FORMS = ("html", "docx", "pdf")
S3_ROWS = 23 + 2  # rows of section 三 in the 2021 layout


def _two_line_title():
    # 淮安市人民政府 2024: the agency on one line, the year and report words on the next.
    return pb.printed(2024, agency="淮安市人民政府", title_lines=["淮安市人民政府", "2024 年政府信息公开工作年度报告"])


def _no_title_prose_agency():
    # 洪泽区 2023 (WPS PDF): no title the reader could take; a sentence of section 六 names 区政府.
    return pb.printed(2023, agency="洪泽区人民政府", title_lines=[""], signed=False,
                      other="2023年,区政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费0元。")


def _signed_only():
    # no title block, but the agency signs the report: the agency is the sign-off's.
    return pb.printed(2023, agency="金湖县人民政府", title_lines=[""])


def _garbled_2019_label():
    # 洪泽区 2023: 2019 layout printed in 2023 with 「2.其他法律行政止公开」 (words missing in the original).
    p = pb.printed(2023, layout="2019")
    for row in p.section3:
        if row[1] == "2.其他法律行政法规禁止公开":
            row[1] = "2.其他法律行政止公开"
            row[2][:] = ["1", "0", "0", "0", "0", "0", "1"]
        if row[1] == "（六）其他处理":
            row[2][:] = ["2", "0", "0", "0", "0", "0", "2"]
        if row[1] in ("（七）总计", "一、本年新收政府信息公开申请数量"):
            row[2][:] = ["8", "1", "0", "0", "0", "0", "9"]
    return p


def _partial_section3():
    # 沭阳县发改局 2023: every row prints 自然人 and 总计 only, the five 法人或其他组织 columns blank.
    p = pb.printed(2023)
    for row in p.section3:
        row[2][1:6] = [""] * 5
        row[2][6] = row[2][0]
    return p


def _combined_phrases():
    # 平潭 2023: 予以公开及部分公开 compared with the two rows' sum, the share with the closed total.
    return pb.printed(2023, overview="全年办结依申请公开6件，其中：予以公开及部分公开5件，占83.33%；无法提供1件，占16.67%。")


def _combined_wrong():
    return pb.printed(2023, overview="全年办结依申请公开6件，其中：予以公开及部分公开4件，占80%。")


def _carry_over_next_year():
    # 平潭 2025: 「结转至2026年1件」 in a 2025 report is the carry-over, not a wrong year.
    return pb.printed(2025, overview="2025年，全区共收到政府信息公开申请6件，共办结6件，结转至2026年1件。")


def _provincial():
    # 上海市人民政府办公厅 2019: the year before the agency in the title, zeros printed as blank cells (a row's 总计
    # too), 规章 and 规范性文件 stated apart, last year's accounts, the 2019 heading of 五, and a joined figure whose
    # row total is blank: 予以公开及部分公开4件 against the printed parts 3＋1 and 1.
    p = pb.printed(2019, agency="上海市人民政府办公厅", title_lines=["2019年上海市人民政府办公厅政府信息公开工作年度报告"],
                   overview="2019年主动公开规章0件，行政规范性文件2件。准确发布2019年部门预算、2018年部门决算信息。"
                            "予以公开及部分公开4件。",
                   problems="（一）主要问题\n理论学习仍需加强。\n（二）改进措施\n深入做好《条例》的贯彻落实。")
    p.headings = {4: "五、政府信息公开工作存在的主要问题及改进情况"}
    for row in p.section3:
        row[2][:] = ["" if v == "0" else v for v in row[2]]
    p.cell3("（一）予以公开", 6, "")
    return p


def _noted_cell():
    # 上海市人民政府办公厅 2025: 「22（其中修订16件）」 — a number with a note in its cell.
    p = pb.printed(2025)
    caption, columns, rows = p.section2[0]
    p.section2[0] = (caption, columns, [rows[0], ("行政规范性文件", ["2（其中修订1件）", "1", "5"])])
    return p


def _lead_paragraph():
    # a 导语 before 一、总体情况 (real reports and, from issue 16, the kit's own) is not section 一.
    return pb.printed(2022, preamble="本报告依据《中华人民共和国政府信息公开条例》编制，全年收到申请99件的说法不在第一部分。")


CASES = {
    "two_line_title": _two_line_title,
    "no_title_prose_agency": _no_title_prose_agency,
    "signed_only": _signed_only,
    "garbled_2019_label": _garbled_2019_label,
    "partial_section3": _partial_section3,
    "combined_phrases": _combined_phrases,
    "combined_wrong": _combined_wrong,
    "carry_over_next_year": _carry_over_next_year,
    "provincial": _provincial,
    "noted_cell": _noted_cell,
    "lead_paragraph": _lead_paragraph,
}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """Every case in every form: {(case, form): path}."""
    if pb.CHROMIUM is None:
        pytest.skip("Debian chromium is not installed (scripts/test.sh installs it)")
    root = tmp_path_factory.mktemp("realworld")
    out, pages = {}, {}
    for name, build in CASES.items():
        p = build()
        html = pb.html(p)
        (root / f"{name}.html").write_text(html, encoding="utf-8")
        pb.docx(p, root / f"{name}.docx")
        pages[root / f"{name}.pdf"] = html
        out.update({(name, form): root / f"{name}.{form}" for form in FORMS})
    pb.pdfs_from_html(pages)
    return out


def checks(path, **kwargs):
    result = audit_file(path, **kwargs)
    return result, {c.id: c for c in result.checks}


# ---- title and agency ------------------------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
def test_title_on_two_lines_names_the_agency(files, form):
    report = read_printed(files[("two_line_title", form)])
    assert (report.agency, report.year) == ("淮安市人民政府", 2024)
    assert report.title == "淮安市人民政府2024年政府信息公开工作年度报告"


@pytest.mark.parametrize("form", FORMS)
def test_a_sentence_of_the_prose_is_never_the_agency(files, form):
    report = read_printed(files[("no_title_prose_agency", form)])
    assert report.agency is None
    assert "文件中找不到机关名称：找不到标题，也没有落款机关。" in report.notes


@pytest.mark.parametrize("form", FORMS)
def test_without_a_title_the_sign_off_names_the_agency(files, form):
    assert read_printed(files[("signed_only", form)]).agency == "金湖县人民政府"


_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报_平潭综合实验区党工委管委会</title></head><body>
<div class="header"><ul class="menu"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="./">政府信息公开年报</a></div>
<div class="article">{title}<div class="article_extend">来源：平潭综合实验区管委会办公室 时间：2024-03-08 15:34</div>
<div class="TRS_Editor">{body}</div></div>
<div class="out_links"><ul><li><a href="https://example.invalid/">闽南日报</a></li><li><a href="https://example.invalid/">海峡导报</a></li></ul></div>
<div class="website_info"><p><a href="/lxwm/">联系我们</a> | <a href="/gywm/">关于我们</a></p>
<p>网站标识码：3590000001 闽ICP备09032658号</p><p>版权所有：平潭综合实验区党工委管委会网站</p></div>
<div class="copyright_info"><p>主办单位：福建省平潭综合实验区管理委员会办公室</p></div>
</body></html>"""


def _site_page(tmp_path, title: str, signed: bool = False):
    p = pb.printed(2023, agency="平潭综合实验区", signed=signed, title_lines=[""],
                   other="2023年，无收取信息处理费情况。")
    body = pb.html(p).split("<body>", 1)[1].rsplit("</body>", 1)[0]
    path = tmp_path / "page.html"
    path.write_text(_PAGE.format(title=title, body=body), encoding="utf-8")
    return path


def test_breadcrumb_and_footer_are_not_the_title_or_the_agency(tmp_path):
    report = read_printed(_site_page(tmp_path, '<div class="article_title">平潭综合实验区2023年政府信息公开工作年度报告</div>'))
    assert (report.agency, report.year, report.title) == ("平潭综合实验区", 2023, "平潭综合实验区2023年政府信息公开工作年度报告")


def test_no_title_means_no_agency_not_the_footers_sponsor(tmp_path):
    report = read_printed(_site_page(tmp_path, ""))
    assert report.agency is None
    assert "主办单位" not in report.text and "福建省平潭综合实验区管理委员会办公室" not in (report.agency or "")


def test_section_six_ends_at_the_footer_without_a_sign_off(tmp_path):
    report = read_printed(_site_page(tmp_path, '<div class="article_title">平潭综合实验区2023年政府信息公开工作年度报告</div>'))
    assert report.prose[6] == "2023年，无收取信息处理费情况。"
    for chrome in ("闽南日报", "网站标识码", "ICP备", "版权所有", "主办单位", "联系我们", "当前位置", "来源："):
        assert chrome not in report.text


def test_a_savers_title_prefix_is_dropped(tmp_path):
    p = pb.printed(2023, agency="沭阳县发展和改革局", title_lines=[""], signed=False)
    body = pb.html(p).split("<body>", 1)[1]
    page = ('<!doctype html><html><head><meta charset="utf-8"></head><body><div class="meta">'
            "<div><strong>标题：</strong>沭阳县发展和改革局2023年政府信息公开年度报告</div>"
            "<div><strong>单位：</strong>沭阳县发改局</div><div><strong>来源：</strong>http://www.shuyang.gov.cn/</div></div>"
            f"<article>{body.rsplit('</body>', 1)[0]}</article></body></html>")
    path = tmp_path / "saved.html"
    path.write_text(page, encoding="utf-8")
    report = read_printed(path)
    assert (report.agency, report.year) == ("沭阳县发展和改革局", 2023)


# ---- labels, partial tables ------------------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
def test_a_garbled_2019_label_keeps_its_row_and_the_layout(files, form):
    result, by_id = checks(files[("garbled_2019_label", form)])
    report = result.report
    assert report.layout == "2019"
    values = {label: [r.number.value for r in reads] for label, reads in report.section3.items()}
    assert values["（三）不予公开/2.其他法律行政法规禁止公开"] == [1, 0, 0, 0, 0, 0, 1]
    assert values["（六）其他处理"] == [2, 0, 0, 0, 0, 0, 2]
    assert by_id["L1"].status == "提示"
    assert "「2.其他法律行政止公开」应为「2.其他法律行政法规禁止公开」" in by_id["L1"].detail
    assert by_id["F1"].status == "不通过" and by_id["R2"].status == "通过"
    assert not any("其他处理" in note for note in report.notes)


@pytest.mark.parametrize("form", FORMS)
def test_a_section3_printing_only_natural_persons_and_totals_is_read(files, form):
    result, by_id = checks(files[("partial_section3", form)])
    report = result.report
    assert report.layout == "2021" and report.complete
    values = {label: [r.number.value for r in reads] for label, reads in report.section3.items()}
    assert len(values) == S3_ROWS
    assert values["一、本年新收政府信息公开申请数量"] == [5, None, None, None, None, None, 5]
    assert values["（七）总计"] == [5, None, None, None, None, None, 5]
    assert by_id["B1"].status == "不通过" and by_id["B1"].detail.startswith(f"{S3_ROWS * 5}个单元格空白")
    assert by_id["R1"].status == "未核对"
    assert by_id["R1"].detail == "单元格空白或无法读取，无法核对：商业企业、科研机构、社会公益组织、法律服务机构、其他（其余2项相符）"
    assert by_id["R2"].detail.endswith("（其余2项相符）")
    assert by_id["R3"].status == "未核对"
    assert by_id["R3"].detail == (f"单元格空白或无法读取，{S3_ROWS}项都无法核对（一、本年新收政府信息公开申请数量、"
                                  "二、上年结转政府信息公开申请数量、（一）予以公开等）")


def test_the_audit_page_folds_a_long_list_of_blank_cells(files):
    """125 blank cells beside B1 would push every later check off the screen: ten are listed, the rest fold."""
    soup = BeautifulSoup(audit_page(audit_file(files[("partial_section3", "html")]), "partial.html"), "html.parser")
    b1 = next(tr for tr in soup.select("table.checks > tbody > tr") if tr.td.get_text() == "B1")
    listed = b1.select("td > ul.evidence > li")
    assert [li.get_text() for li in listed[:2]] == ["第三部分 一、本年新收政府信息公开申请数量/商业企业：空白",
                                                   "第三部分 一、本年新收政府信息公开申请数量/科研机构：空白"]
    assert len(listed) == EVIDENCE_SHOWN
    folded = b1.select_one("details.evidence")
    assert folded.summary.get_text() == f"另有 {S3_ROWS * 5 - EVIDENCE_SHOWN} 个单元格（在下方表格中已标出）"
    assert len(folded.select("li")) == S3_ROWS * 5 - EVIDENCE_SHOWN
    r8 = next(tr for tr in soup.select("table.checks > tbody > tr") if tr.td.get_text() == "R8")
    assert r8.select_one("details") is None


def test_partial_and_unreadable_tables_set_the_exit_code(files, tmp_path, capsys):
    partial = files[("partial_section3", "html")]
    assert main(["audit", str(partial)]) == 1  # B1 fails; every table was read
    p = pb.printed(2020, tables_as_images=True)
    images = tmp_path / "images.html"
    images.write_text(pb.html(p), encoding="utf-8")
    assert main(["audit", str(images)]) == 4  # tables not read: 未核对, never passed
    out = capsys.readouterr().out
    assert "部分表格无法读取" in out and "找不到第三部分表格（可能以图片发布，或不是文字表格），其数字无法核对。" in out
    assert main(["audit", str(partial), str(images)]) == 5


# ---- prose --------------------------------------------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
def test_combined_phrase_and_share_are_compared_with_the_sum(files, form):
    _, by_id = checks(files[("combined_phrases", form)])
    rows = by_id["P1"].table["rows"]
    assert by_id["P1"].status == "通过"
    assert [r[2:] for r in rows if "5件" in r[2] or "占" in r[2]] == [
        ["5件", "5", "予以公开（第三部分（一）总计）＋部分公开（第三部分（二）总计）", "一致"],
        ["占83.33%", "5÷6＝83.33%", "本年办结申请数（第三部分 三（七）总计）", "一致"],
        ["占16.67%", "1÷6＝16.67%", "本年办结申请数（第三部分 三（七）总计）", "一致"],
    ]


@pytest.mark.parametrize("form", FORMS)
def test_a_wrong_combined_figure_and_share_fail(files, form):
    _, by_id = checks(files[("combined_wrong", form)])
    assert by_id["P1"].status == "不通过"
    wrong = [r[2:4] for r in by_id["P1"].table["rows"] if r[-1] == "不一致"]
    assert wrong == [["4件", "5"], ["占80%", "4÷6＝67%"]]  # the share to the decimals printed


@pytest.mark.parametrize("form", FORMS)
def test_carry_over_into_next_year_is_not_a_wrong_year(files, form):
    _, by_id = checks(files[("carry_over_next_year", form)])
    assert by_id["P2"].status == "通过"
    assert by_id["P1"].status == "通过"


@pytest.mark.parametrize("form", FORMS)
def test_provincial_office_statements(files, form):
    result, by_id = checks(files[("provincial", form)])
    assert (result.report.agency, result.report.year) == ("上海市人民政府办公厅", 2019)  # the title names it, year first
    assert "理论学习仍需加强" in result.report.prose[5]  # 「五、政府信息公开工作存在的主要问题及改进情况」 is section 五
    rows = {r[2]: r[2:] for r in by_id["P1"].table["rows"]}
    assert rows["2件"] == ["2件", "2", "本年制发行政规范性文件件数（第二部分 行政规范性文件行）", "一致"]  # not 规章＋规范性文件
    # the 总计 of （一） is blank: the figure is still compared, with the row's printed parts (blank cells as 0)
    assert rows["4件"] == ["4件", "5", "予以公开（第三部分（一）总计）（含空白单元格，按0计）＋部分公开（第三部分（二）总计）",
                          "不一致"]
    assert by_id["P1"].status == "不通过"
    assert by_id["B1"].status == "不通过" and by_id["B1"].detail.startswith("145个单元格空白")  # 23 rows × 7 cells, 16 printed
    assert by_id["P2"].status == "通过"  # 2018年部门决算 is this year's work on last year's accounts


@pytest.mark.parametrize("form", FORMS)
def test_a_number_with_a_note_in_its_cell_is_read_and_the_note_reported(files, form):
    result, by_id = checks(files[("noted_cell", form)])
    rows = result.report.section2_reads()["第二十条第（一）项"]["rows"]
    assert [r.number.value for r in rows["行政规范性文件"]] == [2, 1, 5]
    assert by_id["U1"].status == "不通过"
    assert by_id["U1"].detail == "第二十条第（一）项/行政规范性文件/本年制发件数印为「2（其中修订1件）」"
    assert by_id["C1"].status == "未核对" and by_id["B1"].status == "通过"


@pytest.mark.parametrize("form", FORMS)
def test_a_lead_paragraph_is_not_section_one(files, form):
    report = read_printed(files[("lead_paragraph", form)])
    assert "99件" not in report.prose[1]
    assert report.prose[1].startswith("本镇认真贯彻落实")
    _, by_id = checks(files[("lead_paragraph", form)])
    assert all("99件" not in r[2] for r in by_id["P1"].table["rows"])
