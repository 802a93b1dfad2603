"""``gk init``: a working project outside the kit's checkout, from an empty folder to a report.

The acceptance path: gk init → fill the template with openpyxl as a person would (Excel dates,
outcomes picked from the dropdown list) → gk run → the report's section 三 equals a count made
here, independently of the kit.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml
from test_template import dropdown

from gk_helpers.batch.execute import default_notebook
from gk_helpers.cli import main
from gk_helpers.base.errors import ParamsError
from gk_helpers.notebook.params import load_params
from gk_helpers.notebook.project import NOTEBOOKS, init_project, packaged_notebook

ROOT = Path(__file__).resolve().parents[1]
GK = ROOT / ".venv" / "bin" / "gk"


def _gk(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "GK_PROJECT_ROOT"}
    return subprocess.run([str(GK), *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


def test_init_lays_out_a_project_and_never_overwrites(tmp_path, capsys):
    assert main(["init", str(tmp_path / "p"), "--county", "测试县", "--township", "甲镇", "--township", "乙街道",
                 "--year", "2023", "--year", "2024"]) == 0
    project = tmp_path / "p"
    files = sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file())
    assert files == sorted([
        ".gitignore", "data/测试县/甲镇/台账.xlsx", "data/测试县/乙街道/台账.xlsx",
        "data/测试县/甲镇/台账映射.yaml", "data/测试县/乙街道/台账映射.yaml",
        "notebooks/annual_report.ipynb", "notebooks/county_summary.ipynb", "notebooks/explore.ipynb",
        *(f"params/测试县/{t}/{name}" for t in ("甲镇", "乙街道") for y in (2023, 2024)
          for name in (f"{y}.yaml", f"{y}-总体情况.md", f"{y}-问题.md")),
        "params/测试县/乡镇顺序.txt",
    ])
    params = load_params(project / "params/测试县/乙街道/2024.yaml")
    assert (params.agency, params.level, params.ledger_dir) == ("测试县乙街道办事处", "街道", (project / "data/测试县/乙街道").resolve())
    assert params.overview.startswith("（一）主动公开。【请填写：2024年主动公开工作的做法和成效。】")
    assert "### 改进措施" in params.problems
    raw = yaml.safe_load((project / "params/测试县/甲镇/2023.yaml").read_text(encoding="utf-8"))
    assert raw["ledger_dir"] == "../../../data/测试县/甲镇" and raw["agency"] == "测试县甲镇人民政府"
    nb = json.loads((project / "notebooks/annual_report.ipynb").read_text(encoding="utf-8"))
    (cell,) = [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert 'county: str = "测试县"  # 县（区）' in cell["source"] and 'township: str = "甲镇"' in cell["source"]
    assert "year: int = 2023  # 报告年度" in cell["source"]
    assert all(c.get("outputs", []) == [] for c in nb["cells"])
    # re-running adds what is missing and keeps what is there (even when edited)
    (project / "params/测试县/甲镇/2023-总体情况.md").write_text("已编写的文字", encoding="utf-8")
    (project / "data/测试县/甲镇/台账.xlsx").unlink()
    capsys.readouterr()
    result = init_project(project, "测试县", ["甲镇"], [2023])
    assert [p.relative_to(project).as_posix() for p in result.created] == ["data/测试县/甲镇/台账.xlsx"]
    assert len(result.kept) == 9  # 3 params files, the ledgers' 台账映射.yaml, the township order, 3 notebooks, .gitignore
    assert (project / "params/测试县/甲镇/2023-总体情况.md").read_text(encoding="utf-8") == "已编写的文字"


@pytest.mark.parametrize("args, message", [
    (["--county", "a/b", "--township", "甲镇", "--year", "2023"], "县（区）「a/b」无效：含有路径分隔符 / 或 \\。"),
    (["--county", "测试县", "--township", "..", "--year", "2023"], "乡镇（街道）「..」无效：不能为空。"),
    (["--county", "测试县", "--township", "甲镇", "--year", "23"], "报告年度「23」无效，应为四位数年份，如 2023。"),
    (["--county", "测试县", "--township", "甲镇", "--township", "乙镇", "--year", "2023", "--agency", "某机关"],
     "--agency（机关全称）只能与一个 --township 同用；多个乡镇请分别运行 gk init，或事后在参数文件中修改。"),
])
def test_init_rejects_bad_names(tmp_path, capsys, args, message):
    assert main(["init", str(tmp_path), *args]) == 1
    assert capsys.readouterr().err == message + "\n"


def test_packaged_notebooks_are_the_project_notebooks():
    """One copy: gk_helpers/notebooks/*.ipynb are symlinks to notebooks/ (a built wheel holds their content)."""
    for name in NOTEBOOKS:
        packaged = ROOT / "src" / "gk_helpers" / "notebooks" / name
        assert packaged.is_symlink() and packaged.resolve() == (ROOT / "notebooks" / name).resolve()
        assert packaged_notebook(name).read_bytes() == (ROOT / "notebooks" / name).read_bytes()


def test_default_notebook_falls_back_to_the_packaged_one(tmp_path, monkeypatch):
    monkeypatch.delenv("GK_PROJECT_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    assert default_notebook() == packaged_notebook("annual_report.ipynb")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "annual_report.ipynb").write_text("{}", encoding="utf-8")
    assert default_notebook() == tmp_path / "notebooks" / "annual_report.ipynb"


# --- acceptance: from an empty folder to a report ---------------------------------------------------


def _fill(workbook: Path, seed: int = 8) -> list[tuple]:
    """Fill 依申请公开 as a person would: Excel dates, applicant types and outcomes from the dropdowns."""
    book = openpyxl.load_workbook(workbook)
    sheet = book["依申请公开"]
    applicants, outcomes = dropdown(book, sheet, "申请人类型"), dropdown(book, sheet, "办理结果")
    # no fee notices in this ledger, so no closure for unpaid fees (check N4 would rightly fail)
    outcomes = [o for o in outcomes if "缴纳费用" not in o]
    rng = random.Random(seed)
    records = []
    for number in range(1, 61):
        received = dt.date(2022, 10, 1) + dt.timedelta(days=rng.randrange(0, 450))
        # replied within the statutory 20 working days (a late reply would rightly fail check D1);
        # still open at the year end only when received in its last days
        closed = received + dt.timedelta(days=rng.randrange(1, 20))
        if received >= dt.date(2023, 12, 10) or closed > dt.date(2023, 12, 31):
            closed = None
        outcome = rng.choice(outcomes) if closed else None
        records.append((f"2023-{number:03d}", received, rng.choice(applicants), closed, outcome))
    for row in records:
        sheet.append(list(row))
    book.save(workbook)
    return records


def _independent_section3(records: list[tuple], year: int, applicants: list[str], outcomes: list[str]) -> list[list[int]]:
    """Section 三 counted from the records directly: new, carried over, each outcome, total, carried forward."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)

    def row(keep) -> list[int]:
        counts = [sum(1 for r in records if r[2] == a and keep(r)) for a in applicants]
        return counts + [sum(counts)]

    rows = [row(lambda r: start <= r[1] <= end), row(lambda r: r[1] < start and (r[3] is None or r[3] >= start))]
    rows += [row(lambda r, o=o: r[3] is not None and start <= r[3] <= end and r[4] == o) for o in outcomes]
    rows.append(row(lambda r: r[3] is not None and start <= r[3] <= end))
    rows.append(row(lambda r: r[1] <= end and (r[3] is None or r[3] > end)))
    return rows


def test_init_writes_the_lead_paragraph_and_the_township_order(tmp_path):
    from gk_helpers.base.townships import read_order

    init_project(tmp_path, "测试县", ["乙镇", "甲镇"], [2023])
    params = load_params(tmp_path / "params/测试县/乙镇/2023.yaml")
    assert params.lead.startswith("本报告根据《中华人民共和国政府信息公开条例》（国令第711号，以下简称《条例》）和《中华人民共和国"
                                  "政府信息公开工作年度报告格式》（{format_notice}）要求，由{agency}编制。")
    assert "统计期限自{period_start}起至{period_end}止" in params.lead
    assert params.lead.count("【请填写") == 5  # 网址、承办机构、地址、邮编、电话
    assert read_order(tmp_path / "params", "测试县") == ["乙镇", "甲镇"]  # the order given, not 甲 before 乙
    # a township added later goes to the end; the county's own lines stay as they are
    order = tmp_path / "params/测试县/乡镇顺序.txt"
    order.write_text(order.read_text(encoding="utf-8") + "# 丙镇 明年设立\n", encoding="utf-8")
    again = init_project(tmp_path, "测试县", ["甲镇", "丁镇"], [2023])
    assert again.extended == [order] and "补充 params/测试县/乡镇顺序.txt（新的乡镇加在末尾）" in again.summary()
    assert read_order(tmp_path / "params", "测试县") == ["乙镇", "甲镇", "丁镇"]
    assert "# 丙镇 明年设立" in order.read_text(encoding="utf-8")
    # an ordering file that is a link is never followed or replaced, like every other file gk init finds
    outside = tmp_path / "别处的顺序.txt"
    outside.write_text("甲镇\n", encoding="utf-8")
    order.unlink()
    order.symlink_to(outside)
    linked = init_project(tmp_path, "测试县", ["戊镇"], [2023])
    assert outside.read_text(encoding="utf-8") == "甲镇\n" and order.is_symlink()
    assert order in linked.kept and order in linked.links and linked.extended == []


def test_from_an_empty_folder_to_a_report(tmp_path):
    project = tmp_path / "乡镇项目"
    project.mkdir()
    init = _gk(project, "init", "--county", "测试县", "--township", "甲镇", "--year", "2023")
    assert init.returncode == 0, init.stderr
    book = openpyxl.load_workbook(project / "data/测试县/甲镇/台账.xlsx")
    applicants = dropdown(book, book["依申请公开"], "申请人类型")
    outcomes = dropdown(book, book["依申请公开"], "办理结果")
    records = _fill(project / "data/测试县/甲镇/台账.xlsx")
    run = _gk(project, "run", "-j", "1")
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads((project / "outputs/测试县/2023/甲镇.json").read_text(encoding="utf-8"))
    assert [values for _, values in report["section3"]] == _independent_section3(records, 2023, applicants, outcomes)
    assert (project / "outputs/测试县/2023/甲镇.html").is_file() and (project / "outputs/index.html").is_file()
    assert report["warnings"][-3:] == [
        "参数文件 2023.yaml 的导语中还有 5 处【请填写】未编写，发布前请补写并删去提示。",
        "参数文件 2023.yaml 的总体情况中还有 5 处【请填写】未编写，发布前请补写并删去提示。",
        "参数文件 2023.yaml 的存在的主要问题及改进情况中还有 3 处【请填写】未编写，发布前请补写并删去提示。",
    ]
    # gk check on the same ledgers agrees and exits 0; gk report works without a notebooks/ folder too
    check = _gk(project, "check", "data/测试县/甲镇", "--year", "2023", "--json")
    assert check.returncode == 0 and json.loads(check.stdout)["ok"] is True
    for name in NOTEBOOKS:
        (project / "notebooks" / name).unlink()
    single = _gk(project, "report", "params/测试县/甲镇/2023.yaml", "-o", "单份")
    assert single.returncode == 0, single.stderr
    again = json.loads((project / "单份/测试县/2023/甲镇.json").read_text(encoding="utf-8"))
    assert again["section3"] == report["section3"]
    page = (project / "单份/测试县/2023/甲镇.html").read_text(encoding="utf-8")
    lead = "（国办公开办函〔2021〕30号）要求，由测试县甲镇人民政府编制。" + "全文包括"
    assert lead in page and "统计期限自2023年1月1日起至2023年12月31日止" in page  # placeholders filled
    assert page.index("本报告根据") < page.index("一、总体情况")


def _fill_span(workbook: Path, first: dt.date, last: dt.date, seed: int) -> None:
    """Applications received between ``first`` and ``last``, each answered within a week, picked from the dropdowns."""
    book = openpyxl.load_workbook(workbook)
    sheet = book["依申请公开"]
    applicants = dropdown(book, sheet, "申请人类型")
    rng = random.Random(seed)
    for number in range(1, 13):
        received = first + dt.timedelta(days=rng.randrange(0, (last - first).days))
        sheet.append([f"{received.year}-{number:03d}", received, rng.choice(applicants), received + dt.timedelta(days=3), "予以公开"])
    book.save(workbook)


def test_a_year_without_records_is_a_report_of_zeros_and_an_undeclared_year_is_an_error(tmp_path):
    """The acceptance of issue 15: gk init 2 townships × 2023–2024; 乙镇 has records only in 2023."""
    project = tmp_path / "项目"
    project.mkdir()
    init = _gk(project, "init", "--county", "测试县", "--township", "甲镇", "--township", "乙镇", "--year", "2023", "--year", "2024")
    assert init.returncode == 0, init.stderr
    assert (project / "data/测试县/乙镇/台账映射.yaml").read_text(encoding="utf-8").count("覆盖年度: [2023, 2024]\n") == 1
    _fill_span(project / "data/测试县/甲镇/台账.xlsx", dt.date(2023, 1, 3), dt.date(2024, 11, 30), seed=1)
    _fill_span(project / "data/测试县/乙镇/台账.xlsx", dt.date(2023, 1, 3), dt.date(2023, 11, 30), seed=2)
    run = _gk(project, "run", "-j", "1")
    assert run.returncode == 0, run.stdout + run.stderr
    first = json.loads((project / "outputs/测试县/2024/甲镇.json").read_text(encoding="utf-8"))
    second = json.loads((project / "outputs/测试县/2024/乙镇.json").read_text(encoding="utf-8"))
    assert first["stats"]["applications_received"] > 0
    assert all(v == 0 for _, values in second["section3"] for v in values) and second["section4"] == [0] * 15
    assert all(v == 0 for block in second["section2"].values() for row in block["rows"].values() for v in row)
    hint = ("台账中没有 2024 年的任何记录：本年度报告的各项均为0（台账映射.yaml 的「覆盖年度」包括 2024 年）。"
            "请确认该年确实没有申请、案件、文件和工单。")
    assert second["warnings"][0] == hint
    assert hint in (project / "outputs/测试县/2024/乙镇.review.html").read_text(encoding="utf-8")
    assert hint in (project / "outputs/index.html").read_text(encoding="utf-8")
    overview = (project / "outputs/测试县/index.html").read_text(encoding="utf-8")  # the county's matrix marks the cell
    assert overview.count('<span class="gk-no-records" title="台账中没有该年的任何记录：报告各项均为0，请确认">全年无记录</span>') == 1
    public = (project / "outputs/测试县/2024/乙镇.html").read_text(encoding="utf-8")
    assert "全年未出现依申请公开政府信息和不予公开政府信息的情况。" in public  # section 六, from the figures
    assert ('<strong class="gk-runin gk-level2">（二）依申请公开。</strong>全年未收到政府信息公开申请，也没有上年结转的申请。'
            in public)  # section 一 of gk init's text, its run-in head bold
    assert "全年未制发行政规范性文件，未作出行政许可决定和行政处罚决定。" in public and "全年未受理“12345”政府热线工单。" in public
    # gk check on the same folder and year: the same verdict, the same hint
    check = _gk(project, "check", "data/测试县/乙镇", "--year", "2024", "--json")
    assert check.returncode == 0 and json.loads(check.stdout)["warnings"][0] == hint
    # a params file copied with only its year changed, to a year the ledgers do not cover and nobody declared
    copied = project / "params/测试县/乙镇/2042.yaml"
    copied.write_text((project / "params/测试县/乙镇/2024.yaml").read_text(encoding="utf-8").replace("year: 2024", "year: 2042"),
                      encoding="utf-8")
    problem = ("data/测试县/乙镇：台账未覆盖 2042 年（2042 年还没有到来）：台账中的记录在 2023 年，说明覆盖的年度只有 2023、2024。"
               "若报告年度写错了，请改正（参数文件中的 year: 或命令行的 --year）；若 2042 年确实没有任何申请、案件等记录（报告各项为0），"
               "请在该台账目录的 台账映射.yaml 中写明 覆盖年度: [2023, 2024, 2042]，或在 台账.xlsx 中添加该年的工作表"
               "（如「依申请公开2042」，可以是空表）。")
    again = _gk(project, "run", "-j", "1")
    assert again.returncode == 1
    assert "失败：测试县 乙镇 2042年：" in again.stdout and f"1. {problem}" in again.stdout
    check = _gk(project, "check", "data/测试县/乙镇", "--year", "2042")
    assert check.returncode == 1 and check.stderr == f"台账有 1 处问题，请逐条修改后重试：\n1. {problem}\n"


def test_the_empty_template_runs_with_a_prominent_hint(tmp_path):
    project = tmp_path / "空白"
    init_project(project, "测试县", ["甲镇"], [2024])
    from gk_helpers.notebook import prepare

    ctx = prepare(params_file=str(project / "params/测试县/甲镇/2024.yaml"))
    assert ctx.data.warnings[0] == ("台账中没有任何记录：2024年报告的各项均为0（台账映射.yaml 的「覆盖年度」包括 2024 年）。"
                                    "请确认台账已经填写（gk init 生成的 台账.xlsx 是空白模板）。")
    assert ctx.data.notes[:1] == ["台账.xlsx「依申请公开」：没有记录（依申请公开按0计）。"]
    assert all(v == 0 for _, values in ctx.data.section3_rows for v in values)


def test_a_rerun_for_a_new_year_points_at_the_coverage_it_does_not_change(tmp_path):
    init_project(tmp_path, "测试县", ["甲镇"], [2023])
    result = init_project(tmp_path, "测试县", ["甲镇"], [2025])
    assert (tmp_path / "data/测试县/甲镇/台账映射.yaml").read_text(encoding="utf-8").count("覆盖年度: [2023]\n") == 1
    assert result.notes == ["data/测试县/甲镇/台账映射.yaml 已存在，未改动，其中的「覆盖年度」没有 2025：该年度的台账中没有任何记录时，"
                            "请把它加入「覆盖年度」。"]
    assert result.summary().splitlines()[-2] == "  注意：" + result.notes[0]


def test_the_project_notebook_runs_in_jupyter_from_its_folder(tmp_path):
    """As an analyst opens it in JupyterLab: working directory notebooks/, default parameters."""
    init_project(tmp_path, "测试县", ["甲镇"], [2023])
    _fill(tmp_path / "data/测试县/甲镇/台账.xlsx")
    run = subprocess.run([sys.executable, "-m", "papermill", "--cwd", str(tmp_path / "notebooks"), "-k", "python3",
                          str(tmp_path / "notebooks/annual_report.ipynb"), str(tmp_path / "out.ipynb")],
                         capture_output=True, text=True, timeout=300,
                         env={k: v for k, v in os.environ.items() if k != "GK_PROJECT_ROOT"})
    assert run.returncode == 0, run.stderr[-2000:]
    out = (tmp_path / "out.ipynb").read_text(encoding="utf-8")
    assert "测试县甲镇人民政府2023年政府信息公开工作年度报告" in out


def test_init_errors_are_params_errors():
    with pytest.raises(ParamsError):
        init_project(Path("x"), "测试县", [], [2023])


def test_a_built_wheel_carries_the_notebooks_as_files(tmp_path):
    """pip install alone is enough: the wheel holds the notebooks' content, not symlinks."""
    import shutil
    import zipfile

    source = tmp_path / "src-copy"  # built from a copy: setuptools leaves build/ in the tree it builds
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("src", "notebooks"):
        shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(source)],
                           capture_output=True, text=True, timeout=300, cwd=tmp_path)
    if build.returncode != 0 and ("No matching distribution" in build.stderr or "Could not find a version" in build.stderr):
        pytest.skip("the build backend (setuptools) is not available from the package index")
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = tmp_path.glob("gk_report-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        for name in NOTEBOOKS:
            assert archive.read(f"gk_helpers/notebooks/{name}") == (ROOT / "notebooks" / name).read_bytes()
