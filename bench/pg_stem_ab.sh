#!/bin/sh
# One word's count + ts_rank, asked three ways, for the 40 commonest
# English stems of LIST: on OLD's archive (a stem is one lexeme '|en|s')
# and on NEW's (one lexeme a word, branch p20-one-lexeme: the partial
# match '|en|s|':*, and its joined forms ORed exactly, listed from
# verbatim_forms), 10 times each in a DO loop on one backend, in the order
# old, partial, exact, exact, partial, old, 3 rounds; ms a loop.
# Usage: OLD=/tmp/bench_pg_old NEW=/tmp/bench_pg_one_lexeme LIST=/tmp/list120.txt sh bench/pg_stem_ab.sh
set -eu
: "${OLD:?}" "${NEW:?}" "${LIST:?}"
if [ "${1:-}" != inner ]; then
  export OLD NEW LIST
  PG_FSYNC=on PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB" exec sh tests/pg.sh sh "$0" inner
fi
U=${VERBATIM_TEST_PG%/postgres}
T=$(mktemp -d)
psql -q "$VERBATIM_TEST_PG" -c "CREATE DATABASE o" -c "CREATE DATABASE n"
BENCH_INGEST_ONLY=1 "$OLD" "$LIST" "$U/o" >/dev/null
BENCH_INGEST_ONLY=1 "$NEW" "$LIST" "$U/n" >/dev/null
psql -q "$U/o" -c "VACUUM ANALYZE"
psql -q "$U/n" -c "VACUUM ANALYZE"
cat > "$T/qs.sql" <<'SQL'
CREATE TABLE qs AS SELECT st, quote_literal('|en|' || st) AS a, quote_literal('|en|' || st || '|') || ':*' AS b,
  (SELECT string_agg(quote_literal(lexeme), ' | ') FROM verbatim_forms f WHERE f.lexeme LIKE '|en|' || x.st || '|%') AS c
  FROM (SELECT split_part(l, '|', 3) st, count(*) n FROM statements, unnest(tsvector_to_array(tsv)) l
        WHERE l LIKE '|en|%' GROUP BY 1 ORDER BY 2 DESC LIMIT 40) x;
SQL
psql -q "$U/n" -f "$T/qs.sql"
psql -qAt "$U/n" -c "COPY qs TO STDOUT" > "$T/qs.tsv"
psql -q "$U/o" -c "CREATE TABLE qs(st text, a text, b text, c text)"
psql -q "$U/o" -c "COPY qs FROM STDIN" < "$T/qs.tsv"
cat > "$T/loop.sql" <<'SQL'
DO $$ DECLARE t0 timestamptz; r record; n bigint; x real; q text; col text := current_setting('my.col'); BEGIN
  t0 := clock_timestamp();
  FOR i IN 1..10 LOOP FOR r IN SELECT * FROM qs LOOP
    q := CASE col WHEN 'a' THEN r.a WHEN 'b' THEN r.b ELSE r.c END;
    EXECUTE format('SELECT count(*), max(ts_rank(tsv, %L::tsquery, 1)) FROM statements WHERE tsv @@ %L::tsquery', q, q)
      INTO n, x;
  END LOOP; END LOOP;
  RAISE NOTICE '% ms', round(extract(epoch from clock_timestamp() - t0) * 1000);
END $$;
SQL
for round in 1 2 3; do for k in oa nb nc nc nb oa; do
  db=${k%?}; col=${k#?}
  printf "%s round %s: " "$k" "$round"
  PGOPTIONS="-c my.col=$col" psql -q "$U/$db" -f "$T/loop.sql" 2>&1 | grep -o "[0-9]* ms"
done; done
rm -rf "$T"
