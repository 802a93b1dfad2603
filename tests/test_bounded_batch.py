"""Bounded everywhere, in a batch (issue 20): hostile ledgers cost their own report only, outputs are replaced
all or none, the output folder is locked for every writer, nothing is left behind by a kill, and one
township-year has one params file."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import far_cell_workbook, measured
from test_batch import index_rows, make_project
from test_robust import KEPT, _hanging_notebook, _wait_for, alive, connection_files, descendants, gk, gk_process

from gk_helpers import cli
from gk_helpers.batch import execute, outdir

BAD = "四棵树乡"
FOLDER = "out/南召县/2020"
MB = 1024 * 1024
#: A report kernel's own resident size (Python, pandas, the kit, matplotlib) beside what --max-memory allows it.
KERNEL_OWN = 600 * MB


@pytest.fixture(scope="module")
def done(tmp_path_factory) -> Path:
    """The three sample reports (城关镇 2019, 2020; 四棵树乡 2020), run once."""
    root = make_project(tmp_path_factory.mktemp("bounded"))
    assert cli.main(["run", str(root / "params"), "-o", str(root / "out"), "--jobs", "2",
                     "--notebook", str(root / "notebooks/annual_report.ipynb")]) == 0
    return root


@pytest.fixture
def project(done, tmp_path) -> Path:
    shutil.copytree(done, tmp_path / "p", symlinks=True)
    return tmp_path / "p"


def _ledger(root: Path) -> Path:
    return root / "data/sample/南召县" / BAD


def _outputs(root: Path, township: str) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (root / FOLDER).glob(f"{township}.*") if p.is_file()}


# ---- hostile ledgers in a batch ----------------------------------------------------------------------

def test_far_cell_workbook_fails_its_report_with_the_reason_not_a_dead_kernel(project, capsys):
    """Before: 内核意外退出（DeadKernelError）. The kernel reads the ledger itself and lives on."""
    (_ledger(project) / "依申请公开.csv").unlink()
    far_cell_workbook(_ledger(project) / "台账.xlsx")
    code, printed = gk(project, "run", "params", "-o", "out", "--jobs", "1", capsys=capsys)
    assert code == 1 and "DeadKernelError" not in printed
    reason = "工作表的单元格从 A1 一直到 XFD1048576，共 17,179,869,184 个单元格，超过上限 10,000,000 个，没有读取。"
    assert f"失败：南召县 {BAD} 2020年：" in printed and reason in printed
    rows = index_rows(project / "out")
    assert rows[("2020", BAD)][3] == KEPT and reason in rows[("2020", BAD)][4]


def test_report_kernel_carries_the_memory_cap(project):
    """``--max-memory`` holds each report's kernel (in-process: the kernel carries it); the one whose ledger needs
    more fails, naming the file, and the batch's peak stays under the cap plus the kernel's and workers' own size."""
    with open(_ledger(project) / "依申请公开.csv", "a", encoding="utf-8") as out:
        out.writelines(f"2020-X{i},2020-03-05,自然人,2020-03-09,予以公开\n" for i in range(800_000))
    code, printed, _, peak = measured([sys.executable, "-m", "gk_helpers.cli", "run", "params", "-o", "out", "--jobs", "1",
                                       "--force", "--max-memory", "200MB"], cwd=project, timeout=600)
    assert code == 1
    assert (f"失败：南召县 {BAD} 2020年：第2个代码单元格（ctx = gk.prepare(params_file, county, township, year, format_override, "
            "params_root)）出错：依申请公开.csv：读取时超过内存上限 200 MB（--max-memory），已停止读取。") in printed
    rows = index_rows(project / "out")
    assert rows[("2020", "城关镇")][3] == rows[("2019", "城关镇")][3] == "成功"  # the same kernel went on
    assert peak < 200 * MB + KERNEL_OWN, peak // MB


# ---- outputs replaced all or none ---------------------------------------------------------------------

def test_a_folder_in_the_way_fails_the_report_and_keeps_every_old_file(project, capsys):
    """Before: the new .html was renamed in while .json/.ipynb stayed old, and *.tmp files were left."""
    before = _outputs(project, BAD)
    review = project / FOLDER / f"{BAD}.review.html"
    review.unlink()
    review.mkdir()
    del before[review.name]
    code, printed = gk(project, "run", "params", "-o", "out", "--force", "--township", BAD, capsys=capsys)
    assert code == 1
    assert f"失败：南召县 {BAD} 2020年：要写的输出文件是一个目录：out/南召县/2020/{BAD}.review.html" in printed
    assert {k: v for k, v in _outputs(project, BAD).items() if k in before} == before
    assert not [p for p in (project / "out").rglob("*") if p.name.endswith(".tmp") or ".running." in p.name]
    row = index_rows(project / "out")[("2020", BAD)]
    assert row[3] == KEPT and row[6].startswith("上次的报告 · ")


