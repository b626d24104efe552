// What bench/ui.mjs and bench/ui-profile.mjs share: waiting for the
// server bench/ui.sh started, Debian's chromium (headless, puppeteer-core
// from tests/browser) with one page at 1400x900 whose charts are held back
// (web/charts.js waits for window.verbatimHoldCharts) and its cost meter
// (tests/browser/cost.mjs), and the waits that say a page is drawn and
// then done (every chart and every part drawn after the content: facets).
import { createRequire } from 'node:module';

const require = createRequire(new URL('../tests/browser/package.json', import.meta.url));
const puppeteer = require('puppeteer-core');
const { costMeter } = await import(new URL('../tests/browser/cost.mjs', import.meta.url));

export async function waitForServer(base) {
  for (let i = 0; ; i++) { // the server opening its archive
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch { /* not up yet */ }
    if (i > 300) throw new Error(`no server at ${base}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// { browser, page, meter }: close the browser when done
export async function openPage() {
  const browser = await puppeteer.launch({ executablePath: process.env.CHROME || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const page = await browser.newPage();
  const meter = await costMeter(page);
  await page.setViewport({ width: 1400, height: 900 });
  await page.evaluateOnNewDocument(() => {
    window.verbatimHoldCharts = new Promise((go) => { window.verbatimReleaseCharts = go; });
  });
  return { browser, page, meter };
}

// The router's mark: the page's content drawn. Polled on changes to the
// page, not on every frame: a frame-polled wait costs the renderer's main
// thread for as long as it waits (a cold page's seconds counted as its CPU).
export const drawn = (page) => page.waitForFunction(() => document.body.dataset.page, { timeout: 60000, polling: 'mutation' });

// After the charts are let go: every chart box done (drawn, nothing to
// draw, failed) and nothing of the page still busy (aria-busy: the
// search's facets, drawn after its hits are painted).
export const done = (page) => page.waitForFunction(() => [...document.querySelectorAll('main .chart-box')]
  .every((b) => ['drawn', 'none', 'failed'].includes(b.dataset.chart)) && !document.querySelector('main [aria-busy="true"]'),
{ timeout: 60000, polling: 'mutation' });

export const loadavg = async () => (await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ');
