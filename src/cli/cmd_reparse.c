/* cmd_reparse — `verbatim reparse`: brings every document an older parser
 * made up to this one, a transaction per document (interrupted, it goes on
 * from where it stopped when run again), with a progress bar on a
 * terminal. Old permalinks keep resolving (vb_store_reparse). Then it
 * remakes the kept parses (records) that corrections left out of date. */
#include <string.h>

#include "cli.h"

typedef struct run {
  cli_progress bar;
  int64_t failed;
} run;

static int on_doc(void *ctx, int64_t done, int64_t total, const vb_doc_entry *doc, const vb_err *failed) {
  run *r = ctx;
  if (failed) {
    char msg[1024];
    vb_err_format(failed, msg, sizeof msg);
    fprintf(stderr, "%sverbatim: %.12s (%.*s): %s\n", r->bar.tty ? "\r\033[K" : "", doc->id, (int)doc->path.len,
            doc->path.ptr ? doc->path.ptr : "", msg);
    r->failed++;
  }
  cli_progress_draw(&r->bar, done, total);
  return 0;
}

int cmd_reparse(int argc, char **argv) {
  const char *db = cli_db_default();
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) db = argv[++i];
    else return cli_usage_error("reparse");
  }
  vb_store *st = cli_open_store(db, 0);
  if (!st) return CLI_FAILED;
  vb_doc_list *before = NULL;
  vb_err err;
  int rc = vb_store_outdated(st, 1, &before, &err);
  int64_t total = before ? before->total : 0;
  vb_doc_list_free(before);
  run r = {cli_progress_start(), 0};
  if (!rc) rc = vb_store_reparse(st, on_doc, &r, &err);
  if (r.bar.tty && total) fputc('\n', stderr);
  /* the records corrections listed (a document whose reparse failed is
   * read from its rows, and keeps none) */
  size_t records = 0;
  for (int more = !rc || rc == VB_EPARSE; more;) {
    size_t n = 0;
    vb_err rerr;
    int rrc = vb_store_records_remake(st, 256, &n, &more, &rerr);
    records += n;
    if (rrc) {
      err = rerr;
      rc = rrc;
      more = 0;
    }
  }
  vb_store_close(st);
  if (rc && rc != VB_EPARSE) {
    cli_error(&err);
    return CLI_FAILED;
  }
  printf("%s: %lld documents parsed again with parser version %d", db, (long long)(total - r.failed),
         VB_PARSER_VERSION);
  if (r.failed) printf("; %lld could not be and stay as they were", (long long)r.failed);
  if (records) printf("; %zu records out of date after corrections made again", records);
  printf("\n");
  return r.failed ? CLI_FAILED : CLI_OK;
}
