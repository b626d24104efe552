#!/usr/bin/env python3
"""score.py — verbatim's document structure against the hand-made gold.

  python3 tests/gold/structure/score.py [--bin build/verbatim] [--shared ../shared]
        [--part dev|dev2|dev3|dev4|dev5|dev6|held|all] [--set kremlin,...] [--doc NAME] [--detail] [--json]
        [--self-test]

Parses every sampled document (sample.tsv) and compares it with its gold file
(gold/<set>/<name>.gold; format in gold.py). Figures, per set (format) and
over all, for the part asked (default: every part, each printed):

  turns      boundary precision / recall: a labelled turn of the parse that
             begins where a gold turn begins (its first words), over the
             parse's turns that have a speaker / over the gold turns
  speaker    share of gold turns whose first words lie in a statement of a
             turn with the gold speaker (a turn whose words are in no
             statement counts as wrong)
  prose      share of narrative parts (no speaker in the gold) that the parse
             leaves without a speaker
  pages      share of documents whose count of turns with a speaker is within
             15% of the gold's (0 when the gold has none)
  kept       recall: share of the words of gold turns and prose found in
             statements; precision: share of statement words that belong to
             turns, prose, headings, title or summary in the gold
  furniture  furniture parts of the gold whose first words stand in a
             statement (leaked), out of all furniture parts
  headings   precision / recall of section headings
  title      documents whose title is the gold's
  summary    documents whose summary is at most 20% (+20 words) longer than
             the site's lead in the gold
  failed     documents verbatim refused or could not read (each named)

--detail names every disagreement, document by document.
"""
import argparse, collections, json, os, re, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gold as G  # noqa: E402

ANCHOR_WORDS = 8


def speaker_names(d):
    return {sp.get("id"): sp.get("name") or "" for sp in d.get("speakers", [])}


def boiler_leaks(w, a, part):
    """Does the statement of words w hold the furniture part (its words
    part, its anchor a)? It begins with the anchor and goes on with the
    part's words as far as both run: a caption that opens with the same
    words as a paragraph of the article ("Deputy Prime Minister … Komarov,
    right, before …" over "… Komarov participated in the linkup.") is not
    the paragraph."""
    if w[:len(a)] != a: return False
    k = min(len(w), len(part))
    return w[:k] == part[:k]


def leaks_beyond_speech(stmt_w, a, part, spoken):
    """Is the furniture part (words part, anchor a) in more statements than
    the speech says its words? A pull quote repeats a sentence of the speech
    (en.kremlin.ru's `<blockquote>”We must do everything…“`): the
    statement of that sentence begins with the quote's words and is no
    leak; a second one is. spoken: the words of each turn and prose part."""
    n = sum(1 for w in stmt_w if boiler_leaks(w, a, part))
    said = sum(1 for sp in spoken for i in range(len(sp) - len(a) + 1) if sp[i:i + len(a)] == a)
    return n > said


def self_test():
    """The scorer's own rules, on words written here (run by check.sh)."""
    cap = "deputy minister ann roe and director ivo brandt right before the linkup".split()
    para = "deputy minister ann roe and director ivo brandt took part in the linkup".split()
    a = cap[:8]
    assert not boiler_leaks(para, a, cap), "a paragraph opening like a caption is no leak"
    assert boiler_leaks(cap, a, cap), "the caption itself leaks"
    assert boiler_leaks(cap[:5], cap[:3], cap), "a statement holding part of the caption leaks"
    assert boiler_leaks(cap + ["more"], a, cap), "the caption glued to text leaks"
    assert boiler_leaks(["see", "also"], ["see", "also"], ["see", "also", "topics"])
    quote = "we must do everything to keep the truth".split()
    speech = ["it", "was", "here"] + quote + ["and", "more"]
    said = [quote, quote + ["and", "more"]]
    assert not leaks_beyond_speech(said[1:], quote[:6], quote, [speech]), \
        "the speech's own sentence that a pull quote repeats is no leak"
    assert leaks_beyond_speech(said, quote[:6], quote, [speech]), "the pull quote kept as well leaks"
    assert leaks_beyond_speech([quote], quote[:6], quote, []), "a part no one says leaks alone"
    print("score.py self-test: ok")


