/* libFuzzer: the srt reader (and the stages after it) on any bytes. */
#include <stdint.h>
#include <stdlib.h>

#include "verbatim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vb_parse_opts opts = {VB_FMT_SRT};
  vb_doc *doc;
  vb_err err;
  if (vb_doc_parse((const char *)data, size, "fuzz.srt", &opts, &doc, &err)) {
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
