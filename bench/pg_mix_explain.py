#!/usr/bin/env python3
"""bench_pg's query mix from a server log written with
auto_explain (ANALYZE, BUFFERS) and log_min_duration_statement = 0
(bench/pg_mix_explain.sh): for each of the 16 searches, verbatim's
statements and plain PostgreSQL's count + top 20, each with its executor
time, its top node's rows and its buffers (medians over the rounds after
the first), and the sums a side.
Usage: pg_mix_explain.py LOG [--plans]  (--plans prints each plan too)"""
import re
import sys

ENTRY = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[\d+\] (\w+):  (.*)$")
PLAN = re.compile(r"duration: ([\d.]+) ms  plan:")
ACTUAL = re.compile(r"rows=(\d+) loops=\d+\)")
BUFS = re.compile(r"Buffers: shared hit=(\d+)(?: read=(\d+))?")


def entries(path):
    cur = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = ENTRY.match(line)
            if m:
                if cur:
                    yield cur
                cur = [m.group(1), m.group(2)]
            elif cur is not None:
                cur.append(line.rstrip("\n"))
    if cur:
        yield cur


def plans(path):
    out = []
    for e in entries(path):
        kind, first, rest = e[0], e[1], e[2:]
        m = PLAN.search(first) if kind == "LOG" else None
        if m:
            text = ""
            node = None
            bufs = 0
            for ln in rest:
                s = ln.strip()
                if s.startswith("Query Text:"):
                    text = s[len("Query Text:"):].strip()
                elif node is None and "(actual" in s:
                    node = s
                elif node is not None and bufs == 0 and s.startswith("Buffers:"):
                    b = BUFS.search(s)
                    if b:
                        bufs = int(b.group(1)) + int(b.group(2) or 0)
            rows = ACTUAL.search(node or "")
            out.append({"ms": float(m.group(1)), "text": text, "rows": int(rows.group(1)) if rows else -1,
                        "bufs": bufs, "plan": rest, "params": ""})
        elif kind == "DETAIL" and first.startswith("parameters:") and out and not out[-1]["params"]:
            out[-1]["params"] = first[len("parameters:"):].strip()
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    show = "--plans" in sys.argv
    ps = plans(sys.argv[1])
    # a search's statements end with plain's top 20 (bench_pg's order)
    groups, cur = [], []
    for p in ps:
        cur.append(p)
        if "FROM plain WHERE" in p["text"] and "ORDER BY ts_rank" in p["text"]:
            groups.append(cur)
            cur = []
    # every round after the first (which prepares), each statement's
    # median over the rounds: one run's times move with the load
    rounds = [groups[i:i + 16] for i in range(16, len(groups) - 15, 16)]
    if not rounds:
        rounds = [groups[-16:]]
    tv = tp = 0.0
    bv = bp = 0
    for q in range(16):
        seen = {}
        order = []
        words = "?"
        for rd in rounds:
            for p in rd[q]:
                side = "plain" if "FROM plain WHERE" in p["text"] else "verbatim"
                if side == "plain" and p["params"]:
                    words = p["params"]
                key = (side, p["text"])
                if key not in seen:
                    seen[key] = []
                    order.append(key)
                seen[key].append(p)
        rows = []
        for key in order:
            ps = seen[key]
            ms = sorted(p["ms"] for p in ps)[len(ps) // 2]
            bufs = sorted(p["bufs"] for p in ps)[len(ps) // 2]
            nrows = sorted(p["rows"] for p in ps)[len(ps) // 2]
            rows.append((key[0], ms, bufs, nrows, key[1], ps[-1]["plan"], len(ps)))
        sv = sum(r[1] for r in rows if r[0] == "verbatim")
        sp = sum(r[1] for r in rows if r[0] == "plain")
        bsv = sum(r[2] for r in rows if r[0] == "verbatim")
        bsp = sum(r[2] for r in rows if r[0] == "plain")
        tv, tp, bv, bp = tv + sv, tp + sp, bv + bsv, bp + bsp
        print(f"== {words}: verbatim {sv:.3f} ms {bsv} buffers, plain {sp:.3f} ms {bsp} buffers")
        for side, ms, bufs, nrows, text, plan, n in rows:
            print(f"  {side:8} {ms:8.3f} ms {bufs:6} buf {nrows:7} rows {n:3}x  {text[:100]}")
            if show:
                for ln in plan:
                    print("        " + ln)
    print(f"== the 16 searches: verbatim {tv:.3f} ms {bv} buffers, plain {tp:.3f} ms {bp} buffers,"
          f" ratio {tv / tp if tp else 0:.2f} (medians over {len(rounds)} rounds of each statement's executor"
          f" time under auto_explain's ANALYZE)")


if __name__ == "__main__":
    main()
