"""What a batch's warm kernel does once, in the kernel, after importing the kit (``warm.PRELOAD`` calls ``settle``).

A batch runs a dozen short cells per report through one long-lived kernel, so what ipykernel
does around each cell counts as much as the cell. Profiled on empty cells, a third of the
kernel's time per cell went to waiting for its own output thread, a tenth to sleeping:

- **Empty flushes.** Before each reply and each ``display`` ipykernel flushes ``stdout`` and
  ``stderr`` by handing a flush to its IOPub thread and waiting for it, even when nothing was
  written. Here a stream flushes only when it holds output. Every message still leaves through
  the one IOPub thread in the order it was made, so no output overtakes another; the client
  (nbclient) waits for the kernel's ``idle`` status on that same channel before it takes a cell's
  outputs as complete.
- **The reply delay.** ipykernel sleeps 0.5 ms before every ``execute_reply`` (its own FIXME
  for clients that read the reply before the output); nbclient does not, so it is switched off.
- **History and logging.** The input history (one SQLite write per cell, never read in a batch)
  is off, and the kernel's logger is held to warnings (ipykernel leaves it at DEBUG and drops the
  records in the handler: a few per message).
- **Params files.** The kernel reads them through the batch's memo of parsed YAML
  (``yaml_memo.adopt``): a report reads its own, last year's and its county's other files (P3).
- **The garbage collector.** Everything imported so far is moved out of its sight
  (``gc.freeze``): the kit, pandas and IPython are never garbage, and without this every full
  collection — one per notebook in ``%reset``, and many during a report — walks them again.

Only the batch's own kernels run this: an analyst's JupyterLab kernel is left as it is.
"""

from __future__ import annotations

import gc
import logging
import sys

from ..notebook import yaml_memo
from .orphans import watch_parent


def skip_empty_flushes(stream) -> None:
    """Make ``stream.flush()`` (an ipykernel ``OutStream``) return at once when it holds no output.

    A stream without the flags this relies on (another ipykernel) is left as it is.
    """
    flush = stream.flush
    if not all(hasattr(stream, name) for name in ("_flush_pending", "_subprocess_flush_pending", "echo")):
        return

    def flush_if_pending() -> None:
        if stream._flush_pending or stream._subprocess_flush_pending or stream.echo is not None:
            flush()

    stream.flush = flush_if_pending


def settle(shell) -> None:
    """Set up the kernel of ``shell`` (``get_ipython()``) for a batch; see the module's text."""
    watch_parent()
    shell.history_manager.enabled = False
    kernel = shell.kernel
    kernel.log.setLevel(logging.WARNING)
    if hasattr(kernel, "_execute_sleep"):
        kernel._execute_sleep = 0
    for stream in (sys.stdout, sys.stderr):
        skip_empty_flushes(stream)
    yaml_memo.adopt()
    gc.collect()
    gc.freeze()
