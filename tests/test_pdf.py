"""The kit's PDF: real CID fonts (never Type 3), every title, heading and section 三 number extractable
exactly by pypdf and pdfplumber, "— N —" page numbers, nothing fetched, nothing left on disk."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from gk_helpers import notebook as gk
from gk_helpers.base.formats import SECTION_HEADINGS
from gk_helpers.render.export import stylesheet
from gk_helpers.render.html import article_html
from gk_helpers.render.model import Paragraph
from gk_helpers.render.pdf import pdf_bytes

ROOT = Path(__file__).resolve().parents[1]
PARAMS = ROOT / "params" / "南召县"
NUMBER = re.compile(r"(?<![\d.．])\d+(?![\d.．])")


def public_page(ctx) -> str:
    """The public page as the nbconvert template lays it out (stylesheet, ``gk-report gk-doc`` main)."""
    return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>' + ctx.params.title
            + f"</title>\n<style>\n{stylesheet()}</style>\n</head>\n<body>\n<main class=\"gk-report gk-doc\">"
            + article_html(ctx.document) + "</main>\n</body>\n</html>\n")


@pytest.fixture(scope="module", params=[("城关镇", 2020), ("云阳镇", 2023)], ids=["2019-layout", "2021-layout"])
def printed(request, tmp_path_factory):
    township, year = request.param
    ctx = gk.prepare(str(PARAMS / township / f"{year}.yaml"))
    path = tmp_path_factory.mktemp("pdf") / f"{township}-{year}.pdf"
    path.write_bytes(pdf_bytes(public_page(ctx)))
    return ctx, path


def test_fonts_are_embedded_cid_fonts_never_type3(printed):
    _, path = printed
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert len(lines) == 3  # 小标宋 stand-in (serif bold), 仿宋/宋体 stand-in (serif), 黑体 stand-in (sans)
    for line in lines:
        assert "Type 3" not in line and re.search(r"CID (Type 0C|TrueType)", line), line
        assert line.split()[-5:-2] == ["yes", "yes", "yes"], line  # embedded, subset, ToUnicode


def _texts(path: Path) -> dict[str, list[str]]:
    """Each page's text as pypdf and as pdfplumber extract it."""
    with pdfplumber.open(path) as pdf:
        plumber = [page.extract_text() or "" for page in pdf.pages]
    return {"pypdf": [page.extract_text() for page in pypdf.PdfReader(path).pages], "pdfplumber": plumber}


@pytest.mark.parametrize("reader", ["pypdf", "pdfplumber"])
def test_title_headings_lead_and_section3_numbers_extract_exactly(printed, reader):
    ctx, path = printed
    pages = _texts(path)[reader]
    first = pages[0].splitlines()
    assert first[:2] == ctx.document.title_lines  # the title, character for character (no radicals, no gaps)
    text = "\n".join(pages)
    flat = re.sub(r"\s", "", text)
    for heading in SECTION_HEADINGS:
        assert heading in text.splitlines(), heading
    assert re.sub(r"\s", "", ctx.lead) in flat
    heads = [b.head for s in ctx.document.sections for b in s.blocks if isinstance(b, Paragraph) and b.head]
    assert all(head in flat for head in heads)
    # section 三, every number in reading order (row by row), on the page of its heading
    page = next(p for p in pages if "三、收到和处理政府信息公开申请情况" in p)
    rows = page.split("一、本年新收政府信息公开申请数量", 1)[1].split("四、结转下年度继续办理", 1)
    numbers = [int(n) for n in NUMBER.findall(rows[0])] + [int(n) for n in NUMBER.findall(rows[1])[:7]]
    assert numbers == [v for _, values in ctx.data.section3_rows for v in values]


def test_page_numbers_are_dashed_outside_the_type_area(printed):
    _, path = printed
    pages = _texts(path)["pdfplumber"]
    assert len(pages) >= 4
    for n, text in enumerate(pages, 1):
        assert text.rstrip().splitlines()[-1] == f"— {n} —"
    with pdfplumber.open(path) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            digits = [c for c in page.chars if c["text"] == "—"]
            assert min(c["top"] for c in digits) > page.height - 35 / 25.4 * 72  # in the foot margin (35 mm)
            side = min(c["x0"] for c in digits)
            assert side > page.width / 2 if n % 2 else side < page.width / 2  # odd right, even left


def test_same_page_same_bytes(printed):
    ctx, path = printed
    assert pdf_bytes(public_page(ctx)) == path.read_bytes()


def test_nothing_is_fetched(tmp_path):
    from PIL import Image

    picture = tmp_path / "seal.png"
    Image.new("RGB", (40, 40), "red").save(picture)
    (tmp_path / "evil.css").write_text("h1 { color: red }", encoding="utf-8")
    page = (f'<html><head><link rel="stylesheet" href="{(tmp_path / "evil.css").as_uri()}"><style>'
            f'@font-face {{ font-family: x; src: url({(tmp_path / "font.ttf").as_uri()}) }}</style></head>'
            f'<body><h1>标题</h1><img src="{picture.as_uri()}"><img src="https://example.invalid/a.png"></body></html>')
    pdf = pdf_bytes(page)
    assert b"/Image" not in pdf and b"/DeviceRGB" not in pdf.split(b"stream")[0]
    assert b"1 0 0 rg" not in pdf  # the red h1 of the linked stylesheet was never applied


SCRIPT = """
import sys
from pathlib import Path
from gk_helpers.render.pdf import pdf_bytes
page = Path(sys.argv[1]).read_text(encoding="utf-8")
pdf_bytes(page)
print("ready", flush=True)
while True:
    pdf_bytes(page)
"""


def test_a_killed_process_leaves_no_scratch(printed, tmp_path):
    """SIGKILL in the middle of a PDF: the temp folder the process was given stays empty (nothing on disk)."""
    ctx, _ = printed
    page = tmp_path / "page.html"
    page.write_text(public_page(ctx), encoding="utf-8")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "TEMP": str(scratch), "TMP": str(scratch)}
    child = subprocess.Popen([sys.executable, "-c", SCRIPT, str(page)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        time.sleep(0.3)  # inside a later PDF
        assert list(scratch.iterdir()) == []
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
    assert list(scratch.iterdir()) == []
