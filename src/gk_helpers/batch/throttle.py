"""Do something as things happen, but at most once per interval: the overview of a large batch.

Rewriting ``OUT/index.html`` reads every row's files and writes the whole page, so doing it after each
of 2,000 reports costs the batch as much as a report's kernel does. ``Throttle`` runs its action at
once when the last run is ``interval`` seconds ago, else once when the interval is over (a timer),
so the page is never more than ``interval`` seconds behind and never rewritten in vain.
"""

from __future__ import annotations

import threading
import time


class Throttle:
    """``throttle()``: run ``action`` now or at the end of the interval; ``flush()``: run it now."""

    def __init__(self, action, interval: float):
        self.action, self.interval = action, interval
        self.lock = threading.RLock()  # the action runs under it (callers that change its inputs take it too)
        self._last = float("-inf")
        self._timer: threading.Timer | None = None

    def __call__(self) -> None:
        with self.lock:
            wait = self._last + self.interval - time.monotonic()
            if wait <= 0:
                self._run()
            elif self._timer is None:
                self._timer = threading.Timer(wait, self._late)
                self._timer.daemon = True
                self._timer.start()

    def _late(self) -> None:
        with self.lock:
            if self._timer is not None:
                self._timer = None
                self._run()

    def flush(self) -> None:
        """Run the action now (a pending late run is dropped)."""
        with self.lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._run()

    def _run(self) -> None:
        self._last = time.monotonic()
        self.action()
