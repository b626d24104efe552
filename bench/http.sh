#!/bin/sh
# Load on /api/search: `verbatim serve` on the UNGDC archive that
# bench_ingest builds (1.33 M statements, build/bench-data/verbatim.db),
# driven by wrk with the 16-query mix. Usage: sh bench/http.sh [SECONDS]
set -eu
BUILD=${BUILD:-build}
db=$BUILD/bench-data/verbatim.db
secs=${1:-30}
[ -f "$db" ] || { echo "http.sh: $db missing: run make bench (bench_ingest builds it)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "http.sh: wrk missing (apt-get install wrk)" >&2; exit 2; }
# twice: as served (repeated questions answered from the cache while the
# archive is unchanged), then with --no-cache (every request searches)
for mode in cache no-cache; do
  port=$((19000 + $$ % 1000))
  flag=""
  [ $mode = no-cache ] && flag=--no-cache
  "$BUILD/verbatim" serve --db "$db" --listen 127.0.0.1:$port --threads 2 $flag 2>/dev/null &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  i=0
  until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do
    i=$((i + 1)); [ $i -gt 100 ] && { echo "server did not start" >&2; exit 1; }
    sleep 0.1
  done
  # warm up: every query once, and each connection's column cache
  wrk -t2 -c8 -d5s -s bench/wrk-search.lua "http://127.0.0.1:$port" >/dev/null
  echo "== $mode: wrk -t2 -c32 -d${secs}s, /api/search, 16-query mix, facets speaker,tag,month =="
  wrk -t2 -c32 -d"${secs}s" --latency -s bench/wrk-search.lua "http://127.0.0.1:$port"
  kill $pid
  wait $pid 2>/dev/null || true
done
