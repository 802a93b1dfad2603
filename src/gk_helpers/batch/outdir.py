"""The output folder: usable before anything runs, and written by one ``gk`` command at a time.

``check_output_dir`` is called once, before any report runs: a folder that is a file, cannot
be created or is not writable is one ``OutputError`` (exit code 2), never one failure per
report. ``OutputLock`` holds ``OUT/.gk-run.lock`` for the whole command (``gk run``, ``gk report``,
``gk audit -o``): an exclusive ``flock`` (released by the operating system however the holder dies,
so a stale lock of a dead process is simply taken over) and, inside the file, the holder's command,
pid and start time that a second one names when it refuses to start. The lock file is opened without
following a symbolic link (a link planted there could make it truncate another file).

Whoever holds the lock owns the folder's scratch: on taking it, temp files (``.<name>.XXXXXXXX.tmp``),
scratch notebooks (``.<name>.running.<pid>.ipynb``) and ``OUT/.gk-scratch/`` (kernel connection files)
left by a run that was killed are swept — nothing of ours is being written there by anyone else.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import socket
import stat
import tempfile
from pathlib import Path

from ..base.errors import OutputError
from .faults import os_error_reason

#: Where kernel connection files (ports and the HMAC key) are written: the output folder's scratch, set by the
#: command holding its lock, so a file a kill leaves behind is swept by the next run; unset: the system's temp folder.
#: (Here, not in warm.py: taking the lock must not import papermill and nbformat's validator, ~1.5 s, when nothing runs.)
CONNECTION_DIR_VARIABLE = "GK_KERNEL_DIR"

LOCK_NAME = ".gk-run.lock"
#: Scratch of the lock holder inside the output folder (kernel connection files): swept by the next holder.
SCRATCH_NAME = ".gk-scratch"
#: Temp files of ``write_atomic``/``commit`` (mkstemp's 8 random characters) and papermill scratch notebooks.
_LEFTOVER = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$|^\..+\.running\.\d+\.ipynb$")


def scratch_dir(out_dir: str | Path) -> Path:
    """``OUT/.gk-scratch`` (created, private): where the lock holder keeps files a kill may leave behind."""
    folder = Path(out_dir) / SCRATCH_NAME
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def sweep(out_dir: str | Path) -> int:
    """Remove what killed runs left in ``out_dir`` (call with the lock held); how many files went."""
    out = Path(out_dir)
    removed = 0
    shutil.rmtree(out / SCRATCH_NAME, ignore_errors=True)
    for folder, dirs, files in os.walk(out):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if _LEFTOVER.match(name):
                try:
                    os.unlink(os.path.join(folder, name))
                    removed += 1
                except OSError:
                    pass
    return removed


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
    """``with OutputLock(out_dir, "gk run"):`` — this process is the only ``gk`` command writing ``out_dir``."""

    def __init__(self, out_dir: str | Path, command: str = "gk run"):
        self.path = Path(out_dir) / LOCK_NAME
        self.command = command
        self.fd: int | None = None
        self.taken_over: dict = {}  # the dead holder a stale lock named, if any
        self._kernel_dir: tuple[str | None] | None = None  # ($GK_KERNEL_DIR before kernels_here,) to restore

    def _open(self) -> int:
        """The lock file, opened without following a link; an ``OutputError`` when it is not a regular file."""
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            fd = os.open(self.path, flags, 0o644)
        except OSError as exc:
            what = "一个符号链接" if os.path.islink(self.path) else f"无法打开的文件（{exc.strerror or exc}）"
            raise OutputError(f"输出目录 {self.path.parent} 的锁文件 {self.path.name} 是{what}，已拒绝使用"
                              "（不会写入它所指向的文件）。请删除它后重新运行。") from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise OutputError(f"输出目录 {self.path.parent} 的锁文件 {self.path.name} 不是普通文件，已拒绝使用。请删除它后重新运行。")
        return fd

    def kernels_here(self) -> None:
        """Write kernel connection files into this folder's scratch from now on (this process and its workers)."""
        self._kernel_dir = (os.environ.get(CONNECTION_DIR_VARIABLE),)
        os.environ[CONNECTION_DIR_VARIABLE] = str(scratch_dir(self.path.parent))

    def __enter__(self) -> OutputLock:
        try:
            import fcntl
        except ImportError:  # not POSIX: no locking
            return self
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _holder(os.pread(fd, 4096, 0).decode("utf-8", "replace"))
            os.close(fd)
            who = f"进程 {holder.get('pid', '?')}（{holder.get('host', '?')}，开始于 {holder.get('started', '?')}）"
            command = holder.get("command") or "gk run"
            raise OutputError(f"输出目录 {self.path.parent} 正由另一个 {command} 使用：{who}。"
                              f"请等它结束后再运行，或用 -o 指定另一个输出目录。（锁文件：{self.path}）") from None
        previous = _holder(os.pread(fd, 4096, 0).decode("utf-8", "replace"))
        if previous.get("pid") and not pid_alive(previous["pid"]):
            self.taken_over = previous
        sweep(self.path.parent)
        record = {"command": self.command, "pid": os.getpid(), "host": socket.gethostname(),
                  "started": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"), 0)
        self.fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._kernel_dir is not None:
            (before,) = self._kernel_dir
            if before is None:
                os.environ.pop(CONNECTION_DIR_VARIABLE, None)
            else:
                os.environ[CONNECTION_DIR_VARIABLE] = before
        if self.fd is not None:
            shutil.rmtree(self.path.parent / SCRATCH_NAME, ignore_errors=True)
            try:
                os.ftruncate(self.fd, 0)  # no holder named any more; the file stays (unlinking races)
            except OSError:
                pass
            os.close(self.fd)  # releases the flock
            self.fd = None
