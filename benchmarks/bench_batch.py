"""Benchmark ``gk run``: the cost of a report against the notebook's own work, and against the loop a user would write.

Usage::

    .venv/bin/python benchmarks/bench_batch.py                          # the sample: 96 reports, 16 of them of 2022
    .venv/bin/python benchmarks/bench_batch.py --baseline-src /tmp/old/src   # the same, side by side with another kit
    .venv/bin/python benchmarks/bench_batch.py --quick                  # 2 townships: a smoke run
    .venv/bin/python benchmarks/bench_batch.py --formats                # also (f): what each output format adds
    .venv/bin/python benchmarks/bench_batch.py --pdf-only --baseline-src /tmp/before/src
                                                  # only (g): the PDF per report, before → after
                                                  # (/tmp/before: ``git archive cb34546 | tar -x -C /tmp/before``,
                                                  # the last main whose PDF Chromium printed)

In a temp dir it copies the sample project (16 townships × 2019–2024 = 96 reports and 6 county roll-ups,
ledgers at their relative paths) and measures, for this kit — and, with ``--baseline-src DIR``, for the
kit whose ``gk_helpers`` package is in DIR (run with ``PYTHONPATH=DIR``, same Python and libraries), in
turns, so both see the same machine load:

(a) ``gk run --jobs 2 --force`` of the 16 reports of 2022: wall, CPU per report (gk run, its workers
    and their kernels: every process it waited for);
(b) the loop a user would otherwise write over the same 16 params files: ``papermill`` CLI then
    ``jupyter nbconvert --to html``, one report at a time; and the ratio (a)/(b);
(c) the in-process floor: the report notebook's code cells run in one process with no kernel
    (``prepare`` and the ``show_*`` calls; ``display`` receives the bundles and does nothing) for the same
    96 params files as (d), CPU per report.
    The process carries the memory cap as a batch's kernel does (``contain.carry``), so it reads the ledgers
    itself, as the kernel does, instead of in a forked child (whose CPU is counted too, should there be one);
(d) ``gk run --jobs 2 --force`` of all 96 reports, HTML only: wall and CPU per report. (c) and (d) are
    measured twice, in turns, and the lowest figure of each counts (other load only ever adds time);
(e) the unchanged re-run of all 102 items (96 reports, 6 roll-ups);
(g) with ``--pdf`` (or ``--pdf-only``, which runs only (g)): what the PDF costs per report.
    (g1) in a batch: ``gk run --jobs 2 --force`` of the 16 reports of 2022 with ``--formats html`` and with
    ``--formats html,pdf``, in turns (twice each, the faster run of each counts), for this kit and, with
    ``--baseline-src``, the baseline kit (the kit before WeasyPrint printed with headless Chromium,
    started for each report): the batch wall the PDF adds per report (PASS/FAIL against ≤ 0.5 s; on a machine
    whose load average is above its cores, judged on the PDF step's CPU per report / 2 workers), and
    the PDF step per report in the workers (wall from the batch's own timings; CPU seconds of the
    worker and of the processes it waited for, the former printer's Chromium included), before → after,
    and the number of Type 3 fonts (``pdffonts``) in every PDF each batch wrote;
    (g2) the same public pages one after the other in this process: the former printer (Chromium per
    report) against the kit's engine (WeasyPrint, warm), seconds per report (and CPU for WeasyPrint),
    the number of Type 3 fonts and how many titles pypdf extracts exactly.

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
TARGETS = {"wall_per_report": 0.25, "cpu_vs_floor": 2.0, "pdf_per_report": 0.5}
YEAR = 2022
#: (c) and (d) are measured this many times, in turns.
ROUNDS = 2

#: Run in a child process: the notebook's code cells for each params file, in one namespace, without a kernel.
FLOOR = r"""
import json, os, resource, sys
import nbformat
import IPython.display
IPython.display.display = lambda *objects, **kwargs: None
nb = nbformat.read(sys.argv[1], 4)
code = [c.source for c in nb.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
def run(params_file):
    namespace = {"params_file": params_file, "county": "", "township": "", "year": 0, "format_override": "", "params_root": ""}
    for source in code:
        exec(compile(source, "<cell>", "exec"), namespace)
try:
    import gk_helpers.base.contain as contain
except ImportError:  # a kit from before containment reads its ledgers in-process anyway
    contain = None
if contain is not None:  # as a batch's kernel: the ledgers are read in this process
    contain.carry(contain.Limits(contain.DEFAULT_MEMORY, None))
files = sys.argv[2:]
run(files[0])  # imports and caches
def cpu():  # this process and any child it waited for
    own, children = os.times(), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.user + own.system + children.ru_utime + children.ru_stime
began = cpu()
for path in files:
    run(path)
print(json.dumps({"cpu": (cpu() - began) / len(files)}))
"""


def make_project(root: Path, townships: int | None, tree: Path = ROOT) -> list[Path]:
    """params/, data/ and notebooks/ of the sample of the kit in ``tree`` under ``root`` (the first ``townships``
    townships): each kit runs its own sample (an older kit does not know a newer params field)."""
    names = sorted(p.name for p in (tree / "params" / "南召县").iterdir() if p.is_dir())[:townships]
    for name in names:
        shutil.copytree(tree / "params" / "南召县" / name, root / "params" / "南召县" / name)
        shutil.copytree(tree / "data" / "sample" / "南召县" / name, root / "data" / "sample" / "南召县" / name)
    shutil.copytree(tree / "notebooks", root / "notebooks")
    return sorted((root / "params").rglob(f"{YEAR}.yaml"))


def sample_tree(src: Path | None) -> Path:
    """The project folder holding the sample of the kit whose package is in ``src`` (this one's without)."""
    tree = None if src is None else src.parent
    return tree if tree is not None and (tree / "params" / "南召县").is_dir() else ROOT


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
    every = sorted(p for p in (root / "params").rglob("*.yaml") if p.stem.isdigit())  # the reports (d) runs
    floors, batches = [], []
    for _ in range(ROUNDS):  # in turns; the lowest of each counts: a shared machine only ever adds time
        floors.append(kit.floor(root, every))
        wall, cpu, _ = kit.run(root, "run", "params", "-o", out, "--jobs", "2", "--force")
        batches.append((wall, cpu / reports))
    found["c_floor"] = min(floors)
    found["d_wall"] = min(wall for wall, _ in batches)
    found["d_cpu"] = min(cpu for _, cpu in batches)
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
            print(f"  {fmt:<9} {cost:6.3f}{'   (the PDF against its target: --pdf, (g))' if fmt == 'pdf' else ''}")
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


#: Run in a child process with the kit's environment: one batch of the formats in ``sys.argv[6]``, the PDF step's seconds.
#: The workers are forked from it, so the wrapper below times every PDF in them too: CPU seconds of the worker
#: and of the processes it waited for (the former printer's Chromium), one line per report in ``sys.argv[5]``.
BATCH_PDF = r"""
import json, os, resource, sys
from gk_helpers.render import pdf
from gk_helpers.batch.run import run_batch

def cpu():
    own, waited = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + waited.ru_utime + waited.ru_stime

make = pdf.pdf_bytes
def timed(page):
    began = cpu()
    try:
        return make(page)
    finally:
        with open(sys.argv[5], "a", encoding="utf-8") as log:
            log.write(f"{cpu() - began}\n")
pdf.pdf_bytes = timed

began = time.perf_counter()
result = run_batch(sys.argv[1], sys.argv[2], jobs=2, force=True, cwd=sys.argv[3], progress=False,
                   formats=tuple(sys.argv[6].split(",")), years=(int(sys.argv[4]),))
reports = [o for o in result.outcomes if o.job.kind == "report"]
print(json.dumps({"wall": time.perf_counter() - began, "ok": result.ok, "notes": result.notes,
                  "failures": result.failures, "pdf": [o.timings.get("pdf", 0.0) for o in reports]}, ensure_ascii=False))
"""


def _batch(kit: Kit, root: Path, formats: str, out: str, log: Path) -> dict:
    """One ``gk run --jobs 2 --force --formats FORMATS --year YEAR`` in a child process: its wall and PDF steps."""
    log.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, "-c", BATCH_PDF, "params", out, str(root), str(YEAR), str(log), formats],
                          cwd=root, env=kit.env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{kit.name}: gk run --formats {formats} failed:\n{done.stderr[-2000:]}")
    found = json.loads(done.stdout.strip().splitlines()[-1])
    if not found["ok"] or found["notes"]:
        raise SystemExit(f"{kit.name}: gk run --formats {formats} did not make everything: {found['failures'] or found['notes']}")
    found["cpu"] = [float(line) for line in log.read_text(encoding="utf-8").split()] if log.exists() else []
    return found


def pdf_in_batch(kit: Kit, root: Path, rounds: int = 2) -> dict:
    """(g1) ``gk run --jobs 2 --force`` of the year's reports without and with the PDF, in turns (``rounds`` each):
    the batch wall the PDF adds per report (the faster of each), and the PDF step per report."""
    log = root / f"pdf-cpu-{kit.name}.txt"
    html, pdf = [], []
    for _ in range(rounds):
        html.append(_batch(kit, root, "html", f"out-html-{kit.name}", log)["wall"])
        pdf.append(_batch(kit, root, "html,pdf", f"out-pdf-{kit.name}", log))
    found = min(pdf, key=lambda b: b["wall"])
    found["html_wall"] = min(html)
    found["added"] = (found["wall"] - found["html_wall"]) / len(found["pdf"])
    pdfs = sorted((root / f"out-pdf-{kit.name}").rglob("*.pdf"))
    found["type3"] = sum(_pdf_facts(p, "")[0] for p in pdfs)
    found["files"] = len(pdfs)
    return found


def pdf_engines(root: Path, out: str, k: int) -> dict:
    """(g2): the public pages of ``out`` printed by Chromium (cold, per report) and by the kit's engine (warm)."""
    from gk_helpers.render.pdf import pdf_bytes

    pages = sorted((root / out).rglob("*.html"))
    pages = [p for p in pages if p.name != "index.html" and not p.name.endswith((".review.html", ".fragment.html"))][:k]
    folder = root / "pdf_g"
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


def _print_batches(batches: dict) -> bool:
    """(g1) before → after; True when this kit meets the target."""
    target = TARGETS["pdf_per_report"]
    mean = statistics.mean
    n = len(batches["after"]["pdf"])
    print(f"(g1) PDF in a batch: gk run --jobs 2 --force of the {n} reports of {YEAR}, html alone and html,pdf in turns "
          f"(the faster run of each), seconds (load average {_load()}):")
    print("          batch wall    batch wall     PDF adds    PDF step per report (each worker)")
    print("          html          html,pdf       per report  wall mean  CPU mean  CPU slowest")
    for name in ("before", "after"):
        if name in batches:
            b = batches[name]
            print(f"  {name:<6}  {b['html_wall']:8.1f}    {b['wall']:10.1f}    {b['added']:9.2f}    {mean(b['pdf']):7.2f}  "
                  f"{mean(b['cpu']):8.2f}  {max(b['cpu']):11.2f}")
    after = batches["after"]
    if "before" in batches:
        before = batches["before"]
        print(f"  before → after: the batch's added wall {before['added']:.2f} s → {after['added']:.2f} s per report; "
              f"the PDF step {mean(before['pdf']):.2f} s → {mean(after['pdf']):.2f} s wall, "
              f"{mean(before['cpu']):.2f} s → {mean(after['cpu']):.2f} s CPU (the worker and the processes it waited for)")
    for name in ("before", "after"):
        if name in batches:
            print(f"  {name:<6}  {batches[name]['files']} PDFs, Type 3 fonts in all: {batches[name]['type3']}")
    # On a machine busy with other work the wall is mostly waiting for a core: as bench_audit does, the target is then
    # judged on what the PDF step's CPU seconds take on the batch's 2 idle cores (both figures printed).
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    busy = load > cores
    idle = mean(after["cpu"]) / 2
    print(f"  on 2 idle cores the PDF adds per report (its CPU mean / 2 workers): {idle:.2f} s; load average {load:.1f} "
          f"on {cores} cores: judged on {'idle-core time (the machine is busy with other work)' if busy else 'wall time'}")
    ok = (idle if busy else after["added"]) <= target and after["type3"] == 0
    print(f"  target: the batch's added wall <= {target} s per report, no Type 3 font: {'PASS' if ok else 'FAIL'}")
    return ok


def _print_engines(e: dict) -> None:
    print(f"(g2) PDF of the same {e['n']} public pages, one after the other in this process, mean seconds per report:")
    print(f"  Chromium, started per report (before)   {e['chromium']:5.2f}")
    print(f"  WeasyPrint, warm in the worker (now)    {e['kit']:5.2f}   (CPU {e['kit_cpu']:.2f}, slowest {e['kit_max']:.2f})")
    print(f"  speed-up {e['chromium'] / e['kit']:4.1f}x")
    for name, label in (("chromium", "Chromium"), ("kit", "WeasyPrint")):
        type3 = sum(t for t, _ in e["facts"][name])
        titles = sum(ok for _, ok in e["facts"][name])
        print(f"  {label:<11} Type 3 fonts in all: {type3:4d}   title extracted by pypdf: {titles}/{e['n']}")


def pdf_cost(kits: list, roots: dict, pages: int) -> bool:
    """(g): the batches with the PDF (the baseline first, the same minutes of the machine's day), then the engines."""
    batches = {kit.name: pdf_in_batch(kit, roots[kit.name]) for kit in reversed(kits)}
    ok = _print_batches(batches)
    _print_engines(pdf_engines(roots["after"], "out-pdf-after", pages))
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-src", type=Path, help="a folder holding another gk_helpers to measure side by side")
    parser.add_argument("--quick", action="store_true", help="2 townships (12 reports): a smoke run")
    parser.add_argument("--no-loop", action="store_true", help="skip (b), the papermill + nbconvert loop (minutes)")
    parser.add_argument("--formats", action="store_true", help="also (f): what each output format adds per report")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    parser.add_argument("--pdf", action="store_true", help="also (g): the PDF per report in a batch, and the engines side by side")
    parser.add_argument("--pdf-only", action="store_true", help="only (g)")
    parser.add_argument("--pdf-pages", type=int, default=16, help="public pages printed by each engine in (g2) (default 16)")
    args = parser.parse_args(argv)
    base = Path(tempfile.mkdtemp(prefix="gk-bench-batch-"))
    kits = [Kit("after", None)] + ([Kit("before", args.baseline_src.resolve())] if args.baseline_src else [])
    try:
        roots = {}
        for kit in kits:
            roots[kit.name] = base / kit.name
            params = make_project(roots[kit.name], 2 if args.quick else None, sample_tree(kit.src))
        reports = len(list((roots["after"] / "params").rglob("*.yaml")))
        print(f"gk-report batch benchmark: {reports} reports ({len(params)} of {YEAR}), --jobs 2, {os.cpu_count()} CPUs, "
              f"load average {_load()}, in {base}", flush=True)
        if args.pdf_only:
            return 0 if pdf_cost(kits, roots, args.pdf_pages) else 1
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
        pdf_ok = pdf_cost(kits, roots, args.pdf_pages) if args.pdf else True
        return 1 if any(r[-1] == "FAIL" for r in rows) or not pdf_ok else 0
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
