// Charts: uPlot (vendored, web/vendor/, made by scripts/vendor.sh) for
// statements over time, loaded on first use (when web/vendor/ is missing
// the figures are shown as a table and the page says why); who mentions
// whom drawn here as SVG over the positions the server computed.
import { el, fmt, periodsBetween, periodTime, plural } from './lib.js';

let uplot = null;

async function load() {
  try {
    if (!uplot) {
      uplot = (await import('/static/vendor/uplot.esm.js')).default;
      if (!document.querySelector('link[data-uplot]')) {
        document.head.append(el('link', { rel: 'stylesheet', href: '/static/vendor/uplot.min.css', 'data-uplot': '' }));
      }
    }
    return uplot;
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
// onPick(period), light}: light draws the bars as SVG here (the panels of
// the home, entity and speaker pages), not with uPlot (the timeline view).
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
  if (opts.light) {
    svgBars(box, periods, ys, exact, { interval, unit, dated, coarse, height: opts.height || 220, onPick: opts.onPick });
    return;
  }
  const U = await load();
  if (!U) {
    box.append(missing(), table(periods.map((p, i) => [p, ys[i]])));
    return;
  }
  const holder = el('div', { class: 'chart timeline-chart' });
  box.append(holder);
  const width = Math.max(280, Math.min(holder.clientWidth || box.clientWidth || 800, 1200));
  const pad = (interval === 'year' ? YEAR : interval === 'month' ? MONTH : interval === 'week' ? 7 * DAY : DAY) * 0.6;
  const barWidth = Math.max(0.3, Math.min(0.9, 1 - 6 / Math.max(8, periods.length)));
  // the legend says the whole span and its sums until a bar is pointed
  // at, then that bar's period and counts (it read "--" before)
  const none = (idx) => idx === null || idx === undefined;
  const sum = (xs2) => xs2.reduce((a, b) => a + b, 0);
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

// Statements per period as SVG bars, for the pages' panels: every period
// a bar (empty ones a gap), the count axis, the periods labelled as they
// are written at even steps, a legend line that gives the span and the
// sums, or the period and count under the pointer; a click on a bar calls
// onPick(period). uPlot's module and canvas cost a page about 135 ms of
// its main thread on the UN archive (load 17-19), these bars about 15:
// the home, entity and speaker pages stay under 200 ms (bench/RESULTS.md).
function svgBars(box, periods, ys, exact, o) {
  const W = Math.max(280, Math.min(box.clientWidth || 800, 1200)), H = o.height;
  const max = Math.max(1, ...ys);
  const left = Math.max(30, 12 + 7 * fmt(max).length), bottom = 20, top = 8;
  const plotW = W - left - 24, plotH = H - bottom - top;
  const step = plotW / periods.length;
  const y = (v) => top + plotH - (plotH * v) / max;
  const picture = svg('svg', { viewBox: `0 0 ${W} ${H}`, width: '100%', class: 'bars', role: 'img', 'aria-label': `${o.unit}s per ${o.interval}` });
  // the count axis: 0, the middle and the top, on whole numbers
  for (const v of [...new Set([0, Math.round(max / 2), max])]) {
    picture.append(svg('line', { x1: left, x2: left + plotW, y1: y(v), y2: y(v), class: 'grid' }),
      svg('text', { x: left - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'tick' }, fmt(v)));
  }
  // period labels on round steps (1, 2, 5, 10 years…), as many as fit (a
  // label is about 64 px); months far apart are labelled by their year
  const fits = Math.max(1, Math.floor(plotW / 64));
  const steps = o.interval === 'month' ? [1, 2, 3, 6, 12, 24, 60, 120, 240, 600] : o.interval === 'year' ? [1, 2, 5, 10, 20, 50, 100]
    : o.interval === 'week' ? [1, 2, 4, 13, 26, 52, 104, 260, 520] : [1, 7, 14, 28, 91, 182, 365, 730, 1826, 3652];
  const every = steps.find((k) => periods.length / k <= fits) || steps[steps.length - 1];
  const yearsOnly = o.interval === 'month' && every >= 12;
  const labelled = (p, i) => (o.interval === 'year' ? Number(p) % every === 0
    : yearsOnly ? p.slice(5, 7) === '01' && Number(p.slice(0, 4)) % (every / 12) === 0
      : o.interval === 'month' ? (Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)) - 1) % every === 0 : i % every === 0);
  const g = svg('g', { class: 'bar-group' });
  periods.forEach((p, i) => {
    const w = Math.min(40, Math.max(1, step * (periods.length > 40 ? 0.9 : 0.75))), x = left + i * step + (step - w) / 2;
    if (ys[i]) {
      g.append(svg('rect', { x: x.toFixed(1), y: y(ys[i]).toFixed(1), width: w.toFixed(1), height: (top + plotH - y(ys[i])).toFixed(1), class: exact ? 'bar coarse' : 'bar', 'data-i': i }));
      if (exact && exact[i]) g.append(svg('rect', { x: x.toFixed(1), y: y(exact[i]).toFixed(1), width: w.toFixed(1), height: (top + plotH - y(exact[i])).toFixed(1), class: 'bar', 'data-i': i }));
    }
    // a transparent column over the whole height: the pointer finds thin bars
    g.append(svg('rect', { x: (left + i * step).toFixed(1), y: top, width: Math.max(1, step).toFixed(1), height: plotH, class: 'hit', 'data-i': i }));
    if (labelled(p, i) || periods.length === 1) {
      picture.append(svg('text', { x: (x + w / 2).toFixed(1), y: H - 5, 'text-anchor': 'middle', class: 'tick period' }, yearsOnly ? p.slice(0, 4) : p));
    }
  });
  picture.append(g);
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const whole = `${periods[0]}${periods.length > 1 ? ` to ${periods[periods.length - 1]}` : ''}: ${fmt(sum(ys))} ${o.unit}s in all${exact ? `, ${fmt(sum(exact))} dated to the ${o.interval === 'month' ? 'month' : 'day'}` : ''}`;
  const legend = el('div', { class: 'bars-legend muted small', text: whole });
  g.addEventListener('pointerover', (e) => {
    const i = Number(e.target.dataset.i);
    if (Number.isInteger(i)) legend.textContent = `${periods[i]}: ${plural(ys[i], o.unit)}${exact && ys[i] ? `, ${fmt(exact[i])} dated to the ${o.interval === 'month' ? 'month' : 'day'}` : ''}`;
  });
  g.addEventListener('pointerleave', () => { legend.textContent = whole; });
  if (o.onPick) {
    g.classList.add('pickable');
    g.addEventListener('click', (e) => {
      const i = Number(e.target.dataset.i);
      if (Number.isInteger(i) && ys[i]) o.onPick(periods[i]);
    });
  }
  const holder = el('div', { class: 'chart timeline-chart' }, picture, legend);
  holder.dataset.periods = String(periods.length);
  holder.dataset.interval = o.interval;
  holder.dataset.coarse = String(o.coarse);
  holder.dataset.dated = String(o.dated);
  box.append(holder);
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
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...kids) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  e.append(...kids);
  return e;
}

