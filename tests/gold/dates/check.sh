#!/bin/sh
# make test: fails when verbatim's dates on the hand-annotated real passages
# (gold.txt) fall below floors.txt (TAP). BUILD and SHARED as for make eval.
cd "$(dirname "$0")/../../.." || exit 1
exec python3 tests/gold/dates/score.py --bin "${BUILD:-build}/verbatim" --shared "${SHARED:-../shared}" \
  --floors tests/gold/dates/floors.txt
