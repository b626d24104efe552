#!/usr/bin/env python3
"""score.py — speakers of real parliament transcripts in a house style of
their own (Hansard of the Cook Islands and of Fiji), against hand-made gold.

  python3 tests/gold/hansard/score.py --root DIR [--bin build/verbatim] [--list] [--detail]

DIR is a checkout of github.com/jlkeet/pacific-hansard (commit c898422,
2025-08-01): the sitting days of two Pacific parliaments, each cut into
parts (`collections/<house>/<year>/<month>/<day>/partN.html`), HTML made
from the printed Hansard. Its text is not ours and is never committed: the
gold (gold.tsv) holds facts only — a part's path, the number of each
labelled turn, its speaker's name — written by a person reading the part.
Without DIR the script says so and exits 0 (CI has no copy).

The sample: the parts of 2 KB to 40 KB (a size a person can annotate turn by
turn in a session), sorted, SIZE of each house drawn with random.Random(SEED).
--list prints it (the annotator's list, before any verbatim output is seen).

Figures, per house and together:
  turns    gold turns (labelled speeches) and the parse's turns with a speaker
  speaker  share of gold turns matched, in order, by a parse turn of the same
           speaker (the longest common subsequence of the two speaker lists,
           so a turn missed or split costs itself, not every turn after it)
  pages    share of parts whose count of turns with a speaker is within 15%
           of the gold's (a part of 0 gold turns: the parse has 0)
  refused  parts verbatim refused
A speaker's name is compared without honorifics, case or punctuation
("HON. P. POKINO" is "P. Pokino"); the gold may give alternatives (a|b)."""
import argparse, json, os, random, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 1519
SIZE = {"Cook Islands": 10, "Fiji": 10}
MIN_BYTES, MAX_BYTES = 2000, 40000
HONORIFICS = {"hon", "honourable", "honorable", "mr", "mrs", "ms", "miss", "dr", "madam", "madame",
              "sir", "the", "ratu", "adi", "rev", "lt", "col", "prof"}


def sample(root):
    rows = []
    for house, n in SIZE.items():
        top = os.path.join(root, "collections", house)
        found = []
        for d, _, files in os.walk(top):
            for f in files:
                if re.fullmatch(r"part\d+\.html", f):
                    p = os.path.join(d, f)
                    if MIN_BYTES <= os.path.getsize(p) <= MAX_BYTES:
                        found.append(os.path.relpath(p, root))
        found.sort()
        rows += [(house, p) for p in sorted(random.Random(SEED).sample(found, n))]
    return rows


def norm(name):
    words = re.sub(r"[^\w\s]", " ", name.casefold()).split()
    words = [w for w in words if w not in HONORIFICS]
    return " ".join(words)


def read_gold(path):
    gold = {}
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"): continue
        f = line.split("\t")
        turns = gold.setdefault(f[0], [])
        if f[1] == "0": continue          # a part with no labelled turn
        if int(f[1]) != len(turns) + 1:
            raise SystemExit(f"{path}: {f[0]}: turn {f[1]} out of order")
        turns.append({norm(a) for a in f[2].split("|")})
    return gold


def lcs(gold, got):
    """Gold turns matched in order by a parse turn of the same speaker."""
    m, n = len(gold), len(got)
    t = [[0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            t[i][j] = t[i + 1][j + 1] + 1 if got[j] in gold[i] else max(t[i + 1][j], t[i][j + 1])
    return t[0][0]


def parse(binary, paths):
    r = subprocess.run([binary, "parse", "--json", "--compact"] + paths, capture_output=True)
    docs = {}
    for line in r.stdout.decode("utf-8", "replace").split("\n"):
        try: d = json.loads(line)
        except ValueError: continue
        docs[d.get("source", {}).get("path")] = d
    return docs


def turns_of(d):
    names = {sp.get("id"): sp.get("name") or "" for sp in d.get("speakers", [])}
    return [names.get(t.get("speaker"), "") for t in d.get("turns", []) if t.get("speaker")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", help="a checkout of jlkeet/pacific-hansard")
    ap.add_argument("--bin", default=os.environ.get("BUILD", "build") + "/verbatim")
    ap.add_argument("--gold", default=os.path.join(HERE, "gold.tsv"))
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--detail", action="store_true")
    a = ap.parse_args()
    if not a.root or not os.path.isdir(os.path.join(a.root, "collections")):
        print(f"skip: no copy of jlkeet/pacific-hansard at {a.root!r} (give --root DIR; CI has none)")
        return 0
    rows = sample(a.root)
    if a.list:
        for house, p in rows: print(f"{house}\t{p}")
        return 0
    gold = read_gold(a.gold)
    missing = [p for _, p in rows if p not in gold]
    if missing:
        raise SystemExit(f"{a.gold}: no gold for {len(missing)} sampled parts, first {missing[0]}")
    docs = parse(a.bin, [os.path.join(a.root, p) for _, p in rows])
    tot = {}
    for house, p in rows:
        d = docs.get(os.path.join(a.root, p))
        g = gold[p]
        got = [norm(s) for s in turns_of(d)] if d else []
        hit = lcs(g, got)
        ok = abs(len(got) - len(g)) <= 0.15 * len(g) if g else not got
        for k in (house, "all"):
            c = tot.setdefault(k, [0, 0, 0, 0, 0, 0])
            c[0] += 1; c[1] += len(g); c[2] += len(got); c[3] += hit; c[4] += ok; c[5] += d is None
        if a.detail and (hit < len(g) or not ok):
            print(f"{p}: gold {len(g)} turns, parse {len(got)}, speaker {hit}/{len(g)}")
            print("   gold:  " + " / ".join(sorted(s)[0] for s in g))
            print("   parse: " + " / ".join(got))
    print("  house          parts  gold turns  parse turns  speaker  pages  refused")
    for k, c in sorted(tot.items(), key=lambda kc: kc[0] == "all"):
        sp = f"{c[3] / c[1]:.3f}" if c[1] else "  -  "
        print(f"  {k:<14} {c[0]:5} {c[1]:11} {c[2]:12}  {sp:>7}  {c[4] / c[0]:.3f}  {c[5]:7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
