/* parses — versioned parses, written once over the SQL driver. Each
 * archived document keeps the statements, turns and speakers a parser made
 * of it, and that parser's VB_PARSER_VERSION (documents.parser). Reading a
 * document parses its stored text again when the versions match, or when
 * today's parser makes the very same statements of it; otherwise it is
 * rebuilt from its stored rows, so its permalinks (/d/{doc}#s{index}) and
 * citations never move under the reader.
 *
 * A reparse brings a document up to date in one transaction: the new
 * parse replaces the stored one under the same row and content hash, its
 * alerts follow their statements, and when the statements were numbered
 * afresh, statement_moves records, for every numbering the document had,
 * where each old index went — a statement that moved answers a permalink
 * with its new place. Permalinks of a renumbered document name the
 * numbering they follow: /d/{doc}#s{index}v{version}; one without a
 * version follows the document's first numbering. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "core/err.h"
#include "extract/extract.h"
#include "extract/lexicon.h"
#include "store.h"

/* Memory for one document rebuilt from its rows: its body and the rows
 * are far smaller than what parsing it takes. */
#define STORED_ARENA_LIMIT ((size_t)1 << 30)
/* Outdated documents listed when the caller does not say. */
#define LIST_DEFAULT 100
/* A transaction that lost a deadlock is tried again this many times. */
#define RETRIES 5
/* Bytes of an old statement's text looked for in a changed body. */
#define ALIGN_PROBE 48

static vs_db primary(const vb_store *st) { return (vs_db){st->ops->sql, st->impl}; }
static vs_db reader(const vb_store *st) { return (vs_db){st->ops->sql, st->reader ? st->reader : st->impl}; }

/* ---- finding a document ----------------------------------------------------- */

/* The row of the document ref names: its id, a unique prefix of it (6 hex
 * digits at least), or its series number. */
int vs_doc_row(vs_db db, const char *ref, int64_t *row, vb_err *err) {
  vs_sql *q;
  int rc = vs_sql_prepare(db, VS_DOC_ROW_SQL, &q, err);
  if (rc) return rc;
  vs_bind_str(q, 1, ref);
  int rows = 0, r;
  while ((r = vs_next(q, err)) > 0)
    if (rows++ == 0) *row = vs_col_int(q, 0);
  vs_finalize(q);
  if (r < 0) return err->code;
  if (rows > 1) return vb_err_set(err, VB_EUSAGE, "", -1, "'%s' names more than one document", ref);
  if (rows == 0) return vb_err_set(err, VB_ENOTFOUND, "", -1, "no document '%s'", ref);
  return VB_OK;
}

/* What the documents row holds, in the arena. */
typedef struct row_doc {
  int64_t id;
  int parser;
  char hash[65];
  vb_format format;
  vb_str path, body, source, title, publisher, series, number, published, aired, channel, language;
  vb_lang_from language_from;
  int32_t nstatements;
} row_doc;

static int read_row(vs_db db, int64_t id, vb_arena *a, row_doc *d, vb_err *err) {
  vs_sql *q;
  int rc = vs_sql_prepare(db,
                          "SELECT hash, format, parser, coalesce(path, ''), body, source, title, publisher, series,"
                          " number, published, aired, channel, language, nstatements, language_from"
                          " FROM documents WHERE id = ?1",
                          &q, err);
  if (rc) return rc;
  vs_bind_int(q, 1, id);
  memset(d, 0, sizeof *d);
  d->id = id;
  int r = vs_next(q, err);
  if (r > 0) {
    snprintf(d->hash, sizeof d->hash, "%s", vs_col_text(q, 0, NULL));
    d->format = vb_format_from_name(vs_col_text(q, 1, NULL));
    d->parser = (int)vs_col_int(q, 2);
    d->path = vs_col_str(q, 3, a);
    d->body = vs_col_str(q, 4, a);
    if (!vs_col_null(q, 5)) {
      size_t n;
      const void *p = vs_col_blob(q, 5, &n);
      d->source.ptr = vb_arena_strndup(a, p, n);
      d->source.len = d->source.ptr ? n : 0;
    }
    vb_str *fields[] = {&d->title, &d->publisher, &d->series, &d->number, &d->published,
                        &d->aired, &d->channel, &d->language};
    for (int i = 0; i < 8; i++) *fields[i] = vs_col_str(q, 6 + i, a);
    d->nstatements = (int32_t)vs_col_int(q, 14);
    d->language_from = vs_lang_from(vs_col_text(q, 15, NULL));
    if (!d->body.ptr || vb_arena_refused(a)) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  }
  vs_finalize(q);
  if (r < 0) return err->code;
  if (r == 0) return vb_err_set(err, VB_ENOTFOUND, "", -1, "no document row %lld", (long long)id);
  return rc;
}

/* Today's parse of a stored document, with the archive's corrections
 * (lx; NULL: the store's lexicon). */
static int parse_row(vb_store *st, const vb_lexicon *lx, const row_doc *d, vb_doc **out, vb_err *err) {
  vb_parse_opts opts = {.format = d->format, .lexicon = lx ? lx : vs_store_lexicon(st, err)};
  /* a language the ingest was told holds over what the input says */
  char lang[3];
  if (d->language_from == VB_LANG_OPTION && d->language.ptr && vb_lang_code(d->language.ptr, d->language.len, lang))
    opts.language = lang;
  vb_str in = d->source.ptr ? d->source : d->body;
  return vb_doc_parse(in.ptr, in.len, d->path.ptr, &opts, out, err);
}

/* ---- a document rebuilt from its rows --------------------------------------- */

typedef struct stored {
  VB_VEC(vb_speaker) speakers;
  VB_VEC(int64_t) speaker_ids; /* the archive's id of each */
  VB_VEC(vb_turn) turns;
  VB_VEC(vb_statement) statements;
  VB_VEC(int32_t) paragraph;   /* per statement: its paragraph, counted through the document (0: none) */
  VB_VEC(vb_str) tags;
  VB_VEC(vb_entity) entities;
  VB_VEC(int64_t) entity_ids;
  VB_VEC(vb_mention) mentions;
} stored;

static int32_t local_speaker(const stored *s, int64_t id) {
  for (uint32_t i = 0; id && i < s->speaker_ids.n; i++)
    if (s->speaker_ids.v[i] == id) return (int32_t)i;
  return -1;
}

static vb_time col_time(vs_sql *q, int i) {
  vb_time t = {-1, -1};
  if (!vs_col_null(q, i)) {
    t.start = vs_col_double(q, i);
    t.end = vs_col_null(q, i + 1) ? t.start : vs_col_double(q, i + 1);
  }
  return t;
}

static vb_kind kind_of(const char *k) {
  /* "reported": what parsers before prose attribution called indirect */
  if (!strcmp(k, "indirect") || !strcmp(k, "reported")) return VB_KIND_INDIRECT;
  if (!strcmp(k, "mixed")) return VB_KIND_MIXED;
  if (!strcmp(k, "heading")) return VB_KIND_HEADING;
  if (!strcmp(k, "title")) return VB_KIND_TITLE;
  return VB_KIND_DIRECT;
}

#define OOM(a) vb_err_set(err, VB_ENOMEM, "", -1, "out of memory")

/* What each row of a stored parse goes into. */
typedef struct rows {
  stored *s;
  vb_arena *a;
  const row_doc *d;
  vb_err *err;
} rows;

