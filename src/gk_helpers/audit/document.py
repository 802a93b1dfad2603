"""A published report as read: its text lines and tables in document order, whatever the file type."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..base.bounds import NotRegular, read_regular, regular_problem
from ..base.errors import AuditError
from .bounds import MAX_FILE_BYTES, TooLarge, file_too_large
from .grid import Grid

_DAMAGED = {
    ".pdf": "不是有效的 PDF 文件（已损坏、不完整或加密），无法读取。",
    ".docx": "不是有效的 Word 文件（已损坏或不完整；旧版 .doc 请先在 Word 中另存为 .docx），无法读取。",
    ".html": "网页文件已损坏，无法读取。",
}
#: File types ``gk audit`` reads, by suffix.
SUFFIXES = (".html", ".htm", ".shtml", ".pdf", ".docx")


@dataclass
class Document:
    """Blocks in reading order: a ``str`` is one line of text, a ``Grid`` one table."""

    path: Path
    kind: str  # html | pdf | docx
    blocks: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader had to say: a wrong encoding, tables left out

    @property
    def tables(self) -> list[Grid]:
        """The tables in document order."""
        return [b for b in self.blocks if isinstance(b, Grid)]

    @property
    def lines(self) -> list[str]:
        """The text lines outside tables, in order."""
        return [b for b in self.blocks if isinstance(b, str)]


def read_document(path: str | Path) -> Document:
    """Read an HTML page, a PDF or a DOCX into a ``Document``; ``AuditError`` names the file and the reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise AuditError(f"{path}：不支持的文件类型「{path.suffix or '无扩展名'}」，只能读取 HTML（.html/.htm）、PDF（.pdf）和 Word（.docx）文件。")
    kind = "pdf" if suffix == ".pdf" else "docx" if suffix == ".docx" else "html"
    problem = regular_problem(path)
    if problem:  # a named pipe is never opened: reading it would wait forever
        raise AuditError(f"{path}：文件不存在或不是普通文件。" if problem == "不存在" else f"{path}：是{problem}，不是报告文件，未读取。")
    try:
        data, size = read_regular(path, MAX_FILE_BYTES[kind])
    except NotRegular as exc:
        raise AuditError(f"{path}：是{exc}，不是报告文件，未读取。") from None
    except OSError as exc:
        raise AuditError(f"{path}：无法读取文件（{exc.strerror or exc}）。") from exc
    if file_too_large(size, kind):
        raise AuditError(f"{path}：{file_too_large(size, kind)}。")
    if not data.strip():
        raise AuditError(f"{path}：文件为空。")
    notes: list[str] = []
    try:
        if kind == "pdf":
            from .read_pdf import read_pdf

            blocks = read_pdf(path, notes)
        elif kind == "docx":
            from .read_docx import read_docx

            blocks = read_docx(path, notes)
        else:
            from .read_html import read_html

            blocks = read_html(data, notes)
    except TooLarge as exc:
        raise AuditError(f"{path}：{exc}。") from None
    except AuditError as exc:
        if not str(exc).startswith(str(path)):
            raise AuditError(f"{path}：{exc}") from None
        raise
    except Exception as exc:  # a damaged file of any kind: say which file, in the user's words
        raise AuditError(f"{path}：{_DAMAGED[suffix if suffix in _DAMAGED else '.html']}") from exc
    for i, table in enumerate(b for b in blocks if isinstance(b, Grid)):
        table.index = i + 1
    return Document(path, kind, blocks, notes)
