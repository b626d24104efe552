#!/bin/sh
# make eval — prints every accuracy figure measured on real documents.
# Each area has a folder in tests/gold/ with an eval script (its gold, its
# sampling script and its scorer beside it); this runs them in name order.
# BUILD names the build directory; SHARED the folder holding corpus/.
set -u
BUILD=${BUILD:-build}; SHARED=${SHARED:-../shared}
export BUILD SHARED
status=0
for e in tests/gold/*/eval.sh; do
  [ -f "$e" ] || continue
  echo "== $(basename "$(dirname "$e")") ($e) =="
  sh "$e" || status=1
  echo
done
exit $status
