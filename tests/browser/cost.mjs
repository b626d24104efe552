// What drawing a page cost. Two kinds of figures: CPU, which a busy
// machine inflates less than wall time but still moves (a shared core's
// caches, the renderer's garbage collector): the main thread of the page's
// renderer (Chrome's ThreadTime through the DevTools protocol: the
// document's own, counted from its start) and the server's CPU for every
// answer the page had by then (Server-Timing: cpu;dur=MS); and counts that
// no load moves: the archive's pages the server read for those answers
// (Server-Timing: pages;desc=N, SQLite's page reads, cached or not: in
// all, and the most any one answer read, which does not depend on which
// of the answers asked at once came in before the page was drawn), the
// answers asked for, and the elements of the page. Call spent() once the
// page is drawn, after a navigation (not a same-document one). Used by
// ui.test.mjs and bench/ui.mjs.
export async function costMeter(page) {
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return {
    // { renderer, server, total } in ms of CPU; { pages, mostPages, answers, elements } counted
    async spent() {
      const renderer = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value * 1000;
      const got = await page.evaluate(() => {
        const timed = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
          .map((e) => e.serverTiming || []).filter((t) => t.length);
        const sum = (f) => timed.reduce((a, t) => a + t.reduce((x, s) => x + f(s), 0), 0);
        return {
          server: sum((s) => (s.name === 'cpu' ? s.duration : 0)),
          pages: sum((s) => (s.name === 'pages' ? Number(s.description) : 0)),
          mostPages: Math.max(0, ...timed.map((t) => t.reduce((x, s) => x + (s.name === 'pages' ? Number(s.description) : 0), 0))),
          answers: performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.startsWith('/api/')).length,
          elements: document.getElementsByTagName('*').length,
        };
      });
      return { renderer, ...got, total: renderer + got.server };
    },
  };
}
