"""A published report as printed: agency, year, layout, sections 二/三/四 and the prose of 一/五/六.

``read_printed`` turns any readable file into a ``PrintedReport`` — plain data the checks
run on, whatever the file type. Numbers are kept as printed (with where they were
printed); nothing is recomputed and nothing unreadable is filled in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..base.formats import SECTION2_BLOCKS, SECTION_HEADINGS, format_for_year, section3_rows
from .cells import squash
from .chrome import chrome_line, footer_line
from .document import Document, read_document
from .labels import heading_number
from .tables import Read, kind_of, read_section2, read_section3, read_section4, section3_layout
from .title import agency_line, find_title, year_of

_SIGN_OFF_DATE = re.compile(r"^(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日$")


@dataclass
class PrintedReport:
    """Everything read from one published report."""

    file: str
    kind: str  # html | pdf | docx
    agency: str | None
    year: int | None
    layout: str | None  # the layout actually printed: "2019" | "2021" | None (not recognisable)
    section2: dict  # item → {"fmt", "block", "rows": {official label: [Read | None, …]}}
    section2_layout: str | None
    section3: dict  # Section3Row.label → [Read | None] × 7, for the rows found
    section4: dict  # 0–14 → Read
    prose: dict  # 1 / 5 / 6 → text of that section (lines joined with newlines)
    text: str  # every text line outside the tables
    title: str = ""
    lead: str = ""  # the lead paragraph (导语) between the title and 一、总体情况, as read
    sign_off: str = ""  # the date the report is signed, as printed ("2021年1月20日")
    drift: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    document: Document | None = None
    found3: bool = False
    found4: bool = False
    unreadable: dict = field(default_factory=dict)  # section2/3/4 → why its table could not be read

    @property
    def complete(self) -> bool:
        """Every table of sections 二, 三 and 四 was found and read."""
        return not self.unreadable

    # -- plain figures -------------------------------------------------------------------
    @property
    def shape_layout(self) -> str | None:
        """The layout the section 三 rows are listed in: as printed, else section 二's, else the year's."""
        if self.layout:
            return self.layout
        if self.section2_layout:
            return self.section2_layout
        return format_for_year(self.year) if self.year else None

    def section3_reads(self) -> list[tuple[str, list[Read | None]]]:
        """Section 三 in the official order of the layout, ``None`` for cells not read."""
        fmt = self.shape_layout
        if not self.found3 or fmt is None:
            return []
        return [(row.label, self.section3.get(row.label) or [None] * 7) for row in section3_rows(fmt)]

    def section4_reads(self) -> list[Read | None]:
        """Section 四's 15 cells, ``None`` where not read."""
        return [self.section4.get(i) for i in range(15)]

    def section2_reads(self) -> dict:
        """Section 二 as {item: {"columns": [...], "rows": {label: [Read|None…]}}} in official order."""
        fmt = self.section2_layout or self.shape_layout
        if not self.section2 or fmt is None:
            return {}
        out = {}
        for block in SECTION2_BLOCKS[fmt]:
            read = self.section2.get(block.item)
            official = read["block"] if read else block
            rows = read["rows"] if read else {}
            out[official.item] = {"columns": list(official.columns),
                                  "rows": {label: rows.get(label) or [None] * len(official.columns) for label, _ in official.rows}}
        for item, read in self.section2.items():  # a block of the other layout (mixed layouts) is still shown
            if item not in out:
                out[item] = {"columns": list(read["block"].columns),
                             "rows": {label: read["rows"].get(label) or [None] * len(read["block"].columns) for label, _ in read["block"].rows}}
        return out

    def figures(self) -> dict:
        """The printed numbers as plain JSON data (``gk tables`` shapes), ``None`` where unreadable."""

        def value(read):
            return None if read is None else read.number.value

        return {
            "section2": {item: {"columns": b["columns"], "rows": {k: [value(v) for v in vs] for k, vs in b["rows"].items()}}
                         for item, b in self.section2_reads().items()},
            "section3": [[label, [value(v) for v in vs]] for label, vs in self.section3_reads()],
            "section4": [value(v) for v in self.section4_reads()],
        }


@dataclass
class _Sections:
    """The document cut at its headings: the prose of each section, the tables by kind, the sign-off."""

    seen: list = field(default_factory=list)
    prose: dict = field(default_factory=lambda: {i: [] for i in range(7)})
    grids: dict = field(default_factory=lambda: {"section2": [], "section3": [], "section4": []})
    sign_off: str = ""
    sign_off_agency: str | None = None
    lines: list = field(default_factory=list)  # the report's text lines: no chrome, nothing after its end


