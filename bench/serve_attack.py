#!/usr/bin/env python3
"""serve_attack -- what hostile clients cost a `verbatim serve` (issue 18).

  python3 bench/serve_attack.py flood  VERBATIM DB [--conns 64] [--token] [--warm 1]
  python3 bench/serve_attack.py expensive VERBATIM DB [--clients 8] [--seconds 60] [--warm 0] [--query Q]
  python3 bench/serve_attack.py bigdoc VERBATIM DB [--mb 20] [--clients 4] [--threads 2]

flood: CONNS clients, from four loopback addresses, each POST a 30 MiB
document body to /api/documents as fast as loopback takes it: without a
token, or with one, stalling 5 s one byte short and hanging up (so that
no document is parsed: what is measured is what bodies hold), WARM
seconds after the server answers (on a large archive, long enough for
its warming thread to have loaded every connection, so that the bodies'
memory is not confounded with it). The server's resident memory is
sampled every 20 ms. Prints the statuses
("held": no answer while the body was held) and the peak.

expensive: CLIENTS clients, each from its own loopback address, send the
most expensive search they can write (40 x `=the`, 200 bytes) again and
again; meanwhile one client asks /health every 100 ms and another a cheap
search (`kalashnikov`) every 500 ms, each time at another offset so that
no answer comes from the server's cache. Prints the latency of those, and
the machine's load average before and after (its noise). Each prober is
a process of its own (not a thread beside the attackers': their
interpreter lock would be in the figure), and a third asks a trivial
HTTP server (another process, answering "ok") every 100 ms: the floor any
process pays on this machine at this load. Also printed: the server's own
time for those requests (its log: served + queued), and, for each of its
threads by name, the time it waited to run (/proc schedstat: run_delay
per time it was put on a CPU). WARM: seconds between the server's first
answer and the attack (its warming thread loading its connections).
Q: the attackers' search in place of 40 x `=the` (which the cost model
now refuses unrun): `"the OR of OR and OR to OR in"` is under the cost
limit and runs about 1.8 s of CPU on the UN archive.

bigdoc: makes a transcript of MB megabytes (two speakers taking turns,
a sentence or two each), ingests it into a new archive DB (removed
first), and has CLIENTS clients at once read the whole document from
/api/documents/{id}, following page.next while the answer names one (a
server without pages answers it whole at once). The server's resident
memory is sampled every 20 ms. Prints the time each client took (and
until its first page), the pages, the largest answer, the peak, the
ingest's time, and the reads the server made of the document and how
many of them came from the parse kept beside it instead of a parse (its
/metrics, where it counts them).

Starts the server itself (a free port on 127.0.0.1, --threads 2: for
bigdoc, THREADS; a server has that many workers, one of them kept for
quick reads, so clients read at once on THREADS - 1 of them) and stops
it; everything stays on loopback and ends by itself.
"""
import multiprocessing
import os
import re
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

TOKEN = "attack-bench-token-0123456789"
BODY = 30 << 20


def rss_kb(pid, field="VmRSS"):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def start(verbatim, db, token_file=None, threads=2):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    args = [verbatim, "serve", "--db", db, "--listen", f"127.0.0.1:{port}", "--threads", str(threads)]
    if token_file:
        args += ["--token-file", token_file]
    log = os.environ.get("SERVE_LOG")  # the server's request log, if wanted
    p = subprocess.Popen(args, stdout=subprocess.DEVNULL,
                         stderr=open(log, "w") if log else subprocess.DEVNULL)
    for _ in range(600):
        try:
            code, _ = request(port, "127.0.0.1", "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", 5)
            if code == 200:
                return p, port
        except OSError:
            pass
        time.sleep(0.1)
    p.kill()
    sys.exit("the server did not start")


def connect(port, source, timeout):
    c = socket.socket()
    c.settimeout(timeout)
    try:
        c.bind((source, 0))
    except OSError:
        pass
    c.connect(("127.0.0.1", port))
    return c


def status_of(c):
    data = b""
    while b"\r\n" not in data:
        chunk = c.recv(4096)
        if not chunk:
            break
        data += chunk
    if data.startswith(b"HTTP/1."):
        return int(data[9:12])
    return 0


def request(port, source, req, timeout):
    c = connect(port, source, timeout)
    try:
        c.sendall(req.encode())
        return status_of(c), None
    finally:
        c.close()


