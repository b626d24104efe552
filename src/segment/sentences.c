/* sentences — placeholder splitter until the real one lands. */
#include "segment.h"

int vb_sentences(const char *text, size_t len, vb_sentence_fn fn, void *ctx) {
  size_t s = 0;
  for (size_t i = 0; i < len; i++) {
    if ((text[i] == '.' || text[i] == '?' || text[i] == '!') && (i + 1 == len || text[i + 1] == ' ')) {
      while (s < i && text[s] == ' ') s++;
      int rc = fn(ctx, s, i + 1);
      if (rc) return rc;
      s = i + 1;
    }
  }
  while (s < len && text[s] == ' ') s++;
  if (s < len) return fn(ctx, s, len);
  return 0;
}
