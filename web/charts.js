// Charts from the vendored libraries (web/vendor/, made by scripts/vendor.sh
// at the versions pinned in scripts/vendor/package-lock.json): uPlot for
// statements over time, Cytoscape.js for who mentions whom. A page's
// content comes first: a chart's words (what it counts, what is undated)
// and its room are put in its box at once, the library is loaded and the
// chart drawn once that content is on screen. Each box says where it is in
// data-chart: waiting, drawn, none (nothing to draw) or failed. When
// web/vendor/ is missing the figures are shown as a table and the page says
// why. Labels reach the page through the libraries' text APIs (uPlot's
// legend sets textContent; Cytoscape and uPlot's axes paint on a canvas).
import { el, fmt, periodsBetween, periodTime, plural } from './lib.js';

// the names carry the version, so the server lets browsers keep them a
// year (scripts/vendor.sh fails when these are not the pinned versions)
const LIB = {
  uplot: '/static/vendor/uplot-1.6.32.esm.js',
  uplotCss: '/static/vendor/uplot-1.6.32.min.css',
  cytoscape: '/static/vendor/cytoscape-3.35.0.esm.min.js',
};
const loaded = {};

async function load(which) {
  try {
    if (!loaded[which]) loaded[which] = import(LIB[which]).then((m) => m.default);
    const lib = await loaded[which];
    if (which === 'uplot' && !document.querySelector('link[data-uplot]')) {
      document.head.append(el('link', { rel: 'stylesheet', href: LIB.uplotCss, 'data-uplot': '' }));
    }
    return lib;
  } catch {
    delete loaded[which];
    return null;
  }
}

const missing = (what = 'the figures follow as a table') => el('p', { class: 'muted', text: `Charts are not installed on this server (run make vendor); ${what}.` });

function table(rows) {
  return el('table', { class: 'data' }, ...rows.map(([a, b]) => el('tr', {}, el('td', { text: a }), el('td', { class: 'num', text: fmt(b) }))));
}

// Without the chart library, a timeline's figures: the periods that hold
// something (a table of every month between the first and the last was 245
// rows on the Kremlin sample, above everything else on the home page), in
// columns; past two dozen, a line a year (a decade for years, a month for
// days when that is enough), each opening on its periods. A period is a
// button when the chart's bars would have been clickable.
const ROWS = 24;
export function periodList(periods, counts, interval, onPick) {
  const rows = periods.map((p, i) => [p, counts[i]]).filter(([, n]) => n > 0);
  const item = ([p, n]) => el('li', { 'data-period': p, 'data-count': String(n) },
    onPick ? el('button', { type: 'button', class: 'link period', text: p, onclick: () => onPick(p) }) : el('span', { class: 'period', text: p }),
    el('span', { class: 'num', text: fmt(n) }));
  if (rows.length <= ROWS) return el('ul', { class: 'periods' }, ...rows.map(item));
  const keys = [(p) => `${p.slice(0, 3)}0s`];
  if (interval !== 'year') keys.unshift((p) => p.slice(0, 4));
  if (interval === 'day' || interval === 'week') keys.unshift((p) => p.slice(0, 7));
  const groupBy = keys.find((k) => new Set(rows.map(([p]) => k(p))).size <= ROWS) || keys[keys.length - 1];
  const groups = new Map();
  for (const r of rows) {
    const k = groupBy(r[0]);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(r);
  }
  return el('ul', { class: 'periods grouped' }, ...[...groups].map(([k, rs]) => el('li', { 'data-group': k, 'data-count': String(rs.reduce((a, r) => a + r[1], 0)) },
    el('details', {}, el('summary', {}, el('span', { class: 'period', text: k }), el('span', { class: 'num', text: fmt(rs.reduce((a, r) => a + r[1], 0)) })),
      el('ul', { class: 'periods' }, ...rs.map(item))))));
}

// Runs draw() once the page's content has been painted: the frame after
// the next (a timer set in an animation frame fires after that frame is
// drawn). A test may hold every chart back (window.verbatimHoldCharts, a
// promise) to time the content alone, then the charts.
function afterPaint() {
  return new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
}

async function deferred(box, draw) {
  box.dataset.chart = 'waiting';
  try {
    if (window.verbatimHoldCharts) await window.verbatimHoldCharts;
    await afterPaint();
    if (!box.isConnected) return;
    await draw();
    box.dataset.chart = 'drawn';
  } catch (err) {
    box.append(el('p', { class: 'error', text: String(err.message || err) }));
    box.dataset.chart = 'failed';
  }
}

