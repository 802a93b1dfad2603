"""The source hash in every output and in the batch's fingerprints covers the whole kit, not one subpackage."""

import shutil

import gk_helpers
from gk_helpers.report import provenance


def test_the_hash_covers_every_subpackage_and_the_templates():
    package = provenance.KIT_PACKAGE
    assert package == provenance.Path(gk_helpers.__file__).resolve().parent
    covered = {path.relative_to(package).parts[0] for path in provenance.kit_files()}
    subpackages = {p.name for p in package.iterdir() if (p / "__init__.py").is_file()}
    assert subpackages <= covered and {"ledger", "batch", "render", "audit", "base"} <= subpackages
    assert any(path.suffix == ".j2" for path in provenance.kit_files())


def test_an_edit_anywhere_in_the_kit_changes_the_hash(tmp_path, monkeypatch):
    """After the modules moved into subpackages the hash covered report/ alone: an edited ledger reader left every
    batch output "unchanged" (stamped with the same fingerprint)."""
    copy = tmp_path / "gk_helpers"
    shutil.copytree(provenance.KIT_PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(provenance, "KIT_PACKAGE", copy)
    before = provenance.source_hash.__wrapped__()
    reader = copy / "ledger" / "readers.py"
    reader.write_text(reader.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert provenance.source_hash.__wrapped__() != before
