/* map — see map.h. FNV-1a hashing, linear probing, growth at 1/2 load. */
#include "map.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

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
  if (!m->borrowed) {
    free(m->slots);
    free(m->keys);
  }
  memset(m, 0, sizeof *m);
}

/* A borrowed map's own copy, before it changes. */
static int own(vb_map *m) {
  struct vb_map_slot *slots = malloc(m->cap * sizeof *slots);
  size_t kcap = m->klen > 1024 ? m->klen : 1024;
  char *keys = malloc(kcap);
  if (!slots || !keys) {
    free(slots);
    free(keys);
    return -1;
  }
  if (m->cap) memcpy(slots, m->slots, m->cap * sizeof *slots);
  if (m->klen) memcpy(keys, m->keys, m->klen);
  m->slots = slots;
  m->keys = keys;
  m->kcap = kcap;
  m->borrowed = 0;
  return 0;
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
  if (m->borrowed && own(m)) return NULL;
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
  if (!m->borrowed) {
    free(m->keys);
    free(m->vals);
  }
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
  if (m->borrowed) {
    uint64_t *keys = malloc(m->cap * sizeof *keys);
    uint32_t *vals = malloc(m->cap * sizeof *vals);
    if (!keys || !vals) {
      free(keys);
      free(vals);
      return -1;
    }
    memcpy(keys, m->keys, m->cap * sizeof *keys);
    memcpy(vals, m->vals, m->cap * sizeof *vals);
    m->keys = keys;
    m->vals = vals;
    m->borrowed = 0;
  }
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

/* ---- images ----------------------------------------------------------- */

/* An image: cap, n, key bytes and the slot size (a check) as 64-bit
 * words, the slots, the keys padded to 8. */
static int add_aligned(vb_buf *out, const void *p, size_t n) {
  static const char zero[8];
  if (n && vb_buf_add(out, p, n)) return -1;
  return n % 8 ? vb_buf_add(out, zero, 8 - n % 8) : 0;
}

static size_t padded(size_t n) { return (n + 7) & ~(size_t)7; }

int vb_map_dump(const vb_map *m, vb_buf *out) {
  uint64_t h[4] = {m->cap, m->n, m->klen, sizeof(struct vb_map_slot)};
  if (add_aligned(out, h, sizeof h) || add_aligned(out, m->slots, m->cap * sizeof *m->slots) ||
      add_aligned(out, m->keys, m->klen))
    return -1;
  return 0;
}

size_t vb_map_view(vb_map *m, const void *p, size_t n) {
  uint64_t h[4];
  if (n < sizeof h) return 0;
  memcpy(h, p, sizeof h);
  if (h[3] != sizeof(struct vb_map_slot) || (h[0] & (h[0] - 1)) || h[1] * 2 > h[0] ||
      h[0] > (n - sizeof h) / sizeof(struct vb_map_slot))
    return 0;
  size_t slots = (size_t)h[0] * sizeof(struct vb_map_slot);
  if (h[2] > n - sizeof h - slots || padded((size_t)h[2]) > n - sizeof h - slots) return 0;
  const char *c = p;
  memset(m, 0, sizeof *m);
  m->cap = (size_t)h[0];
  m->n = (size_t)h[1];
  m->klen = m->kcap = (size_t)h[2];
  m->slots = m->cap ? (struct vb_map_slot *)(uintptr_t)(c + sizeof h) : NULL;
  m->keys = m->klen ? (char *)(uintptr_t)(c + sizeof h + slots) : NULL;
  m->borrowed = m->cap != 0;
  if (!m->borrowed) m->klen = m->kcap = 0, m->keys = NULL;
  return sizeof h + slots + padded((size_t)h[2]);
}

int vb_imap_dump(const vb_imap *m, vb_buf *out) {
  uint64_t h[2] = {m->cap, m->n};
  if (add_aligned(out, h, sizeof h) || add_aligned(out, m->keys, m->cap * sizeof *m->keys) ||
      add_aligned(out, m->vals, m->cap * sizeof *m->vals))
    return -1;
  return 0;
}

size_t vb_imap_view(vb_imap *m, const void *p, size_t n) {
  uint64_t h[2];
  if (n < sizeof h) return 0;
  memcpy(h, p, sizeof h);
  if ((h[0] & (h[0] - 1)) || h[1] * 2 > h[0] || h[0] > (n - sizeof h) / 16) return 0;
  const char *c = p;
  memset(m, 0, sizeof *m);
  m->cap = (size_t)h[0];
  m->n = (size_t)h[1];
  m->keys = m->cap ? (uint64_t *)(uintptr_t)(c + sizeof h) : NULL;
  m->vals = m->cap ? (uint32_t *)(uintptr_t)(c + sizeof h + m->cap * 8) : NULL;
  m->borrowed = m->cap != 0;
  return sizeof h + m->cap * 8 + padded(m->cap * 4);
}
