"""The pipeline's layers hold (import-linter's contracts in pyproject.toml), and a broken layer is caught."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess:
    """``lint-imports`` over the package under ``root/src`` with ``root/pyproject.toml``'s contracts."""
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run([str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"], cwd=root, env=env,
                          capture_output=True, text=True)


@pytest.fixture()
def tree(tmp_path):
    """A copy of the project's package and contracts to break."""
    shutil.copytree(ROOT / "src" / "gk_helpers", tmp_path / "src" / "gk_helpers",
                    ignore=shutil.ignore_patterns("__pycache__", "notebooks"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_kit_keeps_its_layers_and_has_no_cycles():
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout
    assert "Contracts: 2 kept, 0 broken." in done.stdout


@pytest.mark.parametrize(("module", "line", "broken"), [
    # a lazy import inside a function counts too: base may not reach up to the batch
    ("base/paths.py", "def _up():\n    from ..batch import run  # noqa: F401\n",
     "gk_helpers.base is not allowed to import gk_helpers.batch"),
    ("ledger/schema.py", "from ..count import tables  # noqa: F401\n",
     "gk_helpers.ledger is not allowed to import gk_helpers.count"),
    ("render/tables.py", "from ..audit import labels  # noqa: F401\n",
     "gk_helpers.render is not allowed to import gk_helpers.audit"),
])
def test_a_lower_layer_importing_a_higher_one_breaks_the_contract(tree, module, line, broken):
    path = tree / "src" / "gk_helpers" / module
    path.write_text(path.read_text() + "\n\n" + line)
    done = lint(tree)
    assert done.returncode == 1
    assert "Pipeline layers" in done.stdout and "BROKEN" in done.stdout
    assert broken in " ".join(done.stdout.split())


def test_a_cycle_inside_a_package_breaks_the_contract(tree):
    path = tree / "src" / "gk_helpers" / "render" / "numbers.py"
    path.write_text(path.read_text() + "\n\ndef _back():\n    from .text import render_text  # noqa: F401\n")
    done = lint(tree)
    assert done.returncode == 1
    assert "No import cycles between the modules of any package BROKEN" in " ".join(done.stdout.split())
