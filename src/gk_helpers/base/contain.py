"""Run untrusted parsing where memory and time are capped: one containment for every reader.

``run(function, *args, what=…, limits=…)`` calls ``function`` in a forked child process whose
address space may grow by at most ``limits.memory`` bytes beyond the parent's (``RLIMIT_AS``)
and which is killed past ``limits.seconds``; it returns the function's result or raises its
exception. Exceeding a cap is that input's failure, a ``LimitError`` naming the file being read
(``reading``) and the limit (超过内存上限 2 GB …) — never the machine's: a reader that aborts
(calamine's allocation failure), is killed or loops forever costs only its child.

A process that already carries the limits — a report kernel (``carry``, the batch's deadline kills
it), or the child of ``run`` itself — runs the function in-process: no process start per report
where the kernel holds the caps, and a ``MemoryError`` there is turned into the same ``LimitError``.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import os
import pickle
import resource
import select
import signal
import struct
import sys
import time
import traceback
from dataclasses import dataclass

from .errors import GkError

#: What one input (or one report's kernel) may take beyond the program's own size, by default.
DEFAULT_MEMORY = 2 * 1024 ** 3
#: The default time bound of one command, report or audited document (seconds).
DEFAULT_SECONDS = 600.0
#: Environment variables giving the limits where no command line does (a notebook run by hand).
MEMORY_VARIABLE, SECONDS_VARIABLE = "GK_MAX_MEMORY", "GK_TIMEOUT"
_PR_SET_PDEATHSIG = 1
_UNITS = {"": 1024 ** 2, "K": 1024, "KB": 1024, "M": 1024 ** 2, "MB": 1024 ** 2, "G": 1024 ** 3, "GB": 1024 ** 3}


def memory_text(size: int) -> str:
    """2147483648 → "2 GB", 536870912 → "512 MB", 1610612736 → "1.5 GB"."""
    if size >= 1024 ** 3:
        return f"{size / 1024 ** 3:g} GB"
    return f"{size / 1024 ** 2:g} MB"


def parse_memory(text: str) -> int:
    """ "2GB", "2 G", "512MB", "1.5GB" (a bare number is MB) → bytes; ValueError for anything else or < 64 MB."""
    value = str(text).strip().upper().replace(" ", "").removesuffix("IB").removesuffix("B")
    number = value.rstrip("KMG")
    unit = value[len(number):]
    try:
        size = int(float(number) * _UNITS[unit + "B" if unit else ""])
    except (ValueError, KeyError):
        raise ValueError(text) from None
    if not 64 * 1024 ** 2 <= size < 1024 ** 5:
        raise ValueError(text)
    return size


@dataclass(frozen=True)
class Limits:
    """The caps on one contained call: memory beyond the process's own size (bytes) and seconds (None: none)."""

    memory: int | None = DEFAULT_MEMORY
    seconds: float | None = DEFAULT_SECONDS

    @classmethod
    def from_env(cls) -> Limits:
        """``$GK_MAX_MEMORY`` / ``$GK_TIMEOUT`` when set (a notebook run by hand), else the defaults."""
        memory, seconds = os.environ.get(MEMORY_VARIABLE), os.environ.get(SECONDS_VARIABLE)
        try:
            return cls(parse_memory(memory) if memory else DEFAULT_MEMORY, float(seconds) if seconds else DEFAULT_SECONDS)
        except ValueError:
            return cls()


class LimitError(GkError):
    """An input exceeded a cap (memory or time) or killed the reader: ``kind`` is memory, time or crash."""

    def __init__(self, message: str, what: str = "", kind: str = "memory"):
        super().__init__(message)
        self.what, self.kind = what, kind

    def __reduce__(self):
        return type(self), (str(self), self.what, self.kind)


def memory_error(what: str, memory: int | None) -> LimitError:
    """超过内存上限 N GB, naming ``what``."""
    limit = memory_text(memory) if memory else "（系统内存）"
    return LimitError(f"{what}：读取时超过内存上限 {limit}（--max-memory），已停止读取。请确认选对了文件；"
                      "确实需要读取这样大的文件时，可用 --max-memory 调高上限。", what, "memory")


