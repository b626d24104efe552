#!/bin/sh
# The home page's most mentioned entities (/api/entities?limit=10), two
# builds side by side on one archive: each serves it (--no-cache, so each
# answer is computed) and the rounds alternate between them. Prints, per
# round, each server's CPU ms per request (user+system ticks of the
# process around 20 requests) and the median wall ms of those requests
# (curl's time_total; a busy machine inflates it, both alike).
# Usage: sh bench/entities-ab.sh BUILD_A BUILD_B [ROUNDS]   (UI_DB: the archive)
set -eu
a=$1 b=$2
db=${UI_DB:-build/bench-data/ui-un.db}
[ -f "$db" ] || { echo "no archive $db: run sh bench/ui.sh first (it builds it)" >&2; exit 1; }
tick=$(getconf CLK_TCK)
pa=$((19500 + $$ % 200)) pb=$((19700 + $$ % 200))
"$a/verbatim" serve --db "$db" --listen 127.0.0.1:$pa --threads 2 --no-cache >/dev/null 2>&1 &
ida=$!
"$b/verbatim" serve --db "$db" --listen 127.0.0.1:$pb --threads 2 --no-cache >/dev/null 2>&1 &
idb=$!
trap 'kill $ida $idb 2>/dev/null || true' EXIT
for p in $pa $pb; do
  i=0
  until curl -sf -o /dev/null "http://127.0.0.1:$p/health"; do i=$((i + 1)); [ $i -lt 300 ] || exit 1; sleep 0.1; done
done
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# pid port -> "cpu-ms-per-request median-wall-ms"
run() {
  c0=$(cpu "$1")
  w=$(for k in $(seq 20); do curl -sf -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$2/api/entities?limit=10"; done |
    sort -n | awk '{v[NR] = $1} END {printf "%.1f", 1000 * (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2}')
  echo "$(( ($(cpu "$1") - c0) * 1000 / tick / 20 )) $w"
}
# first answers (cold caches) not counted
curl -sf -o /dev/null "http://127.0.0.1:$pa/api/entities?limit=10"
curl -sf -o /dev/null "http://127.0.0.1:$pb/api/entities?limit=10"
echo "round A-cpu-ms A-wall-ms B-cpu-ms B-wall-ms"
r=0
while [ $r -lt "${3:-5}" ]; do
  r=$((r + 1))
  echo "$r $(run $ida $pa) $(run $idb $pb)"
done
