"""The three tables of a corpus document as rows of printed cells, each (text, rowspan, colspan).

Every producer (site page, Word file, WPS or Chromium PDF) lays out the same official merged
grid; they differ only in how they draw it.
"""

from __future__ import annotations

from .model import COLUMNS, CORNER, RESULTS, Report


def s2_rows(doc: Report) -> list[list[tuple[str, int, int]]]:
    """Section 二 as rows of (text, rowspan, colspan), one table with the captions inside (as sites print it)."""
    width = max(len(b.columns) for b in doc.s2) + 1
    rows = []
    for block in doc.s2:
        rows.append([(block.caption, 1, width)])
        span = [1] * len(block.columns)
        span[-1] += width - 1 - len(block.columns)
        rows.append([("信息内容", 1, 1)] + [(c, 1, s) for c, s in zip(block.columns, span)])
        rows += [[(label, 1, 1)] + [(v, 1, s) for v, s in zip(cells, span)] for label, cells in block.rows]
    return rows


def s3_rows(doc: Report) -> list[list[tuple[str, int, int]]]:
    """Section 三: the corner and applicant headers, then each row with its group and leaf labels as printed."""
    results_label = doc.extra.get("results_label", "三、本年度办理结果")
    group_labels = doc.extra.get("group_labels", {})
    rows = [[(CORNER, 3, 3), ("申请人情况", 1, 7)],
            [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
            [(c, 1, 1) for c in COLUMNS[1:6]]]
    outcome = [r for r in doc.s3 if r.key not in ("一", "二", "四")]
    groups: dict[str, int] = {}
    for r in outcome:
        if r.group:
            groups[r.group] = groups.get(r.group, 0) + 1
    opened, first = set(), True
    for r in doc.s3:
        cells = []
        if r.key in ("一", "二", "四"):
            cells.append((r.leaf, 1, 3))
        else:
            if first:
                cells.append((results_label, len(outcome), 1))
                first = False
            if r.group:
                if r.group not in opened:
                    cells.append((group_labels.get(r.group, r.group), groups[r.group], 1))
                    opened.add(r.group)
                cells.append((r.leaf, 1, 1))
            else:
                cells.append((r.leaf, 1, 2))
        rows.append(cells + [(v, 1, 1) for v in r.cells])
    return rows


def s4_rows(doc: Report) -> list[list[tuple[str, int, int]]]:
    """Section 四: 行政复议 and the two 行政诉讼 groups, their five result columns, one row of numbers."""
    results = doc.extra.get("s4_results", RESULTS)
    return [[("行政复议", 1, 5), ("行政诉讼", 1, 10)],
            [(r, 2, 1) for r in results] + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
            [(r, 1, 1) for r in results] * 2,
            [(v, 1, 1) for v in doc.s4]]


