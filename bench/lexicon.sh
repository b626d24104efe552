#!/bin/sh
# After an analyst's correction, what the next requests pay: a server on
# a copy of the UN archive takes a correction over the API, then answers
# a `mentions:` search and an entity page. A build that makes the lexicon
# (the built-in names and the archive's corrections, seconds) inside the
# first request that needs it shows it there; one that makes it at the
# end of the correction shows it in the correction. Wall time of each
# request as curl sees it, and the server's CPU (user + system ticks of
# its process) around each, two builds taking turns (OLD NEW OLD NEW),
# each on a fresh copy of the archive.
# Usage: sh bench/lexicon.sh OLD_VERBATIM NEW_VERBATIM UN_DB [PORT]
# UN_DB: a SQLite archive of the UN corpus whose mentions have their keys
# (one `verbatim entity` made by a build of 2026-12-05 or later fills them).
set -eu
OLD=$1 NEW=$2 DB=$3
port=${4:-$((19100 + $$ % 400))}
dir=$(mktemp -d /tmp/verbatim-lexicon.XXXXXX)
pid=""
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$dir"' EXIT
echo "bench-lexicon-token-0123456789" > "$dir/tokens"
tick=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
# timed LABEL curl-args...: one request's wall time and the server's CPU
timed() {
  label=$1
  shift
  a=$(cpu)
  w=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$@")
  b=$(cpu)
  echo "  $label: HTTP ${w% *}, ${w#* } s wall, $(((b - a) * 1000 / tick)) ms server CPU"
}
url=http://127.0.0.1:$port
for bin in "$OLD" "$NEW" "$OLD" "$NEW"; do
  cp "$DB" "$dir/un.db"
  "$bin" serve --db "$dir/un.db" --listen 127.0.0.1:$port --threads 2 --token-file "$dir/tokens" 2>/dev/null &
  pid=$!
  i=0
  until curl -sf -o /dev/null "$url/health"; do i=$((i + 1)); [ $i -lt 3000 ] || exit 1; sleep 0.1; done
  sleep "${WARM_WAIT:-45}" # the connections' warming
  echo "$bin, load $(cut -d' ' -f1 /proc/loadavg)"
  # a search without names first: what follows pays no cold start
  timed "America, before" "$url/api/search?q=America&limit=10"
  timed "alias add Americas America" -X POST -H "Authorization: Bearer $(cat "$dir/tokens")" \
    --data '{"op":"alias-add","args":["America"]}' "$url/api/entities/Americas/corrections"
  timed "mentions:America, after" "$url/api/search?q=mentions%3AAmerica&limit=10"
  timed "entity page Americas, after" "$url/api/entities/Americas"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=""
  rm -f "$dir/un.db" "$dir/un.db-wal" "$dir/un.db-shm"
done