def score_doc(d, items, toks):
    """Counts for one document: a Counter of numerators and denominators,
    and a list of disagreements."""
    c = collections.Counter()
    why = []
    turns_g = [it for it in items if it["kind"] == "turn" and not it.get("more")]
    prose_g = [it for it in items if it["kind"] == "prose" and not it.get("more")]
    parts_g = [it for it in items if it["kind"] in ("turn", "prose")]
    c["gold_turns"] += len(turns_g)
    c["prose"] += sum(1 for it in parts_g if it["kind"] == "prose")
    c["speaker_parts"] += sum(1 for it in parts_g if it["kind"] == "turn")
    c["docs"] += 1
    if any(it["kind"] == "empty" for it in items):
        # nothing to read: verbatim must refuse it, or yield no statement
        ok = d is None or not d.get("statements")
        c["pages_ok"] += ok
        if not ok: why.append("a document with no text yielded statements")
        return c, why
    if d is None:
        c["failed"] += 1
        c["kept_gold"] += sum(it["w1"] - it["w0"] for it in parts_g if it["w0"] >= 0)
        c["furniture"] += sum(1 for it in items if it["kind"] in ("boiler", "meta"))
        c["gold_headings"] += sum(1 for it in items if it["kind"] == "heading")
        if not turns_g: c["pages_ok"] += 0
        why.append("verbatim refused the document")
        return c, why
    names = speaker_names(d)
    turns = d.get("turns", [])
    stmts = d.get("statements", [])

    # statement words, each with its statement
    st_words, owner = [], []
    for i, s in enumerate(stmts):
        w = G.words(s.get("text", ""))
        st_words += w
        owner += [i] * len(w)

    def speaker_at(i):
        s = stmts[owner[i]]
        t = s.get("turn")
        if isinstance(t, int) and 0 <= t < len(turns):
            return names.get(turns[t].get("speaker"))
        return names.get(s.get("speaker"))

    # turn boundaries
    named = [t for t in turns if t.get("speaker")]
    c["parse_turns"] += len(named)
    gi = 0
    matched = set()
    for t in named:
        # the turn's first words, across its paragraphs: an address on
        # lines of its own ("Mr. President" / "Secretary-General") is
        # shorter than an anchor
        paras = t.get("paragraphs") or [{}]
        first = G.words(" ".join(without_numbers(p.get("text", "")) for p in paras[:8]))[:ANCHOR_WORDS]
        for g in range(gi, len(turns_g)):
            a = G.words(turns_g[g]["anchor"])[:ANCHOR_WORDS]
            if a and first[:len(a)] == a:
                matched.add(g)
                gi = g + 1
                break
        else:
            why.append(f"extra turn: {names.get(t.get('speaker'))}: {' '.join(first)}")
    c["turns_matched"] += len(matched)
    for g, it in enumerate(turns_g):
        if g not in matched:
            why.append(f"missed turn (line {it['line']}): {it['speaker']}: {it['anchor']}")

    # speaker of each gold turn, and prose left unattributed
    starts = {0} | {k for k in range(1, len(owner)) if owner[k] != owner[k - 1]}

    # where a turn's first statement begins: a gold turn's "Thank you." is
    # the one that opens a turn, not the previous speaker's closing one
    turn_starts, seen_turns = set(), set()
    for k in sorted(starts):
        t = stmts[owner[k]].get("turn") if k < len(owner) else None
        if isinstance(t, int) and t not in seen_turns:
            seen_turns.add(t)
            turn_starts.add(k)

    def find_at_start(a, frm, opens_turn=False):
        """The anchor where a statement begins (a turn's first words open
        one; a turn's, where a turn begins), else anywhere (then its
        statement says who got them)."""
        hits = [k for k in G.all_at(st_words, a) if k in starts]
        if opens_turn:
            k = next((k for k in hits if k >= frm and k in turn_starts), -1)
            if k >= 0: return k
        k = next((k for k in hits if k >= frm), hits[0] if hits else -1)
        return k if k >= 0 else G.find_words(st_words, a, frm)

    pos = 0
    for it in parts_g:
        a = G.words(it["anchor"])[:ANCHOR_WORDS]
        i = find_at_start(a, pos, it["kind"] == "turn" and not it.get("more"))
        if i >= 0: pos = i + len(a)
        who = speaker_at(i) if i >= 0 else None
        if it["kind"] == "turn":
            want = {G.name_key(x) for x in it["speaker"].split("|")}
            if i >= 0 and who is not None and G.name_key(who) in want:
                c["speaker_ok"] += 1
            else:
                why.append(f"speaker (line {it['line']}): want {it['speaker']}, got "
                           f"{'text not in any statement' if i < 0 else who}: {it['anchor']}")
        else:
            if i >= 0 and not who:
                c["prose_ok"] += 1
            else:
                why.append(f"prose (line {it['line']}): "
                           f"{'not in any statement' if i < 0 else 'given to ' + str(who)}: {it['anchor']}")

    # turns per page
    n_gold, n_parse = len(turns_g), len(named)
    ok = n_parse == 0 if n_gold == 0 else abs(n_parse - n_gold) <= 0.15 * n_gold
    c["pages_ok"] += ok
    if not ok: why.append(f"turn count: gold {n_gold}, parse {n_parse}")

    # text kept
    def bag(kinds):
        b = collections.Counter()
        for it in items:
            if it["kind"] in kinds and it["w0"] >= 0:
                b.update(toks[it["w0"]:it["w1"]])
        return b
    want = bag({"turn", "prose"})
    allowed = bag({"turn", "prose", "heading", "summary"})
    for it in items:
        if it["kind"] == "title": allowed.update(G.words(it["anchor"]))
    have = collections.Counter(st_words)
    kept = sum(min(n, have[w]) for w, n in want.items())
    c["kept_gold"] += sum(want.values())
    c["kept"] += kept
    c["stmt_words"] += sum(have.values())
    c["stmt_words_ok"] += sum(min(n, allowed[w]) for w, n in have.items())
    if want and kept < 0.97 * sum(want.values()):
        why.append(f"text kept: {kept}/{sum(want.values())} words")
    lost = [it for it in items if it["kind"] in ("turn", "prose", "heading") and it["w0"] < 0]
    for it in lost:
        why.append(f"gold anchor not in the source text (line {it['line']}): {it['anchor']}")

    # furniture: a block of its own, so a statement that begins with it (a
    # dateline, a place or a time only when the statement is just that)
    stmt_w = [G.words(s.get("text", "")) for s in stmts]
    spoken = [toks[it["w0"]:it["w1"]] for it in items
              if it["kind"] in ("turn", "prose", "more") and it["w0"] >= 0]
    for it in items:
        if it["kind"] not in ("boiler", "meta"): continue
        c["furniture"] += 1
        a = G.words(it["anchor"])
        if it["anchor"].startswith("~"):  # a page header that may fall mid-sentence
            leak = any(f" {' '.join(a)} " in f" {' '.join(w)} " for w in stmt_w)
        elif it["kind"] == "boiler" and it["w0"] >= 0 and it["w1"] - it["w0"] == len(a):
            # the anchor is the whole part (a tag, "Moscow"): a statement
            # leaks it when it is the part alone or goes on with the words
            # that follow the part in the page, not when a sentence of the
            # speech begins with the same word ("Moscow doctors, nurses…")
            def has(w):
                if w[:len(a)] != a: return False
                more = w[len(a):len(a) + 3]
                return more == toks[it["w1"]:it["w1"] + len(more)]
            leak = any(has(w) for w in stmt_w)
        elif it["kind"] == "boiler":
            part = toks[it["w0"]:it["w1"]] if it["w0"] >= 0 else a
            leak = leaks_beyond_speech(stmt_w, a, part, spoken)
        else: leak = any(w == a for w in stmt_w)
        if a and leak:
            c["furniture_leaked"] += 1
            why.append(f"furniture in a statement (line {it['line']}): {it['anchor']}")

    # headings
    gh = [G.words(it["anchor"])[:ANCHOR_WORDS] for it in items if it["kind"] == "heading"]
    ph = [G.words(without_numbers(s.get("heading", "")))[:ANCHOR_WORDS] for s in d.get("sections", [])]
    c["gold_headings"] += len(gh)
    c["parse_headings"] += len(ph)
    hit = sum(1 for h in gh if h in ph)
    c["headings_found"] += hit
    c["headings_right"] += sum(1 for h in ph if h in gh)
    for h in gh:
        if h not in ph: why.append(f"missed heading: {' '.join(h)}")
    for h in ph:
        if h not in gh: why.append(f"extra heading: {' '.join(h)}")

    # title and summary
    tg = [it for it in items if it["kind"] == "title"]
    if tg:
        c["titles"] += 1
        forms = [[] if t == "-" else G.words(t) for t in [tg[0]["anchor"]] + tg[0].get("alt", [])]
        got_t = G.words(d.get("title") or "")
        if got_t in forms: c["title_ok"] += 1
        else: why.append(f"title: want {tg[0]['anchor']!r}, got {d.get('title')!r}")
    sg = [it for it in items if it["kind"] == "summary"]
    summ = d.get("summary") or ""
    n_summ = len(G.words(summ))
    n_lead = sum(it["w1"] - it["w0"] for it in sg if it["w0"] >= 0)
    c["summaries"] += 1
    if n_summ <= 1.2 * n_lead + 20: c["summary_ok"] += 1
    else: why.append(f"summary of {n_summ} words, the lead has {n_lead}")
    return c, why


