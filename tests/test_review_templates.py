"""The review page and the county roll-up come from Jinja2 templates: ledger text stays text,
and a county's own templates (``<project>/templates/review/``, ``rollup/``) take effect."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from builders import write_csv

from gk_helpers.count.checks import Check
from gk_helpers.render import html
from gk_helpers.render.panel import Panel, panel_html
from gk_helpers.render.styles import stylesheet

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = '<script>alert("x")</script> & 某某公司 <b>合同</b>'


def _project(tmp_path: Path) -> Path:
    """A one-township project whose ledger has markup and an ampersand in 申请内容."""
    ledgers = tmp_path / "data"
    ledgers.mkdir()
    write_csv(ledgers, "依申请公开", [("A1", "2020-03-02", "自然人", "2020-03-20", "予以公开", HOSTILE)],
              header=("申请编号", "收到日期", "申请人类型", "办结日期", "办理结果", "申请内容"))
    folder = tmp_path / "params" / "测试县" / "测试镇"
    folder.mkdir(parents=True)
    (folder / "2020.yaml").write_text(
        "agency: 测试县测试镇人民政府\ncounty: 测试县\ntownship: 测试镇\nyear: 2020\nledger_dir: ../../../data\n"
        "level: 乡镇\nsign_off_date: 2021年1月20日\noverview: 文字\n", encoding="utf-8")
    return folder / "2020.yaml"


def test_ledger_markup_is_text_on_the_review_page(tmp_path):
    params = _project(tmp_path)
    env = {**os.environ, "GK_PROJECT_ROOT": str(tmp_path)}
    subprocess.run([str(Path(sys.executable).with_name("gk")), "report", str(params), "-o", str(tmp_path / "out")],
                   cwd=tmp_path, env=env, check=True, capture_output=True)
    page = (tmp_path / "out" / "测试县" / "2020" / "测试镇.review.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<b>合同" not in page
    soup = BeautifulSoup(page, "html.parser")
    lists = soup.select("section.gk-cases")  # every cell A1 is counted in: 新收, 予以公开 and 总计, each by 自然人 and 总计
    assert len(lists) == 6
    escaped = '&lt;script&gt;alert("x")&lt;/script&gt; &amp; 某某公司 &lt;b&gt;合同&lt;/b&gt;'
    assert page.count(escaped) == len(lists) + 1  # and the applications of the year
    applications = soup.find("table", class_="gk-applications")
    assert [td.get_text() for td in applications.find("tbody").find_all("td")][-1] == HOSTILE
    case_list = soup.find("section", id="gk-c3-0-0")  # 本年新收, 自然人
    assert case_list.find("h4").get_text() == "第三部分 一、本年新收政府信息公开申请数量「自然人」：1 件"
    assert [td.get_text() for td in case_list.find("tbody").find_all("td")] == [
        "A1", "2020-03-02", "自然人", "2020-03-20", "予以公开", HOSTILE, "依申请公开.csv第2行"]


def _panel(**changes) -> Panel:
    fields = dict(checks=[Check("R1", "各列合计", False, "自然人列 3 ≠ 2 + 0", {})], warnings=["缺少<复议诉讼>台账"],
                  files=[], params=[("报告年度", "2020")], versions={"python": "3.11"}, fmt="2021", year=2020)
    return Panel(**{**fields, **changes})


@pytest.fixture
def county_templates(tmp_path, monkeypatch):
    """``<project>/templates`` of a project in tmp_path, the environment reloaded before and after."""
    monkeypatch.setenv("GK_PROJECT_ROOT", str(tmp_path))
    html.clear_cache()
    yield tmp_path / "templates"
    html.clear_cache()


def test_county_override_of_a_panel_template_takes_effect(county_templates):
    packaged = panel_html(_panel())
    folder = county_templates / "review"
    folder.mkdir(parents=True)
    (folder / "warnings.html.j2").write_text(
        '<ol class="county-warnings">{% for w in warnings %}<li>请核实：{{ w }}</li>{% endfor %}</ol>\n', encoding="utf-8")
    html.clear_cache()
    custom = panel_html(_panel())
    assert '<h3 id="gk-warnings">提示</h3><ol class="county-warnings"><li>请核实：缺少&lt;复议诉讼&gt;台账</li></ol>' in custom
    assert '<ul class="gk-warnings">' in packaged and 'class="gk-warnings"' not in custom
    # everything else as packaged: the checks table before, the rest of the panel after
    before, after = packaged.split('<ul class="gk-warnings"><li id="warning-1">缺少&lt;复议诉讼&gt;台账</li></ul>')
    assert custom.startswith(before) and custom.endswith(after)


def test_county_override_of_a_rollup_template_takes_effect(county_templates):
    from gk_helpers.batch.rollup import summarize, title_html

    folder = county_templates / "rollup"
    folder.mkdir(parents=True)
    (folder / "title.html.j2").write_text("<h1>{{ title }}（{{ line }}）</h1>\n", encoding="utf-8")
    html.clear_cache()
    summary = summarize(county_templates.parent / "out", "测试县", 2020)
    assert title_html(summary) == "<h1>测试县2020年政府信息公开工作年度报告汇总（共 0 个乡镇，合计 0 个，报告生成失败 0 个。）</h1>"


def test_the_public_stylesheet_carries_no_reviewer_rules():
    css = stylesheet()
    for selector in (".gk-panel", ".gk-checks", ".gk-check-", "gk-evidence", ".gk-deadline-table", ".gk-cases", "gk-case-table"):
        assert selector not in css, selector
    panel = panel_html(_panel())
    assert panel.startswith("<style>/* The review page and the county roll-up only") and ".gk-panel {" in panel
    assert ".gk-checks tr.gk-evidence-row > td" in panel  # CSS is not escaped inside <style>
