/* record — a document's parse kept beside it at ingest, so that reading it
 * (a page of /api/documents/{id}, `show`) costs a read of its row, not a
 * parse (seconds and about 7 times the input for a large transcript).
 * The record holds what a reader is shown that the body does not:
 * everything of vb_doc_view but the body, the id and the format, which
 * the documents row keeps. Compact and binary: unsigned numbers in 7-bit
 * groups, signed ones zig-zagged, a span as its start and its length,
 * strings as their length + 1 (0: none), times as a flag and two doubles
 * (host byte order). It names its document (id and body length); it is
 * read back only after every count, index and span in it has been checked
 * against the body and the record's own lengths: a damaged one, or
 * another document's, is no record (the document is parsed), never a read
 * past anything. */
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "core/err.h"
#include "store/sql.h"
#include "store/store.h"

#define RECORD_MAGIC "VBR"
#define RECORD_FORMAT 1

/* ---- writing ---------------------------------------------------------------- */

static void put_u(vb_buf *b, uint64_t x) {
  char out[10];
  size_t n = 0;
  while (x >= 0x80) {
    out[n++] = (char)((x & 0x7f) | 0x80);
    x >>= 7;
  }
  out[n++] = (char)x;
  vb_buf_add(b, out, n);
}
static void put_s(vb_buf *b, int64_t x) { put_u(b, x < 0 ? ((uint64_t)(-(x + 1)) << 1) | 1 : (uint64_t)x << 1); }
static void put_str(vb_buf *b, vb_str s) {
  if (!s.ptr) {
    put_u(b, 0);
    return;
  }
  put_u(b, (uint64_t)s.len + 1);
  vb_buf_add(b, s.ptr, s.len);
}
static void put_cstr(vb_buf *b, const char *s) { put_str(b, s ? (vb_str){s, strlen(s)} : (vb_str){0}); }
static void put_span(vb_buf *b, uint32_t start, uint32_t end) {
  put_u(b, start);
  put_u(b, end >= start ? end - start : 0);
}
static void put_real(vb_buf *b, double x) { vb_buf_add(b, (const char *)&x, sizeof x); }
static void put_time(vb_buf *b, vb_time t) {
  if (t.start == -1 && t.end == -1) {
    put_u(b, 0);
    return;
  }
  put_u(b, 1);
  put_real(b, t.start);
  put_real(b, t.end);
}
static void put_strs(vb_buf *b, const vb_str *s, size_t n) {
  put_u(b, n);
  for (size_t i = 0; i < n; i++) put_str(b, s[i]);
}

