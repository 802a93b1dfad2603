"""A papermill engine that keeps one kernel warm per process instead of one kernel per notebook.

Starting a kernel and importing pandas and ``gk_helpers`` in it costs more than running
a report. ``WarmEngine`` (registered as ``gk-warm``) starts one kernel per process, imports
the kit in it once, and before each notebook runs ``%reset -f`` and moves the kernel to
papermill's working directory. A kernel that died is replaced before the next notebook;
a kernel that fails to start is retried once. Execution counts are renumbered from 1, so
the executed notebook reads as if a fresh kernel had run it.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from functools import partial

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import Engine, papermill_engines

from . import deadline
from .outdir import CONNECTION_DIR_VARIABLE

ENGINE_NAME = "gk-warm"
#: Imported once per kernel, so each notebook's ``from gk_helpers import notebook`` is free; then the kernel is
#: set up for a batch (``kernel_setup.settle``: it exits with its worker, no history, no empty flushes, ``gc.freeze``).
PRELOAD = ("import gk_helpers.notebook, gk_helpers.batch.rollup, gk_helpers.batch.kernel_setup, IPython.display\n"
           "gk_helpers.batch.kernel_setup.settle(get_ipython())")
logger = logging.getLogger("papermill")
#: nbclient's own complaints ("Kernel died while waiting…") would garble the batch's progress: the failure is reported anyway.
_quiet = logging.getLogger("gk_helpers.kernel_client")
_quiet.addHandler(logging.NullHandler())
_quiet.propagate = False

#: The notebook the warm engine ran last (papermill adds its error banner to it when a cell failed).
LAST: dict = {}
#: Seconds spent per process, for the benchmark's cost breakdown.
TIMINGS = {"kernel_start": 0.0, "imports": 0.0, "kernel_starts": 0}


class KernelStartError(RuntimeError):
    """The kernel did not start (after one retry)."""


async def _run_silent(kc, code: str, timeout: float) -> None:
    """Run ``code`` in the kernel without touching its history; raise if it fails."""
    await _await_reply(kc, kc.execute(code, silent=True, store_history=False), timeout)


async def _await_reply(kc, msg_id: str, timeout: float) -> None:
    """Wait for the reply to the execute ``msg_id`` (earlier replies are passed over); raise if it failed."""
    deadline = time.monotonic() + timeout
    while True:
        reply = await kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    content = reply["content"]
    if content.get("status") != "ok":
        raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")


def _setup_code(cwd: str, memory: int | None, seconds: float | None) -> str:
    """Move the kernel to ``cwd`` and, with ``memory``, hold it to its own size + ``memory`` (``contain.carry``)."""
    code = f"import os as _gk_os\n_gk_os.chdir({cwd!r})\ndel _gk_os"
    if memory:
        code += (f"\nimport gk_helpers.base.contain as _gk_c\n_gk_c.carry(_gk_c.Limits({int(memory)}, {seconds!r}))"
                 "\ndel _gk_c")
    return code


def _connection_file() -> dict:
    """``connection_file=`` in the lock holder's scratch folder, when there is one."""
    import uuid

    folder = os.environ.get(CONNECTION_DIR_VARIABLE)
    if not folder or not os.path.isdir(folder):
        return {}
    return {"connection_file": os.path.join(folder, f"kernel-{os.getpid()}-{uuid.uuid4().hex[:12]}.json")}


