/* libFuzzer: text analysis in English and Arabic on any bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "analyze/analyze.h"

static int check(void *ctx, const char *tok, size_t n, size_t start, size_t end) {
  size_t *len = ctx;
  (void)tok;
  if (n == 0 || start >= end || end > *len) abort();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static an_analyzer *en, *ar;
  if (!en && (an_analyzer_new("en", AN_FULL, &en, NULL) || an_analyzer_new("ar", AN_FULL, &ar, NULL)))
    return 0;
  an_words(en, (const char *)data, size, check, &size);
  an_words(ar, (const char *)data, size, check, &size);
  return 0;
}
