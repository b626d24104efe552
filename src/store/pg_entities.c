/* pg_entities — archive-wide entities in the PostgreSQL backend: each
 * document's entities resolved to one archive entity (analysts'
 * corrections first, then its identity key, then an entity of its type
 * that already answers to one of its spellings), every spelling kept,
 * mentions stored per statement with their spelling's key. The unique
 * entity key makes two ingesters meeting the same new name agree on one
 * entity. Listings and the corrections themselves (merge, split, rename,
 * alias, reject) as the SQLite backend makes them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/map.h"
#include "extract/extract.h"
#include "store/pg_int.h"

static int key_of(vb_str s, vb_buf *b) {
  b->len = 0;
  b->failed = 0;
  return vb_entity_key(s.ptr, s.len, b) || !b->ptr ? -1 : 0;
}

/* The keys of the spellings one document uses, and what analysts'
 * corrections say of each: rejected ("not an entity"), or an analyst's
 * spelling of an entity (its id). */
typedef struct spellings {
  vb_map at; /* key -> index */
  VB_VEC(const char *) keys;
  char *rejected;
  const char **manual; /* entity id, or NULL */
} spellings;

/* The index of key k (n bytes), added if new; VB_MAP_NONE when out of
 * memory. */
static uint32_t spelling_key(spellings *sp, vb_arena *a, const char *k, size_t n) {
  uint32_t i = vb_map_get(&sp->at, k, n);
  if (i != VB_MAP_NONE) return i;
  const char **slot = VB_VEC_PUSH(a, sp->keys);
  if (!slot || !(*slot = vb_arena_strndup(a, k, n)) || vb_map_set(&sp->at, k, n, sp->keys.n - 1))
    return VB_MAP_NONE;
  return sp->keys.n - 1;
}

/* The index of the key of spelling s. */
static uint32_t spelling(spellings *sp, vb_arena *a, vb_str s, vb_buf *k) {
  return key_of(s, k) ? VB_MAP_NONE : spelling_key(sp, a, k->ptr, k->len);
}

/* Keys per query: one parameter each, far below PostgreSQL's 65,535. */
#define KEYS_PER_QUERY 1000

/* Fills in what the archive's corrections say of every key, a few
 * round trips per document however many corrections there are. */
static int corrections_of(pg *p, vb_arena *a, spellings *sp, vb_err *err) {
  sp->rejected = vb_arena_calloc(a, sp->keys.n + 1);
  sp->manual = vb_arena_calloc(a, (sp->keys.n + 1) * sizeof *sp->manual);
  if (!sp->rejected || !sp->manual) return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  vb_buf sql;
  vb_buf_init(&sql, 0);
  int rc = VB_OK;
  for (uint32_t at = 0; !rc && at < sp->keys.n; at += KEYS_PER_QUERY) {
    uint32_t n = sp->keys.n - at < KEYS_PER_QUERY ? sp->keys.n - at : KEYS_PER_QUERY;
    sql.len = 0;
    vb_buf_adds(&sql, "SELECT k, rejected, manual FROM (SELECT v.k,"
                      " EXISTS(SELECT 1 FROM entity_rejects r WHERE r.key = v.k) AS rejected,"
                      " (SELECT x.entity_id FROM entity_aliases x WHERE x.key = v.k AND x.manual = 1"
                      " ORDER BY x.entity_id LIMIT 1) AS manual FROM (VALUES");
    for (uint32_t i = 0; i < n; i++) vb_buf_printf(&sql, "%s($%u)", i ? "," : " ", i + 1);
    vb_buf_adds(&sql, ") v(k)) c WHERE rejected OR manual IS NOT NULL");
    if (sql.failed) {
      rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
      break;
    }
    PGresult *r;
    rc = vb_pg_exec(p, sql.ptr, (int)n, sp->keys.v + at, &r, err, "reading corrections");
    for (int i = 0; !rc && i < PQntuples(r); i++) {
      uint32_t x = vb_map_get(&sp->at, PQgetvalue(r, i, 0), (size_t)PQgetlength(r, i, 0));
      if (x == VB_MAP_NONE) continue;
      sp->rejected[x] = PQgetvalue(r, i, 1)[0] == 't';
      if (!PQgetisnull(r, i, 2)) sp->manual[x] = vb_arena_strndup(a, PQgetvalue(r, i, 2), (size_t)PQgetlength(r, i, 2));
    }
    PQclear(r);
  }
  vb_buf_free(&sql);
  return rc;
}

/* The archive entity a document entity stands for, made if new: an
 * analyst's spelling of an entity first, then its identity key, then an
 * entity of its type that already answers to one of its spellings. NULL
 * when its name was marked "not an entity". keys: the indexes of its
 * plain key and of each spelling (name, then aliases). */
