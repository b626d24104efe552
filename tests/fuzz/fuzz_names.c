/* libFuzzer: name keys and lexicon lookups on any bytes (query values
 * and corrections reach them straight from users). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"
#include "extract/lexicon.h"

/* The lexicon is built once per process, before the first input: its cost
 * (seconds under ASan on a busy machine) is not an input's and must not
 * count against libFuzzer's per-input timeout. */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  const vb_lexicon *lx;
  vb_err err;
  if (vb_lexicon_default(&lx, &err)) abort();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vb_buf b;
  vb_buf_init(&b, 1 << 20);
  vb_entity_key((const char *)data, size, &b);
  vb_buf_free(&b);
  size_t i = 0, ws, we;
  while (vb_word_next((const char *)data, size, i, &ws, &we)) {
    vb_word_form f;
    vb_word_forms((const char *)data + ws, we - ws, &f);
    i = we;
  }
  const vb_lexicon *lx;
  vb_err err;
  if (vb_lexicon_default(&lx, &err)) abort();
  char *s = malloc(size + 1);
  if (!s) return 0;
  memcpy(s, data, size);
  s[size] = '\0';
  char key[256];
  vb_lexicon_key(lx, -1, s, key, sizeof key);
  vb_lexicon_find_spelled(lx, VB_ENT_PERSON, s, strlen(s));
  free(s);
  return 0;
}
