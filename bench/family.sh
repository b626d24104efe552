#!/bin/sh
# Quote families at the UN corpus's scale (issue 21): the families of all
# 1.33 M statements built from scratch, beside an exact-duplicate baseline
# (Quotebank's rule: identical after case folding and punctuation removal),
# RUNS times each, alternating; then the lookup of a new statement.
# Prints each run's lines and the medians. CPU seconds (the machine is
# shared); peak RSS from /usr/bin/time.
set -eu
BUILD=${BUILD:-build}
SHARED=${SHARED:-../shared}
RUNS=${RUNS:-3}
. "$(dirname "$0")/ungdc.sh"
list=$data/family-inputs.txt
documents > "$list"
log=$data/family-runs.txt
: > "$log"
i=0
while [ $i -lt "$RUNS" ]; do
  for mode in exact families; do
    echo "== run $((i + 1)): $mode" | tee -a "$log"
    /usr/bin/time -f "$mode: whole process %e s wall, %U s user, peak RSS %M KB" \
      "$BUILD/bench/bench_family" "$list" $mode 2>&1 | grep -v '^skip ' | tee -a "$log"
  done
  i=$((i + 1))
done
echo "== medians over $RUNS runs"
awk '
  function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t } return a[int((n + 1) / 2)] }
  /^exact: hash/ { e[++ne] = $NF == "s" ? $(NF-1) : $NF }
  /^exact: hash/ { split($0, f, "total after analysis "); split(f[2], g, " "); et[++net] = g[1] }
  /^families: fingerprint/ { split($0, f, "total after analysis "); split(f[2], g, " "); ft[++nft] = g[1] }
  /^analysis|^parse/ { split($0, f, "analysis "); split(f[2], g, " "); an[++nan] = g[1] }
  /^exact: whole process/ { split($0, f, "peak RSS "); split(f[2], g, " "); er[++ner] = g[1] / 1024 }
  /^families: whole process/ { split($0, f, "peak RSS "); split(f[2], g, " "); fr[++nfr] = g[1] / 1024 }
  /^lookup: CPU/ { split($0, f, "median "); split(f[2], g, " "); lm[++nl] = g[1]; split($0, f, "p99 "); split(f[2], g, " "); lp[nl] = g[1] }
  END {
    printf "analysis (both sides): %.2f s\n", med(an, nan)
    printf "exact-duplicate baseline after analysis: %.2f s, peak RSS %.0f MB\n", med(et, net), med(er, ner)
    printf "families from scratch after analysis: %.2f s, peak RSS %.0f MB; ratio %.1f\n", med(ft, nft), med(fr, nfr), med(ft, nft) / med(et, net)
    printf "lookup of a new statement: median %.1f us, p99 %.1f us (CPU)\n", med(lm, nl), med(lp, nl)
  }' "$log"
