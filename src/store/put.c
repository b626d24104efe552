/* put — a parsed document's rows, written once over the SQL driver: the
 * document row (a document already archived, by its content hash, is left
 * alone), its speakers (archive-wide: the same name key is one speaker,
 * made by whoever meets it first, with the keys a query names it by),
 * tags, turns, statements (with the paragraph they open, the document's
 * date and language copied so a search reads one row per match), their
 * full-text index, their entities and their quote families (families.c).
 * The statements are analysed for the index here unless an ingest thread
 * did it already.
 *
 * What differs stays with the backend (vs_writer): where the index lives
 * (an FTS5 row per statement once it has its id; a tsvector column of the
 * row itself), how mentions are written, and the transaction around it
 * all (SQLite: a savepoint in a batch; PostgreSQL: a transaction per
 * document, tried again when it loses a race). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/analyze.h"
#include "core/doc.h"
#include "core/err.h"
#include "core/map.h"
#include "core/wordlist.h"
#include "extract/extract.h"
#include "store/store.h"

#define OOM(e) vb_err_set((e), VB_ENOMEM, "", -1, "out of memory")

enum {
  W_INS_DOC,
  W_INS_TAG,
  W_STATEMENT_IDS,
  W_INS_LANGUAGE,
  W_COUNT
};

static const char *const writer_sql[W_COUNT] = {
    "INSERT INTO documents(hash, path, format, title, publisher, series, series_key, number, published, aired,"
    " date, channel, channel_key, language, nstatements, body, source, parser, language_from%s)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19%s)"
    " ON CONFLICT(hash) DO NOTHING", /* the dialect's copy of the body (?16) */
    "INSERT INTO tags(doc_id, tag, key) VALUES(?1, ?2, ?3) ON CONFLICT DO NOTHING",
    "SELECT idx, id FROM statements WHERE doc_id = ?1",
    VS_DOC_LANGUAGES_ADD,
};

struct vs_writes {
  vs_sql *q[W_COUNT];
  vs_fams *fams; /* quote families (families.c) */
};

void vs_writes_free(vs_writes *w) {
  if (!w) return;
  for (int i = 0; i < W_COUNT; i++) vs_finalize(w->q[i]);
  vs_fams_free(w->fams);
  free(w);
}

int vs_writes_forget(vs_db db, vs_writes *w, int64_t doc, vb_err *err) {
  if (!w || !w->fams) return VB_OK;
  if (doc) return vs_fams_forget(db, w->fams, doc, err);
  vs_fams_free(w->fams);
  w->fams = NULL;
  return VB_OK;
}

void vs_writes_begun(vs_writes *w) {
  if (w) vs_fams_begun(w->fams);
}

const vs_fams *vs_writes_fams(const vs_writes *w) { return w ? w->fams : NULL; }

size_t vs_writes_mark(const vs_writes *w) { return w ? vs_fams_mark(w->fams) : 0; }

void vs_writes_undo(vs_writes *w, size_t mark) {
  if (w) vs_fams_undo(w->fams, mark);
}

static int prepared(const vs_writer *wr, vb_err *err) {
  if (*wr->writes) return VB_OK;
  vs_writes *w = calloc(1, sizeof *w);
  if (!w) return OOM(err);
  const vs_dialect *dl = wr->db.drv->dialect;
  vb_buf ins, col, val; /* the documents' INSERT, with the dialect's copy of the body */
  vb_buf_init(&ins, 0);
  vb_buf_init(&col, 0);
  vb_buf_init(&val, 0);
  vb_buf_adds(&col, "");
  vb_buf_adds(&val, "");
  if (dl->body_bytes_col) {
    vb_buf_printf(&col, ", %s", dl->body_bytes_col);
    vb_buf_adds(&val, ", ");
    vb_buf_printf(&val, dl->body_bytes_of, 16);
  }
  vb_buf_printf(&ins, writer_sql[W_INS_DOC], col.ptr ? col.ptr : "", val.ptr ? val.ptr : "");
  int rc = ins.failed || col.failed || val.failed ? OOM(err) : VB_OK;
  for (int i = 0; !rc && i < W_COUNT; i++)
    rc = (i == W_INS_DOC ? vs_sql_prepare_insert : vs_sql_prepare)(wr->db, i == W_INS_DOC ? ins.ptr : writer_sql[i],
                                                                    &w->q[i], err);
  vb_buf_free(&ins);
  vb_buf_free(&col);
  vb_buf_free(&val);
  if (rc) vs_writes_free(w);
  else *wr->writes = w;
  return rc;
}

