/* json — vb_doc -> the document JSON of DESIGN.md, written as it is made
 * (json/writer.h): no tree of the document is held, so output of any size
 * costs a few pages beyond the document itself. Unknown fields are left
 * out; offsets are byte offsets into the body. */
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "core/err.h"
#include "json/writer.h"

static void str(vb_jw *w, vb_str s) { vb_jw_str(w, s.ptr, s.len); }
static void key_str(vb_jw *w, const char *key, vb_str s) {
  if (!s.ptr) return;
  vb_jw_key(w, key);
  str(w, s);
}
static void slice(vb_jw *w, const vb_doc_view *v, uint32_t start, uint32_t end) {
  vb_jw_str(w, v->body.ptr + start, end - start);
}
static void key_slice(vb_jw *w, const char *key, const vb_doc_view *v, uint32_t start,
                      uint32_t end) {
  vb_jw_key(w, key);
  slice(w, v, start, end);
}
static void speaker_ref(vb_jw *w, const char *key, int32_t i) {
  vb_jw_key(w, key);
  if (i < 0) {
    vb_jw_null(w);
    return;
  }
  char id[16];
  snprintf(id, sizeof id, "s%d", (int)i + 1);
  vb_jw_cstr(w, id);
}
static void time_of(vb_jw *w, vb_time t) {
  if (t.start < 0) return;
  vb_jw_key(w, "time");
  vb_jw_obj(w);
  vb_jw_key(w, "start");
  vb_jw_real(w, t.start);
  vb_jw_key(w, "end");
  vb_jw_real(w, t.end);
  vb_jw_obj_end(w);
}
static void span(vb_jw *w, uint32_t start, uint32_t end) {
  vb_jw_key_int(w, "start", start);
  vb_jw_key_int(w, "end", end);
}
static void str_array(vb_jw *w, const char *key, const vb_str *s, size_t n) {
  vb_jw_key(w, key);
  vb_jw_arr(w);
  for (size_t i = 0; i < n; i++) str(w, s[i]);
  vb_jw_arr_end(w);
}
/* {"text": …, "start": …, "end": …}, the shape of insertions and paragraphs */
static void text_span(vb_jw *w, const vb_doc_view *v, uint32_t start, uint32_t end) {
  key_slice(w, "text", v, start, end);
  span(w, start, end);
}

/* A statement's source or cue: {"text","start","end"}, left out when none. */
static void part(vb_jw *w, const vb_doc_view *v, const char *key, vb_span sp) {
  if (sp.end <= sp.start) return;
  vb_jw_key(w, key);
  vb_jw_obj(w);
  text_span(w, v, sp.start, sp.end);
  vb_jw_obj_end(w);
}

/* What one answer holds of a document: the statements [from, to), and of
 * everything else placed in the body (turns, insertions, mentions,
 * quantities, dates, boilerplate) what starts in [lo, hi). The pages of a
 * document split its body where their first statements start, so each
 * item is on exactly one page. The whole document: one page of all. */
typedef struct page {
  size_t from, to;
  uint32_t lo, hi;
} page;

static int on_page(const page *pg, uint32_t start) { return start >= pg->lo && start < pg->hi; }

static void head(vb_jw *w, const vb_doc_view *v) {
  vb_jw_key(w, "id");
  vb_jw_cstr(w, v->id);
  vb_jw_key(w, "source");
  vb_jw_obj(w);
  key_str(w, "path", v->path);
  vb_jw_key(w, "format");
  vb_jw_cstr(w, vb_format_name(v->format));
  key_str(w, "url", v->url);
  vb_jw_obj_end(w);

  const vb_meta *m = &v->meta;
  vb_jw_key(w, "meta");
  vb_jw_obj(w);
  key_str(w, "publisher", m->publisher);
  key_str(w, "series", m->series);
  key_str(w, "number", m->number);
  key_str(w, "published", m->published);
  key_str(w, "aired", m->aired);
  key_str(w, "channel", m->channel);
  key_str(w, "country", m->country);
  if (m->ntags) str_array(w, "tags", m->tags, m->ntags);
  key_str(w, "language", m->language);
  if (m->language.ptr && vb_lang_from_name(m->language_from)) {
    vb_jw_key(w, "language_from");
    vb_jw_cstr(w, vb_lang_from_name(m->language_from));
  }
  if (m->clip.ptr) key_str(w, "clip", m->clip);
  else if (m->has_clip) {
    vb_jw_key(w, "clip");
    vb_jw_bool(w, 1);
  }
  vb_jw_obj_end(w);
  key_str(w, "title", v->title);
  key_str(w, "summary", v->summary);

  vb_jw_key(w, "speakers");
  vb_jw_arr(w);
  for (size_t i = 0; i < v->nspeakers; i++) {
    const vb_speaker *sp = &v->speakers[i];
    vb_jw_obj(w);
    speaker_ref(w, "id", (int32_t)i);
    key_str(w, "name", sp->name);
    if (sp->naliases) str_array(w, "aliases", sp->aliases, sp->naliases);
    key_str(w, "role", sp->role);
    key_str(w, "affiliation", sp->affiliation);
    vb_jw_key(w, "host");
    vb_jw_bool(w, sp->host);
    if (sp->group) { /* written when true: a group, never a person */
      vb_jw_key(w, "group");
      vb_jw_bool(w, 1);
    }
    vb_jw_obj_end(w);
  }
  vb_jw_arr_end(w);
}

