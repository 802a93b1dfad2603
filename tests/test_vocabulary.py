"""The words and shapes of real offices' ledgers: fold, every built-in synonym, near misses, the
office's 台账映射.yaml, title/序号/合计/填表说明 rows and per-year sheets — each pinned to its message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from builders import write_files

from gk_helpers.base.errors import LedgerError
from gk_helpers.ledger.ledgers import load_ledgers
from gk_helpers.ledger.schema import APPLICANT_TYPE, APPLICATIONS, CASE_RESULT, LEDGER_KINDS, OUTCOME
from gk_helpers.ledger.vocabulary import HEADER_SYNONYMS, VALUE_SYNONYMS, fold
from gk_helpers.report import compute

TODAY = dt.date(2024, 6, 30)
APPS = "申请编号,收到日期,申请人类型,办结日期,办理结果"


def _csv(folder: Path, name: str, *lines: str) -> Path:
    return write_files(folder, {name: "\n".join(lines) + "\n"})


def _problems(folder: Path) -> list[tuple]:
    with pytest.raises(LedgerError) as info:
        load_ledgers(folder, today=TODAY)
    return [(p.file, p.row, p.column, p.value, p.rule, p.message) for p in info.value.problems]


# --- fold ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["不予公开（属于国家秘密）", "不予公开-属于国家秘密", "不予公开：国家秘密", "不予公开—国家秘密",
                                  "不予公开/国家秘密", " 不予公开 - 属于国家秘密。", "不予公开【属于国家秘密】"])
def test_bracket_and_separator_styles_name_the_same_outcome(tmp_path, text):
    _csv(tmp_path, "依申请公开.csv", APPS, f"1,2023-03-05,自然人,2023-03-20,{text}")
    assert load_ledgers(tmp_path, today=TODAY)["applications"]["outcome"].tolist() == ["不予公开-属于国家秘密"]


def test_fold_ignores_width_whitespace_and_brackets():
    assert fold("收费通知金额(元)") == fold("收费通知金额（元）") == fold(" 收费通知金额 [元] ")
    assert fold("ＡＢＣ１２３") == "ABC123"
    assert fold("危及“三安全一稳定”") == fold('危及"三安全一稳定"')


def test_no_two_contract_values_fold_alike():
    for enum in (APPLICANT_TYPE, OUTCOME, CASE_RESULT):
        keys = [fold(v) for v in enum.values]
        assert len(set(keys)) == len(keys), enum.name


# --- every built-in synonym ------------------------------------------------------------------------

CONTRACT_HEADERS = {c.header for c in APPLICATIONS.columns}
#: a value for each optional column a synonym may name, and the contract columns it needs beside it
OPTIONAL_VALUES = {"申请方式": ("网络", {}), "补正通知日期": ("2023-03-06", {}), "延期": ("否", {}),
                   "补正收到日期": ("2023-03-08", {"补正通知日期": "2023-03-06"})}
APPLICATION_HEADERS = sorted((seen, meant) for seen, meant in HEADER_SYNONYMS["依申请公开"].items() if meant in CONTRACT_HEADERS)
PENDING_HEADERS = sorted(seen for seen, meant in HEADER_SYNONYMS["依申请公开"].items() if meant not in CONTRACT_HEADERS)


@pytest.mark.parametrize("seen, meant", APPLICATION_HEADERS, ids=[s for s, _ in APPLICATION_HEADERS])
def test_every_application_header_synonym(tmp_path, seen, meant):
    headers = {"申请编号": "A1", "收到日期": "2023-03-05", "申请人类型": "自然人", "办结日期": "2023-03-20", "办理结果": "予以公开",
               "申请内容": "某文件"}
    if meant in OPTIONAL_VALUES:
        value, beside = OPTIONAL_VALUES[meant]
        headers.update({**beside, meant: value})
    header = [seen if h == meant else h for h in headers]
    _csv(tmp_path, "依申请公开.csv", ",".join(header), ",".join(headers.values()))
    ledgers = load_ledgers(tmp_path, today=TODAY)
    frame = ledgers["applications"]
    if meant in OPTIONAL_VALUES:
        field = next(c.field for c in APPLICATIONS.columns if c.header == meant)
        cell = frame[field][0]
        assert (str(cell.date()) if hasattr(cell, "date") else cell) == OPTIONAL_VALUES[meant][0]
    assert (frame["id"][0], str(frame["received"][0].date()), frame["applicant"][0], frame["outcome"][0], frame["content"][0]) == (
        "A1", "2023-03-05", "自然人", "予以公开", "某文件")
    assert ledgers.warnings == [f"依申请公开.csv：按同义词识别的列：「{seen}」→「{meant}」。"]


CASE_HEADERS = sorted(HEADER_SYNONYMS["复议诉讼"].items())


@pytest.mark.parametrize("seen, meant", CASE_HEADERS, ids=[s for s, _ in CASE_HEADERS])
def test_every_case_header_synonym(tmp_path, seen, meant):
    headers = {"案件编号": "F1", "案件类型": "行政复议", "收到日期": "2023-03-05", "审结日期": "2023-05-01", "审理结果": "维持"}
    _csv(tmp_path, "复议诉讼.csv", ",".join(seen if h == meant else h for h in headers), ",".join(headers.values()))
    ledgers = load_ledgers(tmp_path, today=TODAY)
    assert ledgers["cases"][["id", "type", "result"]].values.tolist() == [["F1", "行政复议", "维持"]]
    assert ledgers.warnings == [f"复议诉讼.csv：按同义词识别的列：「{seen}」→「{meant}」。"]


ENUMS = {c.enum.name: c.enum for k in LEDGER_KINDS for c in k.columns if c.enum is not None}
VALUES = [(enum, seen, meant) for enum, table in VALUE_SYNONYMS.items() if enum in ENUMS for seen, meant in table.items()]


def test_synonyms_of_columns_the_contract_lacks_are_not_used(tmp_path):
    """The deadline columns' synonyms (申请渠道 → 申请方式 …) wait for the columns; until then they are unused columns."""
    for seen in PENDING_HEADERS:
        assert HEADER_SYNONYMS["依申请公开"][seen] in {"申请方式", "补正通知日期", "补正收到日期", "延期"}
    if not PENDING_HEADERS:
        return
    _csv(tmp_path, "依申请公开.csv", APPS + "," + PENDING_HEADERS[0], "1,2023-03-05,自然人,,,x")
    assert load_ledgers(tmp_path, today=TODAY).warnings[0].startswith(f"依申请公开.csv：未使用的列：「{PENDING_HEADERS[0]}」")


