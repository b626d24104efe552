#!/bin/sh
# A correction beside a running PostgreSQL ingest, two builds side by side
# in one cluster (old, new, new, old; each into a fresh database): each
# build's `verbatim ingest` of LIST's files starts, and once its first
# document is committed three corrections run one after another, each
# timed (wall: mostly the wait for the ingest's open batch to commit);
# then the ingest's own wall time. OLD and NEW: verbatim binaries; LIST:
# the files, one a line (bench/RESULTS.md: `awk 'NR%8==1'
# build/bench-data/ingest-ab-8.txt | head -120`).
# Usage: OLD=/tmp/old/verbatim NEW=build/verbatim LIST=/tmp/list.txt sh bench/pg_fix_beside.sh
set -eu
: "${OLD:?}" "${NEW:?}" "${LIST:?}"
export OLD NEW LIST
PG_FSYNC=on PG_OPTS="-c shared_buffers=512MB -c max_wal_size=4GB" sh tests/pg.sh sh -c '
U=${VERBATIM_TEST_PG%/postgres}
count() { psql -At "$1" -c "SELECT count(*) FROM documents" 2>/dev/null || echo 0; }
for run in old1 new1 new2 old2; do
  case $run in old*) b=$OLD ;; *) b=$NEW ;; esac
  db=$U/f_$run
  psql -q "$VERBATIM_TEST_PG" -c "CREATE DATABASE f_$run"
  "$b" init "$db" >/dev/null
  echo "== $run, load $(cut -d" " -f1 /proc/loadavg)"
  tr "\n" "\0" < "$LIST" | xargs -0 /usr/bin/time -f "ingest: %e s wall" "$b" ingest --db "$db" >/dev/null 2>/tmp/fix-beside-$run.err &
  ing=$!
  while [ "$(count "$db")" -lt 1 ]; do sleep 0.2; done
  for fix in "reject|Member States" "alias|add|Americas|America" "rename|United States|United States"; do
    IFS="|"
    # shellcheck disable=SC2086
    set -- $fix
    unset IFS
    before=$(count "$db")
    /usr/bin/time -f "%e" -o /tmp/fix-beside-time "$b" entity --db "$db" "$@" >/dev/null 2>&1 || true
    echo "$fix: $(cat /tmp/fix-beside-time) s, documents $before -> $(count "$db")"
  done
  wait $ing
  tail -1 /tmp/fix-beside-$run.err
  echo "documents: $(count "$db")"
done'
