#!/bin/sh
# What reading a page of hits' texts costs by how the documents' bodies
# are stored: bench_pg (B) fills a database from LIST (ingest only), then
# bench/pg_hit_text.sql copies the bodies three ways and times the hits'
# text expression of search.c's hit query (pg_sql.c's stmt_text) on each,
# interleaved, 200 times a round.
# Usage: LIST=/tmp/list120.txt [B=build/bench/bench_pg] sh bench/pg_hit_text.sh
set -eu
: "${LIST:?}"
export SQL="$PWD/bench/pg_hit_text.sql" LIST B="${B:-$PWD/build/bench/bench_pg}"
PG_FSYNC=on PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB" sh tests/pg.sh sh -c '
U=${VERBATIM_TEST_PG%/postgres}
psql -q "$VERBATIM_TEST_PG" -c "CREATE DATABASE h"
BENCH_INGEST_ONLY=1 "$B" "$LIST" "$U/h" | grep -E "^inputs"
uptime
psql -q "$U/h" -f "$SQL"
uptime'