static int resolve(pg *p, vb_arena *a, const vb_entity *e, const char *speaker, const spellings *sp,
                   const uint32_t *keys, const char **id, vb_err *err) {
  *id = NULL;
  if (sp->rejected[keys[0]]) return VB_OK;
  const char *type = vb_etype_name(e->type);
  const char *key = vb_arena_strndup(a, e->key.ptr, e->key.len);
  PGresult *r;
  int rc;
  for (size_t i = 0; i <= e->naliases + 1 && !*id; i++) *id = sp->manual[keys[i]];
  /* else its key, else a spelling an entity of this type already answers to */
  for (size_t i = 0; i <= e->naliases && !*id; i++) {
    const char *v[3] = {key, sp->keys.v[keys[i + 1]], type};
    rc = vb_pg_exec(p,
                    "SELECT id FROM entities WHERE key = $1 UNION ALL"
                    " (SELECT a.entity_id FROM entity_aliases a JOIN entities x ON x.id = a.entity_id"
                    " WHERE a.key = $2 AND x.type = $3 ORDER BY a.manual DESC LIMIT 1) LIMIT 1",
                    3, v, &r, err, "finding an entity");
    if (rc) return rc;
    if (PQntuples(r)) *id = vb_arena_strndup(a, PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0));
    PQclear(r);
  }
  if (!*id) {
    const char *v[4] = {vb_arena_strndup(a, e->name.ptr, e->name.len), key, type, speaker};
    /* made once, whichever ingester comes first */
    rc = vb_pg_exec(p,
                    "INSERT INTO entities(name, key, type, speaker_id) VALUES($1,$2,$3,$4::bigint)"
                    " ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key RETURNING id",
                    4, v, &r, err, "adding an entity");
    if (rc) return rc;
    *id = vb_arena_strndup(a, PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0));
    PQclear(r);
  } else if (speaker) {
    const char *v[2] = {*id, speaker};
    rc = vb_pg_exec(p, "UPDATE entities SET speaker_id = $2::bigint WHERE id = $1::bigint AND speaker_id IS NULL", 2,
                    v, NULL, err, "linking an entity to its speaker");
    if (rc) return rc;
  }
  /* every spelling answers for it from now on */
  for (size_t i = 0; i <= e->naliases; i++) {
    vb_str sf = i == 0 ? e->name : e->aliases[i - 1];
    const char *v[3] = {sp->keys.v[keys[i + 1]], *id, vb_arena_strndup(a, sf.ptr, sf.len)};
    rc = vb_pg_exec(p,
                    "INSERT INTO entity_aliases(key, entity_id, surface, manual) VALUES($1,$2::bigint,$3,0)"
                    " ON CONFLICT DO NOTHING",
                    3, v, NULL, err, "adding an entity's spelling");
    if (rc) return rc;
  }
  return VB_OK;
}

