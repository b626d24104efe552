/* cmd_show — `verbatim show DOC [--json]`: one archived document by id,
 * id prefix (6+ hex digits) or series number; given a permalink
 * (/d/DOC#sN), the statement it names, wherever it is now. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A permalink: the statement it names, where it is now. */
static int show_statement(vb_store *st, const char *link, int json) {
  char doc[129];
  int32_t index;
  int version;
  vb_err err;
  vb_cite *c = NULL;
  if (vb_permalink_parse(link, doc, sizeof doc, &index, &version)) {
    vb_store_close(st);
    fprintf(stderr, "verbatim: '%s' is not a permalink (/d/DOC#sN or DOC#sNvV)\n", link);
    return CLI_USAGE;
  }
  int rc = vb_store_cite(st, doc, index, version, &c, &err);
  char *out = NULL;
  if (!rc && json) rc = vb_cite_to_json(c, &out, &err);
  vb_store_close(st);
  if (rc) {
    vb_cite_free(c);
    cli_error(&err);
    return CLI_FAILED;
  }
  if (json) {
    puts(out);
  } else {
    printf("%.*s (%.*s): %.*s\n", (int)c->speaker.len, c->speaker.ptr ? c->speaker.ptr : "unknown speaker",
           (int)c->kind.len, c->kind.ptr, (int)c->text.len, c->text.ptr);
    printf("  statement %d of %s", c->index, c->doc);
    if (c->index != c->asked) printf(" (was %d before the document was parsed again)", c->asked);
    printf("; permalink %.*s\n", (int)c->link.len, c->link.ptr);
  }
  free(out);
  vb_cite_free(c);
  return CLI_OK;
}

int cmd_show(int argc, char **argv) {
  const char *db = cli_db_default(), *ref = NULL;
  int json = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) db = argv[++i];
    else if (strcmp(argv[i], "--json") == 0) json = 1;
    else if (!ref && argv[i][0] != '-') ref = argv[i];
    else return cli_usage_error("show");
  }
  if (!ref) return cli_usage_error("show");
  vb_store *st = cli_open_store(db, 0);
  if (!st) return CLI_FAILED;
  if (strchr(ref, '#')) return show_statement(st, ref, json);
  vb_doc *doc = NULL;
  char *out = NULL;
  vb_err err;
  int rc = vb_store_doc(st, ref, &doc, &err);
  if (!rc && json) rc = vb_doc_to_json(doc, 0, &out, &err);
  vb_store_close(st);
  if (rc) {
    vb_doc_free(doc);
    cli_error(&err);
    return CLI_FAILED;
  }
  int status = CLI_OK;
  if (json) puts(out);
  else status = cli_render_doc(doc, stdout, cli_color(stdout));
  free(out);
  vb_doc_free(doc);
  return status;
}
