/* cmd_reindex — `verbatim reindex`: indexes an archive again with this
 * verbatim's text analysis when an older one made its index, a batch of
 * documents per transaction (interrupted, it carries on when run again),
 * with a progress bar on a terminal (vb_store_reindex). */
#include <string.h>

#include "cli.h"

static int on_batch(void *ctx, int64_t done, int64_t total) {
  cli_progress_draw(ctx, done, total);
  return 0;
}

int cmd_reindex(int argc, char **argv) {
  const char *db = cli_db_default();
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
      db = argv[++i];
    else {
      fprintf(stderr, "usage: verbatim reindex [--db DB]\n");
      return CLI_USAGE;
    }
  }
  cli_progress bar = cli_progress_start();
  vb_reindex_info info;
  vb_err err;
  int rc = vb_store_reindex(db, on_batch, &bar, &info, &err);
  if (bar.tty && info.documents) fputc('\n', stderr);
  if (rc) {
    cli_error(&err);
    return CLI_FAILED;
  }
  if (info.from_version == info.to_version) {
    if (info.fingerprinted)
      printf("%s: the index is current (text analysis version %d); %lld statements given their quote"
             " families\n",
             db, info.to_version, (long long)info.fingerprinted);
    else
      printf("%s: the index is current (text analysis version %d): nothing to do\n", db, info.to_version);
    return CLI_OK;
  }
  printf(
      "%s: %lld documents (%lld statements) indexed again with text analysis version %d (was %d)%s",
      db, (long long)info.documents, (long long)info.statements, info.to_version, info.from_version,
      info.resumed ? ", carrying on an interrupted run" : "");
  if (info.watches)
    printf("; %lld watches now indexed otherwise (see `watch list`)", (long long)info.watches);
  if (info.fingerprinted) printf("; %lld statements given their quote families", (long long)info.fingerprinted);
  printf("\n");
  return CLI_OK;
}
