#!/bin/sh
# make eval: sentences of real documents cut in two (split.py), on every
# 10th UN speech and Kremlin page, every debate and caption file.
cd "$(dirname "$0")/../../.." || exit 1
exec python3 tests/gold/sentences/split.py --bin "${BUILD:-build}/verbatim" --shared "${SHARED:-../shared}" --every 10
