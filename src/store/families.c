/* families — quote families kept in the archive, made as statements are
 * stored (issue 21). Each statement of at least VB_FAM_MIN_WORDS words
 * gets a fingerprint row (its family, how it is related, its date as a
 * sort key, the hash of its words) and one key row per MinHash band
 * (src/family/: 16 bands of 4). A new statement's candidates are the
 * statements that share a band key with it, at most CANDIDATES of them;
 * each is verified on the two statements' word pairs as src/family/
 * verifies everywhere (the candidate's text is read and analysed again:
 * nothing but integers is stored), and a near one joins only when it is
 * verified against its family's founder too, so a family stays a star
 * around one statement and a chain of small changes never joins
 * sentences that share nothing. An exact repeat follows its first copy.
 *
 * Written once over the SQL driver, so both backends keep the same rows.
 * The statement's words come from the pre-analysed text the index was
 * given (put.c), so none is analysed twice. When a family is first said
 * is read, not stored: the member with the least date (undated last, then
 * the first stored), so a statement archived later that is dated earlier
 * becomes its family's first without any row changing.
 *
 * An archive made before fingerprints has none: fingerprint_state says
 * so, searches that filter on families are refused until `verbatim
 * reindex` fills them in (vs_fingerprint_missing), in statement order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "analyze/analyze.h"
#include "core/err.h"
#include "family/family.h"
#include "store/store.h"

#define OOM(e) vb_err_set((e), VB_ENOMEM, "", -1, "out of memory")

/* Statements one new statement is compared with at most: a formula said
 * by hundreds shares its bands with all of them, and the first
 * CANDIDATES found stand for the rest. */
#define CANDIDATES 64
/* The sort key of an undated statement: after every date. */
#define UNDATED 99999999

/* Candidates taken from one band's bucket at most (the first stored), and
 * statements one band key is kept for at most. */
#define PER_BAND 16
#define KEY_MAX 64

enum { F_PRINT, F_LOAD, F_TEXT, F_COUNT };

#define BAND_COLS "b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, b12, b13, b14, b15"

static const char *const fam_sql[F_COUNT] = {
    "SELECT family, exact FROM fingerprints WHERE statement_id = ?1",
    "SELECT statement_id, " BAND_COLS " FROM fingerprints WHERE statement_id > ?1 ORDER BY statement_id",
    NULL, /* the dialect's statement text: made at prepare */
};

/* ---- the band keys in memory ----------------------------------------------------
 * An open-addressing multimap: a slot per (statement, band), key << 32 |
 * statement id, linear probing from the key's slot (the key is a hash
 * already; the band's number is mixed into it), at most three quarters
 * full and at most KEY_MAX statements a key, so a lookup reads a cache
 * line or two. 8 bytes a slot: at the UN corpus's 1.19 M fingerprinted
 * statements (19 M keys), 32 M slots, 256 MB. Statement
 * ids beyond 32 bits are not indexed (such a statement is never a
 * candidate). */

typedef struct bindex {
  uint64_t *slot; /* 0: empty (no statement has id 0) */
  size_t n, nslot; /* nslot a power of two */
  int64_t seen;    /* the highest statement id indexed */
} bindex;

/* The slots of a table of nslot, zeroed. Its reads are random, each in a
 * page of its own: the table asks for huge pages (where the system gives
 * them on request), so a probe is not also a miss of the address cache and
 * filling it costs a page fault each 2 MB instead of each 4 KB. */
#define HUGE_PAGE ((size_t)2 << 20)
static uint64_t *slots_new(size_t nslot) {
  size_t bytes = nslot * sizeof(uint64_t);
  if (bytes < HUGE_PAGE) return calloc(nslot, sizeof(uint64_t));
  void *p = NULL;
  if (posix_memalign(&p, HUGE_PAGE, bytes)) return NULL;
#ifdef MADV_HUGEPAGE
  (void)madvise(p, bytes, MADV_HUGEPAGE); /* advice: without it, small pages */
#endif
  memset(p, 0, bytes);
  return p;
}

