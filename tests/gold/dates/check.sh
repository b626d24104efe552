#!/bin/sh
# make test: fails when verbatim's dates on the hand-annotated real passages
# (gold.txt, heldout.txt) fall below their floors (floors.txt,
# heldout-floors.txt; TAP). BUILD and SHARED as for make eval.
cd "$(dirname "$0")/../../.." || exit 1
status=0
for part in gold:floors heldout:heldout-floors; do
  python3 tests/gold/dates/score.py --gold "tests/gold/dates/${part%%:*}.txt" --bin "${BUILD:-build}/verbatim" \
    --shared "${SHARED:-../shared}" --floors "tests/gold/dates/${part#*:}.txt" || status=1
done
exit $status
