"""Property tests: on random consistent ledgers, every cell of sections 三 and 四 equals a naive count.

The naive count below loops over the records and applies the design's counting rules
literally, with its own row labels; it shares no code with ``tables``.
"""

import datetime as dt
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gk_helpers import compute
from gk_helpers.count.tables import section3, section4
from gk_helpers.ledger.ledgers import Ledgers, empty_frame
from gk_helpers.ledger.schema import APPLICATIONS, CASES, LEDGER_KINDS

#: Every other ledger kind, present but empty (built once: the tables only read them).
OTHER_FRAMES = {kind.key: empty_frame(kind) for kind in LEDGER_KINDS if kind not in (APPLICATIONS, CASES)}

APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
CASE_TYPES = ["行政复议", "直接起诉", "复议后起诉"]
RESULTS = ["维持", "纠正", "其他"]

HEAD = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
]
WITHHELD = ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
            "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"]
UNAVAILABLE = ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"]
NOT_PROCESSED = ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息"]
OTHER = ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
         "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"]

# ledger outcome → (2019 row label, 2021 row label)
OUTCOME_ROW = {"予以公开": (HEAD[2], HEAD[2]), "部分公开": (HEAD[3], HEAD[3])}
for group, leaves in (("（三）不予公开", WITHHELD), ("（四）无法提供", UNAVAILABLE), ("（五）不予处理", NOT_PROCESSED)):
    for i, leaf in enumerate(leaves, 1):
        label = f"{group}/{i}.{leaf}"
        OUTCOME_ROW[f"{group[3:]}-{leaf}"] = (label, label)
for i, leaf in enumerate(OTHER, 1):
    OUTCOME_ROW[f"其他处理-{leaf}"] = ("（六）其他处理", f"（六）其他处理/{i}.{leaf}")

FIRST, LAST = dt.date(2017, 1, 1), dt.date(2025, 12, 31)
EDGES = [dt.date(y, m, d) for y in range(2017, 2026) for m, d in ((1, 1), (1, 2), (12, 30), (12, 31))]


def labels(fmt):
    outcome_rows = list(dict.fromkeys(rows[fmt == "2021"] for rows in OUTCOME_ROW.values()))
    return HEAD[:2] + outcome_rows + ["（七）总计", "四、结转下年度继续办理"]


# --- strategies -----------------------------------------------------------------------------

day = st.one_of(
    st.integers(0, (LAST - FIRST).days).map(lambda n: FIRST + dt.timedelta(n)),
    st.sampled_from(EDGES),
)
delay = st.one_of(st.integers(0, 2), st.integers(0, 900))


@st.composite
def end_date(draw, start):
    """None (still open) or a date not before ``start`` and not after 2025."""
    if draw(st.booleans()):
        return None
    later_edges = [e for e in EDGES if e >= start]  # never empty: 31 Dec 2025 is the last day drawn
    return draw(st.one_of(delay.map(lambda n: min(start + dt.timedelta(n), LAST)), st.sampled_from(later_edges)))


@st.composite
def application(draw):
    received = draw(day)
    closed = draw(end_date(received))
    outcome = None if closed is None else draw(st.sampled_from(list(OUTCOME_ROW)))
    return {"received": received, "applicant": draw(st.sampled_from(APPLICANTS)), "closed": closed, "outcome": outcome}


@st.composite
def case(draw):
    received = draw(day)
    decided = draw(end_date(received))
    result = None if decided is None else draw(st.sampled_from(RESULTS))
    return {"type": draw(st.sampled_from(CASE_TYPES)), "received": received, "decided": decided, "result": result}


def frame(kind, records, prefix):
    """A typed frame as ``load_ledgers`` gives it (dtypes taken from the schema's empty frame)."""
    empty = empty_frame(kind)
    if not records:
        return empty
    data = {"_row": list(range(2, len(records) + 2)), "id": [f"{prefix}{i}" for i in range(len(records))]}
    for column in kind.columns:
        if column.field not in records[0]:
            continue
        values = pd.Series([r[column.field] for r in records], dtype=object)
        if column.type == "date":
            data[column.field] = pd.to_datetime(values).astype("datetime64[ns]")
        else:
            data[column.field] = values.astype(empty[column.field].dtype)
    return pd.DataFrame(data)


def make_ledgers(apps, cases, drop_optional):
    frames = {**OTHER_FRAMES, "applications": frame(APPLICATIONS, apps, "A"), "cases": frame(CASES, cases, "C")}
    if drop_optional:  # a ledger may leave out its optional columns; only sensible when nothing is closed
        if not any(a["closed"] for a in apps):
            frames["applications"] = frames["applications"].drop(columns=["closed", "outcome"], errors="ignore")
        if not any(c["decided"] for c in cases):
            frames["cases"] = frames["cases"].drop(columns=["decided", "result"], errors="ignore")
    return Ledgers(Path("."), frames, {}, [])


# --- the naive count ------------------------------------------------------------------------


