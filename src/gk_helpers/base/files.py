"""Atomic file writes: a file is either the old one or the whole new one, never half written; new files that
never replace anything (``write_new``)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def _temp_beside(path: Path, data: bytes) -> str:
    """A temp file in ``path``'s folder holding ``data``, synced and with the umask's mode; removed if any step fails."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write via a temp file in the same folder and rename: never a half-written file, no temp file left,
    and an ``OSError`` names ``path`` (not the temp file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        tmp = _temp_beside(path, data)
    except OSError as exc:  # the message names the output, not a temp file
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_new(path: Path, data: bytes | str) -> bool:
    """Create ``path`` with ``data`` unless anything is there — a file, a folder, a link (even a broken one):
    then nothing is touched and False is returned. Never a half-written file (a temp file, then a hard link)."""
    path = Path(path)
    if os.path.lexists(path):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp = _temp_beside(path, data)
    try:
        try:
            os.link(tmp, path)  # fails if anything appeared there meanwhile: nothing is replaced
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: exclusive creation, never following a link
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            try:
                out = os.open(path, flags, 0o666)
            except FileExistsError:
                return False
            with os.fdopen(out, "wb") as handle:
                handle.write(data)
        return True
    finally:
        Path(tmp).unlink(missing_ok=True)
