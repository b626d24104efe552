/* decode — raw bytes -> the document body: valid UTF-8 with newlines
 * normalised to "\n". Takes UTF-8 (BOM or not), UTF-16LE/BE with BOM, and
 * falls back to Windows-1256 or Windows-1252 (iconv) when bytes are not
 * valid UTF-8. */
#ifndef VB_DECODE_H
#define VB_DECODE_H

#include "core/arena.h"
#include "verbatim.h"

typedef enum vb_charset {
  VB_CS_UTF8 = 0,
  VB_CS_UTF16LE,
  VB_CS_UTF16BE,
  VB_CS_CP1252,
  VB_CS_CP1256
} vb_charset;

/* Decodes in[0..len) into a NUL-terminated body allocated in `a`.
 * `path` names the input in errors. On success *out is the body (without
 * BOM, with "\r\n" and lone "\r" turned into "\n") and *cs (if not NULL)
 * the charset found. Errors: VB_EEMPTY (no bytes, or only a BOM and
 * whitespace), VB_EBINARY (NUL bytes outside UTF-16), VB_EDECODE (bytes
 * no charset can take, or UTF-8 with stray bytes that Windows-1252 would
 * turn into garbage throughout; offset = first bad byte in the input),
 * VB_ENOMEM. */
int vb_decode(const char *in, size_t len, const char *path, vb_arena *a,
              vb_str *out, vb_charset *cs, vb_err *err);

/* For text vb_decode refuses with VB_EDECODE: UTF-8 in which each byte
 * that cannot begin a character becomes U+FFFD, when there are at most
 * max_bad such bytes (else VB_EDECODE, saying how many). *replaced is how
 * many were replaced, *first the offset of the first in the input. */
int vb_decode_repair(const char *in, size_t len, const char *path, vb_arena *a, size_t max_bad,
                     vb_str *out, size_t *replaced, size_t *first, vb_err *err);

/* Like vb_decode, but a page that declares its charset (<meta charset>)
 * and is not valid UTF-8 is read in the declared charset. */
int vb_decode_page(const char *in, size_t len, const char *path, vb_arena *a, vb_str *out,
                   vb_charset *cs, vb_err *err);

#endif
