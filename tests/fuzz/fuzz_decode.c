/* libFuzzer: the decoder on any bytes. Success must give NUL-terminated
 * valid UTF-8 without NUL or CR, and valid UTF-8 input must come back
 * byte-exact but for newlines; failure must name the file and an offset
 * inside the input. A second run in a tight arena exercises the
 * out-of-memory paths. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "decode/decode.h"

static int valid_utf8(const char *s, size_t n) {
  utf8proc_int32_t cp;
  for (size_t i = 0; i < n;) {
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) return 0;
    i += (size_t)k;
  }
  return 1;
}

/* Valid UTF-8 input decodes to itself (without its BOM) with "\r\n" and
 * "\r" turned into "\n". */
static int same_but_newlines(const char *in, size_t n, const char *out, size_t out_len) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    char c = in[i];
    if (c == '\r') {
      c = '\n';
      if (i + 1 < n && in[i + 1] == '\n') i++;
    }
    if (o >= out_len || out[o++] != c) return 0;
  }
  return o == out_len;
}

static void check(const char *in, size_t size, size_t limit) {
  vb_arena *a = vb_arena_new(limit);
  if (!a) return;
  vb_str out = {NULL, 0};
  vb_charset cs = VB_CS_UTF8;
  vb_err err;
  vb_err_clear(&err);
  int rc = vb_decode(in, size, "fuzz", a, &out, &cs, &err);
  if (rc) {
    if (err.code != rc || strcmp(err.file, "fuzz") != 0 || !err.msg[0]) abort();
    if (err.offset < -1 || err.offset >= (long long)size) abort();
    if (out.ptr || out.len) abort();
    if (limit == 0 && rc == VB_ENOMEM) abort();
  } else {
    if (!out.ptr || out.ptr[out.len] != '\0') abort();
    if (memchr(out.ptr, '\0', out.len) || memchr(out.ptr, '\r', out.len)) abort();
    if (!valid_utf8(out.ptr, out.len)) abort();
    if (out.len > size * 3) abort();
  }
  /* Valid UTF-8 without NUL must be taken as UTF-8 (or be blank). */
  if (valid_utf8(in, size) && !memchr(in, '\0', size) && rc != VB_ENOMEM) {
    size_t bom = size >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (rc == VB_OK) {
      if (cs != VB_CS_UTF8) abort();
      if (!same_but_newlines(in + bom, size - bom, out.ptr, out.len)) abort();
    } else if (rc != VB_EEMPTY) {
      abort();
    }
  }
  vb_arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  check((const char *)data, size, 0);
  /* Room for the UTF-8 copy but not for the 3x legacy conversion. */
  check((const char *)data, size, size + 64);
  return 0;
}
