"""What an office files: Word, Excel, PDF and the CMS fragment, read back and compared with the JSON.

Each report is made once with every format (``execute_report(..., formats=…)``), then read back
with python-docx, openpyxl, pdftotext/pdfinfo/pdffonts and BeautifulSoup; the numbers must equal
the report's JSON cell for cell and the merged header cells must sit where the official layout has them.
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gk_helpers.batch.execute import execute_report
from gk_helpers.base.formats import SECTION4_COLUMNS, SECTION_HEADINGS
from gk_helpers.base.errors import ParamsError
from gk_helpers.render.outputs import parse_formats

ROOT = Path(__file__).resolve().parents[1]
PARAMS = ROOT / "params" / "南召县"
ALL = ("html", "fragment", "docx", "pdf", "xlsx")
REPORTS = [("白土岗镇", 2022), ("小店乡", 2019)]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: Merged cells of section 三 as (first row, first col, last row, last col) on the table grid: 2021 layout.
S3_MERGES_2021 = {(0, 0, 2, 2), (0, 3, 0, 9), (1, 3, 2, 3), (1, 4, 1, 8), (1, 9, 2, 9),
                  (3, 0, 3, 2), (4, 0, 4, 2), (5, 0, 26, 0), (5, 1, 5, 2), (6, 1, 6, 2),
                  (7, 1, 14, 1), (15, 1, 17, 1), (18, 1, 22, 1), (23, 1, 25, 1), (26, 1, 26, 2), (27, 0, 27, 2)}
S4_MERGES = {(0, 0, 0, 4), (0, 5, 0, 14), (1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 2, 3), (1, 4, 2, 4),
             (1, 5, 1, 9), (1, 10, 1, 14)}


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """(township, year) → (paths, JSON data); 白土岗镇 2022 a second time into another folder."""
    out = tmp_path_factory.mktemp("pub")
    results = {key: execute_report(PARAMS / key[0] / f"{key[1]}.yaml", out / "a", cwd=ROOT, formats=ALL)
               for key in REPORTS}
    again = execute_report(PARAMS / "白土岗镇" / "2022.yaml", out / "b", cwd=ROOT, formats=ALL)
    return {key: (paths, json.loads(paths.json.read_text(encoding="utf-8"))) for key, paths in results.items()}, again


def _file(paths, suffix: str) -> Path:
    return paths.html.with_name(paths.html.name.replace(".html", suffix))


# --- Word --------------------------------------------------------------------------------------

def docx_grid(table) -> tuple[list[list[str]], set]:
    """A Word table as the full grid of texts (merged cells repeated) and its merged ranges, from the XML."""
    rows, origins = [], {}
    for r, tr in enumerate(table._tbl.tr_lst):
        row, c = [], 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            text = "".join(t.text or "" for t in tc.iter(f"{W}t"))
            if tc.vMerge == "continue":
                origin = next(o for o in origins if o[1] == c and o[2] == r - 1)
                origins[(origin[0], c, r)] = origins.pop(origin)
                text = rows[origin[0]][c]
            else:
                origins[(r, c, r)] = span
            row += [text] * span
            c += span
        rows.append(row)
    merges = {(r0, c, r1, c + span - 1) for (r0, c, r1), span in origins.items() if r1 > r0 or span > 1}
    return rows, merges


@pytest.mark.parametrize("key", REPORTS)
def test_docx_reads_back_cell_for_cell(made, key):
    import docx

    paths, data = made[0][key]
    document = docx.Document(_file(paths, ".docx"))
    tables = document.tables
    assert len(tables) == len(data["section2"]) + 2
    for table, (item, block) in zip(tables, data["section2"].items()):
        grid, merges = docx_grid(table)
        assert grid[0] == ["信息内容", *block["columns"]] and not merges
        assert [row[0] for row in grid[1:]] == list(block["rows"])
        assert [[float(v) for v in row[1:]] for row in grid[1:]] == [[float(v) for v in values] for values in block["rows"].values()]
    s3, merges = docx_grid(tables[-2])
    assert s3[0][3] == "申请人情况" and s3[1][4] == "法人或其他组织" and s3[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    assert [[int(v) for v in row[3:]] for row in s3[3:]] == [values for _, values in data["section3"]]
    assert [row[2] for row in s3[3:]] == [label.split("/")[-1] for label, _ in data["section3"]]
    if data["format"] == "2021":
        assert merges == S3_MERGES_2021
    else:
        assert {(0, 0, 2, 2), (0, 3, 0, 9), (5, 0, 24, 0), (25, 0, 25, 2)} <= merges
    s4, merges = docx_grid(tables[-1])
    assert merges == S4_MERGES
    assert [int(v) for v in s4[3]] == data["section4"]
    assert [f"{a}/{b}" for a, b in zip(s4[1][5:], s4[2][5:])] == list(SECTION4_COLUMNS[5:])


def test_docx_official_layout(made):
    import docx
    from docx.shared import Mm, Pt

    paths, data = made[0]["白土岗镇", 2022]
    document = docx.Document(_file(paths, ".docx"))
    section = document.sections[0]
    mm = lambda length: round(length / Mm(1), 1)  # noqa: E731 - stored in twips
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert [mm(x) for x in (section.top_margin, section.left_margin, section.right_margin, section.bottom_margin)] == [37, 28, 26, 35]
    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs[:2]] == ["南召县白土岗镇人民政府", "2022年政府信息公开工作年度报告"]
    title_run = paragraphs[0].runs[0]
    assert title_run.font.size == Pt(22) and title_run._r.rPr.rFonts.get(f"{W}eastAsia") == "方正小标宋简体"
    fonts = {p.text: p.runs[0]._r.rPr.rFonts.get(f"{W}eastAsia") for p in paragraphs if p.runs}
    assert all(fonts[h] == "黑体" for h in SECTION_HEADINGS)
    assert fonts["（一）政府热线处理情况"] == "楷体_GB2312"
    assert paragraphs[2].text == ""  # a blank line under the title
    lead = paragraphs[3]
    assert lead.text.startswith("本报告根据《中华人民共和国政府信息公开条例》") and "统计期限自2022年1月1日起至2022年12月31日止" in lead.text
    assert paragraphs[4].text == "一、总体情况"
    body = next(p for p in paragraphs if p.text.startswith("（一）主动公开"))
    head, rest = body.runs[0], body.runs[1]  # the run-in head: bold 楷体 up to its 。, then the text in 仿宋
    assert head.text.startswith("（一）主动公开") and head.text.endswith("。") and head.bold
    assert head._r.rPr.rFonts.get(f"{W}eastAsia") == "楷体_GB2312"
    assert rest._r.rPr.rFonts.get(f"{W}eastAsia") == "仿宋_GB2312" and not rest.bold and rest.font.size == Pt(16)
    assert body.paragraph_format.first_line_indent == Pt(32) and body.paragraph_format.line_spacing == Pt(28.95)
    sign = [p for p in paragraphs if p.text][-2:]
    assert [p.text for p in sign] == ["南召县白土岗镇人民政府", "2023年1月20日"]
    assert all(p.alignment == 2 and p.paragraph_format.right_indent == Pt(64) for p in sign)  # RIGHT, 右空四字
    for footer, align in ((section.footer, 2), (section.even_page_footer, 0)):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml and footer.paragraphs[0].text == "— 1 —" and footer.paragraphs[0].alignment == align
    s3 = document.tables[-2]._tbl
    header_rows = [tr for tr in s3.tr_lst if tr.trPr is not None and tr.trPr.find(f"{W}tblHeader") is not None]
    assert len(header_rows) == 3  # repeated on every page
    widths = [int(g.get(f"{W}w")) for g in s3.tblGrid.iter(f"{W}gridCol")]
    assert abs(sum(widths) / 56.7 - 156) < 1  # twips → mm: the type width


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_docx_converts_with_libreoffice(made, tmp_path):
    paths, data = made[0]["白土岗镇", 2022]
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(_file(paths, ".docx"))], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / f"{paths.html.stem}.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for heading in SECTION_HEADINGS:
        assert heading in text
    assert re.search(r"—\s*1\s*—", text) and re.search(r"—\s*2\s*—", text)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    pages = [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True, text=True).stdout
             for i in range(1, int(re.search(r"Pages:\s+(\d+)", info).group(1)) + 1)]
    s3_pages = [t for t in pages if any(label.split("/")[-1] in t for label, _ in data["section3"][1:])]
    assert len(s3_pages) == 1 and "申请人情况" in s3_pages[0]  # kept on one page with its heading (test_pagination)


# --- Excel -------------------------------------------------------------------------------------

def _ranges(sheet, top: int) -> set:
    return {(r.min_row - 1 - top, r.min_col - 1, r.max_row - 1 - top, r.max_col - 1) for r in sheet.merged_cells.ranges if r.min_row > top}


@pytest.mark.parametrize("key", REPORTS)
def test_xlsx_reads_back_cell_for_cell(made, key):
    import openpyxl

    paths, data = made[0][key]
    book = openpyxl.load_workbook(_file(paths, ".xlsx"))
    assert book.sheetnames == ["第二部分", "第三部分", "第四部分"]
    s3 = book["第三部分"]
    assert s3["A1"].value == "三、收到和处理政府信息公开申请情况"
    rows = list(s3.iter_rows(min_row=5, values_only=True))
    assert [list(r[3:]) for r in rows] == [values for _, values in data["section3"]]
    assert all(type(v) is int for r in rows for v in r[3:])
    if data["format"] == "2021":
        assert _ranges(s3, 1) == S3_MERGES_2021
    cell = s3.cell(5, 4)
    assert cell.border.left.style == cell.border.top.style == "thin" and cell.alignment.horizontal == "center"
    s4 = book["第四部分"]
    assert _ranges(s4, 1) == S4_MERGES
    assert [c.value for c in s4[5]] == data["section4"]
    s2 = book["第二部分"]
    values = [[c for c in row] for row in s2.iter_rows(min_row=2, values_only=True)]
    expected = []
    for item, block in data["section2"].items():
        expected += [[item] + [None] * (len(block["columns"])), ["信息内容", *block["columns"]]]
        expected += [[label, *vals] for label, vals in block["rows"].items()]
    assert [[v for v in row if v is not None] for row in values if any(v is not None for v in row)] == [
        [v for v in row if v is not None] for row in expected]


def test_county_workbook(made, tmp_path):
    import openpyxl

    from gk_helpers.batch.rollup import summarize
    from gk_helpers.render.excel import county_xlsx

    paths, data = made[0]["白土岗镇", 2022]
    summary = summarize(paths.html.parent.parent.parent, "南召县", 2022)
    target = tmp_path / "index.xlsx"
    target.write_bytes(county_xlsx(summary))
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["各乡镇", "第三部分（合计）", "第四部分（合计）"]
    sheet = book["各乡镇"]
    header = [c.value for c in sheet[2]]
    row = {h: c.value for h, c in zip(header, sheet[3])}
    assert row["乡镇"] == "白土岗镇" and row["本年新收"] == data["section3"][0][1][-1] == 9
    assert row["第四部分 行政复议/总计"] == data["section4"][4]
    assert row["第三部分 （七）总计 总计"] == data["section3"][-2][1][-1]
    total = {h: c.value for h, c in zip(header, sheet[4])}
    assert total["乡镇"] == "合计" and total["本年新收"] == 9
    assert county_xlsx(summary) == target.read_bytes()
    # printed as a leader reads it: A4 landscape, one page wide, title and header rows (and 乡镇) on every page
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)
    fit = (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight)  # fitToWidth 1 is the file format's default
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and fit == (1, 0)
    assert (sheet.print_title_rows, sheet.print_title_cols) == ("$1:$2", "$A:$A")


# --- PDF ---------------------------------------------------------------------------------------

def test_pdf_text_fonts_and_page_size(made):
    paths, data = made[0]["白土岗镇", 2022]
    pdf = _file(paths, ".pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "南召县白土岗镇人民政府" in text and "2022年政府信息公开工作年度报告" in text
    for heading in SECTION_HEADINGS:
        assert heading in text
    lines = text.splitlines()
    first = next(i for i, x in enumerate(lines) if "一、本年新收政府信息公开申请数量" in x)
    last = next(i for i, x in enumerate(lines) if "四、结转下年度继续办理" in x)
    numbers = [[int(v) for v in re.findall(r"(?<![\d.])\d+(?![\d.])", x)] for x in lines[first:last + 1]]
    assert [n[-7:] for n in numbers if len(n) >= 7] == [values for _, values in data["section3"]]
    assert re.search(r"—\s*1\s*—", text) and re.search(r"—\s*2\s*—", text)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    page_texts = [subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True, text=True).stdout
                  for i in range(1, pages + 1)]
    s3_pages = [t for t in page_texts if any(label.split("/")[-1] in t for label, _ in data["section3"][1:])]
    assert len(s3_pages) == 1 and "申请人情况" in s3_pages[0] and "法人或其他组织" in s3_pages[0]  # kept whole with its heading
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # every font embedded
    assert all("CID Type 0C" in line or "CID TrueType" in line for line in fonts), fonts  # real CID fonts, never Type 3


@pytest.fixture
def no_pdf_engine(monkeypatch):
    """WeasyPrint cannot be loaded (as on a machine without Pango)."""
    from gk_helpers.render import pdf

    pdf._engine.cache_clear()
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    yield
    pdf._engine.cache_clear()


#: The note when WeasyPrint cannot be loaded (here: made unimportable).
NO_PDF_NOTE = ("PDF 排版组件 WeasyPrint 无法使用，已跳过 PDF（import of weasyprint halted; None in sys.modules）。请安装它需要的系统库"
               "（Debian：apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0）后重新运行即可生成 PDF。")


def test_missing_pdf_engine_is_one_note(no_pdf_engine, tmp_path, capsys):
    from gk_helpers import cli

    code = cli.main(["report", str(PARAMS / "城关镇" / "2020.yaml"), "-o", str(tmp_path / "out"), "--formats", "pdf,docx"])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.err.strip().splitlines()[-1] == NO_PDF_NOTE
    assert "Traceback" not in captured.err
    folder = tmp_path / "out" / "南召县" / "2020"
    assert (folder / "城关镇.docx").is_file() and not (folder / "城关镇.pdf").exists()


# --- fragment and re-runs ----------------------------------------------------------------------

def test_fragment_is_the_article_alone_with_inline_styles(made):
    paths, data = made[0]["白土岗镇", 2022]
    text = _file(paths, ".fragment.html").read_text(encoding="utf-8")
    assert text.startswith("<article") and text.rstrip().endswith("</article>")
    assert "<style" not in text and "class=" not in text and "<script" not in text
    soup = BeautifulSoup(text, "html.parser")
    assert len(soup.find_all(recursive=False)) == 1 and soup.article["lang"] == "zh-CN"
    for cell in soup.find_all(["th", "td"]):
        assert "border: 1px solid #000" in cell["style"]
    assert all("text-align: left" in th["style"] for th in soup.select("tbody th[scope=row]"))
    s3 = soup.find("table", id="table-s3")
    assert [[int(td.get_text()) for td in tr.find_all("td")] for tr in s3.tbody.find_all("tr")] == [v for _, v in data["section3"]]


def test_reruns_are_byte_identical(made):
    results, again = made
    paths, _ = results["白土岗镇", 2022]
    for suffix in (".html", ".fragment.html", ".docx", ".xlsx", ".json", ".pdf"):
        assert _file(paths, suffix).read_bytes() == _file(again, suffix).read_bytes(), suffix


def test_unknown_format_is_named():
    with pytest.raises(ParamsError) as info:
        parse_formats("html,word")
    assert str(info.value) == "未知的输出格式「word」。可选：html,fragment,docx,pdf,xlsx（用逗号分隔，如 --formats html,docx,pdf）。"
    assert parse_formats("xlsx, DOCX") == ("html", "docx", "xlsx")


# --- a county's own templates ------------------------------------------------------------------

def test_county_templates_override_the_packaged_ones(tmp_path):
    from gk_helpers.render import html
    from gk_helpers.render.model import Document

    doc = Document.from_dict(json.loads(json.dumps(_document().to_dict())))  # as the batch gets it from the notebook
    packaged = html.fragment_html(doc, project_root=tmp_path)
    folder = tmp_path / "templates" / "report"
    folder.mkdir(parents=True)
    (folder / "signoff.html.j2").write_text(
        '<footer{{ st("signoff") }}><p>{{ doc.sign_off.agency }}（盖章）</p><p>{{ doc.sign_off.date }}</p></footer>\n', encoding="utf-8")
    html.clear_cache()
    custom = html.fragment_html(doc, project_root=tmp_path)
    assert "<footer style=" in custom and f"{doc.sign_off.agency}（盖章）" in custom and "<footer" not in packaged
    assert custom[:custom.index("<footer")] == packaged[:packaged.rindex("<div style=")]  # the rest unchanged
    (folder / "signoff.html.j2").write_text("<p>{{ doc.sign_off.agency | safe }}{{ '<b>' }}</p>\n", encoding="utf-8")
    html.clear_cache()
    assert "&lt;b&gt;" in html.fragment_html(doc, project_root=tmp_path)  # autoescaping stays on


def _document():
    from gk_helpers.notebook import prepare

    return prepare(county="南召县", township="城关镇", year=2020).document


def test_county_templates_reach_the_reports(tmp_path):
    """A project's templates/ is used by gk report (public page and fragment) and re-renders on change."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "params", project / "params")
    shutil.copytree(ROOT / "data" / "sample", project / "data" / "sample")
    shutil.copytree(ROOT / "notebooks", project / "notebooks")
    folder = project / "templates" / "report"
    folder.mkdir(parents=True)
    (folder / "title.html.j2").write_text('<h1{{ st("title") }}>{{ doc.title }}（县样式）</h1>\n', encoding="utf-8")
    paths = execute_report(project / "params" / "南召县" / "城关镇" / "2020.yaml", tmp_path / "out", cwd=project,
                           formats=("html", "fragment"))
    assert "南召县城关镇人民政府2020年政府信息公开工作年度报告（县样式）</h1>" in paths.html.read_text(encoding="utf-8")
    assert "南召县城关镇人民政府2020年政府信息公开工作年度报告（县样式）</h1>" in _file(paths, ".fragment.html").read_text(encoding="utf-8")


