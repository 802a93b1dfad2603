"""Which files a report leaves, chosen with ``--formats``, and their contents from the document model.

``html`` (the public page) is always written, with the ``.json``, the executed ``.ipynb`` and the
review page; ``fragment``, ``docx``, ``pdf`` and ``xlsx`` are added on request. Every format is
rendered from the one ``Document`` the notebook emitted; the batch writes the contents atomically.
"""

from __future__ import annotations

from pathlib import Path

from ..base.errors import ParamsError, RenderError
from .model import Document

#: Format key → file suffix after the township name, in the order they are written.
FORMATS = {"html": ".html", "fragment": ".fragment.html", "docx": ".docx", "pdf": ".pdf", "xlsx": ".xlsx"}
DEFAULT_FORMATS = ("html",)
#: What each format is, for help texts and the index.
FORMAT_LABELS = {"html": "网页", "fragment": "网站栏目片段", "docx": "Word", "pdf": "PDF", "xlsx": "Excel"}


def parse_formats(text: str | None) -> tuple[str, ...]:
    """``"html,docx"`` → ``("html", "docx")`` in canonical order, html always included; a Chinese error for unknown names."""
    names = [n.strip().lower() for n in (text or "").split(",") if n.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise ParamsError(f"未知的输出格式「{'、'.join(unknown)}」。可选：{','.join(FORMATS)}（用逗号分隔，如 --formats html,docx,pdf）。")
    return tuple(f for f in FORMATS if f == "html" or f in names)


def available(formats) -> tuple[tuple[str, ...], list[str]]:
    """The formats that can be made on this machine, and the note for each left out (PDF without WeasyPrint's libraries)."""
    from .pdf import PdfEngineMissing, engine

    if "pdf" not in formats:
        return tuple(formats), []
    try:
        engine()
    except PdfEngineMissing as exc:
        return tuple(f for f in formats if f != "pdf"), [str(exc)]
    return tuple(formats), []


def extra_paths(html: Path, formats) -> dict[str, Path]:
    """The files of the formats beyond html, next to the public page ``<township>.html``."""
    stem = html.name[: -len(".html")]
    return {f: html.with_name(stem + FORMATS[f]) for f in formats if f != "html"}


def render_format(fmt: str, document: Document, project_root: Path | None = None, page: str = "") -> bytes | str:
    """The content of one format (``PdfEngineMissing`` or ``RenderError`` when a PDF cannot be made).

    ``page`` is the public page ``<township>.html`` as written: the PDF is that page printed.
    """
    if fmt == "fragment":
        from .html import fragment_html

        return fragment_html(document, project_root)
    if fmt == "docx":
        from .word import docx_bytes

        return docx_bytes(document)
    if fmt == "xlsx":
        from .excel import report_xlsx

        return report_xlsx(document)
    if fmt == "pdf":
        from .pdf import pdf_bytes

        if not page:
            raise ValueError("the PDF is printed from the public page: pass page=")
        return pdf_bytes(page)
    raise ValueError(fmt)


def render_formats(document: Document, html: Path, formats, project_root: Path | None = None,
                   timings: dict | None = None, page: str = "") -> dict[Path, bytes | str]:
    """Path → content of every requested format beyond html (call ``available`` first to drop what cannot be made).

    ``page``: the public page's HTML (the text of ``html``), which the PDF prints.
    """
    import time

    contents = {}
    for fmt, path in extra_paths(html, formats).items():
        began = time.perf_counter()
        try:
            contents[path] = render_format(fmt, document, project_root, page)
        except RenderError:
            raise
        except Exception as exc:  # noqa: BLE001 - a template or writer failure becomes the report's Chinese reason
            raise RenderError(f"生成{FORMAT_LABELS[fmt]}文件 {path.name} 失败（{type(exc).__name__}: {exc}）") from exc
        if timings is not None:
            timings[fmt] = timings.get(fmt, 0.0) + time.perf_counter() - began
    return contents
