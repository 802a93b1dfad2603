"""Corpus documents as the agency's Word file (南召县城关镇 2020, 沭阳县 2025), and its LibreOffice PDF.

The layout is the 公文 one the originals use: A4 portrait, the title centred in 方正小标宋简体 22 pt,
headings in 黑体 and text in 仿宋_GB2312 16 pt with a two-character first-line indent, tables in
Word's grid style with merged cells (the group labels spanning their rows).
"""

from __future__ import annotations

from pathlib import Path

from published import _docx_table, pdf_from_docx

from .grids import s2_rows, s3_rows, s4_rows
from .model import Report


def _run(paragraph, text: str, font: str, size: float, bold: bool = False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.size, run.font.bold, run.font.name = Pt(size), bold, "Times New Roman"
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return run


def _paragraph(document, text: str, font: str = "仿宋_GB2312", size: float = 16, indent: bool = True, center: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = document.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28)
    _run(p, text, font, size, bold=font == "方正小标宋简体")
    return p


def docx_file(doc: Report, path: Path) -> Path:
    """The report as the agency's .docx."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.8)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    document.styles["Normal"].font.size = Pt(10.5)
    for line in doc.title_lines:
        _paragraph(document, line, "方正小标宋简体", 22, center=True)
    for text in doc.preamble:  # the agency and date some put under the title are centred like it
        _paragraph(document, text, center=len(text) < 30 and "。" not in text)
    tables = {2: [s2_rows(doc)] if doc.s2 else [], 3: [s3_rows(doc)], 4: [s4_rows(doc)]}
    for i in range(1, 7):
        if doc.heading(i):  # a heading the archived text lost is not printed
            _paragraph(document, doc.heading(i), "黑体")
        for caption in doc.extra.get("captions", {}).get(i, []):  # what is left of a table that did not survive
            _paragraph(document, caption, indent=False)
        for rows in tables.get(i, []):
            _docx_table(document, rows)
        for text in doc.prose.get(i, []):
            _paragraph(document, text, "楷体_GB2312" if text.startswith("（") and len(text) < 30 else "仿宋_GB2312")
    if doc.sign_off:
        for line in doc.sign_off:
            p = _paragraph(document, line, indent=False)
            p.alignment = 2  # right
    document.core_properties.title = "".join(doc.title_lines)
    document.save(str(path))
    return path


def libreoffice_pdf(docx: Path, out_dir: Path) -> Path:
    """The Word file exported to PDF by LibreOffice (the second form of the same report)."""
    return pdf_from_docx(docx, out_dir)
