#!/bin/sh
# The quote families an SQLite archive keeps, whatever its layout: every
# fingerprinted statement's (statement_id, family, rel, ord, exact), one
# a line in id order, as rows before fingerprint blocks had them (a
# block's entry without a row of its own is its family's founder alone:
# family = itself, rel 0, the block's ord). Prints how many and the md5's
# first 12 digits: two builds that must not change a family print the
# same. Usage: sh bench/family-md5.sh ARCHIVE
set -eu
python3 - "$1" <<'PY'
import hashlib, sqlite3, struct, sys
db = sqlite3.connect(sys.argv[1])
rows = {r[0]: r for r in db.execute("SELECT statement_id, family, rel, ord, exact FROM fingerprints")}
if db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'fingerprint_blocks'").fetchone()[0]:
    for first, ord_, p in db.execute("SELECT first_id, ord, prints FROM fingerprint_blocks"):
        at = 0
        while at + 15 <= len(p):  # families.c: id - first, exact, keys, pairs (0xFFFF: none)
            delta, exact, nkeys, npairs = struct.unpack_from('<IqBH', p, at)
            at += 15 + 4 * nkeys + (0 if npairs == 0xFFFF else 4 * npairs)
            rows.setdefault(first + delta, (first + delta, first + delta, 0, ord_, exact))
h = hashlib.md5()
for k in sorted(rows):
    h.update(("%d|%d|%d|%d|%d\n" % rows[k]).encode())
print(len(rows), h.hexdigest()[:12])
PY
