"""``gk run --executor dask --scheduler ADDRESS``: the batch's jobs on a dask.distributed cluster.

The jobs, the cache, the output lock, the index and the progress are the batch's own (``run``);
only where a notebook runs changes. For each job ``gk run`` sends what it reads (``shipment``):
every distinct file once, scattered into the cluster under its SHA-256, so a worker fetches a ledger
only when a job of its needs it and keeps it for the next. The worker rebuilds the files under a
folder of its own, runs ``jobs.produce`` there in its warm kernel and sends the outputs back;
``gk run`` commits them (``jobs.settle``) exactly as the local pool does. No disk is shared.

Failures: a job's own failure comes back as its reason and failed notebook. A worker that dies
mid-job (the scheduler moves the job to another worker) is allowed once: a job that was already
tried twice fails with 工作节点意外退出（已重试一次）. A worker running another release of the kit
fails the job with both versions named. A scheduler that cannot be reached, or has no workers, is
one ``ExecutorError`` (exit code 2) before anything runs.

Workers must run one job at a time per process (``dask worker --nthreads 1``): a process has one
warm kernel, and papermill changes the process's working directory; a lock makes sure of it.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import threading
import uuid
from dataclasses import replace
from pathlib import Path

from ..base.errors import ExecutorError
from .faults import describe
from .jobs import Job, Outcome, Product, settle
from .shipment import mirror, ship

#: Seconds to reach the scheduler, and to wait for its first worker, before giving up.
CONNECT_TIMEOUT = 10.0
#: How many times a job may start on a worker (the second is the retry after a worker died).
ATTEMPTS = 2
LOST = "工作节点意外退出（已重试一次）"


def _import_distributed():
    try:
        import distributed
    except ImportError:
        raise ExecutorError("没有安装 dask.distributed，无法使用 --executor dask。请安装：pip install 'gk-report[dask]'"
                            "（工作节点上也需要安装同一版本的 gk-report[dask]）。没有运行任何报告。") from None
    return distributed


class DaskExecutor:
    """The batch's executor on a dask cluster (same ``run(jobs, on_outcome)`` as the local ``WorkerPool``)."""

    def __init__(self, address: str, connect_timeout: float = CONNECT_TIMEOUT):
        self.address = address
        self.connect_timeout = connect_timeout
        self.client = None
        self.run_id = uuid.uuid4().hex[:12]
        self._scattered: dict[str, object] = {}  # sha256 → future of the bytes in the cluster

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
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if self.client is not None:
            try:
                if kind is not None:
                    self.client.cancel(list(self._scattered.values()), force=True)
                self.client.close()
            except Exception:  # noqa: BLE001 - closing a client whose scheduler went away
                pass
            self.client = None

    @property
    def workers(self) -> int:
        """How many worker processes the cluster has now."""
        return len(self.client.scheduler_info().get("workers", {}))

    def _files(self, job: Job) -> dict[str, tuple[str, object]]:
        """The job's files: path below the worker's root → (sha256, future of the bytes); scattered once each.

        Bytes that were held only by a worker that died are scattered again.
        """
        files, new = {}, {}
        for path, limit in ship(job).files.items():
            data = _read(path, limit)
            digest = hashlib.sha256(data).hexdigest()
            held = self._scattered.get(digest)
            if (held is None or held.status != "finished") and digest not in new:
                new[f"gk-file-{digest}"] = data
            files[path.relative_to("/").as_posix()] = digest
        if new:
            futures = self.client.scatter(new, hash=False)
            self._scattered.update({key.removeprefix("gk-file-"): future for key, future in futures.items()})
        return {name: (digest, self._scattered[digest]) for name, digest in files.items()}

    def _submit(self, job: Job, attempts: str):
        from .cache import kit_version

        here = replace(job, out_dir=_absolute(job.out_dir), notebook=_absolute(job.notebook), cwd=_absolute(job.cwd),
                       params_path=_absolute(job.params_path) if job.params_path else "")
        return self.client.submit(run_remote, here, self._files(job), self.run_id, kit_version(), attempts,
                                  key=f"gk-{uuid.uuid4().hex}", pure=False)

    def run(self, jobs: list[Job], on_outcome) -> list[Outcome]:
        """Run ``jobs`` on the cluster; each result is committed here and given to ``on_outcome`` as it comes."""
        distributed = _import_distributed()
        outcomes, running, attempts = [], {}, {}

        def finish(job: Job, product: Product) -> None:
            outcome = settle(job, product)
            outcomes.append(outcome)
            on_outcome(outcome)

        for job in jobs:
            attempts[job] = f"gk-attempts-{uuid.uuid4().hex}"
            try:
                running[self._submit(job, attempts[job])] = job
            except Exception as exc:  # noqa: BLE001 - e.g. a ledger folder given as an absolute path
                finish(job, Product(reason=describe(exc)))
        queue = distributed.as_completed(list(running), loop=self.client.loop)
        again: set = set()
        for future in queue:
            job = running.pop(future)
            try:
                product = future.result()
            except Exception as exc:  # noqa: BLE001 - a worker died with the job or with the files it needed
                if type(exc).__name__ not in _LOST_ERRORS:
                    product = Product(reason=describe(exc))
                elif job in again:
                    product = Product(reason=LOST)
                else:  # the scheduler gave up on it, or lost its files: once more, with the files sent again
                    again.add(job)
                    retry = self._submit(job, attempts[job])
                    running[retry] = job
                    queue.add(retry)
                    continue
            finish(job, product)
        return outcomes


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


