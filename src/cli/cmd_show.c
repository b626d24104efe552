/* cmd_show — `verbatim show DOC [--json]`: one archived document by id,
 * id prefix (6+ hex digits) or series number. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_show(int argc, char **argv) {
  const char *db = cli_db_default(), *ref = NULL;
  int json = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) db = argv[++i];
    else if (strcmp(argv[i], "--json") == 0) json = 1;
    else if (!ref && argv[i][0] != '-') ref = argv[i];
    else {
      fprintf(stderr, "usage: verbatim show [--db DB] DOC [--json]\n");
      return CLI_USAGE;
    }
  }
  if (!ref) {
    fprintf(stderr, "usage: verbatim show [--db DB] DOC [--json]\n");
    return CLI_USAGE;
  }
  vb_store *st = cli_open_store(db, 0);
  if (!st) return CLI_FAILED;
  char *doc;
  vb_err err;
  int rc = vb_store_get_json(st, ref, &doc, &err);
  vb_store_close(st);
  if (rc) {
    cli_error(&err);
    return CLI_FAILED;
  }
  int status = CLI_OK;
  if (json) puts(doc);
  else status = cli_render_doc(doc, stdout, cli_color(stdout));
  free(doc);
  return status;
}
