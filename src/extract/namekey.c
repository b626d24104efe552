/* namekey — one key per name however it is cased, accented or spaced. */
#include <stdlib.h>
#include <utf8proc.h>

#include "extract.h"

int vb_name_key(const char *s, size_t n, vb_buf *out) {
  utf8proc_uint8_t *folded = NULL;
  utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &folded,
                                    UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                                        UTF8PROC_COMPOSE | UTF8PROC_STABLE);
  if (k < 0) {
    /* invalid UTF-8 never reaches here (decode validated it); be safe */
    free(folded);
    return vb_buf_add(out, s, n) ? VB_ENOMEM : 0;
  }
  int space = 0, any = 0;
  for (utf8proc_ssize_t i = 0; i < k;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t l = utf8proc_iterate(folded + i, k - i, &cp);
    if (l <= 0) break;
    utf8proc_category_t c = utf8proc_category(cp);
    int word = (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
               (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
    if (word) {
      if (space && any) vb_buf_addc(out, ' ');
      vb_buf_add(out, (const char *)folded + i, (size_t)l);
      any = 1;
      space = 0;
    } else if (cp != '\'' && cp != 0x2019) {
      space = 1; /* "al-Sisi" -> "al sisi"; "O'Brien" -> "obrien" */
    }
    i += l;
  }
  free(folded);
  return out->failed ? VB_ENOMEM : 0;
}
