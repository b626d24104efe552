/* listings — what the archive lists, written once over the SQL driver:
 * speakers with their counts; entities, most mentioned first; one
 * entity's page (its spellings, the role each document gives it, mentions
 * per month, who mentions it, what it is mentioned with); and the
 * entities a name leads to, which `mentions:` and the corrections use
 * too. Each answer is a typed result in an arena of its own. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/err.h"
#include "extract/extract.h"
#include "extract/lexicon.h"
#include "store/store.h"

/* Values in an entity's listings. */
#define ENTITY_TOP 10
int64_t vs_entity_months_by_index = 256;
#define ENTITY_ALIASES 50
#define LIST_ALIASES 8
#define ENTITIES_DEFAULT 50
/* Entities one name may lead to, at most. */
#define MAX_NAMED 10000

#define OOM(e) vb_err_set((e), VB_ENOMEM, "", -1, "out of memory")

static vs_db reader(const vb_store *st) { return (vs_db){st->ops->sql, st->reader ? st->reader : st->impl}; }

/* Rows into a growing array of structs, through a row function. */
typedef struct rows {
  vb_arena *a;
  vb_err *err;
  void *vec; /* a VB_VEC of the row type */
  const void *extra;
} rows;

/* ---- speakers ---------------------------------------------------------------- */

static int speaker_row(void *ctx, vs_sql *q) {
  rows *x = ctx;
  VB_VEC(vb_speaker_row) *v = x->vec;
  vb_speaker_row *r = VB_VEC_PUSH(x->a, *v);
  if (!r) return OOM(x->err);
  r->name = vs_col_str(q, 0, x->a);
  size_t rlen;
  const char *raw = vs_col_text(q, 1, &rlen);
  if (vs_role_clean(raw, rlen, x->a, &r->role) < 0) return OOM(x->err); /* none: {0} */
  r->affiliation = vs_col_str(q, 2, x->a);
  r->host = vs_col_int(q, 3) != 0;
  r->documents = vs_col_int(q, 4);
  r->statements = vs_col_int(q, 5);
  r->anonymous = vs_col_int(q, 6) != 0;
  r->group = vs_col_int(q, 7) != 0;
  return vb_arena_refused(x->a) ? OOM(x->err) : VB_OK;
}

static int speakers_list(vb_store *st, int64_t offset, int64_t limit, int hosts, int anonymous,
                         const char *name, vb_speaker_list **out, vb_err *err);

int vb_store_speakers(vb_store *st, vb_speaker_list **out, vb_err *err) {
  return speakers_list(st, 0, 0, 1, 1, NULL, out, err);
}

int vb_store_speakers_page(vb_store *st, int64_t offset, int64_t limit, int hosts, int anonymous,
                           vb_speaker_list **out, vb_err *err) {
  return speakers_list(st, offset, limit, hosts, anonymous, NULL, out, err);
}

int vb_store_speakers_named(vb_store *st, const char *name, vb_speaker_list **out, vb_err *err) {
  return speakers_list(st, 0, 0, 1, 1, name, out, err);
}

/* name: only the speakers called that (ASCII case aside), each counted
 * from its own rows */
