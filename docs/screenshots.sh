#!/usr/bin/env bash
# docs/review-page.png: what `claimex view` makes of a real run on the seeds (rules, no model).
# Run from the repository root with the project's venv: bash docs/screenshots.sh
set -euo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
.venv/bin/claimex extract seeds/ -o "$work/claims.jsonl" --strategy rules -q
.venv/bin/claimex view "$work/claims.jsonl" --articles seeds/ -o "$work/view.html"
"${CHROMIUM:-chromium}" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1000 \
  --screenshot="$PWD/docs/review-page.png" "file://$work/view.html"
