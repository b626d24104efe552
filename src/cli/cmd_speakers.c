/* cmd_speakers — `verbatim speakers [--json]`: who speaks in the archive,
 * with document and statement counts. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_speakers(int argc, char **argv) {
  const char *db = cli_db_default();
  int json = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) db = argv[++i];
    else if (strcmp(argv[i], "--json") == 0) json = 1;
    else {
      fprintf(stderr, "usage: verbatim speakers [--db DB] [--json]\n");
      return CLI_USAGE;
    }
  }
  vb_store *st = cli_open_store(db, 0);
  if (!st) return CLI_FAILED;
  char *out;
  vb_err err;
  int rc = vb_store_speakers_json(st, &out, &err);
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
  json_t *sp;
  printf("%-32s %9s %10s  %s\n", "speaker", "documents", "statements", "role");
  json_array_foreach(arr, i, sp) {
    json_t *role = json_object_get(sp, "role");
    printf("%-32s %9lld %10lld  %s%s\n", json_string_value(json_object_get(sp, "name")),
           (long long)json_integer_value(json_object_get(sp, "documents")),
           (long long)json_integer_value(json_object_get(sp, "statements")),
           role ? json_string_value(role) : "",
           json_is_true(json_object_get(sp, "host")) ? " (host)" : "");
  }
  json_decref(arr);
  return CLI_OK;
}
