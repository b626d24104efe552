/* sqlite_watches — standing queries in the SQLite backend. The watches
 * are compiled, when they change, into an in-memory matcher
 * (query/matcher.c) that indexes them by their anchor words. When a batch
 * commits, each new statement's index tokens go through the matcher: the
 * anchors pick the candidate watches and their query trees are evaluated
 * on the statement's words. A watch the words decide is recorded at once;
 * one that holds what only the archive can decide (speaker, date, entity
 * filters, exact forms, NEAR distances) runs as a search restricted to the
 * batch — the same query tree, the same SQL. Alerts are written in the
 * batch's own transaction, once per (watch, statement): a re-ingest or a
 * retry after a crash can neither repeat nor lose one. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/map.h"
#include "query/matcher.h"
#include "store/sqlite_int.h"
#include "analyze/analyze.h"

typedef struct loaded_watch {
  int64_t id;
  char *query;
} loaded_watch;

struct vb_sq_watches {
  uint64_t signature[2]; /* count and content hash when loaded (see load) */
  loaded_watch *w;
  size_t n;
  vb_matcher *m;
  uint8_t *confirm; /* per watch: a candidate the archive must confirm */
  size_t tried, unanchored;
};

void vb_sq_watches_free(sq *s) {
  struct vb_sq_watches *w = s->watches;
  if (!w) return;
  for (size_t i = 0; i < w->n; i++) free(w->w[i].query);
  free(w->w);
  free(w->confirm);
  vb_matcher_free(w->m);
  free(w);
  s->watches = NULL;
}

/* What the compiled watches were made from: their number and a hash of
 * every (id, query). Not max(id) and count(*): SQLite hands a deleted
 * watch's id to the next one, so removing the newest watch and adding
 * another left both the same, and a connection that had compiled the old
 * set kept matching the removed watch's query instead of the new one's. */
static int signature(sq *s, uint64_t sig[2], vb_err *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT id, query FROM watches ORDER BY id", -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "reading watches");
  sig[0] = 0;
  sig[1] = VB_FNV_BASIS;
  int r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    const unsigned char *q = sqlite3_column_text(st, 1);
    sig[0]++;
    sig[1] = vb_fnv1a(sig[1], &id, sizeof id);
    sig[1] = vb_fnv1a(sig[1], q ? (const char *)q : "", (size_t)sqlite3_column_bytes(st, 1) + 1);
  }
  sqlite3_finalize(st);
  return r == SQLITE_DONE ? VB_OK : db_err(s, err, "reading watches");
}

static int load(sq *s, vb_err *err) {
  sqlite3_stmt *st;
  uint64_t sig[2];
  int got = signature(s, sig, err);
  if (got) return got;
  if (s->watches && s->watches->signature[0] == sig[0] && s->watches->signature[1] == sig[1]) return VB_OK;
  vb_sq_watches_free(s);
  /* the batch may have come analysed from ingest threads, leaving this
   * connection without an analyser of its own: the matcher needs one */
  int made = s->termer ? VB_OK : an_termer_new(&s->termer, err);
  if (made) return made;
  struct vb_sq_watches *w = calloc(1, sizeof *w);
  if (!w) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  memcpy(w->signature, sig, sizeof sig);
  s->watches = w;
  if (!sig[0]) return VB_OK;
  w->w = calloc((size_t)sig[0], sizeof *w->w);
  w->confirm = calloc((size_t)sig[0], 1);
  w->m = vb_matcher_new(s->termer);
  vb_arena *a = vb_arena_new((size_t)1 << 20);
  if (!w->w || !w->confirm || !w->m || !a) {
    vb_arena_free(a);
    return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  }
  if (sqlite3_prepare_v2(s->db, "SELECT id, query FROM watches ORDER BY id", -1, &st, NULL) != SQLITE_OK) {
    vb_arena_free(a);
    return db_err(s, err, "reading watches");
  }
  int rc = VB_OK;
  while (!rc && w->n < (size_t)sig[0] && sqlite3_step(st) == SQLITE_ROW) {
    loaded_watch *x = &w->w[w->n];
    x->id = sqlite3_column_int64(st, 0);
    x->query = strdup((const char *)sqlite3_column_text(st, 1));
    if (!x->query) {
      rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
      break;
    }
    /* a watch was checked when added; one that no longer parses is left
     * out of the matcher, never the batch */
    vb_qnode *q;
    vb_err qerr;
    if (vb_arena_used(a) > ((size_t)1 << 20)) {
      vb_arena_free(a);
      a = vb_arena_new((size_t)1 << 20);
      if (!a) rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    }
    int anchored = 0;
    if (!rc && !vb_query_parse(x->query, strlen(x->query), a, &q, &qerr) &&
        vb_matcher_add(w->m, (uint32_t)w->n, q, &anchored))
      rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    w->n++;
  }
  sqlite3_finalize(st);
  vb_arena_free(a);
  return rc;
}