// A chart box that holds no chart (no query yet, nothing dated): said so
// for the page and its tests.
export function noChart(box, ...kids) {
  box.replaceChildren(...kids);
  box.dataset.chart = 'none';
}

// Statements per period, as bars: every period between the first and the
// last, empty ones included; undated statements are counted in the note.
// A statement whose document gives only a year (every UN General Debate
// speech) sits at its period's first day ({coarse} of a bucket): when all
// are so, the chart is drawn per year; when some are, they are the lighter
// part of their bar, and the note says so. opts: {interval, total, height,
// unit, onPick(period)}. Returns once the chart is drawn; the note and the
// chart's room are in the box when it returns.
export function timeline(box, buckets, opts = {}) {
  let interval = opts.interval || 'month';
  const unit = opts.unit || 'statement';
  const height = opts.height || 220;
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
  box.dataset.interval = interval;
  box.dataset.dated = String(dated);
  if (!buckets.length) {
    noChart(box, note);
    return Promise.resolve();
  }
  const periods = periodsBetween(buckets[0].period, buckets[buckets.length - 1].period, interval);
  const byPeriod = new Map(buckets.map((b) => [b.period, b]));
  const xs = periods.map(periodTime), ys = periods.map((p) => (byPeriod.get(p) || {}).count || 0);
  const mixed = coarse > 0 && coarse < dated;
  const exact = mixed ? periods.map((p, i) => ys[i] - ((byPeriod.get(p) || {}).coarse || 0)) : null;
  // the chart's room, kept while it is drawn: nothing below it moves
  const holder = el('div', { class: 'chart timeline-chart' });
  holder.style.minHeight = `${height + 32}px`;
  holder.dataset.periods = String(periods.length);
  holder.dataset.interval = interval;
  holder.dataset.coarse = String(coarse);
  holder.dataset.dated = String(dated);
  box.replaceChildren(note, holder);
  return deferred(box, async () => {
    const U = await load('uplot');
    if (!U) {
      holder.replaceChildren(missing(`the ${unit}s per ${interval} follow, the periods without any left out`), periodList(periods, ys, interval, opts.onPick));
      holder.style.minHeight = '';
      return;
    }
    const width = Math.max(260, Math.min(holder.clientWidth || box.clientWidth || 800, 1200));
    const pad = (interval === 'year' ? YEAR : interval === 'month' ? MONTH : interval === 'week' ? 7 * DAY : DAY) * 0.6;
    const barWidth = Math.max(0.3, Math.min(0.9, 1 - 6 / Math.max(8, periods.length)));
    // the legend says the whole span and its sums until a bar is pointed
    // at, then that bar's period and counts
    const none = (idx) => idx === null || idx === undefined;
    const sum = (v) => v.reduce((a, b) => a + b, 0);
    const bars = (fill, stroke, label, all) => ({ label, fill, stroke, width: 1,
      paths: U.paths.bars({ size: [barWidth, 40], align: 0 }), points: { show: false },
      value: (u, v, i, idx) => (none(idx) ? `${fmt(all)} in all` : fmt(v || 0)) });
    const span = periods.length > 1 ? `${periods[0]} to ${periods[periods.length - 1]}` : periods[0];
    const series = [{ label: interval, value: (u, v, i, idx) => (none(idx) ? span : periods[idx]) },
      mixed ? bars('rgba(11,92,173,0.3)', '#7fa6cf', `${unit}s`, sum(ys)) : bars('rgba(11,92,173,0.75)', '#0b5cad', `${unit}s`, sum(ys))];
    // drawn over the whole bar: the part dated finer than a year
    if (mixed) series.push(bars('rgba(11,92,173,0.75)', '#0b5cad', `dated to the ${interval === 'month' ? 'month' : 'day'}`, sum(exact)));
    const plot = new U({
      width,
      height,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true, auto: false, range: [xs[0] - pad, xs[xs.length - 1] + pad] }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
      // the count axis as wide as its longest label ("100,000" was cut to "0,000")
      // counts on whole numbers ("12.5 statements" was a tick)
      axes: [timeAxis(interval), { stroke: '#5f6b76', grid: { stroke: '#eef0f2' }, size: Math.max(40, 16 + 7 * fmt(Math.max(1, ...ys)).length),
        incrs: COUNT_STEPS, values: (u, splits) => splits.map((v) => fmt(v)) }],
      series,
    }, mixed ? [xs, ys, exact] : [xs, ys], holder);
    holder.uplot = plot; // for tests and the console
    if (opts.onPick) {
      // a press and release in one place (uPlot's own handlers keep the
      // browser from making a click of them)
      let down = null;
      plot.over.addEventListener('mousedown', (e) => { down = [e.clientX, e.clientY]; });
      plot.over.addEventListener('mouseup', (e) => {
        const i = plot.cursor.idx;
        if (down && Math.hypot(e.clientX - down[0], e.clientY - down[1]) < 4 && i !== null && i !== undefined && ys[i]) opts.onPick(periods[i]);
        down = null;
      });
      plot.over.classList.add('pickable');
    }
    let last = width;
    new ResizeObserver(() => {
      const w = Math.max(260, Math.min(box.clientWidth, 1200));
      if (w !== last) plot.setSize({ width: (last = w), height });
    }).observe(box);
  });
}

