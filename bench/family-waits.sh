#!/bin/sh
# What the storing thread of `verbatim ingest` waits for (issue 21): the
# ingest of every Nth UN speech (EVERY, default 1: the whole corpus) into
# a new SQLite archive under `perf sched record`, then the time the
# process's first thread (the storing thread, which bounds a bulk ingest)
# slept, by the thread that woke it: vb-family (its document's families
# being found), vb-parse (a parsed document), others (I/O, other
# processes). Prints wall and CPU from /usr/bin/time too. Needs perf and
# root (or perf_event_paranoid <= 1). Usage:
#   sh bench/family-waits.sh [path/to/verbatim]
set -eu
. "$(dirname "$0")/ungdc.sh"
bin=${1:-$BUILD/verbatim}
EVERY=${EVERY:-1}
list=$data/family-waits-inputs.txt
speeches | awk -v n="$EVERY" 'NR % n == 0' > "$list"
db=$data/family-waits.db
rec=$data/family-waits.perf
rm -f "$db" "$db-wal" "$db-shm" "$db-bands"
"$bin" init "$db" >/dev/null
tr '\n' '\0' < "$list" | /usr/bin/time -f "%e s wall, %U + %S s CPU, peak %M KB" -o "$data/family-waits.time" \
  perf sched record -o "$rec" -- xargs -0 -s 2000000 "$bin" ingest --db "$db" >/dev/null 2>&1
cat "$data/family-waits.time"
comm=$(basename "$bin" | cut -c1-15)
perf sched timehist -i "$rec" -w 2>/dev/null | awk -v comm="$comm" '
  # the storing thread: the process'"'"'s first (its tid is its pid)
  main == "" && $3 ~ ("^" comm "\\[[0-9]+\\]$") { main = $3 }
  main != "" && index($0, "awakened: " main) { by = $3; sub(/\[.*/, "", by); next }
  main != "" && $3 == main && $4 ~ /^[0-9.]+$/ {
    sleep += $4; delay += $5; run += $6
    if (by != "") { w[by] += $4; n[by]++ }
    by = ""
  }
  END {
    printf "storing thread %s: ran %.1f s, slept %.1f s, waited for a processor %.1f s\n", main, run / 1000, sleep / 1000, delay / 1000
    fflush()
    for (k in w) printf "  woken by %-12s %7d times, %7.1f s asleep\n", k, n[k], w[k] / 1000 | "sort -k6 -rn"
  }'
rm -f "$db" "$db-wal" "$db-shm" "$db-bands" "$rec"
