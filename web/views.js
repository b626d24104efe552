// The timeline and network pages over any query: statements per period
// (uPlot) and who mentions whom (Cytoscape.js), drawn after the page's
// words (charts.js). A click on a period or a name narrows the search to it.
import { network, noChart, timeline } from './charts.js';
import { api, el, entityHref, fmt, go, loading, main, quote, setTitle, speakerHref, stateHref } from './lib.js';

function queryForm(id, q, extra, onSubmit) {
  const form = el('form', { class: 'view-form' }, el('input', { name: 'q', value: q, id, placeholder: 'a query, e.g. sanctions speaker:putin', 'aria-label': 'query' }), ...extra,
    el('button', { type: 'submit', text: 'Draw' }));
  form.addEventListener('submit', (e) => { e.preventDefault(); onSubmit(form); });
  return form;
}

export async function timelinePage(params) {
  const q = params.get('q') || '';
  const interval = ['day', 'week', 'month'].includes(params.get('interval')) ? params.get('interval') : 'month';
  setTitle(q ? `Timeline: ${q}` : 'Timeline');
  const select = el('select', { name: 'interval', id: 'interval', 'aria-label': 'period' }, ...['month', 'week', 'day'].map((v) => el('option', { value: v, text: `per ${v}`, selected: v === interval })));
  const form = queryForm('timeline-q', q, [select], (f) => go(`/timeline?${new URLSearchParams({ q: f.q.value, interval: f.interval.value })}`));
  const box = el('div', { class: 'chart-box', id: 'timeline' });
  main().replaceChildren(el('h1', { text: 'Statements over time' }), form, box);
  if (!q) {
    noChart(box, el('p', { class: 'muted', text: 'Draw how often something was said, per month, week or day.' }));
    return;
  }
  box.replaceChildren(loading());
  const [t, r] = await Promise.all([api(`/api/timeline?${new URLSearchParams({ q, interval })}`), api(`/api/search?${new URLSearchParams({ q, limit: '1' })}`)]);
  // not waited for: the chart is drawn after the page's words
  timeline(box, t.buckets, { interval, total: r.total, height: 300,
    onPick: (p) => go(stateHref({ q, f: [], from: p, to: p, sort: 'date', page: 1 })) });
  // dates given by the year alone: drawn per year, whatever was asked
  if (box.dataset.interval === 'year') select.replaceChildren(el('option', { value: interval, text: 'per year (dates by year only)', selected: true }));
  box.append(el('p', { class: 'muted small', text: 'Click a bar to read its statements.' }));
}

export async function networkPage(params) {
  const q = params.get('q') || '';
  // the 25 most named by default: a readable picture; more on asking
  const sizes = [25, 50, 100, 150];
  const nodes = Math.min(150, Math.max(5, parseInt(params.get('nodes') || '25', 10) || 25));
  setTitle(q ? `Network: ${q}` : 'Network');
  const size = el('select', { name: 'nodes', id: 'nodes', 'aria-label': 'names' },
    ...[...new Set([...sizes, nodes])].sort((a, b) => a - b).map((v) => el('option', { value: String(v), text: `${v} names`, selected: v === nodes })));
  const form = queryForm('network-q', q, [size], (f) => go(`/network?${new URLSearchParams({ q: f.q.value, nodes: f.nodes.value })}`));
  const box = el('div', { class: 'chart-box', id: 'network' });
  const info = el('div', { class: 'net-info', id: 'network-info' });
  main().replaceChildren(el('h1', { text: 'Who mentions whom' }), form, info, box);
  if (!q) {
    noChart(box, el('p', { class: 'muted', text: 'Draw the speakers and the names in the statements a query finds: a line joins a speaker to whom they speak of, and two names said together.' }));
    return;
  }
  box.replaceChildren(loading());
  const n = await api(`/api/network?${new URLSearchParams({ q, nodes: String(nodes) })}`);
  const more = sizes.find((v) => v > nodes);
  info.replaceChildren(el('p', { class: 'muted' }, `${fmt(n.statements)} statements, ${fmt(n.nodes.length)} names`,
    n.nodes.length >= nodes && more ? [' (the most named: ', el('a', { href: `/network?${new URLSearchParams({ q, nodes: String(more) })}`, 'data-nav': '', id: 'network-more', text: `show ${more}` }), ')'] : '',
    `, ${fmt(n.edges.length)} links`,
    n.edges.length > 3 * n.nodes.length ? ` (the ${fmt(3 * n.nodes.length)} strongest drawn). ` : '. ',
    'Scroll to zoom, drag to move; click a name to narrow the search to it. ',
    el('span', { class: 'legend' }, ...['SPEAKER', 'PERSON', 'ORG', 'PLACE', 'GROUP'].map((t) => el('span', { class: `key t-${t}`, text: t.toLowerCase() })))));
  if (!n.nodes.length) {
    noChart(box, el('p', { class: 'muted', text: 'No names in these statements.' }));
    return;
  }
  const picked = el('p', { class: 'picked', id: 'network-picked' });
  info.append(picked);
  // not waited for: the chart is drawn after the page's words
  network(box, n, {
    onPick: (node) => {
      if (!node) return;
      // a speaker's node ("s12"): a person who speaks, or a group the prose
      // names ("critics", typed GROUP), found by speaker: all the same
      const spoke = node.id.startsWith('s');
      const filter = spoke ? `speaker:${quote(node.name)}` : `mentions:${quote(node.name)}`;
      picked.replaceChildren(el('b', { text: node.name }), ` (${node.type.toLowerCase()}, ${fmt(node.weight)}): `,
        el('a', { href: stateHref({ q, f: [filter], sort: 'relevance', page: 1 }), 'data-nav': '', id: 'network-narrow', text: 'these statements' }), ' · ',
        el('a', { href: `/network?${new URLSearchParams({ q: `${q} ${filter}`, nodes: String(nodes) })}`, 'data-nav': '', text: 'redraw around it' }), ' · ',
        el('a', { href: spoke ? speakerHref(node.name) : entityHref(node.id), 'data-nav': '', text: 'page' }));
    },
  });
}