/* Asks for the cache lines of the slots a key is probed from, so the
 * probes of a statement's bands wait for memory together, not in turn. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((noipa)) /* else GCC finds it has no effect and drops it */
#endif
static void bindex_prefetch(const bindex *x, const uint32_t *band) {
  if (!x->nslot) return;
  size_t mask = x->nslot - 1;
  for (int b = 0; b < VB_FAM_BANDS; b++) __builtin_prefetch(&x->slot[band[b] & mask]);
}

/* Puts v in its key's run; a key held KEY_MAX times already (a formula
 * said by thousands: "I congratulate you, Mr. President") takes no more,
 * so a run stays short to probe. Returns 1 when it was put. */
static int bindex_put(uint64_t *slot, size_t nslot, uint64_t v) {
  size_t i = (size_t)(v >> 32) & (nslot - 1), same = 0;
  for (; slot[i]; i = (i + 1) & (nslot - 1))
    if ((slot[i] >> 32) == (v >> 32) && ++same >= KEY_MAX) return 0;
  slot[i] = v;
  return 1;
}

static int bindex_add(bindex *x, int64_t id, const uint32_t *band) {
  if (id > x->seen) x->seen = id;
  if (id <= 0 || id >= (int64_t)UINT32_MAX) return VB_OK;
  if ((x->n + VB_FAM_BANDS) * 4 > x->nslot * 3) {
    size_t nslot = x->nslot ? x->nslot * 2 : 1 << 16;
    uint64_t *s = slots_new(nslot);
    if (!s) return VB_ENOMEM;
    enum { AHEAD = 16 }; /* slots whose new places are asked for ahead */
    for (size_t i = 0; i < x->nslot; i++) {
      if (i + AHEAD < x->nslot) __builtin_prefetch(&s[(size_t)(x->slot[i + AHEAD] >> 32) & (nslot - 1)], 1);
      if (x->slot[i]) (void)bindex_put(s, nslot, x->slot[i]);
    }
    free(x->slot);
    x->slot = s;
    x->nslot = nslot;
  }
  bindex_prefetch(x, band);
  for (int b = 0; b < VB_FAM_BANDS; b++) x->n += (size_t)bindex_put(x->slot, x->nslot, (uint64_t)band[b] << 32 | (uint64_t)id);
  return VB_OK;
}

/* The statements sharing a band with p, at most max, distinct, into ids. */
static size_t bindex_candidates(const bindex *x, const vb_fam_print *p, int64_t *ids, size_t max) {
  size_t n = 0;
  bindex_prefetch(x, p->band);
  for (int b = 0; b < VB_FAM_BANDS && x->nslot && n < max; b++) {
    size_t taken = 0;
    for (size_t i = p->band[b] & (x->nslot - 1); x->slot[i] && taken < PER_BAND && n < max;
         i = (i + 1) & (x->nslot - 1)) {
      if ((uint32_t)(x->slot[i] >> 32) != p->band[b]) continue;
      int64_t id = (int64_t)(x->slot[i] & UINT32_MAX);
      int seen = 0;
      for (size_t k = 0; k < n && !seen; k++) seen = ids[k] == id;
      if (!seen) ids[n++] = id;
      taken++;
    }
  }
  return n;
}

/* The shingles of the statements this connection stored last: a
 * candidate is mostly one of them in a bulk ingest, and is then compared
 * without its text being read and analysed again. Direct-mapped by id. */
#define SHCACHE 65536
/* Shingles an entry holds (a longer statement is not cached). */
#define SHCACHE_MAX 48

typedef struct shcached {
  int64_t id, family; /* a row's family never changes */
  uint64_t exact;
  uint16_t row;       /* family and exact known (stored here, not fetched) */
  uint16_t sorted;    /* sh sorted and distinct (else as made: sorted when compared) */
  uint32_t n;
  uint32_t sh[SHCACHE_MAX];
} shcached;

typedef struct cand {
  int64_t id, family;
  uint64_t exact;
} cand;

