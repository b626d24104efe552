#!/bin/sh
# Two builds' PostgreSQL ingest side by side in one cluster (old, new,
# new, old; each into a fresh database), with pg_stat_statements' count of
# the statements each sent and the server's time. OLD and NEW: bench_pg
# binaries of the two builds; LIST: the files (head -400 of
# build/bench-data/ingest-ab-8.txt in bench/RESULTS.md).
# Usage: OLD=/tmp/bench_pg_old NEW=build/bench/bench_pg LIST=/tmp/list400.txt sh bench/pg_ab.sh
set -eu
: "${OLD:?}" "${NEW:?}" "${LIST:?}"
export OLD NEW LIST
PG_FSYNC=on PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB \
  -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all" sh tests/pg.sh sh -c '
U=${VERBATIM_TEST_PG%/postgres}
psql -q "$VERBATIM_TEST_PG" -c "CREATE EXTENSION pg_stat_statements"
for run in old1 new1 new2 old2; do
  psql -q "$VERBATIM_TEST_PG" -c "CREATE DATABASE i_$run"
  echo "== $run"
  case $run in old*) b=$OLD ;; *) b=$NEW ;; esac
  BENCH_INGEST_ONLY=1 BENCH_THREADS=2 "$b" "$LIST" "$U/i_$run"
done
psql "$VERBATIM_TEST_PG" -c "SELECT d.datname, sum(s.calls) FILTER (WHERE s.toplevel) AS sent, sum(s.calls) AS all_calls,
  round(sum(s.total_exec_time)) AS server_ms FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
  WHERE d.datname LIKE '"'"'i_%'"'"' AND s.query NOT LIKE '"'"'%plain%'"'"' GROUP BY 1 ORDER BY 1"'
