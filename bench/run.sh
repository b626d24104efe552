#!/bin/sh
# Benchmarks on real documents. Unpacks the UN General Debate corpus from
# ../shared once into build/bench-data, then measures parse speed over at
# least 64 MB of it plus the seed dispatch and the debate transcripts.
set -eu
BUILD=${BUILD:-build}
SHARED=${SHARED:-../shared}
. "$(dirname "$0")/inputs.sh"
echo "== decode (bench/bench_decode, the same files) =="
"$BUILD/bench/bench_decode" "$list" "${PASSES:-5}"
echo "== parse, text (bench/bench_parse, $(wc -l < "$list") files) =="
"$BUILD/bench/bench_parse" "$list" "${PASSES:-5}"
echo "== entities (bench/bench_entities, the same files) =="
"$BUILD/bench/bench_entities" "$list" "${PASSES:-5}"

# Reader speed per format, on real documents where the corpus has them.
if [ ! -d "$data/kremlin-en" ]; then
  echo "unpacking Kremlin pages into $data ..." >&2
  tar -xzf "$SHARED/corpus/kremlin-en.tar.gz" -C "$data"
fi
html=$data/parse-html.txt
find "$data/kremlin-en" -name '*.html' | LC_ALL=C sort | awk -v max=$((64 * 1024 * 1024)) '
  { cmd = "stat -c %s \"" $0 "\""; cmd | getline sz; close(cmd); total += sz; print; if (total >= max) exit }
' > "$html"
echo "== parse, HTML: Kremlin pages ($(wc -l < "$html") files) =="
"$BUILD/bench/bench_parse" "$html" "${PASSES:-5}"
caps=$data/parse-captions.txt
: > "$caps"
for i in $(seq 200); do ls "$SHARED"/corpus/captions/transcriptator__*.srt "$SHARED"/corpus/captions/transcriptator__*.vtt >> "$caps"; done
echo "== parse, SRT + WebVTT: the podcast caption files, 200 times each =="
"$BUILD/bench/bench_parse" "$caps" "${PASSES:-5}"
# JSON Lines made here from UN speeches: one {"title","date","text"} record each
jsonl=$data/ungdc.jsonl
if [ ! -f "$jsonl" ]; then
  head -2000 "$list" | tail -1999 | python3 -c '
import json, sys, os
for p in sys.stdin:
    p = p.strip()
    if p.endswith(".txt"):
        print(json.dumps({"title": os.path.basename(p), "date": p[-8:-4] + "-09-01", "text": open(p, encoding="utf-8", errors="replace").read()}))
' > "$jsonl"
fi
echo "$jsonl" > "$data/parse-jsonl.txt"
echo "== parse, JSON Lines: 1,999 UN speeches as records =="
"$BUILD/bench/bench_parse" "$data/parse-jsonl.txt" "${PASSES:-5}"

[ -n "${PARSE_ONLY:-}" ] && exit 0

# Standing queries: 100,000 of them against the statements of about 2,000
# UN speeches (every fourth file), presearch beside the naive loop.
watchlist=$data/watch-inputs.txt
{
  echo "$SHARED/corpus/memri/sd-10850.txt"
  ls "$SHARED"/corpus/debates/*.txt
  speeches | awk 'NR % 4 == 0' | head -2000
} > "$watchlist"
echo "== standing queries (bench/bench_watch, $(wc -l < "$watchlist") files, 100,000 queries) =="
"$BUILD/bench/bench_watch" "$watchlist" 100000
[ -n "${WATCH_ONLY:-}" ] && exit 0

# The archive: all of UNGDC (over a million statements) plus the seed and
# the debates, verbatim against plain SQLite FTS5 on the same texts.
all=$BUILD/bench-data/ingest-inputs.txt
documents > "$all"
echo "== archive (bench/bench_ingest, $(wc -l < "$all") files) =="
"$BUILD/bench/bench_ingest" "$all" "$BUILD/bench-data"

# Quote families at the UN corpus's scale beside an exact-duplicate
# baseline, and the lookup of a new statement (bench/family.sh).
echo "== quote families (bench/family.sh, RUNS=${FAMILY_RUNS:-3}) =="
RUNS=${FAMILY_RUNS:-3} BUILD=$BUILD SHARED=$SHARED sh bench/family.sh

# The scale curve: one archive grown from a tenth of the UN speeches to
# all of them, the mix's p50 and p99 after each step (bench/scale.sh;
# SCALE=0 leaves it out, it takes most of an hour on a busy machine).
if [ "${SCALE:-1}" != 0 ]; then
  echo "== the scale curve (bench/scale.sh) =="
  BUILD=$BUILD SHARED=$SHARED sh bench/scale.sh
fi
