"""The report as a document: title, six sections of paragraphs, headings and tables, sign-off.

``build_document`` is called once per report (in the notebook kernel) and every output is a
rendering of what it returns: the HTML parts through Jinja2 templates, the CMS fragment, the
Word file and the Excel workbook. Tables carry their merged header cells (rowspan, colspan,
scope, id/headers) and every official label as real text; count cells carry their number.
The model is plain data: ``to_dict`` / ``from_dict`` round-trip it through JSON.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from ..base.formats import (
    APPLICANT_TYPES,
    ORGANISATION_TYPES,
    SECTION2_FIRST_COLUMN,
    SECTION3_CORNER,
    SECTION3_RESULTS_LABEL,
    SECTION4_GROUPS,
    SECTION4_LITIGATION,
    SECTION4_RESULTS,
    SECTION_HEADINGS,
    section3_rows,
)
from .sentences import data_items
from .numbers import number

_CN_DIGITS = "零一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (enough for item numbering)."""
    if n <= 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (_CN_DIGITS[tens] if tens > 1 else "") + "十" + (_CN_DIGITS[ones] if ones else "")


@dataclass
class Cell:
    """One table cell. Header cells have ``header`` and a ``scope``; count cells a ``value``."""

    text: str
    value: int | float | None = None
    header: bool = False
    rowspan: int = 1
    colspan: int = 1
    scope: str = ""  # col | colgroup | row | rowgroup
    id: str = ""
    headers: str = ""  # space-separated ids of the header cells of a data cell
    role: str = ""  # corner | group | label | caption-like roles the styles use
    href: str = ""  # optional link (the review page links non-zero cells to their cases)


@dataclass
class Table:
    """A table with its header rows (``head``) and body rows, cells in reading order (merged cells once)."""

    key: str  # s2-1 … | s3 | s4
    caption: str
    head: list[list[Cell]]
    body: list[list[Cell]]
    kind: str  # s2 | s3 | s4

    @property
    def width(self) -> int:
        """Number of grid columns."""
        return sum(c.colspan for c in self.head[0]) if self.head else sum(c.colspan for c in self.body[0])

    def grid(self) -> list[list[Cell | None]]:
        """All rows (head then body) on the full grid: each cell at its top-left slot, None where merged."""
        rows = self.head + self.body
        grid: list[list[Cell | None]] = [[None] * self.width for _ in rows]
        taken = [[False] * self.width for _ in rows]
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while taken[r][c]:
                    c += 1
                grid[r][c] = cell
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken[r + dr][c + dc] = True
                c += cell.colspan
        return grid

    def merges(self) -> list[tuple[int, int, int, int]]:
        """(first row, first col, last row, last col) of every merged cell, on the full grid."""
        return [(r, c, r + cell.rowspan - 1, c + cell.colspan - 1)
                for r, row in enumerate(self.grid()) for c, cell in enumerate(row)
                if cell is not None and (cell.rowspan > 1 or cell.colspan > 1)]


#: A run-in head: an item number, a short title without commas, and its 。 (（一）主动公开。 / 1.加强培训。).
_RUN_IN = re.compile(r"^(?:（[一二三四五六七八九十]{1,3}）|\d{1,2}[.．、])[^。，,；;：:！!？?（）()\s]{1,24}。")


def run_in(text: str) -> tuple[str, str]:
    """The paragraph's run-in head (set bold) and the rest: ``("（一）主动公开。", "围绕…")``, or ``("", text)``."""
    match = _RUN_IN.match(text)
    if not match or match.end() == len(text) and not text.startswith("（"):
        return "", text
    return match.group(0), text[match.end():]


@dataclass
class Paragraph:
    """One paragraph of body text; ``head`` / ``rest`` split off its run-in head (see ``run_in``)."""

    text: str
    kind: str = "paragraph"

    @property
    def head(self) -> str:
        """The run-in head, or ''."""
        return run_in(self.text)[0]

    @property
    def rest(self) -> str:
        """The text after the run-in head."""
        return run_in(self.text)[1]

    @property
    def level(self) -> int:
        """2 for a （一） head, 3 for a 1. head (which font the head takes), 0 without one."""
        return (2 if self.text.startswith("（") else 3) if self.head else 0


@dataclass
class Heading:
    """A heading below the section heading: （一） items and ``#`` sub-headings (level 3)."""

    text: str
    level: int = 3
    kind: str = "heading"


@dataclass
class SignOff:
    """Agency name and date, right-aligned at the end."""

    agency: str
    date: str


@dataclass
class Section:
    """One of the six sections: its heading and its blocks in order."""

    index: int
    heading: str
    blocks: list = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        """The section's tables."""
        return [b for b in self.blocks if isinstance(b, Table)]