static void structure(vb_jw *w, const vb_doc_view *v, const page *pg) {
  vb_jw_key(w, "sections");
  vb_jw_arr(w);
  for (size_t i = 0; i < v->nsections; i++) {
    const vb_section *sec = &v->sections[i];
    vb_jw_obj(w);
    vb_jw_key(w, "heading");
    str(w, sec->heading);
    speaker_ref(w, "quote_of", sec->quote_of);
    span(w, sec->start, sec->end);
    vb_jw_obj_end(w);
  }
  vb_jw_arr_end(w);

  vb_jw_key(w, "turns");
  vb_jw_arr(w);
  for (size_t i = 0; i < v->nturns; i++) {
    const vb_turn *t = &v->turns[i];
    if (!on_page(pg, t->start)) continue;
    vb_jw_obj(w);
    speaker_ref(w, "speaker", t->speaker);
    if (t->section >= 0) vb_jw_key_int(w, "section", t->section);
    span(w, t->start, t->end);
    time_of(w, t->time);
    vb_jw_key(w, "paragraphs");
    vb_jw_arr(w);
    for (size_t k = 0; k < t->nparagraphs; k++) {
      vb_jw_obj(w);
      text_span(w, v, t->paragraphs[k].start, t->paragraphs[k].end);
      vb_jw_obj_end(w);
    }
    vb_jw_arr_end(w);
    vb_jw_obj_end(w);
  }
  vb_jw_arr_end(w);

  vb_jw_key(w, "statements");
  vb_jw_arr(w);
  for (size_t i = pg->from; i < pg->to; i++) {
    const vb_statement *st = &v->statements[i];
    vb_jw_obj(w);
    speaker_ref(w, "speaker", st->speaker);
    vb_jw_key(w, "kind");
    vb_jw_cstr(w, vb_kind_name(st->kind));
    if (st->turn >= 0) vb_jw_key_int(w, "turn", st->turn);
    text_span(w, v, st->start, st->end);
    time_of(w, st->time);
    if (st->attribution >= 0 && (size_t)st->attribution < v->nattributions) {
      part(w, v, "source", v->attributions[st->attribution].source);
      part(w, v, "cue", v->attributions[st->attribution].cue);
    }
    vb_jw_obj_end(w);
  }
  vb_jw_arr_end(w);

  vb_jw_key(w, "insertions");
  vb_jw_arr(w);
  for (size_t i = 0; i < v->ninsertions; i++) {
    if (!on_page(pg, v->insertions[i].start)) continue;
    vb_jw_obj(w);
    text_span(w, v, v->insertions[i].start, v->insertions[i].end);
    vb_jw_obj_end(w);
  }
  vb_jw_arr_end(w);
}

/* Entities, each with its mentions in body order: the mentions are put in
 * entity order once (a stable counting sort), so each entity's list is
 * written where the entity is. Returns -1 when out of memory. */
