"""harness — search quality on the UN General Debate archive (stdlib only).

  python3 harness.py run [--subset K] [--queries FILE...] [--json]
  python3 harness.py sample          (draws words.txt from the full archive)

`run` builds (once per verbatim binary) an archive of the UN General Debate
speeches with `verbatim ingest`, and a plain SQLite FTS5 index of the same
statements (read back with `verbatim export`): one table with FTS5's
`unicode61` tokenizer (the written words) and one with `porter unicode61`
(English stems). Each query then runs through `verbatim search --json`,
every hit is judged by the reference analysis (refstem.c: the English
Snowball stem of every word, or the exact form) and the hit counts are set
beside plain FTS5's for the same query. README.md here says what is
counted and why.
"""
import argparse, hashlib, json, os, re, sqlite3, subprocess, sys, tarfile, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE = 10000  # verbatim search's largest page


# ---- the reference analysis ---------------------------------------------

WORD = re.compile(r"\w+")


def fold(s):
    s = unicodedata.normalize("NFKD", s.casefold())
    return "".join(c for c in s if not unicodedata.combining(c))


class Stems:
    """English Snowball stems through refstem, remembered."""

    def __init__(self, refstem):
        self.bin, self.memo = refstem, {}

    def want(self, words):
        new = sorted({w for w in words if w not in self.memo and "\n" not in w})
        if not new:
            return
        out = subprocess.run([self.bin], input="\n".join(new) + "\n", capture_output=True,
                             text=True, check=True).stdout.split("\n")
        for w, s in zip(new, out):
            self.memo[w] = s

    def __getitem__(self, w):
        return self.memo[w]


def words_of(text):
    return [(fold(m.group()), m.start()) for m in WORD.finditer(text)]


# ---- queries --------------------------------------------------------------

LEX = re.compile(r'\s*(?:(\()|(\))|(-)(?=\S)|(=)?"([^"]*)"(\*)?|([A-Za-z]+):("[^"]*"|\S+)|NEAR/(\d+)|([^\s()"]+))')
FIELDS = {"speaker", "mentions", "type", "tag", "series", "channel", "lang", "kind", "after", "before",
          "date", "doc", "exact"}


def tokens(q):
    out, i = [], 0
    while i < len(q):
        m = LEX.match(q, i)
        if not m or m.end() == i:
            if q[i:].strip():
                raise ValueError(f"cannot read {q!r} at {i}")
            break
        i = m.end()
        if m.group(1):
            out.append(("(",))
        elif m.group(2):
            out.append((")",))
        elif m.group(3):
            out.append(("NOT",))
        elif m.group(5) is not None:
            kind = "prefix" if m.group(6) else "phrase"
            out.append((kind, m.group(5), bool(m.group(4))))
        elif m.group(7) and m.group(7).lower() in FIELDS:
            v = m.group(8).strip('"')
            if m.group(7).lower() == "exact":
                out.append(("phrase", v, True))
            else:
                out.append(("filter", m.group(7).lower(), v))
        elif m.group(9):
            out.append(("NEAR", int(m.group(9))))
        else:
            w = m.group(0).strip() if m.group(7) else m.group(10)
            if w in ("AND", "OR", "NOT"):
                out.append((w,))
            elif w == "NEAR":
                out.append(("NEAR", 10))
            elif w.endswith("*"):
                out.append(("prefix", w[:-1], False))
            elif w.startswith("="):
                out.append(("phrase", w[1:], True))
            else:
                out.append(("phrase", w, False))
    return out


