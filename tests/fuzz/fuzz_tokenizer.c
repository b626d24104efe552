/* libFuzzer: text analysis in English and Arabic on any bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "store/tokenizer.h"

static int check(void *ctx, const char *tok, size_t n, size_t start, size_t end) {
  size_t *len = ctx;
  (void)tok;
  if (n == 0 || start >= end || end > *len) abort();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static vb_analyzer *en, *ar;
  if (!en && (vb_analyzer_new("en", VB_AN_FULL, &en, NULL) || vb_analyzer_new("ar", VB_AN_FULL, &ar, NULL)))
    return 0;
  vb_analyze(en, (const char *)data, size, check, &size);
  vb_analyze(ar, (const char *)data, size, check, &size);
  return 0;
}
