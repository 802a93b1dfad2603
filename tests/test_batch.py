"""gk run: the batch over a few sample township-years — failures isolated, incremental, interrupt-safe."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from gk_helpers.base import version as kit
from gk_helpers import cli
from gk_helpers.batch import run as batch
from gk_helpers.batch.cache import read_stamp
from gk_helpers.batch.index import Row
from gk_helpers.batch.overview import IndexWriter

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "南召县"
PARAMS = ROOT / "params" / "南召县"
#: A few township-years: an xlsx township with prose files, two years of it, and a CSV township.
REPORTS = [("城关镇", 2019), ("城关镇", 2020), ("四棵树乡", 2020)]


def make_project(root: Path, reports=REPORTS) -> Path:
    """params/, data/sample/ and notebooks/ for ``reports`` under ``root`` (params keep their relative ledger_dir)."""
    for township, year in reports:
        target = root / "params" / "南召县" / township
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(PARAMS / township / f"{year}.yaml", target)
        for prose in (PARAMS / township).glob(f"{year}-*.md"):
            shutil.copy(prose, target)
        if not (root / "data" / "sample" / "南召县" / township).exists():
            shutil.copytree(SAMPLE / township, root / "data" / "sample" / "南召县" / township)
    shutil.copytree(ROOT / "notebooks", root / "notebooks", dirs_exist_ok=True)
    return root


def run(root: Path, **kwargs) -> batch.BatchResult:
    options = dict(jobs=2, notebook=root / "notebooks" / "annual_report.ipynb", cwd=root, progress=False)
    return batch.run_batch(root / "params", root / "out", **{**options, **kwargs})


def stale_labels(root: Path) -> list[str]:
    todo = batch.plan(root / "params", root / "out", root / "notebooks" / "annual_report.ipynb", cwd=root)
    return sorted(j.label for j in todo.stale)


class _Index(HTMLParser):
    """The report rows of index.html as lists of cell texts, and every link."""

    def __init__(self):
        super().__init__()
        self.rows, self.links, self._cell = [], [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell = ""
        elif tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.rows[-1].append(self._cell.strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


class IndexRow(list):
    """A report's record in OUT/index.json, by key (``row["status"]``) and as the overview's cells by position:
    county, year, label, status, error or failed checks, warnings, links (``row[3]``)."""

    def __init__(self, record: dict):
        from gk_helpers.batch.index import OUTPUT_LABELS

        earlier = "上次的" if record["status"] in ("kept", "pending") else ""
        links = " · ".join(("" if kind == "failed_notebook" else earlier) + OUTPUT_LABELS[kind] for kind in record["outputs"])
        self.record = {**record, "detail": record["message"] or " ".join(record["failed_checks"])}
        label = record.get("label", record["township"])
        super().__init__([record["county"], str(record["year"]), label, record["status_text"], self.record["detail"],
                          str(record["warnings"]), links])

    def __getitem__(self, key):
        return self.record[key] if isinstance(key, str) else super().__getitem__(key)


def index_rows(out: Path) -> dict[tuple[str, str], IndexRow]:
    """(year, label) → the report's record in OUT/index.json (see ``IndexRow``)."""
    data = json.loads((out / "index.json").read_text(encoding="utf-8"))
    return {(str(r["year"]), r.get("label", r["township"])): IndexRow(r) for r in data["reports"]}


@pytest.fixture(scope="module")
def done(tmp_path_factory) -> Path:
    """A project whose batch has run once (copy it before changing anything)."""
    root = make_project(tmp_path_factory.mktemp("batch"))
    result = run(root)
    assert result.ok, result.summary()
    return root


@pytest.fixture
def project(done, tmp_path) -> Path:
    """A private copy of the finished project (stamps stay valid: they hash contents, not paths)."""
    shutil.copytree(done, tmp_path / "p", symlinks=True)
    return tmp_path / "p"


