/* families — quote families kept in the archive, made as statements are
 * stored (issue 21). Each statement of at least VB_FAM_MIN_WORDS words
 * gets a fingerprint: the hash of its words and its MinHash band keys
 * (src/family/, 16 bands of 4), an entry in its document's block (one
 * row of fingerprint_blocks for the document's statements, written in one
 * go); a statement whose family has two or more also gets a row of its
 * own in fingerprints (its family, how it is related, its date as a sort
 * key), which every query of families reads: a member as it is stored,
 * its founder when the first member joins it. A row each, 99% of them
 * founders alone in their families, was 70% of the families' work on the
 * storing thread (SQLite's per-row INSERT). A
 * new statement's candidates are the
 * statements that share a band key with it, at most CANDIDATES of them;
 * each is verified on the two statements' word pairs as src/family/
 * verifies everywhere (its block's entry keeps them, as a row did before
 * blocks, `pairs`: a founder's words are read in one row, not cut from
 * its document's whole body and analysed again; a row stored before the
 * column has none, and its text is read so), and a near one joins only when it is
 * verified against its family's founder too, so a family stays a star
 * around one statement and a chain of small changes never joins
 * sentences that share nothing. An exact repeat follows its first copy.
 *
 * Written once over the SQL driver, so both backends keep the same rows.
 * The statement's words are those the index's analysis gave as an ingest
 * thread encoded it (vs_fam_begin), or, for a document stored without
 * one, those of the pre-analysed text the index was given (put.c): none
 * is analysed twice. When a family is first said
 * is read, not stored: the member with the least date (undated last, then
 * the first stored), so a statement archived later that is dated earlier
 * becomes its family's first without any row changing.
 *
 * An archive made before fingerprints has none: fingerprint_state says
 * so, searches that filter on families are refused until `verbatim
 * reindex` fills them in (vs_fingerprint_missing), in statement order. */
#define _GNU_SOURCE /* mremap */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze/analyze.h"
#include "core/err.h"
#include "core/grow.h"
#include "family/family.h"
#include "store/store.h"

#define OOM(e) vb_err_set((e), VB_ENOMEM, "", -1, "out of memory")
/* What a statement's fingerprint asks of a connection the finding thread
 * may not use (fam_worker): a row read, the rows written. No VB_ code:
 * never returned past this file, and no err set. */
#define NEEDS_SQL (-1)

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

enum { F_PRINT, F_LOAD, F_PAIRS, F_TEXT, F_BLOCK, F_BLOCKS, F_COUNT };

static const char *const fam_sql[F_COUNT] = {
    "SELECT family, exact, ord FROM fingerprints WHERE statement_id = ?1",
    NULL, /* the rows and blocks stored since: made at prepare (LOAD_ROWS, LOAD_BLOCKS) */
    "SELECT pairs FROM fingerprints WHERE statement_id = ?1",
    NULL, /* the dialect's statement text: made at prepare */
    /* the block a statement's entry is in (when it has one) */
    "SELECT first_id, last_id, ord, prints FROM fingerprint_blocks WHERE first_id <= ?1 ORDER BY first_id DESC LIMIT 1",
    NULL, /* the blocks alone, where a query is no round trip (LOAD_BLOCKS) */
};

/* The rows stored since statement ?1, then the blocks (written whole, so
 * those stored since are those after): one query where each is a round
 * trip (PostgreSQL), else two, each read in its key's order (SQLite sorts
 * the union of two otherwise, every block copied). The last column says
 * which: 0 a row (statement, bands, pairs, family, exact, ord), 1 a block
 * (first statement, prints, -, -, -, ord). */
#define LOAD_ROWS "SELECT statement_id, bands, pairs, family, exact, ord, 0 FROM fingerprints WHERE statement_id > ?1"
#define LOAD_BLOCKS "SELECT first_id, prints, NULL, 0, 0, ord, 1 FROM fingerprint_blocks WHERE first_id > ?1"

/* ---- the band keys in memory ----------------------------------------------------
 * An open-addressing multimap: a slot per (statement, band), key << 32 |
 * statement id, linear probing from the key's slot (the key is a hash
 * already; the band's number is mixed into it), at most three quarters
 * full and at most KEY_MAX statements a key, so a lookup reads a cache
 * line or two. 8 bytes a slot: at the UN corpus's 1.19 M fingerprinted
 * statements (19 M keys), 32 M slots, 256 MB. The table is mapped from
 * the system and grown in place (mremap: the old slots stay where they
 * are, the new half comes zeroed), so growing never holds a second table
 * beside it (the 128 MB a table of 256 MB grew from). A statement too
 * short for a near repeat has one key, its first band's: it can only be
 * an exact repeat, whose keys are all the same. Statement ids beyond 32
 * bits are not indexed (such a statement is never a candidate). */

#define FIRST_SLOTS ((size_t)1 << 16)

typedef struct bindex {
  uint64_t *slot;  /* 0: empty (no statement has id 0) */
  size_t n, nslot; /* nslot a power of two */
  uint64_t *run;   /* a cluster of keys being moved (growing) */
  size_t nrun;
  int64_t seen; /* the highest statement id indexed */
  unsigned grew; /* times it doubled */
  void *map;     /* the slots are the file's (band_file_open), mapped privately from here: maplen bytes */
  size_t maplen;
} bindex;

/* An array the connection grows to the archive's size and reads at
 * random (the rows known by id and the founders' pairs below: 64 and
 * 114 MB at the UN corpus), mapped from the system as the band table is:
 * grown in place (mremap), its new part zeroed by the system, in huge
 * pages where it gives them. From malloc, in 4 KB pages, each of their
 * ~45,000 pages was a fault of its own and each random read most often a
 * miss of the address cache too. p: bytes long now (NULL: none yet);
 * returns the array of to bytes (its first bytes p's), or NULL (p as it
 * was) when the system has no room. */
static void *big_grow(void *p, size_t bytes, size_t to);
static void big_free(void *p, size_t bytes);

/* Keys a statement has in the table: all its bands, or one when it has
 * too few word pairs for a near repeat (nsh distinct, or counted with
 * repeats when not sorted: then at least as many as the distinct). */
static int keys_of(size_t nsh) { return vb_fam_near_possible(nsh) ? VB_FAM_BANDS : 1; }

/* Its reads are random, each in a page of its own: the table asks for
 * huge pages (where the system gives them on request), so a probe is not
 * also a miss of the address cache and filling it costs a page fault each
 * 2 MB instead of each 4 KB. */
#define HUGE_PAGE ((size_t)2 << 20)
static void advise(void *p, size_t bytes) {
#ifdef MADV_HUGEPAGE
  if (bytes >= HUGE_PAGE) (void)madvise(p, bytes, MADV_HUGEPAGE); /* advice: without it, small pages */
#else
  (void)p;
  (void)bytes;
#endif
}

