/* grow — a heap array's room: the one growth rule the modules that keep
 * their arrays with malloc share (arena-held vectors use VB_VEC). */
#ifndef VB_GROW_H
#define VB_GROW_H

#include <stdint.h>
#include <stdlib.h>

/* Makes *v (of *cap elements of size bytes) hold at least need: doubling
 * from first (or from *cap), so n pushes cost O(n). 0, or -1 when out of
 * memory (or the size would not fit a size_t), *v and *cap unchanged. */
static inline int vb_grow(void **v, size_t *cap, size_t need, size_t size, size_t first) {
  if (need <= *cap) return 0;
  size_t c = *cap ? *cap : first;
  while (c < need) {
    if (c > SIZE_MAX / 2) return -1;
    c *= 2;
  }
  if (c > SIZE_MAX / size) return -1;
  void *g = realloc(*v, c * size);
  if (!g) return -1;
  *v = g;
  *cap = c;
  return 0;
}

#endif
