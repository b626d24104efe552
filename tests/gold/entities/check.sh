#!/bin/sh
# TAP: fails when an entity figure on the real-text gold drops below the
# one recorded in floors.txt (and docs/ACCURACY.md).
set -eu
here=$(dirname "$0")
BUILD=${BUILD:-build}; SHARED=${SHARED:-../shared}
out=$(python3 "$here/score.py" --json --bin "$BUILD/verbatim" --shared "$SHARED" --cache "$BUILD/gold-corpus" \
  "$here/gold-dev.txt" "$here/gold-dev2.txt" "$here/gold-dev3.txt" "$here/gold-dev4.txt" "$here/gold-dev5.txt" "$here/gold-dev6.txt" "$here/gold-dev7.txt" "$here/gold-dev8.txt" "$here/gold-dev9.txt" "$here/gold-dev10.txt" "$here/gold-dev11.txt" "$here/gold-dev12.txt" "$here/gold-dev13.txt" "$here/gold-dev14.txt" "$here/gold-dev15.txt" "$here/gold-dev16.txt" "$here/gold-dev17.txt" "$here/gold-dev18.txt" "$here/gold-heldout10.txt" "$here/gold-heldout11.txt" "$here/gold-heldout12.txt" "$here/gold-heldout13.txt" "$here/gold-heldout14.txt") || { echo "1..1"; echo "not ok 1 - entity scorer failed"; exit 1; }
exec python3 - "$here/floors.txt" "$out" <<'PY'
import json, sys
figures = json.loads(sys.argv[2])
floors = [l.split() for l in open(sys.argv[1]) if l.strip() and not l.startswith("#")]
print(f"1..{len(floors)}")
bad = 0
for n, (part, metric, floor) in enumerate(floors, 1):
    r = figures[part]
    if metric == "identity":
        got = r["identity"]["f"]
    else:
        t, what = metric.split(".")
        got = r["types"][t][what]
    ok = got + 1e-9 >= float(floor)
    bad += not ok
    print(f"{'ok' if ok else 'not ok'} {n} - entities {part} {metric} {got:.3f} (floor {floor})")
sys.exit(1 if bad else 0)
PY