# A number opening a line, up to three digits and a stop, with text after
# it: a printed record's paragraph number ("107. May I first ...", the UN
# speeches) or a list's item number. Nobody says it: it is not among the
# words a turn should keep, and a statement that holds it keeps a word no
# one said (convention of 2026-12-07; before, the gold counted it as speech
# and the UN golds' turn anchors began with it). The same for a page's
# number below.
NUMBERED = re.compile(r"(?m)(?:^|(?<=\r))([ \t\ufeff]*)(\d{1,3}\.)(?=[ \t]+\S)")


# A number alone on the line that closes a paragraph, after a line of its
# text: the printed record's page number ("...in the region.\n13").
PAGE_NUMBER = re.compile(r"(?<=\S)(\n[ \t]*)(\d{1,4})(?=[ \t]*(?:\n[ \t]*\n|\n?\Z))")


def without_numbers(text):
    text = NUMBERED.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)
    return PAGE_NUMBER.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)


def ratio(a, b):
    return a / b if b else None


def figures(c):
    return {
        "turn_precision": ratio(c["turns_matched"], c["parse_turns"]),
        "turn_recall": ratio(c["turns_matched"], c["gold_turns"]),
        "speaker": ratio(c["speaker_ok"], c["speaker_parts"]),
        "prose": ratio(c["prose_ok"], c["prose"]),
        "pages": ratio(c["pages_ok"], c["docs"]),
        "kept_recall": ratio(c["kept"], c["kept_gold"]),
        "kept_precision": ratio(c["stmt_words_ok"], c["stmt_words"]),
        "furniture_leaked": c["furniture_leaked"],
        "furniture": c["furniture"],
        "heading_precision": ratio(c["headings_right"], c["parse_headings"]),
        "heading_recall": ratio(c["headings_found"], c["gold_headings"]),
        "title": ratio(c["title_ok"], c["titles"]),
        "summary": ratio(c["summary_ok"], c["summaries"]),
        "failed": c["failed"],
        "docs": c["docs"],
        "gold_turns": c["gold_turns"],
    }


