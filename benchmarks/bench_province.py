"""A province on one machine: 20 counties × 20 townships × 5 years = 2,000 township-years, HTML only.

Usage::

    .venv/bin/python benchmarks/bench_province.py              # the full province (about 2 × 10–20 min)
    .venv/bin/python benchmarks/bench_province.py --quick      # 2 counties × 5 townships × 2 years: a smoke run
    .venv/bin/python benchmarks/bench_province.py --counties 5 --no-dask
    .venv/bin/python benchmarks/bench_province.py --counties 1 --no-dask --rerun-counties 20   # (d) at full size

In a temp dir it generates the province — each township's params files from a sample township's,
renamed (county C01县…, township T01镇…), prose files beside them, ``ledger_dir`` a relative path to
the sample's ledger folders copied into the project (so a dask worker can be sent them) — then runs,
for the local pool (``gk run --jobs 2``) and for a local dask cluster of 2 workers (``dask scheduler``
and ``dask worker --nworkers 2 --nthreads 1`` processes, the batch with ``--executor dask``):

(a) the batch from scratch: wall, CPU per report (gk run and every process under it, or the workers),
    peak memory (the sum of resident memory of gk run's process tree, and of the dask processes, sampled
    every half second), and whether it stays flat — local pool: the peak of the last three quarters of the
    run against the peak of the first quarter; dask: the peak at all the townships against the peak at half
    of them, each on a fresh cluster (a worker's kernel starts at its first job, not with the cluster);
    ``--baseline-src DIR`` runs the dask rows with the kit in DIR as well (``PYTHONPATH``), in turns;
(b) the unchanged re-run (nothing to do: the cache);
(c) the overview's size (``OUT/index.html``);
(d) with ``--rerun-counties K`` (after the local pool's run): the unchanged re-run of a province of K counties
    (same townships and years) without running its notebooks — each township-year's outputs are copies of the
    local run's first county's (same township number and year), the roll-ups likewise, stamped with the
    fingerprints the kit computes for them (``batch.run.plan``), so ``gk run`` must find every item unchanged.
    It measures the re-run path at a size whose first run would take far longer than the benchmark can wait
    (``--counties 1 --rerun-counties 20``: 100 notebooks run, the re-run timed at 2,000 township-years).

Targets on one 2-core machine: (a) ≤ 10 min for 2,000 township-years; (b) and (d) ≤ 10 s; memory flat (the later
or larger peak ≤ 1.25 × the first quarter's or the half's). The load average is printed with the figures: the machine may be shared.
Exit status 1 when a target is missed or a report fails.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SAMPLE_PARAMS = ROOT / "params" / "南召县"
SAMPLE_DATA = ROOT / "data" / "sample" / "南召县"
YEARS = (2020, 2021, 2022, 2023, 2024)
TARGETS = {"wall_per_2000": 600.0, "rerun": 10.0, "flat": 1.25}


def generate(root: Path, counties: int, townships: int, years) -> int:
    """The province under ``root``: params/<county>/<township>/<year>.yaml and data/<sample township>/."""
    samples = sorted(p.name for p in SAMPLE_PARAMS.iterdir() if p.is_dir())
    shutil.copytree(SAMPLE_DATA, root / "data")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    made = 0
    for c in range(counties):
        county = f"C{c + 1:02d}县"
        for t in range(townships):
            sample = samples[(c * townships + t) % len(samples)]
            township = f"T{t + 1:02d}镇"
            folder = root / "params" / county / township
            folder.mkdir(parents=True)
            for year in years:
                source = SAMPLE_PARAMS / sample / f"{year}.yaml"
                text = source.read_text(encoding="utf-8")
                text = re.sub(r"^county:.*$", f"county: {county}", text, flags=re.M)
                text = re.sub(r"^township:.*$", f"township: {township}", text, flags=re.M)
                text = re.sub(r"^ledger_dir:.*$", f"ledger_dir: ../../../data/{sample}", text, flags=re.M)
                (folder / source.name).write_text(text, encoding="utf-8")
                for prose in source.parent.glob(f"{year}-*.md"):
                    shutil.copy(prose, folder)
                made += 1
    return made


# ---- measuring --------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += map(int, (task / "children").read_text().split())
    except OSError:
        pass
    return found


def tree(pids) -> set[int]:
    """Every process in the trees below ``pids`` (themselves included)."""
    found, todo = set(), list(pids)
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo += _children(pid)
    return found


def _stat(pid: int) -> tuple[float, int]:
    """(CPU seconds, resident bytes) of one process; (0, 0) when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, 0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), int(fields[21]) * os.sysconf("SC_PAGE_SIZE")