def test_every_template_ships_in_the_package():
    import tomllib

    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["gk_helpers.render"]
    folder = ROOT / "src" / "gk_helpers" / "render"
    shipped = [p for p in folder.rglob("*") if p.is_file() and p.suffix in (".j2", ".css")]
    assert len(shipped) >= 8
    globbed = {p for pattern in patterns for p in folder.glob(pattern)}  # setuptools' glob semantics
    assert set(shipped) <= globbed, set(shipped) - globbed


def test_a_broken_county_template_fails_the_report_in_chinese(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "params" / "南召县" / "城关镇", project / "params" / "南召县" / "城关镇")
    shutil.copytree(ROOT / "data" / "sample" / "南召县" / "城关镇", project / "data" / "sample" / "南召县" / "城关镇")
    shutil.copytree(ROOT / "notebooks", project / "notebooks")
    paths = execute_report(project / "params" / "南召县" / "城关镇" / "2020.yaml", tmp_path / "out", cwd=project)
    folder = project / "templates" / "report"
    folder.mkdir(parents=True)
    (folder / "document.html.j2").write_text("<article>{{ doc.no_such_field }}</article>\n", encoding="utf-8")
    from gk_helpers.base.errors import RenderError

    with pytest.raises(RenderError) as info:
        execute_report(project / "params" / "南召县" / "城关镇" / "2020.yaml", tmp_path / "out", cwd=project,
                       formats=("html", "fragment"))
    assert str(info.value).startswith("南召县城关镇2020年报告生成失败：生成网站栏目片段文件 城关镇.fragment.html 失败（UndefinedError: ")
    assert paths.failed.is_file() and not _file(paths, ".fragment.html").exists()


