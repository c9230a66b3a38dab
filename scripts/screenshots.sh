#!/usr/bin/env bash
# Save each role's home page at 390 px (a phone) and 1280 px (a laptop) into docs/screenshots/,
# from the demo cast and data, through the same browser and server the browser tests use.
#   scripts/screenshots.sh [folder]
set -eu
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
ALONGSIDE_ENV=test ALONGSIDE_SCREENSHOTS="${1:-docs/screenshots}" \
  "$PY" -m pytest alongside/tests/test_browser_phone_widths.py -q -p no:xdist \
  -k screenshots
