"""The words real ledgers use: a comparison key, the built-in synonyms, closest-label suggestions.

``fold`` makes two spellings of one name compare equal: whitespace, full/half width,
brackets, quotes, separators and trailing punctuation do not count
(不予公开（属于国家秘密） = 不予公开-属于国家秘密). The synonym tables hold only names that
mean exactly one contract header or value; names that could mean several stay errors
(see ``schema``'s ambiguous values). An office's own names go in its mapping file
(``mapping``). Sources: ../shared/spec/real-ledgers.md.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

# Brackets, quotes, separators and punctuation that only style a name.
_STYLE = re.compile(r"[\s()\[\]{}<>（）【】〔〕［］「」『』《》〈〉\"'“”‘’\-—–－_~～:：/／\\,，、;；·・.。!！?？…]+")


def fold(text) -> str:
    """Comparison key of a header or value: NFKC (full width → half width), no style characters."""
    return _STYLE.sub("", unicodedata.normalize("NFKC", str(text)))


#: ledger kind → {header seen in real ledgers: contract header}; a header the contract does not have
#: (yet) is not used
HEADER_SYNONYMS: dict[str, dict[str, str]] = {
    "依申请公开": {
        **dict.fromkeys(("受理编号", "登记编号", "流水号", "事项流水号", "受理号", "查询编号"), "申请编号"),
        **dict.fromkeys(("申请时间", "申请日期", "受理时间", "收件日期", "登记日期", "收到申请日期"), "收到日期"),
        **dict.fromkeys(("申请人类别", "申请主体", "申请人性质", "公民/法人"), "申请人类型"),
        **dict.fromkeys(("答复日期", "答复时间", "办结时间", "回复日期"), "办结日期"),
        **dict.fromkeys(("答复类型", "答复结果", "处理结果", "答复情况", "办理情况"), "办理结果"),
        **dict.fromkeys(("所需信息内容描述", "申请信息内容", "内容描述", "所需信息"), "申请内容"),
        # the deadline columns
        **dict.fromkeys(("申请渠道", "提交方式", "收件方式", "获取方式"), "申请方式"),
        **dict.fromkeys(("通知补正时间", "补正通知时间"), "补正通知日期"),
        **dict.fromkeys(("补正日期", "补正时间", "补正收到时间"), "补正收到日期"),
        **dict.fromkeys(("是否延期", "延期答复"), "延期"),
    },
    "复议诉讼": {
        **dict.fromkeys(("案件号",), "案件编号"),
        **dict.fromkeys(("收件时间", "收案时间", "收件日期", "收案日期"), "收到日期"),
        **dict.fromkeys(("结案日期", "结案时间"), "审结日期"),
    },
}

#: enumeration name → {value seen in real ledgers: contract value}; used only where the value is one of
#: the enumeration's own
VALUE_SYNONYMS: dict[str, dict[str, str]] = {
    "申请人类型": {
        **dict.fromkeys(("公民", "个人", "群众"), "自然人"),
        **dict.fromkeys(("企业", "公司"), "商业企业"),
        **dict.fromkeys(("科研院所",), "科研机构"),
        **dict.fromkeys(("社会组织", "社团"), "社会公益组织"),
        **dict.fromkeys(("律师事务所", "律所", "基层法律服务所"), "法律服务机构"),
    },
    "办理结果": {
        **dict.fromkeys(("同意公开", "全部公开", "公开", "政府信息公开告知书"), "予以公开"),
        **dict.fromkeys(("部分同意公开", "部分公开告知书"), "部分公开"),
        **dict.fromkeys(("政府信息不存在", "信息不存在", "政府信息不存在告知书", "非本机关政府信息", "非本机关掌握",
                         "非本机关政府信息告知书"), "无法提供-本机关不掌握相关政府信息"),
        **dict.fromkeys(("需要另行制作", "需加工分析"), "无法提供-没有现成信息需要另行制作"),
        **dict.fromkeys(("重复申请告知书",), "不予处理-重复申请"),
        **dict.fromkeys(("信访举报投诉", "信访件"), "不予处理-信访举报投诉类申请"),
        **dict.fromkeys(("逾期不补正", "视为放弃申请"),
                        "其他处理-申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        **dict.fromkeys(("逾期未缴费",), "其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        **dict.fromkeys(("撤回申请",), "其他处理-其他"),
    },
    # schema.CHANNEL's own aliases already cover 当面提交、现场、信函、互联网、网上申请、电子邮件、在线
    "申请方式": {
        **dict.fromkeys(("网上", "网络申请", "在线申请", "政府网站", "门户网站"), "网络"),
        **dict.fromkeys(("邮政寄送", "快递"), "邮寄"),
        **dict.fromkeys(("窗口", "窗口提交", "当面申请"), "当面"),
    },
    "审理结果": {
        **dict.fromkeys(("撤销", "变更", "确认违法", "责令履行"), "纠正"),
        **dict.fromkeys(("驳回", "终止", "和解", "调解"), "其他"),
    },
}

#: enumeration name → {seen value: (contract values it may mean)}: errors that list the choices
AMBIGUOUS_VALUES: dict[str, dict[str, str]] = {
    "办理结果": {"否决公开": "不予公开", "政府信息不予公开告知书": "不予公开"},
}

#: Reply letters (答复文书) name the outcome they announce by a keyword: (keyword, outcome), the more specific first.
#: Used only to *suggest* a mapping (过程性信息不予公开告知书 → 不予公开-属于四类过程性信息), never to read a value:
#: an office confirms it in its mapping file. A 不予公开 letter without its reason has no keyword: it stays ambiguous.
REPLY_LETTER_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("国家秘密", "不予公开-属于国家秘密"),
    ("法律行政法规禁止", "不予公开-其他法律行政法规禁止公开"),
    ("法律法规禁止", "不予公开-其他法律行政法规禁止公开"),
    ("三安全一稳定", "不予公开-危及“三安全一稳定”"),
    ("第三方", "不予公开-保护第三方合法权益"),
    ("个人隐私", "不予公开-保护第三方合法权益"),
    ("商业秘密", "不予公开-保护第三方合法权益"),
    ("内部事务", "不予公开-属于三类内部事务信息"),
    ("过程性", "不予公开-属于四类过程性信息"),
    ("执法案卷", "不予公开-属于行政执法案卷"),
    ("行政查询", "不予公开-属于行政查询事项"),
    ("另行制作", "无法提供-没有现成信息需要另行制作"),
    ("加工分析", "无法提供-没有现成信息需要另行制作"),
    ("仍不明确", "无法提供-补正后申请内容仍不明确"),
    ("不存在", "无法提供-本机关不掌握相关政府信息"),
    ("不掌握", "无法提供-本机关不掌握相关政府信息"),
    ("非本机关", "无法提供-本机关不掌握相关政府信息"),
    ("信访", "不予处理-信访举报投诉类申请"),
    ("举报", "不予处理-信访举报投诉类申请"),
    ("投诉", "不予处理-信访举报投诉类申请"),
    ("重复申请", "不予处理-重复申请"),
    ("出版物", "不予处理-要求提供公开出版物"),
    ("大量反复", "不予处理-无正当理由大量反复申请"),
    ("重新出具", "不予处理-要求行政机关确认或重新出具已获取信息"),
    ("逾期不补正", "其他处理-申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("未补正", "其他处理-申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("视为放弃", "其他处理-申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("未缴费", "其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("未缴纳", "其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("撤回", "其他处理-其他"),
    ("部分公开", "部分公开"),
    ("同意公开", "予以公开"),
    ("予以公开", "予以公开"),
)
#: A letter naming 不予公开 without one of the reasons above names no single outcome.
_WITHHELD = "不予公开"


def reply_letter_outcome(text: str) -> str | None:
    """The outcome a reply letter's name announces by keyword (``REPLY_LETTER_KEYWORDS``), if one does."""
    key = fold(text)
    for keyword, outcome in REPLY_LETTER_KEYWORDS:
        if keyword in key:
            return None if outcome == "予以公开" and _WITHHELD in key else outcome
    return None


#: synonyms that are a policy choice rather than a plain rename: the note says so
POLICY_NOTES = {
    "撤回申请": "申请人撤回申请按惯例计入「其他处理-其他」；如本单位另有口径，请在台账映射文件中指定",
}


def suggest(text: str, choices, limit: int = 3) -> list[str]:
    """The contract labels closest to ``text`` (by folded spelling), best first."""
    choices = list(choices)
    keys = {}
    for choice in choices:
        keys.setdefault(fold(choice), choice)
    target = fold(text)
    found = [keys[k] for k in difflib.get_close_matches(target, list(keys), n=limit, cutoff=0.5)]
    # a label that contains the text or is contained in it is a good guess too (公开 → 予以公开)
    for key, choice in keys.items():
        if len(found) < limit and target and choice not in found and (target in key or key in target):
            found.append(choice)
    return found
