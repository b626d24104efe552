#!/bin/sh
# make eval: the article text verbatim reads from real news pages against
# the text their expected.html holds (Readability's test pages).
cd "$(dirname "$0")/../../.." || exit 1
exec python3 tests/gold/news/score.py --bin "${BUILD:-build}/verbatim" --shared "${SHARED:-../shared}"
