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
