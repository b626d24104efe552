/* cmd_reparse — `verbatim reparse`: brings every document an older parser
 * made up to this one, a transaction per document (interrupted, it goes on
 * from where it stopped when run again), with a progress bar on a
 * terminal. Old permalinks keep resolving (vb_store_reparse). */
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

typedef struct run {
  int tty;
  int64_t failed;
  double t0;
} run;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int on_doc(void *ctx, int64_t done, int64_t total, const vb_doc_entry *doc, const vb_err *failed) {
  run *r = ctx;
  if (failed) {
    char msg[1024];
    vb_err_format(failed, msg, sizeof msg);
    fprintf(stderr, "%sverbatim: %.12s (%.*s): %s\n", r->tty ? "\r\033[K" : "", doc->id, (int)doc->path.len,
            doc->path.ptr ? doc->path.ptr : "", msg);
    r->failed++;
  }
  if (r->tty) {
    double dt = now() - r->t0, eta = done ? dt * (double)(total - done) / (double)done : 0;
    int width = 30, fill = total ? (int)((double)done / (double)total * width) : width;
    fprintf(stderr, "\r[%.*s%*s] %lld/%lld documents  ETA %.0fs  ", fill, "##############################",
            width - fill, "", (long long)done, (long long)total, eta);
  }
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
  run r = {isatty(STDERR_FILENO), 0, now()};
  if (!rc) rc = vb_store_reparse(st, on_doc, &r, &err);
  vb_store_close(st);
  if (r.tty && total) fputc('\n', stderr);
  if (rc && rc != VB_EPARSE) {
    cli_error(&err);
    return CLI_FAILED;
  }
  printf("%s: %lld documents parsed again with parser version %d", db, (long long)(total - r.failed),
         VB_PARSER_VERSION);
  if (r.failed) printf("; %lld could not be and stay as they were", (long long)r.failed);
  printf("\n");
  return r.failed ? CLI_FAILED : CLI_OK;
}
