"""Write docs/台账约定.md and docs/统计项.md from the library's own data (schema, STATISTICS).

tests/test_docs.py fails when the committed files differ from what this writes.

    python tools/generate_docs.py [DOCS_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from gk_helpers.count.narrative import STATISTICS
from gk_helpers.ledger.cells import DATE_FORMS
from gk_helpers.ledger.schema import LEDGER_KINDS, WORKBOOK_NAME
from gk_helpers.ledger.sources import MAX_CSV_BYTES, MAX_SHEET_XML_BYTES

TYPE_NAMES = {"id": "编号（唯一）", "text": "文字", "date": "日期", "enum": "取值见下", "amount": "金额（元，非负数字）"}


def ledger_contract() -> str:
    """The ledger contract as Markdown."""
    lines = [
        "# 台账约定",
        "",
        f"每个乡镇的台账放在一个目录中。每类台账是一个 `<类别>.csv` 文件（UTF-8、带 BOM 的 UTF-8 或 GB18030 编码），"
        f"或 `{WORKBOOK_NAME}` 中同名的工作表。第1行是表头；表头两端的空格和全角/半角括号差异可以容忍。"
        "可选列可以没有；多余的列保留但不使用。缺少的台账按0计，并在审核面板中提示。",
        "",
        f"日期可以写作：{DATE_FORMS}。早于 2000 年或晚于今天的日期视为笔误。",
        "",
        f"台账目录中只读取约定名称的文件（`<类别>.csv` 和 `{WORKBOOK_NAME}`），其他文件不读取也不计算哈希。"
        "约定名称的位置上如果是文件夹、命名管道或失效的快捷方式，视为错误而不是“未提供”。"
        "`依申请公开.txt`（Excel 的“Unicode 文本”）、`.tsv`、单独的 `.xls`/`.xlsx` 等会提示如何另存为 CSV。"
        f"`{WORKBOOK_NAME}` 中任一工作表（或共享字符串）解压后超过 {MAX_SHEET_XML_BYTES // 1024 // 1024} MB、"
        f"或 CSV 文件超过 {MAX_CSV_BYTES // 1024 // 1024} MB 时不读取，并提示原因。",
        "",
        "本文件由 `tools/generate_docs.py` 根据 `gk_helpers/ledger/schema.py` 生成，请勿手工修改。",
    ]
    for kind in LEDGER_KINDS:
        lines += ["", f"## {kind.name}", "", f"用于：{kind.feeds}", "", "| 列 | 必填 | 类型 | 允许的值 |", "|---|---|---|---|"]
        for c in kind.columns:
            values = "、".join(c.enum.values) if c.enum else ""
            lines.append(f"| {c.header} | {'是' if c.required else ''} | {TYPE_NAMES[c.type]} | {values} |")
    return "\n".join(lines) + "\n"


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
    return "\n".join(lines) + "\n"


DOCS = {"台账约定.md": ledger_contract, "统计项.md": statistics_doc}


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, make in DOCS.items():
        (out / name).write_text(make(), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "docs")
