// Search: the words, filters from facets (to include or to exclude), a
// date range, sort, and pages with a link of their own. Hits come first;
// facets follow in a second request, drawn once the hits are painted, so
// a common word shows its first page at once. Each hit comes with the
// sentences of its turn around it (the API's context=2); its whole turn
// opens from its document.
import {
  afterPaint, api, composeQuery, docHref, documentWhole, el, hitHref, entityHref, fmt, go, isDate, main, plural, readState, setTitle,
  snippet, speakerHref, speakerLink, stateHref,
} from './lib.js';

export const PAGE = 20;
const MAX_OFFSET = 100000; // the API's own limit

const FACET_FILTER = { speaker: 'speaker', entity: 'mentions', tag: 'tag' };
const FACET_TITLE = { speaker: 'Speakers', entity: 'Mentioned', tag: 'Tags', month: 'Months', said: 'Said before' };
// the "said" facet's values and the filters they stand for
const SAID_FILTER = { 'said before': 'repeated:true', 'first said': 'first:true' };

// "speaker:\"Ali Baraka\"" -> {neg, field, value}
export function parseFilter(f) {
  const m = /^(-?)([a-z]+):"?(.*?)"?$/i.exec(f);
  return m ? { neg: m[1] === '-', field: m[2].toLowerCase(), value: m[3] } : { neg: false, field: '', value: f };
}

const filterOf = (field, value, neg) => `${neg ? '-' : ''}${field}:"${String(value).replace(/"/g, '')}"`;

function with_(s, changes) {
  return { ...s, page: 1, ...changes };
}

function chips(s) {
  const box = el('div', { class: 'chips', id: 'active-filters' });
  s.f.forEach((f, i) => {
    const p = parseFilter(f);
    const value = el('b', { text: p.value });
    // an entity facet filters by the entity's id: the chip shows its name
    if (p.field === 'mentions' && /^e[0-9]+$/.test(p.value)) {
      api(`/api/entities/${p.value}`).then((e) => { if (e && e.name) value.textContent = e.name; }, () => {});
    }
    box.append(el('span', { class: `chip${p.neg ? ' neg' : ''}` },
      el('span', { text: `${p.neg ? 'not ' : ''}${p.field === 'mentions' ? 'mentions' : p.field}: ` }),
      value,
      el('a', { href: stateHref(with_(s, { f: s.f.filter((_, k) => k !== i) })), 'data-nav': '', class: 'x', title: 'remove this filter', 'aria-label': `remove filter ${f}`, text: '×' })));
  });
  if (s.from || s.to) {
    box.append(el('span', { class: 'chip' }, el('span', { text: 'dated ' }),
      el('b', { text: `${s.from || '…'} to ${s.to || '…'}` }),
      el('a', { href: stateHref(with_(s, { from: '', to: '' })), 'data-nav': '', class: 'x', title: 'remove the date range', 'aria-label': 'remove date range', text: '×' })));
  }
  return box;
}

function controls(s) {
  const form = el('form', { class: 'controls', id: 'search-controls' },
    el('label', {}, 'From ', el('input', { name: 'from', id: 'from', value: s.from, placeholder: 'YYYY[-MM[-DD]]', size: 11, inputmode: 'numeric' })),
    el('label', {}, 'to ', el('input', { name: 'to', id: 'to', value: s.to, placeholder: 'YYYY[-MM[-DD]]', size: 11, inputmode: 'numeric' })),
    el('label', {}, 'Sort ', el('select', { name: 'sort', id: 'sort' },
      el('option', { value: 'relevance', text: 'by relevance', selected: s.sort !== 'date' }),
      el('option', { value: 'date', text: 'newest first', selected: s.sort === 'date' }))),
    el('button', { type: 'submit', text: 'Apply' }));
  form.sort.addEventListener('change', () => form.requestSubmit());
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const from = form.from.value.trim(), to = form.to.value.trim();
    for (const [v, input] of [[from, form.from], [to, form.to]]) {
      input.setCustomValidity(v && !isDate(v) ? 'a year, YYYY-MM or YYYY-MM-DD' : '');
    }
    if (!form.reportValidity()) return;
    go(stateHref(with_(s, { from, to, sort: form.sort.value })));
  });
  return form;
}

