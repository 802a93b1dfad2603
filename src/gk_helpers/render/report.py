"""The report text as HTML: title, the six sections in order, sign-off.

Prose comes from params (placeholders already filled) and is escaped here; each
non-empty line is a paragraph and ``#``-lines are sub-headings, as in the Markdown
files townships write. Tables come from ``render_tables``; section 六's data items
from ``sentences``.
"""

from __future__ import annotations

from html import escape

from ..count.formats import SECTION_HEADINGS
from .sentences import data_items
from .tables import section2_html, section3_html, section4_html

_CN_DIGITS = "零一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (enough for item numbering)."""
    if n <= 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (_CN_DIGITS[tens] if tens > 1 else "") + "十" + (_CN_DIGITS[ones] if ones else "")


def prose_html(text: str) -> str:
    """Escaped prose: one paragraph per non-empty line, ``#`` lines as sub-headings."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            out.append(f'<h3 class="gk-sub">{escape(line.lstrip("#").strip())}</h3>')
        else:
            out.append(f"<p>{escape(line)}</p>")
    return "\n".join(out)


def heading_html(index: int) -> str:
    """The heading of section ``index`` (1–6), exactly as the format has it."""
    return f'<h2 class="gk-heading">{escape(SECTION_HEADINGS[index - 1])}</h2>'


def title_html(title: str) -> str:
    """The report title."""
    return f'<h1 class="gk-title">{escape(title)}</h1>'


def section_html(index: int, ctx, links: dict | None = None) -> str:
    """Section ``index`` (1–6) of the report for a prepared context.

    ``links`` (review page only): ``{"二": …, "三": …, "四": …}`` hrefs per count cell, as
    ``render.cases.cell_links`` makes them; without it the public markup.
    """
    data = ctx.data
    links = links or {}
    if index == 1:
        body = prose_html(ctx.overview) or "<p>（未填写总体情况）</p>"
    elif index == 2:
        body = section2_html(data.section2, links.get("二"))
    elif index == 3:
        body = section3_html(data.section3_rows, data.format, links.get("三"))
    elif index == 4:
        body = section4_html([int(v) for v in data.section4], links.get("四"))
    elif index == 5:
        body = prose_html(ctx.problems) or "<p>（未填写存在的主要问题及改进情况）</p>"
    else:
        items = [(item.title, prose_html(item.text)) for item in ctx.other_items]
        items += [(title, f"<p>{escape(sentence)}</p>") for title, sentence in data_items(data.stats, data.year)]
        body = "\n".join(
            f'<h3 class="gk-item">（{cn_number(i)}）{escape(title)}</h3>\n{html}' for i, (title, html) in enumerate(items, 1)
        )
    return f'<section class="gk-section" id="section-{index}">{heading_html(index)}\n{body}</section>'


def signoff_html(agency: str, date: str) -> str:
    """Agency name and date at the end of the report."""
    return f'<div class="gk-signoff"><p>{escape(agency)}</p><p>{escape(date)}</p></div>'
