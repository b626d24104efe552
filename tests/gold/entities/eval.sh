#!/bin/sh
# Entities on real text: precision and recall per type and identity, on the
# development part and on the held-out part of the hand-checked gold
# (README.md here says how it was made). BUILD names the build directory,
# SHARED the folder holding corpus/.
set -eu
here=$(dirname "$0")
BUILD=${BUILD:-build}; SHARED=${SHARED:-../shared}
exec python3 "$here/score.py" --bin "$BUILD/verbatim" --shared "$SHARED" --cache "$BUILD/gold-corpus" \
  "$here/gold-dev.txt" "$here/gold-dev2.txt" "$here/gold-dev3.txt" "$here/gold-dev4.txt" "$here/gold-dev5.txt" "$here/gold-dev6.txt" "$here/gold-dev7.txt" "$here/gold-dev8.txt" "$here/gold-dev9.txt" "$here/gold-dev10.txt" "$here/gold-dev11.txt" "$here/gold-dev12.txt" "$here/gold-dev13.txt" "$here/gold-dev14.txt" "$here/gold-dev15.txt" "$here/gold-dev16.txt" "$here/gold-dev17.txt" "$here/gold-dev18.txt" "$here/gold-heldout10.txt" "$here/gold-heldout11.txt" "$here/gold-heldout12.txt" "$here/gold-heldout13.txt" "$here/gold-heldout14.txt"