@dataclass
class Document:
    """The whole report, as published."""

    title: str
    agency: str
    county: str
    township: str
    year: int
    format: str
    sections: list[Section]
    sign_off: SignOff
    lead: list = field(default_factory=list)  # the lead paragraph(s) (导语) between the title and section 一

    @property
    def title_lines(self) -> list[str]:
        """The title as printed on paper: the agency on the first line, year and title on the second."""
        if self.agency and self.title.startswith(self.agency) and len(self.title) > len(self.agency):
            return [self.agency, self.title[len(self.agency):]]
        return [self.title]

    @property
    def tables(self) -> list[Table]:
        """Every table in report order."""
        return [t for s in self.sections for t in s.tables]

    def to_dict(self) -> dict:
        """Plain JSON-able data."""
        out = asdict(self)
        for section, raw in zip(self.sections, out["sections"]):
            for block, data in zip(section.blocks, raw["blocks"]):
                data["kind"] = block.kind if not isinstance(block, Table) else "table:" + block.kind
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Document:
        """The inverse of ``to_dict``."""
        sections = []
        for s in data["sections"]:
            blocks = []
            for b in s["blocks"]:
                if b["kind"].startswith("table:"):
                    rows = lambda rs: [[Cell(**c) for c in row] for row in rs]  # noqa: E731
                    blocks.append(Table(b["key"], b["caption"], rows(b["head"]), rows(b["body"]), b["kind"][6:]))
                elif b["kind"] == "heading":
                    blocks.append(Heading(b["text"], b["level"]))
                else:
                    blocks.append(Paragraph(b["text"]))
            sections.append(Section(s["index"], s["heading"], blocks))
        return cls(data["title"], data["agency"], data["county"], data["township"], data["year"], data["format"],
                   sections, SignOff(**data["sign_off"]), [Paragraph(p["text"]) for p in data.get("lead", [])])


# --- tables ------------------------------------------------------------------------------------

#: The type area's width (GB/T 9704: 156 mm) and each table kind's column widths on it (mm), for Word
#: and the print layout; s2 tables give their label column 52 mm (44 with four or more number columns).
TYPE_WIDTH_MM = 156
COLUMN_WIDTHS_MM = {"s3": [9, 15, 48] + [12] * 7, "s4": [10.4] * 15}


def column_widths(table: Table) -> list[float]:
    """The column widths of ``table`` in mm, summing to the type width."""
    if table.kind in COLUMN_WIDTHS_MM:
        return COLUMN_WIDTHS_MM[table.kind]
    rest = table.width - 1
    first = 52 if rest <= 3 else 44
    return [first] + [(TYPE_WIDTH_MM - first) / rest] * rest


def _th(text: str, scope: str, rowspan: int = 1, colspan: int = 1, id: str = "", role: str = "") -> Cell:
    return Cell(text, header=True, rowspan=rowspan, colspan=colspan, scope=scope, id=id, role=role)


def _td(value, headers: str = "", href: str | None = None) -> Cell:
    return Cell(number(value), value=value, headers=headers, href=href or "")


def section2_tables(section2: dict, links: dict | None = None) -> list[Table]:
    """Section 二: one table per 条例 item, the item as its caption.

    ``links`` (review page): ``{item: {row label: [href or None per column]}}``.
    """
    tables, links = [], links or {}
    for n, (item, block) in enumerate(section2.items(), 1):
        head = [[_th(SECTION2_FIRST_COLUMN, "col")] + [_th(c, "col") for c in block["columns"]]]
        hrefs = links.get(item, {})
        body = [[_th(label, "row", role="label")] + [_td(v, href=h) for v, h in zip(values, hrefs.get(label) or [None] * len(values))]
                for label, values in block["rows"].items()]
        tables.append(Table(f"s2-{n}", item, head, body, "s2"))
    return tables