/* One statement's tokens, as ids of the words the watches use. */
typedef struct tokens {
  struct vb_sq_watches *w;
  uint32_t *ids;
  const char **texts;
  size_t *lens;
  uint32_t *pos;
  size_t n, cap;
  size_t start, end; /* the last token's span: the next on it is colocated */
  int failed;
} tokens;

static int take_token(void *c, const char *tok, size_t n, size_t start, size_t end) {
  tokens *t = c;
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 256;
    uint32_t *ids = realloc(t->ids, cap * sizeof *ids);
    if (ids) t->ids = ids;
    const char **texts = ids ? realloc(t->texts, cap * sizeof *texts) : NULL;
    if (texts) t->texts = texts;
    size_t *lens = texts ? realloc(t->lens, cap * sizeof *lens) : NULL;
    if (lens) t->lens = lens;
    uint32_t *pos = lens ? realloc(t->pos, cap * sizeof *pos) : NULL;
    if (!pos) {
      t->failed = 1;
      return 1;
    }
    t->pos = pos;
    t->cap = cap;
  }
  t->ids[t->n] = vb_matcher_word(t->w->m, tok, n);
  t->texts[t->n] = tok; /* in the batch's pre-analysed text: stays valid */
  t->lens[t->n] = n;
  t->pos[t->n] = !t->n ? 0 : t->pos[t->n - 1] + (start != t->start || end != t->end);
  t->start = start;
  t->end = end;
  t->n++;
  return 0;
}

typedef struct hit_ctx {
  sq *s;
  int64_t statement;
  sqlite3_stmt *ins;
  vb_err *err;
} hit_ctx;

static int record(sq *s, sqlite3_stmt *ins, int64_t watch, int64_t statement, vb_err *err) {
  sqlite3_bind_int64(ins, 1, watch);
  sqlite3_bind_int64(ins, 2, statement);
  return step_done(s, ins, err, "recording an alert");
}

static int on_hit(void *c, uint32_t idx, int certain) {
  hit_ctx *h = c;
  struct vb_sq_watches *w = h->s->watches;
  if (!certain) {
    w->confirm[idx] = 1;
    return 0;
  }
  return record(h->s, h->ins, w->w[idx].id, h->statement, h->err);
}

typedef struct confirm_ctx {
  sq *s;
  sqlite3_stmt *ins;
  int64_t watch;
  vb_err *err;
} confirm_ctx;

static int on_confirmed(void *c, int64_t id, int64_t speaker, int64_t date) {
  (void)speaker;
  (void)date;
  confirm_ctx *x = c;
  return record(x->s, x->ins, x->watch, id, x->err);
}

int vb_sq_match_watches(sq *s, vb_err *err) {
  if (!s->fts_rowid.n) return VB_OK;
  int rc = load(s, err);
  if (rc) vb_sq_watches_free(s); /* half loaded: the next batch loads again */
  struct vb_sq_watches *w = s->watches;
  if (rc || !w || !w->n) return rc;
  sqlite3_stmt *ins = NULL;
  if (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO alerts(watch_id, statement_id) VALUES(?1, ?2)", -1,
                         &ins, NULL) != SQLITE_OK)
    return db_err(s, err, "recording alerts");
  memset(w->confirm, 0, w->n);
  tokens t = {.w = w};
  vb_matcher_stats stats = {0};
  size_t off = 0;
  for (uint32_t i = 0; !rc && i < s->fts_rowid.n; i++) {
    t.n = 0;
    an_pre_each(s->fts_text.ptr + off, s->fts_len.v[i], take_token, &t);
    off += s->fts_len.v[i];
    if (t.failed) {
      rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
      break;
    }
    vb_matcher_statement ms = {t.ids, t.texts, t.lens, t.n, t.pos};
    hit_ctx h = {s, s->fts_rowid.v[i], ins, err};
    rc = vb_matcher_match(w->m, &ms, on_hit, &h, 0, &stats);
  }
  free(t.ids);
  free(t.texts);
  free(t.lens);
  free(t.pos);
  w->tried += stats.tried;
  /* candidates only the archive can decide: a search over the batch */
  int64_t lo = s->fts_rowid.v[0], hi = s->fts_rowid.v[s->fts_rowid.n - 1];
  vb_arena *a = NULL;
  for (size_t i = 0; !rc && i < w->n; i++) {
    if (!w->confirm[i]) continue;
    vb_arena_free(a);
    a = vb_arena_new((size_t)1 << 20);
    if (!a) {
      rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
      break;
    }
    vb_qnode *q;
    vb_err qerr;
    if (vb_query_parse(w->w[i].query, strlen(w->w[i].query), a, &q, &qerr)) continue;
    confirm_ctx x = {s, ins, w->w[i].id, err};
    int r = vb_sq_each_match(s, q, a, lo, hi, on_confirmed, &x, &qerr);
    if (r && r != VB_EQUERY) {
      *err = qerr;
      rc = r;
    }
  }
  vb_arena_free(a);
  sqlite3_finalize(ins);
  return rc;
}

