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
from .document import Document, read_document
from .labels import heading_number
from .tables import Read, kind_of, read_section2, read_section3, read_section4, section3_layout

_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_CN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})年")
_CN_DIGIT = {ch: str(i) for i, ch in enumerate("〇一二三四五六七八九")} | {"零": "0"}
_AGENCY_END = re.compile(r"(人民政府|办事处|委员会|管委会|管理委员会|局|办公室|办|厅|院|中心)$")
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


def _is_title(text: str) -> bool:
    flat = squash(text)
    return "政府信息公开" in flat and ("年度报告" in flat or "年报" in flat)


def _title(lines: list[str]) -> str:
    """The report title: one line, or two when the page broke it ("…工作年" / "度报告")."""
    title = next((line for line in lines if _is_title(line)), "")
    if title:
        return title
    for first, second in zip(lines, lines[1:]):
        if "政府信息公开" in squash(first) and _is_title(first + second):
            return first + second
    return ""


def _lead(preamble: list[str], title: str) -> str:
    """The lines between the title (its last line) and the first section heading: the lead paragraph."""
    end = squash(title)
    for i, line in enumerate(preamble):
        if squash(line) and end.endswith(squash(line)):
            return "\n".join(preamble[i + 1:])
    return ""


def _year(text: str) -> int | None:
    flat = squash(text)
    m = _YEAR.search(flat)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(flat)
    return int("".join(_CN_DIGIT[ch] for ch in m.group(1))) if m else None


def _agency(title: str, lines: list[str]) -> str | None:
    flat = squash(title)
    m = _YEAR.search(flat) or _CN_YEAR.search(flat)
    if m:
        name = flat[: m.start()].removeprefix("关于").strip("《》“”\"：: ")
        if name:
            return name
    for line in reversed(lines[-8:]):
        name = squash(line)
        if _AGENCY_END.search(name) and len(name) <= 40:
            return name
    return None


def read_printed(path: str | Path, year: int | None = None) -> PrintedReport:
    """Read a published report; ``year`` (``--year``) overrides the year printed in its title."""
    document = read_document(path)
    notes: list[str] = []
    section = 0
    sign_off = ""
    seen: list[int] = []
    prose: dict[int, list[str]] = {i: [] for i in range(7)}
    grids: dict[str, list] = {"section2": [], "section3": [], "section4": []}
    for block in document.blocks:
        if isinstance(block, str):
            head = heading_number(block)
            if head and head not in seen and (not seen or head > seen[-1]):
                section = head
                seen.append(head)
                continue
            if section == 6 and _SIGN_OFF_DATE.match(squash(block)):
                sign_off = block
                if prose[6] and _AGENCY_END.search(squash(prose[6][-1])) and len(squash(prose[6][-1])) <= 40:
                    prose[6].pop()  # the agency's name above the date belongs to the sign-off
                section = -1  # the report ends at its sign-off date; what follows is the page's footer
                continue
            if section >= 0:
                prose[section].append(block)
        elif section >= 0:  # tables after the sign-off (a review panel, a site footer) are not the report's
            kind = kind_of(block)
            if kind:
                grids[kind].append(block)
    missing = [SECTION_HEADINGS[i - 1] for i in range(1, 7) if i not in seen]
    if missing:
        notes.append("找不到标题：" + "、".join(missing) + "（相应部分的文字无法读取）。")
    preamble = prose[0] if seen else document.lines[:5]
    title = _title(preamble)
    printed_year = _year(title) if title else None
    if printed_year is None:
        period = next((l for l in document.lines[:40] if "1月1日" in squash(l) and "12月31日" in squash(l)), "")
        printed_year = _year(period) if period else None
    if year is not None and printed_year is not None and year != printed_year:
        notes.append(f"文件标题中的年度为{printed_year}年，按 --year 指定的{year}年核对。")
    if year is None and printed_year is None:
        notes.append("文件中找不到报告年度（标题“……XXXX年政府信息公开工作年度报告”）；请用 --year 指定。")
    agency = _agency(title, document.lines)
    if agency is None:
        notes.append("文件中找不到机关名称（标题或落款）。")

    found3 = read_section3(grids["section3"])
    found4 = read_section4(grids["section4"])
    layout = section3_layout(found3)
    s2, found2, s2_layout = read_section2(grids["section2"], layout)
    for name, key in (("第二部分", "section2"), ("第三部分", "section3"), ("第四部分", "section4")):
        if not grids[key]:
            notes.append(f"找不到{name}表格（可能以图片发布，或不是文字表格），其数字无法核对。")
    if grids["section3"] and layout is None:
        notes.append("第三部分找不到“（六）其他处理”行，无法判断印制的是 2019 还是 2021 格式。")
    for found in (found2, found3, found4):
        notes += found.notes
    report = PrintedReport(
        file=str(path), kind=document.kind, agency=agency, year=year or printed_year,
        layout=layout or (s2_layout if not grids["section3"] else None),
        section2=s2, section2_layout=s2_layout, section3=found3.values, section4=found4.values,
        prose={i: "\n".join(prose[i]) for i in (1, 5, 6)}, text="\n".join(document.lines), title=title, sign_off=sign_off,
        lead=_lead(prose[0], title) if seen and title else "",
        drift=found2.drift + found3.drift, notes=notes, document=document,
        found3=bool(found3.values), found4=bool(found4.values),
    )
    return report
