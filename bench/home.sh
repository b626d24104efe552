#!/bin/sh
# The server's CPU time for what the web UI's home page asks, on the UN
# General Debate archive (as bench/ui.sh builds it): before, /health, the
# newest dated documents by a date-sorted search and the archive's timeline
# over every statement; now, /api/overview from the documents table alone.
# Also a page of search hits with and without their context (context=2).
# `verbatim serve --no-cache`, so every answer is computed; CPU time is the
# server process's user+system ticks around each group of requests (not
# wall time, which a busy machine inflates), ROUNDS rounds alternating.
# Usage: sh bench/home.sh [ROUNDS]
set -eu
BUILD=${BUILD:-build}
db=${UI_DB:-$BUILD/bench-data/ui-un.db}
[ -f "$db" ] || { echo "no archive $db: run sh bench/ui.sh first (it builds it)" >&2; exit 1; }
port=$((19100 + $$ % 400))
"$BUILD/verbatim" serve --db "$db" --listen 127.0.0.1:$port --threads 2 --no-cache 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
b=http://127.0.0.1:$port
i=0
until curl -sf -o /dev/null "$b/health"; do i=$((i + 1)); [ $i -lt 100 ] || exit 1; sleep 0.1; done
tick=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
# ms of server CPU for N times the URLs given
run() {
  n=$1; shift
  a=$(cpu)
  k=0
  while [ $k -lt "$n" ]; do
    for u in "$@"; do curl -sf -o /dev/null "$b$u"; done
    k=$((k + 1))
  done
  echo $(( ($(cpu) - a) * 1000 / tick / n ))
}
echo "round old-home-ms overview-ms search-ms search+context-ms"
r=0
while [ $r -lt "${1:-5}" ]; do
  old=$(run 5 /health '/api/search?q=after%3A1000&sort=date&docs=1&limit=6' '/api/timeline?q=after%3A1000&interval=month')
  new=$(run 5 '/api/overview?latest=6')
  s=$(run 5 '/api/search?q=peace&limit=20&sort=date')
  c=$(run 5 '/api/search?q=peace&limit=20&sort=date&context=2')
  r=$((r + 1))
  echo "$r $old $new $s $c"
done
