/* cmd_watch — `verbatim watch add|list|rm|test` (standing queries) and
 * `verbatim alerts` (what they caught). Alerts are delivered to their
 * sinks by `verbatim ingest` as documents are stored. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int usage(void) {
  fprintf(stderr, "usage: verbatim watch [--db DB] add NAME QUERY [--sink stdout|file:PATH]\n"
                  "       verbatim watch [--db DB] list [--json]\n"
                  "       verbatim watch [--db DB] rm NAME\n"
                  "       verbatim watch [--db DB] test QUERY   (the archived statements it would catch)\n");
  return CLI_USAGE;
}

int cmd_watch(int argc, char **argv) {
  const char *db = cli_db_default(), *sink = NULL;
  const char *words[8];
  int n = 0, json = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--db") && i + 1 < argc) db = argv[++i];
    else if (!strcmp(argv[i], "--sink") && i + 1 < argc) sink = argv[++i];
    else if (!strcmp(argv[i], "--json")) json = 1;
    else if (n < 8) words[n++] = argv[i];
    else return usage();
  }
  if (!n) return usage();
  if (!strcmp(words[0], "test") && n == 2) {
    char *args[] = {"search", "--db", (char *)db, (char *)words[1], NULL};
    return cmd_search(4, args);
  }
  int add = !strcmp(words[0], "add") && n == 3, rm = !strcmp(words[0], "rm") && n == 2,
      list = !strcmp(words[0], "list") && n == 1;
  if (!add && !rm && !list) return usage();
  vb_store *st = cli_open_store(db, add);
  if (!st) return CLI_FAILED;
  vb_err err;
  int rc = 0, indexed = 0;
  char *out = NULL;
  if (add) rc = vb_watch_add(st, words[1], words[2], sink, &indexed, &err);
  else if (rm) rc = vb_watch_rm(st, words[1], &err);
  else rc = vb_watches_json(st, &out, &err);
  vb_store_close(st);
  if (rc) {
    cli_error(&err);
    return rc == VB_EUSAGE || rc == VB_EQUERY ? CLI_USAGE : CLI_FAILED;
  }
  if (add)
    fprintf(stderr, "verbatim: watching \"%s\"%s\n", words[1],
            indexed ? "" : " (no word to index it by: checked on every batch)");
  if (list && json) puts(out);
  else if (list) {
    json_t *arr = json_loads(out, 0, NULL);
    size_t i;
    json_t *w;
    printf("%-20s %7s  %-14s %s\n", "watch", "alerts", "sink", "query");
    json_array_foreach(arr, i, w) printf("%-20s %7lld  %-14s %s%s\n", json_string_value(json_object_get(w, "name")),
                                         (long long)json_integer_value(json_object_get(w, "alerts")),
                                         json_string_value(json_object_get(w, "sink")),
                                         json_string_value(json_object_get(w, "query")),
                                         json_is_true(json_object_get(w, "indexed")) ? "" : "  (unindexed)");
    json_decref(arr);
  }
  free(out);
  return CLI_OK;
}

int cmd_alerts(int argc, char **argv) {
  const char *db = cli_db_default(), *watch = NULL, *since = NULL;
  int json = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--db") && i + 1 < argc) db = argv[++i];
    else if (!strcmp(argv[i], "--watch") && i + 1 < argc) watch = argv[++i];
    else if (!strcmp(argv[i], "--since") && i + 1 < argc) since = argv[++i];
    else if (!strcmp(argv[i], "--json")) json = 1;
    else {
      fprintf(stderr, "usage: verbatim alerts [--db DB] [--watch NAME] [--since TIME] [--json]\n");
      return CLI_USAGE;
    }
  }
  vb_store *st = cli_open_store(db, 0);
  if (!st) return CLI_FAILED;
  char *out;
  vb_err err;
  int rc = vb_alerts_json(st, watch, since, &out, &err);
  vb_store_close(st);
  if (rc) {
    cli_error(&err);
    return CLI_FAILED;
  }
  if (json) {
    puts(out);
    free(out);
    return CLI_OK;
  }
  json_t *arr = json_loads(out, 0, NULL);
  free(out);
  size_t i;
  json_t *a;
  json_array_foreach(arr, i, a) {
    json_t *s = json_object_get(a, "statement"), *d = json_object_get(a, "document");
    const char *who = json_string_value(json_object_get(s, "speaker"));
    printf("%s  [%s]  %s: %s\n    %s%s%s %s\n", json_string_value(json_object_get(a, "at")),
           json_string_value(json_object_get(a, "watch")), who ? who : "unattributed",
           json_string_value(json_object_get(s, "text")),
           json_string_value(json_object_get(d, "title")) ? json_string_value(json_object_get(d, "title")) : "",
           json_string_value(json_object_get(d, "date")) ? ", " : "",
           json_string_value(json_object_get(d, "date")) ? json_string_value(json_object_get(d, "date")) : "",
           json_string_value(json_object_get(s, "link")));
  }
  json_decref(arr);
  return CLI_OK;
}
