// Entity and speaker pages: who or what it is, the roles documents give
// it over time, statements per month, who mentions it and whom it
// mentions, its spellings, its latest statements, and an analyst's
// corrections (with the server's token).
import { noChart, timeline } from './charts.js';
import {
  api, barList, docHref, el, entityHref, hitHref, fmt, go, loading, main, plural, quote, section, setTitle, speakerHref,
  speakerLink, stateHref,
} from './lib.js';

// Roles as an analyst reads them: each role once, with the dates it was
// given and how many documents gave it.
function rolesPanel(roles) {
  const by = new Map();
  for (const r of roles || []) {
    const k = r.role;
    const x = by.get(k) || { role: k, first: null, last: null, n: 0, undated: 0, doc: r.doc, title: r.title };
    x.n++;
    if (r.date) {
      if (!x.first || r.date < x.first) x.first = r.date;
      if (!x.last || r.date > x.last) x.last = r.date;
    } else x.undated++;
    by.set(k, x);
  }
  const rows = [...by.values()].sort((a, b) => (a.first || '9999') < (b.first || '9999') ? -1 : (a.first || '9999') > (b.first || '9999') ? 1 : b.n - a.n);
  if (!rows.length) return section('Roles over time', el('p', { class: 'muted', text: 'No document gives a role.' }));
  return section('Roles over time', el('table', { class: 'data', id: 'roles' },
    el('thead', {}, el('tr', {}, el('th', { text: 'role' }), el('th', { text: 'from' }), el('th', { text: 'to' }), el('th', { class: 'num', text: 'documents' }))),
    el('tbody', {}, ...rows.map((x) => el('tr', {}, el('td', {}, x.doc ? el('a', { href: docHref(x.doc), 'data-nav': '', title: x.title || 'the document', text: x.role }) : x.role),
      el('td', { text: x.first || '—' }), el('td', { text: x.last && x.last !== x.first ? x.last : x.first ? '' : '—' }),
      el('td', { class: 'num', text: `${fmt(x.n)}${x.undated ? ` (${fmt(x.undated)} undated)` : ''}` }))))));
}


// The newest statements; perDocument: the first of each of the newest
// documents (statements is then their count, r.total the documents): on an
// archive dated by year alone every statement of the last year ties, and
// the newest eight were all of one document.
async function latest(q, box, perDocument = false, statements = 0) {
  try {
    const r = await api(`/api/search?${new URLSearchParams({ q, sort: 'date', limit: '8', ...(perDocument ? { docs: '1' } : {}) })}`);
    const list = el('ol', { class: 'latest' });
    for (const h of r.hits) {
      list.append(el('li', {},
        el('div', { class: 'small latest-head' }, speakerLink(h.speaker), ' · ', h.date || 'undated', ' · ',
          el('a', { href: hitHref(h), 'data-nav': '', class: 'doc-link', title: h.title || '', text: h.title || h.citation || 'document' })),
        // the statement's own words, as written: no word was searched, and
        // a text's own ** (the UN speeches have some) marked nothing
        el('div', { class: 'latest-text', text: h.text })));
    }
    box.replaceChildren(el('p', { class: 'muted small' },
      perDocument ? `${plural(statements, 'statement')} in ${plural(r.total, 'document')}, one from each of the newest · ` : `${plural(r.total, 'statement')} · `,
      el('a', { href: stateHref({ q: '', f: [q], sort: 'date', page: 1 }), 'data-nav': '', class: 'all-statements', text: 'all of them, page by page' })), list);
  } catch (err) {
    box.replaceChildren(el('p', { class: 'error', text: String(err.message || err) }));
  }
}

// Statements per month from the API's timeline (undated counted beside).
async function monthly(q, box, total) {
  try {
    const t = await api(`/api/timeline?${new URLSearchParams({ q, interval: 'month' })}`);
    await timeline(box, t.buckets, { interval: 'month', total, height: 180,
      onPick: (p) => go(stateHref({ q: '', f: [q], from: p, to: p, sort: 'date', page: 1 })) });
  } catch (err) {
    noChart(box, el('p', { class: 'error', text: String(err.message || err) }));
  }
}

function tokenBox() {
  const input = el('input', { type: 'password', id: 'token', placeholder: 'token', autocomplete: 'off', size: 18 });
  input.value = sessionStorage.getItem('verbatim-token') || '';
  input.addEventListener('change', () => sessionStorage.setItem('verbatim-token', input.value));
  return input;
}

