#!/usr/bin/env python3
"""named_causes.py SCORE_PY EXAMPLES GOLD_DIR: the named-source attributions
the build did not give the right speaker, counted by surface pattern.

EXAMPLES is the examples file batch_score.py (or score.py) wrote for the
build; GOLD_DIR the converted split (<name>.txt + <name>.gold.json). A miss
can count under several patterns; "other" is none of them. Prints counts
only: no article text.
  party-tag        a party and state tag at the source ("(R-Fla.)", ", D-Calif.,")
  according-to     the cue is "according to"
  headline-source  the source lies in the article's first line (its headline)
  inverted         the cue stands between the content and a source after it
  inverted-next-par  the same, the content in an earlier paragraph
"""
import collections, re, sys

import named_misses

TAG = re.compile(r'(\((?:[RDI]|Rep|Dem|Ind)[-–][A-Z][A-Za-z. ]{1,14}\)|,\s*[RDI][-–][A-Z][A-Za-z. ]{1,14},)')


def main():
    score_py, examples, gold = sys.argv[1:4]
    cnt = collections.Counter()
    counts = {}
    for a, e, body in named_misses.misses(score_py, examples, gold, counts):
        first_nl = body.find(b'\n')
        cu = named_misses.text(a['cue'])
        s0 = min(f['bstart'] for f in a['source'])
        s1 = max(f['bend'] for f in a['source'])
        keys = []
        if TAG.search(body[max(0, s0 - 5):s1 + 25].decode('utf-8', 'replace')):
            keys.append('party-tag')
        if cu.lower().startswith('according to'):
            keys.append('according-to')
        if 0 < first_nl and s0 < first_nl:
            keys.append('headline-source')
        if a['cue'] and a['content']:
            c0 = min(f['bstart'] for f in a['cue'])
            cont0 = min(f['bstart'] for f in a['content'])
            cont1 = max(f['bend'] for f in a['content'])
            if cont0 < c0 < s0:
                keys.append('inverted-next-par' if b'\n' in body[cont1:c0] else 'inverted')
        for k in keys or ['other']:
            cnt[(k, e['error'])] += 1
    print(f'named-source attributions {counts["total"]}, not right {counts["wrong"]}')
    for (k, err), n in sorted(cnt.items(), key=lambda x: (-x[1], x[0])):
        print(f'  {n:6d}  {k:18s} {err}')


if __name__ == '__main__':
    main()
