#!/bin/sh
# make test: fails when more sentences of real documents are cut in two
# than recorded.json allows, on its small sample (every 100th UN speech and
# Kremlin page, every debate and caption file) (TAP). BUILD and SHARED as
# for make eval.
cd "$(dirname "$0")/../../.." || exit 1
exec python3 tests/gold/sentences/split.py --bin "${BUILD:-build}/verbatim" --shared "${SHARED:-../shared}" \
  --check tests/gold/sentences/recorded.json
