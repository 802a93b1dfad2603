"""A corpus document as WPS 文字 exports it to PDF (上海市人民政府办公厅 2025), with the quirks such PDFs have.

The original is a PDF in the 公文 layout whose producer is not recorded; this reconstruction prints the
same text and tables the way a WPS 文字 export draws them, written with reportlab:

- every glyph a text object of its own, digits and Latin letters in a Latin font beside the CJK one,
  body text at 15.9 pt in some paragraphs and 16 pt in others;
- a white fill rectangle behind every line of body text (paragraph shading), never stroked;
- tables as white cell fills, light-blue caption rows, and rules drawn as separate line segments;
- a table broken across pages, its continued rows without a rule above them;
- the group label 「三、本年度办理结果」 set in a vertical (Identity-V) font, one glyph under another;
- 公文 page numbers 「— N —」 at the foot; Creator 「WPS 文字」 and an empty Producer; no sign-off.
"""

from __future__ import annotations

from pathlib import Path

from .grids import s2_rows, s3_rows, s4_rows
from .model import Report

CJK, CJK_V, LATIN = "STSong-Light", "STSong-Light-V", "Times-Roman"
PAGE_W, PAGE_H = 595.3, 841.9
LEFT, RIGHT, TOP, BOTTOM = 90.0, 505.3, 769.9, 72.0
BLUE = (0.776, 0.851, 0.945)
_NO_LINE_START = "，。、；：？！）」》”"  # hung at the line's end, as WPS does


def _register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if CJK_V in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(UnicodeCIDFont(CJK))
    vertical = UnicodeCIDFont(CJK, isVertical=True)
    vertical.name = vertical.fontName = CJK_V  # its own name: registering it as STSong-Light turns all text vertical
    pdfmetrics.registerFont(vertical)