def flood(verbatim, db, conns, token, warm):
    with tempfile.NamedTemporaryFile("w", suffix=".tokens", delete=False) as f:
        f.write(TOKEN + "\n")
        tokens = f.name
    p, port = start(verbatim, db, tokens)
    time.sleep(warm)
    base = rss_kb(p.pid)
    peak = [base]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_kb(p.pid))
            time.sleep(0.02)

    statuses = []
    lock = threading.Lock()
    chunk = b"a" * (1 << 20)

    def client(i):
        head = ("POST /api/documents?name=flood%d.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n" % i +
                (f"Authorization: Bearer {TOKEN}\r\n" if token else "") +
                f"Content-Length: {BODY}\r\n\r\n")
        code = 0
        try:
            c = connect(port, f"127.0.0.{100 + i % 4}", 60)
            c.sendall(head.encode())
            sent = 0
            try:
                while sent < BODY - 1:
                    n = min(len(chunk), BODY - 1 - sent)
                    c.sendall(chunk[:n])
                    sent += n
                if not token:
                    c.sendall(b"a")
            except OSError:
                pass  # the server stopped reading: it answered or closed
            if token:
                # one byte short: the server holds the body, or has refused it
                c.settimeout(5)
                try:
                    code = status_of(c)
                except OSError:
                    code = "held"  # no answer: the body is held, then dropped
            else:
                try:
                    code = status_of(c)
                except OSError:
                    code = 0
            c.close()
        except OSError:
            code = -1
        with lock:
            statuses.append(code)

    t = threading.Thread(target=sample)
    t.start()
    t0 = time.time()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(conns)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    took = time.time() - t0
    time.sleep(0.5)
    stop.set()
    t.join()
    hwm = rss_kb(p.pid, "VmHWM")
    p.terminate()
    p.wait()
    os.unlink(tokens)
    counts = {}
    for s in statuses:
        counts[str(s)] = counts.get(str(s), 0) + 1
    print(f"flood: {conns} clients x 30 MiB, {'with' if token else 'without'} the token, {took:.1f} s")
    print(f"  statuses: {dict(sorted(counts.items()))}")
    print(f"  resident: {base / 1024:.0f} MB before, {peak[0] / 1024:.0f} MB at most sampled, "
          f"peak (VmHWM) {hwm / 1024:.0f} MB")


def bigdoc(verbatim, db, mb, clients, threads):
    import json
    import urllib.request
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "big.txt")
    size, i = 0, 0
    with open(path, "w") as f:
        f.write("A Long Hearing\n\n")
        while size < mb << 20:
            who = "Chair" if i % 2 else "Witness"
            line = (f"{who}: Statement {i} says the committee met on day {i % 28 + 1} and heard that "
                    f"the figures for item {i} were {i * 7 % 1000} units. The point made before stands.\n\n")
            f.write(line)
            size += len(line)
            i += 1
    for junk in (db, db + "-wal", db + "-shm"):
        if os.path.exists(junk):
            os.unlink(junk)
    subprocess.run([verbatim, "init", db], check=True, stdout=subprocess.DEVNULL)
    t0 = time.time()
    subprocess.run([verbatim, "ingest", "--db", db, path], check=True, stdout=subprocess.DEVNULL)
    ingest_s = time.time() - t0
    os.unlink(path)
    os.rmdir(tmp)
    p, port = start(verbatim, db, threads=threads)
    url = f"http://127.0.0.1:{port}"
    hits = json.load(urllib.request.urlopen(f"{url}/api/search?q=committee&limit=1", timeout=60))
    doc = hits["hits"][0]["doc"]
    time.sleep(1)
    base = rss_kb(p.pid)
    peak = [base]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_kb(p.pid))
            time.sleep(0.02)

    out = []
    lock = threading.Lock()

    def client(k):
        t = time.time()
        first = None
        pages, largest, statements, where = 0, 0, 0, f"/api/documents/{doc}"
        try:
            while where and pages < 100000:
                body = urllib.request.urlopen(url + where, timeout=600).read()
                if first is None:
                    first = time.time() - t
                pages += 1
                largest = max(largest, len(body))
                d = json.loads(body)
                statements += len(d.get("statements", []))
                nxt = (d.get("page") or {}).get("next")
                where = f"/api/documents/{doc}?from={nxt}" if nxt else None
            status = "ok"
        except Exception as e:  # a refusal or a dropped connection is a result too
            status = str(e)[:60]
        with lock:
            out.append((time.time() - t, first, pages, largest, statements, status))

    th = threading.Thread(target=sample)
    th.start()
    readers = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for c in readers:
        c.start()
    for c in readers:
        c.join()
    stop.set()
    th.join()
    hwm = rss_kb(p.pid, "VmHWM")
    parses, records = "not counted by this server", "not counted by this server"
    metrics = urllib.request.urlopen(f"{url}/metrics", timeout=60).read().decode()
    for line in metrics.splitlines():
        if line.startswith("verbatim_http_document_parses_total "):
            parses = line.split()[1]
        if line.startswith("verbatim_http_document_records_total "):
            records = line.split()[1]
    p.terminate()
    p.wait()
    print(f"bigdoc: a {size / 1e6:.1f} MB transcript ({i} turns, ingested in {ingest_s:.1f} s), "
          f"{clients} clients reading it whole at once, --threads {threads}; the server's reads of it: {parses}, "
          f"of them from its record: {records}")
    for t, first, pages, largest, statements, status in sorted(out):
        first_s = f"{first:.2f} s" if first is not None else "none"
        print(f"  {t:.1f} s, first page after {first_s}, {pages} answers, the largest {largest / 1e6:.1f} MB, "
              f"{statements} statements, {status}")
    print(f"  resident: {base / 1024:.0f} MB before, {peak[0] / 1024:.0f} MB at most sampled, "
          f"peak (VmHWM) {hwm / 1024:.0f} MB")