static int speaker_row(void *ctx, vs_sql *q) {
  rows *x = ctx;
  vb_speaker *sp = VB_VEC_PUSH(x->a, x->s->speakers);
  int64_t *id = VB_VEC_PUSH(x->a, x->s->speaker_ids);
  if (!sp || !id) return vb_err_set(x->err, VB_ENOMEM, "", -1, "out of memory");
  memset(sp, 0, sizeof *sp);
  *id = vs_col_int(q, 0);
  sp->name = vs_col_str(q, 1, x->a);
  sp->role = vs_col_str(q, 2, x->a);
  sp->affiliation = vs_col_str(q, 3, x->a);
  sp->host = (int)vs_col_int(q, 4);
  sp->group = (int)vs_col_int(q, 5);
  return VB_OK;
}

static int turn_row(void *ctx, vs_sql *q) {
  rows *x = ctx;
  vb_turn *t = VB_VEC_PUSH(x->a, x->s->turns);
  if (!t) return vb_err_set(x->err, VB_ENOMEM, "", -1, "out of memory");
  memset(t, 0, sizeof *t);
  t->speaker = vs_col_null(q, 0) ? -1 : local_speaker(x->s, vs_col_int(q, 0));
  t->section = vs_col_null(q, 1) ? -1 : (int32_t)vs_col_int(q, 1);
  t->start = (uint32_t)vs_col_int(q, 2);
  t->end = (uint32_t)vs_col_int(q, 3);
  t->time = col_time(q, 4);
  return VB_OK;
}

static int statement_row(void *ctx, vs_sql *q) {
  rows *x = ctx;
  vb_statement *st = VB_VEC_PUSH(x->a, x->s->statements);
  int32_t *para = VB_VEC_PUSH(x->a, x->s->paragraph);
  if (!st || !para) return vb_err_set(x->err, VB_ENOMEM, "", -1, "out of memory");
  memset(st, 0, sizeof *st);
  st->attribution = -1; /* the spans of who said it are not stored */
  st->speaker = vs_col_null(q, 0) ? -1 : local_speaker(x->s, vs_col_int(q, 0));
  st->kind = kind_of(vs_col_text(q, 1, NULL));
  st->turn = vs_col_null(q, 2) ? -1 : (int32_t)vs_col_int(q, 2);
  *para = vs_col_null(q, 3) ? 0 : (int32_t)vs_col_int(q, 3);
  st->start = (uint32_t)vs_col_int(q, 4);
  st->end = (uint32_t)vs_col_int(q, 5);
  st->time = col_time(q, 6);
  if (st->end > x->d->body.len || st->start > st->end) st->start = st->end = 0; /* check reports it */
  if (st->turn >= (int32_t)x->s->turns.n) st->turn = -1;
  return VB_OK;
}

static int tag_row(void *ctx, vs_sql *q) {
  rows *x = ctx;
  vb_str *t = VB_VEC_PUSH(x->a, x->s->tags);
  if (!t) return vb_err_set(x->err, VB_ENOMEM, "", -1, "out of memory");
  *t = vs_col_str(q, 0, x->a);
  return VB_OK;
}

static int entity_row(void *ctx, vs_sql *q) {
  rows *x = ctx;
  vb_entity *e = VB_VEC_PUSH(x->a, x->s->entities);
  int64_t *id = VB_VEC_PUSH(x->a, x->s->entity_ids);
  if (!e || !id) return vb_err_set(x->err, VB_ENOMEM, "", -1, "out of memory");
  memset(e, 0, sizeof *e);
  *id = vs_col_int(q, 0);
  e->name = vs_col_str(q, 1, x->a);
  size_t tn;
  const char *type = vs_col_text(q, 2, &tn);
  int t = vb_etype_parse(type, tn);
  e->type = t < 0 ? VB_ENT_ORG : (vb_etype)t;
  e->key = vs_col_str(q, 3, x->a);
  e->role = vs_col_str(q, 4, x->a);
  e->speaker = vs_col_null(q, 5) ? -1 : local_speaker(x->s, vs_col_int(q, 5));
  return VB_OK;
}

static int mention_row(void *ctx, vs_sql *q) {
  rows *x = ctx;
  int64_t eid = vs_col_int(q, 0);
  int32_t e = -1;
  for (uint32_t i = 0; i < x->s->entity_ids.n && e < 0; i++)
    if (x->s->entity_ids.v[i] == eid) e = (int32_t)i;
  uint32_t start = (uint32_t)vs_col_int(q, 2), end = (uint32_t)vs_col_int(q, 3);
  if (e < 0 || end > x->d->body.len || start > end) return VB_OK;
  vb_mention *m = VB_VEC_PUSH(x->a, x->s->mentions);
  if (!m) return vb_err_set(x->err, VB_ENOMEM, "", -1, "out of memory");
  m->entity = e;
  m->statement = (int32_t)vs_col_int(q, 1);
  m->start = start;
  m->end = end;
  return VB_OK;
}

/* The parse stored for document d: its rows, in the arena. */
static int read_parse(vs_db db, const row_doc *d, vb_arena *a, stored *s, vb_err *err) {
  static const struct {
    const char *sql;
    int (*fn)(void *, vs_sql *);
  } parts[] = {
      {"SELECT x.speaker_id, sp.name, x.role, x.affiliation, x.host, CASE WHEN " VS_KEY_GROUP("sp.") " THEN 1 ELSE 0 END"
       " FROM doc_speakers x"
       " JOIN speakers sp ON sp.id = x.speaker_id WHERE x.doc_id = ?1 ORDER BY CAST(substr(x.local, 2) AS INTEGER)",
       speaker_row},
      {"SELECT speaker_id, section, start, \"end\", t_start, t_end FROM turns WHERE doc_id = ?1 ORDER BY idx",
       turn_row},
      {"SELECT speaker_id, kind, turn, paragraph, start, \"end\", t_start, t_end FROM statements"
       " WHERE doc_id = ?1 ORDER BY idx",
       statement_row},
      {"SELECT tag FROM tags WHERE doc_id = ?1 ORDER BY tag", tag_row},
      {"SELECT x.entity_id, e.name, coalesce(e.type, ''), e.key, x.role, e.speaker_id"
       " FROM doc_entities x JOIN entities e ON e.id = x.entity_id WHERE x.doc_id = ?1 ORDER BY x.entity_id",
       entity_row},
      {"SELECT m.entity_id, s.idx, m.start, m.\"end\" FROM mentions m JOIN statements s ON s.id = m.statement_id"
       " WHERE s.doc_id = ?1 ORDER BY m.start, m.\"end\"",
       mention_row},
  };
  memset(s, 0, sizeof *s);
  rows x = {s, a, d, err};
  int rc = VB_OK;
  for (size_t i = 0; !rc && i < sizeof parts / sizeof *parts; i++)
    rc = vs_sql_rows(db, parts[i].sql, d->id, parts[i].fn, &x, err);
  return rc;
}

/* Does today's parse make the statements that were stored? Then it is
 * the document, numbered as every permalink to it expects. */
static int same_statements(const row_doc *d, const stored *s, const vb_doc_view *v) {
  if (v->body.len != d->body.len || memcmp(v->body.ptr, d->body.ptr, d->body.len) != 0) return 0;
  if (v->nstatements != s->statements.n) return 0;
  for (size_t i = 0; i < v->nstatements; i++) {
    const vb_statement *a = &v->statements[i], *b = &s->statements.v[i];
    if (a->start != b->start || a->end != b->end || a->kind != b->kind || a->turn != b->turn) return 0;
    vb_str na = a->speaker >= 0 ? v->speakers[a->speaker].name : (vb_str){0};
    vb_str nb = b->speaker >= 0 ? s->speakers.v[b->speaker].name : (vb_str){0};
    if (na.len != nb.len || (na.len && memcmp(na.ptr, nb.ptr, na.len) != 0)) return 0;
  }
  return 1;
}

