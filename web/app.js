// verbatim web UI: search, documents, permalinks to statements, timeline
// and network, over the JSON API. Every string from a document reaches the
// page through textContent or createTextNode — never as markup.

const main = document.getElementById('main');
const qInput = document.getElementById('q');

function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const kid of kids) if (kid !== null && kid !== undefined) e.append(kid);
  return e;
}

async function api(path) {
  const res = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await res.json().catch(() => ({ error: { message: res.statusText } }));
  if (!res.ok) throw new Error(body.error ? body.error.message : res.statusText);
  return body;
}

function showError(err) {
  main.replaceChildren(el('p', { class: 'error', text: String(err.message || err) }));
}

function go(url) {
  history.pushState(null, '', url);
  route();
}

// A snippet marks matched words with **…**: split on them, never parse HTML.
function snippet(text) {
  const span = el('span');
  text.split('**').forEach((part, i) => span.append(i % 2 ? el('mark', { text: part }) : document.createTextNode(part)));
  return span;
}

function citeLink(hit) {
  return hit.link || `/d/${hit.doc}#s${hit.index}`;
}

async function copy(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'copied';
  } catch {
    button.textContent = 'select and copy';
  }
}

async function search(q) {
  qInput.value = q;
  main.replaceChildren(el('p', { class: 'muted', text: 'Searching…' }));
  const params = new URLSearchParams({ q, limit: '50', facets: 'speaker,entity,tag,month' });
  const r = await api(`/api/search?${params}`);
  const facets = el('aside', { class: 'facets' });
  for (const [name, values] of Object.entries(r.facets || {})) {
    if (!values.length) continue;
    facets.append(el('h3', { text: name }));
    for (const [value, n] of values) {
      const filter = name === 'month' ? `date:${value}` : `${name === 'entity' ? 'mentions' : name}:"${value.replace(/"/g, '')}"`;
      facets.append(el('a', { href: '#', 'data-facet': name, onclick: (e) => { e.preventDefault(); go(`/?q=${encodeURIComponent(`${q} ${filter}`)}`); } },
        el('span', { text: value }), el('span', { class: 'muted', text: String(n) })));
    }
  }
  const hits = el('section', { class: 'hits' }, el('p', { class: 'muted', id: 'total', text: `${r.total} statements` }));
  for (const h of r.hits) {
    const cite = el('button', { class: 'copy', type: 'button', onclick: (e) => copy(`${h.citation} ${location.origin}${citeLink(h)}`, e.target) }, 'copy citation');
    hits.append(el('div', { class: 'hit' },
      el('div', {}, el('span', { class: 'who', text: h.speaker || 'unattributed' }), h.kind !== 'direct' ? el('span', { class: 'muted', text: ` (${h.kind})` }) : null),
      el('div', { class: 'text' }, snippet(h.snippet || h.text)),
      el('div', { class: 'cite' }, el('a', { href: citeLink(h), 'data-nav': '', class: 'permalink', text: h.citation || h.doc.slice(0, 12) }), cite)));
  }
  main.replaceChildren(el('div', { class: 'layout' }, facets, hits));
}

const SPEAKER_COLOURS = 6;

