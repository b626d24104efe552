#!/bin/sh
# Quote attribution's cost (issue 16): parse throughput of this build beside
# a build without the quote stage (BASE: the build directory of a checkout
# of the commit before src/quote landed, built the same way), and, when
# PREV names one, beside an earlier build with the stage (a change's
# before), on the UN speeches every parse benchmark reads (bench/inputs.sh).
# The builds take turns, one pass each, ROUNDS times, so a drift of the
# shared machine's speed hits them all; prints each round, the medians and
# the median of the per-round ratios.
# LIST names another list of inputs (one path a line), PASSES the passes
# of each run (bench_parse reports their median; default 1).
# usage: BASE=/path/to/other/build [PREV=/path/to/build] [LIST=file] [PASSES=n] sh bench/quote.sh [ROUNDS]
set -eu
BUILD=${BUILD:-build}
SHARED=${SHARED:-../shared}
BASE=${BASE:?BASE names the other build directory}
PREV=${PREV:-}
rounds=${1:-7}
for b in "$BUILD" "$BASE" $PREV; do
  [ -x "$b/bench/bench_parse" ] || { echo "no $b/bench/bench_parse: make $b/bench/bench_parse" >&2; exit 1; }
done
PASSES=${PASSES:-1}
if [ -n "${LIST:-}" ]; then list=$LIST; else . "$(dirname "$0")/inputs.sh"; fi
mbps() { "$1/bench/bench_parse" "$list" "$PASSES" | sed -n 's/^parse MB\/s: median \([0-9.]*\).*/\1/p'; }
out=$BUILD/quote-bench.txt
: > "$out"
for r in $(seq "$rounds"); do
  a=$(mbps "$BUILD")
  b=$(mbps "$BASE")
  c=0
  [ -z "$PREV" ] || c=$(mbps "$PREV")
  echo "round $r: with the quote stage $a MB/s, without $b MB/s${PREV:+, earlier build $c MB/s}"
  echo "$a $b $c" >> "$out"
done
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo "with the quote stage: median $(awk '{print $1}' "$out" | median) MB/s"
echo "without: median $(awk '{print $2}' "$out" | median) MB/s"
echo "ratio with/without, median of rounds: $(awk '{printf "%.3f\n", $1 / $2}' "$out" | median)"
if [ -n "$PREV" ]; then
  echo "earlier build: median $(awk '{print $3}' "$out" | median) MB/s"
  echo "ratio earlier/without, median of rounds: $(awk '{printf "%.3f\n", $3 / $2}' "$out" | median)"
  echo "ratio with/earlier, median of rounds: $(awk '{printf "%.3f\n", $1 / $3}' "$out" | median)"
fi
