/* lexicon image — the built-in lexicon as bytes, made once at build time
 * (scripts/mklexicon.c) and embedded in the library (build/gen/lexicon.c),
 * so a process reads it in place instead of making it from iso-codes,
 * gettext catalogues and the dictionary (a second of CPU). The image holds
 * no pointers: strings are offsets into its pool, the maps are their
 * tables as they were in memory (vb_map_view). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "lexicon.h"

#define IMAGE_MAGIC "VBLEXI03"
#define NO_STRING UINT32_MAX

/* The fixed part, 64-bit words after the magic. */
enum { H_ENTRIES, H_PATTERNS, H_STATES, H_FAILS, H_ISO, H_POOL, H_VARIANTS, H_COMPILED, H_WORDS };

typedef struct image_pattern {
  uint32_t entry, next, light;
  uint16_t nwords, capitals, acronyms, unused;
  uint32_t flags;
} image_pattern;

typedef struct image_entry {
  uint32_t type, name, ckey;
} image_entry;

/* ---- writing ------------------------------------------------------------ */

typedef struct pool {
  vb_buf bytes;
  vb_map seen; /* string -> offset */
} pool;

static uint32_t pool_add(pool *p, const char *s) {
  if (!s) return NO_STRING;
  size_t n = strlen(s);
  int found = 0;
  uint32_t off = vb_map_put(&p->seen, s, n, (uint32_t)p->bytes.len, &found);
  if (off == VB_MAP_NONE) {
    p->bytes.failed = 1;
    return NO_STRING;
  }
  if (!found) vb_buf_add(&p->bytes, s, n + 1);
  return off;
}

static int add_words(vb_buf *out, const void *p, size_t n) {
  static const char zero[8];
  if (n && vb_buf_add(out, p, n)) return -1;
  return n % 8 ? vb_buf_add(out, zero, 8 - n % 8) : 0;
}

int vb_lexicon_image_write(const vb_lexicon *lx, vb_buf *out) {
  pool p;
  vb_buf_init(&p.bytes, 0);
  vb_map_init(&p.seen);
  vb_buf ents, pats;
  vb_buf_init(&ents, 0);
  vb_buf_init(&pats, 0);
  for (uint32_t i = 0; i < lx->entries.n; i++) {
    const vb_lex_entry *e = &lx->entries.v[i];
    image_entry ie = {(uint32_t)e->type, pool_add(&p, e->name), pool_add(&p, e->ckey)};
    vb_buf_add(&ents, (const char *)&ie, sizeof ie);
  }
  for (uint32_t i = 0; i < lx->patterns.n; i++) {
    const vb_lex_pattern *q = &lx->patterns.v[i];
    image_pattern ip = {q->entry, q->next, pool_add(&p, q->light), q->nwords, q->capitals, q->acronyms, 0, q->flags};
    vb_buf_add(&pats, (const char *)&ip, sizeof ip);
  }
  vb_buf iso;
  vb_buf_init(&iso, 0);
  for (uint32_t i = 0; i < lx->iso_names.n; i++) {
    uint32_t off = pool_add(&p, lx->iso_names.v[i]);
    vb_buf_add(&iso, (const char *)&off, sizeof off);
  }
  uint64_t h[H_WORDS] = {lx->entries.n, lx->patterns.n, lx->out.n,       lx->fail.n,
                         lx->iso_names.n, p.bytes.len,  (uint64_t)lx->variants, (uint64_t)lx->compiled};
  int bad = ents.failed || pats.failed || iso.failed || p.bytes.failed ||
            lx->child.n != lx->out.n || lx->sibling.n != lx->out.n || lx->dict.n != lx->fail.n ||
            vb_buf_add(out, IMAGE_MAGIC, 8) || add_words(out, h, sizeof h) ||
            add_words(out, lx->lower_sig, sizeof lx->lower_sig) ||
            add_words(out, lx->start_sig, sizeof lx->start_sig) || add_words(out, ents.ptr, ents.len) ||
            add_words(out, pats.ptr, pats.len) || add_words(out, iso.ptr, iso.len) ||
            add_words(out, lx->out.v, lx->out.n * 4u) || add_words(out, lx->child.v, lx->child.n * 4u) ||
            add_words(out, lx->sibling.v, lx->sibling.n * 4u) ||
            add_words(out, lx->fail.v, lx->fail.n * 4u) || add_words(out, lx->dict.v, lx->dict.n * 4u);
  const vb_map *maps[] = {&lx->words, &lx->lower,      &lx->names, &lx->rejects,
                          &lx->classes, &lx->dictionary, &lx->codes, &lx->codes3};
  for (size_t i = 0; i < sizeof maps / sizeof *maps && !bad; i++) bad = vb_map_dump(maps[i], out);
  if (!bad) bad = vb_imap_dump(&lx->edges, out) || add_words(out, p.bytes.ptr, p.bytes.len);
  vb_buf_free(&ents);
  vb_buf_free(&pats);
  vb_buf_free(&iso);
  vb_buf_free(&p.bytes);
  vb_map_free(&p.seen);
  return bad || out->failed ? -1 : 0;
}