def test_every_value_synonym_names_a_value_of_its_enumeration():
    for enum, seen, meant in VALUES:
        assert meant in ENUMS[enum].values and ENUMS[enum].lookup()[fold(seen)] == meant, (enum, seen)


@pytest.mark.parametrize("enum, seen, meant", VALUES, ids=[f"{e}-{s}" for e, s, _ in VALUES])
def test_every_value_synonym_is_read_and_noted(tmp_path, enum, seen, meant):
    if enum not in ("审理结果", "申请人类型", "办理结果", "申请方式"):
        pytest.skip(f"{enum}: covered by test_every_value_synonym_names_a_value_of_its_enumeration")
    if enum == "申请方式":
        _csv(tmp_path, "依申请公开.csv", APPS + ",申请方式", f"1,2023-03-05,自然人,2023-03-20,予以公开,{seen}")
        frame, column = load_ledgers(tmp_path, today=TODAY)["applications"], "channel"
        where = "依申请公开.csv「申请方式」列"
    elif enum == "审理结果":
        _csv(tmp_path, "复议诉讼.csv", "案件编号,案件类型,收到日期,审结日期,审理结果", f"F1,行政复议,2023-03-05,2023-05-01,{seen}")
        frame, column = load_ledgers(tmp_path, today=TODAY)["cases"], "result"
        where = "复议诉讼.csv「审理结果」列"
    else:
        applicant, outcome = (seen, "予以公开") if enum == "申请人类型" else ("自然人", seen)
        _csv(tmp_path, "依申请公开.csv", APPS, f"1,2023-03-05,{applicant},2023-03-20,{outcome}")
        frame = load_ledgers(tmp_path, today=TODAY)["applications"]
        column = "applicant" if enum == "申请人类型" else "outcome"
        where = f"依申请公开.csv「{enum}」列"
    assert frame[column].tolist() == [meant]
    ledgers = load_ledgers(tmp_path, today=TODAY)
    policy = "，申请人撤回申请按惯例计入「其他处理-其他」；如本单位另有口径，请在台账映射文件中指定" if seen == "撤回申请" else ""
    assert ledgers.warnings[-1] == f"{where}按同义词识别的值：「{seen}」→「{meant}」{policy}。"


@pytest.mark.parametrize("seen", ["不予公开", "否决公开", "政府信息不予公开告知书"])
def test_refusal_without_a_reason_stays_an_error_listing_the_eight_reasons(tmp_path, seen):
    _csv(tmp_path, "依申请公开.csv", APPS, f"1,2023-03-05,自然人,2023-03-20,{seen}")
    ((file, row, column, value, rule, message),) = _problems(tmp_path)
    assert (file, row, column, value, rule) == ("依申请公开.csv", 2, "办理结果", seen, "含义不明确的值")
    assert message == (
        "不够具体，无法确定是哪一种办理结果。请改为其中之一：不予公开-属于国家秘密、不予公开-其他法律行政法规禁止公开、"
        "不予公开-危及“三安全一稳定”、不予公开-保护第三方合法权益、不予公开-属于三类内部事务信息、不予公开-属于四类过程性信息、"
        f"不予公开-属于行政执法案卷、不予公开-属于行政查询事项。若本单位的「{seen}」总是指同一种，可按文末的建议写入 台账映射.yaml。"
    )


