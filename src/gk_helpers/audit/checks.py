"""The checks on a published report's printed numbers, each with the cells that show it.

The relations are the spec's (R1–R3, R8, R5) but on numbers as printed: a total is
never recomputed to make a table balance, and a cell that could not be read leaves its
relation 未核对 rather than counted as 0. F1, B1, U1 and G1 catch how a report is
printed; C1/C2/R5 compare with last year's published report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..count.checks import NO_REGULATION_LEVELS
from ..base.formats import SECTION3_COLUMNS, SECTION4_GROUPS, SECTION4_RESULTS, format_for_year, row_index, section3_rows
from .cells import squash
from .printed import PrintedReport
from .tables import Read

STATUSES = ("通过", "不通过", "提示", "不适用", "未核对")
_PASSED = {"通过": True, "不通过": False}
_CITATION_2019 = re.compile(r"[〔\[【(（]2019[〕\]】)）]60号")
_CITATION_2021 = re.compile(r"[〔\[【(（]2021[〕\]】)）]30号")


@dataclass(frozen=True)
class Evidence:
    """One printed cell a check points at."""

    section: str  # 第二部分 / 第三部分 / 第四部分
    cell: str  # row/column in the official vocabulary
    read: Read | None

    def to_dict(self) -> dict:
        """Plain form for JSON."""
        number = self.read.number if self.read else None
        return {"section": self.section, "cell": self.cell, "printed": number.printed if number else None,
                "value": number.value if number else None}


@dataclass
class AuditCheck:
    """One check on a published report: id, description, status, explanation, evidence cells."""

    id: str
    description: str
    status: str
    detail: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    previous: list[Evidence] = field(default_factory=list)  # cells of last year's report
    table: dict | None = None  # evidence as a small table {"columns", "rows"} or a sentence {"text"} (prose checks)

    @property
    def passed(self) -> bool | None:
        """True / False; None for 提示, 不适用 and 未核对."""
        return _PASSED.get(self.status)

    def to_dict(self) -> dict:
        """The JSON object of one check."""
        out = {"id": self.id, "passed": self.passed, "status": self.status, "description": self.description,
               "detail": self.detail, "evidence": [e.to_dict() for e in self.evidence]}
        if self.previous:
            out["previous_evidence"] = [e.to_dict() for e in self.previous]
        if self.table:
            out["evidence_table"] = self.table
        return out


def _v(read: Read | None):
    return None if read is None else read.number.value


def _rows3(report: PrintedReport) -> dict[str, list]:
    return dict(report.section3_reads())


def _s3(label: str, col: int, read) -> Evidence:
    return Evidence("第三部分", f"{label}/{SECTION3_COLUMNS[col]}", read)


def _unread(report: PrintedReport, what: str, cid: str, description: str) -> AuditCheck | None:
    """未核对 with the reason when the section's table was not found or could not be read."""
    if (what == "section3" and not report.found3) or (what == "section4" and not report.found4):
        name = {"section3": "第三部分", "section4": "第四部分"}[what]
        return AuditCheck(cid, description, "未核对", report.unreadable.get(what, f"未读到{name}表格").rstrip("。"))
    return None


def _verdict(bad: list[str], unread: list[str], checked: int = 0) -> tuple[str, str]:
    """The status and its explanation: what failed, what was skipped (blank or unreadable cells), and how many
    of the complete ones hold — the relation runs on every complete column (row, group) of a partial table."""
    if bad:
        return "不通过", "；".join(bad) + ("；另有无法核对的：" + "、".join(unread) if unread else "")
    if unread:
        held = checked - len(unread)
        if not held and len(unread) > 8:
            return "未核对", f"单元格空白或无法读取，{len(unread)}项都无法核对（{'、'.join(unread[:3])}等）"
        listed = "、".join(unread[:8]) + (f"等{len(unread)}项" if len(unread) > 8 else "")
        return "未核对", "单元格空白或无法读取，无法核对：" + listed + (f"（其余{held}项相符）" if held else "")
    return "通过", ""


