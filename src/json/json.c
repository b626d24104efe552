/* json — vb_doc -> the document JSON of DESIGN.md, built with jansson.
 * Unknown fields are left out; offsets are byte offsets into the body. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "core/err.h"
#include "json/build.h"

static json_t *str(vb_str s) { return json_stringn(s.ptr ? s.ptr : "", s.len); }
static void set_str(jb *b, json_t *obj, const char *key, vb_str s) {
  if (s.ptr) jb_set(b, obj, key, str(s));
}
static json_t *slice(const vb_doc_view *v, uint32_t start, uint32_t end) {
  return json_stringn(v->body.ptr + start, end - start);
}
static json_t *speaker_ref(int32_t i) {
  if (i < 0) return json_null();
  char id[16];
  snprintf(id, sizeof id, "s%d", (int)i + 1);
  return json_string(id);
}
static void set_time(jb *b, json_t *obj, vb_time t) {
  if (t.start < 0) return;
  json_t *o = json_object();
  jb_set(b, o, "start", json_real(t.start));
  jb_set(b, o, "end", json_real(t.end));
  jb_set(b, obj, "time", o);
}
static void set_span(jb *b, json_t *obj, uint32_t start, uint32_t end) {
  jb_set(b, obj, "start", json_integer(start));
  jb_set(b, obj, "end", json_integer(end));
}

/* A statement's source or cue: {"text","start","end"}, left out when none. */
static void set_part(jb *b, const vb_doc_view *v, json_t *obj, const char *key, vb_span sp) {
  if (sp.end <= sp.start) return;
  json_t *o = json_object();
  jb_set(b, o, "text", slice(v, sp.start, sp.end));
  set_span(b, o, sp.start, sp.end);
  jb_set(b, obj, key, o);
}

