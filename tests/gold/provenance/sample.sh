#!/bin/sh
# Draws pairs to judge by hand: sh tests/gold/provenance/sample.sh SEED NJOINED NUNDER
# prints, tab-separated, the pairs (with both texts, for reading; never commit
# the texts): the judged references go into pairs.tsv (see its header).
set -eu
. tests/gold/provenance/corpus.sh
"$FAMEVAL" sample "$CORPUS" "$CORPUS/all.txt" "${1:-2121}" "${2:-260}" "${3:-100}"