def fmt(v):
    return "   -  " if v is None else f"{v:6.3f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.environ.get("BUILD", "build") + "/verbatim")
    ap.add_argument("--shared", default=os.environ.get("SHARED", "../shared"))
    ap.add_argument("--part", default="both", choices=["dev", "dev2", "dev3", "dev4", "dev5", "dev6", "held", "all", "both"])
    ap.add_argument("--set", default="")
    ap.add_argument("--doc", default="")
    ap.add_argument("--detail", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--self-test", action="store_true")
    a = ap.parse_args()
    if a.self_test:
        self_test()
        return
    rows = G.read_sample()
    if a.set: rows = [r for r in rows if r[0] in a.set.split(",")]
    if a.doc: rows = [r for r in rows if a.doc in r[1]]
    rows = [r for r in rows if os.path.exists(G.gold_path(r[0], r[1]))]
    if a.part in ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "held"): rows = [r for r in rows if r[2] == a.part]
    with tempfile.TemporaryDirectory(prefix="structure-gold-") as tmp:
        src = G.unpack(rows, a.shared, tmp)
        parsed = G.parse_many(a.bin, [src[(st, p)] for st, p, _ in rows])
        per = collections.defaultdict(collections.Counter)
        for st, p, part in rows:
            items = G.read_gold(G.gold_path(st, p))
            for it in items:  # "1. AI shines a light ...", a heading's anchor
                it["anchor"] = without_numbers(it["anchor"]).lstrip(" \t")
            toks = G.locate(items, without_numbers(G.plain_text(src[(st, p)], G.fmt_of(st))))
            d, err = parsed[src[(st, p)]]
            c, why = score_doc(d, items, toks)
            for key in ((st, part), ("all", part), (st, "all"), ("all", "all")):
                per[key].update(c)
            if a.detail and why:
                print(f"## {st} {p} ({part})" + (f" — {err.strip()}" if err.strip() else ""))
                for w in why: print("   " + w)
    parts = {"both": ["dev", "dev2", "dev3", "dev4", "dev5", "dev6", "held"], "all": ["all"]}.get(a.part, [a.part])
    sets = sorted({st for st, _, _ in rows}) + ["all"]
    if a.json:
        print(json.dumps({f"{st}/{part}": figures(per[(st, part)]) for st in sets for part in parts
                          if per[(st, part)]["docs"]}, indent=1, sort_keys=True))
        return
    cols = [("turnP", "turn_precision"), ("turnR", "turn_recall"), ("speakr", "speaker"),
            ("prose", "prose"), ("pages", "pages"), ("keptR", "kept_recall"),
            ("keptP", "kept_precision"), ("headP", "heading_precision"),
            ("headR", "heading_recall"), ("title", "title"), ("summ", "summary")]
    for part in parts:
        print(f"part: {part}")
        print(f"  {'set':10} {'docs':>4} {'turns':>5} " + " ".join(f"{h:>6}" for h, _ in cols)
              + "  furniture  failed")
        for st in sets:
            c = per[(st, part)]
            if not c["docs"]: continue
            f = figures(c)
            print(f"  {st:10} {c['docs']:4} {c['gold_turns']:5} " + " ".join(fmt(f[k]) for _, k in cols)
                  + f"  {f['furniture_leaked']:4}/{f['furniture']:<4}  {f['failed']:4}")
        print()


if __name__ == "__main__":
    main()
