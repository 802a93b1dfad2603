"""Rendering: the report's document model (model), its HTML through Jinja2 templates (html, styles, tables),
Word (word), Excel (excel), PDF (pdf), the choice of output files (outputs), the reviewer panel, the nbconvert
export and the terminal text view."""