def check_r1(report: PrintedReport) -> AuditCheck:
    """R1 per column: 一 + 二 = 三（七）总计 + 四, on the printed numbers."""
    description = "第三部分每一列：一（本年新收）＋二（上年结转）＝三（七）总计＋四（结转下年度）"
    if (skip := _unread(report, "section3", "R1", description)):
        return skip
    fmt, rows = report.shape_layout, report.section3_reads()
    picked = [rows[row_index(fmt, role)] for role in ("received", "carried_over", "closed_total", "carried_forward")]
    bad, unread, evidence = [], [], []
    for col, name in enumerate(SECTION3_COLUMNS):
        cells = [vals[col] for _, vals in picked]
        values = [_v(c) for c in cells]
        if None in values:
            unread.append(name)
            continue
        a, b, c, d = values
        if a + b != c + d:
            bad.append(f"{name}：一{a}＋二{b}＝{a + b}，（七）总计{c}＋四{d}＝{c + d}")
            evidence += [_s3(label, col, cell) for (label, _), cell in zip(picked, cells)]
    status, detail = _verdict(bad, unread, len(SECTION3_COLUMNS))
    return AuditCheck("R1", description, status, detail, evidence)


def check_r2(report: PrintedReport) -> AuditCheck:
    """R2 per column: the printed （七）总计 = the printed outcome rows (the total is not recomputed)."""
    description = "第三部分每一列：（七）总计＝（一）至（六）各项之和"
    if (skip := _unread(report, "section3", "R2", description)):
        return skip
    fmt, rows = report.shape_layout, report.section3_reads()
    outcome = [(label, vals) for (label, vals), r in zip(rows, section3_rows(fmt)) if r.role == "outcome"]
    total_label, totals = rows[row_index(fmt, "closed_total")]
    bad, unread, evidence = [], [], []
    for col, name in enumerate(SECTION3_COLUMNS):
        values = [_v(vals[col]) for _, vals in outcome]
        total = _v(totals[col])
        if None in values or total is None:
            unread.append(name)
            continue
        if sum(values) != total:
            bad.append(f"{name}：各办理结果之和为{sum(values)}，印制的（七）总计为{total}")
            evidence.append(_s3(total_label, col, totals[col]))
            evidence += [_s3(label, col, vals[col]) for label, vals in outcome if _v(vals[col])]
    status, detail = _verdict(bad, unread, len(SECTION3_COLUMNS))
    return AuditCheck("R2", description, status, detail, evidence)


def check_r3(report: PrintedReport) -> AuditCheck:
    """R3 per row: the printed 总计 = the six applicant columns."""
    description = "第三部分每一行：总计＝自然人＋商业企业＋科研机构＋社会公益组织＋法律服务机构＋其他"
    if (skip := _unread(report, "section3", "R3", description)):
        return skip
    bad, unread, evidence = [], [], []
    for label, vals in report.section3_reads():
        values = [_v(c) for c in vals]
        if None in values:
            unread.append(label)
            continue
        if sum(values[:6]) != values[6]:
            bad.append(f"{label}：六类申请人之和为{sum(values[:6])}，印制的总计为{values[6]}")
            evidence += [_s3(label, i, vals[i]) for i in range(7) if i == 6 or values[i]]
    status, detail = _verdict(bad, unread, len(report.section3_reads()))
    return AuditCheck("R3", description, status, detail, evidence)


