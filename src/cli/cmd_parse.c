/* cmd_parse — `verbatim parse FILE [--json] [--format F]`: one document,
 * as the document JSON or as a readable view with speakers in colour. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_parse(int argc, char **argv) {
  const char *path = NULL;
  int json = 0, pretty = 1;
  vb_parse_opts opts = {VB_FMT_AUTO};
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--json") == 0) json = 1;
    else if (strcmp(argv[i], "--compact") == 0) pretty = 0;
    else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
      const char *name = argv[++i];
      opts.format = vb_format_from_name(name);
      if (opts.format == VB_FMT_AUTO && strcmp(name, "auto") != 0) {
        fprintf(stderr, "verbatim parse: unknown format '%s' (text, html, srt, vtt, jsonl)\n", name);
        return CLI_USAGE;
      }
    } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
      fprintf(stderr, "verbatim parse: unknown option '%s'\n", argv[i]);
      return CLI_USAGE;
    } else if (!path) path = argv[i];
    else {
      fprintf(stderr, "verbatim parse: one FILE at a time\n");
      return CLI_USAGE;
    }
  }
  if (!path) {
    fprintf(stderr, "usage: verbatim parse FILE|- [--json [--compact]] [--format F]\n");
    return CLI_USAGE;
  }
  vb_err err;
  vb_err_clear(&err);
  char *bytes;
  size_t len;
  if (vb_file_read(path, &bytes, &len, &err)) {
    cli_error(&err);
    return CLI_FAILED;
  }
  vb_doc *doc;
  int rc = vb_doc_parse(bytes, len, path, &opts, &doc, &err);
  free(bytes);
  if (rc) {
    cli_error(&err);
    return CLI_FAILED;
  }
  char *out;
  if (vb_doc_to_json(doc, json ? pretty : 0, &out, &err)) {
    cli_error(&err);
    vb_doc_free(doc);
    return CLI_FAILED;
  }
  int status = CLI_OK;
  if (json) {
    fputs(out, stdout);
    fputc('\n', stdout);
  } else {
    status = cli_render_doc(out, stdout, cli_color(stdout));
  }
  free(out);
  vb_doc_free(doc);
  return status;
}
