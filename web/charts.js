// Charts from the vendored libraries (web/vendor/, made by
// scripts/vendor.sh): uPlot for statements over time, Cytoscape.js for who
// mentions whom. Loaded on first use; when web/vendor/ is missing the data
// is still shown as a table and the page says why.
import { el, fmt, periodsBetween, periodTime, plural } from './lib.js';

let uplot = null, cytoscape = null;

async function load(which) {
  try {
    if (which === 'uplot') {
      if (!uplot) {
        uplot = (await import('/static/vendor/uplot.esm.js')).default;
        if (!document.querySelector('link[data-uplot]')) {
          document.head.append(el('link', { rel: 'stylesheet', href: '/static/vendor/uplot.min.css', 'data-uplot': '' }));
        }
      }
      return uplot;
    }
    if (!cytoscape) cytoscape = (await import('/static/vendor/cytoscape.esm.min.js')).default;
    return cytoscape;
  } catch {
    return null;
  }
}

const missing = () => el('p', { class: 'muted', text: 'Charts are not installed on this server (run make vendor); the figures follow as a table.' });

// Statements per period: every period between the first and the last is a
// bar, empty ones included; undated statements are counted beside the chart.
// A statement whose document gives only a year (every UN General Debate
// speech) sits at its period's first day ({coarse} of a bucket): when all
// are so, the chart is drawn per year; when some are, they are the lighter
// part of their bar, and the note says so. opts: {interval, total, height,
// onPick(period)}
export async function timeline(box, buckets, opts = {}) {
  let interval = opts.interval || 'month';
  const unit = opts.unit || 'statement';
  const dated = buckets.reduce((a, b) => a + b.count, 0);
  const coarse = buckets.reduce((a, b) => a + (b.coarse || 0), 0);
  if (dated && coarse === dated && interval !== 'year') {
    const byYear = new Map();
    for (const b of buckets) byYear.set(b.period.slice(0, 4), (byYear.get(b.period.slice(0, 4)) || 0) + b.count);
    buckets = [...byYear].map(([period, count]) => ({ period, count }));
    interval = 'year';
  }
  const undated = opts.total !== undefined ? Math.max(0, opts.total - dated) : 0;
  const note = el('p', { class: 'muted chart-note' },
    `${plural(dated, `dated ${unit}`)}`,
    interval === 'year' && coarse === dated && dated ? ', dated by year only: drawn per year' : '',
    coarse && coarse < dated ? `; ${plural(coarse, unit)} whose document gives only ${interval === 'month' ? 'a year' : 'a year or a month'}: the lighter part of the bar at the start of the period` : '',
    undated ? `; ${plural(undated, `undated ${unit}`)} (no date in the document) not drawn` : '',
    buckets.length ? ` · ${buckets[0].period} to ${buckets[buckets.length - 1].period}` : '');
  box.replaceChildren(note);
  box.dataset.interval = interval;
  if (!buckets.length) return;
  const periods = periodsBetween(buckets[0].period, buckets[buckets.length - 1].period, interval);
  const byPeriod = new Map(buckets.map((b) => [b.period, b]));
  const xs = periods.map(periodTime), ys = periods.map((p) => (byPeriod.get(p) || {}).count || 0);
  const mixed = coarse > 0 && coarse < dated;
  const exact = mixed ? periods.map((p, i) => ys[i] - ((byPeriod.get(p) || {}).coarse || 0)) : null;
  const U = await load('uplot');
  if (!U) {
    box.append(missing(), table(periods.map((p, i) => [p, ys[i]])));
    return;
  }
  const holder = el('div', { class: 'chart timeline-chart' });
  box.append(holder);
  const width = Math.max(280, Math.min(holder.clientWidth || box.clientWidth || 800, 1200));
  const pad = (interval === 'year' ? YEAR : interval === 'month' ? MONTH : interval === 'week' ? 7 * DAY : DAY) * 0.6;
  const barWidth = Math.max(0.3, Math.min(0.9, 1 - 6 / Math.max(8, periods.length)));
  const bars = (fill, stroke, label) => ({ label, fill, stroke, width: 1,
    paths: U.paths.bars({ size: [barWidth, 40], align: 0 }), points: { show: false },
    value: (u, v) => (v === null || v === undefined ? '' : fmt(v)) });
  const series = [{ label: interval, value: (u, v, i, idx) => (idx === null || idx === undefined ? '' : periods[idx]) },
    mixed ? bars('rgba(11,92,173,0.3)', '#7fa6cf', `${unit}s`) : bars('rgba(11,92,173,0.75)', '#0b5cad', `${unit}s`)];
  // drawn over the whole bar: the part dated finer than a year
  if (mixed) series.push(bars('rgba(11,92,173,0.75)', '#0b5cad', `dated to the ${interval === 'month' ? 'month' : 'day'}`));
  const plot = new U({
    width,
    height: opts.height || 220,
    legend: { show: true, live: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true, auto: false, range: [xs[0] - pad, xs[xs.length - 1] + pad] }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    // the count axis as wide as its longest label ("100,000" was cut to "0,000")
    axes: [timeAxis(interval), { stroke: '#5f6b76', grid: { stroke: '#eef0f2' }, size: Math.max(40, 16 + 7 * fmt(Math.max(1, ...ys)).length) }],
    series,
  }, mixed ? [xs, ys, exact] : [xs, ys], holder);
  holder.dataset.periods = String(periods.length);
  holder.dataset.interval = interval;
  holder.dataset.coarse = String(coarse);
  holder.uplot = plot; // for tests and the console
  holder.dataset.dated = String(dated);
  if (opts.onPick) {
    plot.over.addEventListener('click', () => {
      const i = plot.cursor.idx;
      if (i !== null && i !== undefined && ys[i]) opts.onPick(periods[i]);
    });
    plot.over.classList.add('pickable');
  }
  const resize = () => plot.setSize({ width: Math.max(280, Math.min(box.clientWidth, 1200)), height: opts.height || 220 });
  new ResizeObserver(resize).observe(box);
}