def parse(q):
    """The query as a tree: precedence NOT, NEAR, OR, AND (docs/query.md)."""
    toks, pos = tokens(q), [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else None

    def take():
        pos[0] += 1
        return toks[pos[0] - 1]

    def unary():
        t = take()
        if t[0] == "NOT":
            return ("not", unary())
        if t[0] == "(":
            n = conj()
            take()
            return n
        if t[0] in ("phrase", "prefix"):
            return (t[0], t[1], t[2])
        if t[0] == "filter":
            return t
        raise ValueError(f"unexpected {t} in {q!r}")

    def near():
        kids, k = [unary()], None
        while peek() and peek()[0] == "NEAR":
            k = take()[1]
            kids.append(unary())
        return kids[0] if len(kids) == 1 else ("near", k, kids)

    def disj():
        kids = [near()]
        while peek() and peek()[0] == "OR":
            take()
            kids.append(near())
        return kids[0] if len(kids) == 1 else ("or", kids)

    def conj():
        kids = []
        while peek() and peek()[0] != ")":
            if peek()[0] == "AND":
                take()
            kids.append(disj())
        return kids[0] if len(kids) == 1 else ("and", kids)

    return conj()


def query_words(n):
    """Every folded word the tree names (for the stem cache)."""
    if n[0] in ("phrase", "prefix"):
        return [w for w, _ in words_of(n[1])]
    if n[0] == "filter":
        return []
    if n[0] == "not":
        return query_words(n[1])
    return [w for k in n[-1] for w in query_words(k)]


# ---- judging a hit -------------------------------------------------------

class Hit:
    def __init__(self, h, stems):
        self.h, self.text = h, h["text"]
        ws = words_of(self.text)
        self.words = [w for w, _ in ws]
        self.index = {off: i for i, (_, off) in enumerate(ws)}
        self.stems = [stems[w] for w in self.words]


def positions(n, hit, stems):
    """Where (start, length in words) the words of a term, phrase or
    prefix occur in the hit, by the reference analysis."""
    if n[0] == "prefix":
        q = [w for w, _ in words_of(n[1])]
        if len(q) <= 1:
            p = fold(n[1])
            return [(i, 1) for i, w in enumerate(hit.words) if w.startswith(p)]
        # "nuclear weap"*: the words in order, the last one begun
        qs = [stems[w] for w in q[:-1]]
        return [(i, len(q)) for i in range(len(hit.words) - len(q) + 1)
                if all(hit.words[i + j] == q[j] or hit.stems[i + j] == qs[j] for j in range(len(q) - 1))
                and hit.words[i + len(q) - 1].startswith(q[-1])]
    if n[2]:  # exact: as written, on word boundaries
        pat = re.compile(r"(?<!\w)" + re.escape(n[1]) + r"(?!\w)")
        k = max(len(words_of(n[1])), 1)
        return [(hit.index.get(m.start(), 0), k) for m in pat.finditer(hit.text)]
    q = [w for w, _ in words_of(n[1])]
    if not q:
        return []
    qs = [stems[w] for w in q]
    out = []
    for i in range(len(hit.words) - len(q) + 1):
        if all(hit.words[i + j] == q[j] or hit.stems[i + j] == qs[j] for j in range(len(q))):
            out.append((i, len(q)))
    return out


def holds(n, hit, stems):
    kind = n[0]
    if kind in ("phrase", "prefix"):
        return bool(positions(n, hit, stems))
    if kind == "not":
        return not holds(n[1], hit, stems)
    if kind == "and":
        return all(holds(k, hit, stems) for k in n[1])
    if kind == "or":
        return any(holds(k, hit, stems) for k in n[1])
    if kind == "near":
        spans = [positions(k, hit, stems) for k in n[2]]
        if not all(spans):
            return False
        # FTS5: at most k words between the end of one and the start of the next
        best = [(s, s + l) for s, l in spans[0]]
        for sp in spans[1:]:
            nxt = []
            for s, l in sp:
                for a, b in best:
                    lo, hi = min(a, s), max(b, s + l)
                    gap = (s - b) if s >= b else (a - (s + l)) if a >= s + l else 0
                    if gap <= n[1]:
                        nxt.append((lo, hi))
            if not nxt:
                return False
            best = nxt
        return True
    if kind == "filter":
        field, v = n[1], n[2]
        if field == "kind":
            return hit.h.get("kind") == v.lower()
        if field == "doc":
            return hit.h.get("doc", "").startswith(v.lower())
        if field == "speaker":
            return fold(v) in fold(hit.h.get("speaker") or "")
        return True  # mentions:, type:, lang: — what only the archive knows
    raise ValueError(kind)


# ---- the archives ----------------------------------------------------------

def sh256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()[:16]


def corpus_files(cache, shared, subset):
    root = os.path.join(cache, "ungdc")
    if not os.path.isdir(os.path.join(root, "TXT")):
        with tarfile.open(os.path.join(shared, "corpus", "ungdc.tar.gz")) as t:
            kw = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
            t.extractall(cache, **kw)
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(root, "TXT"))
                   for f in fs if f.endswith(".txt"))
    return files if subset <= 1 else files[::subset]


