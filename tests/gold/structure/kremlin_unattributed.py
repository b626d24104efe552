#!/usr/bin/env python3
"""kremlin_unattributed.py — statements with no speaker in Kremlin pages
that have labelled turns (../shared/corpus/kremlin-en.tar.gz), and a fixed
sample of them to read (issue 15: the share rose from 0.7% to 4.2% when the
prose quote stage landed).

  python3 tests/gold/structure/kremlin_unattributed.py [--bin build/verbatim]
      [--shared ../shared] [--pages 300] [--sample 30] [--seed 15]

Pages: every k-th page in name order (as ../shared/tools/corpus-report);
counted are those with a labelled turn (a turn with a speaker). Also
printed: the share over corpus-report's own selection (any turn and two
speakers or more).
Prints the share, the count by statement kind and by where the statement
sits (before the first turn, between turns, after the last), then the
sample: page, kind, place and the statement's opening.
"""
import argparse, shutil, collections, json, os, random, re, subprocess, tarfile, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default="build/verbatim")
ap.add_argument("--shared", default="../shared")
ap.add_argument("--pages", type=int, default=300)
ap.add_argument("--sample", type=int, default=30)
ap.add_argument("--seed", type=int, default=15)
a = ap.parse_args()

tmp = tempfile.mkdtemp(prefix="kremlin-unattr-")
with tarfile.open(os.path.join(a.shared, "corpus", "kremlin-en.tar.gz")) as t:
    names = sorted(m.name for m in t.getmembers() if m.isfile() and m.name.endswith(".html"))
    pick = names[:: max(1, len(names) // a.pages)][: a.pages]
    for n in pick: t.extract(n, tmp)

total = none = heads = heads_none = cr_total = cr_none = 0
kinds = collections.Counter(); places = collections.Counter(); found = []
for n in pick:
    r = subprocess.run([a.bin, "parse", os.path.join(tmp, n), "--json", "--compact"],
                       capture_output=True, text=True)
    try: d = json.loads(r.stdout)
    except ValueError: continue
    st = d.get("statements", [])
    if d.get("turns") and len(d.get("speakers", [])) >= 2:  # corpus-report's selection
        cr_total += len(st); cr_none += sum(1 for s in st if not s.get("speaker"))
    turns = [t for t in d.get("turns", []) if t.get("speaker") is not None]
    if not turns: continue  # no labelled turn: a news item, its sources from prose quotes
    first, last = min(t["start"] for t in turns), max(t["end"] for t in turns)
    for s in st:
        if s.get("kind") in ("title", "heading"):
            heads += 1; heads_none += not s.get("speaker"); continue
        total += 1
        if s.get("speaker"): continue
        none += 1
        place = "before" if s["end"] <= first else "after" if s["start"] >= last else "between"
        kinds[s.get("kind")] += 1; places[place] += 1
        found.append((os.path.basename(n), s.get("kind"), place, re.sub(r"\s+", " ", s["text"])[:110]))
shutil.rmtree(tmp, ignore_errors=True)
print(f"{len(pick)} pages, verbatim {a.bin}")
print(f"unattributed: {none} of {total} statements ({100.0 * none / max(total, 1):.1f}%) "
      f"in pages with labelled turns (titles and headings left out)")
print(f"corpus-report's selection (any turn, two speakers or more, which since the quote "
      f"stage takes in news items whose speakers come from prose): {cr_none} of {cr_total} "
      f"({100.0 * cr_none / max(cr_total, 1):.1f}%)")
print("by kind:", dict(kinds)); print("by place:", dict(places))
random.seed(a.seed)
for row in sorted(random.sample(found, min(a.sample, len(found)))):
    print("  %s  %-8s %-8s %s" % row)
