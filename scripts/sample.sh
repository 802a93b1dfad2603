#!/usr/bin/env bash
# The README's main command: set up, then build every report of the bundled sample into outputs/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/gk run params -o outputs "$@"
