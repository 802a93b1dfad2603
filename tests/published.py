"""Published reports the audit tests build themselves: HTML (plain or CMS markup), DOCX and PDF.

A ``Printed`` holds what a publisher typed — every cell as text, so a test can leave one
blank, write "240万元" or break a label over two lines — and the official merged layout
of sections 二, 三 and 四. ``html``, ``docx`` and ``pdf`` write the same report in each form.
Labels are typed out here (not taken from ``count.formats``) so drift can be written in.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]

HEADINGS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# Section 三: (group label or "", leaf label); "" group with a colspan-3 label for 一/二/四.
_S3_HEAD = [("", "一、本年新收政府信息公开申请数量"), ("", "二、上年结转政府信息公开申请数量")]
_S3_MID = [
    ("", "（一）予以公开"), ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("（三）不予公开", "1.属于国家秘密"), ("（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("（三）不予公开", "3.危及“三安全一稳定”"), ("（三）不予公开", "4.保护第三方合法权益"),
    ("（三）不予公开", "5.属于三类内部事务信息"), ("（三）不予公开", "6.属于四类过程性信息"),
    ("（三）不予公开", "7.属于行政执法案卷"), ("（三）不予公开", "8.属于行政查询事项"),
    ("（四）无法提供", "1.本机关不掌握相关政府信息"), ("（四）无法提供", "2.没有现成信息需要另行制作"),
    ("（四）无法提供", "3.补正后申请内容仍不明确"),
    ("（五）不予处理", "1.信访举报投诉类申请"), ("（五）不予处理", "2.重复申请"), ("（五）不予处理", "3.要求提供公开出版物"),
    ("（五）不予处理", "4.无正当理由大量反复申请"), ("（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
]
_S3_SIX = {
    "2019": [("", "（六）其他处理")],
    "2021": [("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
             ("（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
             ("（六）其他处理", "3.其他")],
}
_S3_TAIL = [("", "（七）总计"), ("", "四、结转下年度继续办理")]

S2 = {
    "2019": [
        ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], [("规章", ["0", "0", "0"]), ("规范性文件", ["2", "2", "9"])]),
        ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"], [("行政许可", ["3", "1", "12"]), ("其他对外管理服务事项", ["6", "0", "13"])]),
        ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"], [("行政处罚", ["3", "0", "2"]), ("行政强制", ["0", "0", "1"])]),
        ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], [("行政事业性收费", ["1", "0"])]),
        ("第二十条第（九）项", ["采购项目数量", "采购总金额（万元）"], [("政府集中采购", ["2", "18.5"])]),
    ],
    "2021": [
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], [("规章", ["0", "0", "0"]), ("行政规范性文件", ["2", "1", "5"])]),
        ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", ["12"])]),
        ("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", ["3"]), ("行政强制", ["0"])]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", ["1.25"])]),
    ],
}

#: Section 三 values that balance (R1–R3 hold): label → 7 numbers; every other row is zeros.
S3_LEAF_RECEIVED = "一、本年新收政府信息公开申请数量"
S3_VALUES = {
    "一、本年新收政府信息公开申请数量": [5, 1, 0, 0, 0, 0, 6],
    "二、上年结转政府信息公开申请数量": [1, 0, 0, 0, 0, 0, 1],
    "（一）予以公开": [3, 1, 0, 0, 0, 0, 4],
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": [1, 0, 0, 0, 0, 0, 1],
    "1.本机关不掌握相关政府信息": [1, 0, 0, 0, 0, 0, 1],
    "（七）总计": [5, 1, 0, 0, 0, 0, 6],
    "四、结转下年度继续办理": [1, 0, 0, 0, 0, 0, 1],
}
S4_VALUES = ["1", "0", "0", "1", "2", "0", "1", "0", "0", "1", "0", "0", "0", "0", "0"]


@dataclass
class Printed:
    """One published report as typed: title, prose, and every table cell as text."""

    year: int = 2022
    layout: str = "2021"
    agency: str = "平安县青山镇人民政府"
    section2: list = field(default_factory=list)  # [(caption, [columns], [(label, [cells])])]
    section3: list = field(default_factory=list)  # [(group, leaf, [7 cells])]
    section4: list = field(default_factory=lambda: list(S4_VALUES))
    overview: str = "本镇认真贯彻落实《中华人民共和国政府信息公开条例》，全年共收到政府信息公开申请6件。"
    problems: str = "信息公开的及时性还需加强。下一步将健全工作机制。"
    other: str = "本年度未收取信息处理费。"
    preamble: str = ""
    tables_as_images: bool = False
    title_lines: list = field(default_factory=list)  # the title as printed, line by line ([] : one line; [""] : none)
    headings: dict = field(default_factory=dict)  # section index 0–5 → the heading as printed
    signed: bool = True  # the agency and a date under section 六

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def cell3(self, leaf: str, col: int, text: str) -> "Printed":
        """Set one section 三 cell (row by its printed leaf label)."""
        for row in self.section3:
            if row[1] == leaf:
                row[2][col] = text
                return self
        raise KeyError(leaf)


def printed(year: int = 2022, layout: str | None = None, **kwargs) -> Printed:
    """A balanced report of ``year`` in ``layout`` (default: the layout the year requires)."""
    layout = layout or ("2019" if year <= 2020 else "2021")
    rows = []
    for group, leaf in _S3_HEAD + _S3_MID + _S3_SIX[layout] + _S3_TAIL:
        rows.append([group, leaf, [str(v) for v in S3_VALUES.get(leaf, [0] * 7)]])
    return Printed(year=year, layout=layout, section2=copy.deepcopy(S2[layout]), section3=rows, **kwargs)


def _headings(p: Printed) -> list[str]:
    return [p.headings.get(i, heading) for i, heading in enumerate(HEADINGS)]


# ---- the tables as rows of (text, rowspan, colspan) -------------------------------------------


def s2_tables(p: Printed) -> list[list[list[tuple]]]:
    tables = []
    for caption, columns, rows in p.section2:
        width = 1 + len(columns)
        t = [[(caption, 1, width)], [("信息内容", 1, 1)] + [(c, 1, 1) for c in columns]]
        t += [[(label, 1, 1)] + [(v, 1, 1) for v in values] for label, values in rows]
        tables.append(t)
    return tables


def s3_table(p: Printed) -> list[list[tuple]]:
    t = [[(CORNER, 3, 3), ("申请人情况", 1, 7)],
         [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
         [(c, 1, 1) for c in COLUMNS[1:6]]]
    results = sum(1 for g, leaf, _ in p.section3 if g or leaf.startswith("（"))
    spans: dict[str, int] = {}
    for g, _, _ in p.section3:
        if g:
            spans[g] = spans.get(g, 0) + 1
    opened, results_open = set(), False
    for group, leaf, values in p.section3:
        cells = []
        if not group and not leaf.startswith("（"):
            cells.append((leaf, 1, 3))
        else:
            if not results_open:
                cells.append(("三、本年度办理结果", results, 1))
                results_open = True
            if group:
                if group not in opened:
                    cells.append((group, spans[group], 1))
                    opened.add(group)
                cells.append((leaf, 1, 1))
            else:
                cells.append((leaf, 1, 2))
        t.append(cells + [(v, 1, 1) for v in values])
    return t


def s4_table(p: Printed) -> list[list[tuple]]:
    results = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    return [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [(r, 2, 1) for r in results] + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        [(r, 1, 1) for r in results] * 2,
        [(v, 1, 1) for v in p.section4],
    ]


# ---- HTML -------------------------------------------------------------------------------------


def _html_table(rows, cms: bool) -> str:
    out = []
    for row in rows:
        cells = []
        for text, rs, cs in row:
            attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            body = escape(text).replace("&lt;br&gt;", "<br/>").replace("\u00a0", "&nbsp;")
            if cms:
                attrs += ' style="border:1px solid #000000;padding:0pt 5.4pt;text-align:center;vertical-align:middle"'
                cells.append(f'<td{attrs}><p style="margin:0;text-align:center"><span style="font-family:仿宋_GB2312;font-size:12pt">{body}</span></p></td>')
            else:
                cells.append(f"<td{attrs}>{body}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    style = ' style="border-collapse:collapse;width:100%" border="1" cellspacing="0"' if cms else ' border="1"'
    return f"<table{style}><tbody>{''.join(out)}</tbody></table>"


def _paragraphs(text: str, cms: bool) -> str:
    lines = [l for l in text.splitlines() if l.strip()]
    if cms:
        return "".join(f'<p style="text-indent:2em;line-height:1.8"><span style="font-family:仿宋_GB2312">{escape(l)}</span></p>' for l in lines)
    return "".join(f"<p>{escape(l)}</p>" for l in lines)


def html(p: Printed, cms: bool = False) -> str:
    """The report as a web page; ``cms``: inline styles, spans, a layout table, navigation and scripts."""
    def tables(rows_list):
        if p.tables_as_images:
            return '<p><img src="table.png" alt="表格"/></p>'
        return "".join(_html_table(rows, cms) for rows in rows_list)

    lines = [line for line in p.title_lines if line]
    body = ["".join(f'<p style="text-align:center">{escape(line)}</p>' for line in lines) if p.title_lines else
            f"<h1>{escape(p.title)}</h1>" if not cms else
            f'<div class="title" style="text-align:center;font-size:22pt"><span>{escape(p.agency)}</span>'
            f'<span lang="EN-US">{str(p.year).translate(FULL_WIDTH)}</span><span>年政府信息公开工作年度报告</span></div>']
    if p.preamble:
        body.append(_paragraphs(p.preamble, cms))
    parts = [_paragraphs(p.overview, cms), tables(s2_tables(p)), tables([s3_table(p)]), tables([s4_table(p)]),
             _paragraphs(p.problems, cms), _paragraphs(p.other, cms)]
    for heading, part in zip(_headings(p), parts):
        body.append(f'<p style="font-weight:bold"><strong><span style="font-family:黑体">{escape(heading[:2])}</span>'
                    f'<span style="font-family:黑体">{escape(heading[2:])}</span></strong></p>' if cms
                    else f"<h2>{escape(heading)}</h2>")
        body.append(part)
    if p.signed:
        body.append(f"<p>{escape(p.agency)}</p><p>{p.year + 1}年1月20日</p>")
    content = "\n".join(body)
    if cms:
        content = ('<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 年度报告</div>'
                   '<script>var _hmt = _hmt || [];</script>'
                   f'<table width="100%" class="layout"><tr><td class="left"><ul><li>栏目导航</li></ul></td>'
                   f'<td class="content"><div class="TRS_Editor">{content}</div></td></tr></table>'
                   '<div class="footer">主办单位：平安县人民政府办公室 电话：0000-1234567</div>')
    return f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(p.title)}</title></head><body>{content}</body></html>'


# ---- DOCX -------------------------------------------------------------------------------------


def _docx_table(document, rows):
    ncols = max(sum(cs for _, _, cs in row) for row in rows)
    from docx.oxml import OxmlElement

    table = document.add_table(rows=len(rows), cols=ncols)
    table.style = "Table Grid"
    for row in table.rows:  # a row never breaks across pages (公文 tables; keeps labels whole in the PDF)
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    taken: set[tuple[int, int]] = set()
    spans = []
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            spans.append((r, c, rs, cs, text))
            taken.update((r + dr, c + dc) for dr in range(rs) for dc in range(cs))
            c += cs
    cells = table._cells  # once: table.cell() rebuilds this list on every call
    for r, c, rs, cs, text in spans:
        parts = text.split("<br>")
        cell = cells[r * ncols + c]
        cell.paragraphs[0].text = parts[0]
        for extra in parts[1:]:
            cell.add_paragraph(extra)
    for r, c, rs, cs, _ in spans:
        if rs > 1 or cs > 1:
            cells[r * ncols + c].merge(cells[(r + rs - 1) * ncols + c + cs - 1])
    return table


def docx(p: Printed, path: Path) -> Path:
    """The report as a Word document with merged table cells."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin"):
        setattr(section, margin, Cm(1.5))
    for line in p.title_lines or [p.title]:
        if line:
            document.add_heading(line, level=1)
    if p.preamble:
        for line in p.preamble.splitlines():
            document.add_paragraph(line)
    texts = {0: p.overview, 4: p.problems, 5: p.other}
    tables = {1: s2_tables(p), 2: [s3_table(p)], 3: [s4_table(p)]}
    for i, heading in enumerate(_headings(p)):
        document.add_paragraph(heading)
        if i in texts:
            for line in texts[i].splitlines():
                if line.strip():
                    document.add_paragraph(line)
        elif p.tables_as_images:
            document.add_paragraph("（表格见图片）")
        else:
            for rows in tables[i]:
                _docx_table(document, rows)
                document.add_paragraph("")
    if p.signed:
        document.add_paragraph(p.agency)
        document.add_paragraph(f"{p.year + 1}年1月20日")
    document.save(str(path))
    return path


# ---- PDF --------------------------------------------------------------------------------------

PRINT_CSS = ("<style>@page { size: A4 landscape; margin: 12mm; } body { font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC'; font-size: 10pt; }"
             " table { border-collapse: collapse; margin: 4pt 0; break-inside: avoid; } tr { break-inside: avoid; }"
             " td { border: 0.8pt solid #000; padding: 1pt 3pt; }</style>")


def pdfs_from_html(pages: dict[Path, str], print_css: bool = True) -> None:
    """Print each HTML text to its PDF path with one headless Chromium (Playwright); ``print_css``: add ours."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        try:
            page = browser.new_page()
            for path, text in pages.items():
                page.set_content(text.replace("</head>", PRINT_CSS + "</head>", 1) if print_css else text, wait_until="load")
                page.pdf(path=str(path), format="A4", landscape=print_css, print_background=True)
        finally:
            browser.close()


def pdf_from_docx(path: Path, out_dir: Path) -> Path:
    """Convert a DOCX to PDF with LibreOffice."""
    profile = out_dir / ".lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out_dir), str(path)], check=True, capture_output=True, timeout=180)
    return out_dir / (path.stem + ".pdf")
