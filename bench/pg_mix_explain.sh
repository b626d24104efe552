#!/bin/sh
# The PostgreSQL query mix's plans, each statement of a search beside plain
# PostgreSQL's count + top 20 for the same words: bench_pg (B) fills a
# database from LIST (its ingest, the plain table, VACUUM ANALYZE, the mix
# once), then searches it again (BENCH_QUERY_ONLY=1) with every statement's
# plan logged (auto_explain, ANALYZE and BUFFERS) and its parameters
# (log_min_duration_statement); bench/pg_mix_explain.py reads the last
# round of the mix from the log: per query, each statement's time and
# buffers on both sides. The log is kept in OUT.
# Usage: LIST=/tmp/list120.txt OUT=/tmp/mix.log [B=build/bench/bench_pg] sh bench/pg_mix_explain.sh
set -eu
: "${LIST:?}" "${OUT:?}"
export LIST OUT B="${B:-$PWD/build/bench/bench_pg}" PY="$PWD/bench/pg_mix_explain.py"
PG_FSYNC=on PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB" sh tests/pg.sh sh -c '
U=${VERBATIM_TEST_PG%/postgres}
psql -q "$VERBATIM_TEST_PG" -c "CREATE DATABASE x"
"$B" "$LIST" "$U/x" | grep -E "ingest|ratio|p50|server CPU"
D=$(psql -At "$U/x" -c "SHOW data_directory")
for set in "session_preload_libraries = '"'"'auto_explain'"'"'" "auto_explain.log_min_duration = 0" \
  "auto_explain.log_analyze = on" "auto_explain.log_buffers = on" "log_min_duration_statement = 0"; do
  psql -q "$U/x" -c "ALTER DATABASE x SET $set"
done
n0=$(wc -l < "$D/../server.log")
BENCH_QUERY_ONLY=1 "$B" "$LIST" "$U/x" | grep -E "p50|server CPU"
tail -n +"$n0" "$D/../server.log" > "$OUT"
python3 "$PY" "$OUT"'