/* Each turn's paragraphs: today's paragraphs inside its span when the
 * body is the one stored, else the runs of its statements that share a
 * paragraph number; a turn with neither is one paragraph. */
static int turn_paragraphs(vb_arena *a, stored *s, const vb_doc_view *fresh) {
  for (uint32_t t = 0; t < s->turns.n; t++) {
    vb_turn *turn = &s->turns.v[t];
    VB_VEC(vb_paragraph) ps = {0};
    for (size_t k = 0; fresh && k < fresh->nturns; k++)
      for (size_t j = 0; j < fresh->turns[k].nparagraphs; j++) {
        vb_paragraph p = fresh->turns[k].paragraphs[j];
        if (p.start < turn->start || p.start >= turn->end) continue;
        if (p.end > turn->end) p.end = turn->end;
        vb_paragraph *slot = VB_VEC_PUSH(a, ps);
        if (!slot) return -1;
        *slot = p;
      }
    for (uint32_t i = 0; !fresh && i < s->statements.n; i++) {
      const vb_statement *x = &s->statements.v[i];
      if (x->turn != (int32_t)t) continue;
      if (ps.n && s->paragraph.v[i] && s->paragraph.v[i] == s->paragraph.v[i - 1] &&
          s->statements.v[i - 1].turn == (int32_t)t) {
        ps.v[ps.n - 1].end = x->end;
        continue;
      }
      vb_paragraph *slot = VB_VEC_PUSH(a, ps);
      if (!slot) return -1;
      slot->start = x->start;
      slot->end = x->end;
    }
    if (!ps.n) {
      vb_paragraph *slot = VB_VEC_PUSH(a, ps);
      if (!slot) return -1;
      slot->start = turn->start;
      slot->end = turn->end;
    }
    turn->paragraphs = ps.v;
    turn->nparagraphs = ps.n;
  }
  return 0;
}

/* Spellings of each entity in this document other than its name. */
static int entity_aliases(vb_arena *a, stored *s, vb_str body) {
  for (uint32_t e = 0; e < s->entities.n; e++) {
    VB_VEC(vb_str) al = {0};
    vb_entity *ent = &s->entities.v[e];
    for (uint32_t i = 0; i < s->mentions.n; i++) {
      const vb_mention *m = &s->mentions.v[i];
      if (m->entity != (int32_t)e) continue;
      vb_str sf = {body.ptr + m->start, m->end - m->start};
      int seen = sf.len == ent->name.len && !memcmp(sf.ptr, ent->name.ptr, sf.len);
      for (uint32_t k = 0; k < al.n && !seen; k++)
        seen = al.v[k].len == sf.len && !memcmp(al.v[k].ptr, sf.ptr, sf.len);
      if (seen) continue;
      vb_str *slot = VB_VEC_PUSH(a, al);
      if (!slot) return -1;
      *slot = sf;
    }
    ent->aliases = al.v;
    ent->naliases = al.n;
  }
  return 0;
}

/* The document as stored: its rows, with what today's parse adds that no
 * citation depends on (summary, headings, insertions, dates, quantities,
 * boilerplate, speakers' other names) when it read the same body. Takes
 * fresh_doc (may be NULL) over: the document lives in its arena then. */
static int stored_doc(vs_db db, const row_doc *d, vb_doc *fresh_doc, vb_doc **out, vb_err *err) {
  *out = NULL;
  const vb_doc_view *fresh = fresh_doc ? vb_doc_get(fresh_doc) : NULL;
  if (fresh && (fresh->body.len != d->body.len || memcmp(fresh->body.ptr, d->body.ptr, d->body.len) != 0)) {
    vb_doc_free(fresh_doc); /* another body: its spans mean nothing here */
    fresh_doc = NULL;
    fresh = NULL;
  }
  vb_arena *a = fresh_doc ? fresh_doc->arena : vb_arena_new(STORED_ARENA_LIMIT);
  vb_doc *doc = a ? vb_arena_calloc(a, sizeof *doc) : NULL;
  row_doc r = *d;
  /* the row's strings live in the caller's arena: copied into this one */
  vb_str *fields[] = {&r.path, &r.body, &r.title, &r.publisher, &r.series, &r.number,
                      &r.published, &r.aired, &r.channel, &r.language};
  for (size_t i = 0; doc && i < sizeof fields / sizeof *fields; i++)
    if (fields[i]->ptr) fields[i]->ptr = vb_arena_strndup(a, fields[i]->ptr, fields[i]->len);
  stored s;
  int rc = !doc || !r.path.ptr || !r.body.ptr ? OOM(a) : read_parse(db, &r, a, &s, err);
  if (!rc && (turn_paragraphs(a, &s, fresh) || entity_aliases(a, &s, r.body) || vb_arena_refused(a))) rc = OOM(a);
  if (rc) {
    vb_arena_free(a);
    return rc;
  }
  doc->arena = a;
  doc->title_speaker = -1;
  doc->parser_version = d->parser;
  doc->path = r.path.ptr;
  vb_doc_view *v = &doc->view;
  snprintf(v->id, sizeof v->id, "%s", d->hash);
  v->path = r.path;
  v->format = d->format;
  v->body = r.body;
  v->source = r.body;
  v->title = r.title;
  v->meta.publisher = r.publisher;
  v->meta.series = r.series;
  v->meta.number = r.number;
  v->meta.published = r.published;
  v->meta.aired = r.aired;
  v->meta.channel = r.channel;
  v->meta.language = r.language;
  v->meta.language_from = r.language.ptr ? d->language_from : VB_LANG_NONE;
  v->meta.tags = s.tags.v;
  v->meta.ntags = s.tags.n;
  v->speakers = s.speakers.v;
  v->nspeakers = s.speakers.n;
  v->turns = s.turns.v;
  v->nturns = s.turns.n;
  v->statements = s.statements.v;
  v->nstatements = s.statements.n;
  v->entities = s.entities.v;
  v->nentities = s.entities.n;
  v->mentions = s.mentions.v;
  v->nmentions = s.mentions.n;
  if (fresh) {
    v->meta.clip = fresh->meta.clip;
    v->meta.has_clip = fresh->meta.has_clip;
    v->summary = fresh->summary;
    v->sections = fresh->sections;
    v->nsections = fresh->nsections;
    v->insertions = fresh->insertions;
    v->ninsertions = fresh->ninsertions;
    v->boilerplate = fresh->boilerplate;
    v->nboilerplate = fresh->nboilerplate;
    v->dates = fresh->dates;
    v->ndates = fresh->ndates;
    v->quantities = fresh->quantities;
    v->nquantities = fresh->nquantities;
    for (uint32_t i = 0; i < s.speakers.n; i++)
      for (size_t k = 0; k < fresh->nspeakers; k++)
        if (fresh->speakers[k].name.len == s.speakers.v[i].name.len &&
            !memcmp(fresh->speakers[k].name.ptr, s.speakers.v[i].name.ptr, s.speakers.v[i].name.len)) {
          s.speakers.v[i].aliases = fresh->speakers[k].aliases;
          s.speakers.v[i].naliases = fresh->speakers[k].naliases;
        }
  }
  for (uint32_t t = 0; t < s.turns.n; t++)
    if (s.turns.v[t].section >= (int32_t)v->nsections) s.turns.v[t].section = -1;
  *out = doc;
  return VB_OK;
}

/* Today's parse of document d without parsing it: the record kept beside
 * it (record.c) when today's parser and lexicon made it. Takes the arena
 * a (holding d) over when it answers (*out set); a record that is not
 * there, is out of date, or is damaged answers nothing and leaves a. */
