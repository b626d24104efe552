"""hansard_common.py — what the transcript scorers (hansard/, hansard-au/,
court/, congress/, council/, ontario/) share: the arguments, the blind draw,
the gold's reading, the names' comparison, running verbatim and the table,
and the small parts their units are made of (a copy looked for, pages taken
a few at a time, a unit written as a file).

Each scorer says how to find its units in the copy given with --root (its
text is never in this repository), how to write one unit for verbatim, and
what the gold calls it; `main()` does the rest:

  --root DIR   the copy (without it, or without the part the scorer needs,
               the scorer says so and exits 0: CI has no copy)
  --bin        verbatim (default $BUILD/verbatim, build/verbatim)
  --gold       the gold (default gold.tsv beside the scorer)
  --list       the sample, one unit a line (the annotator's list)
  --show UNIT  a unit's text as the annotator reads it
  --detail     the units where the parse and the gold disagree
  --group G    only the units of group G (a house, or a held-out draw kept
               unread while another is worked on)

Figures, per group (a house, a court) and together:
  turns    gold turns (labelled speeches) and the parse's turns with a speaker
  speaker  share of gold turns matched, in order, by a parse turn of the same
           speaker (the longest common subsequence of the two speaker lists,
           so a turn missed or split costs itself, not every turn after it)
  pages    share of units whose count of turns with a speaker is within 15%
           of the gold's (a unit of 0 gold turns: the parse has 0)
  refused  units verbatim refused
A speaker's name is compared without honorifics, case or punctuation
("HON. P. POKINO" is "P. Pokino"); the gold may give alternatives (a|b)."""
import argparse, json, os, random, re, subprocess, sys, tempfile

HONORIFICS = {"hon", "honourable", "honorable", "mr", "mrs", "ms", "miss", "dr", "madam", "madame",
              "sir", "mme", "the", "ratu", "adi", "rev", "lt", "col", "prof"}


def norm(name):
    words = re.sub(r"[^\w\s]", " ", name.casefold()).split()
    return " ".join(w for w in words if w not in HONORIFICS)


def read_gold(path):
    """{unit: [set of accepted speakers of each labelled turn, in order]}."""
    gold = {}
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"): continue
        f = line.split("\t")
        turns = gold.setdefault(f[0], [])
        if f[1] == "0": continue          # a unit with no labelled turn
        if int(f[1]) != len(turns) + 1:
            raise SystemExit(f"{path}: {f[0]}: turn {f[1]} out of order")
        turns.append({norm(a) for a in f[2].split("|")})
    return gold


def lcs(gold, got):
    """Gold turns matched in order by a parse turn of the same speaker."""
    m, n = len(gold), len(got)
    t = [[0] * (n + 1) for _ in range(m + 1)]
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            t[i][j] = t[i + 1][j + 1] + 1 if got[j] in gold[i] else max(t[i + 1][j], t[i][j + 1])
    return t[0][0]


def draw(found, n, seed):
    """n of found drawn with random.Random(seed), in found's order."""
    return [found[i] for i in sorted(random.Random(seed).sample(range(len(found)), n))]


def drawn(group, found, n, seed):
    """The units drawn from found [(name, source)], as sample() gives them."""
    return [(group, name, src) for name, src in draw(found, n, seed)]


def missing(root, path, what, ext=None):
    """None when root/path is there (a directory holding a file ending in ext,
    when ext is given), else what present() says: the copy the scorer wants."""
    p = os.path.join(root, path)
    if ext is None and os.path.exists(p): return None
    if ext and os.path.isdir(p) and any(f.endswith(ext) for f in os.listdir(p)): return None
    return f"no {path}{'/*' + ext if ext else ''} in {root!r} ({what})"


def runs(items, n):
    """items cut into runs of n (the last may be shorter): (first, last, run),
    first and last counted from 1 (a unit of printed pages "p3-4")."""
    for i in range(0, len(items), n):
        last = min(i + n, len(items))
        yield i + 1, last, items[i:last]


