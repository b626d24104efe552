#!/bin/sh
# A page of hits' statements on PostgreSQL, the query before and after a
# change, side by side by the backend's CPU (bench_pgstmt): bench_pg (B)
# fills a database from LIST (ingest only, then ANALYZE), the top 20 hits
# of one word are taken, and each variant's SQL below runs N times on one
# connection, in turn, ROUNDS rounds.
#   hits_subquery: the hits' query with each hit's speaker named in it
#     (main before session 18)
#   hits_ids+names: the hits' query with the speakers' ids, then their
#     names in one look-up (session 18)
# Usage: LIST=/tmp/list120.txt [B=build/bench/bench_pg] [N=1000] [ROUNDS=3] sh bench/pg_hits_cpu.sh
set -eu
: "${LIST:?}"
export LIST B="${B:-$PWD/build/bench/bench_pg}" S="$PWD/build/bench/bench_pgstmt" N="${N:-1000}" ROUNDS="${ROUNDS:-3}"
[ -x "$S" ] || { echo "pg_hits_cpu.sh: make build/bench/bench_pgstmt first" >&2; exit 1; }
PG_FSYNC=on PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB" sh tests/pg.sh sh -c '
U=${VERBATIM_TEST_PG%/postgres}
psql -q "$VERBATIM_TEST_PG" -c "CREATE DATABASE h"
BENCH_INGEST_ONLY=1 "$B" "$LIST" "$U/h" | grep -E "^inputs"
psql -q "$U/h" -c "VACUUM ANALYZE"
d=$(mktemp -d)
ids=$(psql -At "$U/h" -c "SELECT array_agg(id) FROM (SELECT id FROM statements WHERE tsv @@ '"'''|en|right'''"'::tsquery
  ORDER BY ts_rank(tsv, '"'''|en|right'''"'::tsquery, 1) DESC LIMIT 20) s")
spk=$(psql -At "$U/h" -c "SELECT array_agg(coalesce(speaker_id, 0)) FROM statements WHERE id = ANY('"'"'$ids'"'"')")
cols="s.kind, convert_from(substring(convert_to(d.body, '"'UTF8'"') from s.start + 1 for s.\"end\" - s.start), '"'UTF8'"'),
 d.title, d.series, d.number, d.date, d.channel, d.publisher, d.language, s.start, s.\"end\", s.paragraph, s.t_start, s.t_end, s.idx,
 CASE WHEN EXISTS (SELECT 1 FROM statement_moves x WHERE x.doc_id = d.id) THEN d.parser ELSE 0 END, s.id
 FROM statements s CROSS JOIN LATERAL (SELECT * FROM documents WHERE id = s.doc_id OFFSET 0) d
 WHERE s.id = ANY(CAST('"'"'$ids'"'"' AS bigint[]))"
echo "SELECT d.hash, (SELECT name FROM speakers WHERE id = s.speaker_id), $cols" > "$d/hits_subquery"
printf "%s\n;;\n%s\n" "SELECT d.hash, coalesce(s.speaker_id, 0), $cols" \
  "SELECT id, name FROM speakers WHERE id = ANY(CAST('"'"'$spk'"'"' AS bigint[]))" > "$d/hits_ids+names"
echo "20 hits: $ids; $(psql -At "$U/h" -c "SELECT count(*) FROM speakers") speakers"
for r in $(seq "$ROUNDS"); do
  uptime
  "$S" "$U/h" "$N" "$d/hits_subquery" "$d/hits_ids+names"
done
rm -rf "$d"'
