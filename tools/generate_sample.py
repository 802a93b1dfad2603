"""Generate the bundled sample ledgers: 南召县's 16 townships, report years 2019–2024.

Usage::

    .venv/bin/python tools/generate_sample.py [OUT_DIR]      # default: data/sample

writes ``OUT_DIR/南召县/<township>/`` — half the townships as one ``<kind>.csv`` per
ledger kind (UTF-8, UTF-8 with BOM or GB18030; every date form the contract allows),
the other half as one ``台账.xlsx`` (real date cells, numeric amounts).

The output is a pure function of this file: one ``random.Random`` per township with a
fixed seed, no clock, no set or hash ordering, fixed workbook timestamps. Running it twice
gives byte-identical files (``tests/test_sample.py`` checks this against the committed tree).

城关镇 reproduces its published 2020 report (the project's seed report): no application or
review case touches 2020, and exactly 46 hotline tickets are received in 2020, all closed
on time.

Every application also gets the reply-deadline columns (申请方式, 补正通知日期, 补正收到日期,
延期, 征求意见天数) from a second random stream, consistent with its dates under the
official calendar, so the deadline check passes — except a few cases written in on purpose
(``DESIGNED``): a reply two working days late after 春节 2023 (云阳镇), a 补正 notice sent on
the 9th working day (板山坪镇 2022) and an application still open past its deadline at the
end of 2024 (皇后乡).

Apart from those, the sample is clean: 板山坪镇 keeps no 政府集中采购 ledger (the one designed
warning, in 2019 and 2020, the years whose format uses it); the 热线工单 ledgers carry an
office's own column (诉求类别), which the kit notes without a warning. tests/test_sample.py pins
that the reports fail and warn exactly there.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import random
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    import gk_helpers  # noqa: F401
except ImportError:  # run with a Python that does not have the kit installed
    sys.path.insert(0, str(ROOT / "src"))

import xlsxwriter  # noqa: E402

import numpy as np  # noqa: E402

from gk_helpers.count.deadlines import WorkCalendar  # noqa: E402
from gk_helpers.base.formats import APPLICANT_TYPES, OUTCOMES  # noqa: E402
from gk_helpers.ledger.schema import (  # noqa: E402
    APPLICATIONS,
    CASE_RESULT,
    CASE_TYPE,
    CASES,
    DOCUMENT_CATEGORY,
    DOCUMENTS,
    ENFORCEMENT,
    FEES,
    HOTLINE,
    LEDGER_KINDS,
    POWER_CATEGORY,
    POWERS,
    PROCUREMENT,
    WORKBOOK_NAME,
    LedgerKind,
)

COUNTY = "南召县"
SEED = 411321  # 南召县's administrative division code
YEARS = range(2019, 2025)
FIRST_DAY = dt.date(2018, 1, 1)
CUT_OFF = dt.date(2025, 3, 31)  # the sample ledgers were "exported" on this day
WORKBOOK_CREATED = dt.datetime(2025, 3, 31, 9, 0, 0)


def _value(values: tuple[str, ...], text: str) -> str:
    """The schema value ``text``; fails loudly if the schema no longer has it."""
    if text not in values:
        raise KeyError(f"{text!r} is not one of {values}")
    return text


# --- the townships ------------------------------------------------------------------------

@dataclass(frozen=True)
class Township:
    """One township and how its office keeps the ledgers."""

    name: str
    store: str  # csv | xlsx
    activity: float  # scales every volume
    encodings: tuple[str, ...] = ()  # csv: cycled over the ledger kinds
    date_forms: tuple[str, ...] = ("cell",)  # one is drawn per date cell
    omit: tuple[str, ...] = ()  # ledger kind keys the office does not keep
    quiet_years: tuple[int, ...] = ()  # no application or review case open at any time in these years
    hotline_fixed: tuple[tuple[int, int], ...] = ()  # (year, tickets), all closed on time
    halfwidth_headers: bool = False  # "金额(元)" as typed on a half-width keyboard
    notes_sheet: bool = False  # a 填表说明 sheet beside the ledgers

    @property
    def short(self) -> str:
        """The name without 镇/乡, as used in document numbers."""
        return self.name[:-1]


TOWNSHIPS = (
    Township("城关镇", "xlsx", 1.4, quiet_years=(2020,), hotline_fixed=((2020, 46),)),
    Township("白土岗镇", "csv", 1.0, ("gb18030",), ("slash",)),
    Township("云阳镇", "xlsx", 1.3, date_forms=("cell", "cell", "cell", "cn"), notes_sheet=True),
    Township("皇路店镇", "csv", 1.1, ("utf-8-sig",), ("iso",)),
    Township("南河店镇", "xlsx", 0.9),
    Township("板山坪镇", "csv", 0.7, ("utf-8",), ("dot", "iso"), omit=("procurement",)),
    Township("乔端镇", "xlsx", 0.6),
    Township("留山镇", "csv", 0.8, ("gb18030", "utf-8-sig"), ("compact",)),
    Township("小店乡", "xlsx", 0.8),
    Township("四棵树乡", "csv", 0.5, ("utf-8-sig",), ("cn",)),
    Township("崔庄乡", "xlsx", 0.7),
    Township("石门乡", "csv", 0.6, ("gb18030",), ("slash", "cn", "iso")),
    Township("太山庙乡", "xlsx", 0.8),
    Township("马市坪乡", "csv", 0.6, ("utf-8", "gb18030"), ("iso", "compact")),
    Township("城郊乡", "xlsx", 1.2),
    Township("皇后乡", "csv", 0.9, ("gb18030",), ("dot",), halfwidth_headers=True),
)

# --- working days -------------------------------------------------------------------------


def _weekday(day: dt.date) -> dt.date:
    """The day itself, or the next Monday for a weekend day."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def add_workdays(day: dt.date, n: int) -> dt.date:
    """``n`` working days (Mon–Fri) after ``day``; public holidays are ignored."""
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def workday_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A random working day in ``first``–``last`` (both included)."""
    day = _weekday(first + dt.timedelta(days=rng.randrange((last - first).days + 1)))
    while day > last or day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _sorted_days(rng: random.Random, n: int, first: dt.date, last: dt.date) -> list[dt.date]:
    return sorted(workday_between(rng, first, last) for _ in range(n))


def _count(rng: random.Random, mean: float, cap: int = 15) -> int:
    return min(cap, max(0, round(rng.gauss(mean, mean / 2))))


def _touches_quiet(t: Township, received: dt.date, closed: dt.date | None) -> bool:
    """Whether a case received and closed on these days is counted in a quiet year's tables."""
    return any(
        received.year == q or (received.year < q and (closed is None or closed.year >= q)) for q in t.quiet_years
    )


