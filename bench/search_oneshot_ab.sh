#!/bin/sh
# Two builds' one-shot `verbatim search` processes on one archive, in
# time: each query of bench_ingest's mix by A then B, RUNS rounds (default
# 11); the median CPU (user + system of the process, from wait4) and wall
# ms of each query for each build, their ratio B / A, and the mix's sum.
#   sh bench/search_oneshot_ab.sh BIN_A BIN_B DB [BENCH_INGEST]
# COLD=1 drops the archive's pages from the system's file cache before
# each run (posix_fadvise DONTNEED on its files alone: nothing else's
# pages go), so that each process reads them from the disk as a first
# search after a while would. Run with `nice -n -10` on a shared machine.
set -eu
[ $# -ge 3 ] || { echo "usage: $0 BIN_A BIN_B DB [BENCH_INGEST]" >&2; exit 2; }
a=$1 b=$2 db=$3 mix=${4:-build/bench/bench_ingest}
queries=$(mktemp)
trap 'rm -f "$queries"' EXIT
BENCH_PRINT_MIX=1 "$mix" > "$queries"
python3 - "${RUNS:-11}" "${COLD:-0}" "$a" "$b" "$db" "$queries" <<'PY'
import os, subprocess, sys, time
runs, cold, bins, db = int(sys.argv[1]), sys.argv[2] == "1", sys.argv[3:5], sys.argv[5]
queries = [l.rstrip("\n") for l in open(sys.argv[6]) if l.strip()]
def drop():
    for f in (db, db + "-wal", db + "-shm"):
        if os.path.exists(f):
            fd = os.open(f, os.O_RDONLY)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            os.close(fd)
res = {}
for _ in range(runs):
    for q in queries:
        for i, b in enumerate(bins):
            if cold:
                drop()
            t = time.perf_counter()
            p = subprocess.Popen([b, "search", "--db", db, "--limit", "20", q], stdout=subprocess.DEVNULL)
            _, status, ru = os.wait4(p.pid, 0)
            assert status == 0, (b, q, status)
            res.setdefault((q, i), []).append(((ru.ru_utime + ru.ru_stime) * 1e3, (time.perf_counter() - t) * 1e3))
def med(v):
    v = sorted(v)
    return v[len(v) // 2]
print("%-36s %21s %21s %13s" % ("query (%d runs, %s)" % (runs, "cold" if cold else "warm file cache"), "A CPU / wall ms", "B CPU / wall ms", "B/A CPU wall"))
tot = [[0, 0], [0, 0]]
for q in queries:
    m = [(med(x[0] for x in res[(q, i)]), med(x[1] for x in res[(q, i)])) for i in range(2)]
    for i in range(2):
        tot[i][0] += m[i][0]
        tot[i][1] += m[i][1]
    print("%-36s %9.1f / %9.1f %9.1f / %9.1f %6.2f %6.2f" % (q[:36], m[0][0], m[0][1], m[1][0], m[1][1], m[1][0] / m[0][0], m[1][1] / m[0][1]))
print("%-36s %9.1f / %9.1f %9.1f / %9.1f %6.2f %6.2f" % ("the mix's medians, summed", tot[0][0], tot[0][1], tot[1][0], tot[1][1], tot[1][0] / tot[0][0], tot[1][1] / tot[0][1]))
PY
