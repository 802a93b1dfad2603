"""Benchmark the bounds of issue 20: each hostile input before → after, and what containment costs normal input.

Usage::

    .venv/bin/python benchmarks/bench_bounds.py                     # hostile inputs at the issue's sizes (GBs claimed)
    .venv/bin/python benchmarks/bench_bounds.py --quick             # the same at a tenth of the sizes
    .venv/bin/python benchmarks/bench_bounds.py --before ../main/.venv/bin/python   # and another checkout, guarded

(a) Every hostile input of the issue is generated in a temp dir (``tests/hostile.py``; never committed) and
    run through the command a user types, in a child process measured as ``/usr/bin/time -v`` does
    (``wait4``: seconds, the largest peak resident memory among its processes). PASS when the command ends with the
    expected exit code within 60 s and its peak stays under ``--max-memory`` plus the program's own size.
    With ``--before PYTHON`` the same command runs under that interpreter (another checkout's venv) inside
    a guard — ``prlimit --as=4G`` and a 150 s timeout — so the old behaviour cannot take the machine down;
    where the guard stopped it the cell shows "≥ 150 s", "≥ N MB" (its peak when the guard refused it memory:
    it would have taken more) and, when calamine aborts, the allocation refused ("asked 512 GB more" for a
    cell at XFD1048576). ``-k TEXT``: only the inputs whose description contains TEXT.
(b) The cost of containment on normal input, against a baseline measured in the same run:
    ``gk check``'s computation in-process vs in a contained child (one fork per command); ``prepare`` in a
    process that carries the caps (a report kernel: in-process, no fork) vs one that does not; the workbook
    bounds (``xlsx_bounds.check_workbook``: members sized, every sheet's farthest cell found) vs calamine
    reading the same workbook, on the sample township and on a 100,000-row ledger.

The exit status is 1 when a PASS/FAIL row fails.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hostile as H  # noqa: E402 - the generators the tests use

MB = 1 << 20
CAP = 1024 * MB
OWN = 256 * MB  # the gk process itself: Python, pandas, the kit


def _project(folder: Path, previous: str | None = None) -> Path:
    """A one-township project: a CSV ledger beside its params file (and ``previous: {file:}``)."""
    import yaml

    params = folder / "params/县/镇"
    params.mkdir(parents=True)
    (params / "依申请公开.csv").write_text("\n".join(",".join(r) for r in H.LEDGER) + "\n", encoding="utf-8")
    fields = {"agency": "县镇人民政府", "county": "县", "township": "镇", "year": 2020, "ledger_dir": "."}
    if previous:
        fields["previous"] = {"file": previous}
    (params / "2020.yaml").write_text(yaml.safe_dump(fields, allow_unicode=True), encoding="utf-8")
    return params / "2020.yaml"


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / MB:.1f} MB" if size >= MB else f"{size // 1024} KB"


def cases(tmp: Path, scale: float) -> list[tuple[str, list[str], int, Path | None]]:
    """(what, gk arguments, expected exit code, working folder) for every hostile input of the issue.

    ``gk audit`` exits 4 when a file, or a table in it, could not be read (issue 17's exit codes)."""
    big = int(3 * 1024 * MB * scale)

    def folder(name: str) -> Path:
        path = tmp / name
        path.mkdir()
        return path

    out = []
    d = folder("far")
    H.far_cell_workbook(d / "台账.xlsx")
    out.append(("check: one value at XFD1048576 (28 KB workbook)", ["check", str(d), "--year", "2020"], 1, None))
    d = folder("elsewhere")
    H.sheet_elsewhere_workbook(d / "台账.xlsx", big)
    out.append((f"check: sheet at xl/big.xml ({big // MB} MB in {_size(d / '台账.xlsx')})",
                ["check", str(d), "--year", "2020"], 1, None))
    d = folder("styles")
    H.big_member_workbook(d / "台账.xlsx", big)
    out.append((f"check: xl/styles.xml of {big // MB} MB", ["check", str(d), "--year", "2020"], 1, None))
    d = folder("workbook")
    H.big_member_workbook(d / "台账.xlsx", big, "xl/workbook.xml", b"<sheets>")
    out.append((f"check: xl/workbook.xml of {big // MB} MB", ["check", str(d), "--year", "2020"], 1, None))
    d = folder("docs")
    H.gridspan_docx(d / "gridspan.docx")
    out.append(("audit: DOCX gridSpan w:val=50000000 (41 KB)", ["audit", str(d / "gridspan.docx")], 4, None))
    H.vmerge_docx(d / "vmerge.docx")
    out.append(("audit: DOCX vMerge amplification", ["audit", str(d / "vmerge.docx")], 4, None))
    H.bomb_docx(d / "bomb.docx", big)
    out.append((f"audit: DOCX document.xml of {big // MB} MB (zip bomb)", ["audit", str(d / "bomb.docx")], 4, None))
    H.span_html(d / "spans.html")
    out.append(("audit: HTML, 43 KB of rowspan=500 colspan=100", ["audit", str(d / "spans.html")], 4, None))
    H.huge_file(d / "huge.html", 300 * MB)
    out.append(("audit: HTML page of 300 MB", ["audit", str(d / "huge.html")], 4, None))
    H.flate_bomb_pdf(d / "flate.pdf", int(4 * 1024 * MB * scale))
    out.append((f"audit: PDF Flate bomb ({_size(d / 'flate.pdf')})", ["audit", str(d / "flate.pdf")], 4, None))
    H.operators_pdf(d / "operators.pdf", int(60_000_000 * scale))
    out.append((f"audit: PDF, {int(300 * scale)} MB of drawing operators ({_size(d / 'operators.pdf')})",
                ["audit", str(d / "operators.pdf")], 4, None))
    H.many_pages_pdf(d / "pages.pdf", 2000, lines=20)
    out.append(("audit: PDF of 2,000 pages", ["audit", str(d / "pages.pdf")], 4, None))
    d = folder("mixed")
    import published as pb

    for year in (2021, 2022):
        (d / f"{year}.html").write_text(pb.html(pb.printed(year)), encoding="utf-8")
    H.flate_bomb_pdf(d / "bomb.pdf", int(4 * 1024 * MB * scale))
    out.append(("audit: folder of 2 good pages + 1 Flate bomb, -o", ["audit", str(d), "-o", str(tmp / "audit-out")], 4, None))
    d = folder("previous")
    (d / "依申请公开.csv").write_text("\n".join(",".join(r) for r in H.LEDGER) + "\n", encoding="utf-8")
    H.huge_file(d / "上年.json", 3 * 1024 * MB)
    out.append(("tables --previous: a 3 GB JSON", ["tables", str(d), "--year", "2020", "--previous", str(d / "上年.json")], 1, None))
    os.mkfifo(d / "管道.json")
    out.append(("tables --previous: a FIFO", ["tables", str(d), "--year", "2020", "--previous", str(d / "管道.json")], 1, None))
    p = folder("prevpdf")
    params = _project(p, "上年.pdf")
    H.flate_bomb_pdf(params.parent / "上年.pdf", int(4 * 1024 * MB * scale))
    out.append(("report: previous: {file: Flate-bomb PDF}", ["report", str(params), "-o", str(p / "out")], 1, p))
    return out


def run_case(python: str, args: list[str], cwd: Path | None, guard: bool) -> tuple[int, str, float, int]:
    command = [python, "-m", "gk_helpers.cli", *args]
    if guard:
        command = ["prlimit", f"--as={4 * 1024 * MB}", "--", *command]
    return H.measured(command, cwd=cwd, timeout=400, kill_after=150 if guard else None)


def hostile_table(scale: float, before: str | None, only: str | None = None) -> bool:
    ok = True
    with tempfile.TemporaryDirectory(prefix="gk-bench-bounds-") as tmp:
        rows = [row for row in cases(Path(tmp), scale) if not only or only in row[0]]
        print(f"\n(a) hostile inputs (scale {scale:g}); after: --max-memory {CAP // MB} MB, default --timeout")
        print(f"{'input':58} {'before':>26} {'after':>24}  result")
        for what, args, expected, cwd in rows:
            after = run_case(sys.executable, [*args, "--max-memory", f"{CAP // MB}MB"], cwd, guard=False)
            was = run_case(before, args, cwd, guard=True) if before else None
            code, out, seconds, peak = after
            passed = code == expected and seconds < 60 and peak < CAP + OWN and "Traceback" not in out
            ok &= passed
            print(f"{what:58} {_cell(was, guarded=True):>26} {_cell(after):>24}  {'PASS' if passed else 'FAIL'}")
            if was:
                print(f"    before says: {_last_line(was[1])}", file=sys.stderr)
            print(f"    after says: {_last_line(out)}", file=sys.stderr)
            if (cwd or Path(tmp)).exists():
                shutil.rmtree(Path(tmp) / "audit-out", ignore_errors=True)
    return ok


def _last_line(out: str) -> str:
    return out.strip().splitlines()[-1][:150] if out.strip() else "(nothing)"


#: What a process says when the guard (``prlimit --as``) refused it memory: Python's MemoryError, Rust's abort.
OUT_OF_MEMORY = ("MemoryError", "memory allocation of", "Cannot allocate memory", "std::bad_alloc")
#: A guarded process past this resident size was stopped by the 4 GB address-space guard (its libraries' mappings
#: count against the guard too), whatever it said: it would have taken more.
AT_THE_GUARD = 2560 * MB


def _cell(result, guarded: bool = False) -> str:
    """exit code (a signal by name), seconds, peak MB; under the guard, "≥" where the guard stopped it."""
    if result is None:
        return "—"
    code, out, seconds, peak = result
    exit_text = f"exit {code}" if code >= 0 else signal.Signals(-code).name
    time_text = "≥ 150 s" if guarded and seconds >= 149 else f"{seconds:.1f} s"
    stopped = guarded and (peak >= AT_THE_GUARD or any(sign in out for sign in OUT_OF_MEMORY))
    memory = f"{'≥ ' if stopped else ''}{peak / MB:.0f} MB"
    asked = re.search(r"memory allocation of (\d+) bytes failed", out)
    if guarded and asked:  # the allocation the guard refused: what it would have taken next
        memory += f" (asked {int(asked.group(1)) / (1024 * MB):,.0f} GB more)"
    return f"{exit_text}, {time_text}, {memory}"


def best(function, repeat: int = 5, clock=time.perf_counter) -> float:
    """The best of ``repeat`` runs; ``clock=time.process_time`` for work done in this process alone (the machine is
    shared: its CPU time is far steadier than the wall clock), ``cpu_with_children`` for work a child shares."""
    times = []
    for _ in range(repeat):
        began = clock()
        function()
        times.append(clock() - began)
    return min(times)


def cpu_with_children() -> float:
    """CPU seconds of this process and of its children waited for (a contained call's child is, by ``wait4``)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def containment_cost(quick: bool) -> None:
    from gk_helpers.base import contain
    cli = importlib.import_module("gk_helpers.cli.main")  # the module (the package exports its main function)
    from gk_helpers import notebook as nb
    from gk_helpers.ledger import workbook as reader
    from gk_helpers.ledger.xlsx_bounds import check_workbook

    print("\n(b) what containment costs normal input (best of 5; CPU time of this process and its children: the machine is"
          " shared; baseline in the same run)")
    sample = ROOT / "data/sample/南召县/城关镇"
    args = cli.build_parser().parse_args(["check", str(sample), "--year", "2020"])
    cpu = cpu_with_children
    plain = best(lambda: cli._compute_here(args), clock=cpu)
    forked = best(lambda: cli._compute(args), clock=cpu)
    print(f"gk check 城关镇 2020, computation in-process (baseline)   {plain * 1000:8.1f} ms")
    print(f"gk check 城关镇 2020, in a contained child (1 fork)       {forked * 1000:8.1f} ms   ×{forked / plain:.2f}")
    params = str(ROOT / "params/南召县/城关镇/2020.yaml")
    forks = []
    real_fork = os.fork
    os.fork = lambda: forks.append(1) or real_fork()
    try:
        uncontained = best(lambda: nb.prepare(params), clock=cpu)
        forks_uncontained = len(forks) / 5
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        forks.clear()
        contain.carry(contain.Limits())
        try:
            carried = best(lambda: nb.prepare(params), clock=cpu)
        finally:
            contain._CARRIED = None
            resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    finally:
        os.fork = real_fork
    print(f"prepare() by hand (no caps carried: a child per call)    {uncontained * 1000:8.1f} ms   forks/report {forks_uncontained:g}")
    print(f"prepare() in a report kernel (caps carried, in-process)  {carried * 1000:8.1f} ms   forks/report {len(forks) / 5:g}"
          f"   ×{carried / uncontained:.2f}")
    workbook = sample / "台账.xlsx"
    _bounds_vs_calamine("sample 城关镇 台账.xlsx", workbook, check_workbook, reader)
    if not quick:
        import numpy as np

        sys.path.insert(0, str(ROOT / "benchmarks"))
        from synthetic import SEED, make_applications, write_xlsx

        with tempfile.TemporaryDirectory(prefix="gk-bench-bounds-") as tmp:
            path = write_xlsx(Path(tmp), make_applications(np.random.default_rng(SEED + 1), 100_000))
            _bounds_vs_calamine("100,000-row 依申请公开 (bench_tables' workbook)", path, check_workbook, reader, repeat=3)


def _bounds_vs_calamine(label: str, path: Path, check_workbook, reader, repeat: int = 5) -> None:
    def read_all():
        book = reader.open_workbook(path, path.name)
        for sheet in book.sheet_names:
            book.book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)

    def structure_before():  # what the bounds pass replaces: each sheet's XML read again for merged/formula cells
        book = reader.open_workbook(path, path.name)
        for sheet in book.sheet_names:
            reader.sheet_structure(path, sheet)

    cpu = cpu_with_children
    bounds = best(lambda: check_workbook(path, path.name), repeat, cpu)
    calamine = best(read_all, repeat, cpu)
    replaced = best(structure_before, repeat, cpu)
    print(f"{label} (CPU time): bounds {bounds * 1000:.1f} ms vs calamine reading it {calamine * 1000:.1f} ms (baseline)   "
          f"×{bounds / calamine:.2f} of the read; it replaces the per-sheet merged/formula scan ({replaced * 1000:.1f} ms): "
          f"net ×{(bounds - replaced) / calamine:+.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes; no 100,000-row workbook")
    parser.add_argument("--before", metavar="PYTHON", help="another checkout's interpreter, run guarded (4 GB, 150 s)")
    parser.add_argument("--skip-hostile", action="store_true", help="only (b)")
    parser.add_argument("-k", metavar="TEXT", help="only the hostile inputs whose description contains TEXT (and (b))")
    options = parser.parse_args()
    ok = True
    if not options.skip_hostile:
        ok = hostile_table(0.1 if options.quick else 1.0, options.before, options.k)
    containment_cost(options.quick)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
