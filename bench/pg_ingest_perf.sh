#!/bin/sh
# Where a PostgreSQL ingest's server CPU goes, by function: bench_pg (B)
# fills a fresh database from LIST (BENCH_INGEST_ONLY=1) while perf samples
# the store's backend (found in pg_stat_activity once it connects), then
# bench_pg's own peer, the plain to_tsvector COPY of the same texts, in
# the same backend, sampled with it (its share shows apart as COPY's and
# to_tsvector's functions). Prints perf's own shares, and the inclusive
# shares of the functions that say where: GIN, the other indexes, the
# foreign keys' triggers, parse and plan, the tsvector input, commit.
# Usage: LIST=/tmp/list120.txt [B=build/bench/bench_pg] [OUT=dir] sh bench/pg_ingest_perf.sh
set -eu
if [ "${1:-}" = --inner ]; then
  U=${VERBATIM_TEST_PG%/postgres}
  psql -q "$VERBATIM_TEST_PG" -c "CREATE DATABASE i"
  BENCH_INGEST_ONLY=1 BENCH_THREADS=2 "$B" "$LIST" "$U/i" >"$OUT/bench.txt" 2>&1 &
  bench=$!
  pids=""
  for t in $(seq 1 400); do
    pids=$(psql -At "$VERBATIM_TEST_PG" -c "SELECT string_agg(pid::text, ',') FROM pg_stat_activity
      WHERE datname = 'i' AND backend_type = 'client backend'")
    [ -n "$pids" ] && break
    sleep 0.05
  done
  perf record -q -F 997 --call-graph dwarf,32768 -p "$pids" -o "$OUT/perf.data" >/dev/null 2>&1 &
  perfpid=$!
  wait $bench
  kill -INT $perfpid
  wait $perfpid || true
  grep -E "ingest|load|ratio" "$OUT/bench.txt"
  echo "backends sampled: $pids"
  exit 0
fi
: "${LIST:?}"
OUT=${OUT:-/tmp/pg_ingest_perf}
mkdir -p "$OUT"
export LIST OUT B="${B:-$PWD/build/bench/bench_pg}"
PG_FSYNC=on PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB" sh tests/pg.sh sh "$0" --inner
perf report -i "$OUT/perf.data" --no-children --sort symbol --stdio -g none 2>/dev/null | grep -E "^ +[0-9.]+%" | head -40 >"$OUT/self.txt"
perf report -i "$OUT/perf.data" --children --sort symbol --stdio -g none 2>/dev/null | grep -E "^ +[0-9.]+%" >"$OUT/children.txt"
echo "== own time, top 40"
cat "$OUT/self.txt"
echo "== inclusive, selected"
grep -E " (ginInsertCleanup|ginHeapTupleFastInsert|gininsert|btinsert|ExecInsertIndexTuples|RI_FKey_check_ins|AfterTriggerEndQuery|pg_parse_query|parse_analyze_fixedparams|parse_analyze_varparams|pg_analyze_and_rewrite_fixedparams|pg_analyze_and_rewrite_varparams|pg_plan_queries|tsvectorin|to_tsvector|to_tsvector_byid|CopyFrom|ExecInsert|heap_insert|heap_multi_insert|CommitTransaction|XLogInsert|XLogFlush|exec_bind_message|exec_execute_message|exec_parse_message|exec_simple_query|ExecOnConflictUpdate|ExecCheckIndexConstraints|DefineSavepoint|ReleaseSavepoint|PostgresMain)\$" "$OUT/children.txt"