int vb_pg_put_entities(pg *p, vb_arena *a, const vb_doc_view *v, const char *doc_id, const char *const *stmt_ids,
                       const char *const *speaker_ids, vb_err *err) {
  if (!v->nentities) return VB_OK;
  const char **ids = vb_arena_calloc(a, v->nentities * sizeof *ids);
  int64_t *counts = vb_arena_calloc(a, v->nentities * sizeof *counts);
  uint32_t **ekeys = vb_arena_calloc(a, v->nentities * sizeof *ekeys);
  uint32_t *mkeys = vb_arena_calloc(a, (v->nmentions + 1) * sizeof *mkeys);
  spellings sp;
  memset(&sp, 0, sizeof sp);
  vb_map_init(&sp.at);
  vb_buf k;
  vb_buf_init(&k, 4096);
  int rc = ids && counts && ekeys && mkeys ? VB_OK : VB_ENOMEM;
  /* every spelling's key: the entities' (plain key, name, aliases), and
   * each mention's, which the mention keeps for later corrections */
  for (size_t i = 0; !rc && i < v->nentities; i++) {
    const vb_entity *e = &v->entities[i];
    const char *colon = memchr(e->key.ptr, ':', e->key.len);
    const char *plain = colon ? colon + 1 : e->key.ptr;
    uint32_t *x = ekeys[i] = vb_arena_calloc(a, (e->naliases + 2) * sizeof *x);
    if (!x || (x[0] = spelling_key(&sp, a, plain, e->key.len - (size_t)(plain - e->key.ptr))) == VB_MAP_NONE)
      rc = VB_ENOMEM;
    for (size_t j = 0; !rc && j <= e->naliases; j++)
      if ((x[j + 1] = spelling(&sp, a, j == 0 ? e->name : e->aliases[j - 1], &k)) == VB_MAP_NONE) rc = VB_ENOMEM;
  }
  for (size_t i = 0; !rc && i < v->nmentions; i++) {
    const vb_mention *m = &v->mentions[i];
    if ((mkeys[i] = spelling(&sp, a, (vb_str){v->body.ptr + m->start, m->end - m->start}, &k)) == VB_MAP_NONE)
      rc = VB_ENOMEM;
  }
  vb_buf_free(&k);
  if (rc) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  if (!rc) rc = corrections_of(p, a, &sp, err);
  for (size_t i = 0; !rc && i < v->nentities; i++) {
    const vb_entity *e = &v->entities[i];
    rc = resolve(p, a, e, e->speaker >= 0 ? speaker_ids[e->speaker] : NULL, &sp, ekeys[i], &ids[i], err);
  }
  /* the mentions in statements, five values a row; a spelling an analyst
   * gave another entity counts for that one (an extra) */
  VB_VEC(const char *) extra_id = {0};
  VB_VEC(int64_t) extra_n = {0};
  const char **rows = rc || !v->nmentions ? NULL : vb_arena_calloc(a, v->nmentions * 5 * sizeof *rows);
  if (!rc && v->nmentions && !rows) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  size_t n = 0;
  for (size_t i = 0; !rc && i < v->nmentions; i++) {
    const vb_mention *m = &v->mentions[i];
    const char *target = ids[m->entity], *moved = sp.manual[mkeys[i]];
    if (!target || sp.rejected[mkeys[i]]) continue;
    if (moved && strcmp(moved, target)) {
      uint32_t x = 0;
      while (x < extra_id.n && strcmp(extra_id.v[x], moved)) x++;
      if (x == extra_id.n) {
        const char **pi = VB_VEC_PUSH(a, extra_id);
        int64_t *pn = VB_VEC_PUSH(a, extra_n);
        if (!pi || !pn) {
          rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
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
    if (m->statement < 0) continue; /* counted for the document, not searchable */
    char b[24];
    const char **row = rows + 5 * n++;
    row[0] = target;
    row[1] = stmt_ids[m->statement];
    snprintf(b, sizeof b, "%u", m->start);
    row[2] = vb_arena_strndup(a, b, strlen(b));
    snprintf(b, sizeof b, "%u", m->end);
    row[3] = vb_arena_strndup(a, b, strlen(b));
    row[4] = sp.keys.v[mkeys[i]];
  }
  vb_map_free(&sp.at);
  if (!rc && n)
    rc = vb_pg_insert_rows(p, "INSERT INTO mentions(entity_id, statement_id, start, \"end\", key)",
                           "ON CONFLICT DO NOTHING", 5, n, rows, err, "adding mentions");
  for (size_t i = 0; !rc && i < v->nentities + extra_id.n; i++) {
    int extra = i >= v->nentities;
    const char *id = extra ? extra_id.v[i - v->nentities] : ids[i];
    int64_t count = extra ? extra_n.v[i - v->nentities] : counts[i];
    if (!id || (!count && (extra || v->entities[i].speaker < 0))) continue;
    char c[24];
    snprintf(c, sizeof c, "%lld", (long long)count);
    const vb_str role = extra ? (vb_str){0} : v->entities[i].role;
    const char *dv[4] = {doc_id, id, role.len ? vb_arena_strndup(a, role.ptr, role.len) : NULL, c};
    rc = vb_pg_exec(p,
                    "INSERT INTO doc_entities(doc_id, entity_id, role, mentions) VALUES($1::bigint,$2::bigint,$3,$4::integer)"
                    " ON CONFLICT (doc_id, entity_id) DO UPDATE SET mentions = doc_entities.mentions + EXCLUDED.mentions,"
                    " role = coalesce(doc_entities.role, EXCLUDED.role)",
                    4, dv, NULL, err, "adding a document's entity");
  }
  return rc;
}

int vb_pg_entity_ids(pg *p, const char *name, size_t n, const vb_lexicon *lx, vb_buf *out, vb_err *err) {
  /* "e12", a spelling any document used, the entity's key, or its name */
  out->len = 0;
  if (n > 1 && name[0] == 'e' && strspn(name + 1, "0123456789") == n - 1 && n < 20) {
    vb_buf_printf(out, "{%.*s}", (int)(n - 1), name + 1);
    return out->failed ? vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory") : VB_OK;
  }
  vb_buf k;
  vb_buf_init(&k, 4096);
  char *copy = strndup(name, n);
  char lexkey[512] = "";
  vb_err lerr;
  if (!lx && vb_lexicon_default(&lx, &lerr)) lx = NULL;
  if (copy && lx) vb_lexicon_key(lx, -1, copy, lexkey, sizeof lexkey);
  int rc = !copy || key_of((vb_str){name, n}, &k) ? vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory") : VB_OK;
  char *kk = rc ? NULL : strndup(k.ptr, k.len);
  const char *v[3] = {kk, lexkey, copy};
  PGresult *r = NULL;
  if (!rc)
    rc = vb_pg_exec(p,
                    "SELECT '{' || coalesce(string_agg(DISTINCT id::text, ','), '') || '}' FROM"
                    " (SELECT entity_id AS id FROM entity_aliases WHERE key = $1"
                    " UNION SELECT id FROM entities WHERE key = $2"
                    " UNION SELECT id FROM entities WHERE lower(name) = lower($3)) x",
                    3, v, &r, err, "finding an entity");
  if (!rc) vb_buf_adds(out, PQgetvalue(r, 0, 0));
  PQclear(r);
  free(kk);
  free(copy);
  vb_buf_free(&k);
  return rc;
}

/* The one entity a reference names (when several answer, the most
 * mentioned), and its type. */
static int one_entity(pg *p, const char *ref, const vb_lexicon *lx, char id[24], char type[16], vb_err *err) {
  vb_buf ids;
  vb_buf_init(&ids, 0);
  int rc = vb_pg_entity_ids(p, ref, strlen(ref), lx, &ids, err);
  const char *v[1] = {ids.ptr};
  PGresult *r = NULL;
  if (!rc)
    rc = vb_pg_exec(p,
                    "SELECT e.id, coalesce(e.type, '') FROM entities e WHERE e.id = ANY($1::bigint[]) ORDER BY"
                    " (SELECT coalesce(sum(mentions), 0) FROM doc_entities WHERE entity_id = e.id) DESC, e.id LIMIT 1",
                    1, v, &r, err, "finding an entity");
  vb_buf_free(&ids);
  if (rc) return rc;
  if (!PQntuples(r)) rc = vb_err_set(err, VB_ENOTFOUND, p->uri, -1, "no entity called \"%s\"", ref);
  else {
    snprintf(id, 24, "%s", PQgetvalue(r, 0, 0));
    snprintf(type, 16, "%s", PQgetvalue(r, 0, 1));
  }
  PQclear(r);
  return rc;
}

/* ---- listings ------------------------------------------------------------------ */

static json_t *col(PGresult *r, int row, int i) {
  return PQgetisnull(r, row, i) ? json_null() : json_string(PQgetvalue(r, row, i));
}

static int64_t num(PGresult *r, int row, int i) { return strtoll(PQgetvalue(r, row, i), NULL, 10); }

static json_t *aliases_of(pg *p, const char *id, int limit) {
  json_t *arr = json_array();
  char l[16];
  snprintf(l, sizeof l, "%d", limit);
  const char *v[2] = {id, l};
  PGresult *r;
  vb_err err;
  if (vb_pg_exec(p,
                 "SELECT surface FROM (SELECT DISTINCT ON (surface) surface, manual FROM entity_aliases"
                 " WHERE entity_id = $1::bigint AND surface <> (SELECT name FROM entities WHERE id = $1::bigint)"
                 " ORDER BY surface, manual DESC) x ORDER BY manual DESC, surface COLLATE \"C\" LIMIT $2::integer",
                 2, v, &r, &err, "listing spellings"))
    return arr;
  for (int i = 0; i < PQntuples(r); i++) json_array_append_new(arr, col(r, i, 0));
  PQclear(r);
  return arr;
}

static int dump(pg *p, json_t *root, char **json, vb_err *err) {
  *json = root ? json_dumps(root, JSON_COMPACT) : NULL;
  json_decref(root);
  return *json ? VB_OK : vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
}

int vb_pg_entities_json(pg *p, const char *filter, int type, int limit, const vb_lexicon *lx, char **json,
                        vb_err *err) {
  *json = NULL;
  vb_buf ids;
  vb_buf_init(&ids, 0);
  int rc = filter && *filter ? vb_pg_entity_ids(p, filter, strlen(filter), lx, &ids, err) : VB_OK;
  char lim[16];
  snprintf(lim, sizeof lim, "%d", limit > 0 ? limit : 50);
  const char *v[4] = {type >= 0 ? vb_etype_name((vb_etype)type) : NULL, filter && *filter ? filter : NULL,
                      ids.len ? ids.ptr : "{}", lim};
  PGresult *r = NULL;
  if (!rc)
    rc = vb_pg_exec(p,
                    "SELECT e.id, e.name, e.type, coalesce(sum(de.mentions), 0) AS n, count(de.doc_id)"
                    " FROM entities e LEFT JOIN doc_entities de ON de.entity_id = e.id"
                    " WHERE ($1::text IS NULL OR e.type = $1)"
                    " AND ($2::text IS NULL OR strpos(lower(e.name), lower($2)) > 0 OR e.id = ANY($3::bigint[]))"
                    " GROUP BY e.id ORDER BY n DESC, e.name COLLATE \"C\", coalesce(e.type, '') COLLATE \"C\""
                    " LIMIT $4::integer",
                    4, v, &r, err, "listing entities");
  vb_buf_free(&ids);
  if (rc) return rc;
  json_t *arr = json_array();
  for (int i = 0; i < PQntuples(r); i++) {
    char eid[32];
    snprintf(eid, sizeof eid, "e%s", PQgetvalue(r, i, 0));
    json_array_append_new(arr, json_pack("{s:s,s:o,s:o,s:I,s:I,s:o}", "id", eid, "name", col(r, i, 1), "type",
                                         col(r, i, 2), "mentions", (json_int_t)num(r, i, 3), "documents",
                                         (json_int_t)num(r, i, 4), "aliases", aliases_of(p, PQgetvalue(r, i, 0), 8)));
  }
  PQclear(r);
  return dump(p, arr, json, err);
}

/* Rows of a two-column query (label, count) as [{"<k1>":…, "<k2>":n}]. */
static json_t *pairs(pg *p, const char *sql, const char *id, const char *k1, const char *k2) {
  json_t *arr = json_array();
  const char *v[1] = {id};
  PGresult *r;
  vb_err err;
  if (vb_pg_exec(p, sql, 1, v, &r, &err, "reading an entity")) return arr;
  for (int i = 0; i < PQntuples(r); i++)
    json_array_append_new(arr, json_pack("{s:o,s:I}", k1, col(r, i, 0), k2, (json_int_t)num(r, i, 1)));
  PQclear(r);
  return arr;
}

int vb_pg_entity_json(pg *p, const char *ref, const vb_lexicon *lx, char **json, vb_err *err) {
  *json = NULL;
  char id[24], type[16], eid[32];
  int rc = one_entity(p, ref, lx, id, type, err);
  const char *v[1] = {id};
  PGresult *r = NULL;
  if (!rc)
    rc = vb_pg_exec(p,
                    "SELECT e.id, e.name, e.type, e.key, sp.name,"
                    " (SELECT coalesce(sum(mentions), 0) FROM doc_entities WHERE entity_id = e.id),"
                    " (SELECT count(*) FROM doc_entities WHERE entity_id = e.id)"
                    " FROM entities e LEFT JOIN speakers sp ON sp.id = e.speaker_id WHERE e.id = $1::bigint",
                    1, v, &r, err, "reading an entity");
  if (rc) return rc;
  if (!PQntuples(r)) {
    PQclear(r);
    return vb_err_set(err, VB_ENOTFOUND, p->uri, -1, "no entity called \"%s\"", ref);
  }
  snprintf(eid, sizeof eid, "e%s", id);
  json_t *o = json_pack("{s:s,s:o,s:o,s:o,s:o,s:I,s:I}", "id", eid, "name", col(r, 0, 1), "type", col(r, 0, 2), "key",
                        col(r, 0, 3), "speaker", col(r, 0, 4), "mentions", (json_int_t)num(r, 0, 5), "documents",
                        (json_int_t)num(r, 0, 6));
  PQclear(r);
  if (!o) return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  json_object_set_new(o, "aliases", aliases_of(p, id, 50));
  /* the role each document gives, with the document's date */
  json_t *roles = json_array();
  const char *iv[1] = {id};
  if (!vb_pg_exec(p,
                  "SELECT d.date, de.role, d.hash, d.title FROM doc_entities de JOIN documents d ON d.id = de.doc_id"
                  " WHERE de.entity_id = $1::bigint AND de.role IS NOT NULL ORDER BY d.date NULLS FIRST, d.id",
                  1, iv, &r, err, "reading an entity's roles")) {
    for (int i = 0; i < PQntuples(r); i++)
      json_array_append_new(roles, json_pack("{s:o,s:o,s:o,s:o}", "date", col(r, i, 0), "role", col(r, i, 1), "doc",
                                             col(r, i, 2), "title", col(r, i, 3)));
    PQclear(r);
  }
  json_object_set_new(o, "roles", roles);
  json_object_set_new(o, "timeline",
                      pairs(p,
                            "SELECT to_char(s.date / 10000, 'FM0000') || '-' || to_char(s.date / 100 % 100, 'FM00') AS m,"
                            " count(*) FROM mentions x JOIN statements s ON s.id = x.statement_id"
                            " WHERE x.entity_id = $1::bigint AND s.date IS NOT NULL GROUP BY 1 ORDER BY 1",
                            id, "month", "mentions"));
  json_object_set_new(o, "speakers",
                      pairs(p,
                            "SELECT sp.name, count(*) AS n FROM mentions x JOIN statements s ON s.id = x.statement_id"
                            " JOIN speakers sp ON sp.id = s.speaker_id WHERE x.entity_id = $1::bigint"
                            " GROUP BY sp.id, sp.name ORDER BY n DESC, sp.name COLLATE \"C\" LIMIT 10",
                            id, "name", "mentions"));
  json_object_set_new(o, "co_mentioned",
                      pairs(p,
                            "SELECT e.name || ' (' || e.type || ')' AS v, count(DISTINCT y.statement_id) AS n"
                            " FROM mentions x JOIN mentions y ON y.statement_id = x.statement_id"
                            " AND y.entity_id <> x.entity_id JOIN entities e ON e.id = y.entity_id"
                            " WHERE x.entity_id = $1::bigint GROUP BY e.id, e.name, e.type"
                            " ORDER BY n DESC, e.name COLLATE \"C\", coalesce(e.type, '') COLLATE \"C\" LIMIT 10",
                            id, "name", "statements"));
  return dump(p, o, json, err);
}

/* ---- corrections ------------------------------------------------------------ */

/* Each runs inside the correction's transaction (pg.c): any failure
 * leaves the archive as it was. Entity ids travel as decimal text; "0"
 * stands for none. */

static int fix(pg *p, const char *sql, int n, const char *const *v, vb_err *err) {
  return vb_pg_exec(p, sql, n, v, NULL, err, "correcting");
}

/* Mentions stored before schema 4 have no spelling key: each is read from
 * its document's body once, by the first correction that needs it. */
static int backfill_keys(pg *p, vb_err *err) {
  PGresult *docs;
  int rc = vb_pg_exec(p,
                      "SELECT DISTINCT s.doc_id FROM mentions m JOIN statements s ON s.id = m.statement_id"
                      " WHERE m.key IS NULL",
                      0, NULL, &docs, err, "reading mentions");
  if (rc) return rc;
  vb_buf k;
  vb_buf_init(&k, 4096);
  for (int d = 0; !rc && d < PQntuples(docs); d++) {
    const char *v[1] = {PQgetvalue(docs, d, 0)};
    PGresult *body, *ms;
    rc = vb_pg_exec(p, "SELECT body FROM documents WHERE id = $1::bigint", 1, v, &body, err, "reading a document");
    if (rc) break;
    rc = vb_pg_exec(p,
                    "SELECT m.entity_id, m.statement_id, m.start, m.\"end\" FROM mentions m"
                    " JOIN statements s ON s.id = m.statement_id WHERE s.doc_id = $1::bigint AND m.key IS NULL",
                    1, v, &ms, err, "reading mentions");
    if (rc) {
      PQclear(body);
      break;
    }
    const char *text = PQntuples(body) ? PQgetvalue(body, 0, 0) : "";
    size_t len = PQntuples(body) ? (size_t)PQgetlength(body, 0, 0) : 0;
    int n = PQntuples(ms);
    vb_arena *a = vb_arena_new(0);
    const char **rows = a ? vb_arena_calloc(a, (size_t)n * 4 * sizeof *rows + 1) : NULL;
    if (!rows) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    for (int i = 0; !rc && i < n; i++) {
      size_t start = strtoul(PQgetvalue(ms, i, 2), NULL, 10), end = strtoul(PQgetvalue(ms, i, 3), NULL, 10);
      /* a span outside the body (the check reports those) keys as nothing */
      if (start > end || end > len) start = end = 0;
      if (key_of((vb_str){text + start, end - start}, &k)) {
        rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
        break;
      }
      const char **row = rows + 4 * i;
      row[0] = PQgetvalue(ms, i, 0);
      row[1] = PQgetvalue(ms, i, 1);
      row[2] = PQgetvalue(ms, i, 2);
      row[3] = vb_arena_strndup(a, k.ptr, k.len);
      if (!row[3]) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    }
    /* an UPDATE from a VALUES list, built as a multi-row INSERT is */
    if (!rc && n)
      rc = vb_pg_insert_rows(p, "UPDATE mentions m SET key = v.k FROM (",
                             ") v(e, s, st, k) WHERE m.entity_id = v.e::bigint AND m.statement_id = v.s::bigint"
                             " AND m.start = v.st::integer",
                             4, (size_t)n, rows, err, "keying mentions");
    vb_arena_free(a);
    PQclear(ms);
    PQclear(body);
  }
  vb_buf_free(&k);
  PQclear(docs);
  return rc;
}

/* `surface` (key k) means entity id from now on, and only it. */
static int set_manual(pg *p, const char *k, const char *id, const char *surface, vb_err *err) {
  const char *v[3] = {id, k, surface};
  int rc = fix(p, "UPDATE entity_aliases SET manual = 0 WHERE entity_id <> $1::bigint AND key = $2", 2, v, err);
  if (!rc)
    rc = fix(p,
             "INSERT INTO entity_aliases(entity_id, key, surface, manual) VALUES($1::bigint,$2,$3,1)"
             " ON CONFLICT (key, entity_id) DO UPDATE SET manual = 1, surface = EXCLUDED.surface",
             3, v, err);
  return rc;
}

/* Recounts an entity's mentions per document after mentions moved; a row
 * stays while it has mentions or a stated role. */
static int recount(pg *p, const char *id, vb_err *err) {
  const char *v[1] = {id};
  int rc = fix(p,
               "INSERT INTO doc_entities(doc_id, entity_id, role, mentions)"
               " SELECT s.doc_id, $1::bigint, NULL, 0 FROM mentions m JOIN statements s ON s.id = m.statement_id"
               " WHERE m.entity_id = $1::bigint GROUP BY s.doc_id ON CONFLICT (doc_id, entity_id) DO NOTHING",
               1, v, err);
  if (!rc)
    rc = fix(p,
             "UPDATE doc_entities de SET mentions = (SELECT count(*) FROM mentions m"
             " JOIN statements s ON s.id = m.statement_id WHERE m.entity_id = $1::bigint"
             " AND s.doc_id = de.doc_id) WHERE de.entity_id = $1::bigint",
             1, v, err);
  if (!rc)
    rc = fix(p, "DELETE FROM doc_entities WHERE entity_id = $1::bigint AND mentions = 0 AND role IS NULL", 1, v,
             err);
  return rc;
}

/* Merging entity $2 into $1, step by step; `from`: the step names only $2
 * (as $1). */
static const struct {
  int from;
  const char *sql;
} merge_steps[] = {
    /* a mention both had (same statement, same place) is kept once */
    {0, "INSERT INTO mentions(entity_id, statement_id, start, \"end\", key)"
        " SELECT $1::bigint, statement_id, start, \"end\", key FROM mentions WHERE entity_id = $2::bigint"
        " ON CONFLICT DO NOTHING"},
    {1, "DELETE FROM mentions WHERE entity_id = $1::bigint"},
    {0, "INSERT INTO doc_entities(doc_id, entity_id, role, mentions)"
        " SELECT doc_id, $1::bigint, role, mentions FROM doc_entities WHERE entity_id = $2::bigint"
        " ON CONFLICT (doc_id, entity_id) DO UPDATE SET mentions = doc_entities.mentions + EXCLUDED.mentions,"
        " role = coalesce(doc_entities.role, EXCLUDED.role)"},
    {1, "DELETE FROM doc_entities WHERE entity_id = $1::bigint"},
    /* its spellings, and its own key, now lead to the survivor */
    {0, "INSERT INTO entity_aliases(key, entity_id, surface, manual)"
        " SELECT substr(key, strpos(key, ':') + 1), $1::bigint, name, 1 FROM entities WHERE id = $2::bigint"
        " ON CONFLICT (key, entity_id) DO UPDATE SET manual = 1"},
    {0, "INSERT INTO entity_aliases(key, entity_id, surface, manual)"
        " SELECT key, $1::bigint, surface, 1 FROM entity_aliases WHERE entity_id = $2::bigint"
        " ON CONFLICT (key, entity_id) DO UPDATE SET manual = 1"},
    {1, "DELETE FROM entity_aliases WHERE entity_id = $1::bigint"},
    {0, "UPDATE entities SET speaker_id = coalesce(speaker_id,"
        " (SELECT x.speaker_id FROM entities x WHERE x.id = $2::bigint)) WHERE id = $1::bigint"},
    {1, "DELETE FROM entities WHERE id = $1::bigint"},
};

static int merge(pg *p, const char *into, const char *from, vb_err *err) {
  if (!strcmp(into, from)) return vb_err_set(err, VB_EUSAGE, p->uri, -1, "an entity cannot merge with itself");
  const char *ab[2] = {into, from};
  int rc = VB_OK;
  for (size_t i = 0; !rc && i < sizeof merge_steps / sizeof *merge_steps; i++)
    rc = fix(p, merge_steps[i].sql, merge_steps[i].from ? 1 : 2, merge_steps[i].from ? ab + 1 : ab, err);
  return rc;
}

/* Moves every mention spelled with key k to entity `to` ("0": the
 * spelling is no entity at all, its mentions go); only from entity `from`
 * unless that is "0". Recounts both sides. */
static int move_spelling(pg *p, const char *k, const char *from, const char *to, vb_err *err) {
  const char *v[3] = {to, from, k};
  PGresult *olds;
  int rc = vb_pg_exec(p,
                      "SELECT DISTINCT entity_id FROM mentions WHERE key = $3 AND entity_id <> $1::bigint"
                      " AND ($2::bigint = 0 OR entity_id = $2::bigint)",
                      3, v, &olds, err, "correcting");
  if (rc) return rc;
  /* a mention `to` has already (same statement, same place) is kept once */
  if (strcmp(to, "0"))
    rc = fix(p,
             "INSERT INTO mentions(entity_id, statement_id, start, \"end\", key)"
             " SELECT DISTINCT ON (statement_id, start) $1::bigint, statement_id, start, \"end\", key FROM mentions"
             " WHERE key = $3 AND entity_id <> $1::bigint AND ($2::bigint = 0 OR entity_id = $2::bigint)"
             " ORDER BY statement_id, start, entity_id ON CONFLICT DO NOTHING",
             3, v, err);
  if (!rc)
    rc = fix(p,
             "DELETE FROM mentions WHERE key = $3 AND entity_id <> $1::bigint"
             " AND ($2::bigint = 0 OR entity_id = $2::bigint)",
             3, v, err);
  for (int i = 0; !rc && i < PQntuples(olds); i++) {
    const char *old = PQgetvalue(olds, i, 0);
    rc = recount(p, old, err);
    const char *ov[2] = {old, k};
    if (!rc) rc = fix(p, "DELETE FROM entity_aliases WHERE entity_id = $1::bigint AND key = $2", 2, ov, err);
  }
  PQclear(olds);
  if (!rc && strcmp(to, "0")) rc = recount(p, to, err);
  return rc;
}

/* The entity of this type named `name`: existing, or new. */
static int entity_called(pg *p, const char *type, const char *name, char id[24], vb_err *err) {
  vb_buf k;
  vb_buf_init(&k, 4096);
  vb_buf_adds(&k, type);
  vb_buf_addc(&k, ':');
  if (vb_entity_key(name, strlen(name), &k) || !k.ptr) {
    vb_buf_free(&k);
    return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  }
  const char *v[3] = {k.ptr, name, type};
  PGresult *r;
  int rc = vb_pg_exec(p, "SELECT id FROM entities WHERE key = $1", 1, v, &r, err, "finding an entity");
  if (!rc && !PQntuples(r)) {
    PQclear(r);
    rc = vb_pg_exec(p,
                    "INSERT INTO entities(key, name, type) VALUES($1,$2,$3)"
                    " ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key RETURNING id",
                    3, v, &r, err, "adding an entity");
  }
  if (!rc) {
    snprintf(id, 24, "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
  }
  vb_buf_free(&k);
  return rc;
}

/* What goes with a rejected spelling (key $1): entities named so, with
 * all they had, and the spelling from every entity. */
static const char *const reject_steps[] = {
    "DELETE FROM entity_aliases WHERE key = $1",
    "DELETE FROM doc_entities WHERE entity_id IN (SELECT id FROM entities WHERE substr(key, strpos(key, ':') + 1) = $1)",
    "DELETE FROM mentions WHERE entity_id IN (SELECT id FROM entities WHERE substr(key, strpos(key, ':') + 1) = $1)",
    "DELETE FROM entity_aliases WHERE entity_id IN (SELECT id FROM entities WHERE substr(key, strpos(key, ':') + 1) = $1)",
    "DELETE FROM entities WHERE substr(key, strpos(key, ':') + 1) = $1",
};

int vb_pg_entity_fix(pg *p, vb_fix op, const char *a, const char *const *args, size_t nargs, const vb_lexicon *lx,
                     vb_err *err) {
  static const char *const names[] = {"merge", "split", "rename", "alias add", "alias rm", "reject"};
  char id[24] = "0", type[16] = "";
  vb_buf k;
  vb_buf_init(&k, 4096);
  int rc = backfill_keys(p, err);
  if (!rc && op != VB_FIX_REJECT) rc = one_entity(p, a, lx, id, type, err);
  if (!rc && (op == VB_FIX_MERGE || op == VB_FIX_RENAME || op == VB_FIX_ALIAS_ADD || op == VB_FIX_ALIAS_RM) &&
      nargs != 1)
    rc = vb_err_set(err, VB_EUSAGE, p->uri, -1, "%s takes one more name", names[op]);
  if (!rc && op == VB_FIX_SPLIT && nargs < 1)
    rc = vb_err_set(err, VB_EUSAGE, p->uri, -1, "split needs the spellings to split off");
  switch (rc ? -1 : (int)op) {
  case VB_FIX_MERGE: {
    char other[24], otype[16];
    rc = one_entity(p, args[0], lx, other, otype, err);
    if (!rc) rc = merge(p, id, other, err);
    break;
  }
  case VB_FIX_SPLIT:
  case VB_FIX_ALIAS_RM: {
    /* the spellings become an entity of their own (named by the first) */
    char to[24];
    rc = entity_called(p, type, args[0], to, err);
    if (!rc && !strcmp(to, id))
      rc = vb_err_set(err, VB_EUSAGE, p->uri, -1, "\"%s\" is the entity's own name; rename it first", args[0]);
    for (size_t i = 0; !rc && i < nargs; i++) {
      if (key_of((vb_str){args[i], strlen(args[i])}, &k)) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
      if (!rc) rc = set_manual(p, k.ptr, to, args[i], err);
      if (!rc) rc = move_spelling(p, k.ptr, id, to, err);
    }
    break;
  }
  case VB_FIX_RENAME: {
    const char *v[2] = {id, args[0]};
    rc = fix(p, "UPDATE entities SET name = $2 WHERE id = $1::bigint", 2, v, err);
    if (!rc && key_of((vb_str){args[0], strlen(args[0])}, &k))
      rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    if (!rc) rc = set_manual(p, k.ptr, id, args[0], err);
    break;
  }
  case VB_FIX_ALIAS_ADD:
    if (key_of((vb_str){args[0], strlen(args[0])}, &k)) rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    if (!rc) rc = set_manual(p, k.ptr, id, args[0], err);
    if (!rc) rc = move_spelling(p, k.ptr, "0", id, err);
    break;
  case VB_FIX_REJECT: {
    if (key_of((vb_str){a, strlen(a)}, &k)) {
      rc = vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
      break;
    }
    const char *v[2] = {k.ptr, a};
    rc = fix(p,
             "INSERT INTO entity_rejects(key, surface) VALUES($1,$2)"
             " ON CONFLICT (key) DO UPDATE SET surface = EXCLUDED.surface",
             2, v, err);
    /* its mentions go; so do entities named so, with all they had */
    if (!rc) rc = move_spelling(p, k.ptr, "0", "0", err);
    for (size_t i = 0; !rc && i < sizeof reject_steps / sizeof *reject_steps; i++)
      rc = fix(p, reject_steps[i], 1, v, err);
    break;
  }
  default: break;
  }
  if (!rc) {
    const char *v[3] = {names[op], a, nargs ? args[0] : ""};
    rc = fix(p, "INSERT INTO corrections(op, a, b) VALUES($1,$2,$3)", 3, v, err);
  }
  vb_buf_free(&k);
  return rc;
}

int vb_pg_corrections(pg *p, int (*fn)(void *ctx, int type, const char *name, const char *alias), void *ctx,
                      vb_err *err) {
  PGresult *r;
  int rc = vb_pg_exec(p,
                      "SELECT e.type, e.name, a.surface FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
                      " WHERE a.manual = 1 UNION ALL SELECT NULL, NULL, surface FROM entity_rejects",
                      0, NULL, &r, err, "reading corrections");
  for (int i = 0; !rc && i < PQntuples(r); i++) {
    const char *t = PQgetisnull(r, i, 0) ? NULL : PQgetvalue(r, i, 0);
    rc = fn(ctx, t ? (int)vb_etype_parse(t, strlen(t)) : -1, t ? PQgetvalue(r, i, 1) : NULL, PQgetvalue(r, i, 2));
  }
  PQclear(r);
  return rc;
}
