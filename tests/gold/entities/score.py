#!/usr/bin/env python3
"""score — verbatim's entities against the hand-checked gold.

  score.py GOLD... [--bin build/verbatim] [--shared ../shared] [--json] [--errors]

For each gold passage the document is parsed by verbatim (`parse --json
--body`), the passage is found in the body (whitespace folded), and the
entity mentions verbatim found inside it are compared with the gold's:

  precision, recall per type   a mention is right when its span and its type
                               are the gold's exactly
  span                         the same, whatever the type
  identity (B-cubed)           over the mentions whose span is right: merges
                               right = of the mentions verbatim gives the same
                               entity (its archive key), the share that are the
                               same referent; splits right = of the mentions of
                               one referent, the share verbatim gives one entity.
                               identity = their harmonic mean.

Gold format (one file per part): a passage line
  ==<TAB>set<TAB>document<TAB>paragraph index<TAB>text hash
then one line per mention, in the order they occur:
  TYPE<TAB>surface<TAB>referent id[<TAB>@char offset]
Lines starting with # are comments. A surface is found at the next word
boundary after the previous mention (or at its @offset).
"""
import argparse, collections, json, os, re, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import passages  # noqa: E402

TYPES = ("PERSON", "ORG", "PLACE", "GROUP")
WSC = set(" \t\r\n\u00a0\u2009\u202f\u200b")


class GoldError(Exception):
    pass


def read_gold(path):
    """[{kind, doc, index, digest, mentions: [(type, surface, ref, offset|None)]}]"""
    out, cur = [], None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if cols[0] == "==":
                if len(cols) != 5:
                    raise GoldError(f"{path}:{n}: passage line needs 5 columns")
                cur = {"kind": cols[1], "doc": cols[2], "index": int(cols[3]), "digest": cols[4],
                       "mentions": [], "where": f"{path}:{n}"}
                out.append(cur)
                continue
            if cur is None or len(cols) not in (3, 4) or cols[0] not in TYPES:
                raise GoldError(f"{path}:{n}: expected TYPE<TAB>surface<TAB>id[<TAB>@offset]")
            off = None
            if len(cols) == 4:
                if not re.fullmatch(r"@\d+", cols[3]):
                    raise GoldError(f"{path}:{n}: offset must be @N")
                off = int(cols[3][1:])
            cur["mentions"].append((cols[0], cols[1], cols[2], off, n))
    return out


def boundary(text, a, b):
    return (a == 0 or not text[a - 1].isalnum()) and (b == len(text) or not text[b].isalnum())


def resolve(p, text, path):
    """Gold mentions with their character spans in the passage."""
    out, cursor = [], 0
    for typ, surface, ref, off, line in p["mentions"]:
        if off is not None:
            a = off
            if text[a:a + len(surface)] != surface:
                raise GoldError(f"{path}:{line}: '{surface}' is not at @{off}")
        else:
            a = cursor
            while True:
                a = text.find(surface, a)
                if a < 0:
                    raise GoldError(f"{path}:{line}: '{surface}' not found after character {cursor}")
                if boundary(text, a, a + len(surface)):
                    break
                a += 1
        out.append({"type": typ, "start": a, "end": a + len(surface), "surface": surface, "ref": ref})
        cursor = a + len(surface)
    return out


def fold(s):
    out, mp, prev = [], [], False
    for i, ch in enumerate(s):
        w = ch in WSC
        if not (w and prev):
            out.append(" " if w else ch)
            mp.append(i)
        prev = w
    return "".join(out), mp


