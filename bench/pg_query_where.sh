#!/bin/sh
# Where the PostgreSQL query mix's server time goes, statement by statement:
# bench_pg (B) fills a database from LIST, then searches it again
# (BENCH_QUERY_ONLY=1) with pg_stat_statements counting, and the statements
# are listed with their calls, execution and planning time, and buffers,
# verbatim's and the plain table's side by side.
# Usage: LIST=/tmp/list120.txt [B=build/bench/bench_pg] sh bench/pg_query_where.sh
set -eu
: "${LIST:?}"
export SQL="$PWD/bench/pg_query_where.sql" LIST B="${B:-$PWD/build/bench/bench_pg}"
PG_FSYNC=on PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB -c shared_preload_libraries=pg_stat_statements \
  -c pg_stat_statements.track=all -c pg_stat_statements.track_planning=on" sh tests/pg.sh sh -c '
U=${VERBATIM_TEST_PG%/postgres}
psql -q "$VERBATIM_TEST_PG" -c "CREATE DATABASE q"
psql -q "$U/q" -c "CREATE EXTENSION pg_stat_statements"
"$B" "$LIST" "$U/q" | grep -E "ingest|ratio|p50"
psql -q "$U/q" -c "SELECT pg_stat_statements_reset()" >/dev/null
BENCH_QUERY_ONLY=1 "$B" "$LIST" "$U/q" | grep -E "p50|server CPU"
psql "$U/q" -f "$SQL"'
