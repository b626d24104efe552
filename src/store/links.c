/* links — who mentions each entity (mentions per entity and speaker) and
 * what it is mentioned with (statements per pair of entities), kept as
 * the archive changes, written once over the SQL driver (store.h says
 * what the tables hold). Ingest adds a document's counts from what it
 * stores; a reparse and a correction count what they change as deltas,
 * minus before and plus after, and add the sums. */
#include <stdio.h>
#include <stdlib.h>

#include "core/err.h"
#include "core/sort.h"
#include "store/store.h"

#define OOM(e) vb_err_set((e), VB_ENOMEM, "", -1, "out of memory")

/* Sorted with the order inlined (core/sort.h): the three qsorts here were
 * 11.7 M of the storing thread's instructions on 50 UN speeches
 * (callgrind, bench/ingest_ir.sh), most of it calls to the orders. Items
 * equal in an order are alike for what follows: a statement's entity
 * counted once, a pair's or a speaker's mentions counted. */
#define BY_STATEMENT_ENTITY(a, b) \
  ((a)->statement != (b)->statement ? (a)->statement < (b)->statement : (a)->entity < (b)->entity)
#define BY_ENTITY_SPEAKER(a, b) ((a)->entity != (b)->entity ? (a)->entity < (b)->entity : (a)->speaker < (b)->speaker)
VB_SORT_DEFINE(sort_by_statement_entity, vs_link_mention, BY_STATEMENT_ENTITY)
VB_SORT_DEFINE(sort_by_entity_speaker, vs_link_mention, BY_ENTITY_SPEAKER)

typedef struct pair {
  int64_t a, b;
} pair;

#define PAIR_ORDER(p, q) ((p)->a != (q)->a ? (p)->a < (q)->a : (p)->b < (q)->b)
VB_SORT_DEFINE(sort_pairs, pair, PAIR_ORDER)

/* Rows (a, b, n) added to a table's counts; sorted by key, so two
 * ingesters take the rows' locks in one order (PostgreSQL). */
static int upsert(vs_db db, const char *head, const char *tail, vs_value *rows, size_t n, vb_err *err) {
  return n ? db.drv->insert_rows(db.conn, head, tail, 3, n, rows, NULL, err) : VB_OK;
}

int vs_links_add(vs_db db, vs_link_mention *m, size_t n, vb_err *err) {
  if (!n) return VB_OK;
  size_t npairs = 0;
  /* each statement's distinct entities, every ordered pair of them */
  sort_by_statement_entity(m, n);
  for (size_t i = 0, j; i < n; i = j) {
    size_t k = 0;
    for (j = i; j < n && m[j].statement == m[i].statement; j++)
      if (j == i || m[j].entity != m[j - 1].entity) k++;
    npairs += k * (k - 1);
  }
  pair *p = npairs ? malloc(npairs * sizeof *p) : NULL;
  vs_value *rows = malloc((npairs > n ? npairs : n) * 3 * sizeof *rows);
  if ((npairs && !p) || !rows) {
    free(p);
    free(rows);
    return OOM(err);
  }
  size_t np = 0;
  for (size_t i = 0, j; i < n; i = j) {
    for (j = i; j < n && m[j].statement == m[i].statement; j++) {}
    for (size_t x = i; x < j; x++) {
      if (x > i && m[x].entity == m[x - 1].entity) continue;
      for (size_t y = i; y < j; y++)
        if (m[y].entity != m[x].entity && (y == i || m[y].entity != m[y - 1].entity))
          p[np++] = (pair){m[x].entity, m[y].entity};
    }
  }
  size_t nr = 0;
  sort_pairs(p, np);
  for (size_t i = 0, j; i < np; i = j) {
    for (j = i; j < np && p[j].a == p[i].a && p[j].b == p[i].b; j++) {}
    vs_value *r = rows + 3 * nr++;
    r[0] = vs_val_int(p[i].a);
    r[1] = vs_val_int(p[i].b);
    r[2] = vs_val_int((int64_t)(j - i));
  }
  int rc = upsert(db, "INSERT INTO entity_pairs(entity_id, other_id, statements)",
                  "ON CONFLICT(entity_id, other_id) DO UPDATE SET statements = entity_pairs.statements + excluded.statements",
                  rows, nr, err);
  /* the mentions in a speaker's statements */
  sort_by_entity_speaker(m, n);
  nr = 0;
  for (size_t i = 0, j; i < n; i = j) {
    for (j = i; j < n && m[j].entity == m[i].entity && m[j].speaker == m[i].speaker; j++) {}
    if (!m[i].speaker) continue;
    vs_value *r = rows + 3 * nr++;
    r[0] = vs_val_int(m[i].entity);
    r[1] = vs_val_int(m[i].speaker);
    r[2] = vs_val_int((int64_t)(j - i));
  }
  if (!rc)
    rc = upsert(db, "INSERT INTO entity_speakers(entity_id, speaker_id, mentions)",
                "ON CONFLICT(entity_id, speaker_id) DO UPDATE SET mentions = entity_speakers.mentions + excluded.mentions",
                rows, nr, err);
  free(p);
  free(rows);
  return rc;
}