// Ticks on whole periods, labelled as the periods are written: years as
// 2023, months as 2023-10 (years alone when far apart), days as 2023-10-08.
const DAY = 86400, MONTH = 30 * DAY, YEAR = 365 * DAY;
function timeAxis(interval) {
  const incrs = interval === 'year' ? [YEAR, 2 * YEAR, 5 * YEAR, 10 * YEAR, 20 * YEAR, 50 * YEAR]
    : interval === 'month' ? [MONTH, 2 * MONTH, 3 * MONTH, 6 * MONTH, YEAR, 2 * YEAR, 5 * YEAR, 10 * YEAR, 20 * YEAR]
    : interval === 'week' ? [7 * DAY, 14 * DAY, 28 * DAY, MONTH, 3 * MONTH, 6 * MONTH, YEAR, 2 * YEAR, 5 * YEAR, 10 * YEAR]
      : [DAY, 2 * DAY, 7 * DAY, 14 * DAY, MONTH, 3 * MONTH, 6 * MONTH, YEAR, 2 * YEAR, 5 * YEAR, 10 * YEAR];
  return {
    stroke: '#5f6b76', grid: { show: false }, space: 64, incrs,
    values: (u, splits, ax, space, incr) => splits.map((t) => {
      const iso = new Date(t * 1000).toISOString();
      return incr >= YEAR ? iso.slice(0, 4) : incr >= MONTH ? iso.slice(0, 7) : iso.slice(0, 10);
    }),
  };
}

function table(rows) {
  return el('table', { class: 'data' }, ...rows.map(([a, b]) => el('tr', {}, el('td', { text: a }), el('td', { class: 'num', text: fmt(b) }))));
}

const COLOURS = { PERSON: '#2f6fb3', ORG: '#c2553b', PLACE: '#3e8e5a', GROUP: '#8a59b0', SPEAKER: '#1d232a' };

