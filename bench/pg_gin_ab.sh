#!/bin/sh
# The GIN index's own work for two builds' tsvectors: OLD and NEW bench_pg
# each fill a database with LIST (ingest only), then the statements'
# tsvectors are inserted again into an unlogged table with nothing but a
# GIN index (INSERT … SELECT, then gin_clean_pending_list), old, new, new,
# old, three rounds, autovacuum off; server execution times and the
# entries a row.
# Usage: OLD=/tmp/bench_pg_old NEW=build/bench/bench_pg LIST=/tmp/list120.txt sh bench/pg_gin_ab.sh
set -eu
: "${OLD:?}" "${NEW:?}" "${LIST:?}"
export OLD NEW LIST
PG_FSYNC=on PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB -c autovacuum=off" sh tests/pg.sh sh -c '
U=${VERBATIM_TEST_PG%/postgres}
for db in o n; do
  psql -q "$VERBATIM_TEST_PG" -c "CREATE DATABASE $db"
  case $db in o) b=$OLD ;; n) b=$NEW ;; esac
  BENCH_INGEST_ONLY=1 "$b" "$LIST" "$U/$db" >/dev/null
  psql -q "$U/$db" -c "CREATE UNLOGGED TABLE src AS SELECT tsv FROM statements ORDER BY id"
done
for r in 1 2 3; do for db in o n n o; do
  psql -qAt "$U/$db" -c "DROP TABLE IF EXISTS x" -c "CREATE UNLOGGED TABLE x(tsv tsvector)" \
    -c "CREATE INDEX x_gin ON x USING gin(tsv)" \
    -c "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) INSERT INTO x SELECT tsv FROM src" \
    -c "EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) SELECT gin_clean_pending_list('"'"'x_gin'"'"')" |
    grep Execution | tr "\n" " "; echo "<- $db round $r"
done; done
for db in o n; do
  psql -qAt "$U/$db" -c "SELECT '"'"'$db: entries a row '"'"' || round(avg(length(tsv)), 2) FROM src"
done'
