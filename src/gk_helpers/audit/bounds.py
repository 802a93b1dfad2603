"""What a published document may be before (and while) its reader runs: size, nesting, tables, package.

A report is a few pages: its HTML is well under a megabyte, its tables hold hundreds of cells. A page
of 43 KB whose cells say ``rowspan=500 colspan=100`` expands to millions of grid positions; a 41 KB
Word file with ``gridSpan w:val=50000000`` to billions. So the file's size is checked before it is read,
HTML nesting while it is walked, each table's expanded area before it is built (a table past the cap
is left out with a note, the rest of the document is read) and the whole document's cells against a
budget (past it the document is refused). A Word package's members are sized like a workbook's.
Everything else — a reader that still takes too much — is the containment's (``contain``).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..base.archive import PackageLimits, megabytes, oversize

#: The largest file read, by kind (bytes): saved pages with inline images, PDFs with embedded fonts.
MAX_FILE_BYTES = {"html": 20 * 1024 * 1024, "pdf": 50 * 1024 * 1024, "docx": 50 * 1024 * 1024}
#: The deepest nesting of HTML elements walked (report pages nest a few dozen deep).
MAX_NESTING = 256
#: The most grid positions one table may expand to (section 三 of 2021 has about 400).
MAX_TABLE_CELLS = 10_000
#: The most grid positions all tables of one document may expand to.
MAX_DOCUMENT_CELLS = 200_000
#: A Word package: each member at most 50 MB, all at most 100 MB; the document body at most 20 MB.
DOCX_LIMITS = PackageLimits(member=50 * 1024 * 1024, total=100 * 1024 * 1024)
MAX_DOCX_BODY_BYTES = 20 * 1024 * 1024


class TooLarge(ValueError):
    """A document (or one table of it) is past a bound; the text is the Chinese reason, without the file."""


def table_too_large(cells: int | None = None) -> TooLarge:
    """One table past ``MAX_TABLE_CELLS`` (its reader leaves it out with a note); ``cells`` when known."""
    size = f"有 {cells:,} 个单元格，超过上限 {MAX_TABLE_CELLS:,} 个" if cells else f"超过 {MAX_TABLE_CELLS:,} 个单元格的上限"
    return TooLarge(f"表格展开后{size}，不像年度报告的表格，未读取")


@dataclass
class Budget:
    """The grid positions a document's tables have used; notes on tables left out."""

    cells: int = 0
    tables: int = 0
    notes: list[str] = field(default_factory=list)

    def skipped(self, error: TooLarge) -> None:
        """A table left out (past ``MAX_TABLE_CELLS``): a note names it."""
        self.tables += 1
        self.notes.append(f"第{self.tables}个表格：{error}。")

    def spend(self, cells: int) -> None:
        """Count a table's positions; ``TooLarge`` once the document's are past ``MAX_DOCUMENT_CELLS``."""
        self.tables += 1
        self.cells += cells
        if self.cells > MAX_DOCUMENT_CELLS:
            raise TooLarge(f"文件中的表格展开后共有超过 {MAX_DOCUMENT_CELLS:,} 个单元格，不像年度报告，未读取")


def file_too_large(size: int, kind: str) -> str:
    """Why a file of ``size`` bytes is not read as ``kind``, or ""."""
    limit = MAX_FILE_BYTES[kind]
    if size <= limit:
        return ""
    return f"文件有 {megabytes(size)} MB，超过上限 {megabytes(limit)} MB，不像年度报告，未读取"


def docx_problem(path: Path) -> str:
    """Why a Word package is not opened (a member or the sum too large, the body too large), or ""."""
    try:
        with zipfile.ZipFile(path) as archive:
            found = oversize(archive, DOCX_LIMITS, "Word 文件")
            if found is not None:
                return f"{found.reason}，未读取"
            body = next((i for i in archive.infolist() if i.filename == "word/document.xml"), None)
            if body is not None and body.file_size > MAX_DOCX_BODY_BYTES:
                return (f"Word 文件的正文（word/document.xml）解压后有 {megabytes(body.file_size)} MB，超过上限 "
                        f"{megabytes(MAX_DOCX_BODY_BYTES)} MB，未读取")
    except (OSError, zipfile.BadZipFile, ValueError):
        return ""  # not an archive: the reader says the file is damaged
    return ""
