"""Executed notebook → the public page and the review page (nbconvert, code hidden); atomic writes.

Both pages come from the ``gk-report`` nbconvert template shipped in ``templates/gk-report``
through the exporters of ``exporters`` (imported only here, when a page is made: the kernel
side, which only needs the mimetypes, never loads nbconvert). The package installs them as
``nbconvert.exporters`` entry points, so ``jupyter nbconvert --to gk-report EXECUTED.ipynb``
gives byte for byte the public page ``gk report`` writes, and ``--to gk-review`` the review page.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

#: The mimetype under which the notebook emits its computed data for the .json output.
DATA_MIMETYPE = "application/vnd.gk-report+json"
#: An output's review-page variant (tables whose count cells link to their cases), beside its text/html.
REVIEW_MIMETYPE = "application/vnd.gk-review+html"
#: Cells with this tag (the reviewer panel) appear on the review page only.
REVIEW_TAG = "gk-review"


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write via a temp file in the same folder and rename: never a half-written file, no temp file left,
    and an ``OSError`` names ``path`` (not the temp file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:  # the message names the output, not a temp file
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
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
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
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


def stylesheet() -> str:
    """The CSS of the kit's own pages beside the reports (the batch index): the report's stylesheet
    and the review page's tables (``review.css``). The report pages themselves take
    ``styles.stylesheet`` (the public page carries no reviewer rules; the panel brings its own).
    """
    from .panel import review_stylesheet
    from .styles import stylesheet as report_stylesheet

    return report_stylesheet() + review_stylesheet()


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


@lru_cache(maxsize=2)
def _exporter(review: bool):
    from .exporters import PublicExporter, ReviewExporter

    return (ReviewExporter if review else PublicExporter)()


def warm_exporters() -> None:
    """Build both exporters now (a batch worker does this while its kernel boots)."""
    _exporter(False)
    _exporter(True)


def notebook_html(nb, title: str = "") -> str:
    """The public page of an executed report notebook (what ``jupyter nbconvert --to gk-report`` gives)."""
    body, _ = _exporter(False).from_notebook_node(nb, resources={"gk_title": title} if title else None)
    return body


def review_html(nb, title: str = "") -> str:
    """The review page: the report, the reviewer panel and the case list behind every number."""
    body, _ = _exporter(True).from_notebook_node(nb, resources={"gk_title": title} if title else None)
    return body


def notebook_data(nb, mimetype: str = DATA_MIMETYPE) -> dict | None:
    """The computed data the notebook emitted (tables, checks, stats; or another ``mimetype``), if it got that far."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if mimetype in data:
                return data[mimetype]
    return None