def _cut(document: Document) -> _Sections:
    """Sections by heading; the report ends at its sign-off date or at the first line of the site's footer.

    Lines of site chrome (breadcrumb, article metadata, page tools) are not report text; tables
    after the end (a review panel, a footer's link table) are not the report's.
    """
    out = _Sections()
    section, ended = 0, False
    for block in document.blocks:
        if ended:
            break
        if not isinstance(block, str):
            kind = kind_of(block)
            if kind:
                out.grids[kind].append(block)
            continue
        head = heading_number(block)
        if head and head not in out.seen and (not out.seen or head > out.seen[-1]):
            section = head
            out.seen.append(head)
            out.lines.append(block)
            continue
        if out.seen and footer_line(block):
            ended = True  # the site's footer: 主办单位, 网站标识码, 备案号 …
            continue
        if chrome_line(block):
            continue
        if section >= 5 and _SIGN_OFF_DATE.match(squash(block)):
            out.sign_off = block
            lines = out.prose[section]
            if lines and agency_line(lines[-1]):
                out.sign_off_agency = agency_line(lines.pop())  # the agency's name above the date belongs to the sign-off
            out.lines.append(block)
            ended = True
            continue
        out.prose[section].append(block)
        out.lines.append(block)
    return out


def _lead(preamble: list[str], title: str) -> str:
    """The lines between the title (its last line) and the first section heading: the lead paragraph."""
    end = squash(title)
    for i, line in enumerate(preamble):
        if squash(line) and end.endswith(squash(line)):
            return "\n".join(preamble[i + 1:])
    return ""


def _period_year(lines: list[str]) -> int | None:
    """The year of a "统计期限…1月1日…12月31日" sentence near the top."""
    period = next((line for line in lines[:40] if "1月1日" in squash(line) and "12月31日" in squash(line)), "")
    return year_of(period) if period else None


def read_printed(path: str | Path, year: int | None = None) -> PrintedReport:
    """Read a published report; ``year`` (``--year``) overrides the year printed in its title."""
    document = read_document(path)
    notes: list[str] = list(document.notes)  # what reading found (an encoding detected, a table cut short)
    cut = _cut(document)
    seen, prose, grids, sign_off = cut.seen, cut.prose, cut.grids, cut.sign_off
    missing = [SECTION_HEADINGS[i - 1] for i in range(1, 7) if i not in seen]
    if missing:
        notes.append("找不到标题：" + "、".join(missing) + "（相应部分的文字无法读取）。")
    title = find_title(prose[0] if seen else document.lines[:12])
    printed_year = title.year if title else None
    if printed_year is None:
        printed_year = _period_year(document.lines)
    if year is not None and printed_year is not None and year != printed_year:
        notes.append(f"文件标题中的年度为{printed_year}年，按 --year 指定的{year}年核对。")
    if year is None and printed_year is None:
        notes.append("文件中找不到报告年度（标题“……XXXX年政府信息公开工作年度报告”）；请用 --year 指定。")
    agency = (title.agency if title else None) or cut.sign_off_agency
    if agency is None:
        notes.append("文件中找不到机关名称：" + ("标题中没有机关名称" if title else "找不到标题") + "，也没有落款机关。")

    found3 = read_section3(grids["section3"])
    found4 = read_section4(grids["section4"])
    layout = section3_layout(found3)
    s2, found2, s2_layout = read_section2(grids["section2"], layout)
    unreadable: dict[str, str] = {}
    for name, key, read in (("第二部分", "section2", s2), ("第三部分", "section3", found3.values),
                            ("第四部分", "section4", found4.values)):
        if not grids[key]:
            unreadable[key] = f"找不到{name}表格（可能以图片发布，或不是文字表格），其数字无法核对。"
        elif not read:
            unreadable[key] = f"{name}表格无法读取（见以下说明），其数字无法核对。"
    notes += list(unreadable.values())
    if found3.values and layout is None:
        notes.append("第三部分的行与 2019、2021 两种格式都对不上（或两者一样接近），无法判断印制的是哪种格式。")
    for found in (found2, found3, found4):
        notes += found.notes
    report = PrintedReport(
        file=str(path), kind=document.kind, agency=agency, year=year or printed_year,
        layout=layout or (s2_layout if not grids["section3"] else None),
        section2=s2, section2_layout=s2_layout, section3=found3.values, section4=found4.values,
        prose={i: "\n".join(prose[i]) for i in (1, 5, 6)}, text="\n".join(cut.lines), title=title.text if title else "",
        lead=_lead(prose[0], title.text) if seen and title else "", sign_off=sign_off, unreadable=unreadable,
        drift=found2.drift + found3.drift, notes=notes, document=document,
        found3=bool(found3.values), found4=bool(found4.values),
    )
    return report
