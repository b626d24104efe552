#!/usr/bin/env python3
"""score — verbatim's dates (or quantities) against the hand-annotated gold.

  score.py [--what dates|quantities] [--gold FILE] [--bin build/verbatim] [--shared ../shared]
           [--cache DIR] [--errors] [--floors FILE]

The dates gold is this directory's gold.txt (DATE lines: surface, value);
the quantities gold is tests/gold/quantities/gold.txt (QTY lines: surface,
value, unit; a quantity is right when its value is the gold's to 1e-9 and
its unit is the gold's, "-" for none).

Each gold passage is found in the body verbatim parsed (whitespace folded,
as the entity gold does) and the dates verbatim found inside it are matched
with the gold's: a gold date is found when a date of verbatim's overlaps it
(each used once, in order), and right when that date's value is the gold's
too (a gold value "-" is right only when verbatim gives none). Printed per
set and in all:

  found      gold dates found / gold dates          (recall of the spans)
  right      gold dates right / gold dates          (recall with the value)
  precision  verbatim's dates that overlap a gold date / verbatim's dates in the passages

--floors FILE checks the "all" row against the file's figures (lines
`name value`) as TAP for make test, failing (exit 1) when one falls below.
"""
import argparse, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "entities"))
import passages  # noqa: E402
import score as entity_score  # noqa: E402


def read_gold(path):
    out, cur = [], None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            c = line.split("\t")
            if c[0] == "==" and len(c) == 6:
                cur = {"kind": c[1], "doc": c[2], "index": int(c[3]), "digest": c[4], "date": c[5],
                       "dates": [], "where": f"{path}:{n}"}
                out.append(cur)
            elif c[0] == "DATE" and len(c) == 3 and cur is not None:
                cur["dates"].append((c[1], c[2], n))
            elif c[0] == "QTY" and len(c) == 4 and cur is not None:
                cur["dates"].append((c[1], (float(c[2]), "" if c[3] == "-" else c[3]), n))
            else:
                sys.exit(f"{path}:{n}: expected '==' with 6 columns, DATE<TAB>surface<TAB>value"
                         " or QTY<TAB>surface<TAB>value<TAB>unit")
    return out


def gold_spans(p, text):
    spans, cursor = [], 0
    for surface, value, line in p["dates"]:
        a = cursor
        while True:
            a = text.find(surface, a)
            if a < 0:
                sys.exit(f"gold.txt:{line}: '{surface}' not found in {p['doc']} after character {cursor}")
            if entity_score.boundary(text, a, a + len(surface)):
                break
            a += 1
        spans.append((a, a + len(surface), surface, "" if value == "-" else value))
        cursor = a + len(surface)
    return spans


def system_dates(d, text, what="dates"):
    """verbatim's dates (or quantities) inside passage `text`: (start, end,
    text, value); a quantity's value is (number, unit)."""
    body = d.get("body", "")
    folded, mp = entity_score.fold(body)
    k = folded.find(text)
    if k < 0 or not text:
        return None
    inv = {c: j for j, c in enumerate(mp)}
    b2c, off = {}, 0
    for i, ch in enumerate(body):
        b2c[off] = i
        off += len(ch.encode("utf-8"))
    b2c[off] = len(body)
    lo, hi = mp[k], mp[k + len(text) - 1] + 1
    out = []
    for t in d.get(what, []):
        cs = b2c.get(t["start"])
        ce = b2c.get(t["start"] + len(t["text"].encode("utf-8")))
        if cs is None or ce is None or cs < lo or ce > hi or cs not in inv or (ce - 1) not in inv:
            continue
        a, b = inv[cs] - k, inv[ce - 1] - k + 1
        value = (float(t["value"]), t.get("unit", "")) if what == "quantities" else t.get("value", "")
        out.append((a, b, text[a:b], value))
    return sorted(out)


def same(v, w):
    if isinstance(v, tuple) and isinstance(w, tuple):
        return v[1] == w[1] and abs(v[0] - w[0]) <= 1e-9 * max(1.0, abs(w[0]))
    return v == w


def shown(v):
    if isinstance(v, tuple):
        return f"{v[0]:g} {v[1] or '-'}"
    return v or "-"