# --- near misses ---------------------------------------------------------------------------------------


def test_misspelled_optional_header_is_a_warning_naming_the_closest_column(tmp_path):
    _csv(tmp_path, "依申请公开.csv", APPS + ",收费金额（元）,经办人", "1,2023-03-05,自然人,2023-03-20,予以公开,10,张三")
    ledgers = load_ledgers(tmp_path, today=TODAY)
    assert "fee_notice" not in ledgers["applications"]
    assert ledgers.warnings == [
        "依申请公开.csv：未使用的列：「收费金额（元）」（您是否指「收费通知金额（元）」？）。"
        "若其中有规定的列，请改为规定的列名，或在 台账映射.yaml 中对照。"
    ]
    # a column that looks like no contract column is the office's own: noted, not a warning
    assert ledgers.notes == ["依申请公开.csv：本单位自有的列（不属于台账约定，未使用）：「经办人」。"]


def test_an_unused_column_whose_values_fit_a_missing_optional_column_is_a_warning(tmp_path):
    _csv(tmp_path, "依申请公开.csv", "申请编号,收到日期,申请人类型,来信方式", "1,2023-03-05,自然人,网上", "2,2023-03-06,自然人,窗口")
    ledgers = load_ledgers(tmp_path, today=TODAY)
    assert ledgers.warnings == ["依申请公开.csv：未使用的列：「来信方式」（您是否指「申请方式」？）。"
                                "若其中有规定的列，请改为规定的列名，或在 台账映射.yaml 中对照。"]
    assert ledgers.notes == []


def test_misspelled_required_header_names_the_column_and_the_mapping_line(tmp_path):
    _csv(tmp_path, "依申请公开.csv", "申请编号,来件日期,申请人类型", "1,2023-03-05,自然人")
    assert _problems(tmp_path) == [(
        "依申请公开.csv", 1, "收到日期", "", "缺少必填列",
        "缺少必填列「收到日期」。现有表头：申请编号、来件日期、申请人类型。「来件日期」列的取值像收到日期，是否就是它？"
        "若是，请把表头改为「收到日期」，或按文末的建议写入 台账映射.yaml。",
    )]


def test_unknown_value_is_one_problem_with_the_closest_labels_and_the_other_rows(tmp_path):
    rows = [f"{i},2023-03-05,自然人,2023-03-20,{v}" for i, v in enumerate(["予以公开", "部份公开", "予以公开", "部份公开", "部份公开"], 1)]
    _csv(tmp_path, "依申请公开.csv", APPS, *rows)
    ((file, row, column, value, rule, message),) = _problems(tmp_path)
    assert (file, row, column, value, rule) == ("依申请公开.csv", 3, "办理结果", "部份公开", "未知的取值")
    assert message == ("不是允许的办理结果。您是否指：「部分公开」、「予以公开」？请改为允许的办理结果（见文末）；"
                       "若这是本单位的写法，也可按文末的建议写入 台账映射.yaml。（同样的值还在第5、6行）")


# --- the office's mapping file ------------------------------------------------------------------------

MAPPING = """\
依申请公开:
  列:
    来件日期: 收到日期
    答复形式: 办理结果
  值:
    办理结果:
      不存在: 无法提供-本机关不掌握相关政府信息
      不予公开: 不予公开-保护第三方合法权益
"""


def test_mapping_renames_columns_and_values_and_settles_an_ambiguous_value(tmp_path):
    write_files(tmp_path, {"台账映射.yaml": MAPPING})
    _csv(tmp_path, "依申请公开.csv", "申请编号,来件日期,申请人类型,办结日期,答复形式",
         "1,2023-03-05,自然人,2023-03-20,不存在", "2,2023-03-06,自然人,2023-03-21,不予公开")
    ledgers = load_ledgers(tmp_path, today=TODAY)
    assert ledgers["applications"]["outcome"].tolist() == ["无法提供-本机关不掌握相关政府信息", "不予公开-保护第三方合法权益"]
    # what the office wrote in its own mapping is recorded as a note, never a warning on every report it makes
    assert ledgers.warnings == []
    assert ledgers.notes == [
        "依申请公开.csv：按 台账映射.yaml 识别的列：「来件日期」→「收到日期」、「答复形式」→「办理结果」。",
        "依申请公开.csv「办理结果」列按 台账映射.yaml 识别的值：「不予公开」→「不予公开-保护第三方合法权益」；"
        "「不存在」→「无法提供-本机关不掌握相关政府信息」。",
    ]


