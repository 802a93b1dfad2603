"""Write docs/台账约定.md, docs/统计项.md and docs/统计口径.md from the library's own data and code.

docs/统计口径.md states the counting rules kept beside the code (``count/cases.py``) and a table of
worked examples whose results are computed here by that same code, so the text cannot drift.

tests/test_docs.py fails when the committed files differ from what this writes.

    python tools/generate_docs.py [DOCS_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from gk_helpers.count.figures import PHRASES
from gk_helpers.count.narrative import STATISTICS
from gk_helpers.render.sentences import SUMMARY_SENTENCES
from gk_helpers.ledger.cells import DATE_FORMS
from gk_helpers.ledger.mapping import MAPPING_NAME, YEARS_KEY
from gk_helpers.ledger.schema import LEDGER_KINDS, WORKBOOK_NAME, Needs, Order, Paired
from gk_helpers.ledger.extent import MAX_SHEET_CELLS
from gk_helpers.ledger.sources import MAX_CSV_BYTES, MAX_SHEET_XML_BYTES
from gk_helpers.notebook.params import REPORT_PLACEHOLDERS
from gk_helpers.ledger.shape import MAX_TITLE_ROWS
from gk_helpers.ledger.vocabulary import AMBIGUOUS_VALUES, HEADER_SYNONYMS, POLICY_NOTES, REPLY_LETTER_KEYWORDS, VALUE_SYNONYMS

TYPE_NAMES = {"id": "编号（唯一）", "text": "文字", "date": "日期", "enum": "取值见下", "amount": "金额（元，非负数字）",
              "count": "天数（不小于0的整数）"}


def _rule(kind, rule) -> str:
    """One row rule of a ledger kind, in words."""
    if isinstance(rule, Order):
        return f"「{kind.column(rule.later).header}」不得早于「{kind.column(rule.earlier).header}」（两者都填写时）"
    if isinstance(rule, Paired):
        return f"「{kind.column(rule.a).header}」和「{kind.column(rule.b).header}」须同时填写或同时留空"
    if isinstance(rule, Needs):
        return f"填写「{kind.column(rule.given).header}」时，「{kind.column(rule.needed).header}」也须填写"
    raise TypeError(rule)


def ledger_contract() -> str:
    """The ledger contract as Markdown."""
    lines = [
        "# 台账约定",
        "",
        f"每个乡镇的台账放在一个目录中。每类台账是一个 `<类别>.csv` 文件（UTF-8、带 BOM 的 UTF-8 或 GB18030 编码），"
        f"或 `{WORKBOOK_NAME}` 中同名的工作表（`gk template 台账.xlsx` 生成带下拉列表的模板，`gk init` 为每个乡镇放好一份）。"
        "表头和取值的比较不计空格、全角/半角、括号和分隔符的写法（不予公开（属于国家秘密）＝不予公开-属于国家秘密＝不予公开：国家秘密）。"
        "可选列可以没有；多余的列不使用：像某个规定的列（名称相近，或取值像它）的列作为提示列出（“未使用的列：…（您是否指…？）”），"
        "以免拼错的可选列被悄悄忽略；其余是本单位自有的列（如经办人、诉求类别），只在审核面板的“读取台账的说明”中记录，不作为提示。"
        "缺少的台账按0计并提示；有工作表（或 CSV 文件）而没有记录的台账按0计，只作说明（模板的填表说明就是这样要求的）。"
        "“办结日期”和“办理结果”（复议诉讼台账的“审结日期”和“审理结果”）两列要么都有、要么都没有：只有其中一列时报错。",
        "",
        f"日期可以写作：{DATE_FORMS}。早于 2000 年或晚于今天的日期视为笔误。",
        "",
        f"台账目录中只读取约定名称的文件（`<类别>.csv` 和 `{WORKBOOK_NAME}`），其他文件不读取也不计算哈希。"
        "约定名称的位置上如果是文件夹、命名管道、失效的快捷方式或指向台账目录之外的快捷方式（符号链接），"
        "视为错误而不是“未提供”，其内容不读取。"
        "`依申请公开.txt`（Excel 的“Unicode 文本”）、`.tsv`、单独的 `.xls`/`.xlsx` 等会提示如何另存为 CSV。"
        f"`{WORKBOOK_NAME}` 中任一部件（工作表、共享字符串、样式……无论放在包内哪里）解压后超过 "
        f"{MAX_SHEET_XML_BYTES // 1024 // 1024} MB、全部合计超过 {2 * MAX_SHEET_XML_BYTES // 1024 // 1024} MB、"
        f"某个工作表从第一个到最远的单元格超过 {MAX_SHEET_CELLS:,} 格（如在 XFD1048576 误填了一个值），"
        f"或 CSV 文件超过 {MAX_CSV_BYTES // 1024 // 1024} MB 时不读取，并提示原因和最远的单元格。"
        "读取台账时内存和时间有上限（`--max-memory`、`--timeout`，默认 2 GB、600 秒），超过即停止，"
        "提示“读取时超过内存上限”并写明文件。",
        "",
        "本文件由 `tools/generate_docs.py` 根据 `gk_helpers/ledger/schema.py` 生成，请勿手工修改。",
    ]
    for kind in LEDGER_KINDS:
        lines += ["", f"## {kind.name}", "", f"用于：{kind.feeds}", "", "| 列 | 必填 | 类型 | 允许的值 |", "|---|---|---|---|"]
        for c in kind.columns:
            values = "、".join(c.enum.values) if c.enum else ""
            lines.append(f"| {c.header} | {'是' if c.required else ''} | {TYPE_NAMES[c.type]} | {values} |")
        if kind.rules:
            lines += ["", "同一行中：", ""] + [f"- {_rule(kind, r)}；" for r in kind.rules]
        if kind.key == "applications":
            lines += ["", DEADLINE_COLUMNS]
    return "\n".join(lines + workbook_shapes() + coverage_doc() + synonyms() + suggestions_doc() + mapping_doc()) + "\n"


def workbook_shapes() -> list[str]:
    """How real workbooks may be laid out."""
    return [
        "", "## 工作簿的常见样式", "",
        f"- 表头上方可以有标题行（最多 {MAX_TITLE_ROWS} 行；每行至多一个单元格有字，可以跨列合并，或各格都是“填报单位：…”“填报日期：…”这样的说明），读取时跳过并提示。"
        "表头是第一个有两个及以上单元格有字的行。",
        "- “序号”列是行号，不是编号，读取时忽略。",
        "- 记录下方的“合计”（总计、小计）行跳过并提示，其中的公式和合并单元格不报错；合计由本工具从记录计算。",
        "- 以“填表说明”“说明：”“注：”开头的行及其下方只有一个单元格有字的各行视为填表说明，跳过并提示。",
        "- 记录中（表头和数据行）仍不能有合并单元格和公式。",
        "- 一年一个工作表时，工作表名写作类别加年度，如 `依申请公开2023`、`2023年依申请公开`、`依申请公开（2023年）`。"
        "同一类别的各年工作表合并读取（编号须在各表之间唯一）；每条记录按它自己的日期计入年度，工作表名中的年度不参与计算。",
        "- 模板自带的 `填表说明` 和隐藏的 `取值` 工作表不是台账，读取时忽略。",
    ]


def synonyms() -> list[str]:
    """The built-in synonyms, the ambiguous names, the policy choices."""
    lines = ["", "## 内置同义词", "",
             "真实台账对同一列、同一取值的叫法不同。下列叫法无需任何设置即可识别（在审核面板的提示中列出按同义词识别的列和值，请确认）；"
             "只有含义唯一的叫法才列入。来源：各地申请表、案件系统和第三方评估。", "",
             "### 列名", "", "| 台账 | 规定的列 | 也可以写作 |", "|---|---|---|"]
    for kind in LEDGER_KINDS:
        headers = {c.header for c in kind.columns}
        by_target: dict[str, list[str]] = {}
        for seen, meant in HEADER_SYNONYMS.get(kind.name, {}).items():
            if meant in headers:
                by_target.setdefault(meant, []).append(seen)
        lines += [f"| {kind.name} | {meant} | {'、'.join(seen)} |" for meant, seen in by_target.items()]
    lines += ["", "### 取值", "", "| 列 | 规定的值 | 也可以写作 |", "|---|---|---|"]
    enums = {c.enum.name: c.enum for k in LEDGER_KINDS for c in k.columns if c.enum is not None}
    for name, table in VALUE_SYNONYMS.items():
        if name not in enums:
            continue
        by_target = {}
        for seen, meant in table.items():
            if meant in enums[name].values:
                by_target.setdefault(meant, []).append(seen)
        lines += [f"| {name} | {meant} | {'、'.join(seen)} |" for meant, seen in by_target.items()]
    lines += ["", "说明："]
    lines += [f"- 「{seen}」：{note}。" for seen, note in POLICY_NOTES.items()]
    ambiguous = [f"「{seen}」" for table in AMBIGUOUS_VALUES.values() for seen in table]
    lines += [
        f"- 含义不唯一的写法仍然报错，并列出可选的值：「不予公开」{''.join(ambiguous)}（没有写明理由，对应八种情形之一）、"
        "「无法提供」「不予处理」「其他处理」（没有写明情形）、「法人或其他组织」（对应五类申请人之一）、「行政诉讼」（直接起诉或复议后起诉）。"
        f"本单位若总是指同一种，可在 `{MAPPING_NAME}` 中指定。",
    ]
    return lines


def coverage_doc() -> list[str]:
    """Which report years a ledger folder covers, and how an office declares a year without any record."""
    return [
        "", "## 台账覆盖的年度", "",
        "某个年度全年没有申请、案件、文件和工单，是乡镇常见的情况：这一年的报告各项为0，文字按计算的数字写（“全年未出现……的情况”），"
        "审核页和汇总页提示“台账中没有 Y 年的任何记录”。但参数文件中的 `year:` 写错时也是这样，所以只有台账目录说明了它包括该年度，"
        "才生成全为0的报告。下列任一种都算说明：", "",
        "1. 台账中有该年度的记录（任一类台账的任一日期在该年度内），或者各台账的日期跨过该年度（早于它和晚于它的都有）；",
        f"2. `{WORKBOOK_NAME}` 中有该年度的分年工作表，如 `依申请公开2024`，空表也算；",
        f"3. 台账目录的 `{MAPPING_NAME}` 中写明 `{YEARS_KEY}`（年度、年度的列表或起止年度）：", "",
        "```yaml",
        f"{YEARS_KEY}: [2023, 2024]        # 或 {YEARS_KEY}: 2019-2024",
        "```", "",
        f"`gk init --year …` 为每个乡镇写好这个文件，`{YEARS_KEY}` 就是 `--year` 给出的年度，新建的项目不需要再做什么；"
        f"以后再用 `gk init` 增加年度时，已有的 `{MAPPING_NAME}` 不会被改动，`gk init` 会提示把新的年度加进去。"
        "台账中一条记录也没有（刚生成的空白模板）时，报告同样全为0，并醒目地提示“台账中没有任何记录”。", "",
        "没有说明、台账也没有覆盖的年度（例如把参数文件复制一份、只把 `year:` 改成 2042）是错误：`gk check` 和 `gk run` 都指出该年度，"
        "并说明怎样声明。两者用同一个判断，同样的台账目录和年度总得到同样的结论。",
    ]


def suggestions_doc() -> list[str]:
    """How the kit suggests a mapping: by content, with the reply letters' keywords."""
    lines = [
        "", "## 台账不符合约定时的建议", "",
        "缺少必填列（或配对的列）时，错误会指出现有的哪一列“取值像”缺少的列：编号列的取值各不相同、像编号（登记号、收文编号、编号……："
        "含数字、不是日期）；日期列的取值是日期；取值固定的列（申请人类型、办理结果……）的取值大多是允许的值或其同义词。"
        "存放姓名、名称的列（申请人、联系人、经办人……）不会被当作申请编号或申请人类型。", "",
        "无法识别的取值，错误会给出最接近的规定值（“您是否指 …”）。办理结果常常写的是答复文书的名称，按下表的关键词给出它告知的办理结果"
        "（只作为建议，写入映射后才生效）；只写了“不予公开”而没有写理由的文书名称仍然含义不明确，需要指定八种情形之一：", "",
        "| 文书名称中含有 | 建议的办理结果 |", "|---|---|",
    ]
    by_outcome: dict[str, list[str]] = {}
    for keyword, outcome in REPLY_LETTER_KEYWORDS:
        by_outcome.setdefault(outcome, []).append(keyword)
    lines += [f"| {'、'.join(keywords)} | {outcome} |" for outcome, keywords in by_outcome.items()]
    lines += [
        "", f"所有建议在问题列表之后合并为一段，每类台账一处，可以直接粘贴到 `{MAPPING_NAME}`；`<允许的值之一>` 处需要填入规定的名称。"
        "允许的值在问题列表之后列出一次，不在每条错误中重复。",
    ]
    return lines


