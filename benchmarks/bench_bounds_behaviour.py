"""Issue 20's behavioural defects before → after: what each command did with a hostile input, with seconds and MB.

Usage::

    .venv/bin/python benchmarks/bench_bounds_behaviour.py                                  # this checkout only
    .venv/bin/python benchmarks/bench_bounds_behaviour.py --before ../old/.venv/bin/python  # and an older one, guarded

``bench_bounds`` measures the inputs that took gigabytes or minutes; this script runs the rest of the issue's
list — gk init steered by its arguments, links and pipes, control characters, wrong encodings, the lock, params
clashes, a folder in the way of an output, a far cell in a batch, a county template that never ends — through
the command a user types, once per checkout. Each checkout gets its own copy of the inputs, built from its own
sample (params, ledgers, notebooks), in a temp folder; each command runs in a child process measured as
``/usr/bin/time -v`` does (``wait4``), the older one inside the same guard as ``bench_bounds``
(``prlimit --as=4G``, killed after 150 s). A row prints what was observed — the exit code, the seconds, the
peak MB and one line on what happened (read back from the files, not from what the command claims) — and
PASS/FAIL for this checkout against what issue 20 asks.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import hostile as H  # noqa: E402 - the generators the tests use
import published as pb  # noqa: E402
from bench_bounds import _cell, run_case  # noqa: E402

PASSWD_LINE = "root:"
ESC = "\x1b"


@dataclass
class Case:
    """One defect: ``setup(folder, python, checkout) -> (gk arguments, cwd)``; ``observe(code, out, folder)`` says
    what happened in a few words and whether that is what issue 20 asks (True) or the defect (False)."""

    what: str
    setup: Callable[[Path, str, Path], tuple[list[str], Path]]
    observe: Callable[[int, str, Path], tuple[str, bool]]


def checkout_of(python: str) -> Path:
    """The source checkout whose kit ``python`` imports (an editable install): its sample, params, notebooks."""
    found = subprocess.run([python, "-c", "import gk_helpers, pathlib; print(pathlib.Path(gk_helpers.__file__).parents[2])"],
                           capture_output=True, text=True, check=True)
    return Path(found.stdout.strip())


def project(folder: Path, checkout: Path, years=(2020,)) -> Path:
    """城关镇's params for ``years`` with their prose, its ledger and the notebooks of ``checkout``, in ``folder``."""
    params = folder / "params/南召县/城关镇"
    params.mkdir(parents=True)
    for year in years:
        shutil.copy(checkout / f"params/南召县/城关镇/{year}.yaml", params)
        for prose in (checkout / "params/南召县/城关镇").glob(f"{year}-*.md"):
            shutil.copy(prose, params)
    shutil.copytree(checkout / "data/sample/南召县/城关镇", folder / "data/sample/南召县/城关镇")
    shutil.copytree(checkout / "notebooks", folder / "notebooks")
    return folder


def gk_run(python: str, folder: Path, *args: str) -> None:
    """A first, ordinary run of the batch (its outputs are what the case then replaces)."""
    subprocess.run([python, "-m", "gk_helpers.cli", "run", "params", "-o", "out", *args], cwd=folder,
                   capture_output=True, timeout=600, check=False)


def last(out: str) -> str:
    lines = [line for line in out.strip().splitlines() if line.strip()]
    return lines[-1][:110] if lines else "(nothing printed)"


def failure(out: str) -> str:
    """The first line that says a report failed (a batch's list), else the last line."""
    return next((line.strip()[:110] for line in out.splitlines() if "失败：" in line), last(out))


# -- gk init ----------------------------------------------------------------------------------------------

def init(*extra: str):
    def setup(folder: Path, python: str, checkout: Path):
        return ["init", str(folder / "p"), "--county", "南召县", "--year", "2023", *extra], folder
    return setup


def init_written(folder: Path) -> list[Path]:
    return sorted((folder / "p/params").rglob("2023.yaml")) if (folder / "p/params").exists() else []


def observe_township_comment(code, out, folder):
    written = init_written(folder)
    if not written:
        return f"exit {code}, nothing written: {last(out)}", code == 0
    fields = yaml.safe_load(written[0].read_text(encoding="utf-8"))
    ok = fields.get("township") == "城关镇 #"
    return f"township read back 「{fields.get('township')}」, ledger_dir {fields.get('ledger_dir')}", ok


