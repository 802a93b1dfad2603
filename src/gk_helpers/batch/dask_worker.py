"""The dask worker's side of ``gk run --executor dask``: run one job in a copy of the client's files.

``run_remote`` is what the client submits: it rebuilds the job's files under a folder of this process's
own, runs ``jobs.produce`` there in the process's warm kernel and returns the outputs. It tells the
scheduler when each try starts (the client's retry rule) and when its notebook's clock starts (the
client's second time bound), under the client's run in the scheduler's metadata, which the client
clears when the batch ends. ``NoProfiler`` is the worker plugin the client installs on every worker.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from dataclasses import replace
from pathlib import Path

from distributed import get_client, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from .jobs import Job, Product
from .shipment import mirror

#: How many times a job may start on a worker (the second is the retry after a worker died).
ATTEMPTS = 2
LOST = "工作节点意外退出（已重试一次）"

_LOCK = threading.Lock()  # one job at a time per process: one warm kernel, one working directory
_WRITTEN: dict[Path, str] = {}  # file → sha256 written there, in this run's folder
_ROOT: dict[str, Path] = {}  # run id → this process's folder for it


class NoProfiler(WorkerPlugin):
    """Stop the worker's statistical profiler: its history is what grows with the number of reports.

    Every 10 ms dask samples the running thread's call stack and keeps each second's call tree for the last
    ``distributed.admin.low-level-log-length`` (1,000) seconds. A report's stack is deep (papermill, the
    kernel client, Jinja, the exporters), so those trees grew a worker by about 0.1 MB per second of work —
    hundreds of MB over a province — and they only feed the dashboard's Profile page.
    """

    idempotent = True  # installed once per worker, and on every worker that joins later (a restart)
    name = "gk-report-no-profiler"

    def setup(self, worker) -> None:
        """Stop the sampling and drop what it kept."""
        from distributed import profile

        for name in ("profile", "profile-cycle"):
            callback = worker.periodic_callbacks.pop(name, None)
            if callback is not None:
                callback.stop()
        worker.profile_history.clear()
        worker.profile_keys_history.clear()
        worker.profile_keys.clear()
        worker.profile_recent = profile.create()


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


def _attempt(run_id: str, key: str) -> int:
    """This job's start count on the cluster so far, this one included (kept in the scheduler's metadata)."""
    client = get_client()
    count = int(client.get_metadata([run_id, "attempts", key], 0)) + 1
    client.set_metadata([run_id, "attempts", key], count)
    return count


def _clock_started(run_id: str, key: str, count: int) -> None:
    """Tell the client, through the scheduler, that this try's notebook clock started here (thread-safe, no wait)."""
    worker = get_worker()
    worker.loop.add_callback(worker.scheduler.set_metadata, keys=[run_id, "started", key],
                             value=[count, worker.address])


def run_remote(job: Job, files: dict, run_id: str, client_version: str, attempt_key: str) -> Product:
    """Run ``job`` on this worker in a copy of the client's files; the outputs come back in the ``Product``."""
    from . import deadline, warm
    from .cache import kit_version
    from .jobs import produce

    count = _attempt(run_id, attempt_key)
    if count > ATTEMPTS:
        return Product(reason=LOST)
    if kit_version() != client_version:
        return Product(reason=f"工作节点上的 gk-report（{kit_version()}）与运行 gk run 的机器上的（{client_version}）不是同一版本。"
                              "请在每台工作节点上安装同一版本后重新运行。")
    with _LOCK:
        warm.register()
        deadline.ON_START = lambda: _clock_started(run_id, attempt_key, count)
        root = _root(run_id)
        _materialize(root, files)
        local = replace(job, out_dir=str(mirror(root, job.out_dir)), notebook=str(mirror(root, job.notebook)),
                        cwd=str(mirror(root, job.cwd)),
                        params_path=str(mirror(root, job.params_path)) if job.params_path else "")
        Path(local.cwd).mkdir(parents=True, exist_ok=True)
        Path(local.out_dir).mkdir(parents=True, exist_ok=True)
        try:
            return produce(local, origin_root=root)
        finally:
            deadline.ON_START = None