// Ticks on whole periods, labelled as the periods are written: years as
// 2023, months as 2023-10 (years alone when far apart), days as 2023-10-08.
const DAY = 86400, MONTH = 30 * DAY, YEAR = 365 * DAY;
const COUNT_STEPS = [1, 2, 5].flatMap((k) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].map((p) => k * p)).sort((a, b) => a - b);
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

// A label's width on screen before it is cut ("Papua New Guinea" whole),
// kept as one zooms, as its font is: in the graph's units it was 170 at
// every zoom, so a phone's fitted graph (zoom 0.46) cut names at 78 px.
const LABEL_WIDTH = 170;
const COLOURS = { PERSON: '#2f6fb3', ORG: '#c2553b', PLACE: '#3e8e5a', GROUP: '#8a59b0', SPEAKER: '#1d232a' };

// Who mentions whom: the force-directed layout the server computed
// (src/store/graph.c; Cytoscape's own, cose, when an answer has no
// positions), node size by count, labels kept readable at every zoom,
// wheel or pinch to zoom, drag to move, a click on a node calls
// onPick(node). n: the /api/network answer. Returns once drawn.
export function network(box, n, opts = {}) {
  const holder = el('div', { class: 'chart network-chart', id: 'network-chart', role: 'img', 'aria-label': 'who mentions whom' });
  holder.dataset.nodes = String(n.nodes.length);
  box.replaceChildren(holder);
  return deferred(box, async () => {
    const cy = await load('cytoscape');
    if (!cy) {
      holder.replaceChildren(missing(), table(n.nodes.map((x) => [`${x.name} (${x.type.toLowerCase()})`, x.weight])));
      return;
    }
    // Cytoscape adds a <style> for its container unless an element with
    // this id exists: style.css has the rule, and the CSP allows no inline style
    if (!document.getElementById('__________cytoscape_stylesheet')) {
      document.head.append(el('meta', { id: '__________cytoscape_stylesheet', name: 'cytoscape-style', content: 'in style.css' }));
    }
    holder.cyGraph = drawNetwork(cy, holder, n, opts); // for tests and the console
  });
}

