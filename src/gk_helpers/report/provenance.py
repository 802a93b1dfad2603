"""Where a report's figures came from: ledger files with their SHA-256, parameters, versions."""

from __future__ import annotations

import hashlib
import platform
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..base import version as kit

FORMAT_NAMES = {
    "2019": "2019 年试行格式（国办公开办函〔2019〕60号）",
    "2021": "2021 年修订格式（国办公开办函〔2021〕30号）",
}


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ledger_files(ledgers) -> list[dict]:
    """Each ledger file read: its name (relative to the ledger folder), the kinds it held, its hash."""
    kinds: dict[Path, list[str]] = {}
    for source in ledgers.sources.values():
        kinds.setdefault(source.path, []).append(source.kind + (f"（工作表「{source.sheet}」）" if source.sheet else ""))
    return [
        {"file": path.name, "kinds": "、".join(kinds[path]), "sha256": file_sha256(path),
         "rows": sum(len(ledgers.frames[k]) for k, s in ledgers.sources.items() if s.path == path and k in ledgers.frames)}
        for path in sorted(kinds)
    ] + ([{"file": ledgers.mapping_file.name, "kinds": _mapping_kinds(ledgers), "sha256": file_sha256(ledgers.mapping_file),
           "rows": ledgers.mapping_entries}] if ledgers.mapping_file else [])


def _mapping_kinds(ledgers) -> str:
    """What the mapping file holds, as the sources table says it."""
    parts = ["本单位的列名和取值对照"] if ledgers.mapping_entries else []
    years = ledgers.mapping_years
    if years:
        parts.append(f"覆盖年度 {'、'.join(map(str, years))}")
    return "；".join(parts) or "（空）"


#: The kit's package folder (``gk_helpers``: this module sits one level down, in ``report/``).
KIT_PACKAGE = Path(__file__).resolve().parent.parent


def kit_files() -> list[Path]:
    """The kit's own files the source hash covers: code, stylesheets, templates and data, in every subpackage."""
    suffixes = (".py", ".css", ".j2", ".json")
    return sorted(p for p in KIT_PACKAGE.rglob("*") if p.suffix in suffixes and p.is_file())


@lru_cache(maxsize=1)
def source_hash() -> str:
    """SHA-256 (first 16 hex digits) over the kit's own files: code, stylesheet, templates."""
    digest = hashlib.sha256()
    for path in kit_files():
        digest.update(path.relative_to(KIT_PACKAGE).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


#: The packages whose versions every output records, as (label, distribution name).
RECORDED_PACKAGES = (("pandas", "pandas"), ("numpy", "numpy"), ("papermill", "papermill"), ("nbconvert", "nbconvert"))


def _version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "未安装"


def versions() -> dict[str, str]:
    """The software that produced an output: Python, pandas, numpy, papermill, nbconvert, the kit."""
    found = {"python": platform.python_version()}
    found.update({label: _version(dist) for label, dist in RECORDED_PACKAGES})
    found["gk-report"] = kit.RELEASE
    found["source_hash"] = source_hash()
    return found


def provenance(ledgers) -> dict:
    """The JSON ``provenance`` object: versions and the ledger files with their hashes."""
    return {**versions(), "ledgers": ledger_files(ledgers)}