static int recorded_doc(vb_store *st, vs_db db, const row_doc *d, vb_arena *a, vb_doc **out, vb_err *err) {
  *out = NULL;
  vb_err lerr;
  const vb_lexicon *lx = vs_store_lexicon(st, &lerr);
  if (d->parser != VB_PARSER_VERSION || !lx || lx->stamp < 0) return VB_OK;
  vs_sql *q;
  /* made with this lexicon, or with one before it that no correction
   * since has listed the document for (record_fixes) */
  int rc = vs_sql_prepare(db,
                          "SELECT r.record FROM doc_records r WHERE r.doc_id = ?1 AND r.parser = ?2 AND r.lexicon <= ?3"
                          " AND NOT EXISTS (SELECT 1 FROM record_fixes f WHERE f.doc_id IN (r.doc_id, 0)"
                          " AND f.correction > r.lexicon AND f.correction <= ?3)",
                          &q, err);
  if (rc) return rc;
  vs_bind_int(q, 1, d->id);
  vs_bind_int(q, 2, VB_PARSER_VERSION);
  vs_bind_int(q, 3, lx->stamp);
  int r = vs_next(q, err);
  vb_doc *doc = r > 0 ? vb_arena_calloc(a, sizeof *doc) : NULL;
  if (doc) {
    size_t n = 0;
    const void *bytes = vs_col_blob(q, 0, &n);
    vb_doc_view *v = &doc->view;
    snprintf(v->id, sizeof v->id, "%s", d->hash);
    v->format = d->format;
    v->body = d->body;
    v->source = d->source.ptr ? d->source : d->body;
    if (bytes && !vs_record_decode(bytes, n, a, v) && v->path.ptr) {
      doc->arena = a;
      doc->path = v->path.ptr;
      doc->title_speaker = -1;
      doc->parser_version = d->parser;
      doc->lexicon_stamp = lx->stamp;
      doc->recorded = 1;
      *out = doc;
    }
  }
  vs_finalize(q);
  if (r < 0) return err->code;
  return vb_arena_refused(a) && !*out ? OOM(a) : VB_OK;
}

/* The archived document, as its permalinks know it (see the top). */
static int read_doc(vb_store *st, vs_db db, int64_t id, vb_doc **out, vb_err *err) {
  *out = NULL;
  vb_arena *a = vb_arena_new(STORED_ARENA_LIMIT);
  if (!a) return OOM(a);
  row_doc d;
  int rc = read_row(db, id, a, &d, err);
  if (!rc) rc = recorded_doc(st, db, &d, a, out, err);
  if (rc || *out) {
    if (rc) vb_arena_free(a);
    return rc;
  }
  vb_doc *fresh = NULL;
  vb_err perr;
  if (!rc && parse_row(st, NULL, &d, &fresh, &perr)) fresh = NULL; /* today's parser refuses it: the rows serve */
  int same = fresh && d.parser == VB_PARSER_VERSION;
  if (!rc && fresh && !same) {
    /* an older parser: today's will do if it makes the same statements */
    stored s;
    vb_arena *sa = vb_arena_new(STORED_ARENA_LIMIT);
    rc = sa ? read_parse(db, &d, sa, &s, err) : OOM(sa);
    same = !rc && same_statements(&d, &s, vb_doc_get(fresh));
    vb_arena_free(sa);
  }
  if (!rc && same) {
    fresh->parser_version = d.parser;
    *out = fresh;
    fresh = NULL;
  } else if (!rc) {
    rc = stored_doc(db, &d, fresh, out, err);
    fresh = NULL;
  }
  vb_doc_free(fresh);
  vb_arena_free(a);
  return rc;
}

/* ---- records remade after a correction ------------------------------------------ */

/* Documents whose records are remade in one transaction: a writer waits
 * for one such group at most (their parses are made before it). */
#define REMAKE_DOCS 32
#define REMAKE_BYTES ((size_t)4 << 20) /* bodies parsed for one transaction: their parses are held */

typedef VB_VEC(int64_t) id_vec;

static int id_row(void *ctx, vs_sql *q) {
  id_vec *v = ((void **)ctx)[0];
  vb_arena *a = ((void **)ctx)[1];
  int64_t *slot = VB_VEC_PUSH(a, *v);
  if (!slot) return VB_ENOMEM;
  *slot = vs_col_int(q, 0);
  return VB_OK;
}

/* The parses of docs[0..n) kept, in one transaction. */
static int remake_tx(vb_store *st, vb_doc **docs, const int64_t *row_ids, size_t n, vb_err *err) {
  vs_db db = primary(st);
  int rc = VB_OK;
  for (int attempt = 0; attempt <= RETRIES; attempt++) {
    rc = db.drv->begin(db.conn, err);
    for (size_t i = 0; !rc && i < n; i++)
      if (docs[i]) rc = vs_record_put(db, docs[i], row_ids[i], 0, -1, err);
    if (!rc) rc = db.drv->commit(db.conn, err);
    else db.drv->rollback(db.conn);
    if (!rc || !db.drv->retryable(db.conn)) break;
  }
  return rc;
}

/* A listed document that gets no record (gone, kept by another parser,
 * refused by today's): its listing is spent with lx, and a record it may
 * still hold is no longer taken as good. */
static int unlist(vb_store *st, int64_t doc_id, int64_t stamp, vb_err *err) {
  vs_db db = primary(st);
  int rc = vs_sql_exec_id(db, "DELETE FROM doc_records WHERE doc_id = ?1", doc_id, err);
  vs_sql *q = NULL;
  if (!rc) rc = vs_sql_prepare(db, "DELETE FROM record_fixes WHERE doc_id = ?1 AND correction <= ?2", &q, err);
  if (!rc) {
    vs_bind_int(q, 1, doc_id);
    vs_bind_int(q, 2, stamp);
    rc = vs_sql_run(q, err);
  }
  vs_finalize(q);
  return rc;
}

int vs_records_remake(vb_store *st, const vb_lexicon *lx, size_t max_docs, size_t *remade, int *more, vb_err *err) {
  *remade = 0;
  *more = 0;
  vs_db db = primary(st);
  vb_arena *ia = vb_arena_new(STORED_ARENA_LIMIT);
  if (!ia) return OOM(ia);
  id_vec ids = {0};
  void *ctx[2] = {&ids, ia};
  /* the documents listed by corrections lx holds, one more than asked
   * (to tell whether any are left); a correction that listed every
   * document (doc 0) could not say which: those are parsed when read,
   * not all remade here */
  vs_sql *q = NULL;
  int rc = vs_sql_prepare(db,
                          "SELECT DISTINCT f.doc_id FROM record_fixes f WHERE f.doc_id <> 0 AND f.correction <= ?1"
                          " AND NOT EXISTS (SELECT 1 FROM record_fixes z WHERE z.doc_id = 0 AND z.correction = f.correction)"
                          " ORDER BY f.doc_id LIMIT ?2",
                          &q, err);
  if (!rc) {
    vs_bind_int(q, 1, lx->stamp);
    vs_bind_int(q, 2, (int64_t)max_docs + 1);
    rc = vs_sql_each(q, id_row, ctx, err);
  }
  vs_finalize(q);
  if (rc == VB_ENOMEM) rc = OOM(ia);
  if (ids.n > max_docs) {
    ids.n = max_docs;
    *more = 1;
  }
  vb_doc *docs[REMAKE_DOCS] = {0};
  int64_t row_ids[REMAKE_DOCS];
  size_t n = 0, bytes = 0;
  for (size_t i = 0; !rc && i <= ids.n; i++) {
    if (i < ids.n) {
      vb_arena *a = vb_arena_new(STORED_ARENA_LIMIT);
      row_doc d;
      rc = a ? read_row(db, ids.v[i], a, &d, err) : OOM(a);
      vb_doc *doc = NULL;
      vb_err perr;
      if (!rc && d.parser == VB_PARSER_VERSION && !parse_row(st, lx, &d, &doc, &perr)) {
        docs[n] = doc;
        row_ids[n++] = ids.v[i];
        bytes += d.body.len;
      } else if (!rc || rc == VB_ENOTFOUND) /* gone since, another parser's, or refused: read from its rows */
        rc = unlist(st, ids.v[i], lx->stamp, err);
      vb_arena_free(a);
    }
    if (!rc && n && (i == ids.n || n == REMAKE_DOCS || bytes >= REMAKE_BYTES)) {
      rc = remake_tx(st, docs, row_ids, n, err);
      if (!rc) *remade += n;
      for (size_t k = 0; k < n; k++) vb_doc_free(docs[k]);
      n = bytes = 0;
    }
  }
  for (size_t k = 0; k < n; k++) vb_doc_free(docs[k]);
  vb_arena_free(ia);
  return rc;
}

