#!/usr/bin/env python3
"""score.py — speakers of a court's printed transcripts (the U.S. Supreme
Court's oral arguments as the reporter's pages give them) against
hand-made gold.

  python3 tests/gold/court/score.py --root DIR [--bin build/verbatim] [--list] [--show UNIT] [--detail]

DIR holds the text of two printed transcripts of the Supreme Court's oral
argument in Department of Health and Human Services v. Florida (No. 11-398,
26 and 27 March 2012), the reporter's PDF as text with its layout (line
numbers, the page's header "Official - Subject to Final Review", its number
and the reporter's name at its foot, form feeds between pages, the word
index at the end), as kept in github.com/dannguyen/SCOTUS-Transcript-Viewer
at commit 2f5eb92 (`data-hold/transcripts/*--2012-03-2[67].txt`), saved as
DIR/2012-03-26.txt and DIR/2012-03-27.txt. Its text is not ours and is
never committed: the gold (gold.tsv) holds facts only — a unit's name, the
number of each labelled turn, its speaker. Without DIR the script says so
and exits 0 (CI has no copy).

A unit is PAGES consecutive printed pages of one day (pages 1-3, 4-6, ...),
written as a text file as printed; SIZE units are drawn with
random.Random(SEED). A unit opens where its first page does, often inside a
turn: only labelled turns (`JUSTICE SCALIA:`, `MR. LONG:`) count.

The figures and the options are hansard_common's (speaker: gold turns
matched in order, the longest common subsequence; pages: turn count within
15%; names compared without honorifics, case and punctuation)."""
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import hansard_common as common  # noqa: E402

SEED = 1521
SIZE = 15
PAGES = 3
DAYS = ("2012-03-26.txt", "2012-03-27.txt")


def present(root):
    for day in DAYS:
        why = common.missing(root, day, "a copy of dannguyen/SCOTUS-Transcript-Viewer's transcripts")
        if why: return why
    return None


def units(root):
    for day in DAYS:
        with open(os.path.join(root, day), encoding="utf-8", errors="replace") as f:
            pages = f.read().split("\f")
        for first, last, run in common.runs(pages, PAGES):
            yield f"{day}#p{first}-{last}", "\f".join(run)


def sample(root):
    return common.drawn("US Supreme Court", list(units(root)), SIZE, SEED)


if __name__ == "__main__":
    sys.exit(common.main(HERE, __doc__, "a directory holding 2012-03-26.txt and 2012-03-27.txt",
                         present, sample, common.writer(".txt"), lambda text: text))
