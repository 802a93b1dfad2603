"""The real-document corpus: published reports rebuilt in their original forms, with answer keys.

Each document's facts (every printed cell, label, heading and title line; prose restated
keeping its figures) are in ``docs_*.py``; ``build`` writes each in the form it was published —
a site page with the site's chrome (``cms``), a WPS PDF (``wps``), a Chromium-printed PDF
(``printout``), a Word file and its LibreOffice PDF (``word``). ``answers/<id>.json`` is the
answer key read by hand from the original; SOURCES.md says where each came from.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import cms, docs_others, docs_pingtan, docs_shuyang, printout, saved, word, wps
from .model import Report

DOCUMENTS: tuple[Report, ...] = docs_pingtan.DOCUMENTS + docs_others.DOCUMENTS + docs_shuyang.DOCUMENTS
BY_ID = {doc.id: doc for doc in DOCUMENTS}
#: Last year's report of the same agency in the corpus (for R5, C1, C2).
PREVIOUS = {"pt-2021": "pt-2020", "pt-2022": "pt-2021", "pt-2023": "pt-2022", "pt-2024": "pt-2023",
            "pt-2025": "pt-2024"}
ANSWERS = Path(__file__).parent / "answers"
_PAGES = {"cms-pingtan": cms.pingtan_page, "cms-shanghai": cms.shanghai_page, "saved-shuyang": saved.shuyang_saved_page}


def answer(doc_id: str) -> dict:
    """The hand-read answer key of one document."""
    return json.loads((ANSWERS / f"{doc_id}.json").read_text(encoding="utf-8"))


def build(folder: Path) -> dict[str, Path]:
    """Write every document into ``folder``; returns form id → file: the document's id for the form it was
    published in, ``<id>.docx`` / ``<id>.pdf`` for the further forms a document lists in ``extra["also"]``."""
    files: dict[str, Path] = {}
    printed = []
    for doc in DOCUMENTS:
        if doc.producer in _PAGES:
            path = folder / f"{doc.id}.html"
            path.write_text(_PAGES[doc.producer](doc), encoding="utf-8")
            files[doc.id] = path
        elif doc.producer == "wps":
            files[doc.id] = wps.wps_pdf(doc, folder / f"{doc.id}.pdf")
        elif doc.producer == "chromium":
            printed.append(doc)
        elif doc.producer == "docx":
            files[doc.id] = word.docx_file(doc, folder / f"{doc.id}.docx")
        elif doc.producer == "docx-pdf":  # published as the PDF only; its Word file is scratch
            scratch = folder / "word"
            scratch.mkdir(exist_ok=True)
            pdf = word.libreoffice_pdf(word.docx_file(doc, scratch / f"{doc.id}.docx"), scratch)
            files[doc.id] = pdf.rename(folder / pdf.name)
        else:
            raise ValueError(f"{doc.id}: unknown producer {doc.producer}")
        if "docx" in doc.extra.get("also", ()):
            files[f"{doc.id}.docx"] = word.docx_file(doc, folder / f"{doc.id}.docx")
            if "pdf" in doc.extra["also"]:
                files[f"{doc.id}.pdf"] = word.libreoffice_pdf(files[f"{doc.id}.docx"], folder)
    for doc, path in zip(printed, printout.chromium_pdfs(printed, folder)):
        files[doc.id] = path
    return files