function corrections(e) {
  const out = el('p', { class: 'muted small', id: 'fix-result', role: 'status' });
  const token = tokenBox();
  const form = (op, label, placeholder, help) => {
    const f = el('form', { class: 'fix', 'data-op': op },
      el('label', {}, `${label} `, el('input', { name: 'arg', placeholder, required: true, size: 22 })),
      el('button', { type: 'submit', text: label }), el('div', { class: 'muted small', text: help }));
    f.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      out.textContent = '…';
      try {
        const r = await api(`/api/entities/${encodeURIComponent(e.id)}/corrections`, {
          method: 'POST', headers: { Authorization: `Bearer ${token.value}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ op, args: [f.arg.value.trim()] }) });
        out.textContent = `done: ${op} ${f.arg.value.trim()}`;
        setTimeout(() => go(entityHref(r.id || e.id)), 600);
      } catch (err) {
        out.textContent = `${err.status === 401 ? 'The token is missing or wrong: ' : err.status === 403 ? 'Writes are off on this server: ' : ''}${err.message}`;
      }
    });
    return f;
  };
  return section('Corrections', el('p', { class: 'muted small', text: 'An analyst\'s corrections change what is stored at once and apply to every later document. They need a write token.' }),
    el('label', {}, 'Token ', token),
    form('merge', 'Merge', 'another entity, e.g. Hezbollah', `That entity is ${e.name}: its mentions and spellings move here.`),
    form('alias-add', 'Add spelling', 'a spelling', `The spelling means ${e.name} wherever it appears.`),
    form('reject', 'Reject spelling', 'a spelling', 'The spelling is not an entity at all (a pronoun, a common word).'),
    out);
}

function coName(s) {
  const m = /^(.*) \(([A-Z]+)\)$/.exec(s);
  return m ? { name: m[1], type: m[2] } : { name: s, type: '' };
}

export async function entityPage(id) {
  const e = await api(`/api/entities/${encodeURIComponent(id)}`);
  setTitle(e.name);
  // by its id: its name may lead mentions: to other entities too, and the
  // search should find the statements this page counts
  const q = `mentions:${e.id}`;
  const chart = el('div', { class: 'chart-box', id: 'entity-timeline' }, loading());
  const latestBox = el('div', { id: 'entity-latest' }, loading());
  const head = el('header', { class: 'page-head' },
    el('h1', { text: e.name }),
    el('p', { class: 'meta' }, el('span', { class: `badge t-${e.type}`, text: e.type.toLowerCase() }),
      ` ${plural(e.mentions, 'mention')} in ${plural(e.statements, 'statement')} of ${plural(e.documents, 'document')}`,
      e.speaker ? el('span', {}, ' · also a speaker: ', el('a', { href: speakerHref(e.speaker), 'data-nav': '', text: e.speaker })) : null),
    (e.also || []).length ? el('p', { class: 'muted small', id: 'name-also' }, `The name ${id} also leads to `,
      ...e.also.flatMap((x, i) => [i ? ', ' : '', el('a', { href: entityHref(x.id), 'data-nav': '', text: x.name }), ` (${plural(x.statements, 'statement')})`]),
      `: a search for mentions:${quote(id)} finds those statements too.`) : null,
    el('p', { class: 'actions' },
      el('a', { href: stateHref({ q: '', f: [q], sort: 'relevance', page: 1 }), 'data-nav': '', class: 'button', text: `Statements that mention it (${fmt(e.statements)})` }), ' ',
      el('a', { href: `/network?${new URLSearchParams({ q })}`, 'data-nav': '', text: 'network' })));
  const spellings = (e.aliases || []).length
    ? el('p', { id: 'spellings' }, ...e.aliases.flatMap((a, i) => [i ? ', ' : '', el('span', { class: 'spelling', text: a })]))
    : el('p', { class: 'muted', id: 'spellings', text: 'Only written one way.' });
  const who = (e.speakers || []).map((s) => ({ n: s.mentions, link: el('a', { href: speakerHref(s.name), 'data-nav': '', text: s.name }) }));
  const co = (e.co_mentioned || []).map((c) => {
    const x = coName(c.name);
    return { n: c.statements, link: el('a', { href: entityHref(x.name), 'data-nav': '', text: x.name, title: x.type.toLowerCase() }) };
  });
  main().replaceChildren(el('div', { class: 'entity-page' }, head,
    el('div', { class: 'grid2' },
      el('div', {}, section('Mentions over time', chart), rolesPanel(e.roles), section('Latest statements', latestBox)),
      el('div', {}, section('Spellings', spellings),
        section('Who mentions it (mentions)', who.length ? barList(who, 'mentioned-by') : el('p', { class: 'muted', text: 'No named speaker.' })),
        section('Mentioned with (statements naming both)', co.length ? barList(co, 'co-mentioned') : el('p', { class: 'muted', text: 'Nothing else.' })),
        corrections(e)))));
  // a document dated by its year alone comes as the period "1994": in
  // January of its year, counted as dated by year only (as on the home page)
  const months = new Map();
  for (const t of e.timeline || []) {
    const p = t.month.length === 4 ? `${t.month}-01` : t.month;
    const b = months.get(p) || { period: p, count: 0, coarse: 0 };
    b.count += t.mentions;
    if (t.month.length === 4) b.coarse += t.mentions;
    months.set(p, b);
  }
  timeline(chart, [...months.values()].sort((a, b) => (a.period < b.period ? -1 : 1)), { interval: 'month', total: e.mentions, height: 180, unit: 'mention',
    onPick: (p) => go(stateHref({ q: '', f: [q], from: p, to: p, sort: 'date', page: 1 })) });
  latest(q, latestBox, true, e.statements);
}

export async function speakerPage(name) {
  const s = await api(`/api/speakers/${encodeURIComponent(name)}`);
  setTitle(s.name);
  const q = `speaker:${quote(s.name)}`;
  const chart = el('div', { class: 'chart-box', id: 'speaker-timeline' }, loading());
  const latestBox = el('div', { id: 'speaker-latest' }, loading());
  const mentionsBox = el('div', { id: 'speaker-mentions' }, loading());
  const asEntity = el('div', { id: 'speaker-entity' });
  const within = el('form', { class: 'within', id: 'speaker-search' },
    el('input', { name: 'w', placeholder: `what did ${s.name} say about…`, 'aria-label': `search ${s.name}'s statements` }),
    el('button', { type: 'submit', text: 'Search' }));
  within.addEventListener('submit', (ev) => {
    ev.preventDefault();
    go(stateHref({ q: within.w.value.trim(), f: [q], sort: 'relevance', page: 1 }));
  });
  main().replaceChildren(el('div', { class: 'entity-page' },
    el('header', { class: 'page-head' }, el('h1', { text: s.name }),
      el('p', { class: 'meta' }, el('span', { class: `badge t-${s.group ? 'GROUP' : 'SPEAKER'}`, title: s.group ? 'a group the text names as a source, not a person' : null, text: s.group ? 'group' : s.host ? 'host' : 'speaker' }),
        ` ${plural(s.statements, 'statement')} in ${plural(s.documents, 'document')}`,
        s.role ? ` · ${s.role}` : '', s.affiliation ? ` · ${s.affiliation}` : ''),
      within),
    el('div', { class: 'grid2' },
      el('div', {}, section('Statements over time', chart), section('Latest statements', latestBox)),
      el('div', {}, section('Whom they mention (statements)', mentionsBox), asEntity))));
  api(`/api/search?${new URLSearchParams({ q, limit: '1' })}`)
    .then((r) => monthly(q, chart, r.total), () => monthly(q, chart, undefined));
  latest(q, latestBox);
  api(`/api/search?${new URLSearchParams({ q, limit: '1', facets: 'entity' })}`).then((r) => {
    const rows = ((r.facets && r.facets.entity) || []).map(([n, c, id]) => ({ n: c, link: el('a', { href: entityHref(id || n), 'data-nav': '', text: n }) }));
    mentionsBox.replaceChildren(rows.length ? barList(rows, 'speaker-mentions-list') : el('p', { class: 'muted', text: 'No one named.' }),
      el('p', { class: 'small' }, el('a', { href: `/network?${new URLSearchParams({ q })}`, 'data-nav': '', text: 'as a network' })));
  }, (err) => mentionsBox.replaceChildren(el('p', { class: 'error', text: String(err.message) })));
  // the same person as others speak of them, with roles over time
  // (looked up through the list, which answers 200 when no entity has the name)
  api(`/api/entities?${new URLSearchParams({ q: s.name, type: 'person', limit: '5' })}`).then((list) => {
    const hit = list.find((x) => x.name.toLowerCase() === s.name.toLowerCase());
    return hit ? api(`/api/entities/${encodeURIComponent(hit.id)}`) : null;
  }).then((e) => {
    if (!e) return;
    const others = (e.speakers || []).filter((x) => x.name !== s.name);
    asEntity.replaceChildren(section('Who mentions them (mentions)',
      others.length ? barList(others.map((x) => ({ n: x.mentions, link: el('a', { href: speakerHref(x.name), 'data-nav': '', text: x.name }) })), 'speaker-mentioned-by')
        : el('p', { class: 'muted', text: 'No other speaker names them.' }),
      el('p', { class: 'small' }, el('a', { href: entityHref(e.id), 'data-nav': '', text: `${e.name} as a named person: ${plural(e.mentions, 'mention')}` }))),
    rolesPanel(e.roles));
  }, () => {});
}
