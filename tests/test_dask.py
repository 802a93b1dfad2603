"""gk run --executor dask: real ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1, no shared folder.

The workers run in a folder of their own (not the project's): every file a job reads is sent to
them and every output comes back, so each report must be byte for byte what the local pool makes.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from test_batch import _break_ledger, index_rows, make_project
from test_robust import KEPT, gk

pytest.importorskip("distributed")

from gk_helpers.batch import dask_executor  # noqa: E402

BIN = Path(sys.executable).parent
REPORTS = [("城关镇", 2019), ("城关镇", 2020), ("四棵树乡", 2020), ("云阳镇", 2020)]
#: The files compared byte for byte: every output but the executed notebooks (papermill records times in them).
COMPARED = (".html", ".json", ".xlsx", ".docx")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


class Cluster:
    """A ``dask scheduler`` and a ``dask worker`` (``workers`` processes, one thread each) started in ``folder``."""

    def __init__(self, folder: Path, workers: int = 2):
        self.folder = folder
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        log = (folder / "cluster.log").open("wb")
        self.scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(self.port),
                                           "--no-dashboard"], cwd=folder, env=env, stdout=log, stderr=log)
        self.worker = subprocess.Popen([str(BIN / "dask"), "worker", self.address, "--nworkers", str(workers),
                                        "--nthreads", "1", "--no-dashboard", "--local-directory", str(folder)],
                                       cwd=folder, env=env, stdout=log, stderr=log)
        from distributed import Client

        _wait(lambda: _listening(self.port), 60, "the scheduler")
        with Client(self.address, timeout=30) as client:
            client.wait_for_workers(workers, timeout=120)

    def stop(self) -> None:
        for process in (self.worker, self.scheduler):
            process.send_signal(signal.SIGINT)
        for process in (self.worker, self.scheduler):
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask-workers")  # the workers' own folder, not the project's
    running = Cluster(folder)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> Path:
    """A project whose batch the local pool has run into ``outputs/`` (the reference).

    Run twice: a 2020 report reads last year's report JSON from ``outputs/`` (checks C1, C2), which the
    first run may not have written yet when it starts; the second run brings those up to date.
    """
    root = make_project(tmp_path_factory.mktemp("dask-project"), REPORTS)
    assert gk_run(root) == 0
    assert gk_run(root) == 0
    return root


def gk_run(root: Path, *args: str) -> int:
    return subprocess.run([sys.executable, "-m", "gk_helpers.cli", "run", "params", *args], cwd=root,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode


def outputs(out: Path, suffixes=COMPARED) -> dict[str, bytes]:
    """Every output file (stamps included) by its path in the folder."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and (p.name.endswith(suffixes) or p.name.endswith(".stamp.json")) and p.name != ".gk-run.lock"}


def _cells(path: Path) -> list:
    """An executed notebook's cells with their outputs, without papermill's timings."""
    nb = nbformat.read(path, 4)
    for cell in nb.cells:
        cell.get("metadata", {}).pop("papermill", None)
        cell.get("metadata", {}).pop("execution", None)
    return [(c.cell_type, c.source, c.get("outputs")) for c in nb.cells]


def test_every_report_is_byte_for_byte_the_local_pools(local, cluster, tmp_path, capsys):
    project = tmp_path / "p"
    shutil.copytree(local, project, symlinks=True)
    code, printed = gk(project, "run", "params", "-o", "out-dask", "--executor", "dask", "--scheduler", cluster.address,
                       capsys=capsys)
    assert code == 0, printed
    assert "生成 6 项，未变化 0 项，失败 0 项。" in printed  # 4 reports and 2 roll-ups (2019, 2020)
    here, there = outputs(project / "outputs"), outputs(project / "out-dask")
    # html, review, json per report; roll-up html, json; overview html, json; the county's overview; the params memo
    # (.gk-params.json); stamps
    assert len(here) == 4 * 3 + 2 * 2 + 2 + 1 + 1 + 6
    assert {"index.json", "南召县/index.html", ".gk-params.json"} <= set(here)
    assert sorted(there) == sorted(here)
    assert [name for name in here if here[name] != there[name]] == []
    for notebook in (project / "outputs").rglob("*.ipynb"):  # the roll-ups' differ by their out_dir parameter
        if notebook.name != "index.ipynb":
            assert _cells(notebook) == _cells(project / "out-dask" / notebook.relative_to(project / "outputs"))
    assert not list(cluster.folder.rglob("out-dask"))  # the workers wrote nothing where the client reads
    # nothing changed: the cache is the batch's own, nothing is sent
    code, printed = gk(project, "run", "params", "-o", "out-dask", "--executor", "dask", "--scheduler", cluster.address,
                       capsys=capsys)
    assert code == 0 and "生成 0 项，未变化 6 项，失败 0 项。" in printed


