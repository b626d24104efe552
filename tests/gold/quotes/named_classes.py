#!/usr/bin/env python3
"""named_classes.py SCORE_PY EXAMPLES GOLD_DIR [--examples N]: the named-source
attributions the build did not give the right speaker, sorted into classes by
their cue (what kind of word PolNeAR's cue span is) and the scorer's error.

EXAMPLES is the examples file batch_score.py wrote for the build; GOLD_DIR
the converted split; $CUES another data/quote-cues.txt for the flags other
than e (a build's own, to sort its misses as its lexicon had them). Classes of the cue, first match wins:
  lexicon-s        a verb of saying in data/quote-cues.txt (flag s or a)
  stance           a verb of stance (flag e in this tree's data/quote-cues.txt:
                   "accused", "criticized", "endorsed", "defended")
  lexicon-q        any other verb the lexicon takes only with a quotation
                   (flag q: "called", "described")
  lexicon-t        a verb of thinking (flag t: "believes", "thinks")
  lexicon-v        an intention (flag v: "wants", "plans", "agreed")
  mark             a colon or a dash alone
  preposition      "in", "for", "on", "to", "referring to", "citing" ...
                   (a frame that is no verb of the sentence)
  nominal          a noun: the word before is a possessive or a determiner,
                   or the word ends as nouns do ("claim", "criticism", "view")
  other-verb       any other verb ("endorsed", "defended", "supporting")
Error: not attributed (no speaker over most of the content), not a statement
(no statement covers it), wrong speaker. Counts only; --examples N prints
N cue words (and the source's last word) a class, no other article text.
"""
import collections, os, re, sys

import named_misses

AUX = {'has', 'have', 'had', 'is', 'was', 'were', 'are', 'be', 'been', 'will', 'would', 'did', 'does',
       'do', 'not', 'also', 'to', 'has been', 'also', 'later', 'then', 'first', 'publicly', 'repeatedly',
       'never', 'often', 'previously', 'recently', 'just', 'already', 'once', 'again', 'even', 'could',
       'can', 'may', 'might', 'should', 'must', 'being', "didn't", "doesn't", "hasn't", "haven't",
       "wouldn't", "won't", 'don’t', 'didn’t', 'doesn’t'}
PREP = {'in', 'for', 'on', 'to', 'from', 'at', 'with', 'by', 'of', 'about', 'over', 'per', 'as',
        'referring', 'citing', 'via', 'under', 'against', 'into', 'behind', 'after'}
DET = {'the', 'a', 'an', 'his', 'her', 'their', 'its', 'our', 'my', 'this', 'that', 'whose'}
NOUN_END = ('tion', 'sion', 'ment', 'ism', 'ance', 'ence', 'ity', 'ness', 'ship', 'ure', 'sal', 'cy',
            'view', 'claim', 'idea', 'plan', 'vote', 'words', 'remarks', 'comments', 'argument', 'poll',
            'report', 'statement', 'analysis', 'data', 'survey', 'letter', 'speech', 'op-ed', 'book',
            'interview', 'ad', 'message', 'tweet', 'post', 'story', 'study', 'record', 'position')


def load_lexicon(path):
    lex = {}
    for line in open(path, encoding='utf-8'):
        if line.startswith('#') or not line.strip():
            continue
        parts = line.rstrip('\n').split('\t')
        if len(parts) < 3 or parts[0] != 'en':
            continue
        for form in parts[1].split('|'):
            lex.setdefault(form, set()).update(parts[2])
    return lex


def cue_class(cue, before, lex, stance):
    c = cue.lower().replace('\u2019', "'").strip()
    if not re.search(r'\w', c):
        return 'mark'
    ws = [w for w in re.split(r"[^\w'\-]+", c) if w]
    while len(ws) > 1 and ws[0] in AUX:
        ws = ws[1:]
    if not ws:
        return 'other-verb'
    if ws[0] in PREP or c.startswith("'s according") or c.startswith('according'):
        if c.startswith('according') or "according to" in c:
            return 'lexicon-s'
        return 'preposition'
    prev = before.lower().replace('\u2019', "'")
    prev_w = re.findall(r"[\w']+", prev[-40:])
    for n in (2, 1):
        form = ' '.join(ws[:n])
        if 'e' in stance.get(form, '') and form not in lex:
            lex = dict(lex, **{form: set('qe')})
        if form in lex:
            f = lex[form]
            # a noun that is also a listed verb form ("claims", "remarks") after a possessive
            if prev_w and (prev_w[-1] in DET or prev_w[-1].endswith("'s")):
                return 'nominal'
            if 'e' in stance.get(form, ''):
                return 'stance'
            for k in ('s', 'a', 'q', 't', 'v'):
                if k in f:
                    return 'lexicon-s' if k == 'a' else 'lexicon-' + k
    if prev_w and (prev_w[-1] in DET or prev_w[-1].endswith("'s") or prev.rstrip().endswith("'")):
        return 'nominal'
    if ws[0].endswith(NOUN_END) and not ws[0].endswith(('ed', 'ing')):
        return 'nominal'
    return 'other-verb'


def main():
    score_py, examples, gold = sys.argv[1:4]
    nex = int(sys.argv[sys.argv.index('--examples') + 1]) if '--examples' in sys.argv else 0
    here = os.path.dirname(os.path.abspath(__file__))
    own = os.path.join(here, '..', '..', '..', 'data', 'quote-cues.txt')
    lex = load_lexicon(os.environ.get('CUES') or own)
    stance = load_lexicon(own)
    cnt, ex, words = collections.Counter(), collections.defaultdict(list), collections.defaultdict(collections.Counter)
    counts = {}
    for a, e, body in named_misses.misses(score_py, examples, gold, counts):
        cu = named_misses.text(a['cue'])
        c0 = min((f['bstart'] for f in a['cue']), default=0)
        before = body[max(0, c0 - 60):c0].decode('utf-8', 'replace')
        cls = cue_class(cu, before, lex, stance) if a['cue'] else 'no cue'
        cnt[(cls, e['error'])] += 1
        cnt[(cls, 'all')] += 1
        words[cls][cu.lower()] += 1
        if len(ex[cls]) < nex and cu and (not ex[cls] or ex[cls][-1][0] != cu.lower()):
            src = ' '.join(f['text'] for f in a['source']).split()[-1:]
            ex[cls].append((cu.lower(), ' '.join(src)))
    print(f'named-source attributions {counts["total"]}, not right {counts["wrong"]}')
    classes = sorted({k for k, _ in cnt}, key=lambda k: -cnt[(k, 'all')])
    print(f'  {"class":14s} {"all":>6s} {"not attr":>9s} {"no stmt":>8s} {"wrong spk":>9s}  commonest cues')
    for k in classes:
        top = ', '.join(f'{w} {n}' for w, n in words[k].most_common(6))
        print(f'  {k:14s} {cnt[(k, "all")]:6d} {cnt[(k, "not attributed")]:9d} {cnt[(k, "not a statement")]:8d} '
              f'{cnt[(k, "wrong speaker")]:9d}  {top}')
        for cue, src in ex[k]:
            print(f'      e.g. {src} … {cue}')


if __name__ == '__main__':
    main()
