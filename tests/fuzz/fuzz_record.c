/* libFuzzer: a document's record (src/store/record.c), the bytes an
 * archive keeps to serve a document without parsing it. Odd first byte:
 * the rest is a document; it is parsed, its record made and read back,
 * and the record's JSON must be the parse's, byte for byte. Even: the
 * rest is a record (a damaged archive's) read for a document with an
 * empty id and a body of 0 to 255 bytes; it is refused, or read and
 * written as JSON with nothing read out of bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "store/store.h"

static char *json_of(const vb_doc *doc) {
  vb_doc_page info;
  char *json = NULL;
  vb_err err;
  if (vb_doc_page_to_json(doc, 0, 5000, (size_t)1 << 20, &info, &json, &err)) return NULL;
  return json;
}

static void round_trip(const uint8_t *data, size_t size) {
  vb_doc *doc = NULL;
  vb_err err;
  if (vb_doc_parse((const char *)data, size, "fuzz.txt", NULL, &doc, &err)) return;
  vb_buf rec;
  vb_buf_init(&rec, 0);
  if (vs_record_encode(doc, &rec)) abort();
  vb_arena *a = vb_arena_new(0);
  vb_doc *back = vb_arena_calloc(a, sizeof *back);
  back->arena = a;
  back->path = "fuzz.txt";
  const vb_doc_view *v = vb_doc_get(doc);
  memcpy(back->view.id, v->id, sizeof v->id);
  back->view.format = v->format;
  back->view.body = v->body;
  back->view.source = v->source;
  if (vs_record_decode(rec.ptr, rec.len, a, &back->view)) abort(); /* its own record is read */
  char *want = json_of(doc), *got = json_of(back);
  if (!want != !got || (want && strcmp(want, got))) abort();
  free(want);
  free(got);
  vb_arena_free(a);
  vb_buf_free(&rec);
  vb_doc_free(doc);
}

static void damaged(const uint8_t *data, size_t size) {
  static char body[256];
  if (!body[0]) memset(body, 'x', sizeof body);
  size_t blen = size ? data[0] : 0;
  vb_arena *a = vb_arena_new((size_t)64 << 20);
  vb_doc *doc = vb_arena_calloc(a, sizeof *doc);
  doc->arena = a;
  doc->path = "fuzz";
  doc->view.body = (vb_str){body, blen};
  doc->view.source = doc->view.body;
  if (!vs_record_decode(size ? data + 1 : data, size ? size - 1 : 0, a, &doc->view)) free(json_of(doc));
  vb_arena_free(a);
}

/* The lexicon and the stemmers load with the first parse: a round trip of
 * the model's opening lines before the first input, so that their cost
 * does not count against libFuzzer's per-input timeout. */
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  static const char first[] = "Interviewer: Who fired first?\nBaraka: We did. \"They knew,\" he said.\n";
  round_trip((const uint8_t *)first, sizeof first - 1);
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!size) return 0;
  if (data[0] & 1) round_trip(data + 1, size - 1);
  else damaged(data + 1, size - 1);
  return 0;
}
