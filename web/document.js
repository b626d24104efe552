// A document: its title, a metadata panel (source, publisher, dates,
// speakers with roles, people and places it names), and its turns with
// every statement addressable as #sN; caption documents show cue times.
// The statement a permalink names, or one a reader clicks, shows its quote
// family beside the text: first said when and by whom, every repeat and
// variant with its source, and the words a variant changed. Statements
// said before are marked in the text, each linked to the earliest.
import { api, docTitle, documentWhole, el, entityHref, fmt, main, plural, quote, section, setTitle, speakerHref, stateHref } from './lib.js';

const SPEAKER_COLOURS = 6;

export function clock(t) {
  const s = Math.floor(t);
  const hh = Math.floor(s / 3600), mm = Math.floor((s % 3600) / 60), ss = s % 60;
  return `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
}

const isUrl = (v) => typeof v === 'string' && /^https?:\/\//i.test(v);

function metaPanel(d) {
  const m = d.meta || {};
  const rows = [];
  const row = (k, v) => { if (v !== undefined && v !== null && v !== '') rows.push(el('dt', { text: k }), el('dd', {}, v)); };
  const path = (d.source && d.source.path) || '';
  // where it was published (a page's own address, og:url), else the file
  const url = d.source && isUrl(d.source.url) ? d.source.url : isUrl(path) ? path : null;
  row('Source', url ? el('a', { href: url, rel: 'noopener noreferrer', target: '_blank', class: 'source-link', id: 'doc-source', text: url }) : el('span', { class: 'path', text: path.split('/').pop() || path, title: path }));
  if (url && path && path !== url) row('File', el('span', { class: 'path', text: path.split('/').pop() || path, title: path }));
  if (isUrl(m.clip)) row('Clip', el('a', { href: m.clip, rel: 'noopener noreferrer', target: '_blank', class: 'source-link', text: m.clip }));
  else if (m.clip) row('Clip', 'yes');
  row('Format', d.source && d.source.format);
  row('Publisher', m.publisher);
  row('Series', m.series ? `${m.series}${m.number ? ` No. ${m.number}` : ''}` : m.number ? `No. ${m.number}` : null);
  row('Aired', m.aired);
  row('Published', m.published);
  if (!m.aired && !m.published) row('Date', el('span', { class: 'muted', text: 'none in the document' }));
  row('Channel', m.channel);
  row('Language', m.language);
  if ((m.tags || []).length) {
    row('Tags', el('span', {}, ...m.tags.flatMap((t, i) => [i ? ', ' : '', el('a', { href: stateHref({ q: '', f: [`tag:${quote(t)}`], sort: 'relevance', page: 1 }), 'data-nav': '', text: t })])));
  }
  row('Document', el('span', {}, el('code', { text: d.id.slice(0, 12) }), ' · ', el('a', { href: `/api/documents/${d.id}`, text: 'JSON', target: '_blank', rel: 'noopener' })));
  return section('About', el('dl', { class: 'meta-list', id: 'doc-meta' }, ...rows));
}

// A speaker only reported here ("the people of Taiwan want…" in
// Tuvalu's speech) has no speaker page unless its own words are somewhere
// (the archive's speakers are those quoted: /s/Taiwan was "not found"):
// linked to the page of the name when the document names it, else plain.
function speakersPanel(d, counts, own) {
  const list = el('ul', { class: 'plain', id: 'doc-speakers' });
  const named = new Set((d.entities || []).map((e) => e.name));
  (d.speakers || []).forEach((s, i) => {
    const all = counts.get(s.id) || 0, mine = own.get(s.id) || 0;
    const name = mine ? el('a', { href: speakerHref(s.name), 'data-nav': '', text: s.name })
      : named.has(s.name) ? el('a', { href: entityHref(s.name), 'data-nav': '', class: 'reported-only', title: 'reported here, not quoted: the page of the name', text: s.name })
        : el('span', { class: 'reported-only', text: s.name });
    list.append(el('li', { class: `sp-dot sp${i % SPEAKER_COLOURS}` }, name,
      s.host ? el('span', { class: 'muted', text: ' (host)' }) : null,
      // a group the prose names ("critics"): no person, a speaker of this document
      s.group ? el('span', { class: 'muted', title: 'a group the text names as a source, not a person', text: ' (group)' }) : null,
      s.role || s.affiliation ? el('div', { class: 'muted small', text: [s.role, s.affiliation].filter(Boolean).join(', ') }) : null,
      el('div', { class: 'muted small', text: mine === all ? plural(all, 'statement') : mine ? `${plural(all, 'statement')}, ${fmt(all - mine)} reported by others`
        : `${plural(all, 'statement')} reported by others` })));
  });
  return (d.speakers || []).length ? section('Speakers', list) : null;
}

// The names the text mentions. A speaker's own entity that the text never
// names (a UN speech's speaker from its file name, "Tuvalu", or a
// transcript's label) is in the speakers' panel, not here with 0.
function entitiesPanel(d) {
  const ents = (d.entities || []).filter((e) => e.mentions.length).sort((a, b) => b.mentions.length - a.mentions.length);
  if (!ents.length) return null;
  const list = el('ul', { class: 'plain entity-list', id: 'doc-entities' });
  for (const e of ents.slice(0, 30)) {
    list.append(el('li', {}, el('a', { href: entityHref(e.name), 'data-nav': '', text: e.name }),
      el('span', { class: 'muted small', text: ` ${e.type.toLowerCase()} · ${e.mentions.length}` })));
  }
  return section(`Named (${ents.length})`, list);
}

// A variant's changed words against the first: trimmed words struck
// through, inserted ones underlined, a replacement as both.
function diffLine(diff) {
  const parts = [];
  for (const d of diff || []) {
    if (d.op === 'same') continue;
    if (parts.length) parts.push('; ');
    parts.push(`${d.op} `);
    if (d.from !== undefined && d.op !== 'inserted') parts.push(el('del', { text: d.from }));
    if (d.op === 'replaced') parts.push(' → ');
    if (d.to !== undefined && d.op !== 'trimmed') parts.push(el('ins', { text: d.to }));
  }
  return parts.length ? el('div', { class: 'diff small' }, ...parts) : null;
}

function sourceOf(m) {
  const series = m.series ? `${m.series}${m.number ? ` ${m.number}` : ''}` : '';
  return [series, m.title].filter(Boolean).join(': ') || m.doc.slice(0, 12);
}

function familyBody(f) {
  const first = f.first_said;
  if (!first) return [el('p', { class: 'muted', id: 'family-none', text: f.note || 'No family: the statement is too short.' })];
  const asked = f.statement;
  const isAsked = (m) => m.doc === asked.doc && m.index === asked.index;
  const head = el('p', { id: 'family-first' }, 'First said ', el('strong', { text: first.date || 'undated' }), ' by ',
    first.speaker ? el('a', { href: speakerHref(first.speaker), 'data-nav': '', text: first.speaker }) : 'an unknown speaker', ': ',
    isAsked(first) ? el('span', { text: 'this statement' }) : el('a', { href: first.link, 'data-nav': '', class: 'family-first-link', text: sourceOf(first) }));
  const counts = el('p', { class: 'muted small', text: `${plural(f.repeats, 'repeat')} · ${plural(f.variants, 'variant')} · ${plural(f.sources, 'source')}` });
  const list = el('ol', { class: 'plain family-members' });
  for (const m of f.members || []) {
    const rel = m.jaccard !== undefined ? `${m.relation} ${m.jaccard.toFixed(2)}` : m.relation;
    list.append(el('li', { class: isAsked(m) ? 'asked' : null },
      el('div', { class: 'small' }, el('span', { class: 'muted', text: `${m.date || 'undated'} · ${rel} · ` }),
        el('span', { text: m.speaker || 'unknown speaker' }), ' · ',
        el('a', { href: m.link, 'data-nav': '', text: sourceOf(m) })),
      diffLine(m.diff)));
  }
  return [head, counts, list];
}

// Marks the statements said before (another member of their quote family
// comes first): each gets a link to where its words were first said. Asked
// after the page is drawn; a failure leaves the page unmarked.
async function markSaidBefore(text, id) {
  let r;
  try {
    r = await api(`/api/documents/${encodeURIComponent(id)}/said-before`);
  } catch {
    return;
  }
  for (const m of r.statements || []) {
    const s = text.querySelector(`#s${m.index}`);
    const first = m.first_said || {};
    if (!s || !first.link || s.classList.contains('said-before')) continue;
    const when = first.date || 'undated';
    s.classList.add('said-before');
    s.after(' ', el('a', { href: first.link, 'data-nav': '', class: 'said-before-link small',
      title: `Said before: first said ${when}; ${plural(m.family, 'statement')} say it`,
      text: `said before · first ${when}` }));
  }
}

