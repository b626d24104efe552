/* entities — archive-wide entities, written once over the SQL driver:
 * each document's entity resolved to one archive entity (an analyst's
 * alias for any of its spellings first, then its identity key, then an
 * entity of its type that already answers to one of its spellings),
 * every spelling kept, mentions per statement, the role each document
 * gives it; the analysts' corrections (merge, split, rename, alias add and
 * rm, reject), which change what is stored at once and govern every later
 * ingest; and the corrections kept, for the lexicon documents are parsed
 * with. The unique entity key makes two ingesters meeting a new name agree
 * on one entity.
 *
 * A connection remembers what it learnt while storing (a document
 * entity's key -> archive entity, the spellings already recorded) until a
 * correction, here or in another process, makes it stale. A backend
 * stores the mentions (vs_entity_sink.mention), each with its spelling's
 * key for later corrections: SQLite at its batch's commit, sorted by
 * entity; PostgreSQL with the document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "core/map.h"
#include "extract/extract.h"
#include "extract/lexicon.h"
#include "query/query.h"
#include "store/compile.h"
#include "store/store.h"

#define OOM(e) vb_err_set((e), VB_ENOMEM, "", -1, "out of memory")
/* A correction that lost a deadlock is tried again this many times. */
#define RETRIES 5

/* The statements resolution runs again and again, prepared once per
 * connection. */
enum {
  E_REJECTED,
  E_MANUAL_ALIAS,
  E_CORRECTIONS,
  E_COUNT
};

static const char *const entity_sql[E_COUNT] = {
    "SELECT 1 FROM entity_rejects WHERE key = ?1",
    "SELECT entity_id FROM entity_aliases WHERE key = ?1 AND manual = 1 ORDER BY entity_id LIMIT 1",
    /* an analyst's alias is only ever written with its correction's row
     * (fix_tx): an archive with no correction is not scanned for one (no
     * index has manual: a scan of every spelling per document stored) */
    "SELECT CASE WHEN EXISTS(SELECT 1 FROM entity_rejects) THEN 1 ELSE 0 END,"
    " CASE WHEN NOT EXISTS(SELECT 1 FROM corrections) THEN 0"
    " WHEN EXISTS(SELECT 1 FROM entity_aliases WHERE manual = 1) THEN 1 ELSE 0 END,"
    " coalesce((SELECT max(id) FROM corrections), 0)",
};

struct vs_entities {
  vs_sql *q[E_COUNT];
  vb_map cache, seen;       /* document entity key -> entity; "id|spelling key" recorded */
  int64_t corrections_seen; /* max(corrections.id) when the maps were filled; -1: never */
  /* the corrections' state (E_CORRECTIONS) as read in the driver's batch
   * fixes_batch (0: not read in one), which no correction can change */
  unsigned long fixes_batch;
  int64_t has_rejects, has_manual;
};

void vs_entities_free(vs_entities *e) {
  if (!e) return;
  for (int i = 0; i < E_COUNT; i++) vs_finalize(e->q[i]);
  vb_map_free(&e->cache);
  vb_map_free(&e->seen);
  free(e);
}

int64_t vs_entities_last_fix(const vs_entities *e) { return e ? e->corrections_seen : -1; }

void vs_entities_forget(vs_entities *e) {
  if (!e) return;
  vb_map_free(&e->cache);
  vb_map_free(&e->seen);
  vb_map_init(&e->cache);
  vb_map_init(&e->seen);
  e->corrections_seen = -1;
  e->fixes_batch = 0;
}

static int prepared(vs_db db, vs_entities **cache, vb_err *err) {
  if (*cache) return VB_OK;
  vs_entities *e = calloc(1, sizeof *e);
  if (!e) return OOM(err);
  vb_map_init(&e->cache);
  vb_map_init(&e->seen);
  e->corrections_seen = -1;
  int rc = VB_OK;
  for (int i = 0; !rc && i < E_COUNT; i++)
    rc = vs_sql_prepare(db, entity_sql[i], &e->q[i], err);
  if (rc) {
    vs_entities_free(e);
    return rc;
  }
  *cache = e;
  return VB_OK;
}

/* ---- what the archive knows of a document's entities --------------------------------- */

/* Candidates a spelling key may name, looked at in turn. */
#define CANDIDATES 16
/* Keys named in one IN (…) list: far below either backend's limit on a
 * statement's parameters (1,024 in the PostgreSQL driver). */
#define KEYS_PER_QUERY 500

/* An archive entity a document's entities may resolve to: read before
 * any is resolved (id > 0), or made by this document (fresh: its id comes
 * when the new entities are written, all in one statement). */
typedef struct known {
  int64_t id, speaker; /* speaker: a fresh entity's */
  vb_str key, name, type; /* key and name {NULL, 0} when not read */
  int fresh;
} known;

/* A spelling an entity answers to, by its spelling key: read, or added by
 * this document. */
typedef struct spelling {
  vb_str surface;
  uint32_t ent;  /* in view.ents */
  uint32_t next; /* the key's next spelling, or VB_MAP_NONE */
  int manual;
} spelling;

/* The entities and spellings a document's entities may meet, read in a
 * few queries (every key and spelling key at once) instead of a round
 * trip per lookup; what the document makes joins them as it is resolved,
 * so a later entity of the document meets it as it would in the
 * archive. */
typedef struct view {
  vb_arena *a;
  VB_VEC(known) ents;
  VB_VEC(spelling) sp;
  vb_map by_key;   /* entity key -> ents */
  vb_map by_spell; /* spelling key -> sp, the last added (then .next) */
  vb_imap by_id;   /* archive id -> ents */
  struct key_memo *keys;
} view;

static uint32_t view_entity(view *w, int64_t id, vb_str key, vb_str name, vb_str type) {
  uint32_t at = id > 0 ? vb_imap_get(&w->by_id, (uint64_t)id) : VB_MAP_NONE;
  if (at != VB_MAP_NONE) {
    known *x = &w->ents.v[at];
    if (!x->name.ptr) x->name = name;
    if (!x->key.ptr && key.ptr) {
      x->key = key;
      if (vb_map_put(&w->by_key, key.ptr, key.len, at, NULL) == VB_MAP_NONE) return VB_MAP_NONE;
    }
    return at;
  }
  known *x = VB_VEC_PUSH(w->a, w->ents);
  if (!x) return VB_MAP_NONE;
  *x = (known){id, 0, key, name, type, id <= 0};
  at = w->ents.n - 1;
  if (key.ptr && vb_map_put(&w->by_key, key.ptr, key.len, at, NULL) == VB_MAP_NONE) return VB_MAP_NONE;
  if (id > 0 && vb_imap_set(&w->by_id, (uint64_t)id, at)) return VB_MAP_NONE;
  return at;
}

static int view_spelling(view *w, const char *k, size_t kn, uint32_t ent, vb_str surface, int manual) {
  spelling *s = VB_VEC_PUSH(w->a, w->sp);
  if (!s) return -1;
  *s = (spelling){surface, ent, vb_map_get(&w->by_spell, k, kn), manual};
  return vb_map_set(&w->by_spell, k, kn, w->sp.n - 1);
}

static int entity_row(void *ctx, vs_sql *q) {
  view *w = ctx;
  vb_str key = vs_col_str(q, 1, w->a), name = vs_col_str(q, 2, w->a), type = vs_col_str(q, 3, w->a);
  if (!key.ptr || !name.ptr || !type.ptr) return VB_ENOMEM;
  return view_entity(w, vs_col_int(q, 0), key, name, type) == VB_MAP_NONE ? VB_ENOMEM : VB_OK;
}

static int spelling_row(void *ctx, vs_sql *q) {
  view *w = ctx;
  vb_str k = vs_col_str(q, 0, w->a), surface = vs_col_str(q, 2, w->a), name = vs_col_str(q, 4, w->a),
         type = vs_col_str(q, 5, w->a), key = vs_col_str(q, 6, w->a);
  if (!k.ptr || !surface.ptr || !name.ptr || !type.ptr || !key.ptr) return VB_ENOMEM;
  uint32_t at = view_entity(w, vs_col_int(q, 1), key, name, type);
  if (at == VB_MAP_NONE || view_spelling(w, k.ptr, k.len, at, surface, vs_col_int(q, 3) == 1)) return VB_ENOMEM;
  return VB_OK;
}

/* The length a list of n (<= KEYS_PER_QUERY) is written with, its last
 * item repeated to fill it (a list means the same with an item twice):
 * each length is one SQL text, which the driver keeps prepared, where a
 * length of its own per document was the SQL parsed again three times a
 * document (9.1 M of the storing thread's 479.3 M instructions on 50 UN
 * speeches, callgrind, bench/ingest_ir.sh). */
static size_t list_room(size_t n) {
  static const size_t room[] = {8, 32, 128};
  for (size_t i = 0; i < sizeof room / sizeof *room; i++)
    if (n <= room[i]) return room[i];
  return KEYS_PER_QUERY;
}

/* "?from+1,…,?from+n" added to b, the numbers written by hand
 * (vb_buf_printf a parameter was 2.3 M instructions of 50 UN speeches'
 * storing). */
static void add_params_from(vb_buf *b, size_t from, size_t n) {
  for (size_t i = from + 1; i <= from + n; i++) {
    char num[24], *e = num + sizeof num, *p = e;
    for (size_t v = i; v; v /= 10) *--p = (char)('0' + v % 10);
    *--p = '?';
    if (i > from + 1) vb_buf_addc(b, ',');
    vb_buf_add(b, p, (size_t)(e - p));
  }
}
static void add_params(vb_buf *b, size_t n) { add_params_from(b, 0, n); }

/* Runs head "(?1)" tail once a key, each row to fn: where a statement
 * is no round trip (SQLite), a kept statement stepped for each key costs
 * less than one list, which SQLite first writes into a table of its own,
 * a row a value, the padding's repeats too (read_keys: 19.6 M of the
 * storing thread's instructions on 50 UN speeches, 4,512 keys bound;
 * callgrind, bench/ingest_ir.sh). A key's rows come as in a list, in the
 * index's order; the keys' in their own (a view is the same either way:
 * a key's spellings stay in their order, fresh entities come after). */
