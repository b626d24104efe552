#!/bin/sh
# What quote families cost at ingest (issue 21: "at most 15% more"):
# `verbatim ingest` of every 8th UN speech (EVERY=N: every Nth; EVERY=1:
# the whole corpus, 10,952 speeches) into a new SQLite archive by a
# build that keeps families (WITH, default $BUILD/verbatim) and by one that does
# not (BASE: the same tree built without them,
#   make BUILD=build-nofam CFLAGS=-DVB_BENCH_NO_FAMILIES build-nofam/verbatim
# which leaves out only the fingerprints and the families' rows; or a
# verbatim built from a commit before families were stored, ffb098a),
# alternating, RUNS times each (one process each: xargs -s 2000000 keeps
# the whole corpus's names on one command line); wall and CPU seconds of each run from
# /usr/bin/time, then the medians and their ratio. The machine is shared:
# read the medians, not one run.
set -eu
RUNS=${RUNS:-3}
BASE=${BASE:?BASE=path/to/a/verbatim/binary/without/stored/families}
. "$(dirname "$0")/ungdc.sh"
WITH=${WITH:-$BUILD/verbatim}
list=$data/family-ingest-inputs.txt
EVERY=${EVERY:-8}
speeches | awk -v n="$EVERY" 'NR % n == 0' > "$list"
db=$data/family-ingest.db
times=$data/family-ingest-times.txt
: > "$times"
one() { # label binary run
  rm -f "$db" "$db-wal" "$db-shm"
  "$2" init "$db" >/dev/null
  tr '\n' '\0' < "$list" | /usr/bin/time -f "$1 $3 %e %U %S %M" -a -o "$times" xargs -0 -s 2000000 "$2" ingest --db "$db" >/dev/null
  tail -1 "$times" | awk '{printf "%-9s run %s: %6.1f s wall, %6.2f s CPU, peak %d KB\n", $1, $2, $3, $4 + $5, $6}'
}
i=1
while [ "$i" -le "$RUNS" ]; do
  one without "$BASE" "$i"
  one with "$WITH" "$i"
  i=$((i + 1))
done
[ -n "${KEEP:-}" ] || rm -f "$db" "$db-wal" "$db-shm"
median() { awk -v lines=1 -f "$(dirname "$0")/median.awk"; }
for what in wall cpu; do
  a=$(awk -v w=$what '$1 == "without" {print w == "wall" ? $3 : $4 + $5}' "$times" | median)
  b=$(awk -v w=$what '$1 == "with" {print w == "wall" ? $3 : $4 + $5}' "$times" | median)
  echo "median $what: without $a s, with $b s, ratio $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", b / a}')"
done
