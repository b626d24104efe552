#!/bin/sh
# PostgreSQL beside SQLite on the UNGDC archive (bench_pg): a cluster of its
# own (tests/pg.sh) with PostgreSQL's durable defaults (fsync on) and 1 GB
# of shared buffers; the SQLite archive bench_ingest built is the peer.
# Usage: sh bench/pg.sh (after make bench, which unpacks the corpus).
set -eu
BUILD=${BUILD:-build}
list=$BUILD/bench-data/ingest-inputs.txt
[ -f "$list" ] || { echo "pg.sh: $list missing: run make bench first" >&2; exit 2; }
PG_FSYNC=on PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB" \
  sh tests/pg.sh sh -c "\"$BUILD/bench/bench_pg\" \"$list\" \"\$VERBATIM_TEST_PG\" \"$BUILD/bench-data/verbatim.db\""