static int read_each_key(vs_db db, const char *head, const char *tail, const vb_str *keys, size_t n,
                         int (*fn)(void *ctx, vs_sql *row), void *ctx, vb_err *err) {
  vb_buf sql;
  vb_buf_init(&sql, 0);
  vb_buf_adds(&sql, head);
  vb_buf_adds(&sql, "(?1)");
  vb_buf_adds(&sql, tail);
  vs_sql *q = NULL;
  int rc = sql.failed ? OOM(err) : vs_sql_prepare(db, sql.ptr, &q, err);
  vb_buf_free(&sql);
  for (size_t i = 0; !rc && i < n; i++) {
    vs_bind_text(q, 1, keys[i].ptr, keys[i].len);
    rc = vs_sql_each(q, fn, ctx, err);
    if (rc == VB_ENOMEM && err->code != VB_ENOMEM) rc = OOM(err);
    vs_reset(q);
  }
  vs_finalize(q);
  return rc;
}

/* Runs head "(?1, …)" tail over keys, KEYS_PER_QUERY at a time, each row
 * to fn. */
static int read_keys(vs_db db, const char *head, const char *tail, const vb_str *keys, size_t n,
                     int (*fn)(void *ctx, vs_sql *row), void *ctx, vb_err *err) {
  if (!db.drv->dialect->round_trips) return read_each_key(db, head, tail, keys, n, fn, ctx, err);
  int rc = VB_OK;
  for (size_t first = 0; !rc && first < n; first += KEYS_PER_QUERY) {
    size_t m = n - first < KEYS_PER_QUERY ? n - first : KEYS_PER_QUERY, room = list_room(m);
    vb_buf sql;
    vb_buf_init(&sql, 0);
    vb_buf_adds(&sql, head);
    vb_buf_addc(&sql, '(');
    add_params(&sql, room);
    vb_buf_addc(&sql, ')');
    vb_buf_adds(&sql, tail);
    vs_sql *q = NULL;
    rc = sql.failed ? OOM(err) : vs_sql_prepare(db, sql.ptr, &q, err);
    vb_buf_free(&sql);
    for (size_t i = 0; !rc && i < room; i++) {
      const vb_str *key = &keys[first + (i < m ? i : m - 1)];
      vs_bind_text(q, (int)i + 1, key->ptr, key->len);
    }
    if (!rc) rc = vs_sql_each(q, fn, ctx, err);
    if (rc == VB_ENOMEM && err->code != VB_ENOMEM) rc = OOM(err);
    vs_finalize(q);
  }
  return rc;
}

static int key_of(const char *t, size_t n, vb_buf *b) {
  b->len = 0;
  b->failed = 0;
  return vb_entity_key(t, n, b) || !b->ptr ? -1 : 0;
}

/* A document's spelling keys, each made once: resolving asks for the
 * same few names' keys at every step, and every mention for its
 * spelling's (vb_entity_key 11,608 times, 15.0 M of the storing thread's
 * instructions on 50 UN speeches, callgrind, bench/ingest_ir.sh). */
typedef struct key_memo {
  vb_arena *a;
  vb_map at; /* spelling -> keys */
  VB_VEC(vb_str) keys;
} key_memo;

/* key_of, remembered in m (NULL: not). */
static int memo_key(key_memo *m, const char *t, size_t n, vb_buf *b) {
  if (!m) return key_of(t, n, b);
  uint32_t i = vb_map_get(&m->at, t, n);
  if (i != VB_MAP_NONE) {
    b->len = 0;
    b->failed = 0;
    return vb_buf_add(b, m->keys.v[i].ptr, m->keys.v[i].len) || !b->ptr ? -1 : 0;
  }
  if (key_of(t, n, b)) return -1;
  vb_str *slot = VB_VEC_PUSH(m->a, m->keys);
  char *p = slot ? vb_arena_strndup(m->a, b->ptr, b->len) : NULL;
  if (!p) return -1;
  *slot = (vb_str){p, b->len};
  return vb_map_set(&m->at, t, n, m->keys.n - 1);
}

/* Whether entity `at`, found by the spelling key k of `name` (or by the
 * skeleton key the two share), stands for it: it does by an analyst's
 * alias, or by a spelling alike word by word — its name or one it was
 * written in (Hizbullah for Hezbollah, Putin for Putin); not by a spelling
 * that only shares the key's skeleton (Sidon's is Sudan's, Sedin's too). */
static int spelled_alike(const view *w, uint32_t at, const vb_buf *k, vb_str name) {
  for (uint32_t s = vb_map_get(&w->by_spell, k->ptr, k->len); s != VB_MAP_NONE; s = w->sp.v[s].next) {
    const spelling *x = &w->sp.v[s];
    if (x->ent != at) continue;
    if (x->manual || vb_lexicon_close(NULL, name.ptr, name.len, x->surface.ptr, x->surface.len)) return 1;
  }
  vb_str own = w->ents.v[at].name;
  return own.ptr && own.len && vb_lexicon_close(NULL, name.ptr, name.len, own.ptr, own.len);
}

typedef struct candidate {
  uint32_t ent;
  int manual;
  int64_t id; /* fresh: after every archive one, in the order made */
} candidate;

static int candidate_order(const void *x, const void *y) {
  const candidate *a = x, *b = y;
  if (a->manual != b->manual) return b->manual - a->manual;
  if ((a->id > 0) != (b->id > 0)) return a->id > 0 ? -1 : 1;
  if (a->id > 0) return (a->id > b->id) - (a->id < b->id);
  return (a->ent > b->ent) - (a->ent < b->ent);
}

/* The entity of `type` the spelling `sf` leads to: every entity answering
 * to its spelling key, an analyst's alias first, then by id (at most
 * CANDIDATES), until one is spelled alike (not only the first: Sudan's
 * spelling key may be Sidon's too). VB_MAP_NONE when none is; -1: out of
 * memory. */
static int by_spelling(const view *w, vb_str sf, vb_str type, vb_buf *k, uint32_t *out) {
  *out = VB_MAP_NONE;
  if (memo_key(w->keys, sf.ptr, sf.len, k)) return -1;
  candidate cand[64];
  size_t n = 0;
  for (uint32_t s = vb_map_get(&w->by_spell, k->ptr, k->len); s != VB_MAP_NONE; s = w->sp.v[s].next) {
    const spelling *x = &w->sp.v[s];
    const known *e = &w->ents.v[x->ent];
    if (e->type.len != type.len || memcmp(e->type.ptr, type.ptr, type.len)) continue;
    size_t j = 0;
    while (j < n && cand[j].ent != x->ent) j++;
    if (j == n) {
      if (n == sizeof cand / sizeof *cand) continue;
      cand[n++] = (candidate){x->ent, 0, e->fresh ? 0 : e->id};
    }
    if (x->manual) cand[j].manual = 1;
  }
  qsort(cand, n, sizeof *cand, candidate_order);
  for (size_t i = 0; i < n && i < CANDIDATES; i++)
    if (spelled_alike(w, cand[i].ent, k, sf)) {
      *out = cand[i].ent;
      break;
    }
  return 0;
}

/* Whether entity `at`, met by document entity e's key, is e: a key is a
 * skeleton, so some spelling of e must be alike too (Sedin, a name the
 * lists do not know, is not the listed Sudan of its key). */
static int key_alike(const view *w, uint32_t at, const vb_entity *e, vb_buf *k, int *alike) {
  *alike = 0;
  for (size_t i = 0; !*alike && i <= e->naliases; i++) {
    vb_str sf = i == 0 ? e->name : e->aliases[i - 1];
    if (memo_key(w->keys, sf.ptr, sf.len, k)) return -1;
    *alike = spelled_alike(w, at, k, sf);
  }
  return 0;
}

/* Whether `part` is some of the words of `name`, not all ("Francis" of
 * "Dennis Francis"). */
static int part_of_name(vb_str part, vb_str name) {
  if (!part.len || part.len >= name.len) return 0;
  for (size_t at = 0; at + part.len <= name.len; at++)
    if ((at == 0 || name.ptr[at - 1] == ' ') && (at + part.len == name.len || name.ptr[at + part.len] == ' ') &&
        vb_lexicon_close(NULL, name.ptr + at, part.len, part.ptr, part.len))
      return 1;
  return 0;
}

/* Whether the archive entity's own name is `sf` (its name unread: taken
 * as so, as before names were kept). */
static int named_alike(const known *x, vb_str sf) {
  return !x->name.ptr || !x->name.len || vb_lexicon_close(NULL, x->name.ptr, x->name.len, sf.ptr, sf.len);
}

/* The first id a lookup returns (0: none; -1: it failed). */
static int64_t lookup(vs_sql *q, const char *k, size_t n, const char *type, vb_err *err) {
  vs_bind_text(q, 1, k, n);
  if (type) vs_bind_str(q, 2, type);
  int r = vs_next(q, err);
  int64_t id = r > 0 ? vs_col_int(q, 0) : r < 0 ? -1 : 0;
  vs_reset(q);
  return id;
}

/* ---- storing a document's entities ------------------------------------------------- */

/* The archive entity (in w) a document entity stands for, made (fresh in
 * w) if new; VB_MAP_NONE in *at when its name was marked "not an
 * entity". cached: the id this connection resolved it to before (0:
 * none). */