def evaluate(gold, binary, corpus, what="dates"):
    docs = sorted({(p["kind"], p["doc"]) for p in gold})
    for kind in passages.SETS:
        corpus.fetch(kind, [d for k, d in docs if k == kind])
    parsed = entity_score.parse_all(binary, corpus.root, docs)
    rows, errors = {}, []
    for p in gold:
        paras = passages.paragraphs(p["kind"], corpus.text(p["kind"], p["doc"]))
        text = paras[p["index"]] if p["index"] < len(paras) else ""
        if passages.digest(text) != p["digest"]:
            sys.exit(f"{p['where']}: the passage's text changed (hash {passages.digest(text)})")
        g = gold_spans(p, text)
        s = system_dates(parsed[(p["kind"], p["doc"])] or {}, text, what)
        if s is None:
            s = []
            errors.append(f"{p['kind']} {p['doc']}: passage not in verbatim's body")
        used = [False] * len(s)
        for r in (p["kind"], "all"):
            rows.setdefault(r, {"gold": 0, "found": 0, "right": 0, "system": 0, "overlap": 0})
        counts = [rows[p["kind"]], rows["all"]]
        for a, b, surface, value in g:
            hit = next((i for i, (x, y, _, _) in enumerate(s) if not used[i] and x < b and a < y), None)
            for c in counts:
                c["gold"] += 1
            if hit is None:
                errors.append(f"{p['kind']} {p['doc']}: missed '{surface}' ({shown(value)})")
                continue
            used[hit] = True
            for c in counts:
                c["found"] += 1
            if same(s[hit][3], value):
                for c in counts:
                    c["right"] += 1
            else:
                errors.append(f"{p['kind']} {p['doc']}: '{s[hit][2]}' valued {shown(s[hit][3])}, gold "
                              f"'{surface}' {shown(value)}")
        for i, (x, y, t, v) in enumerate(s):
            over = any(x < b and a < y for a, b, _, _ in g)
            for c in counts:
                c["system"] += 1
                c["overlap"] += over
            if not over:
                errors.append(f"{p['kind']} {p['doc']}: '{t}' is none of the gold's {what}")
    return rows, errors


def figures(c):
    return {"found": c["found"] / c["gold"] if c["gold"] else 1.0,
            "right": c["right"] / c["gold"] if c["gold"] else 1.0,
            "precision": c["overlap"] / c["system"] if c["system"] else 1.0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="build/verbatim")
    ap.add_argument("--shared", default=os.path.join(HERE, "..", "..", "..", "..", "shared"))
    ap.add_argument("--cache", default="build/gold-cache")
    ap.add_argument("--gold", default=os.path.join(HERE, "gold.txt"))
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--what", choices=("dates", "quantities"), default="dates")
    ap.add_argument("--floors")
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(a.shared, "corpus")):
        print(f"1..0 # SKIP no shared corpus at {a.shared}" if a.floors else f"no shared corpus at {a.shared}")
        return 0 if a.floors else 1
    corpus = passages.Corpus(a.shared, a.cache)
    rows, errors = evaluate(read_gold(a.gold), a.bin, corpus, a.what)
    if a.floors:  # TAP, for make test
        f, tests = figures(rows["all"]), []
        with open(a.floors, encoding="utf-8") as fl:
            for line in fl:
                if line.strip() and not line.startswith("#"):
                    name, value = line.split()
                    tests.append((f[name] + 1e-9 >= float(value), f"{a.what} gold {name} {f[name]:.3f} >= {value}"))
        print(f"1..{len(tests)}")
        for i, (ok, what) in enumerate(tests, 1):
            print(f"{'ok' if ok else 'not ok'} {i} - {what}")
        if not all(ok for ok, _ in tests):
            print("# " + "\n# ".join(errors))
        return 0 if all(ok for ok, _ in tests) else 1
    print(f"{'set':10} {'gold':>5} {'found':>6} {'right':>6} {'precision':>9}")
    for r in [k for k in passages.SETS if k in rows] + ["all"]:
        f = figures(rows[r])
        print(f"{r:10} {rows[r]['gold']:5} {f['found']:6.3f} {f['right']:6.3f} {f['precision']:9.3f}")
    if a.errors:
        print("\n".join(errors))
    return 0

if __name__ == "__main__":
    sys.exit(main())