def check_r8(report: PrintedReport) -> AuditCheck:
    """R8 per section 四 group: the printed 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    description = "第四部分每组：总计＝结果维持＋结果纠正＋其他结果＋尚未审结"
    if (skip := _unread(report, "section4", "R8", description)):
        return skip
    reads = report.section4_reads()
    bad, unread, evidence = [], [], []
    for g, group in enumerate(SECTION4_GROUPS):
        cells = reads[g * 5:(g + 1) * 5]
        values = [_v(c) for c in cells]
        if None in values:
            unread.append(group)
            continue
        if sum(values[:4]) != values[4]:
            bad.append(f"{group}：{'＋'.join(str(v) for v in values[:4])}＝{sum(values[:4])}，印制的总计为{values[4]}")
            evidence += [Evidence("第四部分", f"{group}/{SECTION4_RESULTS[i]}", cells[i]) for i in range(5)]
    status, detail = _verdict(bad, unread, len(SECTION4_GROUPS))
    return AuditCheck("R8", description, status, detail, evidence)


def check_f1(report: PrintedReport) -> AuditCheck:
    """F1: the layout printed is the one the report year requires; the cited notice fits the year."""
    description = "印制的表格格式与报告年度相符（2020年及以前用2019试行格式，2021年起用2021修订格式），引用的格式文件与年度相符"
    if report.year is None:
        return AuditCheck("F1", description, "未核对", "找不到报告年度")
    required = format_for_year(report.year)
    problems, evidence = [], []
    if report.layout is None and report.found3:
        return AuditCheck("F1", description, "未核对", "无法判断印制的格式（第三部分找不到“（六）其他处理”行）")
    if report.layout is not None and report.layout != required:
        shape = "“（六）其他处理”为一行的2019试行格式" if report.layout == "2019" else "“（六）其他处理”分三行的2021修订格式"
        problems.append(f"{report.year}年报告应使用{required}格式，实际印制的是{shape}")
        evidence += [Evidence("第三部分", f"{label}/总计", vals[6]) for label, vals in report.section3.items()
                     if label.startswith("（六）其他处理")]
    text = squash(report.text)
    if report.year >= 2021 and _CITATION_2019.search(text):
        problems.append(f"{report.year}年报告引用了已被替代的国办公开办函〔2019〕60号（2021年起应依据〔2021〕30号）")
    if report.year <= 2020 and _CITATION_2021.search(text):
        problems.append(f"{report.year}年报告引用了〔2021〕30号，该年度应使用〔2019〕60号的试行格式")
    if report.section2_layout and report.section2_layout != required:
        problems.append(f"第二部分印制的是{report.section2_layout}格式的栏目，{report.year}年应为{required}格式")
    if problems:
        return AuditCheck("F1", description, "不通过", "；".join(problems), evidence)
    if report.layout is None and report.section2_layout is None:
        return AuditCheck("F1", description, "未核对", "未读到第二、三部分表格，无法判断格式")
    return AuditCheck("F1", description, "通过")


def _all_cells(report: PrintedReport):
    for item, block in report.section2_reads().items():
        for label, vals in block["rows"].items():
            for name, read in zip(block["columns"], vals):
                yield Evidence("第二部分", f"{item}/{label}/{name}", read)
    for label, vals in report.section3_reads():
        for i, read in enumerate(vals):
            yield _s3(label, i, read)
    if report.found4:
        for i, read in enumerate(report.section4_reads()):
            yield Evidence("第四部分", f"{SECTION4_GROUPS[i // 5]}/{SECTION4_RESULTS[i % 5]}", read)


def check_b1(report: PrintedReport) -> AuditCheck:
    """B1: no number cell left blank (or holding only a dash): every cell prints its number, 0 included."""
    description = "表格中没有空白单元格（0也应印出，不应留空或以“—”代替）"
    blank = [e for e in _all_cells(report) if e.read is not None and e.read.number.blank]
    if not (report.found3 or report.found4 or report.section2):
        return AuditCheck("B1", description, "未核对", "未读到表格")
    if blank:
        return AuditCheck("B1", description, "不通过", f"{len(blank)}个单元格空白：" + "、".join(e.cell for e in blank[:8])
                          + ("等" if len(blank) > 8 else ""), blank)
    if not report.complete:
        return AuditCheck("B1", description, "未核对", _partly_read(report, "单元格都印出了数字"))
    return AuditCheck("B1", description, "通过")


def _partly_read(report: PrintedReport, held: str) -> str:
    """Why a whole-report check stays 未核对: which tables could not be read, and that the rest hold."""
    names = {"section2": "第二部分", "section3": "第三部分", "section4": "第四部分"}
    missing = "、".join(names[k] for k in names if k in report.unreadable)
    return f"{missing}表格无法读取，无法核对；读到的表格{held}"


def check_u1(report: PrintedReport) -> AuditCheck:
    """U1: number cells hold bare numbers — no unit ("240万元") or words; amounts say their unit in the header."""
    description = "数字单元格只填数字：单位不写在单元格内（应写在表头，如“采购总金额（万元）”），也不填文字"
    if not (report.found3 or report.found4 or report.section2):
        return AuditCheck("U1", description, "未核对", "未读到表格")
    wrong = [e for e in _all_cells(report) if e.read is not None and e.read.number.written_wrong]
    if wrong:
        parts = [f"{e.cell}印为「{e.read.number.printed}」" for e in wrong[:8]]
        return AuditCheck("U1", description, "不通过", "；".join(parts) + ("等" if len(wrong) > 8 else ""), wrong)
    unitless = []
    for item, block in report.section2_reads().items():
        for col, name in enumerate(block["columns"]):
            read = report.section2.get(item)
            if "金额" in name and read and read["rows"]:
                header = _printed_header(report, item, col)
                if header is not None and "元" not in header:
                    unitless.append(f"{item}“{header}”")
    if unitless:
        return AuditCheck("U1", description, "提示", "金额栏目未注明单位（元或万元）：" + "、".join(unitless))
    if not report.complete:
        return AuditCheck("U1", description, "未核对", _partly_read(report, "只填了数字"))
    return AuditCheck("U1", description, "通过")


def _printed_header(report: PrintedReport, item: str, col: int) -> str | None:
    return (report.section2.get(item) or {}).get("headers", {}).get(col)


#: How G1 names an agency of each level that cannot make 规章.
_WHO = {"乡镇": "乡镇", "街道": "街道办事处", "县级": "县级机关"}


def check_g1(report: PrintedReport, level: str | None) -> AuditCheck:
    """G1: 规章 = 0 in every column for an agency that cannot make 规章 (township, street, county)."""
    description = "乡镇（街道、县级）机关无权制定规章：第二部分第二十条第（一）项“规章”行各栏应为0"
    if level is None:
        return AuditCheck("G1", description, "不适用", "未指定机关层级（--level），也无法从机关名称判断")
    if level not in NO_REGULATION_LEVELS:
        return AuditCheck("G1", description, "不适用", f"机关层级为「{level}」")
    block = report.section2_reads().get("第二十条第（一）项")
    if not block:
        return AuditCheck("G1", description, "未核对", "未读到第二部分第二十条第（一）项")
    reads = block["rows"].get("规章", [])
    evidence = [Evidence("第二部分", f"第二十条第（一）项/规章/{name}", r) for name, r in zip(block["columns"], reads)]
    nonzero = [e for e in evidence if _v(e.read)]
    if nonzero:
        return AuditCheck("G1", description, "不通过", "规章行不为0：" + "、".join(f"{e.cell.split('/')[-1]}{_v(e.read)}" for e in nonzero)
                          + f"（{_WHO[level]}的内部制度、规范性文件不是规章）", nonzero)
    if any(_v(e.read) is None for e in evidence):
        return AuditCheck("G1", description, "未核对", "规章行有空白或无法读取的单元格", [e for e in evidence if _v(e.read) is None])
    return AuditCheck("G1", description, "通过")


def check_l1(report: PrintedReport) -> AuditCheck:
    """L1 (提示): row and column labels printed differently from the official format (read anyway)."""
    description = "表格的行名、栏目名与官方格式一致"
    if not report.drift:
        return AuditCheck("L1", description, "通过")
    pairs = sorted(set(report.drift))
    return AuditCheck("L1", description, "提示", "；".join(f"「{a}」应为「{b}」" for a, b in pairs[:10]))


def level_of(agency: str | None) -> str | None:
    """The level an agency's name implies: 乡镇 for …镇/乡人民政府, 街道 for …街道办事处, 县级 for a county's
    government or one of its departments (…县人民政府, …县发展和改革局); else None.

    A district (…区) is left undecided: a zone's 管理委员会 and a city district read alike by name.
    """
    name = squash(agency or "")
    if re.search(r"(镇|乡)(人民政府|政府)?$", name):
        return "乡镇"
    if re.search(r"街道(办事处)?$", name):
        return "街道"
    if re.search(r"县(?![级域])[^省市]*$", name):  # the last 县 with no 市/省 after it; not 县级市, 县域
        return "县级"
    return None
