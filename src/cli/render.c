/* render — the readable view of a document JSON on a terminal: title,
 * metadata, speakers, then turns by section with speakers in colour.
 * `parse` and `show` both print through it. */
#include <jansson.h>
#include <string.h>

#include "cli.h"

static const char *const palette[] = {"\033[1;36m", "\033[1;33m", "\033[1;35m",
                                      "\033[1;32m", "\033[1;34m", "\033[1;31m"};
#define RESET "\033[0m"
#define BOLD "\033[1m"
#define DIM "\033[2m"

static const char *sget(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Speaker index from "s3", or -1. */
static int speaker_index(json_t *ref) {
  const char *s = json_is_string(ref) ? json_string_value(ref) : NULL;
  if (!s || s[0] != 's') return -1;
  char *end;
  long v = strtol(s + 1, &end, 10);
  return *end || v < 1 ? -1 : (int)(v - 1);
}

int cli_render_doc(const char *json, FILE *f, int color) {
  json_error_t jerr;
  json_t *d = json_loads(json, 0, &jerr);
  if (!d) {
    fprintf(stderr, "verbatim: cannot read document JSON: %s\n", jerr.text);
    return CLI_FAILED;
  }
  json_t *meta = json_object_get(d, "meta");
  json_t *speakers = json_object_get(d, "speakers");
  json_t *sections = json_object_get(d, "sections");
  const char *title = sget(d, "title");
  if (title) fprintf(f, "%s%s%s\n", color ? BOLD : "", title, color ? RESET : "");
  fprintf(f, "%s", color ? DIM : "");
  const char *series = sget(meta, "series"), *number = sget(meta, "number");
  if (series) fprintf(f, "%s%s%s  ", series, number ? " No. " : "", number ? number : "");
  if (sget(meta, "published")) fprintf(f, "published %s  ", sget(meta, "published"));
  if (sget(meta, "aired")) fprintf(f, "aired %s  ", sget(meta, "aired"));
  if (sget(meta, "channel")) fprintf(f, "on %s  ", sget(meta, "channel"));
  fprintf(f, "id %.12s%s\n\n", sget(d, "id") ? sget(d, "id") : "?", color ? RESET : "");
  size_t i;
  json_t *sp;
  json_array_foreach(speakers, i, sp) {
    fprintf(f, "%s%s%s", color ? palette[i % 6] : "", sget(sp, "name") ? sget(sp, "name") : "?",
            color ? RESET : "");
    if (sget(sp, "role")) fprintf(f, ", %s", sget(sp, "role"));
    if (json_is_true(json_object_get(sp, "host"))) fputs(" (host)", f);
    fputc('\n', f);
  }
  json_t *turn;
  json_int_t section = -1;
  json_array_foreach(json_object_get(d, "turns"), i, turn) {
    json_t *sec = json_object_get(turn, "section");
    if (json_is_integer(sec) && json_integer_value(sec) != section) {
      section = json_integer_value(sec);
      const char *h = sget(json_array_get(sections, (size_t)section), "heading");
      fprintf(f, "\n%s== %s ==%s", color ? BOLD : "", h ? h : "", color ? RESET : "");
    }
    fputc('\n', f);
    json_t *t = json_object_get(turn, "time");
    if (t) {
      char clock[32];
      fprintf(f, "[%s] ", vb_clock_text(json_number_value(json_object_get(t, "start")), clock));
    }
    int who = speaker_index(json_object_get(turn, "speaker"));
    const char *name = who >= 0 ? sget(json_array_get(speakers, (size_t)who), "name") : NULL;
    if (name) fprintf(f, "%s%s%s: ", color ? palette[who % 6] : "", name, color ? RESET : "");
    else fputs("(unknown): ", f);
    size_t k;
    json_t *p;
    json_array_foreach(json_object_get(turn, "paragraphs"), k, p) {
      if (k) fputs("\n    ", f);
      fputs(sget(p, "text") ? sget(p, "text") : "", f);
    }
    fputc('\n', f);
  }
  json_decref(d);
  return CLI_OK;
}
