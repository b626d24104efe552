#!/bin/sh
# Quote attribution in prose (issue 16): prints the figures on the fixtures
# written for verbatim's tests, then on PolNeAR (converted with
# ../shared/tools/attribution/convert_polnear.py into $ATTR_GOLD, default
# ../shared/tools/attribution/gold) when it is there: the train split, or
# the splits named in $ATTR_SPLITS ("train dev"). PolNeAR is used for
# measurement only and never enters the repository.
set -u
BUILD=${BUILD:-build}; SHARED=${SHARED:-../shared}
here=tests/gold/quotes
python3 "$here/score_fixtures.py" "$BUILD/verbatim" "$here/fixtures" || exit 1
gold=${ATTR_GOLD:-$SHARED/tools/attribution/gold}
dirs=""
for s in ${ATTR_SPLITS:-train}; do
  [ -d "$gold/polnear-$s" ] && dirs="$dirs $gold/polnear-$s"
done
if [ -z "$dirs" ]; then
  echo "PolNeAR: skipped (no converted data in $gold; see ../shared/tools/attribution/README.md)"
  exit 0
fi
out=${TMPDIR:-/tmp}/verbatim-quotes-eval.$$
mkdir -p "$out"
# the shared scorer over one batch parse per split (batch_score.py)
# shellcheck disable=SC2086
python3 "$here/batch_score.py" "$SHARED/tools/attribution/score.py" "$BUILD/verbatim" "$out" \
  "$out/errors.jsonl" $dirs
status=$?
echo
# decision (a) of issue 16: statements are speech; the recall over the
# attributions whose cue is a verb or phrase of saying, beside PolNeAR's
[ $status -eq 0 ] && python3 "$here/saying_recall.py" "$out/errors.jsonl" "$here/saying-cues.txt"
echo "(misses, one JSON object a line: $out/errors.jsonl)"
exit $status