def observe_agency_key(code, out, folder):
    written = init_written(folder)
    if not written:
        return f"refused: {last(out)}", code == 1
    fields = yaml.safe_load(written[0].read_text(encoding="utf-8"))
    return f"written; keys read back: {', '.join(fields)}", "previous" not in fields or fields["previous"] != {"file": "/etc/passwd"}


def observe_refused_name(code, out, folder):
    written = init_written(folder)
    if written:
        shown = str(written[0].relative_to(folder / "p")).replace(ESC, r"\x1b")
        return f"exit {code}, written: {shown}", False
    return f"exit {code}: {last(out)}", code == 1


def setup_dangling(folder: Path, python: str, checkout: Path):
    params = folder / "p/params/南召县/城关镇"
    params.mkdir(parents=True)
    (params / "2023.yaml").symlink_to(folder / "elsewhere.yaml")
    return ["init", str(folder / "p"), "--county", "南召县", "--township", "城关镇", "--year", "2023"], folder


def observe_dangling(code, out, folder):
    link = folder / "p/params/南召县/城关镇/2023.yaml"
    if link.is_symlink():
        return f"exit {code}, the link kept, {'its target created' if (folder / 'elsewhere.yaml').exists() else 'nothing written through it'}", \
            not (folder / "elsewhere.yaml").exists()
    return f"exit {code}, the link replaced by a new params file", False


# -- ledgers and gk check -----------------------------------------------------------------------------------

def setup_passwd_link(folder: Path, python: str, checkout: Path):
    (folder / "台账").mkdir()
    (folder / "台账/依申请公开.csv").symlink_to("/etc/passwd")
    return ["check", str(folder / "台账"), "--year", "2020"], folder


def observe_passwd(code, out, folder):
    shown = PASSWD_LINE in out
    return f"exit {code}, {'/etc/passwd shown: ' + repr(out[out.find(PASSWD_LINE):][:30]) if shown else last(out)}", not shown


def setup_ansi(folder: Path, python: str, checkout: Path):
    (folder / "台账").mkdir()
    (folder / "台账/依申请公开.csv").write_text("申请编号,收到日期,申请人类型,办结日期,办理结果\n"
                                              "A1,\x1b[2J\x1b[31m2020-13-05,自然人,2020-03-09,予以公开\n", encoding="utf-8")
    return ["check", str(folder / "台账"), "--year", "2020"], folder


def observe_ansi(code, out, folder):
    raw = ESC in out
    shown = "ESC [2J (clear screen) printed raw" if raw else r"shown as \x1b[2J"
    return f"exit {code}, {shown}", not raw and code == 1


# -- gk audit ------------------------------------------------------------------------------------------------

def setup_gb_page(folder: Path, python: str, checkout: Path):
    bad = pb.printed(2022)
    bad.section4[5:10] = ["2", "0", "1", "0", "0"]  # an R8 failure to find
    (folder / "gb.html").write_bytes(pb.html(bad).encode("gb18030"))  # it says <meta charset="utf-8">
    return ["audit", str(folder / "gb.html")], folder


def observe_gb_page(code, out, folder):
    found = "[不通过] R8" in out
    return f"exit {code}, {'the R8 failure found' if found else 'R8 not found: ' + last(out)}", found and code == 1


def setup_link_name(folder: Path, python: str, checkout: Path):
    (folder / "r").mkdir()
    (folder / "r/a#1?.html").write_text(pb.html(pb.printed(2022)), encoding="utf-8")
    return ["audit", str(folder / "r/a#1?.html"), "-o", str(folder / "out")], folder


