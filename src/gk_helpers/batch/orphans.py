"""No orphans: a worker dies with the batch, a kernel dies with its worker, however they die.

On Linux a worker asks the kernel for a parent-death signal (``prctl(PR_SET_PDEATHSIG)``)
and so gets SIGTERM — and stops its kernel — the moment ``gk run`` dies, even by
``kill -9``. A kernel, which is started by ``exec`` from the worker, runs a small watcher
thread that exits the kernel when its parent process changes. Both are cheap.
"""

from __future__ import annotations

import os
import threading
import time

from ..base.contain import die_with_parent  # noqa: F401 - the workers ask for it here (one implementation, in contain)


def watch_parent(interval: float = 0.5) -> None:
    """Exit this process (at once, no clean-up) when its parent process goes away."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="gk-watch-parent", daemon=True).start()