static int speakers_list(vb_store *st, int64_t offset, int64_t limit, int hosts, int anonymous,
                         const char *name, vb_speaker_list **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  vb_arena *a;
  vb_speaker_list *l = vs_box_new(sizeof *l, 0, &a);
  if (!l) return OOM(err);
  vs_db db = reader(st);
  char sql[1400], page[64] = "", which[96];
  /* every speaker is counted before the order is known: a page spares
   * the answer, not the counting (4,433 speakers in 0.02 s on the UN
   * archive, bench/RESULTS.md) */
  if (limit > 0 || offset > 0)
    snprintf(page, sizeof page, " LIMIT %lld OFFSET %lld", (long long)(limit > 0 ? limit : INT64_MAX),
             (long long)offset);
  /* only speakers with words of their own: one named only in what others
   * report ("Nehru" in a speech that says what he said), or left by a
   * document removed, has no row (it had one with 0 statements) */
  /* a label that names no one, and a group, has its document's id in its
   * key, after VS_ANON_MARK (put.c): left out with !anonymous */
  snprintf(which, sizeof which, "%s%s", name ? " AND lower(sp.name) = lower(?1)" : hosts ? "" : " AND sp.host = 0",
           name || anonymous ? "" : " AND sp.key NOT LIKE '% " VS_ANON_MARK "%'");
  /* the role most of its documents give (a speaker's first document may
   * be from the years of another office), ties to the first in order; the
   * documents and statements of its own words (what speaker: finds, not
   * what others report it said), from the speaker index alone (store.h) */
  snprintf(sql, sizeof sql,
           "SELECT sp.name, coalesce((SELECT x.role FROM doc_speakers x WHERE x.speaker_id = sp.id AND"
           " x.role IS NOT NULL GROUP BY x.role ORDER BY count(*) DESC, x.role%s LIMIT 1), sp.role),"
           " sp.affiliation, sp.host,"
           " (SELECT count(DISTINCT x.doc_id) FROM statements x WHERE x.speaker_id = sp.id AND " VS_OWN_WORDS("x.") "),"
           " (SELECT count(*) FROM statements x WHERE x.speaker_id = sp.id AND " VS_OWN_WORDS("x.") ") AS n,"
           " CASE WHEN sp.key LIKE '%% " VS_ANON_MARK "%%' AND sp.key NOT LIKE '%% " VS_GROUP_MARK "%%' THEN 1 ELSE 0 END,"
           " CASE WHEN sp.key LIKE '%% " VS_GROUP_MARK "%%' THEN 1 ELSE 0 END"
           " FROM speakers sp WHERE EXISTS (SELECT 1 FROM statements x WHERE x.speaker_id = sp.id AND "
           VS_OWN_WORDS("x.") ")%s ORDER BY n DESC, sp.name%s%s",
           db.drv->dialect->binary, which, db.drv->dialect->binary, page);
  VB_VEC(vb_speaker_row) v = {0};
  rows x = {a, err, &v, NULL};
  int rc = st->ops->flush(st->impl, err);
  if (!rc && !name) rc = vs_sql_rows(db, sql, 0, speaker_row, &x, err);
  vs_sql *q = NULL;
  if (!rc && name && !(rc = vs_sql_prepare(db, sql, &q, err))) {
    vs_bind_str(q, 1, name);
    rc = vs_sql_each(q, speaker_row, &x, err);
  }
  vs_finalize(q);
  if ((rc = vs_box_finish(a, rc, err))) return rc;
  l->speakers = v.v;
  l->n = v.n;
  *out = l;
  return VB_OK;
}

/* What speaker:NAME finds: the own words (not what others report) of every
 * speaker the name's key leads to, and in how many documents. */
int vb_store_speaker_counts(vb_store *st, const char *name, int64_t *statements, int64_t *documents,
                            vb_err *err) {
  vb_err_clear(err);
  *statements = *documents = 0;
  vb_buf key;
  vb_buf_init(&key, 0);
  if (vb_name_key(name, strlen(name), &key)) {
    vb_buf_free(&key);
    return OOM(err);
  }
  vs_db db = reader(st);
  vs_sql *q = NULL;
  int rc = st->ops->flush(st->impl, err);
  if (!rc)
    rc = vs_sql_prepare(db,
                        "SELECT count(*), count(DISTINCT doc_id) FROM statements"
                        " WHERE speaker_id IN (SELECT speaker_id FROM speaker_keys WHERE key = ?1)"
                        " AND " VS_OWN_WORDS(""),
                        &q, err);
  if (!rc) {
    vs_bind_text(q, 1, key.ptr ? key.ptr : "", key.len);
    int got = vs_next(q, err);
    if (got > 0) {
      *statements = vs_col_int(q, 0);
      *documents = vs_col_int(q, 1);
    } else if (got < 0) {
      rc = err->code;
    }
  }
  vs_finalize(q);
  vb_buf_free(&key);
  return rc;
}

void vb_speaker_list_free(vb_speaker_list *l) { vs_box_free(l); }

const vb_speaker_row *vb_speaker_list_find(const vb_speaker_list *l, const char *name) {
  size_t n = strlen(name);
  for (size_t i = 0; i < l->n; i++)
    if (l->speakers[i].name.len == n && !strncasecmp(l->speakers[i].name.ptr, name, n)) return &l->speakers[i];
  return NULL;
}

