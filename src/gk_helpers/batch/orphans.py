"""No orphans: a worker dies with the batch, a kernel dies with its worker, however they die.

On Linux a worker asks the kernel for a parent-death signal (``prctl(PR_SET_PDEATHSIG)``)
and so gets SIGTERM — and stops its kernel — the moment ``gk run`` dies, even by
``kill -9``. A kernel, which is started by ``exec`` from the worker, runs a small watcher
thread that exits the kernel when its parent process changes. Both are cheap.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGTERM) -> bool:
    """Ask Linux to send ``sig`` to this process when its parent dies; False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def watch_parent(interval: float = 0.5) -> None:
    """Exit this process (at once, no clean-up) when its parent process goes away."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="gk-watch-parent", daemon=True).start()
