#!/bin/sh
# make test: the search harness on a small UN archive (every 250th speech,
# a few thousand statements). TAP: a query fails when a hit holds no form
# of its query word (by the reference analysis), when it is refused, or,
# for a prefix, when it finds fewer statements than plain FTS5's prefix.
set -u
here=$(dirname "$0")
BUILD=${BUILD:-build}; SHARED=${SHARED:-../shared}
out=$(python3 "$here/harness.py" run --quiet --json --subset 250 --bin "$BUILD/verbatim" \
  --refstem "$BUILD/tests/refstem" --shared "$SHARED" --cache "$BUILD/gold-search") ||
  { echo "1..1"; echo "not ok 1 - search harness failed"; exit 1; }
exec python3 - "$out" <<'PY'
import json, sys
rows = json.loads(sys.argv[1])
print(f"1..{len(rows)}")
bad = 0
for n, r in enumerate(rows, 1):
    if "error" in r:
        ok, what = False, f"refused: {r['error']}"
    else:
        miss = r.get("prefix_missing", 0)
        ok = r["bad"] == 0 and miss == 0
        what = f"{r['hits']} hits, {r['bad']} without a form of the query word"
        if "prefix_missing" in r:
            what += f", {miss} of plain FTS5's prefix hits missed"
        if r["bad"]:
            what += f" (e.g. {r['bad_examples'][0][:80]!r})"
    bad += not ok
    print(f"{'ok' if ok else 'not ok'} {n} - search [{r['category']}] {r['query']}: {what}")
sys.exit(1 if bad else 0)
PY
