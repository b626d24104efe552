#!/bin/sh
# What issue 14's own analysis costs at ingest (its line: "ingest
# throughput no worse than 0.9x", the lead's reading: of issue 14's own
# change, the whole ingest's pace being issue 20's). `verbatim ingest` of
# every STEP-th UN speech in name order (default 8, ingest_ab.sh's slice)
# into a new SQLite archive by this build (WITH, default $BUILD/verbatim)
# and by the same tree built with the analysis issue 14 replaced (BASE:
#   make BUILD=build-plain CFLAGS=-DVB_BENCH_PLAIN_ANALYSIS build-plain/verbatim
# which indexes as e6bab44 did, one untagged stem a word in the document's
# language: no language tags, no written forms beside the stems, no search
# columns kept in blocks; its archives are for timing only), alternating,
# RUNS times each (default 5; bench/lib-ab.sh): wall and CPU seconds of
# each run (/usr/bin/time) with the load average before it, then the medians and
# the throughput ratio (BASE's time / WITH's). Then the instructions of
# one ingest each of every IR_STEP-th speech (default 80), by `perf stat
# -e instructions:u` where the machine counts them, else by callgrind,
# whose outputs stay in $data for callgrind_annotate (IR=0: left out).
# On a shared machine run it with `nice -n -10` and read the medians.
set -eu
RUNS=${RUNS:-5}
STEP=${STEP:-8}
IR_STEP=${IR_STEP:-80}
BASE=${BASE:?BASE=path/to/verbatim built with -DVB_BENCH_PLAIN_ANALYSIS}
. "$(dirname "$0")/ungdc.sh"
WITH=${WITH:-$BUILD/verbatim}
list=$data/analysis-ingest-inputs.txt
speeches | awk -v n="$STEP" 'NR % n == 1' > "$list"
db=$data/analysis-ingest.db
times=$data/analysis-ingest-times.txt
. "$(dirname "$0")/lib-ab.sh"
ab_show() { awk '{printf "%-6s run %s: %6.2f s wall, %6.2f s CPU (load %s)\n", $1, $2, $3, $4 + $5, $7}'; }
echo "== $(wc -l < "$list") speeches, $RUNS runs each, plain (BASE) then issue 14 (WITH) =="
ab_alternate "$RUNS" "$list" plain "$BASE" with "$WITH"
for what in wall cpu; do
  a=$(ab_median plain $what)
  b=$(ab_median with $what)
  echo "median $what: plain $a s, issue 14 $b s, throughput issue 14 / plain $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.3f", a / b}')"
done
echo "load average from $(awk 'NR == 1 {print $7}' "$times") to $(awk 'END {print $7}' "$times") across the runs"
if [ "${IR:-1}" = 1 ]; then
  irlist=$data/analysis-ingest-ir.txt
  speeches | awk -v n="$IR_STEP" 'NR % n == 1' > "$irlist"
  echo "== instructions, $(wc -l < "$irlist") speeches (every ${IR_STEP}th) =="
  if perf stat -x, -e instructions:u true 2>&1 >/dev/null | grep -q '^[0-9]'; then
    for b in plain with; do
      bin=$BASE
      [ "$b" = with ] && bin=$WITH
      ab_ingest "$bin" "$irlist" perf stat -x, -e instructions:u -o "$data/analysis-ingest-perf-$b.txt"
      awk -F, -v b="$b" '/instructions/ {printf "%-6s %.1f M instructions (perf stat, every thread)\n", b, $1 / 1e6}' \
        "$data/analysis-ingest-perf-$b.txt"
    done
  else
    for b in plain with; do
      bin=$BASE
      [ "$b" = with ] && bin=$WITH
      ab_ingest "$bin" "$irlist" valgrind --tool=callgrind --callgrind-out-file="$data/analysis-ingest-$b.callgrind" 2>/dev/null
      awk -v b="$b" '/^summary:/ {printf "%-6s %.1f M instructions (callgrind, every thread)\n", b, $2 / 1e6}' \
        "$data/analysis-ingest-$b.callgrind"
    done
  fi
fi
[ -n "${KEEP:-}" ] || rm -f "$db" "$db-wal" "$db-shm"
