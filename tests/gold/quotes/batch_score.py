#!/usr/bin/env python3
"""batch_score.py SCORE_PY BIN OUT EXAMPLES GOLD_DIR...: the shared scorer
(../shared/tools/attribution/score.py) over documents parsed in one batch.

score.py runs `verbatim parse FILE --json` once per article; this parses
each split's articles with `verbatim parse --json --compact` in one run
(through xargs, one JSON line per file, in order) and hands score.py's
own evaluation and report those documents. The figures are the same.
"""
import glob, importlib.util, json, os, subprocess, sys


def main():
    score_py, binary, out, examples_path = sys.argv[1:5]
    spec = importlib.util.spec_from_file_location('score', score_py)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    parsed = {}
    score.run_verbatim = lambda _bin, txt, _out: parsed[os.path.abspath(txt)]
    examples, parts, total = [], [], None
    for gold_dir in sys.argv[5:]:
        txts = sorted(g[:-len('.gold.json')] + '.txt' for g in glob.glob(os.path.join(gold_dir, '*.gold.json')))
        r = subprocess.run(['xargs', '-0', binary, 'parse', '--json', '--compact'],
                           input='\0'.join(txts).encode(), capture_output=True)
        lines = r.stdout.decode('utf-8').splitlines()
        if r.returncode or len(lines) != len(txts):
            raise SystemExit(f'{binary} parse failed on {gold_dir}: {r.stderr.decode(errors="replace")[:500]}')
        parsed.update((os.path.abspath(t), json.loads(l)) for t, l in zip(txts, lines))
        res = score.evaluate(gold_dir, binary, out, examples)
        parts.append(score.report(*res))
        if total is None:
            total = list(res[1:])
        else:
            for k in range(len(total)):
                total[k] += res[1 + k]
    if len(sys.argv) > 6:
        parts.append(score.report('all', *total))
    print('\n\n'.join(parts))
    with open(examples_path, 'w', encoding='utf-8') as f:
        for ex in examples:
            f.write(json.dumps(ex, ensure_ascii=False) + '\n')


if __name__ == '__main__':
    main()
