"""Every member of a zip package (xlsx, docx) sized before a reader opens it, wherever it sits.

A few megabytes on disk can declare gigabytes: a 3 MB workbook whose sheet sits at ``xl/big.xml``,
a 3 GB ``styles.xml``. The readers (Python's ``zipfile``, calamine) refuse a member that inflates past
the size its directory declares, so the declared sizes are an upper bound: each member and their sum
are checked against them, and the members a reader parses are read once through ``zipfile`` (which
stops at the declared size and checks the CRC) so that a lying directory is found before calamine,
which would inflate the whole member first.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass


def megabytes(size: int) -> str:
    """209715200 → "200"."""
    return f"{size / 1024 / 1024:.0f}"


@dataclass(frozen=True)
class PackageLimits:
    """The largest member and sum of members (uncompressed bytes) and the most members a package may have."""

    member: int
    total: int
    members: int = 10_000


@dataclass(frozen=True)
class Oversize:
    """Why a package is refused: the member (or "" for the whole) and the Chinese reason."""

    member: str
    reason: str


def oversize(archive: zipfile.ZipFile, limits: PackageLimits, what: str = "文件") -> Oversize | None:
    """The first breach of ``limits`` by the declared sizes of ``archive``'s members, or None."""
    infos = archive.infolist()
    if len(infos) > limits.members:
        return Oversize("", f"{what}含有 {len(infos)} 个部件，超过上限 {limits.members} 个")
    total = 0
    for info in infos:
        if info.file_size > limits.member:
            return Oversize(info.filename, f"{what}中的 {info.filename} 解压后有 {megabytes(info.file_size)} MB，"
                                           f"超过上限 {megabytes(limits.member)} MB")
        total += info.file_size
    if total > limits.total:
        return Oversize("", f"{what}解压后共有 {megabytes(total)} MB，超过上限 {megabytes(limits.total)} MB")
    return None


def damaged(archive: zipfile.ZipFile, names) -> str:
    """The first of ``names`` whose content does not match its declared size and CRC (read in chunks), or ""."""
    for name in names:
        try:
            with archive.open(name) as member:
                while member.read(1 << 20):
                    pass
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, __import__("zlib").error):
            return name
    return ""
