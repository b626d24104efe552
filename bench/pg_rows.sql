-- Every table of the archive's schema as a count and an md5 of its rows
-- (each row's text form, sorted), leaving out the times of day a row
-- takes when it is written (timestamps; alerts' at, watches' created, a
-- claim's claimed_at) and archive_version (changes counted by the writing
-- backend's process id): two archives of the same documents print the
-- same lines when their rows are the same, ids among them. psql -At -f.
SELECT format('SELECT %L, count(*), md5(coalesce(string_agg(r, E''\n'' ORDER BY r), '''')) FROM'
              ' (SELECT ROW(%s)::text AS r FROM %I) x',
              c.relname, string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum), c.relname)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND c.relname <> 'archive_version'
  AND a.atttypid NOT IN ('timestamptz'::regtype, 'timestamp'::regtype)
  AND a.attname NOT IN ('at', 'created', 'claimed_at')
GROUP BY c.relname
ORDER BY c.relname
\gexec