def _place(rows: list[list[tuple[str, int, int]]]) -> list[tuple[int, int, int, int, str]]:
    """(row, column, rowspan, colspan, text) of every cell, columns counted past earlier rows' spans."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, rs, cs, text))
            taken.update((r + i, c + j) for i in range(rs) for j in range(cs))
            c += cs
    return out


class _Writer:
    """A page cursor drawing text glyph by glyph, the way WPS writes it."""

    def __init__(self, path: Path, title: str):
        from reportlab.pdfgen import canvas

        _register()
        self.c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), pageCompression=1)
        self.c.setCreator("WPS 文字")
        self.c.setTitle(title)
        self.c._doc.info.producer = ""
        self.page, self.y = 1, TOP

    @staticmethod
    def _font(ch: str) -> str:
        return LATIN if ch.isascii() else CJK

    def width(self, text: str, size: float) -> float:
        from reportlab.pdfbase import pdfmetrics

        return sum(pdfmetrics.stringWidth(ch, self._font(ch), size) for ch in text)

    def glyphs(self, x: float, y: float, text: str, size: float) -> None:
        """Each character its own text object (WPS's per-glyph runs)."""
        for ch in text:
            if ch != " ":
                self.c.setFont(self._font(ch), size)
                self.c.drawString(x, y, ch)
            x += self.width(ch, size)

    def wrap(self, text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
        lines, line, used = [], "", indent
        for ch in text:
            w = self.width(ch, size)
            if line and used + w > width + 0.01 and ch not in _NO_LINE_START:
                lines.append(line)
                line, used = "", 0.0
            line += ch
            used += w
        return lines + [line] if line or not lines else lines

    def new_page(self) -> None:
        label = f"— {self.page} —"
        self.glyphs((PAGE_W - self.width(label, 12.9)) / 2, 48, label, 12.9)
        self.c.showPage()
        self.page, self.y = self.page + 1, TOP

    def paragraph(self, text: str, size: float = 16.0, leading: float = 28.9, indent: int = 2,
                  center: bool = False, space_after: float = 0.0) -> None:
        first = 0.0 if center else indent * size
        for i, line in enumerate(self.wrap(text, RIGHT - LEFT, size, first)):
            if self.y - leading < BOTTOM:
                self.new_page()
            self.y -= leading
            self.c.setFillColorRGB(1, 1, 1)
            self.c.rect(LEFT, self.y - 7, RIGHT - LEFT, leading, fill=1, stroke=0)  # the line's shading
            self.c.setFillColorRGB(0, 0, 0)
            x = (PAGE_W - self.width(line, size)) / 2 if center else LEFT + (first if i == 0 else 0.0)
            self.glyphs(x, self.y, line, size)
        self.y -= space_after

    def table(self, rows, widths: list[float], size: float, shaded: set[int] = frozenset(),
              vertical: set[str] = frozenset()) -> None:
        cells = _place(rows)
        pad, lead = 3.0, size * 1.25
        x0 = LEFT + (RIGHT - LEFT - sum(widths)) / 2
        xs = [x0]
        for w in widths:
            xs.append(xs[-1] + w)
        heights = [size + 2 * pad + 4] * len(rows)
        for r, c, rs, cs, text in cells:
            if rs == 1:
                lines = self.wrap(text, xs[c + cs] - xs[c] - 2 * pad, size)
                heights[r] = max(heights[r], len(lines) * lead + 2 * pad)
        start = 0
        while start < len(rows):  # one page's part of the table
            if self.y - heights[start] < BOTTOM:
                self.new_page()
            end, top = start, self.y
            while end < len(rows) and top - heights[end] >= BOTTOM:
                top -= heights[end]
                end += 1
            self._part(cells, xs, heights, start, end, size, pad, lead, shaded, vertical, continued=start > 0)
            self.y = top
            start = end
            if start < len(rows):
                self.new_page()
        self.y -= 10

    def _part(self, cells, xs, heights, start, end, size, pad, lead, shaded, vertical, continued) -> None:
        tops = [self.y]
        for r in range(start, end):
            tops.append(tops[-1] - heights[r])
        owner: dict[tuple[int, int], tuple] = {}
        for cell in cells:
            r, c, rs, cs, _ = cell
            owner.update({(r + i, c + j): cell for i in range(rs) for j in range(cs)})
        drawn = [cell for cell in cells if cell[0] < end and cell[0] + cell[2] > start]
        for r, c, rs, cs, text in drawn:  # fills first, as WPS writes them
            a, b = max(r, start), min(r + rs, end)
            self.c.setFillColorRGB(*(BLUE if r in shaded else (1, 1, 1)))
            self.c.rect(xs[c], tops[b - start], xs[c + cs] - xs[c], tops[a - start] - tops[b - start], fill=1, stroke=0)
        self.c.setFillColorRGB(0, 0, 0)
        for r, c, rs, cs, text in drawn:
            if r < start or not text:
                continue  # a label spanning from the previous page was printed there
            a, b = r, min(r + rs, end)
            cell_top, cell_bottom = tops[a - start], tops[b - start]
            if text in vertical:
                glyph = min(size, (cell_top - cell_bottom - 2 * pad) / len(text))
                self.c.setFont(CJK_V, glyph)
                y = (cell_top + cell_bottom) / 2 + len(text) * glyph / 2
                self.c.drawString((xs[c] + xs[c + cs]) / 2, y, text)
                continue
            width = xs[c + cs] - xs[c] - 2 * pad
            lines = self.wrap(text, width, size)
            y = (cell_top + cell_bottom) / 2 + len(lines) * lead / 2 - size
            for line in lines:
                self.glyphs((xs[c] + xs[c + cs] - self.width(line, size)) / 2, y, line, size)
                y -= lead
        self.c.setLineWidth(0.5)
        for r in range(start, end + 1):  # horizontal rules where a cell begins or the part ends
            if r == start and continued:
                continue  # WPS leaves the continued rows without a rule above them
            y = tops[r - start]
            for c in range(len(xs) - 1):
                below, above = owner.get((r, c)), owner.get((r - 1, c))
                if r == end or below is None or above is None or below is not above:
                    self.c.line(xs[c], y, xs[c + 1], y)
        for r in range(start, end):  # vertical rules at each cell's edges
            for c in range(len(xs)):
                left, right = owner.get((r, c - 1)), owner.get((r, c))
                if c == 0 or c == len(xs) - 1 or left is not right:
                    self.c.line(xs[c], tops[r - start], xs[c], tops[r - start + 1])

    def save(self) -> None:
        self.new_page()
        self.c.save()


def wps_pdf(doc: Report, path: Path) -> Path:
    """The report as a WPS 文字 PDF export."""
    w = _Writer(path, "".join(doc.title_lines).replace(" ", ""))
    w.y -= 20
    size = min([22.0] + [(RIGHT - LEFT) / w.width(line, 1.0) for line in doc.title_lines])  # each title line on one line
    for line in doc.title_lines:
        w.paragraph(line, size=size, leading=34.0, center=True)
    w.y -= 12
    for text in doc.preamble:
        w.paragraph(text, size=15.9)
    s3 = s3_rows(doc)
    tables = {
        2: (s2_rows(doc), [131.0, 95.0, 95.0, 95.0], 10.0, {i for i, row in enumerate(s2_rows(doc)) if row[0][0].startswith("第二十条")}),
        3: (s3, [22.0, 50.0, 112.0] + [33.0] * 7, 9.0, set()),
        4: (s4_rows(doc), [27.6] * 15, 9.0, set()),
    }
    for i in range(1, 7):
        w.paragraph(doc.heading(i))
        if i in tables:
            rows, widths, size, shaded = tables[i]
            w.table(rows, widths, size, shaded=shaded, vertical={doc.extra.get("results_label", "三、本年度办理结果")})
        for j, text in enumerate(doc.prose.get(i, [])):
            w.paragraph(text, size=16.0 if j % 2 == 0 else 15.9)
    if doc.sign_off:
        for line in doc.sign_off:
            w.paragraph(line, indent=0)
    w.save()
    return path