static int resolve(vs_entities *c, view *w, const vb_entity *e, int64_t cached, int64_t speaker_id, int has_rejects,
                   int has_manual, vb_buf *k, uint32_t *at, vb_err *err) {
  *at = VB_MAP_NONE;
  vb_str type = {vb_etype_name(e->type), strlen(vb_etype_name(e->type))};
  const char *colon = memchr(e->key.ptr, ':', e->key.len);
  const char *plain = colon ? colon + 1 : e->key.ptr;
  size_t plen = e->key.len - (size_t)(plain - e->key.ptr);
  int64_t found = cached;
  if (!found && has_rejects) {
    int64_t r = lookup(c->q[E_REJECTED], plain, plen, NULL, err);
    if (r) return r < 0 ? err->code : VB_OK;
  }
  if (!found && has_manual) found = lookup(c->q[E_MANUAL_ALIAS], plain, plen, NULL, err);
  for (size_t i = 0; has_manual && !found && i <= e->naliases; i++) {
    vb_str sf = i == 0 ? e->name : e->aliases[i - 1];
    if (memo_key(w->keys, sf.ptr, sf.len, k)) return OOM(err);
    found = lookup(c->q[E_MANUAL_ALIAS], k->ptr, k->len, NULL, err);
  }
  if (found < 0) return err->code;
  if (found) {
    *at = view_entity(w, found, (vb_str){0}, (vb_str){0}, type);
    return *at == VB_MAP_NONE ? OOM(err) : VB_OK;
  }
  /* the key it is stored under: its own, or, when an entity not spelled
   * like it holds that key, the key made its own by its name (as the
   * lexicon makes Colombo's beside Colombia's) */
  vb_buf own;
  vb_buf_init(&own, 256);
  vb_buf_add(&own, e->key.ptr, e->key.len);
  uint32_t x = vb_map_get(&w->by_key, e->key.ptr, e->key.len);
  int alike = 1;
  if (x != VB_MAP_NONE && key_alike(w, x, e, k, &alike)) own.failed = 1;
  if (x != VB_MAP_NONE && !alike) {
    if (vb_lexicon_own_key(&own, e->name.ptr, e->name.len)) own.failed = 1;
    x = own.failed ? VB_MAP_NONE : vb_map_get(&w->by_key, own.ptr, own.len);
  }
  for (size_t i = 0; !own.failed && x == VB_MAP_NONE && i <= e->naliases; i++) {
    vb_str sf = i == 0 ? e->name : e->aliases[i - 1];
    if (by_spelling(w, sf, type, k, &x)) own.failed = 1;
    /* "Francis" of a document's Dennis Francis is no lead to the Pope
     * Francis who was also written "Francis": a short form inside the
     * document's full name leads only to an entity named by that short
     * form alone (one the full name did not find) */
    if (x != VB_MAP_NONE && i > 0 && part_of_name(sf, e->name) && !named_alike(&w->ents.v[x], sf))
      x = VB_MAP_NONE;
  }
  if (!own.failed && x == VB_MAP_NONE) {
    vb_str key = {vb_arena_strndup(w->a, own.ptr, own.len), own.len};
    x = key.ptr ? view_entity(w, 0, key, e->name, type) : VB_MAP_NONE;
    if (x == VB_MAP_NONE) own.failed = 1;
    else w->ents.v[x].speaker = speaker_id;
  }
  int rc = own.failed ? OOM(err) : VB_OK;
  vb_buf_free(&own);
  *at = rc ? VB_MAP_NONE : x;
  return rc;
}

typedef VB_VEC(vb_str) str_vec;

/* Adds to keys a copy of k, once. */
static int key_once(vb_arena *a, vb_map *once, str_vec *keys, const vb_buf *k) {
  int seen = 0;
  if (vb_map_put(once, k->ptr, k->len, 1, &seen) == VB_MAP_NONE) return -1;
  if (seen) return 0;
  vb_str *s = VB_VEC_PUSH(a, *keys);
  if (!s) return -1;
  *s = (vb_str){vb_arena_strndup(a, k->ptr, k->len), k->len};
  return s->ptr ? 0 : -1;
}

static int fresh_id_row(void *ctx, vs_sql *q) {
  view *w = ctx;
  size_t n;
  const char *key = vs_col_text(q, 1, &n);
  uint32_t at = vb_map_get(&w->by_key, key, n);
  if (at != VB_MAP_NONE && w->ents.v[at].fresh) w->ents.v[at].id = vs_col_int(q, 0);
  return VB_OK;
}

/* The speakers the entities are now known to be, where they had none:
 * pairs (entity id, speaker id), the first for an entity winning, as if
 * each were set in turn. */
#define PAIRS_PER_UPDATE 200
static int set_speakers(vs_db db, const int64_t *pairs, size_t n, vb_err *err) {
  int rc = VB_OK;
  for (size_t first = 0; !rc && first < n; first += PAIRS_PER_UPDATE) {
    /* written with a list's length (list_room), the last pair repeated:
     * the first WHEN that holds gives the value, and it is the same */
    size_t m = n - first < PAIRS_PER_UPDATE ? n - first : PAIRS_PER_UPDATE, room = list_room(m);
    if (room > PAIRS_PER_UPDATE) room = PAIRS_PER_UPDATE;
    vb_buf sql;
    vb_buf_init(&sql, 0);
    vb_buf_adds(&sql, "UPDATE entities SET speaker_id = CASE id");
    for (size_t i = 0; i < room; i++) vb_buf_printf(&sql, " WHEN ?%zu THEN ?%zu", 2 * i + 1, 2 * i + 2);
    vb_buf_adds(&sql, " END WHERE speaker_id IS NULL AND id IN (");
    for (size_t i = 0; i < room; i++) vb_buf_printf(&sql, "%s?%zu", i ? "," : "", 2 * i + 1);
    vb_buf_addc(&sql, ')');
    vs_sql *q = NULL;
    rc = sql.failed ? OOM(err) : vs_sql_prepare(db, sql.ptr, &q, err);
    vb_buf_free(&sql);
    for (size_t i = 0; !rc && i < 2 * room; i++)
      vs_bind_int(q, (int)i + 1, pairs[2 * (first + (i / 2 < m ? i / 2 : m - 1)) + i % 2]);
    if (!rc) rc = vs_sql_write(q, err);
    vs_finalize(q);
  }
  return rc;
}

/* A document's entities resolved to archive entities (ids[i]: 0 when its
 * name is no entity) in a few statements whatever their number: the keys
 * and spellings they may meet read at once, then each resolved in turn
 * as before, then the new entities written in one statement (a key
 * another ingester made meanwhile is its entity), the speakers they are
 * now known to be in one, their new spellings in one. It was a round
 * trip per lookup, entity and spelling: 15 a UN speech, 250 a debate. */
/* A row of read_both: an archive entity (column 0 is 0: its id, key,
 * name, type), or a spelling of one (1: the entity's as before, then the
 * spelling's key, its surface, manual), as entity_row and spelling_row
 * read them from their own queries. */
static int both_row(void *ctx, vs_sql *q) {
  view *w = ctx;
  vb_str key = vs_col_str(q, 2, w->a), name = vs_col_str(q, 3, w->a), type = vs_col_str(q, 4, w->a);
  if (!key.ptr || !name.ptr || !type.ptr) return VB_ENOMEM;
  uint32_t at = view_entity(w, vs_col_int(q, 1), key, name, type);
  if (at == VB_MAP_NONE) return VB_ENOMEM;
  if (!vs_col_int(q, 0)) return VB_OK;
  vb_str k = vs_col_str(q, 5, w->a), surface = vs_col_str(q, 6, w->a);
  if (!k.ptr || !surface.ptr) return VB_ENOMEM;
  return view_spelling(w, k.ptr, k.len, at, surface, vs_col_int(q, 7) == 1) ? VB_ENOMEM : VB_OK;
}

/* The entities by key and the spellings by key (each list within one
 * query's KEYS_PER_QUERY) in one query, where a query is a round trip
 * (PostgreSQL): the two reads need nothing of each other, and each was a
 * round trip a document. UNION ALL runs its branches in turn, so the
 * entities' rows come first, then the spellings', each branch's rows in
 * the order its query alone gave, as the two queries in turn did. */
static int read_both(vs_db db, const str_vec *keys, const str_vec *spells, view *w, vb_err *err) {
  size_t rk = list_room(keys->n), rs = list_room(spells->n);
  vb_buf sql;
  vb_buf_init(&sql, 0);
  vb_buf_adds(&sql, "SELECT 0, id, key, name, type, NULL, NULL, NULL FROM entities WHERE key IN (");
  add_params_from(&sql, 0, rk);
  vb_buf_adds(&sql, ") UNION ALL SELECT 1, a.entity_id, e.key, e.name, e.type, a.key, a.surface, a.manual"
                    " FROM entity_aliases a JOIN entities e ON e.id = a.entity_id WHERE a.key IN (");
  add_params_from(&sql, rk, rs);
  vb_buf_addc(&sql, ')');
  vs_sql *q = NULL;
  int rc = sql.failed ? OOM(err) : vs_sql_prepare(db, sql.ptr, &q, err);
  vb_buf_free(&sql);
  for (size_t i = 0; !rc && i < rk; i++) {
    const vb_str *key = &keys->v[i < keys->n ? i : keys->n - 1];
    vs_bind_text(q, (int)i + 1, key->ptr, key->len);
  }
  for (size_t i = 0; !rc && i < rs; i++) {
    const vb_str *key = &spells->v[i < spells->n ? i : spells->n - 1];
    vs_bind_text(q, (int)(rk + i) + 1, key->ptr, key->len);
  }
  if (!rc) rc = vs_sql_each(q, both_row, w, err);
  if (rc == VB_ENOMEM && err->code != VB_ENOMEM) rc = OOM(err);
  vs_finalize(q);
  return rc;
}

