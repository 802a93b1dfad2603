"""Run-in heads: the short numbered title a paragraph opens with, up to its 。, set bold in every format."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gk_helpers.render.html import section_html
from gk_helpers.render.model import Paragraph, Section, run_in


@pytest.mark.parametrize("text, head", [
    ("（一）主动公开。围绕乡村振兴……", "（一）主动公开。"),
    ("（二）依申请公开情况。", "（二）依申请公开情况。"),  # a head alone, its text in the next paragraph
    ("（十二）其他。无。", "（十二）其他。"),
    ("2.加强培训。每季度组织一次。", "2.加强培训。"),
    ("1.村级公开栏更新不够及时，个别村存在内容陈旧的现象；", ""),  # a sentence, not a title
    ("1.梳理重点领域公开事项清单，明确公开时限和责任人。", ""),
    ("3.邀请群众代表参与评议。", ""),  # a whole short item is not a head
    ("本报告根据《条例》编制。", ""),
    ("（一）2023年，全镇主动公开政府信息一百二十条，较上年增加三成，涵盖财政预决算等领域。", ""),  # too long for a title
])
def test_run_in_heads(text, head):
    assert run_in(text) == (head, text[len(head):])


@given(st.text(alphabet="（）一二三1.。，主动公开情况 ", max_size=40))
def test_head_and_rest_are_the_paragraph(text):
    head, rest = run_in(text)
    assert head + rest == text and (not head or head.endswith("。"))


def test_html_sets_the_head_bold_in_both_style_modes():
    section = Section(1, "一、总体情况", [Paragraph("（一）主动公开。围绕重点。")])
    assert '<p class="gk-p"><strong class="gk-runin gk-level2">（一）主动公开。</strong>围绕重点。</p>' in section_html(section)
    inline = section_html(section, mode="inline")
    assert '<strong style="font-weight: bold; font-family: 楷体_GB2312' in inline and "</strong>围绕重点。</p>" in inline
