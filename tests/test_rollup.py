"""The county roll-up: sums of the township JSONs, the checks on the sum, carry-over across years."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from gk_helpers import load_ledgers
from gk_helpers.batch import rollup
from gk_helpers.batch.cache import Stamp, write_stamp
from gk_helpers.report import compute, data_json
from gk_helpers.base.townships import read_order

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "南召县"
TOWNSHIPS = ("城关镇", "四棵树乡", "乔端镇", "留山镇")
ORDER = read_order(ROOT / "params", "南召县")  # the sample county's own township order


@pytest.fixture(scope="module")
def township_json() -> dict[tuple[str, int], str]:
    """The .json output of each township for 2019 and 2020, computed in-process."""
    out = {}
    for township in TOWNSHIPS:
        ledgers = load_ledgers(SAMPLE / township)
        for year in (2019, 2020):
            out[township, year] = data_json(compute(ledgers, year).to_dict())
    return out


@pytest.fixture
def out(tmp_path, township_json) -> Path:
    for (township, year), text in township_json.items():
        folder = tmp_path / "南召县" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{township}.json").write_text(text, encoding="utf-8")
        write_stamp(folder / f".{township}.stamp.json", Stamp("f", "ok"))
    return tmp_path


def _sums(out: Path, year: int) -> tuple[np.ndarray, np.ndarray]:
    s3 = s4 = 0
    for path in sorted((out / "南召县" / str(year)).glob("[!.]*.json")):
        if path.stem == "index":
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        s3 = s3 + np.array([values for _, values in data["section3"]])
        s4 = s4 + np.array(data["section4"])
    return s3, s4


def test_sums_equal_the_township_jsons(out):
    summary = rollup.summarize(out, "南召县", 2020)
    s3, s4 = _sums(out, 2020)
    assert summary.section3.tolist() == s3.tolist() and summary.section4.tolist() == s4.tolist()
    assert s3[:, -1].sum() > 0  # the sample has applications to sum
    assert [(c.id, c.passed) for c in summary.checks] == [("R1", True), ("R2", True), ("R3", True), ("R8", True)]
    assert [t.name for t in summary.summed] == [t for t in ORDER if t in TOWNSHIPS]  # the county's own order
    figures = {row["乡镇"]: row for row in summary.key_figures()}
    assert sum(row["本年新收"] for row in figures.values()) == s3[0, -1]


def test_carry_over_matches_last_year(out):
    rows = {r["乡镇"]: r for r in rollup.summarize(out, "南召县", 2020).carry_over}
    assert {r["结果"] for r in rows.values()} == {"通过"}
    # the first year has no last-year report to compare with
    assert {r["结果"] for r in rollup.summarize(out, "南召县", 2019).carry_over} == {"不适用"}


def test_carry_over_mismatch_is_reported(out):
    path = out / "南召县/2019/城关镇.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["section3"][-1][1][0] += 2  # 四、结转下年度 自然人
    data["section3"][-1][1][-1] += 2
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    summary = rollup.summarize(out, "南召县", 2020)
    row = next(r for r in summary.carry_over if r["乡镇"] == "城关镇")
    assert row["结果"] == "不通过" and row["说明"] == "不相等的列：自然人、总计"
    assert "城关镇" in rollup.carry_over_html(summary)


def test_failed_township_is_listed_not_summed(out):
    folder = out / "南召县/2020"
    (folder / "留山镇.json").unlink()
    nbformat.write(nbformat.v4.new_notebook(), folder / "留山镇.failed.ipynb")
    write_stamp(folder / ".留山镇.stamp.json", Stamp("f", "failed", "台账有 1 处问题：<收到日期>"))
    summary = rollup.summarize(out, "南召县", 2020)
    assert summary.failed_reports() == [{"乡镇": "留山镇", "原因": "台账有 1 处问题：<收到日期>"}]
    assert "留山镇" not in [t.name for t in summary.summed]
    html = rollup.problems_html(summary)
    assert "&lt;收到日期&gt;" in html and "<收到日期>" not in html


def test_failed_checks_are_listed(out):
    path = out / "南召县/2020/乔端镇.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["checks"][0].update(passed=False, detail="不相等的列：自然人")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    failed = rollup.summarize(out, "南召县", 2020).failed_checks()
    assert [(f["乡镇"], f["编号"], f["说明"]) for f in failed] == [("乔端镇", "R1", "不相等的列：自然人")]


def test_rollup_notebook_renders_index(out):
    paths = rollup.execute_rollup("南召县", 2020, out, ROOT / "notebooks" / "county_summary.ipynb", out)
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    s3, s4 = _sums(out, 2020)
    assert [values for _, values in data["section3"]] == s3.tolist() and data["section4"] == s4.tolist()
    html = paths["html"].read_text(encoding="utf-8")
    assert "南召县2020年政府信息公开工作年度报告汇总" in html and "跨年度结转核对" in html
    assert str(out) not in html and "<script" not in html


def test_rollup_notebook_is_committed_clean():
    nb = nbformat.read(ROOT / "notebooks" / "county_summary.ipynb", 4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert [c for c in code if "parameters" in c.metadata.get("tags", [])] == [code[0]]
    assert "county" in code[0].source and "year" in code[0].source and "out_dir" in code[0].source


def test_chart_is_inline_svg_readable_without_colour_and_byte_stable(out):
    from bs4 import BeautifulSoup

    summary = rollup.summarize(out, "南召县", 2020)
    html = rollup.chart_html(summary)
    assert html == rollup.chart_html(rollup.summarize(out, "南召县", 2020))  # same inputs, same bytes
    soup = BeautifulSoup(html, "html.parser")
    svg = soup.select_one("figure.gk-chart > svg")
    assert svg is not None and svg["role"] == "img" and svg["aria-label"].startswith("图：各乡镇本年新收申请（2019年、2020年")
    assert soup.select_one("figcaption").get_text() == svg["aria-label"]
    text = svg.get_text(" ")
    for word in ("本年新收政府信息公开申请（件）", "2020年办理结果（件，按结果分类叠加）", "2019年", "2020年",
                 "予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理", *TOWNSHIPS):
        assert word in text
    # every series has its own hatch pattern (not colour alone), and nothing is loaded from outside
    patterns = {p["id"] for p in svg.find_all("pattern")}
    assert len(patterns) >= 6
    assert not svg.find_all(["image", "script"]) and "xlink:href=\"http" not in html and "Date" not in html
    # the bar numbers are printed: the 2020 new applications of each township appear as labels
    received = [rollup._row(t.data, t.data["format"], "received")[-1] for t in summary.townships]
    assert all(str(v) in text.split() for v in received)


def test_a_year_without_applications_charts_whole_counts_from_zero():
    """The most common township year: nothing received anywhere. The axes read 0 and 1 件, not −0.06 to 0.06."""
    from bs4 import BeautifulSoup

    from gk_helpers.render.chart import OUTCOME_GROUPS, rollup_chart_svg

    svg = rollup_chart_svg(["城关镇", "云阳镇", "四棵树乡"], {2023: [None, 0, 0], 2024: [0, 0, 0]},
                           {name: [0, 0, 0] for _, name in OUTCOME_GROUPS}, 2024, "南召县各乡镇政府信息公开申请")
    numbers = {t for t in BeautifulSoup(svg, "html.parser").get_text(" ").split() if re.fullmatch(r"[−-]?\d+(\.\d+)?", t)}
    assert numbers == {"0", "1"}


def _keep_figures(monkeypatch) -> list:
    """The chart's matplotlib figures, kept as they are drawn (to read their axes and legend)."""
    from gk_helpers.render import chart

    figures: list = []
    drawn = chart._figure_svg
    monkeypatch.setattr(chart, "_figure_svg", lambda fig: figures.append(fig) or drawn(fig))
    return figures