def mapping_doc() -> list[str]:
    """The office's own mapping file."""
    return [
        "", f"## 本单位的台账映射（`{MAPPING_NAME}`）", "",
        f"沿用本单位原有台账的列名和写法时，在台账目录中（与 `{WORKBOOK_NAME}` 或 CSV 文件放在一起）的 `{MAPPING_NAME}`（UTF-8；"
        "`gk init` 已经建好，其中写有覆盖年度）中，按台账类别（工作表或 CSV 文件名；一年一个工作表时写类别名或任一年的工作表名均可，"
        "对该类别的各年工作表都适用）写出列名对照和取值对照：", "",
        "```yaml",
        f"{YEARS_KEY}: [2023, 2024]",
        "依申请公开:",
        "  列:",
        "    来件日期: 收到日期",
        "    答复形式: 办理结果",
        "  值:",
        "    办理结果:",
        "      不存在: 无法提供-本机关不掌握相关政府信息",
        "```", "",
        "映射优先于内置同义词，也可以为含义不明确的写法指定本单位的口径。同一层中一个键只能写一次（同一类台账、同一个“列”或“值”、"
        "同一个原名）：写了两次是错误，错误指出两处的行号（YAML 本身会悄悄只保留后写的一处）。"
        "映射文件中写错的条目（未知的台账类别、列或值）逐条报出并给出最接近的规定名称，其余正确的条目照常生效；"
        "整个文件无法读取（不是 UTF-8、不是有效的 YAML）时，只报这一个错误，台账的其他问题在改正后再核对。", "",
        "按映射识别的列和值是本单位自己写定的，只记入“说明（无需处理）”（`gk check` 的最后一段、审核面板的“读取台账的说明”），"
        "不作为提示；按内置同义词识别的列和值是本工具的判断，仍作为提示列出，请审核人员确认。",
    ]


