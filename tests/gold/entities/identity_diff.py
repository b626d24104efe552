#!/usr/bin/env python3
"""Which mentions change entity between two builds, over real documents.

Parses each document with both builds (`parse --json --compact`) and
compares, mention by mention (its span), the entity key it is given.
Prints how many mentions change, in how many documents, and the commonest
changes as (old entity's name, surface, new entity's name).

  python3 tests/gold/entities/identity_diff.py OLD_BIN NEW_BIN \
      [--un DIR] [--sample N] [--seed S] [FILE ...]

--un samples N UN General Debate speeches (seed S) from DIR (the
unpacked ungdc corpus); FILEs are added as they are (Kremlin or news
pages). A document either build cannot parse is counted and left out.
"""
import argparse
import collections
import glob
import json
import os
import random
import subprocess
import sys


def keys(binary, path):
    try:
        out = subprocess.run([binary, "parse", "--json", "--compact", path],
                             capture_output=True, timeout=300, check=True).stdout
        doc = json.loads(out)
    except (subprocess.SubprocessError, ValueError):
        return None
    spans = {}
    for e in doc.get("entities", []):
        for m in e["mentions"]:
            spans[(m["start"], m["end"])] = (e["key"], e["name"], m["surface"])
    return spans


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--un")
    ap.add_argument("--sample", type=int, default=400)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("files", nargs="*")
    a = ap.parse_intermixed_args()
    files = list(a.files)
    if a.un:
        speeches = sorted(glob.glob(os.path.join(a.un, "**", "*.txt"), recursive=True))
        random.seed(a.seed)
        files = random.sample(speeches, min(a.sample, len(speeches))) + files
    changed = collections.Counter()
    total = docs = failed = 0
    for f in files:
        old, new = keys(a.old, f), keys(a.new, f)
        if old is None or new is None:
            failed += 1
            continue
        total += len(old)
        diff = [(old[k], new.get(k)) for k in old if new.get(k, (None,))[0] != old[k][0]]
        docs += bool(diff)
        for was, now in diff:
            changed[(was[1], was[2], now[1] if now else None)] += 1
    print(f"{len(files)} documents ({failed} left out), {total} mentions; "
          f"{sum(changed.values())} mentions in {docs} documents change entity")
    for (was, surface, now), n in changed.most_common(40):
        print(f"{n:6d}  {was!r} -> {now!r}  (written {surface!r})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
