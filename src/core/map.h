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
  int borrowed;    /* slots and keys are an image's (vb_map_view): copied
                    * before the first change, never freed */
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
  int borrowed; /* as vb_map's */
} vb_imap;
void vb_imap_init(vb_imap *m);
void vb_imap_free(vb_imap *m);
uint32_t vb_imap_get(const vb_imap *m, uint64_t key);
int vb_imap_set(vb_imap *m, uint64_t key, uint32_t value);

/* Images: a map's table and keys as they are in memory, appended to out
 * (8-byte aligned from where out is 8-byte aligned); -1 when out failed.
 * A view makes m read the image at p (n bytes, 8-byte aligned) in place
 * until its first change, which copies it: the image must outlive m.
 * Returns the bytes the image took, 0 when it is not one. */
struct vb_buf;
int vb_map_dump(const vb_map *m, struct vb_buf *out);
size_t vb_map_view(vb_map *m, const void *p, size_t n);
int vb_imap_dump(const vb_imap *m, struct vb_buf *out);
size_t vb_imap_view(vb_imap *m, const void *p, size_t n);

#endif
