#!/usr/bin/env python3
"""score.py — speakers of real parliament transcripts in a house style of
their own (Hansard of the Cook Islands and of Fiji), against hand-made gold.

  python3 tests/gold/hansard/score.py --root DIR [--bin build/verbatim] [--list] [--detail]

DIR is a checkout of github.com/jlkeet/pacific-hansard (commit c898422,
2025-08-01): the sitting days of two Pacific parliaments, each cut into
parts (`collections/<house>/<year>/<month>/<day>/partN.html`), HTML made
from the printed Hansard. Its text is not ours and is never committed: the
gold (gold.tsv) holds facts only — a part's path, the number of each
labelled turn, its speaker's name — written by a person reading the part.
Without DIR the script says so and exits 0 (CI has no copy).

The sample: the parts of 2 KB to 40 KB (a size a person can annotate turn by
turn in a session), sorted, SIZE of each house drawn with random.Random(SEED).
--list prints it (the annotator's list, before any verbatim output is seen).

The figures and the options are hansard_common's (`--show` has nothing to
add: a part is a file to read)."""
import os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import hansard_common as common  # noqa: E402

SEED = 1519
SIZE = {"Cook Islands": 10, "Fiji": 10}
MIN_BYTES, MAX_BYTES = 2000, 40000


def present(root):
    return common.missing(root, "collections", "a checkout of jlkeet/pacific-hansard")


def sample(root):
    rows = []
    for house, n in SIZE.items():
        top = os.path.join(root, "collections", house)
        found = []
        for d, _, files in os.walk(top):
            for f in files:
                if re.fullmatch(r"part\d+\.html", f):
                    p = os.path.join(d, f)
                    if MIN_BYTES <= os.path.getsize(p) <= MAX_BYTES:
                        found.append(os.path.relpath(p, root))
        found.sort()
        rows += common.drawn(house, [(p, os.path.join(root, p)) for p in found], n, SEED)
    return rows


if __name__ == "__main__":
    sys.exit(common.main(HERE, __doc__, "a checkout of jlkeet/pacific-hansard", present, sample))
