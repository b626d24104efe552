-- bench/pg_hit_text.sh: 20 hits' texts read from the documents' bodies
-- stored three ways (pglz-compressed, PostgreSQL's default; lz4; not
-- compressed, STORAGE EXTERNAL), each a copy of documents, timed in turn.
DROP TABLE IF EXISTS doc_pglz, doc_lz4, doc_ext;
CREATE TABLE doc_pglz(id bigint PRIMARY KEY, body text);
ALTER TABLE doc_pglz ALTER body SET STORAGE EXTENDED, ALTER body SET COMPRESSION pglz;
CREATE TABLE doc_lz4(id bigint PRIMARY KEY, body text);
ALTER TABLE doc_lz4 ALTER body SET STORAGE EXTENDED, ALTER body SET COMPRESSION lz4;
CREATE TABLE doc_ext(id bigint PRIMARY KEY, body text);
ALTER TABLE doc_ext ALTER body SET STORAGE EXTERNAL;
-- body || '' makes each value anew (a copied value keeps its compression)
INSERT INTO doc_pglz SELECT id, body || '' FROM documents;
INSERT INTO doc_lz4 SELECT id, body || '' FROM documents;
INSERT INTO doc_ext SELECT id, body || '' FROM documents;
VACUUM ANALYZE doc_pglz, doc_lz4, doc_ext;
SELECT 'doc_pglz' t, pg_total_relation_size('doc_pglz') bytes UNION ALL SELECT 'doc_lz4', pg_total_relation_size('doc_lz4')
UNION ALL SELECT 'doc_ext', pg_total_relation_size('doc_ext');
-- ms a query of the 20 statements (one in 900 by id, as many documents)
CREATE OR REPLACE FUNCTION pg_hit_text(tbl text, expr text, n int) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz; a bigint[]; x bigint;
BEGIN
  SELECT array_agg(id) INTO a FROM (SELECT id FROM statements WHERE id % 900 = 7 LIMIT 20) s;
  t0 := clock_timestamp();
  FOR i IN 1..n LOOP
    EXECUTE format('SELECT sum(%s) FROM statements s JOIN %I d ON d.id = s.doc_id WHERE s.id = ANY($1)', expr, tbl)
      INTO x USING a;
  END LOOP;
  RETURN round((extract(epoch FROM clock_timestamp() - t0) * 1000 / n)::numeric, 3);
END $$;
SELECT r AS round, t AS bodies,
  pg_hit_text(t, 'length(convert_from(substring(convert_to(d.body, ''UTF8'') from s.start + 1 for s."end" - s.start), ''UTF8''))', 200) AS hit_text_ms,
  pg_hit_text(t, 's.start', 200) AS no_text_ms
FROM (VALUES (1, 1, 'doc_pglz'), (1, 2, 'doc_lz4'), (1, 3, 'doc_ext'), (2, 4, 'doc_ext'), (2, 5, 'doc_lz4'), (2, 6, 'doc_pglz'),
             (3, 7, 'doc_pglz'), (3, 8, 'doc_lz4'), (3, 9, 'doc_ext')) v(r, k, t) ORDER BY k;
