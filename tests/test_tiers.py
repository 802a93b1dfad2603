"""The slow tier (tests/conftest.py) names real test modules and functions, so the quick tier stays honest."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ALL, SLOW, SLOW_FIXTURES

TESTS = Path(__file__).resolve().parent


def _test_functions(module: str) -> set[str]:
    tree = ast.parse((TESTS / f"{module}.py").read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}


def test_every_slow_entry_is_a_real_test():
    for module, names in SLOW.items():
        assert (TESTS / f"{module}.py").is_file(), module
        if names is not ALL:
            assert set(names) <= _test_functions(module), (module, set(names) - _test_functions(module))


def test_every_slow_fixture_is_a_real_fixture():
    for module, fixtures in SLOW_FIXTURES.items():
        tree = ast.parse((TESTS / f"{module}.py").read_text(encoding="utf-8"))
        defined = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)
                   and any("fixture" in ast.unparse(d) for d in node.decorator_list)}
        assert fixtures <= defined, (module, fixtures - defined)