static void *big_grow(void *p, size_t bytes, size_t to) {
  void *q;
  if (!p) {
    q = mmap(NULL, to, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  } else {
#ifdef MREMAP_MAYMOVE
    q = mremap(p, bytes, to, MREMAP_MAYMOVE);
#else
    q = mmap(NULL, to, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (q != MAP_FAILED) {
      memcpy(q, p, bytes < to ? bytes : to);
      munmap(p, bytes);
    }
#endif
  }
  if (q == MAP_FAILED) return NULL;
  advise(q, to);
  return q;
}

static void big_free(void *p, size_t bytes) {
  if (p) munmap(p, bytes);
}

static void bindex_free(bindex *x) {
  if (x->map) munmap(x->map, x->maplen);
  else if (x->slot) munmap(x->slot, x->nslot * sizeof(uint64_t));
  free(x->run);
}

/* Asks for the cache lines of the slots a statement's keys are probed
 * from, so the probes wait for memory together, not in turn. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((noipa)) /* else GCC finds it has no effect and drops it */
#endif
static void bindex_prefetch(const bindex *x, const uint32_t *band, int nkeys) {
  if (!x->nslot) return;
  size_t mask = x->nslot - 1;
  for (int b = 0; b < nkeys; b++) __builtin_prefetch(&x->slot[band[b] & mask]);
}

/* Puts v in its key's run; a key held KEY_MAX times already (a formula
 * said by thousands: "I congratulate you, Mr. President") takes no more,
 * so a run stays short to probe. Returns 1 when it was put. */
static int bindex_put(uint64_t *slot, size_t nslot, uint64_t v) {
  size_t i = (size_t)(v >> 32) & (nslot - 1), same = 0, probed = 0;
  /* probes end at an empty slot: a table with none (a damaged file) takes no more */
  for (; slot[i]; i = (i + 1) & (nslot - 1))
    if (((slot[i] >> 32) == (v >> 32) && ++same >= KEY_MAX) || ++probed >= nslot) return 0;
  slot[i] = v;
  return 1;
}

/* Twice the slots, in place. A key's new home is its old home or that
 * plus the old size, so the keys of one cluster (a run of full slots
 * between two empty ones) land in the two images of that run and never
 * among another cluster's: each cluster is taken out whole and put back,
 * one after another from an empty slot, and no second table is needed. */
static int bindex_grow(bindex *x) {
  size_t n = x->nslot, n2 = n ? 2 * n : FIRST_SLOTS;
  uint64_t *s = x->slot;
  size_t empty = 0, longest = 0;
  if (n) { /* room for the longest cluster first: nothing moves before it is there */
    while (empty < n - 1 && s[empty]) empty++; /* at most three quarters are full (a damaged file: none empty) */
    for (size_t seen = 0, i = empty, len = 0; seen < n; seen++, i = (i + 1) & (n - 1)) {
      len = s[i] ? len + 1 : 0;
      if (len > longest) longest = len;
    }
    if (longest > x->nrun) {
      uint64_t *r = realloc(x->run, longest * sizeof *r);
      if (!r) return VB_ENOMEM;
      x->run = r;
      x->nrun = longest;
    }
  }
  if (!n || x->map) { /* a file's slots are copied: a file mapping grown past its end is no memory */
    s = mmap(NULL, n2 * sizeof *s, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (n && s != MAP_FAILED) {
      memcpy(s, x->slot, n * sizeof *s);
      munmap(x->map, x->maplen);
      x->map = NULL;
    }
  } else {
#ifdef MREMAP_MAYMOVE
    s = mremap(s, n * sizeof *s, n2 * sizeof *s, MREMAP_MAYMOVE);
#else
    s = mmap(NULL, n2 * sizeof *s, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (s != MAP_FAILED) {
      memcpy(s, x->slot, n * sizeof *s);
      munmap(x->slot, n * sizeof *s);
    }
#endif
  }
  if (s == MAP_FAILED) return VB_ENOMEM;
  advise(s, n2 * sizeof *s);
  x->slot = s;
  x->nslot = n2;
  x->grew += n != 0;
  /* each cluster out whole, then back, from the slot after an empty one */
  for (size_t seen = 0, i = (empty + 1) & (n - 1); n && seen < n;) {
    size_t k = 0;
    for (; s[i] && seen < n; i = (i + 1) & (n - 1), seen++) {
      x->run[k++] = s[i];
      s[i] = 0;
    }
    for (size_t j = 0; j < k; j++) (void)bindex_put(s, n2, x->run[j]);
    if (!k) {
      i = (i + 1) & (n - 1);
      seen++;
    }
  }
  return VB_OK;
}

/* Room for keys keys at once, in a table not made yet: the rows an
 * archive has when a connection first reads them, so that reading them
 * does not double the table again and again (nine times at the UN
 * corpus's 19 M keys), moving every key it holds each time. */
static int bindex_reserve(bindex *x, size_t keys) {
  if (x->nslot || !keys) return VB_OK; /* made already: it grows as it fills */
  size_t n = FIRST_SLOTS;
  while (keys * 4 > n * 3 && n < ((size_t)1 << 40)) n *= 2;
  uint64_t *s = mmap(NULL, n * sizeof *s, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (s == MAP_FAILED) return VB_ENOMEM;
  advise(s, n * sizeof *s);
  x->slot = s;
  x->nslot = n;
  return VB_OK;
}

static int bindex_add(bindex *x, int64_t id, const uint32_t *band, int nkeys) {
  if (id > x->seen) x->seen = id;
  if (id <= 0 || id >= (int64_t)UINT32_MAX) return VB_OK;
  if ((x->n + (size_t)nkeys) * 4 > x->nslot * 3 && bindex_grow(x)) return VB_ENOMEM;
  bindex_prefetch(x, band, nkeys);
  for (int b = 0; b < nkeys; b++) x->n += (size_t)bindex_put(x->slot, x->nslot, (uint64_t)band[b] << 32 | (uint64_t)id);
  return VB_OK;
}

/* Takes statement id's keys (band[0..nkeys)) out. The slots after each
 * are shifted back into the hole while their home allows (linear
 * probing's deletion, no tombstones), so a run keeps its order: the first
 * stored of a key stay the first probed. */
static void bindex_remove(bindex *x, int64_t id, const uint32_t *band, int nkeys) {
  if (!x->nslot || id <= 0 || id >= (int64_t)UINT32_MAX) return;
  size_t mask = x->nslot - 1;
  for (int b = 0; b < nkeys; b++) {
    uint64_t v = (uint64_t)band[b] << 32 | (uint64_t)id;
    size_t i = band[b] & mask;
    size_t probed = 0;
    while (x->slot[i] && x->slot[i] != v && ++probed < x->nslot) i = (i + 1) & mask;
    if (x->slot[i] != v) continue; /* never put (its key was full) */
    probed = 0;
    for (size_t j = (i + 1) & mask; x->slot[j] && ++probed < x->nslot; j = (j + 1) & mask) {
      size_t home = (size_t)(x->slot[j] >> 32) & mask;
      if (((j - home) & mask) >= ((j - i) & mask)) { /* its home is at or before the hole */
        x->slot[i] = x->slot[j];
        i = j;
      }
    }
    x->slot[i] = 0;
    x->n--;
  }
}

/* The statements sharing a band with p, at most max, distinct, into ids. */
static size_t bindex_candidates(const bindex *x, const vb_fam_print *p, int64_t *ids, size_t max) {
  size_t n = 0;
  bindex_prefetch(x, p->band, VB_FAM_BANDS);
  for (int b = 0; b < VB_FAM_BANDS && x->nslot && n < max; b++) {
    size_t taken = 0, probed = 0;
    for (size_t i = p->band[b] & (x->nslot - 1); x->slot[i] && taken < PER_BAND && n < max && probed++ < x->nslot;
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

/* ---- band keys as stored ---------------------------------------------------------
 * A row's bands column: its keys as unsigned 32-bit big-endian numbers,
 * 4 bytes each, all VB_FAM_BANDS or the first alone (keys_of). */

size_t vs_bands_encode(const uint32_t *band, int nkeys, unsigned char *out) {
  for (int b = 0; b < nkeys; b++) {
    out[4 * b] = (unsigned char)(band[b] >> 24);
    out[4 * b + 1] = (unsigned char)(band[b] >> 16);
    out[4 * b + 2] = (unsigned char)(band[b] >> 8);
    out[4 * b + 3] = (unsigned char)band[b];
  }
  return (size_t)nkeys * 4;
}

/* ---- word pairs as stored ---------------------------------------------------------
 * A row's pairs column: the statement's word-pair hashes as its words
 * gave them (in order, repeats and all, or sorted when they were
 * compared), unsigned 32-bit little-endian, 4 bytes each; sorted when
 * read. NULL in a row stored before the column. */

static void pairs_encode(const uint32_t *sh, size_t n, unsigned char *out) {
  for (size_t i = 0; i < n; i++) {
    out[4 * i] = (unsigned char)sh[i];
    out[4 * i + 1] = (unsigned char)(sh[i] >> 8);
    out[4 * i + 2] = (unsigned char)(sh[i] >> 16);
    out[4 * i + 3] = (unsigned char)(sh[i] >> 24);
  }
}

/* A stored pairs column (len bytes) into sh (room for VB_FAM_MAX_WORDS),
 * sorted and distinct; how many. */
static size_t pairs_decode(const unsigned char *p, size_t len, uint32_t *sh) {
  size_t n = len / 4 < VB_FAM_MAX_WORDS ? len / 4 : VB_FAM_MAX_WORDS;
  for (size_t i = 0; i < n; i++)
    sh[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 | (uint32_t)p[4 * i + 2] << 16 |
            (uint32_t)p[4 * i + 3] << 24;
  return vb_fam_shingles_sort(sh, n);
}

/* The keys of a stored bands column into band; how many (0: not one). */
static int bands_decode(const unsigned char *p, size_t n, uint32_t *band) {
  if (n != 4 && n != 4 * VB_FAM_BANDS) return 0;
  for (size_t b = 0; b < n / 4; b++)
    band[b] = (uint32_t)p[4 * b] << 24 | (uint32_t)p[4 * b + 1] << 16 | (uint32_t)p[4 * b + 2] << 8 | p[4 * b + 3];
  return (int)(n / 4);
}

/* ---- a document's fingerprints as stored (fingerprint_blocks) ---------------------
 * A block's prints column: each statement's entry in id order, its id
 * less the block's first (4 bytes, little-endian), its words' hash (8),
 * how many keys (1 byte: 0, 1 or VB_FAM_BANDS) and how many word pairs it
 * keeps (2; NO_PAIRS: none, a member's), then its keys as a bands column
 * holds them and its pairs as a pairs column does. */
#define ENTRY_HEAD 15
#define NO_PAIRS 0xFFFFu

typedef struct entry {
  int64_t id;
  uint64_t exact;
  int nkeys;
  size_t npairs; /* SIZE_MAX: none kept */
  const unsigned char *keys, *pairs;
} entry;

static size_t entry_size(int nkeys, size_t npairs) {
  return ENTRY_HEAD + 4 * (size_t)nkeys + (npairs == SIZE_MAX ? 0 : 4 * npairs);
}

static unsigned char *entry_put(unsigned char *o, int64_t delta, uint64_t exact, int nkeys, const unsigned char *keys,
                                size_t npairs, const unsigned char *pairs) {
  for (int b = 0; b < 4; b++) o[b] = (unsigned char)((uint64_t)delta >> (8 * b));
  for (int b = 0; b < 8; b++) o[4 + b] = (unsigned char)(exact >> (8 * b));
  unsigned np = npairs == SIZE_MAX ? NO_PAIRS : (unsigned)npairs;
  o[12] = (unsigned char)nkeys;
  o[13] = (unsigned char)np;
  o[14] = (unsigned char)(np >> 8);
  o += ENTRY_HEAD;
  if (nkeys) memcpy(o, keys, 4 * (size_t)nkeys);
  o += 4 * (size_t)nkeys;
  if (npairs != SIZE_MAX && npairs) memcpy(o, pairs, 4 * npairs);
  return o + (npairs == SIZE_MAX ? 0 : 4 * npairs);
}

/* The entry at p[*at ..) of a block of n bytes whose first statement is
 * first, into e; 0 at its end (or where it is damaged). */
static int entry_next(const unsigned char *p, size_t n, size_t *at, int64_t first, entry *e) {
  if (!p || *at > n || n - *at < ENTRY_HEAD) return 0;
  const unsigned char *h = p + *at;
  uint32_t delta = (uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16 | (uint32_t)h[3] << 24;
  uint64_t exact = 0;
  for (int b = 7; b >= 0; b--) exact = exact << 8 | h[4 + b];
  int nkeys = h[12];
  unsigned np = (unsigned)h[13] | (unsigned)h[14] << 8;
  size_t npairs = np == NO_PAIRS ? SIZE_MAX : np;
  if ((nkeys != 0 && nkeys != 1 && nkeys != VB_FAM_BANDS) || n - *at < entry_size(nkeys, npairs)) return 0;
  e->id = first + delta;
  e->exact = exact;
  e->nkeys = nkeys;
  e->npairs = npairs;
  e->keys = h + ENTRY_HEAD;
  e->pairs = e->keys + 4 * (size_t)nkeys;
  *at += entry_size(nkeys, npairs);
  return 1;
}

/* An entry's keys into band, using tmp (room for VB_FAM_MAX_WORDS): kept,
 * or made again from its pairs as row_keys does; how many. */
static int entry_keys(const entry *e, uint32_t *band, uint32_t *tmp) {
  if (e->nkeys) return bands_decode(e->keys, 4 * (size_t)e->nkeys, band);
  if (e->npairs == SIZE_MAX || !e->npairs) return 0;
  vb_fam_bands(tmp, pairs_decode(e->pairs, 4 * e->npairs, tmp), band);
  return keys_of(e->npairs);
}

/* The keys of row q (its bands column at col, its pairs at col + 1) into
 * band, using tmp (room for VB_FAM_MAX_WORDS); how many (0: none). A
 * founder's row on SQLite keeps no keys (store_print: an empty bands
 * column) when they are made again from its word pairs as they were
 * made from its shingles at first: MinHash of the same set, repeats or
 * none, and as many keys as that many pairs give (keys_of). */
static int row_keys(vs_sql *q, int col, uint32_t *band, uint32_t *tmp) {
  size_t n;
  const unsigned char *p = vs_col_blob(q, col, &n);
  if (n || vs_col_null(q, col + 1)) return p ? bands_decode(p, n, band) : 0;
  const unsigned char *pairs = vs_col_blob(q, col + 1, &n);
  if (!pairs || n < 4) return 0;
  vb_fam_bands(tmp, pairs_decode(pairs, n, tmp), band);
  return keys_of(n / 4);
}

/* The shingles of the statements this connection stored last: a
 * candidate is mostly one of them in a bulk ingest, and is then compared
 * without its text being read and analysed again. Direct-mapped by id.
 * Made only where rows are not known by id (known_row: PostgreSQL). */
#define SHCACHE 65536
/* Shingles an entry holds (a longer statement is not cached). */
#define SHCACHE_MAX 48

typedef struct shcached {
  int64_t id, family; /* a row's family never changes */
  uint64_t exact;
  int32_t ord;
  uint16_t row;       /* family and exact known (stored here, not fetched) */
  uint16_t sorted;    /* sh sorted and distinct (else as made: sorted when compared) */
  uint32_t n;
  uint32_t sh[SHCACHE_MAX];
} shcached;

typedef struct cand {
  int64_t id, family;
  uint64_t exact;
  int64_t ord;
} cand;

/* Every fingerprint row the connection stored or read (refresh), its
 * family and words' hash by statement id: a candidate's row is found here,
 * not read back. At the UN corpus's size most candidates are older than
 * the statements the connection keeps (SHCACHE), and reading their rows
 * was 677,349 random reads of a table several times the page cache (a
 * whole-corpus ingest). 32 bytes a statement id, the generation it was
 * known in among them (one cache line a lookup, where the generations
 * apart were a second): 64 MB for the UN corpus's 1.43 M ids (the array
 * doubles). Kept where
 * deletions are counted (the band table's stamp, SQLite: every
 * connection's, this one's reparses too): a count changed since makes
 * every row known before a generation ago (known_check), so a row deleted
 * elsewhere is never taken from here; rows are then read as before
 * until the connection stores or reads them again. Without a stamp
 * (PostgreSQL, which reads a document's candidates in one query anyway)
 * none is kept. */
typedef struct known_row {
  int64_t family;
  uint64_t exact;
  uint32_t pairs_at; /* a founder's word pairs (known_pairs): kpairs[pairs_at ..] */
  uint16_t npairs;   /* 0: not kept (a member's, or a row read by refresh) */
  uint16_t sorted;   /* sorted and distinct (else as made: sorted when first compared) */
  uint32_t gen;      /* the row holds when this is the connection's generation (0: never) */
  int32_t ord;       /* its date's sort key (a founder's row is written with it when its first member comes) */
} known_row;
/* Word pairs kept for founders at most (4 bytes each): 114 MB at the UN
 * corpus (1.19 M founders); past it a founder's are read from its row. */
#define KNOWN_PAIRS_MAX ((size_t)1 << 27)
/* Statement ids the array covers at most: ids far beyond the rows known
 * (an archive whose ids have gaps) are looked up as before. */
#define KNOWN_SPAN(rows) (2 * (size_t)(rows) + ((size_t)1 << 20))

/* Where a statement is a round trip (the dialect's round_trips), a document's
 * candidates are read in one query before its statements are stored: one
 * at a time they were 8 of the 24 statements a UN speech sent on
 * PostgreSQL, 25 of the 50 of a debate. At most AHEAD_MAX ids a document;
 * the rest (and any that were not foreseen) are read one at a time. */
#define AHEAD_MAX 4096
typedef struct ahead_row {
  int64_t id, family;
  uint64_t exact;
  int64_t ord;
} ahead_row;
typedef struct ahead_pairs {
  int64_t id;     /* a founder */
  size_t at, n;   /* its pairs, sorted and distinct: pool[at .. at + n) */
} ahead_pairs;

/* Rows made and not yet written: a document's (or a batch's) rows go in
 * one insert_rows, at most PENDING_MAX at a time; ids ascending, so a
 * candidate among them is found by bisection. */
#define PENDING_MAX 1024
#define FP_COLS 7

typedef struct pending {
  int64_t id, family, ord, doc;
  uint64_t exact;
  int rel, nkeys; /* nkeys: the keys its bands column keeps (0: made again from its pairs) */
  unsigned char bands[4 * VB_FAM_BANDS];
  size_t pairs_at, npairs; /* its pairs column: bytes pairs_at .. + 4 npairs of vs_fams.pairs; SIZE_MAX: NULL */
} pending;

/* A statement the connection learnt in its open transaction: what it
 * must forget should the transaction (or its document's savepoint) be
 * rolled back. */
typedef struct learnt {
  int64_t id;
  int nkeys;
  uint32_t band[VB_FAM_BANDS];
} learnt;

struct vs_fams {
  vs_sql *q[F_COUNT];
  bindex index;
  learnt *learnt; /* since the transaction began, in the order stored */
  size_t nlearnt, clearnt;
  shcached *cache; /* SHCACHE entries, or NULL */
  an_termer *termer; /* candidates' texts analysed again */
  pending *rows;      /* PENDING_MAX, or NULL until the first */
  size_t nrows;
  unsigned char *pairs; /* the pending rows' pairs columns, one after another */
  size_t npairs_bytes, pairs_cap;
  cand *founders; /* founders whose first member the pending rows hold: their rows */
  size_t nfounders, cfounders;
  /* the document's candidates' rows and their founders' pairs, read ahead
   * in one query (read_ahead), both sorted by id */
  ahead_row *ar;
  size_t nar, car;
  ahead_pairs *ap;
  size_t nap, cap_ap;
  uint32_t *pool;
  size_t npool, cpool;
  vs_sql *ahead; /* its query, NULL until the first */
  vb_fam_word w[VB_FAM_MAX_WORDS], ow[VB_FAM_MAX_WORDS]; /* the new statement's words, a candidate's */
  uint32_t sh[VB_FAM_MAX_WORDS], other[VB_FAM_MAX_WORDS];
  /* the band table's file (band_file_open): its path (NULL: none, as on
   * PostgreSQL or an archive in memory), the archive's stamp as read when
   * the table was made, the rows the file held */
  char *band_path;
  int64_t stamp_archive, stamp_deletions;
  size_t file_rows;
  int from_file, refreshed; /* began from the file; refreshed once since made */
  size_t loaded;            /* rows refresh read */
  /* the rows known by id (known_row), known[0 .. nknown); kept only when
   * keep_known, while the stamp's deletions are known_deletions */
  known_row *known;
  uint32_t *kpairs;    /* founders' word pairs, one after another (known_row.pairs_at) */
  size_t nkpairs, ckpairs;
  size_t nknown, known_rows;
  uint32_t gen;
  int keep_known;
  int keys_from_pairs; /* a founder's row keeps its pairs, not its keys (row_keys) */
  int64_t known_deletions;
  vs_sql *deletions; /* the stamp's count, read before each refresh */
  size_t rows_read, pairs_read; /* read back one at a time (vs_fams_reads) */
  /* a document's families being found on a thread of their own (fam_worker) */
  int no_sql;          /* the connection is not this thread's: NEEDS_SQL where it would be asked */
  int working;         /* a document handed to the worker and not taken back (fams_wait) */
  int sync_up;         /* mu and cv made (destroyed by vs_fams_free) */
  int thread_up;       /* the worker made and not joined (vs_fams_start, vs_fams_free) */
  int wended;          /* the worker ended, idle (fam_worker): joined before the next is made */
  unsigned idle_ms;    /* the worker ends after this long without a document (0: WORKER_IDLE_MS) */
  size_t threads;      /* workers made (vs_fams_threads) */
  int quit;            /* the worker is to end */
  int stop;            /* read and written atomically: the storing thread takes the document back */
  int wdone;           /* the worker found all it could of its document */
  int hold;            /* tests: the worker begins no document (vs_fams_hold) */
  size_t wfound;       /* statements the worker found (vs_fams_worked) */
  pthread_t worker;
  pthread_mutex_t mu;  /* held by the worker while it changes f */
  pthread_cond_t cv;   /* a document handed over, or the end */
  const vb_doc *wdoc;  /* its document, prints, ids and date */
  const struct prints *wpp;
  vb_arena *wmade;     /* wpp when made from the pre-analysed texts (vs_fams_wait frees it) */
  const int64_t *wids;
  int64_t word;
  int64_t wdocid;      /* its document's row */
  size_t wmark;        /* vs_fams_mark before it began */
  size_t wnext;        /* its statements before this one are found */
  int wrc;             /* its error, in werr */
  vb_err werr;
  size_t wstarted;     /* documents begun on it (vs_fams_worked) */
};

static void fams_wait(vs_fams *f);

void vs_fams_free(vs_fams *f) {
  if (!f) return;
  vs_fams_wait(f);
  if (f->thread_up) {
    pthread_mutex_lock(&f->mu);
    f->quit = 1;
    pthread_cond_signal(&f->cv);
    pthread_mutex_unlock(&f->mu);
    pthread_join(f->worker, NULL);
  }
  if (f->sync_up) {
    pthread_mutex_destroy(&f->mu);
    pthread_cond_destroy(&f->cv);
  }
  for (int i = 0; i < F_COUNT; i++) vs_finalize(f->q[i]);
  an_termer_free(f->termer);
  bindex_free(&f->index);
  free(f->learnt);
  free(f->cache);
  free(f->rows);
  free(f->pairs);
  free(f->founders);
  free(f->ar);
  free(f->ap);
  free(f->pool);
  vs_finalize(f->ahead);
  free(f->band_path);
  big_free(f->known, f->nknown * sizeof *f->known);
  big_free(f->kpairs, f->ckpairs * sizeof *f->kpairs);
  vs_finalize(f->deletions);
  free(f);
}

void vs_fams_reads(const vs_fams *f, size_t *rows, size_t *pairs) {
  *rows = f ? f->rows_read : 0;
  *pairs = f ? f->pairs_read : 0;
}

void vs_fams_loaded(const vs_fams *f, size_t *rows, int *from_file) {
  *rows = f ? f->loaded : 0;
  *from_file = f ? f->from_file : 0;
}

/* ---- the band table in a file beside the archive ----------------------------------
 * Made from every fingerprint row, the table cost what the archive holds
 * (the UN archive's 1.19 M rows: 2.05 G instructions, 98% of a one-file
 * ingest). On SQLite it is kept in ARCHIVE-bands once a connection has
 * read many rows into it: a page of header (below) and the slots as they
 * are in memory. A connection maps the file privately (what it adds and
 * removes stays its own: the pages it writes are copied, the rest are
 * read from the file when probed) and reads only the rows stored after
 * it (statement id > seen). The file is good while the archive's stamp
 * (sqlite.c: a number drawn for the archive, the count of fingerprint
 * rows ever deleted) and scheme are those it was written with; else it is
 * made again from every row. It is written only by a connection that
 * learnt nothing yet (no row of its own transaction in it) and read its
 * stamp before its rows: a row deleted meanwhile makes the file stale,
 * never wrong. Written beside, then renamed over: a reader's mapping
 * keeps the file it opened. */

#define BAND_FILE_MAGIC "vbbands1"
#define BAND_FILE_HEAD ((size_t)4096)
/* Rows a refresh reads before the file is written (again): at least
 * this many, and an eighth of the rows in the file, so writing it is paid
 * for by the rows it saves reading. */
#define BAND_FILE_ROWS 4096

typedef struct band_head {
  char magic[8];
  uint64_t scheme, archive, deletions, seen, nslot, n, rows;
} band_head;

/* The path of the table's file and the archive's stamp, on SQLite with an
 * archive in a file; else no file (f->band_path NULL). */
static int band_file_stamp(vs_db db, vs_fams *f, vb_err *err) {
  if (strcmp(db.drv->name, "sqlite")) return VB_OK;
  vs_sql *q = NULL;
  int rc = vs_sql_prepare(db, "SELECT file FROM pragma_database_list WHERE name = 'main'", &q, err);
  size_t n = 0;
  if (!rc) {
    int r = vs_next(q, err);
    const char *file = r > 0 ? vs_col_text(q, 0, &n) : NULL;
    if (r < 0) rc = err->code;
    else if (file && n && !(f->band_path = malloc(n + sizeof "-bands"))) rc = OOM(err);
    else if (file && n) snprintf(f->band_path, n + sizeof "-bands", "%.*s-bands", (int)n, file);
  }
  vs_finalize(q);
  if (rc || !f->band_path) return rc;
  rc = vs_sql_prepare(db, "SELECT archive, deletions FROM " VS_BAND_STAMP, &q, err);
  int r = rc ? -1 : vs_next(q, err);
  if (r > 0) {
    f->stamp_archive = vs_col_int(q, 0);
    f->stamp_deletions = vs_col_int(q, 1);
  }
  vs_finalize(q);
  if (r <= 0) { /* no stamp (an archive opened read-only before it had one): no file */
    vb_err_clear(err);
    free(f->band_path);
    f->band_path = NULL;
  }
  return VB_OK;
}

/* Maps the table's file when it is good for this archive as it is now. */
static void band_file_open(vs_fams *f) {
  int fd = open(f->band_path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  band_head h;
  struct stat st;
  int good = fstat(fd, &st) == 0 && pread(fd, &h, sizeof h, 0) == (ssize_t)sizeof h &&
             !memcmp(h.magic, BAND_FILE_MAGIC, sizeof h.magic) && h.scheme == VS_FINGERPRINT_SCHEME &&
             h.archive == (uint64_t)f->stamp_archive && h.deletions == (uint64_t)f->stamp_deletions &&
             h.nslot >= FIRST_SLOTS && !(h.nslot & (h.nslot - 1)) && h.nslot < ((uint64_t)1 << 40) &&
             h.n * 4 <= h.nslot * 3 && h.seen < ((uint64_t)1 << 62) &&
             (uint64_t)st.st_size == BAND_FILE_HEAD + h.nslot * sizeof(uint64_t);
  void *map = good ? mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0) : MAP_FAILED;
  close(fd);
  if (map == MAP_FAILED) return;
  bindex *x = &f->index;
  x->map = map;
  x->maplen = (size_t)st.st_size;
  x->slot = (uint64_t *)((char *)map + BAND_FILE_HEAD);
  x->nslot = (size_t)h.nslot;
  x->n = (size_t)h.n;
  x->seen = (int64_t)h.seen;
  f->file_rows = (size_t)h.rows;
  f->from_file = 1;
}

static int write_all(int fd, const void *p, size_t n) {
  for (const char *c = p; n;) {
    ssize_t w = write(fd, c, n);
    if (w <= 0) return -1;
    c += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Writes the table as it is (every row up to seen, none of the
 * connection's own) to its file; a file that cannot be written is left
 * (the next connection reads the rows again). */
static void band_file_write(vs_fams *f) {
  const bindex *x = &f->index;
  if (!f->band_path || !x->nslot || f->nlearnt) return;
  size_t len = strlen(f->band_path) + 48;
  char *tmp = malloc(len);
  if (!tmp) return;
  snprintf(tmp, len, "%s.%ld.%lx", f->band_path, (long)getpid(), (unsigned long)(uintptr_t)f); /* one a connection */
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    free(tmp);
    return;
  }
  static const char zero[BAND_FILE_HEAD];
  band_head h;
  memset(&h, 0, sizeof h);
  memcpy(h.magic, BAND_FILE_MAGIC, sizeof h.magic);
  h.scheme = VS_FINGERPRINT_SCHEME;
  h.archive = (uint64_t)f->stamp_archive;
  h.deletions = (uint64_t)f->stamp_deletions;
  h.seen = (uint64_t)(x->seen > 0 ? x->seen : 0);
  h.nslot = x->nslot;
  h.n = x->n;
  h.rows = f->file_rows + f->loaded;
  int ok = !write_all(fd, &h, sizeof h) && !write_all(fd, zero, BAND_FILE_HEAD - sizeof h) &&
           !write_all(fd, x->slot, x->nslot * sizeof *x->slot);
  ok = !close(fd) && ok;
  if (!ok || rename(tmp, f->band_path)) unlink(tmp);
  free(tmp);
}

void vs_fams_table(const vs_fams *f, size_t *keys, size_t *slots, unsigned *grew) {
  *keys = f ? f->index.n : 0;
  *slots = f ? f->index.nslot : 0;
  *grew = f ? f->index.grew : 0;
}

/* Notes statement id's row (family, exact) as known; an id the array
 * cannot cover (memory, or far beyond the rows known) is left to be read. */
static void known_put(vs_fams *f, int64_t id, int64_t family, uint64_t exact, int64_t ord) {
  if (!f->keep_known || id <= 0) return;
  if ((size_t)id >= f->nknown) {
    if ((size_t)id >= KNOWN_SPAN(f->known_rows)) return;
    size_t n = f->nknown ? f->nknown : 65536;
    while (n <= (size_t)id) n *= 2;
    /* the new rows come zeroed (big_grow): generation 0 is never the current */
    known_row *k = big_grow(f->known, f->nknown * sizeof *k, n * sizeof *k);
    if (!k) return; /* the array as it was: the rows beyond it are read */
    f->known = k;
    f->nknown = n;
  }
  f->known_rows += f->known[id].gen != f->gen;
  f->known[id] = (known_row){family, exact, 0, 0, 0, f->gen, (int32_t)ord};
}

static known_row *known_of(const vs_fams *f, int64_t id) {
  return id > 0 && (size_t)id < f->nknown && f->known[id].gen == f->gen ? &f->known[id] : NULL;
}

/* Keeps founder id's word pairs sh[0..n) (sorted or as made) beside its
 * row known: a later statement is verified against them without reading
 * its row (372,506 rows read at the UN corpus, beside the 677,349 above). */
static void known_pairs(vs_fams *f, int64_t id, const uint32_t *sh, size_t n, int sorted) {
  known_row *k = known_of(f, id);
  if (!k || !n || n > UINT16_MAX || f->nkpairs + n > KNOWN_PAIRS_MAX) return;
  if (f->nkpairs + n > f->ckpairs) {
    size_t c = f->ckpairs ? 2 * f->ckpairs : 65536;
    while (c < f->nkpairs + n) c *= 2;
    uint32_t *p = big_grow(f->kpairs, f->ckpairs * sizeof *p, c * sizeof *p);
    if (!p) return;
    f->kpairs = p;
    f->ckpairs = c;
  }
  memcpy(f->kpairs + f->nkpairs, sh, n * sizeof *sh);
  k->pairs_at = (uint32_t)f->nkpairs;
  k->npairs = (uint16_t)n;
  k->sorted = (uint16_t)sorted;
  f->nkpairs += n;
}

/* Asks for id's row known (a random read in an array of 64 MB at the UN
 * corpus) ahead of known_of, so a statement's candidates wait together. */
static void known_prefetch(const vs_fams *f, int64_t id) {
  if (id > 0 && (size_t)id < f->nknown) __builtin_prefetch(&f->known[id]);
}

static void known_drop(vs_fams *f, int64_t id) {
  if (id > 0 && (size_t)id < f->nknown && f->known[id].gen == f->gen) {
    f->known[id].gen = 0;
    f->known_rows--;
  }
}

/* Forgets every row known when fingerprint rows were deleted since they
 * were read (by any connection: the stamp counts them all). */
static int known_check(vs_db db, vs_fams *f, vb_err *err) {
  if (!f->keep_known) return VB_OK;
  int rc = f->deletions ? VB_OK : vs_sql_prepare(db, "SELECT deletions FROM " VS_BAND_STAMP, &f->deletions, err);
  int r = rc ? -1 : vs_next(f->deletions, err);
  int64_t now = r > 0 ? vs_col_int(f->deletions, 0) : -1;
  if (!rc) vs_reset(f->deletions);
  if (r < 0) return err->code;
  if (now != f->known_deletions) {
    if (++f->gen == 0) { /* wrapped: generation 0 means none */
      for (size_t i = 0; i < f->nknown; i++) f->known[i].gen = 0;
      f->gen = 1;
    }
    f->known_rows = 0;
    f->nkpairs = 0; /* every founder's with them */
  }
  f->known_deletions = now;
  return VB_OK;
}

/* Input bytes a band key stands for, in a bulk ingest's hint
 * (vb_store_expect): every 16th UN speech, 12.5 MB of plain text, made
 * 1,118,439 keys, one for each 11.2 bytes (10: a little more room than
 * that), 16 a statement: 160 bytes a statement, shared among a build's
 * VB_FAM_BANDS keys (family.h). Input with more markup than text (HTML)
 * makes fewer, and gets a table larger than it needs: at most about 2.1
 * bytes of table an input byte (8 bytes a slot, at most three quarters
 * full, a power of two). */
#define EXPECT_BYTES_PER_KEY (160 / VB_FAM_BANDS)
/* Keys a hint reserves for at most (a table of 2^27 slots, 1 GB). */
#define EXPECT_KEYS_MAX ((size_t)3 << 25)

static int fams_ready(vs_db db, vs_fams **cache, int64_t expect_bytes, vb_err *err) {
  if (*cache) return VB_OK;
  vs_fams *f = calloc(1, sizeof *f);
  if (!f) return OOM(err);
  char text[768];
  snprintf(text, sizeof text,
           "SELECT coalesce(s.lang, ''), %s FROM statements s JOIN documents d ON d.id = s.doc_id WHERE s.id = ?1",
           db.drv->dialect->stmt_text);
  int rc = an_termer_new(&f->termer, err);
  int one = db.drv->dialect->round_trips;
  for (int i = 0; !rc && i < F_COUNT; i++) {
    const char *sql = i == F_TEXT ? text
                      : i == F_LOAD ? (one ? LOAD_ROWS " UNION ALL " LOAD_BLOCKS " ORDER BY 7, 1" : LOAD_ROWS " ORDER BY 1")
                      : i == F_BLOCKS ? (one ? NULL : LOAD_BLOCKS " ORDER BY 1")
                                      : fam_sql[i];
    if (sql) rc = vs_sql_prepare(db, sql, &f->q[i], err);
  }
  /* the stamp before the rows (band_file_stamp) */
  if (!rc) rc = band_file_stamp(db, f, err);
  if (!rc && f->band_path) band_file_open(f);
  /* rows known by id where deletions are counted (known_row) */
  f->keep_known = f->band_path && !db.drv->dialect->round_trips;
  /* PostgreSQL keeps no band file: a connection reads every row's keys
   * when it first needs them, and making them again costs MinHash each */
  f->keys_from_pairs = !db.drv->dialect->round_trips;
  f->known_deletions = f->stamp_deletions;
  f->gen = 1;
  /* else the band table sized to the keys the first refresh reads at
   * most: VB_FAM_BANDS for each statement id the rows span (from the
   * primary key's ends; summing the rows' band lengths read every row) */
  /* one end a subquery: SQLite reads an end from the index only when it
   * is the query's one aggregate (both in one query read every row) */
  /* the rows' and the blocks' (an archive from before blocks has its
   * keys in its rows; the last block's statements after its first are
   * left to the table's growth), in one round trip */
  int64_t span = 0;
  if (!rc && !f->from_file)
    rc = vs_sql_int(db,
                    "SELECT coalesce(max(h) - min(l) + 1, 0) FROM (SELECT (SELECT max(statement_id) FROM fingerprints) AS h,"
                    " (SELECT min(statement_id) FROM fingerprints) AS l UNION ALL SELECT (SELECT max(first_id) FROM"
                    " fingerprint_blocks), (SELECT min(first_id) FROM fingerprint_blocks)) x",
                    &span, err);
  size_t keys = span > 0 ? (size_t)span * VB_FAM_BANDS : 0;
  /* and those a bulk ingest says it brings (vb_store_expect): a hint, so
   * a table the system will not give at that size is made as before */
  size_t more = expect_bytes > 0 && (uint64_t)expect_bytes / EXPECT_BYTES_PER_KEY < EXPECT_KEYS_MAX
                    ? (size_t)(expect_bytes / EXPECT_BYTES_PER_KEY)
                    : expect_bytes > 0 ? EXPECT_KEYS_MAX : 0;
  if (!rc && !f->from_file && more && bindex_reserve(&f->index, keys + more)) more = 0;
  if (!rc && !f->from_file && !more && bindex_reserve(&f->index, keys)) rc = OOM(err);
  if (rc) vs_fams_free(f);
  else *cache = f;
  return rc;
}

/* The shingles of stored statement id into f->other; *n 0 when it is gone
 * or has too few words. */
static void cache_put(vs_fams *f, int64_t id, int row, int64_t family, uint64_t exact, int64_t ord,
                      const uint32_t *sh, size_t n, int sorted) {
  /* where rows are known their founders' pairs are kept with them, all of
   * them (known_pairs): this cache of the last SHCACHE is not made */
  if (f->keep_known || n > SHCACHE_MAX || (!f->cache && !(f->cache = calloc(SHCACHE, sizeof *f->cache)))) return;
  shcached *c = &f->cache[(uint64_t)id % SHCACHE];
  if (n) memcpy(c->sh, sh, n * sizeof *sh); /* sh may be NULL when n is 0 */
  c->id = id;
  c->row = (uint16_t)row;
  c->sorted = (uint16_t)sorted;
  c->family = family;
  c->exact = exact;
  c->ord = (int32_t)ord;
  c->n = (uint32_t)n;
}

/* The entry of id in v[0..n), entries of size bytes each that start with
 * their int64_t id, sorted by it; NULL when none. */
static const void *entry_of(const void *v, size_t n, size_t size, int64_t id) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int64_t at;
    memcpy(&at, (const char *)v + mid * size, sizeof at);
    if (at < id) lo = mid + 1;
    else hi = mid;
  }
  int64_t at = 0;
  if (lo < n) memcpy(&at, (const char *)v + lo * size, sizeof at);
  return lo < n && at == id ? (const char *)v + lo * size : NULL;
}

static void forget_cached(vs_fams *f, int64_t id) {
  shcached *c = f->cache ? &f->cache[(uint64_t)id % SHCACHE] : NULL;
  if (c && c->id == id) {
    c->id = 0;
    c->n = 0;
  }
}

static const ahead_row *ahead_row_of(const vs_fams *f, int64_t id) { return entry_of(f->ar, f->nar, sizeof *f->ar, id); }

static const ahead_pairs *ahead_pairs_of(const vs_fams *f, int64_t id) {
  return entry_of(f->ap, f->nap, sizeof *f->ap, id);
}

/* The row of statement id among those not written yet, or NULL. */
static const pending *pending_row(const vs_fams *f, int64_t id) {
  size_t lo = 0, hi = f->nrows;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (f->rows[mid].id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < f->nrows && f->rows[lo].id == id ? &f->rows[lo] : NULL;
}

/* Statement id's entry in its block (fingerprint_blocks): *found 0 when
 * it has none; else its words' hash, its date's sort key and, when pairs
 * is given, how many word pairs it keeps (SIZE_MAX: none), sorted and
 * distinct into pairs (room for VB_FAM_MAX_WORDS). */
static int block_entry(vs_fams *f, int64_t id, int *found, uint64_t *exact, int64_t *ord, uint32_t *pairs,
                       size_t *npairs, vb_err *err) {
  vs_sql *q = f->q[F_BLOCK];
  *found = 0;
  vs_bind_int(q, 1, id);
  int r = vs_next(q, err);
  if (r > 0 && vs_col_int(q, 1) >= id) {
    int64_t first = vs_col_int(q, 0);
    size_t n;
    const unsigned char *p = vs_col_blob(q, 3, &n);
    entry e;
    for (size_t at = 0; entry_next(p, n, &at, first, &e) && e.id <= id;) {
      if (e.id != id) continue;
      *found = 1;
      *exact = e.exact;
      *ord = vs_col_int(q, 2);
      if (pairs) *npairs = e.npairs == SIZE_MAX ? SIZE_MAX : pairs_decode(e.pairs, 4 * e.npairs, pairs);
      break;
    }
  }
  vs_reset(q);
  return r < 0 ? err->code : VB_OK;
}

static int stored_shingles(vs_fams *f, int64_t id, size_t *n, vb_err *err) {
  *n = 0;
  known_row *kr = known_of(f, id);
  if (kr && kr->npairs) {
    uint32_t *sh = f->kpairs + kr->pairs_at;
    if (!kr->sorted) kr->npairs = (uint16_t)vb_fam_shingles_sort(sh, kr->npairs);
    kr->sorted = 1;
    *n = kr->npairs;
    memcpy(f->other, sh, *n * sizeof *f->other);
    return VB_OK;
  }
  shcached *c = f->cache ? &f->cache[(uint64_t)id % SHCACHE] : NULL;
  if (c && c->id == id && c->n) {
    if (!c->sorted) c->n = (uint32_t)vb_fam_shingles_sort(c->sh, c->n);
    c->sorted = 1;
    *n = c->n;
    memcpy(f->other, c->sh, c->n * sizeof *f->other);
    return VB_OK;
  }
  const ahead_pairs *ap = ahead_pairs_of(f, id);
  if (ap) {
    *n = ap->n;
    if (ap->n) memcpy(f->other, f->pool + ap->at, ap->n * sizeof *f->other);
    return VB_OK;
  }
  /* its row's pairs: one small row, where its text would be cut from
   * the whole body of its document (pages of it, from an archive far
   * larger than the page cache) and analysed again */
  /* made for this document and not written yet: a founder's are here */
  const pending *w = pending_row(f, id);
  if (w && w->npairs != SIZE_MAX) {
    *n = w->npairs ? pairs_decode(f->pairs + w->pairs_at, 4 * w->npairs, f->other) : 0;
    return VB_OK;
  }
  if (f->no_sql) return NEEDS_SQL;
  f->pairs_read++;
  /* in its document's block (a founder's pairs are kept there), or in its
   * row as an archive from before blocks keeps them; a member keeps none */
  int found = 0, r = 0, kept = 0;
  uint64_t exact;
  int64_t ord;
  size_t kept_pairs = SIZE_MAX;
  int rc = w ? VB_OK : block_entry(f, id, &found, &exact, &ord, f->other, &kept_pairs, err);
  if (rc) return rc;
  if (found && kept_pairs != SIZE_MAX) {
    *n = kept_pairs;
    if (*n) cache_put(f, id, 0, 0, 0, 0, f->other, *n, 1);
    known_pairs(f, id, f->other, *n, 1);
    return VB_OK;
  }
  vs_sql *q = f->q[F_PAIRS];
  if (!w && !found) {
    vs_bind_int(q, 1, id);
    r = vs_next(q, err);
    kept = r > 0 && !vs_col_null(q, 0);
  }
  if (kept) {
    size_t len;
    const unsigned char *p = vs_col_blob(q, 0, &len);
    *n = p ? pairs_decode(p, len, f->other) : 0;
  }
  if (!w && !found) vs_reset(q);
  if (r < 0) return err->code;
  if (kept) {
    if (*n) cache_put(f, id, 0, 0, 0, 0, f->other, *n, 1);
    known_pairs(f, id, f->other, *n, 1);
    return VB_OK;
  }
  /* a row stored before the column, or not written yet: its text */
  q = f->q[F_TEXT];
  vs_bind_int(q, 1, id);
  r = vs_next(q, err);
  rc = r < 0 ? err->code : VB_OK;
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
  if (!rc && *n) cache_put(f, id, 0, 0, 0, 0, f->other, *n, 1);
  if (!rc) known_pairs(f, id, f->other, *n, 1);
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

/* Columns of a block's row. */
#define BLOCK_COLS 5

/* Writes the rows not written yet: every statement's entry in its
 * document's block (one row a run of one document), a row of its own for
 * each member, and one for each founder whose first member came (its
 * row may be there already: kept as it is). */
static int flush_rows(vs_db db, vs_fams *f, vb_err *err) {
  if (!f->nrows) return VB_OK;
  int sqlite = !strcmp(db.drv->name, "sqlite");
  size_t bytes = 0, nblocks = 0, nmembers = 0;
  for (size_t i = 0; i < f->nrows; i++) {
    const pending *w = &f->rows[i];
    bytes += entry_size(w->nkeys, w->npairs);
    nmembers += w->rel != VB_REL_NONE;
  }
  size_t most = nmembers > f->nfounders ? nmembers : f->nfounders;
  unsigned char *blob = malloc(bytes ? bytes : 1);
  vs_value *v = malloc((f->nrows * BLOCK_COLS + most * FP_COLS + 1) * sizeof *v);
  int rc = blob && v ? VB_OK : OOM(err);
  /* the blocks: a run of one document and date, ids within 32 bits of its first */
  unsigned char *o = blob;
  for (size_t i = 0; !rc && i < f->nrows;) {
    const pending *w0 = &f->rows[i];
    unsigned char *start = o;
    size_t k = i;
    for (; k < f->nrows && f->rows[k].doc == w0->doc && f->rows[k].ord == w0->ord &&
           f->rows[k].id - w0->id <= (int64_t)UINT32_MAX;
         k++) {
      const pending *w = &f->rows[k];
      o = entry_put(o, w->id - w0->id, w->exact, w->nkeys, w->bands, w->npairs,
                    w->npairs == SIZE_MAX || !w->npairs ? NULL : f->pairs + w->pairs_at);
    }
    vs_value *row = v + nblocks++ * BLOCK_COLS;
    row[0] = vs_val_int(w0->id);
    row[1] = vs_val_int(f->rows[k - 1].id);
    row[2] = vs_val_int(w0->doc);
    row[3] = vs_val_int(w0->ord);
    row[4] = vs_val_blob(start, (size_t)(o - start));
    i = k;
  }
  /* SQLite: OR FAIL, not the default ABORT, so a statement of many rows
   * keeps no statement journal of its own. Inside a document's savepoint
   * each one copied the pages it changed into the in-memory sub-journal
   * and, at its end, walked that journal's chunks from the first
   * (memjrnlTruncate): a fifth of the families' time on the storing
   * thread at the UN corpus (perf). A row refused still fails the
   * statement, and its document is rolled back to its savepoint whole;
   * a trigger that raises ABORT still gets its journal. */
  if (!rc)
    rc = db.drv->insert_rows(db.conn,
                             sqlite ? "INSERT OR FAIL INTO fingerprint_blocks(first_id, last_id, doc_id, ord, prints)"
                                    : "INSERT INTO fingerprint_blocks(first_id, last_id, doc_id, ord, prints)",
                             NULL, BLOCK_COLS, nblocks, v, NULL, err);
  /* the members: their keys are in their blocks */
  size_t n = 0;
  for (size_t i = 0; !rc && i < f->nrows; i++) {
    const pending *w = &f->rows[i];
    if (w->rel == VB_REL_NONE) continue;
    vs_value *row = v + n++ * FP_COLS;
    row[0] = vs_val_int(w->id);
    row[1] = vs_val_int(w->family);
    row[2] = vs_val_int(w->rel);
    row[3] = vs_val_int(w->ord);
    row[4] = vs_val_int((int64_t)w->exact);
    row[5] = vs_val_blob("", 0);
    row[6] = vs_val_null();
  }
  if (!rc && n)
    rc = db.drv->insert_rows(db.conn,
                             sqlite ? "INSERT OR FAIL INTO fingerprints(statement_id, family, rel, ord, exact, bands, pairs)"
                                    : "INSERT INTO fingerprints(statement_id, family, rel, ord, exact, bands, pairs)",
                             NULL, FP_COLS, n, v, NULL, err);
  /* the founders their first members joined */
  n = 0;
  for (size_t i = 0; !rc && i < f->nfounders; i++) {
    const cand *c = &f->founders[i];
    vs_value *row = v + n++ * FP_COLS;
    row[0] = vs_val_int(c->id);
    row[1] = vs_val_int(c->id);
    row[2] = vs_val_int(VB_REL_NONE);
    row[3] = vs_val_int(c->ord);
    row[4] = vs_val_int((int64_t)c->exact);
    row[5] = vs_val_blob("", 0);
    row[6] = vs_val_null();
  }
  if (!rc && n)
    rc = db.drv->insert_rows(
        db.conn,
        sqlite ? "INSERT OR IGNORE INTO fingerprints(statement_id, family, rel, ord, exact, bands, pairs)"
               : "INSERT INTO fingerprints(statement_id, family, rel, ord, exact, bands, pairs)",
        sqlite ? NULL : "ON CONFLICT (statement_id) DO NOTHING", FP_COLS, n, v, NULL, err);
  free(blob);
  free(v);
  f->nrows = 0;
  f->npairs_bytes = 0;
  f->nfounders = 0;
  return rc;
}

/* The family statement id joins: *family (its own id when none) and how;
 * *founder (id 0: none) the statement it joins when that is alone in its
 * family so far, whose row is then written (flush_rows). Its shingles
 * f->sh[0..*nsh) are sorted (*sorted set, *nsh the distinct) only when a
 * candidate is compared with them. */
static int find_family(vs_fams *f, int64_t id, const vb_fam_print *p, size_t *nsh, int *sorted, int64_t *family,
                       int *rel, cand *founder, vb_err *err) {
  *family = id;
  *rel = VB_REL_NONE;
  founder->id = 0;
  int64_t ids[CANDIDATES];
  size_t nid = bindex_candidates(&f->index, p, ids, CANDIDATES), nc = 0;
  for (size_t i = 0; i < nid; i++) known_prefetch(f, ids[i]);
  cand c[CANDIDATES];
  vs_sql *q = f->q[F_PRINT];
  for (size_t i = 0; i < nid; i++) {
    const known_row *kr = known_of(f, ids[i]);
    if (kr) { /* stored or read by this connection */
      c[nc++] = (cand){ids[i], kr->family, kr->exact, kr->ord};
      continue;
    }
    const shcached *k = f->cache ? &f->cache[(uint64_t)ids[i] % SHCACHE] : NULL;
    if (k && k->id == ids[i] && k->n && k->row) { /* stored by this connection lately */
      c[nc++] = (cand){ids[i], k->family, k->exact, k->ord};
      continue;
    }
    const pending *w = pending_row(f, ids[i]);
    if (w) { /* made for this document, not written yet */
      c[nc++] = (cand){ids[i], w->family, w->exact, w->ord};
      continue;
    }
    const ahead_row *ah = ahead_row_of(f, ids[i]);
    if (ah) { /* read ahead for this document */
      c[nc++] = (cand){ids[i], ah->family, ah->exact, ah->ord};
      continue;
    }
    if (f->no_sql) return NEEDS_SQL;
    vs_bind_int(q, 1, ids[i]);
    f->rows_read++;
    int r = vs_next(q, err);
    if (r > 0) {
      c[nc].id = ids[i];
      c[nc].family = vs_col_int(q, 0);
      c[nc].exact = (uint64_t)vs_col_int(q, 1);
      c[nc].ord = vs_col_int(q, 2);
    }
    vs_reset(q);
    if (r < 0) return err->code;
    if (!r) { /* no row of its own: alone in its family, its entry in its block */
      int found;
      int rc = block_entry(f, ids[i], &found, &c[nc].exact, &c[nc].ord, NULL, NULL, err);
      if (rc) return rc;
      if (!found) continue; /* gone */
      c[nc].id = c[nc].family = ids[i];
    }
    known_put(f, ids[i], c[nc].family, c[nc].exact, c[nc].ord);
    nc++;
  }
  for (size_t i = 0; i < nc; i++)
    if (c[i].exact == p->exact) { /* the same words: its first copy's family */
      *family = c[i].family;
      *rel = VB_REL_EXACT;
      if (c[i].family == c[i].id) *founder = c[i];
      return VB_OK;
    }
  /* each family once, on its founder: a member joins only when verified
   * against it (a star); a founder gone (reparsed away) leaves the
   * candidate itself to compare with */
  if (nc && !*sorted) {
    *nsh = vb_fam_shingles_sort(f->sh, *nsh);
    *sorted = 1;
  }
  for (size_t i = 0; i < nc; i++) known_prefetch(f, c[i].family); /* the founders, verified below */
  /* and their word pairs (114 MB of them at the UN corpus), whose place
   * is in the row: the rows are waited for together here, then the pairs */
  for (size_t i = 0; i < nc && f->nkpairs; i++) {
    const known_row *kr = known_of(f, c[i].family);
    if (kr && kr->npairs) __builtin_prefetch(f->kpairs + kr->pairs_at);
  }
  double best = -1;
  size_t chosen = 0;
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
      chosen = i;
    }
  }
  if (*rel == VB_REL_NEAR && c[chosen].family == c[chosen].id) *founder = c[chosen];
  return VB_OK;
}

/* Stores statement id's fingerprint p (its shingles f->sh[0..nsh), sorted
 * or not) with the family it joins: its row is written with the others
 * of its document (flush_rows), its keys are in the band table at once. */
static int store_print(vs_db db, vs_fams *f, int64_t id, const vb_fam_print *p, size_t nsh, int sorted, int64_t ord,
                       int64_t doc, vb_err *err) {
  int64_t family;
  int rel;
  cand founder;
  int nkeys = keys_of(nsh); /* before find_family sorts them: at least as many */
  /* the rows written first (flush_rows): not by a thread that may not ask */
  if (f->no_sql && f->nrows && (f->nrows == PENDING_MAX || f->rows[f->nrows - 1].id >= id)) return NEEDS_SQL;
  int rc = find_family(f, id, p, &nsh, &sorted, &family, &rel, &founder, err);
  if (rc) return rc;
  if (!f->rows && !(f->rows = malloc(PENDING_MAX * sizeof *f->rows))) return OOM(err);
  if (f->nrows == PENDING_MAX || (f->nrows && f->rows[f->nrows - 1].id >= id)) rc = flush_rows(db, f, err);
  if (rc) return rc;
  if (founder.id) {
    if (vb_grow((void **)&f->founders, &f->cfounders, f->nfounders + 1, sizeof *f->founders, 64)) return OOM(err);
    f->founders[f->nfounders++] = founder;
  }
  /* the pairs of a family's founder only: a member is compared with no
   * later statement while its founder is there */
  size_t npairs = rel == VB_REL_NONE ? nsh : 0, need = f->npairs_bytes + 4 * npairs;
  if (need > f->pairs_cap) {
    size_t cap = f->pairs_cap ? f->pairs_cap : 65536;
    while (cap < need) cap *= 2;
    unsigned char *grown = realloc(f->pairs, cap);
    if (!grown) return OOM(err);
    f->pairs = grown;
    f->pairs_cap = cap;
  }
  if (npairs) pairs_encode(f->sh, npairs, f->pairs + f->npairs_bytes);
  pending *w = &f->rows[f->nrows++];
  w->pairs_at = f->npairs_bytes;
  w->npairs = rel == VB_REL_NONE ? npairs : SIZE_MAX;
  f->npairs_bytes = need;
  w->id = id;
  w->family = family;
  w->rel = rel;
  w->ord = ord;
  w->doc = doc;
  w->exact = p->exact;
  /* a founder's keys are made again from its pairs where they are read
   * (row_keys): 64 of a row's ~190 bytes not written */
  w->nkeys = f->keys_from_pairs && npairs && keys_of(npairs) == nkeys ? 0 : nkeys;
  vs_bands_encode(p->band, w->nkeys, w->bands);
  /* noted before it is learnt: a statement learnt is always forgotten with its transaction */
  if (vb_grow((void **)&f->learnt, &f->clearnt, f->nlearnt + 1, sizeof *f->learnt, 1024)) return OOM(err);
  learnt *l = &f->learnt[f->nlearnt++];
  l->id = id;
  l->nkeys = nkeys;
  memcpy(l->band, p->band, sizeof l->band);
  if (bindex_add(&f->index, id, p->band, nkeys)) rc = OOM(err);
  if (!rc) cache_put(f, id, 1, family, p->exact, ord, f->sh, nsh, sorted);
  if (!rc) known_put(f, id, family, p->exact, ord);
  if (!rc && rel == VB_REL_NONE) known_pairs(f, id, f->sh, nsh, sorted);
  return rc;
}

/* Fingerprints statement id (words f->w[0..nw)) and stores it. */
static int put_one(vs_db db, vs_fams *f, int64_t id, size_t nw, int64_t ord, int64_t doc, vb_err *err) {
  if (vb_fam_letter_words(f->w, nw) < VB_FAM_MIN_WORDS) return VB_OK; /* too short for a family */
  size_t nsh = vb_fam_shingles(f->w, nw, f->sh);
  vb_fam_print p;
  vb_fam_print_make(f->w, nw, f->sh, nsh, &p);
  return store_print(db, f, id, &p, nsh, 1, ord, doc, err);
}

/* ---- fingerprints made on an ingest thread ---------------------------------------- */

/* A document's statements' fingerprints (vb_doc.fam, or made when the
 * document is stored), in an arena. */
typedef struct prints {
  uint8_t *ok; /* long enough for a family */
  uint64_t *exact;
  uint32_t *band;   /* VB_FAM_BANDS a statement */
  uint32_t *sh_off; /* statement i's shingles: sh[sh_off[i] .. sh_off[i+1]) */
  uint32_t *sh;
  int sorted; /* each statement's shingles sorted and distinct (else as made: sorted when compared) */
} prints;

/* A document's prints being made, statement by statement: the words of
 * each come from its pre-analysed text (prints_make) or from the analysis
 * itself as the ingest thread encodes it (vs_fam_begin). */
struct vs_fam_maker {
  prints *p;
  vb_arena *a;
  size_t n;
  int ok;
  VB_VEC(uint32_t) sh;
  vb_fam_word *w;
  uint32_t *tmp;
  an_word *given;
};

static void maker_free(vs_fam_maker *m) {
  free(m->w);
  free(m->tmp);
  free(m->given);
  free(m);
}

/* For n > 0 statements, in arena a; sort: their shingles sorted and
 * distinct. NULL when out of memory. */
static vs_fam_maker *maker_new(vb_arena *a, size_t n, int sort) {
  vs_fam_maker *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->a = a;
  m->n = n;
  m->w = malloc(VB_FAM_MAX_WORDS * sizeof *m->w);
  m->tmp = malloc(VB_FAM_MAX_WORDS * sizeof *m->tmp);
  prints *p = m->p = vb_arena_calloc(a, sizeof *p);
  int ok = m->w && m->tmp && p;
  if (ok) {
    p->ok = vb_arena_calloc(a, n);
    p->exact = vb_arena_alloc(a, n * sizeof *p->exact);
    p->band = vb_arena_alloc(a, n * VB_FAM_BANDS * sizeof *p->band);
    p->sh_off = vb_arena_calloc(a, (n + 1) * sizeof *p->sh_off);
    p->sorted = sort;
    ok = p->ok && p->exact && p->band && p->sh_off;
  }
  m->ok = ok;
  if (!ok) {
    maker_free(m);
    return NULL;
  }
  return m;
}

/* Statement i (each once, in order) of nw words m->w[0..nw). */
static void maker_add(vs_fam_maker *m, size_t i, size_t nw) {
  prints *p = m->p;
  p->sh_off[i] = m->sh.n;
  if (!m->ok || vb_fam_letter_words(m->w, nw) < VB_FAM_MIN_WORDS) return;
  /* unsorted, they are sorted only if ever compared */
  size_t nsh = p->sorted ? vb_fam_shingles(m->w, nw, m->tmp) : vb_fam_shingles_unsorted(m->w, nw, m->tmp);
  vb_fam_print fp;
  vb_fam_print_make(m->w, nw, m->tmp, nsh, &fp);
  p->ok[i] = 1;
  p->exact[i] = fp.exact;
  memcpy(p->band + i * VB_FAM_BANDS, fp.band, sizeof fp.band);
  if (nsh && (m->sh.n + nsh <= m->sh.cap ||
              !vb_vec_reserve_(m->a, (void **)&m->sh.v, &m->sh.cap, sizeof *m->sh.v, (uint32_t)(m->sh.n + nsh)))) {
    memcpy(m->sh.v + m->sh.n, m->tmp, nsh * sizeof *m->tmp);
    m->sh.n += (uint32_t)nsh;
  } else if (nsh) {
    m->ok = 0;
  }
}

/* The prints made (NULL when out of memory); frees m. */
static prints *maker_done(vs_fam_maker *m) {
  prints *p = m->ok ? m->p : NULL;
  if (p) {
    p->sh_off[m->n] = m->sh.n;
    p->sh = m->sh.v;
  }
  maker_free(m);
  return p;
}

/* The fingerprints of v's statements from their pre-analysed texts
 * pre[pre_off[i] .. pre_off[i+1]), in arena a (maker_new). */
static prints *prints_make(vb_arena *a, const vb_doc_view *v, const char *pre, const uint32_t *pre_off,
                           size_t mark_len, int sort) {
  vs_fam_maker *m = maker_new(a, v->nstatements, sort);
  if (!m) return NULL;
  for (size_t i = 0; i < v->nstatements; i++) {
    const vb_statement *x = &v->statements[i];
    long nw = vb_fam_words_pre(pre + pre_off[i], pre_off[i + 1] - pre_off[i], v->body.ptr + x->start, mark_len, m->w,
                               VB_FAM_MAX_WORDS);
    maker_add(m, i, nw < 0 ? 0 : (size_t)nw);
  }
  return maker_done(m);
}

vs_fam_maker *vs_fam_begin(vb_doc *d) {
#ifdef VB_BENCH_NO_FAMILIES /* the benchmarks' baseline: ingest without families */
  (void)d;
  return NULL;
#else
  if (!d->view.nstatements) return NULL;
  vs_fam_maker *m = maker_new(d->arena, d->view.nstatements, 0);
  if (m && !(m->given = malloc(VB_FAM_MAX_WORDS * sizeof *m->given))) {
    maker_free(m);
    m = NULL;
  }
  return m;
#endif
}

an_word *vs_fam_words(vs_fam_maker *m, size_t *max) {
  *max = VB_FAM_MAX_WORDS;
  return m->given;
}

void vs_fam_add(vs_fam_maker *m, size_t i, const char *text, size_t nwords) {
  maker_add(m, i, vb_fam_words_given(m->given, nwords < VB_FAM_MAX_WORDS ? nwords : VB_FAM_MAX_WORDS, text, m->w));
}

void vs_fam_end(vs_fam_maker *m, vb_doc *d, int ok) {
  if (!m) return;
  if (!ok) m->ok = 0;
  prints *p = maker_done(m);
  if (p) d->fam = p;
}

/* Asks for the band table's slots of every statement of doc (its prints
 * made on an ingest thread), before its rows are written: at the UN
 * corpus's size the table is 256 MB and each of a statement's 16 keys
 * lands on a cache line (and a page) of its own, so probing them a
 * statement at a time, as each is stored, waited for memory 16 lines at a
 * time, a quarter of the families' extra time on the storing thread
 * (bench/RESULTS.md, session 19). Asked for all at once here, the
 * misses of the whole document overlap one another and the writing of
 * its rows; nothing is read or changed. */
static void prefetch_prints(const vs_fams *f, const prints *pp, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (pp->ok[i]) bindex_prefetch(&f->index, pp->band + i * VB_FAM_BANDS, VB_FAM_BANDS);
}

void vs_fams_prefetch(const vs_fams *f, const vb_doc *doc) {
  const prints *pp = doc->fam;
  /* where its families are found on a thread of their own (keep_known:
   * vs_fams_start), that thread asks for them: on the storing thread,
   * which bounds a bulk ingest, the whole corpus's 19 M asks were a
   * second of its time (perf, session 23), and the lines they brought
   * were read on the other core */
  if (!f || !pp || !f->index.nslot || f->keep_known) return;
  prefetch_prints(f, pp, vb_doc_get(doc)->nstatements);
}

/* The rows stored since the index last read (by this connection before,
 * by another process, or all of them the first time). */
static int refresh(vs_db db, vs_fams *f, vb_err *err) {
  int rc = known_check(db, f, err);
  if (rc) return rc;
  /* the rows first (an archive from before blocks keeps its keys there,
   * under lower ids than any block's), then the blocks, from where the
   * table stood: the members' rows known before their blocks' entries */
  int64_t from = f->index.seen;
  int r = 0;
  size_t rows = 0;
  for (int k = F_LOAD; !rc && k <= F_BLOCKS; k += F_BLOCKS - F_LOAD) {
    vs_sql *q = f->q[k];
    if (!q) continue;
    vs_bind_int(q, 1, from);
    q->drv->stream(q);
    while (!rc && (r = vs_next(q, err)) > 0) {
      uint32_t band[VB_FAM_BANDS];
      if (!vs_col_int(q, 6)) { /* a row */
        int nkeys = row_keys(q, 1, band, f->other);
        int64_t id = vs_col_int(q, 0);
        if (bindex_add(&f->index, id, band, nkeys)) rc = OOM(err);
        known_put(f, id, vs_col_int(q, 3), (uint64_t)vs_col_int(q, 4), vs_col_int(q, 5));
        rows += nkeys > 0;
        continue;
      }
      int64_t first = vs_col_int(q, 0), ord = vs_col_int(q, 5);
      size_t n;
      const unsigned char *p = vs_col_blob(q, 1, &n);
      entry e;
      for (size_t at = 0; !rc && entry_next(p, n, &at, first, &e);) {
        int nkeys = entry_keys(&e, band, f->other);
        if (bindex_add(&f->index, e.id, band, nkeys)) rc = OOM(err);
        if (!known_of(f, e.id)) known_put(f, e.id, e.id, e.exact, ord); /* alone in its family: no row */
        rows++;
      }
    }
    if (!rc && r < 0) rc = err->code;
    vs_reset(q);
  }
  f->loaded += rows;
  /* the first refresh read what was stored before the connection: when
   * that was many rows, the next connection maps them instead */
  if (!rc && !f->refreshed && rows >= BAND_FILE_ROWS && rows >= f->file_rows / 8) band_file_write(f);
  f->refreshed = 1;
  return rc;
}

/* The sort key of a document's date (aired, else published). */
static int64_t ord_of(const vb_meta *m) {
  int32_t d = vb_fam_date(m->aired.ptr ? m->aired : m->published);
  return d ? d : UNDATED;
}

/* Entries that start with their int64_t id (ids, ahead_row, ahead_pairs),
 * by it, as entry_of finds them. */
static int id_first_order(const void *x, const void *y) {
  int64_t a, b;
  memcpy(&a, x, sizeof a);
  memcpy(&b, y, sizeof b);
  return (a > b) - (a < b);
}

static int room(void **v, size_t *cap, size_t need, size_t size) { return vb_grow(v, cap, need, size, 256); }

/* A row read ahead: the candidate's family and words' hash, its founder's
 * pairs (NULL: read one at a time if asked, as before the column). */
static int ahead_add(vs_fams *f, vs_sql *q, vb_err *err) {
  if (room((void **)&f->ar, &f->car, f->nar + 1, sizeof *f->ar)) return OOM(err);
  ahead_row *r = &f->ar[f->nar++];
  r->id = vs_col_int(q, 0);
  r->family = vs_col_int(q, 1);
  r->exact = (uint64_t)vs_col_int(q, 2);
  r->ord = vs_col_int(q, 4);
  if (vs_col_null(q, 3)) return VB_OK;
  size_t len;
  const unsigned char *p = vs_col_blob(q, 3, &len);
  size_t n = p ? pairs_decode(p, len, f->other) : 0;
  if (room((void **)&f->ap, &f->cap_ap, f->nap + 1, sizeof *f->ap) ||
      room((void **)&f->pool, &f->cpool, f->npool + n, sizeof *f->pool))
    return OOM(err);
  if (n) memcpy(f->pool + f->npool, f->other, n * sizeof *f->other);
  f->ap[f->nap++] = (ahead_pairs){r->family, f->npool, n};
  f->npool += n;
  return VB_OK;
}

static int has_id(const int64_t *v, size_t n, int64_t id) { return entry_of(v, n, sizeof *v, id) != NULL; }

/* The entries of a block read ahead (q: first_id at 0, prints at 3, ord at 4): a row
 * for each wanted statement that has none of its own (rows[0 .. nrows)
 * read already), the pairs of each wanted or founder (need[0 .. nneed)). */
static int ahead_block(vs_fams *f, vs_sql *q, const int64_t *want, size_t nwant, const int64_t *need, size_t nneed,
                       size_t nrows, vb_err *err) {
  int64_t first = vs_col_int(q, 0), ord = vs_col_int(q, 4);
  size_t n;
  const unsigned char *p = vs_col_blob(q, 3, &n);
  entry e;
  for (size_t at = 0; entry_next(p, n, &at, first, &e);) {
    if (has_id(want, nwant, e.id) && !entry_of(f->ar, nrows, sizeof *f->ar, e.id)) {
      if (room((void **)&f->ar, &f->car, f->nar + 1, sizeof *f->ar)) return OOM(err);
      f->ar[f->nar++] = (ahead_row){e.id, e.id, e.exact, ord};
    }
    if (e.npairs == SIZE_MAX || !has_id(need, nneed, e.id)) continue;
    size_t k = pairs_decode(e.pairs, 4 * e.npairs, f->other);
    if (room((void **)&f->ap, &f->cap_ap, f->nap + 1, sizeof *f->ap) ||
        room((void **)&f->pool, &f->cpool, f->npool + k, sizeof *f->pool))
      return OOM(err);
    if (k) memcpy(f->pool + f->npool, f->other, k * sizeof *f->other);
    f->ap[f->nap++] = (ahead_pairs){e.id, f->npool, k};
    f->npool += k;
  }
  return VB_OK;
}

/* The candidates of a document's n statements (their prints, pp) that this
 * connection has not at hand, with their founders' pairs, in one query. */
static int read_ahead(vs_db db, vs_fams *f, const prints *pp, size_t n, vb_err *err) {
  f->nar = f->nap = f->npool = 0;
  if (!db.drv->dialect->round_trips || !n) return VB_OK;
  int64_t *want = malloc(AHEAD_MAX * sizeof *want);
  if (!want) return OOM(err);
  size_t nw = 0;
  for (size_t i = 0; i < n && nw < AHEAD_MAX; i++) {
    if (!pp->ok[i]) continue;
    vb_fam_print p;
    p.exact = pp->exact[i];
    memcpy(p.band, pp->band + i * VB_FAM_BANDS, sizeof p.band);
    int64_t ids[CANDIDATES];
    size_t nc = bindex_candidates(&f->index, &p, ids, CANDIDATES);
    for (size_t k = 0; k < nc && nw < AHEAD_MAX; k++) {
      const shcached *c = f->cache ? &f->cache[(uint64_t)ids[k] % SHCACHE] : NULL;
      if (!(c && c->id == ids[k] && c->n && c->row)) want[nw++] = ids[k];
    }
  }
  int rc = VB_OK;
  if (nw) {
    qsort(want, nw, sizeof *want, id_first_order);
    size_t nu = 0;
    for (size_t i = 0; i < nw; i++)
      if (!i || want[i] != want[i - 1]) want[nu++] = want[i];
    if (!f->ahead) {
      /* their rows (a member's, or any row of an archive from before
       * blocks) with their founders' pairs, then the blocks of their
       * documents and of their founders': one round trip */
      vb_buf sql;
      vb_buf_init(&sql, 0);
      vb_buf_adds(&sql, "SELECT c.statement_id, c.family, c.exact, g.pairs, c.ord, 0 FROM fingerprints c"
                        " LEFT JOIN fingerprints g ON g.statement_id = c.family WHERE ");
      vs_in_ids(&sql, db, "c.statement_id", 1);
      vb_buf_adds(&sql, " UNION ALL SELECT b.first_id, 0, 0, b.prints, b.ord, 1 FROM fingerprint_blocks b WHERE b.doc_id IN"
                        " (SELECT s.doc_id FROM statements s WHERE ");
      vs_in_ids(&sql, db, "s.id", 1);
      vb_buf_adds(&sql, " UNION SELECT s.doc_id FROM fingerprints c JOIN statements s ON s.id = c.family WHERE ");
      vs_in_ids(&sql, db, "c.statement_id", 1);
      vb_buf_adds(&sql, ") ORDER BY 6, 1");
      rc = sql.failed ? OOM(err) : vs_sql_prepare(db, sql.ptr, &f->ahead, err);
      vb_buf_free(&sql);
    }
    if (!rc && vs_bind_ids(f->ahead, 1, want, nu)) rc = OOM(err);
    /* the blocks come after the rows: those with no row of their own,
     * and the founders' pairs, read from them */
    int64_t *need = NULL;
    size_t nrows = 0, nneed = 0;
    int blocks = 0, r = 0;
    while (!rc && (r = vs_next(f->ahead, err)) > 0) {
      if (!vs_col_int(f->ahead, 5)) {
        rc = ahead_add(f, f->ahead, err);
        continue;
      }
      if (!blocks) {
        blocks = 1;
        nrows = f->nar;
        if (nrows > 1) qsort(f->ar, nrows, sizeof *f->ar, id_first_order);
        if (!(need = malloc((nu + nrows + 1) * sizeof *need))) {
          rc = OOM(err);
          break;
        }
        memcpy(need, want, nu * sizeof *need);
        nneed = nu;
        for (size_t i = 0; i < nrows; i++) need[nneed++] = f->ar[i].family;
        qsort(need, nneed, sizeof *need, id_first_order);
      }
      rc = ahead_block(f, f->ahead, want, nu, need, nneed, nrows, err);
    }
    if (!rc && r < 0) rc = err->code;
    if (f->ahead) vs_reset(f->ahead);
    free(need);
  }
  free(want);
  /* none read leaves the arrays unmade (NULL): qsort is not given one */
  if (!rc && f->nar > 1) qsort(f->ar, f->nar, sizeof *f->ar, id_first_order);
  if (!rc && f->nap > 1) qsort(f->ap, f->nap, sizeof *f->ap, id_first_order);
  if (rc) f->nar = f->nap = f->npool = 0;
  return rc;
}

size_t vs_fams_mark(const vs_fams *f) { return f ? f->nlearnt : 0; }

void vs_fams_undo(vs_fams *f, size_t mark) {
  /* deletions rolled back take the stamp's count back too: one read after
   * them would then miss another connection's as many (known_check) */
  if (f) f->known_deletions = -1;
  if (!f || mark >= f->nlearnt) return;
  /* latest first: a run keeps the order of what stays */
  int64_t least = INT64_MAX;
  for (size_t i = f->nlearnt; i-- > mark;) {
    const learnt *l = &f->learnt[i];
    bindex_remove(&f->index, l->id, l->band, l->nkeys);
    forget_cached(f, l->id);
    known_drop(f, l->id);
    if (l->id < least) least = l->id;
  }
  f->nlearnt = mark;
  /* rows from the first forgotten id on are read again when next needed:
   * those another writer stored under ids this one had given (SQLite gives
   * a rolled back statement's id again) */
  if (least <= f->index.seen) f->index.seen = least - 1;
}

void vs_fams_begun(vs_fams *f) {
  if (f) f->nlearnt = 0;
}

/* Statements from .. n of a document (its prints pp, their ids, its
 * date ord) stored in order; *next: the first not stored (n when all
 * are). With f->no_sql the first that asks the connection stops it, with
 * nothing of it learnt: find_family changes nothing but f->sh (made again
 * from pp) and the order of pairs already kept. */
static int store_prints(vs_db db, vs_fams *f, const prints *pp, const int64_t *ids, size_t from, size_t n, int64_t ord,
                        int64_t doc, size_t *next, vb_err *err) {
  int rc = VB_OK;
  size_t i = from;
  for (; !rc && i < n; i++) {
    if (!pp->ok[i]) continue;
    vb_fam_print p;
    p.exact = pp->exact[i];
    memcpy(p.band, pp->band + i * VB_FAM_BANDS, sizeof p.band);
    size_t nsh = pp->sh_off[i + 1] - pp->sh_off[i];
    if (nsh) memcpy(f->sh, pp->sh + pp->sh_off[i], nsh * sizeof *f->sh); /* pp->sh is NULL when none has any */
    rc = store_print(db, f, ids[i], &p, nsh, pp->sorted, ord, doc, err);
    if (rc == NEEDS_SQL) {
      *next = i;
      return VB_OK;
    }
  }
  *next = i;
  return rc;
}

/* ---- a document's families found beside its other rows ------------------------
 * On SQLite, where every row the connection stored or read is known in
 * memory (known_row), finding a document's families asks nothing of the
 * connection in a bulk ingest: the band table's probes, the rows known
 * and the founders' pairs are memory alone, random reads of 256, 64 and
 * 114 MB at the UN corpus's size, and they were waited for on the
 * storing thread, which bounds the ingest's time. So they are done on a
 * thread of their own while the storing thread writes the document's
 * full-text rows and entities (vs_fams_start, after its statements
 * have their ids); vs_put_families waits for it, finds the families of
 * the statements it left (the first that needed a row read or the rows
 * written, and all after it) as before, and writes the rows. Nothing else
 * touches f meanwhile: the same statements, in the same order, make the
 * same families. */

/* Documents with fewer fingerprinted statements are found where they
 * are stored: handing them over and back costs more than their probes. */
#define WORKER_MIN 8

/* A worker given no document for this long ends (the next document
 * makes another): a server keeps a writing connection for each client
 * that writes, and each kept a thread of its own, idle, for its life. A
 * bulk ingest hands one over every few milliseconds. */
#define WORKER_IDLE_MS 10000

/* CLOCK_MONOTONIC now plus ms (the worker's condition waits on it). */
static struct timespec after_ms(unsigned ms) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  t.tv_sec += (time_t)(ms / 1000);
  t.tv_nsec += (long)(ms % 1000) * 1000000L;
  if (t.tv_nsec >= 1000000000L) {
    t.tv_sec++;
    t.tv_nsec -= 1000000000L;
  }
  return t;
}

/* The worker is one thread for as long as documents come (WORKER_IDLE_MS),
 * waiting for a document; it finds one statement's family at a time, holding mu, and
 * stops between two when the storing thread takes the document back
 * (fams_wait sets stop), which then finds the rest where it stands. A
 * thread a document, joined, made the storing thread wait for the whole
 * document and for the new thread to be given a processor: 101 s of a
 * whole-corpus ingest's 325 at load 12 (perf sched, session 23), a
 * worker not yet begun included. Now it waits for one statement at most
 * (and for none when the worker has not begun). */
static void *fam_worker(void *arg) {
  vs_fams *f = arg;
  (void)pthread_setname_np(pthread_self(), "vb-family"); /* its own in a profile (perf's comm) */
  vs_db none = {0}; /* f->no_sql: never asked */
  pthread_mutex_lock(&f->mu);
  size_t seen = f->wstarted; /* documents handed over when it last woke by the clock */
  for (;;) {
    int idle = 0;
    /* it ends once a whole interval went by with no document handed over
     * and none held by it (so between one and two intervals idle) */
    while (!f->quit && !idle && (!f->working || f->wdone || f->hold || __atomic_load_n(&f->stop, __ATOMIC_ACQUIRE))) {
      struct timespec until = after_ms(f->idle_ms ? f->idle_ms : WORKER_IDLE_MS);
      if (pthread_cond_timedwait(&f->cv, &f->mu, &until) != ETIMEDOUT) continue;
      idle = !f->working && f->wstarted == seen;
      seen = f->wstarted;
    }
    if (f->quit || idle) break;
    size_t n = vb_doc_get(f->wdoc)->nstatements;
    if (!f->wnext) prefetch_prints(f, f->wpp, n); /* the document's misses overlapping one another */
    while (!f->wdone && !__atomic_load_n(&f->stop, __ATOMIC_ACQUIRE)) {
      size_t next;
      int rc = store_prints(none, f, f->wpp, f->wids, f->wnext, f->wnext + 1, f->word, f->wdocid, &next, &f->werr);
      /* an error, the connection needed (next not moved on), or all found */
      if (rc) f->wrc = rc;
      else if (next == f->wnext) f->wdone = 1;
      else {
        f->wfound++;
        f->wnext = next;
      }
      if (rc || f->wnext >= n) f->wdone = 1;
    }
  }
  f->wended = 1; /* touches f no more: joined by the next vs_fams_start or vs_fams_free */
  pthread_mutex_unlock(&f->mu);
  return NULL;
}

/* Takes the document back from the worker: it stops after the statement
 * it is finding (if any), and touches f no more until the next. */
static void fams_wait(vs_fams *f) {
  if (!f || !f->working) return;
  __atomic_store_n(&f->stop, 1, __ATOMIC_RELEASE);
  pthread_mutex_lock(&f->mu);
  f->working = 0;
  __atomic_store_n(&f->stop, 0, __ATOMIC_RELEASE);
  pthread_mutex_unlock(&f->mu);
  f->no_sql = 0;
}

void vs_fams_wait(vs_fams *f) {
  fams_wait(f);
  if (!f) return;
  /* begun and its document given up before vs_put_families: the rows it
   * made are not written (what it learnt goes with vs_fams_undo) */
  if (f->wdoc) f->nrows = f->npairs_bytes = f->nfounders = 0;
  vb_arena_free(f->wmade);
  f->wmade = NULL;
  f->wdoc = NULL;
}

size_t vs_fams_worked(const vs_fams *f, size_t *found) {
  if (found) *found = f ? f->wfound : 0;
  return f ? f->wstarted : 0;
}

void vs_fams_hold(vs_fams *f, int hold) {
  if (!f) return;
  if (f->sync_up) pthread_mutex_lock(&f->mu);
  f->hold = hold;
  if (f->sync_up) pthread_mutex_unlock(&f->mu);
}

void vs_fams_idle(vs_fams *f, unsigned ms) {
  if (!f) return;
  if (f->sync_up) pthread_mutex_lock(&f->mu);
  f->idle_ms = ms;
  if (f->sync_up) pthread_cond_signal(&f->cv); /* a worker waiting counts from now */
  if (f->sync_up) pthread_mutex_unlock(&f->mu);
}

size_t vs_fams_threads(vs_fams *f, int *up) {
  *up = 0;
  if (!f) return 0;
  if (f->sync_up) pthread_mutex_lock(&f->mu);
  *up = f->thread_up && !f->wended;
  if (f->sync_up) pthread_mutex_unlock(&f->mu);
  return f->threads;
}

/* The worker made if there is none (an idle one that ended joined
 * first); 0 when the system gives none (the families are then found
 * where they are stored). */
static int worker_up(vs_fams *f) {
  if (f->thread_up) {
    pthread_mutex_lock(&f->mu);
    int ended = f->wended;
    pthread_mutex_unlock(&f->mu);
    if (!ended) return 1;
    pthread_join(f->worker, NULL);
    f->thread_up = f->wended = 0;
  }
  if (!f->sync_up) {
    pthread_condattr_t ca;
    if (pthread_condattr_init(&ca)) return 0;
    int bad = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC); /* after_ms's clock */
    if (!bad && pthread_mutex_init(&f->mu, NULL)) bad = 1;
    else if (!bad && pthread_cond_init(&f->cv, &ca)) {
      pthread_mutex_destroy(&f->mu);
      bad = 1;
    }
    pthread_condattr_destroy(&ca);
    if (bad) return 0;
    f->sync_up = 1;
  }
  if (pthread_create(&f->worker, NULL, fam_worker, f)) return 0;
  f->thread_up = 1;
  f->threads++;
  return 1;
}

int vs_fams_start(vs_db db, vs_fams **cache, const vb_doc *doc, const vs_put_result *r, size_t mark_len,
                  int64_t expect_bytes, vb_err *err) {
#ifdef VB_BENCH_NO_FAMILIES
  return VB_OK;
#endif
  const vb_doc_view *v = vb_doc_get(doc);
  if (v->nstatements < WORKER_MIN || db.drv->dialect->round_trips) return VB_OK;
  int rc = fams_ready(db, cache, expect_bytes, err);
  vs_fams *f = *cache;
  if (!rc) rc = refresh(db, f, err);
  if (rc || !f->keep_known || f->working) return rc;
  vs_fams_wait(f); /* a document's made prints not freed yet */
  /* made on an ingest thread, or here (sorted, as they were compared) */
  const prints *pp = doc->fam;
  if (!pp && r->pre) {
    f->wmade = vb_arena_new(0);
    pp = f->wmade ? prints_make(f->wmade, v, r->pre, r->pre_off, mark_len, 1) : NULL;
    if (!pp) {
      vs_fams_wait(f);
      return OOM(err);
    }
  }
  size_t many = 0;
  for (size_t i = 0; pp && i < v->nstatements && many < WORKER_MIN; i++) many += pp->ok[i];
  if (many < WORKER_MIN) {
    vs_fams_wait(f); /* made again where they are stored */
    return VB_OK;
  }
  if (!worker_up(f)) {
    vs_fams_wait(f); /* no worker: found where they are stored */
    return VB_OK;
  }
  pthread_mutex_lock(&f->mu);
  f->wdoc = doc;
  f->wpp = pp;
  f->wids = r->stmt_ids;
  f->word = ord_of(&vb_doc_get(doc)->meta);
  f->wdocid = r->doc_id;
  f->wmark = vs_fams_mark(f);
  f->wnext = 0;
  f->wrc = VB_OK;
  f->wdone = 0;
  vb_err_clear(&f->werr);
  f->no_sql = 1;
  f->working = 1;
  f->wstarted++;
  pthread_cond_signal(&f->cv);
  pthread_mutex_unlock(&f->mu);
  return VB_OK;
}

int vs_put_families(vs_db db, vs_fams **cache, const vb_doc *doc, const vs_put_result *r, size_t mark_len,
                    int64_t expect_bytes, vb_err *err) {
#ifdef VB_BENCH_NO_FAMILIES
  return VB_OK;
#endif
  vs_fams *f = *cache;
  size_t from = 0, mark;
  int rc = VB_OK;
  const prints *pp = doc->fam;
  if (f && f->working && f->wdoc == doc) { /* begun on its own thread: where it stopped */
    fams_wait(f);
    f->wdoc = NULL; /* its rows are this call's to write */
    mark = f->wmark;
    from = f->wnext;
    pp = f->wpp; /* f->wmade's, freed by vs_fams_wait */
    if ((rc = f->wrc)) *err = f->werr;
  } else {
    vs_fams_wait(f); /* another document's (not waited for): not this one's */
    rc = fams_ready(db, cache, expect_bytes, err);
    f = *cache;
    if (!rc) rc = refresh(db, f, err);
    mark = vs_fams_mark(f);
  }
  const vb_doc_view *v = vb_doc_get(doc);
  int64_t ord = ord_of(&v->meta);
  /* made on an ingest thread, or here (sorted, as they were compared):
   * once, for the read-ahead and the rows both */
  vb_arena *made = NULL;
  if (!rc && !pp && r->pre && v->nstatements) {
    made = vb_arena_new(0);
    pp = made ? prints_make(made, v, r->pre, r->pre_off, mark_len, 1) : NULL;
    if (!pp) rc = OOM(err);
  }
  if (!rc && pp && !from) rc = read_ahead(db, f, pp, v->nstatements, err);
  size_t next;
  if (!rc && pp) rc = store_prints(db, f, pp, r->stmt_ids, from, v->nstatements, ord, r->doc_id, &next, err);
  if (!rc) rc = flush_rows(db, f, err);
  /* a failed document's rows go with its transaction (its savepoint), and
   * so does what the connection learnt of its statements: else the next
   * document would meet them (on SQLite under the ids it is given again) */
  if (rc) vs_fams_undo(f, mark);
  vb_arena_free(made);
  if (f) f->nrows = f->npairs_bytes = f->nfounders = 0;
  if (f) f->nar = f->nap = f->npool = 0; /* read for this document alone */
  return rc;
}

int vs_fams_forget(vs_db db, vs_fams *f, int64_t doc, vb_err *err) {
  if (!f) return VB_OK;
  vs_sql *q = NULL;
  int rc = vs_sql_prepare(db,
                          "SELECT s.id, f.bands, f.pairs FROM statements s LEFT JOIN fingerprints f ON f.statement_id = s.id"
                          " WHERE s.doc_id = ?1",
                          &q, err);
  if (rc) return rc;
  vs_bind_int(q, 1, doc);
  int r;
  while ((r = vs_next(q, err)) > 0) {
    int64_t id = vs_col_int(q, 0);
    if (!vs_col_null(q, 1)) {
      uint32_t band[VB_FAM_BANDS];
      bindex_remove(&f->index, id, band, row_keys(q, 1, band, f->other));
    }
    forget_cached(f, id);
    known_drop(f, id);
  }
  if (r < 0) rc = err->code;
  vs_finalize(q);
  /* and the keys its blocks hold */
  q = NULL;
  if (!rc) rc = vs_sql_prepare(db, "SELECT first_id, prints FROM fingerprint_blocks WHERE doc_id = ?1", &q, err);
  if (!rc) {
    vs_bind_int(q, 1, doc);
    while ((r = vs_next(q, err)) > 0) {
      int64_t first = vs_col_int(q, 0);
      size_t n;
      const unsigned char *p = vs_col_blob(q, 1, &n);
      entry e;
      for (size_t at = 0; entry_next(p, n, &at, first, &e);) {
        uint32_t band[VB_FAM_BANDS];
        bindex_remove(&f->index, e.id, band, entry_keys(&e, band, f->other));
      }
    }
    if (r < 0) rc = err->code;
  }
  vs_finalize(q);
  return rc;
}

int vs_family_lookup(vs_db db, vs_fams **cache, const char *text, size_t len, const char *lang, int64_t *family,
                     int *rel, vb_err *err) {
  *family = 0;
  *rel = VB_REL_NONE;
  int rc = fams_ready(db, cache, 0, err);
  if (!rc) rc = refresh(db, *cache, err);
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
  cand founder;
  rc = find_family(f, 0, &p, &nsh, &sorted, family, rel, &founder, err);
  return rc;
}

/* ---- archives made before fingerprints -------------------------------------- */

/* Statements one transaction fingerprints. */
#define MISSING_BATCH 2000

typedef struct missing {
  int64_t id, ord, doc;
  char lang[AN_LANG_MAX + 1];
  vb_str text;
} missing;

int vs_fingerprints_built(vs_db db, int *yes, vb_err *err) {
  int64_t built = 0;
  int rc = vs_sql_int(db, "SELECT coalesce(min(built), 1) FROM fingerprint_state", &built, err);
  *yes = !rc && built;
  return rc;
}

int vs_fingerprints_count(vs_db db, int64_t *n, vb_err *err) {
  *n = 0;
  int rc = vs_sql_int(db, "SELECT count(*) FROM fingerprints WHERE length(bands) > 0 OR pairs IS NOT NULL", n, err);
  vs_sql *q = NULL;
  if (!rc) rc = vs_sql_prepare(db, "SELECT first_id, prints FROM fingerprint_blocks", &q, err);
  int r = 0;
  while (!rc && (r = vs_next(q, err)) > 0) {
    int64_t first = vs_col_int(q, 0);
    size_t len;
    const unsigned char *p = vs_col_blob(q, 1, &len);
    entry e;
    for (size_t at = 0; entry_next(p, len, &at, first, &e);) ++*n;
  }
  if (!rc && r < 0) rc = err->code;
  vs_finalize(q);
  return rc;
}

_Static_assert(VS_FINGERPRINT_SCHEME == VB_FAM_SCHEME, "the archive's scheme number is family.h's");

int vs_fingerprint_rescheme(vs_db db, int64_t *forgot, vb_err *err) {
  *forgot = 0;
  int64_t scheme = VS_FINGERPRINT_SCHEME;
  int rc = vs_sql_int(db, "SELECT coalesce(min(scheme), " VS_FINGERPRINT_SCHEME_SQL ") FROM fingerprint_state", &scheme,
                      err);
  if (rc || scheme == VS_FINGERPRINT_SCHEME) return rc;
  rc = db.drv->begin(db.conn, err);
  if (!rc) rc = vs_sql_int(db, "SELECT count(*) FROM fingerprints", forgot, err);
  if (!rc) rc = vs_sql_exec(db, "DELETE FROM fingerprints", err);
  if (!rc) rc = vs_sql_exec(db, "DELETE FROM fingerprint_blocks", err);
  if (!rc)
    rc = vs_sql_exec(db, "UPDATE fingerprint_state SET built = 0, scheme = " VS_FINGERPRINT_SCHEME_SQL, err);
  if (!rc) rc = db.drv->commit(db.conn, err);
  else db.drv->rollback(db.conn);
  return rc;
}

int vs_fingerprint_missing(vs_db db, int64_t *added, vb_err *err) {
  *added = 0;
  vs_fams *f = NULL;
  int rc = fams_ready(db, &f, 0, err);
  char sql[2048];
  snprintf(sql, sizeof sql,
           "SELECT s.id, coalesce(s.lang, ''), %s, coalesce(d.aired, d.published), s.doc_id FROM statements s"
           " JOIN documents d ON d.id = s.doc_id WHERE s.id > ?1"
           " AND NOT EXISTS (SELECT 1 FROM fingerprints f WHERE f.statement_id = s.id)"
           " AND NOT EXISTS (SELECT 1 FROM fingerprint_blocks b WHERE b.doc_id = s.doc_id AND b.first_id <= s.id"
           " AND b.last_id >= s.id) ORDER BY s.id LIMIT %d",
           db.drv->dialect->stmt_text, MISSING_BATCH);
  vs_sql *q = NULL;
  if (!rc) rc = vs_sql_prepare(db, sql, &q, err);
  int64_t after = 0;
  for (int more = 1; !rc && more;) {
    vb_arena *a = vb_arena_new(0);
    VB_VEC(missing) m = {0};
    if (!a) rc = OOM(err);
    if (!rc) rc = db.drv->begin(db.conn, err);
    if (!rc) vs_fams_begun(f);
    if (!rc && (rc = refresh(db, f, err))) db.drv->rollback(db.conn);
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
      x->doc = vs_col_int(q, 4);
    }
    vs_reset(q);
    if (r < 0) rc = err->code;
    else if (r > 0 || vb_arena_refused(a)) rc = OOM(err);
    for (uint32_t i = 0; !rc && i < m.n; i++) {
      an_analyzer *an = an_termer_lang(f->termer, m.v[i].lang);
      long nw = an && m.v[i].text.ptr ? vb_fam_words(an, m.v[i].text.ptr, m.v[i].text.len, f->w, VB_FAM_MAX_WORDS)
                                      : 0;
      if (nw < 0 || !an) rc = OOM(err);
      if (!rc) rc = put_one(db, f, m.v[i].id, (size_t)nw, m.v[i].ord, m.v[i].doc, err);
      after = m.v[i].id;
    }
    if (!rc) rc = flush_rows(db, f, err);
    f->nrows = f->npairs_bytes = f->nfounders = 0;
    more = !rc && m.n == MISSING_BATCH;
    if (!rc && !more) rc = vs_sql_exec(db, "UPDATE fingerprint_state SET built = 1", err);
    if (!rc) rc = db.drv->commit(db.conn, err);
    else db.drv->rollback(db.conn);
    if (rc) vs_fams_undo(f, 0); /* f is its own, not the writer's: kept here */
    else vs_fams_begun(f);
    if (!rc) *added += m.n;
    vb_arena_free(a);
  }
  vs_finalize(q);
  vs_fams_free(f);
  return rc;
}

/* ---- a statement's family as a hit shows it ---------------------------------- */

/* Statements whose families are asked in one query: a page of hits (a
 * query per statement was one round trip each on PostgreSQL). */
#define FAMILIES_PER_QUERY 500

typedef struct fam_rows {
  vs_slots slots;
  vs_fam_info *out;
  vb_arena *a;
} fam_rows;

static int fam_row(void *ctx, vs_sql *q) {
  fam_rows *f = ctx;
  int64_t id = vs_col_int(q, 0);
  if (vs_col_int(q, 6) < 2) return VB_OK;
  vs_slots m = vs_slots_of(&f->slots, id);
  for (size_t k = 0; k < m.n; k++) {
    vs_fam_info *o = &f->out[m.v[k].slot];
    o->first = vs_col_int(q, 1);
    snprintf(o->doc, sizeof o->doc, "%s", vs_col_text(q, 2, NULL));
    o->index = (int32_t)vs_col_int(q, 3);
    o->numbering = (int32_t)vs_col_int(q, 4);
    o->date = vs_col_str(q, 5, f->a);
    o->size = vs_col_int(q, 6);
  }
  return VB_OK;
}

/* The families' query of vs_family_infos, its ids parameter ?1. */
static void infos_sql(vs_db db, vb_buf *sql) {
  /* the family's first: least ord, then the first stored (the
   * fingerprints_family index gives it) */
  /* the members from the family index, the founder by its key (store.h) */
  vb_buf_adds(sql, "SELECT f.statement_id, g.statement_id, d.hash, gs.idx, " VS_NUMBERING ", d.date,"
                   " (SELECT count(*) FROM fingerprints c WHERE c.family = f.family AND " VS_FAMILY_MEMBER("c") ")"
                   " + (SELECT count(*) FROM fingerprints c WHERE c.statement_id = f.family)"
                   " FROM fingerprints f JOIN fingerprints g ON g.statement_id = (SELECT h.statement_id FROM"
                   " (SELECT m.statement_id, m.ord FROM fingerprints m WHERE m.family = f.family AND "
                   VS_FAMILY_MEMBER("m") " UNION ALL SELECT o.statement_id, o.ord FROM fingerprints o"
                   " WHERE o.statement_id = f.family) h ORDER BY h.ord, h.statement_id LIMIT 1)"
                   " JOIN statements gs ON gs.id = g.statement_id JOIN documents d ON d.id = gs.doc_id"
                   " WHERE f.statement_id IN (");
  /* statements of a family of two or more only (fam_row leaves out the
   * rest): most hits are alone in their own, and each still had its
   * first, that first's statement and document looked up. Found from the
   * two indexes of members (store.h, VS_FINGERPRINT_MEMBERS_INDEX): the
   * members among the ids, and the founders of a family with members */
  vb_buf_adds(sql, "SELECT m.statement_id FROM ");
  vb_buf_printf(sql, db.drv->dialect->family_members, "m");
  vb_buf_adds(sql, " WHERE " VS_FAMILY_MEMBER("m") " AND ");
  vs_in_ids(sql, db, "m.statement_id", 1);
  vb_buf_adds(sql, " UNION ALL SELECT c.family FROM fingerprints c WHERE " VS_FAMILY_MEMBER("c") " AND ");
  vs_in_ids(sql, db, "c.family", 1);
  vb_buf_addc(sql, ')');
}

int vs_family_infos(vs_db db, const int64_t *statements, size_t n, vb_arena *a, vs_fam_info *out, vb_err *err) {
  memset(out, 0, n * sizeof *out);
  vb_buf sql;
  vb_buf_init(&sql, 0);
  infos_sql(db, &sql);
  int rc = sql.failed ? vb_err_set(err, VB_ENOMEM, "", -1, "out of memory") : VB_OK;
  for (size_t at = 0; !rc && at < n; at += FAMILIES_PER_QUERY) {
    size_t k = n - at < FAMILIES_PER_QUERY ? n - at : FAMILIES_PER_QUERY;
    vs_slot slot[FAMILIES_PER_QUERY];
    fam_rows f = {vs_slots_make(slot, statements + at, k), out + at, a};
    rc = vs_sql_rows_ids(db, sql.ptr, statements + at, k, fam_row, &f, err);
  }
  vb_buf_free(&sql);
  return rc;
}

int vs_family_infos_send(vs_db db, const int64_t *statements, size_t n, vs_sql **q, vb_err *err) {
  *q = NULL;
  if (!n || n > FAMILIES_PER_QUERY) return VB_OK;
  vb_buf sql;
  vb_buf_init(&sql, 0);
  infos_sql(db, &sql);
  int rc = sql.failed ? vb_err_set(err, VB_ENOMEM, "", -1, "out of memory")
                      : vs_ids_send(db, sql.ptr, statements, n, q, err);
  vb_buf_free(&sql);
  return rc;
}

int vs_family_infos_read(vs_db db, vs_sql *q, const int64_t *statements, size_t n, vb_arena *a, vs_fam_info *out,
                         vb_err *err) {
  if (!q) return vs_family_infos(db, statements, n, a, out, err);
  memset(out, 0, n * sizeof *out);
  vs_slot *slot = vb_arena_alloc(a, (n ? n : 1) * sizeof *slot);
  if (!slot) {
    vs_finalize(q);
    return vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  }
  fam_rows f = {vs_slots_make(slot, statements, n), out, a};
  return vs_ids_read(q, fam_row, &f, err);
}

int vs_family_info(vs_db db, int64_t statement, vb_arena *a, vs_fam_info *out, vb_err *err) {
  return vs_family_infos(db, &statement, 1, a, out, err);
}

/* ---- a statement's family as kept, for its panel ------------------------------ */

typedef struct kept_rows {
  int64_t *ids;
  size_t n, max;
} kept_rows;

static int kept_row(void *ctx, vs_sql *q) {
  kept_rows *k = ctx;
  if (k->n < k->max) k->ids[k->n++] = vs_col_int(q, 0);
  return VB_OK;
}

/* A document's block entries (fingerprint_blocks), in id order: fn(ctx,
 * entry) for each until it returns non-zero. */
static int doc_entries(vs_db db, int64_t doc_id, int (*fn)(void *ctx, const entry *e), void *ctx, vb_err *err) {
  vs_sql *q = NULL;
  int rc = vs_sql_prepare(db, "SELECT first_id, prints FROM fingerprint_blocks WHERE doc_id = ?1 ORDER BY first_id", &q,
                          err);
  if (rc) return rc;
  vs_bind_int(q, 1, doc_id);
  int r = 0, stop = 0;
  while (!stop && (r = vs_next(q, err)) > 0) {
    int64_t first = vs_col_int(q, 0);
    size_t n;
    const unsigned char *p = vs_col_blob(q, 1, &n);
    entry e;
    for (size_t at = 0; !stop && entry_next(p, n, &at, first, &e);) stop = fn(ctx, &e);
  }
  if (!stop && r < 0) rc = err->code;
  vs_finalize(q);
  return rc;
}

typedef struct kept_doc {
  int64_t asked, family; /* family 0: the asked statement's not known yet */
  uint64_t exact;
  const int64_t *rowed; /* the document's statements with a row, sorted */
  size_t nrowed;
  kept_rows *k;
} kept_doc;

/* The asked statement's entry: its words' hash, alone in its family. */
static int asked_entry(void *ctx, const entry *e) {
  kept_doc *d = ctx;
  if (e->id != d->asked) return e->id > d->asked;
  d->family = d->asked;
  d->exact = e->exact;
  return 1;
}

/* An entry of the same words in a family of its own (no row). */
static int same_entry(void *ctx, const entry *e) {
  kept_doc *d = ctx;
  if (e->exact == d->exact && e->id != d->family && !has_id(d->rowed, d->nrowed, e->id) && d->k->n < d->k->max)
    d->k->ids[d->k->n++] = e->id;
  return d->k->n >= d->k->max;
}

typedef struct doc_rows {
  VB_VEC(int64_t) ids;
  vb_arena *a;
  kept_doc *d;
  vb_err *err;
} doc_rows;

static int doc_row(void *ctx, vs_sql *q) {
  doc_rows *r = ctx;
  int64_t *x = VB_VEC_PUSH(r->a, r->ids);
  if (!x) return OOM(r->err);
  *x = vs_col_int(q, 0);
  kept_rows *k = r->d->k;
  if ((uint64_t)vs_col_int(q, 2) == r->d->exact && vs_col_int(q, 1) != r->d->family && k->n < k->max)
    k->ids[k->n++] = *x;
  return VB_OK;
}

int vs_family_kept(vs_db db, const char *doc, int32_t index, int64_t *ids, size_t max, size_t *n, vb_err *err) {
  *n = 0;
  if (!max) return VB_OK;
  vs_sql *q = NULL;
  int rc = vs_sql_prepare(db,
                          "SELECT s.id, f.family, f.exact, s.doc_id FROM statements s JOIN documents d ON d.id = s.doc_id"
                          " LEFT JOIN fingerprints f ON f.statement_id = s.id WHERE d.hash = ?1 AND s.idx = ?2",
                          &q, err);
  if (rc) return rc;
  vs_bind_str(q, 1, doc);
  vs_bind_int(q, 2, index);
  int r = vs_next(q, err);
  kept_doc kd = {0};
  int64_t doc_id = 0;
  if (r > 0) {
    kd.asked = vs_col_int(q, 0);
    kd.family = vs_col_null(q, 1) ? 0 : vs_col_int(q, 1);
    kd.exact = (uint64_t)vs_col_int(q, 2);
    doc_id = vs_col_int(q, 3);
  }
  vs_finalize(q);
  if (r < 0) return err->code ? err->code : VB_ESTORE;
  /* no row of its own: alone in its family, its entry in its document's block */
  if (r > 0 && !kd.family) rc = doc_entries(db, doc_id, asked_entry, &kd, err);
  if (rc || !kd.family) return rc; /* no such statement, or no fingerprint: not known here */
  int64_t family = kd.family;
  ids[(*n)++] = kd.asked;
  if (family != kd.asked && max > 1) ids[(*n)++] = family; /* the founder (gone with a reparse: not read) */
  kept_rows k = {ids, *n, max};
  kd.k = &k;
  /* the same words elsewhere in its document, kept in another family: a
   * heading in capitals that quotes the transcript below it has no word
   * pairs (a name's inner pairs do not count), so its band keys never
   * met the sentence's at ingest, though the two hash the same. Those
   * with a row of their own first, then those alone in theirs */
  vb_arena *a = vb_arena_new(0);
  doc_rows dr = {{0}, a, &kd, err};
  if (!a) return OOM(err);
  rc = vs_sql_prepare(db,
                      "SELECT f.statement_id, f.family, f.exact FROM statements s JOIN fingerprints f"
                      " ON f.statement_id = s.id WHERE s.doc_id = ?1 ORDER BY s.id",
                      &q, err);
  if (!rc) {
    vs_bind_int(q, 1, doc_id);
    rc = vs_sql_each(q, doc_row, &dr, err);
    vs_finalize(q);
  }
  kd.rowed = dr.ids.v;
  kd.nrowed = dr.ids.n;
  if (!rc && k.n < max) rc = doc_entries(db, doc_id, same_entry, &kd, err);
  vb_arena_free(a);
  /* its members from the family index, earliest first (the asked
   * statement among them again is left for the caller to skip) */
  char sql[256];
  snprintf(sql, sizeof sql,
           "SELECT m.statement_id FROM fingerprints m WHERE m.family = ?1 AND " VS_FAMILY_MEMBER("m")
           " ORDER BY m.ord, m.statement_id LIMIT %zu",
           max - k.n + 1);
  if (!rc && k.n < max) rc = vs_sql_rows(db, sql, family, kept_row, &k, err);
  *n = k.n;
  return rc;
}

typedef struct member_rows {
  vb_raw_results *res;
  vb_arena *a;
  vb_err *err;
} member_rows;

static int member_row(void *ctx, vs_sql *q) {
  member_rows *m = ctx;
  vb_raw_hit *h = VB_VEC_PUSH(m->a, m->res->hits);
  if (!h) return OOM(m->err);
  memset(h, 0, sizeof *h);
  snprintf(h->doc, sizeof h->doc, "%s", vs_col_text(q, 0, NULL));
  h->speaker = vs_col_str(q, 1, m->a);
  h->kind = vs_col_str(q, 2, m->a);
  h->text = vs_col_str(q, 3, m->a);
  h->title = vs_col_str(q, 4, m->a);
  h->series = vs_col_str(q, 5, m->a);
  h->number = vs_col_str(q, 6, m->a);
  h->date = vs_col_str(q, 7, m->a);
  h->channel = vs_col_str(q, 8, m->a);
  h->language = vs_col_str(q, 9, m->a);
  h->index = (int32_t)vs_col_int(q, 10);
  h->numbering = (int32_t)vs_col_int(q, 11);
  h->statement = vs_col_int(q, 12);
  return VB_OK;
}

/* Statements read in one query at most. */
#define MEMBERS_PER_QUERY 500

int vs_family_members_read(vs_db db, const int64_t *ids, size_t n, vb_arena *a, vb_raw_results *res, vb_err *err) {
  vb_buf sql;
  vb_buf_init(&sql, 0);
  vb_buf_printf(&sql,
                "SELECT d.hash, (SELECT name FROM speakers WHERE id = s.speaker_id), s.kind, %s, d.title, d.series,"
                " d.number, d.date, d.channel, d.language, s.idx, " VS_NUMBERING ", s.id FROM statements s %s WHERE ",
                db.drv->dialect->stmt_text, db.drv->dialect->doc_of_stmt);
  vs_in_ids(&sql, db, "s.id", 1);
  int rc = sql.failed ? OOM(err) : VB_OK;
  member_rows m = {res, a, err};
  for (size_t at = 0; !rc && at < n; at += MEMBERS_PER_QUERY)
    rc = vs_sql_rows_ids(db, sql.ptr, ids + at, n - at < MEMBERS_PER_QUERY ? n - at : MEMBERS_PER_QUERY, member_row,
                         &m, err);
  vb_buf_free(&sql);
  return rc;
}

/* ---- a document's statements said before ------------------------------------- */

/* Memory one answer may take: a document's marks. */
#define SAID_BEFORE_LIMIT ((size_t)16 << 20)

typedef struct said_row {
  int64_t id;
  int32_t index;
} said_row;

void vb_said_before_free(vb_said_before_list *l) { vs_box_free(l); }

int vb_store_said_before(vb_store *st, const char *ref, vb_said_before_list **out, vb_err *err) {
  vb_err_clear(err);
  *out = NULL;
  int rc = st->ops->flush(st->impl, err);
  if (rc) return rc;
  vs_db db = {st->ops->sql, st->reader ? st->reader : st->impl};
  int64_t doc = 0;
  rc = vs_doc_row(db, ref ? ref : "", &doc, err);
  if (rc) return rc;
  vb_arena *a;
  vb_said_before_list *l = vs_box_new(sizeof *l, SAID_BEFORE_LIMIT, &a);
  if (!l) return OOM(err);
  VB_VEC(said_row) rows = {0};
  VB_VEC(vb_said_before) marks = {0};
  vs_sql *q;
  rc = vs_sql_prepare(db, "SELECT hash FROM documents WHERE id = ?1", &q, err);
  if (!rc) {
    vs_bind_int(q, 1, doc);
    int r = vs_next(q, err);
    if (r > 0) snprintf(l->doc, sizeof l->doc, "%s", vs_col_text(q, 0, NULL));
    if (r < 0) rc = err->code;
    vs_finalize(q);
  }
  /* the statements first, then each one's family: one query at a time */
  if (!rc)
    rc = vs_sql_prepare(db,
                        "SELECT s.id, s.idx FROM statements s JOIN fingerprints f ON f.statement_id = s.id"
                        " WHERE s.doc_id = ?1 AND " VS_SAID_BEFORE " ORDER BY s.idx",
                        &q, err);
  if (!rc) {
    vs_bind_int(q, 1, doc);
    int r;
    while ((r = vs_next(q, err)) > 0) {
      said_row *x = VB_VEC_PUSH(a, rows);
      if (!x) break;
      x->id = vs_col_int(q, 0);
      x->index = (int32_t)vs_col_int(q, 1);
    }
    if (r < 0) rc = err->code;
    vs_finalize(q);
  }
  /* their families in one query */
  int64_t *ids = rc || !rows.n ? NULL : vb_arena_alloc(a, rows.n * sizeof *ids);
  vs_fam_info *fis = ids ? vb_arena_alloc(a, rows.n * sizeof *fis) : NULL;
  if (!rc && rows.n && !fis) rc = vb_err_set(err, VB_ENOMEM, "", -1, "out of memory");
  for (uint32_t i = 0; !rc && i < rows.n; i++) ids[i] = rows.v[i].id;
  if (!rc && rows.n) rc = vs_family_infos(db, ids, rows.n, a, fis, err);
  for (uint32_t i = 0; !rc && i < rows.n; i++) {
    const vs_fam_info fi = fis[i];
    if (!fi.size) continue;
    vb_said_before *m = VB_VEC_PUSH(a, marks);
    if (!m) break;
    memset(m, 0, sizeof *m);
    m->index = rows.v[i].index;
    m->family = fi.size;
    memcpy(m->first_doc, fi.doc, sizeof m->first_doc);
    m->first_index = fi.index;
    m->first_said = fi.date;
    m->first_link = vs_permalink(a, fi.doc, fi.index, fi.numbering);
  }
  l->v = marks.v;
  l->n = marks.n;
  rc = vs_box_finish(a, rc, err);
  if (!rc) *out = l;
  return rc;
}
