#!/usr/bin/env python3
"""score.py — speakers of a third parliament's transcripts (the Australian
House of Representatives' Hansard) against hand-made gold.

  python3 tests/gold/hansard-au/score.py --root DIR [--bin build/verbatim] [--list] [--show UNIT] [--detail]

DIR holds `input/YYYY_MM_DD.xml`: the Parliament of Australia's Hansard of
20 sitting days (October 2021 to August 2022), as kept in
github.com/lindsaykatz/hansard-proj at commit f3b3e40 (`git archive f3b3e40
input | tar -x -C DIR`). Its text is not ours and is never committed: the
gold (gold.tsv) holds facts only — a unit's name, the number of each
labelled turn, its speaker's name. Without DIR the script says so and exits
0 (CI has no copy).

A unit is one subdebate of a day (`<subdebate.1>`, e.g. one member's
statement, one question and its answer, one bill's second reading): the
printed text of its bodies (the debate's heading, the subdebate's, every
speech, interjection and continuation; not the <talker> metadata, which is
not printed, nor the debate's own text, which belongs to its first
subdebate only) written as a small HTML page, as a site would serve it. The
sample: units of 2 KB to 40 KB of text, SIZE drawn with random.Random(SEED).
--list prints it, --show UNIT prints a unit's text paragraph by paragraph
(the annotator's view, before any verbatim output is seen).

The figures are score.py's of tests/gold/hansard (speaker: gold turns
matched in order, the longest common subsequence; pages: turn count within
15%); names are compared without honorifics, case and punctuation."""
import argparse, os, random, re, sys, tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "hansard"))
import score as pacific  # noqa: E402  (norm, read_gold, lcs, parse, turns_of)

SEED = 1520
SIZE = 20
MIN_CHARS, MAX_CHARS = 2000, 40000
TEXT_TAGS = {"debate.text", "subdebate.text", "talk.text"}


def load(path):
    raw = open(path, encoding="utf-8-sig").read().strip()
    return ET.fromstring(raw)


def bodies(el):
    """The printed bodies under el, in document order, not entering <talker>."""
    out = []
    def walk(e):
        if e.tag == "talker": return
        if e.tag in TEXT_TAGS:
            out.extend(b for b in e if b.tag == "body")
            return
        for c in e: walk(c)
    walk(el)
    return out


def units(root):
    """(name, debate element, subdebate element) of every day under root."""
    top = os.path.join(root, "input")
    for f in sorted(os.listdir(top)):
        if not re.fullmatch(r"\d{4}_\d\d_\d\d\.xml", f): continue
        doc = load(os.path.join(top, f))
        k = 0
        for deb in doc.iter("debate"):
            for sd in deb.findall("subdebate.1"):
                k += 1
                yield f"{f}#{k}", deb, sd


def text_of(sd):
    return "".join("".join(b.itertext()) for b in bodies(sd))


def sample(root):
    found = [(n, d, s) for n, d, s in units(root) if MIN_CHARS <= len(text_of(s)) <= MAX_CHARS]
    pick = sorted(random.Random(SEED).sample(range(len(found)), SIZE))
    return [found[i] for i in pick]


def page(deb, sd):
    """The debate's heading (not its text: the chair's "Order! It being 7.30,
    I propose the question" opens a debate's first subdebate only) and the
    subdebate's bodies."""
    head = [p for t in deb.findall("debate.text") for b in t if b.tag == "body" for p in b
            if "Debate" in (p.get("class") or "")]
    inner = "".join(ET.tostring(c, encoding="unicode") for c in head) + \
        "".join(ET.tostring(c, encoding="unicode") for b in bodies(sd) for c in b)
    title = (deb.findtext("debateinfo/title") or "").strip()
    return f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>{inner}</body></html>"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", help="a directory holding input/*.xml of lindsaykatz/hansard-proj at f3b3e40")
    ap.add_argument("--bin", default=os.environ.get("BUILD", "build") + "/verbatim")
    ap.add_argument("--gold", default=os.path.join(HERE, "gold.tsv"))
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--show")
    ap.add_argument("--detail", action="store_true")
    a = ap.parse_args()
    if not a.root or not os.path.isdir(os.path.join(a.root, "input")):
        print(f"skip: no copy of lindsaykatz/hansard-proj's input/ at {a.root!r} (give --root DIR; CI has none)")
        return 0
    rows = sample(a.root)
    if a.list:
        for n, _, s in rows: print(f"{n}\t{len(text_of(s))}")
        return 0
    if a.show:
        for n, _, s in rows:
            if n != a.show: continue
            for b in bodies(s):
                for p in b.iter("p"):
                    t = re.sub(r"\s+", " ", "".join(p.itertext())).strip()
                    if t: print(t)
        return 0
    gold = pacific.read_gold(a.gold)
    missing = [n for n, _, _ in rows if n not in gold]
    if missing:
        raise SystemExit(f"{a.gold}: no gold for {len(missing)} sampled units, first {missing[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        paths = {}
        for n, d, s in rows:
            p = os.path.join(tmp, n.replace("#", "-") + ".html")
            with open(p, "w", encoding="utf-8") as f: f.write(page(d, s))
            paths[n] = p
        docs = pacific.parse(a.bin, list(paths.values()))
    c = [0, 0, 0, 0, 0, 0]
    for n, _, _ in rows:
        d = docs.get(paths[n]); g = gold[n]
        got = [pacific.norm(s) for s in pacific.turns_of(d)] if d else []
        hit = pacific.lcs(g, got)
        ok = abs(len(got) - len(g)) <= 0.15 * len(g) if g else not got
        c[0] += 1; c[1] += len(g); c[2] += len(got); c[3] += hit; c[4] += ok; c[5] += d is None
        if a.detail and (hit < len(g) or not ok):
            print(f"{n}: gold {len(g)} turns, parse {len(got)}, speaker {hit}/{len(g)}")
            print("   gold:  " + " / ".join(sorted(s)[0] for s in g))
            print("   parse: " + " / ".join(got))
    sp = f"{c[3] / c[1]:.3f}" if c[1] else "  -  "
    print("  units  gold turns  parse turns  speaker  pages  refused")
    print(f"  {c[0]:5} {c[1]:11} {c[2]:12}  {sp:>7}  {c[4] / c[0]:.3f}  {c[5]:7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