int vs_record_encode(const vb_doc *doc, vb_buf *b) {
  const vb_doc_view *v = vb_doc_get(doc);
  const vb_meta *m = &v->meta;
  vb_buf_add(b, RECORD_MAGIC, 3);
  put_u(b, RECORD_FORMAT);
  /* whose it is: another document's record is no record of this one */
  put_str(b, (vb_str){v->id, strnlen(v->id, sizeof v->id)});
  put_u(b, v->body.len);
  vb_str head[] = {v->path,   v->url,      v->title,   v->summary, m->publisher, m->series,   m->number,
                   m->published, m->aired, m->channel, m->country, m->language,  m->clip};
  for (size_t i = 0; i < sizeof head / sizeof *head; i++) put_str(b, head[i]);
  put_u(b, (uint64_t)(m->has_clip != 0));
  put_u(b, (uint64_t)m->language_from);
  put_strs(b, m->tags, m->ntags);

  put_u(b, v->nspeakers);
  for (size_t i = 0; i < v->nspeakers; i++) {
    const vb_speaker *sp = &v->speakers[i];
    put_str(b, sp->name);
    put_strs(b, sp->aliases, sp->naliases);
    put_str(b, sp->role);
    put_str(b, sp->affiliation);
    /* bit 0 a host, bit 1 a group (records made before groups hold 0 or 1) */
    put_u(b, (uint64_t)(sp->host != 0) | (uint64_t)(sp->group != 0) << 1);
  }
  put_u(b, v->nsections);
  for (size_t i = 0; i < v->nsections; i++) {
    const vb_section *sec = &v->sections[i];
    put_str(b, sec->heading);
    put_s(b, sec->quote_of);
    put_span(b, sec->start, sec->end);
  }
  put_u(b, v->nturns);
  for (size_t i = 0; i < v->nturns; i++) {
    const vb_turn *t = &v->turns[i];
    put_s(b, t->speaker);
    put_s(b, t->section);
    put_span(b, t->start, t->end);
    put_time(b, t->time);
    put_u(b, t->nparagraphs);
    for (size_t k = 0; k < t->nparagraphs; k++) put_span(b, t->paragraphs[k].start, t->paragraphs[k].end);
  }
  put_u(b, v->nstatements);
  for (size_t i = 0; i < v->nstatements; i++) {
    const vb_statement *st = &v->statements[i];
    put_s(b, st->speaker);
    put_u(b, (uint64_t)st->kind);
    put_s(b, st->turn);
    put_span(b, st->start, st->end);
    put_s(b, st->attribution);
    put_time(b, st->time);
  }
  put_u(b, v->nattributions);
  for (size_t i = 0; i < v->nattributions; i++) {
    put_span(b, v->attributions[i].source.start, v->attributions[i].source.end);
    put_span(b, v->attributions[i].cue.start, v->attributions[i].cue.end);
  }
  put_u(b, v->ninsertions);
  for (size_t i = 0; i < v->ninsertions; i++) put_span(b, v->insertions[i].start, v->insertions[i].end);
  put_u(b, v->nboilerplate);
  for (size_t i = 0; i < v->nboilerplate; i++) {
    put_span(b, v->boilerplate[i].start, v->boilerplate[i].end);
    put_cstr(b, v->boilerplate_why ? v->boilerplate_why[i] : NULL);
  }
  put_u(b, v->nwarnings);
  for (size_t i = 0; i < v->nwarnings; i++) put_cstr(b, v->warnings[i]);
  put_u(b, v->ndates);
  for (size_t i = 0; i < v->ndates; i++) {
    const vb_date *d = &v->dates[i];
    put_span(b, d->start, d->end);
    put_str(b, (vb_str){d->value, strnlen(d->value, sizeof d->value)});
    put_s(b, d->kind);
  }
  put_u(b, v->nquantities);
  for (size_t i = 0; i < v->nquantities; i++) {
    const vb_quantity *q = &v->quantities[i];
    put_span(b, q->start, q->end);
    put_real(b, q->value);
    put_str(b, q->unit);
  }
  put_u(b, v->nentities);
  for (size_t i = 0; i < v->nentities; i++) {
    const vb_entity *e = &v->entities[i];
    put_str(b, e->name);
    put_str(b, e->key);
    put_u(b, (uint64_t)e->type);
    put_strs(b, e->aliases, e->naliases);
    put_str(b, e->role);
    put_s(b, e->speaker);
  }
  put_u(b, v->nmentions);
  for (size_t i = 0; i < v->nmentions; i++) {
    const vb_mention *mn = &v->mentions[i];
    put_s(b, mn->entity);
    put_s(b, mn->statement);
    put_span(b, mn->start, mn->end);
  }
  return b->failed ? -1 : 0;
}

/* ---- keeping ---------------------------------------------------------------- */