def plain_index(bin, db, plain, log):
    """A plain FTS5 index of the statements of archive db, as exported."""
    log(f"search harness: the plain FTS5 index of the same statements, {plain} ...")
    con = sqlite3.connect(plain + ".tmp")
    con.executescript("""
        DROP TABLE IF EXISTS st; DROP TABLE IF EXISTS plain; DROP TABLE IF EXISTS porter;
        CREATE TABLE st(id INTEGER PRIMARY KEY, doc TEXT, start INT, kind TEXT, lang TEXT, text TEXT);
        CREATE VIRTUAL TABLE plain USING fts5(text, content='st', content_rowid='id',
                                              tokenize='unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE porter USING fts5(text, content='st', content_rowid='id',
                                               tokenize='porter unicode61 remove_diacritics 2');
    """)
    ex = subprocess.Popen([bin, "export", "--db", db], stdout=subprocess.PIPE, text=True)
    rows = []
    for line in ex.stdout:
        d = json.loads(line)
        lang = (d.get("meta") or {}).get("language")
        for s in d["statements"]:
            rows.append((d["id"], s["start"], s["kind"], lang, s["text"]))
        if len(rows) > 50000:
            con.executemany("INSERT INTO st(doc, start, kind, lang, text) VALUES(?,?,?,?,?)", rows)
            rows = []
    con.executemany("INSERT INTO st(doc, start, kind, lang, text) VALUES(?,?,?,?,?)", rows)
    if ex.wait():
        raise SystemExit("search harness: export failed")
    con.execute("INSERT INTO plain(plain) VALUES('rebuild')")
    con.execute("INSERT INTO porter(porter) VALUES('rebuild')")
    con.execute("CREATE INDEX st_doc ON st(doc, start)")
    con.commit()
    con.close()
    os.replace(plain + ".tmp", plain)


def build(bin, cache, shared, subset, log):
    """The verbatim archive of the speeches and the plain index beside it;
    remade when the binary or the file list changes."""
    files = corpus_files(cache, shared, subset)
    name = "un" if subset <= 1 else f"un-{subset}"
    db, plain = os.path.join(cache, name + ".db"), os.path.join(cache, name + "-plain.db")
    key = sh256(bin) + " " + hashlib.sha256("\n".join(files).encode()).hexdigest()[:16]
    stamp = os.path.join(cache, name + ".stamp")
    if os.path.exists(stamp) and open(stamp).read() == key and os.path.exists(plain):
        return db, plain
    for p in (db, db + "-wal", db + "-shm", plain, stamp):
        if os.path.exists(p):
            os.remove(p)
    lst = os.path.join(cache, name + ".files")
    with open(lst, "w") as f:
        f.write("\n".join(files) + "\n")
    log(f"search harness: ingesting {len(files)} UN speeches into {db} ...")
    # one directory per subset, the files linked in: ingest takes directories
    src = os.path.join(cache, "ungdc", "TXT")
    if subset > 1:
        src = os.path.join(cache, name + "-files")
        if os.path.isdir(src):
            for f in os.listdir(src):
                os.remove(os.path.join(src, f))
        os.makedirs(src, exist_ok=True)
        for p in files:
            os.link(p, os.path.join(src, os.path.basename(p)))
    r = subprocess.run([bin, "ingest", "--db", db, "--threads", "2", src], capture_output=True, text=True)
    if r.returncode not in (0, 1):  # 1: some file was refused (the corpus ships a .DS_Store as .txt)
        raise SystemExit(f"search harness: ingest failed:\n{r.stderr}")
    plain_index(bin, db, plain, log)
    with open(stamp, "w") as f:
        f.write(key)
    return db, plain