def naive_section3(apps, year, fmt):
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    table = {label: [0] * 7 for label in labels(fmt)}

    def add(label, column):
        table[label][column] += 1
        table[label][6] += 1

    for a in apps:
        column = APPLICANTS.index(a["applicant"])
        received, closed = a["received"], a["closed"]
        if start <= received <= end:
            add("一、本年新收政府信息公开申请数量", column)
        if received < start and (closed is None or closed >= start):
            add("二、上年结转政府信息公开申请数量", column)
        if closed is not None and start <= closed <= end:
            add(OUTCOME_ROW[a["outcome"]][fmt == "2021"], column)
            add("（七）总计", column)
        if received <= end and (closed is None or closed > end):
            add("四、结转下年度继续办理", column)
    return table


def naive_section4(cases, year):
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cells = [0] * 15
    for c in cases:
        received, decided = c["received"], c["decided"]
        belongs = start <= received <= end or (received < start and (decided is None or decided >= start))
        if not belongs:
            continue
        group = CASE_TYPES.index(c["type"])
        result = RESULTS.index(c["result"]) if decided is not None and start <= decided <= end else 3
        cells[group * 5 + result] += 1
        cells[group * 5 + 4] += 1
    return cells


# --- the properties -------------------------------------------------------------------------

FORMATS = st.sampled_from(["2019", "2021"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    apps=st.lists(application(), max_size=40),
    cases=st.lists(case(), max_size=15),
    year=st.integers(2018, 2024),
    fmt=FORMATS,
    last_fmt=FORMATS,
    drop_optional=st.booleans(),
)
def test_tables_equal_naive_count_and_relations_hold(apps, cases, year, fmt, last_fmt, drop_optional):
    ledgers = make_ledgers(apps, cases, drop_optional)
    report = compute(ledgers, year, fmt=fmt)
    table = dict(report.section3_rows)

    # every cell of 三 and 四
    assert list(table) == labels(fmt)
    assert table == naive_section3(apps, year, fmt)
    assert [int(v) for v in report.section4] == naive_section4(cases, year)

    # R1, R2, R3 recomputed here, and the kit's own checks agree
    outcome_rows = labels(fmt)[2:-2]
    for col in range(7):
        a, b = table[labels(fmt)[0]][col], table[labels(fmt)[1]][col]
        assert a + b == table["（七）总计"][col] + table["四、结转下年度继续办理"][col]
        assert sum(table[label][col] for label in outcome_rows) == table["（七）总计"][col]
    for values in table.values():
        assert sum(values[:6]) == values[6]
    s4 = [int(v) for v in report.section4]
    for g in range(3):
        assert sum(s4[g * 5 : g * 5 + 4]) == s4[g * 5 + 4]
    verdict = {c.id: c.passed for c in report.checks}
    assert verdict["R1"] is verdict["R2"] is verdict["R3"] is verdict["R8"] is True

    # R5: this year's 二 equals last year's 四 computed separately (in either layout)
    last = dict(compute(ledgers, year - 1, fmt=last_fmt).section3_rows)
    assert table["二、上年结转政府信息公开申请数量"] == last["四、结转下年度继续办理"]
    covers_last_year = any(a["received"] <= dt.date(year - 1, 12, 31) for a in apps)
    assert verdict["R5"] is (True if covers_last_year else None)

    # narrative figures are the tables' totals
    stats = report.stats
    assert stats["applications_received"] == table["一、本年新收政府信息公开申请数量"][6]
    assert stats["applications_closed"] == table["（七）总计"][6]
    assert stats["review_cases_total"] == s4[4] + s4[9] + s4[14]


@settings(max_examples=60, deadline=None)
@given(apps=st.lists(application(), max_size=40), cases=st.lists(case(), max_size=20), drop_optional=st.booleans())
def test_every_year_equals_naive_count(apps, cases, drop_optional):
    """The same comparison for every report year 2017–2025 at once, on the table functions."""
    ledgers = make_ledgers(apps, cases, drop_optional)
    for year in range(2017, 2026):
        for fmt in ("2019", "2021"):
            expected = naive_section3(apps, year, fmt)
            assert section3(ledgers["applications"], year, fmt).tolist() == [expected[label] for label in labels(fmt)]
        assert section4(ledgers["cases"], year).tolist() == naive_section4(cases, year)


@settings(max_examples=40, deadline=None)
@given(apps=st.lists(application(), min_size=1, max_size=30), year=st.integers(2018, 2024))
def test_formats_differ_only_in_other_handling(apps, year):
    """The 2019 （六）其他处理 row is the sum of the three 2021 （六） rows; every other row is the same."""
    ledgers = make_ledgers(apps, [], False)
    old = dict(compute(ledgers, year, fmt="2019").section3_rows)
    new = dict(compute(ledgers, year, fmt="2021").section3_rows)
    split = [label for label in new if label.startswith("（六）其他处理/")]
    assert len(split) == 3
    assert old["（六）其他处理"] == [sum(new[label][col] for label in split) for col in range(7)]
    assert {k: v for k, v in old.items() if k != "（六）其他处理"} == {k: v for k, v in new.items() if k not in split}


@settings(max_examples=30, deadline=None)
@given(apps=st.lists(application(), max_size=30))
def test_each_application_once_over_the_years(apps):
    """R7: over consecutive years an application is received once and closed at most once."""
    frame_ = make_ledgers(apps, [], False)["applications"]
    received = closed = 0
    for year in range(2017, 2026):
        table = section3(frame_, year, "2021")
        received += int(table[0, 6])
        closed += int(table[-2, 6])
    assert received == len(apps)
    assert closed == sum(a["closed"] is not None for a in apps)
