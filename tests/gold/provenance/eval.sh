#!/bin/sh
# Quote families on real documents (docs/ACCURACY.md, "Quote families"):
# precision over the hand-checked pairs of pairs.tsv that are joined now,
# and recall on variants (trimmed, re-ordered, words substituted) made at
# run time, with a fixed seed, from real statements.
set -eu
. tests/gold/provenance/corpus.sh
echo "-- hand-checked pairs (tests/gold/provenance/pairs.tsv)"
"$FAMEVAL" check "$CORPUS" tests/gold/provenance/pairs.tsv | grep -v '^wrongly joined'
echo "-- made variants (seed 21, 500 of each kind)"
"$FAMEVAL" recall "$CORPUS" "$CORPUS/recall.txt" 21 500 2>/dev/null
