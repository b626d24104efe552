#!/bin/sh
# An analyst's entity corrections on the whole UN General Debate archive
# (10,952 speeches, 1.34 M statements, about 1.07 M mentions), two builds
# side by side (OLD NEW OLD NEW, each on a fresh copy of the same
# archive), on SQLite and on PostgreSQL: wall and CPU time of each
# correction as `verbatim entity` makes it, one process each.
#
# The corrections, in this order: a rename of an entity to its own name
# (nothing changes; on an archive whose mentions do not keep their
# spelling's key yet, a build that keeps them fills them in here, once),
# `alias add Americas America` (the spelling leaves United States),
# `merge "Soviet Union" "Union of Soviet Socialist"`, `split "United
# States" American Americans`, `reject "Member States"` (10,399 mentions).
#
# Usage: sh bench/corrections.sh OLD_VERBATIM NEW_VERBATIM [sqlite|pg|both]
# SQLite: UN_DB=archive.db is copied for each run; without it the archive
# is made here by NEW (`verbatim ingest` of the corpus, minutes).
# PostgreSQL: a throwaway cluster (tests/pg.sh); NEW ingests the corpus
# once, each run corrects a copy (CREATE DATABASE … TEMPLATE); PG_DOCS=N
# ingests only the first N speeches (by session), the whole corpus taking
# over an hour on a busy machine.
# BESIDE=DIR: each PostgreSQL run also ingests DIR into the archive it
# corrects, started before the first correction and still going while
# they run; the ingest's wall time and exit status are printed, and the
# script fails if it fails (corrections must never make an ingest fail).
# PG_LIVE="N M …": the corrections run on the archive the corpus's ingest
# is still writing into, once it holds N documents, again at M, …; then
# the ingest's exit status (the script fails if it failed), and no runs
# on copies. Every correction after the first set is one made already
# (the merge is then refused: exit 1).
set -eu
OLD=$1 NEW=$2 WHICH=${3:-both}
. "$(dirname "$0")/ungdc.sh"
cat > "$data/corrections-run.sh" <<'RUN'
# corrections BIN DB: each correction's time, one line each
corrections() {
  fbin=$1 fdb=$2
  for fix in 'rename|UN General Assembly|UN General Assembly' 'alias|add|Americas|America' \
    'merge|Soviet Union|Union of Soviet Socialist' 'split|United States|American|Americans' 'reject|Member States'; do
    old_ifs=$IFS
    IFS='|'
    # shellcheck disable=SC2086
    set -- $fix
    IFS=$old_ifs
    /usr/bin/time -f "$fbin $(echo "$fix" | tr '|' ' '): %e s wall, %U s user, %S s sys, %M KB, exit %x" \
      "$fbin" entity --db "$fdb" "$@" 2>&1 >/dev/null | tail -1
  done
}
RUN
. "$data/corrections-run.sh"
if [ "$WHICH" != pg ]; then
  db=${UN_DB:-$data/corrections-un.db}
  if [ ! -f "$db" ]; then
    "$NEW" init "$db" >/dev/null
    "$NEW" ingest --db "$db" "$data/ungdc/TXT" >/dev/null
  fi
  copy=$data/corrections-copy.db
  for bin in "$OLD" "$NEW" "$OLD" "$NEW"; do
    rm -f "$copy" "$copy-wal" "$copy-shm"
    cp "$db" "$copy"
    echo "sqlite, load $(cut -d' ' -f1 /proc/loadavg)"
    corrections "$bin" "$copy"
  done
  rm -f "$copy" "$copy-wal" "$copy-shm"
fi
if [ "$WHICH" != sqlite ]; then
  cat >> "$data/corrections-run.sh" <<'RUN'
