"""Sections 二, 三 and 四 as HTML tables with the official merged header cells.

Every cell is printed (0 is never blank); every label is HTML-escaped. The spans
follow spec §4–§6: section 三's corner cell 3×3, 申请人情况 over seven columns,
法人或其他组织 over five, 三、本年度办理结果 and the （三）–（六） group cells spanning
their rows; section 四's 行政复议 / 行政诉讼 and 未经复议直接起诉 / 复议后起诉 groups.
"""

from __future__ import annotations

from html import escape

from ..count.formats import (
    APPLICANT_TYPES,
    ORGANISATION_TYPES,
    SECTION2_FIRST_COLUMN,
    SECTION3_CORNER,
    SECTION3_RESULTS_LABEL,
    SECTION4_GROUPS,
    SECTION4_LITIGATION,
    SECTION4_RESULTS,
    section3_rows,
)
from .text import number


def _th(text: str, rowspan: int = 1, colspan: int = 1, cls: str = "") -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    attrs += f' class="{cls}"' if cls else ""
    return f"<th{attrs}>{escape(text)}</th>"


def _tds(values, links=None) -> str:
    """Number cells; with ``links`` (one href or None per value, review page only) a cell is a link."""
    links = links or [None] * len(values)
    return "".join(
        f'<td class="num"><a href="{escape(href)}">{escape(number(v))}</a></td>' if href else f'<td class="num">{escape(number(v))}</td>'
        for v, href in zip(values, links)
    )


def section2_html(section2: dict, links: dict | None = None) -> str:
    """Section 二: one table per 条例 item, caption row spanning the table (``links``: item → row → hrefs)."""
    tables = []
    for item, block in section2.items():
        width = 1 + len(block["columns"])
        rows = [f"<tr>{_th(item, colspan=width, cls='caption')}</tr>"]
        rows.append("<tr>" + _th(SECTION2_FIRST_COLUMN) + "".join(_th(c) for c in block["columns"]) + "</tr>")
        rows += [f"<tr>{_th(label, cls='label')}{_tds(values, (links or {}).get(item, {}).get(label))}</tr>"
                 for label, values in block["rows"].items()]
        tables.append(f'<table class="gk-table gk-s2">{"".join(rows)}</table>')
    return "\n".join(tables)


def section3_html(rows_data: list[tuple[str, list[int]]], fmt: str, links: list | None = None) -> str:
    """Section 三 in the official layout of ``fmt`` (20 or 22 rows under 三、本年度办理结果).

    ``links`` (review page): per row, seven hrefs or None.
    """
    rows = section3_rows(fmt)
    head = [
        "<tr>" + _th(SECTION3_CORNER, rowspan=3, colspan=3, cls="corner") + _th("申请人情况", colspan=len(APPLICANT_TYPES) + 1) + "</tr>",
        "<tr>" + _th(APPLICANT_TYPES[0], rowspan=2) + _th("法人或其他组织", colspan=len(ORGANISATION_TYPES)) + _th("总计", rowspan=2) + "</tr>",
        "<tr>" + "".join(_th(t) for t in ORGANISATION_TYPES) + "</tr>",
    ]
    results_span = sum(1 for r in rows if r.role in ("outcome", "closed_total"))
    group_spans: dict[str, int] = {}
    for r in rows:
        if r.group:
            group_spans[r.group] = group_spans.get(r.group, 0) + 1
    body, results_open, groups_open = [], False, set()
    for index, ((label, values), r) in enumerate(zip(rows_data, rows)):
        cells = ""
        if r.role in ("received", "carried_over", "carried_forward"):
            cells = _th(r.leaf, colspan=3, cls="label")
        else:
            if not results_open:
                cells += _th(SECTION3_RESULTS_LABEL, rowspan=results_span, cls="group")
                results_open = True
            if r.group:
                if r.group not in groups_open:
                    cells += _th(r.group, rowspan=group_spans[r.group], cls="group")
                    groups_open.add(r.group)
                cells += _th(r.leaf, cls="label")
            else:
                cells += _th(r.leaf, colspan=2, cls="label")
        body.append(f"<tr>{cells}{_tds(values, links[index] if links else None)}</tr>")
    return f'<table class="gk-table gk-s3"><thead>{"".join(head)}</thead><tbody>{"".join(body)}</tbody></table>'


def section4_html(values: list[int], links: list | None = None) -> str:
    """Section 四: 15 numbers under the 行政复议 / 行政诉讼 group headers (``links``: 15 hrefs or None)."""
    review, direct, after = SECTION4_GROUPS
    results = SECTION4_RESULTS
    head = [
        "<tr>" + _th(review, colspan=5) + _th(SECTION4_LITIGATION, colspan=10) + "</tr>",
        "<tr>" + "".join(_th(r, rowspan=2) for r in results) + _th(direct, colspan=5) + _th(after, colspan=5) + "</tr>",
        "<tr>" + "".join(_th(r) for r in results) * 2 + "</tr>",
    ]
    return f'<table class="gk-table gk-s4"><thead>{"".join(head)}</thead><tbody><tr>{_tds(values, links)}</tr></tbody></table>'
