// Shared helpers of the web UI: building elements (every string from the
// archive goes in through textContent, never as markup), calling the API,
// moving between pages, and the search state that a URL carries.

export const main = () => document.getElementById('main');

export function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const kid of kids.flat()) if (kid !== null && kid !== undefined && kid !== false) e.append(kid);
  return e;
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function api(path, init = {}) {
  const res = await fetch(path, { ...init, headers: { Accept: 'application/json', ...(init.headers || {}) } });
  const body = await res.json().catch(() => ({ error: { message: res.statusText } }));
  if (!res.ok) throw new ApiError(res.status, body.error ? body.error.message : res.statusText);
  return body;
}

// A document whole: the API answers a page of its statements at a time
// (page.next names the next one); the pages split the document, so each
// turn, statement and mention comes once and the pieces simply join.
export async function documentWhole(id) {
  const path = `/api/documents/${encodeURIComponent(id)}`;
  const d = await api(path);
  for (let next = d.page && d.page.next, n = 0; next && n < 10000; n++) {
    const p = await api(`${path}?from=${next}`);
    for (const k of ['turns', 'statements', 'insertions', 'quantities', 'dates', 'boilerplate']) d[k] = (d[k] || []).concat(p[k] || []);
    (p.entities || []).forEach((e, i) => { if (d.entities[i]) d.entities[i].mentions = d.entities[i].mentions.concat(e.mentions || []); });
    next = p.page && p.page.next;
  }
  return d;
}

// Resolves in the first task after the next frame is painted: what is on
// the page is shown before what comes next is built (a hidden tab has no
// frames: then after a timer).
export function afterPaint() {
  return new Promise((resolve) => {
    let done = false;
    const next = () => {
      if (done) return;
      done = true;
      setTimeout(resolve, 0);
    };
    requestAnimationFrame(next);
    setTimeout(next, 250);
  });
}

export function go(url) {
  history.pushState(null, '', url);
  window.dispatchEvent(new Event('verbatim:route'));
}

export function setTitle(what) {
  document.title = what ? `${what} — verbatim` : 'verbatim';
}

// Counts with thousands separators ("1,432,399"). Written out for whole
// numbers: toLocaleString made a new ICU formatter on every call, and the
// first of a page's calls cost it 100-200 ms of CPU (bench/RESULTS.md).
let decimals = null;
export const fmt = (n) => {
  const x = Number(n || 0);
  if (Number.isSafeInteger(x)) return (x < 0 ? '-' : '') + String(Math.abs(x)).replace(/\B(?=(\d{3})+$)/g, ',');
  if (!decimals) decimals = new Intl.NumberFormat('en');
  return decimals.format(x);
};
export const plural = (n, one, many = `${one}s`) => `${fmt(n)} ${n === 1 ? one : many}`;

// A filter value in the query language: quoted, its own quotes dropped.
export const quote = (v) => `"${String(v).replace(/"/g, '')}"`;

export const speakerHref = (name) => `/s/${encodeURIComponent(name)}`;
export const entityHref = (idOrName) => `/e/${encodeURIComponent(idOrName)}`;
export const docHref = (doc, index) => `/d/${doc}${index !== undefined && index !== null ? `#s${index}` : ''}`;
// A hit's permalink: the API's own when it gives one (versioned), else #sN.
export const hitHref = (h) => h.link || docHref(h.doc, h.index);

export function speakerLink(name, cls = 'who') {
  if (!name) return el('span', { class: `${cls} muted`, text: 'unattributed' });
  return el('a', { href: speakerHref(name), 'data-nav': '', class: cls, text: name });
}

export function entityLink(idOrName, name, cls = 'entity') {
  return el('a', { href: entityHref(idOrName), 'data-nav': '', class: cls, text: name });
}

// A snippet marks matched words with **…**, the text's own * and \ each
// after a \ (the API's escape): read a character at a time, never parse HTML.
// Into span when given (no wrapper of its own), else a new span.
export function snippet(text, span = el('span')) {
  const s = String(text);
  let part = '';
  let marked = false;
  const put = () => {
    if (part) span.append(marked ? el('mark', { text: part }) : document.createTextNode(part));
    part = '';
  };
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && i + 1 < s.length) part += s[++i];
    else if (s[i] === '*' && s[i + 1] === '*') {
      put();
      marked = !marked;
      i++;
    } else part += s[i];
  }
  put();
  return span;
}