// sample: the entity facet counted only this many statements, an even sample of those found.
// A value is one element, its name as text, its count (data-n, drawn by
// the style sheet) and its bar (--w, a background) on it: a search page's
// rows were half its elements at seven a row (bench/RESULTS.md, issue 19).
// The rows of a facet share one grid: value, exclude, the entity's or
// speaker's page.
function facetPanel(s, facets, sample) {
  const box = el('aside', { class: 'facets', id: 'facets' });
  for (const name of ['said', 'speaker', 'entity', 'tag', 'month']) {
    let values = (facets && facets[name]) || [];
    if (!values.length) continue;
    if (name === 'month') values = [...values].sort((a, b) => (a[0] < b[0] ? -1 : 1)); // by time
    const max = Math.max(...values.map((v) => v[1]));
    box.append(el('h3', { text: FACET_TITLE[name] }));
    // counts are statements, as in every facet; only a sample needs saying
    if (name === 'entity' && sample) {
      box.append(el('p', { class: 'muted small', id: 'entity-facet-unit',
        text: `counted in an even sample of ${fmt(sample)} of the statements found` }));
    }
    const list = el('div', { class: `facet facet-${name}` });
    // room for the widest count (custom properties through the CSSOM:
    // style attributes would break the CSP)
    list.style.setProperty('--nd', String(fmt(max).length));
    // an entity value comes with its id ("e12"): the filter names the
    // entity counted, not every entity its name leads to
    for (const [value, n, id] of values) {
      const term = id || value;
      const include = name === 'month' ? with_(s, { from: value, to: value })
        : name === 'said' ? with_(s, { f: [...s.f, SAID_FILTER[value]] })
          : with_(s, { f: [...s.f, filterOf(FACET_FILTER[name], term, false)] });
      const exclude = name === 'month' || name === 'said' ? null
        : with_(s, { f: [...s.f, filterOf(FACET_FILTER[name], term, true)] });
      const row = el('a', { href: stateHref(include), 'data-nav': '', 'data-facet': name, 'data-n': fmt(n), class: 'facet-value',
        title: `only ${value}`, 'aria-label': `${value}, ${plural(n, 'statement')}`, text: value });
      row.style.setProperty('--w', `${Math.round((100 * n) / max)}%`);
      list.append(row);
      if (exclude) list.append(el('a', { href: stateHref(exclude), 'data-nav': '', class: 'exclude', title: `without ${value}`, 'aria-label': `exclude ${value}`, text: '−' }));
      if (name === 'speaker') list.append(el('a', { href: speakerHref(value), 'data-nav': '', class: 'goto', title: `${value}: speaker page`, 'aria-label': `${value}: speaker page`, text: '›' }));
      if (name === 'entity') list.append(el('a', { href: entityHref(term), 'data-nav': '', class: 'goto', title: `${value}: entity page`, 'aria-label': `${value}: entity page`, text: '›' }));
    }
    box.append(list);
  }
  return box;
}

function pager(s, total) {
  const pages = Math.max(1, Math.ceil(Math.min(total, MAX_OFFSET + PAGE) / PAGE));
  if (pages <= 1) return null;
  const nav = el('nav', { class: 'pager', 'aria-label': 'pages' });
  const link = (p, text, cls = '') => el('a', { href: stateHref({ ...s, page: p }), 'data-nav': '', class: `page ${cls}`, text, 'data-page': String(p) });
  if (s.page > 1) nav.append(link(s.page - 1, '‹ Previous', 'prev'));
  const shown = new Set([1, pages, s.page - 2, s.page - 1, s.page, s.page + 1, s.page + 2].filter((p) => p >= 1 && p <= pages));
  let last = 0;
  for (const p of [...shown].sort((a, b) => a - b)) {
    if (p > last + 1) nav.append(el('span', { class: 'gap', text: '…' }));
    nav.append(p === s.page ? el('span', { class: 'page current', 'aria-current': 'page', text: String(p) }) : link(p, String(p)));
    last = p;
  }
  if (s.page < pages) nav.append(link(s.page + 1, 'Next ›', 'next'));
  return nav;
}

