#!/usr/bin/env python3
"""check.py — the structure figures against the recorded ones, as TAP.

  python3 tests/gold/structure/check.py [--bin build/verbatim] [--shared ../shared] [--record]

Scores the sample (score.py --json, both parts) and prints one TAP line per
figure and set: `ok` when the figure is at least the one recorded in
recorded.json (at most, for counts of furniture leaked and documents
refused), `not ok` with both values when it dropped. --record writes the
figures measured now as the new floor (after an improvement, reviewed)."""
import argparse, json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
LOWER_IS_BETTER = {"furniture_leaked", "failed"}
KEEP = ["turn_precision", "turn_recall", "speaker", "prose", "pages", "kept_recall",
        "kept_precision", "heading_precision", "heading_recall", "title", "summary",
        "furniture_leaked", "failed"]

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default=os.environ.get("BUILD", "build") + "/verbatim")
ap.add_argument("--shared", default=os.environ.get("SHARED", "../shared"))
ap.add_argument("--record", action="store_true")
a = ap.parse_args()
r = subprocess.run([sys.executable, os.path.join(HERE, "score.py"), "--bin", a.bin, "--shared", a.shared,
                    "--json"], capture_output=True, text=True)
if r.returncode:
    print("1..1\nnot ok 1 - score.py failed: " + r.stderr.strip().replace("\n", " | ")[-500:])
    sys.exit(1)
now = {k: {f: v[f] for f in KEEP} for k, v in json.loads(r.stdout).items()}
path = os.path.join(HERE, "recorded.json")
if a.record:
    with open(path, "w") as f:
        json.dump(now, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"recorded {sum(len(v) for v in now.values())} figures in {path}")
    sys.exit(0)
rec = json.load(open(path))
tests = []
for key in sorted(rec):
    for f in KEEP:
        want, got = rec[key].get(f), now.get(key, {}).get(f)
        if want is None: continue
        if got is None: ok = False
        elif f in LOWER_IS_BETTER: ok = got <= want
        else: ok = got >= want - 1e-9
        tests.append((ok, f"structure {key} {f}: {got} (recorded {want})"))
print(f"1..{len(tests)}")
for i, (ok, what) in enumerate(tests, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {what}")
sys.exit(0 if all(ok for ok, _ in tests) else 1)
