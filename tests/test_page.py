"""The report pages' short way (render/page.py) gives nbconvert's bytes; the executed notebook nbformat's."""

from __future__ import annotations

from html import escape
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from hypothesis import event, given, settings
from hypothesis import strategies as st
from nbconvert import HTMLExporter

from gk_helpers.batch.execute import execute_report
from gk_helpers.batch.notebook_run import notebook_json
from gk_helpers.render import page
from gk_helpers.render.exporters import PublicExporter, ReviewExporter

ROOT = Path(__file__).resolve().parents[1]
#: A 2019-format and a 2021-format report, one from CSV ledgers and one from a workbook.
REPORTS = [("城关镇", 2020), ("四棵树乡", 2022)]


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> list:
    out = tmp_path_factory.mktemp("page")
    return [nbformat.read(execute_report(ROOT / "params" / "南召县" / t / f"{y}.yaml", out, cwd=ROOT).notebook, 4)
            for t, y in REPORTS]


def nbconvert_way(exporter, nb) -> str:
    """The page through nbconvert's own machinery (copy, preprocessors, template, BeautifulSoup pass)."""
    return HTMLExporter.from_notebook_node(exporter, nb)[0]


@pytest.mark.parametrize("exporter", [PublicExporter, ReviewExporter])
def test_short_way_is_nbconverts_bytes_on_real_reports(executed, exporter):
    for nb in executed:
        made = exporter()
        assert page.normalize(page.assemble(nb, _title(nb), _css(), exporter.review)) is not None  # no fallback
        assert made.from_notebook_node(nb)[0] == nbconvert_way(made, nb)


def _title(nb) -> str:
    from gk_helpers.render.notebook_outputs import notebook_title

    return notebook_title(nb)


def _css() -> str:
    from gk_helpers.render.styles import stylesheet

    return stylesheet()


def test_an_output_the_short_way_does_not_know_goes_nbconverts_way(executed):
    nb = nbformat.reads(nbformat.writes(executed[0]), 4)
    nb.cells[2].outputs.append(nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}))
    assert page.assemble(nb, "t", "", False) is None
    made = PublicExporter()
    assert made.from_notebook_node(nb)[0] == nbconvert_way(made, nb)


def test_configured_preprocessors_go_nbconverts_way(executed):
    from traitlets.config import Config

    made = PublicExporter(config=Config({"TagRemovePreprocessor": {"remove_cell_tags": ["x"]}}))
    assert made._configured()
    assert made.from_notebook_node(executed[0])[0] == nbconvert_way(made, executed[0])


def test_notebook_json_is_nbformats(executed):
    for nb in executed:
        assert notebook_json(nb) == nbformat.writes(nb)


# ---- normalize against BeautifulSoup on generated markup ---------------------------------------------------

_TAGS = ["p", "div", "section", "table", "tr", "td", "th", "span", "a", "h2", "pre", "caption"]
_VOID = ["br", "col", "meta", "img", "hr"]
_NAMES = ["class", "id", "href", "scope", "aria-label", "colspan", "headers", "rel", "title"]
_TEXT = st.lists(st.sampled_from(list("ab 合计，。\n\t\u3000\xa0'\"") + ["&amp;", "&lt;", "&gt;", "&#34;", "&#39;",
                                                                          "&nbsp;", "&#x4e2d;", "&", "<", ">"]),
                 max_size=12).map("".join)


def _attributes(draw) -> str:
    names = draw(st.lists(st.sampled_from(_NAMES), max_size=3))
    out = []
    for name in names:
        value = draw(st.lists(st.sampled_from(list("ab c  合'<>&") + ["&amp;", "&#34;", '"']), max_size=8).map("".join))
        out.append(f" {name}='{value}'" if '"' in value and "'" not in value else f' {name}="{value.replace(chr(34), "&#34;")}"')
    return "".join(out)


@st.composite
def markup(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["text", "void", "element", "style"] if depth < 3 else ["text", "void"]))
        if kind == "text":
            parts.append(draw(_TEXT))
        elif kind == "void":
            parts.append(f"<{draw(st.sampled_from(_VOID))}{_attributes(draw)}{draw(st.sampled_from(['', '/']))}>")
        elif kind == "style":
            parts.append(f"<style>{draw(st.sampled_from(['', 'a > b { color: red; }', '.x{}'])) }</style>")
        else:
            tag = draw(st.sampled_from(_TAGS))
            parts.append(f"<{tag}{_attributes(draw)}>{draw(markup(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=400, deadline=None)
@given(body=markup(), doctype=st.booleans())
def test_normalize_is_beautifulsoups_or_declines(body, doctype):
    html = ("<!DOCTYPE html>\n" if doctype else "") + body
    fast = page.normalize(html)
    event("short way" if fast is not None else "declined")  # pytest --hypothesis-show-statistics shows the share
    if fast is not None:
        assert fast == str(BeautifulSoup(html, features="html.parser"))


def test_normalize_covers_the_kits_markup():
    html = ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<style>\na > b { x: 1 }\n</style>\n'
            f'</head><body><p class="b  a" title="{escape(chr(34) + "x")}">甲&amp;乙<br>丙</p>\n\n<td headers="x  y">1</td>'
            "</body></html>\n")
    assert page.normalize(html) == str(BeautifulSoup(html, features="html.parser"))

