# Sourced by the benchmark scripts (sh): unpacks the UN General Debate
# corpus from $SHARED (default ../shared) into $BUILD/bench-data (default
# build/bench-data) once, and sets $data to that directory.
BUILD=${BUILD:-build}
SHARED=${SHARED:-../shared}
data=$BUILD/bench-data
mkdir -p "$data"
if [ ! -d "$data/ungdc" ]; then
  echo "unpacking UNGDC corpus into $data ..." >&2
  tar -xzf "$SHARED/corpus/ungdc.tar.gz" -C "$data"
fi
# speeches: the UN speeches' paths, one a line, in name order (C locale),
# without the corpus's notes (SOURCE*) and files whose names begin with a
# dot (a stray .DS_Store-to-UTF-8.txt), which `verbatim ingest` leaves out
# of directories too.
speeches() {
  find "$data/ungdc/" -name '*.txt' ! -name 'SOURCE*' ! -name '.*' | LC_ALL=C sort
}
# documents: the seed dispatch, the debate transcripts, then the speeches.
documents() {
  echo "$SHARED/corpus/memri/sd-10850.txt"
  ls "$SHARED"/corpus/debates/*.txt
  speeches
}
# old_build COMMIT: that commit's verbatim and bench_ingest, built once
# from `git archive` in $data/ab-COMMIT; sets $old to that directory and
# $oldbench to the bench_ingest to run for it.
old_build() {
  old=$data/ab-$1
  if [ ! -x "$old/build/bench/bench_ingest" ] || [ ! -x "$old/build/verbatim" ]; then
    echo "building $1 in $old ..." >&2
    rm -rf "$old"
    mkdir -p "$old"
    git -C "$(dirname "$0")/.." archive "$1" | tar -x -C "$old"
    make -C "$old" -j2 build/verbatim build/bench/bench_ingest >"$old.log" 2>&1 || { tail -20 "$old.log" >&2; exit 1; }
  fi
  # this tree's bench_ingest over that commit's library, so both builds
  # print the same figures (CPU times among them); that commit's own
  # bench where this one does not build against it
  oldbench=$old/build/bench/bench_ingest
  here=$(dirname "$0")/..
  if cc -std=c11 -D_DEFAULT_SOURCE -pthread -O2 -g -I"$old/include" -I"$old/src" -o "$old/build/bench/bench_ingest_now" \
    "$here/bench/bench_ingest.c" "$old/build/libverbatim.a" $(make -s -C "$here" print-libs) >>"$old.log" 2>&1; then
    oldbench=$old/build/bench/bench_ingest_now
  fi
}
