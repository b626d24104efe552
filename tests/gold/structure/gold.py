"""gold.py — what the structure scorer and the draft tool share: the sample,
the documents unpacked from ../shared/corpus, a plain text of each source that
gold anchors are found in, and the gold files.

A gold file (gold/<set>/<name>.gold) lists a document's parts in reading
order, one a line, fields separated by tabs:

  title    TEXT  [TEXT…]               the document's title ("-": none); more
                                       fields are other acceptable forms
  summary  ANCHOR                      the site's lead / summary
  heading  TEXT                        a heading (section title, pull quote)
  turn     SPEAKER  ANCHOR  [LABEL]    a turn: who speaks, the first words
                                       said, the label as printed
  prose    ANCHOR                      narrative no one speaks (a news item,
                                       a speech by no named speaker)
  more     ANCHOR                      the turn or prose before goes on here,
                                       after furniture that interrupted it
  boiler   ANCHOR                      site furniture (must be in no statement)
  meta     ANCHOR                      dateline, place, byline (not speech)
  empty                                the document holds no text: refusing
                                       it (with a message) is right

A boiler ANCHOR written with a leading "~" is furniture that may stand in
the middle of a sentence (a page header of a wrapped text): it must stand in
no statement at all. ANCHOR is the first words of the part as they stand in the source (six to
ten words, enough to be unique after the part before). SPEAKER is the
person's name as the document gives it most fully ("Vladimir Putin" for
"President of Russia Vladimir Putin:"); alternatives are separated by "|";
a label that names no person ("Question", "Remark") is its own name. Lines
starting with # are comments.
"""
import html.parser, os, re, subprocess, tarfile, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
TARBALL = {"kremlin": "kremlin-en.tar.gz", "ungdc": "ungdc.tar.gz", "news": "html-news-pages.tar.gz"}
KINDS = {"title", "summary", "heading", "turn", "prose", "more", "boiler", "meta", "empty"}


