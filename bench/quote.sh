#!/bin/sh
# Quote attribution's cost (issue 16): parse throughput of this build beside
# a build without the quote stage (BASE: the build directory of a checkout
# of the commit before src/quote landed, built the same way), on the UN
# speeches every parse benchmark reads (bench/inputs.sh). The two builds
# take turns, one pass each, ROUNDS times, so a drift of the shared
# machine's speed hits both; prints each round, both medians and the median
# of the per-round ratios.
# usage: BASE=/path/to/other/build sh bench/quote.sh [ROUNDS]
set -eu
BUILD=${BUILD:-build}
SHARED=${SHARED:-../shared}
BASE=${BASE:?BASE names the other build directory}
rounds=${1:-7}
for b in "$BUILD" "$BASE"; do
  [ -x "$b/bench/bench_parse" ] || { echo "no $b/bench/bench_parse: make $b/bench/bench_parse" >&2; exit 1; }
done
. "$(dirname "$0")/inputs.sh"
mbps() { "$1/bench/bench_parse" "$list" 1 | sed -n 's/^parse MB\/s: median \([0-9.]*\).*/\1/p'; }
out=$BUILD/quote-bench.txt
: > "$out"
for r in $(seq "$rounds"); do
  a=$(mbps "$BUILD")
  b=$(mbps "$BASE")
  echo "round $r: with the quote stage $a MB/s, without $b MB/s"
  echo "$a $b" >> "$out"
done
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo "with the quote stage: median $(awk '{print $1}' "$out" | median) MB/s"
echo "without: median $(awk '{print $2}' "$out" | median) MB/s"
echo "ratio with/without, median of rounds: $(awk '{printf "%.3f\n", $1 / $2}' "$out" | median)"
