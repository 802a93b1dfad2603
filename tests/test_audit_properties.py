"""Property: any printed tables read back exactly, and the arithmetic checks say what the numbers say."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import published as pb
from gk_helpers.audit.run import audit_file

counts = st.integers(min_value=0, max_value=60)


@st.composite
def reports(draw):
    year = draw(st.sampled_from([2019, 2020, 2021, 2023]))
    p = pb.printed(year)
    for row in p.section3:
        row[2] = [str(v) for v in draw(st.lists(counts, min_size=7, max_size=7))]
    p.section4 = [str(v) for v in draw(st.lists(counts, min_size=15, max_size=15))]
    return p


def _ints(p):
    return {leaf: [int(v) for v in values] for _, leaf, values in p.section3}, [int(v) for v in p.section4]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reports())
def test_any_printed_tables_read_back_and_checks_follow_the_numbers(tmp_path, p):
    path = tmp_path / "r.html"
    path.write_text(pb.html(p), encoding="utf-8")
    result = audit_file(path)
    rows, s4 = _ints(p)
    figures = result.report.figures()
    assert [values for _, values in figures["section3"]] == list(rows.values())
    assert figures["section4"] == s4
    status = {c.id: c.status for c in result.checks}
    received, carried, closed, forward = (rows[k] for k in (
        "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（七）总计", "四、结转下年度继续办理"))
    r1 = all(received[i] + carried[i] == closed[i] + forward[i] for i in range(7))
    outcomes = [v for leaf, v in rows.items() if leaf not in ("一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
                                                              "（七）总计", "四、结转下年度继续办理")]
    r2 = all(sum(v[i] for v in outcomes) == closed[i] for i in range(7))
    r3 = all(sum(v[:6]) == v[6] for v in rows.values())
    r8 = all(sum(s4[g * 5:g * 5 + 4]) == s4[g * 5 + 4] for g in range(3))
    assert [status[c] for c in ("R1", "R2", "R3", "R8")] == ["通过" if ok else "不通过" for ok in (r1, r2, r3, r8)]