int vb_store_doc(vb_store *st, const char *ref, vb_doc **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  int rc = st->ops->flush(st->impl, err);
  int64_t id = 0;
  if (!rc) rc = vs_doc_row(reader(st), ref, &id, err);
  if (!rc) rc = read_doc(st, reader(st), id, out, err);
  return rc;
}

int vb_store_doc_id(vb_store *st, const char *ref, char id[65], vb_err *err) {
  vb_err_clear(err);
  id[0] = '\0';
  int rc = st->ops->flush(st->impl, err);
  int64_t row = 0;
  vs_sql *q = NULL;
  if (!rc) rc = vs_doc_row(reader(st), ref, &row, err);
  if (!rc) rc = vs_sql_prepare(reader(st), "SELECT hash FROM documents WHERE id = ?1", &q, err);
  if (!rc) {
    vs_bind_int(q, 1, row);
    int r = vs_next(q, err);
    const char *hash = r > 0 ? vs_col_text(q, 0, NULL) : NULL;
    if (hash) snprintf(id, 65, "%s", hash);
    if (r < 0) rc = err->code;
    if (r == 0) rc = vb_err_set(err, VB_ENOTFOUND, "", -1, "no document '%s'", ref);
  }
  vs_finalize(q);
  return rc;
}

int vb_store_each_doc(vb_store *st, int (*fn)(void *ctx, const vb_doc *doc), void *ctx, vb_err *err) {
  vb_err_clear(err);
  int rc = st->ops->flush(st->impl, err);
  vs_db db = primary(st);
  int64_t last = 0;
  vs_sql *q = NULL;
  if (!rc) rc = vs_sql_prepare(db, "SELECT id FROM documents WHERE id > ?1 ORDER BY id LIMIT 1", &q, err);
  /* one document at a time: the archive may be larger than memory */
  while (!rc) {
    vs_bind_int(q, 1, last);
    int r = vs_next(q, err);
    int64_t id = r > 0 ? vs_col_int(q, 0) : 0;
    vs_reset(q);
    if (r <= 0) {
      if (r < 0) rc = err->code;
      break;
    }
    last = id;
    vb_doc *doc;
    rc = read_doc(st, db, id, &doc, err);
    if (!rc) rc = fn(ctx, doc);
    vb_doc_free(doc);
  }
  vs_finalize(q);
  return rc;
}

/* ---- documents an older parser made ----------------------------------------- */

void vb_doc_list_free(vb_doc_list *l) { vs_box_free(l); }

typedef struct entries {
  vb_arena *a;
  vb_err *err;
  void *vec;
} entries;

static int entry_row(void *ctx, vs_sql *q) {
  entries *x = ctx;
  VB_VEC(vb_doc_entry) *v = x->vec;
  vb_doc_entry *e = VB_VEC_PUSH(x->a, *v);
  if (!e) return vb_err_set(x->err, VB_ENOMEM, "", -1, "out of memory");
  memset(e, 0, sizeof *e);
  snprintf(e->id, sizeof e->id, "%s", vs_col_text(q, 0, NULL));
  e->path = vs_col_str(q, 1, x->a);
  e->title = vs_col_str(q, 2, x->a);
  e->parser_version = (int)vs_col_int(q, 3);
  return VB_OK;
}

static int count_outdated(vs_db db, int64_t *n, vb_err *err) {
  vs_sql *q;
  *n = 0;
  int rc = vs_sql_prepare(db, "SELECT count(*) FROM documents WHERE parser < ?1", &q, err);
  if (rc) return rc;
  vs_bind_int(q, 1, VB_PARSER_VERSION);
  int r = vs_next(q, err);
  if (r > 0) *n = vs_col_int(q, 0);
  vs_finalize(q);
  return r < 0 ? err->code : VB_OK;
}

int vb_store_outdated(vb_store *st, int limit, vb_doc_list **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  if (limit <= 0) limit = LIST_DEFAULT;
  vb_arena *a;
  vb_doc_list *list = vs_box_new(sizeof *list, 0, &a);
  if (!list) return OOM(a);
  vs_db db = reader(st);
  VB_VEC(vb_doc_entry) docs = {0};
  int rc = st->ops->flush(st->impl, err);
  vs_sql *q = NULL;
  if (!rc) rc = count_outdated(db, &list->total, err);
  if (!rc)
    rc = vs_sql_prepare(db,
                        "SELECT hash, coalesce(path, ''), title, parser FROM documents WHERE parser < ?1"
                        " ORDER BY parser, id LIMIT ?2",
                        &q, err);
  entries x = {a, err, &docs};
  if (!rc) {
    vs_bind_int(q, 1, VB_PARSER_VERSION);
    vs_bind_int(q, 2, limit);
    rc = vs_sql_each(q, entry_row, &x, err);
  }
  vs_finalize(q);
  if ((rc = vs_box_finish(a, rc, err))) return rc;
  list->docs = docs.v;
  list->ndocs = docs.n;
  *out = list;
  return VB_OK;
}

/* ---- reparse ------------------------------------------------------------------- */

static const char *find(const char *h, size_t hn, const char *n, size_t nn) {
  for (size_t i = 0; nn && i + nn <= hn; i++)
    if (h[i] == n[0] && !memcmp(h + i, n, nn)) return h + i;
  return NULL;
}

/* Where each old statement went: the new statement it overlaps most, else
 * the nearest after it (else before). Spans compare directly when the
 * body is the same; when the reader now makes another body, each old
 * statement's opening words are looked for in it, in order. */
static void map_statements(vb_str old_body, const uint32_t *os, const uint32_t *oe, size_t n_old, const vb_doc_view *v,
                           int32_t *map) {
  int same = old_body.len == v->body.len && !memcmp(old_body.ptr, v->body.ptr, old_body.len);
  size_t from = 0;
  for (size_t i = 0; i < n_old; i++) {
    uint32_t s = os[i], e = oe[i];
    if (!same) {
      size_t len = e - s < ALIGN_PROBE ? e - s : ALIGN_PROBE;
      const char *hit = NULL;
      if (len && from < v->body.len) hit = find(v->body.ptr + from, v->body.len - from, old_body.ptr + s, len);
      if (!hit && len) hit = find(v->body.ptr, v->body.len, old_body.ptr + s, len);
      size_t at = hit ? (size_t)(hit - v->body.ptr) : from;
      s = (uint32_t)at;
      e = (uint32_t)(at + (oe[i] - os[i]));
      if (hit) from = at + len;
    }
    int32_t best = -1;
    long long best_overlap = 0, best_gap = -1;
    for (size_t k = 0; k < v->nstatements; k++) {
      const vb_statement *x = &v->statements[k];
      long long lo = x->start > s ? x->start : s, hi = x->end < e ? x->end : e;
      long long overlap = hi - lo;
      if (overlap > best_overlap) {
        best_overlap = overlap;
        best = (int32_t)k;
      }
      if (best_overlap > 0) continue;
      long long gap = x->start >= e ? (long long)x->start - e : (long long)s - x->end + (1LL << 40);
      if (best_gap < 0 || gap < best_gap) {
        best_gap = gap;
        best = (int32_t)k;
      }
    }
    map[i] = best;
  }
}

