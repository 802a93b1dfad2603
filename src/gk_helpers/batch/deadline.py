"""A time bound on one report: past it, the report's kernel is killed and the report fails.

``with Deadline(seconds):`` around the notebook run arms a timer, started by the warm engine
once its kernel is ready (kernel start-up has its own bound and retry) with the way to stop it;
when it fires, the engine kills its kernel and tells which code cell was running, so papermill
stops with a dead kernel and the run fails with ``reason()``: 运行超过 N 秒 and the cell. The batch's parent process adds a second bound
that kills the whole worker if it does not come back soon after (see ``pool``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

#: The default bound of ``gk run`` and ``gk report`` (seconds).
DEFAULT_TIMEOUT = 600


#: The deadline of the notebook this process is running (the warm engine starts it).
ACTIVE: Deadline | None = None
#: Called when a deadline starts (a batch worker tells its parent, which keeps a second bound).
ON_START = None


class Deadline:
    """Stop this process's notebook after ``seconds`` (None or 0: no bound)."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.expired = False
        self.cell: dict = {}
        self._timer: threading.Timer | None = None

    def _fire(self, stop: Callable[[], dict]) -> None:
        self.expired = True
        self.cell = stop()

    def start(self, stop: Callable[[], dict]) -> None:
        """Start the clock (the warm engine calls it once its kernel is ready: start-up has its own bound).

        ``stop`` kills the kernel when the time is up and returns the code cell it was running.
        """
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
