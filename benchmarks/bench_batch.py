"""Benchmark ``gk run``: the cost of a report against the notebook's own work, and against the loop a user would write.

Usage::

    .venv/bin/python benchmarks/bench_batch.py                          # the sample: 96 reports, 16 of them of 2022
    .venv/bin/python benchmarks/bench_batch.py --baseline-src /tmp/old/src   # the same, side by side with another kit
    .venv/bin/python benchmarks/bench_batch.py --quick                  # 2 townships: a smoke run
    .venv/bin/python benchmarks/bench_batch.py --formats                # also (f): what each output format adds

In a temp dir it copies the sample project (16 townships × 2019–2024 = 96 reports and 6 county roll-ups,
ledgers at their relative paths) and measures, for this kit — and, with ``--baseline-src DIR``, for the
kit whose ``gk_helpers`` package is in DIR (run with ``PYTHONPATH=DIR``, same Python and libraries), in
turns, so both see the same machine load:

(a) ``gk run --jobs 2 --force`` of the 16 reports of 2022: wall, CPU per report (gk run, its workers
    and their kernels: every process it waited for);
(b) the loop a user would otherwise write over the same 16 params files: ``papermill`` CLI then
    ``jupyter nbconvert --to html``, one report at a time; and the ratio (a)/(b);
(c) the in-process floor: the report notebook's code cells run in one process with no kernel
    (``prepare`` and the ``show_*`` calls; ``display`` receives the bundles and does nothing), CPU per report;
(d) ``gk run --jobs 2 --force`` of all 96 reports, HTML only: wall and CPU per report;
(e) the unchanged re-run of all 102 items (96 reports, 6 roll-ups);
(g) with ``--pdf`` (or ``--pdf-only``, which runs only the batch it needs): the PDF of the same public
    pages, side by side: the kit's former printer (headless Chromium started for each report) against
    the kit's engine (WeasyPrint, in the process, warm) — seconds per report (and CPU for WeasyPrint),
    PASS/FAIL against ≤ 0.5 s, the number of Type 3 fonts, and how many titles pypdf extracts exactly.

Targets (this kit, (d) on 2 cores): wall ≤ 0.25 s per report; CPU per report ≤ 2 × the floor (c)
measured in the same run. The load average is printed with the figures (the machine may be shared).
Exit status 1 when a target is missed or a batch fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGETS = {"wall_per_report": 0.25, "cpu_vs_floor": 2.0}
YEAR = 2022

#: Run in a child process: the notebook's code cells for each params file, in one namespace, without a kernel.
FLOOR = r"""
import json, sys, time
import nbformat
import IPython.display
IPython.display.display = lambda *objects, **kwargs: None
nb = nbformat.read(sys.argv[1], 4)
code = [c.source for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
def run(params_file):
    namespace = {"params_file": params_file, "county": "", "township": "", "year": 0, "format_override": "", "params_root": ""}
    for source in code:
        exec(compile(source, "<cell>", "exec"), namespace)
files = sys.argv[2:]
run(files[0])  # imports and caches
began = time.process_time()
for path in files:
    run(path)
print(json.dumps({"cpu": (time.process_time() - began) / len(files)}))
"""


def make_project(root: Path, townships: int | None) -> list[Path]:
    """params/, data/ and notebooks/ of the sample under ``root`` (the first ``townships`` townships)."""
    names = sorted(p.name for p in (ROOT / "params" / "南召县").iterdir() if p.is_dir())[:townships]
    for name in names:
        shutil.copytree(ROOT / "params" / "南召县" / name, root / "params" / "南召县" / name)
        shutil.copytree(ROOT / "data" / "sample" / "南召县" / name, root / "data" / "sample" / "南召县" / name)
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    return sorted((root / "params").rglob(f"{YEAR}.yaml"))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Kit:
    """One version of the kit: this one, or the one in ``src`` (``PYTHONPATH``)."""

    def __init__(self, name: str, src: Path | None):
        self.name, self.src = name, src
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        if src is not None:
            self.env["PYTHONPATH"] = str(src)

    def run(self, root: Path, *args: str, check: bool = True) -> tuple[float, float, str]:
        """Wall seconds, CPU seconds of everything it waited for, and the last lines printed."""
        cpu, began = _children_cpu(), time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "gk_helpers.cli", *args], cwd=root, env=self.env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        wall = time.perf_counter() - began
        text = done.stdout.decode("utf-8", "replace")
        if check and done.returncode != 0:
            raise SystemExit(f"{self.name}: gk {' '.join(args)} exited {done.returncode}:\n{text[-2000:]}")
        return wall, _children_cpu() - cpu, text

    def floor(self, root: Path, params: list[Path]) -> float:
        """CPU seconds per report of the notebook's code in one process (no kernel, no export)."""
        done = subprocess.run([sys.executable, "-c", FLOOR, str(root / "notebooks" / "annual_report.ipynb"),
                               *map(str, params)], cwd=root, env=self.env, capture_output=True, text=True, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])["cpu"]

    def loop(self, root: Path, params: list[Path]) -> float:
        """Wall seconds of the papermill CLI + nbconvert CLI loop over ``params``."""
        out = Path(tempfile.mkdtemp(dir=root, prefix="loop-"))
        began = time.perf_counter()
        for i, path in enumerate(params):
            notebook = out / f"{i:03d}.ipynb"
            subprocess.run([str(BIN / "papermill"), "notebooks/annual_report.ipynb", str(notebook), "-p", "params_file",
                            str(path.relative_to(root)), "--no-progress-bar"], cwd=root, env=self.env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(notebook)], cwd=root, env=self.env,
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - began


