#!/bin/sh
# Benchmarks on real documents. Unpacks the UN General Debate corpus from
# ../shared once into build/bench-data, then measures parse speed over at
# least 64 MB of it plus the seed dispatch and the debate transcripts.
set -eu
BUILD=${BUILD:-build}
SHARED=${SHARED:-../shared}
data=$BUILD/bench-data
mkdir -p "$data"
if [ ! -d "$data/ungdc" ]; then
  echo "unpacking UNGDC corpus into $data ..." >&2
  tar -xzf "$SHARED/corpus/ungdc.tar.gz" -C "$data"
fi
list=$BUILD/bench-data/parse-inputs.txt
{
  echo "$SHARED/corpus/memri/sd-10850.txt"
  ls "$SHARED"/corpus/debates/*.txt
  find "$data/ungdc" -name '*.txt' ! -name 'SOURCE*' | LC_ALL=C sort
} | awk -v max=$((64 * 1024 * 1024)) '
  { cmd = "stat -c %s \"" $0 "\""; cmd | getline sz; close(cmd); total += sz; print; if (total >= max) exit }
' > "$list"
echo "== parse (bench/bench_parse, $(wc -l < "$list") files) =="
"$BUILD/bench/bench_parse" "$list" "${PASSES:-5}"

# The archive: all of UNGDC (over a million statements) plus the seed and
# the debates, verbatim against plain SQLite FTS5 on the same texts.
all=$BUILD/bench-data/ingest-inputs.txt
{
  echo "$SHARED/corpus/memri/sd-10850.txt"
  ls "$SHARED"/corpus/debates/*.txt
  find "$data/ungdc" -name '*.txt' ! -name 'SOURCE*' | LC_ALL=C sort
} > "$all"
echo "== archive (bench/bench_ingest, $(wc -l < "$all") files) =="
"$BUILD/bench/bench_ingest" "$all" "$BUILD/bench-data"