int vs_record_put(vs_db db, const vb_doc *doc, int64_t doc_id, int current, int64_t last_fix, vb_err *err) {
  int64_t last = last_fix;
  int rc = current && doc->lexicon_stamp >= 0 && last < 0
               ? vs_sql_int(db, "SELECT coalesce(max(id), 0) FROM corrections", &last, err)
               : VB_OK;
  if (rc) return rc;
  vs_sql *q = NULL;
  if (doc->lexicon_stamp < 0 || (current && last != doc->lexicon_stamp)) {
    rc = vs_sql_prepare(db, "DELETE FROM doc_records WHERE doc_id = ?1", &q, err);
    if (!rc) {
      vs_bind_int(q, 1, doc_id);
      rc = vs_sql_run(q, err);
    }
    vs_finalize(q);
    return rc;
  }
  vb_buf rec;
  vb_buf_init(&rec, 0);
  /* made on the parsing thread when an ingest stores it (ingest.c) */
  if (doc->record) vb_buf_add(&rec, doc->record, doc->record_len);
  rc = (doc->record ? rec.failed : vs_record_encode(doc, &rec)) ? vb_err_set(err, VB_ENOMEM, "", -1, "out of memory")
                                                                 : VB_OK;
  if (!rc)
    rc = vs_sql_prepare(db,
                        "INSERT INTO doc_records(doc_id, parser, lexicon, record) VALUES(?1, ?2, ?3, ?4)"
                        " ON CONFLICT(doc_id) DO UPDATE"
                        " SET parser = excluded.parser, lexicon = excluded.lexicon, record = excluded.record",
                        &q, err);
  if (!rc) {
    vs_bind_int(q, 1, doc_id);
    vs_bind_int(q, 2, doc->parser_version);
    vs_bind_int(q, 3, doc->lexicon_stamp);
    vs_bind_blob(q, 4, rec.ptr, rec.len);
    rc = vs_sql_write(q, err);
  }
  vs_finalize(q);
  q = NULL;
  /* what listed it before its lexicon is spent (a document stored with
   * the archive's last correction has nothing listed that counts: left
   * to its next remake) */
  if (!rc && !current)
    rc = vs_sql_prepare(db, "DELETE FROM record_fixes WHERE doc_id = ?1 AND correction <= ?2", &q, err);
  if (!rc && q) {
    vs_bind_int(q, 1, doc_id);
    vs_bind_int(q, 2, doc->lexicon_stamp);
    rc = vs_sql_run(q, err);
  }
  vs_finalize(q);
  vb_buf_free(&rec);
  return rc;
}

/* ---- reading ---------------------------------------------------------------- */

/* A reader over the record: once bad, every read gives 0 and bad stays. */
typedef struct rd {
  const unsigned char *p, *end;
  vb_arena *a;
  uint32_t body; /* the body's length: no span goes past it */
  int bad;
} rd;

static uint64_t get_u(rd *r) {
  uint64_t x = 0;
  for (unsigned shift = 0; !r->bad; shift += 7) {
    if (r->p == r->end || shift > 63) break;
    unsigned char c = *r->p++;
    x |= (uint64_t)(c & 0x7f) << shift;
    if (!(c & 0x80)) return x;
  }
  r->bad = 1;
  return 0;
}
static int64_t get_s(rd *r) {
  uint64_t z = get_u(r);
  return z & 1 ? -(int64_t)(z >> 1) - 1 : (int64_t)(z >> 1);
}
/* A signed index: -1 (none) or below n. */
static int32_t get_ref(rd *r, size_t n) {
  int64_t x = get_s(r);
  if (x < -1 || (x >= 0 && (uint64_t)x >= n)) r->bad = 1;
  return r->bad ? -1 : (int32_t)x;
}
/* A count of items of at least `least` bytes each: never more than the
 * bytes left could hold, so a damaged count allocates nothing large. */
static size_t get_n(rd *r, size_t least) {
  uint64_t n = get_u(r);
  if (n > (uint64_t)(r->end - r->p) / least) r->bad = 1;
  return r->bad ? 0 : (size_t)n;
}
static vb_str get_str(rd *r) {
  uint64_t n = get_u(r);
  if (!n || r->bad) return (vb_str){0};
  if (n - 1 > (uint64_t)(r->end - r->p)) {
    r->bad = 1;
    return (vb_str){0};
  }
  vb_str s = {vb_arena_strndup(r->a, (const char *)r->p, (size_t)(n - 1)), (size_t)(n - 1)};
  r->p += n - 1;
  if (!s.ptr) r->bad = 1;
  return s;
}
static void get_span(rd *r, uint32_t *start, uint32_t *end) {
  uint64_t s = get_u(r), n = get_u(r);
  if (s > r->body || n > r->body - s) r->bad = 1;
  *start = r->bad ? 0 : (uint32_t)s;
  *end = r->bad ? 0 : (uint32_t)(s + n);
}
static double get_real(rd *r) {
  double x = 0;
  if ((size_t)(r->end - r->p) < sizeof x) r->bad = 1;
  if (r->bad) return 0;
  memcpy(&x, r->p, sizeof x);
  r->p += sizeof x;
  return x;
}
static vb_time get_time(rd *r) {
  vb_time t = {-1, -1};
  uint64_t flag = get_u(r);
  if (flag > 1) r->bad = 1;
  if (flag == 1) {
    t.start = get_real(r);
    t.end = get_real(r);
  }
  return t;
}
static void *get_array(rd *r, size_t n, size_t size) {
  if (!n || r->bad) return NULL;
  void *p = vb_arena_calloc(r->a, n * size);
  if (!p) r->bad = 1;
  return p;
}
static const vb_str *get_strs(rd *r, size_t *n) {
  *n = get_n(r, 1);
  vb_str *s = get_array(r, *n, sizeof *s);
  for (size_t i = 0; s && i < *n; i++) s[i] = get_str(r);
  if (r->bad) *n = 0;
  return s;
}