async function documentPage(id, hash) {
  const d = await api(`/api/documents/${encodeURIComponent(id)}`);
  const rtl = d.meta && d.meta.language === 'ar';
  const page = el('article', { class: 'doc', dir: rtl ? 'rtl' : 'ltr' });
  page.append(el('h1', { text: d.title || d.source.path }));
  const meta = d.meta || {};
  const bits = [meta.publisher, meta.series && meta.number ? `${meta.series} No. ${meta.number}` : meta.series, meta.aired ? `aired ${meta.aired}` : null, meta.published ? `published ${meta.published}` : null, meta.channel].filter(Boolean);
  page.append(el('p', { class: 'meta', text: bits.join(' · ') }));
  if (d.summary) page.append(el('p', { class: 'summary', text: d.summary }));
  const speakers = d.speakers || [];
  const byId = Object.fromEntries(speakers.map((s, i) => [s.id, { ...s, n: i }]));
  // statements by paragraph span, so each gets an anchor #sN
  const statements = d.statements || [];
  const sections = d.sections || [];
  let section = -1;
  for (const t of d.turns || []) {
    if (t.section !== undefined && t.section !== section && sections[t.section]) {
      section = t.section;
      page.append(el('h2', { text: sections[t.section].heading }));
    }
    const sp = byId[t.speaker];
    const turn = el('div', { class: `turn sp${sp ? sp.n % SPEAKER_COLOURS : 0}` },
      el('div', { class: 'speaker', text: sp ? sp.name : 'unknown speaker' }));
    for (const p of t.paragraphs) {
      const para = el('p');
      let at = p.start;
      const inPara = statements.map((s, i) => ({ ...s, i })).filter((s) => s.start >= p.start && s.end <= p.end && s.kind === 'direct');
      for (const s of inPara) {
        if (s.start > at) para.append(document.createTextNode(' '));
        para.append(el('span', { class: 'statement', id: `s${s.i}`, text: s.text }));
        at = s.end;
      }
      if (!inPara.length) para.append(document.createTextNode(p.text));
      turn.append(para);
    }
    page.append(turn);
  }
  if ((d.insertions || []).length) page.append(el('p', { class: 'insertion', text: `Editorial insertions: ${d.insertions.map((x) => `[${x.text}]`).join(' ')}` }));
  main.replaceChildren(page);
  // a permalink #sN (or #sNvV, numbered by parser version V) scrolls to its
  // statement, wherever a reparse has moved it, and marks it
  const m = /^#s(\d+)(?:v(\d+))?$/.exec(hash || '');
  if (m) {
    let index = m[1];
    try {
      const at = await api(`/api/documents/${encodeURIComponent(id)}/statements/${m[1]}${m[2] ? `?v=${m[2]}` : ''}`);
      index = at.index;
    } catch {
      // the statement is gone: the document is shown unmarked
    }
    const target = document.getElementById(`s${index}`);
    if (target) {
      target.classList.add('hl');
      target.scrollIntoView({ block: 'center' });
    }
  }
}