static int resolve_all(vs_db db, vs_entities *c, const vb_doc_view *v, const int64_t *speaker_ids, int has_rejects,
                       int has_manual, vb_arena *a, key_memo *memo, int64_t *ids, vb_err *err) {
  view w = {a, {0}, {0}, {0}, {0}, {0}, memo};
  vb_map_init(&w.by_key);
  vb_map_init(&w.by_spell);
  vb_imap_init(&w.by_id);
  vb_map once_k, once_s;
  vb_map_init(&once_k);
  vb_map_init(&once_s);
  str_vec keys = {0}, spells = {0};
  VB_VEC(int64_t) pairs = {0};
  VB_VEC(vs_value) rows = {0};
  vb_buf k;
  vb_buf_init(&k, 4096);
  int64_t *cached = vb_arena_calloc(a, v->nentities * sizeof *cached);
  uint32_t *at = vb_arena_alloc(a, v->nentities * sizeof *at);
  int rc = cached && at ? VB_OK : OOM(err);
  /* met before by this connection (by key and name: one key may be two
   * entities, Sudan and Sedin beside it under a key of its own), the
   * archive need not be asked again; the others' keys and spellings */
  for (size_t i = 0; !rc && i < v->nentities; i++) {
    const vb_entity *e = &v->entities[i];
    k.len = 0;
    k.failed = 0;
    vb_buf_add(&k, e->key.ptr, e->key.len);
    vb_buf_addc(&k, '\n');
    vb_buf_add(&k, e->name.ptr, e->name.len);
    if (k.failed) rc = OOM(err);
    uint32_t hit = rc || has_manual ? VB_MAP_NONE : vb_map_get(&c->cache, k.ptr, k.len);
    if (hit != VB_MAP_NONE) {
      cached[i] = hit;
      continue;
    }
    k.len = 0;
    vb_buf_add(&k, e->key.ptr, e->key.len);
    if (!rc && (k.failed || key_once(a, &once_k, &keys, &k))) rc = OOM(err);
    if (!rc && (vb_lexicon_own_key(&k, e->name.ptr, e->name.len) || key_once(a, &once_k, &keys, &k)))
      rc = OOM(err);
    for (size_t j = 0; !rc && j <= e->naliases; j++) {
      vb_str sf = j == 0 ? e->name : e->aliases[j - 1];
      if (memo_key(memo, sf.ptr, sf.len, &k) || key_once(a, &once_s, &spells, &k)) rc = OOM(err);
    }
  }
  int both = db.drv->dialect->round_trips && keys.n && spells.n && keys.n <= KEYS_PER_QUERY &&
             spells.n <= KEYS_PER_QUERY;
  if (!rc && both) rc = read_both(db, &keys, &spells, &w, err);
  if (!rc && !both && keys.n)
    rc = read_keys(db, "SELECT id, key, name, type FROM entities WHERE key IN ", "", keys.v, keys.n, entity_row, &w,
                   err);
  if (!rc && !both && spells.n)
    rc = read_keys(db,
                   "SELECT a.key, a.entity_id, a.surface, a.manual, e.name, e.type, e.key"
                   " FROM entity_aliases a JOIN entities e ON e.id = a.entity_id WHERE a.key IN ",
                   "", spells.v, spells.n, spelling_row, &w, err);
  /* each in turn, meeting what those before it made */
  for (size_t i = 0; !rc && i < v->nentities; i++) {
    const vb_entity *e = &v->entities[i];
    int64_t sp = e->speaker >= 0 ? speaker_ids[e->speaker] : 0;
    rc = resolve(c, &w, e, cached[i], sp, has_rejects, has_manual, &k, &at[i], err);
    if (rc || at[i] == VB_MAP_NONE) continue;
    known *x = &w.ents.v[at[i]];
    if (sp && x->fresh && !x->speaker) x->speaker = sp;
    /* an entity another ingester made meanwhile too */
    if (sp) {
      /* written by index once both are in: the second push may move the
       * vector, and a pointer taken by the first would write the old copy
       * (safe today only while the vector's growth falls on the first) */
      int64_t *p = VB_VEC_PUSH(a, pairs), *q = p ? VB_VEC_PUSH(a, pairs) : NULL;
      if (!q) rc = OOM(err);
      else pairs.v[pairs.n - 2] = at[i], pairs.v[pairs.n - 1] = sp;
    }
    for (size_t j = 0; !rc && j <= e->naliases; j++) {
      vb_str sf = j == 0 ? e->name : e->aliases[j - 1];
      if (memo_key(memo, sf.ptr, sf.len, &k) || view_spelling(&w, k.ptr, k.len, at[i], sf, 0)) rc = OOM(err);
    }
  }
  /* the new entities, then their ids (theirs, or another ingester's) */
  keys.n = 0;
  for (uint32_t i = 0; !rc && i < w.ents.n; i++) {
    const known *x = &w.ents.v[i];
    if (!x->fresh) continue;
    vs_value row[4] = {vs_val_str(x->name), vs_val_str(x->key), vs_val_str(x->type),
                       x->speaker ? vs_val_int(x->speaker) : vs_val_null()};
    for (int j = 0; !rc && j < 4; j++) {
      vs_value *slot = VB_VEC_PUSH(a, rows);
      if (!slot) rc = OOM(err);
      else *slot = row[j];
    }
    vb_str *s = rc ? NULL : VB_VEC_PUSH(a, keys);
    if (!rc && !s) rc = OOM(err);
    else if (s) *s = x->key;
  }
  if (!rc && keys.n)
    rc = db.drv->insert_rows(db.conn, "INSERT INTO entities(name, key, type, speaker_id)", "ON CONFLICT(key) DO NOTHING",
                             4, keys.n, rows.v, NULL, err);
  if (!rc && keys.n) rc = read_keys(db, "SELECT id, key FROM entities WHERE key IN ", "", keys.v, keys.n, fresh_id_row,
                                    &w, err);
  for (uint32_t i = 0; !rc && i < w.ents.n; i++)
    if (w.ents.v[i].id <= 0) rc = vb_err_set(err, VB_ESTORE, "", -1, "adding an entity gave no id");
  for (size_t i = 0; !rc && i < pairs.n; i += 2) pairs.v[i] = w.ents.v[pairs.v[i]].id;
  if (!rc && pairs.n) rc = set_speakers(db, pairs.v, pairs.n / 2, err);
  /* remembered by this connection; every spelling answers for it from
   * now on (each pair written once) */
  rows.n = 0;
  for (size_t i = 0; !rc && i < v->nentities; i++) {
    const vb_entity *e = &v->entities[i];
    if (at[i] == VB_MAP_NONE) continue;
    int64_t found = ids[i] = w.ents.v[at[i]].id;
    if (!has_manual && found < VB_MAP_NONE) {
      k.len = 0;
      k.failed = 0;
      vb_buf_add(&k, e->key.ptr, e->key.len);
      vb_buf_addc(&k, '\n');
      vb_buf_add(&k, e->name.ptr, e->name.len);
      if (k.failed || vb_map_set(&c->cache, k.ptr, k.len, (uint32_t)found)) rc = OOM(err);
    }
    for (size_t j = 0; !rc && j <= e->naliases; j++) {
      vb_str sf = j == 0 ? e->name : e->aliases[j - 1];
      if (memo_key(memo, sf.ptr, sf.len, &k)) {
        rc = OOM(err);
        break;
      }
      vb_str key = {vb_arena_strndup(a, k.ptr, k.len), k.len};
      char pre[24];
      int pl = snprintf(pre, sizeof pre, "%lld|", (long long)found);
      int seen = 0;
      if (!key.ptr || vb_buf_add(&k, pre, (size_t)pl) || vb_map_put(&c->seen, k.ptr, k.len, 1, &seen) == VB_MAP_NONE) {
        rc = OOM(err);
        break;
      }
      if (seen) continue;
      vs_value row[4] = {vs_val_str(key), vs_val_int(found), vs_val_str(sf), vs_val_int(0)};
      for (int x = 0; !rc && x < 4; x++) {
        vs_value *slot = VB_VEC_PUSH(a, rows);
        if (!slot) rc = OOM(err);
        else *slot = row[x];
      }
    }
  }
  if (!rc && rows.n)
    rc = db.drv->insert_rows(db.conn, "INSERT INTO entity_aliases(key, entity_id, surface, manual)",
                             "ON CONFLICT DO NOTHING", 4, rows.n / 4, rows.v, NULL, err);
  vb_buf_free(&k);
  vb_map_free(&once_k);
  vb_map_free(&once_s);
  vb_map_free(&w.by_key);
  vb_map_free(&w.by_spell);
  vb_imap_free(&w.by_id);
  return rc;
}

/* A mention as stored: its archive entity, statement and place; idx: the
 * document's mention. */
typedef struct placed {
  int64_t entity, statement;
  uint32_t start, idx;
} placed;

static int placed_order(const void *x, const void *y) {
  const placed *a = x, *b = y;
  if (a->entity != b->entity) return a->entity < b->entity ? -1 : 1;
  if (a->statement != b->statement) return a->statement < b->statement ? -1 : 1;
  return (a->start > b->start) - (a->start < b->start);
}

/* An archive entity's row in one document: its counts there (listings.c
 * sums them) and the first role one of the document's entities gives it. */
typedef struct tally {
  int64_t entity, mentions, statements;
  vb_str role;
} tally;

static int tally_order(const void *x, const void *y) {
  const tally *a = x, *b = y;
  return (a->entity > b->entity) - (a->entity < b->entity);
}

/* A mention counts where it can be found: in a statement. One the
 * document names outside every statement (a summary's narration, the
 * page's furniture) is neither stored nor counted, so the listings, an
 * entity's page, the entity facet and mentions: count the same rows. */