set -eu
base=${VERBATIM_TEST_PG%/postgres}
psql -q "$VERBATIM_TEST_PG" -c "CREATE DATABASE vb_fix_un"
"$NEW" init "$base/vb_fix_un" >/dev/null
count() { psql -At "$base/vb_fix_un" -c "SELECT count(*) FROM $1"; }
if [ -n "$PG_LIVE" ]; then
  rm -f "$DATA/live-ingest.rc"
  ( rc=0
    /usr/bin/time -f "ingest into PostgreSQL: %e s wall" "$NEW" ingest --db "$base/vb_fix_un" "$DATA/ungdc/TXT" >/dev/null 2>"$DATA/live-ingest.err" || rc=$?
    echo $rc > "$DATA/live-ingest.rc" ) &
  for at in $PG_LIVE; do
    while [ ! -f "$DATA/live-ingest.rc" ] && [ "$(count documents)" -lt "$at" ]; do sleep 5; done
    [ -f "$DATA/live-ingest.rc" ] && break
    echo "postgresql, the ingest going: $(count documents) documents, $(count mentions) mentions, load $(cut -d' ' -f1 /proc/loadavg)"
    corrections "$NEW" "$base/vb_fix_un"
    echo "after them: $(count documents) documents"
  done
  wait
  tail -2 "$DATA/live-ingest.err"
  echo "ingest: exit $(cat "$DATA/live-ingest.rc"), $(count documents) documents"
  [ "$(cat "$DATA/live-ingest.rc")" = 0 ] || { cat "$DATA/live-ingest.err" >&2; exit 1; }
  exit 0
fi
if [ -n "$PG_DOCS" ]; then
  find "$DATA/ungdc/TXT" -name '*.txt' ! -name 'SOURCE*' | LC_ALL=C sort | head -n "$PG_DOCS" | tr '\n' '\0' |
    xargs -0 /usr/bin/time -f "ingest into PostgreSQL: %e s wall" "$NEW" ingest --db "$base/vb_fix_un" >/dev/null
else
  /usr/bin/time -f "ingest into PostgreSQL: %e s wall" "$NEW" ingest --db "$base/vb_fix_un" "$DATA/ungdc/TXT" >/dev/null
fi
psql -At "$base/vb_fix_un" -c "SELECT count(*) || ' documents, ' || (SELECT count(*) FROM mentions) || ' mentions' FROM documents"
i=0
for bin in "$OLD" "$NEW" "$OLD" "$NEW"; do
  i=$((i + 1))
  psql -q "$VERBATIM_TEST_PG" -c "CREATE DATABASE vb_fix_$i TEMPLATE vb_fix_un"
  echo "postgresql, load $(cut -d' ' -f1 /proc/loadavg)"
  if [ -n "$BESIDE" ]; then
    before=$(psql -At "$base/vb_fix_$i" -c "SELECT count(*) FROM documents")
    ( rc=0
      /usr/bin/time -f "ingest beside: %e s wall" "$NEW" ingest --db "$base/vb_fix_$i" "$BESIDE" >/dev/null 2>"$DATA/beside-$i.err" || rc=$?
      echo $rc > "$DATA/beside-$i.rc" ) &
    # the corrections start once the ingest has stored a document
    while [ "$(psql -At "$base/vb_fix_$i" -c "SELECT count(*) FROM documents")" = "$before" ]; do sleep 0.2; done
  fi
  corrections "$bin" "$base/vb_fix_$i"
  if [ -n "$BESIDE" ]; then
    echo "corrections done with $(($(psql -At "$base/vb_fix_$i" -c "SELECT count(*) FROM documents") - before)) documents ingested beside"
    wait
    tail -1 "$DATA/beside-$i.err"
    echo "ingest beside: exit $(cat "$DATA/beside-$i.rc"), $(($(psql -At "$base/vb_fix_$i" -c "SELECT count(*) FROM documents") - before)) documents"
    [ "$(cat "$DATA/beside-$i.rc")" = 0 ] || { cat "$DATA/beside-$i.err" >&2; exit 1; }
  fi
  psql -q "$VERBATIM_TEST_PG" -c "DROP DATABASE vb_fix_$i"
done
RUN
  OLD=$OLD NEW=$NEW DATA=$data PG_DOCS=${PG_DOCS:-} BESIDE=${BESIDE:-} PG_LIVE=${PG_LIVE:-} PG_OPTS="-c shared_buffers=512MB -c max_wal_size=4GB" \
    sh tests/pg.sh sh "$data/corrections-run.sh"
fi