static int entities(vb_jw *w, const vb_doc_view *v, const page *pg) {
  uint32_t *first = calloc(v->nentities + 1, sizeof *first);
  uint32_t *order = v->nmentions ? malloc(v->nmentions * sizeof *order) : NULL;
  if (!first || (v->nmentions && !order)) {
    free(first);
    free(order);
    return -1;
  }
  for (size_t i = 0; i < v->nmentions; i++) first[v->mentions[i].entity + 1]++;
  for (size_t e = 0; e < v->nentities; e++) first[e + 1] += first[e];
  uint32_t *next = v->nentities ? malloc(v->nentities * sizeof *next) : NULL;
  if (v->nentities && !next) {
    free(first);
    free(order);
    return -1;
  }
  if (next) memcpy(next, first, v->nentities * sizeof *next);
  for (size_t i = 0; i < v->nmentions; i++) order[next[v->mentions[i].entity]++] = (uint32_t)i;
  free(next);

  vb_jw_key(w, "entities");
  vb_jw_arr(w);
  for (size_t i = 0; i < v->nentities; i++) {
    const vb_entity *e = &v->entities[i];
    vb_jw_obj(w);
    vb_jw_key(w, "name");
    str(w, e->name);
    vb_jw_key(w, "type");
    vb_jw_cstr(w, vb_etype_name(e->type));
    vb_jw_key(w, "key");
    str(w, e->key);
    if (e->naliases) str_array(w, "aliases", e->aliases, e->naliases);
    if (e->role.len) {
      vb_jw_key(w, "role");
      str(w, e->role);
    }
    if (e->speaker >= 0) speaker_ref(w, "speaker", e->speaker);
    vb_jw_key(w, "mentions");
    vb_jw_arr(w);
    for (uint32_t k = first[i]; k < first[i + 1]; k++) {
      const vb_mention *mn = &v->mentions[order[k]];
      if (!on_page(pg, mn->start)) continue;
      vb_jw_obj(w);
      vb_jw_key(w, "statement");
      if (mn->statement >= 0) vb_jw_int(w, mn->statement);
      else vb_jw_null(w);
      key_slice(w, "surface", v, mn->start, mn->end);
      span(w, mn->start, mn->end);
      vb_jw_obj_end(w);
    }
    vb_jw_arr_end(w);
    vb_jw_obj_end(w);
  }
  vb_jw_arr_end(w);
  free(first);
  free(order);
  return 0;
}

static void values(vb_jw *w, const vb_doc_view *v, const page *pg) {
  vb_jw_key(w, "quantities");
  vb_jw_arr(w);
  for (size_t i = 0; i < v->nquantities; i++) {
    const vb_quantity *q = &v->quantities[i];
    if (!on_page(pg, q->start)) continue;
    vb_jw_obj(w);
    key_slice(w, "text", v, q->start, q->end);
    /* whole numbers print as integers: 250, not 250.0 */
    int whole = q->value < 9e15 && q->value > -9e15 && q->value == (double)(long long)q->value;
    vb_jw_key(w, "value");
    if (whole) vb_jw_int(w, (long long)q->value);
    else vb_jw_real(w, q->value);
    key_str(w, "unit", q->unit);
    vb_jw_key_int(w, "start", q->start);
    vb_jw_obj_end(w);
  }
  vb_jw_arr_end(w);

  vb_jw_key(w, "dates");
  vb_jw_arr(w);
  for (size_t i = 0; i < v->ndates; i++) {
    const vb_date *d = &v->dates[i];
    if (!on_page(pg, d->start)) continue;
    vb_jw_obj(w);
    key_slice(w, "text", v, d->start, d->end);
    /* ISO at the precision the text gives ("2016", "2016-03", "2016-W11",
     * "2016-03-16"; a time HH:MM); a relative date valued from the
     * document's date, without a value when it has none */
    if (d->value[0]) {
      vb_jw_key(w, "value");
      vb_jw_cstr(w, d->value);
    }
    if (d->kind != VB_DATE_DAY) {
      vb_jw_key(w, "kind");
      vb_jw_cstr(w, d->kind == VB_DATE_RELATIVE ? "relative" : "time");
    }
    vb_jw_key_int(w, "start", d->start);
    vb_jw_obj_end(w);
  }
  vb_jw_arr_end(w);

  vb_jw_key(w, "boilerplate");
  vb_jw_arr(w);
  for (size_t i = 0; i < v->nboilerplate; i++) {
    if (!on_page(pg, v->boilerplate[i].start)) continue;
    vb_jw_obj(w);
    text_span(w, v, v->boilerplate[i].start, v->boilerplate[i].end);
    if (v->boilerplate_why && v->boilerplate_why[i]) {
      vb_jw_key(w, "reason");
      vb_jw_cstr(w, v->boilerplate_why[i]);
    }
    vb_jw_obj_end(w);
  }
  vb_jw_arr_end(w);
  if (v->nwarnings) {
    vb_jw_key(w, "warnings");
    vb_jw_arr(w);
    for (size_t i = 0; i < v->nwarnings; i++) vb_jw_cstr(w, v->warnings[i]);
    vb_jw_arr_end(w);
  }
}

/* The whole document into w. With `body`, "body" follows as the last
 * member the way `parse --json --body` has always spliced it in: after the
 * object's closing line, `,"body":"…"}` (compact output is plain JSON). */