def test_commit_rolls_back_every_rename_when_one_fails(tmp_path, monkeypatch):
    targets = [tmp_path / name for name in ("a.html", "a.json", "a.ipynb", "a.docx")]
    for target in targets[:3]:
        target.write_text(f"old {target.name}", encoding="utf-8")
    real = os.replace
    calls = []

    def replace(source, target):
        calls.append(Path(target).name)
        if Path(target).name == "a.ipynb" and Path(source).suffix == ".tmp" and len(calls) == 3:
            raise OSError(errno.EIO, "Input/output error")
        return real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError) as info:
        execute.commit({t: f"new {t.name}" for t in targets})
    assert info.value.filename == str(tmp_path / "a.ipynb")  # the output, never a temp file
    assert {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == {
        "a.html": "old a.html", "a.json": "old a.json", "a.ipynb": "old a.ipynb"}


def test_commit_message_names_the_output_when_the_disk_is_full(tmp_path, monkeypatch):
    real = os.fdopen

    class Full:
        def __init__(self, fd, mode):
            self.handle = real(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", Full)
    with pytest.raises(OSError) as info:
        execute.commit({tmp_path / "城关镇.html": "x"})
    assert (info.value.errno, info.value.filename) == (errno.ENOSPC, str(tmp_path / "城关镇.html"))
    assert list(tmp_path.iterdir()) == []


def test_leftovers_of_a_killed_run_are_swept_by_the_next(project, capsys):
    folder = project / FOLDER
    stale = [folder / f".{BAD}.html.ab12cd34.tmp", project / "out" / ".index.html.zz99yy88.tmp",
             folder / f".{BAD}.running.99999999.ipynb", project / "out/.gk-scratch/kernel-1-abc.json"]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}", encoding="utf-8")
    code, _ = gk(project, "run", "params", "-o", "out", capsys=capsys)
    assert code == 0
    assert not [p for p in stale if p.exists()] and not (project / "out/.gk-scratch").exists()


# ---- one writer at a time --------------------------------------------------------------------------

def test_lock_file_that_is_a_link_is_refused_and_its_target_untouched(project, capsys):
    victim = project / "victim.txt"
    victim.write_text("重要内容", encoding="utf-8")
    (project / "out" / outdir.LOCK_NAME).unlink()
    (project / "out" / outdir.LOCK_NAME).symlink_to(victim)
    for command in (["run", "params", "-o", "out"], ["report", "params/南召县/城关镇/2020.yaml", "-o", "out"]):
        code, printed = gk(project, *command, capsys=capsys)
        assert (code, printed) == (2, "输出目录 out 的锁文件 .gk-run.lock 是一个符号链接，已拒绝使用（不会写入它所指向的文件）。"
                                      "请删除它后重新运行。\n")
    assert victim.read_text(encoding="utf-8") == "重要内容"


def test_report_and_audit_respect_a_running_batchs_lock(project, capsys):
    _hanging_notebook(project, township="")  # every report hangs: the batch's own overview stays as first written
    overview = project / "out/index.html"
    written = overview.stat().st_mtime_ns
    first = gk_process(project, "run", "params", "-o", "out", "--jobs", "1", "--force", "--timeout", "60")
    try:
        _wait_for(lambda: json.loads((project / "out" / outdir.LOCK_NAME).read_text() or "{}").get("pid") == first.pid)
        _wait_for(lambda: overview.stat().st_mtime_ns != written)  # the batch marked its reports pending
        index = overview.read_bytes()
        code, printed = gk(project, "report", "params/南召县/城关镇/2020.yaml", "-o", "out", capsys=capsys)
        assert code == 2 and printed.startswith(f"输出目录 out 正由另一个 gk run 使用：进程 {first.pid}（")
        code, printed = gk(project, "audit", str(project / FOLDER / "城关镇.html"), "-o", "out", capsys=capsys)
        assert code == 2 and printed.startswith(f"输出目录 out 正由另一个 gk run 使用：进程 {first.pid}（")
        assert (project / "out/index.html").read_bytes() == index
    finally:
        first.kill()
        first.wait()


def test_kernel_connection_files_stay_in_the_output_scratch_after_an_early_kill(project, tmp_path):
    """Before: tmp*.json with the HMAC key were left in the system temp folder in 2 of 7 kills."""
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    process = gk_process(project, "run", "params", "-o", "out", "--jobs", "2", "--force", env={"TMPDIR": str(private_tmp)})
    _wait_for(lambda: len(connection_files(descendants(process.pid))) == 2, 120)
    below = descendants(process.pid)
    files = connection_files(below)
    process.kill()
    process.wait()
    _wait_for(lambda: not any(alive(p) for p in below), 15)
    assert all(f.parent == project / "out/.gk-scratch" for f in files)
    assert not list(private_tmp.glob("tmp*.json"))
    code = subprocess.run([sys.executable, "-m", "gk_helpers.cli", "run", "params", "-o", "out", "--jobs", "1"], cwd=project,
                          capture_output=True, timeout=300).returncode
    assert code == 0 and not (project / "out/.gk-scratch").exists()


# ---- one township-year, one params file ----------------------------------------------------------------

def test_two_params_files_for_one_township_year_fail_both(project, capsys):
    """Before: 云阳镇/2020.yaml with township: 城关镇 ran and was published as a second 城关镇 row and page."""
    shutil.copytree(project / "params/南召县/城关镇", project / "params/南召县/云阳镇")  # township: 城关镇 inside
    before = _outputs(project, "城关镇")
    code, printed = gk(project, "run", "params", "-o", "out", "--force", capsys=capsys)
    assert code == 1
    message = ("参数文件 params/南召县/云阳镇/2020.yaml、params/南召县/城关镇/2020.yaml 都是南召县城关镇2020年的（县、乡镇和年度相同），"
               "输出会互相覆盖，都没有运行。请删除其中多余的，或改正其县、乡镇或年度。")
    assert f"失败：南召县 云阳镇 2020年：{message}" in printed and f"失败：南召县 城关镇 2020年：{message}" in printed
    rows = index_rows(project / "out")
    assert rows[("2020", "城关镇（2020.yaml）")][3] == KEPT and rows[("2020", "云阳镇（2020.yaml）")][3] == "失败"
    assert [key for key in rows if key[0] == "2020" and "城关镇" in key[1]] == [("2020", "城关镇（2020.yaml）")]
    assert {k: v for k, v in _outputs(project, "城关镇").items() if k in before} == before  # nothing re-published
    assert not (project / FOLDER / "云阳镇.html").exists()


def test_params_entries_that_are_not_files_are_reported(project, capsys):
    folder = project / "params/南召县/城关镇"
    (folder / "2021.yaml").symlink_to(folder / "gone.yaml")
    os.mkfifo(folder / "2022.yaml")
    (folder / "2023.yaml").mkdir()
    code, printed = gk(project, "run", "params", "-o", "out", capsys=capsys)
    assert code == 1
    for year, what in ((2021, "一个失效的符号链接（指向的文件不存在）"), (2022, "一个命名管道（FIFO）"), (2023, "一个文件夹")):
        assert (f"失败：南召县 城关镇 {year}年：参数文件 params/南召县/城关镇/{year}.yaml 是{what}，不是参数文件。"
                "请删除它，或换成真正的参数文件。") in printed


# ---- county templates run under the report's deadline ------------------------------------------------

def test_a_slow_county_template_is_stopped_at_the_deadline(project):
    """County templates are code: one that never ends stops at --timeout, in gk report too."""
    (project / "templates/report").mkdir(parents=True)
    (project / "templates/report/document.html.j2").write_text(
        "{% for i in range(1000000) %}{% for j in range(1000000) %}{% endfor %}{% endfor %}", encoding="utf-8")
    code, out, seconds, _ = measured([sys.executable, "-m", "gk_helpers.cli", "report", "params/南召县/城关镇/2020.yaml",
                                      "-o", "out2", "--formats", "html,fragment", "--timeout", "25"], cwd=project, timeout=200)
    assert code == 1 and seconds < 25 + 40
    assert out.startswith("南召县城关镇2020年报告生成失败：运行超过 25 秒，已终止（当时在生成各格式文件（模板、Word、Excel、PDF））"), out