def time_error(what: str, seconds: float) -> LimitError:
    """运行超过 N 秒, naming ``what``."""
    return LimitError(f"{what}：运行超过 {seconds:g} 秒（--timeout），已停止。请确认选对了文件。", what, "time")


# -- this process: what it is reading, and whether it carries the limits already ----------------------

_CARRIED: Limits | None = None  # limits this process itself is held to (a report kernel, a child of run)
_LABEL = [""]  # what this process is reading now (messages name it)
_REPORT = None  # in a child of run: the pipe its parent reads labels from


def carry(limits: Limits) -> None:
    """Hold this process itself to ``limits.memory`` from now on (its own size + the cap) and run contained
    calls in-process. A report kernel calls it before each notebook; its time bound is the batch's deadline."""
    global _CARRIED
    _cap_address_space(limits.memory)
    _CARRIED = limits


def carried() -> Limits | None:
    """The limits this process is held to, if any."""
    return _CARRIED


@contextlib.contextmanager
def reading(label: str):
    """Name the input being read (``台账.xlsx「依申请公开」``) for a cap's message, while the block runs.

    In a process held to the caps, running out of memory in the block is a ``LimitError`` naming ``label``.
    """
    before = _LABEL[0]
    _LABEL[0] = label
    if _REPORT is not None:
        _send(_REPORT, ("label", label))
    try:
        yield
    except MemoryError:
        if _CARRIED is None:
            raise
        raise memory_error(label, _CARRIED.memory) from None
    finally:
        _LABEL[0] = before


