"""C1, C2, T1, P3 and where last year's published figures come from (params previous:, --previous, kit JSON)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import types
from pathlib import Path

import pytest

from gk_helpers.batch.cache import Hasher, report_inputs
from gk_helpers.cli import main as gk_main
from gk_helpers.count.continuity import (
    check_carried_forward,
    check_documents_continuity,
    check_publication_date,
    previous_from_json,
)
from gk_helpers.count.copying import check_copied
from gk_helpers.base.errors import ParamsError
from gk_helpers.notebook import prepare
from gk_helpers.notebook.params import load_params

ROOT = Path(__file__).resolve().parents[1]
S2 = {"第二十条第（一）项": {"columns": ["本年制发件数", "本年废止件数", "现行有效件数"],
                         "rows": {"规章": [0, 0, 0], "行政规范性文件": [2, 1, 5]}}}


def s3(carried_over):
    rows = [[f"row{i}", [0] * 7] for i in range(25)]
    rows[1] = ["二、上年结转政府信息公开申请数量", list(carried_over)]
    return rows


# --- C1 ----------------------------------------------------------------------------------

def test_c1_documents_in_force_follow_last_years_report():
    good = check_documents_continuity(S2, {"规章": 0, "行政规范性文件": 4}, "上年报告", "2021")
    assert (good.id, good.status) == ("C1", "通过")
    assert good.evidence["rows"][1] == ["行政规范性文件", 4, 2, 1, 5, 5, "一致"]
    bad = check_documents_continuity(S2, {"规章": 0, "行政规范性文件": 6}, "上年报告", "2021")
    assert bad.status == "不通过" and bad.evidence["rows"][1] == ["行政规范性文件", 6, 2, 1, 7, 5, "不一致"]
    assert bad.detail == "行政规范性文件的现行有效件数与上年报告接不上（上年报告）。请核对规范性文件台账的制发日期和废止日期，或上年报告的数字。"
    assert check_documents_continuity(S2, None, "没有上年报告", "2021").status == "未核对"
    assert check_documents_continuity(S2, None, "", "2019").status == "不适用"


# --- C2 ----------------------------------------------------------------------------------

def test_c2_against_last_years_published_row():
    this = s3([1, 0, 0, 0, 0, 1, 2])
    assert check_carried_forward(this, [1, 0, 0, 0, 0, 1, 2], "上年报告", "2021").status == "通过"
    bad = check_carried_forward(this, [2, 0, 0, 0, 0, 1, 3], "上年报告", "2021")
    assert (bad.status, bad.detail) == ("不通过", "不相等的列：自然人、总计（上年报告）。请核对依申请公开台账中跨年度的申请，或上年报告的数字。")
    assert bad.evidence == {"columns": ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"],
                            "rows": [["本年 二、上年结转", 1, 0, 0, 0, 0, 1, 2], ["上年报告 四、结转下年度继续办理", 2, 0, 0, 0, 0, 1, 3]]}
    missing = check_carried_forward(this, None, "没有上年报告的数字", "2021")
    assert (missing.status, missing.detail, missing.passed) == ("未核对", "没有上年报告的数字", None)


# --- T1 ----------------------------------------------------------------------------------

@pytest.mark.parametrize("sign_off, deadline, status", [
    ("2021年1月20日", None, "通过"), ("2021年2月3日", None, "提示"), ("2021-01-31", None, "通过"),
    ("2021年1月", None, "通过"), ("2021年2月", None, "提示"), ("2021年2月3日", dt.date(2021, 2, 28), "通过"),
    ("一月底", None, "未核对"), ("二〇二一年一月二十日", None, "通过"), ("二〇二一年二月十日", None, "提示"),
])
def test_t1_sign_off_against_the_publication_deadline(sign_off, deadline, status):
    check = check_publication_date(sign_off, 2020, deadline)
    assert (check.id, check.level, check.status) == ("T1", "warning", status)


# --- P3 ----------------------------------------------------------------------------------

TEXT = "（一）主动公开。全年制发行政规范性文件{documents_made}件，围绕乡村振兴和民生保障公开信息。\n（二）依申请公开。均在法定期限内答复。"


def test_p3_identical_to_last_year_fails():
    check = check_copied({"一": TEXT}, {"一": TEXT.replace("\n", "\n  ")}, {}, "本乡镇2021年报告")
    assert (check.id, check.status) == ("P3", "不通过")
    assert check.evidence["rows"] == [["一", "本乡镇2021年报告", "100%", "完全相同"]]


def test_p3_nearly_identical_or_another_townships_text_is_a_warning():
    edited = TEXT.replace("乡村振兴", "乡村振兴战略")
    assert check_copied({"一": edited}, {"一": TEXT}, {}).status == "提示"
    check = check_copied({"一": TEXT}, None, {"云阳镇 2022年": {"一": TEXT}, "石门乡 2022年": {"一": "完全不同的文字。"}})
    assert (check.status, check.evidence["rows"]) == ("提示", [["一", "云阳镇 2022年", "100%", "高度相似"]])
    assert check_copied({"一": TEXT}, {"一": "今年重写了全部内容，与上年不同。"}, {}).status == "通过"
    assert check_copied({"一": TEXT}, None, {}).status == "不适用"


# --- where last year's figures come from ------------------------------------------------

def _copy(tmp_path, township="白土岗镇", years=(2021, 2022)) -> Path:
    root = tmp_path / "proj"
    shutil.copytree(ROOT / "data" / "sample" / "南召县" / township, root / "data" / "sample" / "南召县" / township)
    for year in years:
        target = root / "params" / "南召县" / township / f"{year}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "params" / "南召县" / township / f"{year}.yaml", target)
    return root / "params" / "南召县" / township


@pytest.mark.parametrize("block, message", [
    ("previous: [1, 2]", "previous 应为“键: 值”的形式，可用的键：carried_forward、in_force、publication_deadline、file。"),
    ("previous:\n  carried: [0, 0, 0, 0, 0, 0, 0]", "previous 中有未知的键：carried。可用的键：carried_forward、in_force、publication_deadline、file。"),
    ("previous:\n  carried_forward: [0, 0]", "previous.carried_forward 应为7个非负整数"),
    ("previous:\n  in_force: {规章: -1}", "previous.in_force 应为上年报告的现行有效件数，如 {规章: 0, 行政规范性文件: 3}（非负整数）；现为 {'规章': -1}。"),
    ("previous:\n  publication_deadline: 一月底", "previous.publication_deadline「一月底」不是日期，应写成 2021-01-31 的形式。"),
    ("calendar:\n  holiday: [2027-01-01]", "calendar 应含 holidays（放假日列表）和 workdays（调休上班日列表）"),
])
def test_bad_previous_blocks_are_refused(tmp_path, block, message):
    folder = _copy(tmp_path)
    path = folder / "2022.yaml"
    path.write_text(path.read_text(encoding="utf-8").split("previous:")[0] + block + "\n", encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        load_params(path)
    assert f"参数文件 2022.yaml：{message}" in str(info.value)


def test_previous_block_is_read(tmp_path):
    params = load_params(ROOT / "params" / "南召县" / "留山镇" / "2023.yaml")
    assert params.previous.in_force is not None and len(params.previous.carried_forward) == 7
    assert params.previous.source == "上年数字来自参数文件 2023.yaml 的 previous"


def test_last_years_kit_json_when_params_have_no_previous(tmp_path, monkeypatch):
    folder = _copy(tmp_path)
    path = folder / "2022.yaml"
    path.write_text(path.read_text(encoding="utf-8").split("previous:")[0] + "overview: 文字\n", encoding="utf-8")
    monkeypatch.delenv("GK_OUTPUT_DIR", raising=False)
    checks = {c.id: c for c in prepare(params_file=str(path)).data.checks}
    assert checks["C2"].status == "未核对"
    assert checks["C2"].detail.startswith("没有上年报告的数字：参数文件没有 previous: 块，也没有找到上年由本工具生成的报告（南召县/2021/白土岗镇.json）。")
    last = prepare(params_file=str(folder / "2021.yaml")).data.to_dict()
    out = tmp_path / "proj" / "outputs" / "南召县" / "2021"
    out.mkdir(parents=True)
    (out / "白土岗镇.json").write_text(json.dumps(last, ensure_ascii=False), encoding="utf-8")
    checks = {c.id: c for c in prepare(params_file=str(path)).data.checks}
    assert (checks["C2"].status, checks["C1"].status) == ("通过", "通过")
    assert checks["C2"].detail == "每一列都相等（上年数字来自上年由本工具生成的报告 南召县/2021/白土岗镇.json）。"
    assert previous_from_json(last, "x").carried_forward == tuple(last["section3"][-1][1])


def test_gk_tables_previous_from_a_params_file_or_a_report_json(tmp_path, capsys):
    ledger = str(ROOT / "data" / "sample" / "南召县" / "崔庄乡")
    args = ["tables", ledger, "--year", "2022", "--json", "--previous"]
    assert gk_main(args + [str(ROOT / "params" / "南召县" / "崔庄乡" / "2022.yaml")]) == 0
    c2 = next(c for c in json.loads(capsys.readouterr().out)["checks"] if c["id"] == "C2")
    assert c2["status"] == "不通过"  # the sample's designed slip in previous.carried_forward
    gk_main(["tables", ledger, "--year", "2021", "--json"])
    (tmp_path / "2021.json").write_text(capsys.readouterr().out, encoding="utf-8")
    assert gk_main(args + [str(tmp_path / "2021.json")]) == 0
    checks = {c["id"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    assert (checks["C1"]["status"], checks["C2"]["status"]) == ("通过", "通过")
    assert gk_main(args + [str(tmp_path / "missing.json")]) == 1
    assert "上年报告文件" in capsys.readouterr().err


def test_previous_file_may_be_the_published_document(tmp_path, monkeypatch):
    folder = _copy(tmp_path)
    path = folder / "2022.yaml"
    path.write_text(path.read_text(encoding="utf-8").split("previous:")[0] + "previous:\n  file: 2021年报告.pdf\n", encoding="utf-8")
    (folder / "2021年报告.pdf").write_bytes(b"%PDF-1.4")
    last = prepare(params_file=str(folder / "2021.yaml")).data.to_dict()
    fake = types.ModuleType("gk_helpers.audit.previous")
    fake.previous_figures = lambda p: {"carried_forward": last["section3"][-1][1], "in_force": {"规章": 0, "行政规范性文件": None}}
    monkeypatch.setitem(sys.modules, "gk_helpers.audit", types.ModuleType("gk_helpers.audit"))
    monkeypatch.setitem(sys.modules, "gk_helpers.audit.previous", fake)
    checks = {c.id: c for c in prepare(params_file=str(path)).data.checks}
    assert checks["C2"].status == "通过" and checks["C2"].detail.endswith("（上年数字读自上年已公开的报告 2021年报告.pdf）。")
    assert checks["C1"].evidence["rows"][1][-1] == "未核对"  # 行政规范性文件 unreadable in the document


def test_batch_cache_watches_the_prose_p3_compares_with(tmp_path):
    root = tmp_path / "proj"
    for township in ("白土岗镇", "云阳镇"):
        _copy(tmp_path, township, (2022,))
    mine, other = (root / "params" / "南召县" / t / "2022.yaml" for t in ("白土岗镇", "云阳镇"))
    inputs = lambda: report_inputs(load_params(mine), ROOT / "notebooks" / "annual_report.ipynb", "v", Hasher())  # noqa: E731
    before = inputs()
    other.write_text(other.read_text(encoding="utf-8") + "# 只改注释\n", encoding="utf-8")
    assert inputs() == before  # a comment in another township's file changes nothing P3 reads
    other.write_text(other.read_text(encoding="utf-8").replace("（一）", "（一）新写的一句。", 1), encoding="utf-8")
    assert inputs()["peers"] != before["peers"]
