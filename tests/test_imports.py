"""The ``gk`` command does without the modules it never uses (``base.imports``), and nbformat still validates."""

import subprocess
import sys

PROBE = """
import sys
from gk_helpers.cli import main
try:
    main(["tables", "--no-such-option"])
except SystemExit:
    pass
import nbformat
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
nbformat.validate(nb)
print(sys.modules.get("rfc3987_syntax", "absent"), "jsonschema" in sys.modules)
"""


def test_the_command_skips_the_iri_grammar_and_notebooks_still_validate():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["None", "True"]


def test_a_module_imported_already_is_left_alone():
    probe = ("import sys, types\nsys.modules['rfc3987_syntax'] = types.ModuleType('rfc3987_syntax')\n"
             "from gk_helpers.base.imports import skip_unused\nskip_unused()\n"
             "print(type(sys.modules['rfc3987_syntax']).__name__)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "module"
