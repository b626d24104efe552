/* jsonl — one JSON object (one line of a JSON Lines file) -> a document.
 * Fields (README "JSON Lines input"): title, date, source, channel,
 * publisher, series, number, aired, language, tags, clip, and either
 * "text" (a transcript, read like a text file) or "turns"
 * ([{"speaker","text","start","end"}], times in seconds). The body becomes
 * the transcript's text: "text" as given, or the turns one per paragraph. */
#include <jansson.h>
#include <stdint.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/err.h"
#include "core/text.h"
#include "read.h"

/* Every string field is copied into the document's arena. */
static vb_str copy(vb_doc *d, json_t *v) {
  vb_str s = {0};
  if (!json_is_string(v)) return s;
  size_t n = json_string_length(v);
  s.ptr = vb_arena_strndup(d->arena, json_string_value(v), n);
  s.len = s.ptr ? n : 0;
  return s;
}

static int field_type(vb_doc *d, vb_err *err, json_t *o, const char *key, int (*is)(const json_t *),
                      const char *what) {
  json_t *v = json_object_get(o, key);
  if (!v || json_is_null(v) || is(v)) return VB_OK;
  return vb_err_set(err, VB_EPARSE, d->path, 0, "field \"%s\" should be %s", key, what);
}

static int is_string(const json_t *v) { return json_is_string(v); }
static int is_array(const json_t *v) { return json_is_array(v); }

static void set_date(vb_doc *d, vb_str *field, json_t *v) {
  char iso[11];
  const char *s = json_string_value(v);
  if (!s) return;
  if (!vb_parse_date(s, strlen(s), iso)) return;
  char *p = vb_arena_strndup(d->arena, iso, 10);
  if (p) {
    field->ptr = p;
    field->len = 10;
  }
}

