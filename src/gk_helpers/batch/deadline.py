"""A time bound on one report: past it, the report's kernel is killed and the report fails.

``with Deadline(seconds):`` around the notebook run arms a timer, started by the warm engine
once its kernel is ready (kernel start-up has its own bound and retry) with the way to stop it;
when it fires, the engine kills its kernel and tells which code cell was running, so papermill
stops with a dead kernel and the run fails with ``reason()``: 运行超过 N 秒 and the cell. The batch's parent process adds a second bound
that kills the whole worker if it does not come back soon after (see ``pool``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ..base.contain import DEFAULT_SECONDS

#: The default bound of ``gk run`` and ``gk report`` (seconds).
DEFAULT_TIMEOUT = DEFAULT_SECONDS
#: Seconds a job gets, past its time bound, to come back before the batch stops its worker (kernel and all):
#: the second bound, the same on the local pool and on dask.
GRACE = 15.0


#: The deadline of the notebook this process is running (the warm engine starts it).
ACTIVE: Deadline | None = None
#: Called when a deadline starts (a batch worker tells its parent, which keeps a second bound).
ON_START = None


class Deadline:
    """Stop this process's notebook after ``seconds`` (None or 0: no bound); its kernel carries ``memory``
    (bytes beyond its own size, ``contain.carry``) while the notebook runs."""

    def __init__(self, seconds: float | None, memory: int | None = None):
        self.seconds = seconds
        self.memory = memory
        self.expired = False
        self.cell: dict = {}
        self.started: float | None = None
        self._timer: threading.Timer | None = None

    def _fire(self, stop: Callable[[], dict]) -> None:
        self.expired = True
        self.cell = stop()

    def start(self, stop: Callable[[], dict]) -> None:
        """Start the clock (the warm engine calls it once its kernel is ready: start-up has its own bound).

        ``stop`` kills the kernel when the time is up and returns the code cell it was running.
        """
        if self.started is None:
            self.started = time.monotonic()
        if self.seconds and self._timer is None:
            self._timer = threading.Timer(self.seconds, self._fire, (stop,))
            self._timer.daemon = True
            self._timer.start()
        if ON_START is not None:
            ON_START()

    def __enter__(self) -> Deadline:
        global ACTIVE
        ACTIVE = self
        return self

    def __exit__(self, *exc) -> None:
        global ACTIVE
        ACTIVE = None
        if self._timer is not None:
            self._timer.cancel()

    def reason(self) -> str:
        """运行超过 N 秒，已终止（当时在运行第k个代码单元格：code）."""
        where = (f"（当时在运行第{self.cell['number']}个代码单元格：{self.cell['code']}）"
                 if self.cell.get("number") else "（内核启动或准备阶段）")
        return f"运行超过 {seconds_text(self.seconds)} 秒，已终止{where}"


def seconds_text(seconds: float) -> str:
    """3 → "3", 2.5 → "2.5"."""
    return f"{seconds:g}"


class OutOfTime(BaseException):
    """The report's time bound ran out after its notebook (writing its files: templates, Word, PDF).

    Like ``KeyboardInterrupt`` it is not an ``Exception``: a format's own error handling does not swallow it.
    """


class rest_of:  # noqa: N801 - used as ``with rest_of(deadline, "…"):``
    """The rest of a report's time bound over work after its notebook, by ``SIGALRM`` (main thread only).

    A county's templates are code: a slow one must not hang ``gk report`` or a worker past ``--timeout``.
    The block gets the time the notebook left, but at least ``FLOOR`` seconds (a report whose notebook ended
    just in time is not lost to writing its files; the batch's parent allows ``GRACE`` more).
    Past it the block is interrupted with ``OutOfTime``; elsewhere than the main thread it is not bounded
    here (the batch's parent still kills a worker that does not come back).
    """

    FLOOR = 10.0

    def __init__(self, deadline: Deadline, doing: str):
        self.deadline, self.doing, self._armed = deadline, doing, False

    def _raise(self, signum, frame):  # noqa: ARG002
        raise OutOfTime(f"运行超过 {seconds_text(self.deadline.seconds)} 秒，已终止（当时在{self.doing}）")

    def __enter__(self):
        import signal

        d = self.deadline
        if not d.seconds or d.started is None or threading.current_thread() is not threading.main_thread():
            return self
        left = max(d.seconds - (time.monotonic() - d.started), min(self.FLOOR, d.seconds))
        self._previous = signal.signal(signal.SIGALRM, self._raise)
        signal.setitimer(signal.ITIMER_REAL, left)
        self._armed = True
        return self

    def __exit__(self, *exc):
        import signal

        if self._armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