/* ---- the entities a name leads to ------------------------------------------------- */

/* The name asked for, against the spellings its key finds. */
typedef struct asked {
  const char *name;
  size_t n;
  const vb_lexicon *lx;
} asked;

static int id_row(void *ctx, vs_sql *q) {
  rows *x = ctx;
  VB_VEC(int64_t) *v = x->vec;
  if (v->n >= MAX_NAMED) return VB_OK;
  /* a spelling a document used leads to its entity when the name asked is
   * spelled like it (Hezbollah, Hizbullah), not when the two only fold to
   * one key ("Raisi" and "Russia"); an analyst's alias always does */
  const asked *k = x->extra;
  if (k && vs_col_int(q, 2) == 0) {
    size_t sn = 0;
    const char *sf = vs_col_text(q, 1, &sn);
    if (!sf || !k->lx || !vb_lexicon_close(k->lx, k->name, k->n, sf, sn)) return VB_OK;
  }
  if (v->n && v->v[v->n - 1] == vs_col_int(q, 0)) return VB_OK;
  int64_t *id = VB_VEC_PUSH(x->a, *v);
  if (!id) return OOM(x->err);
  *id = vs_col_int(q, 0);
  return VB_OK;
}

int vs_entity_ids(vs_db db, const char *name, size_t n, const vb_lexicon *lx, vb_arena *a, int64_t **ids,
                  size_t *nids, vb_err *err) {
  *ids = NULL;
  *nids = 0;
  VB_VEC(int64_t) v = {0};
  /* "e12": the entity listed so (name is n bytes, not a C string: a
   * query's word points into the query) */
  int64_t listed = 0;
  size_t digits = 0;
  while (n > 1 && n < 20 && digits < n - 1 && name[1 + digits] >= '0' && name[1 + digits] <= '9')
    listed = listed * 10 + (name[1 + digits++] - '0');
  if (n > 1 && n < 20 && name[0] == 'e' && digits == n - 1) {
    int64_t *id = VB_VEC_PUSH(a, v);
    if (!id) return OOM(err);
    *id = listed;
    *ids = v.v;
    *nids = 1;
    return VB_OK;
  }
  /* else a spelling a document used, the key the lexicon gives the name,
   * or the entity's name itself */
  vb_buf k;
  vb_buf_init(&k, 4096);
  char *copy = vb_arena_strndup(a, name, n);
  char lexkey[512] = "";
  vb_err lerr;
  if (!lx && vb_lexicon_default(&lx, &lerr)) lx = NULL;
  if (copy && lx) vb_lexicon_key(lx, -1, copy, lexkey, sizeof lexkey);
  int rc = !copy || vb_entity_key(name, n, &k) || !k.ptr ? OOM(err) : VB_OK;
  vs_sql *q = NULL;
  if (!rc)
    rc = vs_sql_prepare(db,
                        "SELECT entity_id, surface, manual FROM entity_aliases WHERE key = ?1"
                        " UNION SELECT id, '', 1 FROM entities WHERE key = ?2"
                        " UNION SELECT id, '', 1 FROM entities WHERE lower(name) = lower(?3) ORDER BY 1",
                        &q, err);
  asked k0 = {name, n, lx};
  rows x = {a, err, &v, &k0};
  if (!rc) {
    vs_bind_text(q, 1, k.ptr, k.len);
    vs_bind_str(q, 2, lexkey);
    vs_bind_text(q, 3, name, n);
    rc = vs_sql_each(q, id_row, &x, err);
  }
  vs_finalize(q);
  vb_buf_free(&k);
  if (rc) return rc;
  *ids = v.v;
  *nids = v.n;
  return VB_OK;
}

/* The one entity a name leads to: when several do, the most mentioned;
 * all of them in *all (NULL: not wanted). */
