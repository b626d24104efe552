/* each — the documents in one input: the whole file, or each non-blank
 * line of a JSON Lines file (or of a run of its lines), named "file:LINE"
 * in errors and sources. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verbatim.h"

/* vb_doc_parse_each; `owned` (NULL, or `bytes` handed over) is freed once
 * a single document's bytes are decoded, or after the last line. */
static int each(const char *path, const char *bytes, size_t len, char *owned,
                const vb_parse_opts *opts, vb_doc_fn fn, void *ctx) {
  vb_format f = opts && opts->format != VB_FMT_AUTO ? opts->format : vb_format_guess(bytes, len, path);
  vb_parse_opts o = {.format = f, .lexicon = opts ? opts->lexicon : NULL,
                     .max_bad_bytes = opts ? opts->max_bad_bytes : 0,
                     .drop_source = opts ? opts->drop_source : 0};
  int failed = 0;
  o.language = opts ? opts->language : NULL;
  if (f != VB_FMT_JSONL) {
    vb_doc *doc = NULL;
    vb_err err;
    int rc = owned ? vb_doc_parse_owned(owned, len, path, &o, &doc, &err)
                   : vb_doc_parse(bytes, len, path, &o, &doc, &err);
    failed += fn(ctx, path, rc ? NULL : doc, rc ? &err : NULL) != 0;
    return failed;
  }
  failed = vb_doc_parse_lines(path, bytes, len, 1, &o, fn, ctx);
  free(owned);
  return failed;
}

int vb_doc_parse_each(const char *path, const char *bytes, size_t len, const vb_parse_opts *opts,
                      vb_doc_fn fn, void *ctx) {
  return each(path, bytes, len, NULL, opts, fn, ctx);
}

int vb_doc_parse_each_owned(const char *path, char *bytes, size_t len, const vb_parse_opts *opts,
                            vb_doc_fn fn, void *ctx) {
  return each(path, bytes, len, bytes, opts, fn, ctx);
}

int vb_doc_parse_lines(const char *path, const char *bytes, size_t len, size_t first_line,
                       const vb_parse_opts *opts, vb_doc_fn fn, void *ctx) {
  vb_parse_opts o = {.format = VB_FMT_JSONL, .lexicon = opts ? opts->lexicon : NULL,
                     .max_bad_bytes = opts ? opts->max_bad_bytes : 0,
                     .drop_source = opts ? opts->drop_source : 0};
  int failed = 0;
  o.language = opts ? opts->language : NULL;
  size_t pos = 0, line = first_line ? first_line - 1 : 0;
  while (pos < len) {
    const char *nl = memchr(bytes + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - bytes) : len;
    line++;
    size_t b = pos;
    while (b < end && (bytes[b] == ' ' || bytes[b] == '\t' || bytes[b] == '\r')) b++;
    if (b < end) {
      char name[600];
      snprintf(name, sizeof name, "%s:%zu", path, line);
      vb_doc *doc = NULL;
      vb_err err;
      int rc = vb_doc_parse(bytes + pos, end - pos, name, &o, &doc, &err);
      failed += fn(ctx, name, rc ? NULL : doc, rc ? &err : NULL) != 0;
    }
    pos = end + 1;
  }
  return failed;
}
