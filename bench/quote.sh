#!/bin/sh
# Quote attribution's cost (issue 16): parse speed of this build beside a
# build without the quote stage (BASE: the build directory of another
# checkout, e.g. of the commit before src/quote), on the UN speeches of the
# parse benchmark (build/bench-data/parse-inputs.txt, made by bench/run.sh),
# one pass of each in turn, ROUNDS times; prints both medians and their
# ratio. usage: BASE=/path/to/other/build sh bench/quote.sh [ROUNDS]
set -eu
BUILD=${BUILD:-build}
BASE=${BASE:?BASE names the other build directory}
rounds=${1:-5}
list=$BUILD/bench-data/parse-inputs.txt
[ -f "$list" ] || { echo "no $list: run bench/run.sh once (PARSE_ONLY=1)" >&2; exit 1; }
mbps() { "$1/bench/bench_parse" "$list" 1 | sed -n 's/^parse MB\/s: median \([0-9.]*\).*/\1/p'; }
: > "$BUILD/quote-bench.txt"
for r in $(seq "$rounds"); do
  a=$(mbps "$BUILD"); b=$(mbps "$BASE")
  echo "round $r: this build $a MB/s, base $b MB/s"
  echo "$a $b" >> "$BUILD/quote-bench.txt"
done
sort -n -k1 "$BUILD/quote-bench.txt" | awk -v n="$rounds" '{a[NR] = $1} END {print "this build: median " a[int((n + 1) / 2)] " MB/s"}'
sort -n -k2 "$BUILD/quote-bench.txt" | awk -v n="$rounds" '{b[NR] = $2} END {print "base: median " b[int((n + 1) / 2)] " MB/s"}'
awk '{print $1 / $2}' "$BUILD/quote-bench.txt" | sort -n | awk -v n="$rounds" '{r[NR] = $1} END {printf "ratio this/base, median of rounds: %.3f\n", r[int((n + 1) / 2)]}'