struct vs_fams {
  vs_sql *q[F_COUNT];
  bindex index;
  shcached *cache; /* SHCACHE entries, or NULL */
  an_termer *termer; /* candidates' texts analysed again */
  vb_fam_word w[VB_FAM_MAX_WORDS], ow[VB_FAM_MAX_WORDS]; /* the new statement's words, a candidate's */
  uint32_t sh[VB_FAM_MAX_WORDS], other[VB_FAM_MAX_WORDS];
};

void vs_fams_free(vs_fams *f) {
  if (!f) return;
  for (int i = 0; i < F_COUNT; i++) vs_finalize(f->q[i]);
  an_termer_free(f->termer);
  free(f->index.slot);
  free(f->cache);
  free(f);
}

static int fams_ready(vs_db db, vs_fams **cache, vb_err *err) {
  if (*cache) return VB_OK;
  vs_fams *f = calloc(1, sizeof *f);
  if (!f) return OOM(err);
  char text[768];
  snprintf(text, sizeof text,
           "SELECT coalesce(s.lang, ''), %s FROM statements s JOIN documents d ON d.id = s.doc_id WHERE s.id = ?1",
           db.drv->dialect->stmt_text);
  int rc = an_termer_new(&f->termer, err);
  for (int i = 0; !rc && i < F_COUNT; i++) rc = vs_sql_prepare(db, i == F_TEXT ? text : fam_sql[i], &f->q[i], err);
  if (rc) vs_fams_free(f);
  else *cache = f;
  return rc;
}

/* The shingles of stored statement id into f->other; *n 0 when it is gone
 * or has too few words. */
static void cache_put(vs_fams *f, int64_t id, int row, int64_t family, uint64_t exact, const uint32_t *sh,
                      size_t n, int sorted) {
  if (n > SHCACHE_MAX || (!f->cache && !(f->cache = calloc(SHCACHE, sizeof *f->cache)))) return;
  shcached *c = &f->cache[(uint64_t)id % SHCACHE];
  if (n) memcpy(c->sh, sh, n * sizeof *sh); /* sh may be NULL when n is 0 */
  c->id = id;
  c->row = (uint16_t)row;
  c->sorted = (uint16_t)sorted;
  c->family = family;
  c->exact = exact;
  c->n = (uint32_t)n;
}

static int stored_shingles(vs_fams *f, int64_t id, size_t *n, vb_err *err) {
  *n = 0;
  shcached *c = f->cache ? &f->cache[(uint64_t)id % SHCACHE] : NULL;
  if (c && c->id == id && c->n) {
    if (!c->sorted) c->n = (uint32_t)vb_fam_shingles_sort(c->sh, c->n);
    c->sorted = 1;
    *n = c->n;
    memcpy(f->other, c->sh, c->n * sizeof *f->other);
    return VB_OK;
  }
  vs_sql *q = f->q[F_TEXT];
  vs_bind_int(q, 1, id);
  int r = vs_next(q, err);
  int rc = r < 0 ? err->code : VB_OK;
  if (r > 0) {
    size_t ll, tl;
    const char *lang = vs_col_text(q, 0, &ll);
    const char *text = vs_col_text(q, 1, &tl);
    an_analyzer *an = an_termer_lang(f->termer, ll ? lang : "");
    long nw = an ? vb_fam_words(an, text, tl, f->ow, VB_FAM_MAX_WORDS) : -1;
    if (nw < 0) rc = OOM(err);
    else if (vb_fam_letter_words(f->ow, (size_t)nw) >= VB_FAM_MIN_WORDS) *n = vb_fam_shingles(f->ow, (size_t)nw, f->other);
  }
  vs_reset(q);
  /* a founder read once is asked for again: a formula's candidates lead
   * back to it */
  if (!rc && *n) cache_put(f, id, 0, 0, 0, f->other, *n, 1);
  return rc;
}

/* Is stored statement id the same words as the new one (f->sh[0..nsh))?
 * *sim its similarity; *same -1 when it is gone (or too short). */
static int verified(vs_fams *f, int64_t id, size_t nsh, int *same, vb_fam_sim *sim, vb_err *err) {
  size_t n;
  *same = -1;
  int rc = stored_shingles(f, id, &n, err);
  if (rc || !n) return rc;
  vb_fam_compare(f->sh, nsh, f->other, n, sim);
  *same = vb_fam_same(sim);
  return VB_OK;
}

