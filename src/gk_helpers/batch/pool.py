"""Run batch jobs in a pool of worker processes, each with its own warm kernel.

A job is one report or one county roll-up. The worker removes the job's stamp and stale
outputs, executes the notebook with the ``gk-warm`` engine, and writes the stamp last:
so an interrupted batch never leaves a stamp vouching for outputs that are not all there.
Every failure — a bad ledger, a cell that raises, a kernel that dies or will not start,
even a worker process that dies — becomes a failed ``Outcome``; the other jobs go on.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GkError
from .cache import FAILED, OK, Stamp, write_stamp
from .progress import DONE
from .progress import FAILED as FAILED_STATUS

REPORT, ROLLUP = "report", "rollup"


@dataclass(frozen=True)
class Job:
    """One notebook to run: a township-year report or a county-year roll-up."""

    kind: str
    label: str  # 南召县 城关镇 2020年
    county: str
    year: int
    township: str  # "" for a roll-up
    out_dir: str
    notebook: str
    cwd: str
    fingerprint: str
    stamp: str
    outputs: tuple[str, ...]  # files removed before the run (stale) — the stamp vouches for them after
    params_path: str = ""
    kernel_name: str = "python3"
    formats: tuple[str, ...] = ("html",)  # render.outputs.FORMATS keys
    finished: tuple[str, ...] = ()  # the files a success leaves (the cache requires each)


@dataclass
class Outcome:
    """How a job ended: status (done / failed), the Chinese reason, where the evidence is, seconds spent."""

    job: Job
    status: str
    message: str = ""
    failed_notebook: str = ""
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)


def _exit_on_term(signum, frame) -> None:  # noqa: ARG001
    from . import warm

    warm.shutdown_all()
    os._exit(128 + signum)


def _init_worker(kernel_name: str) -> None:
    """Ignore Ctrl-C (the parent decides), stop the kernel on exit, and start it right away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    from ..render.export import warm_exporters
    from . import warm

    multiprocessing.util.Finalize(None, warm.shutdown_all, exitpriority=100)
    warm.register()
    try:
        warm.kernel(kernel_name).launch()  # boots while this process warms up nbconvert
    except Exception:  # noqa: BLE001 - ensure_ready() retries at the first notebook
        pass
    warm_exporters()


_REPORTED: dict = {}  # this worker's warm.TIMINGS as last reported


def run_job(job: Job) -> Outcome:
    """Execute one job in this worker; never raises for a failed notebook."""
    from . import warm
    from .execute import execute_report
    from .rollup import execute_rollup

    began = time.perf_counter()
    timings: dict = {}
    Path(job.stamp).unlink(missing_ok=True)
    for stale in job.outputs:
        Path(stale).unlink(missing_ok=True)
    try:
        if job.kind == REPORT:
            execute_report(job.params_path, job.out_dir, job.notebook, cwd=job.cwd, kernel_name=job.kernel_name,
                           engine_name=warm.ENGINE_NAME, timings=timings, formats=job.formats)
        else:
            execute_rollup(job.county, job.year, job.out_dir, job.notebook, job.cwd, warm.ENGINE_NAME, job.kernel_name)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded, none stops the batch
        reason = getattr(exc, "reason", None) or (str(exc) if isinstance(exc, GkError) else f"意外错误（{type(exc).__name__}: {exc}）")
        failed = getattr(exc, "failed_notebook", None)
        write_stamp(Path(job.stamp), Stamp(job.fingerprint, FAILED, reason))
        outcome = Outcome(job, FAILED_STATUS, reason, str(failed or ""))
    else:
        write_stamp(Path(job.stamp), Stamp(job.fingerprint, OK))
        outcome = Outcome(job, DONE)
    for key in ("kernel_start", "imports", "kernel_starts"):  # since the last job (the first gets the start-up)
        timings[key] = warm.TIMINGS[key] - _REPORTED.get(key, 0)
        _REPORTED[key] = warm.TIMINGS[key]
    outcome.seconds = time.perf_counter() - began
    outcome.timings = timings
    return outcome


def _context():
    # fork: workers inherit the parent's imported modules (papermill, nbconvert) for free.
    method = "fork" if sys.platform.startswith("linux") else None
    return multiprocessing.get_context(method)


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now (they stop their kernels on SIGTERM)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


class WorkerPool:
    """``workers`` processes, each with a warm kernel, kept for every phase of a batch (reports, then roll-ups)."""

    def __init__(self, workers: int, kernel_name: str = "python3"):
        self.workers = max(1, workers)
        self.kernel_name = kernel_name
        self._pool = None

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if self._pool is not None:
            if kind is None:
                self._pool.shutdown(wait=True)
            else:  # interrupted or failed: stop the workers (and their kernels) now
                _terminate(self._pool)
            self._pool = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            import nbconvert  # noqa: F401 - imported before forking, shared by the workers
            import papermill  # noqa: F401

            from . import warm  # noqa: F401

            self._pool = ProcessPoolExecutor(self.workers, mp_context=_context(), initializer=_init_worker,
                                             initargs=(self.kernel_name,))
        return self._pool

    def run(self, jobs: list[Job], on_outcome) -> list[Outcome]:
        """Run ``jobs`` at most ``workers`` at a time; ``on_outcome`` sees each result as it comes.

        A job whose worker process died is tried once more in a fresh pool, then counted as failed.
        """
        pending, running, outcomes, attempts = deque(jobs), {}, [], {}
        while pending or running:
            pool = self._executor()
            while pending and len(running) < self.workers:
                job = pending.popleft()
                running[pool.submit(run_job, job)] = job
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                job = running.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    broken = True
                    attempts[job] = attempts.get(job, 0) + 1
                    if attempts[job] < 2:
                        pending.appendleft(job)
                        continue
                    reason = "工作进程意外退出（已重试一次）"
                    write_stamp(Path(job.stamp), Stamp(job.fingerprint, FAILED, reason))
                    outcome = Outcome(job, FAILED_STATUS, reason)
                outcomes.append(outcome)
                on_outcome(outcome)
            if broken:
                for future, job in list(running.items()):  # their workers are gone too
                    future.cancel()
                    pending.appendleft(job)
                running.clear()
                _terminate(self._pool)
                self._pool = None
        return outcomes
