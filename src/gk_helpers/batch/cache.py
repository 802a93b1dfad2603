"""What a report depends on, and the stamp that says its outputs are up to date.

A report depends on the notebook, its params file, the prose ``.md`` files the params
file references, the contract-named files of its ledger folder (by content; other files
only by name) and the kit's version — its
release number and a hash of its own source, so an edited kit re-runs what it renders.
Their hashes make the report's *fingerprint*. After a run the batch writes a stamp
``OUT/<county>/<year>/.<township>.stamp.json`` — atomically and after every output — holding
the fingerprint and the outcome. A report is fresh when its stamp says it succeeded with
the same fingerprint and its three outputs exist; otherwise it runs again. Failures get a
stamp too (so the index can say why later) but are never fresh.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

from ..base import version as kit
from ..ledger import sources
from ..notebook.prose_review import peer_fingerprint
from ..report.provenance import file_sha256
from ..base.files import write_atomic

STAMP_SUFFIX = ".stamp.json"
OK, FAILED = "ok", "failed"


class Hasher:
    """SHA-256 of files, each file hashed once per run (townships share ledger folders across years)."""

    def __init__(self):
        self._seen: dict[tuple, str] = {}

    def __call__(self, path: Path) -> str:
        try:
            stat = path.stat()
        except OSError:
            return "missing"
        if not S_ISREG(stat.st_mode):  # a pipe or device would block or never end
            return "not-a-file"
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        if key not in self._seen:
            self._seen[key] = file_sha256(path)
        return self._seen[key]


def _source_hash() -> str:
    """SHA-256 over the kit's own files (code, stylesheet, templates)."""
    from ..report.provenance import source_hash

    return source_hash()


def kit_version() -> str:
    """The kit's release number and source hash, e.g. ``0.1.0+3f2a…``."""
    return f"{kit.RELEASE}+{_source_hash()}"


def ledger_folder_files(folder: Path) -> list[Path]:
    """The files the ledger loader reads: the contract-named regular files (any other file is never hashed)."""
    return sources.hashed_files(folder) if folder.is_dir() else []


def report_inputs(params, notebook: Path, version: str, hasher: Hasher, options: str = "") -> dict[str, str]:
    """Name → hash of everything one report depends on."""
    inputs = {"version": version, "options": options, "notebook": hasher(notebook), "params": hasher(params.path)}
    for path in params.prose_files:
        inputs[f"prose:{os.path.relpath(path, params.path.parent)}"] = hasher(path)
    # Checks P3 (other townships' and last year's prose) and C1/C2 (last year's report JSON) read beyond the params file.
    from ..notebook.previous import previous_json

    inputs["peers"] = peer_fingerprint(params)
    if (last := previous_json(params)) is not None:
        inputs["previous"] = hasher(last)
    files = ledger_folder_files(params.ledger_dir)
    for path in files:
        inputs[f"ledger:{path.name}"] = _ledger_signature(path, hasher)
    if not files:
        inputs["ledger"] = "missing"
    # other names in the folder earn warnings or errors (misnamed, wrong type), never by their content
    inputs["ledger-names"] = hashlib.sha256(sources.folder_listing(params.ledger_dir).encode("utf-8")).hexdigest()
    return inputs


def _ledger_signature(path: Path, hasher: Hasher) -> str:
    """The content hash of a ledger file; a file too large to be read (it is refused) by size and time only."""
    try:
        stat = path.stat()
    except OSError:
        return "missing"
    if stat.st_size > sources.MAX_CSV_BYTES:
        return f"too-large:{stat.st_size}:{stat.st_mtime_ns}"
    return hasher(path)


def fingerprint(inputs: dict[str, str]) -> str:
    """One hash over a dependency mapping (order-independent)."""
    text = json.dumps(inputs, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Stamp:
    """The recorded outcome of a report's last run."""

    fingerprint: str
    status: str  # OK or FAILED
    message: str = ""  # the Chinese failure message

    @property
    def ok(self) -> bool:
        """Whether the run succeeded."""
        return self.status == OK


def stamp_path(output: Path) -> Path:
    """The stamp beside an output file ``<stem>.html`` → ``.<stem>.stamp.json``."""
    return output.with_name(f".{output.stem}{STAMP_SUFFIX}")


def read_stamp(path: Path) -> Stamp | None:
    """The stamp at ``path``, or None when absent or unreadable (treated as never run)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Stamp(str(data["fingerprint"]), str(data["status"]), str(data.get("message", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_stamp(path: Path, stamp: Stamp) -> None:
    """Write a stamp atomically; call only after every output it vouches for is in place."""
    data = {"fingerprint": stamp.fingerprint, "status": stamp.status, "message": stamp.message}
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def is_fresh(stamp_file: Path, fingerprint_now: str, outputs) -> bool:
    """True when the last run succeeded on the same inputs and its outputs are all there."""
    stamp = read_stamp(stamp_file)
    return bool(stamp and stamp.ok and stamp.fingerprint == fingerprint_now and all(Path(p).is_file() for p in outputs))