/* The family statement id joins: *family (its own id when none) and how.
 * Its shingles f->sh[0..*nsh) are sorted (*sorted set, *nsh the distinct)
 * only when a candidate is compared with them. */
static int find_family(vs_fams *f, int64_t id, const vb_fam_print *p, size_t *nsh, int *sorted, int64_t *family,
                       int *rel, vb_err *err) {
  *family = id;
  *rel = VB_REL_NONE;
  int64_t ids[CANDIDATES];
  size_t nid = bindex_candidates(&f->index, p, ids, CANDIDATES), nc = 0;
  cand c[CANDIDATES];
  vs_sql *q = f->q[F_PRINT];
  for (size_t i = 0; i < nid; i++) {
    const shcached *k = f->cache ? &f->cache[(uint64_t)ids[i] % SHCACHE] : NULL;
    if (k && k->id == ids[i] && k->n && k->row) { /* stored by this connection lately */
      c[nc++] = (cand){ids[i], k->family, k->exact};
      continue;
    }
    vs_bind_int(q, 1, ids[i]);
    int r = vs_next(q, err);
    if (r > 0) {
      c[nc].id = ids[i];
      c[nc].family = vs_col_int(q, 0);
      c[nc].exact = (uint64_t)vs_col_int(q, 1);
      nc++;
    }
    vs_reset(q);
    if (r < 0) return err->code;
  }
  for (size_t i = 0; i < nc; i++)
    if (c[i].exact == p->exact) { /* the same words: its first copy's family */
      *family = c[i].family;
      *rel = VB_REL_EXACT;
      return VB_OK;
    }
  /* each family once, on its founder: a member joins only when verified
   * against it (a star); a founder gone (reparsed away) leaves the
   * candidate itself to compare with */
  if (nc && !*sorted) {
    *nsh = vb_fam_shingles_sort(f->sh, *nsh);
    *sorted = 1;
  }
  double best = -1;
  for (size_t i = 0; i < nc; i++) {
    int seen = 0;
    for (size_t k = 0; k < i && !seen; k++) seen = c[k].family == c[i].family;
    if (seen) continue;
    int same;
    vb_fam_sim sim;
    int rc = verified(f, c[i].family, *nsh, &same, &sim, err);
    if (!rc && same < 0 && c[i].family != c[i].id) rc = verified(f, c[i].id, *nsh, &same, &sim, err);
    if (rc) return rc;
    if (same > 0 && sim.jaccard > best) {
      best = sim.jaccard;
      *family = c[i].family;
      *rel = VB_REL_NEAR;
    }
  }
  return VB_OK;
}

static vs_value vint(int64_t i) { return (vs_value){VS_INT, i, 0, NULL, 0}; }

/* Stores statement id's fingerprint p (its shingles f->sh[0..nsh), sorted
 * or not) with the family it joins. */
static int store_print(vs_db db, vs_fams *f, int64_t id, const vb_fam_print *p, size_t nsh, int sorted, int64_t ord,
                       vb_err *err) {
  int64_t family;
  int rel;
  int rc = find_family(f, id, p, &nsh, &sorted, &family, &rel, err);
  if (rc) return rc;
  vs_value row[5 + VB_FAM_BANDS] = {vint(id), vint(family), vint(rel), vint(ord), vint((int64_t)p->exact)};
  for (int b = 0; b < VB_FAM_BANDS; b++) row[5 + b] = vint(p->band[b]);
  rc = db.drv->insert_rows(db.conn, "INSERT INTO fingerprints(statement_id, family, rel, ord, exact, " BAND_COLS ")",
                           NULL, 5 + VB_FAM_BANDS, 1, row, NULL, err);
  if (!rc && bindex_add(&f->index, id, p->band)) rc = OOM(err);
  if (!rc) cache_put(f, id, 1, family, p->exact, f->sh, nsh, sorted);
  return rc;
}

