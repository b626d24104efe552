#!/bin/sh
# SQLite ingest beside plain FTS5's load of the same statement texts, in
# the same bench_ingest run, for two builds at 1, 2 and 4 parsing threads
# (issue 20):
#   sh bench/ingest_cpu_ab.sh BENCH_A BENCH_B [N] [STEP] [ROUNDS]
# BENCH_A, BENCH_B: two builds' bench_ingest. Inputs: the first N (default
# 200) of every STEP-th (default 10) UN speech in name order. ROUNDS
# (default 3) rounds, each running, for T in 1 2 4, A then B with
# BENCH_THREADS=T. Per run: the wall ratio plain load / ingest, the same
# in CPU (every thread of the ingest), the storing thread's CPU, plain's,
# and plain / the storing thread (what issue 20's ">= 0.6x" needs of the
# thread that cannot be spread). Then the medians per build and T. On a
# shared 2-core machine the walls carry the load; CPU much less so.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 BENCH_A BENCH_B [N] [STEP] [ROUNDS]" >&2; exit 2; }
A=$1 B=$2 N=${3:-200} STEP=${4:-10} ROUNDS=${5:-3}
. "$(dirname "$0")/ungdc.sh"
out=$data/ingest-cpu-ab
mkdir -p "$out"
list=$out/list-$N-$STEP.txt
speeches | awk -v s="$STEP" '(NR - 1) % s == 0' | head -"$N" > "$list"
runs=$out/runs.txt
: > "$runs"
echo "build threads wall(plain/verbatim) cpu(plain/verbatim) storing_cpu_s plain_cpu_s plain/storing load"
for r in $(seq "$ROUNDS"); do
  for t in 1 2 4; do
    for tag in A B; do
      bin=$A
      [ "$tag" = B ] && bin=$B
      rm -rf "$out/db"
      mkdir -p "$out/db"
      BENCH_THREADS=$t BENCH_REPEAT=1 "$bin" "$list" "$out/db" > "$out/$tag-$t-$r.txt" 2>&1
      load=$(cut -d' ' -f1 /proc/loadavg)
      awk -v tag="$tag" -v t="$t" -v load="$load" '
        /^verbatim ingest CPU/ { store = $(NF - 5) }
        /^plain FTS5 load CPU/ { plain = $5 }
        /^ingest speed ratio/ { wall = $5; cpu = $7; sub(/\)/, "", cpu) }
        END { printf "%s %d %.3f %.3f %.2f %.2f %.3f %s\n", tag, t, wall, cpu, store, plain, plain / store, load }
      ' "$out/$tag-$t-$r.txt" | tee -a "$runs"
    done
  done
done
echo "medians (build threads: wall cpu plain/storing)"
for tag in A B; do
  for t in 1 2 4; do
    med() { awk -v tag="$tag" -v t="$t" -v c="$1" '$1 == tag && $2 == t { print $c }' "$runs" | sort -g |
      awk '{ v[NR] = $1 } END { printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
    echo "$tag $t: $(med 3) $(med 4) $(med 7)"
  done
done