class WarmKernel:
    """One kernel and its client, started once and reused for many notebooks."""

    def __init__(self, kernel_name: str = "python3", start_timeout: float = 60):
        self.kernel_name = kernel_name
        self.start_timeout = start_timeout
        self.km = None
        self.kc = None
        self.ready = False
        self.pending = None  # (msg_id, set-up) of a reset sent ahead (begin_reset)

    def launch(self) -> None:
        """Start the kernel process without waiting for it (it boots while we do other work)."""
        from jupyter_client import AsyncKernelManager
        from jupyter_core.utils import run_sync

        began = time.perf_counter()
        self.km = AsyncKernelManager(kernel_name=self.kernel_name, **_connection_file())
        # The kernel's own console chatter (e.g. the TCP warning) would garble the batch's progress.
        run_sync(self.km.start_kernel)(cwd=os.getcwd(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.ready = False
        TIMINGS["kernel_start"] += time.perf_counter() - began
        TIMINGS["kernel_starts"] += 1

    def _wait_ready(self) -> None:
        from jupyter_core.utils import run_sync

        began = time.perf_counter()
        run_sync(self.kc.wait_for_ready)(timeout=self.start_timeout)
        # Both sides hold the connection details now: the file is not needed, and a worker killed
        # later (kill -9, a timeout) can no longer leave it behind in the runtime folder.
        self.km.cleanup_connection_file()
        TIMINGS["kernel_start"] += time.perf_counter() - began
        began = time.perf_counter()
        run_sync(_run_silent)(self.kc, PRELOAD, self.start_timeout)
        TIMINGS["imports"] += time.perf_counter() - began
        self.ready = True
        self.pending = None  # the preload's names go before the first notebook

    def ensure_ready(self) -> None:
        """Make sure a live kernel with the kit imported is there; retry a failed start once."""
        if self.ready and self.alive():
            return
        if self.km is not None and (not self.ready and self.alive()):
            try:
                self._wait_ready()
                return
            except Exception:  # noqa: BLE001 - fall through to a clean restart
                pass
        errors = []
        for _ in range(2):
            self.shutdown()
            try:
                self.launch()
                self._wait_ready()
                return
            except Exception as exc:  # noqa: BLE001 - any start failure is retried once
                errors.append(f"{type(exc).__name__}: {exc}")
        self.shutdown()
        raise KernelStartError(f"内核启动失败（已重试一次）：{errors[-1]}")

    def alive(self) -> bool:
        """Whether the kernel process is still running."""
        from jupyter_core.utils import run_sync

        try:
            return self.km is not None and bool(run_sync(self.km.is_alive)())
        except Exception:  # noqa: BLE001
            return False

    def begin_reset(self, cwd: str | None = None, memory: int | None = None, seconds: float | None = None) -> None:
        """Send ``%reset -f`` without waiting: the kernel clears up while this process exports HTML. Given the
        folder and limits of the notebook that just ran, the set-up for a next one like it goes along: ``reset``
        with the same ones then only waits for this reply (which has come by then) instead of a round trip."""
        setup = (cwd, memory, seconds) if cwd is not None else None
        code = "%reset -f" if setup is None else "%reset -f\n" + _setup_code(*setup)
        try:
            self.pending = (self.kc.execute(code, silent=True, store_history=False), setup)
        except Exception:  # noqa: BLE001 - reset() will do it synchronously
            self.pending = None

    def reset(self, cwd: str, memory: int | None = None, seconds: float | None = None) -> None:
        """Forget the previous notebook's variables (unless already sent), move to ``cwd`` and, with ``memory``,
        hold the kernel to it (its own size + ``memory`` bytes, ``contain.carry``): it reads the ledgers itself.
        Raises when the kernel could not (a folder gone, say), whether it was sent now or with ``begin_reset``."""
        from jupyter_core.utils import run_sync

        pending, self.pending = self.pending, None
        if pending is not None and pending[1] == (cwd, memory, seconds):
            run_sync(_await_reply)(self.kc, pending[0], self.start_timeout)
            return
        code = _setup_code(cwd, memory, seconds)
        if pending is None:
            code = "%reset -f\n" + code
        # The kernel answers in order: when this reply comes, a reset sent earlier has run too.
        run_sync(_run_silent)(self.kc, code, self.start_timeout)

    def kill(self) -> None:
        """Kill the kernel process at once (from any thread): the notebook running in it fails."""
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None:
            try:
                os.kill(process.pid, signal.SIGKILL)
            except OSError:
                pass

    def shutdown(self) -> None:
        """Stop the kernel (quietly: it may already be gone)."""
        from jupyter_core.utils import run_sync

        if self.kc is not None:
            try:
                self.kc.stop_channels()
            except Exception:  # noqa: BLE001
                pass
        if self.km is not None:
            try:
                run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001
                pass
        self.km = self.kc = None
        self.ready = False
        self.pending = None


_KERNELS: dict[str, WarmKernel] = {}
#: The code cell this process's kernel is running now: (number counted as in the notebook, its last line).
CURRENT_CELL: dict = {"number": 0, "code": ""}


def _track_cells(nb_man) -> None:
    """Keep ``CURRENT_CELL`` up to date as papermill starts each cell (a timeout names it)."""
    original = nb_man.cell_start
    CURRENT_CELL.update(number=0, code="")

    def cell_start(cell, cell_index=None, **kwargs):
        code_cells = [c for c in nb_man.nb.cells[: (cell_index or 0) + 1] if c.get("cell_type") == "code"
                      and "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
        if cell.get("cell_type") == "code" and "injected-parameters" not in cell.get("metadata", {}).get("tags", []):
            lines = cell.get("source", "").strip().splitlines()
            CURRENT_CELL.update(number=len(code_cells), code=lines[-1].strip() if lines else "")
        return original(cell, cell_index, **kwargs)

    nb_man.cell_start = cell_start


def kernel(kernel_name: str = "python3") -> WarmKernel:
    """This process's warm kernel for ``kernel_name`` (created, not started)."""
    if kernel_name not in _KERNELS:
        _KERNELS[kernel_name] = WarmKernel(kernel_name)
    return _KERNELS[kernel_name]


def _stop(kernel_name: str) -> dict:
    """Kill this process's warm kernel (its time is up); the code cell it was running."""
    cell = dict(CURRENT_CELL)
    kernel(kernel_name).kill()
    return cell


def kill_all() -> None:
    """Kill every warm kernel of this process at once (safe in a signal handler)."""
    for warm in _KERNELS.values():
        warm.kill()


def shutdown_all() -> None:
    """Stop every warm kernel of this process."""
    for warm in _KERNELS.values():
        warm.shutdown()


def _renumber(nb) -> None:
    """Execution counts from 1, as a fresh kernel would give (a warm kernel keeps counting)."""
    count = 0
    for cell in nb.cells:
        if cell.get("cell_type") == "code" and cell.get("execution_count") is not None:
            count += 1
            cell["execution_count"] = count
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = count


class WarmEngine(Engine):
    """papermill engine running every notebook of this process in one reused kernel."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, **kwargs):
        """Execute ``nb_man.nb`` in the warm kernel (papermill has already moved to ``cwd``)."""
        warm = kernel(kernel_name)
        warm.start_timeout = start_timeout
        _track_cells(nb_man)
        warm.ensure_ready()
        active = deadline.ACTIVE
        setup = (os.getcwd(), active.memory if active else None, active.seconds if active else None)
        warm.reset(*setup)
        if deadline.ACTIVE is not None:
            deadline.ACTIVE.start(partial(_stop, kernel_name))  # the time bound counts the notebook, not the kernel's start-up
        client = PapermillNotebookClient(
            nb_man, km=warm.km, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
            log=logger if log_output else _quiet, log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
        )
        client.kc = warm.kc
        LAST["nb"] = nb_man.nb
        try:
            nb = client.execute()
        except Exception as exc:
            exc.partial_notebook = nb_man.nb  # papermill saves nothing when the kernel dies: keep the evidence
            if not warm.alive():
                warm.shutdown()  # the next notebook gets a fresh kernel
            raise
        finally:
            if warm.kc is not None:
                warm.begin_reset(*setup)
        _renumber(nb)
        return nb


def register() -> None:
    """Make ``engine_name="gk-warm"`` available to papermill in this process."""
    papermill_engines.register(ENGINE_NAME, WarmEngine)