/* ---- reading ------------------------------------------------------------ */

typedef struct reader {
  const unsigned char *p;
  size_t n, at;
  int bad;
} reader;

/* The next n bytes (then padded to 8), or NULL. */
static const void *take(reader *r, size_t n) {
  size_t padded = (n + 7) & ~(size_t)7;
  if (r->bad || padded < n || padded > r->n - r->at) {
    r->bad = 1;
    return NULL;
  }
  const void *at = r->p + r->at;
  r->at += padded;
  return at;
}

static void take_map(reader *r, vb_map *m) {
  size_t k = r->bad ? 0 : vb_map_view(m, r->p + r->at, r->n - r->at);
  if (!k) r->bad = 1;
  r->at += k;
}

static int corrupt(vb_err *err) {
  return vb_err_set(err, VB_EFORMAT, "lexicon image", -1, "the built-in lexicon's image is damaged");
}

/* A vector of n 32-bit words: the image's own (read-only), or a copy. */
static int vector(vb_lexicon *lx, const void *src, uint32_t n, int writable, uint32_t **v,
                  uint32_t *vn, uint32_t *cap) {
  *vn = *cap = n;
  if (!writable || !n) {
    *v = (uint32_t *)(uintptr_t)src;
    return 0;
  }
  *v = vb_arena_alloc(lx->arena, (size_t)n * 4u);
  if (!*v) return -1;
  memcpy(*v, src, (size_t)n * 4u);
  return 0;
}

