"""Benchmark ``gk run`` against the loop a user would otherwise write.

Usage::

    .venv/bin/python benchmarks/bench_batch.py            # 64 generated townships
    .venv/bin/python benchmarks/bench_batch.py --quick    # 8, a smoke run
    .venv/bin/python benchmarks/bench_batch.py -n 32 --jobs 2

In a temp dir it generates N township-years (copies of the sample params files, each
renamed to its own township and pointing at the sample ledgers), then times

(a) ``gk run --jobs 2`` from scratch;
(b) the loop: ``papermill`` CLI then ``jupyter nbconvert --to html`` for each report;
(c) ``gk run --jobs 2`` again with nothing changed;
(d) ``gk run --jobs 2 --force --formats html,fragment,docx,pdf,xlsx`` (skip with ``--no-formats``);
(e) the PDF of the same public pages, side by side: the kit's former printer (headless Chromium
    started for each report) against the kit's engine (WeasyPrint, in the worker, warm) — seconds
    per report, whether any font is Type 3, whether pypdf extracts the title (``--pdf-only``: (a)
    and (e) alone);

and prints the ratios, where a report's time goes (kernel start, imports,
execution, HTML export) cold (as in (b)) and warm (as in (a)), and what each
output format adds per report (d).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
COUNTY = "南召县"


def generate(root: Path, n: int) -> list[Path]:
    """N params files under root/params, township T001… each, ledgers at the sample's absolute path."""
    sources = sorted((ROOT / "params" / COUNTY).glob("*/*.yaml"))
    made = []
    for i in range(n):
        source = sources[i % len(sources)]
        township = f"T{i + 1:03d}镇"
        folder = root / "params" / COUNTY / township
        folder.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        ledgers = (source.parent / re.search(r"^ledger_dir:\s*(.+)$", text, re.M).group(1).strip()).resolve()
        text = re.sub(r"^township:.*$", f"township: {township}", text, flags=re.M)
        text = re.sub(r"^ledger_dir:.*$", f"ledger_dir: {ledgers}", text, flags=re.M)
        (folder / source.name).write_text(text, encoding="utf-8")
        for prose in source.parent.glob(f"{source.stem}-*.md"):
            shutil.copy(prose, folder)
        made.append(folder / source.name)
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    return made


def timed(command: list[str], cwd: Path) -> float:
    began = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - began


def gk_run(root: Path, jobs: int) -> float:
    """Wall seconds of ``gk run`` (exit 1 would mean a failed report: a broken benchmark)."""
    return timed([str(BIN / "gk"), "run", "params", "-o", "out_a", "--jobs", str(jobs)], root)


def user_loop(root: Path, params: list[Path]) -> tuple[float, list[float], list[float]]:
    """The loop without the kit's batch: papermill CLI then nbconvert CLI, one report at a time."""
    out = root / "out_b"
    out.mkdir()
    pm_times, nbc_times = [], []
    began = time.perf_counter()
    for i, path in enumerate(params):
        notebook = out / f"{i:03d}.ipynb"
        pm_times.append(timed([str(BIN / "papermill"), "notebooks/annual_report.ipynb", str(notebook),
                               "-p", "params_file", str(path.relative_to(root)), "-p", "county", "", "-p", "township", "",
                               "-p", "year", "0", "--no-progress-bar"], root))
        nbc_times.append(timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(notebook)], root))
    return time.perf_counter() - began, pm_times, nbc_times


