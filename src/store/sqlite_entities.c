/* sqlite_entities — archive-wide entities in the SQLite backend: each
 * document's entities resolved to one archive entity (analysts'
 * corrections first, then the entity's key, then a known spelling), their
 * mentions, listings, and the corrections themselves (merge, split,
 * rename, alias, reject), which also govern every later ingest. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/map.h"
#include "extract/extract.h"
#include "store/sqlite_int.h"

/* Values in an entity's listings. */
#define ENTITY_TOP 10
#define ENTITY_ALIASES 50

static const char *const entity_sql[E_COUNT] = {
    "SELECT 1 FROM entity_rejects WHERE key = ?1",
    "SELECT entity_id FROM entity_aliases WHERE key = ?1 AND manual = 1 LIMIT 1",
    "SELECT id FROM entities WHERE key = ?1",
    "SELECT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
    " WHERE a.key = ?1 AND e.type = ?2 ORDER BY a.manual DESC LIMIT 1",
    "INSERT INTO entities(name, key, type, speaker_id) VALUES(?1,?2,?3,?4)",
    "INSERT OR IGNORE INTO entity_aliases(key, entity_id, surface, manual) VALUES(?1,?2,?3,0)",
    "INSERT OR IGNORE INTO mentions(statement_id, entity_id, start, end) VALUES(?1,?2,?3,?4)",
    "INSERT INTO doc_entities(doc_id, entity_id, role, mentions) VALUES(?1,?2,?3,?4)"
    " ON CONFLICT(doc_id, entity_id) DO UPDATE SET mentions = mentions + excluded.mentions,"
    " role = coalesce(role, excluded.role)",
    "UPDATE entities SET speaker_id = ?2 WHERE id = ?1 AND speaker_id IS NULL",
    "SELECT EXISTS(SELECT 1 FROM entity_rejects),"
    " EXISTS(SELECT 1 FROM entity_aliases WHERE manual = 1),"
    " coalesce((SELECT max(id) FROM corrections), 0)",
};

/* SQL function vb_entity_key(text): the transliteration key of a name,
 * so corrections can find every mention spelled a given way. */
static void fn_entity_key(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const char *t = (const char *)sqlite3_value_text(argv[0]);
  if (!t) {
    sqlite3_result_null(ctx);
    return;
  }
  vb_buf b;
  vb_buf_init(&b, 4096);
  if (vb_entity_key(t, (size_t)sqlite3_value_bytes(argv[0]), &b) || !b.ptr) {
    vb_buf_free(&b);
    sqlite3_result_error_nomem(ctx);
    return;
  }
  sqlite3_result_text(ctx, b.ptr, (int)b.len, SQLITE_TRANSIENT);
  vb_buf_free(&b);
}

int vb_sq_entities_prepare(sq *s, vb_err *err) {
  s->corrections_seen = -1;
  if (sqlite3_create_function(s->db, "vb_entity_key", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                              fn_entity_key, NULL, NULL) != SQLITE_OK)
    return db_err(s, err, "registering vb_entity_key");
  for (int i = 0; i < E_COUNT; i++)
    if (sqlite3_prepare_v3(s->db, entity_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->e[i], NULL) !=
        SQLITE_OK)
      return db_err(s, err, "preparing entity statements");
  return VB_OK;
}

void vb_sq_entities_finalize(sq *s) {
  for (int i = 0; i < E_COUNT; i++) {
    sqlite3_finalize(s->e[i]);
    s->e[i] = NULL;
  }
  vb_map_free(&s->ent_cache);
  vb_map_free(&s->alias_seen);
}

void vb_sq_entities_forget(sq *s) {
  vb_map_free(&s->ent_cache);
  vb_map_free(&s->alias_seen);
  vb_map_init(&s->ent_cache);
  vb_map_init(&s->alias_seen);
}

/* ---- put --------------------------------------------------------------- */

static int key_of(const char *t, size_t n, vb_buf *b) {
  b->len = 0;
  b->failed = 0;
  return vb_entity_key(t, n, b) || !b->ptr ? -1 : 0;
}

/* The first id a one-parameter lookup returns, or 0. */
static int64_t lookup(sq *s, sqlite3_stmt *st, const char *k, size_t n, const char *type) {
  sqlite3_bind_text64(st, 1, k, n, SQLITE_TRANSIENT, SQLITE_UTF8);
  if (type) sqlite3_bind_text(st, 2, type, -1, SQLITE_STATIC);
  int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return id;
}

/* The archive entity a document entity stands for, created if new: an
 * analyst's alias for any of its spellings, else its key, else an entity
 * of its type that already answers to one of its spellings. 0 when its
 * name was marked "not an entity". */