def test_the_totals_above_stacked_bars_get_room_when_the_top_segments_are_zero(monkeypatch):
    """Every township closed 6 and none in 其他处理: the zero-height top segments sit at 6. Autoscaled, the axis
    stopped there (matplotlib's margins stop at a bar's edge) and the totals ran into the panel's title."""
    from gk_helpers.render import chart

    figures = _keep_figures(monkeypatch)
    outcomes = {name: [0, 0, 0] for _, name in chart.OUTCOME_GROUPS}
    outcomes["予以公开"], outcomes["部分公开"] = [4, 6, 3], [2, 0, 3]
    svg = chart.rollup_chart_svg(["城关镇", "云阳镇", "四棵树乡"], {2024: [5, 6, 7]}, outcomes, 2024, "南召县")
    top, bottom = figures[0].axes
    assert top.get_ylim() == pytest.approx((0, 7 * 1.15))
    assert bottom.get_ylim() == pytest.approx((0, 6 * 1.15))
    # each hatched series is a tile of lines: the circles and dots drawn before were tiles of 149 and 302 KB
    tiles = re.findall(r"<pattern.*?</pattern>", svg, re.S)
    assert len(tiles) == 5 and max(map(len, tiles)) < 1000


def test_the_outcome_legend_sits_below_long_township_names(monkeypatch):
    """Real counties have 街道办事处 and 开发区管委会 among their townships: the legend went over their names."""
    import matplotlib

    from gk_helpers.render import chart

    figures = _keep_figures(monkeypatch)
    names = ["城关镇", "云阳镇", "皇路店镇", "南河店镇", "板山坪镇", "白土岗镇", "太山庙乡", "东城街道办事处",
             "经济技术开发区管委会"]
    chart.rollup_chart_svg(names, {2024: [1] * len(names)}, {name: [1] * len(names) for _, name in chart.OUTCOME_GROUPS},
                           2024, "南召县")
    figure = figures[0]
    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": chart.FONTS}):  # measured as drawn
        legend = figure.legends[0].get_window_extent()
        lowest_name = min(label.get_window_extent().y0 for label in figure.axes[1].get_xticklabels())
    assert [t.get_text() for t in figure.legends[0].get_texts()] == [name for _, name in chart.OUTCOME_GROUPS]
    assert legend.y1 <= lowest_name


