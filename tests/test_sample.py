"""The bundled sample (data/sample/南召县): loads cleanly, computes cleanly, reproduces the seed, regenerates byte for byte."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from gk_helpers.cli import main as gk_main
from gk_helpers.base.formats import APPLICANT_TYPES, OUTCOMES
from gk_helpers.ledger.ledgers import load_ledgers
from gk_helpers.ledger.schema import LEDGER_KINDS, POWER_CATEGORY, WORKBOOK_NAME
from gk_helpers.report import compute

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "tools" / "generate_sample.py"
SAMPLE = ROOT / "data" / "sample"
COUNTY = SAMPLE / "南召县"
TOWNSHIPS = (
    "城关镇", "白土岗镇", "云阳镇", "皇路店镇", "南河店镇", "板山坪镇", "乔端镇", "留山镇",
    "小店乡", "四棵树乡", "崔庄乡", "石门乡", "太山庙乡", "马市坪乡", "城郊乡", "皇后乡",
)
YEARS = range(2019, 2025)
SEED_TOWNSHIP = COUNTY / "城关镇"
UNPAID_FEE = next(o for o in OUTCOMES if "逾期未按收费通知要求缴纳费用" in o)


@cache
def ledgers(township: str):
    """Each township's ledgers, loaded once for the whole module."""
    return load_ledgers(COUNTY / township)


@cache
def report(township: str, year: int):
    return compute(ledgers(township), year)


