/* libFuzzer: the query parser on any bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "query/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vb_arena *a = vb_arena_new(0);
  if (!a) return 0;
  vb_qnode *n;
  vb_err err;
  if (vb_query_parse((const char *)data, size, a, &n, &err) == 0) {
    vb_buf b;
    vb_buf_init(&b, 0);
    vb_query_format(n, &b);
    vb_buf_free(&b);
  } else if (err.offset < 0 || (size_t)err.offset > size) {
    abort();
  }
  vb_arena_free(a);
  return 0;
}