/* Fingerprints statement id (words f->w[0..nw)) and stores it. */
static int put_one(vs_db db, vs_fams *f, int64_t id, size_t nw, int64_t ord, vb_err *err) {
  if (vb_fam_letter_words(f->w, nw) < VB_FAM_MIN_WORDS) return VB_OK; /* too short for a family */
  size_t nsh = vb_fam_shingles(f->w, nw, f->sh);
  vb_fam_print p;
  vb_fam_print_make(f->w, nw, f->sh, nsh, &p);
  return store_print(db, f, id, &p, nsh, 1, ord, err);
}

/* ---- fingerprints made on an ingest thread ---------------------------------------- */

/* A document's statements' fingerprints (vb_doc.fam), in its arena. */
typedef struct prints {
  uint8_t *ok; /* long enough for a family */
  uint64_t *exact;
  uint32_t *band;   /* VB_FAM_BANDS a statement */
  uint32_t *sh_off; /* statement i's shingles: sh[sh_off[i] .. sh_off[i+1]) */
  uint32_t *sh;
} prints;

void vs_fam_prepare(vb_doc *d, size_t mark_len) {
#ifdef VB_BENCH_NO_FAMILIES /* the benchmarks' baseline: ingest without families */
  return;
#endif
  const vb_doc_view *v = &d->view;
  size_t n = v->nstatements;
  if (!d->pre || !n) return;
  vb_fam_word *w = malloc(VB_FAM_MAX_WORDS * sizeof *w);
  uint32_t *tmp = malloc(VB_FAM_MAX_WORDS * sizeof *tmp);
  VB_VEC(uint32_t) sh = {0};
  prints *p = vb_arena_calloc(d->arena, sizeof *p);
  int ok = w && tmp && p;
  if (ok) {
    p->ok = vb_arena_calloc(d->arena, n);
    p->exact = vb_arena_alloc(d->arena, n * sizeof *p->exact);
    p->band = vb_arena_alloc(d->arena, n * VB_FAM_BANDS * sizeof *p->band);
    p->sh_off = vb_arena_alloc(d->arena, (n + 1) * sizeof *p->sh_off);
    ok = p->ok && p->exact && p->band && p->sh_off;
  }
  for (size_t i = 0; ok && i < n; i++) {
    const vb_statement *x = &v->statements[i];
    p->sh_off[i] = sh.n;
    long nw = vb_fam_words_pre(d->pre + d->pre_off[i], d->pre_off[i + 1] - d->pre_off[i], v->body.ptr + x->start,
                               mark_len, w, VB_FAM_MAX_WORDS);
    if (nw < 0 || vb_fam_letter_words(w, (size_t)nw) < VB_FAM_MIN_WORDS) continue;
    size_t nsh = vb_fam_shingles_unsorted(w, (size_t)nw, tmp); /* sorted if ever compared */
    vb_fam_print fp;
    vb_fam_print_make(w, (size_t)nw, tmp, nsh, &fp);
    p->ok[i] = 1;
    p->exact[i] = fp.exact;
    memcpy(p->band + i * VB_FAM_BANDS, fp.band, sizeof fp.band);
    for (size_t k = 0; ok && k < nsh; k++) {
      uint32_t *s = VB_VEC_PUSH(d->arena, sh);
      if (s) *s = tmp[k];
      else ok = 0;
    }
  }
  if (ok) {
    p->sh_off[n] = sh.n;
    p->sh = sh.v;
    d->fam = p;
  }
  free(tmp);
  free(w);
}

/* The rows stored since the index last read (by this connection before,
 * by another process, or all of them the first time). */
static int refresh(vs_fams *f, vb_err *err) {
  vs_sql *q = f->q[F_LOAD];
  vs_bind_int(q, 1, f->index.seen);
  q->drv->stream(q);
  int r, rc = VB_OK;
  while (!rc && (r = vs_next(q, err)) > 0) {
    uint32_t band[VB_FAM_BANDS];
    for (int b = 0; b < VB_FAM_BANDS; b++) band[b] = (uint32_t)vs_col_int(q, 1 + b);
    if (bindex_add(&f->index, vs_col_int(q, 0), band)) rc = OOM(err);
  }
  if (!rc && r < 0) rc = err->code;
  vs_reset(q);
  return rc;
}