static int resolve(sq *s, const vb_entity *e, int64_t speaker_id, int has_rejects,
                   int has_manual, vb_buf *k, int64_t *id, vb_err *err) {
  *id = 0;
  const char *type = vb_etype_name(e->type);
  const char *colon = memchr(e->key.ptr, ':', e->key.len);
  const char *plain = colon ? colon + 1 : e->key.ptr;
  size_t plen = e->key.len - (size_t)(plain - e->key.ptr);
  /* met before by this connection: the archive need not be asked again */
  uint32_t cached = has_manual ? VB_MAP_NONE : vb_map_get(&s->ent_cache, e->key.ptr, e->key.len);
  int64_t found = cached != VB_MAP_NONE ? (int64_t)cached : 0;
  if (!found && has_rejects && lookup(s, s->e[E_REJECTED], plain, plen, NULL)) return VB_OK;
  if (!found && has_manual) found = lookup(s, s->e[E_MANUAL_ALIAS], plain, plen, NULL);
  for (size_t i = 0; has_manual && !found && i <= e->naliases; i++) {
    vb_str sf = i == 0 ? e->name : e->aliases[i - 1];
    if (key_of(sf.ptr, sf.len, k)) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    found = lookup(s, s->e[E_MANUAL_ALIAS], k->ptr, k->len, NULL);
  }
  if (!found) found = lookup(s, s->e[E_BY_KEY], e->key.ptr, e->key.len, NULL);
  for (size_t i = 0; !found && i <= e->naliases; i++) {
    vb_str sf = i == 0 ? e->name : e->aliases[i - 1];
    if (key_of(sf.ptr, sf.len, k)) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    found = lookup(s, s->e[E_BY_ALIAS], k->ptr, k->len, type);
  }
  int rc;
  if (!found) {
    sqlite3_stmt *st = s->e[E_INS_ENTITY];
    bind_str(st, 1, e->name);
    bind_str(st, 2, e->key);
    sqlite3_bind_text(st, 3, type, -1, SQLITE_STATIC);
    if (speaker_id) sqlite3_bind_int64(st, 4, speaker_id);
    if ((rc = step_done(s, st, err, "adding entity"))) return rc;
    found = sqlite3_last_insert_rowid(s->db);
  } else if (speaker_id) {
    sqlite3_stmt *st = s->e[E_SET_SPEAKER];
    sqlite3_bind_int64(st, 1, found);
    sqlite3_bind_int64(st, 2, speaker_id);
    if ((rc = step_done(s, st, err, "linking entity to speaker"))) return rc;
  }
  if (!has_manual && found < VB_MAP_NONE &&
      vb_map_set(&s->ent_cache, e->key.ptr, e->key.len, (uint32_t)found))
    return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  /* every spelling answers for it from now on (each pair written once) */
  for (size_t i = 0; i <= e->naliases; i++) {
    vb_str sf = i == 0 ? e->name : e->aliases[i - 1];
    if (key_of(sf.ptr, sf.len, k)) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    char pre[24];
    int pl = snprintf(pre, sizeof pre, "%lld|", (long long)found);
    vb_buf_add(k, "", 0);
    size_t klen = k->len;
    if (vb_buf_add(k, pre, (size_t)pl)) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    int seen = 0;
    if (vb_map_put(&s->alias_seen, k->ptr, k->len, 1, &seen) == VB_MAP_NONE)
      return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    k->len = klen;
    if (seen) continue;
    sqlite3_stmt *st = s->e[E_INS_ALIAS];
    sqlite3_bind_text64(st, 1, k->ptr, k->len, SQLITE_TRANSIENT, SQLITE_UTF8);
    sqlite3_bind_int64(st, 2, found);
    bind_str(st, 3, sf);
    if ((rc = step_done(s, st, err, "adding entity alias"))) return rc;
  }
  *id = found;
  return VB_OK;
}