@pytest.mark.parametrize("text, expected", [
    ("依申请:\n  列:\n    来件日期: 收到日期\n", (1, "依申请", "「依申请」不是台账类别。您是否指：「依申请公开」？台账类别：依申请公开、复议诉讼、规范性文件、"
                                                "行政执法、权责事项、行政事业性收费、政府集中采购、热线工单（另可写「覆盖年度」）。")),
    ("依申请公开:\n  列:\n    来件日期: 收件日\n", (3, "收件日", "「来件日期: 收件日」中的「收件日」不是依申请公开台账的列。您是否指：「收到日期」？"
                                                 "规定的列：申请编号、收到日期、申请人类型、办结日期、办理结果、收费通知金额（元）、实收金额（元）、申请内容、备注、"
                                                 "申请方式、补正通知日期、补正收到日期、延期、征求意见天数。")),
    ("依申请公开:\n  值:\n    办理结果:\n      不存在: 无法提供\n", (4, "无法提供", "「不存在: 无法提供」中的「无法提供」不是允许的办理结果。"
                                                              "您是否指：「无法提供-本机关不掌握相关政府信息」、「无法提供-没有现成信息需要另行制作」、"
                                                              "「无法提供-补正后申请内容仍不明确」？请改为允许的办理结果（见文末）。")),
    ("依申请公开:\n  值:\n    申请内容:\n      a: b\n", (3, "申请内容", "「申请内容」不是依申请公开台账中取值固定的列，无法对照取值。可以对照取值的列：申请人类型、办理结果、申请方式、延期。")),
    ("依申请公开:\n  栏:\n    a: b\n", (2, "栏", "「依申请公开」下只能有「列」（列名对照）和「值」（取值对照），不能有「栏」。")),
    ("依申请公开:\n  列: [来件日期\n", (3, "", "不是有效的 YAML（请检查缩进和冒号）。写法示例：依申请公开: {列: {来件日期: 收到日期}, "
                                          "值: {办理结果: {不存在: 无法提供-本机关不掌握相关政府信息}}}")),
    # the params files' bounds (params_bounds): no anchors or aliases (a few bytes expand to gigabytes), no tags
    ("x: &a [lol, lol]\ny: [*a, *a]\n", (1, "", "台账映射文件 台账映射.yaml 第1行使用了 YAML 锚点「&a」。台账映射文件不允许使用锚点和别名，"
                                          "请把内容直接写出来。")),
    ("依申请公开: !!python/object/apply:os.getpid []\n", (1, "", "台账映射文件 台账映射.yaml 第1行含有不允许的 YAML 标记"
                                                      "「!!python/object/apply:os.getpid」。台账映射文件只能写文字、数字、列表和“键: 值”，请删除该标记。")),
    ("# " + "x" * (1 << 20) + "\n", (0, "", "台账映射文件 台账映射.yaml 太大（1.0 MB），超过上限 1 MB。请检查是否选错了文件。")),
], ids=["unknown-kind", "unknown-column", "ambiguous-target", "not-an-enum", "unknown-part", "broken-yaml",
        "anchor-alias", "python-tag", "too-large"])
def test_mistakes_in_the_mapping_file(tmp_path, text, expected):
    write_files(tmp_path, {"台账映射.yaml": text})
    _csv(tmp_path, "依申请公开.csv", APPS, "1,2023-03-05,自然人,,")
    ((file, row, column, value, rule, message),) = _problems(tmp_path)
    assert (file, row, value, rule) == ("台账映射.yaml", expected[0], expected[1], "台账映射有误")
    assert message == expected[2]


OFFICE_HEADERS = "登记号,来件日期,申请人类型,答复日期,答复形式"
OFFICE_ROWS = ("DJ-01,2023-03-05,自然人,2023-03-20,予以公开", "DJ-02,2023-03-06,自然人,2023-03-21,不存在")


def test_the_three_pasted_lines_are_merged_and_the_repeats_named_with_both_lines(tmp_path):
    """Before: three lines each starting 依申请公开: {…} loaded without a word, and only the last one applied."""
    write_files(tmp_path, {"台账映射.yaml": "依申请公开: {列: {登记号: 申请编号}}\n依申请公开: {列: {答复形式: 办理结果}}\n"
                                           "依申请公开: {列: {来件日期: 收到日期}, 值: {办理结果: {不存在: 无法提供-本机关不掌握相关政府信息}}}\n"})
    _csv(tmp_path, "依申请公开.csv", OFFICE_HEADERS, *OFFICE_ROWS)
    repeat = ("「依申请公开」写了两次（第1行、第{n}行）：同一层中一个键只能写一次，否则只有后写的一处有效。"
              "请把第{n}行下的内容并入第1行的「依申请公开」下，再删去第{n}行。")
    assert _problems(tmp_path) == [("台账映射.yaml", n, "", "依申请公开", "台账映射重复", repeat.format(n=n)) for n in (2, 3)]
    # all three applied: no other problem; written as one block, the folder loads
    write_files(tmp_path, {"台账映射.yaml": "依申请公开:\n  列: {登记号: 申请编号, 答复形式: 办理结果, 来件日期: 收到日期}\n"
                                           "  值: {办理结果: {不存在: 无法提供-本机关不掌握相关政府信息}}\n"})
    assert load_ledgers(tmp_path, today=TODAY)["applications"]["id"].tolist() == ["DJ-01", "DJ-02"]