typedef struct old_alert {
  int64_t id, watch, claim, claimed_at;
  int32_t idx;
  int delivered, has_claim;
  vb_str at, error;
} old_alert;

/* One document, in one transaction; the caller retries it when it lost
 * a deadlock. */
static int reparse_tx(vb_store *st, const row_doc *d, const vb_doc *doc, const int32_t *map, size_t n_old,
                      int renumbered, vb_arena *a, vb_err *err) {
  vs_db db = primary(st);
  const vb_doc_view *v = vb_doc_get(doc);
  int rc = db.drv->begin(db.conn, err);
  if (rc) return rc;
  VB_VEC(old_alert) alerts = {0};
  VB_VEC(int64_t) old_speakers = {0};
  vs_sql *q = NULL;
  int r = 0;
  /* the alerts of its statements, to follow them to their new rows */
  rc = vs_sql_prepare(db,
                      "SELECT a.id, a.watch_id, s.idx, a.at, a.delivered, a.error, a.claim, a.claimed_at"
                      " FROM alerts a JOIN statements s ON s.id = a.statement_id WHERE s.doc_id = ?1 ORDER BY a.id",
                      &q, err);
  if (!rc) {
    vs_bind_int(q, 1, d->id);
    while (!rc && (r = vs_next(q, err)) > 0) {
      old_alert *al = VB_VEC_PUSH(a, alerts);
      if (!al) {
        rc = OOM(a);
        break;
      }
      al->id = vs_col_int(q, 0);
      al->watch = vs_col_int(q, 1);
      al->idx = (int32_t)vs_col_int(q, 2);
      al->at = vs_col_str(q, 3, a);
      al->delivered = (int)vs_col_int(q, 4);
      al->error = vs_col_str(q, 5, a);
      al->has_claim = !vs_col_null(q, 6);
      al->claim = vs_col_int(q, 6);
      al->claimed_at = vs_col_int(q, 7);
    }
    if (!rc && r < 0) rc = err->code;
  }
  vs_finalize(q);
  q = NULL;
  if (!rc) rc = vs_sql_prepare(db, "SELECT speaker_id FROM doc_speakers WHERE doc_id = ?1", &q, err);
  if (!rc) {
    vs_bind_int(q, 1, d->id);
    while (!rc && (r = vs_next(q, err)) > 0) {
      int64_t *sp = VB_VEC_PUSH(a, old_speakers);
      if (!sp) rc = OOM(a);
      else *sp = vs_col_int(q, 0);
    }
    if (!rc && r < 0) rc = err->code;
  }
  vs_finalize(q);
  q = NULL;
  /* the old parse goes: index first (it reads the rows), and what the
   * connection holds of its statements in memory, then the rows */
  if (!rc && st->ops->unindex) rc = st->ops->unindex(st->impl, d->id, err);
  if (!rc) rc = st->ops->forget(st->impl, d->id, err);
  /* who mentions whom in it, no longer (the new parse adds its own) */
  if (!rc) rc = vs_links_reset(db, err);
  if (!rc) rc = vs_links_doc(db, d->id, -1, err);
  if (!rc) rc = vs_links_apply(db, err);
  static const char *const drops[] = {
      "DELETE FROM mentions WHERE statement_id IN (SELECT id FROM statements WHERE doc_id = ?1)",
      "DELETE FROM alerts WHERE statement_id IN (SELECT id FROM statements WHERE doc_id = ?1)",
      /* its statements' fingerprints in blocks (families.c), which no
       * statement's deletion takes but the first's */
      "DELETE FROM fingerprint_blocks WHERE doc_id = ?1",
      "DELETE FROM statements WHERE doc_id = ?1",
      "DELETE FROM turns WHERE doc_id = ?1",
      "DELETE FROM doc_speakers WHERE doc_id = ?1",
      "DELETE FROM tags WHERE doc_id = ?1",
      /* its entities' totals without it (the new parse adds its own) */
      VS_ENTITY_TOTALS_MOVE("-", "doc_id = ?1"),
      "DELETE FROM doc_entities WHERE doc_id = ?1",
  };
  for (size_t i = 0; !rc && i < sizeof drops / sizeof *drops; i++) {
    rc = vs_sql_prepare(db, drops[i], &q, err);
    if (!rc) {
      vs_bind_int(q, 1, d->id);
      rc = vs_sql_run(q, err);
    }
    vs_finalize(q);
    q = NULL;
  }
  /* the row keeps its id and content hash: the document's name; the
   * dialect's copy of the body follows it */
  if (!rc) {
    const vs_dialect *dl = db.drv->dialect;
    vb_buf up;
    vb_buf_init(&up, 0);
    vb_buf_adds(&up, "UPDATE documents SET title = ?2, publisher = ?3, series = ?4, series_key = ?5, number = ?6,"
                     " published = ?7, aired = ?8, date = ?9, channel = ?10, channel_key = ?11, language = ?12,"
                     " nstatements = ?13, body = ?14, source = ?15, parser = ?16, language_from = ?17");
    if (dl->body_bytes_col) {
      vb_buf_printf(&up, ", %s = ", dl->body_bytes_col);
      vb_buf_printf(&up, dl->body_bytes_of, 14);
    }
    vb_buf_adds(&up, " WHERE id = ?1");
    rc = up.failed ? OOM(a) : vs_sql_prepare(db, up.ptr, &q, err);
    vb_buf_free(&up);
  }
  if (!rc) {
    const vb_meta *m = &v->meta;
    vb_buf skey, ckey;
    vb_buf_init(&skey, 0);
    vb_buf_init(&ckey, 0);
    vs_bind_int(q, 1, d->id);
    vs_bind_vstr(q, 2, v->title);
    vs_bind_vstr(q, 3, m->publisher);
    vs_bind_vstr(q, 4, m->series);
    if (m->series.ptr && !vb_name_key(m->series.ptr, m->series.len, &skey)) vs_bind_text(q, 5, skey.ptr ? skey.ptr : "", skey.len);
    vs_bind_vstr(q, 6, m->number);
    vs_bind_vstr(q, 7, m->published);
    vs_bind_vstr(q, 8, m->aired);
    vs_bind_vstr(q, 9, m->aired.ptr ? m->aired : m->published);
    vs_bind_vstr(q, 10, m->channel);
    if (m->channel.ptr && !vb_name_key(m->channel.ptr, m->channel.len, &ckey)) vs_bind_text(q, 11, ckey.ptr ? ckey.ptr : "", ckey.len);
    vs_bind_vstr(q, 12, m->language);
    vs_bind_int(q, 13, (int64_t)v->nstatements);
    vs_bind_vstr(q, 14, v->body);
    if (v->source.ptr && (v->source.ptr != v->body.ptr || v->source.len != v->body.len))
      vs_bind_blob(q, 15, v->source.ptr, v->source.len);
    vs_bind_int(q, 16, doc->parser_version);
    vs_bind_language_from(q, 17, m);
    rc = skey.failed || ckey.failed ? OOM(a) : vs_sql_run(q, err);
    vb_buf_free(&skey);
    vb_buf_free(&ckey);
  }
  vs_finalize(q);
  q = NULL;
  /* a parse that names another language: searches stem in it too */
  if (!rc) rc = vs_sql_prepare(db, VS_DOC_LANGUAGES_ADD, &q, err);
  if (!rc) {
    vs_bind_vstr(q, 1, v->meta.language);
    rc = vs_sql_run(q, err);
  }
  vs_finalize(q);
  q = NULL;
  if (!rc) rc = st->ops->put_parse(st->impl, d->id, doc, err);
  /* alerts follow their statements (two that merged keep the first) */
  if (!rc && alerts.n)
    rc = vs_sql_prepare(db,
                        "INSERT INTO alerts(id, watch_id, statement_id, at, delivered, error, claim, claimed_at)"
                        " SELECT ?1, ?2, s.id, ?4, ?5, ?6, ?7, ?8 FROM statements s WHERE s.doc_id = ?9 AND s.idx = ?3"
                        " ON CONFLICT DO NOTHING",
                        &q, err);
  for (uint32_t i = 0; !rc && i < alerts.n; i++) {
    const old_alert *al = &alerts.v[i];
    if (al->idx < 0 || (size_t)al->idx >= n_old || map[al->idx] < 0) continue;
    vs_bind_int(q, 1, al->id);
    vs_bind_int(q, 2, al->watch);
    vs_bind_int(q, 3, map[al->idx]);
    vs_bind_vstr(q, 4, al->at);
    vs_bind_int(q, 5, al->delivered);
    vs_bind_vstr(q, 6, al->error);
    if (al->has_claim) {
      vs_bind_int(q, 7, al->claim);
      vs_bind_int(q, 8, al->claimed_at);
    } else {
      vs_bind_null(q, 7);
      vs_bind_null(q, 8);
    }
    vs_bind_int(q, 9, d->id);
    rc = vs_sql_run(q, err);
  }
  vs_finalize(q);
  q = NULL;
  /* every numbering the document had now leads to the new one */
  if (!rc && renumbered) {
    VB_VEC(int64_t) moved = {0}; /* version, idx, new_idx triples */
    rc = vs_sql_prepare(db, "SELECT version, idx, new_idx FROM statement_moves WHERE doc_id = ?1 AND new_idx IS NOT NULL",
                        &q, err);
    if (!rc) {
      vs_bind_int(q, 1, d->id);
      while (!rc && (r = vs_next(q, err)) > 0)
        for (int c = 0; c < 3 && !rc; c++) {
          int64_t *x = VB_VEC_PUSH(a, moved);
          if (!x) rc = OOM(a);
          else *x = vs_col_int(q, c);
        }
      if (!rc && r < 0) rc = err->code;
    }
    vs_finalize(q);
    q = NULL;
    if (!rc)
      rc = vs_sql_prepare(db,
                          "INSERT INTO statement_moves(doc_id, version, idx, new_idx) VALUES(?1, ?2, ?3, ?4)"
                          " ON CONFLICT(doc_id, version, idx) DO UPDATE SET new_idx = excluded.new_idx",
                          &q, err);
    for (uint32_t i = 0; !rc && i + 2 < moved.n; i += 3) {
      int64_t was = moved.v[i + 2];
      vs_bind_int(q, 1, d->id);
      vs_bind_int(q, 2, moved.v[i]);
      vs_bind_int(q, 3, moved.v[i + 1]);
      if (was >= 0 && (size_t)was < n_old && map[was] >= 0) vs_bind_int(q, 4, map[was]);
      else vs_bind_null(q, 4);
      rc = vs_sql_run(q, err);
    }
    for (size_t i = 0; !rc && i < n_old; i++) {
      vs_bind_int(q, 1, d->id);
      vs_bind_int(q, 2, d->parser);
      vs_bind_int(q, 3, (int64_t)i);
      if (map[i] >= 0) vs_bind_int(q, 4, map[i]);
      else vs_bind_null(q, 4);
      rc = vs_sql_run(q, err);
    }
    vs_finalize(q);
    q = NULL;
  }
  /* speakers only the old parse knew go, as if never stored */
  static const char *const orphan[] = {
      "DELETE FROM speaker_keys WHERE speaker_id = ?1 AND NOT EXISTS (SELECT 1 FROM doc_speakers x WHERE"
      " x.speaker_id = ?1) AND NOT EXISTS (SELECT 1 FROM entities e WHERE e.speaker_id = ?1)",
      "DELETE FROM speakers WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM doc_speakers x WHERE x.speaker_id = ?1)"
      " AND NOT EXISTS (SELECT 1 FROM entities e WHERE e.speaker_id = ?1)",
  };
  for (size_t k = 0; !rc && k < 2; k++) {
    rc = vs_sql_prepare(db, orphan[k], &q, err);
    for (uint32_t i = 0; !rc && i < old_speakers.n; i++) {
      vs_bind_int(q, 1, old_speakers.v[i]);
      rc = vs_sql_run(q, err);
    }
    vs_finalize(q);
    q = NULL;
  }
  if (!rc) rc = db.drv->commit(db.conn, err);
  else db.drv->rollback(db.conn);
  /* what was forgotten is there again, what was learned is not */
  if (rc) st->ops->forget(st->impl, 0, NULL);
  return rc;
}

