#!/usr/bin/env python3
# Every entity's counts agree in an archive made from real documents (issue
# 17): for the 150 most mentioned entities and every 15th after them, the
# listing (`entities`), the entity page (`entity eN`), `mentions:eN` (hits
# and --docs hits) and the entity facet of that search give the same
# mentions, statements and documents (the facet may leave out an entity
# that ties with the ten it shows). Usage: entity_counts.py BIN DB, where DB
# is an SQLite file or a postgresql:// URI that BIN has ingested into.
import json, subprocess, sys

BIN, DB = sys.argv[1], sys.argv[2]


def run(*a):
    out = subprocess.run([BIN] + list(a) + ["--db", DB], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit("%s: %s" % (a, out.stderr))
    return json.loads(out.stdout)


ents = run("entities", "--json", "--limit", "10000")
pick = ents[:150] + ents[150::15]
bad = 0
for e in pick:
    want = (e["mentions"], e["statements"], e["documents"])
    p = run("entity", e["id"], "--json")
    s = run("search", "mentions:" + e["id"], "--json", "--limit", "1", "--facets", "entity")
    d = run("search", "mentions:" + e["id"], "--json", "--limit", "1", "--docs")
    facet = s["facets"].get("entity", [])
    own = [f[1] for f in facet if len(f) > 2 and f[2] == e["id"]]
    tied = not own and len(facet) == 10 and min(f[1] for f in facet) == e["statements"]
    ok = ((p["mentions"], p["statements"], p["documents"]) == want and s["total"] == e["statements"] and
          d["total"] == e["documents"] and (not e["statements"] or own == [e["statements"]] or tied))
    if not ok:
        bad += 1
        print("DISAGREE", e["id"], e["name"], want, "page", (p["mentions"], p["statements"], p["documents"]),
              "search", s["total"], d["total"], "facet", own)
print("%d entities in the archive, %d checked, %d disagree" % (len(ents), len(pick), bad))
sys.exit(1 if bad else 0)