def read_sample(path=os.path.join(HERE, "sample.tsv")):
    rows = []
    for line in open(path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            st, p, part = line.rstrip("\n").split("\t")
            rows.append((st, p, part))
    return rows


def unpack(rows, shared, into):
    """Source path of every sampled document: tarball members unpacked into
    `into` (each tarball read once, in its own order), files read in place."""
    want = {}
    for st, p, _ in rows:
        if st in TARBALL: want.setdefault(TARBALL[st], set()).add(p)
    for tgz, names in want.items():
        with tarfile.open(os.path.join(shared, "corpus", tgz), "r|gz") as t:
            for m in t:
                if m.name in names: t.extract(m, into)
    return {(st, p): os.path.join(into, p) if st in TARBALL else os.path.join(shared, "corpus", p)
            for st, p, _ in rows}


def gold_path(st, p):
    name = p.split("/")[-2] if p.endswith("/source.html") else os.path.basename(p)
    return os.path.join(HERE, "gold", st, name + ".gold")


def read_gold(path):
    items = []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"): continue
        f = line.split("\t")
        kind = f[0]
        if kind not in KINDS: raise ValueError(f"{path}:{n}: unknown kind {kind!r}")
        if kind == "empty":
            items.append({"kind": kind, "anchor": "", "line": n})
            continue
        if kind == "more":
            prev = next((x for x in reversed(items) if x["kind"] in ("turn", "prose")), None)
            if prev is None: raise ValueError(f"{path}:{n}: more with no turn before it")
            items.append({"kind": prev["kind"], "speaker": prev.get("speaker", ""), "anchor": f[1],
                          "label": "", "line": n, "more": True})
            continue
        if kind == "turn":
            if len(f) < 3: raise ValueError(f"{path}:{n}: turn needs SPEAKER and ANCHOR")
            items.append({"kind": kind, "speaker": f[1], "anchor": f[2],
                          "label": f[3] if len(f) > 3 else "", "line": n})
        else:
            if len(f) < 2: raise ValueError(f"{path}:{n}: {kind} needs its text")
            items.append({"kind": kind, "anchor": f[1], "line": n, "alt": f[2:]})
    return items


# ---- words -----------------------------------------------------------------

WORD = re.compile(r"\w+", re.U)


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def words(s):
    return WORD.findall(fold(s))


def word_spans(s):
    """Words of s with their offsets (after folding, which keeps lengths of
    most text; offsets are only used to cut the text into parts)."""
    return [(m.group(0), m.start()) for m in WORD.finditer(fold(s))]


def name_key(s):
    return " ".join(words(s))


# ---- plain text of a source ------------------------------------------------

BLOCK = set("p div h1 h2 h3 h4 h5 h6 li ul ol td th tr table blockquote section article header "
            "footer pre dt dd dl figcaption figure nav aside form main address hr br".split())
SKIP = {"script", "style", "noscript", "template", "head", "svg", "select", "button", "iframe"}


class _Flat(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP: self.skip += 1
        elif tag in BLOCK: self.out.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK: self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIP: self.skip = max(0, self.skip - 1)
        elif tag in BLOCK: self.out.append("\n")

    def handle_data(self, data):
        if not self.skip: self.out.append(data)


CUE_TIME = re.compile(r"^\s*(\d+:){0,2}\d+[.,]\d+\s*-->")


def plain_text(path, fmt):
    """The source's text as a reader of the page sees it: HTML without markup
    (scripts and styles dropped), captions without numbers and times."""
    raw = open(path, "rb").read()
    text = raw.decode("utf-8", errors="replace")
    if fmt == "html":
        f = _Flat()
        f.feed(text)
        f.close()
        lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", x).strip() for x in "".join(f.out).split("\n"))
        return "\n".join(x for x in lines if x)
    if fmt == "captions":
        out = []
        for line in text.splitlines():
            if CUE_TIME.match(line) or re.fullmatch(r"\s*\d+\s*", line) or line.startswith("WEBVTT"):
                continue
            out.append(re.sub(r"<[^>]*>", "", line))
        return "\n".join(out)
    return text


def fmt_of(st):
    return {"kremlin": "html", "news": "html", "captions": "captions"}.get(st, "text")


# ---- locating parts --------------------------------------------------------

def find_words(hay, needle, start=0):
    """Index in the word list hay where the word list needle begins, at or
    after start (then anywhere), or -1."""
    if not needle: return -1
    first = needle[0]
    n = len(needle)
    for lo in (start, 0):
        i = lo
        while True:
            try:
                i = hay.index(first, i)
            except ValueError:
                break
            if hay[i:i + n] == needle: return i
            i += 1
    return -1


def all_at(hay, needle):
    """Every index where the word list needle begins in hay."""
    out, i = [], find_words(hay, needle)
    while 0 <= i and (not out or i > out[-1]):
        out.append(i)
        i = find_words(hay, needle, i + 1)
    return out


def locate(items, text):
    """Sets each item's word span [w0, w1) in the plain text; items whose
    anchor is not found get w0 = -1. An anchor begins a line of the text
    (a block), or, for a turn, follows its label on the line; an anchor
    written with a leading "…" may stand anywhere. A part's span stops
    before the next part's label."""
    spans = word_spans(text)
    toks = [w for w, _ in spans]
    folded = fold(text)  # the offsets are into the folded text
    line_of, lno, last = [], 0, 0
    for _, off in spans:
        lno += folded.count("\n", last, off)
        last = off
        line_of.append(lno)

    def words_before_on_line(i):
        k = i
        while k > 0 and line_of[k - 1] == line_of[i]: k -= 1
        return i - k

    pos = 0
    for it in items:
        if it["kind"] == "title":
            it["w0"] = -1
            continue
        anywhere = it["anchor"].startswith(("…", "~"))
        a = words(it["anchor"])
        room = 0 if not it["kind"] == "turn" else max(15, len(words(it.get("label", ""))) + 3)
        ok = [j for j in all_at(toks, a) if anywhere or words_before_on_line(j) <= room]
        i = next((j for j in ok if j >= pos), ok[0] if ok else -1)
        if it["kind"] == "turn" and it.get("label") and i >= pos:
            # "Thank you." after its label, not the previous speaker's own
            # "Thank you." that ends the report just before it
            lab = words(it["label"])
            led = [j for j in ok if j >= pos and toks[max(0, j - len(lab)):j] == lab]
            if led and toks[max(0, i - len(lab)):i] != lab: i = led[0]
        it["w0"] = i
        if i >= 0: pos = i + len(a)
    for it in items:  # furniture inside a sentence: itself only
        if it["w0"] >= 0 and it["anchor"].startswith("~"):
            it["w1"] = it["w0"] + len(words(it["anchor"]))
    located = [it for it in items if it["w0"] >= 0 and not it["anchor"].startswith("~")]
    located.sort(key=lambda it: it["w0"])
    for k, it in enumerate(located):
        end = located[k + 1]["w0"] if k + 1 < len(located) else len(toks)
        nxt = located[k + 1] if k + 1 < len(located) else None
        if nxt is not None and nxt.get("label"):
            lab = words(nxt["label"])
            j = find_words(toks[it["w0"]:end], lab)
            if j >= 0:
                # the last occurrence before the next anchor
                while True:
                    k2 = find_words(toks[it["w0"] + j + 1:end], lab)
                    if k2 < 0: break
                    j = j + 1 + k2
                end = it["w0"] + j
        it["w1"] = max(it["w0"], end)
    return toks


# ---- running verbatim ------------------------------------------------------

def parse_many(binary, paths, body=False):
    """Document JSON of each path (None when verbatim refused it), with the
    decoded text its offsets count into as "body" when asked, and what
    verbatim said about it on stderr; one verbatim process for them all."""
    import json
    r = subprocess.run([binary, "parse", "--json", "--compact"] + (["--body"] if body else []) + list(paths),
                       capture_output=True)
    if r.returncode == 2 and len(paths) > 1:  # a verbatim that parses one file at a time
        out = {}
        for p in paths:
            out.update(parse_many(binary, [p], body))
        return out
    docs = {}
    for line in r.stdout.decode("utf-8", "replace").split("\n"):  # not splitlines: U+2028 in text
        try:
            d = json.loads(line)
        except ValueError:
            continue
        docs[d.get("source", {}).get("path")] = d
    said = {p: [] for p in paths}
    for line in r.stderr.decode("utf-8", "replace").splitlines():
        for p in paths:
            if p in line: said[p].append(line)
    return {p: (docs.get(p), "\n".join(said[p])) for p in paths}
