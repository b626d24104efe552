#!/bin/sh
# What quote families would add to ingest (issue 21's "at most 15% more"):
# `verbatim ingest` of every 8th UN speech into a new SQLite archive, and
# bench_family on the same files (the fingerprint of every statement and the
# lookup of new statements in the set), alternating, RUNS times. Fingerprints
# are not computed at ingest yet; this measures the work they would add.
# CPU seconds and wall from /usr/bin/time (the machine is shared).
set -eu
BUILD=${BUILD:-build}
SHARED=${SHARED:-../shared}
RUNS=${RUNS:-2}
. "$(dirname "$0")/ungdc.sh"
list=$data/family-ingest-inputs.txt
speeches | awk 'NR % 8 == 0' > "$list"
db=$data/family-ingest.db
i=1
while [ $i -le "$RUNS" ]; do
  rm -f "$db" "$db-wal" "$db-shm"
  "$BUILD/verbatim" init "$db" >/dev/null
  tr '\n' '\0' < "$list" | /usr/bin/time -f "ingest run $i: %e s wall, %U s user, %S s sys, peak %M KB" \
    xargs -0 "$BUILD/verbatim" ingest --db "$db"
  /usr/bin/time -f "families run $i: %e s wall, %U s user, %S s sys, peak %M KB" \
    "$BUILD/bench/bench_family" "$list" families 2>&1 | grep -v '^skip '
  i=$((i + 1))
done
rm -f "$db" "$db-wal" "$db-shm"