/* ---- watches and alerts -------------------------------------------------- */

int vb_sq_watch_put(sq *s, const char *name, const char *query, const char *sink, int anchored, vb_err *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "INSERT INTO watches(name, query, sink, anchored) VALUES(?1,?2,?3,?4)", -1,
                         &st, NULL) != SQLITE_OK)
    return db_err(s, err, "adding watch");
  sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, query, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, sink, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 4, anchored);
  int step = sqlite3_step(st);
  sqlite3_finalize(st);
  if (step == SQLITE_DONE) return VB_OK;
  if (sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE)
    return vb_err_set(err, VB_EUSAGE, s->path, -1, "a watch called \"%s\" exists already", name);
  return db_err(s, err, "adding watch");
}

int vb_sq_watch_rm(sq *s, const char *name, vb_err *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "DELETE FROM watches WHERE name = ?1", -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "removing watch");
  sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
  int step = sqlite3_step(st);
  sqlite3_finalize(st);
  if (step != SQLITE_DONE) return db_err(s, err, "removing watch");
  if (!sqlite3_changes(s->db)) return vb_err_set(err, VB_ENOTFOUND, s->path, -1, "no watch called \"%s\"", name);
  return VB_OK;
}

static json_t *col(sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? json_stringn((const char *)t, (size_t)sqlite3_column_bytes(st, i)) : json_null();
}

int vb_sq_watches_json(sq *s, char **json, vb_err *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT w.name, w.query, w.sink, w.created, w.anchored,"
                         " (SELECT count(*) FROM alerts a WHERE a.watch_id = w.id) FROM watches w ORDER BY w.name",
                         -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "listing watches");
  json_t *arr = json_array();
  while (sqlite3_step(st) == SQLITE_ROW)
    json_array_append_new(arr, json_pack("{s:o,s:o,s:o,s:o,s:b,s:I}", "name", col(st, 0), "query", col(st, 1),
                                         "sink", col(st, 2), "created", col(st, 3), "indexed",
                                         sqlite3_column_int(st, 4), "alerts",
                                         (json_int_t)sqlite3_column_int64(st, 5)));
  sqlite3_finalize(st);
  *json = json_dumps(arr, JSON_COMPACT);
  json_decref(arr);
  return *json ? VB_OK : vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
}

int vb_sq_alerts_claim(sq *s, int64_t claim, int stale, size_t *n, vb_err *err) {
  sqlite3_stmt *st;
  *n = 0;
  if (sqlite3_prepare_v2(s->db,
                         "UPDATE alerts SET claim = ?1, claimed_at = unixepoch() WHERE delivered = 0"
                         " AND (claim IS NULL OR claimed_at < unixepoch() - ?2)",
                         -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "claiming alerts");
  sqlite3_bind_int64(st, 1, claim);
  sqlite3_bind_int(st, 2, stale);
  int rc = step_done(s, st, err, "claiming alerts");
  sqlite3_finalize(st);
  if (!rc) *n = (size_t)sqlite3_changes(s->db);
  return rc;
}

int vb_sq_alerts_release(sq *s, int64_t claim, vb_err *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "UPDATE alerts SET claim = NULL, claimed_at = NULL WHERE claim = ?1", -1, &st,
                         NULL) != SQLITE_OK)
    return db_err(s, err, "releasing alerts");
  sqlite3_bind_int64(st, 1, claim);
  int rc = step_done(s, st, err, "releasing alerts");
  sqlite3_finalize(st);
  return rc;
}

