#!/bin/sh
# make eval: the search harness on the whole UN General Debate archive
# (built once per binary in $BUILD/gold-search; SUBSET=K takes every K-th
# speech): hits without a form of their query word, prefix coverage, and hit
# counts beside plain FTS5, per query category.
set -u
here=$(dirname "$0")
BUILD=${BUILD:-build}; SHARED=${SHARED:-../shared}
exec python3 "$here/harness.py" run --quiet --subset "${SUBSET:-1}" --bin "$BUILD/verbatim" \
  --refstem "$BUILD/tests/refstem" --shared "$SHARED" --cache "$BUILD/gold-search"
