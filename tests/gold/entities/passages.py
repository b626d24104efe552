"""passages — the paragraphs of a real document, read from its source the
same way every time, independently of verbatim (stdlib only).

A passage is one paragraph of running text: a <p> inside a Kremlin page's
article body, a <p> of a news page's article (the Readability test set's
expected.html), or a line of a UN General Debate speech. Gold annotations
name a passage by (document, paragraph index) and check it by a hash of its
text, so the gold never holds the text itself.
"""
import hashlib, html.parser, os, re, tarfile

SETS = ("kremlin", "ungdc", "news")
# Sets read from files of their own in ../shared/corpus/, not from a
# tarball; no part before the twelfth held-out part drew from them (the
# draws of SETS never name them, so those draws stay as they were).
DIR_SETS = ("debates", "captions")
ALL_SETS = SETS + DIR_SETS
_TAG = re.compile(r"<[^>]*>")
WS = re.compile(r"[ \t\r\n\u00a0\u2009\u202f\u200b]+")


def clean(text):
    return WS.sub(" ", text).strip()


def digest(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


class _Paragraphs(html.parser.HTMLParser):
    """Text of the <p> elements inside the first element carrying
    `scope` (an attribute=value pair), or anywhere when scope is None."""

    VOID = {"br", "img", "meta", "link", "input", "hr", "source", "wbr", "area", "col", "embed"}

    def __init__(self, scope):
        super().__init__(convert_charrefs=True)
        self.scope, self.depth, self.inside = scope, 0, scope is None
        self.p, self.buf, self.out = 0, [], []
        self.hidden = 0  # depth inside an element the page hides (a tooltip)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            if tag == "br" and self.p:
                self.buf.append(" ")
            return
        if self.hidden or any(k == "class" and v and "hidden" in v.split() for k, v in attrs):
            self.hidden += 1
            return
        if self.scope and not self.inside and self.scope in attrs:
            self.inside, self.depth = True, 0
        if self.inside and self.scope:
            self.depth += 1
        if self.inside and tag == "p":
            if self.p:  # an unclosed <p> ends where the next begins
                self._end()
            self.p = 1

    def _end(self):
        self.out.append(clean("".join(self.buf)))
        self.buf, self.p = [], 0

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self.hidden:
            self.hidden -= 1
            return
        if self.inside and tag == "p" and self.p:
            self._end()
        if self.inside and self.scope:
            self.depth -= 1
            if self.depth == 0:
                if self.p:
                    self._end()
                self.inside = False
                self.scope = ("-", "-")  # only the first such element

    def handle_data(self, data):
        if self.p and not self.hidden:
            self.buf.append(data)


def html_paragraphs(text, scope):
    p = _Paragraphs(scope)
    p.feed(text)
    p.close()
    return p.out


_SRT_TIME = re.compile(r"^\d\d:\d\d:\d\d,\d\d\d --> ", re.M)
SRT_WINDOW = 3


def srt_windows(text):
    """An SRT file's passages: its cues' text, SRT_WINDOW cues at a time
    (cue 1-3, 4-6, ...), each cue's lines joined by a space. An SRT cue
    holds half a sentence in two short lines (the podcasts' captions cut
    every 30-odd characters), too short for a passage of its own."""
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        lines = [ln for ln in block.strip().split("\n") if ln.strip()]
        while lines and (lines[0].strip().isdigit() or _SRT_TIME.match(lines[0])):
            lines.pop(0)
        if lines:
            cues.append(clean(_TAG.sub("", " ".join(lines))))
    return [" ".join(cues[k:k + SRT_WINDOW]) for k in range(0, len(cues), SRT_WINDOW)]


def paragraphs(kind, text):
    """The passages of one document's source text, in document order: a
    line of a UN speech or of a debate's transcript (its speakers' labels
    are short lines no draw takes), a caption's line of text without its
    voice tags ("<v SPEAKER_1>"; cue numbers and times are short lines)."""
    if kind == "kremlin":
        return html_paragraphs(text, ("itemprop", "articleBody"))
    if kind == "news":
        return html_paragraphs(text, None)
    if kind == "captions":
        if _SRT_TIME.search(text):
            return srt_windows(text)
        return [clean(_TAG.sub("", line)) for line in text.split("\n")]
    return [clean(line) for line in text.split("\n")]


TARBALLS = {"kremlin": "kremlin-en.tar.gz", "ungdc": "ungdc.tar.gz", "news": "html-news-pages.tar.gz"}


def member(kind, doc):
    """The tarball member holding a document's source (and for news, the
    article it is read from)."""
    if kind == "news":
        return [f"test-pages/{doc}/source.html", f"test-pages/{doc}/expected.html"]
    if kind == "kremlin":
        return [f"kremlin-en/{doc}"]
    if kind in DIR_SETS:
        return [f"{kind}/{doc}"]
    return [f"ungdc/TXT/{doc}"]


def doc_of(kind, name):
    """The document a tarball member is, or None."""
    parts = name.split("/")
    if kind == "news" and len(parts) == 3 and parts[0] == "test-pages" and parts[2] == "expected.html":
        return parts[1]
    if kind == "kremlin" and len(parts) == 2 and parts[0] == "kremlin-en" and parts[1].endswith(".html"):
        return parts[1]
    if kind == "ungdc" and len(parts) == 4 and parts[:2] == ["ungdc", "TXT"] and parts[3].endswith(".txt"):
        return parts[2] + "/" + parts[3]
    return None


class Corpus:
    """The real documents, read from ../shared/corpus's tarballs: only the
    ones asked for are unpacked, into `cache` (a build directory)."""

    def __init__(self, shared, cache):
        self.shared, self.root = os.path.join(shared, "corpus"), cache
        os.makedirs(cache, exist_ok=True)

    def names(self, kind):
        if kind in DIR_SETS:
            d = os.path.join(self.shared, kind)
            return sorted(n for n in os.listdir(d) if not n.startswith("SOURCE") and os.path.isfile(os.path.join(d, n)))
        listing = os.path.join(self.root, f".{kind}.list")
        if not os.path.exists(listing):
            with tarfile.open(os.path.join(self.shared, TARBALLS[kind])) as t:
                docs = sorted({d for d in (doc_of(kind, n) for n in t.getnames()) if d})
            with open(listing + ".tmp", "w", encoding="utf-8") as f:
                f.write("".join(d + "\n" for d in docs))
            os.replace(listing + ".tmp", listing)
        with open(listing, encoding="utf-8") as f:
            return [line.rstrip("\n") for line in f if line.strip()]

    def fetch(self, kind, docs):
        """Unpacks the documents not yet in the cache (one pass over the tarball)."""
        want = {m for d in docs for m in member(kind, d)
                if not os.path.exists(os.path.join(self.root, m))}
        if not want:
            return
        if kind in DIR_SETS:  # a file of its own: copied as it is
            for m in sorted(want):
                os.makedirs(os.path.dirname(os.path.join(self.root, m)), exist_ok=True)
                with open(os.path.join(self.shared, m), "rb") as f, open(os.path.join(self.root, m), "wb") as g:
                    g.write(f.read())
            return
        with tarfile.open(os.path.join(self.shared, TARBALLS[kind])) as t:
            for m in t:
                if m.name in want and m.isfile():
                    kw = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
                    t.extract(m, self.root, set_attrs=False, **kw)

    def text(self, kind, doc):
        return read(source_path(self.root, kind, doc)[1])


def source_path(root, kind, doc):
    """The file verbatim parses, and the file passages are read from."""
    if kind == "news":
        d = os.path.join(root, "test-pages", doc)
        return os.path.join(d, "source.html"), os.path.join(d, "expected.html")
    if kind == "kremlin":
        p = os.path.join(root, "kremlin-en", doc)
        return p, p
    if kind in DIR_SETS:
        p = os.path.join(root, kind, doc)
        return p, p
    p = os.path.join(root, "ungdc", "TXT", doc)
    return p, p


def read(path):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    return text[1:] if text.startswith("\ufeff") else text
