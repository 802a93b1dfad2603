"""The nbconvert side of the report pages: the template's preprocessor and the two exporters.

``PublicExporter`` (``jupyter nbconvert --to gk-report``) renders the public page,
``ReviewExporter`` (``--to gk-review``) the review page, both with the ``gk-report`` template
of ``templates/``; its conf.json registers ``PagePreprocessor``, so ``--to html --template
gk-report`` (the template under the Jupyter data path) gives the public page as well.

Both exporters take a short way when they can (``page.assemble`` and ``page.normalize``: the same
bytes without nbconvert's copy, preprocessors and BeautifulSoup pass, a tenth of the time) and
nbconvert's own way for anything else — a notebook with other kinds of output, markup the short
way does not cover, or preprocessors a user configured.
"""

from __future__ import annotations

from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, default
from traitlets.config import Config

from .notebook_outputs import notebook_data, notebook_title, templates_dir
from .page import assemble, frame, normalize
from .styles import stylesheet


class PagePreprocessor(Preprocessor):
    """Give the gk-report template its stylesheet, the report title and which page it renders."""

    review = Bool(False, help="Render the review page (panel and case links) instead of the public page.").tag(config=True)

    def preprocess(self, nb, resources):
        """Set ``gk_css``, ``gk_title`` (unless given), ``gk_review`` and, for the review page, ``gk_summary``
        (what needs the reviewer, at the top); the notebook is unchanged."""
        resources["gk_css"] = stylesheet()
        resources["gk_title"] = resources.get("gk_title") or notebook_title(nb)
        resources["gk_review"] = bool(self.review)
        summary = review_summary(nb) if self.review else ""
        if summary:
            resources["gk_summary"] = summary
        return nb, resources


def review_summary(nb) -> str:
    """The review page's summary (``panel.summary_html``) from the report's data, '' when there is none."""
    data = notebook_data(nb)
    if not (isinstance(data, dict) and "checks" in data):
        return ""
    from .panel import summary_html

    return summary_html(data)


class PublicExporter(HTMLExporter):
    """The public report page: the notebook's HTML outputs, no code, no panel."""

    export_from_notebook = "政府信息公开年度报告（公开版）"

    @default("template_name")
    def _template_name_default(self):
        return "gk-report"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self):
        return [str(templates_dir())]

    @default("template_extension")
    def _template_extension_default(self):
        return ".html.j2"

    @default("exclude_input")
    def _exclude_input_default(self):
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self):
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self):
        return True

    review = False  # which page ``PagePreprocessor`` is told to render

    def from_notebook_node(self, nb, resources=None, **kw):
        """The page: the short way (``page``) when it gives the same bytes, else nbconvert's."""
        if not self._configured():
            resources = self._init_resources(resources)
            title = resources.get("gk_title") or notebook_title(nb)
            summary = review_summary(nb) if self.review else ""
            body = assemble(nb, *frame(self.template, title, stylesheet(), self.review, summary), self.review)
            body = normalize(body) if body is not None else None
            if body is not None:
                return body, resources
        return super().from_notebook_node(nb, resources, **kw)

    def _configured(self) -> bool:
        """Whether a user configured preprocessors that could change the page (then nbconvert runs them)."""
        config = self.config
        return bool(self.preprocessors or config.TagRemovePreprocessor.get("remove_cell_tags")
                    or config.TagRemovePreprocessor.get("remove_all_outputs_tags")
                    or config.TagRemovePreprocessor.get("remove_single_output_tags")
                    or config.RegexRemovePreprocessor.get("patterns"))


class ReviewExporter(PublicExporter):
    """The review page: the report with its reviewer panel and every count cell linked to its cases."""

    export_from_notebook = "政府信息公开年度报告（审核版）"
    file_extension = ".review.html"
    review = True

    @property
    def default_config(self):
        config = Config({"PagePreprocessor": {"review": True}})
        config.merge(super().default_config)
        return config
