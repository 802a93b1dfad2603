"""P1, P2, P4, P5, P6 on plain text: each phrase of docs/统计项.md, the seed's prose, placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest

from gk_helpers.count.figures import PHRASES, cn_numeral, figures_from_tables, find_figures
from gk_helpers.count.prose_checks import (
    check_fee_statement,
    check_on_time_claim,
    check_other_years,
    check_problems_followup,
    check_prose_figures,
)

SEED = (Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds" / "000_c6fe95c377c36cea.txt").resolve()
SEED_TEXT = SEED.read_text(encoding="utf-8") if SEED.is_file() else ""


def figs(**values):
    return {k: {"value": v, "cell": f"单元格 {k}"} for k, v in values.items()}


# --- P1: one test per phrase, from the documented example ---------------------------------

@pytest.mark.parametrize("phrase", PHRASES, ids=[p.key for p in PHRASES])
def test_each_documented_phrase_is_recognised(phrase):
    mentions = find_figures(phrase.example)
    assert [m.key for m in mentions] == [phrase.key]
    stated = mentions[0].value
    right = check_prose_figures({"一": phrase.example}, figs(**{phrase.key: stated}))
    wrong = check_prose_figures({"一": phrase.example}, figs(**{phrase.key: stated + 1}))
    assert (right.status, wrong.status) == ("通过", "不通过")


@pytest.mark.parametrize(("text", "found"), [
    # 泉州开发区 2025 counts its documents in 份; the repeal and in-force figures after 、 name no kind of document
    # and are left alone rather than guessed
    ("全年制发新增规范性文件8份、废止15份、有效存续37份。", [("normative_documents_made", 8, "份")]),
    ("主动公开规章2份。", [("regulations_made", 2, "份")]),
    ("发放宣传资料500份，受理政府信息公开申请3件。", [("applications_received", 3, "件")]),  # 份 is a unit of documents only
])
def test_documents_may_be_counted_in_fen(text, found):
    assert [(m.key, m.value, m.unit) for m in find_figures(text)] == found


def test_the_issue_example_a_mistyped_hotline_figure():
    text = "严格按照县政务公开办公室及时登记并移交处理“12345”政府热线信访，2020年全年受理“12345”政府热线45条，全部按时限办理完结。"
    check = check_prose_figures({"一": text}, figs(hotline_received=46))
    assert (check.id, check.status) == ("P1", "不通过")
    assert check.detail == "文字中有1处数字与计算结果不一致：请改正文字，或改用占位符（见 docs/统计项.md）。"
    assert check.evidence == {"columns": ["部分", "句子", "文字中的数字", "计算的数字", "来源", "结果"],
                              "rows": [["一", text, "45条", "46", "单元格 hotline_received", "不一致"]]}


@pytest.mark.skipif(not SEED_TEXT, reason="seed report not available")
def test_the_seed_report_passes_p1_and_p2():
    assert [(m.key, m.value) for m in find_figures(SEED_TEXT)] == [("hotline_received", 46)]
    assert check_prose_figures({"全文": SEED_TEXT}, figs(hotline_received=46)).status == "通过"
    assert check_other_years({"全文": SEED_TEXT}, 2020).status == "通过"
    assert check_other_years({"全文": SEED_TEXT}, 2021).status == "提示"  # the same text filed as a 2021 report


def test_a_placeholder_figure_is_never_flagged():
    text = "全年新收政府信息公开申请{applications_received}件，上年结转{applications_carried_over}件。"
    check = check_prose_figures({"一": text}, figs(applications_received=3, applications_carried_over=1))
    assert (check.status, check.detail) == ("通过", "另有2处数字由占位符从数据填入，不会出错。")
    mixed = check_prose_figures({"一": text.replace("{applications_carried_over}", "2")},
                                figs(applications_received=3, applications_carried_over=1))
    assert mixed.status == "不通过" and mixed.evidence["rows"][0][1] == "全年新收政府信息公开申请3件，上年结转2件。"


@pytest.mark.parametrize("text, key, value", [
    ("共收到政府信息公开申请十二件", "applications_received", 12),
    ("共收到政府信息公开申请１２件", "applications_received", 12),
    ("办结12件（予以公开5件，部分公开2件）", "applications_partially_disclosed", 2),
    ("全年因政府信息公开申请行政复议2件（结果维持1件）", "reconsideration_total", 2),
    ("复议后提起行政诉讼1件", "litigation_after_reconsideration_total", 1),
    ("行政事业性收费1500元", "admin_fee_amount", 0.15),
    ("收取信息处理费0.01万元", "fee_collected", 100),
])
def test_numerals_units_and_the_nearest_phrase(text, key, value):
    mention = next(m for m in find_figures(text) if m.key == key)
    assert check_prose_figures({"六": text[: mention.end]}, figs(**{key: value})).status == "通过"


def test_numbers_without_a_phrase_or_unit_are_ignored():
    text = "党政办充实 2 名人员；制定了《城关镇 12345 政府热线管理制度》；收到申请12件（自然人10件、法人2件）。"
    assert [(m.key, m.value) for m in find_figures(text)] == [("applications_received", 12)]
    assert cn_numeral("两百零三") == 203 and cn_numeral("十") == 10 and cn_numeral("一二") is None


def test_no_figure_in_the_text_is_not_applicable():
    assert check_prose_figures({"一": "认真贯彻落实条例。"}, {}).status == "不适用"


def test_a_figure_the_tables_do_not_have_is_unchecked_not_failed():
    check = check_prose_figures({"六": "全年受理“12345”政府热线45条。"}, {})
    assert (check.status, check.detail) == ("未核对", "文字中的1处数字在表格中没有对应的数，未核对。")
    assert check.evidence["rows"][0][-1] == "未核对" and check.passed is None


def test_figures_from_printed_tables_for_an_auditor():
    s3 = [[f"row{i}", [0] * 7] for i in range(25)]
    s3[0][1] = [3, 0, 0, 0, 0, 1, 4]
    s2 = {"第二十条第（一）项": {"columns": ["本年制发件数", "本年废止件数", "现行有效件数"],
                            "rows": {"规章": [0, 0, 0], "行政规范性文件": [2, 1, 5]}}}
    figures = figures_from_tables(s2, s3, [0] * 4 + [1] + [0] * 10, "2021")
    assert figures["applications_received"]["value"] == 4 and figures["reconsideration_total"]["value"] == 1
    assert (figures["documents_made"]["value"], figures["documents_in_force"]["value"]) == (2, 5)


# --- P2 ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, status", [
    ("2020年，我镇认真贯彻落实条例。", "通过"),
    ("2019年，我镇认真贯彻落实条例。", "提示"),
    ("2019年度报告中提出的问题已整改到位。", "通过"),
    ("与2019年相比，申请数量有所增加。", "通过"),
    ("2021年，我镇将进一步加强政务公开。", "通过"),
    ("2021年全年受理热线46条。", "提示"),
    ("制定了《城关镇2018年政务公开工作要点》。", "通过"),
    ("2016年以来，累计公开信息500条。", "通过"),
    # as evaluators read real reports (issue 17): carry-overs and plans name next year, accounts last year
    ("全年办结申请40件，结转至2021年6件。", "通过"),
    ("2021年工作要点已印发。", "通过"),
    ("明年，即2021年，重点做好基层政务公开。", "通过"),
    ("发布了本镇2020年部门预算、2019年部门决算和2019年度项目绩效评价结果。", "通过"),
    ("申请数量同比2019年增长10%。", "通过"),
    ("办结29件（含2019年度结转6件），结转2021年度继续办理1件，受理申请数量与2019年持平。", "通过"),  # 福州高新区 2022
    ("申请数量比2019年减少3件。", "通过"),
    ("2021年受理申请6件。", "提示"),
    ("2018年受理申请6件，结转至2021年。", "提示"),  # two years back is never last year's comparison
])
def test_p2_other_years(text, status):
    check = check_other_years({"一": text}, 2020)
    assert (check.id, check.level, check.status) == ("P2", "warning", status)
    if status == "提示":
        assert check.evidence["rows"] == [["一", text, text[:4] + "年"]]


# --- P4 ----------------------------------------------------------------------------------

def test_p4_needs_last_years_problems_from_2021():
    full = "2021年度报告中提出的问题已逐项整改到位。本年度仍存在以下问题：1.信息发布不及时。\n### 改进措施\n1.加强培训。"
    assert check_problems_followup(full, "2021").status == "通过"
    bare = "存在的主要问题：1.信息发布不及时。\n### 改进措施\n1.加强培训。"
    check = check_problems_followup(bare, "2021")
    assert (check.status, check.detail) == ("提示", "第五部分缺少：上年度问题的整改情况。")
    assert check_problems_followup(bare, "2019").status == "不适用"
    assert check_problems_followup("", "2021").detail == "第五部分没有填写。"


@pytest.mark.parametrize("text", [
    "针对上年度报告中提出的公开栏更新不及时、政策解读形式单一等问题，已建立村级公开栏月检查制度，并推出图解和短视频。",
    "针对2022年度报告中指出的问题，现已逐项落实。",
    "上年度问题整改方面，2022年度报告中指出的答复文书不规范问题已完成。",
    "上年度发现的信息发布不及时问题，目前已全部完成整改。",
    "上一年度存在的问题均已整改到位。",
    "（一）上年度问题整改情况\n1.信息更新不及时：已建立更新台账。",
], ids=["针对…问题，已…", "针对…问题，现已…", "上年度问题…已完成", "…问题…已全部完成", "均已整改到位", "整改情况小标题"])
def test_p4_accepts_the_usual_ways_of_reporting_last_years_fixes(text):
    check = check_problems_followup(text + "本年度仍存在以下问题：1.信息发布不及时。\n### 改进措施\n1.加强培训。", "2021")
    assert (check.status, check.detail) == ("通过", "第五部分写明了上年度问题整改情况、本年度问题和改进措施。")


@pytest.mark.parametrize("text", ["上年度申请量较多，本年度有所下降。", "本年度存在的问题已全部解决。", "去年的工作基础较好。"])
def test_p4_does_not_take_a_mere_mention_of_last_year_for_its_fixes(text):
    check = check_problems_followup(text + "本年度仍存在以下问题：1.信息发布不及时。\n### 改进措施\n1.加强培训。", "2021")
    assert (check.status, check.detail) == ("提示", "第五部分缺少：上年度问题的整改情况。")


def test_p4_phrases_are_documented():
    from gk_helpers.count.prose_checks import FOLLOWUP_PHRASES

    doc = (Path(__file__).resolve().parents[1] / "docs" / "核对.md").read_text(encoding="utf-8")
    for form, example, _ in FOLLOWUP_PHRASES:
        assert f"| {form} | {example} |" in doc
        assert check_problems_followup(example + "。本年度问题：1.不足。改进措施：1.加强。", "2021").status == "通过"


# --- P5 ----------------------------------------------------------------------------------

def test_p5_fees_collected_but_the_text_says_none():
    text = "全年未出现政府信息公开的收费及减免情况。"
    check = check_fee_statement(text, 300.0)
    assert (check.status, check.detail) == ("不通过", "台账本年实收金额 300 元，但第六部分说未收费。请改正文字（可用占位符 {fee_collected}）。")
    assert check.evidence["rows"] == [[text, "写明未收费", "300"]]
    assert check_fee_statement(text, 0.0).status == "通过"


def test_p5_no_fees_but_the_text_states_an_amount():
    text = "全年发出收费通知2件，实际收取信息处理费120元。"
    assert check_fee_statement(text, 120.0).status == "通过"
    check = check_fee_statement(text, 0.0)
    assert check.status == "不通过" and check.evidence["rows"] == [[text, "写明收费120元", "0"]]


def test_p5_without_a_ledger_only_a_contradiction_fails():
    assert check_fee_statement("全年未收取任何费用。", None).status == "未核对"
    assert check_fee_statement("全年未收取任何费用。实际收取信息处理费50元。", None).status == "不通过"


# --- P6 ----------------------------------------------------------------------------------

OVERDUE = [{"申请编号": "YSQ2023001", "答复期限": "2023-02-16", "办结日期": "2023-02-20", "状态": "逾期答复", "逾期工作日": 2}]


@pytest.mark.parametrize("claim", ["所有申请均在法定期限内答复。", "全部按时答复。", "均在规定时限内办结。", "答复无一逾期。",
                                   "按期答复率达100%。"])
def test_p6_claims_of_replies_on_time(claim):
    check = check_on_time_claim({"一": claim}, OVERDUE)
    assert (check.id, check.status) == ("P6", "不通过")
    assert check.evidence["rows"] == [["YSQ2023001", "2023-02-16", "2023-02-20", "逾期答复", 2]]
    assert check_on_time_claim({"一": claim}, []).status == "通过"
    assert check_on_time_claim({"一": claim}, None).status == "未核对"


def test_p6_ignores_the_hotline_sentence_of_the_seed():
    text = "2020年全年受理“12345”政府热线46条，全部按时限办理完结。"
    assert check_on_time_claim({"六": text}, OVERDUE).status == "不适用"


def test_a_fee_notice_amount_is_not_the_fee_collected():
    text = "全年发出收费通知2件，收费通知金额合计300元，实际收取信息处理费120元。"
    assert [(m.key, m.value) for m in find_figures(text)] == [("fee_collected", 120)]


def test_an_unreadable_cell_leaves_out_only_the_figures_that_depend_on_it():
    s3 = [[f"row{i}", [0] * 7] for i in range(25)]
    s3[0][1] = [3, 0, 0, 0, 0, 1, 4]
    s4 = [0] * 15
    s4[4] = None  # 行政复议 总计 unreadable
    figures = figures_from_tables({}, s3, s4, 2020)
    assert "reconsideration_total" not in figures and "review_cases_total" not in figures
    assert figures["applications_received"]["value"] == 4 and figures["litigation_total"]["value"] == 0