// ---- context: the sentences around a hit come with it; its whole turn on a click

const docs = new Map();
function documentOf(id) {
  if (!docs.has(id)) {
    if (docs.size > 30) docs.delete(docs.keys().next().value);
    docs.set(id, documentWhole(id));
  }
  return docs.get(id);
}

async function showTurn(h, box) {
  const d = await documentOf(h.doc);
  const st = d.statements || [];
  const me = st[h.index];
  if (!me) return;
  const sameTurn = st.map((x, i) => ({ ...x, i })).filter((x) => x.turn === me.turn && x.kind === me.kind);
  box.replaceChildren(...sameTurn.map((x) => x.i === h.index
    ? el('mark', { class: 'ctx-hit', text: x.text })
    : el('span', { class: 'ctx', text: x.text })).flatMap((e) => [e, ' ']));
  box.hidden = false;
}

// A hit: who, when, where; its sentence with the sentences around it (one
// element before it, one after); its whole turn built on the first click.
function hitView(h) {
  let ctx = null;
  const more = el('button', { type: 'button', class: 'link ctx-toggle', 'aria-expanded': 'false', text: 'whole turn' });
  let open = false;
  more.addEventListener('click', async () => {
    if (!ctx) cite.before(ctx = el('div', { class: 'context', hidden: true }));
    try {
      if (open) {
        ctx.hidden = true; said.hidden = false; open = false;
        more.textContent = 'whole turn'; more.setAttribute('aria-expanded', 'false');
        return;
      }
      await showTurn(h, ctx);
      said.hidden = true;
      open = true;
      more.textContent = 'hide turn';
      more.setAttribute('aria-expanded', 'true');
    } catch (err) {
      ctx.replaceChildren(el('span', { class: 'error', text: String(err.message || err) }));
      ctx.hidden = false;
    }
  });
  const before = h.before && h.before.length ? el('span', { class: 'ctx', text: `${h.before.join(' ')} ` }) : null;
  const after = h.after && h.after.length ? el('span', { class: 'ctx', text: ` ${h.after.join(' ')}` }) : null;
  const hit = el('span', { class: 'said' });
  if (h.snippet) snippet(h.snippet, hit); else hit.textContent = h.text;
  const said = el('p', { class: 'text' }, before, hit, after);
  const copy = el('button', { class: 'link copy', type: 'button', text: 'copy citation' });
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(`${h.citation} ${location.origin}${hitHref(h)}`);
      copy.textContent = 'copied';
    } catch {
      copy.textContent = 'select and copy';
    }
  });
  const cite = el('div', { class: 'cite' },
    el('a', { href: hitHref(h), 'data-nav': '', class: 'permalink', text: h.citation || h.doc.slice(0, 12) }),
    more, copy);
  return el('article', { class: 'hit' },
    el('div', { class: 'hit-head' }, speakerLink(h.speaker),
      h.kind && h.kind !== 'direct' ? el('span', { class: 'kind', text: h.kind }) : null,
      h.date ? el('span', { class: 'date', text: h.date }) : el('span', { class: 'date muted', text: 'undated' }),
      el('a', { href: docHref(h.doc), 'data-nav': '', class: 'doc-link', text: h.title || (h.series && h.number ? `${h.series} No. ${h.number}` : `document ${h.doc.slice(0, 8)}`) })),
    said,
    family(h),
    cite);
}