def _address_space() -> int:
    """This process's virtual size in bytes (what ``RLIMIT_AS`` counts)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _cap_address_space(memory: int | None) -> None:
    if not memory:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = _address_space() + memory
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


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


# -- the contained call ---------------------------------------------------------------------------------

#: Peak resident memory (bytes) and seconds of the last child of ``run`` (benchmarks and tests read them).
LAST = {"peak": 0, "seconds": 0.0}


def run(function, *args, what: str, limits: Limits | None = None, **kwargs):
    """``function(*args, **kwargs)`` with memory and time capped; its result, or its exception re-raised.

    ``what`` names the input for messages until ``reading`` names a part of it. A ``LimitError`` when a
    cap is exceeded or the reader dies.
    """
    limits = limits or Limits.from_env()
    if _CARRIED is not None or not hasattr(os, "fork"):
        with reading(what):
            try:
                return function(*args, **kwargs)
            except MemoryError:
                raise memory_error(_LABEL[0] or what, (_CARRIED or limits).memory) from None
    return _in_child(function, args, kwargs, what, limits)


def _send(fd: int, message) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(struct.pack("<Q", len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _child(function, args, kwargs, what: str, limits: Limits, result: int, errors: int) -> None:
    """In the forked child: cap, run, send the outcome; never returns."""
    global _CARRIED, _REPORT
    code = 0
    try:
        os.dup2(errors, 2)  # a reader's dying words (Rust's "memory allocation … failed") go to the parent
        faulthandler.disable()  # a crash is reported by the parent, in Chinese
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides on Ctrl-C
        die_with_parent(signal.SIGKILL)
        _REPORT, _CARRIED = result, limits
        _LABEL[0] = what
        _cap_address_space(limits.memory)
        try:
            outcome = ("ok", function(*args, **kwargs))
        except MemoryError:
            outcome = ("memory", _LABEL[0])
        except BaseException as exc:  # noqa: BLE001 - every outcome goes back to the parent
            if not isinstance(exc, GkError):
                exc.add_note("（读取子进程中的错误）\n" + "".join(traceback.format_exception(exc)))
            outcome = ("error", exc)
        try:
            _send(result, outcome)
        except MemoryError:
            _send(result, ("memory", _LABEL[0]))
        except (pickle.PicklingError, TypeError, AttributeError) as exc:
            _send(result, ("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
        sys.stdout.flush()
    except BaseException:  # noqa: BLE001 - nothing may escape into the caller's code in the child
        code = 70
    finally:
        os._exit(code)


def _in_child(function, args, kwargs, what: str, limits: Limits):
    sys.stdout.flush()
    sys.stderr.flush()
    result_r, result_w = os.pipe()
    errors_r, errors_w = os.pipe()
    began = time.monotonic()
    collecting = gc.isenabled()
    gc.disable()  # no collection between the fork and the child's freeze
    try:
        pid = os.fork()
        if pid == 0:
            # The child's collections leave the parent's objects (and their pages) alone. Frozen here, not in the
            # parent: unfreezing there would also thaw what the parent froze itself (a warm kernel's imports).
            gc.freeze()
    finally:
        if collecting:
            gc.enable()
    if pid == 0:
        os.close(result_r)
        os.close(errors_r)
        _child(function, args, kwargs, what, limits, result_w, errors_w)
    os.close(result_w)
    os.close(errors_w)
    data, errors, label, status, usage = bytearray(), bytearray(), what, None, None
    try:
        data, errors, timed_out = _collect(result_r, errors_r, began, limits.seconds)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        _, status, usage = os.wait4(pid, 0)
    except BaseException:  # interrupted: the child goes too
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        raise
    finally:
        os.close(result_r)
        os.close(errors_r)
    LAST.update(peak=usage.ru_maxrss * 1024, seconds=time.monotonic() - began)
    messages = _frames(bytes(data))
    for kind, value in messages:
        if kind == "label":
            label = value
    if timed_out:
        raise time_error(label, limits.seconds)
    outcome = next(((k, v) for k, v in messages if k != "label"), None)
    if outcome is None:
        raise _death(label, status, bytes(errors), limits)
    kind, value = outcome
    if kind == "ok":
        return value
    if kind == "memory":
        raise memory_error(value or label, limits.memory)
    raise value


def _collect(result: int, errors: int, began: float, seconds: float | None) -> tuple[bytearray, bytearray, bool]:
    """Read the child's messages and stderr until it closes its pipe, or until the deadline (True)."""
    data, tail = bytearray(), bytearray()
    poller = select.poll()
    poller.register(result, select.POLLIN)
    poller.register(errors, select.POLLIN)
    open_fds = {result, errors}
    while result in open_fds:
        wait = None if seconds is None else max(0.0, began + seconds - time.monotonic())
        if wait is not None and wait <= 0:
            return data, tail, True
        events = poller.poll(None if wait is None else int(wait * 1000) + 1)
        for fd, _ in events:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                poller.unregister(fd)
                open_fds.discard(fd)
            elif fd == result:
                data += chunk
            else:
                tail = (tail + chunk)[-8192:]
    return data, tail, False


def _frames(data: bytes) -> list:
    out, at = [], 0
    while at + 8 <= len(data):
        (size,) = struct.unpack_from("<Q", data, at)
        if at + 8 + size > len(data):
            break  # cut short by the child's death
        out.append(pickle.loads(data[at + 8: at + 8 + size]))  # noqa: S301 - our own child's messages
        at += 8 + size
    return out


#: A reader's dying words when it was refused memory, lower-cased: Rust (calamine), Python, C++, libc, and Arrow
#: (pyarrow's CSV reader aborts with "ValueOrDie called on an error: Out of memory: malloc of size … failed").
_OUT_OF_MEMORY = (b"memory allocation of", b"memoryerror", b"bad_alloc", b"cannot allocate memory", b"out of memory")


def _death(label: str, status: int, errors: bytes, limits: Limits) -> LimitError:
    """Why the child ended without an outcome: out of memory (its dying words say so) or another crash."""
    if any(words in errors.lower() for words in _OUT_OF_MEMORY):
        return memory_error(label, limits.memory)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        cause = f"信号 {name}"
    else:
        cause = f"退出码 {os.WEXITSTATUS(status)}"
    return LimitError(f"{label}：读取时程序意外终止（{cause}），文件可能已损坏。请确认选对了文件。", label, "crash")
