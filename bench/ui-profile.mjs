// Where a page's browser CPU goes: visits a page of the web UI as
// bench/ui.mjs does (charts held back, the same waits) and prints the
// renderer main thread's CPU (medians of RUNS) at the page drawn and at
// done (charts and facets drawn too); then, with Chrome's trace on from
// navigation to drawn (UNTIL=done: to done), the thread time (the
// trace's tdur) by what it was spent on: each trace event's own time (its
// children's taken out), the scripts by file, and the JavaScript
// functions sampled by V8's profiler.
// Also times a static page of the same server (the UI's help page: no
// script) the same way, what any page costs the browser and the harness.
// Usage: node bench/ui-profile.mjs BASE PATH [RUNS]   (a server on BASE,
// e.g. the one bench/ui.sh starts: PROFILE=PATH sh bench/ui.sh)
import { done, drawn, loadavg, openPage, waitForServer } from './ui-page.mjs';

const [base, path, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
await waitForServer(base);
const { browser, page, meter } = await openPage();

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.stack', 'v8', 'v8.execute', 'blink', 'loading',
  'disabled-by-default-v8.cpu_profiler', 'toplevel'];

// the trace from navigation to the page drawn, or with UNTIL=done to its
// charts and facets drawn too (the charts let go at drawn)
const untilDone = process.env.UNTIL === 'done';
const stop = async () => JSON.parse(Buffer.from(await page.tracing.stop()).toString());
async function visit(p, traced, staticPage) {
  await page.goto('about:blank');
  if (traced) await page.tracing.start({ categories: CATEGORIES });
  await page.goto(`${base}${p}`, { waitUntil: staticPage ? 'load' : 'domcontentloaded' });
  if (!staticPage) await drawn(page);
  const cpu = await meter.spent();
  let trace = traced && !untilDone ? await stop() : null;
  let all = cpu;
  if (!staticPage) {
    await page.evaluate(() => window.verbatimReleaseCharts());
    await done(page);
    all = await meter.spent();
  }
  if (traced && untilDone) trace = await stop();
  return { cpu: untilDone ? all : cpu, drawnCpu: cpu, all, trace };
}

const short = (u) => (u ? String(u).replace(base, '').replace(/^.*\/node_modules\//, 'pptr:') : '');

// the renderer main thread that ran the page's scripts (the most thread
// time of those: a chrome:// renderer's profiler start can be larger)
function mainThread(events) {
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args.name === 'CrRendererMain') names.set(`${e.pid}:${e.tid}`, 0);
  const ours = new Set();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (!names.has(k)) continue;
    if (e.ph === 'X' && e.tdur) names.set(k, names.get(k) + e.tdur);
    const d = e.args && e.args.data;
    if (d && typeof d.url === 'string' && d.url.startsWith(base)) ours.add(k);
  }
  return [...names].filter(([k]) => ours.has(k)).sort((a, b) => b[1] - a[1])[0][0];
}

function label(e) {
  const d = (e.args && (e.args.data || e.args)) || {};
  const url = d.url || d.fileName || d.scriptName || (d.frame && '') || '';
  if (/^(EvaluateScript|v8\.compile|v8\.compileModule|v8\.evaluateModule|FunctionCall|v8\.produceModuleCache|v8\.produceCache|ParseHTML|ResourceReceivedData)$/.test(e.name) && url) return `${e.name} ${short(url)}`;
  if (e.name === 'EventDispatch' && d.type) return `EventDispatch ${d.type}`;
  if (e.name === 'TimerFire' || e.name === 'FireAnimationFrame') return e.name;
  return e.name;
}

// each event's own thread time: its tdur less its children's
function selfTimes(events, key) {
  const mine = events.filter((e) => `${e.pid}:${e.tid}` === key && e.ph === 'X' && e.tdur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map();
  const stack = [];
  let total = 0;
  for (const e of mine) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.kids += e.tdur; else total += e.tdur;
    e.kids = 0;
    stack.push(e);
  }
  const count = new Map();
  for (const e of mine) {
    const k = label(e);
    self.set(k, (self.get(k) || 0) + Math.max(0, e.tdur - e.kids));
    count.set(k, (count.get(k) || 0) + 1);
  }
  return { self, total, count };
}

