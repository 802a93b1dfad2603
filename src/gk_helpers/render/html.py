"""Every HTML page part from Jinja2 templates (autoescaped): the report, the review panel, the roll-up.

Templates live in ``gk_helpers/render/templates/``: ``report/`` (the report, in class or inline
style mode), ``review/`` (the reviewer panel, case lists, evidence, reply deadlines),
``rollup/`` (the county roll-up page) and ``batch/`` (the batch overview ``OUT/index.html``).
A county can override any of them by putting a file of the same name in
``<project>/templates/<folder>/`` (the project is the folder holding ``params/``): that
folder is searched first.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from .model import Document, Section, Table
from .styles import attribute
from ..base.paths import project_root

#: Where a project keeps its own templates, relative to its root.
PROJECT_TEMPLATES = "templates"
#: The class-styled part the published page is assembled from (the notebook shows the inline ``text/html``).
PUBLIC_MIMETYPE = "application/vnd.gk-report.public+html"
#: The document model the notebook emits (next to the data) for the other formats.
DOCUMENT_MIMETYPE = "application/vnd.gk-report.document+json"
MODES = ("class", "inline")


def _project_root() -> Path:
    return project_root()


@lru_cache(maxsize=8)
def _environment(project_templates: str) -> jinja2.Environment:
    loaders = [jinja2.FileSystemLoader(project_templates)] if project_templates else []
    loaders.append(jinja2.PackageLoader("gk_helpers.render", "templates"))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    env.globals["is_table"] = lambda block: isinstance(block, Table)
    return env


def environment(project_root: str | Path | None = None) -> jinja2.Environment:
    """The template environment: ``<project>/templates`` (when it exists) before the package's own."""
    root = Path(project_root) if project_root else _project_root()
    folder = root / PROJECT_TEMPLATES
    return _environment(str(folder.resolve()) if folder.is_dir() else "")


def render(name: str, mode: str = "class", project_root: str | Path | None = None, **context) -> str:
    """Render ``report/<name>.html.j2`` with the style attribute function of ``mode``."""
    if mode not in MODES:
        raise ValueError(f"unknown style mode {mode!r}")
    st = lambda style, variant="": attribute(mode, style, variant)  # noqa: E731
    return environment(project_root).get_template(f"report/{name}.html.j2").render(st=st, **context)


def part(name: str, project_root: str | Path | None = None, **context) -> str:
    """Render ``<name>.html.j2`` (e.g. ``review/checks``) of the review or roll-up page: no style modes.

    The part is inline HTML: the template file's final newline is not part of it. Ready HTML
    handed in as context must be ``Markup`` (everything else is escaped).
    """
    return environment(project_root).get_template(f"{name}.html.j2").render(**context).removesuffix("\n")


def table_html(table: Table, mode: str = "class", project_root=None) -> str:
    """One table (with its scrolling box)."""
    return render("table", mode, project_root, table=table)


def title_html(doc: Document, mode: str = "class", project_root=None) -> str:
    """The ``<h1>`` title."""
    return render("title", mode, project_root, doc=doc)


def lead_html(doc: Document, mode: str = "class", project_root=None) -> str:
    """The lead paragraph (导语), '' when the report has none."""
    return render("lead", mode, project_root, doc=doc)


def opening_html(doc: Document, mode: str = "class", project_root=None) -> str:
    """What the report opens with: the title, then the lead paragraph."""
    return title_html(doc, mode, project_root) + lead_html(doc, mode, project_root)


def section_html(section: Section, mode: str = "class", project_root=None) -> str:
    """One section with its ``<h2>`` heading."""
    return render("section", mode, project_root, section=section)


def signoff_html(doc: Document, mode: str = "class", project_root=None) -> str:
    """Agency and date, right-aligned."""
    return render("signoff", mode, project_root, doc=doc)


def article_html(doc: Document, mode: str = "class", project_root=None) -> str:
    """The whole report as one ``<article>``."""
    return render("document", mode, project_root, doc=doc)


def fragment_html(doc: Document, project_root=None) -> str:
    """The CMS fragment: the ``<article>`` alone, every style inline, no ``<style>``."""
    return article_html(doc, "inline", project_root)


def clear_cache() -> None:
    """Forget loaded templates (after a project's templates changed)."""
    _environment.cache_clear()

