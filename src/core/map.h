/* map — string keys to 32-bit values, open addressing, for the lookups
 * that matching does per word (lexicon words, automaton edges, document
 * entities). Keys are copied; the map owns its memory. */
#ifndef VB_MAP_H
#define VB_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct vb_map {
  struct vb_map_slot *slots;
  size_t cap, n;   /* cap is a power of two */
  char *keys;      /* key bytes, appended */
  size_t klen, kcap;
} vb_map;

#define VB_MAP_NONE UINT32_MAX

/* FNV-1a over n bytes, continued from h (start from VB_FNV_BASIS): the
 * map's hash, also a cheap fingerprint of several fields in a row. */
#define VB_FNV_BASIS 14695981039346656037ull
uint64_t vb_fnv1a(uint64_t h, const void *p, size_t n);

void vb_map_init(vb_map *m);
void vb_map_free(vb_map *m);
/* The value of key, or VB_MAP_NONE. */
uint32_t vb_map_get(const vb_map *m, const char *key, size_t n);
/* Sets key to value unless present; *found (may be NULL) says whether it
 * was. Returns the value now stored, or VB_MAP_NONE when out of memory. */
uint32_t vb_map_put(vb_map *m, const char *key, size_t n, uint32_t value, int *found);
/* Overwrites or inserts; 0 or -1 when out of memory. */
int vb_map_set(vb_map *m, const char *key, size_t n, uint32_t value);

/* Calls fn(ctx, key, n, value) for every entry, in no set order. */
void vb_map_each(const vb_map *m, void (*fn)(void *ctx, const char *key, size_t n, uint32_t value),
                 void *ctx);

/* 64-bit integer keys (automaton edges: state << 32 | word). */
typedef struct vb_imap {
  uint64_t *keys;
  uint32_t *vals;
  size_t cap, n;
} vb_imap;
void vb_imap_init(vb_imap *m);
void vb_imap_free(vb_imap *m);
uint32_t vb_imap_get(const vb_imap *m, uint64_t key);
int vb_imap_set(vb_imap *m, uint64_t key, uint32_t value);

#endif