def test_batch_writes_every_report_rollup_and_index(done):
    out = done / "out" / "南召县"
    for township, year in REPORTS:
        for ext in ("html", "json", "ipynb"):
            assert (out / str(year) / f"{township}.{ext}").is_file()
        assert read_stamp(out / str(year) / f".{township}.stamp.json").ok
    for year in (2019, 2020):
        assert (out / str(year) / "index.html").is_file()
    rows = index_rows(done / "out")
    assert [rows[(str(y), t)]["status_text"] for t, y in REPORTS] == ["成功"] * 3
    page = (done / "out" / "index.html").read_text(encoding="utf-8")
    assert str(done) not in page and "file:" not in page
    parser = _Index()
    parser.feed(page)
    assert "%E5%8D%97%E5%8F%AC%E5%8E%BF/2020/%E5%9F%8E%E5%85%B3%E9%95%87.html" in parser.links  # 南召县/2020/城关镇.html
    assert "%E5%8D%97%E5%8F%AC%E5%8E%BF/2020/%E5%9F%8E%E5%85%B3%E9%95%87.review.html" in parser.links  # the review page too
    assert all(not link.startswith("/") for link in parser.links)
    from urllib.parse import unquote

    for link in parser.links:
        assert (done / "out" / unquote(link.split("#")[0])).is_file()
    county = _Index()
    county.feed((done / "out" / "南召县" / "index.html").read_text(encoding="utf-8"))
    assert "2020/%E5%9F%8E%E5%85%B3%E9%95%87.html" in county.links  # the county page links from its own folder
    for link in county.links:
        assert (done / "out" / "南召县" / unquote(link.split("#")[0])).is_file(), link


def test_warm_notebook_matches_gk_report(done, tmp_path):
    """The warm kernel gives the same HTML and JSON as a fresh kernel (gk report)."""
    from gk_helpers.batch.execute import execute_report

    paths = execute_report(done / "params" / "南召县" / "城关镇" / "2020.yaml", tmp_path, done / "notebooks" / "annual_report.ipynb", cwd=done)
    ours = done / "out" / "南召县" / "2020"
    assert paths.html.read_bytes() == (ours / "城关镇.html").read_bytes()
    assert paths.review.read_bytes() == (ours / "城关镇.review.html").read_bytes()
    assert paths.json.read_bytes() == (ours / "城关镇.json").read_bytes()
    counts = [c.execution_count for c in nbformat.read(ours / "城关镇.ipynb", 4).cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))


def test_nothing_changed_runs_nothing(project):
    index = (project / "out" / "index.html").read_bytes()
    result = run(project)
    assert result.ok and result.outcomes == []
    assert (project / "out" / "index.html").read_bytes() == index
    assert len(result.unchanged) == len(REPORTS) + 2  # and both roll-ups


def _edit_notebook(root: Path) -> None:
    path = root / "notebooks" / "annual_report.ipynb"
    nb = nbformat.read(path, 4)
    nb.cells[0].source += "\n（已修改）"
    nbformat.write(nb, path)


def _append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


ALL = sorted(f"南召县 {t} {y}年" for t, y in REPORTS)
CHANGES = {
    "notebook": (_edit_notebook, ALL),
    "params": (lambda r: _append(r / "params/南召县/四棵树乡/2020.yaml", "\n# 改动\n"), ["南召县 四棵树乡 2020年"]),
    # 城关镇's section 五 changes, and P3 compares 四棵树乡's 2020 prose with it: both re-run
    "prose": (lambda r: _append(r / "params/南召县/城关镇/2020-问题.md", "\n补充一句。"),
              ["南召县 四棵树乡 2020年", "南召县 城关镇 2020年"]),
    "ledger": (lambda r: _append(r / "data/sample/南召县/四棵树乡/热线工单.csv", ""), []),  # same bytes: still fresh
    "ledger-content": (lambda r: (r / "data/sample/南召县/城关镇/台账.xlsx").write_bytes(
        (r / "data/sample/南召县/城关镇/台账.xlsx").read_bytes() + b"\0"), ["南召县 城关镇 2019年", "南召县 城关镇 2020年"]),
    "unrelated": (lambda r: (r / "params/南召县/城关镇/草稿.md").write_text("不被引用", encoding="utf-8"), []),
}


