#!/bin/sh
# Two builds side by side in one run, on the same UN speeches: ingest
# (parse + store) and search, for a change to the store such as issue 13's.
#   sh bench/store_ab.sh BUILD_A BUILD_B [EVERY] [ROUNDS]
# BUILD_x is a build directory holding verbatim and bench/bench_ingest
# (`make build/bench/bench_ingest`). EVERY: every EVERY-th UN speech in name
# order (default 20, about 550 files); ROUNDS of A then B (default 2).
# Prints, per round and build, bench_ingest's ingest MB/s and the p50/p99 of
# its query mix (15 rounds of 16 queries in one process, column cache warm);
# then instructions (callgrind, which the machine's load does not move) of
# an ingest of the first 40 of those speeches on one parsing thread, split
# into vb_doc_parse and vb_store_put; then bench/search_ir.sh on the two
# archives the last round left.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 BUILD_A BUILD_B [EVERY] [ROUNDS]" >&2; exit 2; }
A=$1 B=$2 EVERY=${3:-20} ROUNDS=${4:-2}
. "$(dirname "$0")/ungdc.sh"
list=$data/store-ab-inputs.txt
speeches | awk -v k="$EVERY" 'NR % k == 0' > "$list"
head -"${SMALL:-40}" "$list" > "$data/store-ab-small.txt"
out=$data/store-ab
mkdir -p "$out/A" "$out/B" "$out/A.small" "$out/B.small"

echo "== ingest and query mix: $(wc -l < "$list") speeches, $ROUNDS rounds A B =="
r=0
while [ "$r" -lt "$ROUNDS" ]; do
  r=$((r + 1))
  for x in A B; do
    if [ "$x" = A ]; then b=$A; else b=$B; fi
    "$b/bench/bench_ingest" "$list" "$out/$x" |
      awk -v tag="round $r $x" '/^verbatim ingest/ || /^verbatim search/ { print tag ": " $0 }'
  done
done

echo "== instructions: ingest of $(wc -l < "$data/store-ab-small.txt") speeches, one parsing thread =="
for x in A B; do
  if [ "$x" = A ]; then b=$A; else b=$B; fi
  cg=$out/callgrind.$x
  BENCH_THREADS=1 BENCH_INGEST_ONLY=1 valgrind --tool=callgrind --callgrind-out-file="$cg" \
    "$b/bench/bench_ingest" "$data/store-ab-small.txt" "$out/$x.small" >/dev/null 2>&1
  callgrind_annotate --inclusive=yes "$cg" 2>/dev/null | awk -v tag="$x" '
    /PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
    /:vb_doc_parse / && !parse { gsub(",", "", $1); parse = $1 }
    /:vb_store_put / && !put { gsub(",", "", $1); put = $1 }
    /:vb_ingest_close / && !cl { gsub(",", "", $1); cl = $1 }
    END { printf "%s: total %.1f M, vb_doc_parse %.1f M, vb_store_put %.1f M, vb_ingest_close %.1f M\n",
                 tag, total / 1e6, parse / 1e6, put / 1e6, cl / 1e6 }'
  rm -f "$cg"
done

echo "== instructions per search, one whole process (bench/search_ir.sh: query, A, B, A/B) =="
sh "$(dirname "$0")/search_ir.sh" "$A/verbatim" "$out/A/verbatim.db" "$B/verbatim" "$out/B/verbatim.db"
