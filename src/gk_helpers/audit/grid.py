"""A table as read from a document: merged cells expanded, every position knows its origin.

HTML and DOCX tables come as rows of cells with ``rowspan``/``colspan``; PDF tables as
cell rectangles. Both become a ``Grid``: a full rectangle of positions, each holding the
text of the cell that covers it and that cell's top-left position (its origin), so a
label spanning three rows is seen on each of them and a merged number is read once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .bounds import MAX_TABLE_CELLS, table_too_large


@dataclass(frozen=True)
class Span:
    """One cell as a document declares it."""

    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Grid:
    """A table: ``text[r][c]`` and ``origin[r][c]`` for every position (r, c)."""

    text: list[list[str]]
    origin: list[list[tuple[int, int]]]
    index: int = 0  # the table's number in its document, from 1
    notes: list[str] = field(default_factory=list)

    @property
    def nrows(self) -> int:
        """Number of rows."""
        return len(self.text)

    @property
    def ncols(self) -> int:
        """Number of columns."""
        return len(self.text[0]) if self.text else 0

    @classmethod
    def from_spans(cls, rows: list[list[Span]], index: int = 0) -> "Grid":
        """Expand rows of spanning cells (HTML/DOCX semantics) into a rectangle.

        A rowspan ends at the table's last row (as browsers do); ``TooLarge`` when the expanded table would
        hold more than ``MAX_TABLE_CELLS`` positions — checked before anything is expanded.
        """
        spans = [[(max(1, min(cell.rowspan, 500, len(rows) - r)), max(1, min(cell.colspan, 100))) for cell in row]
                 for r, row in enumerate(rows)]
        area = sum(rs * cs for row in spans for rs, cs in row)
        if area > MAX_TABLE_CELLS:
            raise table_too_large(area)
        placed: dict[tuple[int, int], tuple[str, tuple[int, int]]] = {}
        for r, row in enumerate(rows):
            c = 0
            for cell, (rs, cs) in zip(row, spans[r]):
                while (r, c) in placed:
                    c += 1
                for dr in range(rs):
                    for dc in range(cs):
                        placed.setdefault((r + dr, c + dc), (cell.text, (r, c)))
                c += cs
        return cls._from_placed(placed, index)

    @classmethod
    def _from_placed(cls, placed: dict, index: int) -> "Grid":
        if not placed:
            return cls([], [], index)
        nrows = max(r for r, _ in placed) + 1
        ncols = max(c for _, c in placed) + 1
        text = [[placed.get((r, c), ("", (r, c)))[0] for c in range(ncols)] for r in range(nrows)]
        origin = [[placed.get((r, c), ("", (r, c)))[1] for c in range(ncols)] for r in range(nrows)]
        return cls(text, origin, index)

    @classmethod
    def from_boxes(cls, boxes: list[tuple[float, float, float, float, str]], index: int = 0, tol: float = 2.0) -> "Grid":
        """Build from cell rectangles ``(x0, top, x1, bottom, text)`` (a PDF table's cells)."""

        def edges(values):
            out: list[float] = []
            for v in sorted(values):
                if not out or v - out[-1] > tol:
                    out.append(v)
            return out

        xs = edges([b[0] for b in boxes] + [b[2] for b in boxes])
        ys = edges([b[1] for b in boxes] + [b[3] for b in boxes])

        def at(edges_, v):
            return min(range(len(edges_)), key=lambda i: abs(edges_[i] - v))

        placed: dict = {}
        for x0, top, x1, bottom, text in sorted(boxes, key=lambda b: (round(b[1]), round(b[0]))):
            r0, r1, c0, c1 = at(ys, top), at(ys, bottom), at(xs, x0), at(xs, x1)
            for r in range(r0, max(r1, r0 + 1)):
                for c in range(c0, max(c1, c0 + 1)):
                    placed.setdefault((r, c), (text, (r0, c0)))
        return cls._from_placed(placed, index)

    def slice_rows(self, start: int, stop: int) -> "Grid":
        """Rows ``start:stop`` as a table of their own, without the columns that are empty in all of them."""
        rows = range(start, stop)
        keep = [c for c in range(self.ncols) if any(self.text[r][c].strip() for r in rows)]
        index = {c: i for i, c in enumerate(keep)}
        text = [[self.text[r][c] for c in keep] for r in rows]
        origin = []
        for r in rows:
            row = []
            for c in keep:
                r0, c0 = self.origin[r][c]
                row.append((max(r0, start) - start, index.get(c0, index[c])))
            origin.append(row)
        return Grid(text, origin, self.index)

    def row_cells(self, r: int) -> list[tuple[int, str]]:
        """The distinct cells of row ``r`` in column order: (first column, text); a merged cell once."""
        seen, out = set(), []
        for c in range(self.ncols):
            key = self.origin[r][c]
            if key not in seen:
                seen.add(key)
                out.append((c, self.text[r][c]))
        return out

    def spans(self) -> list[list[tuple[int, int, int, int, str]]]:
        """Rows of (row, column, rowspan, colspan, text) for the cells whose origin is in each row."""
        extent: dict[tuple[int, int], list[int]] = {}
        for r in range(self.nrows):
            for c in range(self.ncols):
                o = self.origin[r][c]
                e = extent.setdefault(o, [r, c])
                e[0], e[1] = max(e[0], r), max(e[1], c)
        rows: list[list] = [[] for _ in range(self.nrows)]
        for (r0, c0), (r1, c1) in sorted(extent.items()):
            rows[r0].append((r0, c0, r1 - r0 + 1, c1 - c0 + 1, self.text[r0][c0]))
        return rows

    def all_text(self) -> str:
        """Every cell's text once, for recognising what the table is."""
        return "".join(t for r in range(self.nrows) for _, t in self.row_cells(r))
