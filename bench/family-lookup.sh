#!/bin/sh
# A new statement's quote family in an archive of the whole UN corpus
# (issue 21: "found in under 1 ms at 1.33 M statements"): every UN speech
# but each hundredth is ingested into a new SQLite archive (families are
# made as they are stored), then build/bench/bench_famstore looks up each
# statement of the held-out speeches in it, one by one (what ingest does
# before storing a statement: the band keys in memory, the candidates'
# rows and texts read, verified). Prints the ingest's time and the lookups'
# median, p99 and largest, CPU and wall. KEEP=1 keeps the archive.
#
# ARCHIVE=PATH skips the ingest: an archive of the UN speeches made
# already is copied (it is never written to), the copy made current by
# `verbatim reindex` (an older analysis or MinHash scheme made again),
# and the held-out speeches' fingerprint rows and blocks are deleted from the copy,
# so they are looked up as new statements (their rows in the other
# tables stay; a family whose founder was among them keeps its members).
set -eu
. "$(dirname "$0")/ungdc.sh"
all=$data/family-lookup-all.txt
speeches > "$all"
awk 'NR % 100 != 0' "$all" > "$data/family-lookup-stored.txt"
awk 'NR % 100 == 0' "$all" > "$data/family-lookup-held.txt"
db=$data/family-lookup.db
rm -f "$db" "$db-wal" "$db-shm"
if [ -n "${ARCHIVE:-}" ]; then
  cp "$ARCHIVE" "$db"
  if [ -f "$ARCHIVE-wal" ]; then cp "$ARCHIVE-wal" "$db-wal"; fi
  "$BUILD/verbatim" reindex --db "$db"
  sed 's|.*/||; s|'\''|'\'\''|g; s|.*|'\''&'\''|' "$data/family-lookup-held.txt" | paste -sd, - > "$data/family-lookup-held-names.txt"
  sqlite3 "$db" "DELETE FROM fingerprints WHERE statement_id IN (SELECT s.id FROM statements s JOIN documents d
    ON d.id = s.doc_id WHERE replace(d.path, rtrim(d.path, replace(d.path, '/', '')), '') IN ($(cat "$data/family-lookup-held-names.txt")));
    SELECT changes() || ' fingerprint rows of held-out statements deleted from the copy';
    DELETE FROM fingerprint_blocks WHERE doc_id IN (SELECT d.id FROM documents d
    WHERE replace(d.path, rtrim(d.path, replace(d.path, '/', '')), '') IN ($(cat "$data/family-lookup-held-names.txt")));
    SELECT changes() || ' fingerprint blocks of held-out documents deleted from the copy'"
else
  "$BUILD/verbatim" init "$db" >/dev/null
  tr '\n' '\0' < "$data/family-lookup-stored.txt" |
    /usr/bin/time -f "ingest with families: %e s wall, %U s user, %S s sys, peak %M KB" \
      xargs -0 "$BUILD/verbatim" ingest --db "$db"
fi
/usr/bin/time -f "lookups: %e s wall, peak %M KB" "$BUILD/bench/bench_famstore" "$db" "$data/family-lookup-held.txt"
[ -n "${KEEP:-}" ] || rm -f "$db" "$db-wal" "$db-shm"
