/* pipeline — wires the stages in their one direction:
 * decode -> detect -> read -> layout -> attribute -> segment -> quote -> extract,
 * freezes the document into its plain-data view, and adds its entities. */
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "attribute/attribute.h"
#include "core/err.h"
#include "core/hash.h"
#include "core/text.h"
#include "decode/decode.h"
#include "detect/detect.h"
#include "extract/extract.h"
#include "extract/lexicon.h"
#include "layout/layout.h"
#include "quote/quote.h"
#include "read/read.h"
#include "segment/segment.h"

/* Headroom over the input size for everything parsed from it. */
#define ARENA_LIMIT_FACTOR 24u
#define ARENA_LIMIT_MIN ((size_t)16 << 20)

static const char *const format_names[] = {"auto", "text", "html", "srt", "vtt", "jsonl"};

const char *vb_format_name(vb_format f) {
  return (unsigned)f < sizeof format_names / sizeof *format_names ? format_names[f] : "auto";
}

vb_format vb_format_from_name(const char *name) {
  for (unsigned i = 1; i < sizeof format_names / sizeof *format_names; i++)
    if (strcmp(name, format_names[i]) == 0) return (vb_format)i;
  return VB_FMT_AUTO;
}

vb_format vb_format_guess(const char *bytes, size_t len, const char *path) {
  return vb_detect(bytes, len, path);
}

const char *vb_kind_name(vb_kind k) {
  switch (k) {
  case VB_KIND_DIRECT: return "direct";
  case VB_KIND_INDIRECT: return "indirect";
  case VB_KIND_MIXED: return "mixed";
  case VB_KIND_HEADING: return "heading";
  case VB_KIND_TITLE: return "title";
  }
  return "direct";
}

const char *vb_lang_from_name(vb_lang_from f) {
  switch (f) {
  case VB_LANG_GUESSED: return "guess";
  case VB_LANG_INPUT: return "input";
  case VB_LANG_OPTION: return "option";
  case VB_LANG_NONE: break;
  }
  return NULL;
}

/* Points the view's arrays at the vectors, now that nothing grows. */
static int freeze(vb_doc *d, vb_err *err) {
  vb_doc_view *v = &d->view;
  v->meta.tags = d->tags.v;
  v->meta.ntags = d->tags.n;
  /* Group aliases per speaker. */
  for (uint32_t s = 0; s < d->speakers.n; s++) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < d->aliases.n; i++)
      if (d->aliases.v[i].speaker == (int32_t)s) n++;
    if (!n) continue;
    vb_str *arr = vb_arena_alloc(d->arena, n * sizeof *arr);
    if (!arr) return vb_err_set(err, VB_ENOMEM, d->path, -1, "out of memory");
    n = 0;
    for (uint32_t i = 0; i < d->aliases.n; i++)
      if (d->aliases.v[i].speaker == (int32_t)s) arr[n++] = d->aliases.v[i].name;
    d->speakers.v[s].aliases = arr;
    d->speakers.v[s].naliases = n;
  }
  for (uint32_t t = 0; t < d->turns.n; t++)
    d->turns.v[t].paragraphs = d->paragraphs.v + d->turn_para0.v[t];
  v->speakers = d->speakers.v;
  v->nspeakers = d->speakers.n;
  v->sections = d->sections.v;
  v->nsections = d->sections.n;
  v->turns = d->turns.v;
  v->nturns = d->turns.n;
  v->statements = d->statements.v;
  v->nstatements = d->statements.n;
  v->attributions = d->attributions.v;
  v->nattributions = d->attributions.n;
  v->insertions = d->insertions.v;
  v->ninsertions = d->insertions.n;
  v->boilerplate = d->boilerplate.v;
  v->nboilerplate = d->boilerplate.n;
  v->boilerplate_why = d->boilerplate_why.v;
  v->warnings = d->warnings.v;
  v->nwarnings = d->warnings.n;
  v->dates = d->dates.v;
  v->ndates = d->dates.n;
  v->quantities = d->quantities.v;
  v->nquantities = d->quantities.n;
  return VB_OK;
}

