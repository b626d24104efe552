#!/usr/bin/env python3
"""sample.py — draws the structure gold sample from ../shared/corpus (fixed seed).

  python3 tests/gold/structure/sample.py [--shared ../shared] > tests/gold/structure/sample.tsv

Kremlin pages are drawn in two strata of equal size: pages whose article holds
speaker labels in bold (`<p><b>Name:</b>`), the transcripts, and pages that do
not (news items, decrees, greetings), so that a sample of 64 holds enough turns
to measure. UN speeches, news pages and caption files are drawn uniformly; the
four debate files are all taken. Each set is shuffled with the seed and its
members alternate between the development part (`dev`, looked at while
building) and the held-out part (`held`, scored only, never tuned on).

A second development part (`dev2`, looked at while building) is drawn after
them with its own seed (SEED2) from the news pages and Kremlin pages that are
in neither part, in the same strata: new pages to find furniture on without
looking at the held-out ones. The first draw is unchanged by it.

Prints one line per document: set, path (a member of the set's tarball, or a
file under corpus/), part."""
import argparse, os, random, re, tarfile

SEED = 15
SIZES = {"kremlin-labelled": 32, "kremlin-other": 32, "ungdc": 20, "news": 20, "captions": 10}
SEED2 = 1515
SIZES2 = {"kremlin-labelled": 4, "kremlin-other": 4, "news": 12}

ap = argparse.ArgumentParser()
ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "shared"))
a = ap.parse_args()
corpus = os.path.join(a.shared, "corpus")
rng = random.Random(SEED)
LABEL = re.compile(rb"<p[^>]*>\s*<(?:b|strong)>[^<]{2,80}:?\s*</(?:b|strong)>")

def members(tgz, pattern):
    with tarfile.open(os.path.join(corpus, tgz)) as t:
        return sorted(m.name for m in t.getmembers() if m.isfile() and re.search(pattern, m.name))

def draw(names, n):
    pick = rng.sample(sorted(names), n)
    return [(p, "dev" if i % 2 == 0 else "held") for i, p in enumerate(pick)]

rows = []
# Kremlin: read every page once to put it in its stratum.
labelled, other = [], []
with tarfile.open(os.path.join(corpus, "kremlin-en.tar.gz"), "r|gz") as t:
    for m in t:  # in archive order: a gzip stream is read once
        if not (m.isfile() and m.name.endswith(".html")): continue
        page = t.extractfile(m).read()
        body = page.split(b'itemprop="articleBody"', 1)[-1]
        (labelled if LABEL.search(body) else other).append(m.name)
rows += [("kremlin", p, s) for p, s in draw(labelled, SIZES["kremlin-labelled"])]
rows += [("kremlin", p, s) for p, s in draw(other, SIZES["kremlin-other"])]
rows += [("ungdc", p, s) for p, s in draw(members("ungdc.tar.gz", r"_\d+_\d{4}\.txt$"), SIZES["ungdc"])]
rows += [("news", p, s) for p, s in draw(members("html-news-pages.tar.gz", r"/source\.html$"), SIZES["news"])]
caps = sorted(f for f in os.listdir(os.path.join(corpus, "captions")) if re.search(r"\.(srt|vtt)$", f))
rows += [("captions", "captions/" + p, s) for p, s in draw(caps, SIZES["captions"])]
debates = sorted(f for f in os.listdir(os.path.join(corpus, "debates")) if f.endswith(".txt"))
rows += [("debates", "debates/" + p, "dev" if i % 2 == 0 else "held") for i, p in enumerate(debates)]

# The second development part: only pages drawn above are left out.
taken = {p for _, p, _ in rows}
rng2 = random.Random(SEED2)
def draw2(names, n):
    return [(p, "dev2") for p in rng2.sample(sorted(x for x in names if x not in taken), n)]
rows += [("kremlin", p, s) for p, s in draw2(labelled, SIZES2["kremlin-labelled"])]
rows += [("kremlin", p, s) for p, s in draw2(other, SIZES2["kremlin-other"])]
rows += [("news", p, s) for p, s in draw2(members("html-news-pages.tar.gz", r"/source\.html$"), SIZES2["news"])]
for r in rows: print("\t".join(r))
