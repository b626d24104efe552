#!/usr/bin/env python3
"""Dates (or quantities) two builds give on the same real documents, side by side.

    python3 tests/gold/dates/diff_builds.py --bin OLD --bin NEW [--what dates|quantities] [--per 60] [--seed 24]

Draws --per documents of each real set (Kremlin pages, UN speeches, news
pages; order fixed by a hash of the seed, from ../shared/corpus through
tests/gold/entities/passages.py), parses each with both builds and prints
every date one build gives and the other does not ("+" new, "-" gone), in
its sentence, then the counts. For reading a change's dates by eye: it
scores nothing (the gold is score.py's).
"""
import argparse, hashlib, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "entities"))
import passages  # noqa: E402


def dates(binary, path, what):
    r = subprocess.run([binary, "parse", "--json", "--compact", path], capture_output=True, text=True)
    d = json.loads(r.stdout) if r.returncode == 0 and r.stdout else {what: [], "statements": []}
    return {(x["start"], x["text"], f"{x.get('value', '')} {x.get('unit', '')}".strip()) for x in d[what]}, d["statements"]


def sentence(stmts, start, n):
    for st in stmts:
        if st["start"] <= start < st["end"]:
            o = start - st["start"]
            return st["text"][max(0, o - 60):o + n + 30].replace("\n", " ")
    return ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", action="append", required=True)
    ap.add_argument("--what", choices=("dates", "quantities"), default="dates")
    ap.add_argument("--per", type=int, default=60)
    ap.add_argument("--seed", default="24")
    ap.add_argument("--shared", default=os.path.join(HERE, "..", "..", "..", "..", "shared"))
    ap.add_argument("--cache", default="build/gold-cache")
    a = ap.parse_args()
    if len(a.bin) != 2:
        ap.error("two --bin: the old build, then the new")
    corpus = passages.Corpus(a.shared, a.cache)
    plus = minus = ndocs = 0
    for kind in ("kremlin", "ungdc", "news"):
        docs = sorted(corpus.names(kind), key=lambda d: hashlib.sha1(f"{a.seed}:{kind}:{d}".encode()).hexdigest())
        docs = docs[:a.per]
        corpus.fetch(kind, docs)
        for doc in docs:
            path = passages.source_path(corpus.root, kind, doc)[0]
            (old, so), (new, sn) = dates(a.bin[0], path, a.what), dates(a.bin[1], path, a.what)
            ndocs += 1
            for sign, got, stmts in (("+", new - old, sn), ("-", old - new, so)):
                for start, text, value in sorted(got):
                    print(f"{sign}\t{kind}\t{doc}\t{text!r}\t{value or '-'}\t{sentence(stmts, start, len(text))}")
                    plus += sign == "+"
                    minus += sign == "-"
    print(f"# {plus} {a.what} new or changed, {minus} gone or replaced, in {ndocs} documents")


if __name__ == "__main__":
    main()
