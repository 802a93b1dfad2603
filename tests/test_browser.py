"""A real browser opens a rendered report: tables visible with the right text, Chinese glyphs drawn.

Uses Debian's Chromium (installed by scripts/test.sh) driven by Playwright through its
executable path; a screenshot is saved to outputs/screenshots/ for a person to look at.
"""

import shutil
from pathlib import Path

import pytest

from gk_helpers.batch.execute import execute_report

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Playwright runs headless with a fresh temporary profile of its own.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Draw two different CJK characters and an unassigned code point in the page's own font:
# with no CJK font all three come out as the same box (or nothing).
GLYPHS_DIFFER = """() => {
  const font = getComputedStyle(document.body).fontFamily;
  const draw = (ch) => {
    const c = document.createElement('canvas'); c.width = 64; c.height = 64;
    const g = c.getContext('2d'); g.font = '48px ' + font; g.fillText(ch, 4, 52);
    return c.toDataURL();
  };
  const a = draw('政'), b = draw('府'), box = draw('\\uE000');
  return a !== b && a !== box && b !== box;
}"""


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (scripts/test.sh installs it)")
def test_report_in_headless_chromium(tmp_path):
    from playwright.sync_api import sync_playwright

    paths = execute_report(ROOT / "params" / "南召县" / "城关镇" / "2020.yaml", tmp_path / "out", cwd=ROOT)
    shots = ROOT / "outputs" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            page.goto(paths.html.as_uri())
            assert page.title() == "南召县城关镇人民政府2020年政府信息公开工作年度报告"
            s3 = page.locator("table.gk-s3")
            assert s3.is_visible()
            text = s3.inner_text()
            for label in ("申请人情况", "法人或其他组织", "三、本年度办理结果", "（三）不予公开", "1.属于国家秘密", "（六）其他处理", "四、结转下年度继续办理"):
                assert label in text
            assert page.locator("table.gk-s4").is_visible()
            assert "未经复议直接起诉" in page.locator("table.gk-s4").inner_text()
            assert page.locator("h2.gk-heading").all_inner_texts()[:6] == [
                "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
            assert page.evaluate(GLYPHS_DIFFER), "Chinese text renders as boxes: no CJK font (install fonts-noto-cjk)"
            s3.scroll_into_view_if_needed()
            page.screenshot(path=str(shots / "城关镇-2020.png"), full_page=True)
        finally:
            browser.close()
    assert (shots / "城关镇-2020.png").stat().st_size > 10_000


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed (scripts/test.sh installs it)")
def test_review_page_cell_click_shows_its_cases_and_public_page_has_none(tmp_path):
    """Clicking a non-zero count cell of the review page shows the list of its cases (no scripts: :target)."""
    from playwright.sync_api import sync_playwright

    paths = execute_report(ROOT / "params" / "南召县" / "云阳镇" / "2022.yaml", tmp_path / "out", cwd=ROOT)
    shots = ROOT / "outputs" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1400}, java_script_enabled=False)
            page.goto(paths.review.as_uri())
            assert page.locator("aside.gk-panel").is_visible()
            assert page.locator("section.gk-cases:visible").count() == 0
            link = page.locator("table.gk-s3 td.gk-td a.gk-link").first
            number, target = int(link.inner_text()), link.get_attribute("href")[1:]
            link.click()
            shown = page.locator(f"section#{target}")
            assert shown.is_visible()
            assert page.locator("section.gk-cases:visible").count() == 1
            assert shown.locator("tbody tr").count() == number
            heading = shown.locator("h4").inner_text()
            assert heading.startswith("第三部分 ") and heading.endswith(f"：{number} 件")
            assert shown.locator("thead").inner_text().split() == ["申请编号", "收到日期", "申请人类型", "办结日期", "办理结果", "申请内容", "来源"]
            assert "第" in shown.locator("tbody tr td").last.inner_text()
            page.screenshot(path=str(shots / "云阳镇-2022-review-cases.png"))
            page.locator("section.gk-cases:visible a", has_text="返回表格").click()
            assert page.locator("section.gk-cases:visible").count() == 0
            page.goto(paths.review.as_uri() + "#gk-cases")
            page.screenshot(path=str(shots / "云阳镇-2022-review-panel.png"), full_page=True)

            page.goto(paths.html.as_uri())
            assert page.locator("table.gk-s3").is_visible()
            assert page.locator(".gk-panel").count() == 0 and page.locator("a").count() == 0
            assert "审核面板" not in page.content()
        finally:
            browser.close()
