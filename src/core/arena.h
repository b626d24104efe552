/* arena — bump allocation for everything one document (or one query, one
 * request) owns; freed all at once. Growth is bounded by a caller limit. */
#ifndef VB_ARENA_H
#define VB_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct vb_arena vb_arena;

/* A new arena that refuses to grow past `limit` bytes (0 = no limit).
 * Returns NULL when out of memory. Free with vb_arena_free(). */
vb_arena *vb_arena_new(size_t limit);
void vb_arena_free(vb_arena *a);

/* `n` bytes aligned to 8, owned by the arena; NULL on OOM or past limit. */
void *vb_arena_alloc(vb_arena *a, size_t n);
/* Zeroed variant of vb_arena_alloc. */
void *vb_arena_calloc(vb_arena *a, size_t n);
/* Grows an allocation; extends in place when it was the last one made. */
void *vb_arena_grow(vb_arena *a, void *old, size_t oldn, size_t newn);
/* Gives back before the arena's end an allocation of `n` bytes that has a
 * block of its own (a long document's arrays: ARENA_BIG bytes or more), so
 * a stage's scratch or an array replaced does not stay for the document's
 * life; any other allocation stays until vb_arena_free(). */
void vb_arena_release(vb_arena *a, void *p, size_t n);
/* A NUL-terminated copy of s[0..n). */
char *vb_arena_strndup(vb_arena *a, const char *s, size_t n);
/* Bytes handed out so far. */
size_t vb_arena_used(const vb_arena *a);
/* 1 once the arena refused an allocation for its limit (not for malloc). */
int vb_arena_refused(const vb_arena *a);

/* Growable array living in an arena: VB_VEC(T) v = {0};
 * if (VB_VEC_PUSH(arena, v) == NULL) -> out of memory; else fills the slot. */
#define VB_VEC(T) struct { T *v; uint32_t n, cap; }
int vb_vec_reserve_(vb_arena *a, void **v, uint32_t *cap, size_t elsize,
                    uint32_t need);
#define VB_VEC_PUSH(a, vec)                                                  \
  (((vec).n < (vec).cap ||                                                   \
    vb_vec_reserve_((a), (void **)&(vec).v, &(vec).cap, sizeof(*(vec).v),    \
                    (vec).n + 1) == 0)                                       \
       ? &(vec).v[(vec).n++]                                                 \
       : NULL)

#endif
