#!/bin/sh
# Where a PostgreSQL ingest's server time goes, statement by statement,
# beside the plain to_tsvector COPY of the same texts: bench_pg (B) fills
# a fresh database from LIST (BENCH_INGEST_ONLY=1) with pg_stat_statements
# counting (planning too, nested statements such as the foreign keys'
# checks apart from the top level); the statements are listed by server
# time with their calls, execution and planning time, rows and buffers.
# Usage: LIST=/tmp/list120.txt [B=build/bench/bench_pg] sh bench/pg_ingest_where.sh
set -eu
: "${LIST:?}"
export SQL="$PWD/bench/pg_ingest_where.sql" LIST B="${B:-$PWD/build/bench/bench_pg}"
PG_FSYNC=on PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB -c shared_preload_libraries=pg_stat_statements \
  -c pg_stat_statements.track=all -c pg_stat_statements.track_planning=on" sh tests/pg.sh sh -c '
U=${VERBATIM_TEST_PG%/postgres}
psql -q "$VERBATIM_TEST_PG" -c "CREATE DATABASE i"
psql -q "$U/i" -c "CREATE EXTENSION pg_stat_statements"
psql -q "$U/i" -c "SELECT pg_stat_statements_reset()" >/dev/null
BENCH_INGEST_ONLY=1 BENCH_THREADS=2 "$B" "$LIST" "$U/i" | grep -E "ingest|load|ratio"
psql "$U/i" -f "$SQL"'
