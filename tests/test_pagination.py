"""Word pagination as LibreOffice lays it out: no lonely sign-off, section 三 never split at a page foot.

One report is made with a filler paragraph of 0, 1, 2 … 23 lines at the end of section 一 and another at
the end of section 五: each extra line moves everything after it down by one line (28.95 pt), so across
the sweep the section 三 heading (moved by the first) and the sign-off (moved by the second: section 三
starts its own page when it has to, which would undo the first) each fall at every position on a page,
the page foot included. Every variant is converted by LibreOffice (one process for all) and read back
page by page with pdfplumber.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from gk_helpers import notebook as gk
from gk_helpers.render.model import Paragraph
from gk_helpers.render.word import docx_bytes, kept_rows

ROOT = Path(__file__).resolve().parents[1]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FILL = "测试分页位置的填充文字" * 80


def _filler(lines: int) -> str:
    """A paragraph of ``lines`` lines: 28 characters of 3号 a line on the 156 mm type width, the first indented two."""
    return FILL[: 26 + 28 * (lines - 1) - 1] + "。"


def _pages(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as doc:
        return [re.sub(r"\s+", "", page.extract_text() or "") for page in doc.pages]


@pytest.fixture(scope="module")
def sweep(tmp_path_factory) -> tuple[object, list[list[str]]]:
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("pagination")
    ctx = gk.prepare(str(ROOT / "params" / "南召县" / "云阳镇" / "2023.yaml"))
    files = []
    for lines in range(24):
        document = copy.deepcopy(ctx.document)
        if lines:
            for section in (0, 4):  # 一、总体情况 (before section 三) and 五、存在的主要问题及改进情况 (after it)
                document.sections[section].blocks.append(Paragraph(_filler(lines)))
        path = folder / f"v{lines:02d}.docx"
        path.write_bytes(docx_bytes(document))
        files.append(path)
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{folder}/lo", "--convert-to", "pdf",
                    "--outdir", str(folder), *map(str, files)], check=True, capture_output=True, timeout=600)
    return ctx, [_pages(path.with_suffix(".pdf")) for path in files]


def _body(page: str) -> str:
    """A page's text without its page number (— N —)."""
    return re.sub(r"—\d+—$", "", page)


def test_the_sign_off_never_stands_alone(sweep):
    ctx, variants = sweep
    agency, date = ctx.document.sign_off.agency, ctx.document.sign_off.date
    carried = []
    for lines, pages in enumerate(variants):
        last = _body(pages[-1])
        assert last.endswith(agency + date), lines
        assert len(last) > len(agency + date) + 20, (lines, last)  # the end of the last paragraph is there too
        carried.append(len(last) - len(agency + date))
    # the sweep really brought the sign-off to a page foot: the report grew by a page, and there the sign-off
    # took only the last lines of the last paragraph with it (no more than three lines of 28 characters)
    assert len({len(pages) for pages in variants}) > 1 and min(carried) <= 3 * 28, carried


def test_section_three_starts_with_its_heading_and_is_never_split(sweep):
    ctx, variants = sweep
    rows = [label.split("/")[-1][:6] for label, _ in ctx.data.section3_rows]  # labels may wrap in their cell
    heading = "三、收到和处理政府信息公开申请情况"
    positions = set()
    for lines, pages in enumerate(variants):
        page = next(i for i, text in enumerate(pages) if heading in text)
        text = pages[page].split(heading, 1)[1]
        # header, every body row and the merged vertical label 三、本年度办理结果 on the heading's page
        assert "申请人情况" in text and all(re.sub(r"\s", "", row) in text for row in rows), (lines, text[:200])
        assert not any("申请人情况" in p for p in pages[page + 1:]), lines  # nothing of it carried over
        positions.add((page, len(pages[page].split(heading, 1)[0]), len(pages[page - 1])))
    assert len(positions) > 10  # the sweep really moved what comes before the table over the page foot


def test_kept_rows_cover_header_three_body_rows_and_every_merged_label(sweep):
    ctx, _ = sweep
    s3 = ctx.document.sections[2].tables[0]
    kept = kept_rows(s3)
    rows = len(s3.head) + len(s3.body)
    assert set(range(len(s3.head) + 3)) <= kept and rows - 2 in kept
    for r, _, last, _ in s3.merges():
        assert set(range(r, last)) <= kept
    s2 = ctx.document.sections[1].tables[0]
    assert kept_rows(s2) == set(range(len(s2.head) + len(s2.body) - 1))


def test_every_2023_word_file_of_the_sample_opens_with_the_lead_and_signs_off_with_text(tmp_path):
    """The sample's 2023 batch: lead citing the 条例 before 一、总体情况, run-in heads bold, and in LibreOffice
    no last page holding only the sign-off."""
    import docx

    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    files = []
    for params in sorted((ROOT / "params" / "南召县").glob("*/2023.yaml")):
        ctx = gk.prepare(str(params))
        path = tmp_path / f"{params.parent.name}.docx"
        path.write_bytes(docx_bytes(ctx.document))
        files.append((path, ctx))
        paragraphs = [p for p in docx.Document(path).paragraphs if p.text]
        texts = [p.text for p in paragraphs]
        lead = texts.index("一、总体情况") - 1
        assert texts[lead].startswith("本报告根据《中华人民共和国政府信息公开条例》") and lead == 2, params
        heads = [p for p in paragraphs if ctx.document.sections[0].blocks and p.text[:1] == "（" and "。" in p.text[:20]]
        assert heads and all(p.runs[0].bold and p.runs[0].text.endswith("。") for p in heads), params
    assert len(files) == 16
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), *(str(p) for p, _ in files)], check=True, capture_output=True, timeout=600)
    for path, ctx in files:
        last = _body(_pages(path.with_suffix(".pdf"))[-1])
        sign = ctx.document.sign_off.agency + ctx.document.sign_off.date
        assert last.endswith(sign) and len(last) > len(sign) + 20, (path.name, last)
