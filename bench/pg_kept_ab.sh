#!/bin/sh
# Two builds' PostgreSQL query mix side by side on an archive filled
# before (bench_pg, which leaves it VACUUM ANALYZEd), so no build fills
# its own: OLD, NEW, NEW, OLD (BENCH_QUERY_ONLY=1), each run printing the
# mix's p50, the server CPU a search and each query's median. BEFORE_SQL,
# when given, runs before each of OLD's runs (what NEW makes at open and
# OLD must not find: DROP INDEX IF EXISTS documents_year_alone).
# With EXPLAIN=DIR, one run of each instead, every statement's plan logged
# (auto_explain, ANALYZE and BUFFERS, as bench/pg_mix_explain.sh does; the
# server's log is the data directory's ../server.log, as tests/pg.sh
# starts it): DIR/before.log and DIR/after.log, each summed up by
# bench/pg_mix_explain.py.
# Usage: OLD=/tmp/bench_pg_old NEW=build/bench/bench_pg LIST=/tmp/listall.txt URL=postgresql://…/full_un \
#   [BEFORE_SQL=…] [EXPLAIN=/tmp/plans] sh bench/pg_kept_ab.sh
set -eu
: "${OLD:?}" "${NEW:?}" "${LIST:?}" "${URL:?}"
PY="$(dirname "$0")/pg_mix_explain.py"
db=$(psql -Atq "$URL" -c "SELECT current_database()")
runs="before1 after1 after2 before2"
if [ -n "${EXPLAIN:-}" ]; then
  mkdir -p "$EXPLAIN"
  runs="before after"
  log=$(psql -Atq "$URL" -c "SHOW data_directory")/../server.log
  for set in "session_preload_libraries = 'auto_explain'" "auto_explain.log_min_duration = 0" \
    "auto_explain.log_analyze = on" "auto_explain.log_buffers = on" "log_min_duration_statement = 0"; do
    psql -q "$URL" -c "ALTER DATABASE $db SET $set"
  done
fi
for run in $runs; do
  case $run in
  before*)
    b=$OLD
    [ -z "${BEFORE_SQL:-}" ] || psql -q "$URL" -c "$BEFORE_SQL"
    ;;
  *) b=$NEW ;;
  esac
  echo "== $run ($(cut -d' ' -f1 /proc/loadavg))"
  [ -n "${EXPLAIN:-}" ] && n0=$(wc -l <"$log")
  BENCH_QUERY_ONLY=1 "$b" "$LIST" "$URL" | grep -E "median|p50|server CPU"
  if [ -n "${EXPLAIN:-}" ]; then
    tail -n +"$n0" "$log" >"$EXPLAIN/$run.log"
    python3 "$PY" "$EXPLAIN/$run.log"
  fi
done
if [ -n "${EXPLAIN:-}" ]; then
  for set in session_preload_libraries auto_explain.log_min_duration auto_explain.log_analyze \
    auto_explain.log_buffers log_min_duration_statement; do
    psql -q "$URL" -c "ALTER DATABASE $db RESET $set"
  done
fi
