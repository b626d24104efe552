#!/bin/sh
# Ingest and search beside plain SQLite FTS5, for this build and for one
# built from an earlier commit, in the same run (issues 14 and 20):
#   sh bench/ingest_ab.sh [COMMIT]
# COMMIT (default e6bab44, the text analysis before issue 14's tagged
# stems; "none" for this build alone) is exported with `git archive` and
# built once under $BUILD/bench-data/ab-COMMIT (verbatim's library and
# bench_ingest). Inputs: every STEP-th UN speech in name order (default 8:
# 1,369 speeches, 25 MB; 1: every one). ROUNDS rounds (default 3), each this build then
# COMMIT's, of bench_ingest: ingest into a fresh archive (parsing on
# BENCH_THREADS threads, default every core, storing on one), the same
# statement texts loaded into a plain FTS5 table, then the 16-query mix 15
# times on both. Each run's verbatim figures are divided by its own plain
# FTS5 figures, which takes out most of a shared machine's load (each
# run's whole output, per-query medians among it, stays in
# $BUILD/bench-data/ingest-ab/BUILD-roundN.txt); the
# medians of those ratios end it, with this build's over COMMIT's:
#   ingest: plain load time / verbatim ingest time (issue 20: >= 0.6)
#   search: verbatim p50 (p99) / plain p50 (p99) of the mix, wall-clock
#     time, then CPU time of the searching thread (steadier on a shared
#     machine: a run waiting for a core counts in the first, not here)
# COMMIT's figures come from this tree's bench_ingest built over COMMIT's
# library (ungdc.sh old_build), so both builds are timed by one program.
#   this / COMMIT: ingest (issue 14: >= 0.9), search (issue 14: <= 1.2)
# SEARCH_ROUNDS=N then searches both archives N more rounds, each by a
# process of its own (as `verbatim search` and `serve` do; below), and
# then instructions per one-shot search of both builds (bench/search_ir.sh)
# on the archives the last round made, which are removed afterwards.
set -eu
COMMIT=${1:-e6bab44}
STEP=${STEP:-8}
ROUNDS=${ROUNDS:-3}
. "$(dirname "$0")/ungdc.sh"
[ -x "$BUILD/bench/bench_ingest" ] || { echo "ingest_ab.sh: make $BUILD/bench/bench_ingest first" >&2; exit 1; }
list=$data/ingest-ab-$STEP.txt
speeches | awk -v s="$STEP" '(NR - 1) % s == 0' > "$list"
builds="$BUILD"
if [ "$COMMIT" != none ]; then
  old_build "$COMMIT"
  builds="$BUILD $old/build"