DEADLINE_COLUMNS = (
    "申请方式、补正通知日期、补正收到日期、延期、征求意见天数用于答复时限核对（D1、D2，《政府信息公开条例》第三十条至第三十三条），"
    "都可以不填：答复期限为收到申请（有补正的，为收到补正后的申请）次日起第20个工作日；“延期”为“是”的再加20个工作日；"
    "“征求意见天数”填征求第三方或其他机关意见实际用去的工作日数，加到期限上。发出补正通知但尚未收到补正的申请，期限暂不计算。"
    "补正通知应在收到申请后7个工作日内发出。工作日按国务院每年的放假和调休安排（chinesecalendar）。"
)


def statistics_doc() -> str:
    """The narrative statistics (prose placeholders) as Markdown."""
    lines = [
        "# 叙述统计项（文字中的占位符）",
        "",
        "参数文件中的文字可以用 `{键}` 引用下列由台账计算的数字，例如“全年新收申请{applications_received}件”。"
        "未知的键会报错并指出其名称。",
        "",
        "本文件由 `tools/generate_docs.py` 根据 `gk_helpers/count/narrative.py` 生成，请勿手工修改。",
        "",
        "| 键 | 含义 |",
        "|---|---|",
    ]
    lines += [f"| `{key}` | {text} |" for key, text in STATISTICS.items()]
    lines += ["", "## 整句占位符", "",
              "下列占位符换成一整句话，按计算的数字写：数字为0时用“全年未……”的说法（`gk init` 生成的第一部分文字用的就是它们）。", "",
              "| 键 | 内容 |", "|---|---|"]
    lines += [f"| `{key}` | {text} |" for key, (text, _) in SUMMARY_SENTENCES.items()]
    lines += [
        "",
        "## 导语中另可使用的占位符",
        "",
        "导语（参数文件的 `lead`，标题之后、“一、总体情况”之前的一段）除上面各项外，还可以引用报告本身的下列信息；"
        "`gk init` 写出的导语用的就是它们，只有网址、地址、邮编和电话需要填写。",
        "",
        "| 键 | 含义 |",
        "|---|---|",
    ]
    lines += [f"| `{key}` | {text} |" for key, text in REPORT_PLACEHOLDERS.items()]
    lines += [
        "",
        "## 文字中手写的数字（核对 P1）",
        "",
        "第一、五、六部分文字中紧跟在下列说法后面的数字（阿拉伯数字、全角数字或“三件”这样的中文数字），"
        "审核面板会与计算结果逐一比对，写错的列为“不通过”。用占位符写的数字由数据填入，不会出错，也不参与比对。"
        "同一处符合多个说法时，取离数字最近、最长的说法。",
        "",
        "用“及”“和”“与”“以及”“、”“或”连起来的说法共用一个数字时，比对的是各项之和（“予以公开及部分公开42件”＝予以公开＋部分公开，"
        "“行政复议和行政诉讼案件9件”＝两者之和）；说法和数字之间有“等”的（“规章、规范性文件等112件”）不比对。"
        "数字后紧跟的占比（“42件，占51.85%”“208件（17.46%）”）依次与该数除以本年办结数、本年新收数、新收加上年结转数比对，"
        "与其中一个在印出的末位小数上相差不超过1即为一致，都不相符时列出除以本年办结数的结果。"
        "“办结805件（含上年结转18件）”这样的括注，括号外的数与本身的说法比对，也可以是加上括号里那一项之和；括号里的数按括号里的说法比对。"
        "“规范性文件”单说时与行政规范性文件一行比对，“规章和规范性文件”与两行之和比对，“规章”与规章一行比对，"
        "“部门规范性文件”（别的机关的文件）不比对。审核别人的报告时，表格中的空白格按0计，空白的总计格按同一行"
        "（第四部分为同一组）印出的各数相加，用到空白格的数字在来源后注明“（含空白单元格，按0计）”；读不出的格不产生数字。",
        "",
        "| 说法（正则表达式） | 单位 | 比对的统计数 | 例句 | 不算的情形 |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| `{p.pattern.replace('|', '&#124;')}` | {'、'.join(p.units)} | `{p.key}` | {p.example} | "
              + (f"同一分句含“{'”或“'.join(p.exclude.split('|'))}”" if p.exclude else "") + " |" for p in PHRASES]
    return "\n".join(lines) + "\n"