/* Adds a warning for the reader of the document. */
static int warn(vb_doc *d, vb_err *err, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  const char **w = VB_VEC_PUSH(d->arena, d->warnings);
  if (!w || !(*w = vb_arena_strndup(d->arena, msg, strlen(msg))))
    return vb_err_set(err, VB_ENOMEM, d->path, -1, "out of memory");
  return VB_OK;
}

/* Decodes the input; a few bytes that are not UTF-8 become U+FFFD, with a
 * warning naming where, rather than refusing a whole page for one byte. */
static int decode(vb_doc *d, const char *bytes, size_t len, const vb_parse_opts *opts,
                  vb_err *err) {
  int rc = vb_decode_page(bytes, len, d->path, d->arena, &d->view.body, NULL, err);
  long max = opts && opts->max_bad_bytes ? opts->max_bad_bytes : VB_MAX_BAD_BYTES_DEFAULT;
  if (rc != VB_EDECODE || max < 0) return rc;
  vb_err first_err = *err;
  size_t replaced, at;
  if (vb_decode_repair(bytes, len, d->path, d->arena, (size_t)max, &d->view.body, &replaced, &at,
                       err)) {
    if (err->code == VB_EDECODE) *err = first_err; /* the first reason names the byte */
    return err->code;
  }
  vb_err_clear(err);
  return warn(d, err, "byte %zu: %zu byte%s not UTF-8 replaced with U+FFFD", at, replaced,
              replaced == 1 ? "" : "s");
}

/* `owned`, when not NULL, is `bytes` handed over: freed once decoded, so
 * a large input is not held beside its text through the parse. */
static int run(vb_doc *d, const char *bytes, size_t len, char *owned, const vb_parse_opts *opts,
               vb_err *err) {
  char lang[3] = "";
  if (opts && opts->language && !vb_lang_code(opts->language, strlen(opts->language), lang))
    return vb_err_set(err, VB_EUSAGE, d->path, -1, "'%s' is no ISO 639-1 language code like en", opts->language);
  int rc = decode(d, bytes, len, opts, err);
  free(owned);
  if (rc) return rc;
  if (d->view.body.len > UINT32_MAX - 1)
    return vb_err_set(err, VB_ELIMIT, d->path, -1, "decoded text too large");
  d->view.source = d->view.body; /* readers may derive a body of their own */
  if (vb_sha256_hex(d->view.body.ptr, d->view.body.len, d->view.id))
    return vb_err_set(err, VB_ENOMEM, d->path, -1, "cannot hash content");
  vb_format f = opts && opts->format != VB_FMT_AUTO
                    ? opts->format
                    : vb_detect(d->view.body.ptr, d->view.body.len, d->path);
  d->view.format = f;
  switch (f) {
  case VB_FMT_TEXT: rc = vb_read_text(d, err); break;
  case VB_FMT_SRT: rc = vb_read_srt(d, err); break;
  case VB_FMT_VTT: rc = vb_read_vtt(d, err); break;
  case VB_FMT_HTML: rc = vb_read_html(d, err); break;
  case VB_FMT_JSONL: rc = vb_read_jsonl(d, err); break;
  default: return vb_err_set(err, VB_EFORMAT, d->path, -1, "unknown format");
  }
  if (rc) return rc;
  if (lang[0]) { /* the caller's, over what the input says */
    d->view.meta.language.ptr = vb_arena_strndup(d->arena, lang, 2);
    if (!d->view.meta.language.ptr) return vb_err_set(err, VB_ENOMEM, d->path, -1, "out of memory");
    d->view.meta.language.len = 2;
    d->view.meta.language_from = VB_LANG_OPTION;
  }
  const vb_lexicon *lx = opts ? opts->lexicon : NULL;
  if (!lx && (rc = vb_lexicon_default(&lx, err))) return rc;
  if ((rc = vb_layout(d, err))) return rc;
  if ((rc = vb_attribute(d, err))) return rc;
  if ((rc = vb_segment(d, err))) return rc;
  /* no stage after segment reads the blocks: a long document's go back
   * now rather than at its end (parse --json's peak memory, issue 20) */
  vb_arena_release(d->arena, d->blocks.v, (size_t)d->blocks.cap * sizeof *d->blocks.v);
  d->blocks.v = NULL;
  d->blocks.n = d->blocks.cap = 0;
  /* a speech no label attributes: the speaker its file's name gives (a
   * country), whose own names quote tells from others' */
  if ((rc = vb_extract_own_names(d, lx, err))) return rc;
  vb_extract_country_name(d, lx);
  if ((rc = vb_quote(d, err))) return rc;
  /* to the words no one else is reported to say */
  if ((rc = vb_layout_name_speaker(d, err))) return rc;
  if (!d->statements.n &&
      (rc = warn(d, err, "no statement: %u paragraph%s, none of them speech (parse --explain says why)",
                 d->paras.n, d->paras.n == 1 ? "" : "s")))
    return rc;
  if ((rc = vb_extract(d, lx, err))) return rc;
  if ((rc = freeze(d, err))) return rc;
  /* entities last: they need the speakers with their aliases */
  d->lexicon_stamp = lx->stamp;
  if ((rc = vb_extract_entities(d, lx, err))) return rc;
  /* a title from the file's name needs the country's name, read above */
  return vb_layout_title_country(d, err);
}

