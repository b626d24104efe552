#!/usr/bin/env python3
"""score.py — speakers of a provincial parliament's Hansard (the Legislative
Assembly of Ontario, its daily transcripts as the Assembly's site served
them) against hand-made gold.

  python3 tests/gold/ontario/score.py --root DIR [--bin build/verbatim] [--list] [--show UNIT] [--detail]

DIR holds `html/YYYY-MM-DD.html` of github.com/NLB-G-Suite/ola-data at
commit 55e0ec5: 359 sitting days of 2014-2018, each the site's page of the
day (its navigation, the day's table of contents, the transcript in
`<div id="transcript">`, a paragraph a line: `<p class="speakerStart">`
opening with the label in `<strong>`, `<p class="timeStamp">` clock marks,
`<p class="procedure">` notes, `<h2>`/`<h3>` headings). Its text is not ours
and is never committed: the gold (gold.tsv) holds facts only — a unit's
name, the number of each labelled turn, its speaker. Without DIR the script
says so and exits 0 (CI has no copy).

A unit is one part of a day's transcript, from a heading (`<h2>` or `<h3>`)
to the next (the part before the first heading is one too), written as the
page the site served with that part alone in its transcript: the day's
`<head>`, navigation and table of contents before it, the menus and footer
after it. The sample: parts of 2,000 to 20,000 characters of text, of all
days in name order, SIZE drawn with random.Random(SEED) (the blind draw,
"Ontario"), then SIZE of the rest with random.Random(HELD_SEED) ("Ontario
held": annotated with the first, scored once after the fixes the first
showed).

The figures and the options are hansard_common's (speaker: gold turns
matched in order, the longest common subsequence; pages: turn count within
15%; names compared without honorifics, case and punctuation)."""
import html, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import hansard_common as common  # noqa: E402

SEED = 1524
HELD_SEED = 1525  # a second draw, held out while the first is worked on
SIZE = 15
MIN_CHARS, MAX_CHARS = 2000, 20000
DIR = "html"
HEADING = re.compile(r"<h[23][ >]")


def present(root):
    return common.missing(root, DIR, "NLB-G-Suite/ola-data at 55e0ec5", ".html")


def text_of(lines):
    return html.unescape(re.sub(r"<[^>]*>", "", "".join(lines)))


def parts(lines):
    """(before, [part lines, ...], after) of a day's page: the transcript's
    lines after the table of contents cut at each heading."""
    try:
        toc = next(i for i, l in enumerate(lines) if l.startswith('<div id="toc"'))
        first = next(i for i in range(toc, len(lines)) if lines[i].startswith("</div>")) + 1
        end = next(i for i in range(first, len(lines)) if lines[i].startswith("</div>"))
    except StopIteration:
        return None
    cuts = [first] + [i for i in range(first, end) if HEADING.match(lines[i])] + [end]
    cuts = sorted(set(cuts))
    return lines[:first], [lines[cuts[k]:cuts[k + 1]] for k in range(len(cuts) - 1)], lines[end:]


def units(root):
    d = os.path.join(root, DIR)
    for name in sorted(os.listdir(d)):
        if not name.endswith(".html"): continue
        with open(os.path.join(d, name), encoding="utf-8", errors="replace") as f:
            got = parts(f.read().splitlines(keepends=True))
        if not got: continue
        before, ps, after = got
        for k, p in enumerate(ps):
            if MIN_CHARS <= len(text_of(p)) <= MAX_CHARS:
                yield f"{name}#{k}", "".join(before + p + after)


def sample(root):
    """The blind draw, then the held-out one from the units it left."""
    found = list(units(root))
    first = common.drawn("Ontario", found, SIZE, SEED)
    taken = {n for _, n, _ in first}
    return first + common.drawn("Ontario held", [u for u in found if u[0] not in taken], SIZE, HELD_SEED)


def show(text):
    """The unit's transcript, a paragraph a line, its tag's class before it."""
    got = parts(text.splitlines(keepends=True))
    out = []
    for p in got[1] if got else []:
        for l in p:
            m = re.match(r'<(p|h\d)(?: class="(\w+)")?', l)
            t = re.sub(r"\s+", " ", text_of([l])).strip()
            if m and t: out.append(f"[{m.group(2) or m.group(1)}] {t}\n")
    return "".join(out)


if __name__ == "__main__":
    sys.exit(common.main(HERE, __doc__, "a directory holding html/*.html of NLB-G-Suite/ola-data at 55e0ec5",
                         present, sample, common.writer(".html"), show))
