"""What the ``gk`` command's processes import that none of them needs.

jsonschema (imported by nbformat, hence by papermill, nbclient and nbconvert) registers its "iri"
format checkers when ``rfc3987_syntax`` is installed (jupyter-events' format extra brings it in), and
that module compiles a Lark grammar as it is imported: about 1.5 s of CPU in every process, more than
five reports cost a batch. Nothing the kit runs checks string formats (nbformat validates notebooks
without a format checker), so the command marks the module absent before anything imports jsonschema.
"""

from __future__ import annotations

import sys

#: Modules the command's processes never use, though a dependency would import them.
UNUSED = ("rfc3987_syntax",)


def skip_unused() -> None:
    """Mark ``UNUSED`` absent (an import of one raises ImportError) unless something imported it already."""
    for name in UNUSED:
        sys.modules.setdefault(name, None)
