"""``json_text.dumps`` writes exactly what ``json.dumps(…, indent=…, ensure_ascii=False)`` writes."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gk_helpers.base.json_text import dumps

SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
           | st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=("Cs",))))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner)
                      | st.dictionaries(st.text(max_size=6), inner, max_size=5), max_leaves=40)


def _standard(value, indent, sort_keys):
    return json.dumps(value, indent=indent, sort_keys=sort_keys, ensure_ascii=False)


@settings(max_examples=400, deadline=None)
@given(VALUES, st.integers(0, 3), st.booleans())
def test_the_same_text_as_the_standard_library(value, indent, sort_keys):
    assert dumps(value, indent, sort_keys) == _standard(value, indent, sort_keys)


def test_an_executed_notebook_shape():
    notebook = {"cells": [{"cell_type": "code", "execution_count": 3, "metadata": {"tags": []}, "outputs": [
        {"data": {"text/html": ["<p>一</p>\n", "<p>\"二\"\t</p>"], "application/json": {"rows": [[1, 2.5, None, True]]}},
         "metadata": {}, "output_type": "display_data"}], "source": ["gk.show_section(ctx, 3)"]}],
        "metadata": {"papermill": {"duration": 0.25, "exception": None}}, "nbformat": 4, "nbformat_minor": 5}
    assert dumps(notebook, 1, True) == _standard(notebook, 1, True)
    assert dumps(notebook, 1, True).splitlines()[:4] == ['{', ' "cells": [', '  {', '   "cell_type": "code",']


@pytest.mark.parametrize("value", [{1: "a", "b": 2}, {"when": math.inf, "none": {None: 1}}, [{2: [3]}]])
def test_keys_that_are_not_text_are_left_to_the_standard_library(value):
    assert dumps(value, 2) == _standard(value, 2, False)


def test_what_json_cannot_write_fails_as_the_standard_library_fails():
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps({"a": [1, {2, 3}]}, 1)
