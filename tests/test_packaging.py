"""The front door stays true: environment.yml matches pyproject, README commands exist, notebooks are clean."""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _pyproject_requirements() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return set(project["dependencies"]).union(*project["optional-dependencies"].values())


def _environment_requirements() -> set[str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    found = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            found |= {d for d in dep["pip"] if not d.startswith("-e")}
        elif not re.match(r"(python|pip)\b(?!-)", dep):  # the interpreter and pip, not python-* packages
            found.add(dep)
    return found


def test_environment_yml_has_the_same_dependencies_as_pyproject():
    assert _environment_requirements() == _pyproject_requirements()


def test_readme_names_the_two_commands_and_they_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("bash scripts/sample.sh", "bash scripts/test.sh"):
        assert command in readme
        assert (ROOT / command.split()[1]).is_file()
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_design_folders_exist_and_outputs_is_ignored():
    for folder in ("notebooks", "params", "src/gk_helpers", "tests"):
        assert (ROOT / folder).is_dir(), folder
    assert "/outputs/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_notebooks_are_committed_without_outputs():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [] and cell.get("execution_count") is None, path.name
        tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1, f"{path.name}: exactly one cell tagged parameters"


def test_notebook_code_cells_only_call_gk_helpers():
    nb = json.loads((ROOT / "notebooks" / "annual_report.ipynb").read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and "parameters" not in c["metadata"].get("tags", [])]
    for cell in code:
        for line in "".join(cell["source"]).splitlines():
            line = line.split("#")[0].strip()
            if line:
                assert re.match(r"^(from gk_helpers import notebook as gk|ctx = gk\.prepare\(.*\)|gk\.\w+\(.*\))$", line), line


def test_cli_help_lists_every_command():
    out = subprocess.run([sys.executable, "-m", "gk_helpers.cli", "--help"], capture_output=True, text=True, check=True).stdout
    for command in ("check", "tables", "report", "run"):
        assert command in out
