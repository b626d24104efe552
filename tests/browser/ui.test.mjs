// Drives Debian's chromium (headless, puppeteer-core) through the web UI:
// search -> document -> permalink -> timeline -> network, plus a document
// whose text carries markup and script. Screenshots go to
// build/screenshots/. Starts its own `verbatim serve` on loopback and stops
// it. Ends with "N passed, N failed".
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';

const root = new URL('../../', import.meta.url).pathname;
const bin = process.env.VERBATIM_BIN || `${root}build/verbatim`;
const chrome = process.env.CHROME || '/usr/bin/chromium';
const port = 18000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;
const work = `${root}build/browser-test`;
const shots = `${root}build/screenshots`;

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
mkdirSync(shots, { recursive: true });
const db = `${work}/ui.db`;
writeFileSync(`${work}/hostile.txt`,
  '<script>alert(1)</script> Dispatch\n\nHost: What did he say?\n\n' +
  'Omar Tessel: "<img src=x onerror=alert(2)> is not a speech," he said about Hamas.\n');
execFileSync(bin, ['ingest', '--db', db, `${root}../shared/corpus/memri/sd-10850.txt`, `${work}/hostile.txt`],
  { stdio: 'ignore' });

const server = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
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

let browser;
try {
  await waitForServer();
  browser = await puppeteer.launch({
    executablePath: chrome,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    timeout: 30000,
  });
  const page = await browser.newPage();
  page.setDefaultTimeout(15000);
  await page.setViewport({ width: 1200, height: 900 });
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await test('search: query box, hits, facets', async () => {
    await page.goto(`${base}/`, { waitUntil: 'networkidle0' });
    await page.type('#q', 'kalashnikov');
    await Promise.all([page.waitForSelector('.hit'), page.keyboard.press('Enter')]);
    const total = await page.$eval('#total', (e) => e.textContent);
    check(/\d+ statements/.test(total) && !total.startsWith('0 '), `total: ${total}`);
    check((await page.$$('.hit mark')).length > 0, 'no highlighted words');
    check((await page.$$('.facets a')).length > 0, 'no facets');
    await page.screenshot({ path: `${shots}/search.png`, fullPage: true });
  });

  let permalink = '';
  await test('document: a permalink opens the dispatch at its statement', async () => {
    permalink = await page.$eval('.hit .permalink', (a) => a.getAttribute('href'));
    await Promise.all([page.waitForSelector('.doc h1'), page.click('.hit .permalink')]);
    check(/^\/d\/[0-9a-f]+#s\d+$/.test(permalink), `permalink ${permalink}`);
    check(page.url().endsWith(permalink), `url ${page.url()}`);
    const marked = await page.$('.statement.hl');
    check(marked, 'no statement marked');
    const said = await page.$eval('.statement.hl', (e) => e.textContent);
    check(/kalashnikov/i.test(said), `the marked statement is not the hit: ${said}`);
    check(await marked.isIntersectingViewport(), 'marked statement not scrolled into view');
    check((await page.$$('.turn .speaker')).length > 2, 'turns not laid out');
    await page.screenshot({ path: `${shots}/document.png` });
  });

  await test('permalink loaded directly marks the same statement', async () => {
    const p2 = await browser.newPage();
    await p2.goto(`${base}${permalink}`, { waitUntil: 'networkidle0' });
    const id = await p2.$eval('.statement.hl', (e) => e.id);
    check(`#${id}` === permalink.slice(permalink.indexOf('#')), `marked ${id}`);
    await p2.close();
  });

  await test('timeline: statements per week', async () => {
    await page.goto(`${base}/timeline?q=hamas&interval=week`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('#timeline-chart rect.bar');
    check((await page.$$('#timeline-chart rect.bar')).length >= 1, 'no bars');
    await page.screenshot({ path: `${shots}/timeline.png` });
  });

  await test('network: who mentions whom', async () => {
    await page.goto(`${base}/network?q=hamas`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('#network-chart circle');
    check((await page.$$('#network-chart circle')).length >= 3, 'too few nodes');
    check((await page.$$('#network-chart line')).length >= 1, 'no edges');
    await page.screenshot({ path: `${shots}/network.png` });
  });

  await test('markup in a transcript stays text', async () => {
    await page.goto(`${base}/?q=onerror`, { waitUntil: 'networkidle0' });
    await page.waitForSelector('.hit');
    const text = await page.$eval('.hit .text', (e) => e.textContent);
    check(text.includes('<img src=x onerror=alert(2)>'), `hit text: ${text}`);
    check((await page.$$('main img, main script')).length === 0, 'markup was injected');
    const doc = await page.$eval('.hit .permalink', (a) => a.getAttribute('href'));
    await page.goto(`${base}${doc}`, { waitUntil: 'networkidle0' });
    const title = await page.$eval('.doc h1', (e) => e.textContent);
    check(title.includes('<script>'), `title: ${title}`);
    check((await page.$$('main script, main img')).length === 0, 'markup was injected in the document');
    check(dialogs.length === 0, `alert ran: ${dialogs.join(', ')}`);
    await page.screenshot({ path: `${shots}/hostile.png` });
  });

  await test('no script errors on any page', async () => {
    check(errors.length === 0, errors.join('; '));
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
