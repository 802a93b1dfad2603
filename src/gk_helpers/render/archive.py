"""Zip containers (.docx, .xlsx) rewritten so the same content gives the same bytes."""

from __future__ import annotations

import io
import zipfile

#: The earliest time a zip entry can carry; every entry gets it.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def deterministic_zip(data: bytes) -> bytes:
    """The same archive with every entry's timestamp and attributes fixed, entries in their order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            entry.create_system = 0
            target.writestr(entry, source.read(info.filename), compresslevel=6)
    return out.getvalue()
