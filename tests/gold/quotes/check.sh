#!/bin/sh
# Accuracy gate for quote attribution (TAP): the fixtures always, PolNeAR's
# train split only where its converted data is ($ATTR_GOLD, default
# ../shared/tools/attribution/gold). Fails when a figure drops below the
# one recorded in docs/ACCURACY.md.
set -u
BUILD=${BUILD:-build}; SHARED=${SHARED:-../shared}
here=tests/gold/quotes
gold=${ATTR_GOLD:-$SHARED/tools/attribution/gold}/polnear-train
[ -d "$gold" ] || gold=""
exec python3 "$here/check.py" "$BUILD/verbatim" "$here/fixtures" "$SHARED/tools/attribution/score.py" $gold
