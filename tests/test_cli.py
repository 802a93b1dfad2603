"""The gk command: the library call each subcommand makes, and end-to-end runs that pin output."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gk_helpers.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "南召县"


def _ledger(tmp_path, text):
    (tmp_path / "依申请公开.csv").write_text(text, encoding="utf-8")
    return tmp_path


def test_tables_json_has_the_documented_shape(capsys):
    assert main(["tables", str(SAMPLE / "城关镇"), "--year", "2020", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data)[:6] == ["year", "format", "section2", "section3", "section4", "checks"]
    assert data["format"] == "2019"
    assert data["section3"][0] == ["一、本年新收政府信息公开申请数量", [0, 0, 0, 0, 0, 0, 0]]
    assert [row[0] for row in data["section3"]][4] == "（三）不予公开/1.属于国家秘密"
    assert data["section4"] == [0] * 15
    assert data["stats"]["hotline_received"] == 46 == data["stats"]["hotline_closed_on_time"]


def test_format_override_changes_the_layout(capsys):
    assert main(["tables", str(SAMPLE / "城关镇"), "--year", "2020", "--format", "2021", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["format"] == "2021" and len(data["section3"]) == 25
    assert list(data["section2"]["第二十条第（一）项"]["columns"]) == ["本年制发件数", "本年废止件数", "现行有效件数"]


def test_check_prints_the_tables_as_text(tmp_path, capsys):
    folder = _ledger(tmp_path, "申请编号,收到日期,申请人类型,办结日期,办理结果\nA1,2020-01-05,自然人,2020-02-01,予以公开\nA2,2020-12-30,商业企业,,\n")
    assert main(["check", str(folder), "--year", "2020"]) == 0
    out = capsys.readouterr().out
    assert "三、收到和处理政府信息公开申请情况" in out
    lines = {line.split()[-1]: line.split()[:-1] for line in out.splitlines() if line.strip().endswith(("一、本年新收政府信息公开申请数量", "四、结转下年度继续办理", "（一）予以公开"))}
    assert lines["一、本年新收政府信息公开申请数量"] == ["1", "1", "0", "0", "0", "0", "2"]
    assert lines["（一）予以公开"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert lines["四、结转下年度继续办理"] == ["0", "1", "0", "0", "0", "0", "1"]
    assert "[通过] R1" in out and "未提供复议诉讼台账，相关单元格按0计" in out


@pytest.mark.parametrize("command", ["check", "tables"])
def test_bad_ledger_exits_1_with_the_problem_and_no_json(tmp_path, command):
    folder = _ledger(tmp_path, "申请编号,收到日期,申请人类型\nA1,2020-01-05,路人\n")
    args = [sys.executable, "-m", "gk_helpers.cli", command, str(folder), "--year", "2020"] + (["--json"] if command == "tables" else [])
    run = subprocess.run(args, capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stdout == ""
    assert "依申请公开.csv 第2行 「申请人类型」列：值「路人」：不是允许的申请人类型。" in run.stderr
    assert "Traceback" not in run.stderr


def test_usage_errors_are_chinese_and_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["tables", "somewhere"])
    assert info.value.code == 2
    assert "参数错误" in capsys.readouterr().err


def test_jobs_must_be_a_positive_number(capsys):
    with pytest.raises(SystemExit) as info:
        main(["run", "params", "--jobs", "0"])
    assert info.value.code == 2
    assert "「0」不是正整数" in capsys.readouterr().err


def _workbook_ledger(tmp_path):
    folder = tmp_path / "台账"
    folder.mkdir()
    (folder / "依申请公开.csv").write_text("申请编号,收到日期,申请人类型,办结日期,办理结果\nA1,2020-01-05,自然人,2020-01-10,予以公开\n",
                                           encoding="utf-8")
    (folder / "规范性文件.csv").write_text("文号,名称,类别,制发日期\n城政〔2020〕1号,某规定,规章,2020-03-05\n", encoding="utf-8")
    return folder


def test_check_exits_1_when_a_check_fails(tmp_path, capsys):
    folder = _workbook_ledger(tmp_path)
    assert main(["check", str(folder), "--year", "2020"]) == 1
    captured = capsys.readouterr()
    assert "[不通过] G1" in captured.out
    assert captured.err == "有 1 项核对不通过：G1。\n"
    assert main(["check", str(folder), "--year", "2020", "--level", "县级"]) == 1  # G1 holds for 县级 too
    capsys.readouterr()
    assert main(["check", str(folder), "--year", "2020", "--level", "市级"]) == 0


def test_check_json_prints_problems_and_checks_as_data(tmp_path, capsys):
    folder = _workbook_ledger(tmp_path)
    assert main(["check", str(folder), "--year", "2020", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["ok"], data["problems"]) == (False, [])
    g1 = next(c for c in data["checks"] if c["id"] == "G1")
    assert (g1["passed"], g1["status"]) == (False, "不通过")
    assert "未提供复议诉讼台账，相关单元格按0计（影响：第四部分）。" in data["warnings"]
    (folder / "依申请公开.csv").write_text("申请编号,收到日期,申请人类型\nA1,2020-01-05,路人\n", encoding="utf-8")
    assert main(["check", str(folder), "--year", "2020", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["checks"] == []
    (problem,) = data["problems"]
    assert {k: problem[k] for k in ("file", "row", "column", "value", "rule")} == {
        "file": "依申请公开.csv", "row": 2, "column": "申请人类型", "value": "路人", "rule": "未知的取值"}