@pytest.mark.parametrize("text, value, fix", [
    ("依申请公开:\n  列:\n    登记号: 申请编号\n  列:\n    答复形式: 办理结果\n", "列",
     "（第2行、第4行）：同一层中一个键只能写一次，否则只有后写的一处有效。请把第4行下的内容并入第2行的「列」下，再删去第4行。"),
    ("依申请公开:\n  列:\n    来件日期: 申请编号\n    来件日期: 收到日期\n", "来件日期",
     "（第3行、第4行）：同一层中一个键只能写一次，否则只有后写的一处有效。请只保留其中正确的一行。"),
    ("依申请公开:\n  值:\n    办理结果: {不存在: 无法提供-本机关不掌握相关政府信息}\n    办理结果: {已答复: 予以公开}\n", "办理结果",
     "（第3行、第4行）：同一层中一个键只能写一次，否则只有后写的一处有效。请把第4行下的内容并入第3行的「办理结果」下，再删去第4行。"),
], ids=["列-twice", "a-header-twice", "a-value-column-twice"])
def test_a_key_written_twice_at_any_level_names_both_lines(tmp_path, text, value, fix):
    write_files(tmp_path, {"台账映射.yaml": text})
    _csv(tmp_path, "依申请公开.csv", APPS, "1,2023-03-05,自然人,,")
    assert [p for p in _problems(tmp_path) if p[4] == "台账映射重复"] == [
        ("台账映射.yaml", 4, "", value, "台账映射重复", f"「{value}」写了两次{fix}")]


def test_a_bad_entry_is_reported_alone_and_the_valid_ones_still_apply(tmp_path):
    """Before: one mistake dropped the whole file, and six spurious 缺少必填列 came before the real problem."""
    write_files(tmp_path, {"台账映射.yaml": "依申请公开:\n  列:\n    登记号: 申请编号\n    来件日期: 收到日期\n    答复日期: 办结日期\n"
                                           "    答复形式: 办理结果\n  值:\n    办理结果:\n      不存在: 不存在的结果\n"})
    _csv(tmp_path, "依申请公开.csv", OFFICE_HEADERS, *OFFICE_ROWS)
    problems = _problems(tmp_path)
    assert [(p[0], p[1], p[3]) for p in problems] == [("依申请公开.csv", 3, "不存在"), ("台账映射.yaml", 9, "不存在的结果")]
    assert problems[1][5] == "「不存在: 不存在的结果」中的「不存在的结果」不是允许的办理结果。请改为允许的办理结果（见文末）。"


def test_reply_letters_are_suggested_the_outcome_their_keyword_announces_and_the_fix_is_one_block(tmp_path):
    """Before: no suggestion for a letter's name, and all 21 allowed outcomes inside every message."""
    letters = ["过程性信息不予公开告知书", "需另行制作告知书", "信访件转办告知书", "不予公开告知书"]
    _csv(tmp_path, "依申请公开.csv", APPS, *(f"{i},2023-03-0{i},自然人,2023-03-2{i},{v}" for i, v in enumerate(letters, 1)))
    with pytest.raises(LedgerError) as info:
        load_ledgers(tmp_path, today=TODAY)
    messages = [p.message for p in info.value.problems]
    tail = "请改为允许的办理结果（见文末）；若这是本单位的写法，也可按文末的建议写入 台账映射.yaml。"
    assert messages[:3] == [f"不是允许的办理结果。您是否指：「{o}」？{tail}" for o in (
        "不予公开-属于四类过程性信息", "无法提供-没有现成信息需要另行制作", "不予处理-信访举报投诉类申请")]
    assert messages[3].startswith("不够具体，无法确定是哪一种办理结果。请改为其中之一：不予公开-属于国家秘密、")  # no reason: never 予以公开
    assert info.value.advice.split("\n")[1:] == [
        "依申请公开:", "  值:", "    办理结果:",
        "      过程性信息不予公开告知书: 不予公开-属于四类过程性信息", "      需另行制作告知书: 无法提供-没有现成信息需要另行制作",
        "      信访件转办告知书: 不予处理-信访举报投诉类申请", "      不予公开告知书: <允许的值之一>", "",
        "允许的办理结果：" + "、".join(OUTCOME.values) + "。"]
    assert str(info.value).count("其他处理-其他") == 1  # the allowed values are listed once, not in every message


