#!/bin/sh
# Peak memory of `verbatim parse --json` on one large real input: UN
# General Debate speeches (sorted by path) concatenated into one text file
# of at least MB megabytes (default 50), unpacked from ../shared into
# build/bench-data. Runs each binary given (default build/verbatim) RUNS
# times, alternating, under /usr/bin/time -v, and prints the median peak
# RSS, its ratio to the input size, and the median elapsed time.
#   sh bench/parse_rss.sh [BIN...]       (BUILD=build, MB=50, RUNS=3)
# e.g. sh bench/parse_rss.sh /tmp/verbatim-main build/verbatim
set -eu
BUILD=${BUILD:-build}
SHARED=${SHARED:-../shared}
MB=${MB:-50}
RUNS=${RUNS:-3}
[ -x /usr/bin/time ] || { echo "parse_rss.sh: needs GNU time (Debian's time package)" >&2; exit 1; }
[ $# -gt 0 ] || set -- "$BUILD/verbatim"
. "$(dirname "$0")/ungdc.sh"
input=$data/un-${MB}mb.txt
if [ ! -f "$input" ]; then
  speeches |
    python3 -c '
import sys
out, limit, total = open(sys.argv[1], "wb"), int(sys.argv[2]) << 20, 0
for p in sys.stdin:
    b = open(p.strip(), "rb").read()
    out.write(b if b.endswith(b"\n") else b + b"\n")
    out.write(b"\n")
    total += len(b) + 2
    if total >= limit:
        break
' "$input" "$MB"
fi
size=$(stat -c %s "$input")
echo "input: $input, $size bytes"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for r in $(seq "$RUNS"); do
  i=0
  for bin in "$@"; do
    i=$((i + 1))
    /usr/bin/time -v "$bin" parse --json "$input" 2>"$tmp/err" >/dev/null || { cat "$tmp/err" >&2; exit 1; }
    awk '/Maximum resident/ {rss = $NF} /Elapsed \(wall/ {t = $NF} END {print rss, t}' "$tmp/err" >> "$tmp/$i"
  done
done
i=0
for bin in "$@"; do
  i=$((i + 1))
  sort -n "$tmp/$i" | awk -v bin="$bin" -v size="$size" -v n="$RUNS" '
    { rss[NR] = $1; t[NR] = $2 }
    END { m = int((n + 1) / 2); printf "%s: peak RSS median %.1f MB (%.2fx the input), wall %s (runs: %d)\n",
          bin, rss[m] / 1024, rss[m] * 1024 / size, t[m], n }'
done
