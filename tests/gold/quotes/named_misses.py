"""named_misses — PolNeAR's named-source attributions beside the scorer's
verdict on them, for the scripts that sort a build's misses
(named_causes.py, named_classes.py); misses() yields those it got wrong,
counting them.

named(score_py, examples, gold) yields (attribution, error, body) for every
gold attribution whose source is named and that the examples file
(batch_score.py's, or score.py's --examples) lists: attribution as in
GOLD_DIR's <name>.gold.json, error the scorer's (None when right), body the
article's bytes. The examples file holds a content cut to 300 characters
(score.py), so attributions are matched on that.
"""
import collections, glob, importlib.util, json


def load_scorer(score_py):
    spec = importlib.util.spec_from_file_location('score', score_py)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    return score


def text(spans):
    return ' '.join(f['text'] for f in spans)


def named(score_py, examples, gold):
    score = load_scorer(score_py)
    errs = collections.defaultdict(list)
    for line in open(examples, encoding='utf-8'):
        e = json.loads(line)
        if e.get('source_class') == 'named':
            errs[e['article']].append(e)
    for g in sorted(glob.glob(gold + '/*.gold.json')):
        d = json.load(open(g, encoding='utf-8'))
        body = open(g[:-len('.gold.json')] + '.txt', 'rb').read()
        byc = {}
        for e in errs[d['article']]:
            byc.setdefault((e['content'], e['cue']), []).append(e)
        for a in d['attributions']:
            if score.source_class(a) != 'named':
                continue
            lst = byc.get((text(a['content'])[:300], text(a['cue'])))
            if lst:
                yield a, lst.pop(0), body


def misses(score_py, examples, gold, counts):
    """named()'s attributions the scorer did not get right, counting in
    counts (a dict) 'total' the named ones and 'wrong' these."""
    counts['total'] = counts['wrong'] = 0
    for a, e, body in named(score_py, examples, gold):
        counts['total'] += 1
        if e['error'] is None:
            continue
        counts['wrong'] += 1
        yield a, e, body
