/* map — see map.h. FNV-1a hashing, linear probing, growth at 1/2 load. */
#include "map.h"

#include <stdlib.h>
#include <string.h>

struct vb_map_slot {
  uint64_t hash;
  size_t off;   /* key offset in keys + 1; 0 = empty */
  uint32_t len, value;
};

uint64_t vb_fnv1a(uint64_t h, const void *p, size_t n) {
  const unsigned char *c = p;
  for (size_t i = 0; i < n; i++) h = (h ^ c[i]) * 1099511628211ull;
  return h;
}

/* The map keeps the basis it always had (a digit short of FNV's), so its
 * layout, and the order vb_map_each visits keys in, is as before. */
static uint64_t hash_bytes(const char *s, size_t n) { return vb_fnv1a(1469598103934665603ull, s, n); }

void vb_map_init(vb_map *m) { memset(m, 0, sizeof *m); }

void vb_map_free(vb_map *m) {
  free(m->slots);
  free(m->keys);
  memset(m, 0, sizeof *m);
}

static struct vb_map_slot *find(const vb_map *m, const char *key, size_t n, uint64_t h) {
  size_t mask = m->cap - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    struct vb_map_slot *s = &m->slots[i];
    if (!s->off) return s;
    if (s->hash == h && s->len == n && memcmp(m->keys + s->off - 1, key, n) == 0) return s;
  }
}

uint32_t vb_map_get(const vb_map *m, const char *key, size_t n) {
  if (!m->cap) return VB_MAP_NONE;
  struct vb_map_slot *s = find(m, key, n, hash_bytes(key, n));
  return s->off ? s->value : VB_MAP_NONE;
}

static int grow(vb_map *m) {
  size_t cap = m->cap ? m->cap * 2 : 64;
  struct vb_map_slot *slots = calloc(cap, sizeof *slots);
  if (!slots) return -1;
  for (size_t i = 0; i < m->cap; i++) {
    struct vb_map_slot *o = &m->slots[i];
    if (!o->off) continue;
    size_t j = o->hash & (cap - 1);
    while (slots[j].off) j = (j + 1) & (cap - 1);
    slots[j] = *o;
  }
  free(m->slots);
  m->slots = slots;
  m->cap = cap;
  return 0;
}

static struct vb_map_slot *slot_for(vb_map *m, const char *key, size_t n, int *found) {
  if ((m->n + 1) * 2 > m->cap && grow(m)) return NULL;
  uint64_t h = hash_bytes(key, n);
  struct vb_map_slot *s = find(m, key, n, h);
  *found = s->off != 0;
  if (*found) return s;
  if (m->klen + n + 1 > m->kcap) {
    size_t kcap = m->kcap ? m->kcap : 1024;
    while (m->klen + n + 1 > kcap) kcap *= 2;
    char *k = realloc(m->keys, kcap);
    if (!k) return NULL;
    m->keys = k;
    m->kcap = kcap;
  }
  memcpy(m->keys + m->klen, key, n);
  m->keys[m->klen + n] = '\0';
  s->hash = h;
  s->off = m->klen + 1;
  s->len = (uint32_t)n;
  m->klen += n + 1;
  m->n++;
  return s;
}

uint32_t vb_map_put(vb_map *m, const char *key, size_t n, uint32_t value, int *found) {
  int f = 0;
  struct vb_map_slot *s = slot_for(m, key, n, &f);
  if (found) *found = f;
  if (!s) return VB_MAP_NONE;
  if (!f) s->value = value;
  return s->value;
}

int vb_map_set(vb_map *m, const char *key, size_t n, uint32_t value) {
  int f = 0;
  struct vb_map_slot *s = slot_for(m, key, n, &f);
  if (!s) return -1;
  s->value = value;
  return 0;
}

void vb_map_each(const vb_map *m, void (*fn)(void *ctx, const char *key, size_t n, uint32_t value),
                 void *ctx) {
  for (size_t i = 0; i < m->cap; i++)
    if (m->slots[i].off) fn(ctx, m->keys + m->slots[i].off - 1, m->slots[i].len, m->slots[i].value);
}

void vb_imap_init(vb_imap *m) { memset(m, 0, sizeof *m); }

void vb_imap_free(vb_imap *m) {
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof *m);
}

static uint64_t mix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdull;
  k ^= k >> 33;
  return k;
}

/* Key UINT64_MAX marks an empty slot; edges never use it. */
uint32_t vb_imap_get(const vb_imap *m, uint64_t key) {
  if (!m->cap) return VB_MAP_NONE;
  size_t mask = m->cap - 1;
  for (size_t i = mix(key) & mask;; i = (i + 1) & mask) {
    if (m->keys[i] == UINT64_MAX) return VB_MAP_NONE;
    if (m->keys[i] == key) return m->vals[i];
  }
}

int vb_imap_set(vb_imap *m, uint64_t key, uint32_t value) {
  if ((m->n + 1) * 2 > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 256;
    uint64_t *keys = malloc(cap * sizeof *keys);
    uint32_t *vals = malloc(cap * sizeof *vals);
    if (!keys || !vals) {
      free(keys);
      free(vals);
      return -1;
    }
    memset(keys, 0xff, cap * sizeof *keys);
    for (size_t i = 0; i < m->cap; i++) {
      if (m->keys[i] == UINT64_MAX) continue;
      size_t j = mix(m->keys[i]) & (cap - 1);
      while (keys[j] != UINT64_MAX) j = (j + 1) & (cap - 1);
      keys[j] = m->keys[i];
      vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
  }
  size_t mask = m->cap - 1;
  size_t i = mix(key) & mask;
  while (m->keys[i] != UINT64_MAX && m->keys[i] != key) i = (i + 1) & mask;
  if (m->keys[i] == UINT64_MAX) m->n++;
  m->keys[i] = key;
  m->vals[i] = value;
  return 0;
}
