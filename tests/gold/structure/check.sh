#!/bin/sh
# make test: fails when a structure figure on the hand-made gold drops below
# the one recorded in recorded.json (TAP). BUILD and SHARED as for make eval.
cd "$(dirname "$0")/../../.." || exit 1
python3 tests/gold/structure/score.py --self-test >/dev/null 2>&1 ||
  { printf "1..1\nnot ok 1 - score.py --self-test (the scorer's own rules)\n"; exit 1; }
exec python3 tests/gold/structure/check.py --bin "${BUILD:-build}/verbatim" --shared "${SHARED:-../shared}"
