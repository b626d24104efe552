#!/bin/sh
# The same archive from two builds: each verbatim (OLD, NEW) ingests LIST
# into a fresh PostgreSQL database of one cluster; their exports, and
# two searches' JSON, are compared byte for byte, and OLD's archive
# opened by NEW (so migrated by it) exports the same. The export is the
# documents parsed again from their bodies: the tables' rows themselves
# (mentions, entities, counts, ids) are compared too, a table at a time
# (bench/pg_rows.sql: each table's count and md5 of its rows, times of
# day left out), before OLD's archive is opened by NEW.
# Usage: OLD=/tmp/main/build/verbatim NEW=build/verbatim LIST=/tmp/list40.txt sh bench/pg_export_ab.sh
set -eu
: "${OLD:?}" "${NEW:?}" "${LIST:?}"
export OLD NEW LIST
sh tests/pg.sh sh -c '
U=${VERBATIM_TEST_PG%/postgres}
T=$(mktemp -d)
psql -q "$VERBATIM_TEST_PG" -c "CREATE DATABASE e_old" -c "CREATE DATABASE e_new"
xargs -d "\n" "$OLD" ingest --db "$U/e_old" <"$LIST" | tail -1
xargs -d "\n" "$NEW" ingest --db "$U/e_new" <"$LIST" | tail -1
psql -At "$U/e_old" -f bench/pg_rows.sql >"$T/rows_old.txt"
psql -At "$U/e_new" -f bench/pg_rows.sql >"$T/rows_new.txt"
"$OLD" export --db "$U/e_old" >"$T/old.jsonl"
"$NEW" export --db "$U/e_new" >"$T/new.jsonl"
"$NEW" export --db "$U/e_old" >"$T/old_by_new.jsonl"
st=0
if diff "$T/rows_old.txt" "$T/rows_new.txt"; then echo "every table'"'"'s rows the same ($(wc -l <"$T/rows_new.txt") tables)"
else st=1; fi
cmp "$T/old.jsonl" "$T/new.jsonl" && echo "exports the same ($(wc -l <"$T/new.jsonl") documents)" || st=1
cmp "$T/old.jsonl" "$T/old_by_new.jsonl" && echo "the old archive read by the new build: the same" || st=1
for q in "peace" "nations AND war"; do
  "$OLD" search --db "$U/e_old" --json "$q" >"$T/s_old.json"
  "$NEW" search --db "$U/e_new" --json "$q" >"$T/s_new.json"
  cmp "$T/s_old.json" "$T/s_new.json" && echo "search the same: $q" || st=1
done
rm -rf "$T"
exit $st'
