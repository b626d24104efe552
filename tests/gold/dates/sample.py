#!/usr/bin/env python3
"""sample — the passages of the dates gold (or the quantities gold), drawn with a fixed seed.

  sample.py [--what dates|quantities] [--seed 2323] [--shared ../shared] [--cache DIR] [--worksheet FILE]

--what quantities draws with AMOUNT (a number after a currency sign or
before a percent sign, a scale word, a currency's or a measure's name) and
QUANTITY_DRAW passages per set instead: the quantities gold
(tests/gold/quantities, seed 2424).

Passages are read from the real documents by tests/gold/entities/passages.py
(independently of verbatim). A passage is drawn when a broad pattern that
knows nothing of verbatim (CANDIDATE: a month's name, a year, a day's name,
a word of time said relative to now) finds something in it, so the draw is
rich in dates; every date in a drawn passage is then annotated by hand,
whether or not the pattern saw it. Documents are ordered by a hash of
(seed, set, name); one passage per document, the first by a hash of
(seed, set, name, index) among those of 60 to 1,200 characters the pattern
finds something in.

The worksheet lists each passage with its document's date as the source
states it (a Kremlin page's <time> or published date, a UN speech's year
from its file name, a news page's article:published_time) for the annotator.
"""
import argparse, hashlib, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "entities"))
import passages  # noqa: E402

DRAW = {"kremlin": 25, "ungdc": 20, "news": 15}
MIN_CHARS, MAX_CHARS = 60, 1200
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
CANDIDATE = re.compile(
    rf"\b(?:(?:{MONTHS})\.?\s+\d|\d{{1,2}}\s+(?:{MONTHS})\b|(?:1[89]|20)\d\d\b|(?:{DAYS})\b|"
    r"(?:yesterday|today|tonight|tomorrow)\b|(?:last|next|this|past|coming)\s+(?:week|month|year|night|"
    r"weekend|morning|evening|decade|century)\b|\bago\b)", re.I)


AMOUNT = re.compile(
    r"(?:[$€£¥]\s?\d|\d(?:[\d,.]*\d)?\s?(?:%|per\s?cent|percent|thousand|million|billion|trillion|"
    r"dollars?|euros?|pounds?|roubles?|rubles?|yuan|yen|francs?|rupees?|tons?|tonnes?|kilo|km|miles?|metres?|meters?|"
    r"hectares?|acres?|square|cubic|barrels?|degrees?|kg|mm|cm|MW|GW|kW)\b)", re.I)
QUANTITY_DRAW = {"kremlin": 15, "ungdc": 15, "news": 10}


def h(*parts):
    return hashlib.sha1(":".join(map(str, parts)).encode("utf-8")).hexdigest()


def draw(corpus, seed, pattern=CANDIDATE, sizes=DRAW):
    """[(kind, doc, index, digest)] in a fixed order."""
    out = []
    for kind in passages.SETS:
        docs = sorted(corpus.names(kind), key=lambda d: h(seed, kind, d))
        got, at = [], 0
        while len(got) < sizes[kind] and at < len(docs):
            batch = docs[at:at + 4 * sizes[kind]]
            at += len(batch)
            corpus.fetch(kind, batch)
            for doc in batch:
                if len(got) >= sizes[kind]:
                    break
                paras = passages.paragraphs(kind, corpus.text(kind, doc))
                ok = [i for i, p in enumerate(paras) if MIN_CHARS <= len(p) <= MAX_CHARS and pattern.search(p)]
                if ok:
                    i = min(ok, key=lambda i: h(seed, kind, doc, i))
                    got.append((kind, doc, i, passages.digest(paras[i])))
        out += got
    return out


def doc_date(corpus, kind, doc):
    """The document's date as its source states it, for the annotator."""
    src = passages.read(passages.source_path(corpus.root, kind, doc)[0])
    if kind == "ungdc":
        m = re.search(r"_(\d{4})\.txt$", doc)
        return m.group(1) if m else "?"
    for pat in (r'<time[^>]*datetime="(\d{4}-\d\d-\d\d)', r'published_time"\s+content="(\d{4}-\d\d-\d\d)',
                r'"datePublished"\s*:\s*"(\d{4}-\d\d-\d\d)', r'itemprop="datePublished"[^>]*content="(\d{4}-\d\d-\d\d)'):
        m = re.search(pat, src)
        if m:
            return m.group(1)
    return "?"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--what", choices=("dates", "quantities"), default="dates")
    ap.add_argument("--seed", default="2323")
    ap.add_argument("--shared", default=os.path.join(HERE, "..", "..", "..", "..", "shared"))
    ap.add_argument("--cache", default="build/gold-cache")
    ap.add_argument("--worksheet")
    a = ap.parse_args()
    corpus = passages.Corpus(a.shared, a.cache)
    rows = draw(corpus, a.seed, *((AMOUNT, QUANTITY_DRAW) if a.what == "quantities" else (CANDIDATE, DRAW)))
    out = open(a.worksheet, "w", encoding="utf-8") if a.worksheet else sys.stdout
    for kind, doc, i, dg in rows:
        print(f"==\t{kind}\t{doc}\t{i}\t{dg}\t{doc_date(corpus, kind, doc)}", file=out)
        if a.worksheet:
            text = passages.paragraphs(kind, corpus.text(kind, doc))[i]
            print("# " + text, file=out)
            print(file=out)


if __name__ == "__main__":
    main()
