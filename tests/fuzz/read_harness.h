/* The body of every per-reader fuzz target: parse the bytes as one format,
 * and check what any document must satisfy. */
#ifndef VB_READ_HARNESS_H
#define VB_READ_HARNESS_H

#include <stdint.h>
#include <stdlib.h>

#include "verbatim.h"

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