int vb_lexicon_from_image(const void *image, size_t len, int writable, vb_lexicon **out, vb_err *err) {
  *out = NULL;
  reader r = {image, len, 0, 0};
  const char *magic = take(&r, 8);
  const uint64_t *h = take(&r, H_WORDS * 8);
  if (!magic || memcmp(magic, IMAGE_MAGIC, 8) || !h) return corrupt(err);
  if (h[H_ENTRIES] > UINT32_MAX / 2 || h[H_PATTERNS] > UINT32_MAX / 2 || h[H_STATES] > UINT32_MAX / 2 ||
      h[H_FAILS] > h[H_STATES] || h[H_ISO] > h[H_ENTRIES] || h[H_POOL] > len)
    return corrupt(err);
  uint32_t nent = (uint32_t)h[H_ENTRIES], npat = (uint32_t)h[H_PATTERNS], nst = (uint32_t)h[H_STATES],
           nfail = (uint32_t)h[H_FAILS], niso = (uint32_t)h[H_ISO];
  vb_lexicon *lx = calloc(1, sizeof *lx);
  if (!lx || !(lx->arena = vb_arena_new(0))) {
    free(lx);
    return vb_err_set(err, VB_ENOMEM, "lexicon", -1, "out of memory reading the lexicon");
  }
  const void *lsig = take(&r, sizeof lx->lower_sig), *ssig = take(&r, sizeof lx->start_sig);
  const image_entry *ents = take(&r, (size_t)nent * sizeof *ents);
  const image_pattern *pats = take(&r, (size_t)npat * sizeof *pats);
  const uint32_t *iso = take(&r, (size_t)niso * 4u);
  const void *vo = take(&r, (size_t)nst * 4u), *vc = take(&r, (size_t)nst * 4u),
             *vs = take(&r, (size_t)nst * 4u), *vf = take(&r, (size_t)nfail * 4u),
             *vd = take(&r, (size_t)nfail * 4u);
  vb_map *maps[] = {&lx->words, &lx->lower,      &lx->names, &lx->rejects,
                    &lx->classes, &lx->dictionary, &lx->codes, &lx->codes3};
  for (size_t i = 0; i < sizeof maps / sizeof *maps; i++) take_map(&r, maps[i]);
  size_t k = r.bad ? 0 : vb_imap_view(&lx->edges, r.p + r.at, r.n - r.at);
  if (!k) r.bad = 1;
  r.at += k;
  const char *strings = take(&r, (size_t)h[H_POOL]);
  size_t npool = (size_t)h[H_POOL];
  if (r.bad || (npool && strings[npool - 1] != '\0')) {
    vb_lexicon_free(lx);
    return corrupt(err);
  }
#define STR(off) ((off) == NO_STRING ? NULL : (off) < npool ? strings + (off) : (r.bad = 1, NULL))
  memcpy(lx->lower_sig, lsig, sizeof lx->lower_sig);
  memcpy(lx->start_sig, ssig, sizeof lx->start_sig);
  lx->variants = (int)h[H_VARIANTS];
  lx->compiled = writable ? 0 : (int)h[H_COMPILED];
  int oom = 0;
  if (nent && !(lx->entries.v = vb_arena_alloc(lx->arena, (size_t)nent * sizeof *lx->entries.v))) oom = 1;
  for (uint32_t i = 0; i < nent && !oom; i++) {
    vb_lex_entry *e = &lx->entries.v[i];
    e->type = (vb_etype)ents[i].type;
    e->name = STR(ents[i].name);
    e->ckey = STR(ents[i].ckey);
  }
  lx->entries.n = lx->entries.cap = nent;
  if (npat && !(lx->patterns.v = vb_arena_alloc(lx->arena, (size_t)npat * sizeof *lx->patterns.v))) oom = 1;
  for (uint32_t i = 0; i < npat && !oom; i++) {
    vb_lex_pattern *q = &lx->patterns.v[i];
    q->entry = pats[i].entry;
    q->next = pats[i].next;
    q->light = STR(pats[i].light);
    q->nwords = pats[i].nwords;
    q->capitals = pats[i].capitals;
    q->acronyms = pats[i].acronyms;
    q->flags = (uint8_t)pats[i].flags;
  }
  lx->patterns.n = lx->patterns.cap = npat;
  if (niso && !(lx->iso_names.v = vb_arena_alloc(lx->arena, (size_t)niso * sizeof *lx->iso_names.v)))
    oom = 1;
  for (uint32_t i = 0; i < niso && !oom; i++) lx->iso_names.v[i] = STR(iso[i]);
  lx->iso_names.n = lx->iso_names.cap = niso;
#undef STR
  /* a lexicon that takes corrections changes its automaton in place: its
   * own copy (the maps copy themselves on their first change); one made
   * again from there is compiled again */
  uint32_t *v;
  if (!oom) {
    oom = vector(lx, vo, nst, writable, &v, &lx->out.n, &lx->out.cap) ||
          (lx->out.v = v, vector(lx, vc, nst, writable, &v, &lx->child.n, &lx->child.cap)) ||
          (lx->child.v = v, vector(lx, vs, nst, writable, &v, &lx->sibling.n, &lx->sibling.cap)) ||
          (lx->sibling.v = v, 0);
  }
  if (!oom && !writable) {
    vector(lx, vf, nfail, 0, &v, &lx->fail.n, &lx->fail.cap);
    lx->fail.v = v;
    vector(lx, vd, nfail, 0, &v, &lx->dict.n, &lx->dict.cap);
    lx->dict.v = v;
  }
  if (oom || r.bad) {
    vb_lexicon_free(lx);
    return oom ? vb_err_set(err, VB_ENOMEM, "lexicon", -1, "out of memory reading the lexicon") : corrupt(err);
  }
  *out = lx;
  return 0;
}