int vb_sq_put_entities(sq *s, const vb_doc_view *v, int64_t doc_id, const int64_t *stmt_ids,
                       const int64_t *speaker_ids, vb_err *err) {
  if (!v->nentities) return VB_OK;
  int64_t has_rejects = 0, has_manual = 0, last_fix = 0;
  sqlite3_stmt *q = s->e[E_CORRECTIONS];
  int step = sqlite3_step(q);
  if (step == SQLITE_ROW) {
    has_rejects = sqlite3_column_int64(q, 0);
    has_manual = sqlite3_column_int64(q, 1);
    last_fix = sqlite3_column_int64(q, 2);
  }
  sqlite3_reset(q);
  if (step != SQLITE_ROW) return db_err(s, err, "reading corrections");
  /* a correction since the caches were filled (here or in another
   * process) makes them stale */
  if (last_fix != s->corrections_seen) {
    vb_sq_entities_forget(s);
    s->corrections_seen = last_fix;
  }
  int64_t *ids = calloc(v->nentities, sizeof *ids);
  int64_t *counts = calloc(v->nentities, sizeof *counts);
  vb_buf k;
  vb_buf_init(&k, 4096);
  int rc = ids && counts ? VB_OK : vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  for (size_t i = 0; !rc && i < v->nentities; i++) {
    const vb_entity *e = &v->entities[i];
    int64_t sp = e->speaker >= 0 ? speaker_ids[e->speaker] : 0;
    rc = resolve(s, e, sp, (int)has_rejects, (int)has_manual, &k, &ids[i], err);
  }
  /* extra entities a correction sends single spellings to, counted apart */
  VB_VEC(int64_t) extra_id = {0};
  VB_VEC(int64_t) extra_n = {0};
  vb_arena *a = rc ? NULL : vb_arena_new(0);
  if (!rc && !a) rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  for (size_t i = 0; !rc && i < v->nmentions; i++) {
    const vb_mention *m = &v->mentions[i];
    int64_t target = ids[m->entity];
    if (!target) continue;
    if (has_rejects || has_manual) {
      if (key_of(v->body.ptr + m->start, m->end - m->start, &k)) {
        rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
        break;
      }
      if (has_rejects && lookup(s, s->e[E_REJECTED], k.ptr, k.len, NULL)) continue;
      int64_t moved = has_manual ? lookup(s, s->e[E_MANUAL_ALIAS], k.ptr, k.len, NULL) : 0;
      if (moved && moved != target) {
        uint32_t x = 0;
        while (x < extra_id.n && extra_id.v[x] != moved) x++;
        if (x == extra_id.n) {
          int64_t *pi = VB_VEC_PUSH(a, extra_id), *pn = VB_VEC_PUSH(a, extra_n);
          if (!pi || !pn) {
            rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
            break;
          }
          *pi = moved;
          *pn = 0;
        }
        extra_n.v[x]++;
        target = moved;
      } else {
        counts[m->entity]++;
      }
    } else {
      counts[m->entity]++;
    }
    if (m->statement < 0) continue; /* counted for the document, not searchable */
    vb_sq_mention *row = s->fts_arena ? VB_VEC_PUSH(s->fts_arena, s->mentions) : NULL;
    if (!row) {
      rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
      break;
    }
    row->entity = target;
    row->statement = stmt_ids[m->statement];
    row->start = m->start;
    row->end = m->end;
  }
  for (size_t i = 0; !rc && i < v->nentities + extra_id.n; i++) {
    int extra = i >= v->nentities;
    int64_t id = extra ? extra_id.v[i - v->nentities] : ids[i];
    int64_t n = extra ? extra_n.v[i - v->nentities] : counts[i];
    if (!id || (!n && (extra || v->entities[i].speaker < 0))) continue;
    sqlite3_stmt *st = s->e[E_INS_DOC_ENTITY];
    sqlite3_bind_int64(st, 1, doc_id);
    sqlite3_bind_int64(st, 2, id);
    if (!extra) bind_str(st, 3, v->entities[i].role.len ? v->entities[i].role : (vb_str){0});
    sqlite3_bind_int64(st, 4, n);
    rc = step_done(s, st, err, "adding document entity");
  }
  vb_arena_free(a);
  vb_buf_free(&k);
  free(ids);
  free(counts);
  return rc;
}

static int mention_order(const void *x, const void *y) {
  const vb_sq_mention *a = x, *b = y;
  if (a->entity != b->entity) return a->entity < b->entity ? -1 : 1;
  if (a->statement != b->statement) return a->statement < b->statement ? -1 : 1;
  return (a->start > b->start) - (a->start < b->start);
}

int vb_sq_flush_mentions(sq *s, vb_err *err) {
  if (s->mentions.n > 1) qsort(s->mentions.v, s->mentions.n, sizeof *s->mentions.v, mention_order);
  int rc = VB_OK;
  sqlite3_stmt *st = s->e[E_INS_MENTION];
  for (uint32_t i = 0; i < s->mentions.n && !rc; i++) {
    const vb_sq_mention *m = &s->mentions.v[i];
    sqlite3_bind_int64(st, 1, m->statement);
    sqlite3_bind_int64(st, 2, m->entity);
    sqlite3_bind_int64(st, 3, m->start);
    sqlite3_bind_int64(st, 4, m->end);
    rc = step_done(s, st, err, "adding mention");
  }
  s->mentions.n = 0;
  return rc;
}

/* ---- finding an entity by what an analyst or a query calls it -------- */

/* Appends to ids every entity that answers to `name`: an id written
 * "e12", a spelling any document used, or the lexicon's name for it. */
int vb_sq_entity_ids(sq *s, const char *name, size_t n, const vb_lexicon *lx, int64_t **ids,
                     size_t *nids, vb_err *err) {
  *ids = NULL;
  *nids = 0;
  if (n > 1 && name[0] == 'e' && strspn(name + 1, "0123456789") == n - 1 && n < 20) {
    *ids = malloc(sizeof **ids);
    if (!*ids) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    (*ids)[0] = strtoll(name + 1, NULL, 10);
    *nids = 1;
    return VB_OK;
  }
  vb_buf k;
  vb_buf_init(&k, 4096);
  char *copy = strndup(name, n);
  char lexkey[512] = "";
  if (copy && lx) vb_lexicon_key(lx, -1, copy, lexkey, sizeof lexkey);
  free(copy);
  if (key_of(name, n, &k)) {
    vb_buf_free(&k);
    return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  }
  sqlite3_stmt *st;
  int rc = VB_OK;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT entity_id FROM entity_aliases WHERE key = ?1"
                         " UNION SELECT id FROM entities WHERE key = ?2"
                         " UNION SELECT id FROM entities WHERE name = ?3 COLLATE NOCASE",
                         -1, &st, NULL) != SQLITE_OK) {
    vb_buf_free(&k);
    return db_err(s, err, "finding entity");
  }
  sqlite3_bind_text64(st, 1, k.ptr, k.len, SQLITE_TRANSIENT, SQLITE_UTF8);
  sqlite3_bind_text(st, 2, lexkey, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text64(st, 3, name, n, SQLITE_TRANSIENT, SQLITE_UTF8);
  size_t cap = 0;
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    if (*nids == cap) {
      cap = cap ? cap * 2 : 8;
      int64_t *g = realloc(*ids, cap * sizeof *g);
      if (!g) {
        rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
        break;
      }
      *ids = g;
    }
    (*ids)[(*nids)++] = sqlite3_column_int64(st, 0);
  }
  if (!rc && step != SQLITE_DONE) rc = db_err(s, err, "finding entity");
  sqlite3_finalize(st);
  vb_buf_free(&k);
  if (rc) {
    free(*ids);
    *ids = NULL;
    *nids = 0;
  }
  return rc;
}

