/* cmd_check — `verbatim check`: SQLite's integrity check plus verbatim's
 * own invariants; exit status 1 when anything is wrong. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_check(int argc, char **argv) {
  const char *db = cli_db_default();
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) db = argv[++i];
    else {
      fprintf(stderr, "usage: verbatim check [--db DB]\n");
      return CLI_USAGE;
    }
  }
  vb_store *st = cli_open_store(db, 0);
  if (!st) return CLI_FAILED;
  int problems;
  char *report;
  int64_t docs = 0, speakers = 0, statements = 0;
  vb_err err;
  int rc = vb_store_check(st, &problems, &report, &err);
  if (!rc) rc = vb_store_counts(st, &docs, &speakers, &statements, &err);
  vb_store_close(st);
  if (rc) {
    cli_error(&err);
    return CLI_FAILED;
  }
  fputs(report, stdout);
  free(report);
  printf("%s: %lld documents, %lld speakers, %lld statements: %s\n", db, (long long)docs,
         (long long)speakers, (long long)statements, problems ? "PROBLEMS FOUND" : "ok");
  return problems ? CLI_FAILED : CLI_OK;
}
