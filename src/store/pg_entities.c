/* pg_entities — archive-wide entities in the PostgreSQL backend: each
 * document's entities resolved to one archive entity (its identity key,
 * else an entity of its type that already answers to one of its
 * spellings), every spelling kept, mentions stored per statement. The
 * unique entity key makes two ingesters meeting the same new name agree on
 * one entity. Listings as the SQLite backend gives them; analysts'
 * corrections are the SQLite backend's only, for now. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "extract/extract.h"
#include "store/pg_int.h"

static int key_of(vb_str s, vb_buf *b) {
  b->len = 0;
  b->failed = 0;
  return vb_entity_key(s.ptr, s.len, b) || !b->ptr ? -1 : 0;
}

/* The archive entity a document entity stands for, made if new. */
static int resolve(pg *p, vb_arena *a, const vb_entity *e, const char *speaker, vb_buf *k, const char **id,
                   vb_err *err) {
  *id = NULL;
  const char *type = vb_etype_name(e->type);
  const char *key = vb_arena_strndup(a, e->key.ptr, e->key.len);
  PGresult *r;
  int rc;
  /* a spelling an entity of this type already answers to */
  for (size_t i = 0; i <= e->naliases && !*id; i++) {
    if (key_of(i == 0 ? e->name : e->aliases[i - 1], k)) return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    const char *v[3] = {key, vb_arena_strndup(a, k->ptr, k->len), type};
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
    if (key_of(sf, k)) return vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
    const char *v[3] = {vb_arena_strndup(a, k->ptr, k->len), *id, vb_arena_strndup(a, sf.ptr, sf.len)};
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
  vb_buf k;
  vb_buf_init(&k, 4096);
  int rc = ids && counts ? VB_OK : vb_err_set(err, VB_ENOMEM, p->uri, -1, "out of memory");
  for (size_t i = 0; !rc && i < v->nentities; i++) {
    const vb_entity *e = &v->entities[i];
    rc = resolve(p, a, e, e->speaker >= 0 ? speaker_ids[e->speaker] : NULL, &k, &ids[i], err);
  }
  vb_buf_free(&k);
  /* the mentions in statements, four values a row */
  const char **rows = rc || !v->nmentions ? NULL : vb_arena_calloc(a, v->nmentions * 4 * sizeof *rows);
  size_t n = 0;
  for (size_t i = 0; !rc && i < v->nmentions; i++) {
    const vb_mention *m = &v->mentions[i];
    counts[m->entity]++;
    if (m->statement < 0) continue; /* counted for the document, not searchable */
    char b[24];
    const char **row = rows + 4 * n++;
    row[0] = ids[m->entity];
    row[1] = stmt_ids[m->statement];
    snprintf(b, sizeof b, "%u", m->start);
    row[2] = vb_arena_strndup(a, b, strlen(b));
    snprintf(b, sizeof b, "%u", m->end);
    row[3] = vb_arena_strndup(a, b, strlen(b));
  }
  if (!rc && n)
    rc = vb_pg_insert_rows(p, "INSERT INTO mentions(entity_id, statement_id, start, \"end\")", "ON CONFLICT DO NOTHING",
                           4, n, rows, err, "adding mentions");
  for (size_t i = 0; !rc && i < v->nentities; i++) {
    if (!counts[i] && v->entities[i].speaker < 0) continue;
    char c[24];
    snprintf(c, sizeof c, "%lld", (long long)counts[i]);
    const vb_str role = v->entities[i].role;
    const char *dv[4] = {doc_id, ids[i], role.len ? vb_arena_strndup(a, role.ptr, role.len) : NULL, c};
    rc = vb_pg_exec(p,
                    "INSERT INTO doc_entities(doc_id, entity_id, role, mentions) VALUES($1::bigint,$2::bigint,$3,$4::integer)"
                    " ON CONFLICT (doc_id, entity_id) DO UPDATE SET mentions = doc_entities.mentions + EXCLUDED.mentions,"
                    " role = coalesce(doc_entities.role, EXCLUDED.role)",
                    4, dv, NULL, err, "adding a document's entity");
  }
  return rc;
}

int vb_pg_entity_ids(pg *p, const char *name, size_t n, vb_buf *out, vb_err *err) {
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
  const vb_lexicon *lx = NULL;
  vb_err lerr;
  if (vb_lexicon_default(&lx, &lerr)) lx = NULL;
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

int vb_pg_entities_json(pg *p, const char *filter, int type, int limit, char **json, vb_err *err) {
  *json = NULL;
  vb_buf ids;
  vb_buf_init(&ids, 0);
  int rc = filter && *filter ? vb_pg_entity_ids(p, filter, strlen(filter), &ids, err) : VB_OK;
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
                    " GROUP BY e.id ORDER BY n DESC, e.name COLLATE \"C\" LIMIT $4::integer",
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

int vb_pg_entity_json(pg *p, const char *ref, char **json, vb_err *err) {
  *json = NULL;
  vb_buf ids;
  vb_buf_init(&ids, 0);
  int rc = vb_pg_entity_ids(p, ref, strlen(ref), &ids, err);
  const char *v[1] = {ids.ptr};
  PGresult *r = NULL;
  /* of the entities answering to the name, the most mentioned */
  if (!rc)
    rc = vb_pg_exec(p,
                    "SELECT e.id, e.name, e.type, e.key, sp.name,"
                    " (SELECT coalesce(sum(mentions), 0) FROM doc_entities WHERE entity_id = e.id) AS n,"
                    " (SELECT count(*) FROM doc_entities WHERE entity_id = e.id)"
                    " FROM entities e LEFT JOIN speakers sp ON sp.id = e.speaker_id"
                    " WHERE e.id = ANY($1::bigint[]) ORDER BY n DESC, e.id LIMIT 1",
                    1, v, &r, err, "reading an entity");
  vb_buf_free(&ids);
  if (rc) return rc;
  if (!PQntuples(r)) {
    PQclear(r);
    return vb_err_set(err, VB_ENOTFOUND, p->uri, -1, "no entity called \"%s\"", ref);
  }
  char id[24], eid[32];
  snprintf(id, sizeof id, "%s", PQgetvalue(r, 0, 0));
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
                            " ORDER BY n DESC, e.name COLLATE \"C\" LIMIT 10",
                            id, "name", "statements"));
  return dump(p, o, json, err);
}
