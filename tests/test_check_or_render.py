"""Nothing ``gk check`` accepts can crash a report; nothing it rejects reaches the notebook.

A property over the sample's ledgers: rename or drop any of their columns at random (to another
contract header, a synonym, an office's own name, a near miss, 序号 …). Then either ``gk check``
rejects the folder with problems — and the report notebook's ``prepare`` stops with exactly those
problems — or ``gk report`` (the real notebook, run by papermill through the library) renders the
report, and its checks agree with ``gk check``'s.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from gk_helpers.batch import warm
from gk_helpers.batch.execute import execute_report
from gk_helpers.cli import main as gk_main
from gk_helpers.base.errors import LedgerError
from gk_helpers.ledger.schema import KIND_BY_NAME
from gk_helpers.ledger.vocabulary import HEADER_SYNONYMS
from gk_helpers.notebook import prepare

ROOT = Path(__file__).resolve().parents[1]
TOWNSHIPS = ("白土岗镇", "板山坪镇")  # CSV ledgers (GB18030 and UTF-8), one without 政府集中采购
#: Names an office might give a column instead of the contract's.
OWN_NAMES = ("登记号", "申请人", "答复形式", "经办人", "日期", "编号", "类别", "来件日期", "序号", "备注2", "受理编号", "答复日期")


@pytest.fixture(scope="module", autouse=True)
def _warm_kernel():
    warm.register()
    yield
    warm.shutdown_all()


def _read(path: Path) -> tuple[list[list[str]], str]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return list(csv.reader(io.StringIO(data.decode(encoding), newline=""))), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError(path)


@st.composite
def edits(draw, township: str) -> dict[str, list[tuple[str, str]]]:
    """File name → one (operation, header) per column: a few columns renamed or dropped, the rest kept."""
    files = {path.name: _read(path)[0][0] for path in sorted((ROOT / "data/sample/南召县" / township).glob("*.csv"))}
    plan = {name: [("keep", header) for header in headers] for name, headers in files.items()}
    required = {(name, i) for name, headers in files.items() for i, h in enumerate(headers)
                if any(c.required and c.header == h for c in KIND_BY_NAME[Path(name).stem].columns)}
    places = [(name, i) for name, headers in files.items() for i in range(len(headers))]
    if draw(st.booleans()):  # half the time, leave the required columns alone: more folders get through to a report
        places = [p for p in places if p not in required]
    for name, i in draw(st.lists(st.sampled_from(places), min_size=1, max_size=3, unique=True)):
        kind = KIND_BY_NAME[Path(name).stem]
        others = [c.header for c in kind.columns] + list(HEADER_SYNONYMS.get(kind.name, {}))
        header = files[name][i]
        op = draw(st.sampled_from(["drop", "other", "own", "near"]))
        new = {"drop": "", "other": draw(st.sampled_from(others)), "own": draw(st.sampled_from(OWN_NAMES)),
               "near": header + draw(st.sampled_from(["1", "（元）", "日期", "类"]))}[op]
        plan[name][i] = (op, new)
    return plan


def _write(township: str, plan: dict, folder: Path) -> None:
    for name, ops in plan.items():
        rows, _ = _read(ROOT / "data/sample/南召县" / township / name)
        keep = [i for i, (op, _) in enumerate(ops) if op != "drop"]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([ops[i][1] for i in keep])
        writer.writerows([[row[i] if i < len(row) else "" for i in keep] for row in rows[1:]])
        (folder / name).write_text(out.getvalue(), encoding="utf-8")


def _params(township: str, year: int, ledgers: Path, folder: Path) -> Path:
    text = (ROOT / "params/南召县" / township / f"{year}.yaml").read_text(encoding="utf-8")
    text = text.replace(f"ledger_dir: ../../../data/sample/南召县/{township}", f"ledger_dir: {ledgers}")
    path = folder / "params" / "南召县" / township / f"{year}.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def _check(folder: Path, year: int, params: Path) -> tuple[int, dict]:
    """``gk check --json`` on the folder, with last year's figures from the params file (as the report has them)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        previous = ["--previous", str(params)] if "previous:" in params.read_text(encoding="utf-8") else []
        code = gk_main(["check", str(folder), "--year", str(year), *previous, "--json"])
    return code, json.loads(out.getvalue())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_gk_check_rejects_or_the_report_renders(data):
    township = data.draw(st.sampled_from(TOWNSHIPS))
    year = data.draw(st.integers(2019, 2024))
    plan = data.draw(edits(township))
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        ledgers = scratch / "ledgers"
        ledgers.mkdir()
        _write(township, plan, ledgers)
        params = _params(township, year, ledgers, scratch)
        code, verdict = _check(ledgers, year, params)
        if verdict["problems"]:
            assert code == 1 and verdict["ok"] is False
            with pytest.raises(LedgerError) as info:  # the notebook's first call stops with the same problems
                prepare(params_file=str(params))
            assert [p.to_dict() for p in info.value.problems] == verdict["problems"]
            assert info.value.advice == verdict["advice"]
            event("rejected by gk check")
            return
        paths = execute_report(params, scratch / "out", engine_name=warm.ENGINE_NAME, cwd=scratch, timeout=300)
        assert paths.html.is_file() and paths.review.is_file()
        report = json.loads(paths.json.read_text(encoding="utf-8"))
        statuses = {c["id"]: c["status"] for c in report["checks"]}
        assert {c["id"]: c["status"] for c in verdict["checks"]} == {c["id"]: statuses[c["id"]] for c in verdict["checks"]}
        assert code == (1 if any(c["status"] == "不通过" for c in verdict["checks"]) else 0)
        event("accepted and rendered")


