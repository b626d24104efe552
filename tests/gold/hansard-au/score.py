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

The figures and the options are hansard_common's (speaker: gold turns
matched in order, the longest common subsequence; pages: turn count within
15%; names compared without honorifics, case and punctuation)."""
import os, re, sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import hansard_common as common  # noqa: E402

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


def present(root):
    return common.missing(root, "input", "lindsaykatz/hansard-proj's input/ at f3b3e40")


def sample(root):
    found = [(n, d, s) for n, d, s in units(root) if MIN_CHARS <= len(text_of(s)) <= MAX_CHARS]
    return common.drawn("House of Reps", [(n, (d, s)) for n, d, s in found], SIZE, SEED)


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


def write(src, tmp):
    return common.writer(".html")(page(*src), tmp)


def show(src):
    out = []
    for b in bodies(src[1]):
        for p in b.iter("p"):
            t = re.sub(r"\s+", " ", "".join(p.itertext())).strip()
            if t: out.append(t + "\n")
    return "".join(out)


if __name__ == "__main__":
    sys.exit(common.main(HERE, __doc__, "a directory holding input/*.xml of lindsaykatz/hansard-proj at f3b3e40",
                         present, sample, write, show))