// Fills the family panel for statement `index` of document `id`.
async function showFamily(panel, id, index) {
  panel.hidden = false;
  const body = panel.querySelector('.family-body');
  body.replaceChildren(el('p', { class: 'muted loading', text: 'Looking for where it was said before…' }));
  try {
    body.replaceChildren(...familyBody(await api(`/api/statements/${encodeURIComponent(id)}:${index}/family`)));
  } catch (err) {
    body.replaceChildren(el('p', { class: 'error', text: String(err.message || err) }));
  }
}

export async function documentPage(id, hash) {
  const d = await documentWhole(id);
  const title = docTitle(d);
  setTitle(title);
  const rtl = d.meta && d.meta.language === 'ar';
  const speakers = d.speakers || [];
  const byId = new Map(speakers.map((s, i) => [s.id, { ...s, n: i }]));
  const statements = d.statements || [];
  const counts = new Map();
  const own = new Map(); // in their own words, as the speaker pages count
  for (const s of statements) {
    counts.set(s.speaker, (counts.get(s.speaker) || 0) + 1);
    if (s.kind !== 'indirect') own.set(s.speaker, (own.get(s.speaker) || 0) + 1);
  }
  const text = el('article', { class: 'doc', dir: rtl ? 'rtl' : 'ltr' });
  const m = d.meta || {};
  const when = m.aired || m.published;
  text.append(el('h1', { text: title }),
    el('p', { class: 'meta' }, [m.publisher, m.series && m.number ? `${m.series} No. ${m.number}` : m.series, when, m.channel].filter(Boolean).join(' · ') || el('span', { class: 'muted', text: 'undated' })));
  if (d.summary) text.append(el('p', { class: 'summary', text: d.summary }));
  // statements by position, so each paragraph finds its own in one pass
  const indexed = statements.map((s, i) => ({ ...s, i })).filter((s) => s.kind === 'direct' || s.kind === 'mixed' || s.kind === 'indirect');
  // a turn opens in its section; one that goes on across a heading (a pull
  // quote, a motion read out) shows the heading between its paragraphs
  let k = 0, nextSection = 0;
  const sections = d.sections || [];
  for (const t of d.turns || []) {
    if (t.section !== undefined && t.section >= nextSection && sections[t.section]) {
      nextSection = t.section + 1;
      text.append(el('h2', { text: sections[t.section].heading }));
    }
    const sp = byId.get(t.speaker);
    const head = el('div', { class: 'speaker' },
      sp ? el('a', { href: speakerHref(sp.name), 'data-nav': '', text: sp.name }) : el('span', { class: 'muted', text: speakers.length ? 'unknown speaker' : 'speaker not named in the text' }),
      t.time ? el('span', { class: 'cue', title: 'time in the recording', text: ` ${clock(t.time.start)}–${clock(t.time.end)}` }) : null);
    let turn = el('div', { class: `turn sp${sp ? sp.n % SPEAKER_COLOURS : 'x'}` }, head);
    t.paragraphs.forEach((p, pi) => {
      for (; pi && nextSection < sections.length && sections[nextSection].start <= p.start; nextSection++) {
        text.append(turn, el('h2', { text: sections[nextSection].heading }));
        turn = el('div', { class: `turn sp${sp ? sp.n % SPEAKER_COLOURS : 'x'}` });
      }
      const para = el('p');
      while (k < indexed.length && indexed[k].end <= p.start) k++;
      let at = p.start, any = false;
      for (let j = k; j < indexed.length && indexed[j].start < p.end; j++) {
        const s = indexed[j];
        if (s.start < p.start || s.end > p.end) continue;
        if (s.start > at) para.append(document.createTextNode(' '));
        para.append(el('span', { class: 'statement', id: `s${s.i}`, text: s.text }));
        at = s.end;
        any = true;
      }
      if (!any) para.append(document.createTextNode(p.text));
      turn.append(para);
    });
    text.append(turn);
  }
  if ((d.insertions || []).length) text.append(el('p', { class: 'insertion', text: `Editorial insertions: ${d.insertions.map((x) => `[${x.text}]`).join(' ')}` }));
  const family = el('section', { class: 'panel', id: 'doc-family', hidden: true },
    el('h2', { text: 'Said before?' }), el('div', { class: 'family-body' }));
  const aside = el('aside', { class: 'doc-side' }, family, metaPanel(d), speakersPanel(d, counts, own), entitiesPanel(d));
  main().replaceChildren(el('div', { class: 'doc-layout' }, text, aside));
  markSaidBefore(text, d.id);
  text.addEventListener('click', (e) => {
    const s = e.target.closest('.statement');
    if (!s || window.getSelection().toString()) return;
    for (const h of text.querySelectorAll('.statement.hl')) h.classList.remove('hl');
    s.classList.add('hl');
    history.replaceState(null, '', `#${s.id}`);
    showFamily(family, d.id, s.id.slice(1));
  });
  // #sN, or #sNvV (numbered by parser version V): a permalink made before
  // a reparse is asked where its statement is now
  const mm = /^#s(\d+)(?:v(\d+))?$/.exec(hash || '');
  if (mm) {
    let index = mm[1];
    if (mm[2]) {
      try {
        index = (await api(`/api/documents/${encodeURIComponent(id)}/statements/${mm[1]}?v=${mm[2]}`)).index;
      } catch {
        // gone: the document is shown unmarked, with the note below
      }
    }
    const target = document.getElementById(`s${index}`);
    if (target) {
      target.classList.add('hl');
      target.setAttribute('tabindex', '-1');
      target.scrollIntoView({ block: 'center' });
      // the page is drawn without waiting: a family look-up can take a
      // second on a large archive
      showFamily(family, d.id, index);
    } else {
      main().prepend(el('p', { class: 'error', text: `Statement ${mm[1]} is not in this document's text (it may be a heading or the summary).` }));
    }
  }
}