static int64_t scalar_i64(sq *s, const char *sql, int64_t a) {
  sqlite3_stmt *st;
  int64_t v = 0;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
  sqlite3_bind_int64(st, 1, a);
  if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

/* The one entity a reference names: when several answer, the most
 * mentioned. */
static int one_entity(sq *s, const char *ref, const vb_lexicon *lx, int64_t *id, vb_err *err) {
  int64_t *ids;
  size_t n;
  int rc = vb_sq_entity_ids(s, ref, strlen(ref), lx, &ids, &n, err);
  if (rc) return rc;
  int64_t best = 0, best_n = -1;
  for (size_t i = 0; i < n; i++) {
    if (!scalar_i64(s, "SELECT count(*) FROM entities WHERE id = ?1", ids[i])) continue;
    int64_t m = scalar_i64(s, "SELECT coalesce(sum(mentions), 0) FROM doc_entities WHERE entity_id = ?1",
                           ids[i]);
    if (m > best_n) {
      best = ids[i];
      best_n = m;
    }
  }
  free(ids);
  if (!best) return vb_err_set(err, VB_ENOTFOUND, s->path, -1, "no entity called \"%s\"", ref);
  *id = best;
  return VB_OK;
}

/* ---- listings ----------------------------------------------------------- */

static json_t *col_json(sqlite3_stmt *st, int i) {
  const unsigned char *t = sqlite3_column_text(st, i);
  return t ? json_stringn((const char *)t, (size_t)sqlite3_column_bytes(st, i)) : json_null();
}

static int dump(json_t *root, char **json, sq *s, vb_err *err) {
  *json = root ? json_dumps(root, JSON_COMPACT) : NULL;
  json_decref(root);
  return *json ? VB_OK : vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
}

static json_t *aliases_of(sq *s, int64_t id, int limit) {
  json_t *arr = json_array();
  sqlite3_stmt *st;
  if (!arr || sqlite3_prepare_v2(s->db,
                                 "SELECT DISTINCT surface FROM entity_aliases WHERE entity_id = ?1"
                                 " AND surface <> (SELECT name FROM entities WHERE id = ?1)"
                                 " ORDER BY manual DESC, surface LIMIT ?2",
                                 -1, &st, NULL) != SQLITE_OK)
    return arr;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int(st, 2, limit);
  while (sqlite3_step(st) == SQLITE_ROW) json_array_append_new(arr, col_json(st, 0));
  sqlite3_finalize(st);
  return arr;
}

int vb_sq_entities_json(sq *s, const char *filter, int type, int limit, const vb_lexicon *lx,
                        char **json, vb_err *err) {
  *json = NULL;
  int64_t *ids = NULL;
  size_t nids = 0;
  int rc = filter && *filter ? vb_sq_entity_ids(s, filter, strlen(filter), lx, &ids, &nids, err) : 0;
  if (rc) return rc;
  vb_buf sql;
  vb_buf_init(&sql, 1 << 20);
  vb_buf_adds(&sql, "SELECT e.id, e.name, e.type, coalesce(sum(de.mentions), 0) AS n,"
                    " count(de.doc_id) FROM entities e"
                    " LEFT JOIN doc_entities de ON de.entity_id = e.id WHERE 1");
  if (type >= 0) vb_buf_adds(&sql, " AND e.type = ?1");
  if (filter && *filter) {
    /* a spelling of it, or a part of its name */
    vb_buf_adds(&sql, " AND (instr(lower(e.name), lower(?2)) > 0 OR e.id IN (0");
    for (size_t i = 0; i < nids; i++) vb_buf_printf(&sql, ",%lld", (long long)ids[i]);
    vb_buf_adds(&sql, "))");
  }
  vb_buf_adds(&sql, " GROUP BY e.id ORDER BY n DESC, e.name, coalesce(e.type, '') LIMIT ?3");
  free(ids);
  sqlite3_stmt *st;
  if (sql.failed || sqlite3_prepare_v2(s->db, sql.ptr, -1, &st, NULL) != SQLITE_OK) {
    vb_buf_free(&sql);
    return db_err(s, err, "listing entities");
  }
  vb_buf_free(&sql);
  if (type >= 0) sqlite3_bind_text(st, 1, vb_etype_name((vb_etype)type), -1, SQLITE_STATIC);
  if (filter && *filter) sqlite3_bind_text(st, 2, filter, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(st, 3, limit > 0 ? limit : 50);
  json_t *arr = json_array();
  int step;
  while (arr && (step = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    char eid[32];
    snprintf(eid, sizeof eid, "e%lld", (long long)id);
    json_t *o = json_pack("{s:s,s:o,s:o,s:I,s:I,s:o}", "id", eid, "name", col_json(st, 1), "type",
                          col_json(st, 2), "mentions", (json_int_t)sqlite3_column_int64(st, 3),
                          "documents", (json_int_t)sqlite3_column_int64(st, 4), "aliases",
                          aliases_of(s, id, 8));
    json_array_append_new(arr, o);
  }
  sqlite3_finalize(st);
  if (arr && step != SQLITE_DONE) {
    json_decref(arr);
    return db_err(s, err, "listing entities");
  }
  return dump(arr, json, s, err);
}

/* Rows of a two-column query (label, count) as [{"<k1>":…, "<k2>":n}]. */
static json_t *pairs(sq *s, const char *sql, int64_t id, const char *k1, const char *k2) {
  json_t *arr = json_array();
  sqlite3_stmt *st;
  if (!arr || sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return arr;
  sqlite3_bind_int64(st, 1, id);
  while (sqlite3_step(st) == SQLITE_ROW)
    json_array_append_new(arr, json_pack("{s:o,s:I}", k1, col_json(st, 0), k2,
                                         (json_int_t)sqlite3_column_int64(st, 1)));
  sqlite3_finalize(st);
  return arr;
}

int vb_sq_entity_json(sq *s, const char *ref, const vb_lexicon *lx, char **json, vb_err *err) {
  *json = NULL;
  int64_t id;
  int rc = one_entity(s, ref, lx, &id, err);
  if (rc) return rc;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT e.name, e.type, e.key, sp.name,"
                         " (SELECT coalesce(sum(mentions), 0) FROM doc_entities WHERE entity_id = e.id),"
                         " (SELECT count(*) FROM doc_entities WHERE entity_id = e.id)"
                         " FROM entities e LEFT JOIN speakers sp ON sp.id = e.speaker_id"
                         " WHERE e.id = ?1",
                         -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "reading entity");
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_finalize(st);
    return vb_err_set(err, VB_ENOTFOUND, s->path, -1, "no entity called \"%s\"", ref);
  }
  char eid[32];
  snprintf(eid, sizeof eid, "e%lld", (long long)id);
  json_t *o = json_pack("{s:s,s:o,s:o,s:o,s:o,s:I,s:I}", "id", eid, "name", col_json(st, 0), "type",
                        col_json(st, 1), "key", col_json(st, 2), "speaker", col_json(st, 3),
                        "mentions", (json_int_t)sqlite3_column_int64(st, 4), "documents",
                        (json_int_t)sqlite3_column_int64(st, 5));
  sqlite3_finalize(st);
  if (!o) return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  json_object_set_new(o, "aliases", aliases_of(s, id, ENTITY_ALIASES));
  /* the role each document gives, with the document's date */
  json_t *roles = json_array();
  if (roles && sqlite3_prepare_v2(s->db,
                                  "SELECT d.date, de.role, d.hash, d.title FROM doc_entities de"
                                  " JOIN documents d ON d.id = de.doc_id"
                                  " WHERE de.entity_id = ?1 AND de.role IS NOT NULL"
                                  " ORDER BY d.date, d.id",
                                  -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, id);
    while (sqlite3_step(st) == SQLITE_ROW)
      json_array_append_new(roles, json_pack("{s:o,s:o,s:o,s:o}", "date", col_json(st, 0), "role",
                                             col_json(st, 1), "doc", col_json(st, 2), "title",
                                             col_json(st, 3)));
    sqlite3_finalize(st);
  }
  json_object_set_new(o, "roles", roles);
  json_object_set_new(o, "timeline",
                      pairs(s,
                            "SELECT printf('%04d-%02d', s.date / 10000, s.date / 100 % 100), count(*)"
                            " FROM mentions m JOIN statements s ON s.id = m.statement_id"
                            " WHERE m.entity_id = ?1 AND s.date IS NOT NULL GROUP BY 1 ORDER BY 1",
                            id, "month", "mentions"));
  json_object_set_new(o, "speakers",
                      pairs(s,
                            "SELECT sp.name, count(*) AS n FROM mentions m"
                            " JOIN statements s ON s.id = m.statement_id"
                            " JOIN speakers sp ON sp.id = s.speaker_id WHERE m.entity_id = ?1"
                            " GROUP BY sp.id ORDER BY n DESC, sp.name LIMIT 10",
                            id, "name", "mentions"));
  json_object_set_new(o, "co_mentioned",
                      pairs(s,
                            "SELECT e.name || ' (' || e.type || ')', count(DISTINCT m2.statement_id) AS n"
                            " FROM mentions m JOIN mentions m2 ON m2.statement_id = m.statement_id"
                            " AND m2.entity_id <> m.entity_id JOIN entities e ON e.id = m2.entity_id"
                            " WHERE m.entity_id = ?1 GROUP BY e.id ORDER BY n DESC, e.name, coalesce(e.type, '') LIMIT 10",
                            id, "name", "statements"));
  return dump(o, json, s, err);
}

/* ---- corrections -------------------------------------------------------- */

static int run(sq *s, const char *sql, const int64_t *ints, int nints, const char *const *texts,
               int ntexts, vb_err *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return db_err(s, err, "correcting");
  for (int i = 0; i < nints; i++) sqlite3_bind_int64(st, i + 1, ints[i]);
  for (int i = 0; i < ntexts; i++) sqlite3_bind_text(st, nints + i + 1, texts[i], -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE || rc == SQLITE_ROW ? VB_OK : db_err(s, err, "correcting");
}

/* `surface` (key k) means entity id from now on, and only it. */
static int set_manual(sq *s, const char *k, int64_t id, const char *surface, vb_err *err) {
  const char *t[2] = {k, surface};
  int rc = run(s, "UPDATE entity_aliases SET manual = 0 WHERE entity_id <> ?1 AND key = ?2", &id, 1,
               t, 1, err);
  if (!rc)
    rc = run(s,
             "INSERT INTO entity_aliases(entity_id, key, surface, manual) VALUES(?1,?2,?3,1)"
             " ON CONFLICT(key, entity_id) DO UPDATE SET manual = 1, surface = excluded.surface",
             &id, 1, t, 2, err);
  return rc;
}

/* Recounts an entity's mentions per document after mentions moved; a row
 * stays while it has mentions or a stated role. */
static int recount(sq *s, int64_t id, vb_err *err) {
  int rc = run(s,
               "INSERT INTO doc_entities(doc_id, entity_id, role, mentions)"
               " SELECT s.doc_id, ?1, NULL, 0 FROM mentions m JOIN statements s ON s.id = m.statement_id"
               " WHERE m.entity_id = ?1 GROUP BY s.doc_id ON CONFLICT(doc_id, entity_id) DO NOTHING",
               &id, 1, NULL, 0, err);
  if (!rc)
    rc = run(s,
             "UPDATE doc_entities SET mentions = (SELECT count(*) FROM mentions m"
             " JOIN statements s ON s.id = m.statement_id WHERE m.entity_id = ?1"
             " AND s.doc_id = doc_entities.doc_id) WHERE entity_id = ?1",
             &id, 1, NULL, 0, err);
  if (!rc)
    rc = run(s, "DELETE FROM doc_entities WHERE entity_id = ?1 AND mentions = 0 AND role IS NULL",
             &id, 1, NULL, 0, err);
  return rc;
}

static int log_fix(sq *s, const char *op, const char *a, const char *b, vb_err *err) {
  const char *t[3] = {op, a, b ? b : ""};
  return run(s, "INSERT INTO corrections(op, a, b) VALUES(?1,?2,?3)", NULL, 0, t, 3, err);
}

static int merge(sq *s, int64_t into, int64_t from, vb_err *err) {
  if (into == from) return vb_err_set(err, VB_EUSAGE, s->path, -1, "an entity cannot merge with itself");
  int64_t ab[2] = {into, from};
  /* a mention both had (same statement, same place) is kept once */
  int rc = run(s, "UPDATE OR IGNORE mentions SET entity_id = ?1 WHERE entity_id = ?2", ab, 2, NULL, 0, err);
  if (!rc) rc = run(s, "DELETE FROM mentions WHERE entity_id = ?2 AND ?1 IS NOT NULL", ab, 2, NULL, 0, err);
  if (!rc)
    rc = run(s,
             "INSERT INTO doc_entities(doc_id, entity_id, role, mentions)"
             " SELECT doc_id, ?1, role, mentions FROM doc_entities WHERE entity_id = ?2 AND true"
             " ON CONFLICT(doc_id, entity_id) DO UPDATE SET mentions = mentions + excluded.mentions,"
             " role = coalesce(role, excluded.role)",
             ab, 2, NULL, 0, err);
  if (!rc) rc = run(s, "DELETE FROM doc_entities WHERE entity_id = ?2 AND ?1 IS NOT NULL", ab, 2, NULL, 0, err);
  /* its spellings, and its own key, now lead to the survivor */
  if (!rc)
    rc = run(s,
             "INSERT INTO entity_aliases(key, entity_id, surface, manual)"
             " SELECT substr(key, instr(key, ':') + 1), ?1, name, 1 FROM entities WHERE id = ?2 AND true"
             " ON CONFLICT(key, entity_id) DO UPDATE SET manual = 1",
             ab, 2, NULL, 0, err);
  if (!rc)
    rc = run(s,
             "INSERT INTO entity_aliases(key, entity_id, surface, manual)"
             " SELECT key, ?1, surface, 1 FROM entity_aliases WHERE entity_id = ?2 AND true"
             " ON CONFLICT(key, entity_id) DO UPDATE SET manual = 1",
             ab, 2, NULL, 0, err);
  if (!rc) rc = run(s, "DELETE FROM entity_aliases WHERE entity_id = ?2 AND ?1 IS NOT NULL", ab, 2, NULL, 0, err);
  if (!rc)
    rc = run(s,
             "UPDATE entities SET speaker_id = coalesce(speaker_id,"
             " (SELECT speaker_id FROM entities WHERE id = ?2)) WHERE id = ?1",
             ab, 2, NULL, 0, err);
  if (!rc) rc = run(s, "DELETE FROM entities WHERE id = ?2 AND ?1 IS NOT NULL", ab, 2, NULL, 0, err);
  return rc;
}

/* A mention's spelling, read from its document's body. */
#define MENTION_KEY                                                                   \
  "vb_entity_key(CAST(substr(CAST((SELECT d.body FROM statements s JOIN documents d" \
  " ON d.id = s.doc_id WHERE s.id = mentions.statement_id) AS BLOB),"                \
  " mentions.start + 1, mentions.end - mentions.start) AS TEXT))"

/* Moves every mention spelled `surface` (by key) to entity `to`; only from
 * entity `from` when from != 0. Recounts both sides. */
static int move_spelling(sq *s, const char *k, int64_t from, int64_t to, vb_err *err) {
  int64_t *olds = NULL;
  size_t n = 0, cap = 0;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT DISTINCT entity_id FROM mentions WHERE " MENTION_KEY " = ?1"
                         " AND entity_id <> ?2 AND (?3 = 0 OR entity_id = ?3)",
                         -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "correcting");
  sqlite3_bind_text(st, 1, k, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, to);
  sqlite3_bind_int64(st, 3, from);
  int rc = VB_OK;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (n == cap) {
      cap = cap ? cap * 2 : 8;
      int64_t *g = realloc(olds, cap * sizeof *g);
      if (!g) {
        rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
        break;
      }
      olds = g;
    }
    olds[n++] = sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  int64_t p[2] = {to, from};
  const char *t[1] = {k};
  /* to 0: the spelling is no entity at all, its mentions go */
  if (!rc)
    rc = run(s,
             to ? "UPDATE OR IGNORE mentions SET entity_id = ?1 WHERE (?2 = 0 OR entity_id = ?2)"
                  " AND " MENTION_KEY " = ?3"
                : "DELETE FROM mentions WHERE ?1 = 0 AND (?2 = 0 OR entity_id = ?2)"
                  " AND " MENTION_KEY " = ?3",
             p, 2, t, 1, err);
  /* what the update skipped was there already under `to` */
  if (!rc && to)
    rc = run(s,
             "DELETE FROM mentions WHERE entity_id <> ?1 AND (?2 = 0 OR entity_id = ?2)"
             " AND " MENTION_KEY " = ?3",
             p, 2, t, 1, err);
  for (size_t i = 0; !rc && i < n; i++) {
    rc = recount(s, olds[i], err);
    int64_t two[2] = {olds[i], 0};
    if (!rc) rc = run(s, "DELETE FROM entity_aliases WHERE entity_id = ?1 AND ?2 = 0 AND key = ?3", two, 2, t, 1, err);
  }
  if (!rc && to) rc = recount(s, to, err);
  free(olds);
  return rc;
}

static int entity_type(sq *s, int64_t id, char *type, size_t cap) {
  sqlite3_stmt *st;
  type[0] = '\0';
  if (sqlite3_prepare_v2(s->db, "SELECT type FROM entities WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) == SQLITE_ROW) snprintf(type, cap, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return type[0] ? 0 : -1;
}

/* The entity of this type named `name`: existing, or new. */
static int entity_called(sq *s, const char *type, const char *name, int64_t *id, vb_err *err) {
  vb_buf k;
  vb_buf_init(&k, 4096);
  vb_buf_adds(&k, type);
  vb_buf_addc(&k, ':');
  if (vb_entity_key(name, strlen(name), &k) || !k.ptr) {
    vb_buf_free(&k);
    return vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
  }
  *id = lookup(s, s->e[E_BY_KEY], k.ptr, k.len, NULL);
  int rc = VB_OK;
  if (!*id) {
    const char *t[3] = {name, k.ptr, type};
    rc = run(s, "INSERT INTO entities(name, key, type) VALUES(?1,?2,?3)", NULL, 0, t, 3, err);
    *id = sqlite3_last_insert_rowid(s->db);
  }
  vb_buf_free(&k);
  return rc;
}

int vb_sq_entity_fix(sq *s, vb_fix op, const char *a, const char *const *args, size_t nargs,
                     const vb_lexicon *lx, vb_err *err) {
  static const char *const names[] = {"merge", "split", "rename", "alias add", "alias rm", "reject"};
  vb_sq_entities_forget(s);
  int rc = exec(s, "BEGIN IMMEDIATE", err);
  if (rc) return rc;
  int64_t id = 0;
  vb_buf k;
  vb_buf_init(&k, 4096);
  char type[16];
  if (op != VB_FIX_REJECT) rc = one_entity(s, a, lx, &id, err);
  if (!rc && op != VB_FIX_REJECT && entity_type(s, id, type, sizeof type))
    rc = db_err(s, err, "reading entity");
  if (!rc && (op == VB_FIX_MERGE || op == VB_FIX_RENAME || op == VB_FIX_ALIAS_ADD ||
              op == VB_FIX_ALIAS_RM) && nargs != 1)
    rc = vb_err_set(err, VB_EUSAGE, s->path, -1, "%s takes one more name", names[op]);
  if (!rc && op == VB_FIX_SPLIT && nargs < 1)
    rc = vb_err_set(err, VB_EUSAGE, s->path, -1, "split needs the spellings to split off");
  switch (rc ? -1 : (int)op) {
  case VB_FIX_MERGE: {
    int64_t other;
    rc = one_entity(s, args[0], lx, &other, err);
    if (!rc) rc = merge(s, id, other, err);
    break;
  }
  case VB_FIX_SPLIT:
  case VB_FIX_ALIAS_RM: {
    /* the spellings become an entity of their own (named by the first) */
    int64_t to = 0;
    rc = entity_called(s, type, args[0], &to, err);
    if (!rc && to == id)
      rc = vb_err_set(err, VB_EUSAGE, s->path, -1, "\"%s\" is the entity's own name; rename it first", args[0]);
    for (size_t i = 0; !rc && i < nargs; i++) {
      if (key_of(args[i], strlen(args[i]), &k)) rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
      if (!rc) rc = set_manual(s, k.ptr, to, args[i], err);
      if (!rc) rc = move_spelling(s, k.ptr, id, to, err);
    }
    break;
  }
  case VB_FIX_RENAME: {
    const char *t[1] = {args[0]};
    rc = run(s, "UPDATE entities SET name = ?2 WHERE id = ?1", &id, 1, t, 1, err);
    if (!rc && key_of(args[0], strlen(args[0]), &k)) rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    if (!rc) rc = set_manual(s, k.ptr, id, args[0], err);
    break;
  }
  case VB_FIX_ALIAS_ADD:
    if (key_of(args[0], strlen(args[0]), &k)) rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
    if (!rc) rc = set_manual(s, k.ptr, id, args[0], err);
    if (!rc) rc = move_spelling(s, k.ptr, 0, id, err);
    break;
  case VB_FIX_REJECT: {
    if (key_of(a, strlen(a), &k)) {
      rc = vb_err_set(err, VB_ENOMEM, s->path, -1, "out of memory");
      break;
    }
    const char *t[2] = {k.ptr, a};
    rc = run(s, "INSERT OR REPLACE INTO entity_rejects(key, surface) VALUES(?1,?2)", NULL, 0, t, 2, err);
    /* its mentions go; so do entities left with nothing */
    if (!rc) rc = move_spelling(s, k.ptr, 0, 0, err);
    if (!rc)
      rc = run(s, "DELETE FROM entity_aliases WHERE key = ?1", NULL, 0, t, 1, err);
    if (!rc)
      rc = run(s,
               "DELETE FROM doc_entities WHERE entity_id IN (SELECT id FROM entities"
               " WHERE substr(key, instr(key, ':') + 1) = ?1)",
               NULL, 0, t, 1, err);
    if (!rc)
      rc = run(s,
               "DELETE FROM mentions WHERE entity_id IN (SELECT id FROM entities"
               " WHERE substr(key, instr(key, ':') + 1) = ?1)",
               NULL, 0, t, 1, err);
    if (!rc)
      rc = run(s,
               "DELETE FROM entity_aliases WHERE entity_id IN (SELECT id FROM entities"
               " WHERE substr(key, instr(key, ':') + 1) = ?1)",
               NULL, 0, t, 1, err);
    if (!rc)
      rc = run(s, "DELETE FROM entities WHERE substr(key, instr(key, ':') + 1) = ?1", NULL, 0, t, 1, err);
    break;
  }
  default: break;
  }
  if (!rc) rc = log_fix(s, names[op], a, nargs ? args[0] : NULL, err);
  vb_buf_free(&k);
  if (rc) {
    exec(s, "ROLLBACK", NULL);
    return rc;
  }
  return exec(s, "COMMIT", err);
}

int vb_sq_corrections(sq *s, int (*fn)(void *ctx, int type, const char *name, const char *alias),
                      void *ctx, vb_err *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db,
                         "SELECT e.type, e.name, a.surface FROM entity_aliases a"
                         " JOIN entities e ON e.id = a.entity_id WHERE a.manual = 1"
                         " UNION ALL SELECT NULL, NULL, surface FROM entity_rejects",
                         -1, &st, NULL) != SQLITE_OK)
    return db_err(s, err, "reading corrections");
  int rc = VB_OK;
  while (!rc && sqlite3_step(st) == SQLITE_ROW) {
    const char *t = (const char *)sqlite3_column_text(st, 0);
    int type = t ? vb_etype_parse(t, strlen(t)) : -1;
    rc = fn(ctx, type, (const char *)sqlite3_column_text(st, 1),
            (const char *)sqlite3_column_text(st, 2));
  }
  sqlite3_finalize(st);
  return rc;
}