def _decode(data: bytes) -> tuple[str, str]:
    """CSV text and the encoding it was written in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030"), "gb18030"


def _sample_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_sample_has_the_sixteen_townships():
    assert sorted(p.name for p in COUNTY.iterdir() if p.is_dir()) == sorted(TOWNSHIPS)


@pytest.mark.parametrize("township", TOWNSHIPS)
def test_township_loads_without_problems(township):
    loaded = ledgers(township)  # raises LedgerError listing every problem
    assert loaded.frames["applications"].shape[0] > 0
    assert all(not w.startswith("未识别") for w in loaded.warnings)


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("township", TOWNSHIPS)
def test_every_check_passes(township, year):
    data = report(township, year)
    ids = {c.id: c for c in data.checks}
    for check_id in ("R1", "R2", "R3", "R5", "R8", "G1"):
        assert ids[check_id].passed is not False, (check_id, ids[check_id].detail)
    assert [c.id for c in data.failed_checks + data.warned_checks] == DESIGNED_LEDGER_DEFECTS.get((township, year), [])
    assert ids["G1"].passed is True  # a township has no 规章


#: The reply-deadline cases tools/generate_sample.py writes in on purpose (the rest of the sample passes).
DESIGNED_LEDGER_DEFECTS = {("云阳镇", 2023): ["D1"], ("皇后乡", 2024): ["D1"], ("板山坪镇", 2022): ["D2"]}
#: Every defect of the bundled sample, ledgers and params (tools/generate_params.py), by the check that finds it.
DESIGNED_DEFECTS = {
    ("云阳镇", 2023): ["D1", "P6"], ("皇后乡", 2024): ["D1", "P6"], ("板山坪镇", 2022): ["D2"],
    ("小店乡", 2021): ["P1"], ("四棵树乡", 2021): ["P2"], ("石门乡", 2022): ["P3"], ("乔端镇", 2022): ["P4"],
    ("云阳镇", 2021): ["P5"], ("留山镇", 2023): ["C1"], ("崔庄乡", 2022): ["C2"], ("太山庙乡", 2022): ["T1"],
}


#: The warnings the sample gives on purpose: 板山坪镇 keeps no 政府集中采购 ledger, which only the 2019 format uses.
#: Nothing else warns: an office's own columns (热线工单「诉求类别」) and empty sheets are notes, not warnings.
DESIGNED_WARNINGS = {
    ("板山坪镇", year): ["未提供政府集中采购台账，相关单元格按0计（影响：第二部分第二十条第（九）项（2019格式））。"] for year in (2019, 2020)
}


def test_the_sample_run_fails_and_warns_only_where_designed(monkeypatch):
    """What ``bash scripts/sample.sh`` shows in its index (checks 不通过/提示 and warnings), report by report."""
    from gk_helpers.notebook import context as notebook

    monkeypatch.setattr(notebook, "load_ledgers", cache(notebook.load_ledgers))  # each township's ledgers once
    prepare = notebook.prepare
    found, notes = {}, 0
    for township in TOWNSHIPS:
        for year in YEARS:
            ctx = prepare(params_file=str(ROOT / "params" / "南召县" / township / f"{year}.yaml"))
            bad = [c.id for c in ctx.data.checks if c.status in ("不通过", "提示")]
            if bad or ctx.data.warnings:
                found[township, year] = (bad, ctx.data.warnings)
            notes += len(ctx.data.notes)
    designed = DESIGNED_DEFECTS.keys() | DESIGNED_WARNINGS.keys()
    assert found == {key: (DESIGNED_DEFECTS.get(key, []), DESIGNED_WARNINGS.get(key, [])) for key in designed}
    assert sorted({i for ids, _ in found.values() for i in ids}) == ["C1", "C2", "D1", "D2", "P1", "P2", "P3", "P4", "P5", "P6", "T1"]
    assert notes >= 96  # every report still records the hotline ledger's own column 诉求类别, as a note


@pytest.mark.parametrize("township", TOWNSHIPS)
def test_dates_lie_between_2018_and_the_export_day(township):
    for key, frame in ledgers(township).frames.items():
        for column in frame.select_dtypes("datetime").columns:
            dates = frame[column].dropna()
            assert dates.between(dt.datetime(2018, 1, 1), dt.datetime(2025, 3, 31)).all(), (key, column)


def test_seed_township_2020_reproduces_the_published_report():
    data = report("城关镇", 2020)
    assert data.format == "2019"
    assert all(v == 0 for _, values in data.section3_rows for v in values)
    assert [int(v) for v in data.section4] == [0] * 15
    assert data.stats["hotline_received"] == 46
    assert data.stats["hotline_closed_on_time"] == 46
    assert data.stats["review_cases_total"] == 0
    assert data.stats["fee_notices"] == 0


def test_seed_township_is_active_in_other_years():
    assert report("城关镇", 2019).stats["applications_received"] > 0
    assert report("城关镇", 2021).stats["applications_received"] > 0


def test_cli_tables_json_for_the_seed_year(capsys):
    assert gk_main(["tables", str(SEED_TOWNSHIP), "--year", "2020", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["year"] == 2020 and out["format"] == "2019"
    assert len(out["section3"]) == 23
    assert all(v == 0 for _, values in out["section3"] for v in values)
    assert out["section4"] == [0] * 15
    assert out["stats"]["hotline_received"] == 46 == out["stats"]["hotline_closed_on_time"]
    assert not [c for c in out["checks"] if c["status"] == "不通过"]


def test_regenerating_gives_byte_identical_files(tmp_path):
    run = subprocess.run([sys.executable, str(GENERATOR), str(tmp_path)], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    fresh, committed = _sample_files(tmp_path), _sample_files(SAMPLE)
    assert sorted(fresh) == sorted(committed)
    changed = [name for name in committed if fresh[name] != committed[name]]
    assert changed == [], "样例数据与生成器不一致：请运行 .venv/bin/python tools/generate_sample.py 并提交 data/sample"


def test_params_are_what_the_generator_writes(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "generate_params.py"), str(tmp_path)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.yaml"))
    assert fresh == sorted(p.relative_to(ROOT / "params") for p in (ROOT / "params").rglob("*.yaml"))
    fresh.append(Path("南召县") / "乡镇顺序.txt")  # the county's own township order
    changed = [str(p) for p in fresh if (tmp_path / p).read_bytes() != (ROOT / "params" / p).read_bytes()]
    assert changed == [], "参数文件与生成器不一致：请运行 .venv/bin/python tools/generate_params.py 并提交 params"


def test_sample_stays_small():
    assert sum(len(b) for b in _sample_files(SAMPLE).values()) < 600_000


def test_both_storage_forms_and_all_encodings_are_present():
    workbooks = [t for t in TOWNSHIPS if (COUNTY / t / WORKBOOK_NAME).is_file()]
    csv_folders = [t for t in TOWNSHIPS if list((COUNTY / t).glob("*.csv"))]
    assert workbooks and csv_folders and not set(workbooks) & set(csv_folders)
    assert len(workbooks) + len(csv_folders) == len(TOWNSHIPS)
    encodings = {_decode(path.read_bytes())[1] for path in sorted(COUNTY.glob("*/*.csv"))}
    assert encodings == {"utf-8", "utf-8-sig", "gb18030"}


DATE_FORMS = {
    "2020-03-05": r",\d{4}-\d{2}-\d{2},",
    "2020/3/5": r",\d{4}/\d{1,2}/\d{1,2},",
    "2020.3.5": r",\d{4}\.\d{1,2}\.\d{1,2},",
    "20200305": r",\d{8},",
    "2020年3月5日": r",\d{4}年\d{1,2}月\d{1,2}日,",
}


@pytest.mark.parametrize("form", DATE_FORMS)
def test_csv_dates_use_every_contract_form(form):
    texts = [_decode(p.read_bytes())[0] for p in sorted(COUNTY.glob("*/*.csv"))]
    assert any(re.search(DATE_FORMS[form], text) for text in texts)


def test_missing_ledger_kinds_are_warned():
    warnings = [w for t in TOWNSHIPS for fmt in ("2019", "2021") for w in ledgers(t).missing_warnings(fmt)]
    assert warnings
    assert all(len(ledgers(t).missing) <= 1 for t in TOWNSHIPS)


def test_applications_cover_every_outcome_and_applicant_type():
    outcomes, applicants = set(), set()
    for t in TOWNSHIPS:
        frame = ledgers(t)["applications"]
        outcomes |= set(frame["outcome"].dropna().astype(str))
        applicants |= set(frame["applicant"].astype(str))
    assert outcomes == set(OUTCOMES)
    assert applicants == set(APPLICANT_TYPES)


def test_unpaid_fee_closures_have_a_fee_notice_from_2021():
    unpaid = 0
    for t in TOWNSHIPS:
        frame = ledgers(t)["applications"]
        rows = frame[frame["outcome"] == UNPAID_FEE]
        unpaid += len(rows)
        assert (rows["fee_notice"] > 0).all(), t
        noticed = frame[frame["fee_notice"].fillna(0) > 0]
        assert (noticed["received"].dt.year >= 2021).all(), t
    assert unpaid > 0


def test_carry_over_across_year_ends():
    carried_into_2019 = sum(report(t, 2019).stats["applications_carried_over"] for t in TOWNSHIPS)
    carried_later = sum(report(t, y).stats["applications_carried_over"] for t in TOWNSHIPS for y in YEARS[1:])
    pending_cases = sum(
        report(t, y).stats[f"{g}_pending"]
        for t in TOWNSHIPS for y in YEARS
        for g in ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
    )
    assert carried_into_2019 > 0 and carried_later > 0 and pending_cases > 0


def test_every_ledger_kind_has_records_somewhere():
    for kind in LEDGER_KINDS:
        assert any(len(ledgers(t)[kind.key]) for t in TOWNSHIPS), kind.name


@pytest.mark.parametrize(("key", "column"), [
    ("applications", "fee_notice"), ("cases", "decided"), ("documents", "published"), ("documents", "repealed"),
    ("powers", "cancelled"), ("hotline", "closed"),
])
def test_optional_columns_are_filled_somewhere(key, column):
    assert any(ledgers(t)[key][column].notna().any() for t in TOWNSHIPS)


def test_every_section2_category_has_activity():
    decisions = ("licensing_decisions", "other_service_decisions", "penalty_decisions", "coercion_decisions")
    for stat in decisions + ("documents_made", "admin_fee_amount", "procurement_count"):
        assert any(report(t, y).stats[stat] for t in TOWNSHIPS for y in YEARS), stat
    fee_items = [  # 2019 format: 行政事业性收费 items in force at the end of 2018
        values[0] for t in TOWNSHIPS for block in report(t, 2019).section2.values()
        for label, values in block["rows"].items() if label == POWER_CATEGORY.values[-1]
    ]
    assert any(fee_items)
