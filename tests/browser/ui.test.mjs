// Drives Debian's chromium (headless, puppeteer-core) through the web UI as
// an analyst would: the home page, a search narrowed by date and speaker
// without query syntax, paging by deep links, context, a document with its
// source and cue times, speaker and entity pages, timeline and network
// charts (vendored uPlot and Cytoscape.js, drawn after the page's content),
// and documents whose text carries markup and script, on every page. Each
// page is checked at 1400 and 390 pixels wide, with no console error (CSP
// violations included) and two times: content rendered (the page's words,
// its charts held back) and charts drawn, each in wall time and in the CPU
// it cost the browser and the server, printed; held are the counts of what
// a page cost that load does not move (tests/browser/cost.mjs).
// Screenshots go to build/screenshots/. Starts its own `verbatim serve` on
// loopback and stops it. Ends with "N passed, N failed".
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { costMeter } from './cost.mjs';

const root = new URL('../../', import.meta.url).pathname;
const bin = process.env.VERBATIM_BIN || `${root}build/verbatim`;
const chrome = process.env.CHROME || '/usr/bin/chromium';
const port = 18000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;
const work = `${root}build/browser-test`;
const shots = `${root}build/screenshots`;
const corpus = `${root}../shared/corpus`;

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });
const db = `${work}/ui.db`;
const XSS = '<img src=x onerror=alert(2)>';
writeFileSync(`${work}/hostile.txt`,
  '<script>alert(1)</script> Dispatch\n\nHost: What did he say?\n\n' +
  `Omar Tessel: "${XSS} is not a speech," he said about Hamas.\n`);
writeFileSync(`${work}/token`, 'ui-test-token-0123456789\n');
// a quote and its misquote a year later by someone else: one family
writeFileSync(`${work}/quote-first.txt`,
  'March 14, 2019 Special Dispatch No. 701\n\nMinister Lev Ostrov: The Harbour Stays Closed\n\nMarch 14, 2019\n\n' +
  'Lev Ostrov: "The harbour of our city will stay closed to foreign ships until the storm season ends in May."\n');
writeFileSync(`${work}/quote-later.txt`,
  'May 5, 2020 Special Dispatch No. 702\n\nAnalyst Rita Moll On The Harbour\n\nMay 5, 2020\n\n' +
  'Rita Moll: "The harbour of our city will stay closed to foreign ships until the storm season ends in June."\n');
// the newest document by a year, one statement: not a period of its own
// for the home page's most quoted
writeFileSync(`${work}/late-note.txt`,
  'June 3, 2025 Special Dispatch No. 703\n\nAnalyst Ilse Marrow On The Buoy\n\nJune 3, 2025\n\n' +
  'Ilse Marrow: "The zephyr buoy was lost at sea."\n');
// a mayor only reported, never quoted: no speaker page of his own
writeFileSync(`${work}/reported.txt`, 'Harbour Report\n\nThe harbour will reopen in the spring, Mayor Ansel Brook said on Monday. The quay stays shut until then.\n');
// a text's own asterisks, as some UN speeches write them
writeFileSync(`${work}/stars.txt`, 'Stars Dispatch\n\nHost: What stands?\n\nIda Stern: The **bold** plan stands firm today.\n');
// a web page that says where it was published (og:url)
writeFileSync(`${work}/harbour-notice.html`, '<!doctype html><html><head><title>Harbour notice</title>' +
  '<meta property="og:url" content="https://example.org/news/harbour-notice"></head>' +
  '<body><h1>Harbour notice</h1><p>The zanzibarite harbour notice was read at noon by the port office.</p></body></html>\n');
// a speech dated by its year alone, as every UN General Debate speech is
// (the year from its file name): sits in January on a month timeline
writeFileSync(`${work}/SWE_41_1986.txt`, 'The glacier treaty is signed by every state. The glacier treaty will hold. Reykjavik signs it too.\n');
// two more of that year naming Oslo, the later one nine times: every
// statement of 1986 ties on the date
writeFileSync(`${work}/ISL_41_1986.txt`, 'The fishing accord was drafted in Oslo.\n');
writeFileSync(`${work}/NOR_41_1986.txt`, Array.from({ length: 9 }, (_, i) => `Oslo hosted round ${i + 1} of the fishing talks.`).join(' ') + '\n');
execFileSync(bin, ['ingest', '--db', db, `${corpus}/memri/sd-10850.txt`, `${corpus}/debates`, `${work}/SWE_41_1986.txt`,
  `${work}/ISL_41_1986.txt`, `${work}/NOR_41_1986.txt`,
  `${corpus}/captions/transcriptator__podnews_daily_2024-01-25.vtt`, `${root}tests/golden`,
  `${work}/quote-later.txt`, `${work}/quote-first.txt`, `${work}/harbour-notice.html`, `${work}/late-note.txt`,
  `${work}/stars.txt`, `${work}/reported.txt`], { stdio: 'ignore' });
// a watch, then documents it catches: alerts for the home page
execFileSync(bin, ['watch', '--db', db, 'add', 'tessel', 'tessel OR onerror'], { stdio: 'ignore' });
execFileSync(bin, ['ingest', '--db', db, `${work}/hostile.txt`], { stdio: 'ignore' });

// VERBATIM_WEB=DIR: the pages from DIR (`serve --web`), e.g. main's, to
// see a test fail without the change it holds
const server = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--token-file', `${work}/token`,
  ...(process.env.VERBATIM_WEB ? ['--web', process.env.VERBATIM_WEB] : [])],
  { stdio: ['ignore', 'ignore', 'pipe'] });
let serverLog = '';
server.stderr.on('data', (d) => { serverLog += d; });

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`${base}/health`);
      if (r.ok) return;
    } catch { /* not up yet */ }
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`server did not start: ${serverLog}`);
}

