#!/usr/bin/env python3
"""archive_speakers.py — the speaker list an analyst sees after ingesting
Kremlin pages (../shared/corpus/kremlin-en.tar.gz), and the names in it
that split one person or are no one's.

  python3 tests/gold/structure/archive_speakers.py [--bin build/verbatim]
      [--shared ../shared] [--pages 300] [-v]

Pages: every k-th page in name order (as ../shared/tools/corpus-report),
ingested into a fresh archive; then `verbatim speakers --json`. Counted:
  surname alone   a one-word speaker that is the last word of a speaker
                  of two words or more ("Putin" beside "Vladimir Putin"),
                  with its documents
  honorific role  a speaker whose role is only "Mr", "Mrs", "Ms" or "Dr"
  plural name     a speaker whose name holds a role in the plural
                  ("Presidents", "Ministers Alexei Kudrin")
-v lists them.
"""
import argparse, json, os, shutil, subprocess, tarfile, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default="build/verbatim")
ap.add_argument("--shared", default="../shared")
ap.add_argument("--pages", type=int, default=300)
ap.add_argument("-v", action="store_true")
a = ap.parse_args()

HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr."}
PLURAL_ROLES = {"presidents", "ministers", "leaders", "heads", "officials", "governors",
                "ambassadors", "chairmen", "secretaries", "delegates"}

tmp = tempfile.mkdtemp(prefix="archive-speakers-")
try:
    with tarfile.open(os.path.join(a.shared, "corpus", "kremlin-en.tar.gz")) as t:
        names = sorted(m.name for m in t.getmembers() if m.isfile() and m.name.endswith(".html"))
        pick = names[:: max(1, len(names) // a.pages)][: a.pages]
        for n in pick: t.extract(n, tmp)
    db = os.path.join(tmp, "a.db")
    subprocess.run([a.bin, "init", db], check=True, capture_output=True)
    r = subprocess.run([a.bin, "ingest", "--db", db] + [os.path.join(tmp, n) for n in pick],
                       capture_output=True, text=True)
    if r.returncode not in (0, 1): raise SystemExit(r.stderr)
    out = subprocess.run([a.bin, "speakers", "--db", db, "--json"], check=True,
                         capture_output=True, text=True).stdout
finally:
    shutil.rmtree(tmp, ignore_errors=True)

sp = json.loads(out)
sp = sp.get("speakers", sp) if isinstance(sp, dict) else sp
full = {}
for s in sp:
    words = s["name"].split()
    if len(words) >= 2: full.setdefault(words[-1].lower(), s["name"])
alone = [s for s in sp if len(s["name"].split()) == 1 and s["name"].lower() in full]
honor = [s for s in sp if (s.get("role") or "").strip().lower() in HONORIFICS]
plural = [s for s in sp if any(w.lower() in PLURAL_ROLES for w in s["name"].split())]

print(f"{len(pick)} Kremlin pages, verbatim {a.bin}: {len(sp)} speakers")
print(f"surname alone beside a full name: {len(alone)} speakers, "
      f"{sum(s.get('documents', 0) for s in alone)} documents, "
      f"{sum(s.get('statements', 0) for s in alone)} statements")
print(f"honorific as the role: {len(honor)} speakers")
print(f"a plural role in the name: {len(plural)} speakers")
if a.v:
    for label, rows in (("surname alone", alone), ("honorific role", honor), ("plural name", plural)):
        for s in rows:
            print(f"  {label}: {s['name']!r} role {s.get('role')!r} documents {s.get('documents')}"
                  + (f" (beside {full[s['name'].lower()]!r})" if label == "surname alone" else ""))