static json_t *build(const vb_doc_view *v, jb *b) {
  json_t *root = json_object();
  if (!root) return NULL;
  jb_set(b, root, "id", json_string(v->id));
  json_t *src = json_object();
  set_str(b, src, "path", v->path);
  jb_set(b, src, "format", json_string(vb_format_name(v->format)));
  if (v->url.ptr) set_str(b, src, "url", v->url);
  jb_set(b, root, "source", src);

  const vb_meta *m = &v->meta;
  json_t *meta = json_object();
  set_str(b, meta, "publisher", m->publisher);
  set_str(b, meta, "series", m->series);
  set_str(b, meta, "number", m->number);
  set_str(b, meta, "published", m->published);
  set_str(b, meta, "aired", m->aired);
  set_str(b, meta, "channel", m->channel);
  set_str(b, meta, "country", m->country);
  if (m->ntags) {
    json_t *tags = json_array();
    for (size_t i = 0; i < m->ntags; i++) jb_push(b, tags, str(m->tags[i]));
    jb_set(b, meta, "tags", tags);
  }
  set_str(b, meta, "language", m->language);
  if (m->clip.ptr) set_str(b, meta, "clip", m->clip);
  else if (m->has_clip) jb_set(b, meta, "clip", json_true());
  jb_set(b, root, "meta", meta);
  set_str(b, root, "title", v->title);
  set_str(b, root, "summary", v->summary);

  json_t *speakers = json_array();
  for (size_t i = 0; i < v->nspeakers; i++) {
    const vb_speaker *sp = &v->speakers[i];
    json_t *o = json_object();
    jb_set(b, o, "id", speaker_ref((int32_t)i));
    set_str(b, o, "name", sp->name);
    if (sp->naliases) {
      json_t *al = json_array();
      for (size_t k = 0; k < sp->naliases; k++) jb_push(b, al, str(sp->aliases[k]));
      jb_set(b, o, "aliases", al);
    }
    set_str(b, o, "role", sp->role);
    set_str(b, o, "affiliation", sp->affiliation);
    jb_set(b, o, "host", json_boolean(sp->host));
    jb_push(b, speakers, o);
  }
  jb_set(b, root, "speakers", speakers);

  json_t *sections = json_array();
  for (size_t i = 0; i < v->nsections; i++) {
    const vb_section *sec = &v->sections[i];
    json_t *o = json_object();
    jb_set(b, o, "heading", str(sec->heading));
    jb_set(b, o, "quote_of", speaker_ref(sec->quote_of));
    set_span(b, o, sec->start, sec->end);
    jb_push(b, sections, o);
  }
  jb_set(b, root, "sections", sections);

  json_t *turns = json_array();
  for (size_t i = 0; i < v->nturns; i++) {
    const vb_turn *t = &v->turns[i];
    json_t *o = json_object();
    jb_set(b, o, "speaker", speaker_ref(t->speaker));
    if (t->section >= 0) jb_set(b, o, "section", json_integer(t->section));
    set_span(b, o, t->start, t->end);
    set_time(b, o, t->time);
    json_t *paras = json_array();
    for (size_t k = 0; k < t->nparagraphs; k++) {
      json_t *p = json_object();
      jb_set(b, p, "text", slice(v, t->paragraphs[k].start, t->paragraphs[k].end));
      set_span(b, p, t->paragraphs[k].start, t->paragraphs[k].end);
      jb_push(b, paras, p);
    }
    jb_set(b, o, "paragraphs", paras);
    jb_push(b, turns, o);
  }
  jb_set(b, root, "turns", turns);

  json_t *stmts = json_array();
  for (size_t i = 0; i < v->nstatements; i++) {
    const vb_statement *st = &v->statements[i];
    json_t *o = json_object();
    jb_set(b, o, "speaker", speaker_ref(st->speaker));
    jb_set(b, o, "kind", json_string(vb_kind_name(st->kind)));
    if (st->turn >= 0) jb_set(b, o, "turn", json_integer(st->turn));
    jb_set(b, o, "text", slice(v, st->start, st->end));
    set_span(b, o, st->start, st->end);
    set_time(b, o, st->time);
    if (st->attribution >= 0 && (size_t)st->attribution < v->nattributions) {
      set_part(b, v, o, "source", v->attributions[st->attribution].source);
      set_part(b, v, o, "cue", v->attributions[st->attribution].cue);
    }
    jb_push(b, stmts, o);
  }
  jb_set(b, root, "statements", stmts);

  json_t *ins = json_array();
  for (size_t i = 0; i < v->ninsertions; i++) {
    json_t *o = json_object();
    jb_set(b, o, "text", slice(v, v->insertions[i].start, v->insertions[i].end));
    set_span(b, o, v->insertions[i].start, v->insertions[i].end);
    jb_push(b, ins, o);
  }
  jb_set(b, root, "insertions", ins);

  /* entities, each with its mentions (in body order) */
  json_t *entities = json_array();
  json_t **ments = v->nentities ? calloc(v->nentities, sizeof *ments) : NULL;
  if (v->nentities && !ments) b->failed = 1;
  for (size_t i = 0; ments && i < v->nentities; i++) {
    const vb_entity *e = &v->entities[i];
    json_t *o = json_object();
    jb_set(b, o, "name", str(e->name));
    jb_set(b, o, "type", json_string(vb_etype_name(e->type)));
    jb_set(b, o, "key", str(e->key));
    if (e->naliases) {
      json_t *al = json_array();
      for (size_t k = 0; k < e->naliases; k++) jb_push(b, al, str(e->aliases[k]));
      jb_set(b, o, "aliases", al);
    }
    if (e->role.len) jb_set(b, o, "role", str(e->role));
    if (e->speaker >= 0) jb_set(b, o, "speaker", speaker_ref(e->speaker));
    ments[i] = json_array();
    if (!ments[i] || json_object_set(o, "mentions", ments[i])) b->failed = 1;
    jb_push(b, entities, o);
  }
  for (size_t i = 0; ments && i < v->nmentions; i++) {
    const vb_mention *mn = &v->mentions[i];
    json_t *o = json_object();
    jb_set(b, o, "statement", mn->statement >= 0 ? json_integer(mn->statement) : json_null());
    jb_set(b, o, "surface", slice(v, mn->start, mn->end));
    set_span(b, o, mn->start, mn->end);
    jb_push(b, ments[mn->entity], o);
  }
  for (size_t i = 0; ments && i < v->nentities; i++) json_decref(ments[i]);
  free(ments);
  jb_set(b, root, "entities", entities);

  json_t *quantities = json_array();
  for (size_t i = 0; i < v->nquantities; i++) {
    const vb_quantity *q = &v->quantities[i];
    json_t *o = json_object();
    jb_set(b, o, "text", slice(v, q->start, q->end));
    /* whole numbers print as integers: 250, not 250.0 */
    int whole = q->value < 9e15 && q->value > -9e15 && q->value == (double)(long long)q->value;
    jb_set(b, o, "value", whole ? json_integer((json_int_t)q->value) : json_real(q->value));
    if (q->unit.ptr) jb_set(b, o, "unit", str(q->unit));
    jb_set(b, o, "start", json_integer(q->start));
    jb_push(b, quantities, o);
  }
  jb_set(b, root, "quantities", quantities);

  json_t *dates = json_array();
  for (size_t i = 0; i < v->ndates; i++) {
    json_t *o = json_object();
    jb_set(b, o, "text", slice(v, v->dates[i].start, v->dates[i].end));
    /* a relative date is kept as said; a time has HH:MM */
    if (v->dates[i].kind != VB_DATE_RELATIVE) jb_set(b, o, "value", json_string(v->dates[i].value));
    if (v->dates[i].kind == VB_DATE_RELATIVE) jb_set(b, o, "kind", json_string("relative"));
    if (v->dates[i].kind == VB_DATE_TIME) jb_set(b, o, "kind", json_string("time"));
    jb_set(b, o, "start", json_integer(v->dates[i].start));
    jb_push(b, dates, o);
  }
  jb_set(b, root, "dates", dates);

  json_t *boiler = json_array();
  for (size_t i = 0; i < v->nboilerplate; i++) {
    json_t *o = json_object();
    jb_set(b, o, "text", slice(v, v->boilerplate[i].start, v->boilerplate[i].end));
    set_span(b, o, v->boilerplate[i].start, v->boilerplate[i].end);
    if (v->boilerplate_why && v->boilerplate_why[i])
      jb_set(b, o, "reason", json_string(v->boilerplate_why[i]));
    jb_push(b, boiler, o);
  }
  jb_set(b, root, "boilerplate", boiler);
  if (v->nwarnings) {
    json_t *w = json_array();
    for (size_t i = 0; i < v->nwarnings; i++) jb_push(b, w, json_string(v->warnings[i]));
    jb_set(b, root, "warnings", w);
  }
  return root;
}

int vb_doc_to_json(const vb_doc *doc, int pretty, char **out, vb_err *err) {
  *out = NULL;
  jb b = {0};
  json_t *root = build(&doc->view, &b);
  if (!root || b.failed) {
    json_decref(root);
    return vb_err_set(err, VB_ENOMEM, doc->path, -1, "cannot build JSON");
  }
  size_t flags = JSON_REAL_PRECISION(10);
  if (pretty) flags |= JSON_INDENT(2);
  else flags |= JSON_COMPACT;
  *out = json_dumps(root, flags);
  json_decref(root);
  if (!*out) return vb_err_set(err, VB_ENOMEM, doc->path, -1, "cannot write JSON");
  return VB_OK;
}
