#!/bin/sh
# `verbatim reindex` beside a fresh ingest of the same documents: what an
# owner of an archive an older text analysis indexed saves by indexing it
# again instead of ingesting everything anew. Every STEP-th UN General
# Debate speech (name order) is ingested into a fresh archive; a copy of it
# with its analysis version set back to 1 is indexed again (the work does
# not depend on what the old index held: every statement is analysed and
# written into a new index, the old one dropped). RUNS rounds alternate
# ingest, reindex; each prints wall-clock and CPU seconds (GNU time), and
# the medians and ratios end it.
#   sh bench/reindex.sh            (BUILD=build, STEP=8, RUNS=3, THREADS=2)
set -eu
BUILD=${BUILD:-build}
SHARED=${SHARED:-../shared}
STEP=${STEP:-8}
RUNS=${RUNS:-3}
THREADS=${THREADS:-2}
bin=$BUILD/verbatim
[ -x "$bin" ] || { echo "reindex.sh: build $bin first (make)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "reindex.sh: needs GNU time (Debian's time package)" >&2; exit 1; }
. "$(dirname "$0")/ungdc.sh"
# the speeches, as links in one directory (one ingest command line)
dir=$data/reindex-$STEP
if [ ! -d "$dir" ]; then
  mkdir -p "$dir"
  speeches | awk -v s="$STEP" 'NR % s == 1' |
    while read -r f; do ln -s "$(readlink -f "$f")" "$dir/$(basename "$f")"; done
fi
fresh=$data/reindex-fresh.db
old=$data/reindex-old.db
out=$(mktemp)
trap 'rm -f "$out" "$fresh" "$fresh-wal" "$fresh-shm" "$old" "$old-wal" "$old-shm"' EXIT
rm_db() { rm -f "$1" "$1-wal" "$1-shm"; }
timed() { # label, command...: "label wall cpu" on $out
  label=$1
  shift
  /usr/bin/time -f "%e %U %S" -o "$out.t" "$@" >/dev/null
  awk -v l="$label" '{ printf "%s %.2f %.2f\n", l, $1, $2 + $3 }' "$out.t" | tee -a "$out"
}
echo "$(ls "$dir" | wc -l) speeches, $(du -shL "$dir" | cut -f1)" >&2
for r in $(seq "$RUNS"); do
  rm_db "$fresh"
  "$bin" init "$fresh" >/dev/null
  timed ingest "$bin" ingest --db "$fresh" --threads "$THREADS" "$dir"
  rm_db "$old"
  cp "$fresh" "$old"
  python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE analysis SET version = 1"); c.commit()' "$old"
  timed reindex "$bin" reindex --db "$old"
done
echo "statements: $(python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM statements").fetchone()[0])' "$fresh")"
# medians and ratios
awk '
  { v[$1, "wall", ++n[$1]] = $2; v[$1, "cpu", n[$1]] = $3 }
  function med(k, m,   i, j, t, a) {
    for (i = 1; i <= n[k]; i++) a[i] = v[k, m, i]
    for (i = 1; i <= n[k]; i++) for (j = i + 1; j <= n[k]; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n[k] % 2 ? a[(n[k] + 1) / 2] : (a[n[k] / 2] + a[n[k] / 2 + 1]) / 2
  }
  END {
    printf "median wall: ingest %.2f s, reindex %.2f s, reindex/ingest %.2f\n", med("ingest", "wall"), med("reindex", "wall"),
      med("reindex", "wall") / med("ingest", "wall")
    printf "median CPU:  ingest %.2f s, reindex %.2f s, reindex/ingest %.2f\n", med("ingest", "cpu"), med("reindex", "cpu"),
      med("reindex", "cpu") / med("ingest", "cpu")
  }' "$out"