/* ---- comparing ---------------------------------------------------------- */

typedef struct same_ctx {
  const vb_map *other;
  int differ;
} same_ctx;

static void same_entry(void *ctx, const char *key, size_t n, uint32_t value) {
  same_ctx *c = ctx;
  if (vb_map_get(c->other, key, n) != value) c->differ = 1;
}

static int same_map(const vb_map *a, const vb_map *b) {
  if (a->n != b->n) return 0;
  same_ctx c = {b, 0};
  vb_map_each(a, same_entry, &c);
  return !c.differ;
}

static int same_imap(const vb_imap *a, const vb_imap *b) {
  if (a->n != b->n) return 0;
  for (size_t i = 0; i < a->cap; i++)
    if (a->keys[i] != UINT64_MAX && vb_imap_get(b, a->keys[i]) != a->vals[i]) return 0;
  return 1;
}

static int same_str(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

static int same_u32(const uint32_t *a, uint32_t an, const uint32_t *b, uint32_t bn) {
  return an == bn && (!an || memcmp(a, b, (size_t)an * 4u) == 0);
}

int vb_lexicon_same(const vb_lexicon *a, const vb_lexicon *b, char *why, size_t cap) {
  const char *w = NULL;
  if (a->entries.n != b->entries.n) w = "the number of entries";
  for (uint32_t i = 0; !w && i < a->entries.n; i++) {
    const vb_lex_entry *x = &a->entries.v[i], *y = &b->entries.v[i];
    if (x->type != y->type || !same_str(x->name, y->name) || !same_str(x->ckey, y->ckey)) w = "an entry";
  }
  if (!w && a->patterns.n != b->patterns.n) w = "the number of names";
  for (uint32_t i = 0; !w && i < a->patterns.n; i++) {
    const vb_lex_pattern *x = &a->patterns.v[i], *y = &b->patterns.v[i];
    if (x->entry != y->entry || x->next != y->next || x->nwords != y->nwords || x->capitals != y->capitals || x->acronyms != y->acronyms ||
        x->flags != y->flags || !same_str(x->light, y->light))
      w = "a name";
  }
  if (!w && a->iso_names.n != b->iso_names.n) w = "the iso-codes names";
  for (uint32_t i = 0; !w && i < a->iso_names.n; i++)
    if (!same_str(a->iso_names.v[i], b->iso_names.v[i])) w = "an iso-codes name";
  if (!w && (!same_u32(a->out.v, a->out.n, b->out.v, b->out.n) ||
             !same_u32(a->child.v, a->child.n, b->child.v, b->child.n) ||
             !same_u32(a->sibling.v, a->sibling.n, b->sibling.v, b->sibling.n)))
    w = "the trie";
  if (!w && (!same_u32(a->fail.v, a->fail.n, b->fail.v, b->fail.n) ||
             !same_u32(a->dict.v, a->dict.n, b->dict.v, b->dict.n)))
    w = "the failure links";
  if (!w && !same_imap(&a->edges, &b->edges)) w = "the trie's edges";
  if (!w && !same_map(&a->words, &b->words)) w = "the words";
  if (!w && !same_map(&a->lower, &b->lower)) w = "the lowercase words";
  if (!w && !same_map(&a->names, &b->names)) w = "the names' keys";
  if (!w && !same_map(&a->rejects, &b->rejects)) w = "the rejected names";
  if (!w && !same_map(&a->classes, &b->classes)) w = "the word classes";
  if (!w && !same_map(&a->dictionary, &b->dictionary)) w = "the dictionary";
  if (!w && (!same_map(&a->codes, &b->codes) || !same_map(&a->codes3, &b->codes3))) w = "the country codes";
  if (!w && (memcmp(a->lower_sig, b->lower_sig, sizeof a->lower_sig) ||
             memcmp(a->start_sig, b->start_sig, sizeof a->start_sig)))
    w = "the word signatures";
  if (!w && (a->variants != b->variants || a->compiled != b->compiled)) w = "the flags";
  if (w && why) snprintf(why, cap, "%s", w);
  return w == NULL;
}
