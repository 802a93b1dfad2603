"""Validation corpus: malformed ledger rows and columns, each pinned to its exact message.

Every ledger is built in ``tmp_path`` by a tiny helper (CSV text or an xlsx written with
xlsxwriter). File-level problems (encodings, broken workbooks, folders) are in
``test_readers.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import pickle
import subprocess
from pathlib import Path

import pytest
from builders import write_files as write
from builders import xlsx_bytes

from gk_helpers.base.errors import LedgerError, Problem
from gk_helpers.ledger.ledgers import load_ledgers

TODAY = dt.date(2024, 6, 30)
GK = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "gk"

APPS = "申请编号,收到日期,申请人类型,办结日期,办理结果"
APPS_FEES = APPS + ",收费通知金额（元）,实收金额（元）"
CASES = "案件编号,案件类型,收到日期,审结日期,审理结果"
DOCS = "文号,名称,类别,制发日期,公开日期,废止日期"
ENFORCEMENT = "决定编号,类别,决定日期"
POWERS = "事项编码,事项名称,类别,设立日期,取消日期"
FEES = "收费日期,项目,金额（元）"
PROCUREMENT = "项目编号,采购日期,金额（元）"
HOTLINE = "工单编号,受理日期,办结日期,办理时限"

APPLICANTS = "允许的申请人类型：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他。"
DATE_FORMS = "可用的写法：2020-03-05、2020/3/5、2020.3.5、20200305、2020年3月5日、Excel 日期单元格或日期序列号。"
NOT_AMOUNT = "金额必须是数字（单位：元），不能含有文字、单位或千位分隔符，例如 100 或 25.5。"
SAME = "可按文末的建议写入 台账映射.yaml。"
MAPPING_INTRO = ("若上面的列名或取值是本单位的写法，可把下面几行写入台账目录中的 台账映射.yaml（已有同名类别时并入其下，"
                 "同一个键只能写一次；<允许的值之一> 处请填入规定的名称，其余各行也请核对）：\n")


def unknown(enum: str, hint: str = "") -> str:
    """The message of an unknown value: the closest labels, and where the allowed values and the mapping are."""
    return f"不是允许的{enum}。{hint}请改为允许的{enum}（见文末）；若这是本单位的写法，也可按文末的建议写入 台账映射.yaml。"


# --- helpers ---------------------------------------------------------------------------------


def csv_text(header: str, *rows: str) -> str:
    """A CSV ledger: header line, then one line per row."""
    return "\n".join((header, *rows)) + "\n"


def csv_line(*cells: str) -> str:
    """One CSV line with the cells quoted as Excel would."""
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


def write_xlsx(folder: Path, sheets: dict[str, list[list]]) -> Path:
    """台账.xlsx with one sheet per entry; dates become real Excel date cells, None stays empty."""
    return write(folder, {"台账.xlsx": xlsx_bytes(sheets)})


def problems(folder: Path, today: dt.date = TODAY) -> list[Problem]:
    """The problems ``load_ledgers`` raises for ``folder`` (the test fails if it loads)."""
    with pytest.raises(LedgerError) as info:
        load_ledgers(folder, today=today)
    return info.value.problems


def messages(folder: Path, today: dt.date = TODAY) -> list[tuple[str, str]]:
    """(rule, user-facing line) of every problem, in the order the error lists them."""
    return [(p.rule, str(p)) for p in problems(folder, today)]


# --- the malformed corpus: one ledger, its exact problems ---------------------------------------

MALFORMED = {
    "missing-required-header": (
        {"依申请公开.csv": csv_text("申请编号,收到日期,办结日期", "1,2020-03-05,")},
        [("缺少配对的列", "依申请公开.csv 第1行 「办理结果」列：没有「办理结果」列（有「办结日期」列时必须有它，两者配对填写）。"
                          "现有表头：申请编号、收到日期、办结日期。请在表头行添加该列（表头须与规定的名称一致）；"
                          "若本单位用别的列名，请在 台账映射.yaml 的「依申请公开」下的「列」中写一行“本单位的列名: 办理结果”。"),
         ("缺少必填列", "依申请公开.csv 第1行 「申请人类型」列：缺少必填列「申请人类型」。现有表头：申请编号、收到日期、办结日期。"
                        "请在表头行添加该列（表头须与规定的名称一致）；若本单位用别的列名，请在 台账映射.yaml 的「依申请公开」下的「列」中"
                        "写一行“本单位的列名: 申请人类型”。")],
    ),
    "no-header-at-all": (
        {"行政执法.csv": csv_text("编号,日期", "1,2020-03-05")},
        [
            ("缺少必填列", "行政执法.csv 第1行 「决定日期」列：缺少必填列「决定日期」。现有表头：编号、日期。「日期」列的取值像决定日期，"
                           "是否就是它？若是，请把表头改为「决定日期」，或按文末的建议写入 台账映射.yaml。"),
            ("缺少必填列", "行政执法.csv 第1行 「决定编号」列：缺少必填列「决定编号」。现有表头：编号、日期。「编号」列的取值像决定编号，"
                           "是否就是它？若是，请把表头改为「决定编号」，或按文末的建议写入 台账映射.yaml。"),
            ("缺少必填列", "行政执法.csv 第1行 「类别」列：缺少必填列「类别」。现有表头：编号、日期。请在表头行添加该列（表头须与规定的名称一致）；"
                           "若本单位用别的列名，请在 台账映射.yaml 的「行政执法」下的「列」中写一行“本单位的列名: 类别”。"),
        ],
    ),
    "header-below-a-two-cell-row": (
        {"依申请公开.csv": csv_text("2020年,依申请公开台账", APPS, "1,2020-03-05,自然人,,")},
        [("表头不在第1行", "依申请公开.csv 第1行：表头应在第1行，但第2行才是表头（第1行是：2020年、依申请公开台账）。请删除表头上方的标题行或空行。")],
    ),
    "duplicated-header-column": (
        {"依申请公开.csv": csv_text(APPS + ",收到日期", "1,2020-03-05,自然人,,,2020-03-06")},
        [("重复的列", "依申请公开.csv 第1行 「收到日期」列：值「收到日期」：表头中「收到日期」出现了不止一次。请删除或改名多余的一列。")],
    ),
    "empty-required-cell": (
        {"依申请公开.csv": csv_text(APPS, "1,2020-03-05,,,", "2, ,自然人,,")},
        [
            ("必填项为空", "依申请公开.csv 第2行 「申请人类型」列：「申请人类型」是必填项，不能为空。请补填。"),
            ("必填项为空", "依申请公开.csv 第3行 「收到日期」列：「收到日期」是必填项，不能为空。请补填。"),
        ],
    ),
    "empty-required-amount": (
        {"行政事业性收费.csv": csv_text(FEES, "2020-03-05,工本费,")},
        [("必填项为空", "行政事业性收费.csv 第2行 「金额（元）」列：「金额（元）」是必填项，不能为空。请补填。")],
    ),
    "unknown-applicant-type": (
        {"依申请公开.csv": csv_text(APPS, "1,2020-03-05,法人,,")},
        [("未知的取值", f"依申请公开.csv 第2行 「申请人类型」列：值「法人」：{unknown('申请人类型')}")],
    ),
    "ambiguous-applicant-group": (
        {"依申请公开.csv": csv_text(APPS, "1,2020-03-05,法人或其他组织,,")},
        [("含义不明确的值", "依申请公开.csv 第2行 「申请人类型」列：值「法人或其他组织」：不够具体，无法确定是哪一种申请人类型。"
                           "请改为其中之一：商业企业、科研机构、社会公益组织、法律服务机构、其他。若本单位的「法人或其他组织」总是指同一种，"
                           f"{SAME}")],
    ),
    "unknown-outcome": (
        {"依申请公开.csv": csv_text(APPS, "1,2020-03-05,自然人,2020-03-20,已答复")},
        [("未知的取值", f"依申请公开.csv 第2行 「办理结果」列：值「已答复」：{unknown('办理结果')}")],
    ),
    "ambiguous-outcome-group": (
        {"依申请公开.csv": csv_text(APPS, "1,2020-03-05,自然人,2020-03-20,不予公开")},
        [("含义不明确的值", "依申请公开.csv 第2行 「办理结果」列：值「不予公开」：不够具体，无法确定是哪一种办理结果。请改为其中之一："
                           "不予公开-属于国家秘密、不予公开-其他法律行政法规禁止公开、不予公开-危及“三安全一稳定”、不予公开-保护第三方合法权益、"
                           "不予公开-属于三类内部事务信息、不予公开-属于四类过程性信息、不予公开-属于行政执法案卷、不予公开-属于行政查询事项。"
                           f"若本单位的「不予公开」总是指同一种，{SAME}")],
    ),
    "ambiguous-outcome-other-group": (
        {"依申请公开.csv": csv_text(APPS, "1,2020-03-05,自然人,2020-03-20,无法提供")},
        [("含义不明确的值", "依申请公开.csv 第2行 「办理结果」列：值「无法提供」：不够具体，无法确定是哪一种办理结果。请改为其中之一："
                           "无法提供-本机关不掌握相关政府信息、无法提供-没有现成信息需要另行制作、无法提供-补正后申请内容仍不明确。"
                           f"若本单位的「无法提供」总是指同一种，{SAME}")],
    ),
    "unknown-case-type": (
        {"复议诉讼.csv": csv_text(CASES, "F1,行政复仪,2020-03-05,,")},
        [("未知的取值", f"复议诉讼.csv 第2行 「案件类型」列：值「行政复仪」：{unknown('案件类型', '您是否指：「行政复议」？')}")],
    ),
    "ambiguous-case-type": (
        {"复议诉讼.csv": csv_text(CASES, "F1,行政诉讼,2020-03-05,,")},
        [("含义不明确的值", "复议诉讼.csv 第2行 「案件类型」列：值「行政诉讼」：不够具体，无法确定是哪一种案件类型。请改为其中之一：直接起诉、复议后起诉。"
                           f"若本单位的「行政诉讼」总是指同一种，{SAME}")],
    ),
    "unknown-case-result": (
        {"复议诉讼.csv": csv_text(CASES, "F1,行政复议,2020-03-05,2020-05-01,维持原决定")},
        [("未知的取值", f"复议诉讼.csv 第2行 「审理结果」列：值「维持原决定」：{unknown('审理结果', '您是否指：「维持」？')}")],
    ),
    "unknown-document-category": (
        {"规范性文件.csv": csv_text(DOCS, "城政〔2020〕1号,关于某事的通知,通知,2020-03-05,,")},
        [("未知的取值", f"规范性文件.csv 第2行 「类别」列：值「通知」：{unknown('规范性文件类别')}")],
    ),
    "fee-category-not-an-enforcement-decision": (
        {"行政执法.csv": csv_text(ENFORCEMENT, "J1,行政事业性收费,2020-03-05")},
        [("未知的取值", f"行政执法.csv 第2行 「类别」列：值「行政事业性收费」：{unknown('行政执法类别')}")],
    ),
    "unknown-power-category": (
        {"权责事项.csv": csv_text(POWERS, "Q1,某项许可,行政确认,2019-01-01,")},
        [("未知的取值", f"权责事项.csv 第2行 「类别」列：值「行政确认」："
                       f"{unknown('权责事项类别', '您是否指：「行政许可」、「行政强制」、「行政处罚」？')}")],
    ),
    "unparseable-date": (
        {"依申请公开.csv": csv_text(APPS, "1,3月5日,自然人,,")},
        [("无法识别的日期", f"依申请公开.csv 第2行 「收到日期」列：值「3月5日」：不是可识别的日期。{DATE_FORMS}")],
    ),
    "date-with-wrong-separator": (
        {"热线工单.csv": csv_text(HOTLINE, "R1,2020_03_05,,")},
        [("无法识别的日期", f"热线工单.csv 第2行 「受理日期」列：值「2020_03_05」：不是可识别的日期。{DATE_FORMS}")],
    ),
    "day-that-does-not-exist": (
        {"依申请公开.csv": csv_text(APPS, "1,2020-02-30,自然人,,", "2,2020年13月1日,自然人,,")},
        [
            ("无法识别的日期", "依申请公开.csv 第2行 「收到日期」列：值「2020-02-30」：这一天不存在（月份须在1～12之间，日须在该月的天数之内）。请核对月和日。"),
            ("无法识别的日期", "依申请公开.csv 第3行 「收到日期」列：值「2020年13月1日」：这一天不存在（月份须在1～12之间，日须在该月的天数之内）。请核对月和日。"),
        ],
    ),
    "implausible-date-2202": (
        {"依申请公开.csv": csv_text(APPS, "1,2202-01-01,自然人,,")},
        [("不合理的日期", "依申请公开.csv 第2行 「收到日期」列：值「2202-01-01」：日期 2202-01-01 晚于今天（2024-06-30），可能是笔误（如把 2022 写成 2202）。请核对后改正。")],
    ),
    "implausible-date-before-2000": (
        {"规范性文件.csv": csv_text(DOCS, "城政〔2020〕1号,关于某事的通知,行政规范性文件,1999/12/31,,")},
        [("不合理的日期", "规范性文件.csv 第2行 「制发日期」列：值「1999/12/31」：日期 1999-12-31 早于 2000 年，可能是笔误（如把 2020 写成 1020）。请核对后改正。")],
    ),
    "date-after-today": (
        {"依申请公开.csv": csv_text(APPS, "1,2024-06-30,自然人,2024-07-01,予以公开")},
        [("不合理的日期", "依申请公开.csv 第2行 「办结日期」列：值「2024-07-01」：日期 2024-07-01 晚于今天（2024-06-30），可能是笔误（如把 2022 写成 2202）。请核对后改正。")],
    ),
    "full-width-digits-in-date": (
        {"依申请公开.csv": csv_text(APPS, "1,２０２０-03-05,自然人,,")},
        [("全角数字", "依申请公开.csv 第2行 「收到日期」列：值「２０２０-03-05」：含有全角数字。请改为半角数字「2020-03-05」（切换到半角输入法重新输入）。")],
    ),
    "full-width-digits-in-amount": (
        {"政府集中采购.csv": csv_text(PROCUREMENT, "C1,2020-03-05,１２００．５")},
        [("全角数字", "政府集中采购.csv 第2行 「金额（元）」列：值「１２００．５」：含有全角数字。请改为半角数字「1200.5」（切换到半角输入法重新输入）。")],
    ),
    "closed-before-received": (
        {"依申请公开.csv": csv_text(APPS, "1,2020-03-05,自然人,2020/3/1,予以公开")},
        [("日期先后颠倒", "依申请公开.csv 第2行 「办结日期」列：值「2020-03-01」：办结日期早于收到日期（2020-03-05）。请核对两个日期。")],
    ),
    "outcome-without-closing-date": (
        {"依申请公开.csv": csv_text(APPS, "1,2020-03-05,自然人,,予以公开")},
        [("缺少配对的值", "依申请公开.csv 第2行 「办结日期」列：已填写「办理结果」，但「办结日期」为空。两者须同时填写（尚未办结的记录两者都留空）。"
                         "请补填「办结日期」或清空「办理结果」。")],
    ),
    "closing-date-without-outcome": (
        {"依申请公开.csv": csv_text(APPS, "1,2020-03-05,自然人,2020-03-20,")},
        [("缺少配对的值", "依申请公开.csv 第2行 「办理结果」列：已填写「办结日期」，但「办理结果」为空。两者须同时填写（尚未办结的记录两者都留空）。"
                         "请补填「办理结果」或清空「办结日期」。")],
    ),
    "case-result-without-decision-date": (
        {"复议诉讼.csv": csv_text(CASES, "F1,行政复议,2020-03-05,,维持")},
        [("缺少配对的值", "复议诉讼.csv 第2行 「审结日期」列：已填写「审理结果」，但「审结日期」为空。两者须同时填写（尚未审结的记录两者都留空）。"
                         "请补填「审结日期」或清空「审理结果」。")],
    ),
    "case-decision-date-without-result": (
        {"复议诉讼.csv": csv_text(CASES, "F1,行政复议,2020-03-05,2020-06-01,")},
        [("缺少配对的值", "复议诉讼.csv 第2行 「审理结果」列：已填写「审结日期」，但「审理结果」为空。两者须同时填写（尚未审结的记录两者都留空）。"
                         "请补填「审理结果」或清空「审结日期」。")],
    ),
    "repealed-before-issued": (
        {"规范性文件.csv": csv_text(DOCS, "城政〔2020〕1号,关于某事的通知,行政规范性文件,2020-03-05,2020-03-06,2019-12-31")},
        [("日期先后颠倒", "规范性文件.csv 第2行 「废止日期」列：值「2019-12-31」：废止日期早于制发日期（2020-03-05）。请核对两个日期。")],
    ),
    "hotline-closed-before-received": (
        {"热线工单.csv": csv_text(HOTLINE, "R1,2020-03-05,2020-03-04,2020-03-10")},
        [("日期先后颠倒", "热线工单.csv 第2行 「办结日期」列：值「2020-03-04」：办结日期早于受理日期（2020-03-05）。请核对两个日期。")],
    ),
    "duplicate-application-id": (
        {"依申请公开.csv": csv_text(APPS, "2020-001,2020-03-05,自然人,,", "2020-002,2020-03-06,自然人,,", " 2020-001 ,2020-03-07,自然人,,")},
        [("编号重复", "依申请公开.csv 第4行 「申请编号」列：值「2020-001」：申请编号与第2行重复。每条记录的编号必须唯一：请改正编号，或删除重复录入的记录。")],
    ),
    "negative-amount": (
        {"依申请公开.csv": csv_text(APPS_FEES, "1,2020-03-05,自然人,2020-03-20,予以公开,-50,")},
        [("金额为负数", "依申请公开.csv 第2行 「收费通知金额（元）」列：值「-50」：金额不能为负数。退费或冲销请在备注中说明，金额填实际发生的正数。")],
    ),
    "amount-with-unit": (
        {"行政事业性收费.csv": csv_text(FEES, "2020-03-05,工本费,100元")},
        [("金额不是数字", f"行政事业性收费.csv 第2行 「金额（元）」列：值「100元」：{NOT_AMOUNT}")],
    ),
    "amount-with-thousands-separator": (
        {"行政事业性收费.csv": csv_text(FEES, '2020-03-05,工本费,"1,000"')},
        [("金额不是数字", f"行政事业性收费.csv 第2行 「金额（元）」列：值「1,000」：{NOT_AMOUNT}")],
    ),
    "ragged-csv-row": (
        {"依申请公开.csv": csv_text(APPS_FEES + ",申请内容", "1,2020-03-05,自然人,,,,,关于道路,桥梁的信息")},
        [("列数多于表头", "依申请公开.csv 第2行：值「桥梁的信息」：这一行的值比表头（8 列）多，多出的值没有对应的表头。常见原因是某个值里有英文逗号"
                         "（如 1,000 或申请内容中的逗号）。请把该值用英文双引号括起来或改用中文逗号；若确需新增一列，请在表头补上列名。")],
    ),
    "unclosed-quote": (
        {"依申请公开.csv": csv_text(APPS + ",申请内容", '1,2020-03-05,自然人,,,"关于道路', "2,2020-03-06,自然人,,,桥梁")},
        [("CSV格式错误", "依申请公开.csv 第2行：这一行的英文双引号没有配对（值中含有 \" 时须写成 \"\"，或整个值用双引号括起来）。请检查该行的引号。")],
    ),
}


@pytest.mark.parametrize("files, expected", list(MALFORMED.values()), ids=list(MALFORMED))
def test_malformed_ledger_is_reported_exactly(tmp_path, files, expected):
    assert messages(write(tmp_path, files)) == expected


DUPLICATE_IDS = [
    ("复议诉讼.csv", CASES, "F1,行政复议,2020-03-05,,", "案件编号"),
    ("规范性文件.csv", DOCS, "城政〔2020〕1号,通知,行政规范性文件,2020-03-05,,", "文号"),
    ("行政执法.csv", ENFORCEMENT, "J1,行政处罚,2020-03-05", "决定编号"),
    ("权责事项.csv", POWERS, "Q1,某项许可,行政许可,2019-01-01,", "事项编码"),
    ("政府集中采购.csv", PROCUREMENT, "C1,2020-03-05,100", "项目编号"),
    ("热线工单.csv", HOTLINE, "R1,2020-03-05,,", "工单编号"),
]


@pytest.mark.parametrize("file, header, row, column", DUPLICATE_IDS, ids=[d[0] for d in DUPLICATE_IDS])
def test_duplicate_ids_in_every_kind_name_the_first_row(tmp_path, file, header, row, column):
    found = problems(write(tmp_path, {file: csv_text(header, row, "", row)}))
    ident = row.split(",")[0]
    assert [(p.file, p.sheet, p.row, p.column, p.value, p.rule) for p in found] == [(file, "", 4, column, ident, "编号重复")]
    assert str(found[0]) == (
        f"{file} 第4行 「{column}」列：值「{ident}」：{column}与第2行重复。每条记录的编号必须唯一：请改正编号，或删除重复录入的记录。"
    )


def test_every_duplicate_names_the_first_occurrence(tmp_path):
    found = problems(write(tmp_path, {"依申请公开.csv": csv_text(APPS, *["7,2020-03-05,自然人,,"] * 3)}))
    assert [(p.row, p.message[:11]) for p in found] == [(3, "申请编号与第2行重复。"), (4, "申请编号与第2行重复。")]


# --- the same rules on workbook sheets ----------------------------------------------------------

APPS_ROW = ["申请编号", "收到日期", "申请人类型", "办结日期", "办理结果"]


def test_sheet_with_blank_rows_above_the_header_loads_with_a_note(tmp_path):
    write_xlsx(tmp_path, {"复议诉讼": [[], [], CASES.split(","), ["F1", "行政复议", dt.date(2020, 3, 5)]]})
    ledgers = load_ledgers(tmp_path, today=TODAY)
    assert ledgers["cases"]["_row"].tolist() == [4]
    assert ledgers.warnings == ["台账.xlsx「复议诉讼」：表头上方的第1～2行（空行）已跳过，表头在第3行。"]


def test_csv_title_row_above_the_header_loads_with_a_note(tmp_path):
    write(tmp_path, {"依申请公开.csv": csv_text("2020年依申请公开台账,,,,", APPS, "1,2020-03-05,自然人,,")})
    ledgers = load_ledgers(tmp_path, today=TODAY)
    assert ledgers["applications"]["id"].tolist() == ["1"]
    assert ledgers["applications"]["_row"].tolist() == [3]
    assert ledgers.warnings == ["依申请公开.csv：表头上方的第1行（标题「2020年依申请公开台账」）已跳过，表头在第2行。"]


def test_sheet_problems_name_the_sheet_and_excel_row(tmp_path):
    write_xlsx(
        tmp_path,
        {
            "依申请公开": [
                APPS_ROW,
                [2020001, dt.date(2020, 3, 5), "自然人", None, None],
                [],
                [2020003, dt.date(2020, 3, 6), "单位", None, None],
                [2020001, 43900, "自然人", None, None],
            ],
            "复议诉讼": [CASES.split(","), ["F1", "行政复议", dt.date(2202, 1, 1), None, None]],
        },
    )
    found = problems(tmp_path)
    assert [(p.file, p.sheet, p.row, p.column, p.value, p.rule) for p in found] == [
        ("台账.xlsx", "依申请公开", 4, "申请人类型", "单位", "未知的取值"),
        ("台账.xlsx", "依申请公开", 5, "申请编号", "2020001", "编号重复"),
        ("台账.xlsx", "复议诉讼", 2, "收到日期", "2202-01-01", "不合理的日期"),
    ]
    assert str(found[0]) == f"台账.xlsx 工作表「依申请公开」 第4行 「申请人类型」列：值「单位」：{unknown('申请人类型')}"
    assert str(found[1]).startswith("台账.xlsx 工作表「依申请公开」 第5行 「申请编号」列：值「2020001」：申请编号与第2行重复。")


@pytest.mark.parametrize(
    "cell, message",
    [
        (-5, f"不是有效的日期。{DATE_FORMS}"),
        (20201301, f"不是有效的日期。{DATE_FORMS}"),
        (1.5, "日期 1899-12-31 早于 2000 年，可能是笔误（如把 2020 写成 1020）。请核对后改正。"),
        (dt.date(1999, 3, 5), "日期 1999-03-05 早于 2000 年，可能是笔误（如把 2020 写成 1020）。请核对后改正。"),
        ("2020-3-5号", f"不是可识别的日期。{DATE_FORMS}"),
    ],
    ids=["negative-number", "bad-compact-number", "tiny-serial", "date-cell-1999", "text-with-suffix"],
)
def test_bad_date_cells_in_a_sheet(tmp_path, cell, message):
    write_xlsx(tmp_path, {"行政执法": [["决定编号", "类别", "决定日期"], ["J1", "行政许可", cell]]})
    (found,) = problems(tmp_path)
    assert (found.sheet, found.row, found.column, found.message) == ("行政执法", 2, "决定日期", message)


# --- collecting, sorting and capping -----------------------------------------------------------


def test_problems_across_files_are_collected_sorted_and_capped(tmp_path):
    bad_rows = [f"{i},2020-03-05,路人{i},," for i in range(1, 56)]  # 55 distinct unknown applicant types
    write(
        tmp_path,
        {
            "依申请公开.csv": csv_text(APPS, *bad_rows),
            "复议诉讼.csv": csv_text(CASES, "F1,行政复议,2020-13-01,,"),
            "行政执法.csv": csv_text("决定编号,类别", "J1,行政许可"),
        },
    )
    write_xlsx(tmp_path, {"热线工单": [HOTLINE.split(","), ["R1", "昨天", None, None]]})
    with pytest.raises(LedgerError) as info:
        load_ledgers(tmp_path, today=TODAY)
    error = info.value
    assert len(error.problems) == 58
    assert error.problems == sorted(error.problems)
    assert [p.file for p in error.problems][:2] == ["依申请公开.csv", "依申请公开.csv"]
    assert [(p.file, p.row) for p in error.problems[-3:]] == [("台账.xlsx", 2), ("复议诉讼.csv", 2), ("行政执法.csv", 1)]
    text = str(error)
    lines = text.splitlines()
    assert lines[0] == "台账有 58 处问题，请逐条修改后重试："
    assert lines[1] == f"1. 依申请公开.csv 第2行 「申请人类型」列：值「路人1」：{unknown('申请人类型')}"
    assert lines[50].startswith("50. 依申请公开.csv 第51行 ")
    assert lines[51] == "…另有 8 条"
    # then, once: the mapping block (30 of the 55 values, the rest counted) and the allowed values
    assert lines[52:56] == ["", MAPPING_INTRO.rstrip("\n"), "依申请公开:", "  值:"]
    assert lines[56:58] == ["    申请人类型:", "      路人1: <允许的值之一>"]
    assert lines[86] == "      路人30: <允许的值之一>"
    assert lines[87:] == ["# 「申请人类型」还有 25 个取值没有列出（见上面的问题）", "", APPLICANTS]


def test_ledger_error_survives_pickling(tmp_path):
    write(tmp_path, {"依申请公开.csv": csv_text(APPS, "1,2020-03-05,法人,,")})
    with pytest.raises(LedgerError) as info:
        load_ledgers(tmp_path, today=TODAY)
    copy = pickle.loads(pickle.dumps(info.value))
    assert copy.problems == info.value.problems
    assert str(copy) == str(info.value)


def test_shifted_row_is_reported_once_and_other_rows_still_checked(tmp_path):
    header = APPS + ",申请内容"
    write(tmp_path, {"依申请公开.csv": csv_text(header, "1,2020-03-05,自然人,,,道路,桥梁,河道", "2,2020-03-05,法人,,,")})
    assert [(p.row, p.rule, p.value) for p in problems(tmp_path)] == [
        (2, "列数多于表头", "桥梁,河道"),
        (3, "未知的取值", "法人"),
    ]


# --- good inputs --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["2020-03-05", "2020/3/5", "2020.3.5", "20200305", "2020年3月5日", "43895", "43895.0", " 2020-3-05 ", "2020/03/05"],
)
def test_every_text_date_form_in_csv(tmp_path, text):
    write(tmp_path, {"依申请公开.csv": csv_text(APPS, f"1,{text},自然人,,")})
    frame = load_ledgers(tmp_path, today=TODAY)["applications"]
    assert frame["received"].tolist() == [dt.datetime(2020, 3, 5)]


@pytest.mark.parametrize(
    "cell",
    [dt.date(2020, 3, 5), dt.datetime(2020, 3, 5, 14, 30), 43895, 43895.0, "43895", 20200305, "2020年3月5日"],
    ids=["date-cell", "datetime-cell", "serial-int", "serial-float", "serial-text", "compact-number", "chinese-text"],
)
def test_every_date_form_in_a_sheet(tmp_path, cell):
    write_xlsx(tmp_path, {"依申请公开": [APPS_ROW, ["A1", cell, "自然人", None, None]]})
    frame = load_ledgers(tmp_path, today=TODAY)["applications"]
    assert frame["received"].tolist() == [dt.datetime(2020, 3, 5)]


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("其他处理-申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",
         "其他处理-申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        (" 其他处理－申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 ",
         "其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("属于国家秘密", "不予公开-属于国家秘密"),
        ("不予公开 - 属于国家秘密", "不予公开-属于国家秘密"),
        ("危及\"三安全一稳定\"", "不予公开-危及“三安全一稳定”"),
        ("部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
        ("部分公开(区分处理的,只计这一情形,不计其他情形)", "部分公开"),
        ("\u3000予以公开\u3000", "予以公开"),
    ],
)
def test_outcome_spelling_variants_are_accepted(tmp_path, written, canonical):
    write(tmp_path, {"依申请公开.csv": csv_text(APPS, csv_line("1", "2020-03-05", "自然人", "2020-03-06", written))})
    frame = load_ledgers(tmp_path, today=TODAY)["applications"]
    assert frame["outcome"].tolist() == [canonical]


@pytest.mark.parametrize(
    "file, header, row, field, canonical",
    [
        ("依申请公开.csv", APPS, "1,2020-03-05, 商业企业 ,,", "applicant", "商业企业"),
        ("复议诉讼.csv", CASES, "F1,行政诉讼，未经复议直接起诉,2020-03-05,,", "type", "直接起诉"),
        ("复议诉讼.csv", CASES, "F1, 复议后起诉,2020-03-05,2020-04-01,纠正 ", "result", "纠正"),
        ("规范性文件.csv", DOCS, "城政〔2020〕1号,通知,规范性文件,2020-03-05,,", "category", "行政规范性文件"),
        ("权责事项.csv", POWERS, "Q1,收费事项,行政事业性收费,2019-01-01,", "category", "行政事业性收费"),
    ],
    ids=["applicant-spaces", "case-type-alias", "case-result-spaces", "document-alias", "power-fee"],
)
def test_enumeration_variants_are_accepted(tmp_path, file, header, row, field, canonical):
    ledgers = load_ledgers(write(tmp_path, {file: csv_text(header, row)}), today=TODAY)
    (frame,) = ledgers.frames.values()
    assert frame[field].tolist() == [canonical]


def test_headers_with_spaces_and_half_width_brackets(tmp_path):
    header = " 申请编号 ,收到日期\u3000,申请人类型,办结日期,办理结果,收费通知金额(元),实收金额 （元）"
    write(tmp_path, {"依申请公开.csv": csv_text(header, "1,2020-03-05,自然人,2020-03-06,予以公开,12.5,12.5")})
    frame = load_ledgers(tmp_path, today=TODAY)["applications"]
    assert frame[["fee_notice", "fee_paid"]].values.tolist() == [[12.5, 12.5]]


def test_extra_columns_are_ignored(tmp_path):
    header = "序号," + APPS + ",经办人,,联系电话"
    write(tmp_path, {"依申请公开.csv": csv_text(header, "1,A1,2020-03-05,自然人,,,张三,,13800000000")})
    frame = load_ledgers(tmp_path, today=TODAY)["applications"]
    assert frame[["_row", "id", "applicant"]].values.tolist() == [[2, "A1", "自然人"]]


def test_optional_columns_may_be_absent(tmp_path):
    write(tmp_path, {"依申请公开.csv": csv_text("申请编号,收到日期,申请人类型", "1,2020-03-05,其他")})
    ledgers = load_ledgers(tmp_path, today=TODAY)
    assert ledgers["applications"]["applicant"].tolist() == ["其他"]


def test_header_only_ledger_has_zero_rows_and_no_problem(tmp_path):
    ledgers = load_ledgers(write(tmp_path, {"依申请公开.csv": csv_text(APPS)}), today=TODAY)
    assert ledgers.has("applications")
    assert len(ledgers["applications"]) == 0


def test_blank_rows_in_the_middle_keep_excel_row_numbers(tmp_path):
    write(tmp_path, {"依申请公开.csv": csv_text(APPS, "1,2020-03-05,自然人,,", ",,,,", "", " , ,,,", "5,2020-03-05,自然人,,")})
    frame = load_ledgers(tmp_path, today=TODAY)["applications"]
    assert frame[["_row", "id"]].values.tolist() == [[2, "1"], [6, "5"]]


def test_blank_rows_in_a_sheet_keep_excel_row_numbers(tmp_path):
    write_xlsx(tmp_path, {"依申请公开": [APPS_ROW, ["A1", dt.date(2020, 3, 5), "自然人"], [], [None, "", None], ["A5", dt.date(2020, 3, 5), "单位"]]})
    (found,) = problems(tmp_path)
    assert (found.row, found.value) == (5, "单位")


def test_numeric_ids_in_a_sheet_read_as_text(tmp_path):
    write_xlsx(tmp_path, {"依申请公开": [APPS_ROW, [2020001.0, dt.date(2020, 3, 5), "自然人"], [2020002, dt.date(2020, 3, 5), "自然人"]]})
    frame = load_ledgers(tmp_path, today=TODAY)["applications"]
    assert frame["id"].tolist() == ["2020001", "2020002"]


def test_short_rows_and_trailing_empty_cells_are_fine(tmp_path):
    write(tmp_path, {"依申请公开.csv": csv_text(APPS, "1,2020-03-05,自然人", "2,2020-03-05,自然人,,,,,,")})
    assert len(load_ledgers(tmp_path, today=TODAY)["applications"]) == 2


def test_case_closed_after_the_report_year_is_fine(tmp_path):
    write(tmp_path, {"依申请公开.csv": csv_text(APPS, "1,2020-12-28,自然人,2021-01-05,予以公开")})
    frame = load_ledgers(tmp_path, today=dt.date(2021, 1, 5))["applications"]
    assert frame["closed"].tolist() == [dt.datetime(2021, 1, 5)]


def test_amounts_parse_as_numbers(tmp_path):
    write(tmp_path, {"行政事业性收费.csv": csv_text(FEES, "2020-03-05,工本费, 100 ", "2020-03-06,工本费,25.50", "2020-03-07,工本费,0")})
    frame = load_ledgers(tmp_path, today=TODAY)["fees"]
    assert frame["amount"].tolist() == [100.0, 25.5, 0.0]


def test_missing_kinds_become_warnings(tmp_path):
    ledgers = load_ledgers(write(tmp_path, {"依申请公开.csv": csv_text(APPS), "说明.csv": "x\n"}), today=TODAY)
    assert "未识别的文件「说明.csv」已忽略" in ledgers.warnings[0]
    assert "未提供复议诉讼台账，相关单元格按0计（影响：第四部分）。" in ledgers.missing_warnings("2021")
    assert [k.name for k in ledgers.missing][:2] == ["复议诉讼", "规范性文件"]
    assert not any("政府集中采购" in w for w in ledgers.missing_warnings("2021"))
    assert any("政府集中采购" in w for w in ledgers.missing_warnings("2019"))


# --- the CLI on a bad folder --------------------------------------------------------------------


def _gk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(GK), *args], capture_output=True, text=True, timeout=120)


def test_cli_check_lists_problems_and_exits_1(tmp_path):
    write(tmp_path, {"依申请公开.csv": csv_text(APPS, "1,2020-03-05,法人,,", "1,2020-03-06,自然人,,予以公开")})
    result = _gk("check", str(tmp_path), "--year", "2020")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "台账有 3 处问题，请逐条修改后重试：\n"
        f"1. 依申请公开.csv 第2行 「申请人类型」列：值「法人」：{unknown('申请人类型')}\n"
        "2. 依申请公开.csv 第3行 「办结日期」列：已填写「办理结果」，但「办结日期」为空。两者须同时填写（尚未办结的记录两者都留空）。"
        "请补填「办结日期」或清空「办理结果」。\n"
        "3. 依申请公开.csv 第3行 「申请编号」列：值「1」：申请编号与第2行重复。每条记录的编号必须唯一：请改正编号，或删除重复录入的记录。\n"
        "\n"
        f"{MAPPING_INTRO}依申请公开:\n  值:\n    申请人类型:\n      法人: <允许的值之一>\n\n{APPLICANTS}\n"
    )


@pytest.mark.parametrize(
    "files",
    [
        {},
        {"依申请公开.csv": b""},
        {"依申请公开.csv": b"\x00\x01binary"},
        {"台账.xlsx": b"not a zip"},
        {"台账.xlsx": b"PK\x03\x04broken zip"},
        {"依申请公开.csv": "申请编号,收到日期,申请人类型\n1,２０２０-03-05,自然人\n".encode("gb18030")},
    ],
    ids=["empty-folder", "empty-file", "binary", "not-zip", "broken-zip", "gb18030-full-width"],
)
def test_cli_never_shows_a_traceback(tmp_path, files):
    result = _gk("check", str(write(tmp_path, files)), "--year", "2020")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("台账有 1 处问题，请逐条修改后重试：\n1. ")


def test_cli_on_a_folder_that_does_not_exist(tmp_path):
    missing = tmp_path / "没有这个目录"
    result = _gk("check", str(missing), "--year", "2020")
    assert result.returncode == 1
    assert result.stderr == (
        "台账有 1 处问题，请逐条修改后重试：\n"
        f"1. {missing}：台账目录不存在。请检查路径（参数文件中的 ledger_dir 或命令行参数）。\n"
    )


def test_a_hotline_deadline_may_lie_ahead_but_not_beyond_next_year(tmp_path):
    import datetime as dt

    from gk_helpers import LedgerError, load_ledgers

    (tmp_path / "热线工单.csv").write_text("工单编号,受理日期,办结日期,办理时限\nH1,2026-11-20,,2026-12-05\nH2,2026-11-20,,2202-12-05\n", encoding="utf-8")
    with pytest.raises(LedgerError) as info:
        load_ledgers(tmp_path, today=dt.date(2026, 11, 26))
    assert [str(p) for p in info.value.problems] == [
        "热线工单.csv 第3行 「办理时限」列：值「2202-12-05」：日期 2202-12-05 晚于2027-12-31，可能是笔误（如把 2022 写成 2202）。请核对后改正。"]