@pytest.mark.parametrize("change", CHANGES)
def test_cache_hit_and_miss(project, change):
    assert stale_labels(project) == []
    edit, expected = CHANGES[change]
    edit(project)
    assert stale_labels(project) == expected


def test_version_change_reruns_everything(project, monkeypatch):
    monkeypatch.setattr(kit, "RELEASE", "99.0")
    assert stale_labels(project) == ALL


def test_edited_kit_source_reruns_everything(project, monkeypatch):
    from gk_helpers.batch import cache

    assert cache.kit_version().startswith(kit.RELEASE + "+")
    monkeypatch.setattr(cache, "_source_hash", lambda: "edited-source")
    assert stale_labels(project) == ALL


def test_missing_output_or_force_reruns(project):
    (project / "out/南召县/2019/城关镇.json").unlink()
    assert stale_labels(project) == ["南召县 城关镇 2019年"]
    todo = batch.plan(project / "params", project / "out", project / "notebooks/annual_report.ipynb", force=True, cwd=project)
    assert len(todo.stale) == len(REPORTS)


def test_changed_params_reruns_only_its_report_and_rollup(project):
    out = project / "out"
    files = [out / "index.html", out / "南召县/2020/index.html", out / "南召县/2020/index.json",
             out / "南召县/2020/四棵树乡.html", out / "南召县/2020/四棵树乡.review.html", out / "南召县/2020/四棵树乡.json"]
    before = [f.read_bytes() for f in files]
    _append(project / "params/南召县/四棵树乡/2020.yaml", "\n# 改动\n")
    result = run(project)
    assert result.ok
    assert sorted(o.job.label for o in result.outcomes) == ["南召县 2020年 县级汇总", "南召县 四棵树乡 2020年"]
    # a comment changes nothing the reader sees: the re-run outputs are byte-identical
    assert [f.read_bytes() for f in files] == before


def _break_ledger(root: Path, township: str = "四棵树乡") -> None:
    path = root / "data/sample/南召县" / township / "依申请公开.csv"
    lines = path.read_bytes().decode("utf-8-sig" if path.read_bytes().startswith(b"\xef\xbb\xbf") else "gb18030").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("收到日期")] = "2020-13-45"
    path.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n", encoding="utf-8")


def test_corrupt_ledger_fails_alone(project, done, monkeypatch, capsys):
    _break_ledger(project)
    monkeypatch.chdir(project)
    code = cli.main(["run", "params", "-o", "out", "--jobs", "2", "--force"])
    out = capsys.readouterr().out
    assert code == 1
    assert "失败：南召县 四棵树乡 2020年：" in out and "2020-13-45" in out
    folder = project / "out/南召县/2020"
    assert (folder / "四棵树乡.failed.ipynb").is_file()
    # the last good report stays, marked in the index as such with the reason
    assert (folder / "四棵树乡.html").read_bytes() == (done / "out/南召县/2020/四棵树乡.html").read_bytes()
    assert (folder / "城关镇.html").is_file() and read_stamp(folder / ".城关镇.stamp.json").ok
    rows = index_rows(project / "out")
    assert rows[("2020", "四棵树乡")]["status_text"] == "上次成功的结果（台账或参数已变化，本次失败）"
    assert "2020-13-45" in rows[("2020", "四棵树乡")]["detail"]
    assert rows[("2020", "城关镇")]["status_text"] == "成功"
    summary = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert [r["乡镇"] for r in summary["failed_reports"]] == ["四棵树乡"] and summary["summed"] == ["城关镇"]
    # A failure is never cached: the next run tries it again.
    assert stale_labels(project) == ["南召县 四棵树乡 2020年"]


