"""The output folder: usable before anything runs, and used by one ``gk run`` at a time.

``check_output_dir`` is called once, before any report runs: a folder that is a file, cannot
be created or is not writable is one ``OutputError`` (exit code 2), never one failure per
report. ``OutputLock`` holds ``OUT/.gk-run.lock`` for the whole batch: an exclusive
``flock`` (released by the operating system however the holder dies, so a stale lock of
a dead process is simply taken over) and, inside the file, the holder's pid and start time
that a second runner names when it refuses to start.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import tempfile
from pathlib import Path

from ..base.errors import OutputError
from .faults import os_error_reason

LOCK_NAME = ".gk-run.lock"


def check_output_dir(out_dir: str | Path) -> Path:
    """Create ``out_dir`` if needed and prove it writable; an ``OutputError`` says why not."""
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"输出目录 {out} 是一个文件，不是目录。请用 -o 指定一个目录（不存在时会自动创建）。")
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=out, prefix=".gk-write-test.", suffix=".tmp")
        os.close(fd)
        os.unlink(probe)
    except (OSError, ValueError) as exc:
        reason = os_error_reason(exc) if isinstance(exc, OSError) else "路径含有空字符"
        raise OutputError(f"输出目录 {out} 无法使用：{reason.split('：')[0]}。请用 -o 指定一个可写的目录，或检查权限和磁盘空间。") from None
    return out


def _holder(text: str) -> dict:
    try:
        data = json.loads(text)
        return data if isinstance(data, dict) else {}
    except ValueError:
        return {}


def pid_alive(pid) -> bool:
    """Whether a process of this id runs on this machine."""
    try:
        os.kill(int(pid), 0)
    except (OSError, ValueError, TypeError):
        return False
    return True


class OutputLock:
    """``with OutputLock(out_dir):`` — this process is the only ``gk run`` writing ``out_dir``."""

    def __init__(self, out_dir: str | Path):
        self.path = Path(out_dir) / LOCK_NAME
        self.fd: int | None = None
        self.taken_over: dict = {}  # the dead holder a stale lock named, if any

    def __enter__(self) -> OutputLock:
        try:
            import fcntl
        except ImportError:  # not POSIX: no locking
            return self
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _holder(os.pread(fd, 4096, 0).decode("utf-8", "replace"))
            os.close(fd)
            who = f"进程 {holder.get('pid', '?')}（{holder.get('host', '?')}，开始于 {holder.get('started', '?')}）"
            raise OutputError(f"输出目录 {self.path.parent} 正由另一个 gk run 使用：{who}。"
                              f"请等它结束后再运行，或用 -o 指定另一个输出目录。（锁文件：{self.path}）") from None
        previous = _holder(os.pread(fd, 4096, 0).decode("utf-8", "replace"))
        if previous.get("pid") and not pid_alive(previous["pid"]):
            self.taken_over = previous
        record = {"pid": os.getpid(), "host": socket.gethostname(),
                  "started": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"), 0)
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            try:
                os.ftruncate(self.fd, 0)  # no holder named any more; the file stays (unlinking races)
            except OSError:
                pass
            os.close(self.fd)  # releases the flock
            self.fd = None
