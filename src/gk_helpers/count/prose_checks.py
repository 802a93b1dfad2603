"""The checks evaluators apply to the prose a person writes (spec/checks.md P1, P2, P4, P5, P6).

Every function takes plain data — the sections' text as ``{"一": text, "五": text, "六": text}``
and figures as numbers — never a report context, so an auditor can run them on a report
read back from a published document. Text may contain ``{placeholder}`` figures: those are
filled from the data and never flagged.
"""

from __future__ import annotations

import re

from .checks import Check, sentence, table, unchecked
from .figures import Mention, find_figures, in_base_unit, number

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


def _sentences(sections: dict[str, str]):
    """(section, sentence) of every non-empty sentence, in order."""
    for name, text in sections.items():
        for match in _SENTENCE.finditer(text or ""):
            if match.group().strip():
                yield name, match.group().strip()


# --- P1 --------------------------------------------------------------------------------

P1 = "第一、五、六部分文字中写出的数字与表格和台账计算的数字一致"


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def shown(text: str, figures: dict | None) -> str:
    """A sentence as the reader sees it: placeholders replaced by their figures where known."""
    if not figures:
        return text
    return _PLACEHOLDER.sub(lambda m: number(figures[m.group(1)]["value"]) if m.group(1) in figures else m.group(), text)


def _same(mention: Mention, value: float) -> bool:
    return abs(in_base_unit(mention) - float(value)) < 0.005


def _stated(mention: Mention, figures: dict) -> list[tuple[float, str]] | None:
    """What the tables say the number should be: (value, where) — the sum of its statistics, and for a
    number followed by "（含…）" also that sum with the included figure. None if a statistic is not known."""
    keys = mention.statistics
    if any(k not in figures for k in keys):
        return None
    value = sum(figures[k]["value"] for k in keys)
    cell = "＋".join(figures[k]["cell"] for k in keys)
    out = [(value, cell)]
    if mention.including in figures and mention.including not in keys:
        out.append((value + figures[mention.including]["value"], f"{cell}＋{figures[mention.including]['cell']}"))
    return out


#: Bases a share ("占51.85%") may be taken of, in the order evaluators try them.
_SHARE_BASES = ("applications_closed", "applications_received", "applications_handled")


def _share_row(name: str, mention: Mention, sentence: str, figures: dict) -> tuple[list, bool] | None:
    """P1's row for a share written after a count: the count ÷ the table's total, to the printed decimals."""
    if mention.percent is None or mention.value is None:
        return None
    decimals = len(mention.percent_text.rstrip("%").partition(".")[2])
    tried = []
    for key in _SHARE_BASES:
        base = figures.get(key, {}).get("value")
        if not base:
            continue
        share = mention.value / base * 100
        tried.append((share, base, figures[key]["cell"]))
        if abs(share - mention.percent) <= 10 ** -decimals + 1e-9:  # rounded or cut to the printed decimals
            return [name, sentence, f"占{mention.percent_text}", f"{number(mention.value)}÷{number(base)}＝{share:.{decimals}f}%",
                    figures[key]["cell"], "一致"], True
    if not tried:
        return [name, sentence, f"占{mention.percent_text}", "—", "（表格中没有总数）", "未核对"], True
    share, base, cell = tried[0]
    return [name, sentence, f"占{mention.percent_text}", f"{number(mention.value)}÷{number(base)}＝{share:.{decimals}f}%",
            cell, "不一致"], False


