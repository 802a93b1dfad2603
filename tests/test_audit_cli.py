"""gk audit end to end: the JSON shape, pages and index for a folder, failure isolation, --previous."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

import published as pb
from gk_helpers.audit.checks import level_of
from gk_helpers.audit.previous import previous_figures
from gk_helpers.cli import main

KEYS = ["file", "agency", "year", "layout", "section2", "section3", "section4", "checks", "notes"]
CHECK_IDS = ["R1", "R2", "R3", "R8", "F1", "B1", "U1", "G1", "L1", "P1", "P2", "P5", "T1", "R5", "C1", "C2"]


def write(path, printed, cms=False):
    path.write_text(pb.html(printed, cms=cms), encoding="utf-8")
    return path


def run_json(capsys, *args):
    code = main(["audit", *map(str, args), "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_json_has_the_issue_shape(tmp_path, capsys):
    path = write(tmp_path / "青山镇2022.html", pb.printed(2022))
    code, data = run_json(capsys, path)
    assert code == 0
    assert len(data) == 1 and list(data[0]) == KEYS
    item = data[0]
    assert (item["file"], item["agency"], item["year"], item["layout"]) == (str(path), "平安县青山镇人民政府", 2022, "2021")
    assert item["section3"][0] == ["一、本年新收政府信息公开申请数量", [5, 1, 0, 0, 0, 0, 6]]
    assert [label for label, _ in item["section3"]][-5:] == [
        "（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "（六）其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "（六）其他处理/3.其他", "（七）总计", "四、结转下年度继续办理"]
    assert item["section4"] == [1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0]
    assert [c["id"] for c in item["checks"]] == CHECK_IDS
    assert item["checks"][0] == {"id": "R1", "passed": True, "status": "通过",
                                 "description": "第三部分每一列：一（本年新收）＋二（上年结转）＝三（七）总计＋四（结转下年度）",
                                 "detail": "", "evidence": []}
    assert item["checks"][-1]["passed"] is None and item["checks"][-1]["status"] == "未核对"


def test_failed_check_evidence_in_json_and_exit_code(tmp_path, capsys):
    p = pb.printed(2023)
    p.section4[5:10] = ["2", "0", "1", "0", "0"]
    code, data = run_json(capsys, write(tmp_path / "r.html", p))
    assert code == 1
    r8 = next(c for c in data[0]["checks"] if c["id"] == "R8")
    assert r8["passed"] is False and r8["status"] == "不通过"
    assert r8["evidence"][-1] == {"section": "第四部分", "cell": "未经复议直接起诉/总计", "printed": "0", "value": 0}


def test_folder_gets_pages_and_an_index_and_one_bad_file_costs_nothing_else(tmp_path, capsys):
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    write(folder / "a-2022.html", pb.printed(2022))
    bad = pb.printed(2023)
    bad.section4[5:10] = ["2", "0", "1", "0", "0"]
    write(folder / "sub" / "b-2023.html", bad, cms=True)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\nthis is not a pdf")
    (folder / "empty.docx").write_bytes(b"")
    (folder / "notes.txt").write_text("not a report", encoding="utf-8")
    out = tmp_path / "audit"
    code = main(["audit", str(folder), "-o", str(out), "--jobs", "2"])
    text = capsys.readouterr().out
    assert code == 1 | 4  # a check failed, and two files could not be read
    assert text.splitlines()[-2:] == ["共 4 份：有不通过项 1 份，无法读取 2 份。", f"审核页：{out / 'index.html'}"]
    assert sorted(p.name for p in out.iterdir() if p.name != ".gk-run.lock") == [
        "a-2022.html.审核.html", "a-2022.html.审核.json", "b-2023.html.审核.html", "b-2023.html.审核.json", "index.html",
        "审核汇总.csv", "审核汇总.xlsx"]
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    rows = [[td.get_text(" ", strip=True) for td in tr.find_all("td")] for tr in soup.select("tbody tr")]
    assert rows[0][0].endswith("a-2022.html") and rows[0][4:] == ["已读取", "0", "0", "4", ""]  # R5 C1 C2 without --previous, P5 without a ledger
    assert rows[1] == [str(folder / "broken.pdf"), f"无法读取：{folder / 'broken.pdf'}：不是有效的 PDF 文件（已损坏、不完整或加密），无法读取。"]
    assert rows[2] == [str(folder / "empty.docx"), f"无法读取：{folder / 'empty.docx'}：文件为空。"]
    assert rows[3][0].endswith("b-2023.html") and rows[3][8] == "R8"
    page = BeautifulSoup((out / "b-2023.html.审核.html").read_text(encoding="utf-8"), "html.parser")
    marked = page.select("table.read td.bad")
    assert [td.get_text("", strip=True) for td in marked] == ["2R8", "0R8", "1R8", "0R8", "0R8"]
    assert all(td["title"] == "未通过：R8" for td in marked)
    assert json.loads((out / "b-2023.html.审核.json").read_text(encoding="utf-8"))["year"] == 2023


@pytest.mark.parametrize("name, content, message", [
    ("x.txt", b"report", "x.txt：不支持的文件类型「.txt」，只能读取 HTML（.html/.htm）、PDF（.pdf）和 Word（.docx）文件。"),
    ("x.html", b"  \n", "x.html：文件为空。"),
    ("missing.pdf", None, "missing.pdf：文件不存在或不是普通文件。"),
    ("old.docx", b"\xd0\xcf\x11\xe0 an old .doc renamed", "old.docx：不是有效的 Word 文件（已损坏或不完整；旧版 .doc 请先在 Word 中另存为 .docx），无法读取。"),
])
def test_unreadable_file_reason_in_chinese(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, data = run_json(capsys, path)
    assert code == 4
    assert data == [{"file": str(path), "error": f"{tmp_path}/{message}"}]


def test_pdf_without_text_is_said_plainly(tmp_path, capsys):
    from PIL import Image

    path = tmp_path / "scan.pdf"
    Image.new("RGB", (200, 200), "white").save(path, "PDF")
    code, data = run_json(capsys, path)
    assert data[0]["error"] == f"{path}：PDF 中没有可读取的文字（可能是扫描件或图片），无法核对；请提供带文字层的 PDF 或网页版报告。"


def test_no_report_files_in_folder(tmp_path, capsys):
    code = main(["audit", str(tmp_path)])
    assert code == 2
    assert capsys.readouterr().err == f"没有找到要核对的报告文件（.html、.htm、.pdf、.docx）：{tmp_path}\n"


def _previous_pair(tmp_path, carried=("1",) + ("0",) * 5 + ("1",), in_force="5"):
    last = pb.printed(2021)
    last.cell3("四、结转下年度继续办理", 0, carried[0])
    for i, v in enumerate(carried):
        last.cell3("四、结转下年度继续办理", i, v)
    last.section2[0][2][1] = ("行政规范性文件", ["1", "0", in_force])
    now = pb.printed(2022)  # 二、上年结转 = [1,0,0,0,0,0,1]; 行政规范性文件 made 2, repealed 1, in force 5
    return write(tmp_path / "2021.html", last), write(tmp_path / "2022.html", now)


def test_previous_report_that_agrees(tmp_path, capsys):
    last, now = _previous_pair(tmp_path, in_force="4")
    code, data = run_json(capsys, now, "--previous", last)
    status = {c["id"]: (c["status"], c["detail"]) for c in data[0]["checks"]}
    assert code == 0
    assert status["R5"] == status["C2"] == ("通过", f"每一列都相等（上年报告：{last}）。")
    assert status["C1"] == ("通过", f"与上年报告接得上（上年报告：{last}）。")


def test_previous_report_that_breaks_continuity(tmp_path, capsys):
    last, now = _previous_pair(tmp_path, carried=("2", "0", "0", "0", "0", "0", "2"), in_force="3")
    code, data = run_json(capsys, now, "--previous", last)
    checks = {c["id"]: c for c in data[0]["checks"]}
    assert code == 1
    assert checks["C2"]["detail"] == f"不相等的列：自然人、总计（上年报告：{last}）。请核对依申请公开台账中跨年度的申请，或上年报告的数字。"
    assert checks["C2"]["evidence_table"] == {"columns": ["", *pb.COLUMNS], "rows": [
        ["本年 二、上年结转", 1, 0, 0, 0, 0, 0, 1], ["上年报告 四、结转下年度继续办理", 2, 0, 0, 0, 0, 0, 2]]}
    assert checks["C2"]["evidence"] == [
        {"section": "第三部分", "cell": "二、上年结转政府信息公开申请数量/自然人", "printed": "1", "value": 1},
        {"section": "第三部分", "cell": "二、上年结转政府信息公开申请数量/总计", "printed": "1", "value": 1}]
    assert checks["R5"]["status"] == "不通过"
    assert checks["C2"]["previous_evidence"][0] == {"section": "上年第三部分", "cell": "四、结转下年度继续办理/自然人", "printed": "2", "value": 2}
    assert checks["C1"]["detail"] == (f"行政规范性文件的现行有效件数与上年报告接不上（上年报告：{last}）。"
                                      "请核对规范性文件台账的制发日期和废止日期，或上年报告的数字。")
    assert [e["cell"] for e in checks["C1"]["previous_evidence"]] == ["第二十条第（一）项/行政规范性文件/现行有效件数"]


def test_previous_of_the_wrong_year_is_not_compared(tmp_path, capsys):
    last, now = _previous_pair(tmp_path)
    code, data = run_json(capsys, now, "--previous", now)
    assert {c["id"]: c["detail"] for c in data[0]["checks"]}["C2"] == f"上年报告（{now}）的年度为2022年，不是2021年"


def test_previous_2019_layout_has_no_in_force_column(tmp_path, capsys):
    last = write(tmp_path / "2020.html", pb.printed(2020))
    now = write(tmp_path / "2021.html", pb.printed(2021))
    code, data = run_json(capsys, now, "--previous", last)
    checks = {c["id"]: c for c in data[0]["checks"]}
    assert (checks["C1"]["status"], checks["C1"]["detail"]) == ("不适用", "上年报告第二部分为2019格式，没有“现行有效件数”")
    assert checks["C2"]["status"] == "通过"


def test_year_and_level_options(tmp_path, capsys):
    p = pb.printed(2022, agency="平安市住房和城乡建设局")
    p.section2[0][2][0] = ("规章", ["0", "0", "1"])
    path = write(tmp_path / "r.html", p)
    _, data = run_json(capsys, path)
    assert {c["id"]: c["status"] for c in data[0]["checks"]}["G1"] == "不适用"
    _, data = run_json(capsys, path, "--level", "县级", "--year", "2021")
    checks = {c["id"]: c for c in data[0]["checks"]}
    assert checks["G1"]["status"] == "不通过"
    assert checks["G1"]["detail"] == "规章行不为0：现行有效件数1（县级机关的内部制度、规范性文件不是规章）"
    assert data[0]["year"] == 2021
    assert "文件标题中的年度为2022年，按 --year 指定的2021年核对。" in data[0]["notes"]


def test_previous_figures_for_the_params_previous_block(tmp_path):
    last, _ = _previous_pair(tmp_path, carried=("2", "0", "0", "0", "0", "1", "3"), in_force="4")
    figures = previous_figures(last)
    assert figures["year"] == 2021 and figures["layout"] == "2021"
    assert figures["carried_forward"] == [2, 0, 0, 0, 0, 1, 3]
    assert figures["in_force"] == {"规章": 0, "行政规范性文件": 4}
    assert figures["notes"] == []


def test_help_lists_audit(capsys):
    with pytest.raises(SystemExit):
        main(["audit", "--help"])
    out = capsys.readouterr().out
    for option in ("--previous", "--level", "--year", "--json", "-o", "--jobs", "--summary", "--timeout", "--max-memory"):
        assert option in out
    assert ("退出码：0 全部读取且没有不通过的核对项；1 有核对项不通过；4 有文件或其中的表格无法读取"
            "（相应核对为“未核对”；超过 --timeout 或 --max-memory 的文件也算无法读取）；"
            "5 两者都有；2 参数错误或输出目录不可用；130 被中断。") in out.replace("\n", "")


def test_previous_may_be_last_years_kit_json(tmp_path, capsys):
    last, now = _previous_pair(tmp_path, carried=("2", "0", "0", "0", "0", "0", "2"), in_force="4")
    code, data = run_json(capsys, last)
    (tmp_path / "2021.json").write_text(json.dumps(data[0], ensure_ascii=False), encoding="utf-8")
    code, data = run_json(capsys, now, "--previous", tmp_path / "2021.json")
    checks = {c["id"]: c for c in data[0]["checks"]}
    assert checks["C2"]["detail"] == (f"不相等的列：自然人、总计（上年报告：{tmp_path / '2021.json'}）。"
                                      "请核对依申请公开台账中跨年度的申请，或上年报告的数字。")
    assert checks["C1"]["status"] == "通过"


def test_previous_json_that_is_not_a_report(tmp_path, capsys):
    _, now = _previous_pair(tmp_path)
    (tmp_path / "x.json").write_text("{}", encoding="utf-8")
    assert main(["audit", str(now), "--previous", str(tmp_path / "x.json")]) == 2
    assert capsys.readouterr().err == f"{tmp_path / 'x.json'}：不是报告 JSON（缺少 section3）。\n"


@pytest.mark.parametrize(("agency", "level"), [
    ("青山镇人民政府", "乡镇"), ("南召县城关镇人民政府", "乡镇"), ("白水街道办事处", "街道"),
    ("沭阳县人民政府", "县级"), ("沭阳县发展和改革局", "县级"), ("平安县住房和城乡建设局", "县级"), ("某自治县人民政府", "县级"),
    ("平潭综合实验区", None), ("淮安市淮安区人民政府", None), ("上海市人民政府办公厅", None), ("昆山市人民政府", None),
    ("某市县域经济发展局", None), (None, None),
])
def test_level_from_the_agency_name(agency, level):
    """G1 applies without --level to townships, streets and a county's government and departments; a district
    or a city is left to --level."""
    assert level_of(agency) == level


def test_a_county_department_printing_regulations_fails_g1(tmp_path, capsys):
    p = pb.printed(2022, agency="平安县住房和城乡建设局")
    p.section2[0][2][0] = ("规章", ["0", "0", "1"])
    _, data = run_json(capsys, write(tmp_path / "r.html", p))
    g1 = {c["id"]: c for c in data[0]["checks"]}["G1"]
    assert (g1["status"], g1["detail"]) == ("不通过", "规章行不为0：现行有效件数1（县级机关的内部制度、规范性文件不是规章）")