/* The sort key of a document's date (aired, else published). */
static int64_t ord_of(const vb_meta *m) {
  int32_t d = vb_fam_date(m->aired.ptr ? m->aired : m->published);
  return d ? d : UNDATED;
}

int vs_put_families(vs_db db, vs_fams **cache, const vb_doc *doc, const vs_put_result *r, size_t mark_len,
                    vb_err *err) {
#ifdef VB_BENCH_NO_FAMILIES
  return VB_OK;
#endif
  int rc = fams_ready(db, cache, err);
  vs_fams *f = *cache;
  if (!rc) rc = refresh(f, err);
  const vb_doc_view *v = vb_doc_get(doc);
  int64_t ord = ord_of(&v->meta);
  const prints *pp = doc->fam;
  for (size_t i = 0; pp && !rc && i < v->nstatements; i++) { /* made on an ingest thread */
    if (!pp->ok[i]) continue;
    vb_fam_print p;
    p.exact = pp->exact[i];
    memcpy(p.band, pp->band + i * VB_FAM_BANDS, sizeof p.band);
    size_t nsh = pp->sh_off[i + 1] - pp->sh_off[i];
    if (nsh) memcpy(f->sh, pp->sh + pp->sh_off[i], nsh * sizeof *f->sh); /* pp->sh is NULL when none has any */
    rc = store_print(db, f, r->stmt_ids[i], &p, nsh, 0, ord, err);
  }
  for (size_t i = 0; !pp && !rc && i < v->nstatements; i++) {
    const vb_statement *x = &v->statements[i];
    long nw = vb_fam_words_pre(r->pre + r->pre_off[i], r->pre_off[i + 1] - r->pre_off[i], v->body.ptr + x->start,
                               mark_len, f->w, VB_FAM_MAX_WORDS);
    if (nw < 0) continue; /* no analysis to read: no fingerprint */
    rc = put_one(db, f, r->stmt_ids[i], (size_t)nw, ord, err);
  }
  return rc;
}

int vs_family_lookup(vs_db db, vs_fams **cache, const char *text, size_t len, const char *lang, int64_t *family,
                     int *rel, vb_err *err) {
  *family = 0;
  *rel = VB_REL_NONE;
  int rc = fams_ready(db, cache, err);
  if (!rc) rc = refresh(*cache, err);
  if (rc) return rc;
  vs_fams *f = *cache;
  an_analyzer *an = an_termer_lang(f->termer, lang ? lang : "");
  long nw = an ? vb_fam_words(an, text, len, f->w, VB_FAM_MAX_WORDS) : -1;
  if (nw < 0) return OOM(err);
  if (vb_fam_letter_words(f->w, (size_t)nw) < VB_FAM_MIN_WORDS) return VB_OK;
  size_t nsh = vb_fam_shingles(f->w, (size_t)nw, f->sh);
  vb_fam_print p;
  vb_fam_print_make(f->w, (size_t)nw, f->sh, nsh, &p);
  int sorted = 1;
  rc = find_family(f, 0, &p, &nsh, &sorted, family, rel, err);
  return rc;
}

/* ---- archives made before fingerprints -------------------------------------- */

/* Statements one transaction fingerprints. */
#define MISSING_BATCH 2000

typedef struct missing {
  int64_t id, ord;
  char lang[AN_LANG_MAX + 1];
  vb_str text;
} missing;

int vs_fingerprints_built(vs_db db, int *yes, vb_err *err) {
  int64_t built = 0;
  int rc = vs_sql_int(db, "SELECT coalesce(min(built), 1) FROM fingerprint_state", &built, err);
  *yes = !rc && built;
  return rc;
}