/* The name key of v, or NULL (bound as SQL NULL) when it has none. */
static int bind_key(vs_sql *q, int i, vb_str v, vb_buf *b) {
  b->len = 0;
  b->failed = 0;
  if (!v.ptr || vb_name_key(v.ptr, v.len, b)) return vs_bind_null(q, i);
  return vs_bind_text(q, i, b->ptr ? b->ptr : "", b->len);
}

/* "2023-10-08" -> 20231008: the date statements copy. A year alone
 * ("1946") or a month ("2023-10") counts from its first day (store.h,
 * VS_DATES_FROM_START). */
static int64_t date_of(const vb_meta *m) {
  vb_str d = m->aired.ptr ? m->aired : m->published;
  int64_t x = 0;
  int digits = 0;
  for (size_t i = 0; d.ptr && i < d.len; i++)
    if (d.ptr[i] >= '0' && d.ptr[i] <= '9') {
      x = x * 10 + (d.ptr[i] - '0');
      digits++;
    }
  if (digits == 4) return x * 10000 + 101;
  if (digits == 6) return x * 100 + 1;
  return x;
}

/* store.h's VS_OWN_SPEAKER in C: the statement's speaker in their own
 * words, else 0 (what others report they said is no one's). */
static int64_t own_speaker(const vb_statement *x, const int64_t *sids) {
  return x->kind != VB_KIND_INDIRECT && x->speaker >= 0 ? sids[x->speaker] : 0;
}

int vs_put_document(const vs_writer *wr, const vb_doc *doc, int64_t *doc_id, vb_err *err) {
  *doc_id = 0;
  int rc = prepared(wr, err);
  if (rc) return rc;
  const vb_doc_view *v = vb_doc_get(doc);
  const vb_meta *m = &v->meta;
  vs_sql *q = (*wr->writes)->q[W_INS_DOC];
  vb_buf key;
  vb_buf_init(&key, 4096);
  vs_bind_text(q, 1, v->id, 64);
  vs_bind_vstr(q, 2, v->path);
  vs_bind_str(q, 3, vb_format_name(v->format));
  vs_bind_vstr(q, 4, v->title);
  vs_bind_vstr(q, 5, m->publisher);
  vs_bind_vstr(q, 6, m->series);
  bind_key(q, 7, m->series, &key);
  vs_bind_vstr(q, 8, m->number);
  vs_bind_vstr(q, 9, m->published);
  vs_bind_vstr(q, 10, m->aired);
  vs_bind_vstr(q, 11, m->aired.ptr ? m->aired : m->published);
  vs_bind_vstr(q, 12, m->channel);
  bind_key(q, 13, m->channel, &key);
  vs_bind_vstr(q, 14, m->language);
  vs_bind_int(q, 15, (int64_t)v->nstatements);
  vs_bind_vstr(q, 16, v->body);
  /* the decoded input, when the body is derived from it: read again later */
  if (v->source.ptr && (v->source.ptr != v->body.ptr || v->source.len != v->body.len))
    vs_bind_blob(q, 17, v->source.ptr, v->source.len);
  else
    vs_bind_null(q, 17);
  vs_bind_int(q, 18, doc->parser_version);
  vs_bind_language_from(q, 19, m);
  rc = vs_insert_id(q, doc_id, err); /* 0: archived already, nothing to add */
  vb_buf_free(&key);
  if (!rc && *doc_id) {
    /* in the same transaction: a search that sees the document's
     * statements sees its language (store.h, doc_languages) */
    q = (*wr->writes)->q[W_INS_LANGUAGE];
    vs_bind_vstr(q, 1, m->language);
    rc = vs_sql_write(q, err);
  }
  return rc;
}