# ---- running a query -------------------------------------------------------

def verbatim_hits(bin, db, q):
    hits, total, off = [], None, 0
    while total is None or off < total:
        r = subprocess.run([bin, "search", "--db", db, "--json", "--sort", "date", "--limit", str(PAGE),
                            "--offset", str(off), q], capture_output=True, text=True)
        if r.returncode:
            return None, r.stderr.strip()
        d = json.loads(r.stdout)
        total = d["total"]
        hits += d["hits"]
        if not d["hits"]:
            break
        off += PAGE
    return hits, None


def fts_string(n):
    """A term, phrase or prefix in FTS5's query syntax."""
    body = '"' + n[1].replace('"', '""') + '"'
    return body + "*" if n[0] == "prefix" else body


class Plain:
    """Hit sets of plain FTS5 for a query tree, as sets of rowids."""

    def __init__(self, path, bin, db):
        self.con = sqlite3.connect(path)
        self.bin, self.db = bin, db
        self.key = {}

    def rowid(self, doc, start):
        r = self.con.execute("SELECT id FROM st WHERE doc = ? AND start = ?", (doc, start)).fetchone()
        return r[0] if r else None

    def match(self, table, expr):
        return {r[0] for r in self.con.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (expr,))}

    def count(self, table, expr):
        return self.con.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", (expr,)).fetchone()[0]

    def hits(self, n):
        k = n[0]
        if k == "phrase" and n[2]:  # exact: the written words, then the case
            pat = re.compile(r"(?<!\w)" + re.escape(n[1]) + r"(?!\w)")
            return {i for i in self.match("plain", fts_string(n))
                    if pat.search(self.con.execute("SELECT text FROM st WHERE id = ?", (i,)).fetchone()[0])}
        if k == "phrase":
            return self.match("porter", fts_string(n))
        if k == "prefix":
            return self.match("plain", fts_string(n))
        if k == "near":
            table = "plain" if any(c[0] == "prefix" for c in n[2]) else "porter"
            return self.match(table, "NEAR(" + " ".join(fts_string(c) for c in n[2]) + f", {n[1]})")
        if k == "or":
            return set().union(*(self.hits(c) for c in n[1]))
        if k == "and":
            pos = [self.hits(c) for c in n[1] if c[0] != "not"]
            out = set.intersection(*pos) if pos else set()
            for c in n[1]:
                if c[0] == "not":
                    out -= self.hits(c[1])
            return out
        if k == "filter":
            f, v = n[1], n[2]
            if f == "kind":
                return {r[0] for r in self.con.execute("SELECT id FROM st WHERE kind = ?", (v.lower(),))}
            if f == "lang":
                return {r[0] for r in self.con.execute("SELECT id FROM st WHERE lang = ?", (v.lower(),))}
            if f == "doc":
                return {r[0] for r in self.con.execute("SELECT id FROM st WHERE doc LIKE ?", (v.lower() + "%",))}
            # mentions:, type:, speaker: — the entities and speakers are the
            # archive's own: the statements verbatim finds for the filter alone
            hits, err = verbatim_hits(self.bin, self.db, f"{f}:\"{v}\"")
            if err:
                raise SystemExit(f"search harness: {f}:{v}: {err}")
            return {self.rowid(h["doc"], h["start"]) for h in hits}
        raise ValueError(k)


def single_word(n):
    return n[0] == "phrase" and not n[2] and len(words_of(n[1])) == 1


