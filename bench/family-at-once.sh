#!/bin/sh
# Two builds of verbatim ingesting the same UN speeches at the same time
# (every EVERYth, default 2), each into a new SQLite archive under
# `perf record -F 499 -e cpu-clock` and /usr/bin/time, so that a shared
# machine's load falls on both alike where alternated runs (lib-ab.sh)
# spread more than a small change moves; then each run's CPU and the
# samples of the families' symbols (the band table's, the finding
# thread's, the first touch of pages):
#   EVERY=2 sh bench/family-at-once.sh A/verbatim B/verbatim
# Needs perf; the profiles are left in $data/at-once-{a,b}.data.
set -eu
A=$1 B=$2
. "$(dirname "$0")/ungdc.sh"
EVERY=${EVERY:-2}
list=$data/at-once-inputs.txt
times=$data/at-once-times.txt
speeches | awk -v n="$EVERY" 'NR % n == 0' > "$list"
: > "$times"
for t in a b; do
  if [ $t = a ]; then bin=$A; else bin=$B; fi
  db=$data/at-once-$t.db
  rm -f "$db" "$db-wal" "$db-shm" "$db-bands"
  "$bin" init "$db" >/dev/null
  (tr '\n' '\0' < "$list" | /usr/bin/time -f "$t %e %U %S %M" -a -o "$times" \
    perf record -q -F 499 -e cpu-clock -o "$data/at-once-$t.data" xargs -0 -s 2000000 "$bin" ingest --db "$db" >/dev/null 2>&1) &
done
wait
for t in a b; do
  rm -f "$data/at-once-$t.db" "$data/at-once-$t.db-wal" "$data/at-once-$t.db-shm" "$data/at-once-$t.db-bands"
  awk -v t=$t '$1 == t {printf "%s: %.1f s wall, %.2f s CPU, peak %d KB\n", t, $2, $3 + $4, $5}' "$times"
  perf report -i "$data/at-once-$t.data" --sort symbol -n --stdio 2>/dev/null |
    awk -v t=$t '/bindex_|find_family|store_print|clear_page|vb_fam_/ {printf "%s:   %7d  %s\n", t, $2, $NF == "-" ? $(NF-2) : $NF}'
done