// Its quote family: said before (first said when, linked), or the first
// of the statements that say it again.
function family(h) {
  if (!h.family) return null;
  if (h.said_before) {
    return el('p', { class: 'family said-before small' },
      el('span', { class: 'tag-said', text: 'said before' }), ' first said ',
      el('a', { href: h.first_said.link, 'data-nav': '', class: 'first-said', text: h.first_said.date || 'undated' }),
      ` · ${plural(h.family, 'statement')} say it`);
  }
  return el('p', { class: 'family first-said-here small' },
    el('span', { class: 'tag-said', text: 'first said' }), ` · said again ${plural(h.family - 1, 'time')}`);
}

export async function searchPage(params) {
  const s = readState(params);
  const q = composeQuery(s);
  setTitle(s.q ? `${s.q} — search` : 'Search');
  document.getElementById('q').value = s.q;
  const hitsBox = el('section', { class: 'hits', id: 'hits' }, el('p', { class: 'muted', text: 'Searching…' }));
  // aria-busy until the facets are drawn or given up (bench/ui.mjs waits for it)
  const facetBox = el('aside', { class: 'facets', id: 'facets', 'aria-busy': 'true' }, el('p', { class: 'muted', text: '…' }));
  const noFacets = () => { facetBox.replaceChildren(); facetBox.removeAttribute('aria-busy'); };
  main().replaceChildren(el('div', { class: 'search-top' }, controls(s), chips(s)),
    el('div', { class: 'layout' }, facetBox, hitsBox));
  if (!q) {
    hitsBox.replaceChildren(el('p', { class: 'muted', text: 'Type words to find, or pick a speaker or a topic on the home page.' }));
    noFacets();
    return;
  }
  const base = { q, sort: s.sort };
  const offset = Math.min((s.page - 1) * PAGE, MAX_OFFSET);
  const t0 = performance.now();
  const hitsReq = api(`/api/search?${new URLSearchParams({ ...base, limit: String(PAGE), offset: String(offset), context: '2' })}`);
  // the facets by date whatever the hits' sort: they count the same
  // matches, and a ranked search scores every one of them (a quarter of
  // `peace`'s facets answer on the UN archive)
  const facetReq = api(`/api/search?${new URLSearchParams({ q, sort: 'date', limit: '1', facets: 'speaker,entity,tag,month,said' })}`)
    .catch(() => null);
  let r;
  try {
    r = await hitsReq;
  } catch (err) {
    hitsBox.replaceChildren(el('p', { class: 'error', id: 'search-error', text: String(err.message || err) }));
    noFacets();
    return;
  }
  const secs = (performance.now() - t0) / 1000;
  const pages = Math.max(1, Math.ceil(Math.min(r.total, MAX_OFFSET + PAGE) / PAGE));
  const head = el('p', { class: 'summary-line', id: 'total' },
    el('b', { text: plural(r.total, 'statement') }),
    r.total > PAGE ? ` · page ${fmt(s.page)} of ${fmt(pages)}` : '',
    ` · ${secs < 0.01 ? '<0.01' : secs.toFixed(2)} s`,
    el('span', { class: 'views' }, ' · ',
      el('a', { href: `/timeline?${new URLSearchParams({ q })}`, 'data-nav': '', text: 'timeline' }), ' · ',
      el('a', { href: `/network?${new URLSearchParams({ q })}`, 'data-nav': '', text: 'network' })));
  hitsBox.replaceChildren(head);
  if (!r.hits.length) hitsBox.append(el('p', { class: 'muted', text: r.total ? 'No more statements: this page is past the last one.' : 'Nothing found. Remove a filter or widen the dates.' }));
  for (const h of r.hits) hitsBox.append(hitView(h));
  const p = pager(s, r.total);
  if (p) hitsBox.append(p);
  // The facets once these hits are painted, whichever answer came in first:
  // the hits are what the page is for, and drawing the facets' rows
  // beside them cost as much again (not awaited: the page is drawn).
  facetReq.then(async (fr) => {
    await afterPaint();
    if (fr) facetBox.replaceWith(facetPanel(s, fr.facets, fr.entity_sample));
    else noFacets();
  });
}
