#!/bin/sh
# Instructions (callgrind: the machine's load does not move them) of each
# search of bench_ingest's query mix (16 queries, facets speaker, tag and
# month) in one process: this build beside COMMIT's library (default
# e6bab44, the build before issue 14), each on its own archive of every
# STEP-th UN speech (default 8, 1,369 speeches). COMMIT's library is linked
# with this tree's bench/bench_ingest.c, so both run the same searches with
# the same options. The mix runs 5 rounds; "cold" is the first round (a
# fresh connection loads its column cache a step a search meanwhile), "warm"
# the fifth (the cache caught up, as a server's is after its start).
#   sh bench/search_mix_ir.sh [COMMIT]
set -eu
COMMIT=${1:-e6bab44}
STEP=${STEP:-8}
. "$(dirname "$0")/ungdc.sh"
[ -x "$BUILD/bench/bench_ingest" ] || { echo "search_mix_ir.sh: make $BUILD/bench/bench_ingest first" >&2; exit 1; }
list=$data/ingest-ab-$STEP.txt
speeches | awk -v s="$STEP" 'NR % s == 1' > "$list"
old_build "$COMMIT"
out=$data/search-mix-ir
rm -rf "$out"
mkdir -p "$out/this" "$out/old"
# this tree's bench against the old library, with the old headers
libs=$(make -s --no-print-directory print-libs)
cc -std=c11 -D_DEFAULT_SOURCE -pthread -O2 -g -I"$old/include" -I"$old/src" -I/usr/include/libxml2 \
  -I/usr/include/postgresql -o "$out/bench_ingest_old" bench/bench_ingest.c "$old/build/libverbatim.a" $libs
echo "== archives: $(wc -l < "$list") speeches, each build its own ingest ==" >&2
BENCH_REPEAT=1 "$BUILD/bench/bench_ingest" "$list" "$out/this" >/dev/null
BENCH_REPEAT=1 "$old/build/bench/bench_ingest" "$list" "$out/old" >/dev/null
for x in this old; do
  bin=$BUILD/bench/bench_ingest
  [ "$x" = old ] && bin=$out/bench_ingest_old
  mkdir -p "$out/cg-$x"
  BENCH_SEARCH_ONLY=1 BENCH_REPEAT=5 valgrind --tool=callgrind --toggle-collect=vb_store_search \
    --dump-after=vb_store_search --callgrind-out-file="$out/cg-$x/cg" "$bin" x "$out/$x" >"$out/$x.txt" 2>/dev/null
done
# one dump a search, numbered from 1: its instructions
ir() { awk '/^(summary|totals):/ { print $2; exit }' "$out/cg-$1/cg.$2"; }
echo "== instructions per search, millions: $COMMIT, this build, this / $COMMIT (warm); cold =="
grep ' hits$' "$out/this.txt" | sed -e 's/^  //' -e 's/  *[0-9]* hits$//' > "$out/queries.txt"
i=0
while IFS= read -r q; do
  i=$((i + 1))
  printf '%s\t%s\t%s\t%s\t%s\n' "$q" "$(ir old $((64 + i)))" "$(ir this $((64 + i)))" "$(ir old "$i")" "$(ir this "$i")"
done < "$out/queries.txt" | awk -F '\t' -v c="$COMMIT" '
  { n++; q[n] = $1; ow[n] = $2; tw[n] = $3; oc[n] = $4; tc[n] = $5; r[n] = $3 / $2
    sow += $2; stw += $3; soc += $4; stc += $5 }
  END {
    printf "%-36s %9s %9s %7s | %9s %9s\n", "query", c, "this", "ratio", c " cold", "this cold"
    for (i = 1; i <= n; i++)
      printf "%-36s %9.2f %9.2f %7.2f | %9.2f %9.2f\n", q[i], ow[i] / 1e6, tw[i] / 1e6, r[i], oc[i] / 1e6, tc[i] / 1e6
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (r[j] < r[i]) { x = r[i]; r[i] = r[j]; r[j] = x }
    printf "%-36s %9.1f %9.1f %7.3f | %9.1f %9.1f\n", "all", sow / 1e6, stw / 1e6, stw / sow, soc / 1e6, stc / 1e6
    printf "median of the per-query ratios (warm): %.2f\n", n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
  }'
