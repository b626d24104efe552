#!/bin/sh
# Pages of the archive file one `verbatim search` process reads, by table
# or index (issue 14: a connection's first searches are reading, not
# instructions): strace's pread64 calls on the archive, each offset's
# page named by SQLite's dbstat. A line per query of bench_ingest's mix:
#   sh bench/search_pages.sh VERBATIM DB [BENCH_INGEST]
# DB is checkpointed first (its WAL read into the file), so that every
# page read comes from the file; BENCH_INGEST (default
# build/bench/bench_ingest) prints the mix. Pages cached by the system
# count alike: this counts reads, not their time.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 VERBATIM DB [BENCH_INGEST]" >&2; exit 2; }
bin=$1 db=$2 mix=${3:-build/bench/bench_ingest}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
page=$(sqlite3 "$db" "PRAGMA page_size")
sqlite3 "$db" "SELECT name, pageno FROM dbstat" > "$tmp/pages"
BENCH_PRINT_MIX=1 "$mix" > "$tmp/mix"
while IFS= read -r q; do
  strace -f -e trace=openat,pread64 -o "$tmp/trace" "$bin" search --db "$db" "$q" >/dev/null 2>&1 || true
  awk -v dbf="$db" -v size="$page" -v q="$q" '
    FNR == NR { split($0, a, "|"); name[a[2]] = a[1]; next }
    /openat\(/ && index($0, dbf "\"") && /= [0-9]+$/ { match($0, /= [0-9]+$/); fd = substr($0, RSTART + 2) + 0 }
    /pread64\(/ {
      match($0, /pread64\([0-9]+/); f = substr($0, RSTART + 8, RLENGTH - 8) + 0
      if (f != fd) next
      n = split($0, p, ", "); off = p[n]; sub(/\).*/, "", off)
      pg = int(off / size) + 1; t = (pg in name) ? name[pg] : "?"; c[t]++; tot++
    }
    END { printf "%-36s %4d:", q, tot; for (t in c) printf " %s %d", t, c[t]; printf "\n" }
  ' "$tmp/pages" "$tmp/trace"
done < "$tmp/mix"
