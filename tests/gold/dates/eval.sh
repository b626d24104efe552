#!/bin/sh
# make eval: verbatim's dates on the hand-annotated real passages (gold.txt),
# per set, with every miss and wrong value.
cd "$(dirname "$0")/../../.." || exit 1
exec python3 tests/gold/dates/score.py --bin "${BUILD:-build}/verbatim" --shared "${SHARED:-../shared}" --errors