int vs_fingerprint_missing(vs_db db, int64_t *added, vb_err *err) {
  *added = 0;
  vs_fams *f = NULL;
  int rc = fams_ready(db, &f, err);
  char sql[1024];
  snprintf(sql, sizeof sql,
           "SELECT s.id, coalesce(s.lang, ''), %s, coalesce(d.aired, d.published) FROM statements s"
           " JOIN documents d ON d.id = s.doc_id WHERE s.id > ?1"
           " AND NOT EXISTS (SELECT 1 FROM fingerprints f WHERE f.statement_id = s.id) ORDER BY s.id LIMIT %d",
           db.drv->dialect->stmt_text, MISSING_BATCH);
  vs_sql *q = NULL;
  if (!rc) rc = vs_sql_prepare(db, sql, &q, err);
  int64_t after = 0;
  for (int more = 1; !rc && more;) {
    vb_arena *a = vb_arena_new(0);
    VB_VEC(missing) m = {0};
    if (!a) rc = OOM(err);
    if (!rc) rc = db.drv->begin(db.conn, err);
    if (!rc && (rc = refresh(f, err))) db.drv->rollback(db.conn);
    if (rc) {
      vb_arena_free(a);
      break;
    }
    /* the batch read whole before any is stored */
    vs_bind_int(q, 1, after);
    int r;
    while ((r = vs_next(q, err)) > 0) {
      missing *x = VB_VEC_PUSH(a, m);
      if (!x) break;
      x->id = vs_col_int(q, 0);
      snprintf(x->lang, sizeof x->lang, "%s", vs_col_text(q, 1, NULL));
      x->text = vs_col_str(q, 2, a);
      size_t dl;
      const char *d = vs_col_text(q, 3, &dl);
      int32_t day = vb_fam_date((vb_str){d, dl});
      x->ord = day ? day : UNDATED;
    }
    vs_reset(q);
    if (r < 0) rc = err->code;
    else if (r > 0 || vb_arena_refused(a)) rc = OOM(err);
    for (uint32_t i = 0; !rc && i < m.n; i++) {
      an_analyzer *an = an_termer_lang(f->termer, m.v[i].lang);
      long nw = an && m.v[i].text.ptr ? vb_fam_words(an, m.v[i].text.ptr, m.v[i].text.len, f->w, VB_FAM_MAX_WORDS)
                                      : 0;
      if (nw < 0 || !an) rc = OOM(err);
      if (!rc) rc = put_one(db, f, m.v[i].id, (size_t)nw, m.v[i].ord, err);
      after = m.v[i].id;
    }
    more = !rc && m.n == MISSING_BATCH;
    if (!rc && !more) rc = vs_sql_exec(db, "UPDATE fingerprint_state SET built = 1", err);
    if (!rc) rc = db.drv->commit(db.conn, err);
    else db.drv->rollback(db.conn);
    if (!rc) *added += m.n;
    vb_arena_free(a);
  }
  vs_finalize(q);
  vs_fams_free(f);
  return rc;
}

/* ---- a statement's family as a hit shows it ---------------------------------- */

int vs_family_info(vs_db db, int64_t statement, vb_arena *a, vs_fam_info *out, vb_err *err) {
  memset(out, 0, sizeof *out);
  vs_sql *q;
  int rc = vs_sql_prepare(db,
                          "SELECT g.statement_id, d.hash, gs.idx, " VS_NUMBERING ", d.date,"
                          " (SELECT count(*) FROM fingerprints c WHERE c.family = f.family)"
                          " FROM fingerprints f JOIN fingerprints g ON g.family = f.family"
                          " JOIN statements gs ON gs.id = g.statement_id JOIN documents d ON d.id = gs.doc_id"
                          " WHERE f.statement_id = ?1 ORDER BY g.ord, g.statement_id LIMIT 1",
                          &q, err);
  if (rc) return rc;
  vs_bind_int(q, 1, statement);
  int r = vs_next(q, err);
  if (r < 0) rc = err->code;
  if (r > 0 && vs_col_int(q, 5) > 1) {
    out->first = vs_col_int(q, 0);
    snprintf(out->doc, sizeof out->doc, "%s", vs_col_text(q, 1, NULL));
    out->index = (int32_t)vs_col_int(q, 2);
    out->numbering = (int32_t)vs_col_int(q, 3);
    out->date = vs_col_str(q, 4, a);
    out->size = vs_col_int(q, 5);
  }
  vs_finalize(q);
  return rc;
}
