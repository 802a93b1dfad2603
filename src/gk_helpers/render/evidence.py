"""A check's evidence as a reader sees it: a small table or a sentence, never JSON.

Evidence is plain data (the contract of api-11): ``{"columns": [...], "rows": [[...], ...]}``
for a table, ``{"text": "…"}`` for a sentence. Checks that only carry ``numbers`` get their
evidence derived here, so every check reads the same way.
"""

from __future__ import annotations

from .numbers import number


def from_numbers(numbers: dict, list_columns: dict[int, tuple] | None = None) -> dict | None:
    """Evidence from a check's ``numbers``.

    ``{row: {col: v}}`` → a table; ``{row: [v, …]}`` → a table whose column names come from
    ``list_columns`` (by list length, e.g. 7 → the section 三 columns); ``{name: v}`` → a sentence.
    """
    if not numbers:
        return None
    values = list(numbers.values())
    if all(isinstance(v, dict) for v in values):
        columns = list(dict.fromkeys(k for v in values for k in v))
        return {"columns": ["", *columns], "rows": [[row, *(v.get(c) for c in columns)] for row, v in numbers.items()]}
    lengths = {len(v) for v in values if isinstance(v, (list, tuple))}
    if len(lengths) == 1 and all(isinstance(v, (list, tuple)) for v in values):
        width = lengths.pop()
        columns = list((list_columns or {}).get(width) or (f"第{i}栏" for i in range(1, width + 1)))
        return {"columns": ["", *columns], "rows": [[row, *v] for row, v in numbers.items()]}
    parts = []
    for name, value in numbers.items():
        if isinstance(value, dict):
            value = "，".join(f"{k} {_text(v)}" for k, v in value.items())
        parts.append(f"{name} {_text(value)}")
    return {"text": "；".join(parts) + "。"}


def _text(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, (list, tuple)):
        return "、".join(_text(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return number(value)
    return str(value)


def evidence_html(evidence: dict | None) -> str:
    """A table (first column as row headers when its header is blank) or a paragraph; '' for none.

    Markup: ``review/evidence.html.j2``.
    """
    if not evidence:
        return ""
    from .html import part

    if "text" in evidence:
        return part("review/evidence", text=evidence["text"])
    columns = evidence["columns"]
    rows = [[{"text": _text(v), "num": isinstance(v, (int, float)) and not isinstance(v, bool)} for v in row]
            for row in evidence["rows"]]
    return part("review/evidence", text=None, columns=[str(c) for c in columns],
                row_headers=bool(columns) and columns[0] == "", rows=rows)


def evidence_text(evidence: dict | None) -> list[str]:
    """The same evidence as plain text lines (for ``gk check`` in a terminal)."""
    if not evidence:
        return []
    if "text" in evidence:
        return [evidence["text"]]
    lines = ["｜".join(str(c) for c in evidence["columns"])]
    lines += ["｜".join(_text(v) for v in row) for row in evidence["rows"]]
    return lines