def measure(kit: Kit, root: Path, params: list[Path], loop: bool, reports: int) -> dict:
    """Every figure of one kit, in ``root`` (its own copy of the project)."""
    out = f"out-{kit.name}"
    kit.run(root, "run", "params", "-o", out, "--jobs", "2")  # the first run: every report and roll-up
    found = {"load": _load()}
    found["a_wall"], cpu, _ = kit.run(root, "run", "params", "-o", out, "--jobs", "2", "--force", "--year", str(YEAR))
    found["a_cpu"] = cpu / len(params)
    found["c_floor"] = kit.floor(root, params)
    found["d_wall"], cpu, text = kit.run(root, "run", "params", "-o", out, "--jobs", "2", "--force")
    found["d_cpu"] = cpu / reports
    found["e_wall"], _, text = kit.run(root, "run", "params", "-o", out, "--jobs", "2")
    found["e_items"] = next((line for line in text.splitlines() if line.startswith("生成 ")), "")
    if loop:
        found["b_wall"] = kit.loop(root, params)
    return found


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def formats_cost(root: Path) -> None:
    """(f) what each output format adds per report (worker time, from the batch's own timings)."""
    from gk_helpers.batch.run import run_batch
    from gk_helpers.render.outputs import FORMATS, available

    formats, notes = available(tuple(FORMATS))
    began = time.perf_counter()
    result = run_batch(root / "params", root / "out-formats", jobs=2, force=True, cwd=root, progress=False,
                       formats=formats, years=(YEAR,))
    wall = time.perf_counter() - began
    reports = [o for o in result.outcomes if o.job.kind == "report"]
    k = len(reports) or 1
    print(f"(f) every format ({','.join(formats)}): {wall:.1f} s wall for {len(reports)} reports; added per report, seconds:")
    for fmt in formats:
        if fmt != "html":
            cost = sum(o.timings.get(fmt, 0.0) for o in reports) / k
            target = f"   target <= 0.5 s {'PASS' if cost <= 0.5 else 'FAIL'}" if fmt == "pdf" else ""
            print(f"  {fmt:<9} {cost:6.3f}{target}")
    for note in notes:
        print(f"  {note}")