def run(a):
    shared = a.shared
    cache = a.cache
    os.makedirs(cache, exist_ok=True)
    log = (lambda m: print(m, file=sys.stderr)) if not a.quiet else (lambda m: None)
    refstem = a.refstem
    if a.db:
        db, plain = a.db, a.plain or os.path.splitext(a.db)[0] + "-plain.db"
        if not os.path.exists(plain):
            plain_index(a.bin, db, plain, log)
    else:
        db, plain = build(a.bin, cache, shared, a.subset, log)
    stems = Stems(refstem)
    pl = Plain(plain, a.bin, db)
    explained = {}
    for line in open(os.path.join(HERE, "explained.txt"), encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            q, why = line.rstrip("\n").split("\t", 1)
            explained[q] = why
    queries = []
    for path in a.queries:
        for line in open(path, encoding="utf-8"):
            if line.strip() and not line.startswith("#"):
                cat, q = line.rstrip("\n").split("\t", 1)
                queries.append((cat, q))
    if a.every > 1:
        queries = queries[::a.every]
    results = []
    for cat, q in queries:
        tree = parse(q)
        hits, err = verbatim_hits(a.bin, db, q)
        row = {"category": cat, "query": q}
        if err:
            row["error"] = err
            results.append(row)
            continue
        texts = [h["text"] for h in hits]
        stems.want(query_words(tree) + [w for t in texts for w, _ in words_of(t)])
        bad = []
        for h in hits:
            if not holds(tree, Hit(h, stems), stems):
                bad.append(h["text"])
        row.update(hits=len(hits), bad=len(bad), bad_examples=bad[:3])
        plain_set = pl.hits(tree)
        row["plain"] = len(plain_set)
        if single_word(tree):
            row["plain_unstemmed"] = pl.count("plain", fts_string(tree))
        if cat == "prefix" or tree[0] == "prefix":
            got = {pl.rowid(h["doc"], h["start"]) for h in hits}
            row["prefix_missing"] = len(plain_set - got)
        row["ratio"] = (len(hits) / len(plain_set)) if plain_set else (None if hits else 1.0)
        if q in explained:
            row["explained"] = explained[q]
        results.append(row)
        if not a.quiet:
            print(f"  {cat:8} {q[:40]:40} {row['hits']:>8} bad {row['bad']:>7} plain {row['plain']:>8}",
                  file=sys.stderr)
    return results


def report(results):
    out = []
    errors = [r for r in results if "error" in r]
    judged = [r for r in results if "error" not in r]
    total_hits = sum(r["hits"] for r in judged)
    bad = sum(r["bad"] for r in judged)
    out.append(f"queries: {len(results)} ({len(errors)} refused)")
    cats = {}
    for r in judged:
        c = cats.setdefault(r["category"], [0, 0, 0, 0])
        c[0] += 1
        c[1] += r["hits"]
        c[2] += r["bad"]
        c[3] += r["bad"] > 0
    out.append(f"hits judged: {total_hits}; hits without a form of their query word: {bad}"
               f" ({100.0 * bad / max(total_hits, 1):.2f}%) in {sum(r['bad'] > 0 for r in judged)} queries")
    out.append("")
    out.append(f"{'category':10} {'queries':>7} {'hits':>10} {'bad hits':>9} {'queries w/ bad':>15}")
    for c, (n, h, b, qb) in sorted(cats.items()):
        out.append(f"{c:10} {n:7} {h:10} {b:9} {qb:15}")
    pre = [r for r in judged if "prefix_missing" in r]
    if pre:
        miss = [r for r in pre if r["prefix_missing"]]
        out.append("")
        out.append(f"prefix queries: {len(pre)}; finding fewer than plain FTS5's prefix: {len(miss)}"
                   f" (statements missed: {sum(r['prefix_missing'] for r in miss)})")
        for r in miss:
            out.append(f"  {r['query']}: {r['hits']} hits, plain {r['plain']}, missed {r['prefix_missing']}")
    words = [r for r in judged if r["category"].startswith("band") or r["category"] == "name"]
    outside = [r for r in words if r["ratio"] is None or not 0.8 <= r["ratio"] <= 1.5]
    out.append("")
    out.append(f"single words: {len(words)}; hit count outside 0.8-1.5 of plain FTS5 (porter): {len(outside)},"
               f" of them explained: {sum('explained' in r for r in outside)}")
    for r in outside:
        ratio = "n/a" if r["ratio"] is None else f"{r['ratio']:.2f}"
        out.append(f"  {r['query']}: {r['hits']} vs {r['plain']} ({ratio}; written form alone"
                   f" {r.get('plain_unstemmed', '?')}) — {r.get('explained', 'NOT EXPLAINED')}")
    others = [r for r in judged if r not in words and "prefix_missing" not in r
              and (r["ratio"] is None or not 0.8 <= r["ratio"] <= 1.5)]
    if others:
        out.append("")
        out.append(f"other queries outside 0.8-1.5 of plain FTS5: {len(others)}")
        for r in others:
            ratio = "n/a" if r["ratio"] is None else f"{r['ratio']:.2f}"
            out.append(f"  [{r['category']}] {r['query']}: {r['hits']} vs {r['plain']} ({ratio})"
                       f" — {r.get('explained', 'NOT EXPLAINED')}")
    worst = sorted((r for r in judged if r["bad"]), key=lambda r: -r["bad"])[:15]
    if worst:
        out.append("")
        out.append("queries with hits lacking a form of the query word (most first):")
        for r in worst:
            ex = r["bad_examples"][0][:90].replace("\n", " ")
            out.append(f"  {r['query']}: {r['bad']} of {r['hits']}, e.g. \"{ex}\"")
    for r in errors:
        out.append(f"refused: {r['query']}: {r['error']}")
    return "\n".join(out)


# ---- drawing words ---------------------------------------------------------

BANDS = [("band1", 5, 20), ("band2", 20, 200), ("band3", 200, 2000), ("band4", 2000, 20000),
         ("band5", 20000, 200000)]


def sample(a):
    import random
    _, plain = build(a.bin, a.cache, a.shared, 1, lambda m: print(m, file=sys.stderr))
    con = sqlite3.connect(plain)
    con.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.v USING fts5vocab(main, 'plain', 'row')")
    rng = random.Random(14)
    print("# Single words drawn from the UN archive by the number of statements holding")
    print("# them (plain FTS5, unicode61): 40 per band, seed 14 (harness.py sample).")
    print("# band1 5-19, band2 20-199, band3 200-1999, band4 2000-19999, band5 20000+")
    for name, lo, hi in BANDS:
        words = [r[0] for r in con.execute("SELECT term FROM temp.v WHERE doc >= ? AND doc < ? ORDER BY term",
                                           (lo, hi)) if re.fullmatch(r"[a-z]{3,}", r[0])]
        for w in sorted(rng.sample(words, 40)):
            print(f"{name}\t{w}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["run", "sample"])
    ap.add_argument("--bin", default=os.path.join(os.environ.get("BUILD", "build"), "verbatim"))
    ap.add_argument("--refstem", default=os.path.join(os.environ.get("BUILD", "build"), "tests", "refstem"))
    ap.add_argument("--shared", default=os.environ.get("SHARED", "../shared"))
    ap.add_argument("--cache", default=os.path.join(os.environ.get("BUILD", "build"), "gold-search"))
    ap.add_argument("--subset", type=int, default=1, help="every K-th speech only")
    ap.add_argument("--every", type=int, default=1, help="every K-th query only")
    ap.add_argument("--db", help="an archive already made (with --plain)")
    ap.add_argument("--plain")
    ap.add_argument("--queries", nargs="+",
                    default=[os.path.join(HERE, "words.txt"), os.path.join(HERE, "queries.txt")])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    if a.cmd == "sample":
        return sample(a)
    results = run(a)
    if a.json:
        print(json.dumps(results))
    else:
        print(report(results))


if __name__ == "__main__":
    main()