// Who mentions whom: a force-directed layout (the server's), node size
// by count, labels kept readable at every zoom, a click on a node calls
// onPick(node). n: the /api/network answer.
export async function network(box, n, opts = {}) {
  const cy = await load('cytoscape');
  if (!cy) {
    box.replaceChildren(missing(), table(n.nodes.map((x) => [`${x.name} (${x.type.toLowerCase()})`, x.weight])));
    return null;
  }
  // Cytoscape adds a <style> for its container unless an element with this
  // id exists: style.css has the rule, and the CSP allows no inline style
  if (!document.getElementById('__________cytoscape_stylesheet')) {
    document.head.append(el('meta', { id: '__________cytoscape_stylesheet', name: 'cytoscape-style', content: 'in style.css' }));
  }
  const holder = el('div', { class: 'chart network-chart', id: 'network-chart', role: 'img', 'aria-label': 'who mentions whom' });
  box.replaceChildren(holder);
  const maxw = Math.max(1, ...n.nodes.map((x) => x.weight));
  // the strongest links only (three a name at most on average): a
  // hairball of every co-mention hides who matters
  const edges = [...n.edges].sort((a, b) => b.weight - a.weight).slice(0, 3 * n.nodes.length);
  const maxe = Math.max(1, ...edges.map((e) => e.weight));
  const placed = n.nodes.every((x) => Number.isFinite(x.x) && Number.isFinite(x.y));
  // the server's layout is round; the box is wide: stretched to fill it
  let sx = 1;
  if (placed && n.nodes.length > 2) {
    const span = (k) => Math.max(1, Math.max(...n.nodes.map((x) => x[k])) - Math.min(...n.nodes.map((x) => x[k])));
    const box = (holder.clientWidth || 800) / (holder.clientHeight || 500);
    sx = Math.max(1, Math.min(2, box / (span('x') / span('y'))));
  }
  // the zoom the preset layout will fit the graph at, so that labels get
  // their size on screen once, with the graph (set after, every node's
  // style and label were worked out a second time before the first frame)
  const pad = 20, biggest = 52;
  let zoom = 1;
  if (placed && n.nodes.length > 1) {
    const xs = n.nodes.map((x) => x.x * sx), ys = n.nodes.map((x) => x.y);
    const w = Math.max(...xs) - Math.min(...xs) + biggest, h = Math.max(...ys) - Math.min(...ys) + biggest;
    zoom = Math.min(((holder.clientWidth || 800) - 2 * pad) / w, ((holder.clientHeight || 500) - 2 * pad) / h);
  }
  const onScreen = (z) => Math.max(0.35, Math.min(1.5, z));
  // Styles are plain values and data mappers: a function in a style is
  // called again on every style pass and keeps Cytoscape from caching
  // (most of the 500 ms the view cost on the UN archive, bench/RESULTS.md)
  const graph = cy({
    container: holder,
    elements: [
      ...n.nodes.map((x) => {
        const font = Math.round(11 + 4 * Math.sqrt(x.weight / maxw));
        return { data: { id: x.id, label: x.name, type: x.type, weight: x.weight, size: 12 + 40 * Math.sqrt(x.weight / maxw), font, fz: font / onScreen(zoom) },
          position: placed ? { x: x.x * sx, y: x.y } : undefined };
      }),
      ...edges.map((e, i) => ({ data: { id: `x${i}`, source: e.source, target: e.target, weight: e.weight, kind: e.kind, w: 0.6 + 5 * (e.weight / maxe) } })),
    ],
    style: [
      { selector: 'node', style: {
        'background-color': '#777', width: 'data(size)', height: 'data(size)',
        label: 'data(label)', 'font-size': 'data(fz)', 'text-wrap': 'ellipsis', 'text-max-width': 170, 'font-family': 'system-ui, sans-serif', color: '#1d232a',
        'text-valign': 'bottom', 'text-margin-y': 3, 'text-outline-color': '#fff', 'text-outline-width': 2,
        'min-zoomed-font-size': 7 } },
      ...Object.entries(COLOURS).map(([type, colour]) => ({ selector: `node[type = "${type}"]`, style: { 'background-color': colour } })),
      { selector: 'edge', style: { width: 'data(w)', 'line-color': '#b4bec8', opacity: 0.7, 'curve-style': 'haystack' } },
      { selector: 'edge[kind = "speaks-of"]', style: { 'line-color': '#7d8b99' } },
      { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#e0b000' } },
    ],
    // the server places the nodes (a force-directed layout of the links
    // drawn here, src/store/graph.c); Cytoscape's own layout ran on the
    // page's main thread, 170-190 ms of CPU for 40 names on a busy machine
    layout: placed ? { name: 'preset', fit: true, padding: pad } : { name: 'cose', animate: false, randomize: false,
      nodeRepulsion: () => 14000, idealEdgeLength: () => 80, edgeElasticity: (e) => 40 + 160 * (1 - e.data('weight') / maxe),
      gravity: 0.5, nodeOverlap: 20, padding: 20, componentSpacing: 80, numIter: 800 },
    minZoom: 0.2,
    maxZoom: 4,
  });
  // labels keep their size on screen as one zooms: zooming in separates
  // them; set with the graph when the server placed it, else once the
  // layout has fitted it, then on each zoom
  const fit = () => {
    const z = onScreen(graph.zoom());
    graph.batch(() => graph.nodes().forEach((x) => { x.data('fz', x.data('font') / z); }));
  };
  if (!placed) fit();
  let pending = false;
  graph.on('zoom', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; fit(); });
  });
  if (opts.onPick) graph.on('tap', 'node', (e) => opts.onPick(n.nodes.find((x) => x.id === e.target.id())));
  holder.dataset.nodes = String(n.nodes.length);
  holder.dataset.edges = String(edges.length);
  holder.cyGraph = graph; // for tests and the console
  return graph;
}
