#!/bin/sh
# The server's CPU time for the entity list (/api/entities?limit=10, what
# the home page asks), ten calls a round, three rounds: user+system ticks
# of the server process around each round (not wall time, which a busy
# machine inflates). `verbatim serve --no-cache`, so every answer is
# computed, after a pause for the server's warming of its connections.
# Usage: sh bench/entities.sh VERBATIM DB [PORT]
set -eu
bin=$1
db=$2
port=${3:-$((19500 + $$ % 400))}
"$bin" serve --db "$db" --listen 127.0.0.1:$port --threads 2 --no-cache 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
i=0
until curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do i=$((i + 1)); [ $i -lt 600 ] || exit 1; sleep 0.1; done
sleep "${WARM_WAIT:-45}"
tick=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
for r in 1 2 3; do
  a=$(cpu)
  for k in 1 2 3 4 5 6 7 8 9 10; do curl -sf -o /dev/null "http://127.0.0.1:$port/api/entities?limit=10"; done
  b=$(cpu)
  echo "round $r: $(((b - a) * 1000 / tick / 10)) ms CPU per call"
done
