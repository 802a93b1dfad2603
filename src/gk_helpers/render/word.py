"""The report as a Word file in the 公文 layout (GB/T 9704-2012), for the leaders to read and sign.

A4, 天头 37 mm, 订口 28 mm, type area 156 × 225 mm; title 2号 小标宋 centred on two lines, then the
lead paragraph (导语); body 3号 仿宋 with a two-character indent and a fixed 28.95 pt line (22 lines a
page); 一、 headings in 黑体, （一） headings in 楷体, a paragraph's run-in head (（一）主动公开。) bold;
tables with their merged header cells and borders, header rows repeated on each page, section 三
fitted to the type width; pagination as LibreOffice and Word lay it out: a table never split at a
page foot before its header and three rows nor through a merged label (``kept_rows``), the sign-off
kept with the last paragraph; the sign-off right-aligned four characters in; page numbers "— N —"
in 4号 宋体 outside the type area (odd pages right, even left).
Fonts are named, not embedded (the office PC has them). The zip is written deterministically.
"""

from __future__ import annotations

import io
from datetime import datetime

from docx import Document as new_document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from .model import Document, Heading, Paragraph, Table, column_widths
from .archive import deterministic_zip

FANGSONG, HEITI, KAITI, SONGTI, TITLE_FONT, DIGITS = "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体", "方正小标宋简体", "Times New Roman"
BODY_PT, TITLE_PT, PAGE_NUMBER_PT = 16, 22, 14
LINE_PT = 28.95  # 225 mm type height / 22 lines
_TABLE_PT = {"s2": 12, "s3": 10.5, "s4": 10.5}


def _fonts(target, east_asia: str, size: float | None = None, bold: bool | None = None) -> None:
    """Set the Chinese font (eastAsia), Times New Roman for Latin and digits, size and weight."""
    target.font.name = DIGITS
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), DIGITS)
    fonts.set(qn("w:eastAsia"), east_asia)
    if size is not None:
        target.font.size = Pt(size)
    if bold is not None:
        target.font.bold = bold


def _paragraph_format(paragraph, indent_chars: float = 2, align=WD_ALIGN_PARAGRAPH.JUSTIFY, line: float | None = LINE_PT,
                      size: float = BODY_PT) -> None:
    fmt = paragraph.paragraph_format
    fmt.widow_control = True  # never one line of a paragraph alone at a page's foot or head
    fmt.first_line_indent = Pt(size * indent_chars) if indent_chars else Pt(0)
    fmt.alignment = align
    fmt.space_before = fmt.space_after = Pt(0)
    if line:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line)
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _add_text(doc, text: str, font: str, size: float = BODY_PT, bold: bool = False, **layout):
    paragraph = doc.add_paragraph()
    _paragraph_format(paragraph, size=size, **layout)
    _fonts(paragraph.add_run(text), font, size, bold)
    return paragraph


