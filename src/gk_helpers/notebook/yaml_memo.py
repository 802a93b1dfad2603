"""Params files' YAML parsed once per content: each file's data by the SHA-256 of its bytes.

Parsing is the slow part of reading a params file (PyYAML's pure-Python loader, with the kit's
bounds), and a batch reads every file of the province, then each report's P3 check reads its
county's other files again. While a ``YamlMemo`` is in use (``using``), ``load_params`` gets a
file's data from it: each content is parsed once, and the memo saved beside a batch's outputs
gives the next batch the data of every file that has not changed since, so an unchanged re-run
parses nothing. During the batch the workers read through it too (they are forked inside ``shared``),
and so do their kernels, which load the saved memo the batch names in ``GK_PARAMS_MEMO`` (``adopt``):
each report's notebook reads its own params file, last year's and its county's other files for the
P3 check, and none of them is parsed again. The memo holds only data JSON gives back exactly (text keys; text, numbers,
booleans, null, lists, mappings, dates); a file with anything else is parsed every time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from contextlib import contextmanager
from pathlib import Path

from ..base import bounds
from ..base.errors import ParamsError

#: Saved under this key, so that a memo of another shape is ignored rather than misread.
VERSION = 1
#: The saved memo a batch's kernels read their params files through (``shared`` sets it, ``adopt`` reads it).
VARIABLE = "GK_PARAMS_MEMO"
_ACTIVE: list[YamlMemo] = []


class YamlMemo:
    """SHA-256 of a params file's bytes → its YAML data (as JSON), filled as files are read."""

    def __init__(self, saved: dict | None = None):
        self.entries: dict[str, object] = dict(saved or {})
        self.used: set[str] = set()
        self.added = 0

    @classmethod
    def load(cls, path: Path) -> YamlMemo:
        """The memo saved at ``path`` (an empty one when there is none or it cannot be read)."""
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(saved, dict) or saved.get("version") != VERSION or not isinstance(saved.get("entries"), dict):
            return cls()
        return cls(saved["entries"])

    def dumps(self) -> str:
        """The memo of the files read since it was loaded (what the next run will ask for), as JSON text."""
        entries = {key: self.entries[key] for key in sorted(self.used)}
        return json.dumps({"version": VERSION, "entries": entries}, ensure_ascii=False, separators=(",", ":"))

    @property
    def stale(self) -> bool:
        """Whether saving would change the saved memo (a file parsed anew, or one no longer read)."""
        return bool(self.added) or len(self.used) != len(self.entries)

    def data(self, path: Path):
        """The YAML data of the params file ``path``: from the memo when its bytes were parsed before."""
        key = _digest(path)
        if key is None:
            return bounds.load_yaml(path)  # too large or unreadable: its own error
        if key in self.entries:
            self.used.add(key)
            return _decode(self.entries[key])
        value = bounds.load_yaml(path)
        encoded = _encode(value)
        if encoded is not None and _digest(path) == key:  # not rewritten while it was parsed
            self.entries[key] = encoded
            self.used.add(key)
            self.added += 1
        return value


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(bounds.read_limited(path, bounds.MAX_PARAMS_BYTES, "参数文件", path)).hexdigest()
    except ParamsError:
        return None


def active() -> YamlMemo | None:
    """The memo ``load_params`` reads through now, if any."""
    return _ACTIVE[-1] if _ACTIVE else None


@contextmanager
def using(memo: YamlMemo):
    """Read params files through ``memo`` while the block runs (this process only)."""
    _ACTIVE.append(memo)
    try:
        yield memo
    finally:
        _ACTIVE.remove(memo)


@contextmanager
def shared(memo: YamlMemo, saved: Path | None):
    """``using(memo)`` in this process and the workers it forks while the block runs, and the memo ``saved`` at
    that path (None: it could not be saved) named in ``GK_PARAMS_MEMO`` for the kernels they start."""
    before = os.environ.get(VARIABLE)
    if saved is None:
        os.environ.pop(VARIABLE, None)
    else:
        os.environ[VARIABLE] = str(saved)
    try:
        with using(memo):
            yield memo
    finally:
        if before is None:
            os.environ.pop(VARIABLE, None)
        else:
            os.environ[VARIABLE] = before


def adopt() -> YamlMemo | None:
    """Read params files, from now on in this process, through the memo the batch named in ``GK_PARAMS_MEMO``
    (a batch's kernel calls this once); nothing when none is named. A memo that cannot be read is an empty one."""
    path = os.environ.get(VARIABLE)
    if not path:
        return None
    memo = YamlMemo.load(Path(path))
    _ACTIVE.append(memo)
    return memo


def _encode(value):
    """A JSON form that ``_decode`` turns back into exactly ``value``, or None when there is none."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value if not isinstance(value, float) or value == value else None  # NaN never equals itself
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()} if value.tzinfo is None else None
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, list):
        items = [_encode(v) for v in value]
        return None if any(i is None and v is not None for i, v in zip(items, value)) else items
    if isinstance(value, dict):
        if not all(isinstance(k, str) and not k.startswith("$") for k in value):
            return None
        items = {k: _encode(v) for k, v in value.items()}
        return None if any(items[k] is None and v is not None for k, v in value.items()) else items
    return None  # bytes (!!binary), sets, tuples: not kept


def _decode(value):
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1 and "$date" in value:
            return dt.date.fromisoformat(value["$date"])
        if len(value) == 1 and "$datetime" in value:
            return dt.datetime.fromisoformat(value["$datetime"])
        return {k: _decode(v) for k, v in value.items()}
    return value
