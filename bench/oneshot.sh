#!/bin/sh
# One-shot CLI cost: an empty `verbatim search … --json` on an empty
# archive against the sqlite3 CLI answering a count on the same file, run
# alternately RUNS times; prints the median CPU time (user + system, from
# wait4, so the dynamic loader is counted) and wall time of each, and
# their ratio.
#   sh bench/oneshot.sh            (BUILD=build, RUNS=41)
set -eu
BUILD=${BUILD:-build}
RUNS=${RUNS:-41}
bin=$BUILD/verbatim
db=$BUILD/bench-oneshot.db
command -v sqlite3 >/dev/null || { echo "oneshot.sh: needs the sqlite3 CLI" >&2; exit 1; }
rm -f "$db" "$db-wal" "$db-shm"
"$bin" init "$db" >/dev/null
python3 - "$RUNS" "$bin" "$db" <<'PY'
import os, subprocess, sys, time
runs, binary, db = int(sys.argv[1]), sys.argv[2], sys.argv[3]
cmds = {"verbatim search": [binary, "search", "nothing", "--db", db, "--json"],
        "sqlite3 CLI": ["sqlite3", db, "SELECT count(*) FROM documents;"]}
res = {k: [] for k in cmds}
for _ in range(runs):
    for k, c in cmds.items():
        t = time.perf_counter()
        p = subprocess.Popen(c, stdout=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        assert status == 0, (k, status)
        res[k].append((ru.ru_utime + ru.ru_stime, time.perf_counter() - t))
med = {}
for k, v in res.items():
    cpu = sorted(x[0] for x in v)[len(v) // 2]
    wall = sorted(x[1] for x in v)[len(v) // 2]
    med[k] = cpu
    print("%-16s median CPU %.2f ms, wall %.2f ms (%d runs)" % (k, cpu * 1e3, wall * 1e3, len(v)))
print("ratio (CPU): %.2f" % (med["verbatim search"] / med["sqlite3 CLI"]))
PY
rm -f "$db" "$db-wal" "$db-shm"
