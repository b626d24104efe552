-- bench/pg_ingest_where.sh: an ingest's statements by server time; the
-- multi-row INSERTs of one table counted together (their texts differ in
-- the number of rows), the plain table's COPY on its own line
WITH s AS (
  SELECT toplevel, calls, total_exec_time, total_plan_time, rows, shared_blks_hit + shared_blks_read AS blks,
    CASE WHEN query ~* '^\s*insert into' THEN regexp_replace(query, '\s*VALUES.*$', ' VALUES …', 'is')
         ELSE left(regexp_replace(query, '\s+', ' ', 'g'), 110) END AS q
  FROM pg_stat_statements WHERE query !~* 'pg_stat_statements')
SELECT CASE WHEN toplevel THEN 'top' ELSE 'nested' END AS level, sum(calls) AS calls,
  round(sum(total_exec_time)) AS exec_ms, round(sum(total_plan_time)) AS plan_ms,
  sum(rows) AS rows, sum(blks) AS blks, left(q, 110) AS query
FROM s GROUP BY toplevel, q
ORDER BY sum(total_exec_time) + sum(total_plan_time) DESC LIMIT 30;
SELECT 'all top-level' AS what, sum(calls) AS calls, round(sum(total_exec_time)) AS exec_ms,
  round(sum(total_plan_time)) AS plan_ms FROM pg_stat_statements WHERE toplevel;