function drawNetwork(cy, holder, n, opts) {
  const maxw = Math.max(1, ...n.nodes.map((x) => x.weight));
  // the strongest links only (three a name at most on average): a
  // hairball of every co-mention hides who matters
  const edges = [...n.edges].sort((a, b) => b.weight - a.weight).slice(0, 3 * n.nodes.length);
  const maxe = Math.max(1, ...edges.map((e) => e.weight));
  const placed = n.nodes.every((x) => Number.isFinite(x.x) && Number.isFinite(x.y));
  const W = holder.clientWidth || 800, H = holder.clientHeight || 500;
  // the server's layout is round; the box is wide (or, on a phone, tall):
  // stretched to fill it, names further apart
  let sx = 1, sy = 1;
  if (placed && n.nodes.length > 2) {
    const span = (k) => Math.max(1, Math.max(...n.nodes.map((x) => x[k])) - Math.min(...n.nodes.map((x) => x[k])));
    const r = (W / H) / (span('x') / span('y'));
    sx = Math.max(1, Math.min(2, r));
    sy = Math.max(1, Math.min(2, 1 / r));
  }
  // the zoom the preset layout will fit the graph at, so that labels get
  // their size on screen once, with the graph (set after, every node's
  // style and label would be worked out a second time before the first frame)
  const pad = 24, biggest = 52, room = 90;
  let zoom = 1;
  if (placed && n.nodes.length > 1) {
    const xs = n.nodes.map((x) => x.x * sx), ys = n.nodes.map((x) => x.y * sy);
    const w = Math.max(...xs) - Math.min(...xs) + biggest + room, h = Math.max(...ys) - Math.min(...ys) + biggest + 24;
    zoom = Math.min((W - 2 * pad) / w, (H - 2 * pad) / h);
  }
  const onScreen = (z) => Math.max(0.35, Math.min(1.5, z));
  // the most named drawn last, over the rest: the centre's biggest name
  // was covered by the nodes and labels around it (at 390 px "United
  // Nations" read "United")
  const rank = new Map([...n.nodes].sort((a, b) => a.weight - b.weight).map((x, i) => [x.id, i]));
  // Styles are plain values and data mappers: a function in a style is
  // called again on every style pass and keeps Cytoscape from caching
  const graph = cy({
    container: holder,
    elements: [
      ...n.nodes.map((x) => {
        const font = Math.round(11 + 4 * Math.sqrt(x.weight / maxw));
        return { data: { id: x.id, label: x.name, type: x.type, weight: x.weight, size: 12 + 40 * Math.sqrt(x.weight / maxw), font, fz: font / onScreen(zoom),
          tw: LABEL_WIDTH / onScreen(zoom), z: rank.get(x.id) },
          position: placed ? { x: x.x * sx, y: x.y * sy } : undefined };
      }),
      ...edges.map((e, i) => ({ data: { id: `x${i}`, source: e.source, target: e.target, weight: e.weight, kind: e.kind, w: 0.6 + 5 * (e.weight / maxe) } })),
    ],
    style: [
      { selector: 'node', style: {
        'background-color': '#777', width: 'data(size)', height: 'data(size)',
        label: 'data(label)', 'font-size': 'data(fz)', 'text-wrap': 'ellipsis', 'text-max-width': 'data(tw)', 'font-family': 'system-ui, sans-serif', color: '#1d232a',
        'z-index-compare': 'manual', 'z-index': 'data(z)',
        'text-valign': 'bottom', 'text-margin-y': 3, 'text-outline-color': '#fff', 'text-outline-width': 2,
        'min-zoomed-font-size': 7 } },
      ...Object.entries(COLOURS).map(([type, colour]) => ({ selector: `node[type = "${type}"]`, style: { 'background-color': colour } })),
      { selector: 'edge', style: { width: 'data(w)', 'line-color': '#b4bec8', opacity: 0.7, 'curve-style': 'haystack' } },
      { selector: 'edge[kind = "speaks-of"]', style: { 'line-color': '#7d8b99' } },
      { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#e0b000' } },
    ],
    // fitted with the labels' room (a label wider than its node was cut
    // at the edge: "United Stat")
    layout: placed ? { name: 'preset', fit: false } : { name: 'cose', animate: false, randomize: false,
      nodeRepulsion: () => 14000, idealEdgeLength: () => 80, edgeElasticity: (e) => 40 + 160 * (1 - e.data('weight') / maxe),
      gravity: 0.5, nodeOverlap: 20, padding: pad, componentSpacing: 80, numIter: 800 },
    minZoom: 0.2,
    maxZoom: 4,
  });
  // labels keep their size on screen as one zooms: zooming in separates them
  const resize = () => {
    const z = onScreen(graph.zoom());
    graph.batch(() => graph.nodes().forEach((x) => { x.data({ fz: x.data('font') / z, tw: LABEL_WIDTH / z }); }));
  };
  const fit = () => {
    graph.fit(undefined, pad);
    resize();
    // the labels' box, now that they have their size: inside the view
    graph.fit(undefined, pad);
  };
  fit();
  let pending = false;
  graph.on('zoom', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; resize(); });
  });
  if (opts.onPick) graph.on('tap', 'node', (e) => opts.onPick(n.nodes.find((x) => x.id === e.target.id())));
  holder.dataset.edges = String(edges.length);
  holder.refit = fit;
  return graph;
}
