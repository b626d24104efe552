#!/bin/sh
# make test: fails when verbatim's quantities on the hand-annotated real
# passages (gold.txt) fall below floors.txt (TAP). BUILD and SHARED as for
# make eval.
cd "$(dirname "$0")/../../.." || exit 1
exec python3 tests/gold/dates/score.py --what quantities --gold tests/gold/quantities/gold.txt \
  --bin "${BUILD:-build}/verbatim" --shared "${SHARED:-../shared}" --floors tests/gold/quantities/floors.txt
