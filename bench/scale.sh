#!/bin/sh
# The scale curve (issue 20): one archive grown in steps, measured after
# each step, every figure also as its ratio to the first step's.
#   sh bench/scale.sh
# STEPS (default "1 2 5 10"): the archive after each step holds that many
# tenths of the UN speeches (a speech is in tenth (n - 1) % 10 of the
# speeches in name order, so each step spans every session); each step
# ingests only the speeches it adds, with `verbatim ingest` into the one
# archive $BUILD/bench-data/scale/verbatim.db. SUBSET=N keeps every N-th
# speech alone (a quick try of the script; default 1, all 10,952).
# COPIES=K (default 1) then adds K - 1 changed copies of every speech the
# steps took, one step each: copy c is the speech with each word "the"
# written "the<c>" (a fixed word of its own per copy), so the content hash
# does not skip it and its statements are not the first copy's again word
# for word (quote families: a statement still shares most of its words
# with its copy's; the bias this gives is in bench/RESULTS.md).
# After each step:
#   statements   rows of the statements table
#   MB           the archive's bytes (file + WAL) after the ingest
#   ingest st/s  statements the step added / its wall time, and / its
#                CPU time (user + system; the ratio in brackets is this
#                one's, steadier on a shared machine); its peak RSS
#   fresh p50/p99  the mix (bench_ingest's 16 queries, with facets
#                speaker, tag, month, 20 hits), each query by a
#                `verbatim search` of its own, FRESH_ROUNDS rounds
#                (default 3), wall time from fork to exit; peak RSS of
#                the largest of them
#   warm p50/p99 the mix on one connection, REPEAT times (default 15):
#                `BENCH_SEARCH_ONLY=1 BENCH_NO_PLAIN=1 bench_ingest`
#                (wall time; its p99 of CPU time beside it), and the
#                same without the first round (the connection's first
#                searches load its column cache: a cost of the archive's
#                size paid once a connection; store/cols.c)
# Growth less than linear: p99 ratio < statements ratio. The archive is
# removed at the end (KEEP=1 keeps it); each step's outputs stay in
# $BUILD/bench-data/scale-out.
set -eu
STEPS=${STEPS:-1 2 5 10}
SUBSET=${SUBSET:-1}
COPIES=${COPIES:-1}
FRESH_ROUNDS=${FRESH_ROUNDS:-3}
REPEAT=${REPEAT:-15}
. "$(dirname "$0")/ungdc.sh"
for f in "$BUILD/verbatim" "$BUILD/bench/bench_ingest"; do
  [ -x "$f" ] || { echo "scale.sh: make $f first" >&2; exit 1; }
done
command -v sqlite3 >/dev/null || { echo "scale.sh: needs the sqlite3 CLI" >&2; exit 1; }
verbatim=$(realpath "$BUILD/verbatim")
arch=$data/scale
out=$data/scale-out
rm -rf "$arch" "$out"
mkdir -p "$arch" "$out"
db=$arch/verbatim.db
BENCH_PRINT_MIX=1 "$BUILD/bench/bench_ingest" > "$out/mix.txt"
table=$out/table.txt
: > "$table"

