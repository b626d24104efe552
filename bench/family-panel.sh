#!/bin/sh
# The document page's family panel, two builds side by side: the family
# `verbatim quote --json` gives for 70 statements of an archive (40 members
# of families the archive keeps and 30 statements of six words or more,
# drawn with seed 1907), compared member by member (document, index,
# relation), with the statements each compared and how many agree with the
# family the archive keeps (a hit's `family` count).
# Usage: UI_DB=ARCHIVE sh bench/family-panel.sh BASE_BIN BRANCH_BIN
set -eu
db=${UI_DB:-build/bench-data/ui-un.db}
base=$1 branch=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 - "$db" > "$out/refs" <<'PY'
import random, sqlite3, sys
db = sqlite3.connect('file:%s?mode=ro' % sys.argv[1], uri=True)
random.seed(1907)
mem = [r[0] for r in db.execute("SELECT statement_id FROM fingerprints WHERE family <> statement_id")]
top = db.execute("SELECT max(statement_id) FROM fingerprints").fetchone()[0]
pick = random.sample(mem, 40)
while len(pick) < 70:
    i = random.randint(1, top)
    if db.execute("SELECT 1 FROM fingerprints WHERE statement_id = ?", (i,)).fetchone(): pick.append(i)
for sid in pick:
    print("%s:%d" % db.execute("SELECT d.hash, s.idx FROM statements s JOIN documents d ON d.id = s.doc_id"
                               " WHERE s.id = ?", (sid,)).fetchone())
PY
n=0
while read -r ref; do
  n=$((n + 1))
  "$base" quote --db "$db" --json "$ref" > "$out/a$n.json"
  "$branch" quote --db "$db" --json "$ref" > "$out/b$n.json"
done < "$out/refs"
python3 - "$db" "$out" <<'PY'
import json, sqlite3, statistics, sys
db = sqlite3.connect('file:%s?mode=ro' % sys.argv[1], uri=True)
out = sys.argv[2]
refs = [l.strip() for l in open(out + '/refs')]
same, kept, comp = 0, [0, 0], [[], []]
for n, ref in enumerate(refs, 1):
    f = [json.load(open('%s/%s%d.json' % (out, k, n))) for k in 'ab']
    mem = [{(m['doc'], m['index']): m['relation'] for m in x.get('members', [])} for x in f]
    h, idx = ref.split(':')
    fam = db.execute("SELECT f.family FROM statements s JOIN documents d ON d.id = s.doc_id JOIN fingerprints f"
                     " ON f.statement_id = s.id WHERE d.hash = ? AND s.idx = ?", (h, int(idx))).fetchone()[0]
    size = db.execute("SELECT count(*) FROM fingerprints WHERE family = ? AND family <> statement_id", (fam,)).fetchone()[0] \
        + db.execute("SELECT count(*) FROM fingerprints WHERE statement_id = ?", (fam,)).fetchone()[0]
    if mem[0] == mem[1]: same += 1
    else: print('  %s: base %d members, branch %d; %d only base, %d only branch' % (ref[:12] + ref[ref.index(':'):],
                len(mem[0]), len(mem[1]), len(set(mem[0]) - set(mem[1])), len(set(mem[1]) - set(mem[0]))))
    for k in range(2):
        kept[k] += len(mem[k]) == size
        comp[k].append(f[k].get('compared', 0))
print('%d statements: %d the same members and relations' % (len(refs), same))
print('members as many as the family kept: base %d, branch %d' % tuple(kept))
print('statements compared, median: base %g, branch %g' % (statistics.median(comp[0]), statistics.median(comp[1])))
PY
