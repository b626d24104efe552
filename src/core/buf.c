/* buf — see buf.h. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vb_buf_init(vb_buf *b, size_t max) {
  memset(b, 0, sizeof *b);
  b->max = max;
}

static int reserve(vb_buf *b, size_t extra) {
  if (b->failed) return -1;
  if (extra > ((size_t)-1) / 2 - b->len) goto fail;
  size_t need = b->len + extra + 1;
  if (b->max && need > b->max) goto fail;
  if (need <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < need) cap *= 2;
  if (b->max && cap > b->max) cap = b->max;
  char *p = realloc(b->ptr, cap);
  if (!p) goto fail;
  b->ptr = p;
  b->cap = cap;
  return 0;
fail:
  b->failed = 1;
  return -1;
}

int vb_buf_add(vb_buf *b, const char *s, size_t n) {
  if (reserve(b, n)) return -1;
  if (n) memcpy(b->ptr + b->len, s, n);
  b->len += n;
  b->ptr[b->len] = '\0';
  return 0;
}

char *vb_buf_extend(vb_buf *b, size_t n) {
  if (reserve(b, n)) return NULL;
  char *at = b->ptr + b->len;
  b->len += n;
  b->ptr[b->len] = '\0';
  return at;
}

int vb_buf_adds(vb_buf *b, const char *s) { return vb_buf_add(b, s, strlen(s)); }

int vb_buf_addc(vb_buf *b, char c) { return vb_buf_add(b, &c, 1); }

int vb_buf_printf(vb_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) {
    b->failed = 1;
    return -1;
  }
  if ((size_t)n < sizeof small) return vb_buf_add(b, small, (size_t)n);
  if (reserve(b, (size_t)n)) return -1;
  va_start(ap, fmt);
  vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return 0;
}

char *vb_buf_detach(vb_buf *b) {
  char *p = b->ptr;
  if (!p) p = calloc(1, 1);
  memset(b, 0, sizeof *b);
  return p;
}

void vb_buf_free(vb_buf *b) {
  free(b->ptr);
  memset(b, 0, sizeof *b);
}
