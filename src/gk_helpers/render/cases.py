"""The review page's drill-down: every non-zero count cell links to the list of its cases.

Works offline and without scripts: a cell is ``<a href="#gk-c3-5-0">``, its list is a
``<section id="gk-c3-5-0" class="gk-cases">`` that the stylesheet shows only while it
is the URL's ``:target``. The markup is in ``templates/review/case_lists.html.j2`` and
``case_table.html.j2``; this module prepares the lists.
"""

from __future__ import annotations

import pandas as pd

from ..count.cases import anchor
from ..base.formats import SECTION3_COLUMNS, SECTION4_GROUPS, SECTION4_RESULTS, section3_rows
from ..report.frames import SOURCE_COLUMNS, ledger_frame
from .html import part

#: How many cases one list shows before it says "…另有 N 件" (the .json has every id).
CASE_LIST_CAP = 200

#: The ledger columns a case list shows (when present), per ledger kind; the source goes last.
LIST_COLUMNS = {
    "applications": ("申请编号", "收到日期", "申请人类型", "办结日期", "办理结果", "申请内容"),
    "cases": ("案件编号", "案件类型", "收到日期", "审结日期", "审理结果"),
}


def _href(value, section: str, *position: int) -> str | None:
    return f"#{anchor(section, *position)}" if value else None


def cell_links(data) -> dict:
    """``{"二": {item: {row: [href|None]}}, "三": [[href|None] * 7], "四": [href|None] * 15}`` for the tables."""
    s2 = {item: {label: [_href(v, "二", b, r, c) for c, v in enumerate(values)]
                 for r, (label, values) in enumerate(block["rows"].items())}
          for b, (item, block) in enumerate(data.section2.items())}
    s3 = [[_href(v, "三", r, c) for c, v in enumerate(row)] for r, row in enumerate(data.section3.tolist())]
    s4 = [_href(v, "四", i) for i, v in enumerate(data.section4.tolist())]
    return {"二": s2, "三": s3, "四": s4}


def _cell_text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_CLASS = {"日期": "date", "编号": "id", "文号": "id", "编码": "id"}


def case_list(ident: str, title: str, count, frame: pd.DataFrame, kind: str, back: str) -> dict:
    """One cell's case list for ``review/case_lists.html.j2``: the kind's key columns, then 来源 (file「sheet」第N行)."""
    shown = [c for c in LIST_COLUMNS.get(kind, frame.columns) if c in frame.columns and c not in SOURCE_COLUMNS]
    rows = []
    for record in frame.head(CASE_LIST_CAP).itertuples(index=False):
        values = dict(zip(frame.columns, record))
        where = values["来源文件"] + (f"「{values['工作表']}」" if values["工作表"] else "") + f"第{values['行号']}行"
        rows.append({"cells": [{"text": _cell_text(values[c]), "css": _CLASS.get(c[-2:], "")} for c in shown], "source": where})
    # a count lists its records; an amount (万元) or a signed change (本年增/减) lists the records behind it
    size = f"{count} 件" if isinstance(count, int) and count == len(frame) else f"{count}（{len(frame)} 条记录）"
    return {"id": ident, "title": title, "size": size, "columns": shown, "rows": rows,
            "more": max(0, len(frame) - CASE_LIST_CAP), "back": back}


def case_lists_html(data, ledgers) -> str:
    """Every non-zero count cell's case list, each under its anchor id (hidden until targeted)."""
    frames: dict[str, pd.DataFrame] = {}
    cells = data.cells

    def records(kind, mask):
        if kind not in frames:
            frames[kind] = ledger_frame(ledgers, kind)
        return frames[kind].iloc[cells.positions(kind, mask)]

    out = []
    for b, (item, block) in enumerate(data.section2.items()):
        for r, label in enumerate(block["rows"]):
            for c, (column, selection) in enumerate(zip(block["columns"], cells.section2[item][label])):
                if selection.value:
                    out.append(case_list(anchor("二", b, r, c), f"第二部分 {item} {label}「{column}」", selection.value,
                                          records(selection.kind, selection.mask), selection.kind, "section-2"))
    for r, row in enumerate(section3_rows(data.format)):
        for c, column in enumerate(SECTION3_COLUMNS):
            value = int(data.section3[r, c])
            if value:
                out.append(case_list(anchor("三", r, c), f"第三部分 {row.label.replace('/', ' ')}「{column}」", value,
                                      records("applications", cells.section3.mask(r, c)), "applications", "section-3"))
    for i, value in enumerate(data.section4.tolist()):
        if value:
            group, result = SECTION4_GROUPS[i // len(SECTION4_RESULTS)], SECTION4_RESULTS[i % len(SECTION4_RESULTS)]
            out.append(case_list(anchor("四", i), f"第四部分 {group}「{result}」", value,
                                  records("cases", cells.section4.mask(i)), "cases", "section-4"))
    return part("review/case_lists", lists=out)
