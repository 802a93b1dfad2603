"""Run batch jobs in a pool of worker processes, each with its own warm kernel.

A job is one report or one county roll-up. The worker runs it from end to end as every
executor does (``jobs``): ``produce`` executes the notebook with the ``gk-warm`` engine and
renders every output in memory, ``settle`` removes temp files an interrupted run left and
replaces the outputs only once every new one is written — so the last good ones stay until
then — and writes the stamp last. Every failure — a bad ledger, a cell that raises, a kernel that dies or
will not start, a full disk, a worker process that dies, a report past its time bound —
becomes a failed ``Outcome`` with a Chinese reason; the other jobs go on. Workers die with
the batch (``orphans``); a worker that does not come back from a report well after its
time bound is killed with its kernel.
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
from pathlib import Path

from .deadline import GRACE
from .faults import describe
from .jobs import REPORT, ROLLUP, Job, Outcome, produce, record_failure, settle
from .progress import FAILED as FAILED_STATUS

__all__ = ["REPORT", "ROLLUP", "Job", "Outcome", "WorkerPool", "run_job"]


def _exit_on_term(signum, frame) -> None:  # noqa: ARG001
    """Kill this worker's kernels and exit at once (no event loop: the signal may come mid-message)."""
    from . import warm

    warm.kill_all()
    os._exit(128 + signum)


def _init_worker(kernel_name: str, parent: int, starts) -> None:
    """Die with the parent, ignore Ctrl-C (the parent decides), stop the kernel on exit, start it right away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_term)
    from ..render.export import warm_exporters
    from . import orphans, warm

    global _STARTS
    _STARTS = starts
    orphans.die_with_parent(signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)

    multiprocessing.util.Finalize(None, warm.shutdown_all, exitpriority=100)
    warm.register()
    try:
        warm.kernel(kernel_name).launch()  # boots while this process warms up nbconvert
    except Exception:  # noqa: BLE001 - ensure_ready() retries at the first notebook
        pass
    warm_exporters()
    _freeze_imports()


def _freeze_imports() -> None:
    """Move what is imported by now (papermill, nbconvert, pandas…) out of the collector's sight: never garbage."""
    import gc

    gc.collect()
    gc.freeze()


_REPORTED: dict = {}  # this worker's warm.TIMINGS as last reported


_STARTS = None  # queue: (pid, job label) sent as each job starts, for the parent's time bound


def run_job(job: Job) -> Outcome:
    """Execute one job in this worker and put its outputs in place; never raises, whatever went wrong."""
    from . import deadline, warm

    if _STARTS is not None:  # the parent's second bound counts from when the notebook starts
        deadline.ON_START = lambda: _STARTS.put((os.getpid(), job.label))
    outcome = settle(job, produce(job))
    for key in ("kernel_start", "imports", "kernel_starts"):  # since the last job (the first gets the start-up)
        outcome.timings[key] = warm.TIMINGS[key] - _REPORTED.get(key, 0)
        _REPORTED[key] = warm.TIMINGS[key]
    return outcome


def _context():
    # fork: workers inherit the parent's imported modules (papermill, nbconvert) for free.
    method = "fork" if sys.platform.startswith("linux") else None
    return multiprocessing.get_context(method)


def _kill_tree(pid: int) -> None:
    """SIGKILL a worker and its children (its kernel) — Linux reads them from /proc."""
    children = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            children += (task / "children").read_text().split()
    except OSError:
        pass
    for victim in (pid, *map(int, children)):
        try:
            os.kill(victim, signal.SIGKILL)
        except OSError:
            pass


def _terminate(pool: ProcessPoolExecutor, grace: float = 5.0) -> None:
    """Stop the workers now (they kill their kernels on SIGTERM); one that does not stop is killed with its kernel."""
    processes = [p for p in list((getattr(pool, "_processes", None) or {}).values()) if p.is_alive()]
    for process in processes:
        process.terminate()
    deadline = time.monotonic() + grace
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            _kill_tree(process.pid)
            process.join(1.0)
    pool.shutdown(wait=True, cancel_futures=True)


class WorkerPool:
    """``workers`` processes, each with a warm kernel, kept for every phase of a batch (reports, then roll-ups)."""

    #: Seconds a worker gets, past a job's time bound, to report it before it is killed with its kernel.
    GRACE = GRACE

    def __init__(self, workers: int, kernel_name: str = "python3"):
        self.workers = max(1, workers)
        self.kernel_name = kernel_name
        self._pool = None
        self._starts = None

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

            context = _context()
            self._starts = context.SimpleQueue()
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_init_worker,
                                             initargs=(self.kernel_name, os.getpid(), self._starts))
        return self._pool

    def _started(self, started: dict) -> None:
        """Read which worker began which job (label → (pid, monotonic time))."""
        while self._starts is not None and not self._starts.empty():
            pid, label = self._starts.get()
            started[label] = (pid, time.monotonic())

    def _overdue(self, running: dict, started: dict) -> list:
        """Futures whose job has run past its bound plus ``GRACE`` (the worker did not come back)."""
        self._started(started)
        now = time.monotonic()
        return [f for f, job in running.items()
                if job.timeout and job.label in started and now - started[job.label][1] > job.timeout + self.GRACE]

    def run(self, jobs: list[Job], on_outcome) -> list[Outcome]:
        """Run ``jobs`` at most ``workers`` at a time; ``on_outcome`` sees each result as it comes.

        A job whose worker process died is tried once more in a fresh pool, then counted as failed.
        """
        pending, running, outcomes, attempts, started = deque(jobs), {}, [], {}, {}
        while pending or running:
            pool = self._executor()
            while pending and len(running) < self.workers:
                job = pending.popleft()
                running[pool.submit(run_job, job)] = job
            done, _ = wait(running, timeout=1.0, return_when=FIRST_COMPLETED)
            broken = False
            for future in self._overdue(running, started) if not done else ():
                job = running.pop(future)
                _kill_tree(started[job.label][0])
                broken = True
                reason = record_failure(job, f"运行超过 {job.timeout:g} 秒，已终止（工作进程没有响应，已连同内核一起结束）")
                outcome = Outcome(job, FAILED_STATUS, reason, seconds=time.monotonic() - started[job.label][1])
                outcomes.append(outcome)
                on_outcome(outcome)
            for future in done:
                job = running.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    broken = True
                    attempts[job] = attempts.get(job, 0) + 1
                    if attempts[job] < 2:
                        started.pop(job.label, None)
                        pending.appendleft(job)
                        continue
                    outcome = Outcome(job, FAILED_STATUS, record_failure(job, "工作进程意外退出（已重试一次）"))
                except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be sent back
                    outcome = Outcome(job, FAILED_STATUS, record_failure(job, describe(exc)))
                outcomes.append(outcome)
                on_outcome(outcome)
            if broken:
                for future, job in list(running.items()):  # their workers are gone too
                    future.cancel()
                    started.pop(job.label, None)
                    pending.appendleft(job)
                running.clear()
                _terminate(self._pool)
                self._pool = None
        return outcomes