def section3_table(rows_data: list[tuple[str, list[int]]], fmt: str, caption: str = "", links: list | None = None) -> Table:
    """Section 三 in the official layout of ``fmt``: 3×3 corner, 申请人情况 over seven columns, grouped rows.

    The merged blocks cannot be followed with ``scope`` alone, so every header cell has an id and
    every count cell lists its row and column headers in ``headers``. ``links`` (review page): per
    data row, 7 hrefs or None.
    """
    rows = section3_rows(fmt)
    columns = [f"s3-c{i}" for i in range(len(APPLICANT_TYPES) + 1)]
    head = [
        [_th(SECTION3_CORNER, "", rowspan=3, colspan=3, id="s3-corner", role="corner"),
         _th("申请人情况", "colgroup", colspan=len(APPLICANT_TYPES) + 1, id="s3-applicants")],
        [_th(APPLICANT_TYPES[0], "col", rowspan=2, id=columns[0]),
         _th("法人或其他组织", "colgroup", colspan=len(ORGANISATION_TYPES), id="s3-org"),
         _th("总计", "col", rowspan=2, id=columns[-1])],
        [_th(t, "col", id=columns[i]) for i, t in enumerate(ORGANISATION_TYPES, 1)],
    ]
    col_headers = ["s3-applicants " + columns[0]] + [f"s3-applicants s3-org {c}" for c in columns[1:-1]]
    col_headers.append("s3-applicants " + columns[-1])
    results_span = sum(1 for r in rows if r.role in ("outcome", "closed_total"))
    group_spans: dict[str, int] = {}
    for r in rows:
        if r.group:
            group_spans[r.group] = group_spans.get(r.group, 0) + 1
    body, groups_open, group_ids, results_open = [], set(), {}, False
    for i, ((_label, values), r) in enumerate(zip(rows_data, rows)):
        cells, row_id, row_headers = [], f"s3-r{i}", []
        if r.role in ("received", "carried_over", "carried_forward"):
            cells.append(_th(r.leaf, "row", colspan=3, id=row_id, role="label"))
        else:
            if not results_open:
                results_open = True
                cells.append(_th(SECTION3_RESULTS_LABEL, "rowgroup", rowspan=results_span, id="s3-results", role="group"))
            row_headers.append("s3-results")
            if r.group:
                if r.group not in groups_open:
                    group_ids[r.group] = f"s3-g{len(group_ids) + 1}"
                    cells.append(_th(r.group, "rowgroup", rowspan=group_spans[r.group], id=group_ids[r.group], role="group"))
                    groups_open.add(r.group)
                row_headers.append(group_ids[r.group])
                cells.append(_th(r.leaf, "row", id=row_id, role="label"))
            else:
                cells.append(_th(r.leaf, "row", colspan=2, id=row_id, role="label"))
        row_headers.append(row_id)
        hrefs = links[i] if links else [None] * len(values)
        cells += [_td(v, " ".join(row_headers) + " " + h, href) for v, h, href in zip(values, col_headers, hrefs)]
        body.append(cells)
    return Table("s3", caption or "收到和处理政府信息公开申请情况", head, body, "s3")


def section4_table(values: list[int], caption: str = "", links: list | None = None) -> Table:
    """Section 四: 15 numbers under 行政复议 (5) and 行政诉讼 (未经复议直接起诉 5, 复议后起诉 5); ``links``: 15 hrefs or None."""
    review, direct, after = SECTION4_GROUPS
    results = SECTION4_RESULTS
    head = [
        [_th(review, "colgroup", colspan=5), _th(SECTION4_LITIGATION, "colgroup", colspan=10)],
        [_th(r, "col", rowspan=2) for r in results] + [_th(direct, "colgroup", colspan=5), _th(after, "colgroup", colspan=5)],
        [_th(r, "col") for r in results] * 2,
    ]
    hrefs = links or [None] * len(values)
    return Table("s4", caption or "政府信息公开行政复议、行政诉讼情况", head, [[_td(int(v), href=h) for v, h in zip(values, hrefs)]], "s4")


# --- prose and the whole document --------------------------------------------------------------

def prose_blocks(text: str) -> list:
    """One paragraph per non-empty line; ``#`` lines become headings."""
    blocks = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("#"):
            blocks.append(Heading(line.lstrip("#").strip()))
        elif line:
            blocks.append(Paragraph(line))
    return blocks


def section_blocks(index: int, ctx, links: dict | None = None) -> list:
    """The blocks of section ``index`` (1–6) for a prepared notebook context.

    ``links`` (review page only): ``{"二": …, "三": …, "四": …}`` hrefs per count cell, as
    ``render.cases.cell_links`` makes them; without it the public tables.
    """
    data, links = ctx.data, links or {}
    if index == 1:
        return prose_blocks(ctx.overview) or [Paragraph("（未填写总体情况）")]
    if index == 2:
        return list(section2_tables(data.section2, links.get("二")))
    if index == 3:
        return [section3_table(data.section3_rows, data.format, links=links.get("三"))]
    if index == 4:
        return [section4_table([int(v) for v in data.section4], links=links.get("四"))]
    if index == 5:
        return prose_blocks(ctx.problems) or [Paragraph("（未填写存在的主要问题及改进情况）")]
    items = [(item.title, prose_blocks(item.text)) for item in ctx.other_items]
    items += [(title, [Paragraph(sentence)]) for title, sentence in data_items(data.stats, data.year)]
    blocks = []
    for i, (title, body) in enumerate(items, 1):
        blocks.append(Heading(f"（{cn_number(i)}）{title}"))
        blocks += body
    return blocks


def build_document(ctx) -> Document:
    """The report of a prepared notebook context (``notebook.prepare``) as a document."""
    p = ctx.params
    sections = [Section(i, SECTION_HEADINGS[i - 1], section_blocks(i, ctx)) for i in range(1, 7)]
    return Document(p.title, p.agency, p.county, p.township, p.year, ctx.data.format, sections,
                    SignOff(p.agency, ctx.sign_off_date), prose_blocks(getattr(ctx, "lead", "")))
