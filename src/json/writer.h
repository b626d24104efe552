/* writer — JSON text written as it is made, for output too large to hold
 * as a tree. Its bytes are jansson's json_dumps of the same tree with
 * JSON_INDENT(2) (pretty) or JSON_COMPACT, and JSON_REAL_PRECISION(10):
 * members in the order written, strings escaped as jansson escapes them
 * and refused unless valid UTF-8, reals formatted by jansson itself. */
#ifndef VB_JSON_WRITER_H
#define VB_JSON_WRITER_H

#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"

#define VB_JW_MAX_DEPTH 32 /* the document JSON nests 5 deep */
#define VB_JW_FLUSH 65536  /* bytes held before they go to the file */

enum { VB_JW_ENOMEM = 1, VB_JW_EIO = 2, VB_JW_EUTF8 = 3, VB_JW_EREAL = 4, VB_JW_EDEPTH = 5 };

typedef struct vb_jw {
  vb_buf buf;
  FILE *f;      /* NULL: the whole text stays in buf */
  int pretty;
  int depth;
  int after_key;
  int failed;   /* the first VB_JW_E* met; later calls do nothing */
  uint8_t empty[VB_JW_MAX_DEPTH + 1]; /* the open container at each depth has no member yet */
} vb_jw;

/* Writes to f (flushed every VB_JW_FLUSH bytes and by vb_jw_finish), or,
 * with f NULL, into w->buf for vb_jw_detach. */
void vb_jw_init(vb_jw *w, FILE *f, int pretty);
void vb_jw_obj(vb_jw *w);
void vb_jw_obj_end(vb_jw *w);
void vb_jw_arr(vb_jw *w);
void vb_jw_arr_end(vb_jw *w);
/* An object member's key (NUL-terminated ASCII); its value follows. */
void vb_jw_key(vb_jw *w, const char *key);
void vb_jw_str(vb_jw *w, const char *s, size_t len);
void vb_jw_cstr(vb_jw *w, const char *s);
/* A string whatever its bytes: s NULL is null, and a byte that begins no
 * valid UTF-8 sequence becomes U+FFFD (never a failure). */
void vb_jw_text(vb_jw *w, const char *s, size_t len);
void vb_jw_int(vb_jw *w, long long v);
/* An object member: its key, then the integer. */
void vb_jw_key_int(vb_jw *w, const char *key, long long v);
void vb_jw_real(vb_jw *w, double v);
void vb_jw_bool(vb_jw *w, int v);
void vb_jw_null(vb_jw *w);
/* Bytes written as they are, outside the layout (callers that splice). */
void vb_jw_raw(vb_jw *w, const char *s, size_t len);
/* Flushes to the file; returns w->failed (0 when all went well). */
int vb_jw_finish(vb_jw *w);
/* With f NULL: the text, malloc'd (free() it), or NULL if anything failed. */
char *vb_jw_detach(vb_jw *w);
void vb_jw_free(vb_jw *w);

#endif