# --- property: any figures survive every writer --------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@st.composite
def _tables(draw):
    from gk_helpers.base.formats import section3_rows

    fmt = draw(st.sampled_from(["2019", "2021"]))
    counts = st.integers(min_value=0, max_value=10**6)
    rows = [(r.label, draw(st.lists(counts, min_size=7, max_size=7))) for r in section3_rows(fmt)]
    return fmt, rows, draw(st.lists(counts, min_size=15, max_size=15))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_tables())
def test_any_figures_read_back_from_word_and_excel(tables):
    import io

    import docx
    import openpyxl

    from gk_helpers.render.excel import report_xlsx
    from gk_helpers.render.model import Document, Section, SignOff, section3_table, section4_table
    from gk_helpers.render.word import docx_bytes

    fmt, rows, s4 = tables
    s3 = section3_table(rows, fmt)
    sections = [Section(i, h, []) for i, h in enumerate(SECTION_HEADINGS, 1)]
    sections[2].blocks, sections[3].blocks = [s3], [section4_table(s4)]
    doc = Document("某镇人民政府2021年政府信息公开工作年度报告", "某镇人民政府", "某县", "某镇", 2021, fmt, sections, SignOff("某镇人民政府", "2022年1月5日"))
    word = docx.Document(io.BytesIO(docx_bytes(doc)))
    grid, merges = docx_grid(word.tables[0])
    assert [[int(v) for v in row[3:]] for row in grid[3:]] == [v for _, v in rows]
    assert merges == set(s3.merges())
    assert [int(v) for v in docx_grid(word.tables[1])[0][3]] == s4
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(doc)))
    assert [list(r[3:]) for r in book["第三部分"].iter_rows(min_row=5, values_only=True)] == [v for _, v in rows]
    assert _ranges(book["第三部分"], 1) == set(s3.merges())
    assert [c.value for c in book["第四部分"][5]] == s4
