"""Which report years a ledger folder covers (ledger.coverage): records, the span of dates, per-year sheets, 覆盖年度.

``gk check`` and the report notebook both ask ``year_coverage``; these pin its verdicts and messages on
small folders. The path from ``gk init`` to the reports is in test_project.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from builders import write_files

from gk_helpers.base.errors import LedgerError
from gk_helpers.ledger.coverage import dated_span, has_records_in, year_coverage
from gk_helpers.ledger.ledgers import load_ledgers

TODAY = dt.date(2025, 6, 30)
APPS = "申请编号,收到日期,申请人类型,办结日期,办理结果"
TWO_YEARS = f"{APPS}\nA1,2021-03-05,自然人,2021-03-20,予以公开\nA2,2024-05-06,自然人,2024-05-10,予以公开\n"
FIX = ("若报告年度写错了，请改正（参数文件中的 year: 或命令行的 --year）；若 {y} 年确实没有任何申请、案件等记录（报告各项为0），"
       "请在该台账目录的 台账映射.yaml 中写明 覆盖年度: [{years}]，或在 台账.xlsx 中添加该年的工作表（如「依申请公开{y}」，可以是空表）。")


def _ledgers(tmp_path, files: dict[str, str]):
    write_files(tmp_path, files)
    return load_ledgers(tmp_path, today=TODAY)


def _uncovered(ledgers, year: int) -> str:
    with pytest.raises(LedgerError) as info:
        year_coverage(ledgers, year, "data/甲镇", today=TODAY)
    (problem,) = info.value.problems
    return str(problem)


def test_a_year_with_records_needs_no_hint(tmp_path):
    ledgers = _ledgers(tmp_path, {"依申请公开.csv": TWO_YEARS})
    assert dated_span(ledgers) == (2021, 2024) and has_records_in(ledgers, 2021) and not has_records_in(ledgers, 2022)
    assert year_coverage(ledgers, 2021, "data/甲镇", today=TODAY) == []


def test_a_gap_between_dated_years_is_covered_with_a_hint(tmp_path):
    ledgers = _ledgers(tmp_path, {"依申请公开.csv": TWO_YEARS})
    assert year_coverage(ledgers, 2022, "data/甲镇", today=TODAY) == [
        "台账中没有 2022 年的任何记录：本年度报告的各项均为0（台账的记录在 2021–2024 年）。请确认该年确实没有申请、案件、文件和工单。"]


def test_a_year_outside_the_dates_and_undeclared_is_an_error_naming_it(tmp_path):
    ledgers = _ledgers(tmp_path, {"依申请公开.csv": TWO_YEARS})
    assert _uncovered(ledgers, 2020) == ("data/甲镇：台账未覆盖 2020 年：台账中的记录在 2021–2024 年，也没有说明台账包括哪些年度。"
                                         + FIX.format(y=2020, years="2020"))
    one_year = _ledgers(tmp_path, {"依申请公开.csv": f"{APPS}\nA1,2023-03-05,自然人,2023-03-20,予以公开\n"})
    assert _uncovered(one_year, 2024) == ("data/甲镇：台账未覆盖 2024 年：台账中的记录在 2023 年，也没有说明台账包括哪些年度。"
                                          + FIX.format(y=2024, years="2024"))


def test_covered_years_declared_in_the_mapping_file(tmp_path):
    ledgers = _ledgers(tmp_path, {"依申请公开.csv": TWO_YEARS, "台账映射.yaml": "覆盖年度: 2019-2025\n"})
    assert year_coverage(ledgers, 2025, "data/甲镇", today=TODAY) == [
        "台账中没有 2025 年的任何记录：本年度报告的各项均为0（台账映射.yaml 的「覆盖年度」包括 2025 年）。"
        "请确认该年确实没有申请、案件、文件和工单。"]
    assert _uncovered(ledgers, 2026) == (
        "data/甲镇：台账未覆盖 2026 年（2026 年还没有到来）：台账中的记录在 2021–2024 年，说明覆盖的年度只有 2019、2020、2021、2022、"
        "2023、2024、2025。" + FIX.format(y=2026, years="2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026"))


def test_a_folder_without_any_record(tmp_path):
    empty = _ledgers(tmp_path, {"依申请公开.csv": f"{APPS}\n"})
    assert dated_span(empty) is None
    assert _uncovered(empty, 2024) == ("data/甲镇：台账未覆盖 2024 年：台账中没有任何记录，也没有说明台账包括哪些年度。"
                                       + FIX.format(y=2024, years="2024"))
    write_files(tmp_path, {"台账映射.yaml": "覆盖年度: [2024]\n"})
    declared = load_ledgers(tmp_path, today=TODAY)
    assert year_coverage(declared, 2024, "data/甲镇", today=TODAY) == [
        "台账中没有任何记录：2024年报告的各项均为0（台账映射.yaml 的「覆盖年度」包括 2024 年）。"
        "请确认台账已经填写（gk init 生成的 台账.xlsx 是空白模板）。"]


def test_gk_check_in_the_folder_itself_names_it_by_its_full_path(tmp_path, monkeypatch, capsys):
    """``gk check .`` from inside the ledger folder: the message names the folder, not a bare “.”."""
    from gk_helpers.cli import main

    write_files(tmp_path, {"依申请公开.csv": f"{APPS}\nA1,2023-03-05,自然人,2023-03-20,予以公开\n"})
    monkeypatch.chdir(tmp_path)
    assert main(["check", ".", "--year", "2042"]) == 1
    assert capsys.readouterr().err.startswith(f"台账有 1 处问题，请逐条修改后重试：\n1. {tmp_path.resolve()}：台账未覆盖 2042 年（2042 年还没有到来）：")
