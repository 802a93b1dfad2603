"""The report notebook end to end: params file → executed notebook → HTML and JSON.

Each report is executed once per test session (papermill, a real kernel); the tests
parse the HTML and compare every table cell with the library's own computation.
"""

import json
import platform
import re
import shutil
from pathlib import Path

import nbconvert
import numpy as np
import pandas as pd
import papermill
import pytest
from bs4 import BeautifulSoup

import gk_helpers
from gk_helpers import compute, load_ledgers
from gk_helpers.batch.execute import execute_report
from gk_helpers.base.formats import SECTION_HEADINGS
from gk_helpers.base.errors import LedgerError, ParamsError, RenderError
from gk_helpers.notebook import prepare
from gk_helpers.notebook.params import load_params

ROOT = Path(__file__).resolve().parents[1]
PARAMS = ROOT / "params" / "南召县"
SEED = (ROOT.parent / "shared" / "seeds" / "000_c6fe95c377c36cea.txt")
REPORTS = [("城关镇", 2020), ("小店乡", 2019), ("白土岗镇", 2022), ("石门乡", 2024)]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Run each report once; (township, year) → (paths, html soup, html text, expected data)."""
    out = tmp_path_factory.mktemp("out")
    results = {}
    for township, year in REPORTS:
        params = PARAMS / township / f"{year}.yaml"
        paths = execute_report(params, out, cwd=ROOT)
        html = paths.html.read_text(encoding="utf-8")
        expected = prepare(params_file=str(params)).data.to_dict(cases=True)
        results[township, year] = (paths, BeautifulSoup(html, "html.parser"), html, expected)
    return results


def _cells(row) -> list[int]:
    return [int(td.get_text()) for td in row.find_all("td")]


@pytest.mark.parametrize("key", REPORTS)
def test_title_and_the_six_headings_in_order(rendered, key):
    _, soup, _, _ = rendered[key]
    township, year = key
    assert soup.find("h1").get_text() == f"南召县{township}人民政府{year}年政府信息公开工作年度报告"
    headings = [h.get_text() for h in soup.select("main > section > h2.gk-heading, h2.gk-heading")]
    assert headings[:6] == list(SECTION_HEADINGS)


@pytest.mark.parametrize("key", REPORTS)
def test_section3_labels_and_every_cell_match_gk_tables(rendered, key):
    _, soup, _, expected = rendered[key]
    table = soup.select_one("table.gk-s3")
    body_rows = table.find("tbody").find_all("tr")
    assert len(body_rows) == len(expected["section3"]) == (23 if expected["format"] == "2019" else 25)
    for row, (label, values) in zip(body_rows, expected["section3"]):
        assert row.find_all("th")[-1].get_text() == label.split("/")[-1]
        assert _cells(row) == values


@pytest.mark.parametrize("key", REPORTS)
def test_section3_merged_header_cells(rendered, key):
    _, soup, _, expected = rendered[key]
    table = soup.select_one("table.gk-s3")
    head = table.find("thead").find_all("tr")
    corner = head[0].find("th")
    assert (corner["rowspan"], corner["colspan"]) == ("3", "3")
    assert head[0].find_all("th")[1].get_text() == "申请人情况" and head[0].find_all("th")[1]["colspan"] == "7"
    assert [(th.get_text(), th.get("rowspan"), th.get("colspan")) for th in head[1].find_all("th")] == [
        ("自然人", "2", None), ("法人或其他组织", None, "5"), ("总计", "2", None)]
    assert [th.get_text() for th in head[2].find_all("th")] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    spans = {th.get_text(): th["rowspan"] for th in table.find("tbody").find_all("th", class_="gk-group")}
    if expected["format"] == "2019":
        assert spans == {"三、本年度办理结果": "20", "（三）不予公开": "8", "（四）无法提供": "3", "（五）不予处理": "5"}
    else:
        assert spans == {"三、本年度办理结果": "22", "（三）不予公开": "8", "（四）无法提供": "3", "（五）不予处理": "5", "（六）其他处理": "3"}


@pytest.mark.parametrize("key", REPORTS)
def test_section4_groups_and_fifteen_cells(rendered, key):
    _, soup, _, expected = rendered[key]
    table = soup.select_one("table.gk-s4")
    head = table.find("thead").find_all("tr")
    assert [(th.get_text(), th["colspan"]) for th in head[0].find_all("th")] == [("行政复议", "5"), ("行政诉讼", "10")]
    assert [(th.get_text(), th.get("colspan")) for th in head[1].find_all("th")][-2:] == [("未经复议直接起诉", "5"), ("复议后起诉", "5")]
    assert _cells(table.find("tbody").find("tr")) == expected["section4"]


@pytest.mark.parametrize("key", REPORTS)
def test_section2_blocks_and_cells(rendered, key):
    _, soup, _, expected = rendered[key]
    tables = soup.select("table.gk-s2")
    assert [t.find("caption").get_text() for t in tables] == list(expected["section2"])
    for table, block in zip(tables, expected["section2"].values()):
        assert [th.get_text() for th in table.select("thead th")] == ["信息内容"] + block["columns"]
        assert {th["scope"] for th in table.select("thead th")} == {"col"}
        rows = table.select("tbody tr")
        assert len(rows) == len(block["rows"])
        for row, (label, values) in zip(rows, block["rows"].items()):
            assert row.find("th")["scope"] == "row"
            assert row.find("th").get_text() == label
            assert [float(td.get_text()) for td in row.find_all("td")] == [float(v) for v in values]


@pytest.mark.parametrize("key", REPORTS)
def test_json_output_is_what_gk_tables_prints(rendered, key):
    """The report .json is ``gk tables --json --cases`` plus the provenance of the run."""
    paths, _, _, expected = rendered[key]
    written = json.loads(paths.json.read_text(encoding="utf-8"))
    provenance = written.pop("provenance")
    assert written == expected
    assert list(provenance) == ["python", "pandas", "numpy", "papermill", "nbconvert", "gk-report", "source_hash", "ledgers"]
    assert provenance["pandas"] == pd.__version__ and provenance["numpy"] == np.__version__
    assert provenance["papermill"] == papermill.__version__ and provenance["nbconvert"] == nbconvert.__version__
    assert provenance["python"] == platform.python_version() and provenance["gk-report"] == gk_helpers.__version__
    assert re.fullmatch(r"[0-9a-f]{16}", provenance["source_hash"])
    assert all(re.fullmatch(r"[0-9a-f]{64}", f["sha256"]) for f in provenance["ledgers"]) and provenance["ledgers"]
    # gk tables --json --cases (ledgers only) prints the same data without the prose checks, which need the params file.
    township, year = key
    p = load_params(PARAMS / township / f"{year}.yaml")
    tables = compute(load_ledgers(p.ledger_dir), year, None, p.level, previous=written_previous(p)).to_dict(cases=True)
    prose = {"P1", "P2", "P3", "P4", "P5", "P6", "T1"}
    assert {k: v for k, v in written.items() if k != "checks"} == {k: v for k, v in tables.items() if k != "checks"}
    assert [c for c in written["checks"] if c["id"] not in prose] == tables["checks"]
    assert [c["id"] for c in written["checks"] if c["id"] in prose] == ["P1", "P2", "P3", "P4", "P5", "P6", "T1"]


def written_previous(params):
    from gk_helpers.notebook.previous import resolve_previous

    return resolve_previous(params, ROOT)


@pytest.mark.parametrize("key", REPORTS)
def test_html_hides_code_and_loads_nothing_from_the_network(rendered, key):
    _, soup, html, _ = rendered[key]
    assert "gk.prepare" not in html and "In&nbsp;[" not in html and "jp-InputArea" not in html
    assert not soup.find_all(["script", "link", "img", "iframe"])
    assert not re.search(r"https?://", html)


def test_narrative_figures_of_the_seed_report(rendered):
    _, soup, _, expected = rendered["城关镇", 2020]
    items = {h.get_text(): h.find_next_sibling("p").get_text() for h in soup.select("#section-6 h3.gk-sub")}
    assert items["（二）政府热线处理情况"] == "严格按照县政务公开办公室及时登记并移交处理“12345”政府热线信访，2020年全年受理“12345”政府热线46条，全部按时限办理完结。"
    assert items["（三）依申请公开政府信息和不予公开政府信息的情况"] == "全年未出现依申请公开政府信息和不予公开政府信息的情况。"
    assert items["（四）政府信息公开的收费及减免情况"] == "全年未出现政府信息公开的收费及减免情况。"
    assert items["（五）因政府信息公开申请行政复议、提起行政诉讼的情况"] == "全年未出现因政府信息公开申请行政复议、提起行政诉讼的情况。"
    assert expected["stats"]["hotline_received"] == 46


@pytest.mark.skipif(not SEED.is_file(), reason="the seed report lives in ../shared")
def test_seed_report_text_section_by_section(rendered):
    """Sections 一 and 五 and the prose item of 六 are the seed's own paragraphs; 三 and 四 are all zero."""
    _, soup, _, expected = rendered["城关镇", 2020]
    seed = SEED.read_text(encoding="utf-8")

    def paragraphs(start, end):
        block = seed[seed.index(start) + len(start):seed.index(end)]
        return [line.strip().lstrip("#").strip() for line in block.splitlines() if line.strip()]

    def shown(section):
        return [el.get_text() for el in soup.select(f"#section-{section} > p, #section-{section} > h3")]

    assert shown(1) == paragraphs("## 一、总体情况", "## 二、主动公开政府信息情况")
    assert shown(5) == paragraphs("## 五、存在的主要问题及改进情况", "## 六、其他需要报告的事项")
    assert soup.select("#section-6 h3.gk-sub")[0].find_next_sibling("p").get_text() == paragraphs("### （一）全年主动公开情况", "### （二）政府热线处理情况")[0]
    assert all(v == 0 for _, values in expected["section3"] for v in values)
    assert expected["section4"] == [0] * 15


