#!/usr/bin/env python3
"""score.py — speakers of the U.S. Congressional Record (the House's and the
Senate's floor proceedings, as the Government Publishing Office prints them
in HTML) against hand-made gold.

  python3 tests/gold/congress/score.py --root DIR [--bin build/verbatim] [--list] [--show UNIT] [--detail]

DIR holds two days of the Record, one HTML file a granule (a debate, a
speech, a vote; `CREC-1997-01-28/html/*.htm` and `CREC-2005-07-20/html/*.htm`),
as kept in github.com/unitedstates/congressional-record at commit 84a5af4
(`tests/test_files/`). Its text is not ours and is never committed: the gold
(gold.tsv) holds facts only — a unit's name, the number of each labelled
turn, its speaker. Without DIR the script says so and exits 0 (CI has no
copy).

A unit is one granule of the House (`-PgH`) or the Senate (`-PgS`) of 2 KB to
40 KB, parsed as the file it is; SIZE units are drawn with
random.Random(SEED) from those of both days in name order. Only labelled
turns count: a paragraph opening with a member's or an officer's label
closed by a full stop (`Mr. ETHERIDGE.`, `The SPEAKER pro tempore.`, `The
PRESIDING OFFICER.`).

The figures and the options are hansard_common's (speaker: gold turns
matched in order, the longest common subsequence; pages: turn count within
15%; names compared without honorifics, case and punctuation)."""
import os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import hansard_common as common  # noqa: E402

SEED = 1522
SIZE = 15
DAYS = ("CREC-1997-01-28", "CREC-2005-07-20")
CHAMBER = {"H": "House", "S": "Senate"}


def present(root):
    for day in DAYS:
        why = common.missing(root, os.path.join(day, "html"), "tests/test_files of unitedstates/congressional-record", ".htm")
        if why: return why
    return None


def units(root):
    for day in DAYS:
        d = os.path.join(root, day, "html")
        for f in sorted(os.listdir(d)):
            m = re.search(r"-Pg([HS])", f)
            p = os.path.join(d, f)
            if m and f.endswith(".htm") and 2000 <= os.path.getsize(p) <= 40000:
                yield CHAMBER[m.group(1)], f"{day}/{f}", p


def sample(root):
    return common.draw(list(units(root)), SIZE, SEED)


def show(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return re.sub(r"<[^>]*>", "", f.read())


if __name__ == "__main__":
    sys.exit(common.main(HERE, __doc__, "tests/test_files of unitedstates/congressional-record at 84a5af4",
                         present, sample, None, show))
