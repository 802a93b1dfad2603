"""The review page's drill-down: every non-zero count cell links to the list of its cases.

Works offline and without scripts: a cell is ``<a href="#gk-c3-5-0">``, its list is a
``<section id="gk-c3-5-0" class="gk-cases">`` that the stylesheet shows only while it
is the URL's ``:target``.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from ..count.cases import anchor
from ..count.formats import SECTION3_COLUMNS, SECTION4_GROUPS, SECTION4_RESULTS, section3_rows
from ..frames import SOURCE_COLUMNS, ledger_frame

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


_CLASS = {"日期": ' class="date"', "编号": ' class="id"', "文号": ' class="id"', "编码": ' class="id"'}


def cases_table(frame: pd.DataFrame, kind: str) -> str:
    """The cases of one cell: the kind's key columns, then 来源 (file「sheet」第N行)."""
    shown = [c for c in LIST_COLUMNS.get(kind, frame.columns) if c in frame.columns and c not in SOURCE_COLUMNS]
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in shown) + '<th scope="col">来源</th>'
    rows = []
    for record in frame.head(CASE_LIST_CAP).itertuples(index=False):
        values = dict(zip(frame.columns, record))
        where = values["来源文件"] + (f"「{values['工作表']}」" if values["工作表"] else "") + f"第{values['行号']}行"
        rows.append("<tr>" + "".join(f"<td{_CLASS.get(c[-2:], '')}>{escape(_cell_text(values[c]))}</td>" for c in shown)
                    + f"<td>{escape(where)}</td></tr>")
    more = f"<p>…另有 {len(frame) - CASE_LIST_CAP} 件未列出（完整编号见 .json 的 cases）。</p>" if len(frame) > CASE_LIST_CAP else ""
    return f'<table class="gk-panel-table gk-case-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>{more}'


def _list_html(ident: str, title: str, count, frame: pd.DataFrame, kind: str, back: str) -> str:
    # a count lists its records; an amount (万元) or a signed change (本年增/减) lists the records behind it
    size = f"{count} 件" if isinstance(count, int) and count == len(frame) else f"{count}（{len(frame)} 条记录）"
    return (f'<section class="gk-cases" id="{escape(ident)}"><h4>{escape(title)}：{escape(size)}</h4>'
            f"{cases_table(frame, kind)}"
            f'<p class="gk-back"><a href="#{escape(back)}">返回表格</a></p></section>')


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
                    out.append(_list_html(anchor("二", b, r, c), f"第二部分 {item} {label}「{column}」", selection.value,
                                          records(selection.kind, selection.mask), selection.kind, "section-2"))
    for r, row in enumerate(section3_rows(data.format)):
        for c, column in enumerate(SECTION3_COLUMNS):
            value = int(data.section3[r, c])
            if value:
                out.append(_list_html(anchor("三", r, c), f"第三部分 {row.label.replace('/', ' ')}「{column}」", value,
                                      records("applications", cells.section3.mask(r, c)), "applications", "section-3"))
    for i, value in enumerate(data.section4.tolist()):
        if value:
            group, result = SECTION4_GROUPS[i // len(SECTION4_RESULTS)], SECTION4_RESULTS[i % len(SECTION4_RESULTS)]
            out.append(_list_html(anchor("四", i), f"第四部分 {group}「{result}」", value,
                                  records("cases", cells.section4.mask(i)), "cases", "section-4"))
    if not out:
        return "<p>表格中没有非零的数字。</p>"
    return ('<p class="gk-hint">点击报告表格中的数字，在此处显示构成该数字的案件（编号、日期、申请人类型、结果、内容和台账位置）。</p>'
            + "".join(out))