int vs_record_decode(const void *bytes, size_t len, vb_arena *a, vb_doc_view *v) {
  rd r = {bytes, (const unsigned char *)bytes + len, a, (uint32_t)v->body.len, 0};
  if (v->body.len > UINT32_MAX || len < 4 || memcmp(bytes, RECORD_MAGIC, 3)) return -1;
  r.p += 3;
  if (get_u(&r) != RECORD_FORMAT) return -1;
  uint64_t idlen = get_u(&r);
  size_t own = strnlen(v->id, sizeof v->id);
  if (r.bad || idlen != own + 1 || (size_t)(r.end - r.p) < own || memcmp(r.p, v->id, own)) return -1;
  r.p += own;
  if (get_u(&r) != v->body.len || r.bad) return -1;
  vb_meta *m = &v->meta;
  vb_str *head[] = {&v->path,      &v->url,   &v->title,   &v->summary,  &m->publisher, &m->series, &m->number,
                    &m->published, &m->aired, &m->channel, &m->country, &m->language,  &m->clip};
  for (size_t i = 0; i < sizeof head / sizeof *head; i++) *head[i] = get_str(&r);
  m->has_clip = (int)(get_u(&r) != 0);
  uint64_t from = get_u(&r);
  if (from > VB_LANG_OPTION) r.bad = 1;
  m->language_from = (vb_lang_from)from;
  m->tags = get_strs(&r, &m->ntags);

  size_t n = get_n(&r, 5);
  vb_speaker *sp = get_array(&r, n, sizeof *sp);
  for (size_t i = 0; sp && i < n && !r.bad; i++) {
    sp[i].name = get_str(&r);
    sp[i].aliases = get_strs(&r, &sp[i].naliases);
    sp[i].role = get_str(&r);
    sp[i].affiliation = get_str(&r);
    uint64_t flags = get_u(&r);
    sp[i].host = (int)(flags & 1);
    sp[i].group = (int)(flags >> 1 & 1);
  }
  v->speakers = sp;
  v->nspeakers = n;

  n = get_n(&r, 4);
  vb_section *sec = get_array(&r, n, sizeof *sec);
  for (size_t i = 0; sec && i < n && !r.bad; i++) {
    sec[i].heading = get_str(&r);
    sec[i].quote_of = get_ref(&r, v->nspeakers);
    get_span(&r, &sec[i].start, &sec[i].end);
  }
  v->sections = sec;
  v->nsections = n;

  n = get_n(&r, 6);
  vb_turn *t = get_array(&r, n, sizeof *t);
  for (size_t i = 0; t && i < n && !r.bad; i++) {
    t[i].speaker = get_ref(&r, v->nspeakers);
    t[i].section = get_ref(&r, v->nsections);
    get_span(&r, &t[i].start, &t[i].end);
    t[i].time = get_time(&r);
    size_t np = get_n(&r, 2);
    vb_paragraph *p = get_array(&r, np, sizeof *p);
    for (size_t k = 0; p && k < np && !r.bad; k++) get_span(&r, &p[k].start, &p[k].end);
    t[i].paragraphs = p;
    t[i].nparagraphs = r.bad ? 0 : np;
  }
  v->turns = t;
  v->nturns = n;

  /* statements name attributions that follow them: checked after */
  n = get_n(&r, 7);
  vb_statement *st = get_array(&r, n, sizeof *st);
  for (size_t i = 0; st && i < n && !r.bad; i++) {
    st[i].speaker = get_ref(&r, v->nspeakers);
    uint64_t kind = get_u(&r);
    if (kind > VB_KIND_MIXED) r.bad = 1;
    st[i].kind = (vb_kind)kind;
    st[i].turn = get_ref(&r, v->nturns);
    get_span(&r, &st[i].start, &st[i].end);
    int64_t at = get_s(&r);
    if (at < -1 || at > INT32_MAX) r.bad = 1;
    st[i].attribution = (int32_t)at;
    st[i].time = get_time(&r);
  }
  v->statements = st;
  v->nstatements = n;

  n = get_n(&r, 4);
  vb_attribution *at = get_array(&r, n, sizeof *at);
  for (size_t i = 0; at && i < n && !r.bad; i++) {
    get_span(&r, &at[i].source.start, &at[i].source.end);
    get_span(&r, &at[i].cue.start, &at[i].cue.end);
  }
  v->attributions = at;
  v->nattributions = n;
  for (size_t i = 0; st && i < v->nstatements && !r.bad; i++)
    if (st[i].attribution >= 0 && (size_t)st[i].attribution >= v->nattributions) r.bad = 1;

  n = get_n(&r, 2);
  vb_span *ins = get_array(&r, n, sizeof *ins);
  for (size_t i = 0; ins && i < n && !r.bad; i++) get_span(&r, &ins[i].start, &ins[i].end);
  v->insertions = ins;
  v->ninsertions = n;

  n = get_n(&r, 3);
  vb_span *bp = get_array(&r, n, sizeof *bp);
  const char **why = get_array(&r, n, sizeof *why);
  for (size_t i = 0; bp && why && i < n && !r.bad; i++) {
    get_span(&r, &bp[i].start, &bp[i].end);
    why[i] = get_str(&r).ptr;
  }
  v->boilerplate = bp;
  v->boilerplate_why = why;
  v->nboilerplate = n;

  n = get_n(&r, 1);
  const char **warn = get_array(&r, n, sizeof *warn);
  for (size_t i = 0; warn && i < n && !r.bad; i++)
    if (!(warn[i] = get_str(&r).ptr)) r.bad = 1;
  v->warnings = warn;
  v->nwarnings = n;

  n = get_n(&r, 4);
  vb_date *d = get_array(&r, n, sizeof *d);
  for (size_t i = 0; d && i < n && !r.bad; i++) {
    get_span(&r, &d[i].start, &d[i].end);
    vb_str value = get_str(&r);
    if (value.len >= sizeof d[i].value) r.bad = 1;
    else if (value.len) memcpy(d[i].value, value.ptr, value.len);
    int64_t kind = get_s(&r);
    if (kind < VB_DATE_DAY || kind > VB_DATE_TIME) r.bad = 1;
    d[i].kind = (int)kind;
  }
  v->dates = d;
  v->ndates = n;

  n = get_n(&r, 11);
  vb_quantity *q = get_array(&r, n, sizeof *q);
  for (size_t i = 0; q && i < n && !r.bad; i++) {
    get_span(&r, &q[i].start, &q[i].end);
    q[i].value = get_real(&r);
    q[i].unit = get_str(&r);
  }
  v->quantities = q;
  v->nquantities = n;

  n = get_n(&r, 6);
  vb_entity *e = get_array(&r, n, sizeof *e);
  for (size_t i = 0; e && i < n && !r.bad; i++) {
    e[i].name = get_str(&r);
    e[i].key = get_str(&r);
    uint64_t type = get_u(&r);
    if (type >= VB_NETYPES) r.bad = 1;
    e[i].type = (vb_etype)type;
    e[i].aliases = get_strs(&r, &e[i].naliases);
    e[i].role = get_str(&r);
    e[i].speaker = get_ref(&r, v->nspeakers);
  }
  v->entities = e;
  v->nentities = n;

  n = get_n(&r, 4);
  vb_mention *mn = get_array(&r, n, sizeof *mn);
  for (size_t i = 0; mn && i < n && !r.bad; i++) {
    int64_t ent = get_s(&r);
    if (ent < 0 || (uint64_t)ent >= v->nentities) r.bad = 1;
    mn[i].entity = (int32_t)ent;
    int64_t s = get_s(&r);
    if (s < INT32_MIN || s > INT32_MAX) r.bad = 1;
    mn[i].statement = (int32_t)s;
    get_span(&r, &mn[i].start, &mn[i].end);
  }
  v->mentions = mn;
  v->nmentions = n;
  return r.bad || r.p != r.end ? -1 : 0;
}