def test_dead_kernel_fails_alone(project):
    """A notebook that kills its kernel fails; the worker's next notebook gets a fresh kernel."""
    path = project / "notebooks" / "annual_report.ipynb"
    nb = nbformat.read(path, 4)
    nb.cells.insert(2, nbformat.v4.new_code_cell('import os\nif "四棵树乡" in params_file:\n    os._exit(1)'))
    nbformat.write(nb, path)
    result = run(project, jobs=1)
    assert [label for label, _ in result.failures] == ["南召县 四棵树乡 2020年"]
    assert "内核" in result.failures[0][1]
    assert (project / "out/南召县/2020/四棵树乡.failed.ipynb").is_file()  # what ran before the kernel died
    assert (project / "out/南召县/2020/四棵树乡.html").exists()  # the last good report stays
    assert sum(1 for o in result.outcomes if o.status == "done") == 4  # the other two reports and both roll-ups


def test_unreadable_params_file_is_a_failure(project):
    (project / "params/南召县/城关镇/2021.yaml").write_text("year: [\n", encoding="utf-8")
    result = run(project)
    assert not result.ok and result.failures[0][0] == "南召县 城关镇 2021年"
    assert "YAML" in result.failures[0][1]
    assert index_rows(project / "out")[("2021", "城关镇（2021.yaml）")]["status_text"] == "失败"


def test_index_escapes_text(tmp_path):
    stamp = tmp_path / ".x.stamp.json"
    stamp.write_text(json.dumps({"fingerprint": "f", "status": "failed", "message": "<script>alert(1)</script>"}), encoding="utf-8")
    row = Row("<b>县", 2020, "<i>镇", "<i>镇", tmp_path / "x.html", None, None, None, stamp)
    files = IndexWriter(tmp_path).files([row], [])
    assert set(files) == {tmp_path / "index.html", tmp_path / "index.json", tmp_path / "<b>县" / "index.html"}
    for page in (files[tmp_path / "index.html"], files[tmp_path / "<b>县" / "index.html"]):
        assert "<script>" not in page and "<b>县" not in page and "<i>镇" not in page
        assert "&lt;script&gt;" in page and "&lt;i&gt;镇" in page
    assert 'href="%3Cb%3E%E5%8E%BF/index.html"' in files[tmp_path / "index.html"]  # the county page, quoted


def _complete(path: Path) -> bool:
    if path.suffix == ".json":
        json.loads(path.read_text(encoding="utf-8"))
    elif path.suffix == ".html":
        assert path.read_text(encoding="utf-8").rstrip().endswith("</html>")
    else:
        nbformat.read(path, 4)
    return True


def test_interrupted_batch_resumes(tmp_path):
    reports = [(t, y) for t in ("城关镇", "四棵树乡") for y in (2019, 2020, 2021)]
    root = make_project(tmp_path, reports)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "gk_helpers.cli", "run", "params", "-o", "out", "--jobs", "1"]
    # Ctrl-C as a terminal user gives it: a test suite started in the background of a shell script inherits SIGINT
    # ignored (as every command run with & there does), and so would gk run, which then rightly ignores it.
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((root / "out").rglob(".*.stamp.json"))) < 2:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    assert process.wait(30) == 130, process.stderr.read().decode()
    stamped = {p.name[1:-len(".stamp.json")] + p.parent.name for p in (root / "out").rglob(".*.stamp.json")}
    assert 2 <= len(stamped) < len(reports)
    for path in (root / "out").rglob("*"):
        if path.is_file() and not path.name.startswith("."):
            assert _complete(path), path  # nothing visible is half-written
    for stamp in (root / "out").rglob(".*.stamp.json"):
        stem = stamp.name[1:-len(".stamp.json")]
        assert all((stamp.parent / f"{stem}.{ext}").is_file() for ext in ("html", "json", "ipynb"))
    result = run(root)
    assert result.ok
    assert len([o for o in result.outcomes if o.job.kind == "report"]) == len(reports) - len(stamped)
    assert stale_labels(root) == []


