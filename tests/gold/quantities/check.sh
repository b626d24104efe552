#!/bin/sh
# make test: fails when verbatim's quantities on the hand-annotated real
# passages (gold.txt, heldout.txt, heldout2.txt) fall below their floors (TAP). BUILD and
# SHARED as for make eval.
cd "$(dirname "$0")/../../.." || exit 1
status=0
for part in gold:floors heldout:heldout-floors heldout2:heldout2-floors; do
  python3 tests/gold/dates/score.py --what quantities --gold "tests/gold/quantities/${part%%:*}.txt" \
    --bin "${BUILD:-build}/verbatim" --shared "${SHARED:-../shared}" \
    --floors "tests/gold/quantities/${part#*:}.txt" || status=1
done
exit $status
