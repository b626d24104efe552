/* cmd_check — `verbatim check`: SQLite's integrity check plus verbatim's
 * own invariants (exit status 1 when anything is wrong), and the documents
 * an older parser made (not a fault: `verbatim reparse` updates them). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Outdated documents named one by one; the rest are counted. */
#define OUTDATED_SHOWN 20

int cmd_check(int argc, char **argv) {
  const char *db = cli_db_default();
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) db = argv[++i];
    else return cli_usage_error("check");
  }
  vb_store *st = cli_open_store(db, 0);
  if (!st) return CLI_FAILED;
  int problems;
  char *report = NULL;
  int64_t docs = 0, speakers = 0, statements = 0;
  vb_err err;
  vb_doc_list *old = NULL;
  int rc = vb_store_check(st, &problems, &report, &err);
  if (!rc) rc = vb_store_counts(st, &docs, &speakers, &statements, &err);
  if (!rc) rc = vb_store_outdated(st, OUTDATED_SHOWN, &old, &err);
  vb_store_close(st);
  if (rc) {
    free(report);
    cli_error(&err);
    return CLI_FAILED;
  }
  fputs(report, stdout);
  free(report);
  /* not a fault: their statements are as stored, and read so */
  if (old->total) {
    printf("%lld documents parsed by an older parser than this one (version %d); `verbatim reparse` updates them:\n",
           (long long)old->total, VB_PARSER_VERSION);
    for (size_t i = 0; i < old->ndocs; i++) {
      const vb_doc_entry *e = &old->docs[i];
      printf("  %.12s  parser version %d  %.*s\n", e->id, e->parser_version, (int)e->path.len,
             e->path.ptr ? e->path.ptr : "");
    }
    if ((int64_t)old->ndocs < old->total) printf("  … and %lld more\n", (long long)(old->total - (int64_t)old->ndocs));
  }
  vb_doc_list_free(old);
  printf("%s: %lld documents, %lld speakers, %lld statements: %s\n", db, (long long)docs,
         (long long)speakers, (long long)statements, problems ? "PROBLEMS FOUND" : "ok");
  return problems ? CLI_FAILED : CLI_OK;
}
