/* results — the JSON of the archive's typed results (include/verbatim.h),
 * for the HTTP API, `--json` on the command line and the sinks. The store
 * hands out structs; this is the one place they become JSON. */
#include <jansson.h>
#include <stdlib.h>

#include "core/err.h"
#include "verbatim.h"

static json_t *jstr(vb_str s) { return s.ptr ? json_stringn(s.ptr, s.len) : json_null(); }

/* Takes a built tree: its compact text in *out, or VB_ENOMEM. */
static int dump(json_t *root, char **out, vb_err *err) {
  *out = root ? json_dumps(root, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
  json_decref(root);
  return *out ? VB_OK : vb_err_set(err, VB_ENOMEM, "", -1, "cannot write JSON");
}

int vb_cite_to_json(const vb_cite *c, char **out, vb_err *err) {
  json_t *o = json_object();
  if (o) {
    json_object_set_new(o, "doc", json_string(c->doc));
    json_object_set_new(o, "asked", json_integer(c->asked));
    json_object_set_new(o, "index", json_integer(c->index));
    json_object_set_new(o, "moved", json_boolean(c->asked != c->index));
    json_object_set_new(o, "parser_version", json_integer(c->parser_version));
    json_object_set_new(o, "speaker", jstr(c->speaker));
    json_object_set_new(o, "kind", jstr(c->kind));
    json_object_set_new(o, "text", jstr(c->text));
    json_object_set_new(o, "start", json_integer(c->start));
    json_object_set_new(o, "end", json_integer(c->end));
    json_object_set_new(o, "link", jstr(c->link));
  }
  return dump(o, out, err);
}
