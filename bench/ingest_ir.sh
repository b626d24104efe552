#!/bin/sh
# Instructions (callgrind's Ir) of SQLite ingest beside plain FTS5's load of
# the same statement texts, in one bench_ingest run (issue 20):
#   sh bench/ingest_ir.sh [BENCH_INGEST] [N] [STEP]
# BENCH_INGEST (default $BUILD/bench/bench_ingest) ingests the first N
# (default 50) of every STEP-th (default 10) UN speech in name order with
# one parsing thread, then loads their statement texts into plain FTS5.
# Prints the parsing thread (`worker`), the storing thread (`vb_ingest_add`
# + `vb_ingest_close`), both, plain FTS5's load (the dump of
# `plain_insert`), and the ratios plain / both and plain / the longer
# thread (what two free cores bound). Callgrind's files stay in
# $BUILD/bench-data/ingest-ir/ for callgrind_annotate. Instruction counts
# do not move with a shared machine's load; the run takes a few minutes.
set -eu
BENCH=${1:-${BUILD:-build}/bench/bench_ingest}
N=${2:-50}
STEP=${3:-10}
. "$(dirname "$0")/ungdc.sh"
out=$data/ingest-ir
mkdir -p "$out"
list=$out/list-$N-$STEP.txt
speeches | awk -v s="$STEP" '(NR - 1) % s == 0' | head -"$N" > "$list"
rm -rf "$out/db" "$out"/callgrind.out.*
mkdir -p "$out/db"
BENCH_THREADS=1 BENCH_REPEAT=1 valgrind --tool=callgrind --dump-before=plain_insert --dump-after=plain_insert \
  --callgrind-out-file="$out/callgrind.out.%p" "$BENCH" "$list" "$out/db" > "$out/bench.txt" 2> "$out/valgrind.txt"
# the dump before plain_insert: verbatim's ingest (and its searches: not counted below)
first=$(ls "$out"/callgrind.out.*.1 | head -1)
second=$(ls "$out"/callgrind.out.*.2 | head -1)
inc() { # FILE PATTERN: the inclusive Ir of functions matching PATTERN, summed
  callgrind_annotate --inclusive=yes --auto=no --threshold=100 "$1" 2>/dev/null |
    awk -v p="$2" '$0 ~ p { gsub(",", "", $1); s += $1 } END { printf "%.1f", s / 1e6 }'
}
w=$(inc "$first" 'ingest.c:worker ')
a=$(inc "$first" 'ingest.c:vb_ingest_add ')
c=$(inc "$first" 'ingest.c:vb_ingest_close ')
p=$(inc "$second" 'bench_ingest.c:plain_insert ')
awk -v w="$w" -v a="$a" -v c="$c" -v p="$p" -v n="$(wc -l < "$list")" 'BEGIN {
  s = a + c; longer = w > s ? w : s
  printf "speeches %d\nparsing thread (worker) %.1f M\nstoring thread (vb_ingest_add + vb_ingest_close) %.1f M\n", n, w, s
  printf "verbatim ingest, both %.1f M\nplain FTS5 load %.1f M\nplain / verbatim %.3f\nplain / the longer thread %.3f\n", w + s, p, p / (w + s), p / longer
}'
grep -E '^(inputs|verbatim ingest|plain FTS5 load)' "$out/bench.txt" || true