static int turns_body(vb_doc *d, json_t *turns, vb_err *err) {
  vb_buf out;
  vb_buf_init(&out, 0);
  size_t i;
  json_t *t;
  int rc = VB_OK;
  json_array_foreach(turns, i, t) {
    json_t *text = json_object_get(t, "text"), *sp = json_object_get(t, "speaker");
    json_t *st = json_object_get(t, "start"), *en = json_object_get(t, "end");
    if (!json_is_object(t) || !json_is_string(text) || (sp && !json_is_string(sp) && !json_is_null(sp)) ||
        (st && !json_is_number(st) && !json_is_null(st)) || (en && !json_is_number(en) && !json_is_null(en))) {
      rc = vb_err_set(err, VB_EPARSE, d->path, 0,
                      "turn %zu should be {\"speaker\": text, \"text\": text, \"start\": seconds, "
                      "\"end\": seconds}",
                      i + 1);
      break;
    }
    size_t n = json_string_length(text);
    const char *s = json_string_value(text);
    while (n && (s[0] == ' ' || s[0] == '\n')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n')) n--;
    if (!n) continue;
    if (d->blocks.n >= VB_MAX_BLOCKS) {
      rc = vb_err_set(err, VB_ELIMIT, d->path, 0, "more than %u turns", VB_MAX_BLOCKS);
      break;
    }
    if (out.len) vb_buf_adds(&out, "\n\n");
    vb_block *b = VB_VEC_PUSH(d->arena, d->blocks);
    if (!b) {
      rc = vb_err_set(err, VB_ENOMEM, d->path, 0, "out of memory");
      break;
    }
    memset(b, 0, sizeof *b);
    b->start = (uint32_t)out.len;
    /* a turn's inner line breaks are just wrapping */
    for (size_t k = 0; k < n; k++) vb_buf_addc(&out, s[k] == '\n' ? ' ' : s[k]);
    b->end = (uint32_t)out.len;
    b->gap = d->blocks.n > 1;
    b->flags = VB_BLK_HARD;
    b->voice = copy(d, sp);
    b->time.start = st && json_is_number(st) ? json_number_value(st) : -1;
    b->time.end = en && json_is_number(en) ? json_number_value(en) : b->time.start;
    if (b->time.start < 0) b->time.end = -1;
    else if (b->time.end < b->time.start) b->time.end = b->time.start;
  }
  if (!rc && out.failed) rc = vb_err_set(err, VB_ENOMEM, d->path, 0, "out of memory");
  if (!rc && d->blocks.n == 0) rc = vb_err_set(err, VB_EEMPTY, d->path, 0, "no turn has text");
  if (!rc) {
    char *body = vb_arena_strndup(d->arena, out.ptr ? out.ptr : "", out.len);
    if (!body) rc = vb_err_set(err, VB_ENOMEM, d->path, 0, "out of memory");
    else {
      d->view.body.ptr = body;
      d->view.body.len = out.len;
    }
  }
  vb_buf_free(&out);
  return rc;
}

int vb_read_jsonl(vb_doc *doc, vb_err *err) {
  json_error_t jerr;
  json_t *o = json_loadb(doc->view.body.ptr, doc->view.body.len, JSON_REJECT_DUPLICATES, &jerr);
  if (!o) return vb_err_set(err, VB_EPARSE, doc->path, jerr.position, "invalid JSON: %s", jerr.text);
  int rc = VB_OK;
  if (!json_is_object(o)) {
    rc = vb_err_set(err, VB_EPARSE, doc->path, 0, "a JSON Lines document is an object per line");
    goto out;
  }
  static const char *const strings[] = {"title",  "date",     "source", "channel", "publisher",
                                        "series", "number",   "aired",  "language", "clip", "text"};
  for (size_t i = 0; i < sizeof strings / sizeof *strings && !rc; i++)
    rc = field_type(doc, err, o, strings[i], is_string, "a string");
  if (!rc) rc = field_type(doc, err, o, "turns", is_array, "an array of turns");
  if (!rc) rc = field_type(doc, err, o, "tags", is_array, "an array of strings");
  if (rc) goto out;
  vb_meta *m = &doc->view.meta;
  doc->page_title = copy(doc, json_object_get(o, "title"));
  set_date(doc, &m->published, json_object_get(o, "date"));
  set_date(doc, &m->aired, json_object_get(o, "aired"));
  m->channel = copy(doc, json_object_get(o, "channel"));
  if (!m->channel.ptr) m->channel = copy(doc, json_object_get(o, "source"));
  m->publisher = copy(doc, json_object_get(o, "publisher"));
  m->series = copy(doc, json_object_get(o, "series"));
  m->number = copy(doc, json_object_get(o, "number"));
  m->clip = copy(doc, json_object_get(o, "clip"));
  json_t *lang = json_object_get(o, "language");
  if (json_is_string(lang) && json_string_length(lang)) { /* the record's word for its language is taken as given */
    char code[3];
    if (!vb_lang_code(json_string_value(lang), json_string_length(lang), code)) {
      rc = vb_err_set(err, VB_EPARSE, doc->path, 0, "field \"language\" should be an ISO 639-1 code like \"en\"");
      goto out;
    }
    m->language.ptr = vb_arena_strndup(doc->arena, code, 2);
    m->language.len = m->language.ptr ? 2 : 0;
    m->language_from = VB_LANG_INPUT;
  }
  m->has_clip = m->clip.ptr != NULL;
  size_t i;
  json_t *tag;
  json_array_foreach(json_object_get(o, "tags"), i, tag) {
    if (!json_is_string(tag)) continue;
    vb_str *t = VB_VEC_PUSH(doc->arena, doc->tags);
    if (!t) {
      rc = vb_err_set(err, VB_ENOMEM, doc->path, 0, "out of memory");
      goto out;
    }
    *t = copy(doc, tag);
  }
  json_t *text = json_object_get(o, "text"), *turns = json_object_get(o, "turns");
  if (json_is_array(turns)) {
    rc = turns_body(doc, turns, err);
  } else if (json_is_string(text)) {
    vb_str body = copy(doc, text);
    if (!body.ptr) {
      rc = vb_err_set(err, VB_ENOMEM, doc->path, 0, "out of memory");
      goto out;
    }
    if (memchr(body.ptr, '\0', body.len)) {
      rc = vb_err_set(err, VB_EBINARY, doc->path, 0, "\"text\" holds a NUL character");
      goto out;
    }
    char *w = (char *)(uintptr_t)body.ptr; /* our own copy: CRLF -> LF in place */
    size_t n = 0;
    for (size_t k = 0; k < body.len; k++)
      if (!(body.ptr[k] == '\r' && k + 1 < body.len && body.ptr[k + 1] == '\n'))
        w[n++] = body.ptr[k] == '\r' ? '\n' : body.ptr[k];
    body.len = n;
    doc->view.body = body;
    rc = vb_read_text(doc, err);
  } else {
    rc = vb_err_set(err, VB_EPARSE, doc->path, 0, "a document needs \"text\" or \"turns\"");
  }
out:
  json_decref(o);
  return rc;
}