def system_mentions(d, text):
    """verbatim's mentions inside the passage `text` of parsed document d,
    with character spans in the passage; None when the body lacks it."""
    body = d.get("body", "")
    folded, mp = fold(body)
    k = folded.find(text)
    if k < 0 or not text:
        return None
    inv = {}
    for j, c in enumerate(mp):
        inv[c] = j
    # byte offset -> character offset in body
    b2c, off = {}, 0
    for i, ch in enumerate(body):
        b2c[off] = i
        off += len(ch.encode("utf-8"))
    b2c[off] = len(body)
    lo, hi = mp[k], mp[k + len(text) - 1] + 1
    out = []
    for e in d.get("entities", []):
        for m in e.get("mentions", []):
            cs, ce = b2c.get(m["start"]), b2c.get(m["end"])
            if cs is None or ce is None or cs < lo or ce > hi:
                continue
            if cs not in inv or (ce - 1) not in inv:
                continue
            a, b = inv[cs] - k, inv[ce - 1] - k + 1
            out.append({"type": e["type"], "start": a, "end": b, "surface": text[a:b],
                        "key": e.get("key") or e["type"] + ":" + e["name"], "name": e["name"]})
    out.sort(key=lambda m: (m["start"], m["end"]))
    return out


def parse_all(binary, root, docs):
    """{(kind, doc): parsed JSON or None}: one verbatim run for all."""
    paths = {passages.source_path(root, k, d)[0]: (k, d) for k, d in docs}
    out = {kd: None for kd in docs}
    names = sorted(paths)
    for i in range(0, len(names), 200):
        chunk = names[i:i + 200]
        r = subprocess.run([binary, "parse", "--json", "--compact", "--body"] + chunk,
                           capture_output=True, text=True)
        for line in r.stdout.splitlines():
            d = json.loads(line)
            p = d.get("source", {}).get("path")
            if p in paths:
                out[paths[p]] = d
    return out


def span(text, m):
    """A mention's span for comparison: an abbreviation's final period
    ("U.S.") is the sentence's as much as the name's, so it never counts."""
    a, b = m["start"], m["end"]
    if b > a + 1 and text[b - 1] == ".":
        b -= 1
    return a, b


def bcubed(pairs):
    """pairs: [(gold ref, system key)] -> (precision, recall)."""
    if not pairs:
        return 1.0, 1.0
    by_sys, by_ref, both = collections.Counter(), collections.Counter(), collections.Counter()
    for r, s in pairs:
        by_sys[s] += 1
        by_ref[r] += 1
        both[(r, s)] += 1
    p = sum(both[(r, s)] / by_sys[s] for r, s in pairs) / len(pairs)
    rc = sum(both[(r, s)] / by_ref[r] for r, s in pairs) / len(pairs)
    return p, rc


def evaluate(gold_path, binary, corpus):
    gold = read_gold(gold_path)
    docs = sorted({(p["kind"], p["doc"]) for p in gold})
    for kind in passages.ALL_SETS:
        corpus.fetch(kind, [d for k, d in docs if k == kind])
    parsed = parse_all(binary, corpus.root, docs)
    tp, fp, fn = collections.Counter(), collections.Counter(), collections.Counter()
    span_tp = span_fp = span_fn = 0
    pairs, errors, missing, ngold = [], [], [], 0
    for p in gold:
        paras = passages.paragraphs(p["kind"], corpus.text(p["kind"], p["doc"]))
        if p["index"] >= len(paras) or passages.digest(paras[p["index"]]) != p["digest"]:
            raise GoldError(f"{p['where']}: the passage's text is not the one annotated")
        text = paras[p["index"]]
        g = resolve(p, text, gold_path)
        ngold += len(g)
        d = parsed[(p["kind"], p["doc"])]
        s = system_mentions(d, text) if d else None
        if s is None:
            missing.append(p)
            continue
        gs = {span(text, m): m for m in g}
        ss = {span(text, m): m for m in s}
        for sp, m in gs.items():
            o = ss.get(sp)
            if o and o["type"] == m["type"]:
                tp[m["type"]] += 1
            else:
                fn[m["type"]] += 1
                errors.append(("miss" if not o else "type", p, m, o))
            if o:
                span_tp += 1
                pairs.append((m["ref"], o["key"]))
            else:
                span_fn += 1
        for sp, o in ss.items():
            m = gs.get(sp)
            if not m or m["type"] != o["type"]:
                fp[o["type"]] += 1
            if not m:
                span_fp += 1
                errors.append(("extra", p, None, o))
    res = {"passages": len(gold), "mentions": ngold, "not_in_body": len(missing), "types": {}}
    for t in TYPES:
        P = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 1.0
        R = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 1.0
        res["types"][t] = {"precision": P, "recall": R, "gold": tp[t] + fn[t], "found": tp[t] + fp[t]}
    res["span"] = {"precision": span_tp / (span_tp + span_fp) if span_tp + span_fp else 1.0,
                   "recall": span_tp / (span_tp + span_fn) if span_tp + span_fn else 1.0}
    bp, br = bcubed(pairs)
    res["identity"] = {"merges": bp, "splits": br, "f": 2 * bp * br / (bp + br) if bp + br else 0.0,
                       "mentions": len(pairs)}
    res["_errors"], res["_missing"], res["_pairs"] = errors, missing, pairs
    return res


