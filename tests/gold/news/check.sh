#!/bin/sh
# make test: fails when a figure of the news pages' article text drops below
# the one recorded in recorded.json (TAP). BUILD and SHARED as for make eval.
cd "$(dirname "$0")/../../.." || exit 1
exec python3 tests/gold/news/score.py --bin "${BUILD:-build}/verbatim" --shared "${SHARED:-../shared}" \
  --check tests/gold/news/recorded.json
