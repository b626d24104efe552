#!/usr/bin/env python3
"""split.py — sentences cut in two: how many statements of real documents
are the first half of one speaker's sentence, the next statement its rest
("However, no challenge is more pressing than" | "climate change.").

A pair is counted when two consecutive statements have the same speaker
(or both none) and kind, neither is a heading or the title, the second is
no reported clause set apart from its frame (it has no cue), the first ends in a
lowercase letter or a comma, the next begins with a lowercase letter and a
line break (or a blank line) lies between them. Pairs inside a line are
counted apart (shown, not gated: not a line's break).
No gold is needed: a citation an analyst pastes must be a whole sentence,
and such a pair is one sentence as two statements. (A sentence can end in
a lowercase word without a stop, a poem's line, a list's item: the count
is an upper bound of the cuts, the same for every parser it measures.)

The documents, a fixed sample of each set, in name order (C locale):
  ungdc     every Kth UN General Debate speech of ../shared/corpus/ungdc.tar.gz
  kremlin   every Kth Kremlin page of kremlin-en.tar.gz
  debates   every debate transcript of ../shared/corpus/debates
  captions  every caption file of ../shared/corpus/captions (sentences run
            across cues; a cut at a cue is as wrong as one at a line)
K is 10 for make eval (--every 10), 100 for the gate make test runs.

  python3 tests/gold/sentences/split.py [--bin build/verbatim] [--shared ../shared]
      [--every K] [--examples N] [--json]
      [--check FILE]       TAP: each set's cuts (and documents refused) at most
                           the ones FILE records, on FILE's sample
      [--record FILE]      write the counts as the new ceilings (after review)
"""
import argparse, json, os, re, sys, tarfile, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "structure"))
import gold  # noqa: E402  (parse_many: one definition of running verbatim)

TARBALLS = (("ungdc", "ungdc.tar.gz", r"_\d+_\d{4}\.txt$"),
            ("kremlin", "kremlin-en.tar.gz", r"\.html$"))
DIRS = (("debates", "debates", r"\.txt$"),
        ("captions", "captions", r"\.(srt|vtt)$"))
SETS = [n for n, _, _ in TARBALLS] + [n for n, _, _ in DIRS]


def sample(shared, tmp, every):
    """Each set's documents: every Kth member of a tarball (unpacked into
    tmp), every file of a folder."""
    out = {}
    for name, tgz, pat in TARBALLS:
        with tarfile.open(os.path.join(shared, "corpus", tgz), "r|gz") as t:
            names = []
            members = {}
            for m in t:  # a gzip stream is read once: keep them all, pick after
                if m.isfile() and re.search(pat, m.name) and not os.path.basename(m.name).startswith("."):
                    names.append(m.name)
                    members[m.name] = m
        pick = set(sorted(names, key=lambda s: s.encode())[::every])
        with tarfile.open(os.path.join(shared, "corpus", tgz), "r|gz") as t:
            for m in t:
                if m.name in pick: t.extract(m, tmp)
        out[name] = sorted((os.path.join(tmp, p) for p in pick), key=lambda s: s.encode())
    for name, sub, pat in DIRS:
        d = os.path.join(shared, "corpus", sub)
        out[name] = sorted((os.path.join(d, f) for f in os.listdir(d) if re.search(pat, f)),
                           key=lambda s: s.encode())
    return out


def cut(a, b):
    """Is statement b the rest of statement a's sentence? Not when b is a
    reported clause the quote stage set apart from its frame ("Panama
    calls on the General Assembly" | "to adopt …", b with a cue): that is
    one sentence as a frame and what it reports, by design."""
    if a.get("speaker") != b.get("speaker") or a.get("kind") != b.get("kind"): return False
    if b.get("cue") or b.get("source"): return False
    if a.get("kind") in ("heading", "title") or b.get("kind") in ("heading", "title"): return False
    x, y = a.get("text", "").rstrip(), b.get("text", "").lstrip()
    if not x or not y: return False
    return (x[-1].islower() or x[-1] == ",") and y[0].islower()