int vb_sq_alerts_json(sq *s, const vb_alert_filter *f, char **json, vb_err *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(
          s->db,
          "SELECT a.id, a.at, w.name, w.query, w.sink, d.hash, s.idx, s.kind,"
          " (SELECT name FROM speakers WHERE id = s.speaker_id),"
          " CAST(substr(CAST(d.body AS BLOB), s.start + 1, s.end - s.start) AS TEXT),"
          " d.title, d.series, d.number, d.date, d.channel, s.start, s.end, a.delivered, a.error,"
          " CASE WHEN EXISTS (SELECT 1 FROM statement_moves x WHERE x.doc_id = d.id) THEN d.parser ELSE 0 END"
          " FROM alerts a JOIN watches w ON w.id = a.watch_id JOIN statements s ON s.id = a.statement_id"
          " JOIN documents d ON d.id = s.doc_id"
          " WHERE (?1 IS NULL OR w.name = ?1) AND (?2 IS NULL OR a.at >= ?2) AND (?3 = 0 OR a.delivered = 0)"
          " AND a.id > ?4 AND (?6 IS NULL OR a.claim = ?6) ORDER BY a.id LIMIT ?5",
          -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "listing alerts");
  if (f->watch) sqlite3_bind_text(st, 1, f->watch, -1, SQLITE_TRANSIENT);
  if (f->since) sqlite3_bind_text(st, 2, f->since, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 3, f->pending);
  sqlite3_bind_int64(st, 4, f->after);
  sqlite3_bind_int(st, 5, f->limit > 0 ? f->limit : -1);
  if (f->claim) sqlite3_bind_int64(st, 6, f->claim);
  json_t *arr = json_array();
  while (sqlite3_step(st) == SQLITE_ROW) {
    char link[128];
    if (sqlite3_column_int(st, 19))
      snprintf(link, sizeof link, "/d/%s#s%dv%d", (const char *)sqlite3_column_text(st, 5), sqlite3_column_int(st, 6),
               sqlite3_column_int(st, 19));
    else
      snprintf(link, sizeof link, "/d/%s#s%d", (const char *)sqlite3_column_text(st, 5), sqlite3_column_int(st, 6));
    json_t *stmt = json_pack("{s:o,s:i,s:o,s:o,s:o,s:s,s:I,s:I}", "doc", col(st, 5), "index",
                             sqlite3_column_int(st, 6), "kind", col(st, 7), "speaker", col(st, 8), "text",
                             col(st, 9), "link", link, "start", (json_int_t)sqlite3_column_int64(st, 15),
                             "end", (json_int_t)sqlite3_column_int64(st, 16));
    json_t *docj = json_pack("{s:o,s:o,s:o,s:o,s:o}", "title", col(st, 10), "series", col(st, 11), "number",
                             col(st, 12), "date", col(st, 13), "channel", col(st, 14));
    static const char *const states[] = {"pending", "delivered", "dead"};
    int state = sqlite3_column_int(st, 17);
    json_t *o = json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:s}", "id", (json_int_t)sqlite3_column_int64(st, 0),
                          "at", col(st, 1), "watch", col(st, 2), "query", col(st, 3), "sink", col(st, 4),
                          "statement", stmt, "document", docj, "state",
                          states[state >= 0 && state <= 2 ? state : 0]);
    if (sqlite3_column_type(st, 18) != SQLITE_NULL) json_object_set_new(o, "error", col(st, 18));
    json_array_append_new(arr, o);
  }
  sqlite3_finalize(st);
  *json = json_dumps(arr, JSON_COMPACT);
  json_decref(arr);
  return *json ? VB_OK : vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
}

int vb_sq_alerts_last(sq *s, int64_t *id, vb_err *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(id), 0) FROM alerts", -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "reading alerts");
  *id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  return VB_OK;
}

int vb_sq_alerts_delivered(sq *s, const int64_t *ids, size_t n, const char *dead, vb_err *err) {
  int rc = exec(s, "BEGIN IMMEDIATE", err);
  if (rc) return rc;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "UPDATE alerts SET delivered = ?2, error = ?3 WHERE id = ?1", -1, &st, NULL) !=
      SQLITE_OK) {
    exec(s, "ROLLBACK", NULL);
    return db_err(s, err, "marking alerts");
  }
  for (size_t i = 0; !rc && i < n; i++) {
    sqlite3_bind_int64(st, 1, ids[i]);
    sqlite3_bind_int(st, 2, dead ? 2 : 1);
    if (dead) sqlite3_bind_text(st, 3, dead, -1, SQLITE_TRANSIENT);
    rc = step_done(s, st, err, "marking alerts");
  }
  sqlite3_finalize(st);
  if (rc) {
    exec(s, "ROLLBACK", NULL);
    return rc;
  }
  return exec(s, "COMMIT", err);
}