# ---- on the worker --------------------------------------------------------------------------------

_LOCK = threading.Lock()  # one job at a time per process: one warm kernel, one working directory
_WRITTEN: dict[Path, str] = {}  # file → sha256 written there, in this run's folder
_ROOT: dict[str, Path] = {}  # run id → this process's folder for it


def _root(run_id: str) -> Path:
    """This process's folder for the client's run ``run_id`` (those of earlier runs are removed)."""
    if run_id not in _ROOT:
        for old in _ROOT.values():
            shutil.rmtree(old, ignore_errors=True)
        _ROOT.clear()
        _WRITTEN.clear()
        _ROOT[run_id] = Path(tempfile.mkdtemp(prefix=f"gk-dask-{run_id}-"))
    return _ROOT[run_id]


def _materialize(root: Path, files: dict[str, tuple[str, bytes]]) -> None:
    for name, (digest, data) in files.items():
        target = root / name
        if _WRITTEN.get(target) != digest:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            _WRITTEN[target] = digest


def _attempt(key: str) -> int:
    """This job's start count on the cluster so far, this one included (kept in the scheduler's metadata)."""
    from distributed import get_client

    client = get_client()
    count = int(client.get_metadata(key, 0)) + 1
    client.set_metadata(key, count)
    return count


def run_remote(job: Job, files: dict, run_id: str, client_version: str, attempt_key: str) -> Product:
    """Run ``job`` on this worker in a copy of the client's files; the outputs come back in the ``Product``."""
    from . import warm
    from .cache import kit_version

    if _attempt(attempt_key) > ATTEMPTS:
        return Product(reason=LOST)
    if kit_version() != client_version:
        return Product(reason=f"工作节点上的 gk-report（{kit_version()}）与运行 gk run 的机器上的（{client_version}）不是同一版本。"
                              "请在每台工作节点上安装同一版本后重新运行。")
    with _LOCK:
        warm.register()
        root = _root(run_id)
        _materialize(root, files)
        local = replace(job, out_dir=str(mirror(root, job.out_dir)), notebook=str(mirror(root, job.notebook)),
                        cwd=str(mirror(root, job.cwd)),
                        params_path=str(mirror(root, job.params_path)) if job.params_path else "")
        Path(local.cwd).mkdir(parents=True, exist_ok=True)
        Path(local.out_dir).mkdir(parents=True, exist_ok=True)
        from .jobs import produce

        return produce(local, origin_root=root)