/* vb_doc_parse; `owned` (NULL, or `bytes` handed over) is freed on every
 * path, once decoded on success. */
static int parse(const char *bytes, size_t len, char *owned, const char *path,
                 const vb_parse_opts *opts, vb_doc **out, vb_err *err) {
  *out = NULL;
  vb_err_clear(err);
  if (!path) path = "";
  if (!bytes && len) {
    free(owned);
    return vb_err_set(err, VB_EUSAGE, path, -1, "no input bytes");
  }
  if (len > VB_MAX_INPUT_BYTES) {
    free(owned);
    return vb_err_set(err, VB_ELIMIT, path, -1, "input larger than %zu MiB",
                      VB_MAX_INPUT_BYTES >> 20);
  }
  size_t limit = len * ARENA_LIMIT_FACTOR;
  if (limit < ARENA_LIMIT_MIN) limit = ARENA_LIMIT_MIN;
  vb_arena *a = vb_arena_new(limit);
  if (!a) {
    free(owned);
    return vb_err_set(err, VB_ENOMEM, path, -1, "out of memory");
  }
  vb_doc *d = vb_arena_calloc(a, sizeof *d);
  if (!d) {
    free(owned);
    vb_arena_free(a);
    return vb_err_set(err, VB_ENOMEM, path, -1, "out of memory");
  }
  d->arena = a;
  d->title_speaker = -1;
  d->parser_version = VB_PARSER_VERSION;
  d->lexicon_stamp = -1;
  d->drop_source = opts && opts->drop_source;
  d->path = vb_arena_strndup(a, path, strlen(path));
  d->view.path.ptr = d->path;
  d->view.path.len = d->path ? strlen(d->path) : 0;
  if (!d->path) {
    free(owned);
    vb_arena_free(a);
    return vb_err_set(err, VB_ENOMEM, path, -1, "out of memory");
  }
  int rc = run(d, bytes, len, owned, opts, err);
  if (rc == VB_ENOMEM && vb_arena_refused(a)) {
    /* not the machine's memory: this input's share of it */
    long long at = err->offset;
    rc = vb_err_set(err, VB_ELIMIT, path, at,
                    "needs more than the %zu MiB of memory an input of its size may use"
                    " (too many lines, turns or names for its length)",
                    limit >> 20);
  }
  if (rc) {
    if (rc == VB_ENOMEM && !err->msg[0]) vb_err_set(err, rc, path, -1, "out of memory");
    vb_arena_free(a);
    return rc;
  }
  *out = d;
  return VB_OK;
}

int vb_doc_parse(const char *bytes, size_t len, const char *path,
                 const vb_parse_opts *opts, vb_doc **out, vb_err *err) {
  return parse(bytes, len, NULL, path, opts, out, err);
}

int vb_doc_parse_owned(char *bytes, size_t len, const char *path,
                       const vb_parse_opts *opts, vb_doc **out, vb_err *err) {
  return parse(bytes, len, bytes, path, opts, out, err);
}

const vb_doc_view *vb_doc_get(const vb_doc *doc) { return &doc->view; }

void vb_doc_free(vb_doc *doc) {
  if (doc) vb_arena_free(doc->arena);
}
