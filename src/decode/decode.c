/* decode — placeholder until the real decoder lands: UTF-8 only. */
#include "decode.h"

#include <string.h>

#include "core/err.h"

int vb_decode(const char *in, size_t len, const char *path, vb_arena *a,
              vb_str *out, vb_charset *cs, vb_err *err) {
  if (len == 0) return vb_err_set(err, VB_EEMPTY, path, -1, "empty input");
  char *p = vb_arena_alloc(a, len + 1);
  if (!p) return vb_err_set(err, VB_ENOMEM, path, -1, "out of memory");
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    if (in[i] == '\r') {
      p[n++] = '\n';
      if (i + 1 < len && in[i + 1] == '\n') i++;
    } else {
      p[n++] = in[i];
    }
  }
  p[n] = '\0';
  out->ptr = p;
  out->len = n;
  if (cs) *cs = VB_CS_UTF8;
  return VB_OK;
}
