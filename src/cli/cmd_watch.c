/* cmd_watch — `verbatim watch add|list|rm|test` (standing queries) and
 * `verbatim alerts` (what they caught). Alerts are delivered to their
 * sinks by `verbatim ingest` as documents are stored. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int usage(void) { return cli_usage_error("watch"); }

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
  vb_watch_list *l = NULL;
  char *out = NULL;
  /* adding runs the query once to check it, and the process ends: the
   * column cache would be loaded for that one search (as cmd_search) */
  if (add) vb_store_one_search(st);
  if (add) rc = vb_watch_add(st, words[1], words[2], sink, &indexed, &err);
  else if (rm) rc = vb_watch_rm(st, words[1], &err);
  else rc = vb_store_watches(st, &l, &err);
  if (!rc && list && json) rc = vb_watches_to_json(l, &out, &err);
  vb_store_close(st);
  if (rc) {
    vb_watch_list_free(l);
    cli_error(&err);
    return rc == VB_EUSAGE || rc == VB_EQUERY ? CLI_USAGE : CLI_FAILED;
  }
  if (add)
    fprintf(stderr, "verbatim: watching \"%s\"%s\n", words[1],
            indexed ? "" : " (no word to index it by: checked on every batch)");
  if (list && json) puts(out);
  else if (list) {
    printf("%-20s %7s  %-14s %s\n", "watch", "alerts", "sink", "query");
    for (size_t i = 0; i < l->n; i++) {
      const vb_watch_row *w = &l->watches[i];
      cli_cell(stdout, w->name.ptr, w->name.len, 20);
      printf(" %7lld  %-14.*s %.*s%s\n", (long long)w->alerts, CLI_STR(w->sink), CLI_STR(w->query),
             w->indexed ? "" : "  (unindexed)");
    }
  }
  free(out);
  vb_watch_list_free(l);
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
    else return cli_usage_error("alerts");
  }
  vb_store *st = cli_open_store(db, 0);
  if (!st) return CLI_FAILED;
  vb_alert_list *l = NULL;
  char *out = NULL;
  vb_err err;
  int rc = vb_store_alerts(st, watch, since, &l, &err);
  if (!rc && json) rc = vb_alerts_to_json(l, &out, &err);
  vb_store_close(st);
  if (rc) {
    vb_alert_list_free(l);
    cli_error(&err);
    return CLI_FAILED;
  }
  if (json) puts(out);
  for (size_t i = 0; !json && i < l->n; i++) {
    const vb_alert *a = &l->alerts[i];
    printf("%.*s  [%.*s]  %.*s: %.*s\n    %.*s%s%.*s %.*s\n", CLI_STR(a->at), CLI_STR(a->watch),
           CLI_STR_OR(a->speaker, "unattributed"), CLI_STR(a->text), CLI_STR(a->title), a->date.ptr ? ", " : "",
           CLI_STR(a->date), CLI_STR(a->link));
  }
  free(out);
  vb_alert_list_free(l);
  return CLI_OK;
}