def percentile(xs, q):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def probe_loop(port, path, every, seconds, conn):
    """A prober (its own process): asks path every `every` s until
    `seconds` have passed; sends back [(latency, status)]."""
    out, n, end = [], 0, time.time() + seconds
    while time.time() < end:
        t0 = time.time()
        try:
            code, _ = request(port, "127.0.0.2",
                              f"GET {path.format(n=n)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                              seconds + 600)
        except OSError:
            code = -1
        out.append((time.time() - t0, code))
        n += 1
        rest = every - (time.time() - t0)
        if rest > 0:
            time.sleep(rest)
    conn.send(out)
    conn.close()


class Trivial(socketserver.BaseRequestHandler):
    def handle(self):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.request.recv(4096)
            if not chunk:
                return
            data += chunk
        self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")


def trivial_server(ready):
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), Trivial) as srv:
        ready.send(srv.server_address[1])
        srv.serve_forever()


def thread_delays(pid):
    """Per thread name: [nanoseconds run, nanoseconds waiting to run, times run]."""
    by = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return by
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                name = f.read().strip()
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                run, wait, slices = (int(x) for x in f.read().split())
        except (OSError, ValueError):
            continue
        t = by.setdefault(name, [0, 0, 0])
        t[0] += run
        t[1] += wait
        t[2] += slices
    return by


