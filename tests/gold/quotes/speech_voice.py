#!/usr/bin/env python3
"""speech_voice.py — in UN General Debate speeches (../shared/corpus/ungdc.tar.gz),
the statements of a turn with a speaker whose speaker is none or another than
the turn's, and how many of them a first-person frame reported ("I recall
that", "we believe that", "my delegation considers that": the delegate's own
sentence cut in two, issue 16).

  python3 tests/gold/quotes/speech_voice.py [--bin build/verbatim ...]
      [--shared ../shared] [--every 20] [--examples 10] [--jobs 2] [--list]

Speeches: every k-th file in name order. One --bin per build to compare;
each prints: statements in labelled turns, those with no speaker, those with
another speaker, and of both those whose source is first person (I, we, my
…, our …), then a few examples of the first-person ones. --list prints
every statement given another speaker (file, speaker, opening), one a line
and sorted, for diff between two builds.
"""
import argparse, concurrent.futures, json, os, re, shutil, subprocess, tarfile, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--bin", action="append")
ap.add_argument("--shared", default="../shared")
ap.add_argument("--every", type=int, default=20)
ap.add_argument("--examples", type=int, default=10)
ap.add_argument("--jobs", type=int, default=2)
ap.add_argument("--list", action="store_true")
a = ap.parse_args()
bins = a.bin or ["build/verbatim"]

FIRST = re.compile(r"(?i)^(i|we|(my|our)\s.+)$", re.S)

tmp = tempfile.mkdtemp(prefix="speech-voice-")
with tarfile.open(os.path.join(a.shared, "corpus", "ungdc.tar.gz")) as t:
    names = sorted(m.name for m in t.getmembers() if m.isfile() and re.search(r"_\d+_\d{4}\.txt$", m.name))
    pick = names[:: a.every]
    for n in pick: t.extract(n, tmp)


def one(b, n):
    r = subprocess.run([b, "parse", os.path.join(tmp, n), "--json", "--compact"], capture_output=True, text=True)
    try: d = json.loads(r.stdout)
    except ValueError: return None
    turns = d.get("turns", [])
    out = {"total": 0, "none": 0, "other": 0, "none1": 0, "other1": 0, "ex": [], "others": []}
    names = {x["id"]: x["name"] for x in d.get("speakers", [])}
    for s in d.get("statements", []):
        t = s.get("turn")
        if t is None or t < 0 or t >= len(turns) or turns[t].get("speaker") is None: continue
        out["total"] += 1
        if s.get("speaker") == turns[t]["speaker"]: continue
        key = "none" if s.get("speaker") is None else "other"
        out[key] += 1
        if key == "other":
            out["others"].append("%s  %s | %s" % (os.path.basename(n), names.get(s["speaker"], "?"),
                                                 re.sub(r"\s+", " ", s["text"])[:90]))
        src = (s.get("source") or {}).get("text", "")
        if FIRST.match(src.strip()):
            out[key + "1"] += 1
            out["ex"].append("%s  [%s | %s] %s" % (os.path.basename(n), src, (s.get("cue") or {}).get("text", ""),
                                                  re.sub(r"\s+", " ", s["text"])[:90]))
    return out


print(f"{len(pick)} speeches (every {a.every}th of {len(names)} in name order)")
for b in bins:
    tot = {"total": 0, "none": 0, "other": 0, "none1": 0, "other1": 0, "ex": [], "others": [], "failed": 0}
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        for r in ex.map(lambda n: one(b, n), pick):
            if r is None:
                tot["failed"] += 1
                continue
            for k in r: tot[k] += r[k]
    T = max(tot["total"], 1)
    print(f"{b}: {tot['total']} statements in labelled turns; no speaker {tot['none']} "
          f"({100.0 * tot['none'] / T:.2f}%), another speaker {tot['other']} ({100.0 * tot['other'] / T:.2f}%); "
          f"of them from a first-person frame: {tot['none1']} + {tot['other1']}; unparsed {tot['failed']}")
    for e in tot["ex"][: a.examples]: print("   ", e)
    if a.list:
        for e in sorted(tot["others"]): print("  other:", e)
shutil.rmtree(tmp, ignore_errors=True)
