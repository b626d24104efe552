#!/bin/sh
# Instructions of each search of bench_ingest's mix, in the process that
# has just ingested (issue 14's p99 setup), for this build and COMMIT's:
#   sh bench/search_tail_ir.sh [COMMIT]
# COMMIT (default e6bab44) is built by ungdc.sh's old_build, and runs this
# tree's bench_ingest over its library. Inputs: every STEP-th UN speech in
# name order (default 32: 343 speeches). Each build ingests them into a
# fresh archive under callgrind, collecting nothing but vb_store_search
# and dumping after each call, so each dump is one search's instructions
# (240: the 16 queries 15 times); printed: p50, p90, p99 (the 3rd
# largest), the largest, the sum, and the first eight in order. Load
# does not move instruction counts: this is the p99 a busy machine cannot
# measure in time. Takes about 15 minutes a build under callgrind.
set -eu
COMMIT=${1:-e6bab44}
STEP=${STEP:-32}
. "$(dirname "$0")/ungdc.sh"
[ -x "$BUILD/bench/bench_ingest" ] || { echo "search_tail_ir.sh: make $BUILD/bench/bench_ingest first" >&2; exit 1; }
old_build "$COMMIT"
out=$(cd "$data" && pwd)/search-tail-ir
rm -rf "$out"
mkdir -p "$out"
list=$out/list.txt
speeches | awk -v s="$STEP" 'NR % s == 1' | while IFS= read -r f; do echo "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")"; done > "$list"
echo "== $(wc -l < "$list") speeches; instructions per search (M) =="
for tag in this "$COMMIT"; do
  bench=$(cd "$BUILD" && pwd)/bench/bench_ingest
  [ "$tag" = this ] || bench=$oldbench
  mkdir -p "$out/$tag/db" "$out/$tag/cg"
  valgrind --tool=callgrind --callgrind-out-file="$out/$tag/cg/cg" --toggle-collect=vb_store_search \
    --dump-after=vb_store_search "$bench" "$list" "$out/$tag/db" > "$out/$tag/run.txt" 2>&1
  for f in "$out/$tag"/cg/cg.*; do
    n=${f##*.}
    case $n in *[!0-9]*) continue ;; esac
    echo "$n $(awk '/^(totals|summary):/ { t = $2 } END { print t }' "$f")"
  done | sort -n | awk -v tag="$tag" '
    { v[NR] = $2; s[NR] = $2; sum += $2 }
    END {
      n = NR
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (s[j] < s[i]) { x = s[i]; s[i] = s[j]; s[j] = x }
      printf "%-8s %d searches  p50 %.2f  p90 %.2f  p99 %.2f  max %.2f  sum %.1f  first:", tag, n,
        s[int(n / 2) + 1] / 1e6, s[int(n * 0.9) + 1] / 1e6, s[n - 2] / 1e6, s[n] / 1e6, sum / 1e6
      for (i = 1; i <= 8 && i <= n; i++) printf " %.1f", v[i] / 1e6
      printf "\n"
    }'
  rm -rf "$out/$tag/db"
done