def observe_link_name(code, out, folder):
    from urllib.parse import unquote

    from bs4 import BeautifulSoup

    index = folder / "out/index.html"
    if not index.exists():
        return f"exit {code}, no index: {last(out)}", False
    href = next((a["href"] for a in BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser").select("tbody a")), "")
    opens = bool(href) and not set("#?") & set(href) and (folder / "out" / unquote(href)).is_file()
    return f'exit {code}, link href="{href}" ({"opens the page" if opens else "a browser cuts it at # or ?"})', opens


def setup_beside_index(folder: Path, python: str, checkout: Path):
    (folder / "out").mkdir()
    (folder / "out/index.html").write_text("<html>批量生成结果</html>", encoding="utf-8")
    (folder / "r").mkdir()
    (folder / "r/2022.html").write_text(pb.html(pb.printed(2022)), encoding="utf-8")
    return ["audit", str(folder / "r"), "-o", str(folder / "out")], folder


def observe_beside_index(code, out, folder):
    kept = (folder / "out/index.html").read_text(encoding="utf-8") == "<html>批量生成结果</html>"
    return f"exit {code}, the batch's index.html {'kept, summary ' + last(out) if kept else 'overwritten by the audit'}", kept


# -- gk report / gk run over a project -------------------------------------------------------------------------

def control_prose(formats: str):
    def setup(folder: Path, python: str, checkout: Path):
        project(folder, checkout)
        prose = folder / "params/南召县/城关镇/2020-总体情况.md"
        prose.write_text(prose.read_text(encoding="utf-8") + "\n全年\x1b[31m新收申请\x07。\n", encoding="utf-8")
        return ["report", "params/南召县/城关镇/2020.yaml", "-o", "out", "--formats", formats], folder
    return setup


def observe_control_prose(code, out, folder):
    html = next(folder.glob("out/**/城关镇.html"), None)
    leaked = html is not None and ESC in html.read_text(encoding="utf-8")
    english = "ValueError" in out
    said = "ESC in the published HTML" if leaked else "HTML written, no ESC" if html else "no HTML written"
    return f"exit {code}, {said}; {last(out)[:70]}", not leaked and not english and code == 1


def setup_lock_link(folder: Path, python: str, checkout: Path):
    project(folder, checkout)
    (folder / "victim.txt").write_text("重要内容", encoding="utf-8")
    (folder / "out").mkdir()
    (folder / "out/.gk-run.lock").symlink_to(folder / "victim.txt")
    return ["run", "params", "-o", "out"], folder


def observe_lock_link(code, out, folder):
    kept = (folder / "victim.txt").read_text(encoding="utf-8") == "重要内容"
    return f"exit {code}, the link's target {'untouched' if kept else 'overwritten (' + repr((folder / 'victim.txt').read_text(encoding='utf-8')[:24]) + ')'}", kept


def setup_clash(folder: Path, python: str, checkout: Path):
    project(folder, checkout)
    shutil.copytree(folder / "params/南召县/城关镇", folder / "params/南召县/云阳镇")  # township: 城关镇 inside
    return ["run", "params", "-o", "out"], folder


def observe_clash(code, out, folder):
    published = (folder / "out/南召县/2020/城关镇.html").exists()
    return f"exit {code}, 城关镇 2020 {'published' if published else 'not published'}; {failure(out)[:60]}", code == 1 and not published


def setup_not_files(folder: Path, python: str, checkout: Path):
    project(folder, checkout)
    params = folder / "params/南召县/城关镇"
    (params / "2021.yaml").symlink_to(params / "gone.yaml")
    os.mkfifo(params / "2022.yaml")
    (params / "2023.yaml").mkdir()
    return ["run", "params", "-o", "out"], folder


def observe_not_files(code, out, folder):
    named = sum(f"城关镇 {year}年" in out for year in (2021, 2022, 2023))
    return f"exit {code}, {named} of the 3 entries named in the output", code == 1 and named == 3


def setup_folder_in_way(folder: Path, python: str, checkout: Path):
    project(folder, checkout)
    gk_run(python, folder)
    pages = folder / "out/南召县/2020"
    review = pages / "城关镇.review.html"
    review.unlink()
    review.mkdir()
    prose = folder / "params/南召县/城关镇/2020-总体情况.md"
    prose.write_text(prose.read_text(encoding="utf-8") + "\n本年度新增一段说明。\n", encoding="utf-8")
    (folder / "before.txt").write_text("\n".join(f"{p.name} {p.stat().st_mtime_ns}" for p in sorted(pages.glob("城关镇.*"))
                                                 if p.is_file()), encoding="utf-8")
    return ["run", "params", "-o", "out"], folder


def observe_folder_in_way(code, out, folder):
    pages = folder / "out/南召县/2020"
    was = dict(line.rsplit(" ", 1) for line in (folder / "before.txt").read_text(encoding="utf-8").splitlines())
    changed = sorted(name.split(".", 1)[1] for name, ns in was.items() if str((pages / name).stat().st_mtime_ns) != ns)
    tmp = [p.name for p in (folder / "out").rglob("*") if p.name.endswith(".tmp")]
    mixed = bool(changed) and len(changed) < len(was)
    return (f"exit {code}, replaced: {', '.join(changed) or 'none'} of {len(was)}; {len(tmp)} *.tmp left",
            code == 1 and not changed and not tmp and not mixed)


def setup_far_cell_batch(folder: Path, python: str, checkout: Path):
    project(folder, checkout)
    ledger = folder / "data/sample/南召县/城关镇/台账.xlsx"
    ledger.unlink()
    H.far_cell_workbook(ledger)
    return ["run", "params", "-o", "out", "--jobs", "1"], folder


def observe_far_cell_batch(code, out, folder):
    dead = "DeadKernelError" in out
    return f"exit {code}, {failure(out)[:90] if dead else failure(out)[-70:]}", code == 1 and "XFD1048576" in out


def setup_slow_template(folder: Path, python: str, checkout: Path):
    project(folder, checkout)
    (folder / "templates/report").mkdir(parents=True)
    (folder / "templates/report/document.html.j2").write_text(
        "{% for i in range(1000000) %}{% for j in range(1000000) %}{% endfor %}{% endfor %}", encoding="utf-8")
    return ["report", "params/南召县/城关镇/2020.yaml", "-o", "out", "--formats", "html,fragment", "--timeout", "20"], folder


def observe_slow_template(code, out, folder):
    return f"exit {code}, {last(out)[:80]}", code == 1 and "运行超过 20 秒" in out


CASES = [
    Case("init --township '城关镇 #' (a YAML comment)", init("--township", "城关镇 #"), observe_township_comment),
    Case("init --agency with a newline and a key", init("--township", "城关镇", "--agency", "机关\nprevious: {file: /etc/passwd}"),
         observe_agency_key),
    Case("init --township index", init("--township", "index"), observe_refused_name),
    Case("init --township .hidden", init("--township", ".hidden"), observe_refused_name),
    Case("init --township of 41 characters", init("--township", "镇" * 41), observe_refused_name),
    Case("init --township with ESC", init("--township", "城关\x1b镇"), observe_refused_name),
    Case("init over a dangling link at 2023.yaml", setup_dangling, observe_dangling),
    Case("check: 依申请公开.csv → /etc/passwd", setup_passwd_link, observe_passwd),
    Case("check: a ledger value with ANSI escapes", setup_ansi, observe_ansi),
    Case("audit: GB18030 page labelled utf-8, an R8 failure", setup_gb_page, observe_gb_page),
    Case("audit -o: a page named a#1?.html", setup_link_name, observe_link_name),
    Case("audit -o OUT beside a batch's OUT/index.html", setup_beside_index, observe_beside_index),
    Case("report --formats html: ESC and BEL in a prose file", control_prose("html"), observe_control_prose),
    Case("report --formats docx: ESC and BEL in a prose file", control_prose("docx"), observe_control_prose),
    Case("run: the lock file is a link to another file", setup_lock_link, observe_lock_link),
    Case("run: 云阳镇/2020.yaml says township: 城关镇", setup_clash, observe_clash),
    Case("run: 2021.yaml dangling, 2022.yaml FIFO, 2023.yaml folder", setup_not_files, observe_not_files),
    Case("run: a folder in the way of .review.html", setup_folder_in_way, observe_folder_in_way),
    Case("run: far-cell workbook (XFD1048576) in a batch", setup_far_cell_batch, observe_far_cell_batch),
    Case("report --timeout 20: a county template that never ends", setup_slow_template, observe_slow_template),
]


def one(case: Case, python: str, guard: bool, tmp: Path, label: str) -> tuple[str, tuple, bool]:
    folder = tmp / label
    folder.mkdir()
    args, cwd = case.setup(folder, python, checkout_of(python))
    result = run_case(python, args, cwd, guard)
    said, ok = case.observe(result[0], result[1], folder)
    return said, result, ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="PYTHON", help="another checkout's interpreter, run guarded (4 GB, 150 s)")
    parser.add_argument("-k", metavar="TEXT", help="only the cases whose description contains TEXT")
    options = parser.parse_args()
    failed = 0
    for number, case in enumerate(c for c in CASES if not options.k or options.k in c.what):
        with tempfile.TemporaryDirectory(prefix="gk-bench-behaviour-") as tmp:
            print(f"\n{case.what}")
            if options.before:
                said, result, _ = one(case, options.before, True, Path(tmp), "before")
                print(f"  before: {_cell(result, guarded=True):28} {said}")
            said, result, ok = one(case, sys.executable, False, Path(tmp), "after")
            failed += not ok
            print(f"  after:  {_cell(result):28} {said}  {'PASS' if ok else 'FAIL'}", flush=True)
    print(f"\n{number + 1 - failed} PASS, {failed} FAIL")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
