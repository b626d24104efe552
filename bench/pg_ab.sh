#!/bin/sh
# Two builds' PostgreSQL ingest side by side in one cluster, each run into
# a fresh database, with pg_stat_statements' count of the statements each
# sent and the server's time. OLD and NEW: bench_pg binaries of the two
# builds (the same one twice: a build's figures alone); LIST: the files
# (the first 120 of every eighth of build/bench-data/ingest-ab-8.txt in
# bench/RESULTS.md). ROUNDS (default 2) pairs, in turn old then new, new
# then old (old, new, new, old, old, new for 3), so each build runs as
# often early as late. Each run prints the load before it; the end prints,
# per build, the medians over its runs of: verbatim's ingest wall and its
# server backend's CPU, plain's COPY load wall and server CPU, and the
# ratios plain / verbatim of each run (issue 20's line: >= 0.5).
# Usage: OLD=/tmp/bench_pg_old NEW=build/bench/bench_pg LIST=/tmp/list120.txt [ROUNDS=3] sh bench/pg_ab.sh
set -eu
: "${OLD:?}" "${NEW:?}" "${LIST:?}"
ROUNDS=${ROUNDS:-2}
export OLD NEW LIST ROUNDS
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp /tmp/verbatim-pgab.XXXXXX)
trap 'rm -f "$out"' EXIT
PG_FSYNC=on PG_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB \
  -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all" sh tests/pg.sh sh -c '
U=${VERBATIM_TEST_PG%/postgres}
psql -q "$VERBATIM_TEST_PG" -c "CREATE EXTENSION pg_stat_statements"
runs=""
for r in $(seq "$ROUNDS"); do
  if [ $((r % 2)) = 1 ]; then runs="$runs old$r new$r"; else runs="$runs new$r old$r"; fi
done
for run in $runs; do
  psql -q "$VERBATIM_TEST_PG" -c "CREATE DATABASE i_$run"
  echo "== $run, load $(cut -d" " -f1-3 /proc/loadavg)"
  case $run in old*) b=$OLD ;; *) b=$NEW ;; esac
  BENCH_INGEST_ONLY=1 BENCH_THREADS=2 "$b" "$LIST" "$U/i_$run"
done
psql "$VERBATIM_TEST_PG" -c "SELECT d.datname, sum(s.calls) FILTER (WHERE s.toplevel) AS sent, sum(s.calls) AS all_calls,
  round(sum(s.total_exec_time)) AS server_ms FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
  WHERE d.datname LIKE '"'"'i_%'"'"' AND s.query NOT LIKE '"'"'%plain%'"'"' GROUP BY 1 ORDER BY 1"' | tee "$out"
awk -f "$here/median.awk" -f /dev/stdin "$out" <<'AWK'
/^== / { b = substr($2, 1, 3) }
/^verbatim ingest into/ { w = $5; keep(b "vw", w) }
/^verbatim ingest CPU/ { s = $6; keep(b "vs", s) }
/^plain to_tsvector/ { keep(b "pw", $4); keep(b "rw", $4 / w) }
/^plain load CPU/ { keep(b "ps", $6); if (s > 0) keep(b "rs", $6 / s) }
END {
  for (i = 1; i <= 2; i++) {
    b = i == 1 ? "old" : "new"
    printf "%s, medians of %d: verbatim wall %.2f s, server CPU %.2f s; plain wall %.2f s, server CPU %.2f s;" \
      " ratio plain/verbatim wall %.3f, server CPU %.3f\n", b, med_n[b "vw"], med(b "vw"), med(b "vs"),
      med(b "pw"), med(b "ps"), med(b "rw"), med(b "rs")
  }
}
AWK
