"""A Word .docx → text lines and tables in body order, merged cells (gridSpan, vMerge) expanded.

The package is sized before python-docx opens it and each table's expansion is bounded (``bounds``):
a ``gridSpan`` is at most 100 columns, a table at most ``MAX_TABLE_CELLS`` positions.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn

from .bounds import MAX_TABLE_CELLS, Budget, TooLarge, docx_problem, table_too_large
from .grid import Grid


def _text(element) -> str:
    parts = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:p")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:p") and parts:
            parts.append(" ")
        else:
            parts.append(" ")
    return " ".join("".join(parts).split())


def _int(element, tag: str, default: int = 0) -> int:
    node = element.find(tag)
    if node is None:
        return default
    try:
        return int(node.get(qn("w:val")))
    except (TypeError, ValueError):
        return default


def table_grid(tbl) -> Grid:
    """A ``w:tbl`` → Grid: ``gridSpan`` widens a cell, ``vMerge`` continues the cell above."""
    placed: dict = {}
    for r, tr in enumerate(tbl.findall(qn("w:tr"))):
        pr = tr.find(qn("w:trPr"))
        c = _int(pr, qn("w:gridBefore")) if pr is not None else 0
        for tc in tr.findall(qn("w:tc")):
            tcpr = tc.find(qn("w:tcPr"))
            span = max(1, min(_int(tcpr, qn("w:gridSpan"), 1), 100)) if tcpr is not None else 1
            if len(placed) + span > MAX_TABLE_CELLS:
                raise table_too_large()  # stopped before expanding it: its full size is not known
            vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
            continues = vmerge is not None and vmerge.get(qn("w:val"), "continue") == "continue"
            for dc in range(span):
                if continues and (r - 1, c + dc) in placed:
                    placed[(r, c + dc)] = placed[(r - 1, c + dc)]
                else:
                    placed[(r, c + dc)] = (_text(tc), (r, c))
            c += span
    return Grid._from_placed(placed, 0)


def read_docx(path: Path, notes: list[str] | None = None) -> list:
    """Blocks of a document body: ``str`` paragraphs and ``Grid`` tables in order (``notes``: tables left out)."""
    refused = docx_problem(path)
    if refused:
        raise TooLarge(refused)
    body = open_docx(str(path)).element.body
    budget = Budget()
    blocks: list = []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = _text(child)
            if text:
                blocks.append(text)
        elif child.tag == qn("w:tbl"):
            try:
                grid = table_grid(child)
            except TooLarge as exc:
                budget.skipped(exc)
                continue
            budget.spend(grid.nrows * grid.ncols)
            blocks.append(grid)
    if notes is not None:
        notes += budget.notes
    return blocks
