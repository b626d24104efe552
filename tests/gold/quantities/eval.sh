#!/bin/sh
# make eval: verbatim's quantities on the hand-annotated real passages
# (gold.txt), per set, with every miss and wrong value or unit.
cd "$(dirname "$0")/../../.." || exit 1
exec python3 tests/gold/dates/score.py --what quantities --gold tests/gold/quantities/gold.txt \
  --bin "${BUILD:-build}/verbatim" --shared "${SHARED:-../shared}" --errors
