"""Reading one printed number cell, and matching printed labels to the official ones."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gk_helpers.audit.cells import parse_cell
from gk_helpers.audit.grid import Grid, Span
from gk_helpers.audit.labels import core, match
from gk_helpers.audit.tables import SECTION3_CANDIDATES


@pytest.mark.parametrize("text, money, value, flags", [
    ("21", False, 21, {}),
    ("２１", False, 21, {}),
    ("\u00a05\u00a0", False, 5, {}),
    ("1,230", False, 1230, {}),
    ("-8", False, -8, {}),
    ("－8", False, -8, {}),
    ("+19", False, 19, {"plus": True}),
    ("18.678", True, 18.678, {}),
    ("240万元", True, 240, {"unit": "万元"}),
    ("251000元", True, 25.1, {"unit": "元"}),
    ("1230500元", True, 123.05, {"unit": "元"}),
    ("3件", False, 3, {"unit": "件"}),
    ("", False, None, {"blank": True}),
    ("\u3000", False, None, {"blank": True}),
    ("—", False, None, {"blank": True}),
    ("/", False, None, {"blank": True}),
    ("无", False, None, {"text": True}),
    ("见附件", False, None, {"text": True}),
    ("5份文件", False, None, {"text": True}),
    # a note in brackets after the number (上海市人民政府办公厅 2025): the number is read, the note reported (U1)
    ("22（其中修订16件）", False, 22, {"note": "其中修订16件"}),
    ("55（含自然失效29 件）", False, 55, {"note": "含自然失效29件"}),
    ("5件(含上年结转2件)", False, 5, {"unit": "件", "note": "含上年结转2件"}),
    ("12（见附件）", False, 12, {"note": "见附件"}),
    ("（3）", False, None, {"text": True}),
])
def test_parse_cell(text, money, value, flags):
    number = parse_cell(text, money=money)
    assert number.value == value
    for name in ("blank", "unit", "text", "plus", "note"):
        assert getattr(number, name) == flags.get(name, "" if name in ("unit", "note") else False), name
    assert number.written_wrong == bool(flags.get("unit") or flags.get("text") or flags.get("note"))


@given(st.integers(min_value=-10**9, max_value=10**9), st.booleans(), st.sampled_from(["", " ", "\u00a0", "\u3000"]))
def test_any_integer_reads_back_in_either_width(n, full_width, pad):
    text = str(n)
    if full_width:
        text = text.translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    number = parse_cell(pad + text + pad)
    assert number.value == n and not number.written_wrong and not number.blank


@pytest.mark.parametrize("printed, official", [
    ("1、属于国家秘密", "（三）不予公开/1.属于国家秘密"),
    ("(1)属于国家秘密", "（三）不予公开/1.属于国家秘密"),
    ("3.危及\"三安全一稳定\"", "（三）不予公开/3.危及“三安全一稳定”"),
    ("（二）部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",
     "（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("3.其他", "（六）其他处理/3.其他"),
    ("（六）其他处理", "（六）其他处理"),
    ("一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量"),
    ("四、结转下年度继续办理", "四、结转下年度继续办理"),
    ("（七）总计", "（七）总计"),
])
def test_section3_labels_match_despite_drift(printed, official):
    assert match(printed, SECTION3_CANDIDATES).key == official


@pytest.mark.parametrize("printed", ["（三）不予公开", "合计", "三、本年度办理结果", ""])
def test_unknown_or_group_labels_match_no_data_row(printed):
    assert match(printed, SECTION3_CANDIDATES) is None


def test_ambiguous_label_is_not_guessed():
    assert match("数量", {"a": "本年数量", "b": "上年数量"}) is None


def test_core_removes_numbering_punctuation_and_line_breaks():
    assert core("2.其他法律行政\n法规禁止公开") == "其他法律行政法规禁止公开"
    assert core("（１）属于　国家秘密") == "属于国家秘密"
    assert core("12345热线") == "12345热线"


def test_grid_expands_spans_and_keeps_origins():
    grid = Grid.from_spans([[Span("A", 2, 2), Span("B")], [Span("C")], [Span("D"), Span("E", 1, 2)]])
    assert grid.text == [["A", "A", "B"], ["A", "A", "C"], ["D", "E", "E"]]
    assert grid.origin[1][1] == (0, 0) and grid.origin[2][2] == (2, 1)
    assert grid.row_cells(2) == [(0, "D"), (1, "E")]
    assert grid.spans()[0] == [(0, 0, 2, 2, "A"), (0, 2, 1, 1, "B")]


def test_grid_from_pdf_cell_boxes():
    boxes = [(0, 0, 20, 10, "A"), (20, 0, 30, 5, "B"), (20, 5, 30, 10, "C"), (0, 10, 10, 20, "D"), (10, 10, 30, 20, "E")]
    grid = Grid.from_boxes(boxes)
    assert grid.text == [["A", "A", "B"], ["A", "A", "C"], ["D", "E", "E"]]


@pytest.mark.parametrize("line, number", [
    ("一、总体情况", 1), ("二、 主动公开政府信息情况", 2), ("三．收到和处理政府信息公开申请情况", 3),
    ("四、政府信息公开行政复议、行政诉讼情况", 4), ("五、存在的主要问题及改进情况", 5), ("六、其他需要报告的事项", 6),
    ("（四）政府信息公开平台建设。依托县人民政府门户网站", 0),  # an item inside 总体情况, not section 四
    ("（一）总体情况", 0), ("二是压实工作责任", 0), ("一、总体情况良好，全年共收到政府信息公开申请21件，均已按时答复完毕", 0),
])
def test_section_headings(line, number):
    from gk_helpers.audit.labels import heading_number

    assert heading_number(line) == number


def test_section4_columns_named_the_short_way():
    from gk_helpers.audit.tables import read_section4

    rows = [[Span("行政复议", 1, 5), Span("行政诉讼", 1, 10)],
            [Span(t, 2, 1) for t in ("维持", "纠正", "其他", "未审结", "合计")] + [Span("未经复议直接起诉", 1, 5), Span("复议后起诉", 1, 5)],
            [Span(t) for t in ("维持", "纠正", "其他", "未审结", "合计")] * 2,
            [Span(str(v)) for v in range(15)]]
    found = read_section4([Grid.from_spans(rows, index=1)])
    assert [found.values[i].number.value for i in range(15)] == list(range(15))
    assert found.notes == []