def test_kernel_start_is_retried_once(monkeypatch):
    from gk_helpers.batch import warm

    calls = []
    real = warm.WarmKernel.launch

    def flaky(self):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("端口被占用")
        real(self)

    monkeypatch.setattr(warm.WarmKernel, "launch", flaky)
    kernel = warm.WarmKernel()
    try:
        kernel.ensure_ready()
        assert kernel.alive() and len(calls) == 2
    finally:
        kernel.shutdown()


def test_kernel_that_never_starts_fails_every_report_in_chinese(project):
    result = run(project, kernel_name="no-such-kernel", force=True)
    assert [label for label, _ in result.failures][:3] == ALL
    assert all("内核无法启动" in message and "已重试一次" in message for _, message in result.failures)
    assert index_rows(project / "out")[("2020", "城关镇")]["status_text"] == "上次成功的结果（台账或参数已变化，本次失败）"


@pytest.mark.parametrize("interactive", [False, True])
def test_progress_display(interactive):
    import io

    from gk_helpers.batch.progress import Progress

    stream = io.StringIO()
    display = Progress(3, stream=stream, interactive=interactive)
    display.begin(1)
    display.update("done", "南召县 城关镇 2020年", 0.4)
    display.update("failed", "南召县 四棵树乡 2020年", 0.5, "台账有 1 处问题：\n1. …")
    display.close()
    text = stream.getvalue()
    if interactive:
        assert "\r" in text and text.endswith("3/3 完成 1 失败 1 未变化 1\n")
        assert "\x1b[K失败 南召县 四棵树乡 2020年：台账有 1 处问题：\n" in text
    else:
        assert text.splitlines() == [
            "共 3 项：1 项未变化（跳过），其余需要运行。",
            "[2/3] 完成 南召县 城关镇 2020年（0.4 秒）",
            "[3/3] 失败 南召县 四棵树乡 2020年（0.5 秒）：台账有 1 处问题：",
            "3/3 完成 1 失败 1 未变化 1",
        ]


def test_formats_and_county_templates_enter_the_cache(project):
    todo = batch.plan(project / "params", project / "out", project / "notebooks/annual_report.ipynb", cwd=project,
                      formats=("html", "docx"))
    assert sorted(j.label for j in todo.stale) == ALL  # a new format is made for every report
    folder = project / "templates" / "report"
    folder.mkdir(parents=True)
    (folder / "title.html.j2").write_text('<h1{{ st("title") }}>{{ doc.title }}</h1>\n', encoding="utf-8")
    assert stale_labels(project) == ALL  # the county's own template re-renders its reports


