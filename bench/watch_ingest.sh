#!/bin/sh
# Ingest into SQLite with W standing queries beside the same ingest without
# any (issue 20: <= 1.5x the time, memory flat in the number of alerts).
#   sh bench/watch_ingest.sh [BIN]      (BIN default build/verbatim;
#                                        N=500 speeches, W=1000, ROUNDS=3)
# Inputs: the first N of every 8th UN speech in name order. Watches: one
# word each, W words of five letters or more drawn evenly from those
# speeches' vocabulary sorted by frequency (from words in most speeches to
# words in one), so they fire from thousands of alerts to a few. Rounds
# alternate: ingest into a fresh archive without watches, then into a fresh
# copy of one holding the W watches (alerts to stdout, sent to /dev/null),
# each `--threads 2`, timed with GNU time (wall, user + system, peak RSS).
# Then, for memory: peak RSS with watches less without, for N/5 speeches
# and for N (about 5 times the alerts), and with MORE=M for the first M of
# every 8th speech as well (the same watches; M=1369 takes them all: about
# twice N=500's alerts, past where SQLite's 64 MB page cache is full
# without watches too).
set -eu
BIN=${1:-${BUILD:-build}/verbatim}
N=${N:-500}
W=${W:-1000}
ROUNDS=${ROUNDS:-3}
[ -x /usr/bin/time ] || { echo "watch_ingest.sh: needs GNU time (Debian's time package)" >&2; exit 1; }
. "$(dirname "$0")/ungdc.sh"
out=$data/watch-ingest
rm -rf "$out"
mkdir -p "$out/in" "$out/small"
speeches | awk 'NR % 8 == 1' | head -n "$N" > "$out/list"
dirs="small in"
if [ -n "${MORE:-}" ]; then
  mkdir -p "$out/more"
  i=0
  speeches | awk 'NR % 8 == 1' | head -n "$MORE" | while IFS= read -r p; do
    i=$((i + 1))
    ln -s "$(realpath "$p")" "$out/more/$i.txt"
  done
  dirs="small in more"
fi
i=0
while read -r p; do
  i=$((i + 1))
  ln -s "$(realpath "$p")" "$out/in/$i.txt"
  [ "$i" -le $((N / 5)) ] && ln -s "$(realpath "$p")" "$out/small/$i.txt"
done < "$out/list"
# words by the number of speeches holding them, most first; W of them evenly
while read -r p; do tr -cs 'A-Za-z' '\n' < "$p" | tr 'A-Z' 'a-z' | awk 'length >= 5' | sort -u; done < "$out/list" |
  sort | uniq -c | sort -k1,1nr -k2,2 | awk '{print $2}' > "$out/vocab"
total=$(wc -l < "$out/vocab")
awk -v n="$total" -v w="$W" '{ if (int((NR - 1) * w / n) != int(NR * w / n)) print }' "$out/vocab" > "$out/words"
"$BIN" init "$out/watched.db" >/dev/null
k=0
while read -r word; do
  k=$((k + 1))
  "$BIN" watch --db "$out/watched.db" add "w$k" "$word" >/dev/null 2>"$out/err" || { cat "$out/err" >&2; exit 1; }
done < "$out/words"
"$BIN" init "$out/plain.db" >/dev/null
echo "== $N speeches ($(du -shL "$out/in" | cut -f1)), $(wc -l < "$out/words") watches, $ROUNDS rounds =="
run() { # label db dir
  /usr/bin/time -f "%e %U %S %M" -o "$out/time" "$BIN" ingest --db "$2" --threads 2 "$3" >/dev/null 2>"$out/err" ||
    { cat "$out/err" >&2; exit 1; }
  a=$(sqlite3 "$2" 'SELECT count(*) FROM alerts')
  read -r wall user sys rss < "$out/time"
  echo "$1 $wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $rss $a"
}
: > "$out/runs"
for r in $(seq "$ROUNDS"); do
  for kind in none watched; do
    src=$out/plain.db
    [ "$kind" = watched ] && src=$out/watched.db
    cp "$src" "$out/run.db"
    run "$kind" "$out/run.db" "$out/in" | tee -a "$out/runs"
    rm -f "$out/run.db" "$out/run.db-wal" "$out/run.db-shm"
  done
done
awk -f "$(dirname "$0")/median.awk" -f /dev/stdin "$out/runs" <<'PROG'
  { keep($1 "w", $2); keep($1 "c", $3); keep($1 "m", $4); alerts[$1] = $5 }
  END {
    printf "medians: without watches %.2f s wall, %.2f s CPU, %.1f MB; with %.2f s wall, %.2f s CPU, %.1f MB, %d alerts\n",
      med("nonew"), med("nonec"), med("nonem") / 1024, med("watchedw"), med("watchedc"), med("watchedm") / 1024, alerts["watched"]
    printf "with / without: wall %.2f, CPU %.2f (issue 20: <= 1.5)\n", med("watchedw") / med("nonew"), med("watchedc") / med("nonec")
  }
PROG
echo "== memory in the number of alerts: peak RSS with watches less without, N/5 and N speeches${MORE:+ and $MORE} (one run each) =="
for dir in $dirs; do
  for kind in plain watched; do
    cp "$out/$kind.db" "$out/run.db"
    run "$kind" "$out/run.db" "$out/$dir" > "$out/$kind.mem"
    rm -f "$out/run.db" "$out/run.db-wal" "$out/run.db-shm"
  done
  cat "$out/plain.mem" "$out/watched.mem" | awk -v d="$dir" '
    NR == 1 { p = $4 } NR == 2 { printf "%s: %d alerts, peak RSS %.1f MB with watches, %.1f MB without: %.1f MB more\n",
      d == "in" ? "all" : d == "more" ? "more" : "a fifth", $5, $4 / 1024, p / 1024, ($4 - p) / 1024 }'
done