def check_prose_figures(sections: dict[str, str], figures: dict[str, dict]) -> Check:
    """P1: every number typed next to a known phrase equals the computed figure.

    ``figures``: statistic → ``{"value": number, "cell": where it comes from}``; a phrase
    whose statistic is not given is listed as 未核对 and never fails. Joined phrases
    (予以公开及部分公开42件) compare with the sum, and a share written after the number
    (占51.85%) with the number divided by the table's total.
    """
    rows, wrong, checked, unknown, filled = [], 0, 0, 0, 0
    for name, text in sections.items():
        for m in find_figures(text or ""):
            if m.placeholder:
                filled += 1
                continue
            sentence = shown(m.sentence, figures)
            stated = _stated(m, figures)
            if stated is None:
                unknown += 1
                rows.append([name, sentence, f"{number(m.value)}{m.unit}", "—", "（表格中没有此数）", "未核对"])
            else:
                value, cell = next(((v, c) for v, c in stated if _same(m, v)), stated[0])
                ok = _same(m, value)
                checked += 1
                wrong += not ok
                rows.append([name, sentence, f"{number(m.value)}{m.unit}", number(value), cell, "一致" if ok else "不一致"])
            share = _share_row(name, m, sentence, figures)
            if share is not None:
                rows.append(share[0])
                if share[0][-1] == "未核对":
                    unknown += 1
                else:
                    checked += 1
                    wrong += not share[1]
    rows.sort(key=lambda r: r[-1] != "不一致")
    evidence = table(["部分", "句子", "文字中的数字", "计算的数字", "来源", "结果"], rows) if rows else None
    note = f"另有{filled}处数字由占位符从数据填入，不会出错。" if filled else ""
    note += f"另有{unknown}处数字在表格中没有对应的数，未核对。" if unknown else ""
    if wrong:
        return Check("P1", P1, False, f"文字中有{wrong}处数字与计算结果不一致：请改正文字，或改用占位符（见 docs/统计项.md）。" + note,
                     evidence=evidence)
    if checked:
        return Check("P1", P1, True, f"文字中直接写出的{checked}处数字均与计算结果一致。" + note, evidence=evidence)
    if unknown:
        return Check("P1", P1, None, f"文字中的{unknown}处数字在表格中没有对应的数，未核对。", result="未核对", evidence=evidence)
    return Check("P1", P1, True if filled else None, note or "文字中没有写出与表格对应的数字。", evidence=evidence)


# --- P2 --------------------------------------------------------------------------------

P2 = "文字中没有把其他年份当作报告年度（上年仅用于对比、整改，下年仅用于计划）"
_YEAR = re.compile(r"(?<![\d〔\[])((?:19|20)\d\d)\s*年")
#: Last year is named in comparisons (较、比2021年、与2021年持平), follow-ups of last year's problems, last
#: year's final accounts (published this year: 2019年部门预算、2018年部门决算) and the applications it carried
#: over (办结29件（含2021年度结转6件）).
_LAST_YEAR_CONTEXT = re.compile(r"上一?年|去年|整改|较|同比|相比|比上年|比\s*(?:19|20)\d\d\s*年|持平|年度报告|以来|回头看|决算|"
                                r"绩效评价|改进情况|改进措施|结转")
#: Next year is named in plans and in carry-overs (结转至2026年6件).
_NEXT_YEAR_CONTEXT = re.compile(r"计划|将|下一步|明年|来年|拟|力争|打算|安排|谋划|部署|展望|要点|结转|转入|转至|顺延|下一?年度")
_TITLE = re.compile(r"《[^》]*》")


def check_other_years(sections: dict[str, str], year: int) -> Check:
    """P2: a report for ``year`` does not present another year as the report year."""
    rows = []
    for name, text in _sentences(sections):
        bare = _TITLE.sub(lambda m: "《" + "·" * (len(m.group()) - 2) + "》", text)  # years in document titles are names
        for match in _YEAR.finditer(bare):
            other = int(match.group(1))
            if other == year or bare[match.end():match.end() + 2] == "以来":
                continue
            if other == year - 1 and _LAST_YEAR_CONTEXT.search(bare):
                continue
            if other == year + 1 and _NEXT_YEAR_CONTEXT.search(bare):
                continue
            rows.append([name, text, f"{other}年"])
    if not rows:
        return Check("P2", P2, True, f"文字中出现的年份都与{year}年度相符。", level="warning")
    return Check("P2", P2, False, f"有{len(rows)}处写的不是{year}年：请核对是否沿用了其他年度的报告文字。",
                 level="warning", evidence=table(["部分", "句子", "写的年份"], rows))


