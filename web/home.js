// Home: the archive at a glance — how much, from when to when, what came
// in last, who spoke most and what was named most in the latest period,
// and the standing queries with what they caught.
import { noChart, timeline } from './charts.js';
import { api, barList, docHref, el, entityHref, fmt, go, loading, main, plural, section, setTitle, speakerHref, stateHref } from './lib.js';

const card = (label, value, id) => el('div', { class: 'card', id }, el('div', { class: 'value', text: value }), el('div', { class: 'label', text: label }));

function lastMonths(latest, n) {
  // the n months up to and including latest's month
  let [y, m] = latest.slice(0, 7).split('-').map(Number);
  m -= n - 1;
  while (m < 1) { m += 12; y--; }
  return `${y}-${String(m).padStart(2, '0')}`;
}


export async function homePage() {
  setTitle('');
  document.getElementById('q').value = '';
  const cards = el('div', { class: 'cards', id: 'glance' }, loading());
  const span = el('div', { class: 'chart-box', id: 'archive-timeline' });
  const recent = el('div', { id: 'recent' }, loading());
  const speakers = el('div', { id: 'top-speakers' }, loading());
  const entities = el('div', { id: 'top-entities' }, loading());
  const watches = el('div', { id: 'watches' }, loading());
  const ask = el('form', { class: 'ask', id: 'home-search', role: 'search' },
    el('input', { name: 'w', id: 'home-q', placeholder: 'What was said about…', 'aria-label': 'words to find', autocomplete: 'off' }),
    el('input', { name: 'from', placeholder: 'from (year)', size: 9, 'aria-label': 'from year', inputmode: 'numeric' }),
    el('input', { name: 'to', placeholder: 'to (year)', size: 9, 'aria-label': 'to year', inputmode: 'numeric' }),
    el('button', { type: 'submit', text: 'Search' }));
  ask.addEventListener('submit', (e) => {
    e.preventDefault();
    const from = ask.from.value.trim(), to = ask.to.value.trim();
    if (!ask.w.value.trim() && !from && !to) return;
    go(stateHref({ q: ask.w.value.trim() || '', f: [], from, to, sort: 'relevance', page: 1 }));
  });
  main().replaceChildren(el('div', { class: 'home' },
    el('h1', { class: 'tagline', text: 'Who said what, when, where' }), ask,
    el('p', { class: 'muted small', text: 'Words find their variants (swap finds swaps); pick a speaker or a name below to see everything about them.' }),
    cards, span,
    el('div', { class: 'grid3' },
      section('Most quoted', speakers), section('Most named', entities), section('Latest documents', recent)),
    section('Watches', watches)));

  // the archive at a glance (counts, statements per month, the newest
  // dated documents) in one answer made from the documents alone
  const h = await api('/api/overview?latest=6').catch((err) => {
    cards.replaceChildren(el('p', { class: 'error', text: String(err.message || err) }));
    noChart(span);
    return null;
  });
  if (!h) return;
  const nw = { hits: h.latest };
  // the year fields say which years hold dated documents
  if (h.first) {
    ask.from.placeholder = `from (${h.first.slice(0, 4)}…)`;
    ask.to.placeholder = `to (…${h.last.slice(0, 4)})`;
    ask.from.title = ask.to.title = `dated documents run from ${h.first.slice(0, 4)} to ${h.last.slice(0, 4)}`;
  }
  cards.replaceChildren(card('documents', fmt(h.documents), 'n-documents'), card('statements', fmt(h.statements), 'n-statements'),
    card('speakers', fmt(h.speakers), 'n-speakers'),
    el('div', { class: 'card', id: 'date-span' }, el('div', { class: 'value', text: h.first ? `${h.first} – ${h.last}` : 'no dates' }), el('div', { class: 'label', text: 'dated' })));

  // when: statements per month over the whole archive, undated said
  if (h.months.length) {
    // a document dated by its year alone comes as the period "1994": in
    // January of its year, counted as dated by year only
    const months = new Map();
    for (const m of h.months) {
      const p = m.period.length === 4 ? `${m.period}-01` : m.period;
      const b = months.get(p) || { period: p, count: 0, coarse: 0 };
      b.count += m.count;
      if (m.period.length === 4) b.coarse += m.count;
      months.set(p, b);
    }
    timeline(span, [...months.values()].sort((a, b) => (a.period < b.period ? -1 : 1)), { interval: 'month', total: h.statements, height: 150,
      onPick: (p) => go(stateHref({ q: '', f: [], from: p, to: p, sort: 'date', page: 1 })) });
  } else {
    noChart(span, el('p', { class: 'muted', text: `None of the ${fmt(h.statements)} statements has a date: the documents give none.` }));
  }
  span.dataset.dated = String(h.dated);

  // recent: the newest dated documents, else what the archive holds
  if (nw.hits.length) {
    recent.replaceChildren(el('ol', { class: 'latest' }, ...nw.hits.map((x) => el('li', {},
      el('a', { href: docHref(x.doc), 'data-nav': '', text: x.title || (x.series && x.number ? `${x.series} No. ${x.number}` : x.doc.slice(0, 10)) }),
      el('div', { class: 'muted small', text: [x.date, x.channel, x.series && x.number ? `${x.series} No. ${x.number}` : null].filter(Boolean).join(' · ') })))));
  } else {
    recent.replaceChildren(el('p', { class: 'muted', text: 'No document in the archive gives a date.' }));
  }

  // who and what: in the newest document's last three months, else its
  // year, else all time: the first of these that holds a hundredth of
  // the archive's statements (at most 1,000 needed). One news page dated
  // after every speech of its year made "most quoted" the five people of
  // that article (64 statements of 1.49 M)
  const periods = [];
  if (nw.hits.length && nw.hits[0].date) {
    const d = nw.hits[0].date;
    if (d.length >= 7) periods.push([`after:${lastMonths(d, 3)}`, `since ${lastMonths(d, 3)}`]);
    periods.push([`after:${d.slice(0, 4)}`, `since ${d.slice(0, 4)}`]);
  }
  const enough = Math.min(1000, Math.ceil(h.statements / 100));
  let q = null, scope = 'in all', r = null;
  for (const [pq, ps] of periods) {
    r = await api(`/api/search?${new URLSearchParams({ q: pq, limit: '1', facets: 'speaker,entity' })}`).catch(() => null);
    if (r && r.total >= enough) {
      [q, scope] = [pq, ps];
      break;
    }
  }
  if (q) {
    if (r) {
      speakers.replaceChildren(el('p', { class: 'muted small', text: `${plural(r.total, 'statement')} ${scope}` }),
        barList((r.facets.speaker || []).slice(0, 10).map(([n, c]) => ({ n: c, link: el('a', { href: speakerHref(n), 'data-nav': '', text: n }) })), 'top-speakers-list'));
      entities.replaceChildren(el('p', { class: 'muted small', text: `statements that name them, ${scope}` }),
        barList((r.facets.entity || []).slice(0, 10).map(([n, c, id]) => ({ n: c, link: el('a', { href: entityHref(id || n), 'data-nav': '', text: n }) })), 'top-entities-list'));
    }
  }
  if (!q) {
    // the ten who said most, not the whole list (365 KB on the UN archive)
    api('/api/speakers?limit=10&hosts=no&anonymous=no').then((named) => speakers.replaceChildren(el('p', { class: 'muted small', text: 'in all the archive' }),
      barList(named.map((s) => ({ n: s.statements, link: el('a', { href: speakerHref(s.name), 'data-nav': '', text: s.name }) })), 'top-speakers-list')),
    (err) => speakers.replaceChildren(el('p', { class: 'error', text: String(err.message) })));
    api('/api/entities?limit=10').then((es) => entities.replaceChildren(el('p', { class: 'muted small', text: 'mentions in all the archive' }),
      barList(es.map((e) => ({ n: e.mentions, link: el('a', { href: entityHref(e.id), 'data-nav': '', text: e.name }) })), 'top-entities-list')),
    (err) => entities.replaceChildren(el('p', { class: 'error', text: String(err.message) })));
  }

  // what the standing queries caught last (the newest 100 alerts, newest
  // first): the queries themselves are their owners' (GET /api/watches
  // needs the token), their alerts are not
  api('/api/alerts?before=&limit=100').then((al) => {
    const by = new Map();
    for (const a of al) {
      if (!a.watch) continue;
      if (!by.has(a.watch)) by.set(a.watch, []);
      by.get(a.watch).push(a);
    }
    if (!by.size) {
      watches.replaceChildren(el('p', { class: 'muted', text: 'No alerts yet. Standing queries are their owners\' (`verbatim watch list`, or GET /api/watches with the token); what they catch shows here.' }));
      return;
    }
    const list = el('ul', { class: 'plain watches' });
    for (const [name, mine] of by) {
      const last = mine[0];
      const st = last && last.statement;
      list.append(el('li', {},
        el('a', { href: `/feeds/${encodeURIComponent(name)}.atom`, class: 'watch-name', text: name }),
        el('span', { class: 'muted small', text: ` · ${plural(mine.length, 'alert')}${al.length >= 100 ? ' of the latest 100' : ''}` }),
        st ? el('div', { class: 'small' }, el('span', { class: 'muted', text: `${last.at || ''} ` }), st.speaker ? el('b', { text: `${st.speaker}: ` }) : null,
          st.link ? el('a', { href: st.link.replace(/^https?:\/\/[^/]+/, ''), 'data-nav': '', text: st.text }) : el('span', { text: st.text })) : null));
    }
    watches.replaceChildren(list);
  }, (err) => watches.replaceChildren(el('p', { class: 'error', text: String(err.message) })));
}
