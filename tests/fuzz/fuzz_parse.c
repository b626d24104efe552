/* libFuzzer: decode + parse + JSON for any bytes, checking that every span
 * lies inside the body. Also feeds the input as each format in turn. */
#include <stdint.h>
#include <stdlib.h>

#include "verbatim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const vb_format formats[] = {VB_FMT_AUTO, VB_FMT_TEXT, VB_FMT_SRT, VB_FMT_VTT, VB_FMT_HTML};
  for (size_t f = 0; f < sizeof formats / sizeof *formats; f++) {
    vb_parse_opts opts = {formats[f]};
    vb_doc *doc;
    vb_err err;
    if (vb_doc_parse((const char *)data, size, "fuzz", &opts, &doc, &err)) continue;
    const vb_doc_view *v = vb_doc_get(doc);
    for (size_t i = 0; i < v->nstatements; i++)
      if (v->statements[i].start > v->statements[i].end || v->statements[i].end > v->body.len) abort();
    for (size_t t = 0; t < v->nturns; t++)
      for (size_t k = 0; k < v->turns[t].nparagraphs; k++)
        if (v->turns[t].paragraphs[k].end > v->body.len) abort();
    char *json;
    if (vb_doc_to_json(doc, 0, &json, &err) == 0) free(json);
    else abort(); /* a parsed document always has valid JSON */
    vb_doc_free(doc);
  }
  return 0;
}
