#!/bin/sh
# make eval: document structure on the hand-made gold (per set, development
# and held-out parts), then the corpus-wide counts over every Kremlin page
# and every UN speech. See README.md here and docs/ACCURACY.md.
cd "$(dirname "$0")/../../.." || exit 1
BIN="${BUILD:-build}/verbatim"; SH="${SHARED:-../shared}"
python3 tests/gold/structure/score.py --bin "$BIN" --shared "$SH" || exit 1
echo "corpus-wide (every Kremlin page, every UN speech):"
python3 tests/gold/structure/corpus.py --bin "$BIN" --shared "$SH"
