"""Generated narrative: the section 六 items that come from data, and whole-sentence placeholders.

Every figure comes from ``ReportData.stats``; a zero figure uses the "全年未出现…"
form of the seed report. The item titles are the ones real township reports use.
``SUMMARY_SENTENCES`` are placeholders a person's prose may use for a whole sentence
(``{applications_summary}``): a year without applications then reads 全年未收到政府信息公开申请
instead of 全年新收政府信息公开申请0件.
"""

from __future__ import annotations

from .numbers import number


def _hotline(stats: dict, year: int) -> str:
    received, on_time = stats["hotline_received"], stats["hotline_closed_on_time"]
    lead = "严格按照县政务公开办公室及时登记并移交处理“12345”政府热线信访，"
    if received == 0:
        return lead + f"{year}年全年未出现受理“12345”政府热线的情况。"
    text = lead + f"{year}年全年受理“12345”政府热线{received}条，"
    if on_time == received:
        return text + "全部按时限办理完结。"
    text += f"按时限办理完结{on_time}条，未按时限办结或尚未办结{received - on_time}条"
    still_open = received - stats["hotline_closed"]
    return text + (f"（其中尚未办结{still_open}条）。" if still_open else "。")


_OUTCOME_PARTS = (
    ("applications_disclosed", "予以公开"),
    ("applications_partially_disclosed", "部分公开"),
    ("applications_withheld", "不予公开"),
    ("applications_unavailable", "无法提供"),
    ("applications_not_processed", "不予处理"),
    ("applications_other", "其他处理"),
)


def _applications(stats: dict, year: int) -> str:
    received, carried = stats["applications_received"], stats["applications_carried_over"]
    if received == 0 and carried == 0 and stats["applications_closed"] == 0:
        return "全年未出现依申请公开政府信息和不予公开政府信息的情况。"
    parts = "，".join(f"{label}{stats[key]}件" for key, label in _OUTCOME_PARTS if stats[key])
    closed = f"办结{stats['applications_closed']}件" + (f"（{parts}）" if parts else "")
    return (
        f"{year}年共收到政府信息公开申请{received}件，上年结转{carried}件，{closed}，"
        f"结转下年度继续办理{stats['applications_carried_forward']}件。"
        + (f"其中不予公开{stats['applications_withheld']}件，均依法告知理由。" if stats["applications_withheld"] else "全年未出现不予公开政府信息的情况。")
    )


def _fees(stats: dict, year: int) -> str:
    if stats["fee_notices"] == 0:
        return "全年未出现政府信息公开的收费及减免情况。"
    return (
        f"全年发出政府信息公开信息处理费收费通知{stats['fee_notices']}件，"
        f"金额合计{number(stats['fee_notice_amount'])}元，实际收取{number(stats['fee_collected'])}元。"
    )


def _review(stats: dict, year: int) -> str:
    if stats["review_cases_total"] == 0:
        return "全年未出现因政府信息公开申请行政复议、提起行政诉讼的情况。"
    def detail(prefix: str) -> str:
        parts = [(f"{prefix}_upheld", "结果维持"), (f"{prefix}_corrected", "结果纠正"), (f"{prefix}_other", "其他结果"), (f"{prefix}_pending", "尚未审结")]
        shown = "，".join(f"{label}{stats[k]}件" for k, label in parts if stats[k])
        return f"（{shown}）" if shown else ""
    text = []
    if stats["reconsideration_total"]:
        text.append(f"因政府信息公开申请行政复议{stats['reconsideration_total']}件" + detail("reconsideration"))
    else:
        text.append("未出现因政府信息公开申请行政复议的情况")
    if stats["litigation_direct_total"]:
        text.append(f"未经复议直接提起行政诉讼{stats['litigation_direct_total']}件" + detail("litigation_direct"))
    if stats["litigation_after_reconsideration_total"]:
        text.append(f"复议后提起行政诉讼{stats['litigation_after_reconsideration_total']}件" + detail("litigation_after_reconsideration"))
    if not stats["litigation_total"]:
        text.append("未出现因政府信息公开提起行政诉讼的情况")
    return "全年" + "；".join(text) + "。"


#: (title, sentence function) of the data items of section 六, in report order.
DATA_ITEMS = (
    ("政府热线处理情况", _hotline),
    ("依申请公开政府信息和不予公开政府信息的情况", _applications),
    ("政府信息公开的收费及减免情况", _fees),
    ("因政府信息公开申请行政复议、提起行政诉讼的情况", _review),
)


def data_items(stats: dict, year: int) -> list[tuple[str, str]]:
    """The data items of section 六 as (title, sentence)."""
    return [(title, sentence(stats, year)) for title, sentence in DATA_ITEMS]


def _applications_summary(stats: dict, year: int) -> str:
    received, carried, closed, forward = (stats[k] for k in ("applications_received", "applications_carried_over",
                                                               "applications_closed", "applications_carried_forward"))
    if not (received or carried or closed or forward):
        return "全年未收到政府信息公开申请，也没有上年结转的申请。"
    head = f"全年新收政府信息公开申请{received}件" if received else "全年未收到新的政府信息公开申请"
    return head + f"，上年结转{carried}件，办结{closed}件，结转下年度继续办理{forward}件。"


def _decisions_summary(stats: dict, year: int) -> str:
    made = stats["documents_made"]
    decisions = "、".join(f"{label}{stats[key]}件" for key, label in (("licensing_decisions", "行政许可决定"),
                                                                   ("penalty_decisions", "行政处罚决定")) if stats[key])
    text = f"全年制发行政规范性文件{made}件" if made else "全年未制发行政规范性文件"
    return text + (f"，作出{decisions}。" if decisions else "，未作出行政许可决定和行政处罚决定。")


def _hotline_summary(stats: dict, year: int) -> str:
    received = stats["hotline_received"]
    if not received:
        return "全年未受理“12345”政府热线工单。"
    return f"全年受理“12345”政府热线工单{received}条，按时限办结{stats['hotline_closed_on_time']}条。"


#: Whole-sentence placeholders: key → (what the sentence says, how it is written from the figures).
SUMMARY_SENTENCES = {
    "applications_summary": ("依申请公开的一句话：新收、上年结转、办结、结转下年度的件数；都为0时写“全年未收到政府信息公开申请”",
                             _applications_summary),
    "decisions_summary": ("主动公开的一句话：制发的行政规范性文件、作出的行政许可和行政处罚决定；为0的写“未制发”“未作出”",
                          _decisions_summary),
    "hotline_summary": ("热线的一句话：受理和按时限办结的“12345”工单条数；为0时写“全年未受理”", _hotline_summary),
}


def summary_sentences(stats: dict, year: int) -> dict[str, str]:
    """The whole-sentence placeholders' text for these figures."""
    return {key: write(stats, year) for key, (_, write) in SUMMARY_SENTENCES.items()}