# --- P4 --------------------------------------------------------------------------------

P4 = "第五部分写明上年度问题的整改情况，并列出本年度存在的问题和改进措施（2021年格式起）"
_LAST_YEAR = r"(?:上一?年度?|去年|\d{4}\s*年度?)"
_DONE = r"(?:整改|改进|落实|解决|完成|到位|改正|纠正|完善|建立|健全|修订|更新|补齐|消除)"
#: How section 五 says what became of last year's problems, as real reports word it (docs/核对.md lists them):
#: (the form, an example, its pattern). One of them in section 五 satisfies the first part of P4.
FOLLOWUP_PHRASES = (
    ("上年度……整改／改进／落实／解决", "2022年度报告中提出的问题已逐项整改到位",
     rf"{_LAST_YEAR}[^。]{{0,60}}?(?:整改|改进|落实|解决)"),
    ("针对上年度（报告中提出的）……问题，已……", "针对上年度报告中提出的公开栏更新不及时问题，已建立月检查制度",
     rf"针对{_LAST_YEAR}[^。]{{0,80}}?问题[^。]{{0,8}}?(?:已|均已|现已|目前已)"),
    ("上年度……问题……已（全部）完成／到位／建立……", "上年度发现的信息发布不及时问题，目前已全部完成",
     rf"{_LAST_YEAR}[^。]{{0,60}}?问题[^。]{{0,60}}?(?:已|均已|现已|全部)[^。]{{0,20}}?{_DONE}"),
    ("整改情况、整改到位、已整改、整改完成、完成整改", "（一）上年度问题整改情况",
     r"整改情况|整改到位|已整改|整改完成|完成整改|整改完毕"),
)
_P4_PARTS = (
    ("上年度问题的整改情况", re.compile("|".join(pattern for _, _, pattern in FOLLOWUP_PHRASES))),
    ("本年度存在的问题", re.compile(r"问题|不足|短板|薄弱|差距")),
    ("改进措施", re.compile(r"措施|改进|下一步|将进一步|计划|加强")),
)


def check_problems_followup(section5: str, fmt: str) -> Check:
    """P4: section 五 says what became of last year's problems and names this year's problems and measures."""
    if str(fmt) == "2019":
        return Check("P4", P4, None, "2019 年格式不要求写上年度问题整改情况。", level="warning")
    if not (section5 or "").strip():
        return Check("P4", P4, False, "第五部分没有填写。", level="warning", evidence=sentence("第五部分为空。"))
    missing = [name for name, pattern in _P4_PARTS if not pattern.search(section5)]
    if not missing:
        return Check("P4", P4, True, "第五部分写明了上年度问题整改情况、本年度问题和改进措施。", level="warning")
    return Check("P4", P4, False, "第五部分缺少：" + "、".join(missing) + "。", level="warning",
                 evidence=sentence("第五部分没有写到：" + "、".join(missing) + "（2021年格式要求写明上年度问题整改情况）。"))


# --- P5 --------------------------------------------------------------------------------

P5 = "第六部分关于收费的文字与台账的实收金额一致"
_NO_FEES = re.compile(r"未收取|无收费|不存在收费|没有收取|未收费|免收|零收费|未出现[^。；]{0,24}?收费|无[^。；]{0,8}?收费(?:情况|行为)")


