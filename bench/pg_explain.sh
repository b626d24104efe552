#!/bin/sh
# What one-shot searches send to PostgreSQL and how each runs: the files
# of LIST ingested, a plain to_tsvector table beside them, then three
# searches three times each with every statement and its plan logged
# (auto_explain with analyze and buffers); the log goes to OUT.
# Usage: LIST=/tmp/list400.txt OUT=/tmp/explain.log sh bench/pg_explain.sh
set -eu
: "${LIST:?}" "${OUT:?}"
export LIST OUT B="${B:-$PWD/build/verbatim}"
PG_FSYNC=on PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB" sh tests/pg.sh sh -c '
U=${VERBATIM_TEST_PG%/postgres}
psql -q "$VERBATIM_TEST_PG" -c "CREATE DATABASE ex"
tr "\n" "\0" < "$LIST" | xargs -0 "$B" ingest --db "$U/ex" --threads 2 >/dev/null 2>&1
psql -q "$U/ex" -c "CREATE TABLE plain(id bigserial PRIMARY KEY, text text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('"'"'english'"'"', text)) STORED)"
psql -q "$U/ex" -c "INSERT INTO plain(text) SELECT convert_from(substring(convert_to(d.body, '"'"'UTF8'"'"')
  from s.start + 1 for s.\"end\" - s.start), '"'"'UTF8'"'"') FROM statements s JOIN documents d ON d.id = s.doc_id ORDER BY s.id"
psql -q "$U/ex" -c "CREATE INDEX plain_tsv ON plain USING gin(tsv)"
psql -q "$U/ex" -c "VACUUM ANALYZE"
D=$(psql -At "$U/ex" -c "SHOW data_directory")
for set in "session_preload_libraries = '"'"'auto_explain'"'"'" "auto_explain.log_min_duration = 0" \
  "auto_explain.log_analyze = on" "auto_explain.log_buffers = on" "log_min_duration_statement = 0"; do
  psql -q "$U/ex" -c "ALTER DATABASE ex SET $set"
done
n0=$(wc -l < "$D/../server.log")
for q in "oil prices" "human rights" "climate change"; do
  for i in 1 2 3; do "$B" search --db "$U/ex" "$q" --facets speaker,tag,month --json >/dev/null; done
done
tail -n +"$n0" "$D/../server.log" > "$OUT"'
