#!/usr/bin/env bash
# The README's test command: set everything up, check the house, then run the tests.
#   bash scripts/test.sh          the whole suite (browsers, LibreOffice, real hangs and kills): what CI runs
#   bash scripts/test.sh --quick  the unit tier for the inner loop: no kernels, browsers, office or real kills
# Other arguments go to pytest (e.g. -q, -x, tests/test_tables.py).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
args=()
for arg in "$@"; do
  if [ "$arg" = "--quick" ]; then quick=1; else args+=("$arg"); fi
done

if [ "$quick" = 1 ]; then
  bash scripts/setup.sh
else
  bash scripts/setup.sh --browser
fi

# The house: lint clean, and imports only run down the pipeline's layers with no cycles (pyproject.toml).
.venv/bin/ruff check --quiet src tests benchmarks tools notebooks
.venv/bin/lint-imports --no-cache >/tmp/gk-lint-imports.$$ 2>&1 || { cat /tmp/gk-lint-imports.$$; rm -f /tmp/gk-lint-imports.$$; exit 1; }
rm -f /tmp/gk-lint-imports.$$

if [ "$quick" = 1 ]; then
  exec .venv/bin/python -m pytest -m "not slow" ${args[@]+"${args[@]}"}
fi
exec .venv/bin/python -m pytest ${args[@]+"${args[@]}"}