def check_fee_statement(section6: str, fee_collected: float | None) -> Check:
    """P5: fees collected (ledger, 元) > 0 but section 六 says none, or none collected but it states an amount.

    ``fee_collected`` None (no ledger): only a text that contradicts itself fails.
    """
    says_none = [s for _, s in _sentences({"六": section6}) if _NO_FEES.search(s)]
    stated = [m for m in find_figures(section6 or "") if m.key == "fee_collected" and not m.placeholder and m.value]
    rows = [[s, "写明未收费"] for s in says_none] + [[m.sentence, f"写明收费{number(m.value)}{m.unit}"] for m in stated]
    evidence = table(["句子", "文字的说法"], rows) if rows else None
    if fee_collected is None:
        if says_none and stated:
            return Check("P5", P5, False, "第六部分既说未收费，又写了收费金额。", evidence=evidence)
        return unchecked("P5", P5, "没有台账的实收金额，无法核对。")
    amount = f"台账本年实收金额 {number(fee_collected)} 元"
    if fee_collected > 0 and says_none:
        return Check("P5", P5, False, f"{amount}，但第六部分说未收费。请改正文字（可用占位符 {{fee_collected}}）。",
                     evidence=table(["句子", "文字的说法", "台账实收金额（元）"], [r + [number(fee_collected)] for r in rows]))
    if fee_collected == 0 and stated:
        return Check("P5", P5, False, f"{amount}，但第六部分写了收费金额。请核对依申请公开台账的“实收金额（元）”或改正文字。",
                     evidence=table(["句子", "文字的说法", "台账实收金额（元）"], [r + ["0"] for r in rows]))
    return Check("P5", P5, True, f"{amount}，与第六部分的说法一致。", evidence=evidence)


# --- P6 --------------------------------------------------------------------------------

P6 = "文字声称申请均按时答复时，答复时限核对没有发现逾期"
_ON_TIME_CLAIM = re.compile(
    r"均[在于]?[^。，；]{0,8}?(?:法定|规定)?(?:期限|时限)内[^。，；]{0,6}?(?:答复|办结|办理)|均按(?:时|期)(?:限)?(?:答复|办结|办理)"
    r"|全部按(?:时|期)(?:限)?(?:答复|办结|办理)|按期答复率(?:达到?)?100\s*[%％]|无(?:一[件例]?)?逾期(?:答复)?"
)
_OTHER_SUBJECT = re.compile(r"热线|12345|工单|信访|来电")


def on_time_claims(sections: dict[str, str]) -> list[tuple[str, str]]:
    """(section, sentence) of every sentence claiming all applications were answered on time."""
    return [(n, s) for n, s in _sentences(sections) if _ON_TIME_CLAIM.search(s) and not _OTHER_SUBJECT.search(s)]


def check_on_time_claim(sections: dict[str, str], overdue: list[dict] | None, unchecked_count: int = 0,
                        figures: dict | None = None) -> Check:
    """P6: the prose claims every reply was on time, but the deadline check finds overdue applications.

    ``overdue``: the overdue applications (``{"申请编号", "答复期限", "办结日期", "状态"}`` …),
    None when the deadlines could not be checked at all.
    """
    claims = [(n, shown(s, figures)) for n, s in on_time_claims(sections)]
    if not claims:
        return Check("P6", P6, None, "文字没有声称申请均按时答复。")
    claim_rows = [[n, s] for n, s in claims]
    if overdue is None:
        return unchecked("P6", P6, "答复时限无法核对，无法判断“均按时答复”的说法。")
    if overdue:
        columns = list(overdue[0])
        rows = [[r.get(c) for c in columns] for r in overdue]
        return Check("P6", P6, False,
                     f"文字说“{claims[0][1]}”，但有{len(overdue)}件申请逾期（见答复时限表）。请改正文字或核对台账日期。",
                     evidence=table(columns, rows))
    if unchecked_count:
        return unchecked("P6", P6, f"有{unchecked_count}件申请的答复时限无法核对，无法确认“均按时答复”的说法。")
    return Check("P6", P6, True, "文字说申请均按时答复，答复时限核对也没有发现逾期。", evidence=table(["部分", "句子"], claim_rows))