// V8's samples on that thread: self time by function and by script
function samples(events, key) {
  const [pid, tid] = key.split(':').map(Number);
  const nodes = new Map();
  const byFn = new Map(), byUrl = new Map();
  let profileIds = new Set();
  for (const e of events) if (e.name === 'Profile' && e.pid === pid && e.tid === tid) profileIds.add(e.id);
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.pid !== pid || (profileIds.size && !profileIds.has(e.id))) continue;
    const c = e.args.data.cpuProfile || {};
    for (const n of c.nodes || []) nodes.set(n.id, n);
    const deltas = e.args.data.timeDeltas || [];
    (c.samples || []).forEach((id, i) => {
      const n = nodes.get(id);
      if (!n) return;
      const f = n.callFrame;
      const us = deltas[i + 1] !== undefined ? deltas[i + 1] : 0;
      const fn = `${f.functionName || '(anonymous)'} ${short(f.url)}${f.lineNumber >= 0 ? `:${f.lineNumber + 1}` : ''}`;
      byFn.set(fn, (byFn.get(fn) || 0) + us);
      const u = short(f.url) || `(${f.functionName || 'native'})`;
      byUrl.set(u, (byUrl.get(u) || 0) + us);
    });
  }
  return { byFn, byUrl };
}

const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
const ms = (us) => (us / 1000).toFixed(1).padStart(7);
console.log(`load average ${await loadavg()}`);
await visit('/?q=zzzqqfirstsight', false, false); // modules fetched and compiled once
const plain = [], ui = [], uiAll = [];
for (let i = 0; i < runs; i++) {
  plain.push((await visit('/static/help.html', false, true)).cpu.renderer);
  const v = await visit(path, false, false);
  ui.push(v.drawnCpu.renderer);
  uiAll.push(v.all.renderer);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`renderer main thread CPU, median of ${runs}: ${path} ${median(ui).toFixed(0)} ms drawn, ${median(uiAll).toFixed(0)} ms done ` +
  `(charts and facets too); the static help page ${median(plain).toFixed(0)} ms`);
const { cpu, trace } = await visit(path, true, false);
const events = trace.traceEvents;
const key = mainThread(events);
const { self, total, count } = selfTimes(events, key);
console.log(`traced visit${untilDone ? ' (to done)' : ''}: ThreadTime ${cpu.renderer.toFixed(0)} ms; trace events on the main thread ${(total / 1000).toFixed(1)} ms of thread time`);
console.log(`the page: ${cpu.elements} elements, ${cpu.answers} API answers`);
// counts no load moves: the layout objects each layout visited (Layout's
// dirtyObjects), the text runs shaped, the frames painted, the requests
const mineAll = events.filter((e) => `${e.pid}:${e.tid}` === key);
const laid = mineAll.filter((e) => e.name === 'Layout' && e.args && e.args.beginData);
const sumOf = (xs, f) => xs.reduce((a, x) => a + f(x), 0);
const requests = events.filter((e) => e.name === 'ResourceSendRequest' && e.args.data && String(e.args.data.url).startsWith(base));
console.log(`counted: ${laid.length} layouts of ${sumOf(laid, (e) => e.args.beginData.dirtyObjects || 0)} objects (of ${sumOf(laid, (e) => e.args.beginData.totalObjects || 0)}), ` +
  `${mineAll.filter((e) => e.name === 'InlineNode::ShapeTextIncludingFirstLine').length} texts shaped, ${mineAll.filter((e) => e.name === 'Paint').length} paints, ` +
  `${requests.length} requests (${[...new Set(requests.map((e) => short(e.args.data.url).replace(/\?.*$/, '')))].filter((u) => u.startsWith('/static')).length} files)`);
// forced: a layout or style recalculation a script asked for (the trace
// gives it the script's stack), not the frame's own
const forced = mineAll.filter((e) => (e.name === 'Layout' || e.name === 'UpdateLayoutTree') && e.args &&
  ((e.args.beginData && e.args.beginData.stackTrace) || (e.args.data && e.args.data.stackTrace)));
console.log(`forced by a script: ${forced.length} (${forced.map((e) => {
  const st = (e.args.beginData && e.args.beginData.stackTrace) || e.args.data.stackTrace;
  return `${e.name} at ${st[0].functionName || '(anonymous)'} ${short(st[0].url)}:${st[0].lineNumber}`;
}).join('; ') || 'none'})`);
console.log('\nown thread time by event (ms, times seen):');
for (const [k, v] of top(self, 30)) console.log(`${ms(v)} ${String(count.get(k)).padStart(5)}  ${k}`);
const { byFn, byUrl } = samples(events, key);
console.log('\nJavaScript by script, sampled (ms, wall of samples):');
for (const [k, v] of top(byUrl, 15)) console.log(`${ms(v)}  ${k}`);
console.log('\nJavaScript by function, sampled (ms):');
for (const [k, v] of top(byFn, 25)) console.log(`${ms(v)}  ${k}`);
console.log(`load average ${await loadavg()}`);
await browser.close();