def test_a_name_column_is_never_proposed_for_an_id_or_an_applicant_type(tmp_path):
    """Before: 申请编号 missing → "现有的「申请人」列是否就是它？" (a column of people's names)."""
    _csv(tmp_path, "依申请公开.csv", "申请人,收到日期,申请人姓名", "张三,2023-03-05,张三", "李四,2023-03-06,李四")
    fixes = {p[2]: p[5].split("。", 2)[2] for p in _problems(tmp_path)}
    assert fixes == {
        "申请编号": "请在表头行添加该列（表头须与规定的名称一致）；若本单位用别的列名，请在 台账映射.yaml 的「依申请公开」下的「列」中"
                    "写一行“本单位的列名: 申请编号”。",
        "申请人类型": "请在表头行添加该列（表头须与规定的名称一致）；若本单位用别的列名，请在 台账映射.yaml 的「依申请公开」下的「列」中"
                      "写一行“本单位的列名: 申请人类型”。",
    }


@pytest.mark.parametrize("header, values", [("登记号", ("DJ2023-01", "DJ2023-02")), ("收文编号", ("城收〔2023〕1号", "城收〔2023〕2号")),
                                            ("编号", ("1", "2"))])
def test_an_id_like_unique_column_is_proposed_for_the_missing_id(tmp_path, header, values):
    _csv(tmp_path, "依申请公开.csv", f"申请人,{header},收到日期,申请人类型", *(f"张三,{v},2023-03-0{i},自然人" for i, v in enumerate(values, 5)))
    ((_, _, column, _, rule, message),) = _problems(tmp_path)
    assert (column, rule) == ("申请编号", "缺少必填列")
    assert message.endswith(f"「{header}」列的取值像申请编号，是否就是它？若是，请把表头改为「申请编号」，或按文末的建议写入 台账映射.yaml。")


def test_a_repeated_value_column_is_not_an_id(tmp_path):
    _csv(tmp_path, "依申请公开.csv", "批次号,收到日期,申请人类型", "P1,2023-03-05,自然人", "P1,2023-03-06,自然人")
    ((*_, message),) = _problems(tmp_path)
    assert "取值像" not in message  # 批次号 repeats: not an id


@pytest.mark.parametrize("text, expected", [
    ("覆盖年度: [2023, 2024]\n", {2023, 2024}),
    ("覆盖年度: 2024\n", {2024}),
    ("覆盖年度: 2019-2021\n", {2019, 2020, 2021}),
    ("覆盖年度: [2019至2020, 2024]\n", {2019, 2020, 2024}),
])
def test_covered_years_are_read_from_the_mapping_file(tmp_path, text, expected):
    write_files(tmp_path, {"台账映射.yaml": text})
    _csv(tmp_path, "依申请公开.csv", APPS, "1,2023-03-05,自然人,,")
    ledgers = load_ledgers(tmp_path, today=TODAY)
    assert set(ledgers.declared_years) == expected and ledgers.mapping_years == tuple(sorted(expected))


def test_a_covered_year_that_is_not_a_year_is_named(tmp_path):
    write_files(tmp_path, {"台账映射.yaml": "覆盖年度: [2023, 2O24, 1999]\n"})
    _csv(tmp_path, "依申请公开.csv", APPS, "1,2023-03-05,自然人,,")
    message = "「覆盖年度」中的「{}」不是年度：应写四位数年份（2000–2100），如 覆盖年度: [2023, 2024] 或 覆盖年度: 2019-2024。"
    assert _problems(tmp_path) == [("台账映射.yaml", 1, "", v, "台账映射有误", message.format(v)) for v in ("1999", "2O24")]


# --- realistic workbook shapes -----------------------------------------------------------------------------

RECORDS = [  # id, received, applicant, closed, outcome (contract spelling) — and the office's spelling
    ("2023-001", dt.date(2022, 12, 20), "自然人", "公民", dt.date(2023, 1, 10), "予以公开", "政府信息公开告知书"),
    ("2023-002", dt.date(2023, 1, 5), "商业企业", "企业", dt.date(2023, 1, 20), "无法提供-本机关不掌握相关政府信息", "政府信息不存在告知书"),
    ("2023-003", dt.date(2023, 3, 8), "法律服务机构", "律所", dt.date(2023, 3, 30), "不予公开-属于国家秘密", "不予公开（国家秘密）"),
    ("2023-004", dt.date(2023, 5, 9), "自然人", "个人", dt.date(2023, 5, 29), "部分公开", "部分公开告知书"),
    ("2023-005", dt.date(2023, 6, 1), "自然人", "群众", dt.date(2023, 6, 15), "不予处理-重复申请", "重复申请告知书"),
    ("2023-006", dt.date(2023, 8, 1), "其他", "其他", dt.date(2023, 8, 20), "无法提供-本机关不掌握相关政府信息", "不存在"),
    ("2023-007", dt.date(2023, 12, 25), "科研机构", "科研院所", None, None, None),
]