/* Speakers named in one statement (five values each: far below the
 * PostgreSQL driver's 1,024 parameters). */
#define SPEAKERS_PER_STATEMENT 200

typedef struct speakers {
  vb_arena *a;
  const vb_doc_view *v;
  vb_str *keys;   /* each speaker's name key (its name when it has none) */
  int64_t *ids;   /* archive ids, 0 while unknown */
  uint8_t *made;  /* made by this document: its keys go with it */
  size_t *plain;  /* an anonymous label's plain key length + 1, else 0 */
  vb_map first;   /* key -> the document's first speaker with it */
} speakers;

static int speaker_made_row(void *ctx, vs_sql *q) {
  speakers *s = ctx;
  size_t n;
  const char *key = vs_col_text(q, 1, &n);
  uint32_t i = vb_map_get(&s->first, key, n);
  if (i != VB_MAP_NONE) {
    s->ids[i] = vs_col_int(q, 0);
    s->made[i] = 1;
  }
  return VB_OK;
}

static int speaker_found_row(void *ctx, vs_sql *q) {
  speakers *s = ctx;
  size_t n;
  const char *key = vs_col_text(q, 1, &n);
  uint32_t i = vb_map_get(&s->first, key, n);
  if (i != VB_MAP_NONE && !s->ids[i]) s->ids[i] = vs_col_int(q, 0);
  return VB_OK;
}

/* Runs sql_head + one "(…)" of per values per chosen speaker (the first
 * with each key, from `from` on; pick says which) + sql_tail, rows to fn. */
static int speaker_statement(vs_db db, speakers *s, const char *head, const char *tail, int values,
                             int (*pick)(const speakers *s, size_t i),
                             int (*bind)(vs_sql *q, int at, const speakers *s, size_t i),
                             int (*fn)(void *ctx, vs_sql *row), vb_err *err) {
  size_t n = s->v->nspeakers;
  int rc = VB_OK;
  for (size_t i = 0; !rc && i < n;) {
    vb_buf sql;
    vb_buf_init(&sql, 0);
    vb_buf_adds(&sql, head);
    size_t chosen[SPEAKERS_PER_STATEMENT], k = 0;
    for (; i < n && k < SPEAKERS_PER_STATEMENT; i++) {
      if (vb_map_get(&s->first, s->keys[i].ptr, s->keys[i].len) != (uint32_t)i || !pick(s, i)) continue;
      vb_buf_adds(&sql, k ? ",(" : "(");
      for (int c = 0; c < values; c++) vb_buf_printf(&sql, "%s?%zu", c ? "," : "", k * (size_t)values + (size_t)c + 1);
      vb_buf_addc(&sql, ')');
      chosen[k++] = i;
    }
    if (!k) {
      vb_buf_free(&sql);
      break;
    }
    vb_buf_adds(&sql, tail);
    vs_sql *q = NULL;
    rc = sql.failed ? OOM(err) : vs_sql_prepare(db, sql.ptr, &q, err);
    vb_buf_free(&sql);
    for (size_t j = 0; !rc && j < k; j++) bind(q, (int)(j * (size_t)values), s, chosen[j]);
    if (!rc) rc = vs_sql_each(q, fn, s, err);
    vs_finalize(q);
  }
  return rc;
}