def test_a_failed_report_keeps_the_last_good_one_and_the_others_go_on(local, cluster, tmp_path, capsys):
    project = tmp_path / "p"
    shutil.copytree(local, project, symlinks=True)
    good = (project / "outputs/南召县/2020/四棵树乡.html").read_bytes()
    _break_ledger(project)  # a 收到日期 of 2020-13-45
    code, printed = gk(project, "run", "params", "--executor", "dask", "--scheduler", cluster.address, capsys=capsys)
    assert code == 1 and "Traceback" not in printed
    assert "失败：南召县 四棵树乡 2020年：" in printed and "2020-13-45" in printed
    assert (project / "outputs/南召县/2020/四棵树乡.html").read_bytes() == good
    failed = nbformat.read(project / "outputs/南召县/2020/四棵树乡.failed.ipynb", 4)  # the evidence came back
    assert any(o.get("output_type") == "error" for c in failed.cells for o in c.get("outputs", []))
    rows = index_rows(project / "outputs")
    assert rows[("2020", "四棵树乡")][3] == KEPT and rows[("2020", "城关镇")][3] == "成功"


def _notebook_with(project: Path, code: str) -> None:
    path = project / "notebooks/annual_report.ipynb"
    nb = nbformat.read(path, 4)
    nb.cells.insert(3, nbformat.v4.new_code_cell(code))
    nbformat.write(nb, path)


def test_timeout_on_a_worker_kills_its_kernel_and_names_the_cell(local, cluster, tmp_path, capsys):
    project = tmp_path / "p"
    shutil.copytree(local, project, symlinks=True)
    _notebook_with(project, "import time\nif '四棵树乡' in params_file:\n    time.sleep(1000)")
    began = time.monotonic()
    code, printed = gk(project, "run", "params", "-o", "out", "--executor", "dask", "--scheduler", cluster.address,
                       "--timeout", "5", capsys=capsys)
    assert time.monotonic() - began < 120
    assert code == 1
    assert "失败：南召县 四棵树乡 2020年：运行超过 5 秒，已终止（当时在运行第3个代码单元格：time.sleep(1000)）" in printed
    assert printed.count("失败：") == 1


def _worker_pids(address: str) -> dict[str, int]:
    from distributed import Client

    with Client(address, timeout=30) as client:
        return client.run(os.getpid)


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_worker_stuck_past_the_time_bound_is_restarted_and_the_batch_goes_on(local, cluster, tmp_path, capsys,
                                                                               monkeypatch):
    """A job stuck outside its kernel — a county template that never ends, run in the worker's thread where no alarm
    reaches it — is failed GRACE seconds past --timeout; its worker is restarted with its kernel; the rest come out."""
    monkeypatch.setattr(dask_executor.DaskExecutor, "GRACE", 3.0)
    project = tmp_path / "p"
    shutil.copytree(local, project, symlinks=True)
    kernel = tmp_path / "kernel.pid"
    _notebook_with(project, "import os, pathlib\n"
                            f"if '四棵树乡' in params_file:\n    pathlib.Path({str(kernel)!r}).write_text(str(os.getpid()))")
    import gk_helpers.render

    default = (Path(gk_helpers.render.__file__).parent / "templates/report/document.html.j2").read_text(encoding="utf-8")
    (project / "templates/report").mkdir(parents=True)
    (project / "templates/report/document.html.j2").write_text(
        "{%- if '四棵树乡' in doc.title_lines | join %}{% for i in range(1000000) %}{% for j in range(1000000) %}"
        "{% endfor %}{% endfor %}{% endif -%}\n" + default, encoding="utf-8")
    before = _worker_pids(cluster.address)
    began = time.monotonic()
    code, printed = gk(project, "run", "params", "-o", "out", "--executor", "dask", "--scheduler", cluster.address,
                       "--timeout", "5", "--formats", "html,fragment", capsys=capsys)
    assert time.monotonic() - began < 240
    assert code == 1, printed
    stuck = [line for line in printed.splitlines() if line.startswith("失败：")]
    assert len(stuck) == 1 and stuck[0].startswith("失败：南召县 四棵树乡 2020年：运行超过 5 秒，已终止（工作节点 127.0.0.1:")
    assert stuck[0].endswith(" 上的工作进程没有响应，已连同内核一起重启）")
    assert "生成 5 项，未变化 0 项，失败 1 项。" in printed  # the batch went on: 3 reports and the 2 roll-ups
    rows = index_rows(project / "out")
    assert rows[("2020", "四棵树乡")][3] == "失败" and "没有响应" in rows[("2020", "四棵树乡")][4]
    here, there = outputs(project / "outputs", (".html", ".json")), outputs(project / "out", (".html", ".json"))
    others = [name for name in here if name.endswith((".html", ".json")) and name.count("/") == 2  # not the stamps:
              and "/." not in name and "四棵树乡" not in name and not name.endswith(("index.html", "index.json"))]
    assert len(others) == 3 * 3  # 城关镇 2019, 2020 and 云阳镇 2020: page, review page, JSON
    assert [name for name in others if there.get(name) != here[name]] == []
    _wait(lambda: not _alive(int(kernel.read_text())), 60, "the stuck worker's kernel to end")
    _wait(lambda: _workers(cluster.address) == 2, 120, "the nanny to restart the worker")
    after = _worker_pids(cluster.address)
    assert len(set(before.values()) - set(after.values())) == 1  # one process replaced, the other kept
    assert not any(_alive(pid) for pid in set(before.values()) - set(after.values()))