def contract_workbook(path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "依申请公开"
    sheet.append(["申请编号", "收到日期", "申请人类型", "办结日期", "办理结果"])
    for rid, received, applicant, _, closed, outcome, _ in RECORDS:
        sheet.append([rid, received, applicant, closed, outcome])
    book.save(path)


def office_workbook(path: Path) -> None:
    """An office's own layout: merged title, 序号, its own headers, 合计 row with a formula, merged 填表说明."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2023年依申请公开"
    sheet.append(["南召县城关镇2023年依申请公开登记台账"])
    sheet.merge_cells("A1:H1")
    sheet.append(["序号", "受理编号", "来件日期", "申请人类别", "所需信息内容描述", "答复日期", "答复形式", "经办人"])
    for number, (rid, received, _, applicant, closed, _, outcome) in enumerate(RECORDS, 1):
        text_date = f"{received.year}.{received.month}.{received.day}" if number % 2 else received
        sheet.append([number, rid, text_date, applicant, "某项信息", closed, outcome, "张三"])
    last = sheet.max_row
    sheet.append(["合计", f"=COUNTA(B3:B{last})"])
    sheet.merge_cells(f"A{last + 1}:A{last + 1}")
    sheet.append(["填表说明：1.本表按收件顺序登记；"])
    sheet.merge_cells(f"A{last + 2}:H{last + 2}")
    sheet.append(["2.答复形式填写答复文书名称。"])
    book.create_sheet("汇总")
    book.save(path)


OFFICE_MAPPING = "2023年依申请公开:\n  列:\n    来件日期: 收到日期\n    答复形式: 办理结果\n  值:\n    办理结果:\n      不存在: 无法提供-本机关不掌握相关政府信息\n"


def test_office_layout_with_mapping_gives_the_same_tables_as_the_contract_version(tmp_path):
    contract, office = tmp_path / "contract", tmp_path / "office"
    contract.mkdir(), office.mkdir()
    contract_workbook(contract / "台账.xlsx")
    office_workbook(office / "台账.xlsx")
    write_files(office, {"台账映射.yaml": OFFICE_MAPPING})
    a, b = load_ledgers(contract, today=TODAY), load_ledgers(office, today=TODAY)
    columns = ["id", "received", "applicant", "closed", "outcome"]
    assert a["applications"][columns].equals(b["applications"][columns])
    assert b["applications"]["_row"].tolist() == [3, 4, 5, 6, 7, 8, 9]
    for year in (2022, 2023):
        x, y = compute(a, year), compute(b, year)
        assert x.section3_rows == y.section3_rows and x.section2 == y.section2 and list(x.section4) == list(y.section4)
    assert compute(b, 2023).section3_rows[0] == ("一、本年新收政府信息公开申请数量", [2, 1, 1, 0, 1, 1, 6])
    where = "台账.xlsx「2023年依申请公开」"
    assert b.warnings[0] == "台账.xlsx 中的工作表「汇总」不是台账，已忽略。"
    assert b.warnings[1:5] == [
        f"{where}：表头上方的第1行（标题「南召县城关镇2023年依申请公开登记台账」）已跳过，表头在第2行。",
        f"{where}：第11～12行是填表说明，已跳过。",
        f"{where}：第10行是合计行，已跳过（合计由本工具从记录计算）。",
        f"{where}：按同义词识别的列：「受理编号」→「申请编号」、「申请人类别」→「申请人类型」、「所需信息内容描述」→「申请内容」、"
        "「答复日期」→「办结日期」。",
    ]
    # the kit's synonyms are warnings for the reviewer to confirm; the office's own mapping is a note
    assert b.notes == [f"{where}：按 台账映射.yaml 识别的列：「来件日期」→「收到日期」、「答复形式」→「办理结果」。",
                       f"{where}：本单位自有的列（不属于台账约定，未使用）：「经办人」。",
                       f"{where}「办理结果」列按 台账映射.yaml 识别的值：「不存在」→「无法提供-本机关不掌握相关政府信息」。"]
    assert b.warnings[6] == (f"{where}「办理结果」列按同义词识别的值：「政府信息不存在告知书」→「无法提供-本机关不掌握相关政府信息」；"
                             "「政府信息公开告知书」→「予以公开」；「部分公开告知书」→「部分公开」；「重复申请告知书」→「不予处理-重复申请」。")


def test_a_merged_cell_among_the_records_is_still_a_problem(tmp_path):
    office_workbook(tmp_path / "台账.xlsx")
    book = openpyxl.load_workbook(tmp_path / "台账.xlsx")
    book.active.merge_cells("G4:G5")
    book.save(tmp_path / "台账.xlsx")
    write_files(tmp_path, {"台账映射.yaml": OFFICE_MAPPING})
    assert [(p[1], p[2], p[4]) for p in _problems(tmp_path)] == [(4, "答复形式", "合并单元格")]


def test_per_year_sheets_are_combined_and_ids_must_be_unique_across_them(tmp_path):
    book = openpyxl.Workbook()
    first = book.active
    first.title = "依申请公开2022"
    first.append(APPS.split(","))
    first.append(["A1", dt.date(2022, 12, 20), "自然人", None, None])
    second = book.create_sheet("依申请公开（2023年）")
    second.append(APPS.split(","))
    second.append(["A2", dt.date(2023, 2, 1), "自然人", dt.date(2023, 2, 10), "予以公开"])
    book.save(tmp_path / "台账.xlsx")
    ledgers = load_ledgers(tmp_path, today=TODAY)
    assert ledgers["applications"]["id"].tolist() == ["A1", "A2"]
    assert ledgers.sources["applications"].label == "台账.xlsx「依申请公开2022、依申请公开（2023年）」"
    assert compute(ledgers, 2023).section3_rows[1] == ("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 1])
    second.append(["A1", dt.date(2023, 3, 1), "自然人", None, None])
    book.save(tmp_path / "台账.xlsx")
    assert _problems(tmp_path) == [("台账.xlsx", 3, "申请编号", "A1", "编号重复",
                                    "申请编号与工作表「依申请公开2022」第2行重复。每条记录的编号必须唯一：请改正编号，或删除重复录入的记录。")]


def test_the_mapping_file_is_listed_among_the_report_sources(tmp_path):
    from gk_helpers.report.provenance import ledger_files

    write_files(tmp_path, {"台账映射.yaml": MAPPING})
    _csv(tmp_path, "依申请公开.csv", "申请编号,来件日期,申请人类型", "1,2023-03-05,自然人")
    ledgers = load_ledgers(tmp_path, today=TODAY)
    assert ledgers.files == [tmp_path / "依申请公开.csv", tmp_path / "台账映射.yaml"]
    rows = ledger_files(ledgers)
    assert [(r["file"], r["kinds"], r["rows"]) for r in rows] == [("依申请公开.csv", "依申请公开", 1), ("台账映射.yaml", "本单位的列名和取值对照", 4)]


# --- property: any styling of a contract value reads as that value --------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WIDE = str.maketrans("-:/()", "－：／（）")


@st.composite
def styled(draw, values):
    value = draw(st.sampled_from(values))
    head, sep, tail = value.partition("-")
    if sep:
        style = draw(st.sampled_from(["{h}-{t}", "{h}（{t}）", "{h}：{t}", "{h}—{t}", "{h}/{t}", "{h}【{t}】", "{h} - {t}"]))
        value_text = style.format(h=head, t=tail)
    else:
        value_text = value
    if draw(st.booleans()):
        value_text = value_text.translate(_WIDE)
    spaces = draw(st.lists(st.sampled_from([" ", "\u3000", "\t"]), max_size=3))
    position = draw(st.integers(0, len(value_text)))
    value_text = value_text[:position] + "".join(spaces) + value_text[position:]
    return value, value_text + draw(st.sampled_from(["", "。", "；", " "]))


@settings(max_examples=200, deadline=None)
@given(styled(OUTCOME.values))
def test_any_styling_of_an_outcome_reads_as_that_outcome(pair):
    value, text = pair
    assert OUTCOME.lookup()[fold(text)] == value


def test_information_row_under_the_title_is_skipped_too(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "依申请公开"
    sheet.append(["城关镇依申请公开登记台账"])
    sheet.merge_cells("A1:E1")
    sheet.append(["填报单位：城关镇党政办", None, None, "填报日期：2024年1月5日"])
    sheet.merge_cells("A2:C2")
    sheet.append(APPS.split(","))
    sheet.append(["A1", dt.date(2023, 3, 5), "自然人", None, None])
    book.save(tmp_path / "台账.xlsx")
    ledgers = load_ledgers(tmp_path, today=TODAY)
    assert ledgers["applications"][["id", "_row"]].values.tolist() == [["A1", 4]]
    assert ledgers.warnings == ["台账.xlsx「依申请公开」：表头上方的第1～2行（标题「城关镇依申请公开登记台账」「填报单位：城关镇党政办」"
                                "「填报日期：2024年1月5日」）已跳过，表头在第3行。"]


def test_mapping_file_saved_by_notepad_with_a_bom_or_in_gbk(tmp_path):
    _csv(tmp_path, "依申请公开.csv", "申请编号,来件日期,申请人类型", "1,2023-03-05,自然人")
    (tmp_path / "台账映射.yaml").write_bytes("\ufeff依申请公开:\n  列:\n    来件日期: 收到日期\n".encode("utf-8"))
    assert load_ledgers(tmp_path, today=TODAY)["applications"]["id"].tolist() == ["1"]
    (tmp_path / "台账映射.yaml").write_bytes("依申请公开:\n  列:\n    来件日期: 收到日期\n".encode("gbk"))
    # a mapping that cannot be read at all is the one problem: every header and value may depend on it
    assert _problems(tmp_path) == [("台账映射.yaml", 0, "", "", "台账映射有误", "文件不是 UTF-8 编码。请用记事本等编辑器“另存为”UTF-8。")]
