"""What a report notebook calls: ``from gk_helpers import notebook as gk; ctx = gk.prepare(...)``.

The notebook layer turns a params file into a report context (``context``): the params and their
prose (``params``), last year's published figures (``previous``), the prose checks (``prose_review``)
and the project scaffolding of ``gk init`` (``project``).
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

__all__ = ["ReportContext", "emit_data", "panel", "prepare", "refuse_params_yaml", "report_dict", "show_panel",
           "show_section", "show_signoff", "show_title", "use_cjk_fonts"]