// Who mentions whom, at the positions the server gave (a force-directed
// layout, src/store/graph.c): node size by count, labels the same size on
// screen at every zoom, wheel to zoom, drag to move, a click on a node
// calls onPick(node). n: the /api/network answer. Drawn as SVG: the page
// has no layout to run, and Cytoscape.js's first canvas alone cost the
// UN archive's network view 90-200 ms of CPU (bench/RESULTS.md, issue 19).
export function network(box, n, opts = {}) {
  const holder = el('div', { class: 'chart network-chart', id: 'network-chart', role: 'img', 'aria-label': 'who mentions whom' });
  box.replaceChildren(holder);
  const width = () => holder.clientWidth || 800, height = () => holder.clientHeight || 500;
  const maxw = Math.max(1, ...n.nodes.map((x) => x.weight));
  // the strongest links only (three a name at most on average): a
  // hairball of every co-mention hides who matters
  const edges = [...n.edges].sort((a, b) => b.weight - a.weight).slice(0, 3 * n.nodes.length);
  const maxe = Math.max(1, ...edges.map((e) => e.weight));
  const placed = n.nodes.every((x) => Number.isFinite(x.x) && Number.isFinite(x.y));
  // an answer without positions (none the server sends): a circle
  const pos = n.nodes.map((x, i) => (placed ? { x: x.x, y: x.y }
    : { x: 200 * Math.cos((2 * Math.PI * i) / n.nodes.length), y: 200 * Math.sin((2 * Math.PI * i) / n.nodes.length) }));
  // the server's layout is round; the box is wide: stretched to fill it
  if (n.nodes.length > 2) {
    const span = (k) => Math.max(1, Math.max(...pos.map((p) => p[k])) - Math.min(...pos.map((p) => p[k])));
    const sx = Math.max(1, Math.min(2, (width() / height()) / (span('x') / span('y'))));
    for (const p of pos) p.x *= sx;
  }
  const at = new Map(n.nodes.map((x, i) => [x.id, i]));
  const lines = svg('g', { class: 'net-edges' });
  for (const e of edges) {
    const a = pos[at.get(e.source)], b = pos[at.get(e.target)];
    if (!a || !b) continue;
    lines.append(svg('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: e.kind === 'speaks-of' ? '#7d8b99' : '#b4bec8',
      'stroke-opacity': 0.7, 'stroke-width': (0.6 + 5 * (e.weight / maxe)).toFixed(2), 'vector-effect': 'non-scaling-stroke' }));
  }
  const dots = svg('g', { class: 'net-nodes' });
  const labels = [];
  n.nodes.forEach((x, i) => {
    const r = 6 + 20 * Math.sqrt(x.weight / maxw);
    const font = Math.round(11 + 4 * Math.sqrt(x.weight / maxw));
    const name = x.name.length > 28 ? `${x.name.slice(0, 27)}…` : x.name;
    const label = svg('text', { x: pos[i].x, 'text-anchor': 'middle', 'dominant-baseline': 'hanging', class: 'net-label' }, name);
    labels.push({ label, y: pos[i].y + r, font });
    const g = svg('g', { class: 'net-node', 'data-id': x.id, tabindex: 0, role: 'button', 'aria-label': `${x.name}, ${x.type.toLowerCase()}, ${fmt(x.weight)}` },
      svg('title', {}, `${x.name} (${x.type.toLowerCase()}, ${fmt(x.weight)})`),
      svg('circle', { cx: pos[i].x, cy: pos[i].y, r: r.toFixed(1), fill: COLOURS[x.type] || '#777' }), label);
    dots.append(g);
  });
  // the view: every node and room for its label, then zoomed and moved
  const biggest = 26, room = 60;
  const xs = pos.map((p) => p.x), ys = pos.map((p) => p.y);
  const fit = { x: Math.min(...xs) - biggest - room, y: Math.min(...ys) - biggest, w: Math.max(...xs) - Math.min(...xs) + 2 * (biggest + room),
    h: Math.max(...ys) - Math.min(...ys) + 2 * biggest + 24 };
  const view = { ...fit };
  const picture = svg('svg', { width: '100%', height: '100%', preserveAspectRatio: 'xMidYMid meet' }, lines, dots);
  // screen pixels per unit of the picture
  const scale = () => Math.min(width() / view.w, height() / view.h);
  const draw = () => {
    picture.setAttribute('viewBox', `${view.x} ${view.y} ${view.w} ${view.h}`);
    const z = scale();
    for (const l of labels) {
      l.label.setAttribute('font-size', (l.font / z).toFixed(2));
      l.label.setAttribute('y', (l.y + 3 / z).toFixed(1));
    }
  };
  draw();
  holder.append(picture);
  // the wheel zooms about the pointer, from a quarter of the fitted
  // picture to five times it
  const zoomBy = (f, cx = width() / 2, cy = height() / 2) => {
    const w = Math.max(fit.w / 5, Math.min(fit.w * 4, view.w * f));
    const k = w / view.w, z = scale();
    // the point under the pointer stays there: screen -> picture units
    const ox = (width() - view.w * z) / 2, oy = (height() - view.h * z) / 2;
    const px = view.x + (cx - ox) / z, py = view.y + (cy - oy) / z;
    view.x = px - (px - view.x) * k;
    view.y = py - (py - view.y) * k;
    view.w *= k;
    view.h *= k;
    draw();
  };
  picture.addEventListener('wheel', (e) => {
    e.preventDefault();
    const r = holder.getBoundingClientRect();
    zoomBy(Math.exp(e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  let drag = null;
  picture.addEventListener('pointerdown', (e) => {
    drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false };
  });
  picture.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    if (!drag.moved) picture.setPointerCapture(e.pointerId);
    drag.moved = true;
    view.x = drag.vx - dx / scale();
    view.y = drag.vy - dy / scale();
    draw();
  });
  const end = () => { setTimeout(() => { drag = null; }, 0); };
  picture.addEventListener('pointerup', end);
  picture.addEventListener('pointercancel', end);
  let selected = null;
  const pick = (g) => {
    if (selected) selected.classList.remove('selected');
    selected = g;
    g.classList.add('selected');
    if (opts.onPick) opts.onPick(n.nodes[at.get(g.dataset.id)]);
  };
  dots.addEventListener('click', (e) => {
    const g = e.target.closest('.net-node');
    if (g && !(drag && drag.moved)) pick(g);
  });
  dots.addEventListener('keydown', (e) => {
    const g = e.target.closest('.net-node');
    if (g && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      pick(g);
    }
  });
  new ResizeObserver(draw).observe(holder);
  holder.dataset.nodes = String(n.nodes.length);
  holder.dataset.edges = String(edges.length);
  // for tests and the console
  holder.net = { zoomBy, fit: () => { Object.assign(view, fit); draw(); }, scale };
  return holder.net;
}