static int write_doc(vb_jw *w, const vb_doc *doc, const page *pg, const vb_doc_page *info, int body,
                     vb_err *err) {
  const vb_doc_view *v = &doc->view;
  vb_jw_obj(w);
  head(w, v);
  structure(w, v, pg);
  if (entities(w, v, pg)) return vb_err_set(err, VB_ENOMEM, doc->path, -1, "cannot build JSON");
  values(w, v, pg);
  if (info) {
    vb_jw_key(w, "page");
    vb_jw_obj(w);
    vb_jw_key_int(w, "from", (long long)info->from);
    vb_jw_key_int(w, "statements", (long long)info->count);
    vb_jw_key_int(w, "of", (long long)v->nstatements);
    /* statements name their turns by index in the whole document */
    size_t turns_before = 0;
    while (turns_before < v->nturns && v->turns[turns_before].start < pg->lo) turns_before++;
    vb_jw_key_int(w, "turns_from", (long long)turns_before);
    if (info->next) vb_jw_key_int(w, "next", (long long)info->next);
    vb_jw_obj_end(w);
  }
  if (body) {
    if (w->pretty) vb_jw_raw(w, "\n", 1);
    vb_jw_raw(w, ",\"body\":", 8);
    w->after_key = 1;
    str(w, v->body);
    vb_jw_raw(w, "}", 1);
    w->depth = 0;
  } else vb_jw_obj_end(w);
  switch (vb_jw_finish(w)) {
  case 0: return VB_OK;
  case VB_JW_EIO: return vb_err_set(err, VB_EIO, doc->path, -1, "cannot write JSON");
  case VB_JW_ENOMEM: return vb_err_set(err, VB_ENOMEM, doc->path, -1, "cannot write JSON");
  default: return vb_err_set(err, VB_ENOMEM, doc->path, -1, "cannot build JSON");
  }
}

static page whole_doc(const vb_doc *doc) {
  page all = {0, doc->view.nstatements, 0, UINT32_MAX};
  return all;
}

int vb_doc_to_json(const vb_doc *doc, int pretty, char **out, vb_err *err) {
  vb_jw w;
  vb_jw_init(&w, NULL, pretty);
  page all = whole_doc(doc);
  int rc = write_doc(&w, doc, &all, NULL, 0, err);
  *out = rc ? NULL : vb_jw_detach(&w);
  vb_jw_free(&w);
  if (!rc && !*out) rc = vb_err_set(err, VB_ENOMEM, doc->path, -1, "cannot write JSON");
  return rc;
}

int vb_doc_write_json(const vb_doc *doc, int pretty, int body, FILE *f, vb_err *err) {
  vb_jw w;
  vb_jw_init(&w, f, pretty);
  page all = whole_doc(doc);
  int rc = write_doc(&w, doc, &all, NULL, body, err);
  vb_jw_free(&w);
  return rc;
}

/* Where the page that begins with statement i begins in the body: the
 * least start of the statements from i on, so that the boundaries never
 * go back even where statements are not in body order. */
static uint32_t boundary(const vb_doc_view *v, size_t i) {
  uint32_t lo = UINT32_MAX;
  for (size_t k = v->nstatements; k > i; k--)
    if (v->statements[k - 1].start < lo) lo = v->statements[k - 1].start;
  return lo;
}

int vb_doc_page_to_json(const vb_doc *doc, size_t from, size_t max_statements, size_t max_bytes,
                        vb_doc_page *info, char **out, vb_err *err) {
  const vb_doc_view *v = &doc->view;
  memset(info, 0, sizeof *info);
  *out = NULL;
  if (from > v->nstatements || (from == v->nstatements && from))
    return vb_err_set(err, VB_ENOTFOUND, doc->path, -1, "the document has %zu statements, none from %zu",
                      v->nstatements, from);
  if (!max_statements) max_statements = 1;
  /* at least one statement; then while the statements' text fits */
  size_t to = from, bytes = 0;
  while (to < v->nstatements && to - from < max_statements) {
    size_t len = v->statements[to].end - v->statements[to].start;
    if (to > from && bytes + len > max_bytes) break;
    bytes += len;
    to++;
  }
  page pg = {from, to, from ? boundary(v, from) : 0, to < v->nstatements ? boundary(v, to) : UINT32_MAX};
  if (pg.hi < pg.lo) pg.hi = pg.lo;
  info->from = from;
  info->count = to - from;
  info->next = to < v->nstatements ? to : 0;
  vb_jw w;
  vb_jw_init(&w, NULL, 0);
  int rc = write_doc(&w, doc, &pg, info, 0, err);
  *out = rc ? NULL : vb_jw_detach(&w);
  vb_jw_free(&w);
  if (!rc && !*out) rc = vb_err_set(err, VB_ENOMEM, doc->path, -1, "cannot write JSON");
  return rc;
}