async function entityPage(id) {
  const e = await api(`/api/entities/${encodeURIComponent(id)}`);
  const page = el('article', { class: 'doc' }, el('h1', { text: e.name }),
    el('p', { class: 'meta', text: `${e.type} · ${e.mentions} mentions in ${e.documents} documents` }));
  if (e.aliases.length) page.append(el('p', { text: `Also written: ${e.aliases.join(', ')}` }));
  for (const r of e.roles) page.append(el('p', { class: 'muted', text: `${r.date || 'undated'}: ${r.role}` }));
  page.append(el('p', {}, el('a', { href: `/?q=${encodeURIComponent(`mentions:"${e.name.replace(/"/g, '')}"`)}`, 'data-nav': '', text: 'Statements that mention it' })));
  main.replaceChildren(page);
}

function svg(tag, attrs = {}) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

async function timelinePage(q) {
  const form = el('form', { class: 'view-form' }, el('input', { name: 'q', value: q, id: 'timeline-q' }),
    el('select', { name: 'interval', id: 'interval' }, ...['month', 'week', 'day'].map((v) => el('option', { value: v, text: v }))),
    el('button', { type: 'submit', text: 'Draw' }));
  form.addEventListener('submit', (e) => { e.preventDefault(); go(`/timeline?q=${encodeURIComponent(form.q.value)}&interval=${form.interval.value}`); });
  main.replaceChildren(el('h1', { text: 'Timeline' }), form);
  if (!q) return;
  const interval = new URLSearchParams(location.search).get('interval') || 'month';
  form.interval.value = interval;
  const t = await api(`/api/timeline?${new URLSearchParams({ q, interval })}`);
  const buckets = t.buckets;
  const w = Math.max(400, buckets.length * 28), h = 240, max = Math.max(1, ...buckets.map((b) => b.count));
  const chart = svg('svg', { width: w, height: h + 60, role: 'img', 'aria-label': `statements per ${interval}`, id: 'timeline-chart' });
  buckets.forEach((b, i) => {
    const bh = (b.count / max) * h;
    const bar = svg('rect', { x: i * 28 + 4, y: h - bh + 10, width: 20, height: bh, class: 'bar' });
    const title = svg('title');
    title.textContent = `${b.period}: ${b.count}`;
    bar.append(title);
    chart.append(bar);
    const label = svg('text', { x: i * 28 + 4, y: h + 24, transform: `rotate(45 ${i * 28 + 4} ${h + 24})` });
    label.textContent = b.period;
    chart.append(label);
  });
  main.append(el('p', { class: 'muted', text: `${buckets.reduce((a, b) => a + b.count, 0)} statements` }), chart);
}

async function networkPage(q) {
  const form = el('form', { class: 'view-form' }, el('input', { name: 'q', value: q, id: 'network-q' }), el('button', { type: 'submit', text: 'Draw' }));
  form.addEventListener('submit', (e) => { e.preventDefault(); go(`/network?q=${encodeURIComponent(form.q.value)}`); });
  main.replaceChildren(el('h1', { text: 'Who mentions whom' }), form);
  if (!q) return;
  const n = await api(`/api/network?${new URLSearchParams({ q, nodes: '40' })}`);
  // nodes on a circle, heaviest first; edges as lines weighted by count
  const size = 640, r = 250, c = size / 2;
  const pos = {};
  n.nodes.forEach((node, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, n.nodes.length);
    pos[node.id] = [c + r * Math.cos(a), c + r * Math.sin(a)];
  });
  const chart = svg('svg', { width: size, height: size, id: 'network-chart', role: 'img', 'aria-label': 'entity network' });
  const maxw = Math.max(1, ...n.edges.map((e) => e.weight));
  for (const e of n.edges) {
    const [x1, y1] = pos[e.source], [x2, y2] = pos[e.target];
    chart.append(svg('line', { x1, y1, x2, y2, class: 'edge', 'stroke-width': 0.5 + (3 * e.weight) / maxw }));
  }
  for (const node of n.nodes) {
    const [x, y] = pos[node.id];
    const dot = svg('circle', { cx: x, cy: y, r: 5 + Math.min(10, Math.sqrt(node.weight)), class: `node-${node.type}` });
    const title = svg('title');
    title.textContent = `${node.name} (${node.type}): ${node.weight}`;
    dot.append(title);
    chart.append(dot);
    const label = svg('text', { x: x + 12, y: y + 4 });
    label.textContent = node.name;
    chart.append(label);
  }
  main.append(el('p', { class: 'muted', text: `${n.statements} statements, ${n.nodes.length} names, ${n.edges.length} links` }), chart);
}

async function route() {
  const params = new URLSearchParams(location.search);
  const path = location.pathname;
  try {
    if (path.startsWith('/d/')) await documentPage(decodeURIComponent(path.slice(3)), location.hash);
    else if (path.startsWith('/e/')) await entityPage(decodeURIComponent(path.slice(3)));
    else if (path === '/timeline') await timelinePage(params.get('q') || qInput.value || '');
    else if (path === '/network') await networkPage(params.get('q') || qInput.value || '');
    else if (params.get('q')) await search(params.get('q'));
  } catch (err) {
    showError(err);
  }
}

document.getElementById('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  if (qInput.value.trim()) go(`/?q=${encodeURIComponent(qInput.value.trim())}`);
});
document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-nav]');
  if (!a || e.ctrlKey || e.metaKey) return;
  e.preventDefault();
  go(a.getAttribute('href'));
});
window.addEventListener('popstate', route);
route();
