#!/bin/sh
# Two builds' PostgreSQL query mix side by side on one archive: NEW's
# bench_pg fills it (ingest, the plain table), then both search it in
# turn (before, after, after, before; BENCH_QUERY_ONLY=1).
# Usage: OLD=/tmp/bench_pg_old NEW=build/bench/bench_pg LIST=/tmp/list400.txt sh bench/pg_query_ab.sh
set -eu
: "${OLD:?}" "${NEW:?}" "${LIST:?}"
export OLD NEW LIST
PG_FSYNC=on PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB" sh tests/pg.sh sh -c '
U=${VERBATIM_TEST_PG%/postgres}
psql -q "$VERBATIM_TEST_PG" -c "CREATE DATABASE q"
echo "== fill (new)"; "$NEW" "$LIST" "$U/q" | grep -E "ingest|ratio|p50"
for run in before1 after1 after2 before2; do
  case $run in before*) b=$OLD ;; *) b=$NEW ;; esac
  echo "== $run"; BENCH_QUERY_ONLY=1 "$b" "$LIST" "$U/q" | grep -E "p50|server CPU"
done'
