/* The body of every per-reader fuzz target: parse the bytes as one format,
 * and check what any document must satisfy. */
#ifndef VB_READ_HARNESS_H
#define VB_READ_HARNESS_H

#include <stdint.h>
#include <stdlib.h>

#include "verbatim.h"

/* One parse before the first input builds what the pipeline loads once per
 * process (lexicon, word lists, stemmers): seconds under ASan on a busy
 * machine that are not an input's and must not count against libFuzzer's
 * per-input timeout. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  static const char warm[] = "SPEAKER ONE: Words in a sentence. Another one follows.\n";
  vb_doc *doc = NULL;
  vb_err err;
  if (vb_doc_parse(warm, sizeof warm - 1, "warm-up", NULL, &doc, &err)) abort();
  vb_doc_free(doc);
  return 0;
}

static int fuzz_read(vb_format format, const char *name, const uint8_t *data, size_t size) {
  vb_parse_opts opts = {.format = format};
  vb_doc *doc;
  vb_err err;
  if (vb_doc_parse((const char *)data, size, name, &opts, &doc, &err)) {
    if (!err.msg[0] || err.offset < -1) abort(); /* every error says why */
    return 0;
  }
  const vb_doc_view *v = vb_doc_get(doc);
  for (size_t i = 0; i < v->nstatements; i++)
    if (v->statements[i].start >= v->statements[i].end || v->statements[i].end > v->body.len) abort();
  char *json;
  if (vb_doc_to_json(doc, 0, &json, &err)) abort();
  free(json);
  vb_doc_free(doc);
  return 0;
}

#endif
