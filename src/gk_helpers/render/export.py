"""Executed notebook → the reviewer's HTML (nbconvert, code hidden), and atomic file writes."""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

#: The mimetype under which the notebook emits its computed data for the .json output.
DATA_MIMETYPE = "application/vnd.gk-report+json"


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write via a temp file in the same folder and rename: never a half-written file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stylesheet() -> str:
    """The report's CSS (inlined into every page): the named element styles, the page and print layout."""
    from .styles import stylesheet as _stylesheet

    return _stylesheet()


@lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter

    template = files("gk_helpers.render").joinpath("templates", "gk_report.html.j2")
    exporter = HTMLExporter(template_file=str(template))
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


def notebook_html(nb, title: str) -> str:
    """The HTML page of an executed report notebook: its HTML outputs only, CSS inlined."""
    body, _ = _exporter().from_notebook_node(nb, resources={"gk_title": title, "gk_css": stylesheet()})
    return body


def notebook_data(nb, mimetype: str = DATA_MIMETYPE) -> dict | None:
    """The computed data the notebook emitted (tables, checks, stats; or another ``mimetype``), if it got that far."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if mimetype in data:
                return data[mimetype]
    return None