/* Brings one document up to today's parser. */
static int reparse_one(vb_store *st, int64_t id, vb_doc_entry *entry, vb_arena *a, vb_err *err) {
  vs_db db = primary(st);
  row_doc d;
  int rc = read_row(db, id, a, &d, err);
  if (rc) return rc;
  snprintf(entry->id, sizeof entry->id, "%s", d.hash);
  entry->path = d.path;
  entry->title = d.title;
  entry->parser_version = d.parser;
  vb_doc *doc = NULL;
  rc = parse_row(st, NULL, &d, &doc, err);
  if (rc) return rc;
  /* where the stored statements were */
  uint32_t *os = vb_arena_alloc(a, ((size_t)d.nstatements + 1) * sizeof *os);
  uint32_t *oe = vb_arena_alloc(a, ((size_t)d.nstatements + 1) * sizeof *oe);
  int32_t *map = vb_arena_alloc(a, ((size_t)d.nstatements + 1) * sizeof *map);
  size_t n_old = 0;
  vs_sql *q = NULL;
  if (!os || !oe || !map) rc = OOM(a);
  if (!rc) rc = vs_sql_prepare(db, "SELECT start, \"end\" FROM statements WHERE doc_id = ?1 ORDER BY idx", &q, err);
  if (!rc) {
    vs_bind_int(q, 1, id);
    int r;
    while ((r = vs_next(q, err)) > 0 && n_old < (size_t)d.nstatements) {
      os[n_old] = (uint32_t)vs_col_int(q, 0);
      oe[n_old] = (uint32_t)vs_col_int(q, 1);
      if (oe[n_old] > d.body.len || os[n_old] > oe[n_old]) os[n_old] = oe[n_old] = 0;
      n_old++;
    }
    if (r < 0) rc = err->code;
  }
  vs_finalize(q);
  q = NULL;
  const vb_doc_view *v = vb_doc_get(doc);
  int renumbered = 0;
  if (!rc) {
    map_statements(d.body, os, oe, n_old, v, map);
    renumbered = n_old != v->nstatements;
    for (size_t i = 0; i < n_old && !renumbered; i++) renumbered = map[i] != (int32_t)i;
    int64_t moves = 0;
    rc = vs_sql_prepare(db, "SELECT count(*) FROM statement_moves WHERE doc_id = ?1", &q, err);
    if (!rc) {
      vs_bind_int(q, 1, id);
      int r = vs_next(q, err);
      if (r < 0) rc = err->code;
      else if (r > 0) moves = vs_col_int(q, 0);
    }
    vs_finalize(q);
    /* a renumbered document's permalinks name their numbering: this one
     * is retired too, even when unchanged */
    if (moves) renumbered = 1;
  }
  for (int attempt = 0; !rc; attempt++) {
    rc = reparse_tx(st, &d, doc, map, n_old, renumbered, a, err);
    if (!rc || attempt >= RETRIES || !db.drv->retryable(db.conn)) break;
    rc = VB_OK;
  }
  vb_doc_free(doc);
  return rc;
}

