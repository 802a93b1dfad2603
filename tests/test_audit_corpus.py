"""The real-document corpus: published reports nobody here wrote, read against their answer keys.

Twelve reports of six agencies (tests/corpus/SOURCES.md) are rebuilt in the form they were
published — site pages with their chrome, a page someone saved, WPS-style and Chromium PDFs, Word
files and a LibreOffice PDF — and each is audited: every cell (blank cells ``None``), the agency, year
and layout, and every check's verdict must be the answer key's, read by hand from the original.
"""

from __future__ import annotations

import json

import corpus
import pytest
from corpus.model import row_keys

from gk_helpers.audit.previous import read_previous
from gk_helpers.audit.run import audit_file
from gk_helpers.base.formats import SECTION2_BLOCKS, section3_rows

#: Every published form: the document's id, or "<id>.pdf" for a second form of the same report.
FORMS = sorted([doc.id for doc in corpus.DOCUMENTS] + [f"{doc.id}.{form}" for doc in corpus.DOCUMENTS for form in doc.extra.get("also", ())])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return corpus.build(tmp_path_factory.mktemp("corpus"))


def _audit(built, form: str):
    doc_id = form.split(".")[0]
    previous = corpus.PREVIOUS.get(doc_id)
    return audit_file(built[form], previous=read_previous(built[previous]) if previous else None).to_dict()


def test_every_form_is_built(built):
    assert sorted(built) == FORMS


def test_the_corpus_is_what_the_issue_asks_for():
    docs = corpus.DOCUMENTS
    assert len(docs) >= 12
    assert len({doc.agency for doc in docs}) >= 6
    assert {doc.layout for doc in docs} == {"2019", "2021"}
    assert {doc.producer for doc in docs} >= {"wps", "chromium", "docx", "docx-pdf", "cms-pingtan", "saved-shuyang"}
    sources = (corpus.ANSWERS.parent / "SOURCES.md").read_text(encoding="utf-8")
    for doc in docs:
        assert f"`{doc.id}`" in sources, doc.id


@pytest.mark.parametrize("form", FORMS)
def test_reads_every_cell_agency_year_and_layout_as_the_key(built, form):
    key = corpus.answer(form.split(".")[0])
    got = _audit(built, form)
    assert (got["agency"], got["year"], got["layout"]) == (key["agency"], key["year"], key["layout"])
    assert got["section2"] == key["section2"]
    assert got["section3"] == key["section3"]
    assert got["section4"] == key["section4"]


@pytest.mark.parametrize("form", FORMS)
def test_every_verdict_is_the_keys(built, form):
    key = corpus.answer(form.split(".")[0])
    got = {c["id"]: c["status"] for c in _audit(built, form)["checks"]}
    assert got == key["checks"]


def _value(text: str):
    if text == "":
        return None
    if text.endswith("元"):  # an amount typed in 元 is read in the official column's 万元
        return round(float(text[:-1]) / 10000, 8)
    text = text.split("（")[0]  # a number with a note in the cell: 「22（其中修订16件）」 is 22
    return float(text) if "." in text else int(text)


@pytest.mark.parametrize("doc", corpus.DOCUMENTS, ids=lambda d: d.id)
def test_the_two_readings_agree(doc):
    """The facts the documents are built from and the answer key were each read from the original: they agree."""
    key = corpus.answer(doc.id)
    assert key["id"] == doc.id and key["year"] == doc.year and key["layout"] == doc.layout
    assert key["previous"] == corpus.PREVIOUS.get(doc.id)
    assert [row for row, _ in key["section3"]] == [row.label for row in section3_rows(doc.layout)]
    assert [cells for _, cells in key["section3"]] == [[_value(c) for c in r.cells] for r in doc.s3]
    assert len(doc.s3) == len(row_keys(doc.layout))
    assert key["section4"] == [_value(c) for c in doc.s4]
    s2_layout = "2021" if len(doc.s2) == 4 else "2019"
    printed = {official.item: {label: [_value(c) for c in cells] for (label, _), (_, cells) in zip(official.rows, block.rows)}
               for official, block in zip(SECTION2_BLOCKS[s2_layout], doc.s2)}
    assert {item: block["rows"] for item, block in key["section2"].items()} == printed
    assert set(key["why"]) <= {cid for cid, status in key["checks"].items() if status != "通过"}


def test_keys_are_json_with_one_row_a_line():
    for path in sorted(corpus.ANSWERS.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        assert json.loads(text)["id"] == path.stem
        assert text.count("\n") < 60, path.name
