/* sqlite_watches — standing queries in the SQLite backend. Each watch is
 * kept with its anchors: words (analysed as the index analyses them) one
 * of which every statement it can match must hold. When a batch commits,
 * the words of its new statements pick the candidate watches from the
 * anchors (watches with no anchor are always candidates), and each
 * candidate runs as a search restricted to the batch — the same query
 * tree, the same SQL. Alerts are written in the batch's own transaction,
 * once per (watch, statement): a re-ingest or a retry after a crash can
 * neither repeat nor lose one. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/map.h"
#include "store/sqlite_int.h"
#include "store/tokenizer.h"

typedef struct loaded_watch {
  int64_t id;
  char *query;
  int anchored;
} loaded_watch;

struct vb_sq_watches {
  int64_t signature[2]; /* max(id), count(*) when loaded */
  loaded_watch *w;
  size_t n;
  vb_map anchors;       /* term -> first index in links */
  uint32_t *links;      /* per link: watch index, then next link (+1) */
  size_t nlinks;
};

void vb_sq_watches_free(sq *s) {
  struct vb_sq_watches *w = s->watches;
  if (!w) return;
  for (size_t i = 0; i < w->n; i++) free(w->w[i].query);
  free(w->w);
  free(w->links);
  vb_map_free(&w->anchors);
  free(w);
  s->watches = NULL;
}

static int load(sq *s, vb_err *err) {
  sqlite3_stmt *st;
  int64_t sig[2] = {0, 0};
  if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(id), 0), count(*) FROM watches", -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "reading watches");
  if (sqlite3_step(st) == SQLITE_ROW) {
    sig[0] = sqlite3_column_int64(st, 0);
    sig[1] = sqlite3_column_int64(st, 1);
  }
  sqlite3_finalize(st);
  if (s->watches && s->watches->signature[0] == sig[0] && s->watches->signature[1] == sig[1]) return VB_OK;
  vb_sq_watches_free(s);
  struct vb_sq_watches *w = calloc(1, sizeof *w);
  if (!w) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  memcpy(w->signature, sig, sizeof sig);
  vb_map_init(&w->anchors);
  s->watches = w;
  if (!sig[1]) return VB_OK;
  w->w = calloc((size_t)sig[1], sizeof *w->w);
  if (!w->w) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  if (sqlite3_prepare_v2(s->db, "SELECT id, query, anchored FROM watches ORDER BY id", -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "reading watches");
  while (w->n < (size_t)sig[1] && sqlite3_step(st) == SQLITE_ROW) {
    loaded_watch *x = &w->w[w->n];
    x->id = sqlite3_column_int64(st, 0);
    x->query = strdup((const char *)sqlite3_column_text(st, 1));
    x->anchored = sqlite3_column_int(st, 2);
    if (!x->query) break;
    w->n++;
  }
  sqlite3_finalize(st);
  /* the anchors, as linked lists of watch indexes per term */
  if (sqlite3_prepare_v2(s->db, "SELECT a.term, a.watch_id FROM watch_anchors a", -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "reading watch anchors");
  size_t cap = 0;
  int rc = VB_OK;
  while (!rc && sqlite3_step(st) == SQLITE_ROW) {
    int64_t wid = sqlite3_column_int64(st, 1);
    size_t lo = 0, hi = w->n; /* watches are by id */
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if (w->w[mid].id < wid) lo = mid + 1;
      else hi = mid;
    }
    if (lo == w->n || w->w[lo].id != wid) continue;
    if (w->nlinks + 2 > cap) {
      cap = cap ? cap * 2 : 1024;
      uint32_t *g = realloc(w->links, cap * sizeof *g);
      if (!g) {
        rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
        break;
      }
      w->links = g;
    }
    const char *t = (const char *)sqlite3_column_text(st, 0);
    size_t tl = (size_t)sqlite3_column_bytes(st, 0);
    uint32_t head = vb_map_get(&w->anchors, t, tl);
    w->links[w->nlinks] = (uint32_t)lo;
    w->links[w->nlinks + 1] = head == VB_MAP_NONE ? 0 : head + 1;
    if (vb_map_set(&w->anchors, t, tl, (uint32_t)w->nlinks))
      rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    w->nlinks += 2;
  }
  sqlite3_finalize(st);
  return rc;
}

typedef struct pick {
  struct vb_sq_watches *w;
  uint8_t *cand;
} pick;

static int pick_token(void *c, const char *tok, size_t n, size_t start, size_t end) {
  (void)start;
  (void)end;
  pick *p = c;
  uint32_t l = vb_map_get(&p->w->anchors, tok, n);
  while (l != VB_MAP_NONE) {
    p->cand[p->w->links[l]] = 1;
    uint32_t next = p->w->links[l + 1];
    l = next ? next - 1 : VB_MAP_NONE;
  }
  return 0;
}

typedef struct hit_ctx {
  sq *s;
  int64_t watch;
  sqlite3_stmt *ins;
  int rc;
  vb_err *err;
} hit_ctx;

static int on_match(void *c, int64_t id, int64_t speaker, int64_t date) {
  (void)speaker;
  (void)date;
  hit_ctx *h = c;
  sqlite3_bind_int64(h->ins, 1, h->watch);
  sqlite3_bind_int64(h->ins, 2, id);
  return step_done(h->s, h->ins, h->err, "recording an alert");
}