static int one_entity(vs_db db, const char *ref, const vb_lexicon *lx, vb_arena *a, int64_t *id, int64_t **all,
                      size_t *nall, vb_err *err) {
  int64_t *ids;
  size_t n;
  int rc = vs_entity_ids(db, ref, strlen(ref), lx, a, &ids, &n, err);
  if (all) {
    *all = ids;
    *nall = n;
  }
  vs_sql *q = NULL;
  if (!rc && n)
    rc = vs_sql_prepare(db,
                        "SELECT e.id, coalesce(t.mentions, 0) FROM entities e LEFT JOIN entity_totals t ON t.entity_id = e.id"
                        " WHERE e.id = ?1",
                        &q, err);
  int64_t best = 0, best_n = -1;
  for (size_t i = 0; !rc && i < n; i++) {
    vs_bind_int(q, 1, ids[i]);
    int r = vs_next(q, err);
    if (r < 0) rc = err->code;
    else if (r > 0 && vs_col_int(q, 1) > best_n) {
      best = vs_col_int(q, 0);
      best_n = vs_col_int(q, 1);
    }
    vs_reset(q);
  }
  vs_finalize(q);
  if (!rc && !best) rc = vb_err_set(err, VB_ENOTFOUND, "", -1, "no entity called \"%s\"", ref);
  *id = best;
  return rc;
}

int vs_one_entity(vs_db db, const char *ref, const vb_lexicon *lx, int64_t *id, vb_err *err) {
  vb_arena *a = vb_arena_new(0);
  if (!a) return OOM(err);
  int rc = one_entity(db, ref, lx, a, id, NULL, NULL, err);
  vb_arena_free(a);
  return rc;
}

/* ---- entities ---------------------------------------------------------------------- */

static int str_row(void *ctx, vs_sql *q) {
  rows *x = ctx;
  VB_VEC(vb_str) *v = x->vec;
  vb_str *s = VB_VEC_PUSH(x->a, *v);
  if (!s) return OOM(x->err);
  *s = vs_col_str(q, 0, x->a);
  return VB_OK;
}

/* An entity's other spellings, analysts' first, at most limit. */
static int aliases_of(vs_db db, int64_t id, int limit, vb_arena *a, vb_entity_row *e, vb_err *err) {
  VB_VEC(vb_str) v = {0};
  rows x = {a, err, &v, NULL};
  vs_sql *q;
  char sql[320];
  snprintf(sql, sizeof sql,
           "SELECT surface FROM entity_aliases WHERE entity_id = ?1"
           " AND surface <> (SELECT name FROM entities WHERE id = ?1)"
           " GROUP BY surface ORDER BY max(manual) DESC, surface%s LIMIT ?2",
           db.drv->dialect->binary);
  int rc = vs_sql_prepare(db, sql, &q, err);
  if (rc) return rc;
  vs_bind_int(q, 1, id);
  vs_bind_int(q, 2, limit);
  rc = vs_sql_each(q, str_row, &x, err);
  vs_finalize(q);
  e->aliases = v.v;
  e->naliases = v.n;
  return rc;
}

static void entity_id(vb_entity_row *e, int64_t id) { snprintf(e->id, sizeof e->id, "e%lld", (long long)id); }

/* An entity's counts, the same in its listing and on its page, from its
 * totals `t` (entity_totals, kept as its rows of doc_entities change;
 * store.h says what they hold): the places in statements that name it,
 * those statements, and the documents that hold them. mentions: finds
 * those statements (and, with --docs, those documents), and the entity
 * facet counts them. */
#define ENTITY_COUNTS " coalesce(t.mentions, 0) AS n, coalesce(t.statements, 0), coalesce(t.documents, 0)"

/* The three columns of ENTITY_COUNTS from column `col` on. */
static void entity_counts(vs_sql *q, int col, vb_entity_row *e) {
  e->mentions = vs_col_int(q, col);
  e->statements = vs_col_int(q, col + 1);
  e->documents = vs_col_int(q, col + 2);
}

static int entity_row(void *ctx, vs_sql *q) {
  rows *x = ctx;
  VB_VEC(vb_entity_row) *v = x->vec;
  vb_entity_row *e = VB_VEC_PUSH(x->a, *v);
  if (!e) return OOM(x->err);
  memset(e, 0, sizeof *e);
  entity_id(e, vs_col_int(q, 0));
  e->name = vs_col_str(q, 1, x->a);
  e->type = vs_col_str(q, 2, x->a);
  entity_counts(q, 3, e);
  return VB_OK;
}