#: Worked examples: applications (id, received, closed, outcome) and cases (id, type, received, decided, result).
EXAMPLE_APPLICATIONS = (
    ("A1", "2021-03-05", "2021-03-20", "予以公开"),
    ("A2", "2021-12-20", "2022-01-10", "无法提供-本机关不掌握相关政府信息"),
    ("A3", "2021-12-31", None, None),
    ("A4", "2022-01-01", "2022-12-31", "其他处理-其他"),
    ("A5", "2020-06-01", "2023-02-01", "部分公开"),
)
EXAMPLE_CASES = (
    ("C1", "行政复议", "2021-11-01", "2022-02-01", "维持"),
    ("C2", "直接起诉", "2022-05-01", None, None),
    ("C3", "复议后起诉", "2020-03-01", "2020-12-31", "纠正"),
)
EXAMPLE_YEARS = (2021, 2022, 2023)


def _example_frame(kind, records: list[dict]):
    import pandas as pd

    from gk_helpers.ledger.ledgers import empty_frame

    empty = empty_frame(kind)
    data = {"_row": list(range(2, len(records) + 2))}
    for column in kind.columns:
        if column.field in records[0]:
            values = pd.Series([r[column.field] for r in records], dtype=object)
            data[column.field] = (pd.to_datetime(values).astype("datetime64[ns]") if column.type == "date"
                                  else values.astype(empty[column.field].dtype))
    return pd.DataFrame(data)