def test_a_worker_killed_mid_batch_costs_nothing_but_time(local, cluster, tmp_path, capsys):
    """The job whose worker died runs again on a worker; every report is still the local pool's."""
    project = tmp_path / "p"
    shutil.copytree(local, project, symlinks=True)
    marker = tmp_path / "worker.pid"
    _notebook_with(project, "import os, time, pathlib\n"
                            f"if '四棵树乡' in params_file and not pathlib.Path({str(marker)!r}).exists():\n"
                            f"    pathlib.Path({str(marker)!r}).write_text(str(os.getppid()))\n"
                            "    time.sleep(600)")
    process = subprocess.Popen([sys.executable, "-m", "gk_helpers.cli", "run", "params", "-o", "out", "--executor", "dask",
                                "--scheduler", cluster.address], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _wait(lambda: marker.is_file() and marker.read_text().strip(), 180, "the report to start")
    os.kill(int(marker.read_text()), signal.SIGKILL)  # the worker process running 四棵树乡 2020
    printed = process.communicate(timeout=300)[0].decode()
    assert process.returncode == 0, printed
    here = outputs(project / "outputs", (".html",))
    there = outputs(project / "out", (".html",))
    assert {k: v for k, v in there.items() if k.endswith(".html")} == {k: v for k, v in here.items() if k.endswith(".html")}
    _wait(lambda: _workers(cluster.address) == 2, 120, "the nanny to restart the worker")


def _workers(address: str) -> int:
    from distributed import Client

    with Client(address, timeout=30) as client:
        return len(client.scheduler_info()["workers"])


def test_a_job_that_kills_its_worker_each_time_is_retried_once_then_fails(local, cluster, tmp_path, capsys):
    project = tmp_path / "p"
    shutil.copytree(local, project, symlinks=True)
    tries = tmp_path / "tries"
    tries.mkdir()
    _notebook_with(project, "import os, signal, pathlib\n"
                            "if '四棵树乡' in params_file:\n"
                            f"    pathlib.Path({str(tries)!r}, str(os.getppid())).touch()\n"
                            "    os.kill(os.getppid(), signal.SIGKILL)")
    code, printed = gk(project, "run", "params", "-o", "out", "--executor", "dask", "--scheduler", cluster.address,
                       capsys=capsys)
    assert code == 1
    assert "失败：南召县 四棵树乡 2020年：工作节点意外退出（已重试一次）" in printed
    assert printed.count("失败：") == 1
    assert len(list(tries.iterdir())) == 2  # the first try and the one retry, each killing its worker
    assert index_rows(project / "out")[("2020", "城关镇")][3] == "成功"
    _wait(lambda: _workers(cluster.address) == 2, 120, "the nanny to restart the workers")


def test_unreachable_scheduler_is_one_error_before_anything_runs(local, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(dask_executor, "CONNECT_TIMEOUT", 2.0)
    project = tmp_path / "p"
    shutil.copytree(local, project, symlinks=True)
    port = free_port()
    code, printed = gk(project, "run", "params", "-o", "out", "--executor", "dask", "--scheduler", f"tcp://127.0.0.1:{port}",
                       capsys=capsys)
    assert code == 2 and "Traceback" not in printed
    assert printed == (f"无法连接 dask 调度器 tcp://127.0.0.1:{port}（连接超时）。请确认调度器已启动（dask scheduler）、"
                       "地址和端口正确、本机能访问它。没有运行任何报告。\n")
    assert not (project / "out" / "index.html").exists()


@pytest.mark.parametrize("args, message", [
    (("--executor", "dask"), "--executor dask 需要给出调度器地址：--scheduler tcp://主机:8786。\n"),
    (("--scheduler", "tcp://127.0.0.1:1"), "--scheduler 只用于 --executor dask。\n"),
])
def test_executor_options_that_do_not_fit_exit_2(local, tmp_path, capsys, args, message):
    project = tmp_path / "p"
    shutil.copytree(local, project, symlinks=True)
    assert gk(project, "run", "params", "-o", "out", *args, capsys=capsys) == (2, message)


def test_without_dask_installed_the_error_says_how_to_install_it(local, tmp_path, capsys, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    project = tmp_path / "p"
    shutil.copytree(local, project, symlinks=True)
    code, printed = gk(project, "run", "params", "-o", "out", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:1",
                       capsys=capsys)
    assert code == 2
    assert printed.startswith("没有安装 dask.distributed，无法使用 --executor dask。请安装：pip install 'gk-report[dask]'")


def test_a_ledger_folder_given_as_an_absolute_path_fails_that_report_alone(local, cluster, tmp_path, capsys):
    project = tmp_path / "p"
    shutil.copytree(local, project, symlinks=True)
    path = project / "params/南召县/云阳镇/2020.yaml"
    text = path.read_text(encoding="utf-8")
    absolute = (project / "data/sample/南召县/云阳镇").resolve()
    path.write_text("\n".join(f"ledger_dir: {absolute}" if line.startswith("ledger_dir:") else line
                              for line in text.splitlines()) + "\n", encoding="utf-8")
    code, printed = gk(project, "run", "params", "-o", "out", "--executor", "dask", "--scheduler", cluster.address,
                       capsys=capsys)
    assert code == 1
    assert (f"失败：南召县 云阳镇 2020年：参数文件 2020.yaml 的台账目录「{absolute}」是绝对路径，用 --executor dask 时"
            "工作节点上没有这个路径。请改为相对于参数文件所在目录的路径（如 ../../../data/<县>/<乡镇>）。") in printed
    assert printed.count("失败：") == 1


def test_shipment_sends_what_a_report_reads(local, tmp_path):
    import yaml

    from gk_helpers.batch import run as batch
    from gk_helpers.batch.shipment import HEAD_BYTES, ship

    project = tmp_path / "p"
    shutil.copytree(local, project, symlinks=True)
    path = project / "params/南召县/城关镇/2020.yaml"  # without its previous: block, last year's JSON is read
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("previous", None)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (project / "data/sample/南召县/城关镇/说明.txt").write_text("不是台账" * 100, encoding="utf-8")
    local = project
    todo = batch.plan(local / "params", local / "x", local / "notebooks/annual_report.ipynb", cwd=local)
    job = next(j for j in todo.jobs if j.label == "南召县 城关镇 2020年")
    files = {p.relative_to(local.resolve()).as_posix(): limit for p, limit in ship(job).files.items()}
    assert files["notebooks/annual_report.ipynb"] is None
    assert files["params/南召县/城关镇/2020.yaml"] is None
    assert files["params/南召县/城关镇/2019.yaml"] is None  # last year's prose (P3)
    assert files["params/南召县/四棵树乡/2020.yaml"] is None  # the county's other townships (P3)
    assert "params/南召县/城关镇/2020-总体情况.md" in files
    ledgers = {name: limit for name, limit in files.items() if name.startswith("data/sample/南召县/城关镇/")}
    assert ledgers.pop("data/sample/南召县/城关镇/说明.txt") == HEAD_BYTES  # only what tells the loader what it is
    assert ledgers and all(limit is None for limit in ledgers.values())
    assert files["outputs/南召县/2019/城关镇.json"] is None  # last year's report (C1, C2)
