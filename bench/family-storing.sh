#!/bin/sh
# Where quote families cost time at ingest on a machine too loaded for
# wall time (issue 21): `verbatim ingest` of every EVERY-th UN speech
# (default 1: the whole corpus) into a new SQLite archive by each build
# given, ALL AT ONCE, so they share whatever load the machine has; for
# each, wall and CPU seconds from /usr/bin/time, peak RSS, and the CPU of
# its storing thread (the process's main thread, read from /proc each
# second until it ends), which bounds an ingest's time on an idle machine.
# The first build is the baseline (built without families:
#   make BUILD=build-nofam CFLAGS=-DVB_BENCH_NO_FAMILIES build-nofam/verbatim).
#   sh bench/family-storing.sh build-nofam/verbatim OLD/verbatim build/verbatim
# ROUNDS rounds (default 1); writes under $OUT (default /tmp/family-storing).
set -eu
. "$(dirname "$0")/ungdc.sh"
EVERY=${EVERY:-1}
OUT=${OUT:-/tmp/family-storing}
mkdir -p "$OUT"
speeches | awk -v n="$EVERY" 'NR % n == 0' | sed "s|^\([^/]\)|$PWD/\1|" > "$OUT/list"
times=$OUT/times
: > "$times"
r=1
while [ "$r" -le "${ROUNDS:-1}" ]; do
  k=0
  for b in "$@"; do
    k=$((k + 1))
    db=$OUT/b$k.db
    rm -f "$db" "$db-wal" "$db-shm" "$db-bands"
    "$b" init "$db" >/dev/null
    (tr '\n' '\0' < "$OUT/list" | /usr/bin/time -f "$r b$k %e %U %S %M" -a -o "$times" \
      xargs -0 -s 2000000 "$b" ingest --db "$db" > "$OUT/b$k.log" 2>&1) &
  done
  sleep 2
  k=0
  for b in "$@"; do
    k=$((k + 1))
    (p=$(pgrep -f "^$b ingest --db $OUT/b$k.db" | head -1); last=""
     while [ -n "$p" ] && [ -r "/proc/$p/task/$p/stat" ]; do s=$(cat "/proc/$p/task/$p/stat" 2>/dev/null) && last=$s; sleep 1; done
     echo "$r b$k storing $(echo "$last" | sed 's/.*) //' | awk '{printf "%.2f", ($12 + $13) / 100}')" >> "$times") &
  done
  wait
  echo "$r load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$times"
  r=$((r + 1))
done
r=1
while [ "$r" -le "${ROUNDS:-1}" ]; do
  k=0
  for b in "$@"; do
    k=$((k + 1))
    t=$(awk -v r="$r" -v k="b$k" '$1 == r && $2 == k && $3 != "storing" {printf "%.1f s wall, %.2f s CPU, peak %d KB", $3, $4 + $5, $6}' "$times")
    s=$(awk -v r="$r" -v k="b$k" '$1 == r && $2 == k && $3 == "storing" {print $4}' "$times")
    echo "round $r $b: $t, storing thread $s s CPU"
  done
  r=$((r + 1))
done
grep load "$times"
