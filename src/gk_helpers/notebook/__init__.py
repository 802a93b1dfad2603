"""What a report notebook calls: ``from gk_helpers import notebook as gk; ctx = gk.prepare(...)``.

The notebook layer turns a params file into a report context (``context``): the params and their
prose (``params``), last year's published figures (``previous``), the prose checks (``prose_review``)
and the project scaffolding of ``gk init`` (``project``); ``gk.county(县[, 年度])`` reads every township
of a county into the same frames (``county``).
"""

from ..render.fonts import use_cjk_fonts
from .context import (
    ReportContext,
    emit_data,
    panel,
    prepare,
    refuse_params_yaml,
    report_dict,
    show_panel,
    show_section,
    show_signoff,
    show_title,
)
from .county import CountyView, county

__all__ = ["CountyView", "ReportContext", "county", "emit_data", "panel", "prepare", "refuse_params_yaml", "report_dict",
           "show_panel", "show_section", "show_signoff", "show_title", "use_cjk_fonts"]