def test_rerun_gives_a_byte_identical_html_and_json(rendered, tmp_path):
    paths, _, html, _ = rendered["白土岗镇", 2022]
    again = execute_report(PARAMS / "白土岗镇" / "2022.yaml", tmp_path, cwd=ROOT)
    assert again.html.read_bytes() == paths.html.read_bytes()
    assert again.json.read_bytes() == paths.json.read_bytes()
    assert str(ROOT) not in html and str(tmp_path) not in again.html.read_text(encoding="utf-8")


def _township_copy(tmp_path, township="城关镇", year=2020):
    """A params file + ledger folder copy that a test may alter."""
    ledgers = tmp_path / "ledgers"
    shutil.copytree(ROOT / "data" / "sample" / "南召县" / township, ledgers)
    folder = tmp_path / "params" / "南召县" / township
    shutil.copytree(PARAMS / township, folder)
    path = folder / f"{year}.yaml"
    text = re.sub(r"ledger_dir: .*", "ledger_dir: ../../../ledgers", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    return path, ledgers


def test_ledger_text_and_prose_markup_are_escaped(tmp_path):
    path, ledgers = _township_copy(tmp_path, "白土岗镇", 2022)
    for csv in ledgers.glob("*.csv"):
        csv.unlink()
    (ledgers / "台账.xlsx").unlink(missing_ok=True)
    (ledgers / "依申请公开.csv").write_text(
        "申请编号,收到日期,申请人类型,办结日期,办理结果,申请内容\n"
        "X1,2022-03-01,自然人,2022-03-10,予以公开,<script>alert('x')</script>\n", encoding="utf-8")
    (ledgers / "热线工单.csv").write_text("工单编号,受理日期,办结日期,办理时限\nH1,2022-01-05,2022-01-06,2022-01-10\n", encoding="utf-8")
    text = path.read_text(encoding="utf-8").replace("（三）政府信息管理。", "（三）政府信息管理。<b>加粗</b><script>bad()</script>")
    path.write_text(text, encoding="utf-8")
    paths = execute_report(path, tmp_path / "out", cwd=tmp_path)
    for page in (paths.html, paths.review):
        html = page.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        assert not soup.find_all(["script", "b"])
        assert "<b>加粗</b><script>bad()</script>" in soup.select_one("#section-1").get_text()
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html
    assert "<script>alert('x')</script>" in soup.select_one("table.gk-applications").get_text()
    assert "<script>alert('x')</script>" in soup.select_one("#gk-c3-0-0 table.gk-case-table").get_text()


def test_unknown_placeholder_names_it(tmp_path):
    path, _ = _township_copy(tmp_path, "白土岗镇", 2022)
    path.write_text(path.read_text(encoding="utf-8").replace("{hotline_received}", "{hotline_recieved}"), encoding="utf-8")
    with pytest.raises(ParamsError, match=r"占位符 \{hotline_recieved\} 未知"):
        prepare(params_file=str(path))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"county": "南召县", "township": "不存在镇", "year": 2020}, "未知的乡镇「不存在镇」"),
        ({"county": "北召县", "township": "城关镇", "year": 2020}, "未知的县（区）「北召县」"),
        ({"county": "南召县", "township": "城关镇", "year": 2031}, "南召县城关镇没有 2031 年的参数文件"),
        ({"county": "南召县", "township": "城关镇", "year": 2020, "format_override": "2020"}, "报告格式「2020」无效"),
        ({"params_file": "params/南召县/城关镇/1999.yaml"}, "参数文件 .*1999.yaml 不存在"),
    ],
)
def test_bad_parameters_are_one_clear_error(kwargs, message, monkeypatch):
    monkeypatch.chdir(ROOT)
    with pytest.raises(ParamsError, match=message):
        prepare(**kwargs)


