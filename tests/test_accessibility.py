"""The public page is accessible (GB/T 37668 points of publication.md) and the CMS fragment keeps its look.

The markup test reads the page with BeautifulSoup; the browser tests open it (and the fragment inserted
into a bare page) in Debian's Chromium through Playwright and measure what a reader sees.
"""

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gk_helpers.batch.execute import execute_report
from gk_helpers.base.formats import SECTION_HEADINGS

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"]
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """白土岗镇 2022 (non-zero tables, 2021 layout): the public page and the fragment."""
    paths = execute_report(ROOT / "params" / "南召县" / "白土岗镇" / "2022.yaml", tmp_path_factory.mktemp("a11y"), cwd=ROOT,
                           formats=("html", "fragment"))
    return paths.html, paths.html.with_name("白土岗镇.fragment.html")


def _public_soup(path: Path) -> BeautifulSoup:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for panel in soup.select("aside.gk-panel"):  # the reviewer's panel is not part of the published text
        panel.decompose()
    return soup


def test_public_page_markup_is_accessible(report):
    soup = _public_soup(report[0])
    assert soup.html["lang"] == "zh-CN"
    assert len(soup.find_all("h1")) == 1
    assert [h.get_text() for h in soup.find_all("h2")] == list(SECTION_HEADINGS)
    assert [s.h2.get_text() for s in soup.find_all("section")] == list(SECTION_HEADINGS)
    tables = soup.find_all("table")
    assert [t["id"] for t in tables] == ["table-s2-1", "table-s2-2", "table-s2-3", "table-s2-4", "table-s3", "table-s4"]
    ids = {t["id"] for t in soup.find_all(id=True)}
    for table in tables:
        assert table.caption and table.caption.get_text().strip()
        assert table.thead and table.thead.find("th") and table.tbody
        assert table.parent.name == "div" and table.parent["role"] == "region" and table.parent["aria-label"] == table.caption.get_text()
        for th in table.find_all("th"):
            assert th.get("scope") in ("col", "colgroup", "row", "rowgroup") or th.get("id"), th
        for th in table.tbody.find_all("th"):
            assert th["scope"] in ("row", "rowgroup")
    s3 = soup.find("table", id="table-s3")
    for td in s3.find_all("td"):
        assert set(td["headers"]) <= ids
    first = s3.tbody.find("td")  # 一、本年新收 / 自然人
    assert [soup.find(id=i).get_text() for i in first["headers"]] == ["一、本年新收政府信息公开申请数量", "申请人情况", "自然人"]
    cell = s3.tbody.find_all("tr")[7].find_all("td")[2]  # （三）不予公开/4.保护第三方合法权益, 科研机构
    assert [soup.find(id=i).get_text() for i in cell["headers"]] == [
        "三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益", "申请人情况", "法人或其他组织", "科研机构"]
    assert not soup.find_all(["img", "script", "iframe"])


@needs_chromium
def test_nothing_clipped_at_390px_and_tables_scroll(report):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(report[0].as_uri())
            page.evaluate("document.querySelectorAll('aside.gk-panel').forEach(e => e.remove())")  # review page only
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
            box = page.locator("div[role=region]:has(#table-s3)")
            sizes = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
            assert sizes[0] > sizes[1]  # the wide table scrolls inside its own box
            box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
            total = page.locator("#table-s3 thead th", has_text="总计").bounding_box()
            assert 0 <= total["x"] and total["x"] + total["width"] <= 390 + 1
            label = page.locator("#table-s3 tbody th", has_text="4.保护第三方合法权益").bounding_box()
            assert label["width"] >= 100  # the label keeps a readable width (not two characters a line)
            shots = ROOT / "outputs" / "screenshots"
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / "白土岗镇-2022-390px.png"), full_page=True)
        finally:
            browser.close()


@needs_chromium
def test_fragment_keeps_borders_and_spans_in_a_bare_page(report):
    from playwright.sync_api import sync_playwright

    fragment = report[1].read_text(encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            page.set_content("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>" + fragment + "</body></html>")
            borders = page.evaluate("""() => [...document.querySelectorAll('td, th')].map(c => {
                const s = getComputedStyle(c);
                return [s.borderTopStyle, s.borderTopWidth, s.borderLeftStyle, s.borderBottomStyle, s.borderRightStyle].join(' ');
            })""")
            assert borders and set(borders) == {"solid 1px solid solid solid"}
            assert page.evaluate("getComputedStyle(document.querySelector('#table-s3')).borderCollapse") == "collapse"
            box = lambda sel, text: page.locator(sel, has_text=text).first.bounding_box()  # noqa: E731
            applicants, natural, total = box("#table-s3 thead th", "申请人情况"), box("#table-s3 thead th", "自然人"), box("#table-s3 thead th", "总计")
            assert abs(applicants["x"] - natural["x"]) < 1.5 and abs(applicants["x"] + applicants["width"] - total["x"] - total["width"]) < 1.5
            align = page.evaluate("getComputedStyle(document.querySelector('#table-s3 tbody th[scope=row]')).textAlign")
            assert align == "left"
            indent, size = page.evaluate("(s => [parseFloat(s.textIndent), parseFloat(s.fontSize)])(getComputedStyle(document.querySelector('article p')))")
            assert abs(indent - 2 * size) < 0.01  # two characters
        finally:
            browser.close()