int vb_sq_match_watches(sq *s, vb_err *err) {
  if (!s->fts_rowid.n) return VB_OK;
  int rc = load(s, err);
  struct vb_sq_watches *w = s->watches;
  if (rc || !w || !w->n) return rc;
  uint8_t *cand = calloc(w->n, 1);
  if (!cand) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  for (size_t i = 0; i < w->n; i++) cand[i] = !w->w[i].anchored;
  pick p = {w, cand};
  size_t off = 0;
  for (uint32_t i = 0; i < s->fts_rowid.n; i++) {
    vb_pre_each(s->fts_text.ptr + off, s->fts_len.v[i], pick_token, &p);
    off += s->fts_len.v[i];
  }
  int64_t lo = s->fts_rowid.v[0], hi = s->fts_rowid.v[s->fts_rowid.n - 1];
  sqlite3_stmt *ins = NULL;
  if (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO alerts(watch_id, statement_id) VALUES(?1, ?2)", -1,
                         &ins, NULL) != SQLITE_OK)
    rc = db_err(s, err, "recording alerts");
  vb_arena *a = rc ? NULL : vb_arena_new((size_t)8 << 20);
  for (size_t i = 0; !rc && i < w->n; i++) {
    if (!cand[i]) continue;
    vb_qnode *q;
    vb_err qerr;
    vb_arena_free(a);
    a = vb_arena_new((size_t)8 << 20);
    if (!a) {
      rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
      break;
    }
    /* a watch was checked when added; one that no longer compiles is
     * skipped here, never the batch */
    if (vb_query_parse(w->w[i].query, strlen(w->w[i].query), a, &q, &qerr)) continue;
    hit_ctx h = {s, w->w[i].id, ins, 0, err};
    int r = vb_sq_each_match(s, q, a, lo, hi, on_match, &h, &qerr);
    if (r && r != VB_EQUERY) {
      *err = qerr;
      rc = r;
    }
  }
  vb_arena_free(a);
  sqlite3_finalize(ins);
  free(cand);
  return rc;
}

/* ---- watches and alerts -------------------------------------------------- */

int vb_sq_watch_put(sq *s, const char *name, const char *query, const char *sink,
                    const char *const *anchors, size_t nanchors, vb_err *err) {
  int rc = exec(s, "BEGIN IMMEDIATE", err);
  if (rc) return rc;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "INSERT INTO watches(name, query, sink, anchored) VALUES(?1,?2,?3,?4)", -1,
                         &st, NULL) != SQLITE_OK) {
    exec(s, "ROLLBACK", NULL);
    return db_err(s, err, "adding watch");
  }
  sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 2, query, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(st, 3, sink, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 4, nanchors > 0);
  int step = sqlite3_step(st);
  sqlite3_finalize(st);
  if (step != SQLITE_DONE) {
    rc = sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE
             ? vb_err_set(err, VB_EUSAGE, s->path, -1, "a watch called \"%s\" exists already", name)
             : db_err(s, err, "adding watch");
    exec(s, "ROLLBACK", NULL);
    return rc;
  }
  int64_t id = sqlite3_last_insert_rowid(s->db);
  if (sqlite3_prepare_v2(s->db, "INSERT OR IGNORE INTO watch_anchors(term, watch_id) VALUES(?1, ?2)", -1,
                         &st, NULL) != SQLITE_OK)
    rc = db_err(s, err, "adding watch");
  for (size_t i = 0; !rc && i < nanchors; i++) {
    sqlite3_bind_text(st, 1, anchors[i], -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, id);
    rc = step_done(s, st, err, "adding watch anchors");
  }
  if (!rc) sqlite3_finalize(st);
  if (rc) {
    exec(s, "ROLLBACK", NULL);
    return rc;
  }
  return exec(s, "COMMIT", err);
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

int vb_sq_alerts_json(sq *s, const char *watch, const char *since, int pending, char **json, vb_err *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(
          s->db,
          "SELECT a.id, a.at, w.name, w.query, w.sink, d.hash, s.idx, s.kind,"
          " (SELECT name FROM speakers WHERE id = s.speaker_id),"
          " CAST(substr(CAST(d.body AS BLOB), s.start + 1, s.end - s.start) AS TEXT),"
          " d.title, d.series, d.number, d.date, d.channel, s.start, s.end, a.delivered, a.error"
          " FROM alerts a JOIN watches w ON w.id = a.watch_id JOIN statements s ON s.id = a.statement_id"
          " JOIN documents d ON d.id = s.doc_id"
          " WHERE (?1 IS NULL OR w.name = ?1) AND (?2 IS NULL OR a.at >= ?2) AND (?3 = 0 OR a.delivered = 0)"
          " ORDER BY a.id",
          -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "listing alerts");
  if (watch) sqlite3_bind_text(st, 1, watch, -1, SQLITE_TRANSIENT);
  if (since) sqlite3_bind_text(st, 2, since, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 3, pending);
  json_t *arr = json_array();
  while (sqlite3_step(st) == SQLITE_ROW) {
    char link[128];
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