int vb_store_entities(vb_store *st, const char *filter, int type, int limit, vb_entity_list **out,
                      vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  vb_arena *a;
  vb_entity_list *l = vs_box_new(sizeof *l, 0, &a);
  if (!l) return OOM(err);
  vs_db db = reader(st);
  const vs_dialect *dl = db.drv->dialect;
  int64_t *ids = NULL;
  size_t nids = 0;
  int rc = st->ops->flush(st->impl, err);
  int filtered = filter && *filter;
  if (!rc && filtered) rc = vs_entity_ids(db, filter, strlen(filter), vs_store_lexicon(st, err), a, &ids, &nids, err);
  int want = limit > 0 ? limit : ENTITIES_DEFAULT;
  VB_VEC(vb_entity_row) v = {0};
  rows x = {a, err, &v, NULL};
  /* the mentioned, in the order of the totals' index (most mentioned
   * first; n as stored, so the index gives the order): the top is read
   * from it, not summed over every document; then, while the list has
   * room, the entities no document names now, by name */
  for (int mentioned = 1; !rc && mentioned >= 0 && (int)v.n < want; mentioned--) {
    vb_buf sql;
    vb_buf_init(&sql, (size_t)1 << 20);
    vb_buf_adds(&sql, mentioned ? "SELECT e.id, e.name, e.type, t.mentions AS n, t.statements, t.documents"
                                  " FROM entity_totals t CROSS JOIN entities e WHERE e.id = t.entity_id AND t.mentions > 0"
                                : "SELECT e.id, e.name, e.type, 0, 0, 0 FROM entities e WHERE NOT EXISTS"
                                  " (SELECT 1 FROM entity_totals t WHERE t.entity_id = e.id AND t.mentions > 0)");
    if (type >= 0) vb_buf_adds(&sql, " AND e.type = ?2");
    if (filtered) {
      /* a spelling of it, or a part of its name; ids from the archive */
      vb_buf_adds(&sql, " AND (");
      vb_buf_printf(&sql, dl->contains, "lower(e.name)", "lower(?3)");
      vb_buf_adds(&sql, " OR e.id IN (0");
      for (size_t i = 0; i < nids; i++) vb_buf_printf(&sql, ",%lld", (long long)ids[i]);
      vb_buf_adds(&sql, "))");
    }
    /* one name with two types and as many mentions: by type too, the
     * same order on both backends */
    vb_buf_printf(&sql, " ORDER BY %se.name%s, coalesce(e.type, '')%s LIMIT ?4", mentioned ? "n DESC, " : "",
                  dl->binary, dl->binary);
    vs_sql *q = NULL;
    if (sql.failed) rc = OOM(err);
    if (!rc) rc = vs_sql_prepare(db, sql.ptr, &q, err);
    vb_buf_free(&sql);
    if (!rc) {
      if (type >= 0) vs_bind_str(q, 2, vb_etype_name((vb_etype)type));
      if (filtered) vs_bind_str(q, 3, filter);
      vs_bind_int(q, 4, want - (int)v.n);
      rc = vs_sql_each(q, entity_row, &x, err);
    }
    vs_finalize(q);
  }
  for (uint32_t i = 0; !rc && i < v.n; i++)
    rc = aliases_of(db, strtoll(v.v[i].id + 1, NULL, 10), LIST_ALIASES, a, &v.v[i], err);
  if ((rc = vs_box_finish(a, rc, err))) return rc;
  l->entities = v.v;
  l->n = v.n;
  *out = l;
  return VB_OK;
}

void vb_entity_list_free(vb_entity_list *l) { vs_box_free(l); }

/* A role as the page shows it (roles.c), or no row: a role that names
 * no office is a phrase the document put before a name. */
static int role_row(void *ctx, vs_sql *q) {
  rows *x = ctx;
  VB_VEC(vb_entity_role) *v = x->vec;
  size_t len;
  const char *raw = vs_col_text(q, 1, &len);
  vb_str role;
  int is = vs_role_clean(raw, len, x->a, &role);
  if (is < 0) return OOM(x->err);
  if (!is) return VB_OK;
  vb_entity_role *r = VB_VEC_PUSH(x->a, *v);
  if (!r) return OOM(x->err);
  r->date = vs_col_str(q, 0, x->a);
  r->role = role;
  r->doc = vs_col_str(q, 2, x->a);
  r->title = vs_col_str(q, 3, x->a);
  return VB_OK;
}

