#!/bin/sh
# Memory while ingesting a large batch: `verbatim ingest` streams its
# inputs (a few files, or a megabyte of JSON Lines, in flight per worker),
# so its peak resident size must not grow with the batch. Makes a batch of
# COPIES copies of the UN General Debate corpus (each file's copy starts
# with a line naming the copy, so every one is a new document; COPIES=5 is
# about 1.07 GB) as text files, and the same speeches as one JSON Lines
# file; ingests one copy, the whole batch, a fifth of the JSON Lines and
# all of it into fresh archives under /usr/bin/time, and prints the peak
# RSS, time and throughput of each. Files whose names begin with a dot
# are left out, as `verbatim ingest` leaves them out of directories (the
# corpus holds a stray .DS_Store).
#   sh bench/batch.sh            (BUILD=build, COPIES=5, THREADS=2)
set -eu
BUILD=${BUILD:-build}
SHARED=${SHARED:-../shared}
COPIES=${COPIES:-5}
THREADS=${THREADS:-2}
bin=$BUILD/verbatim
[ -x "$bin" ] || { echo "batch.sh: build $bin first (make)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "batch.sh: needs GNU time (Debian's time package)" >&2; exit 1; }
. "$(dirname "$0")/ungdc.sh"
batch=$data/batch
if [ ! -f "$batch/.copies-$COPIES" ]; then
  rm -rf "$batch"
  speeches | python3 -c '
import os, sys
batch, copies = sys.argv[1], int(sys.argv[2])
files = [l.strip() for l in sys.stdin]
for c in range(1, copies + 1):
    d = os.path.join(batch, "copy%d" % c)
    os.makedirs(d, exist_ok=True)
    for f in files:
        name = os.path.basename(f)
        with open(f, "rb") as i, open(os.path.join(d, name), "wb") as o:
            o.write(b"Copy %d of %s.\n\n" % (c, name.encode()))
            o.write(i.read())
' "$batch" "$COPIES"
  touch "$batch/.copies-$COPIES"
  rm -f "$batch.jsonl"
fi
if [ ! -f "$batch.jsonl" ]; then
  # the same documents as one JSON Lines file, and its first fifth
  find "$batch" -name '*.txt' ! -name '.*' | LC_ALL=C sort | python3 -c '
import json, sys
for p in sys.stdin:
    p = p.strip()
    print(json.dumps({"title": p.rsplit("/", 2)[-2] + "/" + p.rsplit("/", 1)[-1],
                      "text": open(p, encoding="utf-8", errors="replace").read()}))
' > "$batch.jsonl"
  n=$(wc -l < "$batch.jsonl")
  head -n $((n / COPIES)) "$batch.jsonl" > "$batch-part.jsonl"
fi

run() { # label, inputs...
  label=$1
  shift
  db=$data/batch-$label.db
  rm -f "$db" "$db-wal" "$db-shm"
  bytes=$(du -cb "$@" | tail -1 | cut -f1)
  files=$(find "$@" \( -name '*.txt' -o -name '*.jsonl' \) ! -name '.*' | wc -l)
  /usr/bin/time -f '%M %e' -o "$data/batch-$label.time" "$bin" ingest --db "$db" --threads "$THREADS" "$@" \
    >"$data/batch-$label.log" 2>&1 || { tail -5 "$data/batch-$label.log" >&2; exit 1; }
  read -r rss secs <"$data/batch-$label.time"
  awk -v l="$label" -v b="$bytes" -v f="$files" -v r="$rss" -v s="$secs" 'BEGIN {
    printf "%-7s %6d files %8.1f MB  peak RSS %6.1f MB  %7.1f s  %5.2f MB/s\n", l, f, b / 1e6, r / 1024, s, b / 1e6 / s }'
  rm -f "$db" "$db-wal" "$db-shm"
}

echo "== ingest memory (bench/batch.sh, $THREADS threads) =="
# RUNS picks some of them
for r in ${RUNS:-one all jsonl1 jsonl}; do
  case $r in
  one) run one "$batch/copy1" ;;
  all) run all "$batch" ;;
  jsonl1) run jsonl1 "$batch-part.jsonl" ;;
  jsonl) run jsonl "$batch.jsonl" ;;
  esac
done