def test_batch_formats_write_every_file_and_the_county_workbook(project):
    import openpyxl

    (project / "params" / "南召县" / "乡镇顺序.txt").write_text("# 本县的顺序\n四棵树乡\n城关镇\n", encoding="utf-8")
    result = run(project, formats=("html", "docx", "xlsx"))
    assert result.ok, result.summary()
    assert sorted(o.job.label for o in result.outcomes if o.job.kind == "report") == ALL
    out = project / "out" / "南召县"
    for township, year in REPORTS:
        for suffix in (".html", ".json", ".ipynb", ".docx", ".xlsx"):
            assert (out / str(year) / f"{township}{suffix}").is_file()
    book = openpyxl.load_workbook(out / "2020" / "index.xlsx")
    sheet = book["各乡镇"]
    assert [sheet.cell(r, 1).value for r in range(3, 6)] == ["四棵树乡", "城关镇", "合计"]  # the county's own order
    rollup = json.loads((out / "2020" / "index.json").read_text(encoding="utf-8"))
    assert rollup["townships"] == ["四棵树乡", "城关镇"]
    matrix = BeautifulSoup((project / "out" / "南召县" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [th.get_text() for th in matrix.select("table.gk-matrix tbody th")] == ["四棵树乡", "城关镇", "县级汇总"]
    links = _Index()
    links.feed((project / "out" / "index.html").read_text(encoding="utf-8"))
    assert "%E5%8D%97%E5%8F%AC%E5%8E%BF/2020/%E5%9F%8E%E5%85%B3%E9%95%87.docx" in links.links
    assert "%E5%8D%97%E5%8F%AC%E5%8E%BF/2020/index.xlsx" in links.links
    again = run(project, formats=("html", "docx", "xlsx"))
    assert again.ok and again.outcomes == []


def test_pdf_without_its_engine_is_one_note_and_nothing_reruns(project, monkeypatch):
    from gk_helpers.render import pdf

    pdf._engine.cache_clear()
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # as on a machine without Pango
    try:
        result = run(project, formats=("html", "pdf"))
    finally:
        pdf._engine.cache_clear()
    assert result.ok and result.outcomes == []  # html-only outputs are still fresh: PDF is left out, not failed
    assert result.notes == ["PDF 排版组件 WeasyPrint 无法使用，已跳过 PDF（import of weasyprint halted; None in sys.modules）。"
                            "请安装它需要的系统库（Debian：apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0）"
                            "后重新运行即可生成 PDF。"]
    assert result.summary().splitlines()[1] == result.notes[0]
    assert not list((project / "out").rglob("*.pdf"))


def _township(tmp_path: Path, name: str, data: dict) -> Row:
    folder = tmp_path / "南召县" / "2023"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / f".{name}.stamp.json"
    stamp.write_text(json.dumps({"fingerprint": "f", "status": "ok", "message": ""}), encoding="utf-8")
    (folder / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for suffix in (".html", ".review.html", ".docx"):
        (folder / f"{name}{suffix}").write_text("<html></html>", encoding="utf-8")
    return Row("南召县", 2023, name, name, folder / f"{name}.html", folder / f"{name}.json", None, None, stamp,
               review=folder / f"{name}.review.html")


def test_a_report_with_a_failed_check_is_not_a_success(tmp_path):
    data = {"checks": [
        {"id": "D1", "passed": False, "level": "fail", "detail": "逾期答复1件，未办结且已逾期0件。"},
        {"id": "P6", "passed": False, "level": "fail", "detail": "文字说“答复无一逾期”，但有1件申请逾期。"},
        {"id": "P3", "passed": False, "level": "warning", "detail": "第一部分与其他文字高度相似（≥90%）。"},
        {"id": "R1", "passed": True, "level": "fail", "detail": ""}], "warnings": ["未提供行政执法台账"]}
    rows = [_township(tmp_path, "云阳镇", data), _township(tmp_path, "城关镇", {"checks": [], "warnings": []})]
    files = IndexWriter(tmp_path).files(rows, [], {"南召县": ["云阳镇", "城关镇"]})
    index = json.loads(files[tmp_path / "index.json"])
    assert index["counts"] == {"ok": 1, "checks": 1, "failed": 0, "kept": 0, "pending": 0, "missing": 0}
    assert index["reports"][0] == {
        "county": "南召县", "township": "云阳镇", "year": 2023, "status": "checks", "status_text": "核对不通过",
        "failed_checks": ["D1", "P6"], "warnings": 2, "message": "",
        "outputs": {"html": "南召县/2023/云阳镇.html", "review": "南召县/2023/云阳镇.review.html", "json": "南召县/2023/云阳镇.json",
                    "docx": "南召县/2023/云阳镇.docx"}}
    assert index["reports"][1]["status"] == "ok"
    soup = BeautifulSoup(files[tmp_path / "南召县" / "index.html"], "html.parser")
    matrix = soup.select_one("table.gk-matrix")
    assert [th.get_text() for th in matrix.select("tbody th")] == ["云阳镇", "城关镇"]  # the county's order
    cell = matrix.select("tbody tr")[0].td
    assert cell["class"] == ["cell-checks"] and cell.select_one(".gk-status").get_text() == "核对不通过"
    assert [(a.get_text(), a["href"]) for a in cell.select(".gk-ids a")] == [
        ("D1", "2023/%E4%BA%91%E9%98%B3%E9%95%87.review.html#check-D1"), ("P6", "2023/%E4%BA%91%E9%98%B3%E9%95%87.review.html#check-P6")]
    assert cell.select_one(".gk-warn").get_text() == "提示 2"  # counted; the details are on the review page
    assert cell.select_one(".gk-warn")["title"] == "P3 第一部分与其他文字高度相似（≥90%）。\n未提供行政执法台账"  # and on hover
    assert [a.get_text() for a in cell.select(".gk-files a")] == ["报告", "审核页", "Word"]
    problems = soup.select(".gk-problems > li")
    assert len(problems) == 1 and problems[0].strong.get_text() == "云阳镇 2023年"
    assert [li.get_text(" ", strip=True) for li in problems[0].select("ul li")] == [
        "D1 逾期答复1件，未办结且已逾期0件。", "P6 文字说“答复无一逾期”，但有1件申请逾期。"]
    front = BeautifulSoup(files[tmp_path / "index.html"], "html.parser")
    assert front.select_one(".gk-summary").get_text() == "共 2 份报告：成功 1 份，核对不通过 1 份，失败 0 份，未生成 0 份。"
    assert front.select_one("table.gk-matrix") is not None  # one county: its matrix on the front page too
    assert front.select(".gk-ids a")[0]["href"] == "%E5%8D%97%E5%8F%AC%E5%8E%BF/2023/%E4%BA%91%E9%98%B3%E9%95%87.review.html#check-D1"


def test_townships_in_the_county_order_then_pinyin(tmp_path):
    from gk_helpers.base.townships import sort_townships

    assert sort_townships(["四里店乡", "广阳镇", "拐河镇"]) == ["拐河镇", "广阳镇", "四里店乡"]  # guai, guang, si
    assert sort_townships(["重庆镇", "城关镇", "长安镇", "绿水乡"]) == ["长安镇", "城关镇", "重庆镇", "绿水乡"]  # place-name readings
    assert sort_townships(["四里店乡", "广阳镇", "拐河镇", "城关镇"], ["四里店乡", "城关镇"]) == ["四里店乡", "城关镇", "拐河镇", "广阳镇"]
    rows = [_township(tmp_path, name, {"checks": []}) for name in ("四里店乡", "广阳镇", "拐河镇")]
    page = IndexWriter(tmp_path).files(rows, [])[tmp_path / "南召县" / "index.html"]
    assert [th.get_text() for th in BeautifulSoup(page, "html.parser").select("table.gk-matrix tbody th")] == ["拐河镇", "广阳镇", "四里店乡"]


def test_strict_exits_1_when_a_report_fails_its_checks(tmp_path, monkeypatch, capsys):
    """The sample's 云阳镇 2023 fails D1 and P6: index.json says so, plain gk run exits 0, --strict exits 1."""
    root = make_project(tmp_path, [("云阳镇", 2023), ("城关镇", 2023)])
    monkeypatch.chdir(root)
    assert cli.main(["run", "params", "-o", "out", "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    assert "核对不通过：南召县 云阳镇 2023年：D1、P6（发布前请处理，见审核页）" in out.splitlines()
    record = index_rows(root / "out")[("2023", "云阳镇")]
    assert (record["status"], record["status_text"], record["failed_checks"]) == ("checks", "核对不通过", ["D1", "P6"])
    assert record["outputs"]["review"] == "南召县/2023/云阳镇.review.html"
    assert index_rows(root / "out")[("2023", "城关镇")]["status"] == "ok"
    assert cli.main(["run", "params", "-o", "out", "--strict"]) == 1  # nothing re-run: the unchanged report still counts
    assert cli.main(["run", "params", "-o", "out", "--strict", "--township", "城关镇"]) == 0  # only the chosen reports