// ---- the search state in a URL ------------------------------------------

// /?q=words&f=speaker:"X"&f=-mentions:"Y"&from=2014&to=2020-06&sort=date&page=3
export function readState(params) {
  const page = parseInt(params.get('page') || '1', 10);
  return {
    q: params.get('q') || '',
    f: params.getAll('f'),
    from: params.get('from') || '',
    to: params.get('to') || '',
    sort: params.get('sort') === 'date' ? 'date' : 'relevance',
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

export function stateHref(s, path = '/') {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const f of s.f || []) p.append('f', f);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', s.to);
  if (s.sort === 'date') p.set('sort', 'date');
  if (s.page > 1) p.set('page', String(s.page));
  const qs = p.toString();
  return qs ? `${path}?${qs}` : path;
}

export const isDate = (v) => /^\d{4}(-\d{2}(-\d{2})?)?$/.test(v);

// The first day after a period: before:X excludes X, so "to 2020-06"
// becomes before:2020-07.
export function nextPeriod(v) {
  if (/^\d{4}$/.test(v)) return String(Number(v) + 1);
  if (/^\d{4}-\d{2}$/.test(v)) {
    const [y, m] = v.split('-').map(Number);
    return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  }
  const d = new Date(`${v}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

// The query the API is asked: the words, the filters, the date range.
export function composeQuery(s) {
  const parts = [];
  if (s.q.trim()) parts.push(s.q.trim());
  parts.push(...s.f);
  if (s.from && isDate(s.from)) parts.push(`after:${s.from}`);
  if (s.to && isDate(s.to)) parts.push(`before:${nextPeriod(s.to)}`);
  return parts.join(' ');
}

// A document's name for people: its title, else its file name made readable.
export function docTitle(d) {
  if (d.title) return d.title;
  const path = (d.source && d.source.path) || d.path || d.id || '';
  const base = path.split('/').pop().replace(/\.[a-z0-9]+$/i, '');
  return base.replace(/[_]+/g, ' ').trim() || 'untitled document';
}

export function periodsBetween(first, last, interval) {
  // every period from first to last inclusive, so empty ones are drawn
  const out = [];
  if (interval === 'year') {
    for (let y = Number(first.slice(0, 4)); y <= Number(last.slice(0, 4)) && out.length <= 5000; y++) out.push(String(y).padStart(4, '0'));
    return out;
  }
  if (interval === 'month') {
    let [y, m] = first.split('-').map(Number);
    const [ly, lm] = last.split('-').map(Number);
    while (y < ly || (y === ly && m <= lm)) {
      out.push(`${y}-${String(m).padStart(2, '0')}`);
      if (++m > 12) { m = 1; y++; }
      if (out.length > 5000) break;
    }
    return out;
  }
  const step = interval === 'week' ? 7 : 1;
  const d = new Date(`${first}T00:00:00Z`), end = new Date(`${last}T00:00:00Z`);
  while (d <= end && out.length <= 20000) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + step);
  }
  return out;
}

// A period ("2023", "2023-10", "2023-10-08") as seconds since 1970, for charts.
export function periodTime(p) {
  return Date.parse(`${p.length === 4 ? `${p}-01-01` : p.length === 7 ? `${p}-01` : p}T00:00:00Z`) / 1000;
}

export function section(title, ...kids) {
  return el('section', { class: 'panel' }, el('h2', { text: title }), ...kids);
}

export function loading(what = 'Loading…') {
  return el('p', { class: 'muted loading', text: what });
}

// Rows {n, link} as a list with bars proportional to n (widths through the
// CSSOM: style attributes would break the CSP).
export function barList(rows, id) {
  const max = Math.max(1, ...rows.map((r) => r.n));
  const ul = el('ul', { class: 'barlist', id });
  for (const r of rows) {
    const bar = el('span', { class: 'bar' });
    bar.style.width = `${Math.round((100 * r.n) / max)}%`;
    ul.append(el('li', {}, r.link, el('span', { class: 'count', text: fmt(r.n) }), bar));
  }
  return ul;
}
