#!/usr/bin/env python3
"""corpus.py — counts over every Kremlin page and every UN speech in
../shared/corpus that should be zero (or small) on any correct parse.

  python3 tests/gold/structure/corpus.py [--bin build/verbatim] [--shared ../shared]
        [--only kremlin|ungdc] [--json] [--examples N]

No gold is needed: each count is of something a reader of the archive would
see as wrong.

  furniture         statements holding a phrase of the sites' furniture
                    (the list below, written for this check, not the parser's)
  long summaries    Kremlin pages whose summary is longer than the site's own
                    lead (itemprop="description") by more than 20% and 100
                    characters
  heading speakers  speakers whose name is a salutation, an ordinal, a
                    shouted heading or a word that names no one
  no statements     documents that yield no statement
  refused           documents verbatim refused
  page headers      UN speeches: statements holding a page header of the
                    printed record ("08-51749 32", "A/70/PV.22")
  numbers alone     statements that are a number and nothing else ("107.",
                    "13"): a printed record's paragraph or page number
"""
import argparse, collections, html, json, os, re, sys, tarfile, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gold as G  # noqa: E402

FURNITURE = re.compile(
    r"Publication status|Published in sections?:|Publication date:|Direct link:|"
    r"^Text version$|^See also$|^Geography$|^Topics$|^Persons$|en\.kremlin\.ru/d/\d|"
    r"^Share this|^Advertisement$|^Continue reading the main story", re.I)
HEADING = re.compile(
    r"^(?:(?:first|second|third|fourth|fifth|sixth|final|last)(?:ly)?|finally|next|"
    r"(?:distinguished|excellenc|ladies|gentlemen|dear|mr\.? president|madam president|"
    r"his excellency|her excellency)\b.*|final words|conclusion|introduction|"
    r"note|notes|update|source|entry\b.*|the latest|poll|editor'?s note|clarification|"
    r"correction|contributing|related|read more|photo|video|map)$", re.I)
PAGE_HEADER = re.compile(r"\b\d{2}-\d{5}\b|\bA/\d+/PV\.\d+")
NUMBER_ALONE = re.compile(r"\s*\d+\.?\s*")
LEAD = re.compile(rb'itemprop="description"[^>]*>(.*?)</div>', re.S)


def lead_text(raw):
    m = LEAD.search(raw)
    if not m: return None
    t = re.sub(r"<[^>]+>", " ", m.group(1).decode("utf-8", "replace"))
    return " ".join(html.unescape(t).split())


def heading_speaker(name):
    n = name.strip()
    words = n.split()
    return bool(HEADING.match(n)) or (n.isupper() and len(words) >= 3)


def run(binary, files, out, batch=200):
    """Parses files in batches of one verbatim process each."""
    for k in range(0, len(files), batch):
        for f, (d, _) in G.parse_many(binary, files[k:k + batch]).items():
            out[f] = d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("BUILD", "build") + "/verbatim")
    ap.add_argument("--shared", default=os.environ.get("SHARED", "../shared"))
    ap.add_argument("--only", default="")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--examples", type=int, default=3)
    a = ap.parse_args()
    counts = {}
    examples = collections.defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="structure-corpus-") as tmp:
        for name, tgz, pat in (("kremlin", "kremlin-en.tar.gz", r"\.html$"),
                               ("ungdc", "ungdc.tar.gz", r"_\d+_\d{4}\.txt$")):
            if a.only and a.only != name: continue
            files = []
            with tarfile.open(os.path.join(a.shared, "corpus", tgz), "r|gz") as t:
                for m in t:
                    if m.isfile() and re.search(pat, m.name):
                        t.extract(m, tmp)
                        files.append(os.path.join(tmp, m.name))
            files.sort()
            parsed = {}
            run(a.bin, files, parsed)
            c = collections.Counter()
            c["documents"] = len(files)
            for f in files:
                d = parsed[f]
                base = os.path.basename(f)
                def ex(key, what):
                    if len(examples[(name, key)]) < a.examples:
                        examples[(name, key)].append(f"{base}: {what}")
                if d is None:
                    c["refused"] += 1
                    ex("refused", "")
                    continue
                st = d.get("statements", [])
                if not st:
                    c["no statements"] += 1
                    ex("no statements", "")
                for s in st:
                    text = s.get("text", "")
                    if FURNITURE.search(text):
                        c["furniture"] += 1
                        ex("furniture", text[:60])
                    if NUMBER_ALONE.fullmatch(text):
                        c["numbers alone"] += 1
                        ex("numbers alone", text)
                    if name == "ungdc" and PAGE_HEADER.search(text):
                        c["page headers"] += 1
                        ex("page headers", text[:60])
                for sp in d.get("speakers", []):
                    if heading_speaker(sp.get("name", "")):
                        c["heading speakers"] += 1
                        ex("heading speakers", sp.get("name"))
                if name == "kremlin":
                    lead = lead_text(open(f, "rb").read())
                    summ = d.get("summary") or ""
                    if lead is not None and len(summ) > 1.2 * len(lead) + 100:
                        c["long summaries"] += 1
                        ex("long summaries", f"{len(summ)} characters, the lead {len(lead)}")
            counts[name] = c
    keys = ["documents", "refused", "no statements", "furniture", "heading speakers",
            "long summaries", "page headers", "numbers alone"]
    if a.json:
        print(json.dumps({n: {k: c[k] for k in keys} for n, c in counts.items()}, indent=1))
        return
    for n, c in counts.items():
        print(f"{n}:")
        for k in keys:
            if k == "long summaries" and n != "kremlin": continue
            if k == "page headers" and n != "ungdc": continue
            eg = "; ".join(examples[(n, k)])
            print(f"  {k:17} {c[k]:7}   {eg}" if k != "documents" else f"  {k:17} {c[k]:7}")


if __name__ == "__main__":
    main()