def cold_parts(root: Path, repeat: int = 3) -> dict[str, float]:
    """Kernel start and the kit's imports in a fresh kernel, and the bare CLI start-up costs."""
    from jupyter_client import KernelManager

    starts, imports = [], []
    for _ in range(repeat):
        km = KernelManager(kernel_name="python3")
        began = time.perf_counter()
        km.start_kernel(cwd=str(root), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        starts.append(time.perf_counter() - began)
        began = time.perf_counter()
        kc.execute_interactive("import gk_helpers.notebook", store_history=False, timeout=60)
        imports.append(time.perf_counter() - began)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    from gk_helpers.batch.execute import execute_report

    executes = []
    for _ in range(repeat):  # papermill in this process, a fresh kernel each time (as the CLI does)
        timings: dict = {}
        execute_report(next((root / "params").rglob("*.yaml")), root / "out_cold", cwd=root, timings=timings)
        executes.append(timings["execute"])
    return {
        "execute": statistics.median(executes),
        "kernel_start": statistics.median(starts),
        "imports": statistics.median(imports),
        "papermill_cli": statistics.median(timed([str(BIN / "papermill"), "--help"], root) for _ in range(repeat)),
        "nbconvert_cli": statistics.median(timed([str(BIN / "jupyter"), "nbconvert", "--help"], root) for _ in range(repeat)),
    }


def warm_parts(root: Path, jobs: int) -> dict:
    """Re-run (a) in this process with --force to read each worker's timings."""
    from gk_helpers.batch.run import run_batch

    began = time.perf_counter()
    result = run_batch(root / "params", root / "out_w", jobs=jobs, force=True, cwd=root, progress=False)
    wall = time.perf_counter() - began
    reports = [o for o in result.outcomes if o.job.kind == "report"]
    total = lambda key: sum(o.timings.get(key, 0.0) for o in reports)  # noqa: E731
    return {"wall": wall, "n": len(reports), "rollups": len(result.outcomes) - len(reports), "ok": result.ok,
            **{k: total(k) for k in ("kernel_start", "imports", "execute", "html", "kernel_starts")},
            "job": sum(o.seconds for o in reports)}


def format_parts(root: Path, jobs: int) -> dict:
    """(d): every format, in this process, to read each worker's per-format timings."""
    from gk_helpers.batch.run import run_batch
    from gk_helpers.render.outputs import FORMATS, available

    formats, notes = available(tuple(FORMATS))
    began = time.perf_counter()
    result = run_batch(root / "params", root / "out_f", jobs=jobs, force=True, cwd=root, progress=False, formats=formats)
    wall = time.perf_counter() - began
    reports = [o for o in result.outcomes if o.job.kind == "report"]
    k = len(reports) or 1
    return {"wall": wall, "n": len(reports), "ok": result.ok, "notes": notes, "formats": formats,
            **{f: sum(o.timings.get(f, 0.0) for o in reports) / k for f in (*FORMATS, "execute")}}


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
    parser.add_argument("-n", "--reports", type=int, default=64, help="generated township-years (default 64)")
    parser.add_argument("--quick", action="store_true", help="8 reports: a smoke run")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    parser.add_argument("--no-formats", action="store_true", help="skip (d), the cost of each output format")
    parser.add_argument("--pdf-only", action="store_true", help="only (a) and (e): the PDF engines side by side")
    parser.add_argument("--pdf-pages", type=int, default=16, help="public pages printed by each engine in (e) (default 16)")
    args = parser.parse_args(argv)
    n = 8 if args.quick else args.reports
    root = Path(tempfile.mkdtemp(prefix="gk-bench-batch-"))
    try:
        params = generate(root, n)
        os.chdir(root)
        print(f"gk-report batch benchmark: {n} reports, --jobs {args.jobs}, {os.cpu_count()} CPUs, in {root}")
        a = gk_run(root, args.jobs)
        if args.pdf_only:
            print(f"(a) gk run --jobs {args.jobs}              {a:7.1f} s")
            _print_engines(pdf_engines(root, "out_a", args.pdf_pages))
            return 0
        c = gk_run(root, args.jobs)
        b, pm_times, nbc_times = user_loop(root, params)
        cold = cold_parts(root)
        warm = warm_parts(root, args.jobs)
        formats = None if args.no_formats else format_parts(root, args.jobs)
        per_a, per_b = a / n, b / n
        print()
        print(f"(a) gk run --jobs {args.jobs}              {a:7.1f} s   {per_a:5.2f} s/report (incl. {len(set((p.parent.parent.name, p.stem) for p in params))} county roll-ups and index)")
        print(f"(b) papermill + nbconvert loop    {b:7.1f} s   {per_b:5.2f} s/report")
        print(f"(c) re-run, nothing changed       {c:7.1f} s   for {n} reports")
        print()
        if n < 64:
            print(f"(smoke run: fixed costs — worker start, {len(set((p.parent.parent.name, p.stem) for p in params))} roll-ups — "
                  "weigh more on few reports; the targets are for 64)")
        print(f"speed-up (b)/(a): {b / a:5.1f}x   target >= 5x   {'OK' if b / a >= 5 else 'MISSED'}")
        print(f"(a) per report:   {per_a:5.2f} s   target <= 0.7 s {'OK' if per_a <= 0.7 else 'MISSED'}")
        print(f"(c) no-op re-run: {c:5.2f} s   target <= 3 s for 64 {'OK' if c <= 3 * max(1, n / 64) else 'MISSED'}")
        print()
        pm, nbc = statistics.median(pm_times), statistics.median(nbc_times)
        cold_exec = max(0.0, cold["execute"] - cold["kernel_start"] - cold["imports"])
        print("per-report cost, cold (b; medians, seconds):")
        print(f"  papermill CLI start-up   {cold['papermill_cli']:5.2f}")
        print(f"  kernel start             {cold['kernel_start']:5.2f}")
        print(f"  imports (gk_helpers…)    {cold['imports']:5.2f}")
        print(f"  execution (cells + papermill) {cold_exec:5.2f}   (papermill in-process {cold['execute']:.2f} − kernel start − imports)")
        print(f"  HTML export (nbconvert)  {nbc:5.2f}   of which CLI start-up {cold['nbconvert_cli']:.2f}")
        print(f"  total (papermill CLI {pm:.2f} + nbconvert CLI {nbc:.2f}) {pm + nbc:5.2f}")
        k = warm["n"] or 1
        print(f"per-report cost, warm (a; {warm['n']} reports + {warm['rollups']} roll-ups in {warm['wall']:.1f} s wall, "
              f"{args.jobs} workers; seconds per report of worker time):")
        print(f"  kernel start             {warm['kernel_start'] / k:5.3f}   ({warm['kernel_starts']:.0f} starts in all, "
              f"{warm['kernel_start'] / max(1, warm['kernel_starts']):.2f} s each)")
        print(f"  imports (gk_helpers…)    {warm['imports'] / k:5.3f}   (once per kernel)")
        print(f"  execution (papermill)    {warm['execute'] / k:5.3f}")
        print(f"  HTML + JSON export       {warm['html'] / k:5.3f}")
        print(f"  per job in worker        {warm['job'] / k:5.3f}   → wall per report {warm['wall'] / k:.3f}")
        if formats:
            print(f"(d) every format ({','.join(formats['formats'])}): {formats['wall']:.1f} s wall for {formats['n']} reports "
                  f"({formats['wall'] / max(1, formats['n']):.2f} s/report vs {per_a:.2f} for html only); added per report, seconds:")
            for fmt in formats["formats"]:
                if fmt != "html":
                    target = f"   target <= 0.5 s {'PASS' if formats[fmt] <= 0.5 else 'FAIL'}" if fmt == "pdf" else ""
                    print(f"  {fmt:<9}                {formats[fmt]:5.3f}{target}")
            for note in formats["notes"]:
                print(f"  {note}")
            _print_engines(pdf_engines(root, "out_f", args.pdf_pages))
        return 0
    finally:
        os.chdir(ROOT)
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