def test_drawing_the_chart_leaves_the_sessions_matplotlib_alone(out):
    """An analyst runs the roll-up notebook in JupyterLab, then plots: their backend and figures are as they were."""
    import matplotlib
    import matplotlib.pyplot as plt

    previous = matplotlib.get_backend()
    matplotlib.use("svg")  # any backend but the Agg the chart was once drawn with
    try:
        figure = plt.figure()
        rollup.chart_html(rollup.summarize(out, "南召县", 2020))
        assert matplotlib.get_backend() == "svg"
        assert plt.get_fignums() == [figure.number]
        plt.close(figure)
    finally:
        matplotlib.use(previous)


def test_rollup_page_shows_the_chart(out):
    paths = rollup.execute_rollup("南召县", 2020, out, ROOT / "notebooks" / "county_summary.ipynb", out)
    html = paths["html"].read_text(encoding="utf-8")
    assert html.count("<svg") == 1 and "各乡镇申请与办理结果" in html


def test_overdue_replies_per_township(tmp_path):
    folder = tmp_path / "南召县" / "2023"
    folder.mkdir(parents=True)
    for township in ("云阳镇", "石门乡"):
        data = compute(load_ledgers(SAMPLE / township), 2023).to_dict()
        (folder / f"{township}.json").write_text(data_json(data), encoding="utf-8")
        write_stamp(folder / f".{township}.stamp.json", Stamp("f", "ok"))
    summary = rollup.summarize(tmp_path, "南召县", 2023)
    figures = {row["乡镇"]: row for row in summary.key_figures()}
    assert (figures["云阳镇"]["逾期答复"], figures["石门乡"]["逾期答复"]) == (1, 0)
    assert [(f["乡镇"], f["编号"]) for f in summary.failed_checks()] == [("云阳镇", "D1")]
