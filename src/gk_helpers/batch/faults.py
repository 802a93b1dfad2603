"""Any exception a report run can raise, as the Chinese reason a user reads in the index and on the terminal.

The batch never lets an exception escape a report: whatever raised it — a bad params file,
a ledger, the kernel, writing an output — it becomes a failed entry whose reason names the
cause (磁盘已满, 输出目录不可写, 文件名过长 …) in words a clerk can act on.
"""

from __future__ import annotations

import errno

from ..base.errors import GkError

_OS_REASONS = {
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EACCES: "输出目录不可写（没有写入权限）",
    errno.EPERM: "输出目录不可写（没有写入权限）",
    errno.EROFS: "输出目录不可写（只读文件系统）",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ENOTDIR: "输出路径中有一段是文件而不是目录",
    errno.EISDIR: "要写的输出文件是一个目录",
    errno.EIO: "磁盘读写错误",
    errno.EMFILE: "打开的文件过多",
}


def os_error_reason(exc: OSError) -> str:
    """磁盘已满 / 输出目录不可写 / 文件名过长 … with the file when known."""
    reason = _OS_REASONS.get(exc.errno or 0, f"系统错误（{exc.strerror or type(exc).__name__}）")
    where = exc.filename if isinstance(exc.filename, str) else ""
    return f"{reason}：{where}" if where else reason


def known_os_fault(exc: BaseException) -> str:
    """The reason of a file-system fault (磁盘已满, 输出目录不可写 …), or "" for anything else."""
    return os_error_reason(exc) if isinstance(exc, OSError) and exc.errno in _OS_REASONS else ""


def describe(exc: BaseException) -> str:
    """The Chinese reason for ``exc``: its own message for the kit's errors, a plain cause otherwise."""
    if isinstance(exc, GkError):
        return getattr(exc, "reason", None) or str(exc)
    if isinstance(exc, OSError):
        return os_error_reason(exc)
    if isinstance(exc, ValueError) and "null byte" in str(exc):
        return "文件名含有空字符（\\x00）"
    if isinstance(exc, MemoryError):
        return "内存不足"
    if isinstance(exc, RecursionError):
        return "数据嵌套过深"
    return f"意外错误（{type(exc).__name__}: {exc}）"
