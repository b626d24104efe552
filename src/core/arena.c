/* arena — chunked bump allocator; see arena.h. */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

/* First chunk is small so tiny documents stay cheap; later chunks double. */
#define ARENA_FIRST_CHUNK 4096
#define ARENA_MAX_CHUNK ((size_t)64 << 20)

typedef struct chunk {
  struct chunk *next;
  size_t cap, used;
  _Alignas(max_align_t) unsigned char data[];
} chunk;

struct vb_arena {
  chunk *head;
  size_t limit, total, used;
  int refused; /* an allocation would have passed the limit */
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
  free(a);
}

static size_t align8(size_t n) { return (n + 7u) & ~(size_t)7u; }

void *vb_arena_alloc(vb_arena *a, size_t n) {
  if (n == 0) n = 1;
  if (n > SIZE_MAX / 2) return NULL;
  n = align8(n);
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