int vs_put_entities(vs_db db, vs_entities **cache, const vb_doc_view *v, int64_t doc_id, const int64_t *stmt_ids,
                    const int64_t *speaker_ids, const vs_entity_sink *sink, vb_err *err) {
  if (!v->nentities) return VB_OK;
  int rc = prepared(db, cache, err);
  if (rc) return rc;
  vs_entities *c = *cache;
  int64_t has_rejects = 0, has_manual = 0, last_fix = 0;
  /* read once a batch of documents where the store has one (PostgreSQL:
   * a round trip a document less); else for every document */
  unsigned long batch = db.drv->batch ? db.drv->batch(db.conn) : 0;
  if (batch && batch == c->fixes_batch) {
    has_rejects = c->has_rejects;
    has_manual = c->has_manual;
    last_fix = c->corrections_seen;
  } else {
    vs_sql *q = c->q[E_CORRECTIONS];
    int r = vs_next(q, err);
    if (r > 0) {
      has_rejects = vs_col_int(q, 0);
      has_manual = vs_col_int(q, 1);
      last_fix = vs_col_int(q, 2);
    }
    vs_reset(q);
    if (r < 0) return err->code;
  }
  /* a correction since the maps were filled (here or in another process)
   * makes them stale */
  if (last_fix != c->corrections_seen) {
    vs_entities_forget(c);
    c->corrections_seen = last_fix;
  }
  c->fixes_batch = batch;
  c->has_rejects = has_rejects;
  c->has_manual = has_manual;
  vb_arena *a = vb_arena_new(0);
  int64_t *ids = a ? vb_arena_calloc(a, v->nentities * sizeof *ids) : NULL;
  placed *pl = a && v->nmentions ? vb_arena_alloc(a, v->nmentions * sizeof *pl) : NULL;
  size_t npl = 0;
  vb_buf k;
  vb_buf_init(&k, 4096);
  rc = ids && (pl || !v->nmentions) ? VB_OK : OOM(err);
  key_memo memo = {a, {0}, {0}};
  vb_map_init(&memo.at);
  if (!rc) rc = resolve_all(db, c, v, speaker_ids, (int)has_rejects, (int)has_manual, a, &memo, ids, err);
  for (size_t i = 0; !rc && i < v->nmentions; i++) {
    const vb_mention *m = &v->mentions[i];
    int64_t target = ids[m->entity];
    if (!target || m->statement < 0) continue;
    /* the spelling's key, where a correction may act on it (the sink's
     * own is made below, for the mentions stored) */
    int keyed = has_rejects || has_manual;
    if (keyed && memo_key(&memo, v->body.ptr + m->start, m->end - m->start, &k)) {
      rc = OOM(err);
      break;
    }
    if (has_rejects) {
      int64_t rj = lookup(c->q[E_REJECTED], k.ptr, k.len, NULL, err);
      if (rj < 0) rc = err->code;
      if (rj) continue;
    }
    /* a correction may send this spelling to another entity */
    int64_t moved = has_manual ? lookup(c->q[E_MANUAL_ALIAS], k.ptr, k.len, NULL, err) : 0;
    if (moved < 0) {
      rc = err->code;
      break;
    }
    if (moved) target = moved;
    pl[npl++] = (placed){target, stmt_ids[m->statement], m->start, (uint32_t)i};
  }
  /* stored once per entity, statement and place (two of the document's
   * entities may lead to one archive entity), and counted as stored:
   * each entity's mentions and statements in the document */
  if (!rc && npl > 1) qsort(pl, npl, sizeof *pl, placed_order);
  tally *t = rc ? NULL : vb_arena_alloc(a, (npl + v->nentities + 1) * sizeof *t);
  /* and who mentions each entity, what with (links.c) */
  vs_link_mention *lm = rc || !npl ? NULL : vb_arena_alloc(a, npl * sizeof *lm);
  size_t nt = 0, nlm = 0;
  if (!rc && (!t || (npl && !lm))) rc = OOM(err);
  for (size_t i = 0; !rc && i < npl; i++) {
    const placed *p = &pl[i], *prev = i ? &pl[i - 1] : NULL;
    int new_entity = !prev || prev->entity != p->entity;
    if (!new_entity && prev->statement == p->statement && prev->start == p->start) continue;
    if (new_entity) t[nt++] = (tally){p->entity, 0, 0, {0}};
    t[nt - 1].mentions++;
    if (new_entity || prev->statement != p->statement) t[nt - 1].statements++;
    const vb_mention *m = &v->mentions[p->idx];
    int32_t said_by = v->statements[m->statement].speaker;
    lm[nlm++] = (vs_link_mention){p->entity, p->statement, said_by >= 0 ? speaker_ids[said_by] : 0};
    int keyed = has_rejects || has_manual || sink->keys;
    if (keyed && memo_key(&memo, v->body.ptr + m->start, m->end - m->start, &k)) rc = OOM(err);
    if (!rc)
      rc = sink->mention(sink->impl, p->entity, p->statement, m->start, m->end, keyed ? k.ptr : NULL,
                         keyed ? k.len : 0, err);
  }
  /* one row per archive entity mentioned, or named as a speaker without
   * mentions, with the first role the document's entities state for it */
  size_t mentioned = nt;
  for (size_t i = 0; !rc && i < v->nentities; i++) {
    const vb_entity *e = &v->entities[i];
    if (!ids[i]) continue;
    tally key = {ids[i], 0, 0, {0}}, *row = bsearch(&key, t, mentioned, sizeof *t, tally_order);
    for (size_t j = mentioned; !row && j < nt; j++)
      if (t[j].entity == ids[i]) row = &t[j];
    if (!row && e->speaker >= 0) {
      row = &t[nt++];
      *row = (tally){ids[i], 0, 0, {0}};
    }
    if (row && !row->role.len) row->role = e->role;
  }
  vs_value *rows = !rc && nt ? vb_arena_alloc(a, nt * 5 * sizeof *rows) : NULL;
  if (!rc && nt && !rows) rc = OOM(err);
  for (size_t i = 0; !rc && i < nt; i++) {
    vs_value *row = rows + i * 5;
    row[0] = vs_val_int(doc_id);
    row[1] = vs_val_int(t[i].entity);
    row[2] = vs_val_str(t[i].role.len ? t[i].role : (vb_str){0});
    row[3] = vs_val_int(t[i].mentions);
    row[4] = vs_val_int(t[i].statements);
  }
  if (!rc && nt && sink->doc_entities) rc = sink->doc_entities(sink->impl, rows, nt, err);
  else if (!rc && nt)
    rc = db.drv->insert_rows(db.conn, VS_DOC_ENTITIES_ROWS, NULL, 5, nt, rows, NULL, err);
  /* its entities' totals (store.h), a write no one reads back here */
  if (!rc && nt && sink->totals) {
    vs_entity_count *cn = vb_arena_alloc(a, nt * sizeof *cn);
    if (!cn) rc = OOM(err);
    for (size_t i = 0; !rc && i < nt; i++) cn[i] = (vs_entity_count){t[i].entity, t[i].mentions, t[i].statements};
    if (!rc) rc = sink->totals(sink->impl, cn, nt, err);
  } else if (!rc && nt) {
    vs_sql *tq = NULL;
    rc = vs_sql_prepare(db, VS_ENTITY_TOTALS_MOVE("", "doc_id = ?1"), &tq, err);
    if (!rc) {
      vs_bind_int(tq, 1, doc_id);
      rc = vs_sql_write(tq, err);
    }
    vs_finalize(tq);
  }
  if (!rc) rc = sink->links ? sink->links(sink->impl, lm, nlm, err) : vs_links_add(db, lm, nlm, err);
  vb_buf_free(&k);
  vb_map_free(&memo.at);
  vb_arena_free(a);
  return rc;
}

static int count_order(const void *x, const void *y) {
  const vs_entity_count *a = x, *b = y;
  return (a->entity > b->entity) - (a->entity < b->entity);
}

#define TOTALS_PER_INSERT 256
int vs_entity_totals_add(vs_db db, vs_entity_count *c, size_t n, vb_err *err) {
  if (n > 1) qsort(c, n, sizeof *c, count_order);
  vs_value rows[TOTALS_PER_INSERT * 4];
  int rc = VB_OK;
  for (size_t i = 0; !rc && i < n;) {
    size_t k = 0;
    for (; k < TOTALS_PER_INSERT && i < n; k++) {
      int64_t entity = c[i].entity, mentions = 0, statements = 0, documents = 0;
      for (; i < n && c[i].entity == entity; i++) {
        mentions += c[i].mentions;
        statements += c[i].statements;
        documents += c[i].mentions > 0;
      }
      vs_value *r = rows + 4 * k;
      r[0] = vs_val_int(entity);
      r[1] = vs_val_int(mentions);
      r[2] = vs_val_int(statements);
      r[3] = vs_val_int(documents);
    }
    rc = db.drv->insert_rows(db.conn, "INSERT INTO entity_totals(entity_id, mentions, statements, documents)",
                             "ON CONFLICT(entity_id) DO UPDATE SET mentions = entity_totals.mentions + excluded.mentions,"
                             " statements = entity_totals.statements + excluded.statements,"
                             " documents = entity_totals.documents + excluded.documents",
                             4, k, rows, NULL, err);
  }
  return rc;
}

/* ---- corrections ---------------------------------------------------------------------- */

typedef struct fixer {
  vb_store *st;
  vs_db db;
  const vs_dialect *d;
  const vb_lexicon *known; /* the built-in names: what every parse found */
  vb_err *err;
} fixer;

/* Runs one step of a correction: ?1 and ?2 the ids, ?3 and ?4 the texts
 * (NULL: not bound). */
static int step(fixer *f, const char *sql, int64_t a, int64_t b, const char *t1, const char *t2) {
  vs_sql *q;
  int rc = vs_sql_prepare(f->db, sql, &q, f->err);
  if (rc) return rc;
  vs_bind_int(q, 1, a);
  vs_bind_int(q, 2, b);
  if (t1) vs_bind_str(q, 3, t1);
  if (t2) vs_bind_str(q, 4, t2);
  rc = vs_sql_run(q, f->err);
  vs_finalize(q);
  return rc;
}

/* `surface` (key k) means entity id from now on, and only it. */
static int set_manual(fixer *f, const char *k, int64_t id, const char *surface) {
  int rc = step(f, "UPDATE entity_aliases SET manual = 0 WHERE entity_id <> ?1 AND key = ?3", id, 0, k,
                NULL);
  if (!rc)
    rc = step(f,
              "INSERT INTO entity_aliases(entity_id, key, surface, manual) VALUES(?1, ?3, ?4, 1)"
              " ON CONFLICT(key, entity_id) DO UPDATE SET manual = 1, surface = excluded.surface",
              id, 0, k, surface);
  return rc;
}

