"""Executed notebook → the public page and the review page (nbconvert, code hidden).

Both pages come from the ``gk-report`` nbconvert template shipped in ``templates/gk-report``
through the exporters of ``exporters`` (imported only here, when a page is made: the kernel
side, which only needs the mimetypes, never loads nbconvert). The package installs them as
``nbconvert.exporters`` entry points, so ``jupyter nbconvert --to gk-report EXECUTED.ipynb``
gives byte for byte the public page ``gk report`` writes, and ``--to gk-review`` the review page.
"""

from __future__ import annotations

from functools import lru_cache


def stylesheet() -> str:
    """The CSS of the kit's own pages beside the reports (the batch index): the report's stylesheet
    and the review page's tables (``review.css``). The report pages themselves take
    ``styles.stylesheet`` (the public page carries no reviewer rules; the panel brings its own).
    """
    from .panel import review_stylesheet
    from .styles import stylesheet as report_stylesheet

    return report_stylesheet() + review_stylesheet()


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
