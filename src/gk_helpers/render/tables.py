"""Sections 二, 三 and 四 as HTML tables from plain computed data (the roll-up page uses these).

The tables are built by ``model`` (merged header cells, scope, id/headers) and rendered by the
``report/table.html.j2`` template; every cell is printed (0 is never blank) and escaped.
"""

from __future__ import annotations

from .html import table_html
from .model import section2_tables, section3_table, section4_table


def section2_html(section2: dict, mode: str = "class", links: dict | None = None) -> str:
    """Section 二: one table per 条例 item, the item as the caption (``links`` as in ``model.section2_tables``)."""
    return "".join(table_html(t, mode) for t in section2_tables(section2, links))


def section3_html(rows_data: list[tuple[str, list[int]]], fmt: str, mode: str = "class", links: list | None = None) -> str:
    """Section 三 in the official layout of ``fmt`` (``links``: per row 7 hrefs or None)."""
    return table_html(section3_table(rows_data, fmt, links=links), mode)


def section4_html(values: list[int], mode: str = "class", links: list | None = None) -> str:
    """Section 四: 15 numbers under the 行政复议 / 行政诉讼 group headers (``links``: 15 hrefs or None)."""
    return table_html(section4_table(values, links=links), mode)