static int run_all(vs_db db, const char *const *steps, size_t n, vb_err *err) {
  int rc = VB_OK;
  for (size_t i = 0; !rc && i < n; i++) rc = vs_sql_exec(db, steps[i], err);
  return rc;
}

int vs_links_reset(vs_db db, vb_err *err) {
  static const char *const steps[] = {
      "CREATE TEMP TABLE IF NOT EXISTS links_speakers_delta(entity_id bigint NOT NULL, speaker_id bigint NOT NULL,"
      " n bigint NOT NULL)",
      "CREATE TEMP TABLE IF NOT EXISTS links_pairs_delta(entity_id bigint NOT NULL, other_id bigint NOT NULL,"
      " n bigint NOT NULL)",
      "DELETE FROM links_speakers_delta",
      "DELETE FROM links_pairs_delta",
  };
  return run_all(db, steps, sizeof steps / sizeof *steps, err);
}

/* The counts of some statements into the deltas, times sign: `from` joins
 * the statements s and their mentions m, `where` keeps the statements
 * (with ?1 the id, when not 0). */
static int count_into(vs_db db, const char *from, const char *where, int64_t id, int sign, vb_err *err) {
  char sql[1024];
  snprintf(sql, sizeof sql,
           "INSERT INTO links_speakers_delta(entity_id, speaker_id, n) SELECT m.entity_id, s.speaker_id, %d * count(*)"
           " FROM %s WHERE %s AND s.speaker_id IS NOT NULL GROUP BY m.entity_id, s.speaker_id",
           sign, from, where);
  int rc = id ? vs_sql_exec_id(db, sql, id, err) : vs_sql_exec(db, sql, err);
  snprintf(sql, sizeof sql,
           "INSERT INTO links_pairs_delta(entity_id, other_id, n) SELECT m.entity_id, m2.entity_id,"
           " %d * count(DISTINCT m.statement_id) FROM %s CROSS JOIN mentions m2 WHERE %s"
           " AND m2.statement_id = m.statement_id AND m2.entity_id <> m.entity_id GROUP BY m.entity_id, m2.entity_id",
           sign, from, where);
  if (rc) return rc;
  return id ? vs_sql_exec_id(db, sql, id, err) : vs_sql_exec(db, sql, err);
}

int vs_links_doc(vs_db db, int64_t doc_id, int sign, vb_err *err) {
  return count_into(db, "statements s CROSS JOIN mentions m", "s.doc_id = ?1 AND m.statement_id = s.id", doc_id,
                    sign, err);
}

int vs_links_gathered(vs_db db, int sign, vb_err *err) {
  return count_into(db, "fix_statements g CROSS JOIN statements s CROSS JOIN mentions m",
                    "s.id = g.statement_id AND m.statement_id = g.statement_id", 0, sign, err);
}

int vs_links_apply(vs_db db, vb_err *err) {
  static const char *const steps[] = {
      "INSERT INTO entity_speakers(entity_id, speaker_id, mentions) SELECT entity_id, speaker_id, sum(n)"
      " FROM links_speakers_delta WHERE TRUE GROUP BY entity_id, speaker_id HAVING sum(n) <> 0"
      " ON CONFLICT(entity_id, speaker_id) DO UPDATE SET mentions = entity_speakers.mentions + excluded.mentions",
      "DELETE FROM entity_speakers WHERE mentions <= 0 AND (entity_id, speaker_id) IN"
      " (SELECT entity_id, speaker_id FROM links_speakers_delta)",
      "INSERT INTO entity_pairs(entity_id, other_id, statements) SELECT entity_id, other_id, sum(n)"
      " FROM links_pairs_delta WHERE TRUE GROUP BY entity_id, other_id HAVING sum(n) <> 0"
      " ON CONFLICT(entity_id, other_id) DO UPDATE SET statements = entity_pairs.statements + excluded.statements",
      "DELETE FROM entity_pairs WHERE statements <= 0 AND (entity_id, other_id) IN"
      " (SELECT entity_id, other_id FROM links_pairs_delta)",
      "DELETE FROM links_speakers_delta",
      "DELETE FROM links_pairs_delta",
  };
  return run_all(db, steps, sizeof steps / sizeof *steps, err);
}