static int pick_all(const speakers *s, size_t i) {
  (void)s;
  (void)i;
  return 1;
}
static int pick_unknown(const speakers *s, size_t i) { return !s->ids[i]; }
static int bind_new(vs_sql *q, int at, const speakers *s, size_t i) {
  const vb_speaker *sp = &s->v->speakers[i];
  vs_bind_vstr(q, at + 1, sp->name);
  vs_bind_text(q, at + 2, s->keys[i].ptr, s->keys[i].len);
  vs_bind_vstr(q, at + 3, sp->role);
  vs_bind_vstr(q, at + 4, sp->affiliation);
  return vs_bind_int(q, at + 5, sp->host);
}
static int bind_speaker_key(vs_sql *q, int at, const speakers *s, size_t i) {
  return vs_bind_text(q, at + 1, s->keys[i].ptr, s->keys[i].len);
}

/* The archive-wide ids of a document's speakers, in a few statements
 * whatever their number (it was three or four round trips a speaker):
 * each made on first sight (by whichever ingester gets there first) with
 * the keys a query can name it by (full name, last name, aliases); one
 * met before gets the role and affiliation it lacked, as it was given
 * first. */
static int speaker_ids(const vs_writer *wr, const vb_doc_view *v, vb_arena *a, int64_t *ids, vb_err *err) {
  speakers s = {a, v, vb_arena_calloc(a, (v->nspeakers + 1) * sizeof *s.keys), ids,
                vb_arena_calloc(a, v->nspeakers + 1), vb_arena_calloc(a, (v->nspeakers + 1) * sizeof *s.plain),
                {NULL, 0, 0, NULL, 0, 0, 0}};
  vb_map_init(&s.first);
  vb_buf key;
  vb_buf_init(&key, 4096);
  int rc = s.keys && s.made && s.plain ? VB_OK : OOM(err);
  for (size_t i = 0; !rc && i < v->nspeakers; i++) {
    const vb_speaker *sp = &v->speakers[i];
    key.len = 0;
    key.failed = 0;
    if (vb_name_key(sp->name.ptr, sp->name.len, &key) || key.len == 0) {
      if (key.failed) rc = OOM(err);
      key.len = 0;
      vb_buf_add(&key, sp->name.ptr, sp->name.len);
    }
    /* a label that names no one ("Question", "Remark":
     * data/anonymous-speakers.txt) is a speaker of its own document only:
     * its key holds the document's, so two documents' questioners are two
     * rows (speaker:question still finds them all, by the plain key) */
    /* a group the prose names ("critics"), the same with its own mark:
     * two documents' critics are two groups, and never a person */
    if (sp->group || vb_wl_anonymous(sp->name.ptr, sp->name.len)) {
      s.plain[i] = key.len + 1;
      vb_buf_adds(&key, sp->group ? " " VS_GROUP_MARK : " " VS_ANON_MARK);
      vb_buf_adds(&key, v->id);
    }
    s.keys[i] = (vb_str){vb_arena_strndup(a, key.ptr ? key.ptr : "", key.len), key.len};
    if (!rc && (key.failed || !s.keys[i].ptr || vb_map_put(&s.first, key.ptr ? key.ptr : "", key.len, (uint32_t)i,
                                                           NULL) == VB_MAP_NONE))
      rc = OOM(err);
  }
  /* made where new (the rows it answers with), then those met before */
  if (!rc)
    rc = speaker_statement(wr->db, &s, "INSERT INTO speakers(name, key, role, affiliation, host) VALUES",
                           " ON CONFLICT(key) DO NOTHING RETURNING id, key", 5, pick_all, bind_new, speaker_made_row,
                           err);
  if (!rc)
    rc = speaker_statement(wr->db, &s, "SELECT id, key FROM speakers WHERE key IN (VALUES", ")", 1, pick_unknown, bind_speaker_key,
                           speaker_found_row, err);
  for (size_t i = 0; !rc && i < v->nspeakers; i++) {
    uint32_t f = vb_map_get(&s.first, s.keys[i].ptr, s.keys[i].len);
    ids[i] = f == VB_MAP_NONE ? 0 : ids[f];
    if (!ids[i]) rc = vb_err_set(err, VB_ESTORE, "", -1, "a speaker could not be added");
  }
  /* what a speaker met before lacked: the first role and affiliation the
   * document gives it (as if each were filled in turn) */
  VB_VEC(vs_value) fill = {0};
  for (size_t i = 0; !rc && i < v->nspeakers; i++) {
    uint32_t f = vb_map_get(&s.first, s.keys[i].ptr, s.keys[i].len);
    if (f != (uint32_t)i || s.made[i]) continue;
    vb_str role = {0}, aff = {0};
    for (size_t j = i; j < v->nspeakers; j++) {
      if (ids[j] != ids[i]) continue;
      if (!role.ptr) role = v->speakers[j].role;
      if (!aff.ptr) aff = v->speakers[j].affiliation;
    }
    if (!role.ptr && !aff.ptr) continue;
    /* written by index once all three are in: a push that grows the
     * vector may move it, and a pointer taken before would write the old
     * copy (two speakers of 300 lost their role so) */
    vs_value *x = VB_VEC_PUSH(a, fill), *y = x ? VB_VEC_PUSH(a, fill) : NULL, *z = y ? VB_VEC_PUSH(a, fill) : NULL;
    if (!z) rc = OOM(err);
    else fill.v[fill.n - 3] = vs_val_int(ids[i]), fill.v[fill.n - 2] = vs_val_str(role), fill.v[fill.n - 1] = vs_val_str(aff);
  }
  for (size_t first = 0; !rc && first < fill.n; first += 3 * SPEAKERS_PER_STATEMENT) {
    size_t m = fill.n - first < 3 * SPEAKERS_PER_STATEMENT ? (fill.n - first) / 3 : SPEAKERS_PER_STATEMENT;
    vb_buf sql;
    vb_buf_init(&sql, 0);
    for (int col = 0; col < 2; col++) {
      vb_buf_adds(&sql, col ? "), affiliation = coalesce(affiliation, CASE id" : "UPDATE speakers SET role = coalesce(role, CASE id");
      for (size_t j = 0; j < m; j++) vb_buf_printf(&sql, " WHEN ?%zu THEN ?%zu", 3 * j + 1, 3 * j + 2 + (size_t)col);
      vb_buf_adds(&sql, " END");
    }
    vb_buf_adds(&sql, ") WHERE id IN (");
    for (size_t j = 0; j < m; j++) vb_buf_printf(&sql, "%s?%zu", j ? "," : "", 3 * j + 1);
    vb_buf_addc(&sql, ')');
    vs_sql *q = NULL;
    rc = sql.failed ? OOM(err) : vs_sql_prepare(wr->db, sql.ptr, &q, err);
    vb_buf_free(&sql);
    for (size_t j = 0; !rc && j < 3 * m; j++) {
      const vs_value *x = &fill.v[first + j];
      if (x->type == VS_INT) vs_bind_int(q, (int)j + 1, x->i);
      else if (x->type == VS_TEXT) vs_bind_text(q, (int)j + 1, x->p, x->n);
      else vs_bind_null(q, (int)j + 1);
    }
    if (!rc) rc = vs_sql_run(q, err);
    vs_finalize(q);
  }
  /* the keys of the speakers made: full name, last name, aliases */
  VB_VEC(vs_value) keys = {0};
  for (size_t i = 0; !rc && i < v->nspeakers; i++) {
    if (!s.made[i]) continue;
    const vb_speaker *sp = &v->speakers[i];
    vb_str k = s.keys[i];
    const char *last = NULL;
    for (size_t j = k.len; j > 0 && !last; j--)
      if (k.ptr[j - 1] == ' ') last = k.ptr + j - 1;
    for (size_t j = 0; !rc && j < sp->naliases + 2; j++) {
      vb_str one = k;
      if (j == 1 && s.plain[i]) {
        one = (vb_str){k.ptr, s.plain[i] - 1}; /* "question", for speaker: */
      } else if (j == 1) {
        if (sp->host || !last) continue;
        one = (vb_str){last + 1, k.len - (size_t)(last + 1 - k.ptr)};
      } else if (j > 1) {
        key.len = 0;
        key.failed = 0;
        if (vb_name_key(sp->aliases[j - 2].ptr, sp->aliases[j - 2].len, &key) || key.len == 0) continue;
        one = (vb_str){vb_arena_strndup(a, key.ptr, key.len), key.len};
        if (!one.ptr) rc = OOM(err);
      }
      vs_value *x = rc ? NULL : VB_VEC_PUSH(a, keys), *y = x ? VB_VEC_PUSH(a, keys) : NULL;
      if (!y) rc = OOM(err);
      else keys.v[keys.n - 2] = vs_val_str(one), keys.v[keys.n - 1] = vs_val_int(ids[i]); /* by index, as above */
    }
  }
  if (!rc && keys.n)
    rc = wr->db.drv->insert_rows(wr->db.conn, "INSERT INTO speaker_keys(key, speaker_id)", "ON CONFLICT DO NOTHING", 2,
                                 keys.n / 2, keys.v, NULL, err);
  vb_buf_free(&key);
  vb_map_free(&s.first);
  return rc;
}

