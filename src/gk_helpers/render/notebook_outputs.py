"""What an executed report notebook carries for its pages: the mimetypes of its outputs, its title, its
data; and where the ``gk-report`` nbconvert template lives.

Both sides read this: the kernel (which emits the outputs and never loads nbconvert) and the
exporters (which turn them into pages).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

#: The mimetype under which the notebook emits its computed data for the .json output.
DATA_MIMETYPE = "application/vnd.gk-report+json"
#: An output's review-page variant (tables whose count cells link to their cases), beside its text/html.
REVIEW_MIMETYPE = "application/vnd.gk-review+html"
#: Cells with this tag (the reviewer panel) appear on the review page only.
REVIEW_TAG = "gk-review"


def templates_dir() -> Path:
    """The folder holding the ``gk-report`` nbconvert template (conf.json + index.html.j2)."""
    return Path(str(files("gk_helpers.render").joinpath("templates")))


def notebook_title(nb) -> str:
    """The report title the notebook emitted with its data ('' if it did not get that far)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if DATA_MIMETYPE in output.get("data", {}):
                return output.get("metadata", {}).get(DATA_MIMETYPE, {}).get("title", "")
    return ""


def notebook_data(nb, mimetype: str = DATA_MIMETYPE) -> dict | None:
    """The computed data the notebook emitted (tables, checks, stats; or another ``mimetype``), if it got that far."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if mimetype in data:
                return data[mimetype]
    return None
