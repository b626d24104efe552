/* arena — chunked bump allocator; see arena.h. */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

/* First chunk is small so tiny documents stay cheap; later chunks double. */
#define ARENA_FIRST_CHUNK 4096
#define ARENA_MAX_CHUNK ((size_t)64 << 20)
/* Allocations this large (a long document's arrays of blocks, tokens,
 * statements) get a block of their own that grows by realloc: growing a
 * vector in a chunk leaves every smaller copy behind (about 4x its final
 * size in all), realloc moves the pages instead. */
#define ARENA_BIG ((size_t)256 << 10)

typedef struct chunk {
  struct chunk *next;
  size_t cap, used;
  _Alignas(max_align_t) unsigned char data[];
} chunk;

struct vb_arena {
  chunk *head;
  size_t limit, total, used;
  int refused; /* an allocation would have passed the limit */
  void **big;   /* blocks of ARENA_BIG bytes or more, malloc'd one by one */
  size_t nbig, capbig;
  void *last;
  size_t last_n;
};

vb_arena *vb_arena_new(size_t limit) {
  vb_arena *a = calloc(1, sizeof *a);
  if (a) a->limit = limit;
  return a;
}

void vb_arena_free(vb_arena *a) {
  if (!a) return;
  chunk *c = a->head;
  while (c) {
    chunk *next = c->next;
    free(c);
    c = next;
  }
  for (size_t i = 0; i < a->nbig; i++) free(a->big[i]);
  free(a->big);
  free(a);
}

static size_t align8(size_t n) { return (n + 7u) & ~(size_t)7u; }

/* Whether `extra` more bytes pass the limit; records the refusal. */
static int over_limit(vb_arena *a, size_t extra) {
  if (!a->limit || a->total + extra <= a->limit) return 0;
  a->refused = 1;
  return 1;
}

static void *big_alloc(vb_arena *a, size_t n) {
  if (over_limit(a, n)) return NULL;
  if (a->nbig == a->capbig) {
    size_t cap = a->capbig ? a->capbig * 2 : 16;
    void **b = realloc(a->big, cap * sizeof *b);
    if (!b) return NULL;
    a->big = b;
    a->capbig = cap;
  }
  void *p = malloc(n);
  if (!p) return NULL;
  a->big[a->nbig++] = p;
  a->total += n;
  a->used += n;
  return p;
}

/* The big block `old`, grown to newn; NULL if old is no big block (*found
 * 0) or the memory is not there (*found 1). */
static void *big_grow(vb_arena *a, void *old, size_t oldn, size_t newn, int *found) {
  size_t i = a->nbig;
  while (i && a->big[i - 1] != old) i--;
  *found = i > 0;
  if (!i || over_limit(a, newn - oldn)) return NULL;
  void *p = realloc(old, newn);
  if (!p) return NULL;
  a->big[i - 1] = p;
  a->total += newn - oldn;
  a->used += newn - oldn;
  return p;
}

void *vb_arena_alloc(vb_arena *a, size_t n) {
  if (n == 0) n = 1;
  if (n > SIZE_MAX / 2) return NULL;
  n = align8(n);
  if (n >= ARENA_BIG) return big_alloc(a, n);
  chunk *c = a->head;
  if (!c || c->cap - c->used < n) {
    size_t cap = c ? c->cap * 2 : ARENA_FIRST_CHUNK;
    if (cap > ARENA_MAX_CHUNK) cap = ARENA_MAX_CHUNK;
    if (cap < n) cap = n;
    if (a->limit && a->total + cap > a->limit) {
      if (a->total + n > a->limit) {
        a->refused = 1;
        return NULL;
      }
      cap = n;
    }
    chunk *nc = malloc(sizeof *nc + cap);
    if (!nc) return NULL;
    nc->cap = cap;
    nc->used = 0;
    nc->next = a->head;
    a->head = nc;
    a->total += cap;
    c = nc;
  }
  void *p = c->data + c->used;
  c->used += n;
  a->used += n;
  a->last = p;
  a->last_n = n;
  return p;
}

void *vb_arena_calloc(vb_arena *a, size_t n) {
  void *p = vb_arena_alloc(a, n);
  if (p) memset(p, 0, n);
  return p;
}

void *vb_arena_grow(vb_arena *a, void *old, size_t oldn, size_t newn) {
  if (!old) return vb_arena_alloc(a, newn);
  if (newn <= oldn) return old;
  if (oldn >= ARENA_BIG) {
    int found;
    void *p = big_grow(a, old, align8(oldn), align8(newn), &found);
    if (p || found) return p;
  }
  chunk *c = a->head;
  if (old == a->last && c) {
    size_t extra = align8(newn) - a->last_n;
    if (align8(newn) >= a->last_n && c->cap - c->used >= extra) {
      c->used += extra;
      a->used += extra;
      a->last_n = align8(newn);
      return old;
    }
  }
  void *p = vb_arena_alloc(a, newn);
  if (p) memcpy(p, old, oldn);
  return p;
}

void vb_arena_release(vb_arena *a, void *p, size_t n) {
  if (!p || align8(n) < ARENA_BIG) return;
  size_t i = a->nbig;
  while (i && a->big[i - 1] != p) i--;
  if (!i) return;
  free(p);
  a->big[i - 1] = a->big[--a->nbig];
  a->total -= align8(n);
  a->used -= align8(n);
}

char *vb_arena_strndup(vb_arena *a, const char *s, size_t n) {
  char *p = vb_arena_alloc(a, n + 1);
  if (!p) return NULL;
  if (n) memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

size_t vb_arena_used(const vb_arena *a) { return a->used; }

int vb_arena_refused(const vb_arena *a) { return a->refused; }

int vb_vec_reserve_(vb_arena *a, void **v, uint32_t *cap, size_t elsize,
                    uint32_t need) {
  if (need <= *cap) return 0;
  uint64_t ncap = *cap ? (uint64_t)*cap * 2 : 8;
  while (ncap < need) ncap *= 2;
  if (ncap > UINT32_MAX || ncap * elsize > SIZE_MAX / 2) return -1;
  void *p = vb_arena_grow(a, *v, (size_t)*cap * elsize, (size_t)ncap * elsize);
  if (!p) return -1;
  *v = p;
  *cap = (uint32_t)ncap;
  return 0;
}