def _page_setup(doc) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(21)
    normal = doc.styles["Normal"]
    _fonts(normal, FANGSONG, BODY_PT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE) as its three fldChar runs, with "1" as the cached result."""
    def run_with(child):
        run = paragraph.add_run()
        _fonts(run, SONGTI, PAGE_NUMBER_PT)
        run._r.append(child)
        return run
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    _fonts(paragraph.add_run("1"), SONGTI, PAGE_NUMBER_PT)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _page_number(paragraph, align) -> None:
    """"— N —" in 4号 宋体, one character in from the outer edge of the type area."""
    _paragraph_format(paragraph, indent_chars=0, align=align, line=None, size=PAGE_NUMBER_PT)
    side = paragraph.paragraph_format
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        side.right_indent = Pt(PAGE_NUMBER_PT)
    else:
        side.left_indent = Pt(PAGE_NUMBER_PT)
    _fonts(paragraph.add_run("— "), SONGTI, PAGE_NUMBER_PT)
    _field(paragraph, "PAGE")
    _fonts(paragraph.add_run(" —"), SONGTI, PAGE_NUMBER_PT)


def _row_property(row, tag: str) -> None:
    trpr = row._tr.get_or_add_trPr()
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    trpr.append(element)


def _table_properties(word_table, widths_mm: list[float]) -> None:
    """Width of the type area, narrow cell margins (1 mm) so four characters fit two to a line in section 四.

    (``autofit = False`` already wrote the fixed layout.) Elements go where the schema orders them: tblW
    stays in place, tblCellMar before tblLook.
    """
    tblpr = word_table._tbl.tblPr
    width = tblpr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(round(sum(widths_mm) / 25.4 * 1440)))
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "57")  # twips: 1 mm
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = tblpr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)
    else:
        tblpr.append(margins)


def kept_rows(table: Table) -> set[int]:
    """The rows (on the full grid) kept on the same page as the row after them.

    A table never starts at a page foot with fewer than its header and three body rows, never leaves
    its last row alone on a page, and a vertically merged label (二、本年度办理结果, （三）不予公开) is
    never split: its rows stay together, so the label is printed whole. For section 三 this keeps
    the whole table on one page (it fits), moving it after its heading to the next page when needed.
    """
    rows = len(table.head) + len(table.body)
    kept = set(range(min(rows - 1, len(table.head) + 3)))
    kept.add(rows - 2)
    for r, c, last_row, _ in table.merges():
        if last_row > r:
            kept.update(range(r, last_row))
    return {r for r in kept if 0 <= r < rows - 1}


def _merge(tcs: list[list], r: int, c: int, rowspan: int, colspan: int) -> None:
    """Merge a block of the grid the way Word stores it: gridSpan across, vMerge down."""
    for rr in range(r, r + rowspan):
        tc = tcs[rr][c]
        if colspan > 1:
            tc.grid_span = colspan
            for extra in tcs[rr][c + 1:c + colspan]:
                extra.getparent().remove(extra)
        if rowspan > 1:
            tc.vMerge = "restart" if rr == r else "continue"


def _table(doc, table: Table) -> None:
    size = _TABLE_PT[table.kind]
    if table.kind == "s2":
        caption = _add_text(doc, table.caption, HEITI, 14, indent_chars=0, align=WD_ALIGN_PARAGRAPH.CENTER, line=None)
        caption.paragraph_format.keep_with_next = True
    grid = table.grid()
    word = doc.add_table(rows=len(grid), cols=table.width)
    word.style = doc.styles["Table Grid"]
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    word.autofit = False
    widths = column_widths(table)
    _table_properties(word, widths)
    for column, width in zip(word.columns, widths):
        column.width = Mm(width)
    tcs = [list(row._tr.tc_lst) for row in word.rows]
    for r, row in enumerate(word.rows):
        for c, tc in enumerate(tcs[r]):
            tc.width = Mm(widths[c])
        _row_property(row, "w:cantSplit")
        if r < len(table.head):
            _row_property(row, "w:tblHeader")  # repeated at the top of each page
    for r, cells in enumerate(grid):
        for c, cell in enumerate(cells):
            if cell is None:
                continue
            if cell.rowspan > 1 or cell.colspan > 1:
                tcs[r][c].width = Mm(sum(widths[c:c + cell.colspan]))
                _merge(tcs, r, c, cell.rowspan, cell.colspan)
            target = _Cell(tcs[r][c], word)
            target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = target.paragraphs[0]
            left = cell.header and cell.role == "label"
            _paragraph_format(paragraph, indent_chars=0, align=WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER,
                              line=None, size=size)
            _fonts(paragraph.add_run(cell.text), FANGSONG, size if cell.role != "corner" else size - 1.5)
    for r in kept_rows(table):  # Word and LibreOffice keep a row with the next through its paragraphs
        for cell_paragraph in _row_paragraphs(word.rows[r]):
            cell_paragraph.paragraph_format.keep_with_next = True
    doc.add_paragraph().paragraph_format.line_spacing = Pt(12)


def _row_paragraphs(row) -> list:
    """Every paragraph of a table row, merged continuation cells included."""
    return [WordParagraph(p, row) for tc in row._tr.tc_lst for p in tc.iterchildren(qn("w:p"))]


def _title(doc, document: Document) -> None:
    for line in document.title_lines:
        _add_text(doc, line, TITLE_FONT, TITLE_PT, indent_chars=0, align=WD_ALIGN_PARAGRAPH.CENTER, line=35)
    _add_text(doc, "", FANGSONG)


def _body_paragraph(doc, block: Paragraph):
    """A body paragraph in 仿宋; its run-in head (（一）主动公开。) bold, in 楷体 at the （一） level, 仿宋 at the 1. level."""
    if not block.head:
        return _add_text(doc, block.text, FANGSONG)
    paragraph = doc.add_paragraph()
    _paragraph_format(paragraph)
    _fonts(paragraph.add_run(block.head), KAITI if block.level == 2 else FANGSONG, BODY_PT, bold=True)
    if block.rest:
        _fonts(paragraph.add_run(block.rest), FANGSONG, BODY_PT)
    return paragraph


def _sign_off(doc, document: Document, last) -> None:
    """Agency and date right-aligned four characters in, kept on one page with the report's last paragraph
    (``last``, its last lines at least: widow control) so the sign-off never stands alone on a page."""
    if last is not None:
        last.paragraph_format.keep_with_next = True
    spacer = _add_text(doc, "", FANGSONG)
    spacer.paragraph_format.keep_with_next = True
    for i, line in enumerate((document.sign_off.agency, document.sign_off.date)):
        paragraph = _add_text(doc, line, FANGSONG, indent_chars=0, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Pt(BODY_PT * 4)  # 右空四字
        paragraph.paragraph_format.keep_with_next = i == 0


def docx_bytes(document: Document) -> bytes:
    """The .docx file of a document, byte-identical for the same document."""
    doc = new_document()
    _page_setup(doc)
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    _title(doc, document)
    for block in document.lead:
        _body_paragraph(doc, block)
    last = None
    for section in document.sections:
        _add_text(doc, section.heading, HEITI).paragraph_format.keep_with_next = True
        for block in section.blocks:
            if isinstance(block, Table):
                _table(doc, block)
                last = None
            elif isinstance(block, Heading):
                last = _add_text(doc, block.text, KAITI)
                last.paragraph_format.keep_with_next = True
            else:
                last = _body_paragraph(doc, block)
    _sign_off(doc, document, last)
    stamp = datetime(document.year + 1, 1, 1)
    core = doc.core_properties
    core.title, core.author, core.last_modified_by = document.title, document.agency, document.agency
    core.created = core.modified = stamp
    core.last_printed = stamp
    core.revision = 1
    core.comments = core.keywords = core.subject = core.category = ""
    buffer = io.BytesIO()
    doc.save(buffer)
    return deterministic_zip(buffer.getvalue())
