#!/bin/sh
# Each ingest thread's CPU samples, for two builds of `verbatim ingest`
# side by side (issue 20):
#   sh bench/ingest_threads.sh BIN_A BIN_B [N] [STEP] [ROUNDS]
# ROUNDS (default 3) rounds, each BIN_A then BIN_B, of `perf record -e
# task-clock -F 500` of `BIN ingest --threads 1` of the first N (default
# 300) of every STEP-th (default 8) UN speech into a new archive. Prints
# per run the wall time, the samples of the storing thread (the process's
# own thread, `verbatim`) and of the parsing thread (`vb-parse`), and how
# many of each were reading files (kernel copies from the page cache and
# the readers' own symbols). Samples are CPU time (2 ms each): a loaded
# machine moves the wall far more than them.
set -eu
[ $# -ge 2 ] || { echo "usage: $0 BIN_A BIN_B [N] [STEP] [ROUNDS]" >&2; exit 2; }
A=$1 B=$2 N=${3:-300} STEP=${4:-8} ROUNDS=${5:-3}
. "$(dirname "$0")/ungdc.sh"
out=$data/ingest-threads
mkdir -p "$out"
list=$out/list-$N-$STEP.txt
speeches | awk -v s="$STEP" 'NR % s == 1' | head -"$N" > "$list"
for r in $(seq "$ROUNDS"); do
  for tag in A B; do
    bin=$A
    [ "$tag" = B ] && bin=$B
    rm -f "$out/$tag.db" "$out/$tag.db-wal" "$out/$tag.db-shm"
    "$bin" init "$out/$tag.db" > /dev/null
    t0=$(date +%s.%N)
    tr '\n' '\0' < "$list" | xargs -0 perf record -q -e task-clock -F 500 -o "$out/$tag-$r.data" -- \
      "$bin" ingest --threads 1 --db "$out/$tag.db" > /dev/null 2> "$out/$tag-$r.err"
    t1=$(date +%s.%N)
    perf report -i "$out/$tag-$r.data" --sort comm,sym --stdio -F sample,comm,sym 2>/dev/null |
      awk -v tag="$tag" -v r="$r" -v wall="$(echo "$t1 - $t0" | bc)" '
        $1 ~ /^[0-9]+$/ {
          rd = /_copy_to_iter|filemap_read|filemap_get_read_batch|copy_page_to_iter|vb_file_read|_IO_file_xsgetn|__libc_read/
          if ($2 == "verbatim") { s += $1; if (rd) sr += $1 }
          else if ($2 == "vb-parse") { p += $1; if (rd) pr += $1 }
        }
        END { printf "round %d %s wall %.2f s  storing %d samples (%d reading)  parsing %d samples (%d reading)\n", r, tag, wall, s, sr, p, pr }'
  done
done
