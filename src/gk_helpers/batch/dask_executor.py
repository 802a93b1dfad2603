"""``gk run --executor dask --scheduler ADDRESS``: the batch's jobs on a dask.distributed cluster.

The jobs, the cache, the output lock, the index and the progress are the batch's own (``run``);
only where a notebook runs changes. For each job ``gk run`` sends what it reads (``shipment``):
every distinct file once, scattered into the cluster under its SHA-256, so a worker fetches a ledger
only when a job of its needs it and keeps it for the next. The worker rebuilds the files under a
folder of its own, runs ``jobs.produce`` there in its warm kernel and sends the outputs back;
``gk run`` commits them (``jobs.settle``) exactly as the local pool does. No disk is shared.

Failures: a job's own failure comes back as its reason and failed notebook. A worker that dies
mid-job is allowed once: the scheduler moves the job to another worker, or, when the files it
reads died with the worker, ``gk run`` sends them and the job again. A job that already started
twice fails with 工作节点意外退出（已重试一次）; the tries are counted where they start
(``dask_worker``). A worker running another release of the kit fails the job with both versions
named. A scheduler that cannot be reached, or has no workers, is one ``ExecutorError`` (exit
code 2) before anything runs.

Two time bounds, as on the local pool: the worker kills its kernel at ``--timeout`` (``deadline``);
and ``gk run`` itself fails a job that has not come back ``GRACE`` seconds after that — its worker
is stuck outside the kernel (a county template that never ends, a hung library call) — and restarts
that worker process through its nanny (the stuck thread cannot be stopped otherwise), so the batch
goes on. The clock starts when the worker says the notebook's clock started (``dask_worker``).

Memory stays flat in the number of reports: at most ``AHEAD`` jobs per worker are submitted at a
time, a file's bytes stay in the cluster only while a job that reads them is there, and the workers'
statistical profiler (whose history grew with every second of work) is turned off.

Workers must run one job at a time per process (``dask worker --nthreads 1``): a process has one
warm kernel, and papermill changes the process's working directory; a lock makes sure of it.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections import Counter, deque
from dataclasses import replace
from pathlib import Path

from ..base.errors import ExecutorError
from .deadline import GRACE
from .faults import describe
from .jobs import Job, Outcome, Product, settle
from .shipment import ship

#: Seconds to reach the scheduler, and to wait for its first worker, before giving up.
CONNECT_TIMEOUT = 10.0
#: Jobs submitted ahead per worker process (one running, the next ones ready to start).
AHEAD = 2
#: Seconds between two looks at which jobs' clocks started (the second time bound).
POLL = 1.0
#: Seconds to wait for a stuck worker's nanny to bring a fresh process up.
RESTART_TIMEOUT = 60.0


def _import_distributed():
    try:
        import distributed
    except ImportError:
        raise ExecutorError("没有安装 dask.distributed，无法使用 --executor dask。请安装：pip install 'gk-report[dask]'"
                            "（工作节点上也需要安装同一版本的 gk-report[dask]）。没有运行任何报告。") from None
    return distributed


class DaskExecutor:
    """The batch's executor on a dask cluster (same ``run(jobs, on_outcome)`` as the local ``WorkerPool``)."""

    #: Seconds a job gets, past its time bound, to come back before its worker is restarted.
    GRACE = GRACE

    def __init__(self, address: str, connect_timeout: float = CONNECT_TIMEOUT):
        self.address = address
        self.connect_timeout = connect_timeout
        self.client = None
        self.run_id = f"gk-run-{uuid.uuid4().hex[:12]}"
        self._scattered: dict[str, object] = {}  # sha256 → future of the bytes in the cluster
        self._readers: dict[str, int] = {}  # sha256 → how many submitted jobs read it

    def __enter__(self) -> DaskExecutor:
        distributed = _import_distributed()
        try:
            self.client = distributed.Client(self.address, timeout=self.connect_timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ExecutorError(f"无法连接 dask 调度器 {self.address}（{_reason(exc)}）。请确认调度器已启动（dask scheduler）、"
                                "地址和端口正确、本机能访问它。没有运行任何报告。") from None
        try:
            self.client.wait_for_workers(1, timeout=self.connect_timeout)
        except (TimeoutError, OSError):
            self.client.close()
            raise ExecutorError(f"dask 调度器 {self.address} 没有可用的工作节点（等待 {self.connect_timeout:g} 秒）。"
                                "请在各台机器上启动 dask worker（--nthreads 1）。没有运行任何报告。") from None
        from .dask_worker import NoProfiler

        self.client.register_plugin(NoProfiler())
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if self.client is not None:
            try:
                if kind is not None:
                    self.client.cancel(list(self._scattered.values()), force=True)
                self.client.set_metadata(self.run_id, None)  # the run's try counts and clocks
                self.client.close()
            except Exception:  # noqa: BLE001 - closing a client whose scheduler went away
                pass
            self.client = None

    @property
    def workers(self) -> int:
        """How many worker processes the cluster has now."""
        return len(self.client.scheduler_info().get("workers", {}))

    def _files(self, job: Job, fresh: bool = False) -> dict[str, tuple[str, object]]:
        """The job's files: path below the worker's root → (sha256, future of the bytes); scattered once each.

        Bytes that were held only by a worker that died are scattered again; ``fresh`` scatters all of the
        job's files again (its worker died: the client may not have heard yet which bytes went with it).
        """
        files, new = {}, {}
        for path, limit in ship(job).files.items():
            data = _read(path, limit)
            digest = hashlib.sha256(data).hexdigest()
            held = self._scattered.get(digest)
            if fresh or held is None or held.status != "finished":
                new[digest] = data
            files[path.relative_to("/").as_posix()] = digest
        if new:  # under a new key each time: never one the cluster lost
            keys = {f"gk-file-{digest}-{uuid.uuid4().hex[:8]}": digest for digest in new}
            futures = self.client.scatter({key: new[digest] for key, digest in keys.items()}, hash=False)
            self._scattered.update({keys[key]: future for key, future in futures.items()})
        return {name: (digest, self._scattered[digest]) for name, digest in files.items()}

    def _submit(self, job: Job, attempts: str, fresh: bool):
        from .cache import kit_version
        from .dask_worker import run_remote

        here = replace(job, out_dir=_absolute(job.out_dir), notebook=_absolute(job.notebook), cwd=_absolute(job.cwd),
                       params_path=_absolute(job.params_path) if job.params_path else "")
        files = self._files(job, fresh)
        future = self.client.submit(run_remote, here, files, self.run_id, kit_version(), attempts,
                                    key=f"gk-{uuid.uuid4().hex}", pure=False)
        return future, {digest for digest, _ in files.values()}

    def _starts(self, key: str) -> int:
        """How many times the job counted under ``key`` started on a worker (``dask_worker``)."""
        return int(self.client.get_metadata([self.run_id, "attempts", key], 0))

    def _release(self, digests) -> None:
        """A job is done with these files: bytes no submitted job reads any more leave the cluster."""
        for digest in digests:
            self._readers[digest] -= 1
            if not self._readers[digest]:
                del self._readers[digest]
                self._scattered.pop(digest, None)  # the last reference: dask forgets the bytes

    def run(self, jobs: list[Job], on_outcome) -> list[Outcome]:
        """Run ``jobs`` on the cluster; each result is committed here and given to ``on_outcome`` as it comes."""
        distributed = _import_distributed()
        from .dask_worker import ATTEMPTS, LOST

        outcomes, pending = [], deque(jobs)
        running: dict = {}  # future → job
        reads: dict[Job, set] = {}  # job → the files it reads, while it is submitted
        attempts = {job: f"gk-attempts-{uuid.uuid4().hex}" for job in jobs}
        queue = distributed.as_completed([], loop=self.client.loop)
        clocks = _Clocks(self, attempts)

        def finish(job: Job, product: Product) -> None:
            self._release(reads.pop(job, ()))
            outcome = settle(job, product)
            outcomes.append(outcome)
            on_outcome(outcome)

        def submit(job: Job, fresh: bool = False) -> None:
            try:
                future, reads[job] = self._submit(job, attempts[job], fresh)
            except Exception as exc:  # noqa: BLE001 - e.g. a ledger folder given as an absolute path
                finish(job, Product(reason=describe(exc)))
                return
            for digest in reads[job]:
                self._readers[digest] = self._readers.get(digest, 0) + 1
            running[future] = job
            queue.add(future)

        again = Counter()  # job → how many times it was submitted again after its worker was lost
        while pending or running:
            while pending and len(running) < AHEAD * max(1, clocks.workers):
                submit(pending.popleft())
            for job, reason in clocks.overdue(running):
                finish(job, Product(reason=reason))
            if not queue.has_ready():
                time.sleep(0.05)
                continue
            for future in queue.next_batch(block=False):
                job = running.pop(future, None)
                if job is None:  # a job already failed by its time bound
                    continue
                clocks.forget(job)
                try:
                    product = future.result()
                except Exception as exc:  # noqa: BLE001 - a worker died with the job or with the files it needed
                    if type(exc).__name__ not in _LOST_ERRORS:
                        product = Product(reason=describe(exc))
                    elif self._starts(attempts[job]) >= ATTEMPTS or again[job] > ATTEMPTS:
                        product = Product(reason=LOST)
                    else:  # the scheduler gave up on it, or lost its files: again, with its files sent again
                        again[job] += 1
                        self._release(reads.pop(job, ()))
                        submit(job, fresh=True)
                        continue
                finish(job, product)
        return outcomes


class _Clocks:
    """The second time bound: when each job's notebook clock started on a worker, and which have run over."""

    def __init__(self, executor: DaskExecutor, attempts: dict):
        self.executor = executor
        self.key_of = attempts  # job → the key its tries are counted and clocked under
        self.started: dict[Job, tuple[list, float]] = {}  # job → ([try, worker], when it was first seen here)
        self.workers = executor.workers
        self._last = 0.0

    def forget(self, job: Job) -> None:
        """The job came back."""
        self.started.pop(job, None)

    def overdue(self, running: dict) -> list[tuple[Job, str]]:
        """Jobs past their time bound plus ``GRACE``, taken out of ``running``, each with its reason.

        Looks at the scheduler at most every ``POLL`` seconds; the stuck worker is restarted.
        """
        now = time.monotonic()
        if now - self._last < POLL:
            return []
        self._last = now
        client = self.executor.client
        self.workers = self.executor.workers
        if not any(job.timeout for job in running.values()):
            return []
        seen = client.get_metadata([self.executor.run_id, "started"], {}) or {}
        late = []
        for future, job in list(running.items()):
            where = seen.get(self.key_of[job])
            if where is None or not job.timeout:
                continue
            if job not in self.started or self.started[job][0] != where:  # a new try (or the first) started
                self.started[job] = (where, now)
            if now - self.started[job][1] > job.timeout + self.executor.GRACE:
                del running[future]
                future.cancel()
                self.started.pop(job)
                late.append((job, f"运行超过 {job.timeout:g} 秒，已终止（{self._restart(where[1])}）"))
        return late

    def _restart(self, worker: str) -> str:
        """Restart the stuck worker process (with its kernel) through its nanny; what happened, in words."""
        client = self.executor.client
        host = worker.rsplit("/", 1)[-1]
        try:
            status = client.restart_workers([worker], timeout=RESTART_TIMEOUT, raise_for_error=False).get(worker)
        except ValueError:  # a worker started without a nanny cannot be restarted: close it
            client.retire_workers([worker], close_workers=True)
            return f"工作节点 {host} 上的工作进程没有响应，已将它关闭（它没有 nanny，不能重启）"
        except Exception as exc:  # noqa: BLE001 - the scheduler's own trouble
            return f"工作节点 {host} 上的工作进程没有响应，重启它时出错：{_reason(exc)}"
        if status == "OK":
            return f"工作节点 {host} 上的工作进程没有响应，已连同内核一起重启"
        return f"工作节点 {host} 上的工作进程没有响应，重启未完成：{status}"


#: How a future ends when the worker running it (or holding what it needs) went away.
_LOST_ERRORS = ("KilledWorker", "FutureCancelledError", "CancelledError")


def _absolute(path: str) -> str:
    return str(Path(path).resolve())


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return "连接超时" if isinstance(exc, TimeoutError) or "Timed out" in text else text


def _read(path: Path, limit: int | None) -> bytes:
    with open(path, "rb") as handle:
        return handle.read() if limit is None else handle.read(limit)
