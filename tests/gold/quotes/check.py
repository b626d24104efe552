#!/usr/bin/env python3
"""TAP gate for quote attribution: check.py BIN FIXTURES SCORE_PY [POLNEAR_TRAIN_DIR]

The floors are the figures recorded in docs/ACCURACY.md ("Quote
attribution in prose"); a change that lowers one fails make test.
"""
import os, re, subprocess, sys, tempfile

# fixtures: written for verbatim's tests, every line must come out
FIXTURE_FLOORS = {'recall': 100.0, 'precision': 100.0, 'kept': 100.0}
# PolNeAR train (score.py): named source end to end, attributed statements
# right, direct quotations kept in some statement, and named sources of
# attributions whose cue is a verb of saying end to end (saying_recall.py)
POLNEAR_FLOORS = {'named end-to-end': 55.6, 'attributed right': 85.3, 'direct kept': 99.9,
                  'saying named end-to-end': 80.1}


def pct(line):
    return float(re.search(r'(\d+\.\d)%', line).group(1))


def main():
    binary, fixtures, score_py = sys.argv[1:4]
    polnear = sys.argv[4] if len(sys.argv) > 4 else None
    here = os.path.dirname(os.path.abspath(__file__))
    r = subprocess.run([sys.executable, os.path.join(here, 'score_fixtures.py'), binary, fixtures],
                       capture_output=True, text=True)
    lines = []
    m = re.search(r'recall (\d+\.\d)%.*precision (\d+\.\d)%.*kept (\d+\.\d)%', r.stdout)
    if r.returncode or not m:
        lines.append((False, 'fixtures scored', r.stdout + r.stderr))
    else:
        got = dict(zip(('recall', 'precision', 'kept'), map(float, m.groups())))
        for k, floor in FIXTURE_FLOORS.items():
            lines.append((got[k] >= floor, f'fixture {k} {got[k]:.1f}% (at least {floor:.1f}%)', r.stdout))
    if polnear:
        with tempfile.TemporaryDirectory() as out:
            r = subprocess.run([sys.executable, os.path.join(here, 'batch_score.py'), score_py, binary, out,
                                os.path.join(out, 'errors.jsonl'), polnear], capture_output=True, text=True)
            say = subprocess.run([sys.executable, os.path.join(here, 'saying_recall.py'),
                                  os.path.join(out, 'errors.jsonl')], capture_output=True, text=True)
        text = r.stdout + '\n' + say.stdout
        got_say = None
        for line in say.stdout.splitlines():
            if line.strip().startswith('named source, right speaker'):
                got_say = pct(line)
        got = {}
        if got_say is not None:
            got['saying named end-to-end'] = got_say
        for line in r.stdout.splitlines():
            if re.match(r'\s+named source\s+all\s', line):
                got['named end-to-end'] = pct(line.split('|')[1])
            elif 'statements with a speaker, speaker also correct' in line:
                got['attributed right'] = pct(line)
            elif re.match(r'\s+direct\s', line) and 'direct kept' not in got:
                got['direct kept'] = pct(line)
        for k, floor in POLNEAR_FLOORS.items():
            v = got.get(k)
            lines.append((v is not None and v >= floor,
                          f'PolNeAR train {k} {v if v is not None else "?"}% (at least {floor:.1f}%)',
                          text + r.stderr))
    else:
        print('# PolNeAR: skipped (no converted data)')
    for i, (ok, name, detail) in enumerate(lines, 1):
        print(f'{"ok" if ok else "not ok"} {i} - {name}')
        if not ok:
            for d in detail.splitlines():
                print('# ' + d)
    print(f'1..{len(lines)}')
    sys.exit(0 if all(ok for ok, _, _ in lines) else 1)


if __name__ == '__main__':
    main()
