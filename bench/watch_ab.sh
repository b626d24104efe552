#!/bin/sh
# Two builds' ingest with and without the watches, side by side in one run
# (issue 20: ingest with 1,000 watches <= 1.5x the time without):
#   sh bench/watch_ab.sh BIN_A BIN_B [ROUNDS]
# Uses the archives and speeches bench/watch_ingest.sh left in
# $BUILD/bench-data/watch-ingest (run it first: N=500 for the issue's
# figure). Each round ingests the speeches into fresh copies of plain.db
# and watched.db with A, then with B (`--threads 2`, alerts to /dev/null,
# GNU time), ROUNDS (default 3) rounds; prints each run and, per build,
# the medians of CPU (user + system) and wall with / without.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 BIN_A BIN_B [ROUNDS]" >&2; exit 2; }
A=$1 B=$2 ROUNDS=${3:-3}
[ -x /usr/bin/time ] || { echo "watch_ab.sh: needs GNU time (Debian's time package)" >&2; exit 1; }
. "$(dirname "$0")/ungdc.sh"
out=$data/watch-ingest
[ -f "$out/watched.db" ] && [ -d "$out/in" ] || { echo "watch_ab.sh: run bench/watch_ingest.sh first" >&2; exit 1; }
: > "$out/ab-runs"
for r in $(seq "$ROUNDS"); do
  for tag in A B; do
    bin=$A
    [ "$tag" = B ] && bin=$B
    for kind in plain watched; do
      cp "$out/$kind.db" "$out/ab.db"
      /usr/bin/time -f "%e %U %S" -o "$out/ab-time" "$bin" ingest --db "$out/ab.db" --threads 2 "$out/in" >/dev/null 2>"$out/ab-err" ||
        { cat "$out/ab-err" >&2; exit 1; }
      rm -f "$out/ab.db" "$out/ab.db-wal" "$out/ab.db-shm"
      read -r wall user sys < "$out/ab-time"
      echo "round $r $tag $kind wall $wall cpu $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') load $(cut -d' ' -f1 /proc/loadavg)" |
        tee -a "$out/ab-runs"
    done
  done
done
awk -f "$(dirname "$0")/median.awk" -f /dev/stdin "$out/ab-runs" <<'PROG'
  { k = $3 " " $4; keep(k "w", $6); keep(k "c", $8) }
  END {
    for (t = 0; t < 2; t++) {
      b = t ? "B" : "A"
      printf "%s: CPU %.2f / %.2f s = %.2f, wall %.2f / %.2f s = %.2f (with / without, medians)\n", b,
        med(b " watchedc"), med(b " plainc"), med(b " watchedc") / med(b " plainc"),
        med(b " watchedw"), med(b " plainw"), med(b " watchedw") / med(b " plainw")
    }
  }
PROG