# --- 依申请公开 ----------------------------------------------------------------------------

DISCLOSED = _value(OUTCOMES, "予以公开")
PARTIAL = _value(OUTCOMES, "部分公开")
NOT_HELD = _value(OUTCOMES, "无法提供-本机关不掌握相关政府信息")
NO_CORRECTION = _value(OUTCOMES, "其他处理-申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
UNPAID = _value(OUTCOMES, "其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")
OTHER = _value(OUTCOMES, "其他处理-其他")

#: outcome → (weight, working days to answer, 申请内容 templates). Every schema outcome is here.
OUTCOME_PROFILE = {
    DISCLOSED: (40, (3, 15), (
        "申请公开{v}{y}年度农村最低生活保障对象名单及保障金发放情况",
        "申请公开{v}{y}年度村级财务收支明细",
        "申请公开本{s}{y}年度农村危房改造补助对象名单及补助标准",
        "申请公开{v}村组道路硬化工程的招标文件及竣工验收情况",
        "申请公开本{s}{y}年度耕地地力保护补贴发放标准及发放名册",
        "申请公开{v}土地承包经营权确权登记结果公示材料",
        "申请公开本{s}{y}年度城乡居民医疗保险缴费标准及代收情况",
        "申请公开{v}{y}年度扶贫项目资金使用及公告公示情况",
        "申请公开{v}饮水安全工程建设资金来源及使用明细",
    )),
    PARTIAL: (12, (10, 20), (
        "申请公开{v}征地补偿款发放明细（含各户身份信息及银行账号）",
        "申请公开{v}集体土地征收补偿安置方案及各户补偿金额",
        "申请公开本{s}对本人房屋违法建设调查处理的全部材料（含举报人信息）",
        "申请公开{v}{y}年度产业奖补资金发放名单及申报材料",
    )),
    _value(OUTCOMES, "不予公开-属于国家秘密"): (1, (10, 20), ("申请公开本{s}辖区内军事设施保护范围的具体坐标资料",)),
    _value(OUTCOMES, "不予公开-其他法律行政法规禁止公开"): (1, (10, 20), ("申请提供本{s}{y}年农业普查中单个调查户的原始调查表",)),
    _value(OUTCOMES, "不予公开-危及“三安全一稳定”"): (1, (10, 20), ("申请公开本{s}集中式饮用水水源地取水口位置及安防设施布置图",)),
    _value(OUTCOMES, "不予公开-保护第三方合法权益"): (2, (10, 20), ("申请公开邻户宅基地审批材料中的身份证号码及家庭成员信息",)),
    _value(OUTCOMES, "不予公开-属于三类内部事务信息"): (1, (5, 15), ("申请公开本{s}机关干部{y}年度考勤记录及绩效考核评分表",)),
    _value(OUTCOMES, "不予公开-属于四类过程性信息"): (2, (5, 15), ("申请公开{s}党委会研究{v}村级道路建设项目的会议记录",)),
    _value(OUTCOMES, "不予公开-属于行政执法案卷"): (1, (5, 15), ("申请公开本{s}查处某养殖场环境违法行为的全部执法案卷",)),
    _value(OUTCOMES, "不予公开-属于行政查询事项"): (1, (3, 10), ("申请查询本人房屋的不动产登记簿及原始登记资料",)),
    NOT_HELD: (20, (5, 15), (
        "申请公开{v}高速公路建设征地补偿标准及拨付文件",
        "申请公开县城棚户区改造项目立项审批文件",
        "申请公开{y}年全县特岗教师招聘考试成绩及录用名单",
        "申请公开{v}河道采砂许可证及采砂船只登记信息",
        "申请公开本人1998年至2003年在{s}办企业工作期间的工资档案",
    )),
    _value(OUTCOMES, "无法提供-没有现成信息需要另行制作"): (2, (10, 20), ("申请提供本{s}近十年涉农补贴资金按户、按年度汇总统计表",)),
    _value(OUTCOMES, "无法提供-补正后申请内容仍不明确"): (1, (15, 25), ("申请公开“与本人家庭有关的全部政府文件”",)),
    _value(OUTCOMES, "不予处理-信访举报投诉类申请"): (3, (3, 10), ("反映{v}村干部优亲厚友、违规评定低保户问题，要求调查处理",)),
    _value(OUTCOMES, "不予处理-重复申请"): (1, (3, 8), ("再次申请公开{v}{y}年度低保对象名单",)),
    _value(OUTCOMES, "不予处理-要求提供公开出版物"): (1, (3, 8), ("申请提供《南召县志》及《南召年鉴（{y}）》各一册",)),
    _value(OUTCOMES, "不予处理-无正当理由大量反复申请"): (1, (5, 10), ("一月内第六次申请公开本{s}{y}年全部发文及会议纪要",)),
    _value(OUTCOMES, "不予处理-要求行政机关确认或重新出具已获取信息"): (1, (3, 8), ("要求确认本{s}此前答复内容并重新出具加盖公章的答复书",)),
    NO_CORRECTION: (2, (18, 25), ("申请公开“有关部门处理我家土地的文件”",)),
    UNPAID: (0, (26, 32), ("申请复制{v}{y}年度全部村级财务凭证（约{p}页）",)),
    OTHER: (2, (2, 10), ("申请公开{v}{y}年度一事一议项目资金使用情况",)),
}
assert set(OUTCOME_PROFILE) == set(OUTCOMES)
_DRAWN_OUTCOMES = tuple(o for o in OUTCOMES if OUTCOME_PROFILE[o][0])
_OUTCOME_WEIGHTS = tuple(OUTCOME_PROFILE[o][0] for o in _DRAWN_OUTCOMES)
_APPLICANT_WEIGHTS = (76, 9, 2, 2, 6, 5)  # in APPLICANT_TYPES order
_NOTES = {NO_CORRECTION: "已发补正告知书，申请人逾期未补正", OTHER: "申请人书面撤回申请", UNPAID: "收费通知已送达，逾期未缴费"}

VILLAGE_STEMS = (
    "东关", "西关", "河东", "河西", "王庄", "李湾", "张营", "刘坪", "杨树沟", "白河", "石门", "青山", "黄土岭", "柳树湾",
    "马庄", "陈沟", "桃园", "板桥", "南岗", "北坪", "大庄", "小营", "庙湾", "松树岭", "新集", "龙潭", "周庄", "鸭河",
)


def _pages_fee(pages: int) -> int:
    """Information-processing fee in 元 for a copy of ``pages`` pages (国办函〔2020〕109号, 按量)."""
    bands = ((30, 0), (100, 10), (200, 20), (10**9, 40))
    fee, lower = 0, 0
    for upper, rate in bands:
        fee += max(0, min(pages, upper) - lower) * rate
        lower = upper
    return fee


def _application(rng: random.Random, t: Township, villages: list[str], received: dt.date, fee: bool) -> dict:
    """One application received on ``received``; ``fee``: a fee notice is sent."""
    applicant = rng.choices(APPLICANT_TYPES, _APPLICANT_WEIGHTS)[0]
    pages = rng.choice((45, 60, 80, 120, 150, 240))
    record = {"received": received, "applicant": applicant}
    if fee:
        paid = rng.random() < 0.5
        outcome = DISCLOSED if paid else UNPAID
        record["fee_notice"] = float(_pages_fee(pages))
        record["fee_paid"] = float(_pages_fee(pages)) if paid else 0.0
        record["note"] = "收费通知已送达，申请人已缴费" if paid else _NOTES[UNPAID]
        templates = OUTCOME_PROFILE[UNPAID][2]
        low, high = OUTCOME_PROFILE[UNPAID][1]
    else:
        outcome = rng.choices(_DRAWN_OUTCOMES, _OUTCOME_WEIGHTS)[0]
        _, (low, high), templates = OUTCOME_PROFILE[outcome]
        if outcome in _NOTES:
            record["note"] = _NOTES[outcome]
    days = rng.randint(low, high)
    if outcome not in (UNPAID, NO_CORRECTION) and rng.random() < 0.08:
        days += rng.randint(5, 20)  # extended by the agency's head (条例 Art. 33)
        record.setdefault("note", "经本机关负责人同意延长答复期限")
    record["closed"] = add_workdays(received, days)
    record["outcome"] = outcome
    year = received.year - 1 if rng.random() < 0.5 else received.year
    record["content"] = rng.choice(templates).format(v=rng.choice(villages), y=year, p=pages, s=t.name[-1])
    return record


def applications(rng: random.Random, t: Township) -> list[dict]:
    """Applications received 2018 (only those carried into 2019) to 2024."""
    villages = [stem + "村" for stem in rng.sample(VILLAGE_STEMS, 8)]
    records = []
    for year in range(2018, 2025):
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        planned = []  # (first day, last day, fee notice, must cross the year end)
        if year == 2018:
            planned += [(dt.date(2018, 12, 3), last, False, True)] * rng.choice((0, 0, 1, 2))
        else:
            mean = 6 * t.activity * (0.7 if year == 2019 else 1.0)
            planned += [(first, last, False, False)] * _count(rng, mean)
            if year >= 2021 and rng.random() < 0.3:
                planned.append((first, dt.date(year, 10, 31), True, False))
            if planned and rng.random() < 0.4:
                planned[0] = (dt.date(year, 12, 1), dt.date(year, 12, 28), False, True)
        for start, end, fee, cross in planned:
            for _ in range(50):  # redraw until the case fits its constraints
                record = _application(rng, t, villages, workday_between(rng, start, end), fee)
                # A fee case closes in its notice's year, so check N4 compares like with like.
                crosses = record["closed"].year > year
                if cross == crosses and record["closed"] <= CUT_OFF and not _touches_quiet(t, record["received"], record["closed"]):
                    records.append(record)
                    break
    records += [dict(r) for r in DESIGNED.get(t.name, ())]
    records.sort(key=lambda r: (r["received"], r["applicant"], r["content"]))
    serial: dict[int, int] = {}
    for record in records:
        serial[record["received"].year] = serial.get(record["received"].year, 0) + 1
        record["id"] = f"YSQ{record['received'].year}{serial[record['received'].year]:03d}"
    return records


# --- reply deadlines (条例 第三十条–第三十三条) -----------------------------------------------

_D = dt.date
#: Applications written in on purpose so the deadline checks have something to find.
DESIGNED = {
    "云阳镇": ({"received": _D(2023, 1, 16), "applicant": "自然人", "closed": _D(2023, 2, 20), "outcome": DISCLOSED,
              "channel": "网络", "content": "申请公开李湾村2022年度村级财务收支明细",
              "note": "春节假期前收到，节后答复（逾期2个工作日）"},),
    "板山坪镇": ({"received": _D(2022, 3, 7), "applicant": "自然人", "closed": _D(2022, 4, 15), "outcome": PARTIAL,
               "channel": "邮寄", "correction_notice": _D(2022, 3, 18), "correction_received": _D(2022, 3, 25),
               "content": "申请公开“村里修路占我家地的补偿文件”", "note": "申请内容不明确，第9个工作日才发出补正通知"},),
    "皇后乡": ({"received": _D(2024, 11, 25), "applicant": "商业企业", "channel": "当面",
              "content": "申请公开本乡2024年度农村人居环境整治项目招标文件", "note": "尚未答复"},),
}
_CHANNELS = (("网络", 50), ("当面", 30), ("邮寄", 15), ("传真", 2), ("其他", 3))
_CORRECTED = (NO_CORRECTION, _value(OUTCOMES, "无法提供-补正后申请内容仍不明确"))


def _calendar_days(calendar: WorkCalendar, start: dt.date, n: int) -> dt.date:
    return calendar.add_working_days(np.array([start], dtype="datetime64[D]"), n)[0].astype(dt.date)


def _working_days(calendar: WorkCalendar, after: dt.date, until: dt.date) -> int:
    return int(calendar.working_days_between(np.array([after], "datetime64[D]"), np.array([until], "datetime64[D]"))[0])


def deadline_fields(rng: random.Random, records: list[dict]) -> None:
    """Fill the reply-deadline columns of every drawn application, consistent with its dates.

    A 补正 request gets its notice within 7 working days; a reply after the 20th working day
    was extended (延期) or waited for third-party opinions (征求意见天数), as the 条例 allows.
    """
    calendar = WorkCalendar.from_chinesecalendar()
    for record in records:
        if "channel" in record:  # designed: written as they are
            continue
        record["channel"] = rng.choices([c for c, _ in _CHANNELS], [w for _, w in _CHANNELS])[0]
        received, closed = record["received"], record.get("closed")
        if closed is None:
            continue
        if record["outcome"] in _CORRECTED:
            record["correction_notice"] = _calendar_days(calendar, received, rng.randint(1, 6))
            if record["outcome"] == NO_CORRECTION:
                continue  # the applicant never answered: the clock never started again
            record["correction_received"] = min(closed, _calendar_days(calendar, record["correction_notice"], rng.randint(2, 6)))
        start = record.get("correction_received", received)
        used = _working_days(calendar, start, closed)
        if used > 20:
            record["extended"] = "是"
            record["note"] = record.get("note") or "经本机关负责人同意延长答复期限"
            if used > 40:
                record["consultation_days"] = used - 40
        elif record["outcome"] == _value(OUTCOMES, "不予公开-保护第三方合法权益") and used >= 15:
            record["consultation_days"] = min(15, used - 1)  # asked the third party (第三十二条)


# --- 复议诉讼 ------------------------------------------------------------------------------

RECONSIDERATION, DIRECT, AFTER_RECONSIDERATION = CASE_TYPE.values


def cases(rng: random.Random, t: Township) -> list[dict]:
    """A few review and litigation cases; some span a year end, one may still be pending."""
    records: list[dict] = []
    wanted = rng.choices((0, 1, 2, 3), (3, 4, 3, 1))[0] + (1 if t.activity >= 1.2 else 0)
    numbers: set[str] = set()
    while len(records) < wanted:
        kind = rng.choices(CASE_TYPE.values, (6, 3, 2))[0]
        year = rng.choice(YEARS)
        received = workday_between(rng, dt.date(year, 1, 1), dt.date(year, 12, 31))
        days = rng.randint(35, 60) if kind == RECONSIDERATION else rng.randint(60, 130)
        decided = add_workdays(received, days)
        if decided > CUT_OFF:
            decided = None
        if _touches_quiet(t, received, decided):
            continue
        if kind == RECONSIDERATION:
            number = f"召政复决字〔{year}〕{rng.randint(1, 60)}号"
        else:
            number = f"（{year}）豫1321行初{rng.randint(1, 120)}号"
        if number in numbers:
            continue
        numbers.add(number)
        result = rng.choices(CASE_RESULT.values, (6, 2, 2))[0] if decided else None
        records.append({"id": number, "type": kind, "received": received, "decided": decided, "result": result})
    return sorted(records, key=lambda r: (r["received"], r["id"]))


# --- 规范性文件, 行政执法, 权责事项 ------------------------------------------------------------

NORMATIVE = DOCUMENT_CATEGORY.values[1]  # 行政规范性文件: a township cannot make 规章
assert NORMATIVE != DOCUMENT_CATEGORY.values[0]
DOCUMENT_TOPICS = (
    "农村人居环境整治长效管理办法", "村级财务管理办法", "集贸市场管理暂行规定", "殡葬改革实施办法",
    "农村宅基地管理实施细则", "村规民约修订指导意见", "河长制工作管理办法", "森林防火管理规定",
    "城镇环境卫生管理办法", "村级公益事业一事一议筹资筹劳管理办法", "农村集体资产管理办法",
    "秸秆禁烧和综合利用管理办法", "村级小微权力清单运行规定", "农村饮水安全工程管护办法",
)


def documents(rng: random.Random, t: Township) -> list[dict]:
    """行政规范性文件 issued 2018–2024, most published within days, some repealed later."""
    records = []
    for year in range(2018, 2025):
        days = _sorted_days(rng, rng.choices((0, 1, 2), (3, 4, 2))[0], dt.date(year, 1, 1), dt.date(year, 12, 20))
        number = 0
        for issued in days:
            number += rng.randint(1, 6)  # the 政〔year〕 series also numbers other documents
            published = add_workdays(issued, rng.randint(1, 10)) if rng.random() < 0.9 else None
            repealed = None
            if rng.random() < 0.2:
                repealed = workday_between(rng, issued + dt.timedelta(days=400), issued + dt.timedelta(days=1400))
                repealed = repealed if repealed <= CUT_OFF else None
            topic = rng.choice(DOCUMENT_TOPICS)
            records.append({
                "id": f"{t.short}政〔{year}〕{number}号", "category": NORMATIVE,
                "title": f"{t.name}人民政府关于印发《{t.name}{topic}》的通知",
                "issued": issued, "published": published, "repealed": repealed,
            })
    return records


LICENSING, OTHER_SERVICE, PENALTY, COERCION = POWER_CATEGORY.values[:4]
ADMIN_FEE = POWER_CATEGORY.values[4]
DECISION_PREFIX = {LICENSING: "许字", OTHER_SERVICE: "服字", PENALTY: "罚决字", COERCION: "强字"}


def _decision_mean(category: str, year: int) -> float:
    # 2022: administrative enforcement powers were devolved to townships (综合行政执法改革).
    return {LICENSING: 8, OTHER_SERVICE: 12, PENALTY: 1.5 if year < 2022 else 6, COERCION: 0.5 if year < 2022 else 1.5}[category]


def enforcement(rng: random.Random, t: Township) -> list[dict]:
    """Decisions of each category, numbered in date order within a year."""
    records = []
    for year in YEARS:
        for category in (LICENSING, OTHER_SERVICE, PENALTY, COERCION):
            n = _count(rng, _decision_mean(category, year) * t.activity, cap=40)
            for k, day in enumerate(_sorted_days(rng, n, dt.date(year, 1, 1), dt.date(year, 12, 31)), 1):
                records.append({"id": f"{t.short}{DECISION_PREFIX[category]}〔{year}〕{k}号", "category": category, "decided": day})
    return sorted(records, key=lambda r: (r["decided"], r["id"]))


POWER_ITEMS = {
    LICENSING: ("XK", ("乡村建设规划许可证核发", "农村村民宅基地审批", "临时占用乡村道路审批", "在乡道上设置非公路标志审批",
                       "乡村公路涉路施工许可", "农村村民建房开工审查")),
    OTHER_SERVICE: ("QT", ("最低生活保障申请受理", "特困人员认定申请受理", "临时救助审批", "残疾人两项补贴申请受理",
                           "城乡居民养老保险参保登记", "高龄津贴申请受理", "生育登记服务", "农村土地承包经营纠纷调解",
                           "退役军人优待证申领受理")),
    PENALTY: ("CF", ("对未取得乡村建设规划许可证进行建设的处罚", "对在乡道用地范围内堆放物品的处罚", "对露天焚烧秸秆的处罚",
                     "对违反规定燃放烟花爆竹的处罚", "对随意倾倒生活垃圾的处罚", "对违反规定野外用火的处罚",
                     "对擅自占用农村道路经营的处罚")),
    COERCION: ("QZ", ("对违法建筑物、构筑物的强制拆除", "对违法占道物品的暂扣", "对违规用火工具的查封、扣押")),
    ADMIN_FEE: ("SF", ("城镇生活垃圾处理费", "城镇污水处理费", "农村土地承包经营权证工本费")),
}
assert set(POWER_ITEMS) == set(POWER_CATEGORY.values)
_BASELINE = dt.date(2018, 6, 30)  # the township power list (权责清单) was first published
_REFORM = dt.date(2022, 3, 1)  # enforcement powers devolved to townships


def powers(rng: random.Random, t: Township) -> list[dict]:
    """权责清单 items: a 2018 baseline, additions in later years, a few cancellations."""
    records = []
    for category in POWER_CATEGORY.values:
        prefix, names = POWER_ITEMS[category]
        for k, name in enumerate(names, 1):
            if rng.random() < 0.25:
                continue  # this township does not hold the power
            if category in (PENALTY, COERCION) and rng.random() < 0.5:
                established = _REFORM
            elif rng.random() < 0.15:
                established = workday_between(rng, dt.date(2019, 1, 1), dt.date(2024, 6, 30))
            else:
                established = _BASELINE
            cancelled = None
            if rng.random() < 0.12 and established < dt.date(2024, 1, 1):
                cancelled = workday_between(rng, established + dt.timedelta(days=200), dt.date(2024, 12, 31))
            records.append({"id": f"{prefix}-{k:03d}", "title": name, "category": category,
                            "established": established, "cancelled": cancelled})
    return records


# --- 行政事业性收费, 政府集中采购, 热线工单 ---------------------------------------------------


def fees(rng: random.Random, t: Township) -> list[dict]:
    """Fee receipts in 元: a few before 2021, most from 2021 on."""
    items = POWER_ITEMS[ADMIN_FEE][1][:2]
    records = []
    for year in YEARS:
        n = _count(rng, (1.5 if year < 2021 else 10) * t.activity, cap=25)
        for day in _sorted_days(rng, n, dt.date(year, 1, 1), dt.date(year, 12, 31)):
            amount = round(rng.uniform(80, 4000), rng.choice((0, 0, 1, 2)))
            records.append({"date": day, "item": rng.choice(items), "amount": float(amount)})
    return records


def procurement(rng: random.Random, t: Township) -> list[dict]:
    """Centralised procurement projects: mostly 2019–2020."""
    records = []
    for year in YEARS:
        n = rng.randint(1, 4) if year <= 2020 else rng.choices((0, 1), (4, 1))[0]
        for k, day in enumerate(_sorted_days(rng, n, dt.date(year, 2, 1), dt.date(year, 11, 30)), 1):
            amount = round(rng.uniform(20000, 600000), -1) + rng.choice((0, 0, 0.5))
            records.append({"id": f"NZZC-{year}-{t.short}{k:02d}", "date": day, "amount": float(amount)})
    return records


HOTLINE_TOPICS = ("城乡建设", "劳动保障", "社会救助", "环境保护", "交通出行", "农业农村", "医疗卫生", "教育", "市场监管", "其他")


def hotline(rng: random.Random, t: Township) -> list[dict]:
    """12345 tickets: tens a year, deadline 3–15 working days, a few closed late."""
    fixed = dict(t.hotline_fixed)
    records = []
    for year in YEARS:
        n = fixed.get(year) or max(10, round(rng.gauss(32 * t.activity, 8)))
        per_day: dict[dt.date, int] = {}
        for received in _sorted_days(rng, n, dt.date(year, 1, 1), dt.date(year, 12, 31)):
            per_day[received] = per_day.get(received, 0) + 1
            limit = rng.choice((3, 5, 5, 10, 15))
            deadline = add_workdays(received, limit)
            late = year not in fixed and rng.random() < 0.05
            closed = add_workdays(deadline, rng.randint(1, 6)) if late else add_workdays(received, rng.randint(0, limit))
            records.append({"id": f"NZ{received:%Y%m%d}{per_day[received]:03d}", "received": received,
                            "closed": closed, "deadline": deadline, "topic": rng.choice(HOTLINE_TOPICS)})
    return records


#: Ledger kind key → its generator, called in this order on one random stream per township.
GENERATORS = {
    APPLICATIONS.key: applications,
    CASES.key: cases,
    DOCUMENTS.key: documents,
    ENFORCEMENT.key: enforcement,
    POWERS.key: powers,
    FEES.key: fees,
    PROCUREMENT.key: procurement,
    HOTLINE.key: hotline,
}
assert tuple(GENERATORS) == tuple(k.key for k in LEDGER_KINDS)
#: Columns some offices keep beyond the contract (kept and ignored by the kit).
EXTRA_COLUMNS = {HOTLINE.key: (("诉求类别", "topic"),)}


def township_ledgers(index: int, t: Township) -> dict[str, list[dict]]:
    """Every ledger kind the township keeps → its records (field name → value)."""
    rng = random.Random(SEED * 100 + index)
    ledgers = {}
    for kind in LEDGER_KINDS:
        records = GENERATORS[kind.key](rng, t)  # drawn even when omitted: keeps the stream stable
        if kind.key not in t.omit:
            ledgers[kind.key] = records
    # Added later than the other columns: their own stream, so the rest of the data is unchanged.
    deadline_fields(random.Random(SEED * 100 + index + 70), ledgers.get(APPLICATIONS.key, []))
    for records in ledgers.values():
        for record in records:
            for value in record.values():
                if isinstance(value, dt.date):
                    assert FIRST_DAY <= value <= CUT_OFF, (t.name, record)
    return ledgers


# --- writing --------------------------------------------------------------------------------


def _columns(kind: LedgerKind, t: Township) -> list[tuple[str, str, str]]:
    """(header, field, type) of every column written, schema columns first."""
    columns = [(c.header, c.field, c.type) for c in kind.columns]
    columns += [(header, field, "text") for header, field in EXTRA_COLUMNS.get(kind.key, ())]
    if t.halfwidth_headers:
        columns = [(h.replace("（", "(").replace("）", ")"), f, ty) for h, f, ty in columns]
    return columns


DATE_TEXT = {
    "iso": lambda d: f"{d:%Y-%m-%d}",
    "slash": lambda d: f"{d.year}/{d.month}/{d.day}",
    "dot": lambda d: f"{d.year}.{d.month}.{d.day}",
    "compact": lambda d: f"{d:%Y%m%d}",
    "cn": lambda d: f"{d.year}年{d.month}月{d.day}日",
}


def _amount_text(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _csv_bytes(kind: LedgerKind, t: Township, records: list[dict], encoding: str, style: random.Random) -> bytes:
    columns = _columns(kind, t)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([h for h, _, _ in columns])
    for record in records:
        row = []
        for _, field, type_ in columns:
            value = record.get(field)
            if value is None:
                row.append("")
            elif type_ == "date":
                row.append(DATE_TEXT[style.choice(t.date_forms)](value))
            elif type_ in ("amount", "count"):
                row.append(_amount_text(value))
            else:
                row.append(str(value))
        writer.writerow(row)
    return buffer.getvalue().encode(encoding)


NOTES_TEXT = (
    "填表说明",
    "1. 每个工作表一种台账，表名和表头不得更改；每条记录占一行，不得合并单元格、不得使用公式。",
    "2. 日期填写为日期格式；金额单位为元，只填数字。",
    "3. 尚未办结的申请，“办结日期”和“办理结果”均留空。",
)


def _xlsx_bytes(t: Township, ledgers: dict[str, list[dict]], style: random.Random) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    book.set_properties({"title": f"{t.name}政务公开台账", "author": f"{t.name}党政办", "created": WORKBOOK_CREATED})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    money = book.add_format({"num_format": "0.00"})
    for kind in LEDGER_KINDS:
        if kind.key not in ledgers:
            continue
        sheet = book.add_worksheet(kind.name)
        columns = _columns(kind, t)
        sheet.freeze_panes(1, 0)
        for c, (header, field, type_) in enumerate(columns):
            sheet.write_string(0, c, header, head)
            sheet.set_column(c, c, 40 if field in ("content", "title") else 14 if type_ != "text" else 18)
        for r, record in enumerate(ledgers[kind.key], 1):
            for c, (_, field, type_) in enumerate(columns):
                value = record.get(field)
                if value is None:
                    continue
                if type_ == "date":
                    form = style.choice(t.date_forms)
                    if form == "cell":
                        sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
                    else:
                        sheet.write_string(r, c, DATE_TEXT[form](value))
                elif type_ == "amount":
                    sheet.write_number(r, c, value, money)
                elif type_ == "count":
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value))
    if t.notes_sheet:
        notes = book.add_worksheet("填表说明")
        for r, line in enumerate(NOTES_TEXT):
            notes.write_string(r, 0, line)
    book.close()
    return buffer.getvalue()


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def township_files(index: int, t: Township) -> dict[str, bytes]:
    """File name → contents of one township's ledger folder."""
    ledgers = township_ledgers(index, t)
    style = random.Random(SEED * 100 + index + 50)  # cell formatting only, apart from the data stream
    if t.store == "xlsx":
        return {WORKBOOK_NAME: _xlsx_bytes(t, ledgers, style)}
    files = {}
    for n, kind in enumerate(k for k in LEDGER_KINDS if k.key in ledgers):
        encoding = t.encodings[n % len(t.encodings)]
        files[f"{kind.name}.csv"] = _csv_bytes(kind, t, ledgers[kind.key], encoding, style)
    return files


def generate(out_dir: Path) -> list[Path]:
    """Write every township's ledger folder under ``out_dir/南召县``; return the files written."""
    written = []
    for index, t in enumerate(TOWNSHIPS):
        folder = out_dir / COUNTY / t.name
        files = township_files(index, t)
        if folder.is_dir():  # a township that switched storage must not keep stale ledgers
            for stale in sorted(folder.iterdir()):
                if stale.is_file() and stale.suffix.lower() in (".csv", ".xlsx") and stale.name not in files:
                    stale.unlink()
        for name, data in files.items():
            _write_atomic(folder / name, data)
            written.append(folder / name)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: ``generate_sample.py [OUT_DIR]``."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) > 1 or any(a in ("-h", "--help") for a in argv):
        print(__doc__.strip().splitlines()[0] + "\n\n用法：generate_sample.py [输出目录，默认 data/sample]")
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    out_dir = Path(argv[0]) if argv else ROOT / "data" / "sample"
    written = generate(out_dir)
    total = sum(p.stat().st_size for p in written)
    print(f"已生成 {len(TOWNSHIPS)} 个乡镇的样例台账：{len(written)} 个文件，共 {total / 1024:.0f} KB → {out_dir / COUNTY}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
