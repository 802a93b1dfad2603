"""A PDF with text tables → text lines and tables in reading order (pdfplumber).

Tables are found from their ruling lines; merged cells are rebuilt from the cell
rectangles (``Grid.from_boxes``), so a label spanning rows is known on each row. Text
outside the tables comes line by line. A PDF of scanned images has no text: that is
said plainly, not read as an empty report.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from ..errors import AuditError
from .grid import Grid


def _inside(obj, boxes) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 - 1 <= x <= x1 + 1 and top - 1 <= y <= bottom + 1 for x0, top, x1, bottom in boxes)


def _page_blocks(page) -> list[tuple[float, object]]:
    found = page.find_tables()
    placed: list[tuple[float, object]] = []
    boxes = []
    for table in found:
        cells = []
        for row, texts in zip(table.rows, table.extract(x_tolerance=1.5)):
            for bbox, text in zip(row.cells, texts):
                if bbox is not None:
                    cells.append((*bbox, "".join((text or "").split("\n"))))
        if cells:
            placed.append((table.bbox[1], Grid.from_boxes(cells)))
            boxes.append(table.bbox)
    rest = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    for line in rest.extract_text_lines(keep_blank_chars=False):
        text = " ".join(line["text"].split())
        if text:
            placed.append((line["top"], text))
    placed.sort(key=lambda item: item[0])
    return placed


def read_pdf(path: Path) -> list:
    """Blocks of every page, in order: ``str`` lines and ``Grid`` tables."""
    blocks: list = []
    with pdfplumber.open(str(path)) as pdf:
        chars = 0
        for page in pdf.pages:
            chars += len(page.chars)
            blocks += [block for _, block in _page_blocks(page)]
            page.flush_cache()
    if not chars:
        raise AuditError(f"{path}：PDF 中没有可读取的文字（可能是扫描件或图片），无法核对；请提供带文字层的 PDF 或网页版报告。")
    return blocks
