#!/usr/bin/env python3
"""kremlin_roles.py — reported speech whose source is a role ("The
President said that …", "the President of Russia", "the Governor") on a
fixed sample of Kremlin pages (../shared/corpus/kremlin-en.tar.gz), and how
many of those statements the quote stage gives a speaker.

  python3 tests/gold/quotes/kremlin_roles.py [--bin build/verbatim]
      [--shared ../shared] [--pages 120] [--seed 1717] [-v]

The sample: random.Random(SEED).sample of the pages' names in name order.
Counted: statements with a source that opens with "the" (any case) and
holds a role word of ROLES and no capitalised name after it other than
"of PLACE". Printed: the count, how many have a speaker, and with -v each
one (page, source, speaker, the statement's opening) to read by hand.
"""
import argparse, json, os, random, re, shutil, subprocess, tarfile, tempfile

ROLES = r"(?:president|leader|governor|minister|chancellor|prime minister|mayor)"
ROLE_SOURCE = re.compile(r"(?i)^the (?:[a-z]+ )?(?:acting |russian |federal )?" + ROLES + r"(?: of (?:the )?[A-Z][\w-]*(?: [A-Z][\w-]*)*)?$")

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default="build/verbatim")
ap.add_argument("--shared", default="../shared")
ap.add_argument("--pages", type=int, default=120)
ap.add_argument("--seed", type=int, default=1717)
ap.add_argument("-v", action="store_true")
a = ap.parse_args()

tmp = tempfile.mkdtemp(prefix="kremlin-roles-")
try:
    with tarfile.open(os.path.join(a.shared, "corpus", "kremlin-en.tar.gz")) as t:
        names = sorted(m.name for m in t.getmembers() if m.isfile() and m.name.endswith(".html"))
        pick = random.Random(a.seed).sample(names, a.pages)
        for n in pick: t.extract(n, tmp)
    total = given = 0
    rows = []
    for n in pick:
        r = subprocess.run([a.bin, "parse", os.path.join(tmp, n), "--json", "--compact"],
                           capture_output=True, text=True)
        try: d = json.loads(r.stdout)
        except ValueError: continue
        sp = {s["id"]: s.get("name") for s in d.get("speakers", [])}
        for s in d.get("statements", []):
            src = (s.get("source") or {}).get("text", "")
            if not ROLE_SOURCE.match(src): continue
            total += 1
            who = sp.get(s.get("speaker")) if s.get("speaker") else None
            given += who is not None
            rows.append((os.path.basename(n), src, who or "-", s["text"][:60]))
    print(f"{a.pages} Kremlin pages (seed {a.seed}): {total} statements whose source is a role, "
          f"{given} with a speaker ({100.0 * given / max(total, 1):.1f}%)")
    if a.v:
        for r in rows: print("  " + " | ".join(r))
finally:
    shutil.rmtree(tmp, ignore_errors=True)
