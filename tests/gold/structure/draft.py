#!/usr/bin/env python3
"""draft.py — a first draft of a gold file, for a person to correct.

  python3 tests/gold/structure/draft.py SET SOURCE > draft.gold

Reads the source's own markup, never verbatim's output: for HTML the blocks
of the page with their bold openings (`<b>Name:</b>` is a label), headings
(<h1>–<h6>) and the site's lead (itemprop="description", class *lead* or
*summary*); for text one paragraph per blank-line-separated block (or per
line), `Name:` openings as labels. Every line it writes is a guess: the
annotator reads the document and corrects speakers (the person's name, not
the label), turns, prose, headings and furniture by hand (see README.md).
With --review it also prints each block, shortened, beside its guess.
"""
import argparse, html.parser, os, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gold as G  # noqa: E402

BLOCK = set("p div h1 h2 h3 h4 h5 h6 li blockquote pre dt dd figcaption td th section article "
            "header footer ul ol table tr main aside nav form address".split())
SKIP = {"script", "style", "noscript", "template", "svg", "select", "button", "iframe", "head"}
VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr", "col", "area", "base", "embed"}


class Blocks(html.parser.HTMLParser):
    """Blocks of a page: text, the tag and attribute marks of the elements
    around it, and the runs of bold text at its start."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, marks)
        self.blocks = []
        self.cur = None
        self.skip = 0

    def marks(self):
        return " ".join(m for _, m in self.stack)

    def flush(self):
        if self.cur and self.cur["text"].strip():
            self.cur["text"] = re.sub(r"\s+", " ", self.cur["text"]).strip()
            self.cur["bold"] = re.sub(r"\s+", " ", self.cur["bold"]).strip()
            self.blocks.append(self.cur)
        self.cur = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        mark = " ".join(filter(None, [tag, a.get("class"), a.get("id"), a.get("itemprop"),
                                      "HIDDEN" if "hidden" in a or a.get("aria-hidden") == "true"
                                      or "hidden" in (a.get("class") or "").split() else ""]))
        if tag in VOID:
            if tag == "br" and self.cur: self.cur["text"] += " "
            return
        if tag in SKIP: self.skip += 1
        self.stack.append((tag, mark))
        if tag in BLOCK or re.fullmatch(r"h[1-6]", tag):
            self.flush()

    def handle_endtag(self, tag):
        for k in range(len(self.stack) - 1, -1, -1):
            if self.stack[k][0] == tag:
                if tag in BLOCK or re.fullmatch(r"h[1-6]", tag): self.flush()
                if tag in SKIP: self.skip = max(0, self.skip - 1)
                del self.stack[k:]
                break

    def handle_data(self, data):
        if self.skip: return
        m = self.marks()
        if "HIDDEN" in m: return
        if self.cur is None:
            if not data.strip(): return
            self.cur = {"text": "", "bold": "", "marks": m, "bold_open": True,
                        "tag": self.stack[-1][0] if self.stack else ""}
        bold = any(t in ("b", "strong") for t, _ in self.stack)
        if self.cur["bold_open"]:
            if bold:
                self.cur["bold"] += data
            elif data.strip():
                # "<b>Name</b>: text": the colon outside the bold still ends the label
                if self.cur["bold"] and data.lstrip().startswith(":"):
                    self.cur["bold"] += ":"
                self.cur["bold_open"] = False
        self.cur["text"] += data


def first_words(s, n=8):
    return " ".join(s.split()[:n])


LABEL = re.compile(r"^(.{1,120}?)\s*:\s*$")


def draft_html(path, st):
    b = Blocks()
    b.feed(open(path, encoding="utf-8", errors="replace").read())
    b.flush()
    out, review = [], []
    title = next((x["text"] for x in b.blocks if " h1" in " " + x["marks"]), None)
    if title: out.append(("title", title, None))
    in_turn = False
    for x in b.blocks:
        m = x["marks"]
        t = x["text"]
        if title and t == title and x["tag"] == "h1": continue
        if st == "kremlin" and not re.search(r"articleBody|read__(tags|status|meta|lead)", m):
            continue
        if re.search(r"cut__|read__cut|media__title|figcaption|caption", m):
            kind = ("boiler", first_words(t), None)
        elif re.search(r"description|lead\b|entry-summary", m):
            kind = ("summary", first_words(t), None)
        elif re.search(r"read__(tags|status)|footer|share", m) or re.match(
                r"(Geography|Topics|Persons|Publication status|Published in sections|Publication date|"
                r"Direct link|Text version|See also)\b", t):
            kind = ("boiler", first_words(t, 4), None)
        elif re.search(r"read__meta|read__place|read__time|time\b", m):
            kind = ("meta", t, None)
        elif "blockquote" in m and re.match(r"[”“\"]", t):
            kind = ("boiler", first_words(t), None)  # a pull quote repeating the speech
        elif re.fullmatch(r"[*\s]+", t):
            kind = ("boiler", t, None)
        elif re.fullmatch(r"h[2-6]", x["tag"]):
            kind = ("heading", t, None)
        elif x["bold"] and LABEL.match(x["bold"]) and len(t) > len(x["bold"]):
            label = LABEL.match(x["bold"]).group(1)
            rest = t[len(x["bold"]):].strip() if t.startswith(x["bold"]) else t.split(":", 1)[-1]
            kind = ("turn", label, first_words(rest), label)
            in_turn = True
        elif x["bold"] and x["bold"] == t:
            kind = ("heading", t, None)
        elif not in_turn:
            kind = ("prose", first_words(t), None)
            in_turn = True
        elif out and out[-1][0] in ("boiler", "meta", "heading"):
            kind = ("more", first_words(t), None)  # the turn goes on after furniture
        else:
            kind = None
        if kind:
            if kind[0] == "prose" and out and out[-1][0] == "prose": kind = None
        if kind: out.append(kind)
        review.append((kind[0] if kind else "", t))
    return out, review


def draft_news(path, st):
    """A saved news page beside the article text a reader extracted from it
    (expected.html of the Readability test pages): blocks of the page from
    the first to the last that the article holds; those the article does not
    hold are furniture candidates, headings stay headings."""
    b = Blocks()
    b.feed(open(path, encoding="utf-8", errors="replace").read())
    b.flush()
    e = Blocks()
    e.feed(open(os.path.join(os.path.dirname(path), "expected.html"), encoding="utf-8", errors="replace").read())
    e.flush()
    have = set(" ".join(G.words(x["text"])) for x in e.blocks)
    allw = " ".join(" ".join(G.words(x["text"])) for x in e.blocks)
    inside = [i for i, x in enumerate(b.blocks) if " ".join(G.words(x["text"])) in have
              or (len(G.words(x["text"])) > 6 and " ".join(G.words(x["text"])) in allw)]
    out, review = [], []
    title = next((x["text"] for x in b.blocks if " h1" in " " + x["marks"]), None)
    if title: out.append(("title", title, None))
    if not inside: return out, review
    last = None
    for i in range(inside[0], inside[-1] + 1):
        x = b.blocks[i]
        t = x["text"]
        content = i in inside
        if re.fullmatch(r"h[1-6]", x["tag"]) and content:
            kind = ("heading", t, None)
        elif not content:
            kind = ("boiler", first_words(t), None)
        elif last in (None, "heading", "boiler", "meta"):
            kind = ("prose" if last is None else "more", first_words(t), None)
        else:
            kind = None
        if kind:
            out.append(kind)
            last = kind[0]
        review.append((kind[0] if kind else "", t))
    return out, review


def draft_text(path, st):
    text = open(path, encoding="utf-8", errors="replace").read()
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    if len(paras) < 3: paras = [p.strip() for p in text.splitlines() if p.strip()]
    out, review = [], []
    label = re.compile(r"^([A-Z][^:\n]{0,60}?):\s*(.*)$", re.S)
    started = False
    for p in paras:
        m = label.match(p)
        if m and m.group(2).strip():
            out.append(("turn", m.group(1), first_words(m.group(2)), m.group(1)))
            review.append(("turn", p))
        elif not started:
            out.append(("prose", first_words(p), None))
            review.append(("prose", p))
        else:
            review.append(("", p))
        started = True
    return out, review


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("set")
    ap.add_argument("source")
    ap.add_argument("--review", action="store_true")
    a = ap.parse_args()
    f = G.fmt_of(a.set)
    if a.set == "news" and os.path.exists(os.path.join(os.path.dirname(a.source), "expected.html")):
        out, review = draft_news(a.source, a.set)
    else:
        out, review = (draft_html if f == "html" else draft_text)(a.source, a.set)
    print(f"# {a.set}: {a.source.split('corpus/')[-1]} — draft, to be corrected by hand")
    for k in out:
        print("\t".join(x for x in k if x is not None))
    if a.review:
        print("\n# ---- review (not gold) ----")
        for kind, t in review:
            print(f"# {kind:8} | {' '.join(t[:160].split())}")


if __name__ == "__main__":
    main()