fi
# Functions every awk program below starts with: after(word), the field
# after a word of the line; med(t, k), the median of v[t, k, 1..cnt[t]].
awk_lib='
  function after(word,   i) { for (i = 1; i < NF; i++) if ($i == word) return $(i + 1); return "-" }
  function med(t, k,   n, i, j, x, a) {
    n = cnt[t]
    for (i = 1; i <= n; i++) a[i] = v[t, k, i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
'
out=$data/ingest-ab
mkdir -p "$out"
log=$out/runs.txt
: > "$log"
echo "== $(wc -l < "$list") speeches, $(cat "$list" | tr '\n' '\0' | du -chL --files0-from=- | tail -1 | cut -f1), $ROUNDS rounds =="
for r in $(seq "$ROUNDS"); do
  for b in $builds; do
    tag=this bench=$b/bench/bench_ingest
    [ "$b" = "$BUILD" ] || { tag=$COMMIT; bench=$oldbench; }
    rm -rf "$out/$tag"
    mkdir -p "$out/$tag"
    "$bench" "$list" "$out/$tag" | tee "$out/$tag-round$r.txt" | awk -v tag="$tag" -v r="$r" "$awk_lib"'
      /^verbatim ingest \(/ { vw = $4 }
      /^verbatim ingest CPU/ { vc = $4; sc = $8 }
      /^plain FTS5 load \(/ { pw = $6 }
      /^plain FTS5 load CPU/ { pc = $5 }
      /^verbatim search \+/ { v50 = after("p50"); v99 = after("p99") }
      /^plain FTS5 count/ { p50 = after("p50"); p99 = after("p99") }
      /^verbatim search CPU/ { c50 = after("p50"); c99 = after("p99") }
      /^plain FTS5 CPU/ { d50 = after("p50"); d99 = after("p99") }
      END {
        if (vc == "") { vc = "-"; sc = "-"; pc = "-" }
        if (c50 == "") { c50 = "-"; d50 = "-"; c99 = "-"; d99 = "-" }
        printf "round %d %-8s ingest %6.2f s (CPU %s s, storing thread %s s), plain FTS5 %5.2f s (CPU %s s): %.2f;", r, tag, vw, vc, sc, pw, pc, pw / vw
        printf " search p50 %.2f / %.2f ms, p99 %.2f / %.2f ms\n", v50, p50, v99, p99
        printf "%s %s %s %s %s %s %s %s %s %s %s %s %s\n", tag, vw, pw, vc, pc, v50, p50, v99, p99, c50, d50, c99, d99 > "/dev/stderr"
      }' 2>>"$log"
  done
done
echo "== medians over $ROUNDS rounds (each run's verbatim figure over its own plain FTS5 figure) =="
awk -v commit="$COMMIT" "$awk_lib"'
  {
    i = ++cnt[$1]
    v[$1, "ingest", i] = $3 / $2
    v[$1, "cpu", i] = $4 == "-" ? 0 : $5 / $4
    v[$1, "p50", i] = $6 / $7
    v[$1, "p99", i] = $8 / $9
    v[$1, "c50", i] = $10 == "-" ? 0 : $10 / $11
    v[$1, "c99", i] = $12 == "-" ? 0 : $12 / $13
  }
  END {
    split("ingest cpu p50 p99 c50 c99", ks, " ")
    names["ingest"] = "ingest: plain load time / verbatim ingest time"
    names["cpu"] = "ingest CPU: plain / verbatim"
    names["p50"] = "search p50: verbatim / plain"
    names["p99"] = "search p99: verbatim / plain"
    names["c50"] = "search CPU p50: verbatim / plain"
    names["c99"] = "search CPU p99: verbatim / plain"
    old = commit != "none" && cnt[commit]
    printf "%-48s %8s", "", "this"
    if (old) printf " %8s %14s", commit, "this / " commit
    printf "\n"
    for (k = 1; k <= 6; k++) {
      a = med("this", ks[k])
      printf "%-48s %8.2f", names[ks[k]], a
      if (old) {
        b = med(commit, ks[k])
        if (b > 0 && a > 0) printf " %8.2f %14.2f", b, a / b
        else printf " %8s %14s", "-", "-"
      }
      printf "\n"
    }
  }' "$log"
# Searches by a process of their own (SEARCH_ROUNDS, default 0: left
# out): a user searches an archive from a new `verbatim search` or
# `serve`, whose page cache starts empty, not on the connection that has
# just stored it (the rounds above, where an archive smaller than
# SQLite's 64 MB page cache is searched from memory whole and a larger
# one is not). Each round, each build's bench_ingest with
# BENCH_SEARCH_ONLY=1 on the archive its last ingest round made, in turn;
# medians of each run's ratios to its own plain FTS5 searches.
if [ "${SEARCH_ROUNDS:-0}" -gt 0 ]; then
  slog=$out/search-runs.txt
  : > "$slog"
  for r in $(seq "$SEARCH_ROUNDS"); do
    for b in $builds; do
      tag=this bench=$b/bench/bench_ingest
      [ "$b" = "$BUILD" ] || { tag=$COMMIT; bench=$oldbench; }
      BENCH_SEARCH_ONLY=1 "$bench" none "$out/$tag" > "$out/$tag-search$r.txt"
      awk -v tag="$tag" "$awk_lib"'
        /^verbatim search \+/ { v50 = after("p50"); v99 = after("p99") }
        /^plain FTS5 count/ { p50 = after("p50"); p99 = after("p99") }
        /^verbatim search CPU/ { c50 = after("p50"); c99 = after("p99") }
        /^plain FTS5 CPU/ { d50 = after("p50"); d99 = after("p99") }
        END { print tag, v50 / p50, v99 / p99, c50 / d50, c99 / d99 }' "$out/$tag-search$r.txt" >> "$slog"
    done
  done
  echo "== searches by a process of their own, $SEARCH_ROUNDS rounds: medians of verbatim / plain FTS5 =="
  awk -v commit="$COMMIT" "$awk_lib"'
    { i = ++cnt[$1]; for (k = 2; k <= 5; k++) v[$1, k, i] = $k }
    END {
      split("p50 p99 CPU-p50 CPU-p99", names, " ")
      old = commit != "none" && cnt[commit]
      printf "%-20s %8s", "", "this"
      if (old) printf " %8s %14s", commit, "this / " commit
      printf "\n"
      for (k = 2; k <= 5; k++) {
        a = med("this", k)
        printf "%-20s %8.2f", "search " names[k - 1], a
        if (old) { b = med(commit, k); printf " %8.2f %14.2f", b, (b > 0 ? a / b : 0) }
        printf "\n"
      }
    }' "$slog"
fi
# Instructions per one-shot search (callgrind, which load does not move),
# each build on the archive its last round made: IR=0 leaves it out.
if [ "${IR:-1}" = 1 ] && [ "$COMMIT" != none ] && command -v valgrind >/dev/null; then
  echo "== instructions per one-shot search (bench/search_ir.sh: query, this, $COMMIT, this / $COMMIT) =="
  sh "$(dirname "$0")/search_ir.sh" "$BUILD/verbatim" "$out/this/verbatim.db" "$old/build/verbatim" "$out/$COMMIT/verbatim.db"
fi
# the archives go (each run's output stays)
rm -rf "$out/this" "$out/$COMMIT"