def test_year_not_covered_and_missing_ledger_folder(tmp_path):
    path, ledgers = _township_copy(tmp_path, "白土岗镇", 2022)
    uncovered = path.with_name("2090.yaml")
    uncovered.write_text(path.read_text(encoding="utf-8").replace("year: 2022", "year: 2090"), encoding="utf-8")
    with pytest.raises(LedgerError) as info:
        prepare(params_file=str(uncovered))
    assert [str(p) for p in info.value.problems] == [
        "ledgers：台账未覆盖 2090 年（2090 年还没有到来）：台账中的记录在 2018–2025 年，也没有说明台账包括哪些年度。"
        "若报告年度写错了，请改正（参数文件中的 year: 或命令行的 --year）；若 2090 年确实没有任何申请、案件等记录（报告各项为0），"
        "请在该台账目录的 台账映射.yaml 中写明 覆盖年度: [2090]，或在 台账.xlsx 中添加该年的工作表（如「依申请公开2090」，可以是空表）。"]
    shutil.rmtree(ledgers)
    with pytest.raises(ParamsError, match="台账目录「../../../ledgers」不存在"):
        prepare(params_file=str(path))


def test_failed_run_keeps_the_notebook_and_names_the_cell(tmp_path):
    path, ledgers = _township_copy(tmp_path, "白土岗镇", 2022)
    first = next(iter(sorted(ledgers.glob("*.csv"))), None) or ledgers / "台账.xlsx"
    first.write_bytes(b"")
    with pytest.raises(RenderError) as info:
        execute_report(path, tmp_path / "out", cwd=tmp_path)
    message = str(info.value)
    assert "第2个代码单元格（ctx = gk.prepare(params_file, county, township, year, format_override, params_root)）出错" in message
    assert "是空的" in message and "Traceback" not in message
    assert (tmp_path / "out" / "南召县" / "2022" / "白土岗镇.failed.ipynb").is_file()
    assert not (tmp_path / "out" / "南召县" / "2022" / "白土岗镇.html").exists()


