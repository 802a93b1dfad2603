"""The ledger contract as data: ledger kinds, their columns, enumerations and row rules.

One interpreter (``validate.validate_sheet``) applies all of it; nothing here reads files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..base.formats import APPLICANT_TYPES, OUTCOME_GROUPS, OUTCOMES
from .vocabulary import AMBIGUOUS_VALUES, VALUE_SYNONYMS, fold

__all__ = ["fold"]  # re-exported: the comparison key of headers and values

@dataclass(frozen=True)
class Enumeration:
    """A closed set of values, with aliases and group names that are ambiguous on their own."""

    name: str
    values: tuple[str, ...]
    aliases: tuple[tuple[str, str], ...] = ()
    #: (value, candidates): values that name a group, not a leaf
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def synonyms(self) -> dict[str, str]:
        """The built-in synonyms real ledgers use for this enumeration (``vocabulary.VALUE_SYNONYMS``)."""
        return {seen: value for seen, value in VALUE_SYNONYMS.get(self.name, {}).items() if value in self.values}

    def lookup(self) -> dict[str, object]:
        """Folded text → canonical value, or a tuple of candidates where ambiguous."""
        table: dict[str, object] = {}
        for value in self.values:
            table[fold(value)] = value
        for alias, value in self.aliases:
            table.setdefault(fold(alias), value)
        for alias, value in self.synonyms.items():
            table.setdefault(fold(alias), value)
        for alias, candidates in self.ambiguous:
            table[fold(alias)] = candidates
        return table


def _outcome_enum() -> Enumeration:
    # A bare leaf label is accepted where it names only one leaf; a bare group name is ambiguous.
    leaves: dict[str, list[str]] = {}
    for value in OUTCOMES:
        leaves.setdefault(value.split("-", 1)[-1], []).append(value)
    aliases = [(leaf, vals[0]) for leaf, vals in leaves.items() if len(vals) == 1]
    aliases += [(g.name + g.suffix, g.name) for g in OUTCOME_GROUPS if g.suffix]
    # 不予公开：国家秘密 names 不予公开-属于国家秘密: the leading 属于 is often left out
    aliases += [(v.replace("-属于", "-", 1), v) for v in OUTCOMES if "-属于" in v]
    aliases += [(v.split("-属于", 1)[1], v) for v in OUTCOMES if "-属于" in v]
    groups = {g.name: tuple(v for v in OUTCOMES if v.startswith(g.name + "-")) for g in OUTCOME_GROUPS if g.leaves}
    ambiguous = list(groups.items())
    ambiguous += [(leaf, tuple(vals)) for leaf, vals in leaves.items() if len(vals) > 1]
    ambiguous += [(seen, groups[group]) for seen, group in AMBIGUOUS_VALUES.get("办理结果", {}).items()]
    return Enumeration("办理结果", OUTCOMES, tuple(aliases), tuple(ambiguous))


APPLICANT_TYPE = Enumeration(
    "申请人类型",
    APPLICANT_TYPES,
    ambiguous=(("法人或其他组织", APPLICANT_TYPES[1:]),),
)
OUTCOME = _outcome_enum()
CASE_TYPE = Enumeration(
    "案件类型",
    ("行政复议", "直接起诉", "复议后起诉"),
    aliases=(("行政诉讼，未经复议直接起诉", "直接起诉"), ("未经复议直接起诉", "直接起诉")),
    ambiguous=(("行政诉讼", ("直接起诉", "复议后起诉")),),
)
CASE_RESULT = Enumeration(
    "审理结果",
    ("维持", "纠正", "其他"),
    aliases=(("结果维持", "维持"), ("结果纠正", "纠正"), ("其他结果", "其他")),
)
CHANNEL = Enumeration(
    "申请方式",
    ("当面", "邮寄", "网络", "传真", "其他"),
    aliases=(("当面提交", "当面"), ("现场", "当面"), ("信函", "邮寄"), ("互联网", "网络"), ("网上申请", "网络"),
             ("电子邮件", "网络"), ("在线", "网络")),
)
YES_NO = Enumeration("延期", ("是", "否"), aliases=(("已延期", "是"), ("未延期", "否")))
DOCUMENT_CATEGORY = Enumeration("规范性文件类别", ("规章", "行政规范性文件"), aliases=(("规范性文件", "行政规范性文件"),))
ENFORCEMENT_CATEGORY = Enumeration("行政执法类别", ("行政许可", "其他对外管理服务事项", "行政处罚", "行政强制"))
POWER_CATEGORY = Enumeration("权责事项类别", ENFORCEMENT_CATEGORY.values + ("行政事业性收费",))


@dataclass(frozen=True)
class Column:
    """One ledger column: the exact Chinese header, the field name in code, its type."""

    header: str
    field: str
    type: str  # id | text | date | enum | amount | count
    required: bool = False
    enum: Enumeration | None = None
    #: a date that may lie after today (a deadline), still checked against typos like 2202
    future_ok: bool = False


@dataclass(frozen=True)
class Order:
    """Row rule: ``later`` may not be before ``earlier`` when both are given."""

    earlier: str
    later: str


@dataclass(frozen=True)
class Paired:
    """Row rule: ``a`` and ``b`` are given together or not at all."""

    a: str
    b: str


@dataclass(frozen=True)
class Needs:
    """Row rule: ``given`` may only be filled in when ``needed`` is too."""

    given: str
    needed: str


@dataclass(frozen=True)
class LedgerKind:
    """A ledger kind: file ``<name>.csv`` or sheet ``<name>`` of 台账.xlsx."""

    name: str
    key: str
    columns: tuple[Column, ...]
    rules: tuple[Order | Paired | Needs, ...] = field(default=())
    feeds: str = ""
    #: the report formats whose tables or prose use this kind
    formats: tuple[str, ...] = ("2019", "2021")

    @property
    def id_column(self) -> Column | None:
        """The column whose values must be unique, if the kind has one."""
        return next((c for c in self.columns if c.type == "id"), None)

    def column(self, field_name: str) -> Column:
        """The column with this field name."""
        return next(c for c in self.columns if c.field == field_name)


def _c(header, field_name, type_, required=False, enum=None, future_ok=False):
    return Column(header, field_name, type_, required, enum, future_ok)


APPLICATIONS = LedgerKind(
    "依申请公开",
    "applications",
    (
        _c("申请编号", "id", "id", True),
        _c("收到日期", "received", "date", True),
        _c("申请人类型", "applicant", "enum", True, APPLICANT_TYPE),
        _c("办结日期", "closed", "date"),
        _c("办理结果", "outcome", "enum", False, OUTCOME),
        _c("收费通知金额（元）", "fee_notice", "amount"),
        _c("实收金额（元）", "fee_paid", "amount"),
        _c("申请内容", "content", "text"),
        _c("备注", "note", "text"),
        # The reply-deadline check (spec/deadlines.md): all optional.
        _c("申请方式", "channel", "enum", False, CHANNEL),
        _c("补正通知日期", "correction_notice", "date"),
        _c("补正收到日期", "correction_received", "date"),
        _c("延期", "extended", "enum", False, YES_NO),
        _c("征求意见天数", "consultation_days", "count"),
    ),
    (Order("received", "closed"), Paired("closed", "outcome"), Order("received", "correction_notice"),
     Order("correction_notice", "correction_received"), Needs("correction_received", "correction_notice"),
     Order("correction_notice", "closed"), Order("correction_received", "closed")),
    "第三部分；第六部分收费",
)
CASES = LedgerKind(
    "复议诉讼",
    "cases",
    (
        _c("案件编号", "id", "id", True),
        _c("案件类型", "type", "enum", True, CASE_TYPE),
        _c("收到日期", "received", "date", True),
        _c("审结日期", "decided", "date"),
        _c("审理结果", "result", "enum", False, CASE_RESULT),
    ),
    (Order("received", "decided"), Paired("decided", "result")),
    "第四部分",
)
DOCUMENTS = LedgerKind(
    "规范性文件",
    "documents",
    (
        _c("文号", "id", "id", True),
        _c("名称", "title", "text", True),
        _c("类别", "category", "enum", True, DOCUMENT_CATEGORY),
        _c("制发日期", "issued", "date", True),
        _c("公开日期", "published", "date"),
        _c("废止日期", "repealed", "date"),
    ),
    (Order("issued", "published"), Order("issued", "repealed")),
    "第二部分第二十条第（一）项",
)
ENFORCEMENT = LedgerKind(
    "行政执法",
    "enforcement",
    (
        _c("决定编号", "id", "id", True),
        _c("类别", "category", "enum", True, ENFORCEMENT_CATEGORY),
        _c("决定日期", "decided", "date", True),
    ),
    (),
    "第二部分第二十条第（五）（六）项处理决定数量",
)
POWERS = LedgerKind(
    "权责事项",
    "powers",
    (
        _c("事项编码", "id", "id", True),
        _c("事项名称", "title", "text", True),
        _c("类别", "category", "enum", True, POWER_CATEGORY),
        _c("设立日期", "established", "date", True),
        _c("取消日期", "cancelled", "date"),
    ),
    (Order("established", "cancelled"),),
    "第二部分（2019格式）项目数量",
    ("2019",),
)
FEES = LedgerKind(
    "行政事业性收费",
    "fees",
    (
        _c("收费日期", "date", "date", True),
        _c("项目", "item", "text", True),
        _c("金额（元）", "amount", "amount", True),
    ),
    (),
    "第二部分第二十条第（八）项（2021格式）",
    ("2021",),
)
PROCUREMENT = LedgerKind(
    "政府集中采购",
    "procurement",
    (
        _c("项目编号", "id", "id", True),
        _c("采购日期", "date", "date", True),
        _c("金额（元）", "amount", "amount", True),
    ),
    (),
    "第二部分第二十条第（九）项（2019格式）",
    ("2019",),
)
HOTLINE = LedgerKind(
    "热线工单",
    "hotline",
    (
        _c("工单编号", "id", "id", True),
        _c("受理日期", "received", "date", True),
        _c("办结日期", "closed", "date"),
        _c("办理时限", "deadline", "date", future_ok=True),
    ),
    (Order("received", "closed"), Order("received", "deadline")),
    "第六部分热线办理情况",
)

LEDGER_KINDS = (APPLICATIONS, CASES, DOCUMENTS, ENFORCEMENT, POWERS, FEES, PROCUREMENT, HOTLINE)
KIND_BY_NAME = {k.name: k for k in LEDGER_KINDS}
KIND_BY_KEY = {k.key: k for k in LEDGER_KINDS}
WORKBOOK_NAME = "台账.xlsx"
_FOLDED_KIND_NAMES = {fold(k.name): k for k in LEDGER_KINDS}
_YEAR = r"((?:19|20)\d\d)(?:年度|年)?"
#: a per-year sheet: 依申请公开2023, 2023年依申请公开, 依申请公开（2023年）
_PER_YEAR = re.compile(rf"^(?:{_YEAR})?({'|'.join(map(re.escape, _FOLDED_KIND_NAMES))})(?:{_YEAR})?$")


def per_year_sheet(sheet: str) -> tuple[LedgerKind, int] | None:
    """The kind and year of a per-year sheet (a kind name with a year before or after it), if the name is one."""
    match = _PER_YEAR.match(fold(sheet))
    if match is None or match.group(1) is None and match.group(3) is None:
        return None
    return _FOLDED_KIND_NAMES[match.group(2)], int(match.group(1) or match.group(3))


def per_year_kind(sheet: str) -> LedgerKind | None:
    """The kind of a per-year sheet, if the name is one."""
    found = per_year_sheet(sheet)
    return found[0] if found else None

