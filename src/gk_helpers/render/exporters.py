"""The nbconvert side of the report pages: the template's preprocessor and the two exporters.

``PublicExporter`` (``jupyter nbconvert --to gk-report``) renders the public page,
``ReviewExporter`` (``--to gk-review``) the review page, both with the ``gk-report`` template
of ``templates/``; its conf.json registers ``PagePreprocessor``, so ``--to html --template
gk-report`` (the template under the Jupyter data path) gives the public page as well.
"""

from __future__ import annotations

from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from traitlets import Bool, default
from traitlets.config import Config

from .notebook_outputs import notebook_data, notebook_title, templates_dir
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
        data = notebook_data(nb) if self.review else None
        if isinstance(data, dict) and "checks" in data:
            from .panel import summary_html

            resources["gk_summary"] = summary_html(data)
        return nb, resources


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


class ReviewExporter(PublicExporter):
    """The review page: the report with its reviewer panel and every count cell linked to its cases."""

    export_from_notebook = "政府信息公开年度报告（审核版）"
    file_extension = ".review.html"

    @property
    def default_config(self):
        config = Config({"PagePreprocessor": {"review": True}})
        config.merge(super().default_config)
        return config
