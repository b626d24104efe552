/* cmd_quote — `verbatim quote DOC:N [--json]`: a statement's family as a
 * timeline: when it was first said and by whom, every later repeat with
 * its source, and how each variant's words differ from the first. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *str(json_t *o, const char *k) {
  const char *v = json_string_value(json_object_get(o, k));
  return v ? v : "";
}

/* Where a member was said: "Special Dispatch 101: title (channel)". */
static void print_source(json_t *m) {
  const char *series = str(m, "series"), *number = str(m, "number"), *title = str(m, "title");
  const char *channel = str(m, "channel");
  if (*series) printf("%s%s%s", series, *number ? " " : "", number);
  if (*title) printf("%s%s", *series ? ": " : "", title);
  if (*channel) printf(" (%s)", channel);
}

/* The words a variant changed: `replaced "a" -> "b"; trimmed "c"`. */
static void print_diff(json_t *diff) {
  size_t i, shown = 0;
  json_t *d;
  json_array_foreach(diff, i, d) {
    const char *op = str(d, "op");
    if (!strcmp(op, "same")) continue;
    printf("%s%s", shown++ ? "; " : "             ", op);
    if (json_object_get(d, "from")) printf(" \"%s\"", str(d, "from"));
    if (json_object_get(d, "from") && json_object_get(d, "to")) printf(" ->");
    if (json_object_get(d, "to")) printf(" \"%s\"", str(d, "to"));
  }
  if (shown) putchar('\n');
}

static void render(json_t *f) {
  json_t *asked = json_object_get(f, "statement"), *first = json_object_get(f, "first_said");
  printf("\"%s\"\n", str(asked, "text"));
  if (!json_is_object(first)) {
    printf("%s\n", str(f, "note"));
    return;
  }
  printf("first said %s by %s: ", *str(first, "date") ? str(first, "date") : "(undated)",
         *str(first, "speaker") ? str(first, "speaker") : "(unknown speaker)");
  print_source(first);
  printf("\n%lld repeat(s), %lld variant(s), %lld source(s); speakers: ",
         (long long)json_integer_value(json_object_get(f, "repeats")),
         (long long)json_integer_value(json_object_get(f, "variants")),
         (long long)json_integer_value(json_object_get(f, "sources")));
  size_t i;
  json_t *m;
  json_array_foreach(json_object_get(f, "speakers"), i, m) printf("%s%s", i ? ", " : "", json_string_value(m));
  printf("\n\n");
  json_array_foreach(json_object_get(f, "members"), i, m) {
    int is_asked = !strcmp(str(m, "doc"), str(asked, "doc")) &&
                   json_integer_value(json_object_get(m, "index")) == json_integer_value(json_object_get(asked, "index"));
    char rel[32];
    if (json_object_get(m, "jaccard"))
      snprintf(rel, sizeof rel, "%s %.2f", str(m, "relation"), json_real_value(json_object_get(m, "jaccard")));
    else
      snprintf(rel, sizeof rel, "%s", str(m, "relation"));
    const char *at = strchr(str(m, "link"), '#'); /* "#sN" or "#sNvV": with the doc, a permalink */
    printf("%c %-10s  %-10s  %.12s%s  %s: ", is_asked ? '*' : ' ', *str(m, "date") ? str(m, "date") : "undated",
           rel, str(m, "doc"), at ? at : "", *str(m, "speaker") ? str(m, "speaker") : "(unknown)");
    print_source(m);
    putchar('\n');
    if (json_is_array(json_object_get(m, "diff"))) print_diff(json_object_get(m, "diff"));
  }
}

int cmd_quote(int argc, char **argv) {
  char *out;
  int json, status = cli_get_one(argc, argv,
                                 "verbatim quote [--db DB] DOC:N [--json]   (N: the statement's index, as in /d/DOC#sN)",
                                 vb_store_family_json, &out, &json);
  if (status) return status;
  if (json) {
    puts(out);
    free(out);
    return CLI_OK;
  }
  json_t *f = json_loads(out, 0, NULL);
  free(out);
  if (!f) return CLI_FAILED;
  render(f);
  json_decref(f);
  return CLI_OK;
}
