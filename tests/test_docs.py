"""The docs generated from the library's data are up to date, and the README's commands stay true."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location("generate_docs", ROOT / "tools" / "generate_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_docs_are_committed_up_to_date(tmp_path):
    generator = _generator()
    generator.main(tmp_path)
    for name in generator.DOCS:
        assert (ROOT / "docs" / name).read_text(encoding="utf-8") == (tmp_path / name).read_text(encoding="utf-8"), (
            f"docs/{name} is stale: run python tools/generate_docs.py")


def test_readme_points_at_the_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in _generator().DOCS:
        assert f"docs/{name}" in readme
