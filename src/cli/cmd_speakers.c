/* cmd_speakers — `verbatim speakers [--json]`: who speaks in the archive,
 * with document and statement counts. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_speakers(int argc, char **argv) {
  const char *db = cli_db_default();
  int json = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) db = argv[++i];
    else if (strcmp(argv[i], "--json") == 0) json = 1;
    else return cli_usage_error("speakers");
  }
  vb_store *st = cli_open_store(db, 0);
  if (!st) return CLI_FAILED;
  vb_speaker_list *l = NULL;
  char *out = NULL;
  vb_err err;
  int rc = vb_store_speakers(st, &l, &err);
  if (!rc && json) rc = vb_speakers_to_json(l, &out, &err);
  vb_store_close(st);
  if (rc) {
    vb_speaker_list_free(l);
    cli_error(&err);
    return CLI_FAILED;
  }
  if (json) puts(out);
  else printf("%-32s %9s %10s  %s\n", "speaker", "documents", "statements", "role");
  for (size_t i = 0; !json && i < l->n; i++) {
    const vb_speaker_row *sp = &l->speakers[i];
    cli_cell(stdout, sp->name.ptr, sp->name.len, 32);
    printf(" %9lld %10lld  %.*s%s\n", (long long)sp->documents, (long long)sp->statements, CLI_STR(sp->role),
           sp->host ? " (host)" : "");
  }
  free(out);
  vb_speaker_list_free(l);
  return CLI_OK;
}
