/* buf — a growable, NUL-terminated byte buffer on the heap with a maximum
 * size, for output that outlives any arena (JSON, rendered text). */
#ifndef VB_BUF_H
#define VB_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct vb_buf {
  char *ptr;
  size_t len, cap, max; /* max == 0: no limit */
  int failed;           /* set once an append failed; later appends no-op */
} vb_buf;

void vb_buf_init(vb_buf *b, size_t max);
/* Each returns 0, or -1 (and sets b->failed) on OOM or past max. */
int vb_buf_add(vb_buf *b, const char *s, size_t n);
int vb_buf_adds(vb_buf *b, const char *s);
int vb_buf_addc(vb_buf *b, char c);
/* Makes room for n more bytes and counts them in: returns where they go
 * (the caller writes them), or NULL as vb_buf_add fails. */
char *vb_buf_extend(vb_buf *b, size_t n);
int vb_buf_printf(vb_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Hands the buffer to the caller (free() it); b is reset. */
char *vb_buf_detach(vb_buf *b);
void vb_buf_free(vb_buf *b);

#endif
