/* build — what the tree-built JSON (results.c) uses: jansson
 * helpers that take ownership of each value and remember one failure, so
 * a tree is built without a check per call and checked once. */
#ifndef VB_JSON_BUILD_H
#define VB_JSON_BUILD_H

#include <jansson.h>

typedef struct jb {
  int failed;
} jb;

static inline void jb_set(jb *b, json_t *obj, const char *key, json_t *v) {
  if (!v || json_object_set_new(obj, key, v)) b->failed = 1;
}
static inline void jb_push(jb *b, json_t *arr, json_t *v) {
  if (!v || json_array_append_new(arr, v)) b->failed = 1;
}

#endif
