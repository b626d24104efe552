#!/usr/bin/env python3
"""Scores quote attribution on the fixtures in tests/gold/quotes/fixtures/
(articles written for verbatim's tests, with hand-made gold).

  score_fixtures.py BIN FIXTURE_DIR

A gold line is CONTENT<TAB>SPEAKER<TAB>KIND: a statement with exactly that
text, that speaker ("-": none) and that kind must come out. Figures:
  recall     gold lines matched in full (text, speaker, kind)
  precision  statements given a speaker by prose attribution (those with a
             source and cue) whose text and speaker are a gold line's
  kept       gold contents that are some statement's text
check.py turns the figures into make test's gate.
"""
import glob, json, os, subprocess, sys


def load_gold(path):
    rows = []
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if not line or line.startswith('#'):
            continue
        content, speaker, kind = line.split('\t')
        rows.append((content, None if speaker == '-' else speaker, kind))
    return rows


def main():
    binary, fixdir = sys.argv[1], sys.argv[2]
    found = total = kept = att = att_ok = 0
    misses = []
    for gpath in sorted(glob.glob(os.path.join(fixdir, '*.gold'))):
        txt = gpath[:-5] + '.txt'
        r = subprocess.run([binary, 'parse', txt, '--json'], capture_output=True)
        if r.returncode:
            sys.exit(f'{txt}: verbatim failed: {r.stderr.decode(errors="replace")}')
        doc = json.loads(r.stdout)
        names = {s['id']: [s['name']] + s.get('aliases', []) for s in doc['speakers']}
        sts = [(s['text'], names[s['speaker']][0] if s['speaker'] else None, s['kind'], 'cue' in s)
               for s in doc['statements']]
        gold = load_gold(gpath)
        by_text = {}
        for t, sp, k, cue in sts:
            by_text.setdefault(t, []).append((sp, k))
        for content, speaker, kind in gold:
            total += 1
            got = by_text.get(content, [])
            kept += bool(got)
            if (speaker, kind) in got:
                found += 1
            else:
                misses.append(f'{os.path.basename(txt)}: "{content}" wanted {speaker}/{kind}, got {got}')
        wanted = {(c, s) for c, s, _ in gold}
        for t, sp, k, cue in sts:
            if sp is None or not cue:
                continue
            att += 1
            if (t, sp) in wanted:
                att_ok += 1
            else:
                misses.append(f'{os.path.basename(txt)}: "{t}" given to {sp}, not in the gold')
    recall = 100.0 * found / total if total else 0.0
    precision = 100.0 * att_ok / att if att else 0.0
    keep = 100.0 * kept / total if total else 0.0
    print(f'fixtures: {total} gold statements; recall {recall:.1f}% ({found}/{total}), '
          f'precision {precision:.1f}% ({att_ok}/{att}), kept {keep:.1f}% ({kept}/{total})')
    for m in misses:
        print('  ' + m)


if __name__ == '__main__':
    main()