static int count_row(void *ctx, vs_sql *q) {
  rows *x = ctx;
  VB_VEC(vb_count) *v = x->vec;
  vb_count *c = VB_VEC_PUSH(x->a, *v);
  if (!c) return OOM(x->err);
  c->label = vs_col_str(q, 0, x->a);
  c->n = vs_col_int(q, 1);
  return VB_OK;
}

/* An entity's mentions per month (YYYYMM), from its documents' counts
 * (doc_entities) and dates: a statement's date is its document's, a year
 * alone counting from January (store.h, VS_DATES_FROM_START), so these are
 * the months of its mentions' statements. Counted from its mentions'
 * statements instead, the UN archive's e1 (144,065 mentions) read a
 * statement row per mention: 0.16 s of CPU in a fresh sqlite3 shell,
 * 0.03 s this way. A document's date is read from its row (which sits
 * beside its body) for an entity in few documents; for one in more than
 * vs_entity_months_by_index, the date index
 * (SQLite's documents_date, every document in a few pages) leads and each
 * document's counts are looked up by key. */
#define DOC_MONTH                                                                                  \
  "CAST(substr(d.date, 1, 4) AS integer) * 100"                                                    \
  " + CASE WHEN length(d.date) >= 7 THEN CAST(substr(d.date, 6, 2) AS integer) ELSE 0 END"
#define MONTHS_OF(from)                                                                            \
  "SELECT " DOC_MONTH " AS ym, sum(de.mentions) FROM " from                                        \
  " WHERE de.doc_id = d.id AND de.entity_id = ?1"                                                  \
  " AND de.mentions > 0 AND length(d.date) >= 4 GROUP BY 1 ORDER BY 1"
#define MONTHS_FEW MONTHS_OF("doc_entities de CROSS JOIN documents d")
#define MONTHS_ALL MONTHS_OF("documents d CROSS JOIN doc_entities de")

/* A month as the timeline shows it: YYYYMM -> "YYYY-MM"; YYYY00, the
 * mentions of documents dated by their year alone, -> "YYYY" (the chart
 * draws them per year, as the archive's timeline does). */
static int month_row(void *ctx, vs_sql *q) {
  rows *x = ctx;
  VB_VEC(vb_count) *v = x->vec;
  vb_count *c = VB_VEC_PUSH(x->a, *v);
  char *m = vb_arena_alloc(x->a, 16);
  if (!c || !m) return OOM(x->err);
  int64_t ym = vs_col_int(q, 0);
  int n = ym % 100 ? snprintf(m, 16, "%04d-%02d", (int)(ym / 100 % 10000), (int)(ym % 100))
                   : snprintf(m, 16, "%04d", (int)(ym / 100 % 10000));
  c->label = (vb_str){m, (size_t)n};
  c->n = vs_col_int(q, 1);
  return VB_OK;
}

