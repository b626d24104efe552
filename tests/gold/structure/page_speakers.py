#!/usr/bin/env python3
"""page_speakers.py — the speakers verbatim finds on every news page of the
Readability test pages (../shared/corpus/html-news-pages.tar.gz), and how
many of them are not people, by the hand judgement in page_speakers.tsv.

  python3 tests/gold/structure/page_speakers.py [--bin build/verbatim] [--shared ../shared] [-v]

A speaker comes from a label (it holds a turn and no reported statement) or
from the quote stage (prose). page_speakers.tsv gives, per page and name,
the class a reader gave it: person, org (a body that can speak: a company,
an agency, a government) or other (a subhead, a list label, a term, a
place, a stray word). A speaker not in the file is counted as unjudged and
listed: judge it before quoting the figures (docs/ACCURACY.md).
"""
import argparse, shutil, collections, json, os, subprocess, sys, tarfile, tempfile

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--bin", default="build/verbatim")
ap.add_argument("--shared", default="../shared")
ap.add_argument("-v", action="store_true", help="list every speaker that is not a person")
a = ap.parse_args()

judged = {}
with open(os.path.join(here, "page_speakers.tsv"), encoding="utf-8") as f:
    for line in f:
        if line.startswith("#") or not line.strip(): continue
        page, name, cls = line.rstrip("\n").split("\t")
        judged[(page, name)] = cls

tmp = tempfile.mkdtemp(prefix="page-speakers-")
with tarfile.open(os.path.join(a.shared, "corpus", "html-news-pages.tar.gz")) as t:
    members = [m for m in t.getmembers() if m.isfile() and m.name.endswith("/source.html")]
    for m in members: t.extract(m, tmp)
pages = sorted(os.path.join(tmp, m.name) for m in members)

count = collections.Counter(); stmts = collections.Counter(); listed = []
for path in pages:
    page = os.path.basename(os.path.dirname(path))
    r = subprocess.run([a.bin, "parse", path, "--json", "--compact"], capture_output=True, text=True)
    try: doc = json.loads(r.stdout)
    except ValueError: count["errors"] += 1; continue
    by = collections.defaultdict(collections.Counter)
    for s in doc.get("statements", []): by[s.get("speaker")][s.get("kind")] += 1
    turns = {t.get("speaker") for t in doc.get("turns", [])}
    for sp in doc.get("speakers", []):
        k = by[sp["id"]]
        n = sum(k.values())
        if not n: continue
        origin = "label" if sp["id"] in turns and not (k["indirect"] or k["mixed"]) else "quote"
        cls = judged.get((page, sp["name"]), "unjudged")
        count[(origin, cls)] += 1; stmts[(origin, cls)] += n
        if cls != "person": listed.append(f"  {origin:5}  {cls:8} {page}: {sp['name']} ({n} statements)")
shutil.rmtree(tmp, ignore_errors=True)
print(f"{len(pages)} pages, verbatim {a.bin}")
print("origin  class     speakers  statements")
for origin in ("label", "quote"):
    for cls in ("person", "org", "other", "unjudged"):
        print(f"{origin:7} {cls:9} {count[(origin, cls)]:8}  {stmts[(origin, cls)]:10}")
notp = sum(v for (o, c), v in count.items() if c in ("org", "other"))
junk = sum(v for (o, c), v in count.items() if c == "other")
print(f"not people: {notp} speakers ({junk} neither person nor organisation); "
      f"from labels: {count[('label', 'org')] + count[('label', 'other')]}; unjudged: "
      f"{count[('label', 'unjudged')] + count[('quote', 'unjudged')]}")
if a.v or count[("label", "unjudged")] + count[("quote", "unjudged")]:
    print("\n".join(listed))
