#!/usr/bin/env python3
"""saying_recall.py EXAMPLES.jsonl [CUES]: recall over the PolNeAR attributions
whose cue is a verb or phrase of saying (saying-cues.txt beside this file).

EXAMPLES.jsonl is what ../shared/tools/attribution/score.py writes with
--examples: one line per gold attribution (its cue, source class and whether
verbatim found it with the right speaker: error null) and one per statement
it got wrong (no cue field, skipped here). Prints, per split and over all,
the share of those attributions with a named source found with the right
speaker (end to end), beside the same over every cue.
"""
import collections, json, os, re, sys


def load_cues(path):
    words, phrases = set(), []
    for line in open(path, encoding='utf-8'):
        line = line.strip().lower()
        if not line or line.startswith('#'):
            continue
        if ' ' in line:
            phrases.append(line)
        else:
            words.add(line)
    return words, phrases


def saying(cue, words, phrases):
    c = ' '.join(re.findall(r"[a-z]+", cue.lower()))
    return any(w in words for w in c.split()) or any((' ' + p + ' ') in (' ' + c + ' ') for p in phrases)


def pct(a, b):
    return f'{100.0 * a / b:5.1f}% ({a}/{b})' if b else '   n/a (0/0)'


def main():
    examples = sys.argv[1]
    cues = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                              'saying-cues.txt')
    words, phrases = load_cues(cues)
    C = collections.Counter()
    splits = []
    for line in open(examples, encoding='utf-8'):
        ex = json.loads(line)
        if 'cue' not in ex:
            continue
        sp = ex['split']
        if sp not in splits:
            splits.append(sp)
        say = saying(ex['cue'], words, phrases)
        named = ex['source_class'] == 'named'
        ok = ex['error'] is None
        for s in (sp, 'all'):
            for tag in (('any',) + (('say',) if say else ())):
                C[s, tag, 'gold'] += 1
                C[s, tag, 'named'] += named
                C[s, tag, 'named ok'] += named and ok
                C[s, tag, 'any ok'] += ok and ex['source_class'] != 'none'
    print('Recall over PolNeAR attributions whose cue is a verb or phrase of saying '
          '(tests/gold/quotes/saying-cues.txt), beside every cue:')
    for s in splits + (['all'] if len(splits) > 1 else []):
        print(f'== {s}: cues of saying {C[s, "say", "gold"]} of {C[s, "any", "gold"]} attributions')
        print(f'  named source, right speaker, end to end   saying {pct(C[s, "say", "named ok"], C[s, "say", "named"]):22s}'
              f' every cue {pct(C[s, "any", "named ok"], C[s, "any", "named"])}')
        print(f'  any source, right speaker, end to end     saying {pct(C[s, "say", "any ok"], C[s, "say", "gold"]):22s}'
              f' every cue {pct(C[s, "any", "any ok"], C[s, "any", "gold"])}')


if __name__ == '__main__':
    main()