int vb_store_entity(vb_store *st, const char *name, vb_entity_page **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  vb_arena *a;
  vb_entity_page *p = vs_box_new(sizeof *p, 0, &a);
  if (!p) return OOM(err);
  vs_db db = reader(st);
  const char *bin = db.drv->dialect->binary;
  int64_t id = 0, *ids = NULL;
  size_t nids = 0;
  int rc = st->ops->flush(st->impl, err);
  if (!rc) rc = one_entity(db, name, vs_store_lexicon(st, err), a, &id, &ids, &nids, err);
  vs_sql *q = NULL;
  if (!rc)
    rc = vs_sql_prepare(db,
                        "SELECT e.name, e.type, e.key, sp.name," ENTITY_COUNTS
                        " FROM entities e LEFT JOIN speakers sp ON sp.id = e.speaker_id"
                        " LEFT JOIN entity_totals t ON t.entity_id = e.id WHERE e.id = ?1",
                        &q, err);
  if (!rc) {
    vs_bind_int(q, 1, id);
    int r = vs_next(q, err);
    if (r < 0) rc = err->code;
    else if (!r) rc = vb_err_set(err, VB_ENOTFOUND, "", -1, "no entity called \"%s\"", name);
    else {
      entity_id(&p->entity, id);
      p->entity.name = vs_col_str(q, 0, a);
      p->entity.type = vs_col_str(q, 1, a);
      p->key = vs_col_str(q, 2, a);
      p->speaker = vs_col_str(q, 3, a);
      entity_counts(q, 4, &p->entity);
    }
  }
  vs_finalize(q);
  if (!rc) rc = aliases_of(db, id, ENTITY_ALIASES, a, &p->entity, err);
  /* the others the name leads to: mentions:NAME finds their statements too */
  VB_VEC(vb_entity_row) also = {0};
  rows ax = {a, err, &also, NULL};
  for (size_t i = 0; !rc && i < nids; i++)
    if (ids[i] != id)
      rc = vs_sql_rows(db,
                       "SELECT e.id, e.name, e.type," ENTITY_COUNTS
                       " FROM entities e LEFT JOIN entity_totals t ON t.entity_id = e.id WHERE e.id = ?1",
                       ids[i], entity_row, &ax, err);
  /* the role each document gives, with the document's date (undated first) */
  VB_VEC(vb_entity_role) roles = {0};
  rows rx = {a, err, &roles, NULL};
  if (!rc)
    rc = vs_sql_rows(db,
                     "SELECT d.date, de.role, d.hash, d.title FROM doc_entities de JOIN documents d ON d.id = de.doc_id"
                     " WHERE de.entity_id = ?1 AND de.role IS NOT NULL"
                     " ORDER BY CASE WHEN d.date IS NULL THEN 0 ELSE 1 END, d.date, d.id",
                     id, role_row, &rx, err);
  VB_VEC(vb_count) months = {0}, speakers = {0}, co = {0};
  rows mx = {a, err, &months, NULL}, sx = {a, err, &speakers, NULL}, cx = {a, err, &co, NULL};
  if (!rc)
    rc = vs_sql_rows(db, p->entity.documents > vs_entity_months_by_index ? MONTHS_ALL : MONTHS_FEW,
                     id, month_row, &mx, err);
  /* who mentions it and what with, as kept at ingest (links.c): a few
   * rows of its own, named after they are ordered. Counted here from its
   * mentions instead, the UN archive's e1 read 144,065 mentions and their
   * statements (or an even sample of 20,000 of them: 368 M instructions
   * for the whole page, bench/RESULTS.md, issue 19). */
  char sql[640];
  if (!rc) {
    snprintf(sql, sizeof sql,
             /* the people and bodies who mention it: a group the prose
              * names ("critics") is none of them (store.h) */
             "SELECT sp.name, x.mentions FROM entity_speakers x JOIN speakers sp ON sp.id = x.speaker_id"
             " WHERE x.entity_id = ?1 AND sp.key NOT LIKE '%% " VS_GROUP_MARK "%%'"
             " ORDER BY x.mentions DESC, sp.name%s LIMIT %d",
             bin, ENTITY_TOP);
    rc = vs_sql_rows(db, sql, id, count_row, &sx, err);
  }
  if (!rc) {
    snprintf(sql, sizeof sql,
             "SELECT e.name || ' (' || e.type || ')', x.statements FROM entity_pairs x JOIN entities e ON e.id = x.other_id"
             " WHERE x.entity_id = ?1 ORDER BY x.statements DESC, e.name%s, coalesce(e.type, '')%s LIMIT %d",
             bin, bin, ENTITY_TOP);
    rc = vs_sql_rows(db, sql, id, count_row, &cx, err);
  }
  if ((rc = vs_box_finish(a, rc, err))) return rc;
  p->roles = roles.v;
  p->nroles = roles.n;
  p->also = also.v;
  p->nalso = also.n;
  p->timeline = months.v;
  p->ntimeline = months.n;
  p->speakers = speakers.v;
  p->nspeakers = speakers.n;
  p->co_mentioned = co.v;
  p->nco_mentioned = co.n;
  *out = p;
  return VB_OK;
}

void vb_entity_page_free(vb_entity_page *p) { vs_box_free(p); }