# --- the office of the issue: its outcome column is called 答复形式 -------------------------------------------

OFFICE = ("登记号,申请人,收到日期,申请人类型,答复日期,答复形式\n"
          "DJ2023-01,张三,2023-03-01,自然人,2023-03-10,予以公开\n"
          "DJ2023-02,李四,2023-04-03,公民,2023-04-12,部分公开\n")
OFFICE_PROBLEMS = [
    "依申请公开.csv 第1行 「办理结果」列：没有「办理结果」列（有「办结日期」列时必须有它，两者配对填写）。"
    "现有表头：登记号、申请人、收到日期、申请人类型、答复日期、答复形式。「答复形式」列的取值像办理结果，是否就是它？"
    "若是，请把表头改为「办理结果」，或按文末的建议写入 台账映射.yaml。",
    "依申请公开.csv 第1行 「申请编号」列：缺少必填列「申请编号」。现有表头：登记号、申请人、收到日期、申请人类型、答复日期、答复形式。"
    "「登记号」列的取值像申请编号，是否就是它？若是，请把表头改为「申请编号」，或按文末的建议写入 台账映射.yaml。",
]
OFFICE_ADVICE = ("若上面的列名或取值是本单位的写法，可把下面几行写入台账目录中的 台账映射.yaml（已有同名类别时并入其下，"
                 "同一个键只能写一次；<允许的值之一> 处请填入规定的名称，其余各行也请核对）：\n"
                 "依申请公开:\n  列:\n    登记号: 申请编号\n    答复形式: 办理结果")


def _office_project(tmp_path: Path) -> Path:
    ledgers = tmp_path / "data"
    ledgers.mkdir()
    (ledgers / "依申请公开.csv").write_text(OFFICE, encoding="utf-8")
    params = tmp_path / "params" / "测试县" / "甲镇" / "2023.yaml"
    params.parent.mkdir(parents=True)
    params.write_text("agency: 测试县甲镇人民政府\ncounty: 测试县\ntownship: 甲镇\nyear: 2023\nledger_dir: ../../../data\n",
                      encoding="utf-8")
    return params


def test_an_outcome_column_under_another_name_is_rejected_with_the_fix_and_never_reaches_the_report(tmp_path):
    params = _office_project(tmp_path)
    code, verdict = _check(tmp_path / "data", 2023, params)
    assert code == 1 and [p["message"] for p in verdict["problems"]] == [p.split("列：", 1)[1] for p in OFFICE_PROBLEMS]
    assert verdict["advice"] == OFFICE_ADVICE
    with pytest.raises(Exception) as info:  # gk report: the same list, from the notebook's first call, no Python error
        execute_report(params, tmp_path / "out", engine_name=warm.ENGINE_NAME, cwd=tmp_path, timeout=300)
    message = str(info.value)
    assert "台账有 2 处问题，请逐条修改后重试：\n" + "\n".join(f"{i}. {p}" for i, p in enumerate(OFFICE_PROBLEMS, 1)) in message
    assert OFFICE_ADVICE in message and "Traceback" not in message and "attribute" not in message
    # the block can be pasted as printed: the failed notebook is named on a line of its own, not glued to the last mapping line
    assert f"{OFFICE_ADVICE}\n（失败的笔记本：" in message
    # with the two suggested lines pasted into 台账映射.yaml, the same folder gives a report
    (tmp_path / "data" / "台账映射.yaml").write_text(OFFICE_ADVICE.split("：\n", 1)[1] + "\n", encoding="utf-8")
    assert _check(tmp_path / "data", 2023, params)[0] == 0
    paths = execute_report(params, tmp_path / "out", engine_name=warm.ENGINE_NAME, cwd=tmp_path, timeout=300)
    report = json.loads(paths.json.read_text(encoding="utf-8"))
    assert report["section3"][0] == ["一、本年新收政府信息公开申请数量", [2, 0, 0, 0, 0, 0, 2]]
    assert report["notes"] == ["依申请公开.csv：按 台账映射.yaml 识别的列：「登记号」→「申请编号」、「答复形式」→「办理结果」。",
                               "依申请公开.csv：本单位自有的列（不属于台账约定，未使用）：「申请人」。"]
    assert not [w for w in report["warnings"] if "台账映射" in w]  # the office's own mapping never warns


def test_a_ledger_without_replies_at_all_is_accepted_and_renders(tmp_path):
    params = _office_project(tmp_path)
    (tmp_path / "data" / "依申请公开.csv").write_text("申请编号,收到日期,申请人类型\nA1,2023-12-20,自然人\n", encoding="utf-8")
    assert _check(tmp_path / "data", 2023, params)[0] == 0
    paths = execute_report(params, tmp_path / "out", engine_name=warm.ENGINE_NAME, cwd=tmp_path, timeout=300)
    assert "A1" in paths.review.read_text(encoding="utf-8")  # the panel lists the open application, blank reply
