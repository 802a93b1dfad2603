"""The arithmetic and cross-year relations of the spec, checked on computed tables.

The counting rules make these hold by construction; checking them on the result
guards the construction itself and gives the reviewer the numbers behind each one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np

from ..base.formats import SECTION3_COLUMNS, SECTION4_GROUPS, row_index, section3_rows

#: Agency levels that cannot make 规章 (only provinces and 设区的市 can).
NO_REGULATION_LEVELS = ("乡镇", "街道", "县级")


PASSED, FAILED, WARNED, NOT_APPLICABLE, UNCHECKED = "通过", "不通过", "提示", "不适用", "未核对"


@dataclass(frozen=True)
class Check:
    """One relation checked on the result: id, Chinese description, outcome and its evidence.

    ``level`` says what a ``passed is False`` means: ``"fail"`` (不通过) or ``"warning"``
    (提示). ``result`` is set only to 未核对: the check could not be made (``detail`` says
    why), which is never a silent pass. ``evidence`` is what the reviewer reads: a table
    ``{"columns": [...], "rows": [[...], ...]}`` or a sentence ``{"text": "..."}``.
    """

    id: str
    description: str
    passed: bool | None  # None: not applicable or not checked, with the reason in ``detail``
    detail: str = ""
    numbers: dict = field(default_factory=dict)
    level: str = "fail"
    result: str = ""
    evidence: dict | None = None

    @property
    def status(self) -> str:
        """通过 / 不通过 / 提示 / 不适用 / 未核对."""
        if self.result:
            return self.result
        if self.passed is False:
            return WARNED if self.level == "warning" else FAILED
        return {True: PASSED, None: NOT_APPLICABLE}[self.passed]

    @property
    def failed(self) -> bool:
        """A failure (不通过), not a warning."""
        return self.passed is False and self.level != "warning"

    def to_dict(self) -> dict:
        """Plain-dict form for JSON output."""
        return {**asdict(self), "status": self.status}


def table(columns: list[str], rows: list[list]) -> dict:
    """Evidence as a small table."""
    return {"columns": list(columns), "rows": [list(r) for r in rows]}


def sentence(text: str) -> dict:
    """Evidence as one sentence."""
    return {"text": text}


def unchecked(id_: str, description: str, why: str, level: str = "fail") -> Check:
    """A check that could not be made, and why (never a silent pass)."""
    return Check(id_, description, None, why, level=level, result=UNCHECKED, evidence=sentence(why))


def check_r1(s3: np.ndarray, fmt: str) -> Check:
    """R1: per column, 一 + 二 = 三（七）总计 + 四."""
    a, b, c, d = (s3[row_index(fmt, role)] for role in ("received", "carried_over", "closed_total", "carried_forward"))
    bad = [col for i, col in enumerate(SECTION3_COLUMNS) if a[i] + b[i] != c[i] + d[i]]
    numbers = {col: {"一": int(a[i]), "二": int(b[i]), "（七）总计": int(c[i]), "四": int(d[i])} for i, col in enumerate(SECTION3_COLUMNS)}
    return Check("R1", "第三部分每一列：一（本年新收）＋二（上年结转）＝三（七）总计＋四（结转下年度）", not bad,
                 "不相等的列：" + "、".join(bad) if bad else "", numbers)


def check_r2(s3: np.ndarray, fmt: str) -> Check:
    """R2: per column, （七）总计 = the sum of every outcome row."""
    rows = section3_rows(fmt)
    leaves = s3[[i for i, r in enumerate(rows) if r.role == "outcome"]].sum(axis=0)
    total = s3[row_index(fmt, "closed_total")]
    bad = [col for i, col in enumerate(SECTION3_COLUMNS) if leaves[i] != total[i]]
    numbers = {col: {"各办理结果之和": int(leaves[i]), "（七）总计": int(total[i])} for i, col in enumerate(SECTION3_COLUMNS)}
    return Check("R2", "第三部分每一列：（七）总计＝（一）至（六）各项之和", not bad, "不相等的列：" + "、".join(bad) if bad else "", numbers)


def check_r3(s3: np.ndarray, fmt: str) -> Check:
    """R3: per row, 总计 = the six applicant columns."""
    rows = section3_rows(fmt)
    bad = [rows[i].label for i in range(len(rows)) if s3[i, :-1].sum() != s3[i, -1]]
    return Check("R3", "第三部分每一行：总计＝自然人＋商业企业＋科研机构＋社会公益组织＋法律服务机构＋其他", not bad,
                 "不相等的行：" + "、".join(bad) if bad else "", {"不相等的行数": len(bad)})


def check_r8(s4: np.ndarray) -> Check:
    """R8: in each section 四 group, 总计 = the four results."""
    groups = s4.reshape(3, 5)
    bad = [SECTION4_GROUPS[g] for g in range(3) if groups[g, :4].sum() != groups[g, 4]]
    numbers = {SECTION4_GROUPS[g]: [int(v) for v in groups[g]] for g in range(3)}
    return Check("R8", "第四部分每组：总计＝结果维持＋结果纠正＋其他结果＋尚未审结", not bad,
                 "不相等的组：" + "、".join(bad) if bad else "", numbers)


def check_no_regulations(section2: dict, level: str) -> Check:
    """规章 = 0 in every column for an agency that cannot make 规章."""
    row = next(iter(section2.values()))["rows"]["规章"]
    description = "乡镇（街道、县级）机关无权制定规章：第二部分第二十条第（一）项“规章”行各栏应为0"
    if level not in NO_REGULATION_LEVELS:
        return Check("G1", description, None, f"机关层级为「{level}」，不适用", {"规章": row})
    return Check("G1", description, not any(row), "规章行不为0：请核对规范性文件台账的“类别”（内部制度不是规章）" if any(row) else "", {"规章": row})


def check_r5(s3: np.ndarray, fmt: str, previous: list[int] | None, source: str) -> Check:
    """R5: this year's 二、上年结转 = last year's 四、结转下年度, per column."""
    description = "跨年度：本年“二、上年结转”＝上年“四、结转下年度继续办理”（每一列）"
    if previous is None:
        return Check("R5", description, None, source)
    current = [int(v) for v in s3[row_index(fmt, "carried_over")]]
    previous = [int(v) for v in previous]
    bad = [col for col, a, b in zip(SECTION3_COLUMNS, current, previous) if a != b]
    return Check("R5", description, not bad, ("不相等的列：" + "、".join(bad) + "；") * bool(bad) + source,
                 {"本年上年结转": current, "上年结转下年度": previous})


def check_unpaid_fees(s3: np.ndarray, fmt: str, fee_notices: int) -> Check:
    """N4: closures for unpaid fees (2021 （六）2) cannot exceed the fee notices issued.

    ``fee_notices`` counts the applications on hand in the year that got a fee notice.
    """
    description = "因逾期未缴费不再处理的申请数（2021格式（六）2）不超过发出收费通知的申请数"
    rows = section3_rows(fmt)
    index = next((i for i, r in enumerate(rows) if "逾期未按收费通知要求缴纳费用" in r.label), None)
    if index is None:
        return Check("N4", description, None, "2019 格式不单列此项")
    unpaid = int(s3[index, -1])
    passed = unpaid <= fee_notices
    detail = "" if passed else (f"逾期未缴费不再处理{unpaid}件，多于发出收费通知的申请{fee_notices}件："
                                "请核对依申请公开台账的“收费通知金额（元）”和“办理结果”")
    return Check("N4", description, passed, detail, {"逾期未缴费不再处理": unpaid, "收费通知": fee_notices})
