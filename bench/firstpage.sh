#!/bin/sh
# The first page of an archive's largest document, served by two builds
# one after the other, twice (OLD NEW OLD NEW): each a server (--threads 2)
# on DB, left 40 s to warm its connections, then one GET
# /api/documents/{id}; prints the wall time curl saw, the server's CPU for
# that request (user + system ticks of its process around it) and its
# peak resident size (VmHWM). Issue 18: a page served from the parse kept
# beside the document against one that parses it.
# Usage: sh bench/firstpage.sh OLD_VERBATIM NEW_VERBATIM DB (SQLite)
set -eu
OLD=$1 NEW=$2 DB=$3
ID=$(sqlite3 "$DB" "SELECT hash FROM documents ORDER BY length(body) DESC LIMIT 1")
port=$((18000 + $$ % 1000))
for run in 1 2; do
  for b in "$OLD" "$NEW"; do
    port=$((port + 1))
    "$b" serve --db "$DB" --listen "127.0.0.1:$port" --threads 2 >/dev/null 2>&1 &
    pid=$!
    sleep 40
    t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    wall=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/api/documents/$ID")
    t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    ticks=$(getconf CLK_TCK)
    echo "run $run $b: first page ${wall} s wall, $(((t1 - t0) * 1000 / ticks)) ms server CPU," \
      "VmHWM $((hwm / 1024)) MB, load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
