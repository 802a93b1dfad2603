"""A check's evidence as the reviewer reads it: a small table or a sentence, never JSON."""

from __future__ import annotations

from html import escape


def _cell(value) -> str:
    if value is None or value == "":
        return "—"
    return escape(str(value))


def evidence_html(evidence: dict | None) -> str:
    """``{"columns", "rows"}`` as a table, ``{"text"}`` as a paragraph, nothing as an empty string."""
    if not evidence:
        return ""
    if "text" in evidence:
        return f'<p class="gk-evidence">{escape(evidence["text"])}</p>'
    head = "".join(f"<th>{escape(str(c))}</th>" for c in evidence["columns"])
    body = "".join("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in evidence["rows"])
    return f'<table class="gk-evidence"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def evidence_text(evidence: dict | None) -> list[str]:
    """The same evidence as plain text lines (for ``gk check`` in a terminal)."""
    if not evidence:
        return []
    if "text" in evidence:
        return [evidence["text"]]
    lines = ["｜".join(str(c) for c in evidence["columns"])]
    lines += ["｜".join("—" if v in (None, "") else str(v) for v in row) for row in evidence["rows"]]
    return lines
