/* libFuzzer: the decoder on any bytes; output must be NUL-free UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vb_arena *a = vb_arena_new(0);
  if (!a) return 0;
  vb_str out;
  vb_err err;
  if (vb_decode((const char *)data, size, "fuzz", a, &out, NULL, &err) == 0) {
    if (memchr(out.ptr, '\0', out.len) || memchr(out.ptr, '\r', out.len)) abort();
  }
  vb_arena_free(a);
  return 0;
}
