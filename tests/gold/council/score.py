#!/usr/bin/env python3
"""score.py — speakers of a city council's verbatim record (the Council of
the City of Winnipeg, its printed transcripts as HTML made from the PDF)
against hand-made gold.

  python3 tests/gold/council/score.py --root DIR [--bin build/verbatim] [--list] [--show UNIT] [--detail]

DIR holds `hansard_html/*.htm` of github.com/OpenDemocracyManitoba/Winnipeg-Hansard-Parser
at commit e86b52f: 22 meetings of 2013-2015, each the city's PDF turned into
one HTML page by pdftohtml (a `<DIV id="page_N">` a printed page, its running
head — page number, "COUNCIL OF THE CITY OF WINNIPEG", the date — in a table
at the top, a paragraph a `<P>`, the label in its own bold `<SPAN>`). Its
text is not ours and is never committed: the gold (gold.tsv) holds facts
only — a unit's name, the number of each labelled turn, its speaker. Without
DIR the script says so and exits 0 (CI has no copy).

A unit is PAGES consecutive printed pages of one meeting (pages 1-2, 3-4,
...), written as an HTML page of its own: the meeting's `<HEAD>` (its style
sheet) and those pages' `<DIV>`s. SIZE units are drawn with
random.Random(SEED) from those of all meetings in name order. A unit opens
where its first page does, often inside a turn: only labelled turns
(`Mr. Speaker:`, `Mayor Katz:`, `Councillor Gerbasi:`) count.

The figures and the options are hansard_common's (speaker: gold turns
matched in order, the longest common subsequence; pages: turn count within
15%; names compared without honorifics, case and punctuation)."""
import html, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import hansard_common as common  # noqa: E402

SEED = 1523
SIZE = 15
PAGES = 2
DIR = "hansard_html"
PAGE = re.compile(r'<DIV id="page_\d+">')


def present(root):
    return common.missing(root, DIR, "OpenDemocracyManitoba/Winnipeg-Hansard-Parser at e86b52f", ".htm")


def units(root):
    d = os.path.join(root, DIR)
    for name in sorted(os.listdir(d)):
        if not name.endswith(".htm"): continue
        with open(os.path.join(d, name), encoding="utf-8", errors="replace") as f:
            text = f.read()
        starts = [m.start() for m in PAGE.finditer(text)]
        if not starts: continue
        head = text[:starts[0]]
        end = text.rfind("</BODY>")
        bounds = starts + [end if end > starts[-1] else len(text)]
        pages = [text[bounds[i]:bounds[i + 1]] for i in range(len(starts))]
        for first, last, run in common.runs(pages, PAGES):
            yield f"{name}#p{first}-{last}", head + "".join(run) + "</BODY>\n</HTML>\n"


def sample(root):
    return common.drawn("Winnipeg council", list(units(root)), SIZE, SEED)


def show(text):
    """The unit's paragraphs, one a line, and a mark at each page."""
    body = text[text.find("<BODY>"):]
    body = PAGE.sub("\n=== page\n", body)
    body = re.sub(r"(?i)</?(p|tr)\b[^>]*>", "\n", body)
    body = html.unescape(re.sub(r"<[^>]*>", "", body))
    return "\n".join(l.strip() for l in body.split("\n") if l.strip()) + "\n"


if __name__ == "__main__":
    sys.exit(common.main(HERE, __doc__, "a copy of OpenDemocracyManitoba/Winnipeg-Hansard-Parser at e86b52f",
                         present, sample, common.writer(".htm"), show))
