#!/bin/sh
# What the statements' tsvector makes a search cost, by what it holds: on
# an archive filled before (bench_pg), three copies of a sample of its
# statements (every SAMPLE-th id), each with its GIN index:
#   v0  the tsvector as stored: a word's stem ('|en|forest', or 'forest|en'
#       for a word that is its own stem) and beside it the written form
#       of a word that is not ('forests');
#   v1  the stems alone (the lexemes without '|' dropped);
#   v2  the stems alone as one lexeme a stem ('w|L' written '|L|w'), so a
#       query word is one lexeme, not the OR of two;
#   v3  v2's stems and every word's written form ('w|L' as '|L|w' and
#       'w'): what a prefix or a word sought as written needs kept, in
#       one tsvector (more lexemes than v0; a query word one lexeme).
# Each query of QUERIES (a file, one tsquery a line, as pg_search.c
# compiles the mix for the archive: bench/pg_mix_explain.sh's log gives
# them) is run on each copy in turn, ROUNDS rounds: count(*) and the sum
# of ts_rank(tsv, q, 1) over the matches (what the counted search's CTE
# computes); the median ms a variant and its hits (v1 and v2 lose the
# written forms: a prefix or a word sought as written finds fewer there).
# v2's and v3's query is v0's with 'w|L' written '|L|w' and ( 'x' | 'x' )
# made 'x'. The copies are left in the database (n14_v0 … n14_v3) for
# EXPLAIN by hand; KEEP=1 reuses them.
# Usage: URL=postgresql://…/full_un QUERIES=/tmp/mix.tsq [SAMPLE=4] [ROUNDS=7] sh bench/pg_tsv_variants.sh
set -eu
: "${URL:?}" "${QUERIES:?}"
SAMPLE=${SAMPLE:-4}
ROUNDS=${ROUNDS:-7}
if [ -z "${KEEP:-}" ]; then
  psql -q "$URL" <<EOF
DROP TABLE IF EXISTS n14_v0, n14_v1, n14_v2, n14_v3;
CREATE TABLE n14_v0 AS SELECT id, tsv FROM statements WHERE id % $SAMPLE = 0;
CREATE TABLE n14_v1 AS SELECT id, regexp_replace(tsv::text, '''[^''|]+'':[0-9,]+ ?', '', 'g')::tsvector AS tsv
  FROM n14_v0;
CREATE TABLE n14_v2 AS SELECT id, regexp_replace(tsv::text, '''([^''|]+)\|([a-z]+)''', '''|\2|\1''', 'g')::tsvector AS tsv
  FROM n14_v1;
CREATE TABLE n14_v3 AS SELECT id, regexp_replace(tsv::text, '''([^''|]+)\|([a-z]+)'':([0-9,]+)',
  '''|\2|\1'':\3 ''\1'':\3', 'g')::tsvector AS tsv FROM n14_v0;
CREATE INDEX ON n14_v0 USING gin(tsv);
CREATE INDEX ON n14_v1 USING gin(tsv);
CREATE INDEX ON n14_v2 USING gin(tsv);
CREATE INDEX ON n14_v3 USING gin(tsv);
VACUUM ANALYZE n14_v0, n14_v1, n14_v2, n14_v3;
EOF
fi
psql -q "$URL" <<'EOF'
SELECT v, count(*) AS rows, round(avg(length(tsv)), 1) AS lexemes, round(avg(pg_column_size(tsv))) AS bytes,
  round(pg_total_relation_size(v::regclass) / 1e6) AS mb
FROM (SELECT 'n14_v0' v, tsv FROM n14_v0 UNION ALL SELECT 'n14_v1', tsv FROM n14_v1
      UNION ALL SELECT 'n14_v2', tsv FROM n14_v2 UNION ALL SELECT 'n14_v3', tsv FROM n14_v3) x
GROUP BY v ORDER BY v;
CREATE OR REPLACE FUNCTION n14_v2_query(q text) RETURNS text LANGUAGE sql AS $$
  SELECT regexp_replace(regexp_replace(q::tsquery::text, '''([^''|]+)\|([a-z]+)''', '''|\2|\1''', 'g'),
                        '\(\s*(''[^'']+'')\s*\|\s*\1\s*\)', '\1', 'g') $$;
CREATE OR REPLACE FUNCTION n14_run(t text, q tsquery, OUT ms double precision, OUT hits bigint)
LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; s real;
BEGIN
  t0 := clock_timestamp();
  EXECUTE format('SELECT count(*), sum(ts_rank(tsv, $1, 1)) FROM %I WHERE tsv @@ $1', t) INTO hits, s USING q;
  ms := extract(epoch FROM clock_timestamp() - t0) * 1000;
END $$;
EOF
while IFS= read -r q; do
  [ -n "$q" ] || continue
  psql -Atq "$URL" -v q="$q" -v rounds="$ROUNDS" <<'EOF'
SELECT set_config('n14.q', :'q', false), set_config('n14.rounds', :'rounds', false) \g /dev/null
CREATE TEMP TABLE t(v text, ms double precision, hits bigint);
DO $$ BEGIN
  FOR r IN 1..current_setting('n14.rounds')::int LOOP
    INSERT INTO t SELECT 'v0', * FROM n14_run('n14_v0', current_setting('n14.q')::tsquery);
    INSERT INTO t SELECT 'v1', * FROM n14_run('n14_v1', current_setting('n14.q')::tsquery);
    INSERT INTO t SELECT 'v2', * FROM n14_run('n14_v2', n14_v2_query(current_setting('n14.q'))::tsquery);
    INSERT INTO t SELECT 'v3', * FROM n14_run('n14_v3', n14_v2_query(current_setting('n14.q'))::tsquery);
  END LOOP;
END $$;
SELECT string_agg(format('%s %s ms (%s hits)', v, round(m::numeric, 1), h), ', ' ORDER BY v)
  || '  ' || left(current_setting('n14.q'), 90)
FROM (SELECT v, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) m, max(hits) h FROM t GROUP BY v) x;
EOF
done <"$QUERIES"