/* ---- the documents whose parse a correction may change ---------------------------------- */

/* Gathered in fix_docs while the correction is made, and listed with it in
 * record_fixes (their records are out of date, and remade right after):
 * the documents whose mentions it moves, those of the entity it merges
 * away, those holding an analyst's spelling of an entity it renames, and
 * those whose text holds a spelling the lexicon did not know before it (a
 * phrase search for it: a spelling no parse found may be found now). Not
 * the other documents of an entity that only gains a spelling: their
 * parse is the same. */
static int docs_reset(fixer *f) {
  int rc = vs_sql_exec(f->db, "CREATE TEMP TABLE IF NOT EXISTS fix_docs(doc_id bigint PRIMARY KEY)", f->err);
  return rc ? rc : vs_sql_exec(f->db, "DELETE FROM fix_docs", f->err);
}

static int gathered_docs(fixer *f) {
  return vs_sql_exec(f->db, "INSERT INTO fix_docs(doc_id) SELECT DISTINCT doc_id FROM fix_statements WHERE true ON CONFLICT DO NOTHING",
                     f->err);
}

static int entity_docs(fixer *f, int64_t id) {
  return vs_sql_exec_id(f->db,
                        "INSERT INTO fix_docs(doc_id) SELECT doc_id FROM doc_entities WHERE entity_id = ?1"
                        " ON CONFLICT DO NOTHING",
                        id, f->err);
}

typedef VB_VEC(int64_t) doc_vec;
typedef struct doc_hits {
  doc_vec v;
  vb_arena *a;
} doc_hits;

static int doc_hit(void *ctx, int64_t id, int64_t speaker, int64_t date, int64_t doc) {
  (void)id, (void)speaker, (void)date;
  doc_hits *h = ctx;
  if (h->v.n && h->v.v[h->v.n - 1] == doc) return VB_OK;
  int64_t *slot = VB_VEC_PUSH(h->a, h->v);
  if (!slot) return VB_ENOMEM;
  *slot = doc;
  return VB_OK;
}

/* The documents whose statements hold `spelling` as a phrase (in any of
 * its forms: more than the lexicon would find, never fewer of what is
 * written so); a spelling no query can say lists every document (0). */
static int spelled_docs(fixer *f, const char *spelled) {
  vb_buf text;
  vb_buf_init(&text, 4096);
  vb_buf_addc(&text, '"');
  for (const char *p = spelled; *p; p++) vb_buf_addc(&text, *p == '"' ? ' ' : *p);
  vb_buf_addc(&text, '"');
  vb_arena *a = vb_arena_new((size_t)256 << 20);
  int rc = text.failed || !a ? OOM(f->err) : VB_OK;
  vb_qnode *q = NULL;
  vb_err qerr;
  doc_hits h = {{0}, a};
  int every = !rc && vb_query_parse(text.ptr, text.len, a, &q, &qerr) != 0;
  if (!rc && !every && f->st->ops->text->follow) rc = f->st->ops->text->follow(f->st->impl, f->err);
  if (!rc && !every)
    rc = vs_each_match(f->db, f->st->ops->text, q, NULL, NULL, NULL, 0, 0, 0, doc_hit, &h, f->err);
  if (rc == VB_ENOMEM) rc = OOM(f->err);
  if (every) {
    h.v.n = 0;
    int64_t *slot = VB_VEC_PUSH(a, h.v);
    if (slot) *slot = 0;
    else rc = OOM(f->err);
  }
  vs_sql *ins = NULL;
  if (!rc && h.v.n)
    rc = vs_sql_prepare(f->db, "INSERT INTO fix_docs(doc_id) VALUES(?1) ON CONFLICT DO NOTHING", &ins, f->err);
  for (size_t i = 0; !rc && i < h.v.n; i++) {
    vs_bind_int(ins, 1, h.v.v[i]);
    rc = vs_sql_run(ins, f->err);
  }
  vs_finalize(ins);
  vb_arena_free(a);
  vb_buf_free(&text);
  return rc;
}

/* A spelling a correction moves: the documents that hold it, unless the
 * built-in names have it (every parse found it then, and its mentions
 * are gathered by their key; an analyst's spelling was not found in the
 * documents stored before it, whose mentions do not have it). */
static int new_spelling_docs(fixer *f, const char *spelled) {
  for (int t = 0; f->known && t < VB_NETYPES; t++)
    if (vb_lexicon_find_spelled(f->known, (vb_etype)t, spelled, strlen(spelled)) != VB_MAP_NONE) return VB_OK;
  return spelled_docs(f, spelled);
}

/* The documents of each spelling an analyst gave entity id. */
static int manual_spelling_docs(fixer *f, int64_t id) {
  /* read whole first: each is a search on the same connection */
  vb_arena *a = vb_arena_new((size_t)16 << 20);
  if (!a) return OOM(f->err);
  VB_VEC(const char *) names = {0};
  vs_sql *q;
  int rc = vs_sql_prepare(f->db, "SELECT surface FROM entity_aliases WHERE entity_id = ?1 AND manual = 1", &q, f->err);
  if (!rc) {
    vs_bind_int(q, 1, id);
    int r;
    while (!rc && (r = vs_next(q, f->err)) > 0) {
      size_t n = 0;
      const char *t = vs_col_text(q, 0, &n);
      const char **slot = VB_VEC_PUSH(a, names);
      if (!slot || !(*slot = vb_arena_strndup(a, t, n))) rc = OOM(f->err);
    }
    if (!rc && r < 0) rc = f->err->code;
  }
  vs_finalize(q);
  for (size_t i = 0; !rc && i < names.n; i++) rc = new_spelling_docs(f, names.v[i]);
  vb_arena_free(a);
  return rc;
}

/* The documents holding a spelling an analyst gave entity id (renamed:
 * those spellings now lead to its new name). */
static int alias_docs(fixer *f, int64_t id) {
  return vs_sql_exec_id(f->db,
                        "INSERT INTO fix_docs(doc_id) SELECT DISTINCT s.doc_id FROM mentions m"
                        " JOIN statements s ON s.id = m.statement_id WHERE m.key IN"
                        " (SELECT key FROM entity_aliases WHERE entity_id = ?1 AND manual = 1) ON CONFLICT DO NOTHING",
                        id, f->err);
}

/* The entity's name, malloc'd (NULL: none, or out of memory: rc says). */
static char *entity_name(fixer *f, int64_t id, int *rc) {
  vs_sql *q;
  char *name = NULL;
  if ((*rc = vs_sql_prepare(f->db, "SELECT name FROM entities WHERE id = ?1", &q, f->err))) return NULL;
  vs_bind_int(q, 1, id);
  int r = vs_next(q, f->err);
  if (r > 0 && !(name = strdup(vs_col_text(q, 0, NULL)))) *rc = OOM(f->err);
  vs_finalize(q);
  if (r < 0) *rc = f->err->code;
  return name;
}

/* An entity's name becomes a name of the lexicon with a correction that
 * gives it a spelling: the documents that hold it, unless the lexicon
 * knew it already. */
static int named_docs(fixer *f, int64_t id) {
  vs_sql *q;
  int rc = vs_sql_prepare(f->db, "SELECT name, coalesce(type, '') FROM entities WHERE id = ?1", &q, f->err);
  if (rc) return rc;
  vs_bind_int(q, 1, id);
  int r = vs_next(q, f->err);
  char *name = NULL;
  int listed = 1;
  if (r > 0) {
    size_t tn = 0;
    const char *type = vs_col_text(q, 1, &tn);
    int t = vb_etype_parse(type, tn);
    name = strdup(vs_col_text(q, 0, NULL));
    listed = !name || (t >= 0 && f->known &&
                       vb_lexicon_find_spelled(f->known, (vb_etype)t, name, strlen(name)) != VB_MAP_NONE);
    if (!name) rc = OOM(f->err);
  }
  vs_finalize(q);
  if (r < 0) rc = f->err->code;
  if (!rc && !listed) rc = spelled_docs(f, name);
  free(name);
  return rc;
}

/* A correction counts again only what it changed: the statements whose
 * mentions it moves are gathered (fix_statements, a temporary table of
 * the connection) before they move; the mentions each entity has in them,
 * per document, are counted before (as minus) and after (as plus) into
 * fix_delta, and the sums are added to doc_entities. So a correction
 * costs the mentions it moves and their statements' other mentions, not
 * what the archive holds. (Before, each (entity, document) pair touched
 * was counted whole again from its document's statements, a join
 * PostgreSQL planned as a read of every statement and every mention:
 * 4.5 s a correction at a third of the UN archive; and earlier still,
 * the mentions of a spelling were found by reading every mention's
 * document body: 34 s for an alias.) fix_touched keeps the entities that
 * had mentions of a spelling, whose claim on the spelling goes. */
static int touched_reset(fixer *f) {
  static const char *const steps[] = {
      "CREATE TEMP TABLE IF NOT EXISTS fix_touched(entity_id bigint NOT NULL, doc_id bigint NOT NULL,"
      " PRIMARY KEY(entity_id, doc_id))",
      "CREATE TEMP TABLE IF NOT EXISTS fix_statements(statement_id bigint PRIMARY KEY, doc_id bigint NOT NULL)",
      "CREATE TEMP TABLE IF NOT EXISTS fix_delta(entity_id bigint NOT NULL, doc_id bigint NOT NULL,"
      " mentions bigint NOT NULL, statements bigint NOT NULL)",
      "DELETE FROM fix_touched",
      "DELETE FROM fix_statements",
      "DELETE FROM fix_delta",
  };
  int rc = vs_links_reset(f->db, f->err);
  for (size_t i = 0; !rc && i < sizeof steps / sizeof *steps; i++) rc = vs_sql_exec(f->db, steps[i], f->err);
  return rc;
}

