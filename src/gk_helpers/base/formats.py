"""The two national layouts (2019 trial, 2021 revised): every official label, as data.

Section 三 rows are built from the outcome groups; section 二 blocks name, for every
cell, the metric that computes it (see ``tables.SECTION2_METRICS``). Nothing here
counts anything.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

FORMATS = ("2019", "2021")

#: The six section headings, identical in both formats.
SECTION_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

APPLICANT_TYPES = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
#: Applicant types grouped under the 法人或其他组织 header cell.
ORGANISATION_TYPES = APPLICANT_TYPES[1:]
SECTION3_COLUMNS = APPLICANT_TYPES + ("总计",)
SECTION3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass(frozen=True)
class OutcomeGroup:
    """One numbered outcome group of section 三, 三、本年度办理结果."""

    number: str  # "（三）"
    name: str  # "不予公开"
    leaves: tuple[str, ...] = ()  # leaf labels without numbering; empty: the group is one row
    suffix: str = ""  # printed after the name, e.g. the （二） explanation


OUTCOME_GROUPS = (
    OutcomeGroup("（一）", "予以公开"),
    OutcomeGroup("（二）", "部分公开", suffix="（区分处理的，只计这一情形，不计其他情形）"),
    OutcomeGroup(
        "（三）",
        "不予公开",
        (
            "属于国家秘密",
            "其他法律行政法规禁止公开",
            "危及“三安全一稳定”",
            "保护第三方合法权益",
            "属于三类内部事务信息",
            "属于四类过程性信息",
            "属于行政执法案卷",
            "属于行政查询事项",
        ),
    ),
    OutcomeGroup(
        "（四）",
        "无法提供",
        ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"),
    ),
    OutcomeGroup(
        "（五）",
        "不予处理",
        (
            "信访举报投诉类申请",
            "重复申请",
            "要求提供公开出版物",
            "无正当理由大量反复申请",
            "要求行政机关确认或重新出具已获取信息",
        ),
    ),
    OutcomeGroup(
        "（六）",
        "其他处理",
        (
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "其他",
        ),
    ),
)

#: The ledger's outcome values (group-leaf), in the order of the 2021 rows; the index is the outcome code.
OUTCOMES = tuple(
    f"{g.name}-{leaf}" if g.leaves else g.name for g in OUTCOME_GROUPS for leaf in (g.leaves or (None,))
)
OUTCOME_GROUP_OF = tuple(g.name for g in OUTCOME_GROUPS for _ in (g.leaves or (None,)))

#: Groups printed as a single row in the 2019 trial format although the ledger records leaves.
COLLAPSED_IN_2019 = ("其他处理",)


@dataclass(frozen=True)
class Section3Row:
    """One data row of section 三 and the ledger outcome codes it counts."""

    label: str  # e.g. "（三）不予公开/1.属于国家秘密", as in `gk tables --json`
    role: str  # received | carried_over | outcome | closed_total | carried_forward
    group: str = ""  # group label cell, "（三）不予公开", when the row sits under one
    leaf: str = ""  # the row's own label cell
    outcomes: tuple[int, ...] = ()


@functools.cache
def section3_rows(fmt: str) -> tuple[Section3Row, ...]:
    """The data rows of section 三 in official order for a format."""
    rows = [
        Section3Row("一、本年新收政府信息公开申请数量", "received", leaf="一、本年新收政府信息公开申请数量"),
        Section3Row("二、上年结转政府信息公开申请数量", "carried_over", leaf="二、上年结转政府信息公开申请数量"),
    ]
    code = 0
    for g in OUTCOME_GROUPS:
        head = f"{g.number}{g.name}{g.suffix}"
        if not g.leaves:
            rows.append(Section3Row(head, "outcome", leaf=head, outcomes=(code,)))
            code += 1
        elif fmt == "2019" and g.name in COLLAPSED_IN_2019:
            codes = tuple(range(code, code + len(g.leaves)))
            rows.append(Section3Row(head, "outcome", leaf=head, outcomes=codes))
            code += len(g.leaves)
        else:
            for i, leaf in enumerate(g.leaves, 1):
                rows.append(Section3Row(f"{head}/{i}.{leaf}", "outcome", group=head, leaf=f"{i}.{leaf}", outcomes=(code,)))
                code += 1
    rows.append(Section3Row("（七）总计", "closed_total", leaf="（七）总计"))
    rows.append(Section3Row("四、结转下年度继续办理", "carried_forward", leaf="四、结转下年度继续办理"))
    return tuple(rows)


def row_index(fmt: str, role: str) -> int:
    """Index of the section 三 row with ``role`` (received, carried_over, closed_total, carried_forward)."""
    return next(i for i, r in enumerate(section3_rows(fmt)) if r.role == role)


SECTION3_RESULTS_LABEL = "三、本年度办理结果"

# Section 四: three groups of five columns; the data is 15 numbers in this order.
SECTION4_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
SECTION4_GROUPS = ("行政复议", "未经复议直接起诉", "复议后起诉")
SECTION4_LITIGATION = "行政诉讼"
SECTION4_COLUMNS = tuple(f"{g}/{r}" for g in SECTION4_GROUPS for r in SECTION4_RESULTS)


@dataclass(frozen=True)
class Section2Block:
    """One block of section 二: the 条例 item caption, its columns and its rows.

    Each row is ``(label, cells)``; each cell is ``(metric, argument)`` naming the
    function in ``tables.SECTION2_METRICS`` that computes it.
    """

    item: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


def _item_rows(labels, metrics):
    return tuple((label, tuple((m, label) for m in metrics)) for label in labels)


SECTION2_BLOCKS = {
    "2019": (
        Section2Block(
            "第二十条第（一）项",
            ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
            _item_rows(("规章", "规范性文件"), ("documents_made", "documents_published", "documents_published_total")),
        ),
        Section2Block(
            "第二十条第（五）项",
            ("上一年项目数量", "本年增/减", "处理决定数量"),
            _item_rows(("行政许可", "其他对外管理服务事项"), ("items_previous", "items_change", "decisions")),
        ),
        Section2Block(
            "第二十条第（六）项",
            ("上一年项目数量", "本年增/减", "处理决定数量"),
            _item_rows(("行政处罚", "行政强制"), ("items_previous", "items_change", "decisions")),
        ),
        Section2Block(
            "第二十条第（八）项",
            ("上一年项目数量", "本年增/减"),
            _item_rows(("行政事业性收费",), ("items_previous", "items_change")),
        ),
        Section2Block(
            "第二十条第（九）项",
            ("采购项目数量", "采购总金额（万元）"),
            _item_rows(("政府集中采购",), ("procurement_count", "procurement_amount")),
        ),
    ),
    "2021": (
        Section2Block(
            "第二十条第（一）项",
            ("本年制发件数", "本年废止件数", "现行有效件数"),
            _item_rows(("规章", "行政规范性文件"), ("documents_made", "documents_repealed", "documents_in_force")),
        ),
        Section2Block("第二十条第（五）项", ("本年处理决定数量",), _item_rows(("行政许可",), ("decisions",))),
        Section2Block("第二十条第（六）项", ("本年处理决定数量",), _item_rows(("行政处罚", "行政强制"), ("decisions",))),
        Section2Block("第二十条第（八）项", ("本年收费金额（单位：万元）",), _item_rows(("行政事业性收费",), ("fee_amount",))),
    ),
}

SECTION2_FIRST_COLUMN = "信息内容"


def format_for_year(year: int, override: str | None = None) -> str:
    """The national format of a report year: 2019 trial up to 2020, 2021 revised after."""
    if override not in (None, ""):
        override = str(override).strip()
        if override not in FORMATS:
            from .errors import ParamsError

            raise ParamsError(f"报告格式「{override}」无效：只能是 2019（试行格式）或 2021（修订格式），或留空按年度自动选择。")
        return override
    return "2019" if int(year) <= 2020 else "2021"
