#!/bin/sh
# Holds the quote-family figures of docs/ACCURACY.md (TAP): precision over
# the hand-checked joined pairs, recall on the made variants.
set -u
. tests/gold/provenance/corpus.sh
# recorded 0.960 (241 of 251) on the pairs drawn and judged at parser
# version 4, the same at version 5 (0.976 on the version 3 sample, another
# draw: its standard error is about 0.012); 0.974 (223 of 229) with
# MinHash scheme 2 at parser version 10; the issue asks 0.95
MIN_PRECISION=0.96
# recorded 0.959 (1,918 of 2,000) at parser version 5, 0.955 at version 4,
# 0.957 at version 3, 0.962 at version 1, 0.953 (1,905) with MinHash
# scheme 2 at version 10 (main's scheme 1 then: 0.954): a parser change
# redraws the variants (standard error about 0.005); the issue asks 0.9
MIN_RECALL=0.95
echo "1..2"
out=$("$FAMEVAL" check "$CORPUS" tests/gold/provenance/pairs.tsv); rc=$?
p=$(printf '%s\n' "$out" | sed -n 's/.*precision \([0-9.]*\).*/\1/p')
if [ $rc -eq 0 ] && [ -n "$p" ] && awk -v p="$p" -v m="$MIN_PRECISION" 'BEGIN { exit !(p >= m) }'; then
  echo "ok 1 - quote families: precision $p >= $MIN_PRECISION on the hand-checked pairs"
else
  printf '%s\n' "$out" | sed 's/^/# /'
  echo "not ok 1 - quote families: precision ${p:-?} < $MIN_PRECISION (or a tenth of the pairs gone)"
fi
out=$("$FAMEVAL" recall "$CORPUS" "$CORPUS/recall.txt" 21 500 2>/dev/null)
r=$(printf '%s\n' "$out" | sed -n 's/^all variants:.*recall \([0-9.]*\).*/\1/p')
if [ -n "$r" ] && awk -v r="$r" -v m="$MIN_RECALL" 'BEGIN { exit !(r >= m) }'; then
  echo "ok 2 - quote families: recall $r >= $MIN_RECALL on made variants"
else
  printf '%s\n' "$out" | sed 's/^/# /'
  echo "not ok 2 - quote families: recall ${r:-?} < $MIN_RECALL"
fi