def chromium_pdf(page: Path, out: Path) -> None:
    """The baseline: how the kit printed a PDF before (one headless Chromium per report, its own profile)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory(prefix="gk-bench-pdf-") as tmp:
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                        f"--user-data-dir={Path(tmp) / 'profile'}", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
                        f"--print-to-pdf={out}", page.as_uri()], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=120, check=False)


def _pdf_facts(pdf: Path, title: str) -> tuple[int, bool]:
    """(number of Type 3 fonts, whether pypdf extracts the title's second line exactly)."""
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
    try:
        import pypdf

        first = pypdf.PdfReader(pdf).pages[0].extract_text()
    except Exception:  # noqa: BLE001 - pypdf absent or the PDF unreadable: not extracted
        first = ""
    return sum("Type 3" in line for line in fonts), title in first.splitlines()


def pdf_engines(root: Path, out: str, k: int) -> dict:
    """(e): the public pages of ``out`` printed by Chromium (cold, per report) and by the kit's engine (warm)."""
    from gk_helpers.render.pdf import pdf_bytes

    pages = sorted((root / out).rglob("*.html"))
    pages = [p for p in pages if p.name != "index.html" and not p.name.endswith((".review.html", ".fragment.html"))][:k]
    folder = root / "pdf_e"
    folder.mkdir(exist_ok=True)
    chromium, weasy, cpu = [], [], []
    facts = {"chromium": [], "kit": []}
    pdf_bytes(pages[0].read_text(encoding="utf-8"))  # the worker's first PDF loads the engine and the fonts
    for i, page in enumerate(pages):
        title = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8")).group(1)
        year_title = title[title.index(re.search(r"\d{4}年", title).group(0)):]
        began = time.perf_counter()
        chromium_pdf(page, folder / f"{i}-chromium.pdf")
        chromium.append(time.perf_counter() - began)
        html = page.read_text(encoding="utf-8")
        began, began_cpu = time.perf_counter(), time.process_time()
        (folder / f"{i}-kit.pdf").write_bytes(pdf_bytes(html))
        weasy.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
        facts["chromium"].append(_pdf_facts(folder / f"{i}-chromium.pdf", year_title))
        facts["kit"].append(_pdf_facts(folder / f"{i}-kit.pdf", year_title))
    return {"n": len(pages), "chromium": statistics.mean(chromium), "kit": statistics.mean(weasy), "kit_cpu": statistics.mean(cpu),
            "kit_max": max(weasy), "facts": facts}


def _print_engines(e: dict) -> None:
    print(f"(e) PDF of the same {e['n']} public pages, mean seconds per report (one after the other, this process):")
    print(f"  Chromium, started per report (before)   {e['chromium']:5.2f}")
    print(f"  WeasyPrint, warm in the worker (now)    {e['kit']:5.2f}   (CPU {e['kit_cpu']:.2f}, slowest {e['kit_max']:.2f})")
    print(f"  speed-up {e['chromium'] / e['kit']:4.1f}x   target <= 0.5 s per report: {'PASS' if e['kit'] <= 0.5 else 'FAIL'}")
    for name, label in (("chromium", "Chromium"), ("kit", "WeasyPrint")):
        type3 = sum(t for t, _ in e["facts"][name])
        titles = sum(ok for _, ok in e["facts"][name])
        print(f"  {label:<11} Type 3 fonts in all: {type3:4d}   title extracted by pypdf: {titles}/{e['n']}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-src", type=Path, help="a folder holding another gk_helpers to measure side by side")
    parser.add_argument("--quick", action="store_true", help="2 townships (12 reports): a smoke run")
    parser.add_argument("--no-loop", action="store_true", help="skip (b), the papermill + nbconvert loop (minutes)")
    parser.add_argument("--formats", action="store_true", help="also (f): what each output format adds per report")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    parser.add_argument("--pdf", action="store_true", help="also (g): the PDF engines side by side")
    parser.add_argument("--pdf-only", action="store_true", help="only (g) (after one gk run of the year's reports)")
    parser.add_argument("--pdf-pages", type=int, default=16, help="public pages printed by each engine in (g) (default 16)")
    args = parser.parse_args(argv)
    base = Path(tempfile.mkdtemp(prefix="gk-bench-batch-"))
    kits = [Kit("after", None)] + ([Kit("before", args.baseline_src.resolve())] if args.baseline_src else [])
    try:
        roots = {}
        for kit in kits:
            roots[kit.name] = base / kit.name
            params = make_project(roots[kit.name], 2 if args.quick else None)
        reports = len(list((roots["after"] / "params").rglob("*.yaml")))
        print(f"gk-report batch benchmark: {reports} reports ({len(params)} of {YEAR}), --jobs 2, {os.cpu_count()} CPUs, "
              f"load average {_load()}, in {base}", flush=True)
        if args.pdf_only:
            Kit("after", None).run(roots["after"], "run", "params", "-o", "out-pdf", "--jobs", "2", "--year", str(YEAR))
            _print_engines(pdf_engines(roots["after"], "out-pdf", args.pdf_pages))
            return 0
        results = {}
        for kit in reversed(kits):  # the baseline first, then this kit: the same minutes of the machine's day
            params = sorted((roots[kit.name] / "params").rglob(f"{YEAR}.yaml"))
            results[kit.name] = measure(kit, roots[kit.name], params, not args.no_loop, reports)
            print(f"  {kit.name}: done, load average {_load()}", flush=True)
        rows = _rows(results, len(params), reports, not args.no_loop)
        print(f"\nload average at the end: {_load()}")
        header = ("measure", *(k.name for k in reversed(kits)), "target", "result")
        widths = [max(_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            print("  ".join(_pad(str(cell), w) for cell, w in zip(row, widths)))
        if args.formats:
            formats_cost(roots["after"])
        if args.pdf:
            _print_engines(pdf_engines(roots["after"], "out-after", args.pdf_pages))
        return 1 if any(r[-1] == "FAIL" for r in rows) else 0
    finally:
        if args.keep:
            print(f"kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


def _rows(results: dict, n: int, reports: int, loop: bool) -> list[tuple]:
    names = [k for k in ("before", "after") if k in results]
    after = results["after"]
    value = lambda key, fmt: [fmt(results[k][key]) for k in names]  # noqa: E731
    rows = [
        (f"(a) gk run --force, {n} reports of {YEAR}, wall", *value("a_wall", lambda v: f"{v:.1f} s"), "", "info"),
        ("(a) CPU per report", *value("a_cpu", lambda v: f"{v:.3f} s"), "", "info"),
    ]
    if loop:
        rows.append((f"(b) papermill + nbconvert CLI loop, {n} reports, wall", *value("b_wall", lambda v: f"{v:.1f} s"), "", "info"))
        rows.append(("(a)/(b) ratio", *[f"{results[k]['a_wall'] / results[k]['b_wall']:.3f}" for k in names], "", "info"))
    floor_ok = after["d_cpu"] <= TARGETS["cpu_vs_floor"] * after["c_floor"]
    wall_ok = after["d_wall"] / reports <= TARGETS["wall_per_report"]
    rows += [
        ("(c) in-process floor (prepare + display), CPU per report", *value("c_floor", lambda v: f"{v:.3f} s"), "", "info"),
        (f"(d) gk run --force, all {reports} reports, wall per report",
         *value("d_wall", lambda v: f"{v / reports:.3f} s ({v:.1f} s)"), f"≤ {TARGETS['wall_per_report']} s",
         "PASS" if wall_ok else "FAIL"),
        ("(d) CPU per report", *value("d_cpu", lambda v: f"{v:.3f} s"), "", "info"),
        ("(d) CPU per report / floor (c)", *[f"{results[k]['d_cpu'] / results[k]['c_floor']:.2f}×" for k in names],
         f"≤ {TARGETS['cpu_vs_floor']:g}×", "PASS" if floor_ok else "FAIL"),
        ("(e) unchanged re-run, wall", *value("e_wall", lambda v: f"{v:.2f} s"), "", "info"),
        ("(e) what it did", *value("e_items", str), "", "info"),
        ("load average when measured", *value("load", str), "", "info"),
    ]
    return rows


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


if __name__ == "__main__":
    sys.exit(main())
