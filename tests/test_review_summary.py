"""The review page opens with what needs the reviewer; every entry links to its place in the panel."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from gk_helpers.batch.execute import execute_report
from gk_helpers.render.panel import summary_html

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    paths = execute_report(ROOT / "params" / "南召县" / "云阳镇" / "2023.yaml", tmp_path_factory.mktemp("review"), cwd=ROOT)
    read = lambda p: BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")  # noqa: E731
    return read(paths.review), read(paths.html)


def test_the_summary_comes_first_and_links_into_the_panel(pages):
    review, public = pages
    main = review.main
    first = main.find(True, recursive=False)
    assert first.name == "nav" and "gk-review-summary" in first["class"]
    assert first.h2.get_text() == "审核摘要（供审核人员使用，不属于报告正文）"
    assert main.find("h1") is not None and first.find_next("h1") is main.find("h1")  # before the title
    failed = [(a.get_text(), a["href"]) for a in first.select(".gk-summary-failed a")]
    assert [href for _, href in failed] == ["#check-D1", "#check-P6"]
    assert failed[0][0].startswith("D1 ") and failed[1][0].startswith("P6 ")
    for _, href in failed:
        row = review.find(id=href[1:])
        assert row is not None and row.name == "tr" and row.find_parent("aside", class_="gk-panel")
    assert first.select(".gk-summary-hints a") == []  # the sample's 云阳镇 2023 has no warning
    assert public.find(class_="gk-review-summary") is None and "审核摘要" not in public.get_text()


def test_each_hint_links_to_its_warning_in_the_panel(tmp_path):
    """板山坪镇 2019 has no 政府集中采购 ledger: the one warning is listed in the summary and links into the panel."""
    paths = execute_report(ROOT / "params" / "南召县" / "板山坪镇" / "2019.yaml", tmp_path, cwd=ROOT)
    review = BeautifulSoup(paths.review.read_text(encoding="utf-8"), "html.parser")
    summary = review.main.find(True, recursive=False)
    hints = [(a.get_text(), a["href"]) for a in summary.select(".gk-summary-hints a")]
    assert [href for _, href in hints] == ["#warning-1"] and "政府集中采购" in hints[0][0]
    assert review.find(id="warning-1").find_parent("aside", class_="gk-panel")
    assert summary.select(".gk-summary-failed a") == []


def test_case_tables_scroll_in_their_own_box(pages):
    review, _ = pages
    tables = review.select("section.gk-cases table.gk-case-table")
    assert tables and all(t.parent.name == "div" and "gk-case-box" in t.parent["class"] for t in tables)
    assert all(t.parent.get("role") == "region" and t.parent.get("tabindex") == "0" for t in tables)


def test_summary_of_a_report_that_passes_everything():
    html = summary_html({"checks": [{"id": "R1", "status": "通过", "description": "x"}], "warnings": []})
    soup = BeautifulSoup(html, "html.parser")
    assert soup.p.get_text() == "核对 1 项，不通过 0 项，提示 0 项；其他提示 0 条。"
    assert "核对全部通过，没有提示。" in soup.get_text() and not soup.select("ul")