/* Each entity's mentions in the gathered statements, per document, into
 * fix_delta: as they are (sign "1"), or as they were ("-1"). In this
 * order (SQLite's CROSS JOIN keeps it): the statements, then each one's
 * mentions by the statement's index. */
#define COUNT_GATHERED(sign)                                                                                       \
  "INSERT INTO fix_delta(entity_id, doc_id, mentions, statements)"                                                \
  " SELECT m.entity_id, g.doc_id, " sign " * count(*), " sign " * count(DISTINCT m.statement_id)"                \
  " FROM fix_statements g CROSS JOIN mentions m WHERE m.statement_id = g.statement_id GROUP BY m.entity_id, g.doc_id"

static int count_before(fixer *f) {
  int rc = f->d->analyze_gathered ? vs_sql_exec(f->db, f->d->analyze_gathered, f->err) : VB_OK;
  if (!rc) rc = vs_links_gathered(f->db, -1, f->err);
  return rc ? rc : vs_sql_exec(f->db, COUNT_GATHERED("-1"), f->err);
}

/* The counts after, added to doc_entities; a row stays while it has
 * mentions or a stated role. */
static int count_after(fixer *f) {
  static const char *const steps[] = {
      "INSERT INTO doc_entities(doc_id, entity_id, role, mentions, statements)"
      " SELECT doc_id, entity_id, NULL, sum(mentions), sum(statements) FROM fix_delta GROUP BY doc_id, entity_id"
      " HAVING sum(mentions) <> 0 OR sum(statements) <> 0 ON CONFLICT(doc_id, entity_id) DO UPDATE"
      " SET mentions = doc_entities.mentions + excluded.mentions, statements = doc_entities.statements + excluded.statements",
      ("DELETE FROM doc_entities WHERE (doc_id, entity_id) IN (SELECT doc_id, entity_id FROM fix_delta)"
       " AND mentions = 0 AND role IS NULL"),
  };
#define CHANGED "(doc_id, entity_id) IN (SELECT doc_id, entity_id FROM fix_delta)"
  int rc = vs_links_gathered(f->db, 1, f->err);
  if (!rc) rc = vs_links_apply(f->db, f->err);
  if (!rc) rc = vs_sql_exec(f->db, COUNT_GATHERED("1"), f->err);
  /* the rows it changes (every pair counted before or after) leave their
   * entities' totals, and come back as they are now */
  if (!rc) rc = vs_sql_exec(f->db, VS_ENTITY_TOTALS_MOVE("-", CHANGED), f->err);
  for (size_t i = 0; !rc && i < sizeof steps / sizeof *steps; i++) rc = vs_sql_exec(f->db, steps[i], f->err);
  if (!rc) rc = vs_sql_exec(f->db, VS_ENTITY_TOTALS_MOVE("", CHANGED), f->err);
#undef CHANGED
  return rc;
}
#undef COUNT_GATHERED

static int merge(fixer *f, int64_t into, int64_t from) {
  if (into == from) return vb_err_set(f->err, VB_EUSAGE, "", -1, "an entity cannot merge with itself");
  static const char *const moves[] = {
      /* a mention both had (same statement, same place) is kept once */
      "INSERT INTO mentions(entity_id, statement_id, start, \"end\", key)"
      " SELECT ?1, statement_id, start, \"end\", key FROM mentions WHERE entity_id = ?2 ON CONFLICT DO NOTHING",
      "DELETE FROM mentions WHERE entity_id = ?2",
  };
  static const char *const steps[] = {
      /* the roles it was given (the counts are the survivor's, above) */
      "INSERT INTO doc_entities(doc_id, entity_id, role, mentions, statements)"
      " SELECT doc_id, ?1, role, 0, 0 FROM doc_entities WHERE entity_id = ?2"
      " ON CONFLICT(doc_id, entity_id) DO UPDATE SET role = coalesce(doc_entities.role, excluded.role)",
      "DELETE FROM doc_entities WHERE entity_id = ?2",
      /* its spellings, and its own key, now lead to the survivor */
      "INSERT INTO entity_aliases(key, entity_id, surface, manual)"
      " SELECT substr(key, length(type) + 2), ?1, name, 1 FROM entities WHERE id = ?2"
      " ON CONFLICT(key, entity_id) DO UPDATE SET manual = 1",
      "INSERT INTO entity_aliases(key, entity_id, surface, manual)"
      " SELECT key, ?1, surface, 1 FROM entity_aliases WHERE entity_id = ?2"
      " ON CONFLICT(key, entity_id) DO UPDATE SET manual = 1",
      "DELETE FROM entity_aliases WHERE entity_id = ?2",
      ("UPDATE entities SET speaker_id = coalesce(speaker_id, (SELECT x.speaker_id FROM entities x WHERE x.id = ?2))"
       " WHERE id = ?1"),
      "DELETE FROM entity_totals WHERE entity_id = ?2",
      "DELETE FROM entities WHERE id = ?2",
  };
  int rc = touched_reset(f);
  /* the statements that hold the other's mentions */
  if (!rc)
    rc = vs_sql_exec_id(f->db,
                        "INSERT INTO fix_statements(statement_id, doc_id) SELECT DISTINCT m.statement_id, s.doc_id"
                        " FROM mentions m JOIN statements s ON s.id = m.statement_id WHERE m.entity_id = ?1",
                        from, f->err);
  if (!rc) rc = gathered_docs(f);
  /* the other's documents, its name (now the survivor's spelling), and
   * the survivor's name (now a name of the lexicon) */
  if (!rc) rc = entity_docs(f, from);
  if (!rc) rc = manual_spelling_docs(f, from);
  if (!rc) rc = named_docs(f, from);
  if (!rc) rc = named_docs(f, into);
  if (!rc) rc = count_before(f);
  for (size_t i = 0; !rc && i < sizeof moves / sizeof *moves; i++) rc = step(f, moves[i], into, from, NULL, NULL);
  if (!rc) rc = count_after(f);
  for (size_t i = 0; !rc && i < sizeof steps / sizeof *steps; i++) rc = step(f, steps[i], into, from, NULL, NULL);
  return rc;
}

/* Moves every mention spelled with key k to entity `to` (0: the spelling
 * is no entity at all, its mentions go); only from entity `from` unless
 * that is 0. Counts again what moved, on both sides; an entity left with
 * no mention so spelled no longer answers to the spelling. */
static int move_spelling(fixer *f, const char *k, int64_t from, int64_t to) {
#define SPELLED " WHERE m.key = ?3 AND m.entity_id <> ?1 AND (?2 = 0 OR m.entity_id = ?2)"
  static const char *const gather[] = {
      "INSERT INTO fix_touched(entity_id, doc_id) SELECT DISTINCT m.entity_id, s.doc_id FROM mentions m"
      " JOIN statements s ON s.id = m.statement_id" SPELLED " ON CONFLICT DO NOTHING",
      "INSERT INTO fix_statements(statement_id, doc_id) SELECT DISTINCT m.statement_id, s.doc_id FROM mentions m"
      " JOIN statements s ON s.id = m.statement_id" SPELLED " ON CONFLICT DO NOTHING",
  };
  static const char *const moves[] = {
      /* a mention `to` has already (same statement, same place) is kept once */
      "INSERT INTO mentions(entity_id, statement_id, start, \"end\", key)"
      " SELECT ?1, m.statement_id, m.start, min(m.\"end\"), min(m.key) FROM mentions m" SPELLED
      " AND ?1 <> 0 GROUP BY m.statement_id, m.start ON CONFLICT DO NOTHING",
      "DELETE FROM mentions WHERE key = ?3 AND entity_id <> ?1 AND (?2 = 0 OR entity_id = ?2)",
      ("DELETE FROM entity_aliases WHERE key = ?3 AND entity_id <> ?1"
       " AND entity_id IN (SELECT entity_id FROM fix_touched)"),
  };
#undef SPELLED
  int rc = touched_reset(f);
  for (size_t i = 0; !rc && i < sizeof gather / sizeof *gather; i++) rc = step(f, gather[i], to, from, k, NULL);
  if (!rc) rc = gathered_docs(f);
  if (!rc) rc = count_before(f);
  for (size_t i = 0; !rc && i < sizeof moves / sizeof *moves; i++) rc = step(f, moves[i], to, from, k, NULL);
  if (!rc) rc = count_after(f);
  return rc;
}

/* The entity of this type named `name`: existing, or new. */
static int entity_called(fixer *f, const char *type, const char *name, int64_t *id) {
  vb_buf k;
  vb_buf_init(&k, 4096);
  vb_buf_printf(&k, "%s:", type);
  int rc = vb_entity_key(name, strlen(name), &k) || !k.ptr ? OOM(f->err) : VB_OK;
  vs_sql *q = NULL;
  if (!rc)
    rc = vs_sql_prepare(f->db,
                        "INSERT INTO entities(key, name, type) VALUES(?1, ?2, ?3)"
                        " ON CONFLICT(key) DO UPDATE SET key = excluded.key RETURNING id",
                        &q, f->err);
  if (!rc) {
    vs_bind_str(q, 1, k.ptr);
    vs_bind_str(q, 2, name);
    vs_bind_str(q, 3, type);
    int r = vs_next(q, f->err);
    if (r < 0) rc = f->err->code;
    *id = r > 0 ? vs_col_int(q, 0) : 0;
  }
  vs_finalize(q);
  vb_buf_free(&k);
  return rc;
}

static int entity_type(fixer *f, int64_t id, char *type, size_t cap) {
  vs_sql *q;
  type[0] = '\0';
  int rc = vs_sql_prepare(f->db, "SELECT coalesce(type, '') FROM entities WHERE id = ?1", &q, f->err);
  if (rc) return rc;
  vs_bind_int(q, 1, id);
  int r = vs_next(q, f->err);
  if (r > 0) snprintf(type, cap, "%s", vs_col_text(q, 0, NULL));
  vs_finalize(q);
  return r < 0 ? f->err->code : VB_OK;
}