_ROLE_SHORT = {"received": "一、本年新收", "carried_over": "二、上年结转", "carried_forward": "四、结转下年度"}


def _short(row) -> str:
    """A section 三 row as the examples name it: 一、本年新收, （四）无法提供 1.本机关不掌握相关政府信息, …"""
    return _ROLE_SHORT.get(row.role) or row.label.replace("（区分处理的，只计这一情形，不计其他情形）", "").replace("/", " ")


def counting_rules() -> str:
    """The counting rules and worked examples as Markdown (examples computed by count/cases.py)."""
    from gk_helpers.count.cases import (
        SECTION2_RULES, SECTION3_COLUMN_RULE, SECTION3_RULES, SECTION4_RULE, section3_membership, section4_membership)
    from gk_helpers.base.formats import SECTION2_BLOCKS, SECTION4_GROUPS, SECTION4_RESULTS, format_for_year, section3_rows
    from gk_helpers.ledger.schema import APPLICATIONS, CASES

    roles = {"received": "一、本年新收", "carried_over": "二、上年结转", "outcome": "三、（一）至（六）各办理结果行",
             "closed_total": "三、（七）总计", "carried_forward": "四、结转下年度继续办理"}
    lines = [
        "# 统计口径：一件申请、一件复议诉讼、一份文件计入哪一年的哪一格",
        "",
        "下文的 Y 是报告年度。所有日期只看日期、不看时间。Y≤2020 用 2019 年试行格式，Y≥2021 用 2021 年修订格式（参数可覆盖）。",
        "每个单元格的数字就是按这些规则选出的台账记录的条数（或金额之和）；审核页中点击数字看到的、JSON 中 `cases` 列出的，正是同一批记录。",
        "",
        "本文件由 `tools/generate_docs.py` 根据 `gk_helpers/count/cases.py` 中的规则生成；文末的例子由同一段代码计算，请勿手工修改。",
        "",
        "## 第三部分 收到和处理政府信息公开申请情况（依申请公开台账）",
        "",
        "| 行 | 计入条件 |",
        "|---|---|",
    ]
    lines += [f"| {roles[role]} | {text} |" for role, text in SECTION3_RULES.items()]
    lines += ["", SECTION3_COLUMN_RULE, "",
              "由此每一列都满足：一＋二＝三（七）总计＋四；一件申请在收到的年度计入“一”，在办结的年度计入“三”，其间每年年底计入“四”、次年计入“二”。",
              "", "## 第四部分 行政复议、行政诉讼情况（复议诉讼台账）", "", SECTION4_RULE,
              "", "## 第二部分 主动公开政府信息情况", "", "| 格式 | 条目 | 列 | 计算方法 |", "|---|---|---|---|"]
    for fmt, blocks in SECTION2_BLOCKS.items():
        for block in blocks:
            metrics = dict.fromkeys(metric for _, cells in block.rows for metric, _ in cells)
            for column, metric in zip(block.columns, metrics):
                lines.append(f"| {fmt} | {block.item} | {column} | {SECTION2_RULES[metric]} |")

    apps = _example_frame(APPLICATIONS, [{"id": i, "received": r, "closed": c, "outcome": o, "applicant": "自然人"}
                                         for i, r, c, o in EXAMPLE_APPLICATIONS])
    lines += ["", "## 例子（由代码计算）", "", "### 依申请公开（申请人均为自然人）", "",
              "| 编号 | 收到日期 | 办结日期 | 办理结果 | " + " | ".join(f"{y}年报告中计入" for y in EXAMPLE_YEARS) + " |",
              "|---|---|---|---|" + "---|" * len(EXAMPLE_YEARS)]
    cells = {}
    for year in EXAMPLE_YEARS:
        fmt = format_for_year(year)
        membership = section3_membership(apps, year, fmt)
        for n in range(len(apps)):
            cells[n, year] = "；".join(_short(r) for r, m in zip(section3_rows(fmt), membership.rows) if m[n]) or "—"
    for n, (ident, received, closed, outcome) in enumerate(EXAMPLE_APPLICATIONS):
        lines.append(f"| {ident} | {received} | {closed or '（空）'} | {outcome or '（空）'} | "
                     + " | ".join(cells[n, y] for y in EXAMPLE_YEARS) + " |")
    cases = _example_frame(CASES, [{"id": i, "type": t, "received": r, "decided": d, "result": res} for i, t, r, d, res in EXAMPLE_CASES])
    lines += ["", "### 复议诉讼", "",
              "| 编号 | 案件类型 | 收到日期 | 审结日期 | 审理结果 | " + " | ".join(f"{y}年报告中计入" for y in EXAMPLE_YEARS) + " |",
              "|---|---|---|---|---|" + "---|" * len(EXAMPLE_YEARS)]
    columns = [f"{g}-{r}" for g in SECTION4_GROUPS for r in SECTION4_RESULTS]
    for n, (ident, kind, received, decided, result) in enumerate(EXAMPLE_CASES):
        found = []
        for year in EXAMPLE_YEARS:
            membership = section4_membership(cases, year)
            found.append("；".join(c for i, c in enumerate(columns) if membership.mask(i)[n] and not c.endswith("总计")) or "—")
        lines.append(f"| {ident} | {kind} | {received} | {decided or '（空）'} | {result or '（空）'} | " + " | ".join(found) + " |")
    return "\n".join(lines) + "\n"


DOCS = {"台账约定.md": ledger_contract, "统计项.md": statistics_doc, "统计口径.md": counting_rules}


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, make in DOCS.items():
        (out / name).write_text(make(), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "docs")
