// What drawing a page cost in CPU, which a busy machine does not inflate
// as it does wall time: the main thread of the page's renderer (Chrome's
// ThreadTime through the DevTools protocol: the document's own, counted
// from its start) and the server's CPU for every answer the page had by
// then (the Server-Timing header `verbatim serve` sends: cpu;dur=MS). Call
// spent() once the page is drawn, after a navigation (not a same-document
// one). Used by ui.test.mjs and bench/ui.mjs.
export async function costMeter(page) {
  const cdp = await page.createCDPSession();
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  return {
    // ms of CPU: { renderer, server, total }
    async spent() {
      const renderer = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value * 1000;
      const server = await page.evaluate(() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
        .reduce((a, e) => a + (e.serverTiming || []).filter((s) => s.name === 'cpu').reduce((x, s) => x + s.duration, 0), 0));
      return { renderer, server, total: renderer + server };
    },
  };
}