/* What goes with a rejected spelling (key ?3): the spelling from every
 * entity, then each entity named so (its key ?4, TYPE:spelling, one a
 * type: found by the unique key, not by reading every entity) with all
 * it had. */
static const char *const reject_steps[] = {
    "INSERT INTO entity_rejects(key, surface) VALUES(?3, ?4) ON CONFLICT(key) DO UPDATE SET surface = excluded.surface",
    "DELETE FROM entity_aliases WHERE key = ?3",
};
static const char *const reject_named[] = {
    ("INSERT INTO fix_docs(doc_id) SELECT x.doc_id FROM doc_entities x JOIN entities e ON e.id = x.entity_id"
     " WHERE e.key = ?4 ON CONFLICT DO NOTHING"),
    "DELETE FROM doc_entities WHERE entity_id IN (SELECT id FROM entities WHERE key = ?4)",
    /* with all its mentions it names no statement with anyone (links.c) */
    ("DELETE FROM entity_pairs WHERE (entity_id, other_id) IN (SELECT other_id, entity_id FROM entity_pairs"
     " WHERE entity_id IN (SELECT id FROM entities WHERE key = ?4))"),
    "DELETE FROM entity_pairs WHERE entity_id IN (SELECT id FROM entities WHERE key = ?4)",
    "DELETE FROM entity_speakers WHERE entity_id IN (SELECT id FROM entities WHERE key = ?4)",
    "DELETE FROM mentions WHERE entity_id IN (SELECT id FROM entities WHERE key = ?4)",
    "DELETE FROM entity_aliases WHERE entity_id IN (SELECT id FROM entities WHERE key = ?4)",
    "DELETE FROM entity_totals WHERE entity_id IN (SELECT id FROM entities WHERE key = ?4)",
    "DELETE FROM entities WHERE key = ?4",
};

static int reject(fixer *f, const char *surface, vb_buf *k) {
  if (key_of(surface, strlen(surface), k)) return OOM(f->err);
  /* its mentions go; so do entities left with nothing */
  int rc = step(f, reject_steps[0], 0, 0, k->ptr, surface);
  if (!rc) rc = move_spelling(f, k->ptr, 0, 0);
  if (!rc) rc = step(f, reject_steps[1], 0, 0, k->ptr, NULL);
  vb_buf named;
  vb_buf_init(&named, 4096);
  for (int t = 0; !rc && t < VB_NETYPES; t++) {
    named.len = 0;
    vb_buf_printf(&named, "%s:%s", vb_etype_name((vb_etype)t), k->ptr);
    if (named.failed) rc = OOM(f->err);
    for (size_t i = 0; !rc && i < sizeof reject_named / sizeof *reject_named; i++)
      rc = step(f, reject_named[i], 0, 0, k->ptr, named.ptr);
  }
  vb_buf_free(&named);
  return rc;
}

/* One correction, inside its transaction. */
static int fix_tx(fixer *f, vb_fix op, const char *a, const char *const *args, size_t nargs, const vb_lexicon *lx,
                  int64_t *correction) {
  static const char *const names[] = {"merge", "split", "rename", "alias add", "alias rm", "reject"};
  vb_err *err = f->err;
  int64_t id = 0;
  char type[16] = "";
  vb_buf k;
  vb_buf_init(&k, 4096);
  int rc = docs_reset(f);
  if (!rc && op != VB_FIX_REJECT) rc = vs_one_entity(f->db, a, lx, &id, err);
  if (!rc && op != VB_FIX_REJECT) rc = entity_type(f, id, type, sizeof type);
  if (!rc && (op == VB_FIX_MERGE || op == VB_FIX_RENAME || op == VB_FIX_ALIAS_ADD || op == VB_FIX_ALIAS_RM) &&
      nargs != 1)
    rc = vb_err_set(err, VB_EUSAGE, "", -1, "%s takes one more name", names[op]);
  if (!rc && op == VB_FIX_SPLIT && nargs < 1)
    rc = vb_err_set(err, VB_EUSAGE, "", -1, "split needs the spellings to split off");
  /* a name or a spelling is one line: a line break would be an alias no
   * text can match and a name no listing can show */
  for (size_t i = 0; !rc && i < nargs; i++)
    if (strpbrk(args[i], "\r\n"))
      rc = vb_err_set(err, VB_EUSAGE, "", -1, "%s: \"%.*s…\" holds a line break", names[op],
                      (int)strcspn(args[i], "\r\n"), args[i]);
  switch (rc ? -1 : (int)op) {
  case VB_FIX_MERGE: {
    int64_t other;
    rc = vs_one_entity(f->db, args[0], lx, &other, err);
    if (!rc) rc = merge(f, id, other);
    break;
  }
  case VB_FIX_SPLIT:
  case VB_FIX_ALIAS_RM: {
    /* the spellings become an entity of their own (named by the first) */
    int64_t to = 0;
    rc = entity_called(f, type, args[0], &to);
    if (!rc && to == id)
      rc = vb_err_set(err, VB_EUSAGE, "", -1, "\"%s\" is the entity's own name; rename it first", args[0]);
    for (size_t i = 0; !rc && i < nargs; i++) {
      if (key_of(args[i], strlen(args[i]), &k)) rc = OOM(err);
      if (!rc) rc = set_manual(f, k.ptr, to, args[i]);
      if (!rc) rc = move_spelling(f, k.ptr, id, to);
      if (!rc) rc = new_spelling_docs(f, args[i]);
    }
    break;
  }
  case VB_FIX_RENAME: {
    /* the analyst's spellings of it now lead to the new name (one the
     * lexicon did not know is looked for); the same name changes none */
    char *was = entity_name(f, id, &rc);
    int same = was && !strcmp(was, args[0]);
    free(was);
    if (!rc) rc = step(f, "UPDATE entities SET name = ?3 WHERE id = ?1", id, 0, args[0], NULL);
    if (!rc && key_of(args[0], strlen(args[0]), &k)) rc = OOM(err);
    if (!rc) rc = set_manual(f, k.ptr, id, args[0]);
    if (!rc && !same) rc = alias_docs(f, id);
    if (!rc && !same) rc = manual_spelling_docs(f, id);
    break;
  }
  case VB_FIX_ALIAS_ADD:
    if (key_of(args[0], strlen(args[0]), &k)) rc = OOM(err);
    if (!rc) rc = set_manual(f, k.ptr, id, args[0]);
    if (!rc) rc = move_spelling(f, k.ptr, 0, id);
    if (!rc) rc = new_spelling_docs(f, args[0]);
    if (!rc) rc = named_docs(f, id);
    break;
  case VB_FIX_REJECT: rc = reject(f, a, &k); break;
  default: break;
  }
  vs_sql *log = NULL;
  if (!rc) rc = vs_sql_prepare(f->db, "INSERT INTO corrections(op, a, b) VALUES(?1, ?2, ?3)", &log, err);
  if (!rc) {
    vs_bind_str(log, 1, names[op]);
    vs_bind_str(log, 2, a);
    vs_bind_str(log, 3, nargs ? args[0] : "");
    rc = vs_sql_run(log, err);
  }
  vs_finalize(log);
  if (!rc) rc = vs_sql_int(f->db, "SELECT max(id) FROM corrections", correction, err);
  if (!rc)
    rc = vs_sql_exec_id(f->db,
                        "INSERT INTO record_fixes(doc_id, correction) SELECT doc_id, ?1 FROM fix_docs WHERE true ON CONFLICT DO NOTHING",
                        *correction, err);
  vb_buf_free(&k);
  return rc;
}

int vs_entity_fix(vb_store *st, vb_fix op, const char *a, const char *const *args, size_t nargs,
                  const vb_lexicon *lx, int64_t *correction, vb_err *err) {
  vs_db db = {st->ops->sql, st->impl};
  /* outside the correction's transaction: it may take a while, once */
  int rc = st->ops->key_mentions ? st->ops->key_mentions(st->impl, err) : VB_OK;
  const vb_lexicon *builtin = NULL;
  if (!rc) rc = vb_lexicon_default(&builtin, err);
  if (rc) return rc;
  for (int attempt = 0; attempt <= RETRIES; attempt++) {
    fixer f = {st, db, db.drv->dialect, builtin, err};
    rc = db.drv->begin(db.conn, err);
    /* no document is being stored meanwhile: one wholly before, or wholly after */
    if (!rc && f.d->lock_fix) rc = vs_sql_exec(db, f.d->lock_fix, err);
    if (!rc && st->ops->before_fix) rc = st->ops->before_fix(st->impl, err);
    if (!rc) rc = fix_tx(&f, op, a, args, nargs, lx, correction);
    if (!rc) rc = db.drv->commit(db.conn, err);
    else db.drv->rollback(db.conn);
    if (!rc || !db.drv->retryable(db.conn)) break;
  }
  return rc;
}

/* ---- the corrections kept --------------------------------------------------------------- */

typedef struct fixes_ctx {
  int (*fn)(void *ctx, int type, const char *name, const char *alias);
  void *ctx;
} fixes_ctx;

static int correction_row(void *c, vs_sql *q) {
  fixes_ctx *x = c;
  size_t tl;
  const char *t = vs_col_null(q, 0) ? NULL : vs_col_text(q, 0, &tl);
  int type = t ? vb_etype_parse(t, tl) : -1;
  char *name = t ? strdup(vs_col_text(q, 1, NULL)) : NULL;
  int rc = t && !name ? VB_ENOMEM : x->fn(x->ctx, type, name, vs_col_text(q, 2, NULL));
  free(name);
  return rc;
}

int vs_corrections(vs_db db, int (*fn)(void *ctx, int type, const char *name, const char *alias), void *ctx,
                   vb_err *err) {
  fixes_ctx x = {fn, ctx};
  return vs_sql_rows(db,
                     "SELECT e.type, e.name, a.surface FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
                     " WHERE a.manual = 1 UNION ALL SELECT NULL, NULL, surface FROM entity_rejects",
                     0, correction_row, &x, err);
}