def expensive(verbatim, db, clients, seconds, warm, query):
    log = tempfile.NamedTemporaryFile(prefix="serve-attack-", suffix=".log", delete=False).name
    os.environ["SERVE_LOG"] = log
    p, port = start(verbatim, db)
    time.sleep(warm)  # its warming thread's loads, not confounded with the attack
    ctx = multiprocessing.get_context("fork")
    ready_r, ready_w = ctx.Pipe(False)
    trivial = ctx.Process(target=trivial_server, args=(ready_w,), daemon=True)
    trivial.start()
    tport = ready_r.recv()
    q = urllib.parse.quote(query) if query else "%3Dthe%20" * 40
    stop = threading.Event()
    sent = [0]
    lock = threading.Lock()
    codes = {}

    def attacker(i):
        n = 0
        while not stop.is_set():
            n += 1
            try:
                # at an offset of its own each time: never answered from the cache
                code, _ = request(port, f"127.0.0.{150 + i}",
                                  f"GET /api/search?q={q}&offset={i * 1000 + n % 1000} HTTP/1.1\r\n"
                                  "Host: 127.0.0.1\r\nConnection: close\r\n\r\n",
                                  seconds + 600)
            except OSError:
                code = -1
            with lock:
                sent[0] += 1
                codes[code] = codes.get(code, 0) + 1
            if code in (429, 503):
                time.sleep(0.05)

    probes = []
    for pport, path, every in ((port, "/health", 0.1), (port, "/api/search?q=kalashnikov&offset={n}", 0.5),
                               (tport, "/", 0.1)):
        r, w = ctx.Pipe(False)
        probes.append((ctx.Process(target=probe_loop, args=(pport, path, every, seconds, w)), r))
    threads = [threading.Thread(target=attacker, args=(i,)) for i in range(clients)]
    load0 = os.getloadavg()
    delays0 = thread_delays(p.pid)
    for th in threads:
        th.start()
    for pr, _ in probes:
        pr.start()
    health, cheap, floor = (r.recv() for _, r in probes)
    load1 = os.getloadavg()
    delays1 = thread_delays(p.pid)
    stop.set()
    for pr, _ in probes:
        pr.join()
    trivial.terminate()
    # the attackers' searches may run on: the server is stopped
    p.terminate()
    try:
        p.wait(30)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    for th in threads:
        th.join()

    def show(name, xs):
        lat = [x for x, c in xs]
        ok = sum(1 for _, c in xs if c == 200)
        print(f"  {name}: {len(xs)} asked, {ok} answered 200; p50 {percentile(lat, .5) * 1e3:.1f} ms, "
              f"p99 {percentile(lat, .99) * 1e3:.1f} ms, max {max(lat) * 1e3 if lat else float('nan'):.1f} ms")

    # the server's own time for each, from its log: served + queued
    own = {"/health": [], "kalashnikov": []}
    with open(log, errors="replace") as f:
        for line in f:
            # the path without its query: the cheap search is the one answered
            # 200 (with attackers whose searches are answered, not told apart)
            m = re.search(r" GET (\S+) (\d+) \d+ served=([0-9.]+)ms queued=([0-9.]+)ms", line)
            if not m:
                continue
            key = ("/health" if m.group(1) == "/health" else
                   "kalashnikov" if m.group(1) == "/api/search" and m.group(2) == "200" else None)
            if key:
                own[key].append((float(m.group(3)) + float(m.group(4))) / 1e3)
    os.unlink(log)
    print(f"expensive: {clients} clients sending {query or '40 x =the'} for {seconds} s ({sent[0]} sent, statuses {codes})")
    show("/health", health)
    show("search kalashnikov", cheap)
    show("a trivial server (the floor)", floor)
    for key, xs in own.items():
        if key == "kalashnikov" and codes.get(200):
            continue  # the attackers' answers are in the log as the same route and status
        print(f"  the server's own time for {key} (served + queued, its log): {len(xs)} lines, "
              f"p50 {percentile(xs, .5) * 1e3:.1f} ms, p99 {percentile(xs, .99) * 1e3:.1f} ms, "
              f"max {max(xs) * 1e3 if xs else float('nan'):.1f} ms")
    for name in sorted(delays1):
        a, b = delays0.get(name, [0, 0, 0]), delays1[name]
        run, wait, n = b[0] - a[0], b[1] - a[1], b[2] - a[2]
        if n:
            print(f"  server threads '{name}': {run / 1e9:.1f} s run, {wait / 1e9:.1f} s waiting to run, "
                  f"{wait / n / 1e6:.2f} ms waited per time run ({n} times)")
    print(f"  load average (1 min) {load0[0]:.1f} before, {load1[0]:.1f} at the end, on {os.cpu_count()} cores")


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("flood", "expensive", "bigdoc"):
        sys.exit(__doc__)
    mode, verbatim, db = sys.argv[1:4]
    opts = sys.argv[4:]

    def opt(name, dflt):
        return int(opts[opts.index(name) + 1]) if name in opts else dflt

    if mode == "flood":
        flood(verbatim, db, opt("--conns", 64), "--token" in opts, opt("--warm", 1))
    elif mode == "bigdoc":
        bigdoc(verbatim, db, opt("--mb", 20), opt("--clients", 4), opt("--threads", 2))
    else:
        query = opts[opts.index("--query") + 1] if "--query" in opts else None
        expensive(verbatim, db, opt("--clients", 8), opt("--seconds", 60), opt("--warm", 0), query)


if __name__ == "__main__":
    main()