static vs_value vtime(double t) { return t >= 0 ? (vs_value){VS_REAL, 0, t, NULL, 0} : vs_val_null(); }

static int stmt_id_row(void *ctx, vs_sql *q) {
  vs_put_result *r = ctx;
  int64_t k = vs_col_int(q, 0);
  if (k >= 0 && (size_t)k < r->n) r->stmt_ids[k] = vs_col_int(q, 1);
  return VB_OK;
}

int vs_put_parse(const vs_writer *wr, const vb_doc *doc, int64_t doc_id, vb_arena *a, vs_put_result *out,
                 vb_err *err) {
  memset(out, 0, sizeof *out);
  out->doc_id = doc_id;
  int rc = prepared(wr, err);
  if (rc) return rc;
  vs_writes *w = *wr->writes;
  /* the families' band slots asked for now, waited for with the rows below */
  vs_fams_prefetch(w->fams, doc);
  const vb_doc_view *v = vb_doc_get(doc);
  const vb_meta *m = &v->meta;
  vb_buf key;
  vb_buf_init(&key, 4096);
  int64_t *sids = vb_arena_calloc(a, (v->nspeakers + 1) * sizeof *sids);
  out->n = v->nstatements;
  out->stmt_ids = vb_arena_calloc(a, (v->nstatements + 1) * sizeof *out->stmt_ids);
  /* the analyses an ingest thread made, else made here */
  uint32_t *off = doc->pre ? NULL : vb_arena_calloc(a, (v->nstatements + 1) * sizeof *off);
  out->pre = doc->pre;
  out->pre_off = doc->pre ? doc->pre_off : off;
  if (!sids || !out->stmt_ids || !out->pre_off) rc = OOM(err);
  if (!rc && v->nspeakers) rc = speaker_ids(wr, v, a, sids, err);
  vs_value *dv = rc || !v->nspeakers ? NULL : vb_arena_alloc(a, v->nspeakers * 6 * sizeof *dv);
  if (!rc && v->nspeakers && !dv) rc = OOM(err);
  for (size_t i = 0; !rc && i < v->nspeakers; i++) {
    const vb_speaker *sp = &v->speakers[i];
    char local[24];
    int ln = snprintf(local, sizeof local, "s%u", (unsigned)(i + 1));
    char *l = vb_arena_strndup(a, local, (size_t)ln);
    if (!l) rc = OOM(err);
    vs_value *row = dv + i * 6;
    row[0] = vs_val_int(doc_id);
    row[1] = (vs_value){VS_TEXT, 0, 0, l, (size_t)ln};
    row[2] = vs_val_int(sids[i]);
    row[3] = vs_val_str(sp->role);
    row[4] = vs_val_str(sp->affiliation);
    row[5] = vs_val_int(sp->host);
  }
  if (!rc && v->nspeakers)
    rc = wr->db.drv->insert_rows(wr->db.conn,
                                 "INSERT INTO doc_speakers(doc_id, local, speaker_id, role, affiliation, host)", NULL,
                                 6, v->nspeakers, dv, NULL, err);
  for (size_t i = 0; !rc && i < m->ntags; i++) {
    vs_sql *q = w->q[W_INS_TAG];
    key.len = 0;
    key.failed = 0;
    if (vb_name_key(m->tags[i].ptr, m->tags[i].len, &key)) continue; /* a tag with no key is no tag */
    vs_bind_int(q, 1, doc_id);
    vs_bind_vstr(q, 2, m->tags[i]);
    vs_bind_text(q, 3, key.ptr ? key.ptr : "", key.len);
    rc = vs_sql_run(q, err);
  }
  /* turns, then statements, many rows at a time */
  vs_value *tv = rc || !v->nturns ? NULL : vb_arena_alloc(a, v->nturns * 8 * sizeof *tv);
  if (!rc && v->nturns && !tv) rc = OOM(err);
  for (size_t i = 0; !rc && i < v->nturns; i++) {
    const vb_turn *t = &v->turns[i];
    vs_value *row = tv + i * 8;
    row[0] = vs_val_int(doc_id);
    row[1] = vs_val_int((int64_t)i);
    row[2] = t->speaker >= 0 ? vs_val_int(sids[t->speaker]) : vs_val_null();
    row[3] = t->section >= 0 ? vs_val_int(t->section) : vs_val_null();
    row[4] = vs_val_int(t->start);
    row[5] = vs_val_int(t->end);
    row[6] = vtime(t->time.start);
    row[7] = vtime(t->time.start >= 0 ? t->time.end : -1);
  }
  if (!rc && v->nturns)
    rc = wr->db.drv->insert_rows(wr->db.conn, "INSERT INTO turns(doc_id, idx, speaker_id, section, start, \"end\","
                                              " t_start, t_end)",
                                 NULL, 8, v->nturns, tv, NULL, err);
  /* each statement's analysis, for the index and the watches */
  char mark[16];
  size_t mlen = an_lang_mark(m->language.ptr ? m->language.ptr : "", m->language.len, mark, sizeof mark);
  int64_t docdate = date_of(m);
  int cols = wr->index_col ? 13 : 12;
  vs_value *sv = rc || !v->nstatements ? NULL : vb_arena_alloc(a, v->nstatements * (size_t)cols * sizeof *sv);
  if (!rc && v->nstatements && !sv) rc = OOM(err);
  vb_buf_init(&out->own, 0);
  vb_buf scratch, index;
  vb_buf_init(&scratch, 0);
  vb_buf_init(&index, 0);
  uint32_t para_base = 0, cur_turn = 0;
  for (size_t i = 0; !rc && i < v->nstatements; i++) {
    const vb_statement *x = &v->statements[i];
    int32_t para = 0; /* paragraphs counted through the document's turns */
    if (x->turn >= 0) {
      while (cur_turn < (uint32_t)x->turn) para_base += (uint32_t)v->turns[cur_turn++].nparagraphs;
      const vb_turn *t = &v->turns[x->turn];
      for (size_t k = 0; k < t->nparagraphs; k++)
        if (x->start >= t->paragraphs[k].start && x->start < t->paragraphs[k].end)
          para = (int32_t)(para_base + k + 1);
    }
    if (!doc->pre) {
      if (!*wr->termer && (rc = an_termer_new(wr->termer, err))) break;
      scratch.len = 0;
      vb_buf_add(&scratch, mark, mlen);
      vb_buf_add(&scratch, v->body.ptr + x->start, x->end - x->start);
      if (scratch.failed || an_termer_encode(*wr->termer, scratch.ptr, scratch.len, &out->own) || out->own.failed) {
        rc = OOM(err);
        break;
      }
      off[i + 1] = (uint32_t)out->own.len;
      out->pre = out->own.ptr ? out->own.ptr : "";
    }
    vs_value *row = sv + i * (size_t)cols;
    row[0] = vs_val_int(doc_id);
    row[1] = vs_val_int((int64_t)i);
    row[2] = x->speaker >= 0 ? vs_val_int(sids[x->speaker]) : vs_val_null();
    row[3] = (vs_value){VS_TEXT, 0, 0, vb_kind_name(x->kind), strlen(vb_kind_name(x->kind))};
    row[4] = x->turn >= 0 ? vs_val_int(x->turn) : vs_val_null();
    row[5] = para ? vs_val_int(para) : vs_val_null();
    row[6] = vs_val_int(x->start);
    row[7] = vs_val_int(x->end);
    row[8] = vtime(x->time.start);
    row[9] = vtime(x->time.start >= 0 ? x->time.end : -1);
    row[10] = docdate ? vs_val_int(docdate) : vs_val_null();
    row[11] = vs_val_str(m->language);
    if (wr->index_col) {
      /* the index is a column of the row: its value made of the analysis */
      index.len = 0;
      if (wr->index_value(wr->impl, out->pre + out->pre_off[i], out->pre_off[i + 1] - out->pre_off[i], &index) ||
          index.failed) {
        rc = OOM(err);
        break;
      }
      char *copy = vb_arena_strndup(a, index.ptr ? index.ptr : "", index.len);
      if (!copy) rc = OOM(err);
      row[12] = (vs_value){wr->db.drv->dialect->index_raw ? VS_RAW : VS_TEXT, 0, 0, copy, index.len};
    }
  }
  vb_buf_free(&scratch);
  vb_buf_free(&index);
  if (!rc && v->nstatements) {
    char head[256];
    snprintf(head, sizeof head,
             "INSERT INTO statements(doc_id, idx, speaker_id, kind, turn, paragraph, start, \"end\", t_start, t_end,"
             " date, lang%s%s)",
             wr->index_col ? ", " : "", wr->index_col ? wr->index_col : "");
    rc = wr->db.drv->insert_rows(wr->db.conn, head, NULL, cols, v->nstatements, sv, out->stmt_ids, err);
  }
  /* the statements' ids, for their index rows, mentions and alerts, where
   * the backend did not give them as it added the rows */
  if (!rc && v->nstatements && !out->stmt_ids[0]) {
    vs_sql *q = w->q[W_STATEMENT_IDS];
    vs_bind_int(q, 1, doc_id);
    rc = vs_sql_each(q, stmt_id_row, out, err);
    vs_reset(q);
  }
  /* the families found on a thread of their own while the rows below are written */
  if (!rc && v->nstatements) rc = vs_fams_start(wr->db, &w->fams, doc, out, mlen, wr->expect_bytes, err);
  for (size_t i = 0; !rc && wr->index_row && i < v->nstatements; i++) {
    const vb_statement *x = &v->statements[i];
    vs_col_vals c = vs_col_vals_of(own_speaker(x, sids), doc_id, docdate, (int64_t)x->end - x->start, (int)x->kind + 1,
                                   vs_col_lang(m->language.ptr, m->language.len));
    rc = wr->index_row(wr->impl, out->stmt_ids[i], c, out->pre + out->pre_off[i], out->pre_off[i + 1] - out->pre_off[i],
                       err);
  }
  if (!rc) rc = vs_put_entities(wr->db, wr->entities, v, doc_id, out->stmt_ids, sids, &wr->mentions, err);
  /* each statement's quote family, from the same analysis */
  if (!rc && v->nstatements) rc = vs_put_families(wr->db, &w->fams, doc, out, mlen, wr->expect_bytes, err);
  vs_fams_wait(w->fams); /* begun and failed before: done before its document is rolled back */
  /* the parse kept beside the document (record.c), in place of one kept
   * before (a reparse) */
  if (!rc) rc = vs_record_put(wr->db, doc, doc_id, 1, v->nentities ? vs_entities_last_fix(*wr->entities) : -1, err);
  vb_buf_free(&key);
  if (rc) vs_put_result_free(out);
  return rc;
}

void vs_put_result_free(vs_put_result *r) { vb_buf_free(&r->own); }