# measure STEP LABEL DIR: ingests DIR into the archive, then the figures
measure() {
  step=$1 label=$2 dir=$3
  files=$(find "$dir" -name '*.txt' | wc -l)
  mb=$(du -sLm "$dir" | cut -f1)
  before=0
  [ -f "$db" ] && before=$(sqlite3 "$db" 'SELECT count(*) FROM statements')
  echo "== step $step: $label, $files speeches, $mb MB ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)) ==" >&2
  t0=$(date +%s.%N)
  /usr/bin/time -f '%U %S %M' -o "$out/time$step.txt" "$verbatim" ingest --db "$db" "$dir" > "$out/ingest$step.txt" 2>&1 ||
    { echo "scale.sh: step $step: ingest failed:" >&2; tail -5 "$out/ingest$step.txt" >&2; exit 1; }
  t1=$(date +%s.%N)
  after=$(sqlite3 "$db" 'SELECT count(*) FROM statements')
  bytes=$(( $(stat -c %s "$db") + $( [ -f "$db-wal" ] && stat -c %s "$db-wal" || echo 0) ))
  tail -1 "$out/ingest$step.txt" >&2
  # fresh processes: each query of the mix by a `verbatim search` of its own
  python3 - "$verbatim" "$db" "$out/mix.txt" "$FRESH_ROUNDS" > "$out/fresh$step.txt" <<'EOF'
import os, subprocess, sys, time
verbatim, db, mixfile, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
mix = [l.rstrip("\n") for l in open(mixfile) if l.strip()]
ms, rss = [], 0
for r in range(rounds):
    for q in mix:
        t = time.perf_counter()
        p = subprocess.Popen([verbatim, "search", "--db", db, q, "--limit", "20",
                              "--facets", "speaker,tag,month"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, ru = os.wait4(p.pid, 0)
        ms.append((time.perf_counter() - t) * 1000)
        p.returncode = os.waitstatus_to_exitcode(status)
        err = p.stderr.read().decode(errors="replace").strip()
        p.stderr.close()
        if p.returncode != 0:
            sys.exit("scale.sh: verbatim search %r: exit %d: %s" % (q, p.returncode, err))
        rss = max(rss, ru.ru_maxrss)
ms.sort()
n = len(ms)
p99 = min(n - 1, (n * 99 + 99) // 100)
print("fresh p50 %.2f p99 %.2f max %.2f runs %d rss_kb %d" % (ms[n // 2], ms[p99], ms[-1], n, rss))
EOF
  BENCH_SEARCH_ONLY=1 BENCH_NO_PLAIN=1 BENCH_RUNS=1 BENCH_REPEAT=$REPEAT "$BUILD/bench/bench_ingest" none "$arch" > "$out/warm$step.txt"
  awk -v step="$step" -v label="$label" -v stm="$after" -v added=$((after - before)) -v bytes="$bytes" \
      -v wall="$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" -v mb="$mb" '
    function after(word,   i) { for (i = 1; i < NF; i++) if ($i == word) return $(i + 1); return "-" }
    FILENAME ~ /time/ { cpu = $1 + $2; rss = $3 / 1024 }
    FILENAME ~ /fresh/ { f50 = after("p50"); f99 = after("p99"); frss = after("rss_kb") / 1024 }
    FILENAME ~ /warm/ && /^verbatim search \+/ { w50 = after("p50"); w99 = after("p99") }
    FILENAME ~ /warm/ && /^verbatim search CPU/ { c99 = after("p99") }
    FILENAME ~ /warm/ && /^verbatim after round 1/ { l50 = after("p50"); l99 = after("p99") }
    FILENAME ~ /warm/ && /^verbatim CPU after round 1/ { lc99 = after("p99") }
    END { print step, label, stm, bytes, added / wall, wall, cpu, rss, f50, f99, frss, w50, w99, c99, mb, l50, l99, lc99, added / cpu }
  ' "$out/time$step.txt" "$out/fresh$step.txt" "$out/warm$step.txt" >> "$table"
}

# the steps: symbolic links to the speeches each adds, in a directory of its own
speeches | awk -v s="$SUBSET" '(NR - 1) % s == 0' > "$out/speeches.txt"
prev=0 step=0
for k in $STEPS; do
  step=$((step + 1))
  dir=$out/step$step
  mkdir -p "$dir"
  awk -v lo="$prev" -v hi="$k" -v here="$PWD" '(NR - 1) % 10 >= lo && (NR - 1) % 10 < hi {
    print (substr($0, 1, 1) == "/" ? "" : here "/") $0 }' "$out/speeches.txt" | xargs -r -d '\n' ln -s -t "$dir"
  measure "$step" "$k/10" "$dir"
  rm -rf "$dir"
  prev=$k
done
# changed copies beyond the whole
c=2
while [ "$c" -le "$COPIES" ]; do
  step=$((step + 1))
  dir=$out/copy$c
  mkdir -p "$dir"
  awk -v hi="$prev" '((NR - 1) % 10) < hi' "$out/speeches.txt" | perl -e '
    my ($dir, $c) = @ARGV;
    while (my $p = <STDIN>) {
      chomp $p;
      (my $name = $p) =~ s{.*/}{};
      open(my $in, "<", $p) or die "$p: $!\n";
      open(my $to, ">", "$dir/$name") or die "$dir/$name: $!\n";
      while (<$in>) { s/\bthe\b/the$c/g; print $to $_ }
      close($to) or die "$dir/$name: $!\n";
    }' "$dir" "$c"
  measure "$step" "copy$c" "$dir"
  rm -rf "$dir"
  c=$((c + 1))
done

echo "== the scale curve ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg)); ratios to step 1 in brackets =="
awk '
  NR == 1 { for (i = 3; i <= 19; i++) b[i] = $i }
  function yes(i) { return $i / b[i] < $3 / b[3] ? "yes" : "no" }
  function r(i) { return b[i] > 0 ? sprintf(" (%.2f)", $i / b[i]) : "" }
  function row(a, c, d, e, f, g, h, i, j, k) {
    printf "%-4s %-7s %-18s %-13s %-38s %-12s %-24s %-24s %-15s %-24s %s\n", a, c, d, e, f, g, h, i, j, k, l
  }
  BEGIN { l = "after round 1 CPU p99"; row("step", "archive", "statements", "MB", "ingest st/s, per CPU s (wall s, CPU s)", "RSS MB", "fresh p50 / p99 ms", "warm p50 / p99 ms", "warm CPU p99", "after round 1 p50 / p99") }
  {
    l = sprintf("%.2f", $18) r(18)
    row($1, $2, $3 r(3), sprintf("%.0f", $4 / 1e6) r(4), sprintf("%.0f, %.0f (%.0f, %.1f)", $5, $19, $6, $7) r(19),
      sprintf("%.0f", $8) r(8), sprintf("%.1f / %.1f", $9, $10) r(10), sprintf("%.2f / %.1f", $12, $13) r(13),
      sprintf("%.1f", $14) r(14), sprintf("%.2f / %.2f", $16, $17) r(17))
  }
  END {
    if (NR > 1)
      printf "p99 ratio < statements ratio (%.2f) at the last step: fresh %s, warm %s (CPU %s), warm after round 1 %s (CPU %s)\n", $3 / b[3],
        yes(10), yes(13), yes(14), yes(17), yes(18)
  }
' "$table"
[ "${KEEP:-0}" = 1 ] || rm -rf "$arch"
