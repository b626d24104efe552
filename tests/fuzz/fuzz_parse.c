/* libFuzzer: the whole pipeline and the JSON writer on any bytes, read as
 * each format in turn. Every statement and every turn paragraph must be a
 * span inside the body, and a parsed document must always serialise. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "verbatim.h"

static int span_ok(uint32_t start, uint32_t end, size_t body_len) {
  return start <= end && end <= body_len;
}

static void check_doc(const vb_doc *doc) {
  const vb_doc_view *v = vb_doc_get(doc);
  if (!v || !v->body.ptr || v->body.ptr[v->body.len] != '\0') abort();
  for (size_t i = 0; i < v->nstatements; i++)
    if (!span_ok(v->statements[i].start, v->statements[i].end, v->body.len)) abort();
  for (size_t t = 0; t < v->nturns; t++)
    for (size_t k = 0; k < v->turns[t].nparagraphs; k++)
      if (!span_ok(v->turns[t].paragraphs[k].start, v->turns[t].paragraphs[k].end,
                   v->body.len))
        abort();
}

/* One parse before the first input builds what the pipeline loads once per
 * process (lexicon, stemmers): that cost is not an input's and must not
 * count against libFuzzer's per-input timeout. */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  static const char warm[] = "SPEAKER ONE: Words in a sentence. Another one follows.\n";
  vb_parse_opts opts = {.format = VB_FMT_AUTO};
  vb_doc *doc = NULL;
  vb_err err;
  if (vb_doc_parse(warm, sizeof warm - 1, "warm-up", &opts, &doc, &err)) abort();
  vb_doc_free(doc);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  for (int f = VB_FMT_AUTO; f <= VB_FMT_JSONL; f++) {
    vb_parse_opts opts = {.format = (vb_format)f};
    vb_doc *doc = NULL;
    vb_err err;
    int rc = vb_doc_parse((const char *)data, size, "fuzz", &opts, &doc, &err);
    if (rc) {
      if (doc || err.code != rc || strcmp(err.file, "fuzz") != 0) abort();
      continue;
    }
    check_doc(doc);
    char *json = NULL;
    rc = vb_doc_to_json(doc, f % 2, &json, &err);
    if (rc == VB_OK) {
      if (!json || json[0] != '{') abort();
      free(json);
    } else if (rc != VB_ENOMEM && rc != VB_ELIMIT) {
      abort(); /* a parsed document always has a JSON form */
    }
    vb_doc_free(doc);
  }
  return 0;
}
