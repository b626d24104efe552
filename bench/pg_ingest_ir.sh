#!/bin/sh
# The instructions a PostgreSQL ingest's server backend runs, beside the
# plain to_tsvector COPY of the same texts (bench_pg's own peer, in a
# backend of its own), counted by callgrind: the whole server runs under
# valgrind, so each backend's count is its own and the machine's load
# does not move it (server CPU time did, by more than the cuts measured:
# bench/RESULTS.md, issue 20 session 24). About 50 times slower than
# plain: a short LIST (40 UN speeches take a few minutes).
# Usage: LIST=/tmp/list40.txt [B=build/bench/bench_pg] [PREP=SQL] [POST=SQL] [KEEP=file: the ingest backend's callgrind output] sh bench/pg_ingest_ir.sh
set -eu
: "${LIST:?}"
B=${B:-$PWD/build/bench/bench_pg}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
dir=$(mktemp -d /tmp/verbatim-pgir.XXXXXX)
as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
server=""
stop() {
  [ -n "$server" ] && as "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 300 stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 1' INT TERM
as "$bin/initdb" -D "$dir/data" -U verbatim -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1
port=$((20000 + ($$ * 7 + 7919) % 30000))
as valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$dir/cg.%p" "$bin/postgres" -D "$dir/data" \
  -p "$port" -k "$dir" -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c max_wal_size=4GB \
  -c autovacuum=off >"$dir/server.log" 2>&1 &
server=$!
for t in $(seq 1 600); do
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" && break
  sleep 0.5
done
U="postgresql://verbatim@127.0.0.1:$port"
psql -q "$U/postgres" -c "CREATE DATABASE i"
# the schema made first, by a run of no files, so the ingest's count is
# the documents' alone
: >"$dir/none.txt"
BENCH_INGEST_ONLY=1 "$B" "$dir/none.txt" "$U/i" >/dev/null 2>&1 || true
rm -f "$dir"/cg.*[0-9]
# PREP: SQL run on the archive before the ingest (a setting tried)
[ -n "${PREP:-}" ] && psql -q "$U/i" -c "$PREP"
BENCH_INGEST_ONLY=1 BENCH_THREADS=2 "$B" "$LIST" "$U/i" | grep -E "inputs|ingest|load|ratio"
# POST: SQL run after (what the ingest left undone, counted apart)
[ -n "${POST:-}" ] && psql -q "$U/i" -c "$POST" >/dev/null
as "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 600 stop >/dev/null
wait "$server" || true
server=""
# the store's backend inserted rows and copied none: all of it; plain's
# backend copied: its COPYs alone (DoCopy inclusive, not the read of the
# texts before)
store=0 plain=0
for f in "$dir"/cg.*; do
  n=$(sed -n 's/^summary: //p' "$f")
  if grep -q "CopyFrom" "$f"; then
    plain=$(callgrind_annotate --inclusive=yes "$f" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*[ :]DoCopy .*/\1/p; s/^ *\([0-9,]*\) .*[ :]DoCopy$/\1/p' | head -1 | tr -d ,)
  elif grep -q "ExecInsert" "$f" && [ "${n:-0}" -gt "$store" ]; then
    store=$n
    [ -n "${KEEP:-}" ] && cp "$f" "$KEEP"
  fi
done
if [ -n "${POST:-}" ]; then
  for f in "$dir"/cg.*; do
    grep -q "gin_clean_pending_list" "$f" && echo "POST's backend: $(sed -n 's/^summary: //p' "$f") instructions"
  done
fi
echo "server instructions: verbatim's ingest $store, plain's COPY $plain, ratio plain/verbatim $(echo "scale=3; $plain / $store" | bc)"
