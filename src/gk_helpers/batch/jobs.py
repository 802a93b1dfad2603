"""One batch job from end to end, the same for every executor: produce its outputs, then settle them.

``produce`` runs a job's notebook (a township-year report or a county roll-up) and renders every
output in memory; it never writes and never raises: a failure is a ``Product`` with the Chinese
reason and the failed notebook's text. ``settle`` puts a product in place where the batch runs:
the outputs all or none, then the stamp; or, for a failure, the failed notebook and a failed stamp,
leaving the last good outputs where they are. The local pool calls both in its worker processes;
the dask executor calls ``produce`` on a worker (in a copy of the job's inputs) and ``settle`` in
``gk run`` itself, so no machine needs to share the other's disk.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .cache import FAILED, OK, Stamp, write_stamp
from .faults import describe
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
    finished: tuple[str, ...]  # every output of a successful run — the stamp vouches for them after
    leftovers: tuple[str, ...] = ()  # temp files an interrupted earlier run left (removed first)
    params_path: str = ""
    kernel_name: str = "python3"
    timeout: float | None = None  # seconds; past it the kernel is killed
    formats: tuple[str, ...] = ("html",)  # render.outputs.FORMATS keys (their files are in ``finished``)
    failed: str = ""  # where a failed run's notebook is kept
    max_memory: int | None = None  # bytes the report's kernel may take beyond its own size (``contain.carry``)


@dataclass
class Outcome:
    """How a job ended: status (done / failed), the Chinese reason, where the evidence is, seconds spent."""

    job: Job
    status: str
    message: str = ""
    failed_notebook: str = ""
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)


@dataclass
class Product:
    """A job's outputs in memory (path relative to the output folder → content), or why there are none."""

    files: dict[str, str | bytes] = field(default_factory=dict)
    reason: str = ""  # the Chinese reason of a failure ("" when it succeeded)
    failed_notebook: str | None = None  # the failed run's notebook, to keep as evidence
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the job succeeded."""
        return not self.reason


def produce(job: Job, out_dir: str | Path | None = None, engine_name: str | None = None,
            origin_root: Path | None = None) -> Product:
    """Run ``job``'s notebook and render its outputs in memory; never raises, never writes.

    ``out_dir`` is where the job's outputs *would* go on this machine (by default ``job.out_dir``):
    the product's paths are relative to it. ``origin_root``: a dask worker's copy of the client's
    folders (papermill's metadata then names the client's paths, not the worker's).
    """
    from ..notebook.params import load_params
    from . import warm
    from .execute import output_paths, produce_report
    from .notebook_run import NotebookFailed
    from .rollup import produce_rollup

    began = time.perf_counter()
    out = Path(out_dir or job.out_dir)
    engine = engine_name or warm.ENGINE_NAME
    timings: dict = {}
    product = Product()
    try:
        if job.kind == REPORT:
            params = load_params(job.params_path)
            paths = output_paths(params, out, job.formats)
            origin = (_origin(job.notebook, origin_root), _origin(str(paths.notebook), origin_root))
            contents = produce_report(params, paths, job.notebook, cwd=job.cwd, kernel_name=job.kernel_name,
                                      engine_name=engine, timings=timings, timeout=job.timeout, formats=job.formats,
                                      origin=origin, max_memory=job.max_memory)
        else:
            origin = (_origin(job.notebook, origin_root), _origin(str(out / job.county / str(job.year) / "index.ipynb"), origin_root))
            contents = produce_rollup(job.county, job.year, out, job.notebook, job.cwd, engine, job.kernel_name,
                                      job.timeout, origin)
        product.files = {path.relative_to(out).as_posix(): content for path, content in contents.items()}
    except NotebookFailed as failed:
        product.reason, product.failed_notebook = failed.reason, failed.notebook
    except Exception as exc:  # noqa: BLE001 - every failure is the job's, none stops the batch
        product.reason = describe(exc)
    product.seconds, product.timings = time.perf_counter() - began, timings
    return product


def _origin(path: str, root: Path | None) -> str:
    """A path as the client knows it: ``root`` (a worker's mirror of the client's ``/``) taken off."""
    if root is None:
        return path
    try:
        return "/" + Path(path).relative_to(root).as_posix()
    except ValueError:
        return path


def record_failure(job: Job, reason: str) -> str:
    """Write the failed stamp (the last good outputs stay); a stamp that cannot be written is said too."""
    try:
        write_stamp(Path(job.stamp), Stamp(job.fingerprint, FAILED, reason))
    except Exception as exc:  # noqa: BLE001 - e.g. the disk is full
        reason = f"{reason}（另外，状态记录无法写入：{describe(exc)}）"
    return reason


def settle(job: Job, product: Product) -> Outcome:
    """Put ``product`` in place for ``job``: outputs all or none and the stamp, or the failure's evidence."""
    from .execute import commit, keep_failed

    out = Path(job.out_dir)
    reason = product.reason
    failed = Path(job.failed) if job.failed else None
    for stale in job.leftovers:
        Path(stale).unlink(missing_ok=True)
    if not reason:
        try:
            commit({out / name: content for name, content in product.files.items()})
            if failed is not None:
                failed.unlink(missing_ok=True)
            write_stamp(Path(job.stamp), Stamp(job.fingerprint, OK))
        except Exception as exc:  # noqa: BLE001 - 磁盘已满, 输出目录不可写 … : this job's failure
            reason = describe(exc)
        else:
            return Outcome(job, DONE, seconds=product.seconds, timings=product.timings)
    kept = failed is not None and keep_failed(failed, product.failed_notebook)
    return Outcome(job, FAILED_STATUS, record_failure(job, reason), str(failed) if kept else "",
                   product.seconds, product.timings)