let passed = 0, failed = 0;
async function test(name, fn) {
  try {
    await fn();
    passed++;
    console.log(`ok   ${name}`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}: ${err.message}`);
  }
}
function check(cond, what) {
  if (!cond) throw new Error(what);
}
const apiJson = async (path) => (await fetch(`${base}${path}`)).json();

let browser, page, meter;
const consoleErrors = [], dialogs = [], timings = [];
let expectRefusal = false;

function watch(p) {
  p.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  p.on('pageerror', (e) => consoleErrors.push(`${p.url()}: ${e.message}`));
  p.on('console', (m) => {
    // a name the archive does not know, a wrong token: the API's 404 or 401 is the answer
    if (expectRefusal && / (401|404) /.test(m.text())) return;
    if (m.type() === 'error') consoleErrors.push(`${p.url()}: ${m.text()}`);
  });
}

// Waits until the router says the page is drawn; returns the milliseconds
// from the start of navigation.
async function drawn(p = page) {
  // polled on changes to the page, not on every frame: a frame-polled
  // wait costs the page's main thread for as long as it waits
  await p.waitForFunction(() => document.body.dataset.page, { timeout: 20000, polling: 'mutation' });
  return p.evaluate(() => Math.round(performance.now()));
}

// Every chart box of the page done (charts.js's data-chart): drawn, or
// nothing to draw, or failed (said on the page); and nothing of it still
// busy (aria-busy: the search's facets, drawn after its hits are painted).
async function chartsDrawn(p = page) {
  await p.waitForFunction(() => [...document.querySelectorAll('main .chart-box')]
    .every((b) => ['drawn', 'none', 'failed'].includes(b.dataset.chart)) && !document.querySelector('main [aria-busy="true"]'),
  { timeout: 20000, polling: 'mutation' });
  return p.evaluate(() => Math.round(performance.now()));
}

// Every document the test opens holds its charts back until told
// (charts.js waits for window.verbatimHoldCharts), so that "content
// rendered" is the page's words alone, "charts drawn" the rest.
async function holdCharts(p) {
  await p.evaluateOnNewDocument(() => {
    window.verbatimHoldCharts = new Promise((go) => { window.verbatimReleaseCharts = go; });
  });
}

// timings: [path, width, content ms, content CPU, charts ms, charts CPU]
async function visit(path, width = 1400, p = page) {
  await p.setViewport({ width, height: 900 });
  await p.goto(`${base}${path}`, { waitUntil: 'domcontentloaded' });
  const ms = await drawn(p);
  const content = p === page ? await meter.spent() : null;
  await p.evaluate(() => window.verbatimReleaseCharts && window.verbatimReleaseCharts());
  const chartsMs = await chartsDrawn(p);
  timings.push([path, width, ms, content, chartsMs, p === page ? await meter.spent() : null]);
  return ms;
}

async function clickNav(selector) {
  await page.evaluate(() => { document.body.dataset.page = ''; });
  await page.click(selector);
  await drawn();
}

async function shot(name) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

const text = (sel) => page.$eval(sel, (e) => e.textContent);
const count = async (sel) => (await page.$$(sel)).length;
const noOverflow = async () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);

try {
  await waitForServer();
  browser = await puppeteer.launch({
    executablePath: chrome,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    timeout: 30000,
  });
  page = await browser.newPage();
  await holdCharts(page);
  meter = await costMeter(page);
  page.setDefaultTimeout(15000);
  watch(page);
  const health = await apiJson('/health');
  // the browser's first sight of the UI starts its renderer and compiles
  // the modules and the chart libraries (100-200 ms of CPU more, once a
  // session; bench/ui.sh shows it as "cold"): times are of pages after it.
  // Labels from the archive reach the page only through text: no module
  // of the UI writes markup
  for (const f of readdirSync(`${root}web`).filter((x) => x.endsWith('.js'))) {
    if (/\.(innerHTML|outerHTML|insertAdjacentHTML)\b|document\.write/.test(readFileSync(`${root}web/${f}`, 'utf8'))) throw new Error(`web/${f} writes markup`);
  }
  for (const path of ['/', '/timeline?q=hamas', '/network?q=hamas']) await visit(path);
  timings.length = 0;

  // every module the router imports, near or far, is asked for by the
  // page itself (modulepreload), not found one level at a time as each
  // module is read (index.html -> app.js -> home.js -> charts.js)
  await test('the page preloads every module the router imports', async () => {
    const imports = (f) => [...readFileSync(`${root}web/${f}`, 'utf8').matchAll(/^import [^;]*? from '\.\/([a-z]+\.js)'/gms)].map((m) => m[1]);
    const need = new Set();
    for (const todo = imports('app.js'); todo.length;) {
      const f = todo.pop();
      if (!need.has(f)) { need.add(f); todo.push(...imports(f)); }
    }
    check(need.size >= 7, `imports found: ${[...need]}`);
    const html = await (await fetch(`${base}/`)).text();
    const pre = new Set([...html.matchAll(/<link rel="modulepreload" href="\/static\/([a-z]+\.js)">/g)].map((m) => m[1]));
    const missing = [...need].filter((f) => !pre.has(f));
    check(!missing.length, `not preloaded: ${missing}`);
  });

  await test('home: the archive at a glance, charts, latest, watches with alerts', async () => {
    await visit('/');
    await page.waitForSelector('#archive-timeline .uplot canvas');
    check((await text('#n-documents .value')) === health.documents.toLocaleString('en'), 'document count');
    check((await text('#n-statements .value')) === health.statements.toLocaleString('en'), 'statement count');
    check(/^\d{4}(-\d\d)? – \d{4}-\d\d$/.test((await text('#date-span .value')).trim()), `date span ${await text('#date-span .value')}`);
    // the year fields say which years hold documents
    const span = (await text('#date-span .value')).trim();
    check(await page.$eval('#home-search input[name=from]', (i) => i.placeholder) === `from (${span.slice(0, 4)}…)`, 'from: no years');
    check(await page.$eval('#home-search input[name=to]', (i) => i.placeholder) === `to (…${span.slice(-7, -3)})`, 'to: no years');
    // the chart's legend says the whole before a bar is pointed at
    check(/ in all/.test(await text('#archive-timeline .u-legend')), `legend before hovering: ${await text('#archive-timeline .u-legend')}`);
    check(/undated statements? \(no date/.test(await text('#archive-timeline .chart-note')), 'undated statements not said');
    const t = await apiJson('/api/timeline?q=after%3A1000&interval=month');
    const dated = t.buckets.reduce((a, b) => a + b.count, 0);
    check(await page.$eval('#archive-timeline', (e) => e.dataset.dated) === String(dated), 'dated statements drawn != the timeline\'s');
    await page.waitForSelector('#top-speakers-list a');
    await page.waitForSelector('#top-entities-list a');
    // most quoted over a period that holds a hundredth of the statements:
    // not the newest document's months alone (one statement, 2025)
    const note = await text('#top-speakers p.muted');
    const n = Number((note.match(/^([\d,]+) statements?/) || [0, '0'])[1].replace(/,/g, ''));
    check(/in all the archive/.test(note) || n >= Math.min(1000, Math.ceil(health.statements / 100)), `most quoted over too few: ${note}`);
    // the speaker count from the overview, not from the whole list
    check((await text('#n-speakers .value')) === (await apiJson('/api/speakers')).length.toLocaleString('en'), 'speaker count');
    const asked = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name)).filter((u) => u.pathname === '/api/speakers').map((u) => u.search));
    check(asked.every((q) => /limit=/.test(q)), `the home page asked for every speaker: ${asked}`);
    check(await count('#recent li a') >= 3, 'latest documents');
    await page.waitForSelector('#watches .watch-name');
    check(/[1-9]\d* alerts?/.test(await text('#watches')), `watch alerts: ${await text('#watches')}`);
    check(await page.$eval('link[rel=icon]', (l) => l.href.endsWith('/static/favicon.svg')), 'favicon');
    check((await (await fetch(`${base}/static/favicon.svg`)).text()).startsWith('<svg'), 'favicon served');
    await shot('home');
    // the archive's bars (uPlot): every month between the first and the
    // last, time and count axes with values, the one pointed at in the
    // legend, a click searches its month
    const first = t.buckets.find((b) => b.count), last = [...t.buckets].reverse().find((b) => b.count);
    const [fy, fm] = first.period.split('-').map(Number), [ly, lm] = last.period.split('-').map(Number);
    const months = (ly - fy) * 12 + lm - fm + 1;
    check(await page.$eval('#archive-timeline .timeline-chart', (c) => Number(c.dataset.periods)) === months, 'empty months not drawn');
    check(await page.$eval('#archive-timeline .timeline-chart', (c) => c.uplot.data[0].length) === months, 'uPlot was not given every month');
    const ticks = await page.$eval('#archive-timeline .timeline-chart', (c) => c.uplot.axes[0]._values || []);
    check(ticks.length >= 2 && ticks.every((x) => /^\d{4}(-\d\d)?$/.test(x)), `period labels: ${ticks}`);
    check((await page.$eval('#archive-timeline .timeline-chart', (c) => c.uplot.axes[1]._values || [])).some((v) => /\d/.test(v)), 'no count axis');
    const bar = await page.$eval('#archive-timeline .timeline-chart', (c) => {
      const u = c.uplot, i = u.data[1].findIndex((v) => v > 0), r = u.over.getBoundingClientRect();
      return { x: r.left + u.valToPos(u.data[0][i], 'x'), y: r.bottom - 2, i };
    });
    await page.mouse.move(bar.x, bar.y);
    const pointed = await page.$$eval('#archive-timeline .u-legend .u-value', (vs) => vs.map((v) => v.textContent));
    check(/^\d{4}-\d\d$/.test(pointed[0]) && /^[\d,]+$/.test(pointed[1]), `legend on a bar: ${pointed}`);
    await page.evaluate(() => { document.body.dataset.page = ''; });
    await page.mouse.click(bar.x, bar.y);
    await drawn();
    const picked = new URL(page.url()).searchParams;
    check(picked.get('from') === pointed[0] && picked.get('to') === pointed[0], `a click on a bar: ${page.url()}`);
  });

  // A server without `make vendor` (no chart library): the timeline's
  // figures are the periods that hold statements, a line a year past two
  // dozen (every month between the first and the last was 245 rows on the
  // Kremlin sample, above everything else on the home page)
  await test('timeline without the chart library: the periods with statements, grouped past two dozen', async () => {
    const bare = await browser.newPage();
    await bare.setRequestInterception(true);
    bare.on('request', (r) => (new URL(r.url()).pathname.startsWith('/static/vendor/') ? r.abort() : r.continue()));
    try {
      await visit('/', 1400, bare);
      await bare.waitForSelector('#archive-timeline ul.periods');
      // the home page's months: the overview's, a year-only period in January
      const h = await apiJson('/api/overview?latest=6');
      const want = new Map();
      for (const m of h.months) {
        const p = m.period.length === 4 ? `${m.period}-01` : m.period;
        want.set(p, (want.get(p) || 0) + m.count);
      }
      for (const [p, n] of [...want]) if (!n) want.delete(p);
      const shown = await bare.$$eval('#archive-timeline li[data-period]', (lis) => lis.map((li) => [li.dataset.period, Number(li.dataset.count)]));
      check(shown.length === want.size && shown.every(([p, n]) => want.get(p) === n), `periods shown ${JSON.stringify(shown)} vs ${JSON.stringify([...want])}`);
      check(await bare.$$eval('#archive-timeline .timeline-chart > ul.periods > li', (l) => l.length) <= 24, 'more than two dozen lines');
      check(/make vendor/.test(await bare.$eval('#archive-timeline', (b) => b.textContent)), 'the page does not say why there is no chart');
      check(await bare.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'wider than the screen');
      await bare.screenshot({ path: `${shots}/home-no-charts.png`, fullPage: true });
      // a period searches its month, as a bar of the chart does
      const first = shown[0][0];
      await bare.evaluate(() => { document.body.dataset.page = ''; });
      await bare.click(`#archive-timeline li[data-period="${first}"] button`);
      await drawn(bare);
      const picked = new URL(bare.url()).searchParams;
      check(picked.get('from') === first && picked.get('to') === first, `a click on ${first}: ${bare.url()}`);
      // 245 months, one in three empty (the Kremlin sample's span): a line a
      // year, each opening on its months; a day timeline of three years: a
      // line a month would be 36, so a line a year
      const grouped = await bare.evaluate(async () => {
        const { timeline } = await import('/static/charts.js');
        const run = async (interval, periods) => {
          const box = document.createElement('div');
          box.className = 'chart-box';
          document.getElementById('main').append(box);
          const buckets = periods.map((period, i) => ({ period, count: i % 3 ? i : 0 }));
          await timeline(box, buckets, { interval, total: 1e6 });
          const top = box.querySelectorAll('.timeline-chart > ul.periods > li');
          return { top: [...top].map((li) => li.dataset.group || li.dataset.period), rows: [...box.querySelectorAll('li[data-period]')].map((li) => [li.dataset.period, Number(li.dataset.count)]),
            want: buckets.filter((b) => b.count).map((b) => [b.period, b.count]), sums: [...top].map((li) => Number(li.dataset.count)) };
        };
        const months = [];
        for (let i = 0; i < 245; i++) months.push(`${1999 + Math.floor((i + 7) / 12)}-${String(((i + 7) % 12) + 1).padStart(2, '0')}`);
        const days = [];
        for (let d = new Date('2020-01-01T00:00:00Z'); d < new Date('2023-01-01T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 9)) days.push(d.toISOString().slice(0, 10));
        return [await run('month', months), await run('day', days)];
      });
      const [m, d] = grouped;
      check(m.top.length === 21 && m.top[0] === '1999' && m.top[20] === '2019', `month lines: ${m.top}`);
      check(JSON.stringify(m.rows) === JSON.stringify(m.want), 'the months inside the years are not the non-empty ones');
      check(m.sums.reduce((a, b) => a + b, 0) === m.want.reduce((a, [, n]) => a + n, 0), 'the years\' sums');
      check(JSON.stringify(d.top) === '["2020","2021","2022"]' && JSON.stringify(d.rows) === JSON.stringify(d.want), `day lines: ${d.top}`);
    } finally {
      await bare.close();
    }
  });

  // Done means: from the home page, what a speaker said about a topic in a
  // date range, without typing query syntax, to the source, the speaker's
  // other statements and the entity's roles over time.
  await test('flow: topic and years on the home page, a speaker from the facets', async () => {
    await visit('/');
    await page.type('#home-q', 'russia');
    await page.type('#home-search input[name=from]', '2023');
    await page.type('#home-search input[name=to]', '2023');
    await Promise.all([page.click('#home-search button'), page.waitForSelector('#total')]);
    const url = new URL(page.url());
    check(url.searchParams.get('from') === '2023' && url.searchParams.get('to') === '2023', `url ${page.url()}`);
    await page.waitForSelector('a[data-facet=speaker]');
    const [href] = await page.$$eval('a[data-facet=speaker]', (as) => as.filter((a) => a.textContent.startsWith('Ali Baraka')).map((a) => a.getAttribute('href')));
    check(href, 'no Ali Baraka in the speaker facet');
    await clickNav(`a[data-facet=speaker][href="${href}"]`);
    await page.waitForSelector('#total');
    check((await text('#active-filters')).includes('Ali Baraka'), 'filter chip');
    const who = await page.$$eval('.hit .who', (as) => [...new Set(as.map((a) => a.textContent))]);
    check(who.length === 1 && who[0] === 'Ali Baraka', `speakers: ${who}`);
    const dates = await page.$$eval('.hit .date', (ds) => ds.map((d) => d.textContent));
    check(dates.length && dates.every((d) => d.startsWith('2023')), `dates ${dates}`);
    const api = await apiJson(`/api/search?${new URLSearchParams({ q: 'russia speaker:"Ali Baraka" after:2023 before:2024', limit: '1' })}`);
    check((await text('#total')).startsWith(`${api.total} statement`), `total ${await text('#total')} vs ${api.total}`);
    await shot('flow-search');
    // the source
    await clickNav('.hit .permalink');
    await page.waitForSelector('.statement.hl');
    check(/russia/i.test(await text('.statement.hl')), 'the marked statement is not the hit');
    check((await page.title()).startsWith('Senior Hamas Official Ali Baraka'), `title ${await page.title()}`);
    check((await text('#doc-meta')).includes('sd-10850.txt'), 'source in the metadata panel');
    check((await text('#doc-meta')).includes('MEMRI'), 'publisher');
    check((await text('#doc-speakers')).includes('Senior Hamas official'), 'speaker role');
    check(await count('#doc-entities a') >= 5, 'entities');
    await shot('flow-document');
    // the speaker's other statements
    await clickNav('#doc-speakers a[href="/s/Ali%20Baraka"]');
    await page.waitForSelector('#speaker-latest .latest li');
    await page.waitForSelector('#speaker-timeline .uplot canvas');
    // the header counts what the list pages through (his own words)
    const said = (t) => (/([\d,]+) statements?/.exec(t) || [])[1];
    const head = said(await text('.page-head .meta')), listed = said(await text('#speaker-latest'));
    check(head && head === listed, `the header says ${head} statements, the list ${listed}`);
    check((await page.title()).startsWith('Ali Baraka'), 'speaker page title');
    check(await count('#speaker-mentions-list a') >= 3, 'whom he mentions');
    await page.waitForSelector('#roles');
    await shot('flow-speaker');
    // an entity's roles over time
    await clickNav('#speaker-mentions-list a[href="/e/Ali%20Baraka"], #speaker-entity a[href^="/e/"]');
    await page.waitForSelector('#roles tbody tr');
    check((await text('#roles')).includes('Senior Hamas official') && (await text('#roles')).includes('2023-10-08'), `roles: ${await text('#roles')}`);
    await page.waitForSelector('#entity-timeline .uplot canvas');
    check(/mentions/.test(await text('#entity-timeline .u-legend')), `the chart's legend: ${await text('#entity-timeline .u-legend')}`);
    await shot('flow-entity');
  });

  await test('month facet and entity chart: a document dated by its year alone shows the year', async () => {
    await visit('/?q=glacier');
    await page.waitForSelector('.facet-month .facet-value');
    const months = await page.$$eval('.facet-month .facet-value', (ls) => ls.map((l) => l.textContent));
    check(months.length === 1 && months[0] === '1986', `months ${months}`);
    await clickNav('a[data-facet=month]');
    const url = new URL(page.url()).searchParams;
    check(url.get('from') === '1986' && url.get('to') === '1986', `the year's filter: ${page.url()}`);
    check(parseInt(await text('#total'), 10) === 2, `glacier in 1986: ${await text('#total')}`);
    // an entity named only there: its mentions drawn per year, not in January
    await visit('/e/Reykjavik');
    await chartsDrawn();
    const box = await page.$eval('#entity-timeline', (b) => [b.dataset.interval, b.querySelector('.chart-note')?.textContent]);
    check(box[0] === 'year' && /dated by year only/.test(box[1]) && !/1986-01/.test(box[1]), `the entity's chart: ${box}`);
  });

  await test('entity: its latest statements one from each of its newest documents, not all of one', async () => {
    await visit('/e/Oslo');
    await page.waitForSelector('#entity-latest .latest li');
    const docs = await page.$$eval('#entity-latest .latest .doc-link', (as) => as.map((a) => a.getAttribute('href').split('#')[0]));
    check(docs.length >= 2 && new Set(docs).size === docs.length, `latest from ${docs}`);
    check(/\d+ statements? in \d+ documents?/.test(await text('#entity-latest')), `says ${await text('#entity-latest')}`);
    await shot('entity-latest');
  });

  let page2 = '';
  await test('paging: a stable link per page, next and previous', async () => {
    await visit(`/?${new URLSearchParams({ q: 'people', f: 'speaker:"Donald J. Trump"' })}`);
    const total = parseInt((await text('#total')).replace(/,/g, ''), 10);
    check(total > 40, `total ${total}`);
    const first = await page.$$eval('.hit .permalink', (as) => as.map((a) => a.getAttribute('href')));
    check(first.length === 20, `page 1 has ${first.length}`);
    await clickNav('.pager .next');
    check(new URL(page.url()).searchParams.get('page') === '2', `url ${page.url()}`);
    const second = await page.$$eval('.hit .permalink', (as) => as.map((a) => a.getAttribute('href')));
    check(second.length === 20 && !second.some((h) => first.includes(h)), 'page 2 repeats page 1');
    check((await text('#total')).includes('page 2 of'), 'page count');
    page2 = page.url();
    await shot('paging');
    // the same page from its link alone
    const p2 = await browser.newPage();
    watch(p2);
    await visit(page2.slice(base.length), 1400, p2);
    const again = await p2.$$eval('.hit .permalink', (as) => as.map((a) => a.getAttribute('href')));
    check(JSON.stringify(again) === JSON.stringify(second), 'the deep link shows another page');
    await p2.close();
    await clickNav('.pager .prev');
    check(!new URL(page.url()).searchParams.get('page'), 'previous goes to page 1');
  });

  await test('facets: exclude, months in time order, sort by date', async () => {
    await visit('/?q=hamas');
    await page.waitForSelector('a.exclude');
    const before = parseInt(await text('#total'), 10);
    const months = await page.$$eval('.facet-month .facet-value', (ls) => ls.map((l) => l.textContent));
    check(months.length && months.every((m, i) => !i || months[i - 1] < m), `months ${months}`);
    // every facet counts statements: no unit line under "Mentioned" unless the count is a sample's
    check(!(await page.$('#entity-facet-unit')), `a unit line under Mentioned: ${await page.$eval('#entity-facet-unit', (p) => p.textContent).catch(() => '')}`);
    const ex = await page.$$eval('.facet-entity a.facet-value', (as) => as.map((a) => [a.textContent,
      a.parentNode.querySelector(`a.exclude[aria-label="exclude ${a.textContent}"]`).getAttribute('href'), a.getAttribute('href'),
      getComputedStyle(a, '::after').content]).find(([l]) => l === 'Russia'));
    check(ex, 'Russia in the entity facet');
    // the facet filters by the entity it counted (its id), not by its name
    const facets = await apiJson(`/api/search?${new URLSearchParams({ q: 'hamas', limit: '1', facets: 'entity' })}`);
    const [, russiaCount, russiaId] = facets.facets.entity.find(([n]) => n === 'Russia');
    check(/^e[0-9]+$/.test(russiaId || ''), `the entity facet gives no id: ${JSON.stringify(facets.facets.entity[0])}`);
    check(decodeURIComponent(ex[2]).includes(`mentions:"${russiaId}"`), `include link ${ex[2]}`);
    check(ex[3] === `"${russiaCount.toLocaleString('en')}"`, `Russia's count shown: ${ex[3]}, counted ${russiaCount}`);
    await clickNav(`a.facet-value[href="${ex[2]}"]`);
    const only = parseInt(await text('#total'), 10);
    check(only === russiaCount, `Russia: the facet counts ${russiaCount}, its filter finds ${only}`);
    await page.waitForFunction(() => document.querySelector('#active-filters b')?.textContent === 'Russia');
    await visit('/?q=hamas');
    await page.waitForSelector('a.exclude');
    await clickNav(`a.exclude[href="${ex[1]}"]`);
    check((await text('#active-filters')).includes('not mentions'), 'negative chip');
    const after = parseInt(await text('#total'), 10);
    const api = await apiJson(`/api/search?${new URLSearchParams({ q: `hamas -mentions:${russiaId}`, limit: '1' })}`);
    check(after === api.total && after === before - russiaCount, `excluded: ${after} of ${before}, api ${api.total}`);
    await page.select('#sort', 'date');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('sort') === 'date' && document.body.dataset.page === 'search');
    const dates = await page.$$eval('.hit .date', (ds) => ds.map((d) => d.textContent));
    check(dates.every((d, i) => !i || dates[i - 1] >= d || d === 'undated'), `dates not newest first: ${dates}`);
    await shot('facets');
  });

  // A search page's facets were half its elements at seven a row (li, two
  // links' worth of spans, a bar): a value is one element now, its count
  // and bar drawn by the style sheet, with what a user sees kept.
  await test('facets: a value is one element, its name, count and bar shown, its links reached by keyboard', async () => {
    await visit('/?q=hamas');
    const want = (await apiJson(`/api/search?${new URLSearchParams({ q: 'hamas', sort: 'date', limit: '1', facets: 'speaker,entity,tag,month,said' })}`)).facets;
    const rows = await page.$$eval('#facets .facet', (lists) => lists.map((l) => {
      const values = [...l.querySelectorAll('a.facet-value')];
      return {
        name: l.className.replace(/^facet facet-/, ''),
        elements: l.querySelectorAll('*').length,
        links: l.children.length === l.querySelectorAll(':scope > a[href]').length,
        nested: values.filter((a) => a.children.length).length,
        shown: values.map((a) => [a.textContent, getComputedStyle(a, '::after').content, getComputedStyle(a).backgroundSize.split(' ')[0]]),
        // the page's own links are tabbable: no tabindex taken away
        untabbable: l.querySelectorAll('a[tabindex="-1"]').length,
      };
    }));
    check(rows.length >= 4, `facets drawn: ${rows.map((r) => r.name)}`);
    for (const r of rows) {
      const values = want[r.name];
      const max = Math.max(...values.map((v) => v[1]));
      const others = r.name === 'speaker' || r.name === 'entity' ? 2 : r.name === 'tag' ? 1 : 0;
      check(r.elements === values.length * (1 + others) && r.links && !r.nested && !r.untabbable,
        `${r.name}: ${r.elements} elements for ${values.length} values (want ${1 + others} each, links only)`);
      const byName = new Map(values.map(([v, n]) => [String(v), n]));
      for (const [label, count, bar] of r.shown) {
        const n = byName.get(label);
        check(n !== undefined && count === `"${n.toLocaleString('en')}"`, `${r.name} ${label}: count shown ${count}, the API's ${n}`);
        // the bar: the value's share of the largest, of the row's width
        check(bar.endsWith('%') && Math.abs(parseFloat(bar) - (100 * n) / max) <= 0.5, `${r.name} ${label}: bar ${bar} for ${n} of ${max}`);
      }
    }
    await shot('facet-rows');
  });

  // The facets drawn once the hits are painted, whichever answer comes in
  // first: the hits' answer held back here so that the facets' is in first.
  await test('search: the facets are drawn after the hits are painted, even when their answer is in first', async () => {
    const p = await browser.newPage();
    watch(p);
    await holdCharts(p);
    await p.setRequestInterception(true);
    const answered = [];
    p.on('request', (req) => {
      if (req.url().includes('context=2')) setTimeout(() => req.continue(), 400);
      else req.continue();
    });
    p.on('response', (res) => {
      if (res.url().includes('/api/search')) answered.push(res.url().includes('facets=') ? 'facets' : 'hits');
    });
    // the frame each part was first seen in (a frame counted as it starts)
    await p.evaluateOnNewDocument(() => {
      window.__frames = 0;
      const tick = () => { window.__frames++; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      window.__seen = {};
      new MutationObserver(() => {
        if (window.__seen.hits === undefined && document.querySelector('#hits .hit')) window.__seen.hits = window.__frames;
        if (window.__seen.facets === undefined && document.querySelector('#facets .facet-value')) window.__seen.facets = window.__frames;
      }).observe(document, { childList: true, subtree: true });
    });
    try {
      await visit('/?q=hamas', 1400, p);
      const seen = await p.evaluate(() => window.__seen);
      check(answered.join(' ') === 'facets hits', `answers in: ${answered.join(' ')} (the facets' first is what this checks)`);
      check(seen.hits !== undefined && seen.facets !== undefined, `drawn: ${JSON.stringify(seen)}`);
      check(seen.facets > seen.hits, `facets in frame ${seen.facets}, hits in frame ${seen.hits}: not after the hits were painted`);
      check(!(await p.$('main [aria-busy="true"]')), 'the facets still busy');
    } finally {
      await p.close();
    }
  });

  await test('a filter is a positive term: speaker:"Ali Baraka" -kalashnikov', async () => {
    await visit('/');
    await page.type('#q', 'speaker:"Ali Baraka" -kalashnikov');
    await Promise.all([page.keyboard.press('Enter'), page.waitForSelector('#total, #search-error')]);
    check(!(await page.$('#search-error')), 'refused');
    const n = parseInt(await text('#total'), 10);
    const all = (await apiJson('/api/search?q=speaker:%22Ali%20Baraka%22&limit=1')).total;
    const with_ = (await apiJson('/api/search?q=speaker:%22Ali%20Baraka%22%20kalashnikov&limit=1')).total;
    check(n === all - with_ && with_ > 0, `${n} != ${all} - ${with_}`);
  });

  await test('context: the sentences around a hit without a click, then the whole turn', async () => {
    await visit('/?q=kalashnikov');
    const r = await apiJson('/api/search?q=kalashnikov&limit=20&context=2');
    const want = r.hits.map((h) => [(h.before || []).join(' '), (h.after || []).join(' ')]);
    check(want.some(([b, a]) => b || a), 'the API gives no context');
    // each hit's sentences before it and after it, in one element each side
    const near = await page.$$eval('.hit p.text', (ps) => ps.map((p) => {
      const said = p.querySelector(':scope > .said');
      const side = (pos) => [...p.querySelectorAll(':scope > .ctx')].filter((c) => c.compareDocumentPosition(said) & pos)
        .map((c) => c.textContent.trim()).join(' ');
      return { around: [side(Node.DOCUMENT_POSITION_FOLLOWING), side(Node.DOCUMENT_POSITION_PRECEDING)], elements: p.children.length,
        wrapped: [...said.children].some((c) => c.tagName !== 'MARK') };
    }));
    check(JSON.stringify(near.map((n) => n.around)) === JSON.stringify(want),
      `the sentences around the hits: ${JSON.stringify(near.map((n) => n.around))}, the API's ${JSON.stringify(want)}`);
    check(near.every((n) => n.elements <= 3 && !n.wrapped), `a hit's text in more elements than before, it, after: ${JSON.stringify(near)}`);
    // the whole turn's box made on the first click, not with every hit
    check((await count('.hit .context')) === 0, 'a box for the whole turn before any click');
    const first = 1 + (r.hits[0].before || []).length + (r.hits[0].after || []).length;
    await page.click('.hit .ctx-toggle');
    await page.waitForSelector('.hit .context:not([hidden]) mark');
    await page.waitForFunction(() => document.querySelector('.hit .ctx-toggle').textContent === 'hide turn');
    const whole = await page.$eval('.hit .context', (c) => c.querySelectorAll('span, mark').length);
    check(whole >= first, `the turn (${whole} statements) is shorter than the context (${first})`);
    check(await page.$eval('.hit p.text', (p) => p.hidden), 'the hit is shown twice');
    await shot('context');
  });

  await test('captions: the document shows cue times', async () => {
    const r = await apiJson('/api/search?q=podnews&limit=1');
    check(r.hits.length, 'caption document not found');
    await visit(`/d/${r.hits[0].doc}`);
    const cue = await text('.turn .cue');
    check(/\d\d:\d\d:\d\d–\d\d:\d\d:\d\d/.test(cue), `cue ${cue}`);
    check(!(await page.title()).includes('/'), `title is a path: ${await page.title()}`);
    await shot('captions');
  });

  await test('quote family: a permalink shows where the words were first said, and how they changed', async () => {
    const hits = (await apiJson(`/api/search?q=${encodeURIComponent('"foreign ships"')}&sort=date`)).hits;
    const later = hits.find((h) => h.speaker === 'Rita Moll'), first = hits.find((h) => h.speaker === 'Lev Ostrov');
    check(later && first, `hits ${JSON.stringify(hits.map((h) => h.speaker))}`);
    await visit(later.link.replace(/^https?:\/\/[^/]+/, ''));
    await page.waitForSelector('#family-first');
    const head = await text('#family-first');
    check(head.includes('2019-03-14') && head.includes('Lev Ostrov'), `first said: ${head}`);
    check((await text('#doc-family .diff del')) === 'May' && (await text('#doc-family .diff ins')) === 'June',
      `diff: ${await text('#doc-family .diff')}`);
    await shot('family');
    await clickNav('#family-first a.family-first-link');
    check(page.url().endsWith(first.link.slice(first.link.indexOf('#'))), `went to ${page.url()}`);
    await page.waitForFunction(() => /this statement/.test((document.getElementById('family-first') || {}).textContent || ''));
    // a click on a statement asks for its family
    await page.evaluate(() => { document.getElementById('family-first').remove(); });
    await page.click('.statement.hl');
    await page.waitForSelector('#family-first');
  });

  await test('document: a statement said before is marked, linked to where it was first said', async () => {
    const hits = (await apiJson(`/api/search?q=${encodeURIComponent('"foreign ships"')}&sort=date`)).hits;
    const later = hits.find((h) => h.speaker === 'Rita Moll'), first = hits.find((h) => h.speaker === 'Lev Ostrov');
    check(later && first, `hits ${JSON.stringify(hits.map((h) => h.speaker))}`);
    await visit(`/d/${later.doc}`);
    await page.waitForSelector(`#s${later.index}.said-before`);
    check((await count('.statement.said-before')) === 1, 'one statement is said before');
    const link = await page.$eval(`#s${later.index} + a.said-before-link`, (a) => ({ href: a.getAttribute('href'), text: a.textContent }));
    check(link.text.includes('2019-03-14'), `mark: ${link.text}`);
    check(link.href.endsWith(first.link.slice(first.link.indexOf('/d/'))), `first said link: ${link.href} for ${first.link}`);
    await shot('said-before');
    await clickNav(`#s${later.index} + a.said-before-link`);
    check(page.url().includes(first.doc), `went to ${page.url()}`);
    await page.waitForSelector('#family-first');
    // the first said is not marked
    check((await count('.statement.said-before')) === 0, 'the first said is marked as said before');
  });

  await test('search: a hit said before shows when it was first said, and the "said before" facet filters', async () => {
    await visit(`/?${new URLSearchParams({ q: '"foreign ships"' })}`);
    await page.waitForSelector('.hit .family');
    const before = await text('.hit .said-before');
    check(/said before/i.test(before) && before.includes('2019-03-14'), `said before: ${before}`);
    check((await count('.hit .first-said-here')) === 1, 'the first said is marked so');
    const link = await page.$eval('.hit .said-before a.first-said', (a) => a.getAttribute('href'));
    check(/#s\d+/.test(link), `first said link: ${link}`);
    await page.waitForSelector('a[data-facet=said]');
    const values = await page.$$eval('a[data-facet=said]', (as) => as.map((a) => `${a.textContent} ${getComputedStyle(a, '::after').content}`));
    check(values.includes('said before "1"') && values.includes('first said "1"'),
      `said facet: ${JSON.stringify(values)}`);
    const href = await page.$$eval('a[data-facet=said]', (as) => as.find((a) => a.textContent.startsWith('said before')).getAttribute('href'));
    await clickNav(`a[data-facet=said][href="${href}"]`);
    await page.waitForSelector('.hit');
    check((await count('.hit')) === 1 && (await count('.hit .said-before')) === 1, 'only the repeat is left');
    check((await text('#active-filters')).includes('repeated'), `chips: ${await text('#active-filters')}`);
  });

  const TQ = 'hamas OR minister OR people'; // dated months with gaps, and undated debates
  await test('timeline: uPlot bars, every month between, undated counted', async () => {
    await visit(`/timeline?${new URLSearchParams({ q: TQ, interval: 'month' })}`);
    await page.waitForSelector('#timeline .uplot canvas');
    const t = await apiJson(`/api/timeline?${new URLSearchParams({ q: TQ, interval: 'month' })}`);
    const [fy, fm] = t.buckets[0].period.split('-').map(Number);
    const [ly, lm] = t.buckets[t.buckets.length - 1].period.split('-').map(Number);
    const months = (ly - fy) * 12 + lm - fm + 1;
    check(months > t.buckets.length, 'the fixture has no empty month');
    check(await page.$eval('.timeline-chart', (c) => Number(c.dataset.periods)) === months, 'empty months not drawn');
    // uPlot draws the axes on its canvas: their labels are read from it
    const axis = await page.$eval('.timeline-chart', (c) => (c.uplot.axes[0]._values || []).join(' '));
    check(/^\d{4}-\d\d( \d{4}-\d\d)+$/.test(axis), `axis labels: ${axis}`);
    const ys = await page.$eval('.timeline-chart', (c) => (c.uplot.axes[1]._values || []).join(' '));
    // counts on whole numbers (a tick read 12.5)
    check(/^[\d,]+( [\d,]+)+$/.test(ys), `count axis: ${ys}`);
    const total = (await apiJson(`/api/search?${new URLSearchParams({ q: TQ, limit: '1' })}`)).total;
    const dated = t.buckets.reduce((a, b) => a + b.count, 0);
    check((await text('#timeline .chart-note')).includes(`${total - dated} undated`), `note ${await text('#timeline .chart-note')}`);
    await shot('timeline');
    // a click on a bar reads its statements (uPlot's handlers kept the
    // browser's click from the chart: a click did nothing)
    const bar = await page.$eval('.timeline-chart', (c) => {
      const u = c.uplot, i = u.data[1].findIndex((v) => v > 0), r = u.over.getBoundingClientRect();
      return { x: r.left + u.valToPos(u.data[0][i], 'x'), y: r.bottom - 2, period: c.uplot.series[0].value(u, u.data[0][i], 0, i) };
    });
    await page.evaluate(() => { document.body.dataset.page = ''; });
    await page.mouse.click(bar.x, bar.y);
    await drawn();
    const picked = new URL(page.url()).searchParams;
    check(picked.get('from') === bar.period && picked.get('to') === bar.period && picked.get('q') === TQ, `a click on a bar: ${page.url()}`);
  });

  await test('timeline: dates given by the year alone are drawn per year, or marked as such beside finer ones', async () => {
    await visit(`/timeline?${new URLSearchParams({ q: 'glacier', interval: 'month' })}`);
    await page.waitForSelector('#timeline .uplot canvas');
    check(await page.$eval('.timeline-chart', (c) => c.dataset.interval) === 'year', 'a year-only archive is drawn per month');
    check((await text('#timeline .chart-note')).includes('dated by year only'), `note ${await text('#timeline .chart-note')}`);
    const axis = await page.$eval('.timeline-chart', (c) => (c.uplot.axes[0]._values || []).join(' '));
    check(/^\d{4}( \d{4})*$/.test(axis), `axis labels: ${axis}`);
    const q = 'glacier OR kalashnikov';
    await visit(`/timeline?${new URLSearchParams({ q, interval: 'month' })}`);
    await page.waitForSelector('#timeline .uplot canvas');
    const t = await apiJson(`/api/timeline?${new URLSearchParams({ q, interval: 'month' })}`);
    const coarse = t.buckets.reduce((a, b) => a + (b.coarse || 0), 0);
    check(coarse > 0 && coarse < t.buckets.reduce((a, b) => a + b.count, 0), `the API's coarse counts: ${JSON.stringify(t.buckets)}`);
    check(t.buckets.find((b) => b.coarse).period === '1986-01', 'the year-only speech is not in January');
    const chart = await page.$eval('.timeline-chart', (c) => [c.dataset.interval, c.dataset.coarse, c.uplot.series.length]);
    check(chart[0] === 'month' && chart[1] === String(coarse) && chart[2] === 3, `chart ${chart}`);
    check((await text('#timeline .chart-note')).includes(`${coarse} statement`) && (await text('#timeline .chart-note')).includes('only a year'),
      `note ${await text('#timeline .chart-note')}`);
    await shot('timeline-year-only');
  });

  // a speaker the document only reports (no words of their own in the
  // archive) has no speaker page: the panel links the name's page, and
  // every speaker page it links exists
  await test('document: a speaker only reported links to the name, not to a speaker page that is not there', async () => {
    const hit = (await apiJson('/api/search?q=quay&limit=1')).hits[0];
    check(hit, 'the reported fixture is not in the archive');
    check((await fetch(`${base}/api/speakers/Ansel%20Brook`)).status === 404, 'Ansel Brook has a speaker page: the premise is gone');
    await visit(`/d/${hit.doc}`);
    await page.waitForSelector('#doc-speakers li');
    const links = await page.$$eval('#doc-speakers a', (as) => as.map((a) => a.getAttribute('href')));
    check(!links.some((h) => h.startsWith('/s/')), `a speaker page linked: ${links}`);
    check(links.includes('/e/Ansel%20Brook'), `the name's page not linked: ${links}`);
    check(/1 statement reported by others/.test(await text('#doc-speakers')), `counts: ${await text('#doc-speakers')}`);
    const baraka = (await apiJson('/api/search?q=kalashnikov&limit=1')).hits[0];
    await visit(`/d/${baraka.doc}`);
    await page.waitForSelector('#doc-speakers li');
    const own = await page.$$eval('#doc-speakers a[href^="/s/"]', (as) => as.map((a) => a.getAttribute('href')));
    check(own.length >= 2, `speakers of their own words: ${own}`);
    for (const h of own) check((await fetch(`${base}/api/speakers/${h.slice(3)}`)).ok, `${h} is not a speaker page`);
    check(!/\b1 statements\b/.test(await text('#doc-speakers')), 'one statement said as "1 statements"');
  });

  await test('document: the names the text mentions, each counted; a speaker it never names is not among them with 0', async () => {
    // SWE_41_1986.txt: its speaker, Sweden, comes from the file name
    const hit = (await apiJson('/api/search?q=glacier&limit=1')).hits[0];
    const d = await apiJson(`/api/documents/${hit.doc}`);
    const unnamed = d.entities.filter((e) => !e.mentions.length).map((e) => e.name);
    check(unnamed.includes('Sweden'), `the speaker's entity is mentioned after all: ${JSON.stringify(d.entities)}`);
    await visit(`/d/${hit.doc}`);
    const rows = await page.$$eval('#doc-entities li', (ls) => ls.map((l) => [l.querySelector('a').textContent, l.querySelector('span').textContent]));
    for (const [name, info] of rows) {
      check(Number(info.split('·').pop()) > 0, `${name}:${info}`);
      check(!unnamed.includes(name), `${name} is listed, never mentioned`);
    }
    check(rows.length === d.entities.length - unnamed.length, `${rows.length} names listed of ${d.entities.length - unnamed.length} mentioned`);
    check((await text('#doc-speakers')).includes('Sweden'), 'the speaker left the speakers too');
  });

  await test('document: the source links to where it was published', async () => {
    const h = (await apiJson('/api/search?q=zanzibarite&limit=1')).hits[0];
    await visit(`/d/${h.doc}`);
    await page.waitForSelector('#doc-meta');
    check(await page.$eval('#doc-source', (a) => a.href) === 'https://example.org/news/harbour-notice', 'no link to the page');
    check((await text('#doc-meta')).includes('harbour-notice.html'), 'the file');
  });

  await test('network: Cytoscape.js, force-directed, labels, zoom, size by count, click a name to filter', async () => {
    await visit('/network?q=hamas');
    await page.waitForSelector('#network-chart canvas');
    const n = await apiJson('/api/network?q=hamas&nodes=25');
    check(await page.$eval('#network-chart', (c) => Number(c.dataset.nodes)) === n.nodes.length, 'node count');
    const drawnNet = await page.evaluate((nodes) => {
      const cy = document.getElementById('network-chart').cyGraph;
      const box = document.getElementById('network-chart').getBoundingClientRect();
      // every node and its label inside the box (a label cut at the edge read "United Stat")
      const inside = cy.nodes().every((x) => {
        const bb = x.renderedBoundingBox({ includeLabels: true });
        return bb.x1 >= -1 && bb.y1 >= -1 && bb.x2 <= box.width + 1 && bb.y2 <= box.height + 1;
      });
      // where the server placed them (its force-directed layout), relative to each other
      const at = new Map(nodes.map((x) => [x.id, x]));
      // (stretched as a whole to the box's shape)
      const ys = cy.nodes().map((x) => [x.position('y'), at.get(x.id()).y]);
      const k = ys.find(([, y]) => Math.abs(y) > 1), f = k ? k[0] / k[1] : 1;
      const placed = ys.every(([p, y]) => Math.abs(p - y * f) < 1e-6 * Math.max(1, Math.abs(p)));
      // node size by count
      const big = cy.nodes().max((x) => x.data('weight')).ele, small = cy.nodes().min((x) => x.data('weight')).ele;
      return { inside, placed, sizes: [big.renderedWidth(), small.renderedWidth()], weights: [big.data('weight'), small.data('weight')],
        labels: cy.nodes().map((x) => x.data('label')), edges: cy.edges().length };
    }, n.nodes);
    check(drawnNet.inside, 'a name or its label outside the box');
    check(drawnNet.placed, 'not where the server placed them');
    check(drawnNet.weights[0] === drawnNet.weights[1] || drawnNet.sizes[0] > drawnNet.sizes[1], `node sizes ${drawnNet.sizes} for counts ${drawnNet.weights}`);
    check(JSON.stringify([...drawnNet.labels].sort()) === JSON.stringify(n.nodes.map((x) => x.name).sort()), 'labels are not the names');
    check(drawnNet.edges === await page.$eval('#network-chart', (c) => Number(c.dataset.edges)), 'links drawn');
    check(drawnNet.edges <= 3 * n.nodes.length, 'every link drawn');
    // labels readable on screen whatever the zoom
    const fonts = await page.evaluate(async () => {
      const cy = document.getElementById('network-chart').cyGraph;
      const size = () => Math.min(...cy.nodes().map((x) => parseFloat(x.renderedStyle('font-size'))));
      const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const fit = size(), z = cy.zoom();
      cy.zoom(z / 2);
      await frames(); // the labels are resized on the next frame
      const out = size();
      cy.zoom(z * 2);
      await frames();
      const zin = size();
      document.getElementById('network-chart').refit();
      return [fit, out, zin];
    });
    check(fonts.every((f) => f >= 10), `label sizes on screen ${fonts}`);
    // the wheel zooms
    const z0 = await page.$eval('#network-chart', (c) => c.cyGraph.zoom());
    const mid = await page.$eval('#network-chart', (c) => { const r = c.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; });
    await page.mouse.move(mid.x, mid.y);
    await page.mouse.wheel({ deltaY: -300 });
    await page.waitForFunction((z) => document.getElementById('network-chart').cyGraph.zoom() > z, {}, z0);
    await page.$eval('#network-chart', (c) => c.refit());
    // a click on the biggest node (Cytoscape knows where it drew it)
    const at = await page.evaluate(() => {
      const cy = document.getElementById('network-chart').cyGraph;
      const node = cy.nodes().max((x) => x.data('weight')).ele;
      const box = document.getElementById('network-chart').getBoundingClientRect();
      const p = node.renderedPosition();
      return { x: box.left + p.x, y: box.top + p.y, name: node.data('label') };
    });
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector('#network-narrow');
    check((await text('#network-picked')).includes(at.name), 'picked name');
    await shot('network');
    await clickNav('#network-narrow');
    check((await text('#active-filters')).includes(at.name), 'the click did not filter');
  });

  await test('network: the 25 most named by default, more on asking', async () => {
    await visit('/network?q=president');
    await page.waitForSelector('#network-chart canvas');
    check(await page.$eval('#network-chart', (c) => Number(c.dataset.nodes)) === 25, 'not 25 names by default');
    check(await page.$eval('#nodes', (s) => s.value) === '25', 'the names control');
    await clickNav('#network-more');
    await page.waitForSelector('#network-chart canvas');
    check(new URL(page.url()).searchParams.get('nodes') === '50', `more: ${page.url()}`);
    check(await page.$eval('#network-chart', (c) => Number(c.dataset.nodes)) > 25, 'no more names drawn');
    await shot('network-more');
  });

  await test('markup in documents and queries stays text on every page', async () => {
    const hostile = (await apiJson('/api/search?q=onerror&limit=1')).hits[0];
    const pages = ['/', '/?q=onerror', `/d/${hostile.doc}`, '/s/Omar%20Tessel', '/e/Omar%20Tessel',
      `/?q=${encodeURIComponent(`"${XSS}"`)}`, `/timeline?q=${encodeURIComponent(XSS)}`, `/network?q=${encodeURIComponent(XSS)}`,
      '/timeline?q=onerror', '/network?q=onerror', '/network?q=tessel',
      `/e/${encodeURIComponent(XSS)}`, `/s/${encodeURIComponent(XSS)}`];
    for (const path of pages) {
      expectRefusal = path.includes('/e/%3C') || path.includes('/s/%3C');
      await visit(path);
      await new Promise((r) => setTimeout(r, 150));
      check((await count('main img, main script, main iframe')) === 0, `markup injected on ${path}`);
      if (expectRefusal) check(await page.$('#page-error'), `no error shown on ${path}`);
      expectRefusal = false;
    }
    // a name holding markup, drawn by the chart library: its label is that text
    await visit('/network?q=onerror');
    const label = await page.evaluate(async (xss) => {
      const { network } = await import('/static/charts.js');
      const box = document.getElementById('network');
      await network(box, { nodes: [{ id: 'e1', name: xss, type: 'PERSON', weight: 3, x: 0, y: 0 }, { id: 'e2', name: `${xss}2`, type: 'ORG', weight: 1, x: 80, y: 40 }],
        edges: [{ source: 'e1', target: 'e2', weight: 1, kind: 'co' }], statements: 1 });
      return document.getElementById('network-chart').cyGraph.nodes().map((x) => x.data('label'));
    }, XSS);
    check(label[0] === XSS, `label ${label}`);
    check((await count('main img, main script, main iframe')) === 0, 'markup injected by the network');
    await visit('/?q=onerror');
    check((await text('.hit .text')).includes(XSS), 'hit text');
    await visit(`/d/${hostile.doc}`);
    check((await text('.doc h1')).includes('<script>'), 'title');
    check((await page.title()).includes('<script>'), 'page title');
    check(dialogs.length === 0, `alert ran: ${dialogs.join(', ')}`);
    await shot('hostile');
  });

  // a speaker's (and an entity's) latest statements are their words as
  // written: a text's own ** was drawn as a search's mark (the UN
  // archive's "A **realistic settlement plan** was put forward by
  // President Vladimir Putin" on Putin's entity page)
  await test('latest statements: a text\'s own asterisks are not a mark', async () => {
    await visit('/s/Ida%20Stern');
    await page.waitForSelector('#speaker-latest .latest li');
    const t = await text('#speaker-latest .latest li');
    check(t.includes('The **bold** plan'), `latest: ${t}`);
    check((await count('#speaker-latest mark')) === 0, 'a mark in the latest statements');
  });

  // the search page: the API escapes a text's own * and \ in a snippet,
  // so its ** is text and only the matched word is marked
  await test('search: a text\'s own asterisks are not a mark', async () => {
    const hit = (await apiJson('/api/search?q=plan%20stands&limit=1')).hits[0];
    check(hit.snippet.includes('\\*\\*bold\\*\\*'), `snippet not escaped: ${hit.snippet}`);
    await visit('/?q=plan%20stands');
    await page.waitForSelector('.hit .said');
    const t = await text('.hit .said');
    check(t.includes('The **bold** plan stands firm'), `hit: ${t}`);
    const marks = await page.$$eval('.hit .said mark', (ms) => ms.map((m) => m.textContent));
    check(marks.join('|') === 'plan|stands', `marks: ${marks.join('|')}`);
  });

  await test('search: the facets are asked by date whatever the sort (no match scored for them)', async () => {
    const urls = [];
    const seen = (req) => { if (req.url().includes('facets=')) urls.push(req.url()); };
    page.on('request', seen);
    await visit('/?q=plan%20stands');
    page.off('request', seen);
    check(urls.length === 1 && new URL(urls[0]).searchParams.get('sort') === 'date', `facets asked: ${urls.join(' ')}`);
  });

  await test('every page at 390 pixels: nothing wider than the screen', async () => {
    const doc = (await apiJson('/api/search?q=kalashnikov&limit=1')).hits[0];
    const pages = [['home', '/'], ['search', '/?q=hamas'], ['document', `/d/${doc.doc}#s${doc.index}`], ['speaker', '/s/Ali%20Baraka'],
      ['entity', '/e/Hamas'], ['timeline', '/timeline?q=minister'], ['network', '/network?q=hamas']];
    for (const [name, path] of pages) {
      await visit(path, 390);
      await new Promise((r) => setTimeout(r, 300));
      check(await noOverflow(), `${name} is wider than 390 px`);
      if (name === 'network') {
        // the graph fitted to a phone (zoomed out): names as wide on screen
        // as at 1400 px before they are cut ("UN Gener…"), and the most
        // named drawn over the rest (the centre's "United Nations" read
        // "United" under the names around it)
        await page.waitForSelector('#network-chart canvas');
        const net = await page.evaluate(() => {
          const cy = document.getElementById('network-chart').cyGraph;
          const nodes = cy.nodes().map((x) => ({ label: x.data('label'), w: x.data('weight'), room: parseFloat(x.renderedStyle('text-max-width')), z: x.pstyle('z-index').value }));
          return { zoom: cy.zoom(), nodes };
        });
        check(net.zoom < 0.9, `a phone's graph at zoom ${net.zoom}: not what this checks`);
        const cut = net.nodes.filter((x) => x.room < 169);
        check(!cut.length, `names cut short at 390 px: ${cut.map((x) => `${x.label} ${x.room}`)}`);
        const under = net.nodes.filter((a) => net.nodes.some((b) => b.w < a.w && b.z > a.z));
        check(!under.length, `drawn under a less named one: ${under.map((x) => x.label)}`);
      }
      await shot(`${name}-390`);
    }
    await page.setViewport({ width: 1400, height: 900 });
  });

  // last of the pages: after a correction the server makes the archive's
  // lexicon again inside the next request that parses (issue 18; a cold
  // document answer then costs 300-600 ms of CPU), which is not what the
  // pages' CPU bound measures
  await test('corrections from the entity page, with the token', async () => {
    await visit('/e/Hamas');
    check(!(await text('#spellings')).includes('Islamic Jihad'), 'already merged');
    await page.type('#token', 'wrong-token-0123456789');
    await page.type('form.fix[data-op=merge] input', 'Islamic Jihad');
    expectRefusal = true;
    await page.click('form.fix[data-op=merge] button');
    await page.waitForFunction(() => /token/i.test(document.getElementById('fix-result').textContent));
    expectRefusal = false;
    await page.$eval('#token', (t) => { t.value = ''; });
    await page.type('#token', 'ui-test-token-0123456789');
    await page.click('form.fix[data-op=merge] button');
    await page.waitForFunction(() => /done/.test(document.getElementById('fix-result').textContent));
    await page.waitForFunction(() => document.body.dataset.page === 'entity' && /Islamic Jihad/.test(document.getElementById('spellings').textContent), { timeout: 10000 });
    await shot('corrections');
  });

  await test('no console errors, CSP included, on any page', async () => {
    check(consoleErrors.length === 0, consoleErrors.join('; '));
  });
  const slow = timings.filter(([, , ms, , cms]) => ms > 10000 || cms > 20000);
  const ms = (x) => Math.round(x);
  const cpu = (c) => (c ? ` (${ms(c.renderer)} + ${ms(c.server)}; ${c.pages} pages, ${c.answers} answers, ${c.elements} elements)` : '');
  console.log('render times (ms from navigation: content rendered / charts drawn, wall (CPU of the browser + the server; ' +
    'the archive\'s pages read, answers asked for, elements on the page)): ' +
    timings.map(([p, w, t, c, ct, cc]) => `${p.slice(0, 40)}@${w} ${t}${cpu(c)} / ${ct}${cpu(cc)}`).join('; '));
  await test('pages draw in under 10 s of wall time on the test archive (a sanity bound on a busy machine; bench/ui.sh times the UN archive)', async () => {
    check(!slow.length, slow.map(([p, w, t]) => `${p}@${w}: ${t} ms`).join('; '));
  });
  // What a page costs, held by what load does not move. The 200 ms a page
  // is a target on the UN archive, timed by bench/ui.sh (medians, with the
  // load): here the renderer's CPU for a page's content went from 40-80 ms
  // to 169 at load 9 and 230 at load 25 for the same page, so it is printed
  // above, not asserted. Held instead: the archive's pages the server read
  // for the costliest of a page's answers (SQLite's, cached or not: the
  // same every run; a page's sum depends on which of the answers asked at
  // once were in when it was drawn), the answers it had by then, and the
  // page's elements (what its style, layout and paint cost grows with:
  // Lighthouse calls more than 1,400 excessive). Seen: 1-1,332 pages (a
  // search by a speaker's name) but 7,003 for the first quote family asked
  // for (the families' table is made then), 1-7 answers (the speaker
  // page's), 23-487 elements. The
  // server's CPU is asserted with a margin: 0-23 ms a page here at load 9,
  // held to 100 ms (the half of the target left to it).
  const measured = timings.filter(([, , , c]) => c);
  const over = (f) => measured.filter(([, , , c]) => f(c)).map(([p, w, , c]) =>
    `${p}@${w}: ${c.mostPages} pages, ${c.answers} answers, ${c.elements} elements, ${ms(c.server)} ms server CPU`).join('; ');
  await test('every page\'s content: no answer reads 8,000 of the archive\'s pages, at most 8 answers, under 1,400 elements, under 100 ms of the server\'s CPU', async () => {
    check(measured.length >= 20, 'pages not measured');
    check(measured.some(([, , , c]) => c.pages > 0) && measured.every(([, , , c]) => c.elements > 0), 'nothing counted');
    const bad = over((c) => c.mostPages >= 8000 || c.answers > 8 || c.elements >= 1400 || c.server >= 100);
    check(!bad, bad);
  });
  const charty = timings.filter(([, , , , , c]) => c && c.total >= 1000);
  await test('every page\'s charts are drawn in under 1 s of CPU from navigation', async () => {
    check(!charty.length, charty.map(([p, w, , , , c]) => `${p}@${w}: ${ms(c.renderer)} + ${ms(c.server)} ms`).join('; '));
  });
} catch (err) {
  failed++;
  console.log(`FAIL setup: ${err.message}`);
} finally {
  if (browser) await browser.close();
  server.kill('SIGTERM');
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