class Sampler:
    """Every half second: the resident memory of the process trees below ``roots()`` and the CPU of each
    process seen below ``cpu_roots()`` (processes this script does not wait for: the dask cluster's)."""

    def __init__(self, roots, cpu_roots=lambda: ()):
        self.roots, self.cpu_roots = roots, cpu_roots
        self.samples: list[tuple[float, int]] = []  # (seconds since start, resident bytes in all)
        self.cpu: dict[int, float] = {}  # last CPU seconds seen of every process
        self.began = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(0.5)

    def sample(self) -> None:
        """Take one sample now."""
        total = 0
        watched = tree(self.cpu_roots())
        for pid in tree(self.roots()) | watched:
            cpu, rss = _stat(pid)
            total += rss
            if cpu and pid in watched:
                self.cpu[pid] = max(cpu, self.cpu.get(pid, 0.0))
        self.samples.append((time.monotonic() - self.began, total))

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def peaks(self) -> tuple[int, int]:
        """(peak in the first quarter of the run, peak after it)."""
        if not self.samples:
            return 0, 0
        end = self.samples[-1][0]
        first = [m for t, m in self.samples if t <= end / 4] or [0]
        later = [m for t, m in self.samples if t > end / 4] or [0]
        return max(first), max(later)


def _cpu_of_exited(before: float) -> float:
    """CPU of the processes gk run reaped (workers and their kernels) since ``before``."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime - before


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def gk_run(root: Path, out: str, *args: str, extra_roots=lambda: (), env: dict | None = None) -> dict:
    """``gk run params -o OUT ARGS`` in ``root``: wall, CPU (its tree, plus ``extra_roots``' trees), memory."""
    began_cpu = _children_cpu()
    began = time.perf_counter()
    process = subprocess.Popen([str(BIN / "gk"), "run", "params", "-o", out, *args], cwd=root, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    extra_before = {pid: _stat(pid)[0] for pid in tree(extra_roots())}
    with Sampler(lambda: (process.pid,), extra_roots) as sampler:
        printed = process.communicate()[0].decode("utf-8", "replace")
    wall = time.perf_counter() - began
    reaped = _cpu_of_exited(began_cpu)  # gk run, its workers and kernels (waited for all the way down)
    extra = sum(cpu - extra_before.get(pid, 0.0) for pid, cpu in sampler.cpu.items())  # the cluster's processes
    first, later = sampler.peaks()
    summary = next((line for line in printed.splitlines() if line.startswith("生成 ")), printed.strip()[-300:])
    return {"wall": wall, "cpu": reaped + extra, "code": process.returncode, "summary": summary,
            "peak_first": first, "peak_later": later, "peak": max(first, later)}


class Cluster:
    """``dask scheduler`` and ``dask worker --nworkers 2 --nthreads 1`` in a folder of their own."""

    def __init__(self, folder: Path, workers: int = 2, env: dict | None = None):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.address = f"tcp://127.0.0.1:{port}"
        log = (folder / "cluster.log").open("wb")
        self.processes = [
            subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                             cwd=folder, stdout=log, stderr=log, env=env),
        ]
        time.sleep(2)
        self.processes.append(subprocess.Popen([str(BIN / "dask"), "worker", self.address, "--nworkers", str(workers),
                                                "--nthreads", "1", "--no-dashboard", "--local-directory", str(folder)],
                                               cwd=folder, stdout=log, stderr=log, env=env))
        from distributed import Client

        with Client(self.address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=180)

    def pids(self) -> list[int]:
        """The scheduler's and the workers' process trees."""
        return [p.pid for p in self.processes]

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.send_signal(signal.SIGINT)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def stamped_province(root: Path, real_out: Path, counties: int, townships: int, years) -> tuple[Path, int]:
    """(d): a province of ``counties`` under ``root`` whose outputs are copied from ``real_out``'s first county and
    stamped as the kit would stamp them after a good run; returns the output folder and the number of items."""
    from gk_helpers.base.files import write_atomic
    from gk_helpers.batch import run as batch
    from gk_helpers.batch.cache import OK, Hasher, Stamp, write_stamp
    from gk_helpers.batch.rollup import rollup_paths
    from gk_helpers.notebook.yaml_memo import YamlMemo, using

    generate(root, counties, townships, years)
    out, first = root / "out", "C01县"
    # the outputs first: a report's fingerprint covers last year's JSON (checks C1/C2), which must be in place
    for job in batch.plan(root / "params", out, None, cwd=root).jobs:
        for path in map(Path, job.finished):
            _, year, name = path.relative_to(out).parts
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(real_out / first / year / name, path)
    memo, hasher = YamlMemo.load(out / batch.YAML_MEMO), Hasher()
    with using(memo):  # as a first run leaves it: the params files' parsed YAML kept for the next batch
        todo = batch.plan(root / "params", out, None, cwd=root, hasher=hasher)
    write_atomic(out / batch.YAML_MEMO, memo.dumps())
    for job in todo.jobs:
        write_stamp(Path(job.stamp), Stamp(job.fingerprint, OK))
    notebook = batch.default_notebook()
    for county, year in todo.rollups:
        for kind in ("html", "ipynb", "json"):
            shutil.copyfile(rollup_paths(real_out, first, year)[kind], rollup_paths(out, county, year)[kind])
        job = batch._rollup_job(county, year, out, notebook.with_name(batch.ROLLUP_NOTEBOOK), root, hasher, "python3")
        write_stamp(Path(job.stamp), Stamp(job.fingerprint, OK))
    return out, len(todo.jobs) + len(todo.rollups)


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(name: str, n: int, a: dict, b: dict | None, index_size: int, rows: list, flat_within: bool = True) -> None:
    """Add the rows of one executor (``flat_within``: judge the memory by the first quarter against the rest)."""
    budget = TARGETS["wall_per_2000"] * n / 2000
    flat = a["peak_later"] <= TARGETS["flat"] * max(a["peak_first"], 1)
    rows += [
        (f"{name}: (a) {n} reports from scratch, wall", f"{a['wall']:.1f} s ({a['wall'] / n:.3f} s/report)",
         f"≤ {budget:.0f} s", _verdict(a["wall"] <= budget and a["code"] == 0)),
        (f"{name}: (a) CPU per report (all processes)", f"{a['cpu'] / n:.3f} s", "", "info"),
        (f"{name}: (a) peak memory, first quarter → rest of the run",
         f"{a['peak_first'] / 2**20:.0f} MB → {a['peak_later'] / 2**20:.0f} MB",
         f"flat (≤ {TARGETS['flat']}×)" if flat_within else "", _verdict(flat) if flat_within else "info"),
        (f"{name}: (a) result", a["summary"], "失败 0 项", _verdict(a["code"] == 0)),
    ]
    if b is not None:
        rows.append((f"{name}: (b) unchanged re-run, wall", f"{b['wall']:.1f} s", f"≤ {TARGETS['rerun']:g} s",
                     _verdict(b["wall"] <= TARGETS["rerun"] and b["code"] == 0)))
    rows.append((f"{name}: (c) overview OUT/index.html", f"{index_size / 1024:.0f} KB", "", "info"))


def dask_batch(root: Path, out: str, env: dict | None, rerun: bool) -> tuple[dict, dict | None]:
    """(a), and (b) when ``rerun``, on a fresh local cluster of 2 workers (``env``: the kit's, see ``--baseline-src``)."""
    folder = root / f"dask-workers-{out}"
    folder.mkdir()
    cluster = Cluster(folder, env=env)
    try:
        args = ("--executor", "dask", "--scheduler", cluster.address)
        a = gk_run(root, out, *args, extra_roots=cluster.pids, env=env)
        b = gk_run(root, out, *args, extra_roots=cluster.pids, env=env) if rerun else None
    finally:
        cluster.stop()
    return a, b


def dask_rows(root: Path, n: int, args, rows: list) -> None:
    """The dask cluster's rows: this kit (and ``--baseline-src``'s, in turns), at half the townships and at all of them.

    Memory is judged across the two sizes — the peak of all processes (gk run, scheduler, workers, kernels) at
    ``n`` reports against the peak at about half as many, each on a fresh cluster — by the same rule as the
    local pool's within-run one (≤ 1.25×): a worker's kernel starts at its first job, not with the cluster, so
    within one run the first quarter may not hold it yet.
    """
    half = root / "half"
    n_half = generate(half, args.counties, max(1, args.townships // 2), YEARS[-args.years:])
    before = {**os.environ, "PYTHONPATH": str(Path(args.baseline_src).resolve())} if args.baseline_src else None
    kits = [("before", before)] if before else []
    kits.append(("this tree" if before else "", None))
    peaks: dict = {}
    for label, env in kits:
        tag = "before" if label == "before" else "after"
        small, _ = dask_batch(half, f"out-dask-{tag}", env, rerun=False)
        print(f"  dask {label or ''} ({n_half} reports) {small['wall']:.1f} s, peak {small['peak'] / 2**20:.0f} MB, "
              f"load average {_load()}", flush=True)
        a, b = dask_batch(root, f"out-dask-{tag}", env, rerun=True)
        print(f"  dask {label or ''} ({n} reports) {a['wall']:.1f} s, peak {a['peak'] / 2**20:.0f} MB, "
              f"load average {_load()}", flush=True)
        peaks[tag] = (small, a, b)
    for tag, (small, a, b) in peaks.items():
        name = "dask, 2 workers" + (f" [{tag}]" if before else "")
        if tag == "after":
            report(name, n, a, b, (root / "out-dask-after" / "index.html").stat().st_size, rows, flat_within=False)
        else:
            rows.append((f"{name}: (a) {n} reports, wall / CPU per report",
                         f"{a['wall']:.1f} s / {a['cpu'] / n:.3f} s", "", "info"))
        ratio = a["peak"] / max(small["peak"], 1)
        rows.append((f"{name}: (a) peak memory at {n_half} → {n} reports",
                     f"{small['peak'] / 2**20:.0f} MB → {a['peak'] / 2**20:.0f} MB (×{ratio:.2f})",
                     f"flat (≤ {TARGETS['flat']}×)", _verdict(ratio <= TARGETS["flat"]) if tag == "after" else "info"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, default=20)
    parser.add_argument("--townships", type=int, default=20)
    parser.add_argument("--years", type=int, default=len(YEARS), help="how many of 2020–2024 (default 5)")
    parser.add_argument("--quick", action="store_true", help="2 counties × 5 townships × 2 years, a smoke run")
    parser.add_argument("--no-dask", action="store_true", help="only the local pool")
    parser.add_argument("--no-local", action="store_true", help="only the dask cluster")
    parser.add_argument("--rerun-counties", type=int, default=0, metavar="K",
                        help="(d): also time the unchanged re-run of K counties, outputs copied from the local run")
    parser.add_argument("--baseline-src", metavar="DIR",
                        help="also run the dask rows with the gk_helpers in DIR (PYTHONPATH; same Python and libraries), in turns")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    args = parser.parse_args(argv)
    if args.quick:
        args.counties, args.townships, args.years = 2, 5, 2
    root = Path(tempfile.mkdtemp(prefix="gk-bench-province-"))
    rows: list = []
    try:
        n = generate(root, args.counties, args.townships, YEARS[-args.years:])
        print(f"gk-report province benchmark: {args.counties} counties × {args.townships} townships × {args.years} years "
              f"= {n} township-years, {os.cpu_count()} CPUs, load average {_load()}, in {root}", flush=True)
        if not args.no_local:
            a = gk_run(root, "out-local", "--jobs", "2")
            print(f"  local (a) {a['wall']:.1f} s, load average {_load()}", flush=True)
            b = gk_run(root, "out-local", "--jobs", "2")
            report("local pool, --jobs 2", n, a, b, (root / "out-local" / "index.html").stat().st_size, rows)
            if args.rerun_counties:
                scaled = root / "stamped"
                out, items = stamped_province(scaled, root / "out-local", args.rerun_counties, args.townships,
                                              YEARS[-args.years:])
                d = gk_run(scaled, out.name, "--jobs", "2")
                unchanged = d["code"] == 0 and d["summary"].startswith("生成 0 项")
                rows += [(f"local pool: (d) unchanged re-run of {items} stamped items, wall / CPU",
                          f"{d['wall']:.1f} s / {d['cpu']:.1f} s", f"≤ {TARGETS['rerun']:g} s",
                          _verdict(d["wall"] <= TARGETS["rerun"] and unchanged)),
                         ("local pool: (d) result", d["summary"], "生成 0 项", _verdict(unchanged))]
        if not args.no_dask:
            dask_rows(root, n, args, rows)
        print(f"\nload average at the end: {_load()}")
        width = max(len(r[0]) for r in rows)
        for measure, value, target, verdict in rows:
            print(f"{measure:<{width}}  {value:<28}  {target:<16}  {verdict}")
        return 1 if any(r[3] == "FAIL" for r in rows) else 0
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
