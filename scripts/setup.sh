#!/usr/bin/env bash
# Idempotent set-up on a fresh machine: a venv in .venv with the kit and its test tools.
# With --browser it also installs the Debian packages the tests use: Chromium, a CJK font,
# poppler-utils (pdftotext, pdftoppm), LibreOffice Writer/Calc (opening .docx/.xlsx headless) and the
# libraries WeasyPrint lays out the PDF with (Pango, HarfBuzz's font subsetter).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.gk-installed
want=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test,dask]'
  .venv/bin/python -m ipykernel install --sys-prefix --name python3 >/dev/null
  echo "$want" > "$stamp"
fi
# An editable install skips data files: link the nbconvert template where a regular install puts it,
# so `jupyter nbconvert --to html --template gk-report` works in this venv too (and follows edits).
mkdir -p .venv/share/jupyter/nbconvert/templates
ln -sfn "$PWD/src/gk_helpers/render/templates/gk-report" .venv/share/jupyter/nbconvert/templates/gk-report

PDF_LIBS="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"  # WeasyPrint (the PDF) loads these
installed() {  # every package named is installed (not merely known to dpkg, or removed with its config kept)
  for pkg in "$@"; do
    [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null)" = "ii " ] || return 1
  done
}
if [ "${1:-}" = "--browser" ]; then
  if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1 || ! command -v soffice >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" \
     || ! installed $PDF_LIBS; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils libreoffice-writer libreoffice-calc $PDF_LIBS >/dev/null
    else
      sudo apt-get update -qq
      sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils libreoffice-writer libreoffice-calc $PDF_LIBS >/dev/null
    fi
  fi
fi