def test_notebook_runs_as_is_with_its_default_parameters(tmp_path):
    """An analyst opens notebooks/annual_report.ipynb in JupyterLab and runs all: 城关镇 2020."""
    import nbformat
    from nbclient import NotebookClient

    from gk_helpers.render.notebook_outputs import DATA_MIMETYPE

    nb = nbformat.read(ROOT / "notebooks" / "annual_report.ipynb", as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells for o in c.get("outputs", []))
    assert "南召县城关镇人民政府<br>2020年政府信息公开工作年度报告" in html
    data = next(o["data"][DATA_MIMETYPE] for c in nb.cells for o in c.get("outputs", []) if DATA_MIMETYPE in o.get("data", {}))
    assert data["stats"]["hotline_received"] == 46


def test_last_years_published_carry_forward_is_checked_c2(tmp_path):
    path, _ = _township_copy(tmp_path, "白土岗镇", 2022)
    text = path.read_text(encoding="utf-8").split("previous:")[0]
    path.write_text(text + "previous_carried_forward: [1, 0, 0, 0, 0, 0, 1]\n", encoding="utf-8")
    checks = {c.id: c for c in prepare(params_file=str(path)).data.checks}
    c2 = checks["C2"]
    assert c2.status == "不通过" and c2.evidence["rows"][1] == ["上年报告 四、结转下年度继续办理", 1, 0, 0, 0, 0, 0, 1]
    assert c2.detail.endswith("（上年数字来自参数文件 2022.yaml）。请核对依申请公开台账中跨年度的申请，或上年报告的数字。")
    assert checks["R5"].status == "通过"  # R5 is the recount from the same ledger: it holds by construction
    path.write_text(text + "previous_carried_forward: [1, 2]\n", encoding="utf-8")
    with pytest.raises(ParamsError, match="previous_carried_forward 应为7个非负整数"):
        prepare(params_file=str(path))
