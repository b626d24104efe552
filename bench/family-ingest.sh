#!/bin/sh
# What quote families cost at ingest (issue 21: "at most 15% more"):
# `verbatim ingest` of every 8th UN speech (EVERY=N: every Nth; EVERY=1:
# the whole corpus, 10,952 speeches) into a new SQLite archive by a
# build that keeps families (WITH, default $BUILD/verbatim) and by one that does
# not (BASE: the same tree built without them,
#   make BUILD=build-nofam CFLAGS=-DVB_BENCH_NO_FAMILIES build-nofam/verbatim
# which leaves out only the fingerprints and the families' rows; or a
# verbatim built from a commit before families were stored, ffb098a),
# alternating, RUNS times each (one process each, bench/lib-ab.sh); wall
# and CPU seconds of each run from /usr/bin/time, then the medians and
# their ratio. The machine is shared: read the medians, not one run.
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
. "$(dirname "$0")/lib-ab.sh"
ab_show() { awk '{printf "%-9s run %s: %6.1f s wall, %6.2f s CPU, peak %d KB\n", $1, $2, $3, $4 + $5, $6}'; }
ab_alternate "$RUNS" "$list" without "$BASE" with "$WITH"
[ -n "${KEEP:-}" ] || rm -f "$db" "$db-wal" "$db-shm"
for what in wall cpu; do
  a=$(ab_median without $what)
  b=$(ab_median with $what)
  echo "median $what: without $a s, with $b s, ratio $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", b / a}')"
done