def count(docs):
    """cuts: pairs cut where a line or paragraph breaks (what layout and
    segment owe); inside: pairs cut inside a line (counted to be seen, not
    gated here)."""
    c = {"documents": len(docs), "refused": 0, "statements": 0, "cuts": 0, "inside": 0, "spanning": 0}
    examples = {"cuts": [], "inside": []}
    for path, d in docs:
        if d is None:
            c["refused"] += 1
            continue
        st = d.get("statements", [])
        body = d.get("body", "").encode("utf-8")
        c["statements"] += len(st)
        # statements that run across a line or paragraph break
        c["spanning"] += sum(1 for s in st if b"\n" in body[s["start"]:s["end"]])
        for a, b in zip(st, st[1:]):
            if cut(a, b):
                k = "cuts" if b"\n" in body[a["end"]:b["start"]] else "inside"
                c[k] += 1
                examples[k].append(f"{os.path.basename(path)}: …{a['text'][-40:]!r} | {b['text'][:40]!r}…")
    return c, examples


def measure(a):
    res, ex = {}, {}
    with tempfile.TemporaryDirectory(prefix="sentences-") as tmp:
        files = sample(a.shared, tmp, a.every)
        for name in SETS:
            parsed = []
            fs = files[name]
            for k in range(0, len(fs), 200):  # one verbatim process a batch
                got = gold.parse_many(a.bin, fs[k:k + 200], body=True)
                parsed += [(f, got[f][0]) for f in fs[k:k + 200]]
            res[name], ex[name] = count(parsed)
    return res, ex


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("BUILD", "build") + "/verbatim")
    ap.add_argument("--shared", default=os.environ.get("SHARED", "../shared"))
    ap.add_argument("--every", type=int, default=10)
    ap.add_argument("--examples", type=int, default=0)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--check")
    ap.add_argument("--record")
    a = ap.parse_args()
    if a.check:
        rec = json.load(open(a.check))
        a.every = rec["every"]
        if not os.path.exists(os.path.join(a.shared, "corpus", TARBALLS[0][1])):
            print(f"1..0 # SKIP no shared corpus at {a.shared}")
            return 0
    res, ex = measure(a)
    if a.record:
        with open(a.record, "w") as fh:
            json.dump({"every": a.every, "sets": {n: {"cuts": c["cuts"], "documents": c["documents"],
                                                      "refused": c["refused"]}
                                                  for n, c in res.items()}}, fh, indent=1, sort_keys=True)
            fh.write("\n")
        print(f"recorded the cuts of {len(res)} sets (every {a.every}th document) in {a.record}")
        return 0
    if a.check:
        tests = []
        for n in sorted(rec["sets"]):
            want, got = rec["sets"][n], res.get(n)
            tests.append((got is not None and got["refused"] <= want["refused"],
                          f"sentences {n}: {got and got['refused']} documents refused (recorded at most {want['refused']};"
                          " caption test files that are no captions)"))
            tests.append((got is not None and got["documents"] == want["documents"],
                          f"sentences {n}: {got and got['documents']} documents (recorded {want['documents']})"))
            tests.append((got is not None and got["cuts"] <= want["cuts"],
                          f"sentences {n}: {got and got['cuts']} sentences cut in two (recorded at most {want['cuts']})"
                          + ("" if got is None or got["cuts"] <= want["cuts"] else ": " + "; ".join(ex[n]["cuts"][:3]))))
        print(f"1..{len(tests)}")
        for i, (ok, what) in enumerate(tests, 1):
            print(f"{'ok' if ok else 'not ok'} {i} - {what}")
        return 0 if all(ok for ok, _ in tests) else 1
    if a.json:
        print(json.dumps(res, indent=1, sort_keys=True))
        return 0
    print(f"sentences cut in two (every {a.every}th UN speech and Kremlin page, every debate and caption file):")
    print(f"  {'set':9} {'documents':>9} {'statements':>10} {'cut at a break':>14} {'per 1000':>8}"
          f" {'inside a line':>13} {'spanning a break':>16}")
    for n in SETS:
        c = res[n]
        rate = 1000.0 * c["cuts"] / c["statements"] if c["statements"] else 0.0
        print(f"  {n:9} {c['documents']:9} {c['statements']:10} {c['cuts']:14} {rate:8.2f}"
              f" {c['inside']:13} {c['spanning']:16}")
        for k in ("cuts", "inside"):
            for e in ex[n][k][:a.examples]:
                print(f"      {'at a break' if k == 'cuts' else 'inside'}: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