int vb_store_reparse(vb_store *st, vb_reparse_fn fn, void *ctx, vb_err *err) {
  vb_err_clear(err);
  vs_db db = primary(st);
  int rc = st->ops->flush(st->impl, err);
  int64_t total = 0, done = 0, last = 0;
  vs_sql *q = NULL;
  if (!rc) rc = count_outdated(db, &total, err);
  if (!rc)
    rc = vs_sql_prepare(db, "SELECT id FROM documents WHERE parser < ?1 AND id > ?2 ORDER BY id LIMIT 1", &q, err);
  int failures = 0;
  while (!rc) {
    vs_bind_int(q, 1, VB_PARSER_VERSION);
    vs_bind_int(q, 2, last);
    int r = vs_next(q, err);
    int64_t id = r > 0 ? vs_col_int(q, 0) : 0;
    vs_reset(q);
    if (r <= 0) {
      if (r < 0) rc = err->code;
      break;
    }
    last = id;
    vb_arena *a = vb_arena_new(0);
    if (!a) {
      rc = OOM(a);
      break;
    }
    vb_doc_entry entry;
    memset(&entry, 0, sizeof entry);
    vb_err one;
    vb_err_clear(&one);
    int orc = reparse_one(st, id, &entry, a, &one);
    done++;
    if (orc) failures++;
    /* a document today's parser refuses stays as it was; the others go on */
    int stop = fn ? fn(ctx, done, total, &entry, orc ? &one : NULL) : 0;
    vb_arena_free(a);
    if (orc && (orc == VB_ENOMEM || orc == VB_ESTORE)) {
      *err = one;
      rc = orc;
    }
    if (!rc && stop) break;
  }
  vs_finalize(q);
  if (!rc && failures)
    return vb_err_set(err, VB_EPARSE, "", -1, "%d of %lld documents could not be parsed again", failures,
                      (long long)done);
  return rc;
}

/* ---- following a permalink ---------------------------------------------------- */

void vb_cite_free(vb_cite *c) { vs_box_free(c); }

int vb_store_cite(vb_store *st, const char *ref, int32_t index, int version, vb_cite **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  vs_db db = reader(st);
  int64_t id = 0;
  int rc = st->ops->flush(st->impl, err);
  if (!rc) rc = vs_doc_row(db, ref, &id, err);
  if (rc) return rc;
  vb_arena *a;
  vb_cite *c = vs_box_new(sizeof *c, 0, &a);
  if (!c) return OOM(a);
  c->asked = index;
  /* the permalink's numbering: its version's, else the first the
   * document had (the oldest retired one, or the current) */
  vs_sql *q = NULL;
  rc = vs_sql_prepare(db,
                      "SELECT d.parser, (SELECT min(version) FROM statement_moves m WHERE m.doc_id = d.id),"
                      " (SELECT count(*) FROM statement_moves m WHERE m.doc_id = d.id AND m.version = ?2),"
                      " (SELECT new_idx FROM statement_moves m WHERE m.doc_id = d.id AND m.version = ?2 AND m.idx = ?3),"
                      " (SELECT count(*) FROM statement_moves m WHERE m.doc_id = d.id AND m.version = ?2 AND m.idx = ?3)"
                      " FROM documents d WHERE d.id = ?1",
                      &q, err);
  int current = 0, found = 0;
  int64_t at = -1;
  for (int pass = 0; !rc && pass < 2; pass++) {
    vs_bind_int(q, 1, id);
    vs_bind_int(q, 2, version);
    vs_bind_int(q, 3, index);
    int r = vs_next(q, err);
    if (r < 0) {
      rc = err->code;
      break;
    }
    current = (int)vs_col_int(q, 0);
    int first = vs_col_null(q, 1) ? current : (int)vs_col_int(q, 1);
    int retired = vs_col_int(q, 2) > 0;
    found = vs_col_int(q, 4) > 0;
    at = vs_col_null(q, 3) ? -1 : vs_col_int(q, 3);
    vs_reset(q);
    if (version < 0) {
      version = first; /* then look again, as that version */
      continue;
    }
    if (!retired && version == current) {
      found = 1;
      at = index;
    } else if (!retired) {
      rc = vb_err_set(err, VB_ENOTFOUND, "", -1, "document %s was never numbered by parser version %d", ref,
                      version);
    }
    break;
  }
  vs_finalize(q);
  q = NULL;
  if (!rc && (!found || at < 0))
    rc = found ? vb_err_set(err, VB_ENOTFOUND, "", -1, "statement %d of %s is gone since it was parsed again",
                            index, ref)
               : vb_err_set(err, VB_ENOTFOUND, "", -1, "document %s has no statement %d", ref, index);
  if (!rc) {
    const vs_dialect *dl = db.drv->dialect;
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT d.hash, (SELECT name FROM speakers WHERE id = s.speaker_id), s.kind, %s, s.start, s.\"end\", "
             VS_NUMBERING " FROM statements s JOIN documents d ON d.id = s.doc_id WHERE s.doc_id = ?1 AND s.idx = ?2",
             dl->stmt_text);
    rc = vs_sql_prepare(db, sql, &q, err);
  }
  if (!rc) {
    vs_bind_int(q, 1, id);
    vs_bind_int(q, 2, at);
    int r = vs_next(q, err);
    if (r < 0) rc = err->code;
    else if (r == 0) rc = vb_err_set(err, VB_ENOTFOUND, "", -1, "document %s has no statement %d", ref, index);
    else {
      snprintf(c->doc, sizeof c->doc, "%s", vs_col_text(q, 0, NULL));
      c->index = (int32_t)at;
      c->parser_version = current;
      c->speaker = vs_col_str(q, 1, a);
      c->kind = vs_col_str(q, 2, a);
      c->text = vs_col_str(q, 3, a);
      c->start = (uint32_t)vs_col_int(q, 4);
      c->end = (uint32_t)vs_col_int(q, 5);
      c->link = vs_permalink(a, c->doc, c->index, (int)vs_col_int(q, 6));
    }
  }
  vs_finalize(q);
  if (rc) {
    vb_arena_free(a);
    return rc;
  }
  *out = c;
  return VB_OK;
}

int vb_permalink_parse(const char *link, char *doc, size_t cap, int32_t *index, int *version) {
  const char *d = strstr(link, "/d/");
  d = d ? d + 3 : link;
  const char *hash = strchr(d, '#');
  if (!hash || hash == d || (size_t)(hash - d) >= cap || hash[1] != 's' || hash[2] < '0' || hash[2] > '9')
    return VB_EUSAGE;
  char *end;
  long i = strtol(hash + 2, &end, 10);
  long v = -1;
  if (*end == 'v' && end[1] >= '0' && end[1] <= '9') v = strtol(end + 1, &end, 10);
  if (*end || i < 0 || i > INT32_MAX || v > INT32_MAX) return VB_EUSAGE;
  memcpy(doc, d, (size_t)(hash - d));
  doc[hash - d] = '\0';
  *index = (int32_t)i;
  *version = (int)v;
  return VB_OK;
}