def writer(ext):
    """write(text, dir): text saved as the next file of dir, ending in ext."""
    def write(text, tmp):
        p = os.path.join(tmp, f"{len(os.listdir(tmp)):02}{ext}")
        with open(p, "w", encoding="utf-8") as f: f.write(text)
        return p
    return write


def parse(binary, paths):
    r = subprocess.run([binary, "parse", "--json", "--compact"] + paths, capture_output=True)
    docs = {}
    for line in r.stdout.decode("utf-8", "replace").split("\n"):
        try: d = json.loads(line)
        except ValueError: continue
        docs[d.get("source", {}).get("path")] = d
    return docs


def turns_of(d):
    names = {sp.get("id"): sp.get("name") or "" for sp in d.get("speakers", [])}
    return [names.get(t.get("speaker"), "") for t in d.get("turns", []) if t.get("speaker")]


def main(here, doc, root_help, present, sample, write=None, show=None):
    """A scorer's command line.

    present(root)  None when root holds the copy, else why not (printed, exit 0)
    sample(root)   the drawn units: [(group, unit name, source)]
    write(source, dir) -> path  the file verbatim parses (default: source is that path)
    show(source)   the unit's text for --show (default: none)"""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", help=root_help)
    ap.add_argument("--bin", default=os.environ.get("BUILD", "build") + "/verbatim")
    ap.add_argument("--gold", default=os.path.join(here, "gold.tsv"))
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--show")
    ap.add_argument("--detail", action="store_true")
    ap.add_argument("--group", help="only the units of this group (a held-out draw stays unread)")
    a = ap.parse_args()
    why = present(a.root) if a.root else "no --root given"
    if why:
        print(f"skip: {why} (give --root DIR; CI has none)")
        return 0
    rows = sample(a.root)
    if a.group:
        rows = [r for r in rows if r[0] == a.group]
        if not rows: raise SystemExit(f"--group {a.group!r}: no such group in the sample")
    if a.list:
        for group, name, _ in rows: print(f"{group}\t{name}")
        return 0
    if a.show:
        if not show: raise SystemExit("--show: this scorer's units are files; read them")
        for _, name, src in rows:
            if name == a.show: sys.stdout.write(show(src))
        return 0
    gold = read_gold(a.gold)
    missing = [name for _, name, _ in rows if name not in gold]
    if missing:
        raise SystemExit(f"{a.gold}: no gold for {len(missing)} sampled units, first {missing[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        paths = {name: write(src, tmp) if write else src for _, name, src in rows}
        docs = parse(a.bin, list(paths.values()))
    tot = {}
    for group, name, _ in rows:
        d = docs.get(paths[name])
        g = gold[name]
        got = [norm(s) for s in turns_of(d)] if d else []
        hit = lcs(g, got)
        ok = abs(len(got) - len(g)) <= 0.15 * len(g) if g else not got
        for k in dict.fromkeys((group, "all")):
            c = tot.setdefault(k, [0, 0, 0, 0, 0, 0])
            c[0] += 1; c[1] += len(g); c[2] += len(got); c[3] += hit; c[4] += ok; c[5] += d is None
        if a.detail and (hit < len(g) or not ok):
            print(f"{name}: gold {len(g)} turns, parse {len(got)}, speaker {hit}/{len(g)}")
            print("   gold:  " + " / ".join(sorted(s)[0] for s in g))
            print("   parse: " + " / ".join(got))
    print("  group            units  gold turns  parse turns  speaker  pages  refused")
    for k, c in sorted(tot.items(), key=lambda kc: kc[0] == "all"):
        sp = f"{c[3] / c[1]:.3f}" if c[1] else "  -  "
        print(f"  {k:<16} {c[0]:5} {c[1]:11} {c[2]:12}  {sp:>7}  {c[4] / c[0]:.3f}  {c[5]:7}")
    return 0