def report(name, r, out=sys.stdout):
    print(f"{name}: {r['passages']} passages, {r['mentions']} gold mentions"
          f" ({r['not_in_body']} passages not in verbatim's body, left out)", file=out)
    print(f"  {'type':8} {'precision':>9} {'recall':>7} {'gold':>5} {'found':>6}", file=out)
    for t in TYPES:
        x = r["types"][t]
        if x["gold"] or x["found"]:
            print(f"  {t:8} {x['precision']:9.3f} {x['recall']:7.3f} {x['gold']:5} {x['found']:6}", file=out)
    print(f"  {'span':8} {r['span']['precision']:9.3f} {r['span']['recall']:7.3f}", file=out)
    i = r["identity"]
    print(f"  identity {i['f']:.3f} (merges right {i['merges']:.3f}, splits right {i['splits']:.3f},"
          f" over {i['mentions']} mentions)", file=out)


def show_errors(r):
    for kind, p, m, o in r["_errors"]:
        where = f"{p['kind']} {p['doc']} #{p['index']}"
        if kind == "miss":
            print(f"  miss  {m['type']:6} {m['surface']!r:40} {where}")
        elif kind == "type":
            print(f"  type  {m['type']:6} {m['surface']!r:40} as {o['type']} {where}")
        else:
            print(f"  extra {o['type']:6} {o['surface']!r:40} ({o['name']}) {where}")
    refs = collections.defaultdict(collections.Counter)
    keys = collections.defaultdict(collections.Counter)
    for ref, key in r["_pairs"]:
        refs[ref][key] += 1
        keys[key][ref] += 1
    for ref, c in sorted(refs.items()):
        if len(c) > 1:
            print(f"  split {ref}: {dict(c)}")
    for key, c in sorted(keys.items()):
        if len(c) > 1:
            print(f"  merge {key}: {dict(c)}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="+")
    ap.add_argument("--bin", default=os.path.join(os.environ.get("BUILD", "build"), "verbatim"))
    ap.add_argument("--shared", default=os.environ.get("SHARED", "../shared"))
    ap.add_argument("--cache", default=os.path.join(os.environ.get("BUILD", "build"), "gold-corpus"))
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true")
    a = ap.parse_args()
    corpus = passages.Corpus(a.shared, a.cache)
    results = {}
    try:
        for g in a.gold:
            name = os.path.splitext(os.path.basename(g))[0]
            results[name] = evaluate(g, a.bin, corpus)
    except GoldError as e:
        print(f"score: {e}", file=sys.stderr)
        return 2
    if a.json:
        print(json.dumps({k: {x: y for x, y in v.items() if not x.startswith("_")}
                          for k, v in results.items()}))
        return 0
    for name, r in results.items():
        report(name, r)
        if a.errors:
            show_errors(r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
