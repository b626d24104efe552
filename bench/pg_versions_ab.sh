#!/bin/sh
# Two builds whose PostgreSQL archives differ in their analysis (an old
# build cannot search a new build's archive: each fills its own), side by
# side in one cluster: old, new, new, old, each the whole bench_pg (its
# ingest beside the plain to_tsvector COPY, then the 16-query mix beside
# plain PostgreSQL) into a fresh database, and the GIN entries a statement
# of each archive. OLD and NEW: bench_pg binaries of the two builds; LIST:
# the files.
# Usage: OLD=/tmp/bench_pg_old NEW=build/bench/bench_pg LIST=/tmp/list120.txt sh bench/pg_versions_ab.sh
set -eu
: "${OLD:?}" "${NEW:?}" "${LIST:?}"
export OLD NEW LIST
PG_FSYNC=on PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB" sh tests/pg.sh sh -c '
U=${VERBATIM_TEST_PG%/postgres}
for run in old1 new1 new2 old2; do
  psql -q "$VERBATIM_TEST_PG" -c "CREATE DATABASE v_$run"
  echo "== $run $(uptime | sed "s/.*load/load/")"
  case $run in old*) b=$OLD ;; *) b=$NEW ;; esac
  BENCH_THREADS=2 "$b" "$LIST" "$U/v_$run"
  psql -qtA "$U/v_$run" -c "SELECT '"'"'lexemes a statement: '"'"' || round(avg(length(tsv)), 2)
    || '"'"', positions a statement: '"'"' || round(avg((SELECT count(*) FROM unnest(tsv) u, unnest(u.positions))), 2)
    || '"'"', GIN index MB: '"'"' || pg_relation_size('"'"'statements_tsv'"'"') / 1000000 FROM statements"
done'
