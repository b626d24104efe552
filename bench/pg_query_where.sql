-- bench/pg_query_where.sh: the statements of a query mix by server time
SELECT calls, round(total_exec_time) AS exec_ms, round(total_plan_time) AS plan_ms,
  round(((total_exec_time + total_plan_time) / nullif(calls, 0))::numeric, 3) AS ms_a_call,
  shared_blks_hit + shared_blks_read AS blks, rows,
  left(regexp_replace(query, '\s+', ' ', 'g'), 160) AS query
FROM pg_stat_statements WHERE toplevel
ORDER BY total_exec_time + total_plan_time DESC LIMIT 25;
