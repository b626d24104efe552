/* cmd_init — `verbatim init [DB]`: creates an empty archive. */
#include <string.h>

#include "cli.h"

int cmd_init(int argc, char **argv) {
  const char *db = argc > 1 ? argv[1] : cli_db_default();
  if (argc > 2 || (argc > 1 && argv[1][0] == '-')) {
    return cli_usage_error("init");
  }
  vb_store *st = cli_open_store(db, 1);
  if (!st) return CLI_FAILED;
  int64_t docs, speakers, statements;
  vb_err err;
  int rc = vb_store_counts(st, &docs, &speakers, &statements, &err);
  vb_store_close(st);
  if (rc) {
    cli_error(&err);
    return CLI_FAILED;
  }
  printf("archive %s: %lld documents, %lld speakers, %lld statements\n", db, (long long)docs,
         (long long)speakers, (long long)statements);
  return CLI_OK;
}
