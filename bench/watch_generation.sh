#!/bin/sh
# Ingest into PostgreSQL with many standing queries, two builds side by
# side (A B A B, each on a fresh database of one throwaway cluster): what
# deciding "have the watches changed?" costs per document. PostgreSQL
# matches each document in its own transaction, so that question is asked
# once a document. Watches are inserted as rows (anchored on words no
# speech holds), so only the question differs, not what matches.
# Usage: sh bench/watch_generation.sh OLD_VERBATIM NEW_VERBATIM [DOCS] [WATCHES]
# (DOCS UN speeches of session 70, default 40; WATCHES default 100000).
set -eu
OLD=$1 NEW=$2 N=${3:-40} W=${4:-100000}
. "$(dirname "$0")/ungdc.sh"
find "$data/ungdc" -path '*Session 70 - 2015*' -name '*.txt' ! -name 'SOURCE*' | LC_ALL=C sort | head -n "$N" \
  > "$data/watch-generation-inputs.txt"
cat > "$data/watch-generation-run.sh" <<'RUN'
set -eu
base=${VERBATIM_TEST_PG%/postgres}
i=0
for bin in "$OLD" "$NEW" "$OLD" "$NEW"; do
  i=$((i + 1))
  psql -q "$VERBATIM_TEST_PG" -c "DROP DATABASE IF EXISTS vb_wgen_$i" -c "CREATE DATABASE vb_wgen_$i" 2>/dev/null
  uri="$base/vb_wgen_$i"
  "$bin" init "$uri" >/dev/null
  psql -q "$uri" -c "INSERT INTO watches(name, query, sink, anchored)
    SELECT 'w' || g, 'zzqx' || g, 'stdout', 1 FROM generate_series(1, $W) g" >/dev/null
  tr '\n' '\0' < "$LIST" |
    xargs -0 /usr/bin/time -f "$bin: %e s wall, %U s user, %M KB" "$bin" ingest --db "$uri" --threads 1 2>&1 >/dev/null |
    tail -1
done
RUN
OLD=$OLD NEW=$NEW W=$W LIST=$data/watch-generation-inputs.txt sh tests/pg.sh sh "$data/watch-generation-run.sh"
