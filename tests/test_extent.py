"""``extent``: the rectangle of a sheet's cell references, found with numpy, is the one a plain scan finds.

The numpy scan is written for speed (it runs over a 45 MB sheet before any reader allocates); a
regular expression over the same bytes, slow but obvious, is the reference it must match on any XML.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gk_helpers.ledger.extent import Extent, column_letters, extent

_REF = re.compile(rb"""[ \t\n\r]r=["']([A-Z]{0,4})([0-9]{0,8})""")


def reference_extent(xml: bytes) -> Extent | None:
    """Every ``r="…"`` attribute by a regular expression; valued cells without one widen the rectangle by a column."""
    refs = [(m.group(1), m.group(2)) for m in _REF.finditer(xml)]
    cells = [(letters, digits) for letters, digits in refs if letters and digits]
    unplaced = max(0, xml.count(b"</c>") + xml.count(b":c>") - len(cells))
    counted = cells + ([(b"", digits) for letters, digits in refs if not letters and digits] if unplaced else [])
    if not counted:
        return None
    rows = [int(digits) for _, digits in counted]
    columns = [_number(letters) for letters, _ in counted if letters]
    first_col, last_col = (min(columns), max(columns)) if columns else (1, 1)
    return Extent(min(rows), max(rows), first_col, last_col + unplaced)


def _number(letters: bytes) -> int:
    value = 0
    for letter in letters:
        value = value * 26 + letter - ord("A") + 1
    return value


def cell(row: int, column: int, quote: str, space: str, prefix: str) -> str:
    return f'<{prefix}c{space}r={quote}{column_letters(column)}{row}{quote} t="s"><{prefix}v>1</{prefix}v></{prefix}c>'


TOKENS = st.one_of(
    st.builds(cell, st.integers(1, 1_048_576), st.integers(1, 16_384), st.sampled_from(['"', "'"]), st.sampled_from([" ", "\n", "\t"]),
              st.sampled_from(["", "x:"])),
    st.builds(lambda r: f'<row r="{r}">', st.integers(1, 1_048_576)),
    st.sampled_from(["</row>", "<c><v>2</v></c>", "<c t='s'><v>3</v></c>", "<x:c><x:v>4</x:v></x:c>", "junk r=", 'r="', " r=\"AAAAA1\"",
                     " r=\"A\"", " r=\"12345678901\"", "<c/>", "</c>", "<v>r=\"B2\"</v>", " r='ZZ9'"]),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(TOKENS, max_size=30), st.sampled_from(["", "<worksheet><sheetData>"]), st.sampled_from(["", "</sheetData></worksheet>"]))
def test_numpy_extent_is_the_plain_scans(tokens, head, tail):
    xml = (head + "".join(tokens) + tail).encode()
    if len(xml) < 8:
        assert extent(xml) is None
        return
    assert extent(xml) == reference_extent(xml)


def test_a_far_cell_sets_the_extent():
    xml = b'<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="E2"><v>1</v></c></row>' + \
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
    assert extent(xml) == Extent(1, 1_048_576, 1, 16_384)
    assert extent(xml).cells == 1_048_576 * 16_384
